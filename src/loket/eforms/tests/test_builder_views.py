"""The form builder pages under /werkplek/formulieren/: access, building through the web, errors that keep the
input, publishing, the preview."""

import re

import pytest
from django.urls import reverse

from loket.eforms import services_builder
from loket.eforms.models import FieldKind, FormDefinition, FormVersion, VersionState
from loket.platform.tests.factories import PartyFactory

from .builder_world import log_in_resident, staff_client_fixture, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def version_url(version, suffix=""):
    return reverse("eforms:builder_version", kwargs={"uuid": version.definition.uuid, "number": version.number}) + suffix


def draft_with_a_question(world, actor=None):
    version = services_builder.create_form(product=world.product, actor=actor or world.handler)
    field = services_builder.add_field(step=version.steps.get(), actor=actor or world.handler, kind=FieldKind.YES_NO,
                                       label="Heeft u een auto?")
    return version, field


def test_the_builder_needs_a_staff_log_in_and_a_resident_gets_nothing(client, world):
    version, field = draft_with_a_question(world)
    log_in_resident(client, world.resident)
    for url in (reverse("eforms:builder"), version_url(version), version_url(version, "voorbeeld/")):
        response = client.get(url)
        assert response.status_code == 302 and "/medewerkers/" in response["Location"], url
    response = client.post(version_url(version, "stap/"), {"step-title": "Gekaapt"})
    assert response.status_code in (302, 404)
    response = client.post(version_url(version, "publiceren/"))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT and version.steps.count() == 1


def test_the_list_shows_products_with_an_online_channel_and_their_form(staff_client, world):
    version, _field = draft_with_a_question(world)
    page = text(staff_client(world.handler).get(reverse("eforms:builder")))
    assert "Bewonerskaart parkeren" in page and "versie 1 concept" in page
    assert "Identiteitskaart" in page  # online, other department: listed, but no "create" link for this user
    assert "Trouwen" not in page  # no online channel
    assert "Formulier maken<span class=\"loket-visually-hidden\"> voor Identiteitskaart" not in page


def test_staff_of_another_department_see_but_cannot_change(staff_client, world):
    version, field = draft_with_a_question(world)
    client = staff_client(world.clerk_other)
    page = text(client.get(version_url(version)))
    assert "Heeft u een auto?" in page
    assert "Veld toevoegen" not in page and "Publiceren" not in page.split("Publiceren en versies")[1][:200]
    response = client.post(version_url(version, f"veld/{field.pk}/bewerken/"), {
        "field-label": "Gekaapt", "field-kind": "yes_no", "field-key": "heeft_u_een_auto"})
    assert response.status_code == 403
    assert "U mag de formulieren van dit product niet bewerken." in text(response)
    field.refresh_from_db()
    assert field.label == "Heeft u een auto?"
    new_page = text(client.get(reverse("eforms:builder_new")))
    assert "Identiteitskaart" in new_page and "Bewonerskaart" not in new_page  # only their own department's products
    response = client.post(reverse("eforms:builder_new"), {"product": world.product.pk})
    assert response.status_code == 400 and not FormVersion.objects.filter(number=2).exists()

    stranger = staff_client(world.stranger)
    assert stranger.get(version_url(version)).status_code == 404
    assert stranger.get(reverse("eforms:builder_new")).status_code == 403


def test_a_form_is_built_through_the_web_and_published(staff_client, world):
    client = staff_client(world.manager)
    response = client.post(reverse("eforms:builder_new"), {"product": world.product.pk, "title": "Bewonerskaart aanvragen"})
    version = FormVersion.objects.get(definition__product=world.product)
    assert response.status_code == 302 and response["Location"] == version_url(version)
    step = version.steps.get()

    response = client.post(version_url(version, f"stap/{step.pk}/veld/"), {
        f"field{step.pk}-label": "Heeft u een auto?", f"field{step.pk}-kind": "yes_no", f"field{step.pk}-required": "on"})
    car = version.fields.get(key="heeft_u_een_auto")
    assert response.status_code == 302 and response["Location"].endswith(f"/veld/{car.pk}/")
    client.post(version_url(version, f"stap/{step.pk}/veld/"), {
        f"field{step.pk}-label": "Nummerplaat", f"field{step.pk}-kind": "text"})
    plate = version.fields.get(key="nummerplaat")
    response = client.post(version_url(version, f"veld/{plate.pk}/voorwaarde/"), {
        "rule-combinator": "all", "rule-rule_0_field": "heeft_u_een_auto", "rule-rule_0_op": "eq", "rule-rule_0_value": "Ja"})
    assert response.status_code == 302
    plate.refresh_from_db()
    assert plate.condition == {"field": "heeft_u_een_auto", "op": "eq", "value": "ja"}
    page = text(client.get(version_url(version)))
    assert "Alleen tonen als “Heeft u een auto?” is gelijk aan ja" in page

    response = client.post(version_url(version, "publiceren/"))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED
    page = text(client.get(version_url(version)))
    assert "Nieuwe conceptversie maken" in page and "Veld toevoegen" not in page

    response = client.post(version_url(version, "nieuwe-versie/"))
    draft = FormVersion.objects.get(definition=version.definition, number=2)
    assert response.status_code == 302 and response["Location"] == version_url(draft)
    assert draft.state == VersionState.DRAFT and draft.fields.count() == 2


