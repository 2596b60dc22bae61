"""The one search: Dutch stemming, accents, typos, synonyms, did-you-mean, odd input, and a log without
personal data."""

import pytest

from loket.catalog import selectors, services, text
from loket.catalog.models import SearchTerm
from loket.platform.tests.factories import OrganisationFactory, UserFactory

from .helpers import product

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    gemeente = OrganisationFactory(slug="heidebeek", name="Gemeente Heidebeek")
    made = {
        "paspoort": product(gemeente, "Paspoort aanvragen", keywords=["reispas"],
                            short_description="Een paspoort om mee op reis te gaan."),
        "verhuizing": product(gemeente, "Verhuizing doorgeven", short_description="Je verhuist binnen de gemeente of "
                              "je komt in de gemeente wonen.", life_events=["verhuizen"]),
        "parkeer": product(gemeente, "Parkeervergunning voor bewoners",
                           short_description="Parkeren in je eigen straat."),
        "premie": product(gemeente, "Financiële steun voor isolatie", short_description="Een premie voor je dak."),
        "hond": product(gemeente, "Hondenbelasting", short_description="Belasting voor wie een hond heeft."),
    }
    return gemeente, made


def names(result):
    return [hit.name for hit in result.hits]


def test_dutch_stemming_finds_verhuizen_and_verhuis(catalog):
    gemeente, made = catalog
    for query in ("verhuizen", "verhuis", "ik ga verhuizen", "VERHUISD"):
        assert names(selectors.search(organisation=gemeente, query=query))[0] == "Verhuizing doorgeven", query


def test_accents_do_not_matter(catalog):
    gemeente, _made = catalog
    assert names(selectors.search(organisation=gemeente, query="financiele steun"))[0] == "Financiële steun voor isolatie"
    assert names(selectors.search(organisation=gemeente, query="Fínanciële"))[0] == "Financiële steun voor isolatie"


def test_typo_is_tolerated_and_did_you_mean_offered(catalog):
    gemeente, _made = catalog
    result = selectors.search(organisation=gemeente, query="paspoord")
    assert names(result)[0] == "Paspoort aanvragen"
    assert result.suggestion == "paspoort"
    assert selectors.search(organisation=gemeente, query="paspoort").suggestion is None


def test_prefix_and_compound_parts_match(catalog):
    gemeente, _made = catalog
    assert names(selectors.search(organisation=gemeente, query="parkeer"))[0] == "Parkeervergunning voor bewoners"
    assert names(selectors.search(organisation=gemeente, query="vergunning parkeren"))[0] == \
        "Parkeervergunning voor bewoners"
    assert names(selectors.search(organisation=gemeente, query="hond"))[0] == "Hondenbelasting"


def test_synonym_added_by_staff_works_at_once(catalog):
    gemeente, _made = catalog
    assert "Parkeervergunning voor bewoners" not in names(selectors.search(organisation=gemeente, query="wijkkaart"))
    staff = UserFactory(organisation=gemeente)
    services.add_synonym(actor=staff, organisation=gemeente, term="Wijkkaart", meaning="parkeervergunning")
    assert names(selectors.search(organisation=gemeente, query="wijkkaart"))[0] == "Parkeervergunning voor bewoners"


def test_synonym_rules(catalog):
    gemeente, _made = catalog
    other = UserFactory()
    with pytest.raises(services.CatalogError):
        services.add_synonym(actor=other, organisation=gemeente, term="x", meaning="parkeervergunning")
    staff = UserFactory(organisation=gemeente)
    with pytest.raises(services.CatalogError):
        services.add_synonym(actor=staff, organisation=gemeente, term="🙂", meaning="parkeervergunning")
    with pytest.raises(services.CatalogError):
        services.add_synonym(actor=staff, organisation=gemeente, term="pas", meaning="pas")


def test_other_organisations_products_are_not_found(catalog):
    _gemeente, _made = catalog
    elsewhere = OrganisationFactory()
    product(elsewhere, "Paspoort Elders")
    gemeente = catalog[0]
    assert "Paspoort Elders" not in names(selectors.search(organisation=gemeente, query="paspoort"))


def test_partner_products_are_part_of_the_catalog(catalog):
    gemeente, _made = catalog
    partner = OrganisationFactory(slug="ian", name="IAN")
    gemeente.partners.add(partner)
    product(partner, "Grofvuil laten ophalen")
    assert names(selectors.search(organisation=gemeente, query="grofvuil"))[0] == "Grofvuil laten ophalen"


@pytest.mark.parametrize("query", [
    "", "   ", "x" * 10_000, "'; DROP TABLE catalog_product; --", "<script>alert(1)</script>", "😀🎉",
    "pas\x00poort", "\x01\x02\x1f", "a & b | c ! d :* (e", None, 12345, "de het een",
])
def test_bad_input_gives_a_clean_answer(catalog, query):
    gemeente, _made = catalog
    result = selectors.search(organisation=gemeente, query=query)
    assert len(result.query) <= 200
    assert isinstance(result.hits, list)


def test_search_log_scrubs_personal_data(catalog):
    gemeente, _made = catalog
    for _ in range(2):
        services.record_search(organisation=gemeente, query="uittreksel 85.07.30-033.28 jan@example.be 0470 12 34 56",
                               result_count=0)
    term = SearchTerm.objects.get(organisation=gemeente)
    assert term.searches == 2 and term.zero_results == 2
    assert "85" not in term.query and "example" not in term.query and "0470" not in term.query
    assert term.query == "uittreksel [nummer] [e-mail] [nummer]"
    services.record_click(organisation=gemeente, query="uittreksel 85.07.30-033.28 jan@example.be 0470 12 34 56")
    term.refresh_from_db()
    assert term.clicks == 1


def test_scrub_keeps_ordinary_numbers():
    assert text.scrub("container 3 dagen 2026") == "container 3 dagen 2026"
    assert text.scrub("BSN 123456782") == "bsn [nummer]"


def test_unpublished_and_expired_products_are_not_found(catalog):
    gemeente, made = catalog
    services.archive(actor=None, product=made["hond"])
    assert "Hondenbelasting" not in names(selectors.search(organisation=gemeente, query="hondenbelasting"))
    product(gemeente, "Oude premie", valid_until="2020-01-01")
    assert "Oude premie" not in names(selectors.search(organisation=gemeente, query="oude premie"))


def test_autocomplete_suggests_while_typing(catalog):
    gemeente, _made = catalog
    assert [h.name for h in selectors.suggest(organisation=gemeente, query="pasp")][0] == "Paspoort aanvragen"
    assert selectors.suggest(organisation=gemeente, query="p") == []
