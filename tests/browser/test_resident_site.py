"""What every visitor gets: Dutch first with a switch to English, the theme, and a clean console."""

import pytest

from .helpers import PLAYWRIGHT_MISSING, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect


def test_pages_are_dutch_and_the_visitor_can_switch_to_english(page, site, organisation):
    page.goto(site + "/contact/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    english = page.get_by_role("button", name="English")
    expect(english).to_have_attribute("lang", "en")
    english.click()

    expect(page).to_have_url(site + "/contact/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies.get("django_language") == "en"

    page.goto(site + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_organisation_theme_is_applied_under_the_content_security_policy(page, site, organisation):
    organisation.primary_colour = "#1d5c3a"
    organisation.save()

    response = page.goto(site + "/")

    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self' 'nonce-" in policy and "style-src 'self' 'nonce-" in policy, policy
    header = page.get_by_role("banner")
    expect(header).to_have_css("background-color", "rgb(29, 92, 58)")


def test_no_console_errors_or_csp_violations(page, site, staff_member, browser_problems):
    for path in ("/", "/contact/", "/medewerkers/inloggen/"):
        page.goto(site + path)
        expect(page.locator("h1")).to_be_visible()
    log_in(page, site, staff_member)  # the code page, then the workspace
    expect(page.get_by_role("heading", name="Mijn afdelingen")).to_be_visible()

    assert browser_problems.collect(page) == []


def test_a_csp_violation_would_be_noticed(page, site, organisation, browser_problems):
    """The check above can fail: an inline style without the nonce is reported."""
    page.goto(site + "/")
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body { color: red; }</style>')")
    page.wait_for_function("sessionStorage.getItem('loketCspViolations') !== null")

    problems = browser_problems.collect(page)
    assert any(problem.startswith("CSP violation: style-src-elem blocked inline") for problem in problems), problems
    assert any("Content Security Policy" in problem for problem in problems), problems
