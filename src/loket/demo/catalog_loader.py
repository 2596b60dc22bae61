"""The demo catalog: every municipal UPL product published in Gemeente Heidebeek, the three IPDC records,
and the hand-written texts in ``demo/catalog/*.json`` (which replace the imported record of the same UPL
product and may move it to the partner that delivers it)."""

import json
import logging
from pathlib import Path

from django.db import transaction

from loket.catalog import importers, services
from loket.catalog.models import Product, SearchTerm, SearchWord, Synonym
from loket.platform.organisations.models import Organisation

from .organisation import ORGANISATIONS

logger = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).parent / "catalog"
MUNICIPALITY = "heidebeek"
DEFAULT_CHANNELS = [
    {"kind": "phone", "handling_time": "Meteen een antwoord of binnen 2 werkdagen teruggebeld.",
     "availability": "Werkdagen van 8.30 tot 12 uur"},
    {"kind": "appointment", "location": "Gemeentehuis Heidebeek", "duration_minutes": 15,
     "handling_time": "Volgens het product; de medewerker zegt het u aan de balie."},
]


def hand_written_products(directory: Path = CONTENT_DIR) -> list[dict]:
    """Every product object of the content files (files that are not valid JSON yet are skipped)."""
    items = []
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            logger.warning("Demo catalog file skipped: %s (%s)", path.name, exc)
            continue
        items.extend(item for item in data if isinstance(item, dict) and item.get("key"))
    return items


def delete_demo_catalog(organisations) -> None:
    """Everything of the catalog that belongs to these organisations (before they are removed)."""
    Product.objects.filter(organisation__in=organisations).delete()
    Synonym.objects.filter(organisation__in=organisations).delete()
    SearchWord.objects.filter(organisation__in=organisations).delete()
    SearchTerm.objects.filter(organisation__in=organisations).delete()


@transaction.atomic
def load_demo_catalog(*, directory: Path = CONTENT_DIR) -> dict:
    """Load the demo catalog into the demo organisations (which must exist). Returns counts."""
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=[row[0] for row in ORGANISATIONS])}
    municipality = organisations[MUNICIPALITY]
    importers.import_upl()
    importers.import_ipdc_codelists()
    upl = importers.publish_municipal_upl(municipality, channels=DEFAULT_CHANNELS)
    importers.import_ipdc_records(municipality)
    written, skipped, links = 0, 0, []
    for item in hand_written_products(directory):
        organisation = organisations.get(item.get("organisation") or MUNICIPALITY)
        if organisation is None:
            skipped += 1
            continue
        data = {**item, "search_weight": item.get("search_weight", 0.5)}
        if data.get("upl_uri"):
            # The imported record of this UPL product gives way to the hand-written one.
            Product.objects.filter(organisation=municipality, upl_uri=data["upl_uri"], source="upl").exclude(
                organisation=organisation).delete()
        try:
            product, _changed = services.upsert_published(organisation=organisation, data=data, source="demo")
        except services.CatalogError as exc:
            logger.warning("Demo product %s skipped: %s (%s)", item.get("key"), exc, exc.field)
            skipped += 1
            continue
        links.append((product, data.get("related") or []))
        written += 1
    for product, related in links:
        services.set_related(product, related)
    importers.link_upl([product for product, _related in links])
    for slug in organisations:
        if Product.objects.filter(organisation=organisations[slug]).exists():
            services.rebuild_search(organisations[slug])
    return {"upl": upl["created"], "hand_written": written, "skipped": skipped,
            "products": Product.objects.filter(organisation__in=organisations.values(), state="published").count()}
