"""Staff log in with a password and a code from their authenticator app (2FA)."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from .helpers import PLAYWRIGHT_MISSING, code_for_secret, current_code, submit_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect

CODE_LABEL = "Code uit je authenticator-app"


def test_staff_member_logs_in_with_password_and_code(page, site, staff_member):
    page.goto(site + "/werkplek/")
    expect(page).to_have_url(re.compile(r"/medewerkers/inloggen/\?next=/werkplek/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen voor medewerkers")

    page.get_by_label("Gebruikersnaam").fill(staff_member.username)
    page.get_by_label("Wachtwoord").fill("Correct-Horse-Battery-9")
    page.get_by_role("button", name="Inloggen", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    page.get_by_label(CODE_LABEL).fill(current_code(TOTPDevice.objects.get(user=staff_member)))
    page.get_by_role("button", name="Bevestigen").click()

    expect(page).to_have_url(site + "/werkplek/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Goedendag, Marieke")
    departments = page.get_by_role("region", name="Mijn afdelingen")
    expect(departments.get_by_role("heading", name="Burgerzaken")).to_be_visible()
    expect(page.get_by_role("button", name="Afmelden (Marieke Peeters)")).to_be_visible()


def test_wrong_code_is_refused_and_the_staff_member_stays_on_the_code_page(page, site, staff_member):
    submit_password(page, site, staff_member.username)
    device = TOTPDevice.objects.get(user=staff_member)
    valid = {f"{code:06d}" for code in _codes_around_now(device)}
    wrong = next(code for code in ("000000", "111111", "222222") if code not in valid)

    page.get_by_label(CODE_LABEL).fill(wrong)
    page.get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_text("Deze code klopt niet of is verlopen. Probeer de nieuwe code uit je app.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/medewerkers/inloggen/code/"))
    expect(page.get_by_label(CODE_LABEL)).to_have_attribute("aria-invalid", "true")
    page.goto(site + "/werkplek/")
    expect(page).to_have_url(re.compile(r"/medewerkers/inloggen/\?next="))


def test_wrong_password_shows_an_error(page, site, staff_member):
    submit_password(page, site, staff_member.username, password="Niet-Het-Wachtwoord-1")

    expect(page.get_by_role("alert")).to_have_text("Deze combinatie van gebruikersnaam en wachtwoord kennen we niet.")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value(staff_member.username)
    expect(page.get_by_label("Wachtwoord")).to_have_value("")


def test_first_log_in_links_an_authenticator_app(page, site, new_staff_member):
    submit_password(page, site, new_staff_member.username)

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name="QR-code voor je authenticator-app")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret

    page.get_by_label(CODE_LABEL).fill(code_for_secret(secret))
    page.get_by_role("button", name="Koppelen en inloggen").click()

    expect(page).to_have_url(site + "/werkplek/")
    expect(page.get_by_role("status")).to_have_text("Tweestapsverificatie is ingesteld.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Goedendag, Jonas")
    assert TOTPDevice.objects.filter(user=new_staff_member, confirmed=True).count() == 1


def _codes_around_now(device):
    """Codes the device accepts now: the current step and its neighbours (tolerance)."""
    from django_otp.oath import totp

    return [
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
        for drift in range(-device.tolerance, device.tolerance + 1)
    ]
