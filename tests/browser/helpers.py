"""Steps and checks shared by the browser tests."""

import base64

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.platform.tests.factories import PASSWORD

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PLAYWRIGHT_MISSING = "Playwright is not installed: pip install -e '.[test]'"


def current_code(device: TOTPDevice) -> str:
    """The code the staff member's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def code_for_secret(secret: str) -> str:
    """The code for a base32 key as shown on the enrolment page (without '=' padding)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def submit_password(page, site: str, username: str, password: str = PASSWORD, next_path: str = "/werkplek/"):
    """Go to a staff page, get sent to the log-in page, and log in with a password."""
    page.goto(site + next_path)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state()


def log_in(page, site: str, user) -> None:
    """The whole staff log-in: password, then the code of the linked authenticator app."""
    submit_password(page, site, user.username)
    page.get_by_label("Code uit je authenticator-app").fill(current_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/werkplek/")


def axe_violations(page, axe_url: str) -> list[dict]:
    """Run axe-core on the current page with the WCAG 2.1 A and AA rules.

    ``add_script_tag(path=...)`` would inline the script, which the page's CSP (rightly)
    blocks; the ``axe`` fixture's URL is served by Playwright on the page's own origin.
    """
    page.add_script_tag(url=axe_url)
    results = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return {violations: r.violations, passes: r.passes.length}; }",
        WCAG_TAGS,
    )
    assert results["passes"] > 0, "axe-core checked nothing: did the page load?"
    return results["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:10]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)
