"""Take the screenshots in docs/screenshots/ from a running Loket with the demo data.

    ./scripts/run &                      # prints the demo accounts
    .venv/bin/python scripts/screenshots.py --base-url http://localhost:8000

Logs in as a demo staff member (default balie.tom) with the demo password. The 2FA code
comes from ``loket totp-code USERNAME``; on the account's first log-in the script links
an authenticator itself, from the key shown on the page. Drives Debian's Chromium
(/usr/bin/chromium or CHROMIUM_PATH), like the browser tests.
"""

import argparse
import base64
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

            log_in(page, base_url, args.username, args.password)
            save(page, args.out / "staff-workspace-desktop.png")

            phone = mobile.new_page()
            phone.goto(base_url + "/")
            save(phone, args.out / "resident-home-mobile.png", full_page=True)
        finally:
            desktop.close()
            mobile.close()
            browser.close()


def save(page, path: Path, full_page: bool = False) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=full_page)
    print(f"{path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path}  ({page.url})")


if __name__ == "__main__":
    main()
