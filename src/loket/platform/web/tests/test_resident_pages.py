"""The resident site: organisation, opening hours, accessible layout, theme and security headers."""

import datetime
import re
from html.parser import HTMLParser

import pytest

from loket.platform.organisations.models import OrganisationKind
from loket.platform.tests.factories import LocationFactory, OpeningHoursFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside <style> elements."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[tuple[dict, str]] = []
        self._in_style: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "style":
            self._in_style = attributes

    def handle_data(self, data):
        if self._in_style is not None:
            self.styles.append((self._in_style, data))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = None

    def find(self, tag, **attributes):
        return [attrs for name, attrs in self.tags if name == tag and all(attrs.get(k) == v for k, v in attributes.items())]


@pytest.fixture
def gemeente():
    organisation = OrganisationFactory(
        name="Gemeente Heidebeek", slug="heidebeek", phone="+32 3 444 10 00", email="info@heidebeek.example",
        primary_colour="#1d5c3a", primary_text_colour="#fffffe", accent_colour="#b35a00",
    )
    town_hall = LocationFactory(organisation=organisation, name="Gemeentehuis Heidebeek", street="Markt", house_number="1")
    OpeningHoursFactory(location=town_hall, weekday=0, opens=datetime.time(8, 30), closes=datetime.time(12, 0))
    OpeningHoursFactory(location=town_hall, weekday=0, opens=datetime.time(13, 30), closes=datetime.time(16, 0),
                        by_appointment_only=True)
    return organisation


@pytest.mark.parametrize("path", ["/", "/contact/"])
def test_page_is_dutch_accessible_and_names_the_organisation(client, gemeente, path):
    response = client.get(path)
    html = response.content.decode()
    page = Elements(html)

    assert response.status_code == 200
    assert page.find("html", lang="nl")
    first_link = next(attrs for name, attrs in page.tags if name == "a")
    assert first_link["href"] == "#main"  # the skip link comes before everything else
    assert "Naar de inhoud" in html
    for landmark in ("header", "nav", "footer"):
        assert len(page.find(landmark)) == 1, landmark
    assert page.find("main", id="main")
    assert page.find("nav")[0]["aria-label"] == "Hoofdmenu"
    assert "Gemeente Heidebeek" in re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "Gemeentehuis Heidebeek" in html
    assert "+32 3 444 10 00" in html


def test_home_welcomes_and_links_to_opening_hours(client, gemeente):
    html = client.get("/").content.decode()
    assert "Welkom bij Gemeente Heidebeek" in html
    assert "Markt 1, 9999 Testdorp" in html
    assert 'href="/contact/"' in html
    assert "Inloggen voor medewerkers" in html


def test_contact_page_lists_opening_hours_per_day(client, gemeente):
    html = client.get("/contact/").content.decode()
    assert "Openingsuren van Gemeentehuis Heidebeek" in html
    monday = re.search(r"Maandag</th>\s*<td[^>]*>(.*?)</td>", html, re.S).group(1)
    assert monday == "08:30–12:00, 13:30–16:00 (op afspraak)"
    tuesday = re.search(r"Dinsdag</th>\s*<td[^>]*>(.*?)</td>", html, re.S).group(1)
    assert tuesday == "gesloten"
    assert "Zondag" in html


def test_contact_page_shows_whether_a_location_is_open_now(client, gemeente):
    always = LocationFactory(organisation=gemeente, name="Onthaal Altijd")
    for day in range(7):
        OpeningHoursFactory(location=always, weekday=day, opens=datetime.time(0, 0), closes=datetime.time(23, 59, 59))
    LocationFactory(organisation=gemeente, name="Depot Nooit")
    html = client.get("/contact/").content.decode()
    sections = dict(re.findall(r"<h2[^>]*>([^<]+)</h2>(.*?)</section>", html, re.S))
    assert "Nu open" in sections["Onthaal Altijd"]
    assert "Nu gesloten" in sections["Depot Nooit"]


def test_contact_page_includes_the_ocmw_but_not_partners(client, gemeente):
    ocmw = OrganisationFactory(name="OCMW Heidebeek", kind=OrganisationKind.OCMW, parent=gemeente)
    partner = OrganisationFactory(name="CAW De Linde", kind=OrganisationKind.CAW)
    LocationFactory(organisation=ocmw, name="Sociaal Huis")
    LocationFactory(organisation=partner, name="CAW-kantoor")
    html = client.get("/contact/").content.decode()
    assert "Sociaal Huis" in html
    assert "CAW-kantoor" not in html


