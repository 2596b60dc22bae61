"""Fixtures for the browser tests: Debian's Chromium, driven by Playwright, against a live Loket.

Browsers are not downloaded: Playwright drives the system Chromium (``/usr/bin/chromium``
or ``CHROMIUM_PATH``). Without one, every browser test is skipped with the reason and
the rest of the suite runs as usual.
"""

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django would then refuse
# ORM calls from the test (SynchronousOnlyOperation). The test code itself stays synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# axe-core is offered to the page as a same-origin script (intercepted by Playwright, never
# reaching Django), so the page's strict CSP stays on while axe runs.
AXE_URL = "/__browser-tests__/axe.min.js"
NOT_FOUND = "Chromium not found: apt-get install chromium"

# Collects what a visitor would never see but a developer must: CSP violations reported
# by the browser (besides the console message Chromium writes), kept across page loads.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const seen = JSON.parse(sessionStorage.getItem("loketCspViolations") || "[]");
  seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`);
  sessionStorage.setItem("loketCspViolations", JSON.stringify(seen));
});
"""


def find_chromium() -> str | None:
    """The Chromium to drive: CHROMIUM_PATH when set, else the one on PATH or in /usr/bin."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        reason = NOT_FOUND
        if os.environ.get("CHROMIUM_PATH"):
            reason = f"{NOT_FOUND} (CHROMIUM_PATH={os.environ['CHROMIUM_PATH']} does not exist)"
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'")
    with sync_api.sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        except sync_api.Error as exc:
            pytest.skip(f"Chromium at {chromium_path} does not start: {str(exc).splitlines()[0]}")
        yield instance
        instance.close()


@dataclass
class BrowserProblems:
    """Console errors, uncaught exceptions and CSP violations seen by a page.

    A form sent back with its errors has status 400 (422 in the request forms); Chromium logs that
    page load as an error too. That is the application speaking HTTP, not a problem, so it is left out.
    """

    console: list[tuple[str, str]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    rejected_forms: set[str] = field(default_factory=set)

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.console.append(
            (msg.text, msg.location.get("url", ""))))
        page.on("pageerror", lambda exc: self.exceptions.append(f"uncaught exception: {exc}"))
        page.on("response", lambda response: response.request.resource_type == "document"
                and response.status in (400, 422) and self.rejected_forms.add(response.url))

    def collect(self, page) -> list[str]:
        """Everything seen so far in this tab (CSP violations: on this site)."""
        console = [
            f"console error: {text} ({url})" for text, url in self.console
            if not (text.startswith(("Failed to load resource: the server responded with a status of 400",
                                     "Failed to load resource: the server responded with a status of 422"))
                    and url in self.rejected_forms)
        ]
        csp = page.evaluate("JSON.parse(sessionStorage.getItem('loketCspViolations') || '[]')")
        return console + self.exceptions + [f"CSP violation: {violation}" for violation in csp]


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def new_page(browser, browser_problems):
    """Open pages in a fresh context (own cookies) like a Flemish visitor: Dutch, desktop size.

    ``new_page(viewport={"width": 360, "height": 780})`` and other context options are passed on.
    """
    contexts = []

    def open_page(**options):
        options = {"locale": "nl-BE", "viewport": {"width": 1280, "height": 900}, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_LISTENER)
        context.route(f"**{AXE_URL}", lambda route: route.fulfill(path=axe_file(), content_type="text/javascript"))
        contexts.append(context)
        page = context.new_page()
        browser_problems.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def site(live_server):
    """The base URL of the live server (it serves static files through the finders, node_modules too).

    Transactional: every test starts from an empty database, flushed afterwards.
    """
    return live_server.url


def axe_file() -> Path:
    from django.conf import settings

    return Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe() -> str:
    """The URL to load axe-core from in a test page; installed by npm as a dev dependency."""
    if not axe_file().is_file():
        pytest.skip(f"axe-core not found at {axe_file()}: run `npm ci` in the project folder")
    return AXE_URL


# -- Data: a municipality with a location, a department and a staff member -----------------

@pytest.fixture
def organisation(site):
    from datetime import time

    from loket.platform.organisations.models import Location, OpeningHours, Organisation
    from loket.platform.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(
        name="Gemeente Testdorp", slug="testdorp", kind="gemeente", phone="+32 3 000 00 00",
        email="info@testdorp.example",
    )
    assert Organisation.objects.count() == 1, "the resident site shows the first municipality"
    town_hall = Location.objects.create(
        organisation=organisation, name="Gemeentehuis Testdorp", kind="gemeentehuis", street="Markt",
        house_number="1", postal_code="9999", city="Testdorp", latitude="51.080000", longitude="4.620000",
        phone="+32 3 000 00 01", accessibility="Toegankelijk voor rolstoelgebruikers.",
    )
    for weekday in range(5):
        OpeningHours.objects.create(location=town_hall, weekday=weekday, opens=time(8, 30), closes=time(12, 0))
    OpeningHours.objects.create(location=town_hall, weekday=3, opens=time(16, 0), closes=time(19, 0))
    OpeningHours.objects.create(
        location=town_hall, weekday=5, opens=time(9, 0), closes=time(12, 0), by_appointment_only=True,
    )
    return organisation


@pytest.fixture
def department(organisation):
    from loket.platform.tests.factories import DepartmentFactory

    return DepartmentFactory(organisation=organisation, name="Burgerzaken", slug="burgerzaken")


@pytest.fixture
def staff_member(department):
    """A staff member of Burgerzaken who linked an authenticator app earlier."""
    from loket.platform.tests.factories import MembershipFactory, TOTPDeviceFactory, UserFactory

    user = UserFactory(
        username="balie.marieke", first_name="Marieke", last_name="Peeters", organisation=department.organisation,
    )
    MembershipFactory(user=user, department=department, role="frontoffice")
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def new_staff_member(department):
    """A staff member logging in for the first time: no authenticator app linked yet."""
    from loket.platform.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(
        username="nieuw.jonas", first_name="Jonas", last_name="Wouters", organisation=department.organisation,
    )
    MembershipFactory(user=user, department=department)
    return user
