"""Import: UPL (idempotent, with a change report), SDG areas, IPDC code lists and records, JSON-LD round
trip and the Samenwerkende Catalogi fields."""

import json

import pytest
from django.core.management import call_command

from loket.catalog import importers, selectors, services
from loket.catalog.models import Concept, Product, SdgArea, State, UplEntry
from loket.platform.tests.factories import OrganisationFactory

from .helpers import product

pytestmark = pytest.mark.django_db

HEADER = ("UniformeProductnaam,URI,Rijk,Provincie,Waterschap,Gemeente,Burger,Bedrijf,Dienstenwet,SDG,Autonomie,"
          "Medebewind,Aanvraag,Subsidie,Melding,Verplichting,Grondslag,Grondslaglabel,Grondslaglink\n")
T = "http://standaarden.overheid.nl/owms/terms/"
V1 = HEADER + (
    f"paspoort,{T}paspoort,X,,,X,X,,,A1,,X,X,,,,{T}Paspw,Artikel 26 Paspoortwet,https://wetten.overheid.nl/a\n"
    f"paspoort,{T}paspoort,X,,,X,X,,,A1,,X,X,,,,{T}Paspb,Artikel 3 Paspoortuitvoeringsregeling,https://wetten.overheid.nl/b\n"
    f"hondenbelasting,{T}hondenbelasting,,,,X,X,,,,X,,,,,X,,,\n"
    f"aanpassing zelfgebouwd vliegtuig melding,{T}vliegtuig,X,,,,X,,,,,,,,X,,,,\n"
)
V2 = HEADER + (
    f"paspoort,{T}paspoort,X,,,X,X,,,A1,,X,X,,,,{T}Paspw,Artikel 26 Paspoortwet,https://wetten.overheid.nl/a\n"
    f"paspoort,{T}paspoort,X,,,X,X,,,A1,,X,X,,,,{T}Paspb,Artikel 3 Paspoortuitvoeringsregeling,https://wetten.overheid.nl/b\n"
    f"belasting op honden,{T}hondenbelasting,,,,X,X,,,,X,,,,,X,,,\n"
    f"parkeervergunning,{T}parkeervergunning,,,,X,X,X,,,X,,X,,,,,,\n"
)


@pytest.fixture
def upl(tmp_path):
    def write(content, name="upl.csv"):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path
    return write


def _import(path):
    return importers.import_upl(upl_path=path, sdg_areas_path=None, upl_sdg_path=None, ondernemersplein_path=None)


def test_upl_is_deduplicated_with_legal_basis_as_a_list(upl):
    report = _import(upl(V1))
    assert report["total"] == 3 and report["municipal"] == 2 and len(report["added"]) == 3
    passport = UplEntry.objects.get(uri=f"{T}paspoort")
    assert [b["label"] for b in passport.legal_basis] == ["Artikel 26 Paspoortwet", "Artikel 3 Paspoortuitvoeringsregeling"]
    assert passport.levels == ["Rijk", "Gemeente"] and passport.sdg_codes == ["A1"] and passport.audiences == ["Burger"]


def test_import_is_idempotent_and_reports_changes_between_versions(upl):
    _import(upl(V1))
    again = _import(upl(V1))
    assert again["added"] == [] and again["removed"] == [] and again["renamed"] == [] and again["changed"] == 0
    report = _import(upl(V2, "v2.csv"))
    assert [r["name"] for r in report["added"]] == ["parkeervergunning"]
    assert [r["name"] for r in report["removed"]] == ["aanpassing zelfgebouwd vliegtuig melding"]
    assert report["renamed"] == [{"uri": f"{T}hondenbelasting", "from": "hondenbelasting", "to": "belasting op honden"}]
    assert UplEntry.objects.get(uri=f"{T}vliegtuig").withdrawn


def test_municipal_products_are_published_once_and_follow_the_list(upl):
    gemeente = OrganisationFactory(slug="heidebeek")
    _import(upl(V1))
    assert importers.publish_municipal_upl(gemeente)["created"] == 2
    assert importers.publish_municipal_upl(gemeente) == {"created": 0, "updated": 0, "archived": 0}
    passport = Product.objects.get(organisation=gemeente, upl_uri=f"{T}paspoort")
    assert passport.state == State.PUBLISHED and passport.name == "Paspoort" and len(passport.legal_basis) == 2
    assert passport.competent_level == "Rijk" and passport.executing_level == "Lokaal"
    services.rebuild_search(gemeente)
    assert selectors.search(organisation=gemeente, query="paspoort").hits[0].upl_uri == f"{T}paspoort"
    _import(upl(V2, "v2.csv"))
    result = importers.publish_municipal_upl(gemeente)
    assert result == {"created": 1, "updated": 1, "archived": 0}
    assert Product.objects.get(organisation=gemeente, upl_uri=f"{T}hondenbelasting").name == "Belasting op honden"


def test_hand_written_products_are_not_overwritten_by_the_upl(upl):
    gemeente = OrganisationFactory(slug="heidebeek")
    _import(upl(V1))
    product(gemeente, "Paspoort aanvragen", key="paspoort", upl_uri=f"{T}paspoort")
    importers.publish_municipal_upl(gemeente)
    assert Product.objects.get(organisation=gemeente, upl_uri=f"{T}paspoort").name == "Paspoort aanvragen"


