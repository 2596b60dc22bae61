"""The hand-written demo catalog content and the search test set.

Checks the product files ``src/loket/demo/catalog/*.json`` and the resident queries in
``bench/catalog_queries/*.json`` against the format described in docs/catalog.md. No database needed.
"""

import csv
import json
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pytest
from django.utils.text import slugify

from loket.catalog.importers import UPL_FILE
from loket.demo.organisation import DEPARTMENTS, LOCATIONS, ORGANISATIONS

HERE = Path(__file__).resolve()
REPO = HERE.parents[4]
CATALOG_DIR = HERE.parents[1] / "catalog"
PRODUCT_FILES = sorted(CATALOG_DIR.glob("*.json"))
QUERY_FILES = sorted((REPO / "bench" / "catalog_queries").glob("*.json"))
UPL_CSV = UPL_FILE  # the copy of the UPL that the catalog imports

TYPES = {"FinancieleVerplichting", "Toelating", "Bewijs", "Voorwerp", "AdviesBegeleiding",
         "InfrastructuurMateriaal", "FinancieelVoordeel"}
THEMES = {"BurgerOverheid", "CultuurSportVrijeTijd", "EconomieWerk", "MilieuEnergie",
          "MobiliteitOpenbareWerken", "OnderwijsWetenschap", "WelzijnGezondheid", "BouwenWonen"}
AUDIENCES = {"Burger", "Onderneming", "Organisatie", "Vereniging"}
LEVELS = {"Europees", "Federaal", "Vlaams", "Provinciaal", "Lokaal"}
LIFE_EVENTS = {
    "verhuizen", "kind-krijgen", "trouwen-samenwonen", "overlijden", "zaak-starten", "bouwen-verbouwen",
    "evenement-organiseren", "ouder-worden", "geldzorgen-werk-verliezen", "kinderopvang-school", "op-reis",
    "auto-en-verkeer", "scheiden", "nieuw-in-de-gemeente", "handicap-of-zorg", "vereniging",
}
CHANNEL_KINDS = {"online", "phone", "counter", "appointment", "home_visit", "post", "email"}
LOGINS = {None, "low", "substantial", "high"}
ORG_SLUGS = {row[0] for row in ORGANISATIONS}
LOCATION_NAMES = {row[0] for row in LOCATIONS}
DEPARTMENT_SLUGS = {org: {row[0] for row in rows} for org, rows in DEPARTMENTS.items()}

REQUIRED = ["key", "name", "type", "themes", "audiences", "competent_level", "executing_level",
            "organisation", "short_description", "description", "conditions", "procedure", "channels",
            "keywords"]
ALL_KEYS = {"key", "upl_uri", "name", "type", "themes", "audiences", "life_events", "competent_level",
            "executing_level", "organisation", "department", "partners", "external_url",
            "short_description", "description", "conditions", "evidence", "procedure", "costs",
            "cost_explanation", "lead_time", "lead_time_days", "legal_basis", "channels", "keywords",
            "related"}
CHANNEL_KEYS = {"kind", "location", "duration_minutes", "login", "handling_time", "note"}
KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
AMOUNT_PATTERN = re.compile(r"^\d+\.\d{2}$")


def _load(path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _products():
    return [product for path in PRODUCT_FILES for product in _load(path)]


@cache
def _municipal_upl_uris():
    if not UPL_CSV.exists():
        return None
    with UPL_CSV.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["URI"] for row in csv.DictReader(handle) if row["Gemeente"] == "X")


def _upl_uris_or_skip():
    uris = _municipal_upl_uris()
    if uris is None:
        pytest.skip(f"UPL list not found at {UPL_CSV}")
    return uris


PRODUCTS = _products()


def test_product_files_exist_and_hold_enough_products():
    assert PRODUCT_FILES, f"no *.json in {CATALOG_DIR}"
    for path in PRODUCT_FILES:
        assert isinstance(_load(path), list), f"{path.name} is not a JSON list"
    assert len(PRODUCTS) >= 120


def test_keys_are_unique_slugs():
    keys = [product["key"] for product in PRODUCTS]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates
    assert all(KEY_PATTERN.match(key) for key in keys), [k for k in keys if not KEY_PATTERN.match(k)]


