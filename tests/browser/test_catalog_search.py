"""The resident catalog: search with autocomplete, did-you-mean and the product page, in a real browser.

With LOKET_SCREENSHOTS=1 the tests also refresh docs/screenshots/catalog-*.png.
"""

import os
from pathlib import Path

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect


@pytest.fixture
def catalog(organisation):
    from loket.catalog.tests.helpers import product

    product(organisation, "Paspoort aanvragen", key="paspoort", short_description="Een paspoort om te reizen.",
            conditions=["Je bent Belg."], costs=[{"label": "Paspoort", "amount": "75"}],
            procedure=["Maak een afspraak.", "Kom langs met je pasfoto."], life_events=["op-reis"],
            channels=[{"kind": "appointment", "location": "Gemeentehuis Testdorp", "duration_minutes": 15},
                      {"kind": "online", "login": "substantial", "url": "https://e-loket.example/paspoort"},
                      {"kind": "phone"}])
    product(organisation, "Identiteitskaart aanvragen", key="identiteitskaart", related=["paspoort"])
    return organisation


@pytest.mark.parametrize("path", ["/producten/", "/producten/?q=paspoord", "/producten/?q=zzzqqq",
                                  "/producten/paspoort/", "/levensgebeurtenissen/op-reis/", "/themas/BurgerOverheid/"])
def test_catalog_pages_have_no_wcag_violations(path, page, site, catalog, axe, browser_problems):
    page.goto(site + path)
    expect(page.locator("h1")).to_be_visible()
    violations = axe_violations(page, axe)
    assert not violations, f"axe-core found WCAG 2.1 A/AA violations on {page.url}:\n{describe_violations(violations)}"
    assert not browser_problems.collect(page)


def test_search_with_autocomplete_and_did_you_mean(page, site, catalog, browser_problems):
    page.goto(site + "/producten/")
    page.get_by_label("Wat zoekt u?").press_sequentially("pasp", delay=50)
    suggestion = page.get_by_role("link", name="Paspoort aanvragen")
    expect(suggestion).to_be_visible()
    page.get_by_label("Wat zoekt u?").fill("paspoord")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Bedoelde u")).to_be_visible()
    page.locator("main ol").get_by_role("link", name="Paspoort aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paspoort aanvragen")
    expect(page.get_by_role("link", name="Online aanvragen")).to_be_visible()
    assert not browser_problems.collect(page)


