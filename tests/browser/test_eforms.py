"""Applying online through the form runner in a real browser: with the keyboard only, live show/hide of questions,
errors shown together, the test payment, the confirmation with the case number; zero axe-core violations on every
page of the way; usable at 360 px wide without sideways scrolling.
"""

import datetime

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations
from .portal_world import log_in_resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect


@pytest.fixture
def world(site, settings, tmp_path):
    from loket.eforms.tests.runner_world import build_runner_world

    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages
    settings.LOKET_PAYMENT_PROVIDER = "loket.eforms.payments.FakeProvider"
    return build_runner_world()


def check_axe(page, axe, what: str) -> None:
    violations = axe_violations(page, axe)
    assert not violations, f"{what}:\n{describe_violations(violations)}"


def tab_to(page, locator, *, limit: int = 80) -> None:
    """Press Tab until ``locator`` has the focus (keyboard only: no clicks, no programmatic focus)."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
    raise AssertionError(f"could not reach {locator} with the Tab key")


def test_apply_online_with_the_keyboard_only(page, site, world, axe, browser_problems):
    from loket.cases.models import Zaak

    log_in_resident(page, site, world.party)
    page.goto(f"{site}/producten/{world.product.key}/")
    tab_to(page, page.get_by_role("link", name="Online aanvragen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewonerskaart aanvragen")
    check_axe(page, axe, "start page")
    tab_to(page, page.get_by_role("button", name="Start de aanvraag"))
    page.keyboard.press("Enter")

    # Step 1: what we know is filled in already (ask once).
    expect(page.get_by_text("Stap 1 van 4")).to_be_visible()
    expect(page.get_by_label("Naam")).to_have_value("Marie Peeters")
    check_axe(page, axe, "step 1")
    tab_to(page, page.get_by_role("button", name="Volgende"))
    page.keyboard.press("Enter")

    # Step 2: choosing two cars shows the second plate live; the computed fee follows.
    expect(page.get_by_text("Stap 2 van 4")).to_be_visible()
    second = page.get_by_label("Tweede nummerplaat")
    expect(second).to_be_hidden()
    tab_to(page, page.get_by_role("radio", name="Eén"))
    page.keyboard.press("ArrowDown")  # selects "Twee"
    expect(page.get_by_role("radio", name="Twee")).to_be_checked()
    expect(second).to_be_visible()
    expect(page.locator("output[data-computed=te_betalen]")).to_have_text("130")
    tab_to(page, page.get_by_label("Nummerplaat", exact=True))
    page.keyboard.type("ABC")
    tab_to(page, page.get_by_role("button", name="Volgende"))
    page.keyboard.press("Enter")

    # All errors at once, typed input kept, links to the fields.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("niet goed ingevuld")
    expect(page.get_by_label("Nummerplaat", exact=True)).to_have_value("ABC")
    check_axe(page, axe, "step 2 with errors")
    tab_to(page, summary.get_by_role("link").first)
    page.keyboard.press("Enter")
    plate = page.get_by_label("Nummerplaat", exact=True)
    expect(plate).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("1-ABC-123")
    tab_to(page, page.get_by_label("Tweede nummerplaat"))
    page.keyboard.type("2-XYZ-987")
    tab_to(page, page.get_by_role("radio", name="Ja"))
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Ja")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Volgende"))
    page.keyboard.press("Enter")

    # Step 3: a date.
    expect(page.get_by_text("Stap 3 van 4")).to_be_visible()
    check_axe(page, axe, "step 3")
    # A date whose day equals its month: typed the same in a day-month and a month-day date field.
    start = next(d for d in (datetime.date.today() + datetime.timedelta(days=n) for n in range(1, 90))
                 if d.day == d.month)
    tab_to(page, page.get_by_label("Vanaf wanneer?"))
    page.keyboard.type(start.strftime("%d%m%Y"))
    expect(page.get_by_label("Vanaf wanneer?")).to_have_value(start.isoformat())
    tab_to(page, page.get_by_role("button", name="Volgende"))
    page.keyboard.press("Enter")

    # Summary: answers, change links, fee; declare and pay.
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleren en versturen")
    expect(page.get_by_text("2-XYZ-987")).to_be_visible()
    expect(page.get_by_text("€ 130,00")).to_be_visible()
    check_axe(page, axe, "summary")
    tab_to(page, page.get_by_label("Ik verklaar dat ik alles naar waarheid heb ingevuld."))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Betalen en versturen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Testbetaling")
    check_axe(page, axe, "test payment")
    tab_to(page, page.get_by_role("button", name="Betalen", exact=True))
    page.keyboard.press("Enter")

    # Confirmation with the case number and the receipt.
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw aanvraag is verstuurd")
    zaak = Zaak.objects.get()
    expect(page.get_by_text(zaak.identificatie)).to_be_visible()
    check_axe(page, axe, "confirmation")
    with page.expect_download() as download:
        tab_to(page, page.get_by_role("link", name="Ontvangstbewijs downloaden (pdf)"))
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"ontvangstbewijs-{zaak.identificatie}.pdf"
    assert zaak.initiator_party_id == world.party.pk
    assert browser_problems.collect(page) == []


def test_form_pages_at_360_px(new_page, site, world, axe, browser_problems):
    page = new_page(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True, device_scale_factor=2)
    log_in_resident(page, site, world.party)
    page.goto(f"{site}/aanvragen/{world.product.key}/")
    page.get_by_role("button", name="Start de aanvraag").click()

    def fits(what):
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{what}: the page scrolls sideways ({width} px)"
        check_axe(page, axe, what)

    fits("step 1 at 360 px")
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_text("Stap 2 van 4")).to_be_visible()
    page.get_by_role("button", name="Volgende").click()  # empty: errors
    expect(page.get_by_role("alert")).to_be_visible()
    fits("step 2 with errors at 360 px")
    page.get_by_role("radio", name="Eén").check()
    page.get_by_label("Nummerplaat", exact=True).fill("1-ABC-123")
    page.get_by_role("radio", name="Nee").check()
    expect(page.get_by_label("Bewijs van gebruik")).to_be_visible()
    page.get_by_label("Bewijs van gebruik").set_input_files(
        files=[{"name": "lease.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}])
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_text("Stap 3 van 4")).to_be_visible()
    page.get_by_label("Vanaf wanneer?").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleren en versturen")
    expect(page.get_by_text("lease.pdf")).to_be_visible()
    fits("summary at 360 px")
    # Save for later from a step, then resume from the start page.
    page.get_by_role("link", name="Wijzig Uw wagen").click()
    expect(page.get_by_text("Stap 2 van 4")).to_be_visible()
    page.get_by_role("button", name="Opslaan en later verdergaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw aanvraag is bewaard")
    fits("paused at 360 px")
    page.goto(f"{site}/aanvragen/{world.product.key}/")
    page.get_by_role("button", name="Verdergaan waar ik was").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Startdatum")
    assert browser_problems.collect(page) == []