def test_an_invalid_calculation_is_refused_and_what_was_typed_stays(staff_client, world):
    version, _field = draft_with_a_question(world)
    step = version.steps.get()
    total = services_builder.add_field(step=step, actor=world.handler, kind=FieldKind.COMPUTED, label="Te betalen")
    client = staff_client(world.handler)
    response = client.post(version_url(version, f"veld/{total.pk}/bewerken/"), {
        "field-label": "Te betalen", "field-kind": "computed", "field-key": "te_betalen",
        "field-expression": "aantal_fietsen * 25"})
    assert response.status_code == 400
    page = text(response)
    assert "De rekenregel verwijst naar een onbekend veld: aantal_fietsen." in page
    assert "aantal_fietsen * 25</textarea>" in page
    assert "heeft_u_een_auto" in page  # the keys that can be used are offered
    total.refresh_from_db()
    assert total.expression == ""

    response = client.post(version_url(version, f"veld/{total.pk}/bewerken/"), {
        "field-label": "Te betalen", "field-kind": "computed", "field-key": "te_betalen",
        "field-expression": "if(heeft_u_een_auto, 25, 0)"})
    assert response.status_code == 302
    total.refresh_from_db()
    assert total.expression == "if(heeft_u_een_auto, 25, 0)"


def test_form_errors_keep_the_input(staff_client, world):
    version, field = draft_with_a_question(world)
    client = staff_client(world.handler)
    step = version.steps.get()
    response = client.post(version_url(version, f"stap/{step.pk}/veld/"), {
        f"field{step.pk}-label": "Hoeveel kinderen?", f"field{step.pk}-kind": ""})
    assert response.status_code == 400
    assert 'value="Hoeveel kinderen?"' in text(response)

    response = client.post(version_url(version, "leges/"), {"fee-fee_amount": "tien euro", "fee-fee_expression": "",
                                                           "fee-fee_label": "Retributie"})
    assert response.status_code == 400
    assert "Geef een getal, bijvoorbeeld 12,50." in text(response) and 'value="tien euro"' in text(response)

    response = client.post(version_url(version, f"veld/{field.pk}/voorwaarde/"), {
        "rule-combinator": "all", "rule-rule_0_field": "heeft_u_een_auto", "rule-rule_0_op": "eq", "rule-rule_0_value": "x"})
    assert response.status_code == 400  # a field cannot depend on itself (not even offered)


def test_moving_with_buttons_without_javascript(staff_client, world):
    version, car = draft_with_a_question(world)
    plate = services_builder.add_field(step=car.step, actor=world.handler, kind="text", label="Nummerplaat")
    client = staff_client(world.handler)
    response = client.post(version_url(version, f"veld/{plate.pk}/omhoog/"))
    assert response.status_code == 302 and response["Location"].endswith(f"#veld-{plate.pk}")
    assert list(car.step.fields.order_by("order").values_list("key", flat=True)) == ["nummerplaat", "heeft_u_een_auto"]
    response = client.post(version_url(version, f"veld/{plate.pk}/omhoog/"))
    assert response.status_code == 400 and "Dit veld staat al helemaal bovenaan." in text(response)


def test_the_preview_shows_the_form_as_a_resident_with_its_logic_and_saves_nothing(staff_client, world):
    version, car = draft_with_a_question(world)
    second = services_builder.add_step(version=version, actor=world.handler, title="Uw auto")
    plate = services_builder.add_field(step=second, actor=world.handler, kind="text", label="Nummerplaat")
    services_builder.set_step_condition(step=second, actor=world.handler,
                                        rule={"field": "heeft_u_een_auto", "op": "eq", "value": "ja"})
    client = staff_client(world.handler)
    start = client.get(version_url(version, "voorbeeld/"))
    assert start.status_code == 200 and "Voorbeeld van versie 1" in text(start)
    step_url = version_url(version, "voorbeeld/gegevens/")
    page = client.get(step_url)
    assert page.status_code == 200 and "Heeft u een auto?" in text(page) and "Stap 1 van 2" in text(page)

    refused = client.post(step_url, {"action": "next", "_shown": "heeft_u_een_auto"})
    assert refused.status_code == 400  # required: the runner's own check

    response = client.post(step_url, {"action": "next", "_shown": "heeft_u_een_auto", "heeft_u_een_auto": "nee"})
    assert response.status_code == 302 and response["Location"].endswith("/voorbeeld/controleren/")
    response = client.post(step_url, {"action": "next", "_shown": "heeft_u_een_auto", "heeft_u_een_auto": "ja"})
    assert response["Location"].endswith("/voorbeeld/uw-auto/")
    shown = text(client.get(response["Location"]))
    assert "Nummerplaat" in shown and "Stap 2 van 3" in shown  # the step appeared through its condition
    assert plate.version.submissions.count() == 0
    assert FormDefinition.objects.get().versions.get().submissions.count() == 0


