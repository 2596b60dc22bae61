"""The main journeys of Mijn loket end to end in a real browser, as residents and staff do them:

- search a product, log in (test identity provider), apply online, pay (test payment), get the case number; staff
  handle the case in the workspace and close it; the resident follows it on /mijn/zaken/ until it is closed;
- report a problem on /melden/ while logged in and find it under /mijn/meldingen/;
- ask a question on /mijn/vragen/, staff answer it in the KCC workspace, the resident reads the answer — the
  resident with the keyboard only (Tab, Enter and typing; the focus is visible at every Tab stop on the way).

axe-core checks every page the resident passes (and test_portal_accessibility.py every resident page on three screens).
With LOKET_SCREENSHOTS=1 the journeys also refresh docs/screenshots/portal-*.png.
"""

import datetime
import os
import re
from pathlib import Path

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations, log_in
from .portal_world import prepare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def portal(site, settings, tmp_path, monkeypatch):
    return prepare(settings, tmp_path, monkeypatch)


def accessible(page, axe):
    violations = axe_violations(page, axe)
    assert not violations, f"axe-core found WCAG 2.1 A/AA violations on {page.url}:\n{describe_violations(violations)}"


def screenshot(page, name: str, *, full_page: bool = True):
    if os.environ.get("LOKET_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def log_in_with_test_idp(page, name: str, level: str = "substantial"):
    """On the log-in page: the test identity provider, the level, the resident."""
    page.get_by_role("link", name="Inloggen met Testaanmelding").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Testaanmelding")
    page.locator(f"#level-{level}").check()
    page.get_by_role("button", name=re.compile(rf"^{re.escape(name)}")).click()
    page.wait_for_load_state()


def test_search_apply_online_and_follow_the_case_until_staff_close_it(page, new_page, site, portal, axe,
                                                                      browser_problems):
    from loket.cases.models import Zaak
    from loket.eforms.models import Submission

    # Search the catalog and open the product.
    page.goto(site + "/producten/")
    page.get_by_label("Wat zoekt u?").fill("parkeerkaart")
    page.get_by_role("button", name="Zoeken").click()
    page.locator("main").get_by_role("link", name="Parkeerkaart voor bewoners").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parkeerkaart voor bewoners")

    # Apply online: the form needs a log-in at level "substantial".
    page.get_by_role("link", name="Online aanvragen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen op Mijn loket")
    accessible(page, axe)
    log_in_with_test_idp(page, "Sofie Vermeulen")
    expect(page).to_have_url(re.compile(rf"/aanvragen/{portal.form_product.key}/"))
    accessible(page, axe)
    page.get_by_role("button", name="Start de aanvraag").click()

    # Step 1 is filled in with what the municipality knows (ask once).
    expect(page.get_by_label("Voornaam")).to_have_value("Sofie")
    expect(page.get_by_label("E-mailadres")).to_have_value("sofie.vermeulen@example.org")
    accessible(page, axe)
    screenshot(page, "portal-form-step-desktop.png")
    page.get_by_role("button", name="Volgende").click()

    # Step 2: a mistake first — the answers stay, the errors are next to the fields.
    page.get_by_label("Nummerplaat").fill("1-ABC-123")
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("Nummerplaat")).to_have_value("1-ABC-123")
    accessible(page, axe)
    start = datetime.date.today() + datetime.timedelta(days=5)
    page.get_by_label("Vanaf wanneer?").fill(start.isoformat())  # a date input: the browser shows it localised
    page.get_by_role("group", name="Is het een elektrische auto?").get_by_label("Nee").check()
    page.get_by_role("button", name="Volgende").click()

    # Summary, payment (the demo's test provider) and the confirmation with the case number.
    expect(page).to_have_url(re.compile("/overzicht/$"))
    expect(page.locator("main").get_by_text("1-ABC-123", exact=True)).to_be_visible()
    accessible(page, axe)
    screenshot(page, "portal-form-summary-desktop.png")
    page.get_by_label(re.compile("naar waarheid")).check()
    page.get_by_role("button", name="Betalen en versturen").click()
    page.get_by_role("button", name="Betalen", exact=True).click()
    page.wait_for_url("**/bevestiging/")
    submission = Submission.objects.get(party=portal.resident, state="submitted")
    zaak = submission.zaak
    expect(page.get_by_text(zaak.identificatie).first).to_be_visible()
    accessible(page, axe)
    assert zaak.initiator_party_id == portal.resident.pk

    # The resident finds the new case under "Mijn zaken".
    page.goto(site + "/mijn/zaken/")
    page.get_by_role("link", name=re.compile(zaak.identificatie)).or_(
        page.get_by_role("link", name=re.compile("Inname openbaar domein"))).first.click()
    expect(page.get_by_text(zaak.identificatie).first).to_be_visible()
    expect(page.get_by_role("heading", name="Wat gebeurt er nu?")).to_be_visible()

    # Staff handle the case in the workspace: a status, then a result and the case is closed.
    staff = new_page()
    log_in(staff, site, portal.handler)
    staff.goto(site + f"/werkplek/zaken/{zaak.uuid}/")
    staff.locator("summary", has_text="Status toevoegen").click()
    staff.locator("#id_status-statustype").select_option(label="In behandeling")
    staff.locator("#id_status-toelichting").fill("We bekijken uw aanvraag.")
    staff.get_by_role("button", name="Status zetten").click()
    expect(staff.get_by_role("status").first).to_be_visible()

    page.reload()
    expect(page.get_by_text("In behandeling").first).to_be_visible()
    accessible(page, axe)

    staff.locator("summary", has_text="Resultaat en afsluiten").click()
    staff.locator("#id_close-resultaattype").select_option(label="Verleend")
    staff.locator("#id_close-toelichting").fill("Parkeerkaart verleend")
    staff.get_by_role("button", name="Zaak afsluiten").click()
    expect(staff.get_by_role("status").first).to_be_visible()
    zaak.refresh_from_db()
    assert zaak.is_closed

    # The resident sees it closed, with the result, and a message about it.
    page.reload()
    expect(page.get_by_role("heading", name="Uw zaak is afgehandeld")).to_be_visible()
    expect(page.get_by_text("Verleend").first).to_be_visible()
    accessible(page, axe)
    page.goto(site + "/mijn/zaken/?toon=afgesloten")
    expect(page.locator("main").get_by_text(re.compile("Afgehandeld op")).first).to_be_visible()
    assert Zaak.objects.filter(initiator_party=portal.resident, is_closed=True).count() == 2
    assert browser_problems.collect(page) == []
    assert browser_problems.collect(staff) == []


