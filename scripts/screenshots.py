"""Take the screenshots in docs/screenshots/ from a running Loket with the demo data.

    ./scripts/run &                      # prints the demo accounts
    .venv/bin/python scripts/screenshots.py --base-url http://localhost:8000

Logs in as a demo staff member (default balie.tom) with the demo password. The 2FA code
comes from ``loket totp-code USERNAME``; on the account's first log-in the script links
an authenticator itself, from the key shown on the page. Drives Debian's Chromium
(/usr/bin/chromium or CHROMIUM_PATH), like the browser tests.

The meldingen screens send one report through the resident form (the status page after sending), so each run
adds a melding to the demo. Map tiles come from the internet; offline the maps show their points on grey.

The Mijn loket screens (docs/screenshots/portal-*.png: overview, case page, my data, a request-form step and its
summary) log in as the demo resident through the test identity provider, so the demo must run with
LOKET_TEST_IDP=true (./scripts/run sets it); without it they are skipped. Each run starts one draft of the demo's
"bewonerskaart" form. The browser tests make the same screens from their own data with LOKET_SCREENSHOTS=1
(tests/browser/test_portal_accessibility.py and test_portal_journeys.py).
"""

import argparse
import base64
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from django_otp.oath import totp
from playwright.sync_api import Error, expect, sync_playwright

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "Heidebeek-Demo-2026"  # noqa: S105 - the published password of the demo accounts
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 360, "height": 780}


