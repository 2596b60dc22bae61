import datetime

import pytest
from django.utils import timezone

from loket.meldingen import selectors, services
from loket.meldingen.exceptions import MeldingInvalid, TransitionNotAllowed
from loket.meldingen.models import Channel, Melding, RoutingRule, State, StateChange
from loket.platform.messaging.models import OutgoingEmail

from .conftest import CENTRE, jpeg, upload


def test_a_melding_is_a_case_routed_and_confirmed(world):
    melding = world.report(reporter_email="an@example.org", wants_updates=True)
    assert melding.category.slug == "container-is-vol" and melding.main_category.slug == "afval"
    assert melding.zaak.zaaktype.identificatie == "MELDING-OPENBARE-RUIMTE"
    assert melding.zaak.department == world.public_space
    assert melding.state == State.REPORTED and not melding.needs_triage
    assert melding.deadline > timezone.localdate() - datetime.timedelta(days=1)
    assert melding.deadline_3x > melding.deadline
    mail = OutgoingEmail.objects.get(to=["an@example.org"])
    assert melding.zaak.identificatie in mail.subject and melding.token in mail.body_text
    assert melding.category.handling_message in mail.body_text


def test_low_confidence_goes_to_triage(world):
    world.classifier.confidence = 0.3
    melding = world.report()
    assert melding.needs_triage
    assert list(selectors.triage_queue(world.gemeente)) == [melding]


def test_all_input_problems_are_reported_at_once_in_dutch(world):
    with pytest.raises(MeldingInvalid) as caught:
        world.report(text="  ", latitude=50.0, longitude=3.0, photos=[upload("a.txt", b"hallo", "text/plain")])
    errors = caught.value.errors
    assert errors["text"] == ["Beschrijf wat u wilt melden."]
    assert "buiten Gemeente Testbeek" in errors["location"][0]
    assert "geen foto" in errors["photos"][0]
    assert Melding.objects.count() == 0


def test_text_longer_than_5000_characters_is_refused(world):
    with pytest.raises(MeldingInvalid) as caught:
        world.report(text="a" * 100_000)
    assert "100000 tekens" in caught.value.errors["text"][0]


def test_a_missing_location_is_refused(world):
    with pytest.raises(MeldingInvalid) as caught:
        world.report(latitude="", longitude=None)
    assert "Kies een plaats" in caught.value.errors["location"][0]


def test_at_most_five_photos_and_none_too_large(world, settings):
    with pytest.raises(MeldingInvalid) as caught:
        world.report(photos=[upload() for _ in range(6)])
    assert "hoogstens 5" in caught.value.errors["photos"][0]
    big = upload("groot.jpg", b"\xff\xd8" + b"0" * (services.MAX_PHOTO_BYTES + 10))
    with pytest.raises(MeldingInvalid) as caught:
        world.report(photos=[big])
    assert "te groot" in caught.value.errors["photos"][0]


