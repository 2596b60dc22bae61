"""Case handling in the staff workspace: the work queue and the case page in a real browser.

axe-core finds no WCAG 2.1 A/AA violations, and a case handler works with the keyboard only.
With LOKET_SCREENSHOTS=1 the tests also refresh docs/screenshots/cases-*.png.
"""

import datetime
import os
from pathlib import Path

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def cases_world(site, settings, tmp_path):
    """A municipality with a published case type, cases for the handler (one overdue) and a task for mobility."""
    from loket.cases import services
    from loket.cases.models import Zaak
    from loket.cases.tests.conftest import build_world, pdf_file
    from loket.platform.tests.factories import PartyFactory, TOTPDeviceFactory

    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages
    world = build_world()
    world.handler.first_name, world.handler.last_name = "Els", "Wouters"
    world.handler.save()
    TOTPDeviceFactory(user=world.handler)
    today = datetime.date.today()
    descriptions = ["Container voor renovatie Kerkstraat 12", "Werfzone Stationsplein", "Verhuislift Molenstraat 3",
                    "Stelling gevelwerken Markt 8", "Terras Dorpsplein"]
    cases = []
    for number, omschrijving in enumerate(descriptions):
        party = PartyFactory(organisation=world.gemeente, first_name=["An", "Bart", "Chris", "Dina", "Eva"][number])
        zaak = world.create_case(omschrijving=omschrijving, initiator=party, assignee=world.handler if number < 4 else None)
        cases.append(zaak)
    Zaak.objects.filter(pk=cases[1].pk).update(uiterlijke_einddatum_afdoening=today - datetime.timedelta(days=2))
    Zaak.objects.filter(pk=cases[2].pk).update(uiterlijke_einddatum_afdoening=today + datetime.timedelta(days=1))
    main = cases[0]
    services.set_status(zaak=main, statustype=world.statuses[1], actor=world.handler, toelichting="Aanvraag is volledig")
    services.create_task(zaak=main, title="Advies parkeren en omleiding", department=world.mobility, deadline_days=5,
                         actor=world.handler)
    services.create_task(zaak=main, title="Advies politie: veiligheid", department=world.police_dept, deadline_days=3,
                         actor=world.handler)
    services.add_document(zaak=main, file=pdf_file("aanvraag-container.pdf"), titel="Aanvraagformulier",
                          informatieobjecttype=world.doc_type, actor=world.handler)
    services.add_note(zaak=main, text="Aanvrager gebeld: container staat er van 3 tot 10 maart.", actor=world.handler)
    return world, main


def _screenshot(page, name):
    if os.environ.get("LOKET_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_work_queue_and_case_page_have_no_wcag_violations(page, site, cases_world, axe, browser_problems):
    world, main = cases_world
    log_in(page, site, world.handler)

    page.goto(site + "/werkplek/zaken/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn zaken")
    expect(page.get_by_role("table").get_by_text("Termijn overschreden")).to_be_visible()
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)
    _screenshot(page, "cases-queue-desktop.png")

    page.goto(site + f"/werkplek/zaken/{main.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(main.identificatie)
    _screenshot(page, "cases-case-page-desktop.png")
    for name in ("Status toevoegen", "Taak voor een afdeling of partner", "Document toevoegen"):
        page.get_by_text(name, exact=True).click()  # open the forms: axe checks them too
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)

    page.goto(site + "/werkplek/taken/?voor=department")
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)

    # The new case form, after a search for the applicant and after an error.
    page.goto(site + "/werkplek/zaken/nieuw/")
    page.get_by_label("Zoek de aanvrager op naam").fill("Inwoner")
    page.get_by_role("button", name="Zoek klant").click()
    expect(page.get_by_role("group", name="Aanvrager").get_by_role("radio").first).to_be_visible()
    page.get_by_role("button", name="Zaak aanmaken").click()
    expect(page.get_by_role("alert")).to_be_visible()
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)
    assert not browser_problems.collect(page)


def test_case_type_builder_has_no_wcag_violations(page, site, cases_world, axe, browser_problems):
    from loket.cases import services
    from loket.platform.tests.factories import TOTPDeviceFactory

    world, _main = cases_world
    world.manager.first_name, world.manager.last_name = "Sofie", "Claes"
    world.manager.save()
    TOTPDeviceFactory(user=world.manager)
    draft = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=datetime.date(2031, 1, 1))
    services.add_process_step(zaaktype=draft, name="Advies mobiliteit", order=1, deadline_days=5, department=world.mobility)
    services.add_process_step(zaaktype=draft, name="Advies politie", order=1, deadline_days=5, department=world.police_dept)
    services.add_process_step(zaaktype=draft, name="Beslissing", order=2, deadline_days=3, department=world.roads)
    log_in(page, site, world.manager)

    page.goto(site + "/werkplek/zaaktypen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaaktypes")
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)

    page.goto(site + "/werkplek/zaaktypen/nieuw/")
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)

    page.goto(site + f"/werkplek/zaaktypen/{draft.uuid}/")
    page.get_by_text("Processtap toevoegen", exact=True).first.click()
    expect(page.get_by_label("Wie doet het?")).to_be_visible()
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)
    _screenshot(page, "cases-case-type-builder-desktop.png")
    assert not browser_problems.collect(page)


def test_case_handler_works_with_the_keyboard(page, site, cases_world, axe, browser_problems):
    world, main = cases_world
    log_in(page, site, world.handler)
    page.goto(site + "/werkplek/zaken/afdeling/")

    # Select two cases and assign them to myself, with the keyboard only.
    checkbox = page.get_by_label(f"Selecteer {main.identificatie}")
    checkbox.focus()
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.get_by_label("Naar behandelaar").focus()
    page.get_by_label("Naar behandelaar").select_option(label="Els Wouters")
    page.get_by_role("button", name="Toewijzen", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 zaken toegewezen.")

    # Open the case through its link and add a note: Tab to the form's summary, Enter opens it.
    link = page.get_by_role("link", name=main.identificatie)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(main.identificatie)
    summary = page.locator("summary", has_text="Notitie toevoegen")
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Notitie", exact=True)).to_be_focused()
    page.keyboard.type("Besproken met mobiliteit.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Notitie toegevoegd.")
    expect(page.get_by_text("Besproken met mobiliteit.")).to_be_visible()

    # A bad input is refused with a message next to the field, and what was typed stays.
    page.locator("summary", has_text="Resultaat en afsluiten").focus()
    page.keyboard.press("Enter")
    page.locator("#id_close-toelichting").fill("Alles in orde")
    page.get_by_role("button", name="Zaak afsluiten").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Een zaak kan niet afgesloten worden zonder resultaat.")
    expect(page.locator("#id_close-toelichting")).to_have_value("Alles in orde")
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)
    assert not browser_problems.collect(page)
