"""The creation path and the duplicate look-up stay cheap: configuration (categories, routing rules, the case type)
comes from the process cache, which forgets a change at once; nearby duplicates need one query, case numbers included.

pytest-django runs each test in a transaction, so the cache is only stored when the on-commit callbacks run
(``django_capture_on_commit_callbacks(execute=True)``), as after a real commit."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.meldingen import config_cache, selectors, services
from loket.meldingen.models import Channel, RoutingRule, State, StateChange

from .conftest import CENTRE

CONFIG_TABLES = ("meldingen_category", "meldingen_routingrule", "cases_catalogus", "organisations_department")


def _warm(world, django_capture_on_commit_callbacks):
    """Two reports as if each were committed: the first also creates the case type (a change, so not cached)."""
    config_cache.clear()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            world.report()
    assert world.gemeente.pk in config_cache._cache


def _reads_of_config(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries
            if q["sql"].startswith("SELECT") and any(f'FROM "{table}"' in q["sql"] for table in CONFIG_TABLES)]


def test_a_report_reads_no_configuration_rows_once_cached(world, django_capture_on_commit_callbacks):
    rule = RoutingRule.objects.create(organisation=world.gemeente, order=1, name="Alles naar groen", department=world.green)
    _warm(world, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as queries:  # a given category: the API's path (no classifier)
        melding = world.report(category="container-is-vol", channel=Channel.OPEN311)
    assert _reads_of_config(queries) == []
    assert melding.department == world.green and melding.routing_rule == rule
    assert list(StateChange.objects.filter(melding=melding).values_list("kind", flat=True)) == ["state", "routed"]


def test_a_changed_routing_rule_applies_to_the_next_report_at_once(world, django_capture_on_commit_callbacks):
    rule = RoutingRule.objects.create(organisation=world.gemeente, order=1, name="Containers", department=world.green)
    rule.categories.add(world.category("container-is-vol"))
    _warm(world, django_capture_on_commit_callbacks)
    assert world.report().department == world.green
    rule.categories.set([world.category("boom")])  # a change of the rule's categories
    assert world.report().department == world.public_space
    rule.categories.set([world.category("container-is-vol")])
    _warm(world, django_capture_on_commit_callbacks)
    rule.is_active = False
    rule.save()
    assert world.report().department == world.public_space


def test_a_changed_category_applies_to_the_next_report_at_once(world, django_capture_on_commit_callbacks):
    _warm(world, django_capture_on_commit_callbacks)
    category = world.category("container-is-vol")
    category.handling_message = "Wij legen de container binnen 2 dagen leeg."
    category.department = world.green
    category.save()
    melding = world.report(category=category.slug)
    assert melding.department == world.green
    assert StateChange.objects.get(melding=melding, kind="state").public_text == category.handling_message


def test_rows_of_a_rolled_back_transaction_are_not_cached(world):
    config_cache.clear()
    # Inside the test's transaction nothing is stored until commit, so a rollback leaves no trace in the cache.
    services.sub_category(world.gemeente, "container-is-vol")
    assert world.gemeente.pk not in config_cache._cache


def test_nearby_duplicates_come_with_category_and_case_number_in_one_query(world, django_capture_on_commit_callbacks):
    _warm(world, django_capture_on_commit_callbacks)
    first, second = world.report(), world.report(latitude=CENTRE[0] + 0.0001)
    container = world.category("container-is-vol")
    with CaptureQueriesContext(connection) as queries:
        found = selectors.nearby_open(organisation=world.gemeente, latitude=CENTRE[0], longitude=CENTRE[1],
                                      category=container, radius_m=30)
        shown = [(m.reference, m.category.name, m.distance_m) for m in found]
    assert len(queries.captured_queries) == 1
    assert {m.pk for m in found} >= {first.pk, second.pk}
    assert (second.zaak.identificatie, "Container is vol", 11) in shown


def test_a_report_routed_to_a_partner_is_forwarded_in_the_same_transaction(world):
    from loket.platform.messaging.models import OutgoingEmail

    rule = RoutingRule.objects.create(organisation=world.gemeente, order=1, name="Containers naar IAN", partner=world.ian)
    rule.categories.add(world.category("container-is-vol"))
    melding = world.report(reporter_email="an@example.org", wants_updates=True)
    melding.refresh_from_db()
    assert melding.state == State.FORWARDED and melding.partner == world.ian and melding.is_open
    history = list(StateChange.objects.filter(melding=melding).values_list("kind", "from_state", "to_state"))
    assert history == [("state", "", State.REPORTED), ("routed", "", ""), ("state", State.REPORTED, State.FORWARDED)]
    assert melding.zaak.current_statustype.omschrijving == "In behandeling"
    subjects = list(OutgoingEmail.objects.filter(to=["an@example.org"]).order_by("pk").values_list("subject", flat=True))
    assert len(subjects) == 2 and "ontvangen" in subjects[0] and "Doorgestuurd" in subjects[1]
