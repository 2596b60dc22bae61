"""Mijn loket in a real browser: a resident follows her case until the staff member closes it, with the keyboard
only, on a 360 px phone; axe-core finds no WCAG 2.1 A/AA violations on the pages on the way.

(The full matrix of every portal page on desktop, phone and 200 % zoom is in test_portal_accessibility.py.)
"""

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations
from .portal_world import log_in_resident, prepare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect

PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def portal(site, settings, tmp_path, monkeypatch):
    return prepare(settings, tmp_path, monkeypatch)


def assert_clean(page, axe):
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)
    width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways at 360 px"


def tab_to(page, name: str, limit: int = 120):
    """Press Tab until the focused element's accessible text contains ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement ? (document.activeElement.innerText || "
                                "document.activeElement.value || document.activeElement.getAttribute('aria-label') || '') : ''")
        if name in focused:
            return
    raise AssertionError(f"{name!r} not reachable with Tab")


def test_follow_a_case_until_it_is_closed_with_the_keyboard(new_page, site, portal, axe, tmp_path):
    from loket.cases import services as cases

    page = new_page(**PHONE)
    log_in_resident(page, site, portal.resident)
    page.goto(site + "/mijn/")
    expect(page.get_by_role("heading", name="Dit vraagt uw aandacht")).to_be_visible()
    expect(page.get_by_text("Een plan van de plaats waar de container komt")).to_be_visible()
    assert_clean(page, axe)

    # Keyboard: from the overview to the case, to the upload form.
    tab_to(page, "Document sturen")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="We vragen u een document")).to_be_visible()
    expect(page.get_by_text("We beslissen uiterlijk op")).to_be_visible()
    assert_clean(page, axe)
    # Sending without a file: a clear Dutch error next to the field.
    tab_to(page, "Document sturen")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Kies het bestand dat u wilt sturen.").first).to_be_visible()
    assert_clean(page, axe)
    plan = tmp_path / "plan-container.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Bestand").set_input_files(str(plan))
    page.get_by_label("Bestand").focus()
    tab_to(page, "Document sturen", limit=5)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Bedankt, we hebben uw document ontvangen.")).to_be_visible()
    expect(page.get_by_role("heading", name="We vragen u een document")).to_have_count(0)

    # The staff member decides and closes the case.
    zaak = portal.open_case
    zaak.refresh_from_db()
    cases.close_case(zaak=zaak, actor=portal.handler, resultaattype=portal.kcc.cases.results["verleend"],
                     cancel_open_tasks=True)

    page.goto(site + "/mijn/berichten/")
    message = page.get_by_role("link", name=f"Uw zaak {zaak.identificatie} is afgehandeld")
    expect(message).to_be_visible()
    assert_clean(page, axe)
    message.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Het resultaat: Verleend.")).to_be_visible()
    assert_clean(page, axe)
    tab_to(page, "Naar uw zaak")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Uw zaak is afgehandeld")).to_be_visible()
    expect(page.locator(".portal-step--todo")).to_have_count(0)
    assert_clean(page, axe)


def test_my_data_with_a_code_by_keyboard(new_page, site, portal, axe):
    import re

    from loket.platform.messaging.models import OutgoingEmail

    page = new_page(**PHONE)
    log_in_resident(page, site, portal.resident)
    page.goto(site + "/mijn/gegevens/")
    assert_clean(page, axe)
    page.get_by_text("Een e-mailadres toevoegen").click()
    page.get_by_label("Nieuw e-mailadres").fill("sofie.nieuw@example.org")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Vul de code in")).to_be_visible()
    assert_clean(page, axe)
    code = re.search(r"\b(\d{6})\b", OutgoingEmail.objects.order_by("-pk").first().body_text).group(1)
    page.get_by_label("Code van 6 cijfers").fill(code)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Bevestigd: sofie.nieuw@example.org is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("sofie.nieuw@example.org").last).to_be_visible()
    assert_clean(page, axe)
