"""Import and export of the catalog: the UPL with SDG areas and Ondernemersplein texts, the IPDC code
lists and product records (Turtle / N-Triples, through rdflib), CPSV-AP/IPDC JSON-LD, and the Dutch
Samenwerkende Catalogi fields. Every write goes through :mod:`loket.catalog.services`."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET  # noqa: S405 - only used to *write* XML and parse our own export

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from loket.platform.organisations.models import Organisation

from . import services
from .models import CatalogImport, Concept, Product, SdgArea, State, UplEntry

DATA_DIR = Path(__file__).parent / "data"
UPL_FILE = DATA_DIR / "upl-2025.csv"
SDG_AREAS_FILE = DATA_DIR / "SDG-Informatiegebieden.csv"
UPL_SDG_FILE = DATA_DIR / "UPL-SDG-Informatiegebied.csv"
ONDERNEMERSPLEIN_FILE = DATA_DIR / "ondernemersplein-sdg-texts.json"
IPDC_DIR = DATA_DIR / "ipdc"

LEVEL_COLUMNS = ["Rijk", "Provincie", "Waterschap", "Gemeente"]
AUDIENCE_COLUMNS = {"Burger": "Burger", "Bedrijf": "Onderneming"}
KIND_COLUMNS = ["Aanvraag", "Subsidie", "Melding", "Verplichting"]
FLAG_COLUMNS = ["Dienstenwet", "SDG", "Autonomie", "Medebewind"]
IPDC = "https://productencatalogus.data.vlaanderen.be/id/concept/"


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def html_to_lines(value: str) -> list[str]:
    """HTML (IPDC) or Markdown (Ondernemersplein) as plain paragraphs/list items."""
    value = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", value or "")  # markdown links
    value = re.sub(r"(?i)<\s*(br|/p|/li|/h\d|/ul|/ol)\s*/?>", "\n", value)
    value = re.sub(r"<[^>]+>", "", value)
    value = html.unescape(value).replace("\r", "")
    lines = [re.sub(r"^#+\s*", "", " ".join(line.split())) for line in value.split("\n")]
    return [line for line in lines if line]


def _sentence_case(name: str) -> str:
    return name[:1].upper() + name[1:] if name else name


# ---------------------------------------------------------------------------------------------------------------
# UPL


def read_upl(path: Path) -> dict[str, dict]:
    """The UPL de-duplicated on URI; the rows that repeat per legal basis become one list."""
    entries: dict[str, dict] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            uri = (row.get("URI") or "").strip()
            name = (row.get("UniformeProductnaam") or "").strip()
            if not uri or not name or uri.endswith("/UPL-naam_nog_niet_beschikbaar"):
                continue
            entry = entries.setdefault(uri, {
                "uri": uri, "name": name,
                "levels": [c for c in LEVEL_COLUMNS if row.get(c) == "X"],
                "audiences": [v for c, v in AUDIENCE_COLUMNS.items() if row.get(c) == "X"],
                "kinds": [c for c in KIND_COLUMNS if row.get(c) == "X"],
                "flags": [c for c in FLAG_COLUMNS if row.get(c) == "X"],
                "legal_basis": [], "sdg_codes": [],
            })
            if row.get("Grondslaglabel") or row.get("Grondslaglink"):
                basis = {"label": row.get("Grondslaglabel") or row.get("Grondslag") or "",
                         "url": row.get("Grondslaglink") or ""}
                if basis not in entry["legal_basis"]:
                    entry["legal_basis"].append(basis)
            for code in re.split(r"[;,\s]+", row.get("SDG") or ""):
                if code and code not in entry["sdg_codes"]:
                    entry["sdg_codes"].append(code)
    return entries


@transaction.atomic
def import_upl(*, upl_path: Path = UPL_FILE, sdg_areas_path: Path | None = SDG_AREAS_FILE,
               upl_sdg_path: Path | None = UPL_SDG_FILE, ondernemersplein_path: Path | None = ONDERNEMERSPLEIN_FILE
               ) -> dict:
    """Import (or update) the UPL. Idempotent; returns and stores what changed since the previous import:
    products added, removed (withdrawn from the list) and renamed."""
    entries = read_upl(Path(upl_path))
    if sdg_areas_path:
        with open(sdg_areas_path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                SdgArea.objects.update_or_create(code=row["SDG_Code"], defaults={
                    "area": row["SDG_Informatiegebied"], "theme": row["SDG_Thema"], "uri": row["SDG_ThemaURI"]})
    if upl_sdg_path:
        with open(upl_sdg_path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                entry = entries.get(row["URI"])
                if entry is not None and row["SDG_Code"] not in entry["sdg_codes"]:
                    entry["sdg_codes"].append(row["SDG_Code"])
    texts = {}
    if ondernemersplein_path:
        data = json.loads(Path(ondernemersplein_path).read_text(encoding="utf-8"))
        for item in data.get("results", data if isinstance(data, list) else []):
            if item.get("upnUri"):
                texts[item["upnUri"]] = ("\n\n".join(html_to_lines(item.get("tekst", ""))), item.get("url", ""))
    existing = {e.uri: e for e in UplEntry.objects.all()}
    report = {"added": [], "removed": [], "renamed": [], "changed": 0, "unchanged": 0}
    for uri, entry in entries.items():
        entry["sdg_codes"] = sorted(entry["sdg_codes"])
        entry["national_text"], entry["national_url"] = texts.get(uri, ("", ""))
        current = existing.get(uri)
        if current is None:
            UplEntry.objects.create(**entry)
            report["added"].append({"uri": uri, "name": entry["name"]})
            continue
        if current.name != entry["name"]:
            report["renamed"].append({"uri": uri, "from": current.name, "to": entry["name"]})
        fields = [k for k, v in entry.items() if getattr(current, k) != v]
        if current.withdrawn:
            fields.append("withdrawn")
            current.withdrawn = False
            report["added"].append({"uri": uri, "name": entry["name"]})
        if fields:
            for k in fields:
                if k != "withdrawn":
                    setattr(current, k, entry[k])
            current.save()
            report["changed"] += 1
        else:
            report["unchanged"] += 1
    for uri, current in existing.items():
        if uri not in entries and not current.withdrawn:
            current.withdrawn = True
            current.save(update_fields=["withdrawn", "updated_at"])
            report["removed"].append({"uri": uri, "name": current.name})
    report["total"] = len(entries)
    report["municipal"] = sum(1 for e in entries.values() if "Gemeente" in e["levels"])
    CatalogImport.objects.create(source=str(upl_path), report=report)
    return report


def _upl_type(entry: UplEntry) -> str:
    if "Subsidie" in entry.kinds:
        return "FinancieelVoordeel"
    if "Verplichting" in entry.kinds:
        return "FinancieleVerplichting"
    if "Aanvraag" in entry.kinds or "Melding" in entry.kinds:
        return "Toelating"
    return "AdviesBegeleiding"


def upl_content(entry: UplEntry, *, channels: list[dict] | None = None) -> dict:
    """Product content for a municipal UPL product (before any hand-written text replaces it)."""
    name = _sentence_case(entry.name)
    shared = any(level in entry.levels for level in ("Rijk", "Provincie", "Waterschap"))
    competent = "Rijk" if ("Medebewind" in entry.flags or ("Rijk" in entry.levels and "Autonomie" not in entry.flags)) \
        else "Lokaal"
    description = entry.national_text or _("Informatie over '%(name)s'. Neem contact op met de gemeente voor de "
                                           "voorwaarden en de aanvraag.") % {"name": entry.name}
    return {
        "key": slugify(entry.name)[:120] or slugify(entry.uri.rsplit("/", 1)[-1])[:120],
        "upl_uri": entry.uri, "name": name[:200], "type": _upl_type(entry),
        "themes": [], "audiences": entry.audiences or ["Burger"], "life_events": [],
        "competent_level": competent, "executing_level": "Lokaal",
        "external_url": entry.national_url if (shared and entry.national_url) else "",
        "short_description": name[:300],
        "description": description,
        "legal_basis": [b for b in entry.legal_basis if b.get("label")],
        "channels": channels or [], "keywords": [],
    }


def publish_municipal_upl(organisation: Organisation, *, channels: list[dict] | None = None) -> dict:
    """Publish every municipal UPL product in ``organisation`` (once; later runs update only products that
    still hold the imported text, and archive products withdrawn from the list)."""
    created = updated = archived = 0
    # Products written by hand (here, or at a partner that delivers them) are not replaced by the list.
    family = {organisation.pk, *organisation.partners.values_list("pk", flat=True),
              *organisation.children.values_list("pk", flat=True)}
    hand_written = set(Product.objects.filter(organisation_id__in=family).exclude(source="upl")
                       .exclude(upl_uri=None).values_list("upl_uri", flat=True))
    entries = UplEntry.objects.filter(levels__contains=["Gemeente"])
    with transaction.atomic():
        for entry in entries.filter(withdrawn=False):
            if entry.uri in hand_written:
                Product.objects.filter(organisation_id__in=family, upl_uri=entry.uri).update(
                    upl_name=entry.name, sdg_codes=entry.sdg_codes)
                continue
            existed = Product.objects.filter(organisation=organisation, upl_uri=entry.uri).exists()
            content = upl_content(entry, channels=channels)
            if not existed and Product.objects.filter(organisation=organisation, key=content["key"]).exists():
                content["key"] = f"{content['key'][:110]}-upl"
            product, changed = services.upsert_published(organisation=organisation, data=content, source="upl")
            if product.upl_name != entry.name or product.sdg_codes != entry.sdg_codes:
                Product.objects.filter(pk=product.pk).update(upl_name=entry.name, sdg_codes=entry.sdg_codes)
            created += not existed
            updated += existed and changed
        withdrawn = entries.filter(withdrawn=True).values_list("uri", flat=True)
        archived = Product.objects.filter(organisation=organisation, source="upl", upl_uri__in=list(withdrawn),
                                          state=State.PUBLISHED).update(state=State.ARCHIVED)
    return {"created": created, "updated": updated, "archived": archived}


def link_upl(products) -> int:
    """Fill the UPL name and SDG codes of products that name a UPL URI (hand-written or imported)."""
    entries = {e.uri: e for e in UplEntry.objects.filter(uri__in=[p.upl_uri for p in products if p.upl_uri])}
    changed = 0
    for product in products:
        entry = entries.get(product.upl_uri)
        if entry and (product.upl_name != entry.name or product.sdg_codes != entry.sdg_codes):
            Product.objects.filter(pk=product.pk).update(upl_name=entry.name, sdg_codes=entry.sdg_codes)
            changed += 1
    return changed


# ---------------------------------------------------------------------------------------------------------------
# IPDC (Flanders): code lists and product records


def import_ipdc_codelists(directory: Path = IPDC_DIR) -> int:
    import rdflib
    from rdflib.namespace import RDF, SKOS

    count = 0
    for path in sorted(Path(directory).glob("*.ttl")):
        graph = rdflib.Graph()
        graph.parse(path, format="turtle")
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            uri = str(concept)
            if not uri.startswith(IPDC):
                continue
            scheme, code = uri[len(IPDC):].split("/", 1)
            label = next((str(o) for o in graph.objects(concept, SKOS.prefLabel)), code)
            Concept.objects.update_or_create(uri=uri, defaults={"scheme": scheme, "code": code, "label": label})
            count += 1
    return count


def _nl(graph, subject, predicate) -> str:
    """The plain Dutch (formal) value of a language-tagged literal."""
    values = {getattr(o, "language", None): str(o) for o in graph.objects(subject, predicate)}
    for lang in ("nl-be-x-formal", "nl-BE-x-formal", "nl", None):
        if lang in values:
            return values[lang]
    return next(iter(values.values()), "")


def parse_ipdc_record(path: Path) -> dict:
    """One IPDC (LPDC) product record as product content."""
    import rdflib
    from rdflib import Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS

    lpdc = Namespace("https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#")
    m8g = Namespace("http://data.europa.eu/m8g/")
    cpsv = Namespace("http://purl.org/vocab/cpsv#")
    belgif = Namespace("http://vocab.belgif.be/ns/publicservice#")
    schema = Namespace("http://schema.org/")
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    service = next(graph.subjects(RDF.type, lpdc.ConceptualPublicServiceSnapshot), None) or next(
        graph.subjects(RDF.type, cpsv.PublicService))

    def code(predicate):
        return [str(o).rsplit("/", 1)[-1] for o in graph.objects(service, predicate)]

    def texts(predicate):
        lines = []
        for node in graph.objects(service, predicate):
            lines.extend(html_to_lines(_nl(graph, node, DCTERMS.description)))
        return lines

    evidence = []
    for requirement in graph.objects(service, belgif.hasRequirement):
        for node in graph.objects(requirement, m8g.hasSupportingEvidence):
            evidence.extend(html_to_lines(_nl(graph, node, DCTERMS.description)))
    websites = [str(o) for node in graph.objects(service, RDFS.seeAlso) for o in graph.objects(node, schema.url)]
    keywords = sorted({str(o).lower() for o in graph.objects(service, DCAT.keyword)})
    regulation = html_to_lines(_nl(graph, service, lpdc.regulation))
    levels = {"competent": code(lpdc.competentAuthorityLevel), "executing": code(lpdc.executingAuthorityLevel)}
    name = _nl(graph, service, DCTERMS.title)
    identifier = next((str(o) for o in graph.objects(service, URIRef("http://schema.org/productID"))), "")
    level_map = {"Lokaal": "Lokaal", "Provinciaal": "Provinciaal", "Vlaams": "Vlaams", "Federaal": "Federaal",
                 "Europees": "Europees", "Derden": "Lokaal"}
    competent = level_map.get((levels["competent"] or ["Lokaal"])[0], "Lokaal")
    return {
        "key": slugify(name)[:120] or f"ipdc-{identifier}", "upl_uri": None, "name": name[:200],
        "type": (code(DCTERMS.type) or ["Bewijs"])[0], "themes": code(m8g.thematicArea),
        "audiences": code(lpdc.targetAudience), "competent_level": competent,
        "executing_level": level_map.get((levels["executing"] or ["Lokaal"])[0], "Lokaal"),
        "short_description": (html_to_lines(_nl(graph, service, DCTERMS.description)) or [name])[0][:300],
        "description": "\n\n".join(html_to_lines(_nl(graph, service, DCTERMS.description))),
        "conditions": texts(belgif.hasRequirement), "evidence": evidence, "procedure": texts(cpsv.follows),
        "cost_explanation": "\n".join(texts(m8g.hasCost)),
        "legal_basis": [{"label": line[:500], "url": ""} for line in regulation],
        "external_url": websites[0] if (websites and competent != "Lokaal") else "",
        "keywords": keywords[:30], "channels": [],
    }


def import_ipdc_records(organisation: Organisation, directory: Path = IPDC_DIR) -> list[Product]:
    products = []
    for path in sorted(Path(directory).glob("concept-*.ttl")):
        content = parse_ipdc_record(path)
        product, _changed = services.upsert_published(organisation=organisation, data=content, source="ipdc")
        products.append(product)
    return products


# ---------------------------------------------------------------------------------------------------------------
# CPSV-AP / IPDC JSON-LD

JSONLD_CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#", "dct": "http://purl.org/dc/terms/", "m8g": "http://data.europa.eu/m8g/",
    "dcat": "http://www.w3.org/ns/dcat#", "lpdc": "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#",
    "schema": "http://schema.org/", "loket": "https://loket.example/ns/catalog#",
    "ipdc": IPDC, "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _concepts(scheme: str, codes) -> list[dict]:
    return [{"@id": f"{IPDC}{scheme}/{c}"} for c in codes]


def _codes(values, scheme: str) -> list[str]:
    out = []
    for value in values or []:
        uri = value.get("@id", "") if isinstance(value, dict) else str(value)
        out.append(uri.split(f"{scheme}/", 1)[-1] if f"{scheme}/" in uri else uri)
    return out


def product_jsonld(product: Product, base_url: str = "") -> dict:
    content = services.content_of(product)
    return {
        "@id": f"{base_url}/producten/{product.key}/",
        "@type": "cpsv:PublicService",
        "dct:identifier": product.key,
        "dct:title": {"@value": product.name, "@language": "nl"},
        "dct:description": {"@value": product.description, "@language": "nl"},
        "lpdc:additionalDescription": {"@value": product.short_description, "@language": "nl"},
        "dct:type": {"@id": f"{IPDC}Type/{product.type}"},
        "m8g:thematicArea": _concepts("Thema", product.themes),
        "lpdc:targetAudience": _concepts("Doelgroep", product.audiences),
        "lpdc:competentAuthorityLevel": {"@id": f"{IPDC}BevoegdBestuursniveau/{product.competent_level}"},
        "lpdc:executingAuthorityLevel": {"@id": f"{IPDC}UitvoerendBestuursniveau/{product.executing_level}"},
        "m8g:hasCompetentAuthority": product.competent_authority or None,
        "lpdc:executingAuthority": {"@id": f"{base_url}/api/v1/organisations/{product.organisation.slug}/",
                                    "loket:slug": product.organisation.slug},
        "dcat:keyword": [{"@value": k, "@language": "nl"} for k in product.keywords],
        "dct:source": {"@id": product.upl_uri} if product.upl_uri else None,
        "loket:sdgCode": list(product.sdg_codes),
        "m8g:hasRequirement": [{"@type": "m8g:Requirement", "dct:description": c} for c in product.conditions],
        "m8g:hasSupportingEvidence": [{"@type": "m8g:Evidence", "dct:description": e} for e in product.evidence],
        "cpsv:follows": [{"@type": "cpsv:Rule", "dct:description": s, "schema:position": i}
                         for i, s in enumerate(product.procedure, 1)],
        "m8g:hasCost": [{"@type": "m8g:Cost", "dct:description": c["label"], "m8g:value": c["amount"],
                         "m8g:currency": "EUR"} for c in product.costs],
        "loket:costExplanation": product.cost_explanation,
        "m8g:processingTime": product.lead_time, "loket:processingTimeDays": product.lead_time_days,
        "loket:deadline": product.deadline,
        "m8g:hasLegalResource": [{"@type": "m8g:LegalResource", "dct:title": b["label"], "schema:url": b["url"]}
                                 for b in product.legal_basis],
        "m8g:hasChannel": [{"@type": "m8g:Channel", "dct:type": c["kind"], "loket:login": c["login"],
                            "loket:location": c["location"], "loket:durationMinutes": c["duration_minutes"],
                            "loket:availability": c["availability"], "m8g:processingTime": c["handling_time"],
                            "schema:url": c["url"], "dct:description": c["note"]} for c in content["channels"]],
        "m8g:hasContactPoint": content["contact_points"],
        "loket:lifeEvent": list(product.life_events), "loket:businessEvent": list(product.business_events),
        "loket:department": content["department"], "loket:partner": content["partners"],
        "lpdc:productUrl": product.external_url or None,
        "dct:relation": [{"@id": f"{base_url}/producten/{k}/", "dct:identifier": k} for k in content["related"]],
        "loket:searchWeight": product.search_weight,
        "schema:startDate": content["valid_from"], "schema:endDate": content["valid_until"],
        "schema:dateModified": product.updated_at.isoformat() if product.updated_at else None,
    }


def export_jsonld(organisation: Organisation, *, base_url: str = "", published_only: bool = True) -> dict:
    products = Product.objects.filter(organisation=organisation).select_related("organisation", "department") \
        .prefetch_related("channels", "partners", "related")
    if published_only:
        products = products.filter(state=State.PUBLISHED)
    return {"@context": JSONLD_CONTEXT, "@graph": [product_jsonld(p, base_url) for p in products.order_by("key")]}


def _value(node):
    if isinstance(node, dict):
        return node.get("@value", node.get("@id", ""))
    return node if node is not None else ""


def jsonld_content(node: dict) -> dict:
    """Product content from one ``cpsv:PublicService`` node of our JSON-LD (or a compatible one)."""
    def last(value, scheme):
        codes = _codes([value] if value else [], scheme)
        return codes[0] if codes else ""

    return {
        "key": node.get("dct:identifier") or slugify(_value(node.get("dct:title"))),
        "upl_uri": _value(node.get("dct:source")) or None,
        "name": _value(node.get("dct:title")), "description": _value(node.get("dct:description")),
        "short_description": _value(node.get("lpdc:additionalDescription")),
        "type": last(node.get("dct:type"), "Type") or "Bewijs",
        "themes": _codes(node.get("m8g:thematicArea"), "Thema"),
        "audiences": _codes(node.get("lpdc:targetAudience"), "Doelgroep"),
        "competent_level": last(node.get("lpdc:competentAuthorityLevel"), "BevoegdBestuursniveau") or "Lokaal",
        "executing_level": last(node.get("lpdc:executingAuthorityLevel"), "UitvoerendBestuursniveau") or "Lokaal",
        "competent_authority": node.get("m8g:hasCompetentAuthority") or "",
        "keywords": [_value(k) for k in node.get("dcat:keyword") or []],
        "conditions": [r.get("dct:description", "") for r in node.get("m8g:hasRequirement") or []],
        "evidence": [r.get("dct:description", "") for r in node.get("m8g:hasSupportingEvidence") or []],
        "procedure": [r.get("dct:description", "") for r in sorted(node.get("cpsv:follows") or [],
                                                                   key=lambda r: r.get("schema:position", 0))],
        "costs": [{"label": c.get("dct:description", ""), "amount": c.get("m8g:value", "0")}
                  for c in node.get("m8g:hasCost") or []],
        "cost_explanation": node.get("loket:costExplanation") or "",
        "lead_time": node.get("m8g:processingTime") or "", "lead_time_days": node.get("loket:processingTimeDays"),
        "deadline": node.get("loket:deadline") or "",
        "legal_basis": [{"label": b.get("dct:title", ""), "url": b.get("schema:url", "")}
                        for b in node.get("m8g:hasLegalResource") or []],
        "channels": [{"kind": c.get("dct:type"), "login": c.get("loket:login"), "location": c.get("loket:location"),
                      "duration_minutes": c.get("loket:durationMinutes"), "availability": c.get("loket:availability"),
                      "handling_time": c.get("m8g:processingTime"), "url": c.get("schema:url"),
                      "note": c.get("dct:description")} for c in node.get("m8g:hasChannel") or []],
        "contact_points": node.get("m8g:hasContactPoint") or [],
        "life_events": node.get("loket:lifeEvent") or [], "business_events": node.get("loket:businessEvent") or [],
        "department": node.get("loket:department") or "", "partners": node.get("loket:partner") or [],
        "external_url": node.get("lpdc:productUrl") or "",
        "related": [r.get("dct:identifier", "") for r in node.get("dct:relation") or []],
        "search_weight": node.get("loket:searchWeight") or 0,
        "valid_from": node.get("schema:startDate"), "valid_until": node.get("schema:endDate"),
    }


@transaction.atomic
def import_jsonld(document: dict, organisation: Organisation) -> dict:
    """Import products from CPSV-AP/IPDC JSON-LD (our export, or a compatible document). Idempotent."""
    if not isinstance(document, dict):
        raise services.CatalogError(_("Het JSON-LD-document moet een object zijn."))
    nodes = document.get("@graph", [document] if document.get("@type") else [])
    created = changed = 0
    products = []
    for node in nodes:
        if not isinstance(node, dict):
            continue
        content = jsonld_content(node)
        existed = Product.objects.filter(organisation=organisation, key=content["key"]).exists()
        product, did_change = services.upsert_published(organisation=organisation, data=content, source="import")
        products.append((product, content["related"]))
        created += not existed
        changed += existed and did_change
    for product, related in products:
        services.set_related(product, related)
    services.rebuild_search(organisation)
    return {"products": len(products), "created": created, "changed": changed}


# ---------------------------------------------------------------------------------------------------------------
# Samenwerkende Catalogi (NL): the SC 4.0 fields

SC_NS = {"": "http://standaarden.overheid.nl/product/terms/", "dcterms": "http://purl.org/dc/terms/",
         "overheid": "http://standaarden.overheid.nl/owms/terms/",
         "overheidproduct": "http://standaarden.overheid.nl/product/terms/"}


def export_samenwerkende_catalogi(organisation: Organisation, *, base_url: str = "") -> str:
    """The published products as a Samenwerkende Catalogi 4.0 XML feed (``overheidproduct:scproduct``)."""
    for prefix, uri in SC_NS.items():
        if prefix:
            ET.register_namespace(prefix, uri)
    dc, ov, op = (f"{{{SC_NS[p]}}}" for p in ("dcterms", "overheid", "overheidproduct"))
    root = ET.Element(f"{op}scproducten")
    for product in Product.objects.filter(organisation=organisation, state=State.PUBLISHED).order_by("key"):
        item = ET.SubElement(root, f"{op}scproduct", {"owms-version": "4.0"})
        meta = ET.SubElement(item, f"{op}meta")
        core = ET.SubElement(meta, f"{ov}owmskern")
        ET.SubElement(core, f"{dc}identifier").text = f"{base_url}/producten/{product.key}/"
        ET.SubElement(core, f"{dc}title").text = product.name
        ET.SubElement(core, f"{dc}language").text = "nl"
        ET.SubElement(core, f"{dc}type", {"scheme": "overheid:Informatietype"}).text = "productbeschrijving"
        ET.SubElement(core, f"{dc}modified").text = (product.updated_at or timezone.now()).date().isoformat()
        ET.SubElement(core, f"{ov}authority", {"scheme": "overheid:Gemeente"}).text = organisation.name
        ET.SubElement(core, f"{dc}spatial", {"scheme": "overheid:Gemeente"}).text = organisation.name
        mantle = ET.SubElement(meta, f"{ov}owmsmantel")
        for audience in product.audiences:
            ET.SubElement(mantle, f"{dc}audience", {"scheme": "overheid:Doelgroep"}).text = (
                "ondernemer" if audience == "Onderneming" else "particulier")
        ET.SubElement(mantle, f"{dc}abstract").text = product.short_description
        sc = ET.SubElement(meta, f"{op}scmeta")
        ET.SubElement(sc, f"{op}productID").text = product.key
        online = product.channels.filter(kind="online").first()
        ET.SubElement(sc, f"{op}onlineAanvragen").text = "ja" if online else "nee"
        if online and online.url:
            ET.SubElement(sc, f"{op}aanvraagURL", {"resourceIdentifier": online.url})
        if product.upl_uri:
            ET.SubElement(sc, f"{op}uniformeProductnaam", {
                "scheme": "overheid:UniformeProductnaam", "resourceIdentifier": product.upl_uri,
            }).text = product.upl_name or product.name
        body = ET.SubElement(item, f"{op}body")
        ET.SubElement(body, f"{op}productHTML").text = "".join(
            f"<p>{html.escape(p)}</p>" for p in product.description.split("\n\n") if p.strip())
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


@transaction.atomic
def import_samenwerkende_catalogi(xml_text: str, organisation: Organisation) -> dict:
    """Import products from an SC 4.0 feed: title, abstract, audience, UPL name and the product text."""
    try:
        root = ET.fromstring(xml_text)  # noqa: S314 - entities are not expanded by ElementTree
    except ET.ParseError as exc:
        raise services.CatalogError(_("Dit is geen geldige XML: %(error)s") % {"error": exc}) from None
    dc, op = f"{{{SC_NS['dcterms']}}}", f"{{{SC_NS['overheidproduct']}}}"
    count = 0
    for item in root.iter(f"{op}scproduct"):
        title = item.findtext(f".//{dc}title") or ""
        upl = item.find(f".//{op}uniformeProductnaam")
        body = item.findtext(f".//{op}productHTML") or ""
        audiences = ["Onderneming" if a.text == "ondernemer" else "Burger" for a in item.iter(f"{dc}audience")]
        services.upsert_published(organisation=organisation, source="import", data={
            "key": item.findtext(f".//{op}productID") or slugify(title), "name": title,
            "short_description": item.findtext(f".//{dc}abstract") or "",
            "description": "\n\n".join(html_to_lines(body)), "audiences": list(dict.fromkeys(audiences)),
            "upl_uri": upl.get("resourceIdentifier") if upl is not None else None,
        })
        count += 1
    services.rebuild_search(organisation)
    return {"products": count}
