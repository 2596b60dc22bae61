"""Accessibility: WCAG 2.1 A/AA checks with axe-core, keyboard use, small screens and zoom."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from .helpers import (
    PLAYWRIGHT_MISSING,
    axe_violations,
    current_code,
    describe_violations,
    log_in,
    submit_password,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect


def open_home(page, site, user):
    page.goto(site + "/")


def open_contact(page, site, user):
    page.goto(site + "/contact/")


def open_login(page, site, user):
    page.goto(site + "/medewerkers/inloggen/")


def open_login_with_error(page, site, user):
    submit_password(page, site, user.username, password="Niet-Het-Wachtwoord-1")


def open_code_page(page, site, user):
    submit_password(page, site, user.username)


def open_code_page_with_error(page, site, user):
    submit_password(page, site, user.username)
    wrong = "000000" if current_code(TOTPDevice.objects.get(user=user)) != "000000" else "111111"
    page.get_by_label("Code uit je authenticator-app").fill(wrong)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()


def open_enrolment(page, site, user):
    TOTPDevice.objects.filter(user=user).delete()
    submit_password(page, site, user.username)


def open_workspace(page, site, user):
    log_in(page, site, user)


PAGES = {
    "home": open_home,
    "contact": open_contact,
    "login": open_login,
    "login-error": open_login_with_error,
    "code": open_code_page,
    "code-error": open_code_page_with_error,
    "enrolment": open_enrolment,
    "workspace": open_workspace,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations(name, page, site, staff_member, axe, browser_problems):
    PAGES[name](page, site, staff_member)
    expect(page.locator("h1")).to_be_visible()

    violations = axe_violations(page, axe)

    assert not violations, f"axe-core found WCAG 2.1 A/AA violations on {page.url}:\n{describe_violations(violations)}"
    assert not browser_problems.collect(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, site, organisation):
    page.goto(site + "/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "the next Tab stays in the content"


def test_focus_is_visible_on_every_link_and_button(page, site, organisation):
    page.goto(site + "/")
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {tag: el.tagName, text: el.textContent.trim(), outline: style.outlineStyle,
                    width: parseFloat(style.outlineWidth)};
        }""")
        if focused["tag"] == "BODY":
            break
        seen.append(focused["text"])
        assert focused["outline"] != "none" and focused["width"] >= 2, f"no visible focus on {focused}"
    assert {"Naar de inhoud", "English", "Inloggen voor medewerkers"} <= set(seen), seen


@pytest.mark.parametrize("path", ["/", "/contact/"])
def test_small_screen_needs_no_horizontal_scrolling(path, new_page, site, organisation):
    page = new_page(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page.goto(site + path)

    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    expect(page.get_by_role("button", name="English")).to_be_in_viewport()


@pytest.mark.parametrize("path", ["/", "/contact/", "/medewerkers/inloggen/"])
def test_content_stays_reachable_at_200_percent_zoom(path, new_page, site, organisation):
    # A 1280 px wide window zoomed to 200% leaves 640 CSS pixels, at twice the pixel density.
    page = new_page(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    page.goto(site + path)

    assert page.evaluate("document.scrollingElement.scrollWidth") <= 640
    elements = [
        page.get_by_role("heading", level=1),
        page.get_by_role("button", name="English"),
        page.locator("main form, main a").last,
    ]
    if not path.startswith("/medewerkers/"):
        elements += [page.get_by_role("navigation"), page.get_by_role("contentinfo")]
    for element in elements:
        element.scroll_into_view_if_needed()
        expect(element).to_be_in_viewport()
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 640, f"{element} is cut off: {box}"


def test_axe_would_notice_a_violation(page, site, organisation, axe):
    """The checks above can fail: an image without a text alternative is reported."""
    page.goto(site + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/loket/favicon.svg\">')")

    violations = axe_violations(page, axe)

    assert [violation["id"] for violation in violations] == ["image-alt"], describe_violations(violations)
