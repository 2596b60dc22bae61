"""Hand-written demo catalog content, part b (waste, taxes, social house, youth, housing, leisure,
cemeteries and animals) and its search test set, checked against the shared content format
without a database."""

import csv
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from loket.demo.organisation import DEPARTMENTS, LOCATIONS, ORGANISATIONS

REPO = Path(__file__).resolve().parents[4]
CATALOG_DIR = REPO / "src" / "loket" / "demo" / "catalog"
PRODUCT_FILES = sorted(CATALOG_DIR.glob("waste-taxes-social-housing*.json"))
QUERY_FILE = REPO / "bench" / "catalog_queries" / "queries-by-b.json"
UPL_CSV = REPO.parent / "shared" / "data" / "catalog" / "upl-2025.csv"

TYPES = {"FinancieleVerplichting", "Toelating", "Bewijs", "Voorwerp", "AdviesBegeleiding",
         "InfrastructuurMateriaal", "FinancieelVoordeel"}
THEMES = {"BurgerOverheid", "CultuurSportVrijeTijd", "EconomieWerk", "MilieuEnergie",
          "MobiliteitOpenbareWerken", "OnderwijsWetenschap", "WelzijnGezondheid", "BouwenWonen"}
AUDIENCES = {"Burger", "Onderneming", "Organisatie", "Vereniging"}
LEVELS = {"Europees", "Federaal", "Vlaams", "Provinciaal", "Lokaal"}
LIFE_EVENTS = {"verhuizen", "kind-krijgen", "trouwen-samenwonen", "overlijden", "zaak-starten",
               "bouwen-verbouwen", "evenement-organiseren", "ouder-worden", "geldzorgen-werk-verliezen",
               "kinderopvang-school", "op-reis", "auto-en-verkeer", "scheiden", "nieuw-in-de-gemeente",
               "handicap-of-zorg", "vereniging"}
CHANNEL_KINDS = {"online", "phone", "counter", "appointment", "home_visit", "post", "email"}
LOGINS = {None, "low", "substantial", "high"}
REQUIRED = ("key", "name", "type", "themes", "audiences", "competent_level", "executing_level",
            "organisation", "short_description", "description", "conditions", "procedure", "channels",
            "keywords")
ALL_KEYS = set(REQUIRED) | {"upl_uri", "life_events", "department", "partners", "external_url",
                            "evidence", "costs", "cost_explanation", "lead_time", "lead_time_days",
                            "legal_basis", "related"}
ORGANISATION_SLUGS = {row[0] for row in ORGANISATIONS}
DEPARTMENT_SLUGS = {org: {row[0] for row in rows} for org, rows in DEPARTMENTS.items()}
LOCATION_NAMES = {row[0] for row in LOCATIONS}
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def load_products():
    products = []
    for path in PRODUCT_FILES:
        with path.open(encoding="utf-8") as f:
            data = json.load(f)
        assert isinstance(data, list), f"{path.name} is geen JSON-lijst"
        products.extend(data)
    return products


@pytest.fixture(scope="module")
def products():
    assert PRODUCT_FILES, f"geen productbestanden in {CATALOG_DIR}"
    return load_products()


@pytest.fixture(scope="module")
def municipal_upl_uris():
    if not UPL_CSV.exists():
        pytest.skip(f"UPL-bestand ontbreekt: {UPL_CSV}")
    with UPL_CSV.open(encoding="utf-8", newline="") as f:
        return {row["URI"] for row in csv.DictReader(f) if row["Gemeente"] == "X"}


def test_there_are_enough_products_with_unique_slug_keys(products):
    keys = [p.get("key") for p in products]
    assert len(products) >= 65
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"dubbele keys: {duplicates}"
    assert all(isinstance(k, str) and SLUG.fullmatch(k) for k in keys)


def test_every_product_has_the_required_fields_filled_and_no_unknown_fields(products):
    for p in products:
        missing = [k for k in REQUIRED if not p.get(k)]
        assert not missing, f"{p.get('key')}: verplichte velden leeg: {missing}"
        unknown = set(p) - ALL_KEYS
        assert not unknown, f"{p['key']}: onbekende velden {unknown}"