@pytest.mark.parametrize("key", ["bewonerskaart", "evenement-organiseren", "inname-openbaar-domein", "woningaanpassing"])
def test_every_demo_form_opens_in_the_builder_and_passes_its_checks(staff_client, world, key):
    """The demo's forms (built from a spec) are forms the builder could have made: no publish problems, every
    field page opens, and a new draft of them can be edited."""
    from loket.catalog.models import Channel, Product
    from loket.eforms.demo import FORMS
    from loket.eforms.spec import build_form

    product = Product.objects.create(organisation=world.gemeente, key=f"demo-{key}", name=key, state="published",
                                     department=world.omgeving)
    Channel.objects.create(product=product, kind="online")
    version = build_form(product=product, spec=FORMS[key])
    assert services_builder.publish_problems(version) == []
    client = staff_client(world.manager)
    assert client.get(version_url(version)).status_code == 200
    for field in version.fields.all():
        assert client.get(version_url(version, f"veld/{field.pk}/")).status_code == 200, field.key
    for step in version.steps.all():
        assert client.get(version_url(version, f"stap/{step.pk}/")).status_code == 200, step.slug
    assert client.get(version_url(version, "voorbeeld/")).status_code == 200
    draft = services_builder.new_draft(version=version, actor=world.manager)
    assert services_builder.publish_problems(draft) == []
    services_builder.publish(version=draft, actor=world.manager)


def test_reserved_step_names_are_refused(world):
    from loket.eforms.exceptions import FormError

    version = services_builder.create_form(product=world.product, actor=world.handler)
    step = services_builder.add_step(version=version, actor=world.handler, title="Controleren")
    assert step.slug == "controleren-2"
    with pytest.raises(FormError, match="gereserveerd"):
        services_builder.update_step(step=step, actor=world.handler, title="Betaling", slug="betaling")


def test_a_resident_with_a_draft_keeps_the_version_they_started_on(client, world):
    """Publishing a new version does not change a form a resident is filling in; new starts get the new version."""
    from loket.eforms import services as runner

    version, field = draft_with_a_question(world, actor=world.manager)
    version = services_builder.publish(version=version, actor=world.manager)
    started = runner.start(version=version, party=world.resident, submitted_by=world.resident, assurance="high")

    draft = services_builder.new_draft(version=version, actor=world.manager)
    services_builder.update_field(field=draft.fields.get(key="heeft_u_een_auto"), actor=world.manager,
                                  label="Heeft u een wagen?")
    services_builder.publish(version=draft, actor=world.manager)

    log_in_resident(client, world.resident)
    page = text(client.get(reverse("eforms:step", args=[world.product.key, started.uuid, "gegevens"])))
    assert "Heeft u een auto?" in page and "Heeft u een wagen?" not in page
    other = PartyFactory(organisation=world.gemeente)
    fresh = runner.start(version=FormVersion.objects.get(definition=version.definition, state="published"), party=other)
    assert fresh.version.number == 2
    log_in_resident(client, other)
    assert "Heeft u een wagen?" in text(client.get(reverse("eforms:step", args=[world.product.key, fresh.uuid, "gegevens"])))


def test_steps_are_added_and_removed_and_drafts_thrown_away_through_the_web(staff_client, world):
    version, _field = draft_with_a_question(world, actor=world.manager)
    client = staff_client(world.manager)
    response = client.post(version_url(version, "stap/"), {"step-title": "Bijlagen", "step-slug": "", "step-intro": ""})
    step = version.steps.get(slug="bijlagen")
    assert response.status_code == 302 and response["Location"].endswith(f"#stap-{step.pk}")
    only = version.steps.get(slug="gegevens")
    response = client.post(version_url(version, f"stap/{step.pk}/verwijderen/"))
    assert response.status_code == 302 and not version.steps.filter(slug="bijlagen").exists()
    refused = client.post(version_url(version, f"stap/{only.pk}/verwijderen/"))
    assert refused.status_code == 400 and "Een formulier heeft minstens één stap." in text(refused)

    services_builder.publish(version=version, actor=world.manager)
    client.post(version_url(version, "nieuwe-versie/"))
    twice = client.post(version_url(version, "nieuwe-versie/"))
    assert twice.status_code == 409 and "Er is al een conceptversie (versie 2)" in text(twice)
    draft = FormVersion.objects.get(definition=version.definition, number=2)
    response = client.post(version_url(draft, "weggooien/"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "eforms:builder_form", kwargs={"uuid": version.definition.uuid})
    assert list(version.definition.versions.values_list("number", flat=True)) == [1]
    assert client.get(response["Location"])["Location"] == version_url(version)


def test_the_catalog_page_of_a_product_links_to_its_form(staff_client, world):
    version, _field = draft_with_a_question(world)
    page = text(staff_client(world.handler).get(reverse("catalog:staff_detail", args=[world.product.pk])))
    assert reverse("eforms:builder_form", kwargs={"uuid": version.definition.uuid}) in page
