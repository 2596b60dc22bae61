"""The form builder's services: rights, building a draft, logic and calculations, publishing and new versions."""

import decimal

import pytest

from loket.eforms import selectors, services_builder
from loket.eforms.exceptions import FormError, InvalidRule, InvalidState
from loket.eforms.models import FieldKind, FormDefinition, FormVersion, Submission, VersionState
from loket.eforms.services_builder import PermissionDenied

from .builder_world import world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def small_form(world, actor=None):
    """A draft with two steps: 'Heeft u een auto?' (yes/no) and the number plate shown only for yes."""
    actor = actor or world.handler
    version = services_builder.create_form(product=world.product, actor=actor)
    step = version.steps.get()
    car = services_builder.add_field(step=step, actor=actor, kind=FieldKind.YES_NO, label="Heeft u een auto?")
    cars = services_builder.add_field(step=step, actor=actor, kind=FieldKind.NUMBER, label="Aantal auto's")
    second = services_builder.add_step(version=version, actor=actor, title="Uw auto")
    plate = services_builder.add_field(step=second, actor=actor, kind=FieldKind.TEXT, label="Nummerplaat")
    services_builder.set_field_condition(field=plate, actor=actor, rule={"field": "heeft_u_een_auto", "op": "eq", "value": "ja"})
    return version, car, cars, plate


# -- Rights -------------------------------------------------------------------------------------------------


def test_who_may_build_and_publish_the_forms_of_a_product(world):
    product = world.product
    assert services_builder.can_edit_forms(world.handler, product)
    assert not services_builder.can_publish_forms(world.handler, product)
    for user in (world.manager, world.administrator):
        assert services_builder.can_edit_forms(user, product) and services_builder.can_publish_forms(user, product)
    for outsider in (world.clerk_other, world.stranger, world.resident, None):
        assert not services_builder.can_edit_forms(outsider, product)
        assert not services_builder.can_publish_forms(outsider, product)


def test_staff_of_another_department_and_residents_change_nothing(world):
    for outsider in (world.clerk_other, world.stranger, world.resident):
        with pytest.raises(PermissionDenied, match="U mag de formulieren van dit product niet bewerken"):
            services_builder.create_form(product=world.product, actor=outsider)
    assert not FormDefinition.objects.exists()

    version, car, _cars, _plate = small_form(world)
    with pytest.raises(PermissionDenied):
        services_builder.update_field(field=car, actor=world.clerk_other, label="Gekaapt")
    with pytest.raises(PermissionDenied):
        services_builder.add_step(version=version, actor=world.resident, title="Extra")
    car.refresh_from_db()
    assert car.label == "Heeft u een auto?"
    assert version.steps.count() == 2


# -- Building -----------------------------------------------------------------------------------------------


def test_a_form_needs_a_product_with_an_online_channel_and_there_is_one_per_product(world):
    with pytest.raises(FormError, match="geen online kanaal"):
        services_builder.create_form(product=world.offline_product, actor=world.administrator)
    version = services_builder.create_form(product=world.product, actor=world.handler)
    assert version.number == 1 and version.state == VersionState.DRAFT
    assert version.title == "Aanvraag Bewonerskaart parkeren"
    assert [s.title for s in version.steps.all()] == ["Uw gegevens"]
    with pytest.raises(InvalidState, match="heeft al een formulier"):
        services_builder.create_form(product=world.product, actor=world.manager)


def test_keys_are_made_from_the_question_and_stay_unique(world):
    version = services_builder.create_form(product=world.product, actor=world.handler)
    step = version.steps.get()
    first = services_builder.add_field(step=step, actor=world.handler, kind="number", label="Aantal auto's?")
    again = services_builder.add_field(step=step, actor=world.handler, kind="number", label="Aantal auto's?")
    reserved = services_builder.add_field(step=step, actor=world.handler, kind="text", label="Max")
    assert (first.key, again.key, reserved.key) == ("aantal_autos", "aantal_autos_2", "max_veld")
    with pytest.raises(FormError, match="kleine letters, cijfers en _") as error:
        services_builder.update_field(field=first, actor=world.handler, key="Aantal auto's")
    assert error.value.field == "key"
    with pytest.raises(FormError, match="gereserveerd woord"):
        services_builder.update_field(field=first, actor=world.handler, key="round")