def test_related_points_to_own_products():
    keys = {product["key"] for product in PRODUCTS}
    wrong = [(product["key"], related) for product in PRODUCTS for related in product.get("related", [])
             if related not in keys or related == product["key"]]
    assert not wrong


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda product: product.get("key", "?"))
def test_product_follows_the_format(product):
    assert set(product) <= ALL_KEYS, f"unknown keys: {set(product) - ALL_KEYS}"
    missing = [field for field in REQUIRED if not product.get(field)]
    assert not missing, f"required fields empty or missing: {missing}"
    assert product["type"] in TYPES
    assert set(product["themes"]) <= THEMES
    assert set(product["audiences"]) <= AUDIENCES
    assert set(product.get("life_events", [])) <= LIFE_EVENTS
    assert product["competent_level"] in LEVELS
    assert product["executing_level"] in LEVELS
    assert product["organisation"] in ORG_SLUGS
    if product.get("department"):
        assert product["department"] in DEPARTMENT_SLUGS.get(product["organisation"], set())
    partners = product.get("partners", [])
    assert set(partners) <= ORG_SLUGS and product["organisation"] not in partners
    if product.get("external_url"):
        assert product["external_url"].startswith("https://")
    upl_uri = product.get("upl_uri")
    assert upl_uri is None or upl_uri.startswith("http://standaarden.overheid.nl/owms/terms/")


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda product: product.get("key", "?"))
def test_product_texts_are_short_and_complete(product):
    assert len(product["short_description"]) <= 200
    paragraphs = product["description"].split("\n\n")
    assert 2 <= len(paragraphs) <= 5 and all(p.strip() for p in paragraphs)
    for field in ("conditions", "evidence", "procedure"):
        assert all(isinstance(item, str) and item.strip() for item in product.get(field, []))
    keywords = product["keywords"]
    assert 5 <= len(keywords) <= 15
    assert len({keyword.lower() for keyword in keywords}) == len(keywords), "duplicate keywords"
    assert all(len(keyword.split()) <= 6 and not keyword.endswith(".") for keyword in keywords), \
        "keywords are words, not sentences"


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda product: product.get("key", "?"))
def test_costs_channels_and_lead_time(product):
    for item in product.get("costs", []):
        assert item["label"].strip()
        assert AMOUNT_PATTERN.match(item["amount"]), item
        try:
            assert Decimal(item["amount"]) >= 0
        except InvalidOperation:  # pragma: no cover - the pattern above already rules this out
            pytest.fail(f"not an amount: {item['amount']}")
    for field in ("cost_explanation", "lead_time"):  # null is read as "no text"
        assert product.get(field) is None or isinstance(product[field], str), f"{field} must be text"
    days = product.get("lead_time_days")
    assert days is None or (isinstance(days, int) and not isinstance(days, bool) and days >= 0)
    for law in product.get("legal_basis", []):
        assert law["label"].strip()
        assert law.get("url") is None or law["url"].startswith("https://")
    for channel in product["channels"]:
        assert set(channel) <= CHANNEL_KEYS
        assert channel["kind"] in CHANNEL_KINDS
        assert channel.get("login") in LOGINS
        assert channel.get("location") is None or channel["location"] in LOCATION_NAMES
        duration = channel.get("duration_minutes")
        assert duration is None or (isinstance(duration, int) and duration > 0)


def test_upl_uris_are_municipal_and_used_once():
    uris = _upl_uris_or_skip()
    used = [product["upl_uri"] for product in PRODUCTS if product.get("upl_uri")]
    assert [uri for uri in used if uri not in uris] == []
    assert sorted({uri for uri in used if used.count(uri) > 1}) == []


def test_keys_do_not_clash_with_other_imported_upl_products():
    """The demo imports every municipal UPL product under the key slugify(name) first; a hand-written product
    may only take such a key when it replaces that very UPL product."""
    _upl_uris_or_skip()
    with UPL_CSV.open(encoding="utf-8", newline="") as handle:
        upl_keys = {slugify(row["UniformeProductnaam"]): row["URI"] for row in csv.DictReader(handle)
                    if row["Gemeente"] == "X"}
    clashes = [product["key"] for product in PRODUCTS
               if product["key"] in upl_keys and upl_keys[product["key"]] != product.get("upl_uri")]
    assert not clashes


def _queries():
    return [item for path in QUERY_FILES for item in _load(path)]


def test_search_queries_are_well_formed():
    queries = _queries()
    assert len(queries) >= 150
    texts = [item["query"] for item in queries]
    assert sorted({text for text in texts if texts.count(text) > 1}) == [], "duplicate queries"
    for item in queries:
        assert set(item) == {"query", "expected"}
        assert item["query"].strip() and item["query"] == item["query"].strip()
        assert 1 <= len(item["expected"]) <= 3 and len(set(item["expected"])) == len(item["expected"])


def test_search_queries_target_products_of_the_demo_catalog():
    """A target is a municipal UPL product (all are published in the demo) or the key of a hand-written one."""
    targets = _upl_uris_or_skip() | {product["key"] for product in PRODUCTS}
    wrong = [(item["query"], target) for item in _queries() for target in item["expected"] if target not in targets]
    assert not wrong


def test_the_catalog_accepts_every_product_unchanged():
    from loket.catalog.services import clean_content

    for product in PRODUCTS:
        cleaned = clean_content(product)
        assert (cleaned["key"], cleaned["upl_uri"]) == (product["key"], product["upl_uri"])
        assert len(cleaned["keywords"]) == len(product["keywords"]), product["key"]
