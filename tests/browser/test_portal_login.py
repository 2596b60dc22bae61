"""Residents log in to Mijn loket through the test identity provider: keyboard only, at 360 px, without axe-core
violations on the log-in pages, the provider's page, the representation page and the error page."""

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect


@pytest.fixture
def resident(organisation, settings):
    from loket.contacts import services as contacts
    from loket.platform.tests.factories import PartyFactory

    settings.LOKET_TEST_IDP = True
    settings.LOKET_RESIDENT_OIDC_PROVIDERS = ""
    anna = PartyFactory(organisation=organisation, first_name="Anna", last_name="Peeters",
                        national_number="85073003328")
    child = PartyFactory(organisation=organisation, first_name="Lotte", last_name="Peeters")
    contacts.add_representation(representative=anna, represented=child, reason="familie")
    return anna


def tab_to(page, name: str, limit: int = 80):
    """Press Tab until the focused element's text contains ``name`` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement ? document.activeElement.innerText || '' : ''")
        if name in text:
            return
    raise AssertionError(f"{name!r} cannot be reached with Tab")


def assert_accessible(page, axe):
    violations = axe_violations(page, axe)
    assert violations == [], describe_violations(violations)


def assert_fits(page, width):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide on a {width}px screen"


def test_log_in_with_the_keyboard_only_and_act_for_a_child(page, site, resident, axe, browser_problems):
    page.goto(site + "/mijn/aanmelden/?next=/mijn/namens/")
    expect(page.get_by_role("heading", name="Inloggen op Mijn loket")).to_be_visible()
    assert_accessible(page, axe)

    tab_to(page, "Inloggen met Testaanmelding")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Testaanmelding — alleen voor demo en tests")).to_be_visible()
    expect(page.get_by_text("Let op: dit is geen echte aanmelding")).to_be_visible()
    assert_accessible(page, axe)

    tab_to(page, "Anna Peeters")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn/namens/")
    expect(page.get_by_text("Ingelogd als Anna Peeters")).to_be_visible()
    assert_accessible(page, axe)

    tab_to(page, "Namens Lotte Peeters")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Namens Lotte Peeters").first).to_be_visible()

    tab_to(page, "Afmelden")
    page.keyboard.press("Enter")
    expect(page.get_by_text("U bent afgemeld.")).to_be_visible()
    assert browser_problems.collect(page) == []


@pytest.mark.parametrize("width", [360, 640])
def test_log_in_pages_fit_a_small_screen_and_200_percent_zoom(new_page, site, resident, axe, width):
    page = new_page(viewport={"width": width, "height": 780})
    page.goto(site + "/mijn/aanmelden/?niveau=substantial&next=/mijn/namens/")
    assert_fits(page, width)
    page.get_by_role("link", name="Inloggen met Testaanmelding").click()
    expect(page.get_by_text("Let op: dit is geen echte aanmelding")).to_be_visible()
    assert_fits(page, width)
    page.get_by_role("button", name="Anna Peeters").click()
    page.wait_for_url("**/mijn/namens/")
    assert_fits(page, width)
    assert_accessible(page, axe)


def test_a_cancelled_log_in_shows_an_accessible_dutch_page(page, site, resident, axe):
    page.goto(site + "/mijn/aanmelden/")
    page.get_by_role("link", name="Inloggen met Testaanmelding").click()
    page.get_by_role("button", name="Annuleren en terug").click()
    expect(page.get_by_role("heading", name="Inloggen afgebroken")).to_be_visible()
    expect(page.get_by_text("U heeft het aanmelden afgebroken")).to_be_visible()
    assert_accessible(page, axe)