def test_field_settings_are_checked_and_those_of_another_kind_are_cleared(world):
    version = services_builder.create_form(product=world.product, actor=world.handler)
    field = services_builder.add_field(step=version.steps.get(), actor=world.handler, kind="choice", label="Soort kaart")
    field = services_builder.update_field(field=field, actor=world.handler, display="select",
                                          options="bewoner | Bewonerskaart\nBezoekerskaart")
    assert field.options == [{"value": "bewoner", "label": "Bewonerskaart"},
                             {"value": "bezoekerskaart", "label": "Bezoekerskaart"}]
    with pytest.raises(FormError, match="staat er twee keer in"):
        services_builder.update_field(field=field, actor=world.handler, options="a | A\na | B")

    with pytest.raises(FormError, match="minimum is groter dan het maximum") as error:
        services_builder.update_field(field=field, actor=world.handler, kind="number", min_value="10", max_value="2")
    assert error.value.field == "max_value"
    field = services_builder.update_field(field=field, actor=world.handler, kind="number", min_value="1", max_value="3,5")
    assert field.options == [] and field.max_value == decimal.Decimal("3.50")

    text = services_builder.add_field(step=version.steps.get(), actor=world.handler, kind="text", label="Postcode")
    with pytest.raises(FormError, match="geen geldige reguliere expressie"):
        services_builder.update_field(field=text, actor=world.handler, pattern="[0-9", pattern_message="Vier cijfers")
    with pytest.raises(FormError, match="Geef de foutmelding"):
        services_builder.update_field(field=text, actor=world.handler, pattern="[0-9]{4}")
    date = services_builder.add_field(step=version.steps.get(), actor=world.handler, kind="date", label="Vanaf")
    with pytest.raises(FormError, match="JJJJ-MM-DD"):
        services_builder.update_field(field=date, actor=world.handler, min_date="morgen")
    date = services_builder.update_field(field=date, actor=world.handler, min_date="vandaag", max_date="vandaag+90")
    assert (date.min_date, date.max_date) == ("vandaag", "vandaag+90")


def test_a_calculation_is_checked_when_saved_with_a_clear_dutch_error(world):
    version, _car, cars, _plate = small_form(world)
    total = services_builder.add_field(step=cars.step, actor=world.handler, kind="computed", label="Te betalen")
    with pytest.raises(InvalidRule, match="onbekend veld: aantal_fietsen") as error:
        services_builder.update_field(field=total, actor=world.handler, expression="aantal_fietsen * 25")
    assert error.value.field == "expression"
    with pytest.raises(InvalidRule, match="niet goed opgebouwd"):
        services_builder.update_field(field=total, actor=world.handler, expression="aantal_autos * (25")
    with pytest.raises(InvalidRule, match="Onbekende functie"):
        services_builder.update_field(field=total, actor=world.handler, expression="__import__('os')")
    with pytest.raises(InvalidRule, match="eigen veld"):
        services_builder.update_field(field=total, actor=world.handler, expression="te_betalen + 1")
    total = services_builder.update_field(field=total, actor=world.handler,
                                          expression="if(aantal_autos > 1, aantal_autos * 40, 25)")
    assert total.expression.startswith("if(")

    with pytest.raises(InvalidRule, match="onbekend veld: fietsen"):
        services_builder.set_fee(version=version, actor=world.handler, fee_expression="fietsen * 2")
    version = services_builder.set_fee(version=version, actor=world.handler, fee_amount="12,50",
                                       fee_expression="te_betalen", fee_label="Retributie")
    assert version.fee_amount == decimal.Decimal("12.50") and version.fee_expression == "te_betalen"


def test_conditions_refer_to_known_fields_and_a_step_only_to_earlier_steps(world):
    version, car, cars, plate = small_form(world)
    with pytest.raises(InvalidRule, match="onbekend veld"):
        services_builder.set_field_condition(field=cars, actor=world.handler, rule={"field": "fiets", "op": "filled"})
    with pytest.raises(InvalidRule, match="niet van zichzelf"):
        services_builder.set_field_condition(field=cars, actor=world.handler, rule={"field": "aantal_autos", "op": "filled"})
    first, second = version.steps.order_by("order")
    with pytest.raises(InvalidRule, match="eerdere stappen"):
        services_builder.set_step_condition(step=first, actor=world.handler, rule={"field": "nummerplaat", "op": "filled"})
    services_builder.set_step_condition(step=second, actor=world.handler,
                                        rule={"any": [{"field": "heeft_u_een_auto", "op": "eq", "value": "ja"},
                                                      {"field": "aantal_autos", "op": "gt", "value": 0}]})
    second.refresh_from_db()
    assert second.condition["any"][1] == {"field": "aantal_autos", "op": "gt", "value": 0}


def test_a_field_in_use_is_not_removed_nor_renamed(world):
    version, car, _cars, plate = small_form(world)
    with pytest.raises(FormError, match="voorwaarde van veld 'Nummerplaat'"):
        services_builder.remove_field(field=car, actor=world.handler)
    with pytest.raises(FormError, match="De sleutel kan niet veranderen") as error:
        services_builder.update_field(field=car, actor=world.handler, key="auto")
    assert error.value.field == "key"
    with pytest.raises(FormError, match="moet daarom een waarde hebben"):
        services_builder.update_field(field=car, actor=world.handler, kind="text_block")
    services_builder.set_field_condition(field=plate, actor=world.handler, rule={})
    services_builder.remove_field(field=car, actor=world.handler)
    assert not version.fields.filter(key="heeft_u_een_auto").exists()