def test_codes_come_from_the_allowed_lists(products):
    for p in products:
        key = p["key"]
        assert p["type"] in TYPES, key
        assert set(p["themes"]) <= THEMES, key
        assert set(p["audiences"]) <= AUDIENCES, key
        assert set(p.get("life_events", [])) <= LIFE_EVENTS, key
        assert p["competent_level"] in LEVELS, key
        assert p["executing_level"] in LEVELS, key
        assert p["organisation"] in ORGANISATION_SLUGS, key
        if p.get("department"):
            assert p["department"] in DEPARTMENT_SLUGS[p["organisation"]], key
        assert set(p.get("partners", [])) <= ORGANISATION_SLUGS - {p["organisation"]}, key


def test_texts_follow_the_format(products):
    for p in products:
        key = p["key"]
        assert len(p["short_description"]) <= 200, key
        assert 2 <= len(p["description"].split("\n\n")) <= 5, key
        for field in ("conditions", "procedure", "evidence"):
            items = p.get(field, [])
            assert isinstance(items, list) and all(isinstance(s, str) and s.strip() for s in items), key
        keywords = p["keywords"]
        assert 5 <= len(keywords) <= 15, key
        assert len({k.lower() for k in keywords}) == len(keywords), f"{key}: dubbele trefwoorden"
        assert all(k == k.strip() and len(k.split()) <= 5 for k in keywords), f"{key}: geen zinnen als trefwoord"


def test_costs_lead_times_and_legal_basis_are_well_formed(products):
    for p in products:
        key = p["key"]
        for cost in p.get("costs", []):
            assert set(cost) == {"label", "amount"} and cost["label"], key
            assert isinstance(cost["amount"], str), key
            try:
                amount = Decimal(cost["amount"])
            except InvalidOperation:
                pytest.fail(f"{key}: bedrag {cost['amount']!r} is geen getal")
            assert amount >= 0 and amount.as_tuple().exponent == -2, key
        days = p.get("lead_time_days")
        assert days is None or (isinstance(days, int) and days >= 0), key
        for basis in p.get("legal_basis", []):
            assert set(basis) == {"label", "url"} and basis["label"], key
            assert basis["url"] is None or basis["url"].startswith("https://"), key
        assert p.get("external_url") is None or p["external_url"].startswith("https://"), key


def test_channels_are_valid(products):
    for p in products:
        for channel in p["channels"]:
            key = p["key"]
            assert channel["kind"] in CHANNEL_KINDS, key
            assert channel.get("login") in LOGINS, key
            if channel["kind"] in ("counter", "appointment"):
                assert channel.get("location") in LOCATION_NAMES, f"{key}: {channel.get('location')}"
            if channel["kind"] == "appointment":
                assert isinstance(channel.get("duration_minutes"), int), key


def test_related_products_exist_in_our_files(products):
    keys = {p["key"] for p in products}
    for p in products:
        assert p["key"] not in p.get("related", []), p["key"]
        unknown = set(p.get("related", [])) - keys
        assert not unknown, f"{p['key']}: onbekende related {unknown}"


def test_upl_uris_are_municipal_products_and_used_once(products, municipal_upl_uris):
    uris = [p["upl_uri"] for p in products if p.get("upl_uri")]
    assert len(uris) == len(set(uris)), "een UPL-product heeft twee handgeschreven beschrijvingen"
    unknown = sorted(set(uris) - municipal_upl_uris)
    assert not unknown, f"geen gemeentelijk UPL-product: {unknown}"


def test_search_queries_have_valid_municipal_targets(municipal_upl_uris):
    with QUERY_FILE.open(encoding="utf-8") as f:
        queries = json.load(f)
    assert len(queries) >= 85
    texts = [q["query"] for q in queries]
    assert len(texts) == len(set(texts)), "dubbele zoekvragen"
    for q in queries:
        assert set(q) == {"query", "expected"}
        assert q["query"].strip() and 1 <= len(q["expected"]) <= 3, q
        assert set(q["expected"]) <= municipal_upl_uris, q


def test_the_catalog_accepts_every_product_unchanged(products):
    from loket.catalog.services import clean_content

    for p in products:
        cleaned = clean_content(p)
        assert cleaned["key"] == p["key"]
        assert cleaned["upl_uri"] == p["upl_uri"]
        assert len(cleaned["keywords"]) == len(p["keywords"]), p["key"]