@pytest.mark.parametrize("path", ["/producten/?q=paspoort", "/producten/paspoort/"])
def test_catalog_fits_a_phone_screen(path, new_page, site, catalog):
    page = new_page(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page.goto(site + path)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()


# -- Screenshots for docs/catalog.md ----------------------------------------------------------------------------
# A municipality as the demo has it (Heidebeek), with a few real products. The test checks what residents and
# staff see; with LOKET_SCREENSHOTS=1 it also refreshes docs/screenshots/catalog-*.png.

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

CONTAINER = {
    "key": "inname-openbaar-domein", "name": "Container, stelling of verhuislift op straat plaatsen",
    "type": "Toelating", "themes": ["MobiliteitOpenbareWerken"], "audiences": ["Burger", "Onderneming"],
    "life_events": ["verhuizen", "bouwen-verbouwen"],
    "short_description": "Plaatst u een container, stelling, werfkeet of verhuislift op de stoep of straat? "
                         "Vraag een toelating voor inname van het openbaar domein.",
    "description": "De straat, het voetpad en de parkeerplaatsen zijn openbaar domein. Wilt u daar tijdelijk iets "
                   "plaatsen, zoals een container bij een verbouwing, een stelling, een werfkeet of een verhuislift? "
                   "Dan hebt u toelating nodig.\n\nIn de toelating staat waar en hoe lang u het mag plaatsen en welke "
                   "verkeersborden nodig zijn. Voetgangers moeten veilig kunnen passeren.",
    "conditions": ["U vraagt de toelating minstens 10 werkdagen vooraf aan.",
                   "Er blijft een vrije doorgang van minstens 1,5 meter voor voetgangers, of u voorziet een veilige "
                   "omleiding."],
    "evidence": ["Het adres en de afmetingen van wat u plaatst.", "De begin- en einddatum.",
                 "Een eenvoudige schets van de plaats."],
    "procedure": ["Vraag de toelating aan via het e-loket.", "We bekijken de aanvraag en geven voorwaarden mee.",
                  "U betaalt de retributie.",
                  "Plaats de borden minstens 48 uur vooraf als u parkeerplaatsen inneemt."],
    "costs": [{"label": "Dossierkost", "amount": "20"}, {"label": "Inname per m² per dag (vanaf dag 8)", "amount": "0,50"}],
    "cost_explanation": "De eerste 7 dagen betaalt u alleen de dossierkost. Voor verhuizingen van één dag is de "
                        "inname gratis.",
    "lead_time": "Binnen 10 werkdagen.", "lead_time_days": 10,
    "channels": [
        {"kind": "online", "login": "low", "url": "https://e-loket.heidebeek.example/inname-openbaar-domein",
         "handling_time": "Beslissing binnen 10 werkdagen."},
        {"kind": "counter", "location": "Gemeentehuis Heidebeek", "note": "Aan het onthaal, zonder afspraak."},
        {"kind": "phone", "handling_time": "Beslissing binnen 10 werkdagen."},
        {"kind": "email"},
    ],
    "keywords": ["container op straat", "puincontainer", "stelling", "steiger", "verhuislift", "werfkeet",
                 "inname openbaar domein", "vergunning container", "stoep gebruiken"],
    "related": ["parkeerverbod-aanvragen", "restafval"],
}
OTHER_PRODUCTS = [
    {"key": "parkeerverbod-aanvragen", "name": "Tijdelijk parkeerverbod voor een verhuis of levering",
     "type": "Toelating", "life_events": ["verhuizen"],
     "short_description": "Hebt u plaats nodig voor een verhuiswagen of levering voor de deur? Vraag een tijdelijk "
                          "parkeerverbod aan en leen de borden bij de gemeente.",
     "description": "Plaatst u ook een verhuislift of container? Vraag dat in dezelfde aanvraag.",
     "costs": [{"label": "Borden ophalen", "amount": "0"}, {"label": "Borden geleverd", "amount": "35"}],
     "keywords": ["parkeerverbod", "verhuiswagen", "borden", "verhuis"]},
    {"key": "restafval", "name": "Restafval: huisvuilzakken en diftar-container", "type": "InfrastructuurMateriaal",
     "short_description": "Restafval zet u buiten in een betalende IAN-huisvuilzak of in een container met chip die "
                          "per kilo betaalt (diftar).",
     "keywords": ["grijze container", "restafvalcontainer", "huisvuil", "diftar"]},
    {"key": "grofvuil-ophalen", "name": "Grofvuil laten ophalen aan huis", "type": "InfrastructuurMateriaal",
     "short_description": "Te groot voor de huisvuilzak? IAN haalt grofvuil op afspraak bij u thuis op.",
     "keywords": ["grofvuil", "ophaling aan huis", "meubels", "matras"]},
    {"key": "gft-container", "name": "Gft-container aanvragen of vervangen", "type": "Voorwerp",
     "short_description": "Vraag een gft-container aan, of een grotere of kleinere, of meld een kapotte container.",
     "keywords": ["gft", "groene container", "bioafval"]},
    {"key": "verhuizing-doorgeven", "name": "Verhuizing doorgeven", "type": "Bewijs", "life_events": ["verhuizen"],
     "short_description": "Verhuist u binnen Heidebeek of komt u hier wonen? Geef uw nieuwe adres binnen 8 dagen door.",
     "keywords": ["adreswijziging", "nieuw adres", "domicilie"]},
]


@pytest.fixture
def heidebeek(site):
    """Gemeente Heidebeek with its town hall, the products above and two editors of Openbare Ruimte."""
    from loket.catalog import services
    from loket.platform.organisations.models import Location
    from loket.platform.tests.factories import (
        DepartmentFactory,
        MembershipFactory,
        OrganisationFactory,
        TOTPDeviceFactory,
        UserFactory,
    )

    gemeente = OrganisationFactory(name="Gemeente Heidebeek", slug="heidebeek", kind="gemeente",
                                   phone="+32 15 28 40 00", email="info@heidebeek.example")
    Location.objects.create(organisation=gemeente, name="Gemeentehuis Heidebeek", kind="gemeentehuis",
                            street="Dorpsplein", house_number="1", postal_code="2870", city="Heidebeek",
                            latitude="51.050000", longitude="4.380000", phone="+32 15 28 40 00")
    department = DepartmentFactory(organisation=gemeente, name="Openbare Ruimte", slug="openbare-ruimte")
    editor = UserFactory(username="wim.desmet", first_name="Wim", last_name="De Smet", organisation=gemeente,
                         email="wim.desmet@heidebeek.example")
    reviewer = UserFactory(username="lien.janssens", first_name="Lien", last_name="Janssens", organisation=gemeente,
                           email="lien.janssens@heidebeek.example")
    for user in (editor, reviewer):
        MembershipFactory(user=user, department=department, role="behandelaar")
    TOTPDeviceFactory(user=reviewer)

    for data in OTHER_PRODUCTS:
        services.create_product(organisation=gemeente, data={"channels": [{"kind": "online", "login": "low"}], **data},
                                publish=True, source="demo")
    # The container product went through the four-eyes workflow: published, then a new draft waits for review.
    container = services.create_product(organisation=gemeente, data=CONTAINER, actor=editor)
    first = container.versions.get()
    services.submit_for_review(actor=editor, version=first)
    services.publish(actor=reviewer, version=first)
    services.set_related(container, CONTAINER["related"])
    cheaper = {**CONTAINER, "cost_explanation": "De eerste 7 dagen betaalt u alleen de dossierkost. Verhuizingen van "
                                                "één dag en buurtfeesten zijn gratis."}
    second = services.save_draft(actor=editor, product=container, data=cheaper,
                                 note="Buurtfeesten gratis volgens gemeenteraadsbesluit van 12 mei.")
    services.submit_for_review(actor=editor, version=second)
    services.rebuild_search(gemeente)
    return gemeente, container, reviewer


def _screenshot(page, name):
    if os.environ.get("LOKET_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_catalog_screens_for_residents_and_staff(new_page, site, heidebeek, browser_problems):
    gemeente, container, reviewer = heidebeek

    phone = new_page(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    phone.goto(site + "/producten/")
    phone.get_by_label("Wat zoekt u?").fill("container voor de deur")
    phone.get_by_role("button", name="Zoeken").click()
    results = phone.locator("main ol")
    expect(results.get_by_role("link", name=CONTAINER["name"])).to_be_visible()
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 360
    _screenshot(phone, "catalog-search-mobile.png")
    assert not browser_problems.collect(phone)

    page = new_page()
    page.goto(site + f"/producten/{container.key}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(CONTAINER["name"])
    expect(page.get_by_text(CONTAINER["conditions"][0])).to_be_visible()
    expect(page.get_by_role("rowheader", name="Dossierkost")).to_be_visible()
    expect(page.get_by_text("Verhuizingen van één dag en buurtfeesten")).to_have_count(0)  # the draft is not public
    _screenshot(page, "catalog-product-desktop.png")

    log_in(page, site, reviewer)
    page.goto(site + f"/werkplek/catalogus/{container.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(CONTAINER["name"])
    expect(page.get_by_role("button", name="Publiceren")).to_be_visible()
    expect(page.get_by_role("table").get_by_text("Lien Janssens")).to_be_visible()
    _screenshot(page, "catalog-staff-desktop.png")
    assert not browser_problems.collect(page)