def find_chromium() -> str:
    configured = os.environ.get("CHROMIUM_PATH")
    candidates = [configured] if configured else [shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    sys.exit("Chromium not found: apt-get install chromium (or set CHROMIUM_PATH).")


def code_from_loket(username: str) -> str:
    """The current code of a demo account, from `loket totp-code` against the same database."""
    env = dict(os.environ)
    secret_file = PROJECT_DIR / "var" / "secret_key"
    if not env.get("SECRET_KEY") and not env.get("SECRET_KEY_FILE") and secret_file.exists():
        env["SECRET_KEY_FILE"] = str(secret_file)  # as ./scripts/run does
    loket = PROJECT_DIR / ".venv" / "bin" / "loket"
    command = [str(loket) if loket.exists() else "loket", "totp-code", username]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=PROJECT_DIR, check=False)
    if result.returncode != 0:
        sys.exit(f"Could not get a 2FA code for {username}: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout.strip()


def code_from_secret(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/werkplek/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state()
    if page.url.endswith("/werkplek/"):  # no second factor required here
        return
    if "/inloggen/tweestapsverificatie/" in page.url:  # first log-in: link an authenticator
        secret = page.get_by_test_id("totp-secret").inner_text().strip()
        page.get_by_label("Code uit je authenticator-app").fill(code_from_secret(secret))
        page.get_by_role("button", name="Koppelen en inloggen").click()
    elif "/inloggen/code/" in page.url:
        for attempt in range(2):
            page.get_by_label("Code uit je authenticator-app").fill(code_from_loket(username))
            page.get_by_role("button", name="Bevestigen").click()
            page.wait_for_load_state()
            if "/werkplek/" in page.url or attempt:
                break
            # A code is accepted once: after a log-in seconds ago, wait for the next one.
            time.sleep(31 - time.time() % 30)
    else:
        sys.exit(f"Log-in as {username} failed; the page says: {page.locator('main').inner_text()[:300]}")
    try:
        expect(page).to_have_url(re.compile(r"/werkplek/$"))
    except AssertionError:
        sys.exit(f"The code for {username} was refused; is the demo's clock right?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://localhost:8000")
    parser.add_argument("--username", default="balie.tom", help="demo staff member (default balie.tom)")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "docs" / "screenshots")
    args = parser.parse_args()
    base_url = args.base_url.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        except Error as exc:
            sys.exit(f"Chromium does not start: {exc}")
        desktop = browser.new_context(locale="nl-BE", viewport=DESKTOP)
        mobile = browser.new_context(locale="nl-BE", viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)
        try:
            page = desktop.new_page()
            try:
                page.goto(base_url + "/health", timeout=5000)
            except Error:
                sys.exit(f"No Loket at {base_url}: start one with ./scripts/run")

            shots = [
                ("resident-home", "/"),
                ("resident-contact", "/contact/"),
                ("staff-login", "/medewerkers/inloggen/"),
            ]
            for name, path in shots:
                page.goto(base_url + path)
                save(page, args.out / f"{name}-desktop.png")

            page.goto(base_url + "/meldingen/kaart/")
            save(page, args.out / "meldingen-map-desktop.png")

            log_in(page, base_url, args.username, args.password)
            save(page, args.out / "staff-workspace-desktop.png")
            meldingen_staff(page, base_url, args.out)

            phone = mobile.new_page()
            phone.goto(base_url + "/")
            save(phone, args.out / "resident-home-mobile.png", full_page=True)
            meldingen_resident(phone, base_url, args.out)

            resident = browser.new_context(locale="nl-BE", viewport=DESKTOP)
            resident_phone = browser.new_context(locale="nl-BE", viewport=MOBILE, is_mobile=True, has_touch=True,
                                                 device_scale_factor=2)
            try:
                portal_resident(resident.new_page(), resident_phone.new_page(), base_url, args.out)
            finally:
                resident.close()
                resident_phone.close()
        finally:
            desktop.close()
            mobile.close()
            browser.close()


def meldingen_resident(phone, base_url: str, out: Path) -> None:
    """The report form on a phone, then a report sent through it (adds one melding to the demo) and its status page."""
    phone.goto(base_url + "/melden/")
    save(phone, out / "meldingen-report-mobile.png", full_page=True)
    phone.get_by_label("Wat wilt u melden?").fill(
        "Losliggende stoeptegels voor de bakkerij, al twee mensen over gestruikeld. Graag snel herstellen.")
    phone.get_by_label("Categorie").select_option("onderhoud-stoep-straat-en-fietspad")
    phone.get_by_label("Adres of plaats").fill("Lindelaan 14")
    phone.get_by_role("button", name="Melding versturen").click()
    phone.wait_for_load_state()
    if phone.get_by_label("Bedoelt u").count():  # the street exists in more than one part of the municipality
        phone.get_by_label("Bedoelt u").first.check()
        phone.get_by_role("button", name="Melding versturen").click()
        phone.wait_for_load_state()
    if "nieuw=1" not in phone.url:
        sys.exit(f"Sending the demo report failed; the page says: {phone.locator('main').inner_text()[:300]}")
    save(phone, out / "meldingen-status-mobile.png", full_page=True)


def resident_log_in(page, base_url: str) -> bool:
    """Log in as the demo resident (the first person the test identity provider offers), level substantial."""
    page.goto(base_url + "/mijn/aanmelden/?next=/mijn/")
    link = page.get_by_role("link", name="Inloggen met Testaanmelding")
    if not link.count():
        print("Mijn loket screens skipped: the demo runs without LOKET_TEST_IDP=true")
        return False
    link.click()
    page.locator("#level-substantial").check()
    page.locator("form[method=post] li button[name=party]").first.click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    return True


def portal_resident(page, phone, base_url: str, out: Path) -> None:
    """Mijn loket as the demo resident: overview (desktop and phone), a case, my data, a form step and summary."""
    if not resident_log_in(page, base_url) or not resident_log_in(phone, base_url):
        return
    save(page, out / "portal-overview-desktop.png", full_page=True)
    save(phone, out / "portal-overview-mobile.png", full_page=True)
    page.goto(base_url + "/mijn/zaken/")
    cases = page.locator("main li a[href*='/mijn/zaken/']")
    if cases.count():
        cases.first.click()
        page.wait_for_load_state()
        save(page, out / "portal-case-desktop.png", full_page=True)
    page.goto(base_url + "/mijn/gegevens/")
    save(page, out / "portal-profile-desktop.png", full_page=True)
    page.goto(base_url + "/aanvragen/bewonerskaart/")
    start = page.get_by_role("button", name=re.compile("Start de aanvraag|Opnieuw beginnen"))
    if not start.count():
        print(f"No form to start at /aanvragen/bewonerskaart/ ({page.url})")
        return
    start.first.click()
    page.wait_for_load_state()
    save(page, out / "portal-form-step-desktop.png", full_page=True)
    for _ in range(6):  # the prefilled steps go through; a step that needs answers stops here
        if "/overzicht/" in page.url:
            save(page, out / "portal-form-summary-desktop.png", full_page=True)
            return
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
        if page.get_by_role("alert").count():
            save(page, out / "portal-form-errors-desktop.png", full_page=True)
            return


def meldingen_staff(page, base_url: str, out: Path) -> None:
    """The work queue with its map, and a melding's page (logged in): in the demo the glass container at
    Kerkstraat 3, which has a merged duplicate; else the first melding in the queue."""
    page.goto(base_url + "/werkplek/meldingen/")
    save(page, out / "meldingen-queue-desktop.png")
    rows = page.locator("tbody tr").filter(has=page.locator("a[href*='/werkplek/meldingen/']"))
    demo_row = rows.filter(has_text="Kerkstraat 3")
    (demo_row if demo_row.count() else rows).first.locator("a").first.click()
    page.wait_for_load_state()
    save(page, out / "meldingen-detail-desktop.png", full_page=True)


def save(page, path: Path, full_page: bool = False) -> None:
    # Map tiles come from the internet: when they never answer (offline), take the page as it is.
    with contextlib.suppress(Error):
        page.wait_for_load_state("networkidle", timeout=15000)
    page.screenshot(path=str(path), full_page=full_page)
    print(f"{path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path}  ({page.url})")


if __name__ == "__main__":
    main()
