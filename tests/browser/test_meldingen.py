"""Meldingen in a real browser: the resident report form (with JavaScript: map, suggestions), the status page, the
public map and the staff queue, triage and melding page. axe-core finds no WCAG 2.1 A/AA violations on any of them."""

import pytest

from .helpers import PLAYWRIGHT_MISSING, axe_violations, describe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect


@pytest.fixture
def meldingen_world(site, organisation, department, monkeypatch, settings, tmp_path):
    from loket.meldingen import services, taxonomy
    from loket.meldingen.tests.conftest import BOUNDARY, FakeClassifier
    from loket.platform.tests.factories import MembershipFactory, TOTPDeviceFactory, UserFactory

    settings.MEDIA_ROOT = tmp_path
    fake = FakeClassifier()
    monkeypatch.setattr("loket.meldingen.classification.classify", fake)
    taxonomy.load_taxonomy(organisation, department=department)
    # Tiles from the site itself: the tests run without network.
    services.configure(organisation=organisation, boundary=BOUNDARY, default_department=department,
                       map_tile_url="/static/vendor/leaflet/images/layers.png", map_attribution="Testkaart")
    handler = UserFactory(organisation=organisation, first_name="Koen", last_name="Claes")
    MembershipFactory(user=handler, department=department, role="behandelaar")
    TOTPDeviceFactory(user=handler)
    fake.confidence = 0.3
    unsure = services.create_melding(organisation=organisation, text="Er ligt iets raars op het voetpad",
                                     latitude=51.0805, longitude=4.6205, address="Kerkstraat 3, 9999 Heidebeek",
                                     reporter_name="An Peeters", reporter_phone="+32 470 11 22 33")
    fake.confidence = 0.9
    return organisation, handler, unsure


def check(page, axe):
    violations = axe_violations(page, axe)
    assert not violations, describe_violations(violations)


def test_resident_reports_with_map_and_suggestions_without_wcag_violations(page, site, meldingen_world, axe,
                                                                           browser_problems):
    page.goto(site + "/melden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iets melden in de openbare ruimte")
    expect(page.locator("#melding-map")).to_be_visible()
    check(page, axe)

    # Errors first: nothing typed is lost.
    page.get_by_label("Naam").fill("An Peeters")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text("Beschrijf wat u wilt melden.")).to_be_visible()
    expect(page.get_by_label("Naam")).to_have_value("An Peeters")
    check(page, axe)

    page.get_by_label("Wat wilt u melden?").fill("De glasbak aan de kerk zit helemaal vol")
    expect(page.get_by_role("button", name="Container is vol")).to_be_visible()
    page.get_by_role("button", name="Container is vol").click()
    expect(page.get_by_label("Welke container?")).to_be_visible()
    page.locator("#melding-map").click(position={"x": 200, "y": 120})
    expect(page.locator("#location-status")).to_contain_text("Gekozen plaats")
    check(page, axe)
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Bedankt, uw melding is verstuurd")).to_be_visible()
    check(page, axe)

    page.goto(site + "/meldingen/kaart/")
    expect(page.locator("#melding-map .leaflet-interactive").first).to_be_visible()
    check(page, axe)
    assert not browser_problems.collect(page)


def test_staff_queue_triage_and_melding_page_without_wcag_violations(page, site, meldingen_world, axe, browser_problems):
    _organisation, handler, unsure = meldingen_world
    log_in(page, site, handler)
    page.goto(site + "/werkplek/meldingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen: werkvoorraad")
    expect(page.locator("#melding-map")).to_be_visible()
    check(page, axe)
    page.goto(site + "/werkplek/meldingen/triage/")
    check(page, axe)
    page.goto(site + f"/werkplek/meldingen/{unsure.pk}/")
    expect(page.get_by_text("An Peeters")).to_be_visible()
    check(page, axe)
    page.get_by_label("Nieuwe status").select_option("in_progress")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_text("De melding is bijgewerkt.")).to_be_visible()
    check(page, axe)
    assert not browser_problems.collect(page)
