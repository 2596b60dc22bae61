"""The staff form builder in Chromium: a manager builds a small form with a condition and publishes it (keyboard
usable, axe-core clean), then a resident opens it in the runner and the condition works."""

import re

import pytest

from .helpers import axe_violations, describe_violations, log_in
from .portal_world import log_in_resident

pytestmark = pytest.mark.browser


@pytest.fixture
def builder_world(department):
    from loket.catalog.models import Channel, Product
    from loket.platform.tests.factories import (
        MembershipFactory,
        PartyFactory,
        TOTPDeviceFactory,
        UserFactory,
    )

    organisation = department.organisation
    product = Product.objects.create(organisation=organisation, key="bewonerskaart", name="Bewonerskaart",
                                     state="published", department=department)
    Channel.objects.create(product=product, kind="online", login="substantial")
    manager = UserFactory(username="leiding.lies", first_name="Lies", last_name="Goossens", organisation=organisation)
    MembershipFactory(user=manager, department=department, role="leidinggevende")
    TOTPDeviceFactory(user=manager)
    resident = PartyFactory(organisation=organisation, first_name="Sofie", last_name="Vermeulen")
    return {"product": product, "manager": manager, "resident": resident}


def assert_accessible(page, axe):
    violations = axe_violations(page, axe)
    assert violations == [], f"{page.url}\n" + describe_violations(violations)


def tab_to(page, name: str, limit: int = 200):
    """Press Tab until the focused element's text contains ``name`` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement ? (document.activeElement.textContent || '').replace(/\\s+/g, ' ') : ''")
        if name in text:
            return
    raise AssertionError(f"{name!r} cannot be reached with Tab on {page.url}")


def test_build_a_form_with_a_condition_publish_it_and_a_resident_sees_it(page, new_page, site, builder_world, axe,
                                                                           browser_problems):
    log_in(page, site, builder_world["manager"])
    page.goto(site + "/werkplek/formulieren/")
    assert_accessible(page, axe)
    page.get_by_role("link", name="Formulier maken voor Bewonerskaart").click()
    page.get_by_label("Titel voor inwoners").fill("Bewonerskaart aanvragen")
    assert_accessible(page, axe)
    page.get_by_role("button", name="Formulier maken").click()
    page.get_by_role("heading", name="Bewonerskaart aanvragen").wait_for()
    assert_accessible(page, axe)

    # A yes/no question, added with the keyboard only: open the details, fill in, submit with Enter.
    tab_to(page, "Veld toevoegen aan stap Uw gegevens")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Heeft u een auto?")
    page.keyboard.press("Tab")
    page.get_by_label("Soort veld").select_option("yes_no")
    page.get_by_label("Vraag of tekst").press("Enter")
    page.get_by_role("heading", name="Heeft u een auto?").wait_for()
    assert_accessible(page, axe)
    page.get_by_role("link", name="Terug naar Bewonerskaart aanvragen (versie 1)").click()

    # A number plate, shown only when the answer is yes: the condition is built with select boxes.
    page.get_by_text("Veld toevoegen aan stap Uw gegevens").click()
    page.get_by_label("Vraag of tekst").fill("Nummerplaat")
    page.get_by_label("Soort veld").select_option("text")
    page.get_by_role("button", name="Veld toevoegen").click()
    page.get_by_role("heading", name="Nummerplaat").wait_for()
    page.get_by_label("Voorwaarde 1: veld").select_option("heeft_u_een_auto")
    page.get_by_label("Voorwaarde 1: vergelijking").select_option("eq")
    page.get_by_label("Voorwaarde 1: waarde").fill("Ja")
    page.get_by_role("button", name="Voorwaarde bewaren").click()
    page.get_by_text("Alleen tonen als “Heeft u een auto?” is gelijk aan ja").wait_for()
    assert_accessible(page, axe)

    # An invalid calculation is refused in Dutch and the typed text stays.
    page.get_by_text("Veld toevoegen aan stap Uw gegevens").click()
    page.get_by_label("Vraag of tekst").fill("Te betalen")
    page.get_by_label("Soort veld").select_option("computed")
    page.get_by_role("button", name="Veld toevoegen").click()
    page.get_by_label("Rekenregel").fill("aantal_fietsen * 25")
    page.get_by_role("button", name="Veld bewaren").click()
    page.get_by_text("De rekenregel verwijst naar een onbekend veld: aantal_fietsen.").first.wait_for()
    assert page.get_by_label("Rekenregel").input_value() == "aantal_fietsen * 25"
    assert_accessible(page, axe)
    page.get_by_label("Rekenregel").fill("if(heeft_u_een_auto, 25, 0)")
    page.get_by_role("button", name="Veld bewaren").click()
    page.get_by_text("Veld 'Te betalen' bewaard.").wait_for()

    # Reorder with the buttons (no JavaScript needed), then preview and publish.
    page.get_by_role("button", name=re.compile(r"^Omhoog\W+Te betalen$")).click()
    page.get_by_text("Veld 'Te betalen' verplaatst.").wait_for()
    labels = page.eval_on_selector_all(".loket-builder-field strong", "els => els.map(e => e.textContent.trim())")
    assert labels == ["Heeft u een auto?", "Te betalen", "Nummerplaat"]
    page.get_by_role("link", name="Voorbeeld bekijken zoals inwoners het zien").click()
    page.get_by_role("link", name="Beginnen", exact=True).click()
    page.get_by_text("Heeft u een auto?").wait_for()
    assert_accessible(page, axe)
    page.get_by_role("link", name="Terug naar de formulierbouwer").click()
    page.get_by_role("button", name="Versie 1 publiceren").click()
    page.get_by_text("Versie 1 is gepubliceerd.").wait_for()
    assert_accessible(page, axe)

    # The resident applies through the runner: the number plate appears only after "Ja".
    resident_page = new_page()
    log_in_resident(resident_page, site, builder_world["resident"])
    resident_page.goto(site + "/aanvragen/bewonerskaart/")
    resident_page.get_by_role("button", name="Start de aanvraag").click()
    resident_page.get_by_text("Heeft u een auto?").wait_for()
    plate = resident_page.get_by_label("Nummerplaat")
    assert not plate.is_visible()
    resident_page.get_by_label("Ja").check()
    plate.wait_for(state="visible")
    assert browser_problems.collect(page) == []


@pytest.mark.parametrize("width", [360, 640])
def test_the_builder_fits_a_small_screen_and_200_percent_zoom(new_page, site, builder_world, axe, width):
    """360 px: a phone; 640 px is what a 1280 px screen shows at 200% zoom."""
    from loket.eforms import services_builder

    manager = builder_world["manager"]
    version = services_builder.create_form(product=builder_world["product"], actor=manager)
    step = version.steps.get()
    field = services_builder.add_field(step=step, actor=manager, kind="choice", label="Soort kaart")
    services_builder.update_field(field=field, actor=manager, options="Bewonerskaart\nBezoekerskaart")
    page = new_page(viewport={"width": width, "height": 800})
    log_in(page, site, manager)
    base = f"{site}/werkplek/formulieren/{version.definition.uuid}/versie/1/"
    for url in (site + "/werkplek/formulieren/", base, f"{base}veld/{field.pk}/", f"{base}stap/{step.pk}/"):
        page.goto(url)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{url} is {scroll}px wide on a {width}px screen"
        assert_accessible(page, axe)