def test_photos_are_resized_and_stripped_of_location(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from PIL import Image

    melding = world.report(photos=[upload("gps.jpg", jpeg(3000, 2000, exif_gps=True))])
    photo = melding.photos.get()
    with Image.open(photo.original.path) as original:
        assert original.getexif().get(0x8825)  # the original keeps its GPS data (staff only)
    with Image.open(photo.display.path) as display:
        assert max(display.size) == services.DISPLAY_SIZE
        assert not display.getexif() and "exif" not in display.info
    assert not photo.public_approved


def test_extra_questions_are_checked_against_the_category(world):
    with pytest.raises(MeldingInvalid) as caught:
        world.report(category="container-is-vol", answers={"container_type": "Kernafval"})
    assert caught.value.errors["answers.container_type"] == ["Kies een van de mogelijkheden."]
    melding = world.report(category="container-is-vol", answers={"container_type": "Glas"})
    assert melding.answers == {"container_type": "Glas"}
    assert not world.classifier.calls  # a chosen category is not classified again


def test_routing_rules_apply_in_order_by_category_area_and_time(world):
    container = world.category("container-is-vol")
    tree = world.category("boom")
    green_rule = RoutingRule.objects.create(organisation=world.gemeente, order=1, name="Bomen naar groen",
                                            department=world.green)
    green_rule.categories.add(tree.parent)
    ian_rule = RoutingRule.objects.create(organisation=world.gemeente, order=2, name="Containers naar IAN",
                                          partner=world.ian)
    ian_rule.categories.add(container)
    melding = world.report()
    assert melding.partner == world.ian and melding.state == State.FORWARDED
    world.classifier.slug = "boom"
    assert world.report(text="Boom omgewaaid").department == world.green
    night = RoutingRule.objects.create(organisation=world.gemeente, order=0, name="Nacht", department=world.green,
                                       start_time=datetime.time(22), end_time=datetime.time(6))
    night.categories.add(container)
    rule, department, _partner = services.route(
        organisation=world.gemeente, category=container, latitude=CENTRE[0], longitude=CENTRE[1],
        moment=timezone.make_aware(datetime.datetime(2026, 3, 3, 23, 30)))
    assert rule == night and department == world.green
    rule, _d, partner = services.route(
        organisation=world.gemeente, category=container, latitude=CENTRE[0], longitude=CENTRE[1],
        moment=timezone.make_aware(datetime.datetime(2026, 3, 3, 12, 0)))
    assert rule == ian_rule and partner == world.ian
    elsewhere = RoutingRule.objects.create(
        organisation=world.gemeente, order=0, name="Noorden", department=world.green,
        area={"type": "Polygon", "coordinates": [[[4.58, 51.09], [4.67, 51.09], [4.67, 51.11], [4.58, 51.11], [4.58, 51.09]]]})
    assert services.route(organisation=world.gemeente, category=container, latitude=CENTRE[0], longitude=CENTRE[1],
                          moment=timezone.make_aware(datetime.datetime(2026, 3, 3, 12, 0)))[0] != elsewhere


def test_state_machine_refuses_undefined_steps_with_a_dutch_message(world):
    melding = world.report()
    with pytest.raises(TransitionNotAllowed) as caught:
        services.transition(melding=melding, to_state=State.REOPENED, actor=world.handler)
    assert str(caught.value) == "Een melding met status 'Gemeld' kan niet naar 'Heropend'."
    with pytest.raises(TransitionNotAllowed):
        services.transition(melding=melding, to_state=State.FORWARDED, actor=world.handler)  # no partner yet


def test_handling_closes_the_case_and_tells_the_reporter(world):
    melding = world.report(reporter_email="an@example.org", wants_updates=True)
    services.transition(melding=melding, to_state=State.IN_PROGRESS, actor=world.handler)
    melding = services.transition(melding=melding, to_state=State.HANDLED, actor=world.handler, note="Opgeruimd")
    melding.zaak.refresh_from_db()
    assert melding.zaak.is_closed and melding.zaak.resultaat.resultaattype.omschrijving == "Afgehandeld"
    assert not melding.is_open and melding.closed_at
    assert [h.to_state for h in selectors.history(melding)] == ["reported", "in_progress", "handled"]
    last = OutgoingEmail.objects.filter(to=["an@example.org"]).order_by("-pk").first()
    assert "Afgehandeld" in last.subject and "Uw melding is afgehandeld" in last.body_text
    reopened = services.transition(melding=melding, to_state=State.REOPENED, actor=world.handler, note="Nog niet weg")
    reopened.zaak.refresh_from_db()
    assert reopened.is_open and not reopened.zaak.is_closed


def test_category_standard_text_is_used_for_the_update(world):
    category = world.category("container-is-vol")
    category.status_texts = {"planned": "De ploeg komt deze week langs."}
    category.save()
    melding = world.report(reporter_email="an@example.org", wants_updates=True)
    services.transition(melding=melding, to_state=State.PLANNED, actor=world.handler)
    assert "De ploeg komt deze week langs." in OutgoingEmail.objects.order_by("-pk").first().body_text


def test_history_is_append_only(world):
    row = StateChange.objects.filter(melding=world.report()).first()
    row.note = "anders"
    with pytest.raises(Exception, match="historiek"):
        row.save()
    with pytest.raises(Exception, match="historiek"):
        row.delete()


def test_reclassify_leaves_triage_and_feeds_training(world):
    world.classifier.confidence = 0.2
    melding = world.report()
    melding = services.reclassify(melding=melding, category="grofvuil", actor=world.handler)
    assert not melding.needs_triage and melding.reclassified
    services.transition(melding=melding, to_state=State.HANDLED, actor=world.handler)
    assert list(selectors.training_examples(world.gemeente)) == [(melding.text, "afval", "grofvuil")]


def test_merged_reporters_get_the_main_reports_updates(world):
    main = world.report(reporter_email="eerste@example.org", wants_updates=True)
    duplicate = world.report(reporter_email="tweede@example.org", wants_updates=True)
    services.merge(melding=duplicate, into=main, actor=world.handler)
    duplicate.refresh_from_db()
    assert duplicate.state == State.CANCELLED and duplicate.merged_into == main
    assert sorted(services.recipients(main)) == ["eerste@example.org", "tweede@example.org"]
    services.transition(melding=main, to_state=State.HANDLED, actor=world.handler)
    assert OutgoingEmail.objects.filter(to=["tweede@example.org"], subject__contains="Afgehandeld").exists()
    with pytest.raises(MeldingInvalid):
        services.merge(melding=main, into=main, actor=world.handler)


def test_split_makes_sub_reports_for_other_departments(world):
    melding = world.report(text="Glasbak vol en er ligt een boom over het fietspad")
    parts = services.split(melding=melding, actor=world.handler, parts=[
        {"text": "Glasbak vol", "category": "container-is-vol"},
        {"text": "Boom over het fietspad", "category": "boom", "department": world.green},
    ])
    assert [p.parent_id for p in parts] == [melding.pk, melding.pk]
    assert parts[1].department == world.green and parts[1].zaak.department == world.green
    melding.refresh_from_db()
    assert melding.state == State.HANDLED


def test_nearby_duplicates_radius_age_and_category(world):
    near = world.report()
    world.report(latitude=CENTRE[0] + 0.001)  # about 110 m north
    world.classifier.slug = "boom"
    world.report(text="boom")
    world.classifier.slug = "container-is-vol"
    old = world.report()
    Melding.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(weeks=13))
    container = world.category("container-is-vol")
    found = selectors.nearby_open(organisation=world.gemeente, latitude=CENTRE[0] + 0.0002, longitude=CENTRE[1],
                                  category=container)
    assert found == [near] and 20 <= found[0].distance_m <= 25
    assert len(selectors.nearby_open(organisation=world.gemeente, latitude=CENTRE[0], longitude=CENTRE[1],
                                     category=container, radius_m=150)) == 2
    services.configure(organisation=world.gemeente, duplicate_age_days=200)
    assert len(selectors.nearby_open(organisation=world.gemeente, latitude=CENTRE[0], longitude=CENTRE[1],
                                     category=container)) == 2