def test_shipped_data_sdg_areas_and_ipdc_code_lists():
    report = importers.import_upl()
    assert report["total"] > 1200 and report["municipal"] > 500
    assert SdgArea.objects.filter(code="A1").exists()
    assert UplEntry.objects.exclude(national_text="").count() >= 10
    assert importers.import_ipdc_codelists() >= 30
    assert Concept.objects.get(scheme="Thema", code="BouwenWonen").label


def test_ipdc_records_are_read_with_rdflib():
    gemeente = OrganisationFactory(slug="heidebeek")
    products = {p.name: p for p in importers.import_ipdc_records(gemeente)}
    hunting = products["Jachtverlof en jachtvergunning"]
    assert hunting.type == "Toelating" and hunting.themes == ["MilieuEnergie"] and hunting.competent_level == "Vlaams"
    assert hunting.external_url.startswith("https://") and "jacht" in hunting.keywords
    assert hunting.conditions and hunting.procedure
    assert "Akte van geboorte" in products


def test_jsonld_export_import_round_trip():
    source = OrganisationFactory(slug="bron")
    product(source, "Adreswijziging", life_events=["verhuizen"])
    product(source, "Paspoort aanvragen", key="paspoort", upl_uri=f"{T}paspoort", type="Bewijs",
            themes=["BurgerOverheid"], audiences=["Burger"], conditions=["Je bent Belg."], evidence=["Pasfoto"],
            procedure=["Maak een afspraak.", "Kom langs."], costs=[{"label": "Paspoort", "amount": "75"}],
            cost_explanation="Gratis onder 12 jaar.", lead_time="7 werkdagen", lead_time_days=7,
            legal_basis=[{"label": "Paspoortwet", "url": "https://example.org/wet"}], keywords=["reispas"],
            channels=[{"kind": "appointment", "location": "Gemeentehuis", "duration_minutes": 15},
                      {"kind": "online", "login": "high", "url": "https://example.org/e-loket"}],
            related=["adreswijziging"], competent_level="Federaal", life_events=["op-reis"])
    document = json.loads(json.dumps(importers.export_jsonld(source)))
    assert document["@context"]["cpsv"] == "http://purl.org/vocab/cpsv#"
    node = next(n for n in document["@graph"] if n["dct:identifier"] == "paspoort")
    assert node["@type"] == "cpsv:PublicService" and node["m8g:hasCost"][0]["m8g:value"] == "75.00"
    target = OrganisationFactory(slug="doel")
    assert importers.import_jsonld(document, target) == {"products": 2, "created": 2, "changed": 0}
    original = services.content_of(Product.objects.get(organisation=source, key="paspoort"))
    copy = services.content_of(Product.objects.get(organisation=target, key="paspoort"))
    assert copy == original
    assert importers.import_jsonld(document, target) == {"products": 2, "created": 0, "changed": 0}
    assert selectors.search(organisation=target, query="reispas").hits[0].key == "paspoort"


def test_samenwerkende_catalogi_export_and_import():
    source = OrganisationFactory(slug="bron", name="Gemeente Bron")
    product(source, "Paspoort aanvragen", key="paspoort", upl_uri=f"{T}paspoort", audiences=["Burger"],
            short_description="Een paspoort.", description="Eerste alinea.\n\nTweede alinea.",
            channels=[{"kind": "online", "url": "https://example.org/aanvraag"}])
    xml = importers.export_samenwerkende_catalogi(source)
    assert "uniformeProductnaam" in xml and "onlineAanvragen" in xml and "https://example.org/aanvraag" in xml
    target = OrganisationFactory(slug="doel")
    assert importers.import_samenwerkende_catalogi(xml, target) == {"products": 1}
    copy = Product.objects.get(organisation=target, key="paspoort")
    assert copy.upl_uri == f"{T}paspoort" and copy.description == "Eerste alinea.\n\nTweede alinea."
    with pytest.raises(services.CatalogError):
        importers.import_samenwerkende_catalogi("<niet-af", target)


def test_import_command_reports_changes(upl, capsys):
    gemeente = OrganisationFactory(slug="heidebeek")
    path = upl(V1)
    call_command("import_catalog", "--upl", str(path), "--organisation", "heidebeek")
    out = capsys.readouterr().out
    assert "3 nieuw" in out and "2 producten gepubliceerd" in out
    call_command("import_catalog", "--upl", str(path), "--organisation", "heidebeek")
    assert "0 nieuw, 0 verdwenen, 0 hernoemd" in capsys.readouterr().out
    assert Product.objects.filter(organisation=gemeente).count() == 2


def test_products_moved_to_a_partner_are_not_imported_twice(upl):
    gemeente = OrganisationFactory(slug="heidebeek")
    partner = OrganisationFactory(slug="ian")
    gemeente.partners.add(partner)
    _import(upl(V1))
    product(partner, "Hondenbelasting innen", key="hondenbelasting", upl_uri=f"{T}hondenbelasting")
    importers.publish_municipal_upl(gemeente)
    assert not Product.objects.filter(organisation=gemeente, upl_uri=f"{T}hondenbelasting").exists()
    assert Product.objects.get(organisation=partner, upl_uri=f"{T}hondenbelasting").upl_name == "hondenbelasting"