def test_fields_and_steps_move_up_and_down_also_across_steps(world):
    version, car, cars, plate = small_form(world)
    first, second = version.steps.order_by("order")

    def layout():
        return [(s.title, [f.key for f in s.fields.order_by("order")]) for s in version.steps.order_by("order")]

    services_builder.move_field(field=cars, actor=world.handler, direction="up")
    assert layout()[0] == ("Uw gegevens", ["aantal_autos", "heeft_u_een_auto"])
    services_builder.move_field(field=car, actor=world.handler, direction="down")  # bottom of step 1 -> top of step 2
    assert layout() == [("Uw gegevens", ["aantal_autos"]), ("Uw auto", ["heeft_u_een_auto", "nummerplaat"])]
    services_builder.move_field(field=car, actor=world.handler, direction="up")  # back to the end of step 1
    assert layout()[0] == ("Uw gegevens", ["aantal_autos", "heeft_u_een_auto"])
    with pytest.raises(FormError, match="helemaal bovenaan"):
        services_builder.move_field(field=cars, actor=world.handler, direction="up")
    services_builder.move_step(step=second, actor=world.handler, direction="up")
    assert [t for t, _ in layout()] == ["Uw auto", "Uw gegevens"]
    services_builder.move_field_to_step(field=plate, actor=world.handler, step=first)
    assert layout() == [("Uw auto", []), ("Uw gegevens", ["aantal_autos", "heeft_u_een_auto", "nummerplaat"])]


# -- Publishing ---------------------------------------------------------------------------------------------


def test_publish_lists_what_is_missing_and_only_managers_publish(world):
    version = services_builder.create_form(product=world.product, actor=world.handler)
    assert "Stap 'Uw gegevens' heeft nog geen velden." in services_builder.publish_problems(version)
    choice = services_builder.add_field(step=version.steps.get(), actor=world.handler, kind="choice", label="Soort")
    assert "Veld 'Soort' heeft minstens twee opties nodig." in services_builder.publish_problems(version)
    with pytest.raises(FormError, match="Nog niet klaar om te publiceren"):
        services_builder.publish(version=version, actor=world.manager)
    services_builder.update_field(field=choice, actor=world.handler, options="Bewoner\nBezoeker")
    assert services_builder.publish_problems(version) == []
    with pytest.raises(PermissionDenied, match="niet publiceren"):
        services_builder.publish(version=version, actor=world.handler)
    published = services_builder.publish(version=version, actor=world.manager)
    assert published.state == VersionState.PUBLISHED and published.published_by == world.manager
    assert selectors.published_form_for(world.product).pk == version.pk


def test_a_published_version_is_immutable_and_a_new_draft_copies_it(world):
    version, car, _cars, plate = small_form(world)
    services_builder.publish(version=version, actor=world.manager)
    with pytest.raises(InvalidState, match="maak een nieuwe conceptversie"):
        services_builder.update_field(field=car, actor=world.manager, label="Anders")
    with pytest.raises(InvalidState):
        services_builder.add_step(version=version, actor=world.manager, title="Extra")

    draft = services_builder.new_draft(version=version, actor=world.handler)
    assert draft.number == 2 and draft.state == VersionState.DRAFT
    assert [f.key for f in draft.fields.order_by("step__order", "order")] == [
        "heeft_u_een_auto", "aantal_autos", "nummerplaat"]
    assert draft.fields.get(key="nummerplaat").condition == {"field": "heeft_u_een_auto", "op": "eq", "value": "ja"}
    assert version.fields.count() == 3  # the published version keeps its own rows
    with pytest.raises(InvalidState, match="Er is al een conceptversie"):
        services_builder.new_draft(version=version, actor=world.handler)

    copy_of_car = draft.fields.get(key="heeft_u_een_auto")
    services_builder.update_field(field=copy_of_car, actor=world.handler, label="Heeft u een wagen?")
    car.refresh_from_db()
    assert car.label == "Heeft u een auto?"


def test_residents_with_a_draft_keep_their_version_after_a_new_publication(world):
    version, _car, _cars, _plate = small_form(world)
    services_builder.publish(version=version, actor=world.manager)
    started = Submission.objects.create(organisation=world.gemeente, version=version, product=world.product,
                                        party=world.resident, data={"heeft_u_een_auto": "ja"})
    draft = services_builder.new_draft(version=version, actor=world.manager)
    services_builder.publish(version=draft, actor=world.manager)

    version.refresh_from_db()
    started.refresh_from_db()
    assert version.state == VersionState.RETIRED
    assert started.version_id == version.pk
    assert selectors.published_form_for(world.product).pk == draft.pk
    assert FormVersion.objects.filter(definition=version.definition, state=VersionState.PUBLISHED).count() == 1


def test_a_draft_can_be_thrown_away(world):
    version, *_ = small_form(world)
    services_builder.publish(version=version, actor=world.manager)
    draft = services_builder.new_draft(version=version, actor=world.handler)
    definition = services_builder.discard_draft(version=draft, actor=world.handler)
    assert definition is not None and list(definition.versions.values_list("number", flat=True)) == [1]

    other = services_builder.create_form(product=world.other_product, actor=world.administrator)
    assert services_builder.discard_draft(version=other, actor=world.administrator) is None
    assert not FormDefinition.objects.filter(product=world.other_product).exists()