def test_report_a_problem_and_find_it_under_my_meldingen(page, site, portal, axe, browser_problems):
    from loket.meldingen.models import Melding

    page.goto(site + "/mijn/aanmelden/?next=/melden/")
    log_in_with_test_idp(page, "Sofie Vermeulen", level="low")
    expect(page).to_have_url(re.compile("/melden/$"))
    page.get_by_label("Wat wilt u melden?").fill("Er ligt een grote tak op het fietspad, fietsers moeten uitwijken.")
    page.get_by_label("Categorie").select_option(index=1)
    page.get_by_label("Adres of plaats").fill("Kerkstraat 3")
    page.get_by_role("button", name="Melding versturen").click()
    page.wait_for_load_state()
    if page.get_by_label("Bedoelt u").count():  # the street exists in more than one part of the municipality
        page.get_by_label("Bedoelt u").first.check()
        page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Bedankt, uw melding is verstuurd")).to_be_visible()
    melding = Melding.objects.filter(text__startswith="Er ligt een grote tak").get()
    assert melding.party_id == portal.resident.pk, "a melding made while logged in belongs to the resident"

    page.goto(site + "/mijn/meldingen/")
    items = page.locator("main li")
    expect(items).to_have_count(2)
    expect(items.filter(has_text="Kerkstraat 3")).to_have_count(1)  # the new one
    expect(items.filter(has_text="Molenstraat 7")).to_have_count(1)  # reported earlier
    items.filter(has_text="Kerkstraat 3").get_by_role("link").first.click()
    expect(page.get_by_text("Er ligt een grote tak op het fietspad").first).to_be_visible()
    accessible(page, axe)
    assert browser_problems.collect(page) == []


def tab_to(page, text: str, *, limit: int = 120, backwards: bool = False):
    """Press Tab (or Shift+Tab) until the focused element is named ``text``. The focus must be visible (an outline
    of at least 2 px or a focus shadow) on every element the keyboard passes on the way."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
            const style = getComputedStyle(el);
            return {tag: el.tagName, name: (el.innerText || el.value || label || el.getAttribute('aria-label') || '').trim(),
                    label: label.trim(), outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                    shadow: style.boxShadow};
        }""")
        if focused["tag"] in ("BODY", "MAIN"):
            continue
        visible = (focused["outline"] != "none" and focused["width"] >= 2) or focused["shadow"] != "none"
        assert visible, f"no visible focus on {focused['name'][:60]!r} ({focused}) on {page.url}"
        if text in (focused["name"], focused["label"]) or focused["name"].startswith(text) \
                or focused["label"].startswith(text):
            return
    raise AssertionError(f"{text!r} cannot be reached with the keyboard")


def test_ask_a_question_staff_answer_it_and_read_the_answer_with_the_keyboard_only(page, new_page, site, portal,
                                                                                   axe, browser_problems):
    from loket.contacts.models import InternalTask

    # Log in with the keyboard only: the test identity provider, level "low", the resident.
    page.goto(site + "/mijn/aanmelden/?next=/mijn/vragen/")
    tab_to(page, "Inloggen met Testaanmelding")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Testaanmelding")
    tab_to(page, "Sofie Vermeulen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn/vragen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn vragen")
    accessible(page, axe)

    # Ask: an empty question is refused with a message, then the question is sent.
    tab_to(page, "Een vraag stellen")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Een vraag stellen")
    tab_to(page, "Uw vraag")
    page.keyboard.type("Mag ik mijn haag tot op de stoep laten groeien?")
    tab_to(page, "Vraag versturen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn/vragen/**")
    expect(page.get_by_text("Mag ik mijn haag tot op de stoep laten groeien?").first).to_be_visible()
    accessible(page, axe)

    # Staff answer it from the callback queue in the KCC workspace.
    task = InternalTask.objects.get(contact__question="Mag ik mijn haag tot op de stoep laten groeien?")
    staff = new_page()
    log_in(staff, site, portal.agent)
    staff.goto(site + f"/werkplek/terugbelverzoeken/{task.pk}/beantwoorden/")
    if staff.get_by_role("heading", name="Terugbelverzoek beantwoorden").count() == 0:
        staff.goto(site + "/werkplek/terugbelverzoeken/?voor=department")
        staff.get_by_role("link", name="Beantwoorden").first.click()
    staff.get_by_label("Antwoord voor de klant").fill("Nee, er moet 1,5 meter vrije doorgang op de stoep blijven.")
    staff.get_by_role("button", name="Antwoord versturen").click()
    staff.wait_for_load_state()
    task.refresh_from_db()
    assert not task.is_open

    # The resident reads the answer (keyboard: reload, then the page shows it).
    page.reload()
    expect(page.get_by_text("Nee, er moet 1,5 meter vrije doorgang op de stoep blijven.").first).to_be_visible()
    accessible(page, axe)
    screenshot(page, "portal-questions-desktop.png")
    assert browser_problems.collect(page) == []