def test_unhappy_feedback_asks_to_reopen(world):
    melding = world.report()
    with pytest.raises(TransitionNotAllowed):
        services.give_feedback(melding=melding, is_satisfied=False)
    services.transition(melding=melding, to_state=State.HANDLED, actor=world.handler)
    services.give_feedback(melding=melding, is_satisfied=False, reasons=["not_solved"], text="Ligt er nog", reopen=True)
    melding.refresh_from_db()
    assert melding.state == State.REOPEN_REQUESTED and melding.is_open
    with pytest.raises(TransitionNotAllowed):
        services.give_feedback(melding=melding, is_satisfied=True)


def test_deadline_flags(world):
    melding = world.report()
    assert selectors.deadline_flag(melding) == ""
    assert selectors.deadline_flag(melding, today=melding.deadline + datetime.timedelta(days=1)) == "overdue"
    assert selectors.deadline_flag(melding, today=melding.deadline_3x + datetime.timedelta(days=1)) == "3x"


def test_retention_anonymises_then_deletes(world):
    melding = world.report(reporter_name="An", reporter_email="an@example.org", wants_updates=True,
                           channel=Channel.PHONE)
    services.transition(melding=melding, to_state=State.HANDLED, actor=world.handler)
    services.configure(organisation=world.gemeente, anonymise_after_days=30, delete_after_days=400)
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.apply_retention(organisation=world.gemeente, now=later) == {"anonymised": 1, "deleted": 0}
    melding.refresh_from_db()
    assert melding.reporter_email == "" and melding.reporter_name == "" and melding.anonymised_at
    assert services.apply_retention(organisation=world.gemeente, now=later + datetime.timedelta(days=400)) == \
        {"anonymised": 0, "deleted": 1}
    assert not Melding.objects.filter(pk=melding.pk).exists()


def test_follow_an_existing_melding(world):
    melding = world.report()
    services.follow(melding=melding, email="Buur@Example.org")
    assert services.recipients(melding) == ["buur@example.org"]
    with pytest.raises(MeldingInvalid):
        services.follow(melding=melding, email="geen-adres")
