"""Resident pages (search, product, life event, theme) and the staff pages (edit, preview, workflow,
ownership, search terms)."""

import pytest

from loket.catalog.models import Product, SearchTerm, State, Synonym
from loket.platform.tests.factories import (
    OrganisationFactory,
    log_in_with_second_factor,
    staff_member,
)

from .helpers import product

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente():
    organisation = OrganisationFactory(slug="heidebeek", name="Gemeente Heidebeek", phone="+32 3 444 10 00")
    product(organisation, "Paspoort aanvragen", key="paspoort", life_events=["op-reis"], themes=["BurgerOverheid"],
            short_description="Een paspoort om te reizen.", conditions=["Je bent Belg."],
            costs=[{"label": "Paspoort", "amount": "75"}], procedure=["Maak een afspraak."],
            channels=[{"kind": "appointment", "location": "Gemeentehuis", "duration_minutes": 15},
                      {"kind": "online", "login": "substantial", "url": "https://e-loket.example/paspoort"},
                      {"kind": "phone"}])
    product(organisation, "Identiteitskaart", related=["paspoort"], life_events=["op-reis"])
    product(organisation, "Visum", external_url="https://diplomatie.belgium.be/nl", competent_level="Federaal")
    return organisation


def test_search_page_lists_results_and_logs_the_search(client, gemeente):
    html = client.get("/producten/", {"q": "paspoord"}).content.decode()
    assert "Paspoort aanvragen" in html and "Bedoelde u" in html and 'role="search"' in html
    assert SearchTerm.objects.get(query="paspoord").searches == 1
    html = client.get("/producten/", {"q": "xyzzyplugh"}).content.decode()
    assert "We vonden niets" in html
    assert SearchTerm.objects.get(query="xyzzyplugh").zero_results == 1


