"""The contact-centre workspace in a real browser: find a party, register a contact, hand over a callback request.

Keyboard only; axe-core finds no WCAG 2.1 A/AA violations on any workspace page. With LOKET_SCREENSHOTS=1 the tests
also refresh docs/screenshots/kcc-*.png.
"""

import os
from pathlib import Path

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def kcc(site):
    from loket.contacts.tests.kcc_world import build_kcc_world
    from loket.platform.tests.factories import TOTPDeviceFactory

    world = build_kcc_world()
    TOTPDeviceFactory(user=world.agent)
    TOTPDeviceFactory(user=world.cases.clerk_other)
    return world


def _screenshot(page, name):
    if os.environ.get("LOKET_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _no_violations(page, axe):
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)


def test_find_a_party_register_a_contact_and_hand_over_with_the_keyboard(page, new_page, site, kcc, axe, browser_problems):
    from loket.contacts.models import ContactMoment, InternalTask

    log_in(page, site, kcc.agent)
    page.goto(site + "/werkplek/klantcontact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Klantcontact")
    _no_violations(page, axe)

    # Find: results appear while typing; arrow down to the first one, Enter opens it with the preselected reason.
    search = page.get_by_label("Zoek een klant")
    search.focus()
    page.keyboard.type("Vermeulen", delay=30)
    first = page.locator("[data-kcc-result]").first
    expect(first).to_contain_text("Sofie Vermeulen")
    expect(page.locator("#kcc-results-status")).to_have_text("2 klanten gevonden")
    _no_violations(page, axe)
    _screenshot(page, "kcc-search.png")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("[data-kcc-result]").nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sofie Vermeulen")
    expect(page.get_by_text("Geopend met reden: Klant aan de lijn")).to_be_visible()
    expect(page.get_by_text("vertrouwelijk dossier bij Sociale dienst")).to_be_visible()
    _no_violations(page, axe)

    # Register: the question has the focus; the product is suggested from it, its knowledge article shown beside.
    question = page.get_by_label("Vraag", exact=True)
    expect(question).to_be_focused()
    page.keyboard.type("Hoe krijg ik een parkeerkaart voor mijn straat?", delay=10)
    product = page.get_by_label("Parkeerkaart voor bewoners")
    expect(product).to_be_visible()
    product.focus()
    page.keyboard.press("Space")
    expect(page.locator("#kcc-knowledge")).to_contain_text("Vraag naar de nummerplaat.")
    _no_violations(page, axe)
    _screenshot(page, "kcc-party.png")
    page.get_by_label("Antwoord", exact=True).focus()
    page.keyboard.type("Aanvragen kan online via het e-loket.", delay=5)
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status").filter(has_text="Contact geregistreerd.")).to_be_visible()
    expect(page.locator("#kcc-timeline")).to_contain_text("Hoe krijg ik een parkeerkaart voor mijn straat?")
    # Ready for the caller's next question: the question field has the focus again.
    expect(page.get_by_label("Vraag", exact=True)).to_be_focused()
    contact = ContactMoment.objects.get()
    assert (contact.channel, contact.outcome, contact.product_id) == ("telefoon", "beantwoord", kcc.product.pk)

    # Hand over: a callback request for Mobiliteit with the default deadline.
    page.keyboard.type("Mag ik een verhuiswagen voor mijn deur zetten?", delay=5)
    page.get_by_label("Doorgezet (terugbelverzoek of taak)").check()
    page.locator("summary", has_text="Overdragen als terugbelverzoek").focus()
    details = page.locator("details.kcc-handover")
    if not details.evaluate("el => el.open"):
        page.keyboard.press("Enter")
    page.get_by_label("Aan afdeling").select_option(label="Mobiliteit")
    page.get_by_label("Toelichting voor je collega (niet verplicht)").fill("Klant is bereikbaar na 14 uur.")
    page.get_by_role("button", name="Contact registreren").click()
    expect(page.get_by_role("status").filter(has_text="terugbelverzoek overgedragen")).to_be_visible()
    task = InternalTask.objects.get()
    assert task.department == kcc.cases.mobility

    # The department's queue shows it; the answer becomes a contact.
    colleague = new_page()
    log_in(colleague, site, kcc.cases.clerk_other)
    colleague.goto(site + "/werkplek/terugbelverzoeken/")
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Terugbelverzoeken", timeout=15_000)
    expect(colleague.get_by_text("Mag ik een verhuiswagen voor mijn deur zetten?")).to_be_visible(timeout=15_000)
    _no_violations(colleague, axe)
    _screenshot(colleague, "kcc-callbacks.png")
    colleague.get_by_role("link", name="Beantwoorden").first.click()
    _no_violations(colleague, axe)
    assert browser_problems.collect(page) == []
    assert browser_problems.collect(colleague) == []


def test_every_other_workspace_page_has_no_wcag_violations(page, site, kcc, axe, browser_problems):
    log_in(page, site, kcc.agent)
    pages = {
        "/werkplek/klantcontact/anoniem/": "Anoniem contact",
        "/werkplek/terugbelverzoeken/": "Terugbelverzoeken",
        "/werkplek/kennisbank/": "Kennisbank",
        f"/werkplek/kennisbank/{kcc.product.pk}/": "Parkeerkaart voor bewoners",
        f"/werkplek/klantcontact/klant/{kcc.resident.pk}/": "Klantbeeld van Sofie Vermeulen openen",
    }
    for path, heading in pages.items():
        page.goto(site + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        _no_violations(page, axe)
    _screenshot(page, "kcc-open-reason.png")
    page.get_by_role("button", name="Klantbeeld openen").click()
    page.get_by_role("button", name="Contact registreren").click()  # nothing typed: errors shown, axe checks them
    expect(page.get_by_text("Controleer de gemarkeerde velden.")).to_be_visible()
    _no_violations(page, axe)
    page.goto(site + f"/werkplek/klantcontact/klant/{kcc.resident.pk}/melding/")
    _no_violations(page, axe)
    page.goto(site + f"/werkplek/kennisbank/{kcc.product.pk}/")
    _screenshot(page, "kcc-knowledge.png")
    assert browser_problems.collect(page) == []
