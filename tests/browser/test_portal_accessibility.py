"""Every resident page of Mijn loket and the request forms: zero axe-core violations (WCAG 2.1 A/AA) on a desktop
screen, on a 360 px phone and at 200 % zoom, and no horizontal scrolling of the page on the small screens.

200 % zoom: Chromium's page zoom at 200 % on a 1280 x 900 window lays the page out in a 640 x 450 CSS-pixel
viewport with two device pixels per CSS pixel, so media queries, wrapping and ``rem`` sizes behave as they do at
200 %. The test opens the page in exactly that viewport (``device_scale_factor=2``) rather than using CSS ``zoom``,
which Chromium applies after layout decisions that browser zoom takes differently (WCAG 1.4.4 and 1.4.10 are about
the browser's own zoom).
"""

import os
from pathlib import Path

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations
from .portal_world import log_in_resident, prepare

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect

# With LOKET_SCREENSHOTS=1 these pages also refresh docs/screenshots/ (the journeys add the form screens).
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SCREENSHOTS = {
    ("overview", "desktop"): "portal-overview-desktop.png",
    ("overview", "360px"): "portal-overview-mobile.png",
    ("case-open-with-request", "desktop"): "portal-case-desktop.png",
    ("case-closed-with-decision", "360px"): "portal-case-closed-mobile.png",
    ("profile", "desktop"): "portal-profile-desktop.png",
    ("access-log", "desktop"): "portal-access-log-desktop.png",
    ("apply-step-with-errors", "360px"): "portal-form-errors-mobile.png",
    ("apply-confirmation", "desktop"): "portal-form-confirmation-desktop.png",
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
ZOOM_200 = {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}
MODES = {"desktop": DESKTOP, "360px": PHONE, "zoom200": ZOOM_200}


@pytest.fixture
def portal(site, settings, tmp_path, monkeypatch):
    return prepare(settings, tmp_path, monkeypatch)


# -- How to reach each page (as the resident who logged in) -----------------------------------------------------

def _as_resident(page, site, world):
    log_in_resident(page, site, world.resident)


def go(path_of):
    def opener(page, site, world):
        _as_resident(page, site, world)
        page.goto(site + path_of(world))
    return opener


def open_login(page, site, world):
    page.goto(site + "/mijn/aanmelden/?next=/mijn/")


def open_login_too_weak(page, site, world):
    log_in_resident(page, site, world.resident, assurance="low")
    page.goto(site + f"/mijn/aanmelden/?next=/aanvragen/{world.form_product.key}/&niveau=substantial")


def open_act_for(page, site, world):
    log_in_resident(page, site, world.guardian)
    page.goto(site + "/mijn/namens/")


def open_new_question_with_error(page, site, world):
    _as_resident(page, site, world)
    page.goto(site + "/mijn/vragen/nieuw/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    expect(page.get_by_text("Schrijf uw vraag.").first).to_be_visible()


def open_message(page, site, world):
    from loket.portal.models import PortalMessage

    _as_resident(page, site, world)
    message = PortalMessage.objects.filter(party=world.resident).order_by("-pk").first()
    page.goto(site + f"/mijn/berichten/{message.uuid}/")


def open_case_upload_error(page, site, world):
    _as_resident(page, site, world)
    page.goto(site + f"/mijn/zaken/{world.open_case.uuid}/")
    page.locator(f"form[action*='{world.document_request.uuid}'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Kies het bestand dat u wilt sturen.").first).to_be_visible()


def open_test_idp(page, site, world):
    page.goto(site + "/mijn/aanmelden/?next=/mijn/")
    page.get_by_role("link", name="Inloggen met Testaanmelding").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Testaanmelding")


def open_logged_out(page, site, world):
    _as_resident(page, site, world)
    page.goto(site + "/mijn/")
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state()
    expect(page.get_by_text("U bent afgemeld.")).to_be_visible()


def open_login_cancelled(page, site, world):
    open_test_idp(page, site, world)
    page.get_by_role("button", name="Annuleren en terug").click()
    page.wait_for_load_state()


def open_login_expired(page, site, world):
    page.goto(site + "/mijn/aanmelden/test/terug/?state=al-gebruikt&code=oud")


def open_test_idp_error(page, site, world):
    page.goto(site + "/testidp/authorize/")


def open_profile_with_code(page, site, world):
    from loket.portal import services

    services.start_verification(party=world.resident, kind="email", value="sofie.nieuw@example.org")
    _as_resident(page, site, world)
    page.goto(site + "/mijn/gegevens/")


def open_overview_acting_for(page, site, world):
    log_in_resident(page, site, world.guardian, acting_for=world.resident)
    page.goto(site + "/mijn/")
    expect(page.get_by_text("Namens").first).to_be_visible()


def _draft(world, *, steps=0):
    """A draft of the parking-card form for the resident, with the first ``steps`` steps answered."""
    from loket.eforms import selectors, services

    version = selectors.published_form_for(world.form_product)
    submission = services.start(version=version, party=world.resident, assurance="substantial")
    answers = [{"voornaam": "Sofie", "achternaam": "Vermeulen", "email": "sofie.vermeulen@example.org"}, {"nummerplaat": "1-ABC-123", "ingangsdatum": "", "elektrisch": "ja", "laadpaal": "nee"}]
    import datetime

    answers[1]["ingangsdatum"] = (datetime.date.today() + datetime.timedelta(days=3)).strftime("%d-%m-%Y")
    for index, step in enumerate(version.steps.order_by("order")[:steps]):
        services.save_step(submission=submission, step_slug=step.slug, answers=answers[index])
    return submission


def open_apply_start(page, site, world):
    _as_resident(page, site, world)
    page.goto(site + f"/aanvragen/{world.form_product.key}/")


def open_apply_step(page, site, world):
    _as_resident(page, site, world)
    submission = _draft(world)
    page.goto(site + f"/aanvragen/{world.form_product.key}/{submission.uuid}/uw-gegevens/")


def open_apply_step_with_errors(page, site, world):
    _as_resident(page, site, world)
    submission = _draft(world, steps=1)
    page.goto(site + f"/aanvragen/{world.form_product.key}/{submission.uuid}/uw-aanvraag/")
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert").first).to_be_visible()


def open_apply_summary(page, site, world):
    _as_resident(page, site, world)
    submission = _draft(world, steps=2)
    page.goto(site + f"/aanvragen/{world.form_product.key}/{submission.uuid}/overzicht/")


def _to_payment(page, site, world):
    open_apply_summary(page, site, world)
    page.locator("#akkoord").check()
    page.get_by_role("button", name="Betalen en versturen").click()
    page.wait_for_load_state()


def open_apply_payment(page, site, world):
    _to_payment(page, site, world)
    expect(page.get_by_role("button", name="Betalen", exact=True)).to_be_visible()


def open_apply_confirmation(page, site, world):
    _to_payment(page, site, world)
    page.get_by_role("button", name="Betalen", exact=True).click()
    page.wait_for_url("**/bevestiging/")


def open_apply_paused(page, site, world):
    _as_resident(page, site, world)
    submission = _draft(world)
    page.goto(site + f"/aanvragen/{world.form_product.key}/{submission.uuid}/gepauzeerd/")


PAGES = {
    "login": open_login,
    "login-too-weak": open_login_too_weak,
    "overview": go(lambda w: "/mijn/"),
    "cases": go(lambda w: "/mijn/zaken/"),
    "case-open-with-request": go(lambda w: f"/mijn/zaken/{w.open_case.uuid}/"),
    "case-upload-error": open_case_upload_error,
    "case-closed-with-decision": go(lambda w: f"/mijn/zaken/{w.closed_case.uuid}/"),
    "meldingen": go(lambda w: "/mijn/meldingen/"),
    "questions": go(lambda w: "/mijn/vragen/"),
    "new-question": go(lambda w: "/mijn/vragen/nieuw/"),
    "new-question-error": open_new_question_with_error,
    "messages": go(lambda w: "/mijn/berichten/"),
    "message": open_message,
    "profile": go(lambda w: "/mijn/gegevens/"),
    "access-log": go(lambda w: "/mijn/inzage/"),
    "act-for": open_act_for,
    "overview-acting-for-someone": open_overview_acting_for,
    "profile-code-sent": open_profile_with_code,
    "logged-out": open_logged_out,
    "login-cancelled": open_login_cancelled,
    "login-expired": open_login_expired,
    "test-idp-error": open_test_idp_error,
    "test-idp": open_test_idp,
    "apply-start": open_apply_start,
    "apply-step": open_apply_step,
    "apply-step-with-errors": open_apply_step_with_errors,
    "apply-summary": open_apply_summary,
    "apply-payment": open_apply_payment,
    "apply-confirmation": open_apply_confirmation,
    "apply-paused": open_apply_paused,
}


def check_page(page, mode: str, axe, browser_problems) -> list[str]:
    problems = []
    expect(page.locator("h1")).to_be_visible()
    violations = axe_violations(page, axe)
    if violations:
        problems.append(f"[{mode}] axe-core violations on {page.url}:\n{describe_violations(violations)}")
    if mode != "desktop":
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''))""")
            problems.append(f"[{mode}] {page.url} scrolls sideways: {width[0]} px content in {width[1]} px ({wide})")
    problems += [f"[{mode}] {p}" for p in browser_problems.collect(page)]
    return problems


@pytest.mark.parametrize("name", PAGES)
def test_resident_page_is_accessible_on_desktop_phone_and_at_200_percent_zoom(name, new_page, site, portal, axe):
    from .conftest import BrowserProblems

    problems = []
    for mode, options in MODES.items():
        page = new_page(**options)
        seen = BrowserProblems()  # per screen: the fixture's collector would repeat earlier screens' findings
        seen.watch(page)
        PAGES[name](page, site, portal)
        problems += check_page(page, mode, axe, seen)
        if os.environ.get("LOKET_SCREENSHOTS") and (name, mode) in SCREENSHOTS:
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT_DIR / SCREENSHOTS[name, mode]), full_page=True)
    assert not problems, "\n".join(problems)


# -- The demo's real request forms: every field kind the runner renders ------------------------------------------

def _demo_form_keys():
    try:
        from loket.eforms.demo import FORMS
    except ImportError:
        return []
    return list(FORMS)


@pytest.mark.parametrize("key", _demo_form_keys())
def test_every_step_of_the_demo_forms_is_accessible_on_desktop_phone_and_at_200_percent_zoom(key, new_page, site,
                                                                                           portal, axe):
    """The demo's forms (parking card, event permit, ...) use every field kind: choices, checkboxes, address with
    look-up, file upload, amounts, computed values. Each step, and the last step sent back with its errors."""
    from loket.cases import services as cases
    from loket.catalog.tests.helpers import product as make_product
    from loket.eforms import selectors, services
    from loket.eforms.demo import FORMS
    from loket.eforms.spec import build_form

    from .conftest import BrowserProblems

    product = make_product(portal.organisation, f"Demoformulier {key}", key=f"demo-{key}")
    cases.add_product(zaaktype=portal.kcc.cases.zaaktype, product=product)
    version = build_form(product=product, spec=FORMS[key])
    steps = selectors.compiled_form(version).steps
    problems = []
    for mode, options in MODES.items():
        page = new_page(**options)
        seen = BrowserProblems()
        seen.watch(page)
        _as_resident(page, site, portal)
        submission = services.start(version=selectors.published_form_for(product), party=portal.resident,
                                    assurance="substantial")
        for step in steps:
            page.goto(site + f"/aanvragen/{product.key}/{submission.uuid}/{step.slug}/")
            problems += check_page(page, mode, axe, seen)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
        problems += check_page(page, mode, axe, seen)
    assert not problems, "\n".join(problems)