@pytest.mark.parametrize("query", ["x" * 10_000, "<script>alert('x')</script>", "'; drop table x;--", "😀", "\x01"])
def test_search_page_survives_bad_input(client, gemeente, query):
    response = client.get("/producten/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_nul_byte_gives_the_400_page_not_an_error(client, gemeente):
    assert client.get("/producten/?q=a%00b").status_code == 400


def test_autocomplete_fragment(client, gemeente):
    html = client.get("/producten/suggesties/", {"q": "pasp"}, headers={"HX-Request": "true"}).content.decode()
    assert "Paspoort aanvragen" in html and "<html" not in html


def test_product_page_shows_what_conditions_costs_and_channels(client, gemeente):
    html = client.get("/producten/paspoort/", {"q": "paspoort"}).content.decode()
    for expected in ("Paspoort aanvragen", "Je bent Belg.", "€ 75,00", "Maak een afspraak", "Online aanvragen",
                     "https://e-loket.example/paspoort", "substantieel", "tel:+32 3 444 10 00"):
        assert expected in html, expected
    assert client.get("/producten/bestaat-niet/").status_code == 404
    english = client.get("/producten/paspoort/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "€ 75.00" in english and "How do you apply?" in english


def test_related_and_external_products(client, gemeente):
    html = client.get("/producten/identiteitskaart/").content.decode()
    assert "Vaak samen aangevraagd" in html and "/producten/paspoort/" in html
    html = client.get("/producten/visum/").content.decode()
    assert "https://diplomatie.belgium.be/nl" in html and "andere overheid" in html


def test_life_event_and_theme_pages(client, gemeente):
    html = client.get("/levensgebeurtenissen/op-reis/").content.decode()
    assert "Op reis gaan" in html and "Paspoort aanvragen" in html and "Identiteitskaart" in html
    assert "Paspoort aanvragen" in client.get("/themas/BurgerOverheid/").content.decode()
    assert client.get("/levensgebeurtenissen/onbekend/").status_code == 404
    assert client.get("/themas/Onbekend/").status_code == 404


def test_staff_pages_need_a_log_in(client, gemeente):
    response = client.get("/werkplek/catalogus/")
    assert response.status_code == 302 and "/medewerkers/" in response["Location"]


def test_staff_edit_preview_review_and_publish(client, gemeente):
    author = staff_member(organisation=gemeente)
    colleague = staff_member(organisation=gemeente, department_name="Klantcontact")
    passport = Product.objects.get(key="paspoort")
    log_in_with_second_factor(client, author)
    assert "Paspoort aanvragen" in client.get("/werkplek/catalogus/").content.decode()
    form = client.get(f"/werkplek/catalogus/{passport.pk}/bewerken/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update({"name": "Paspoort of reispas aanvragen", "themes": ["BurgerOverheid"], "life_events": ["op-reis"],
                 "costs": "Paspoort | 80", "note": "Nieuwe prijs"})
    response = client.post(f"/werkplek/catalogus/{passport.pk}/bewerken/", data)
    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.name == "Paspoort aanvragen"  # residents still see the published version
    preview = client.get(f"/werkplek/catalogus/{passport.pk}/voorbeeld/").content.decode()
    assert "Paspoort of reispas aanvragen" in preview and "€ 80,00" in preview and "Voorbeeld van versie 2" in preview
    version = passport.versions.get(state=State.DRAFT)
    client.post(f"/werkplek/catalogus/{passport.pk}/submit/", {"version": version.pk})
    response = client.post(f"/werkplek/catalogus/{passport.pk}/publish/", {"version": version.pk}, follow=True)
    assert "Een collega moet" in response.content.decode()
    log_in_with_second_factor(client, colleague)
    client.post(f"/werkplek/catalogus/{passport.pk}/publish/", {"version": version.pk})
    passport.refresh_from_db()
    assert passport.name == "Paspoort of reispas aanvragen" and passport.costs == [{"label": "Paspoort", "amount": "80.00"}]
    assert "Paspoort of reispas aanvragen" in client.get("/producten/paspoort/").content.decode()


def test_staff_form_errors_are_shown_and_input_kept(client, gemeente):
    author = staff_member(organisation=gemeente)
    log_in_with_second_factor(client, author)
    response = client.post("/werkplek/catalogus/nieuw/", {
        "name": "Nieuw product", "type": "Bewijs", "competent_level": "Lokaal", "executing_level": "Lokaal",
        "costs": "Kaart | gratis", "description": "Mijn tekst"})
    html = response.content.decode()
    assert response.status_code == 200 and "Geef een bedrag in euro" in html and "Mijn tekst" in html
    response = client.post("/werkplek/catalogus/nieuw/", {
        "name": "Nieuw product", "type": "Bewijs", "competent_level": "Lokaal", "executing_level": "Lokaal"})
    assert response.status_code == 302
    assert Product.objects.get(key="nieuw-product").state == State.DRAFT


def test_staff_cannot_open_other_organisations_products(client, gemeente):
    outsider = staff_member(organisation=OrganisationFactory())
    log_in_with_second_factor(client, outsider)
    passport = Product.objects.get(key="paspoort")
    assert client.get(f"/werkplek/catalogus/{passport.pk}/").status_code == 404
    assert client.get(f"/werkplek/catalogus/{passport.pk}/bewerken/").status_code == 404
    assert client.post(f"/werkplek/catalogus/{passport.pk}/archive/").status_code == 404
    assert "Paspoort aanvragen" not in client.get("/werkplek/catalogus/").content.decode()


def test_search_terms_page_and_adding_a_synonym(client, gemeente):
    client.get("/producten/", {"q": "wijkkaart 0470123456"})
    staff = staff_member(organisation=gemeente)
    log_in_with_second_factor(client, staff)
    html = client.get("/werkplek/catalogus/zoektermen/").content.decode()
    assert "wijkkaart [nummer]" in html and "0470123456" not in html
    client.post("/werkplek/catalogus/zoektermen/", {"term": "wijkkaart", "meaning": "identiteitskaart"})
    assert Synonym.objects.get(organisation=gemeente).meaning == "identiteitskaart"
    client.logout()
    assert "Identiteitskaart" in client.get("/producten/", {"q": "wijkkaart"}).content.decode()