def test_theme_colours_are_in_a_nonced_style_allowed_by_the_policy(client, gemeente):
    response = client.get("/")
    page = Elements(response.content.decode())

    themed = [(attrs, css) for attrs, css in page.styles if "--loket-primary" in css]
    assert len(themed) == 1
    attrs, css = themed[0]
    assert "--loket-primary: #1d5c3a" in css
    assert "--loket-primary-text: #fffffe" in css
    assert "--loket-accent: #b35a00" in css
    nonce = attrs["nonce"]
    assert len(nonce) >= 16

    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";") if directive.strip()
    }
    assert f"'nonce-{nonce}'" in policy["style-src"]
    assert f"'nonce-{nonce}'" in policy["script-src"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_each_response_gets_a_fresh_nonce(client, gemeente):
    nonces = {re.search(r"'nonce-([^']+)'", client.get("/")["Content-Security-Policy"]).group(1) for _ in range(2)}
    assert len(nonces) == 2


def test_security_headers(client, gemeente):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_site_is_chosen_by_host_name(client, settings, gemeente):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "loket.netevallei.example"]
    OrganisationFactory(name="Politiezone Netevallei", kind=OrganisationKind.POLITIEZONE,
                        domain="loket.netevallei.example", primary_colour="#1b3a6b")

    by_domain = client.get("/", HTTP_HOST="loket.netevallei.example").content.decode()
    with_port = client.get("/", HTTP_HOST="LOKET.NETEVALLEI.EXAMPLE:8443").content.decode()
    default = client.get("/").content.decode()

    assert "Welkom bij Politiezone Netevallei" in by_domain
    assert "--loket-primary: #1b3a6b" in by_domain
    assert "Welkom bij Politiezone Netevallei" in with_port
    assert "Welkom bij Gemeente Heidebeek" in default


def test_inactive_organisation_is_not_shown_on_its_domain(client, settings, gemeente):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "oud.example"]
    OrganisationFactory(name="Opgeheven Gemeente", domain="oud.example", is_active=False)
    assert "Welkom bij Gemeente Heidebeek" in client.get("/", HTTP_HOST="oud.example").content.decode()


def test_default_organisation_setting_picks_the_site(client, settings, gemeente):
    OrganisationFactory(name="OCMW Heidebeek", slug="ocmw-heidebeek", kind=OrganisationKind.OCMW, parent=gemeente)
    settings.LOKET_DEFAULT_ORGANISATION = "ocmw-heidebeek"
    assert "Welkom bij OCMW Heidebeek" in client.get("/").content.decode()


def test_home_without_any_organisation_explains_what_to_do(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is nog geen organisatie ingesteld" in html
    assert "loket demo" in html
    assert "<style nonce" not in html


def test_unknown_page_is_a_dutch_404(client, gemeente):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    page = Elements(response.content.decode())
    assert page.find("html", lang="nl")


def test_switching_to_english_sets_the_language_cookie(client, gemeente):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/contact/"})

    assert response.status_code == 302
    assert response["Location"] == "/contact/"
    assert response.cookies["django_language"].value == "en"
    html = client.get("/contact/").content.decode()
    assert Elements(html).find("html", lang="en")
    assert "Naar de inhoud" not in html


def test_language_switch_offers_the_other_language_in_its_own_name(client, gemeente):
    page = Elements(client.get("/").content.decode())
    button = page.find("button", name="language")
    assert [attrs["value"] for attrs in button] == ["en"]
    assert button[0]["lang"] == "en"


def test_contact_page_also_lists_partner_locations_after_our_own(client, gemeente):
    ocmw = OrganisationFactory(name="OCMW Heidebeek", slug="ocmw-hb", kind="ocmw", parent=gemeente)
    LocationFactory(organisation=ocmw, name="Sociaal Huis")
    partner = OrganisationFactory(name="Intercommunale Afval", slug="afval", kind="afvalintercommunale")
    gemeente.partners.add(partner)
    LocationFactory(organisation=partner, name="Recyclagepark")

    contact = client.get("/contact/").content.decode()
    assert contact.index("Gemeentehuis Heidebeek") < contact.index("Recyclagepark")
    assert contact.index("Sociaal Huis") < contact.index("Recyclagepark")
    home = client.get("/").content.decode()
    assert "Sociaal Huis" in home and "Recyclagepark" not in home


@pytest.mark.django_db
def test_an_expired_form_explains_itself_in_dutch():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/medewerkers/inloggen/", {"username": "an", "password": "x"})
    assert response.status_code == 403
    assert "Deze pagina is verlopen" in response.content.decode()


def test_an_organisation_logo_is_shown_and_served(client, gemeente, settings, tmp_path):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#1d5c3a").save(buffer, format="PNG")
    gemeente.logo.save("heidebeek.png", ContentFile(buffer.getvalue()))

    html = client.get("/").content.decode()
    src = re.search(r'<img class="loket-brand__logo" src="([^"]+)"', html).group(1)
    assert src.startswith("/media/logos/")
    response = client.get(src)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get("/media/logos/../../secret_key").status_code in (400, 404)  # never the file
