"""The resident catalog: search with autocomplete, did-you-mean and the product page, in a real browser."""

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations

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
                                  "/producten/paspoort/", "/levensgebeurtenissen/op-reis/"])
def test_catalog_pages_have_no_wcag_violations(path, page, site, catalog, axe, browser_problems):
    page.goto(site + path)
    expect(page.locator("h1")).to_be_visible()
    violations = axe_violations(page, axe)
    assert not violations, f"axe-core found WCAG 2.1 A/AA violations on {page.url}:\n{describe_violations(violations)}"
    assert not browser_problems.collect(page)


def test_search_with_autocomplete_and_did_you_mean(page, site, catalog, browser_problems):
    page.goto(site + "/producten/")
    page.get_by_label("Wat zoek je?").press_sequentially("pasp", delay=50)
    suggestion = page.get_by_role("link", name="Paspoort aanvragen")
    expect(suggestion).to_be_visible()
    page.get_by_label("Wat zoek je?").fill("paspoord")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Bedoelde je")).to_be_visible()
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
