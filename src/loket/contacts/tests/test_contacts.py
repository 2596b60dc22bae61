"""Contact moments, callback tasks, search, the timeline and knowledge articles as the contact centre uses them."""

import datetime

import pytest
from django.utils import timezone

from loket.catalog.tests.helpers import product
from loket.contacts import selectors, services
from loket.contacts.exceptions import InvalidState, PermissionDenied, ValidationFailed
from loket.contacts.models import ContactOutcome, InternalTaskStatus, PartyKind
from loket.platform.audit.models import AuditAction, AuditEntry
from loket.platform.audit.services import MissingReason
from loket.platform.messaging.models import OutgoingEmail
from loket.platform.tests.factories import OrganisationFactory, PartyFactory


def test_a_contact_records_channel_actor_times_and_computed_handling_time(contacts_world):
    start = timezone.now() - datetime.timedelta(minutes=5)
    contact = contacts_world.contact(started_at=start, ended_at=start + datetime.timedelta(seconds=185), wait_seconds=40)
    assert contact.handling_seconds == 185 and contact.wait_seconds == 40
    assert contact.actor.user == contacts_world.agent and contact.actor.kind == "medewerker"
    assert AuditEntry.objects.filter(subject_id=str(contacts_world.marie.pk), action=AuditAction.CREATE, object_id=str(contact.pk)).exists()


def test_an_automated_contact_names_its_system(contacts_world):
    contact = contacts_world.contact(actor=None, automated_actor="Webformulier", channel="webformulier")
    assert contact.actor.kind == "geautomatiseerde_actor" and contact.actor.name == "Webformulier"


@pytest.mark.parametrize("change, field", [
    ({"channel": "duif"}, "channel"),
    ({"question": "", "subject": ""}, "question"),
    ({"ended_at": timezone.now() - datetime.timedelta(hours=1)}, "ended_at"),
    ({"wait_seconds": -5}, "wait_seconds"),
])
def test_bad_contact_input_is_refused_with_the_field_named(contacts_world, change, field):
    with pytest.raises(ValidationFailed) as error:
        contacts_world.contact(**change)
    assert error.value.field == field


def test_a_party_of_another_organisation_cannot_be_used(contacts_world):
    stranger = PartyFactory(organisation=OrganisationFactory())
    with pytest.raises(ValidationFailed):
        contacts_world.contact(party=stranger)


def test_handing_over_gives_a_task_due_in_two_working_days(contacts_world, monkeypatch):
    from loket.cases import deadlines

    monkeypatch.setattr(deadlines, "today", lambda: datetime.date(2026, 11, 27))  # a Friday
    contact = contacts_world.contact(outcome="beantwoord")
    task = services.hand_over(contact=contact, actor=contacts_world.agent, department=contacts_world.cases.roads,
                              note="Bel terug over de container")
    contact.refresh_from_db()
    assert task.deadline == datetime.date(2026, 12, 1)  # Monday + Tuesday
    assert contact.outcome == ContactOutcome.HANDED_ON
    assert task.party == contacts_world.marie
    assert list(selectors.callback_queue(contacts_world.cases.handler, scope="department")) == [task]


def test_a_task_needs_a_department_or_a_person(contacts_world):
    with pytest.raises(ValidationFailed):
        services.hand_over(contact=contacts_world.contact(), actor=contacts_world.agent)


def test_answering_a_task_records_an_outgoing_contact_and_mails_the_preferred_address(contacts_world):
    world = contacts_world
    task = services.hand_over(contact=world.contact(), actor=world.agent, department=world.cases.roads)
    with pytest.raises(PermissionDenied):
        services.answer_task(task=task, answer="Dinsdag", actor=world.cases.clerk_other)
    answer = services.answer_task(task=task, answer="Het grofvuil komt op dinsdag.", actor=world.cases.handler)
    task.refresh_from_db()
    assert task.status == InternalTaskStatus.DONE and task.completed_at
    assert answer.answers_task == task and answer.direction == "uitgaand" and answer.channel == "email"
    mail = OutgoingEmail.objects.get()
    assert mail.to == ["marie.v@example.org"] and "Het grofvuil komt op dinsdag." in mail.body_text
    with pytest.raises(InvalidState):
        services.answer_task(task=task, answer="Nog eens", actor=world.cases.handler)


def test_a_resident_who_prefers_the_phone_gets_no_mail(contacts_world):
    world = contacts_world
    services.set_preferred_channel(party=world.marie, channel="telefoon", actor=world.agent)
    task = services.hand_over(contact=world.contact(), actor=world.agent, assignee=world.cases.handler)
    answer = services.answer_task(task=task, answer="Teruggebeld", actor=world.cases.handler)
    assert answer.channel == "telefoon" and not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("query", [
    "vandenbroucke", "Marie Vandenbroucke", "vandenbroucke marie", "VANDENBROUCKE", "broucke",
    "90.02.01-001.30", "90020100130", "+32 470 12 34 56", "0470/123456", "0032470123456",
    "MARIE.V@example.org", "molenweg 7", "molenweg",
])
def test_a_party_is_found_by_name_number_phone_email_or_address(contacts_world, query):
    assert selectors.search_parties(contacts_world.gemeente, query, user=contacts_world.agent) == [contacts_world.marie]


def test_a_party_is_found_by_case_number(contacts_world):
    zaak = contacts_world.cases.create_case(initiator=contacts_world.marie)
    assert selectors.search_parties(contacts_world.gemeente, zaak.identificatie, user=contacts_world.agent) == [contacts_world.marie]


def test_accents_do_not_matter_in_name_search(contacts_world):
    zoe = services.create_party(organisation=contacts_world.gemeente, kind=PartyKind.PERSON, first_name="Zoë", last_name="Desmet-Çelik")
    assert selectors.search_parties(contacts_world.gemeente, "zoe celik", user=contacts_world.agent) == [zoe]


def test_every_party_listed_by_a_search_is_in_the_audit_log(contacts_world):
    selectors.search_parties(contacts_world.gemeente, "vandenbroucke", user=contacts_world.agent, reason="Telefoon")
    entry = AuditEntry.objects.get(action=AuditAction.SEARCH)
    assert entry.subject_id == str(contacts_world.marie.pk) and entry.reason == "Telefoon"


def test_odd_search_input_finds_nothing_without_error(contacts_world):
    for query in ("", "  ", "\x00", "a", "12", "%%%", "x" * 500, "1234567890123456789"):
        assert selectors.search_parties(contacts_world.gemeente, query, user=contacts_world.agent) == []


def test_record_view_needs_a_reason(contacts_world):
    with pytest.raises(MissingReason):
        services.record_view(contacts_world.marie, contacts_world.agent, "")
    services.record_view(contacts_world.marie, contacts_world.agent, "Vraag over afval")
    assert AuditEntry.objects.filter(reason="Vraag over afval", action=AuditAction.VIEW).count() == 1


def test_the_timeline_pages_through_contacts_cases_and_tasks_without_gaps(contacts_world):
    world = contacts_world
    base = timezone.now() - datetime.timedelta(days=30)
    contacts = [world.contact(started_at=base + datetime.timedelta(hours=i)) for i in range(7)]
    services.hand_over(contact=contacts[0], actor=world.agent, department=world.cases.roads)
    world.cases.create_case(initiator=world.marie)
    seen, cursor = [], None
    while True:
        page = selectors.party_timeline(world.marie, user=world.agent, before=cursor, limit=3)
        seen += [(i.kind, i.obj.pk) for i in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 9
    assert seen[-1] == ("contact", contacts[0].pk)
    assert [k for k, _ in seen].count("zaak") == 1 and [k for k, _ in seen].count("taak") == 1


def test_a_kcc_agent_sees_that_a_social_case_exists_and_where_to_refer_not_its_content(contacts_world):
    world = contacts_world
    zaak = world.cases.create_case(zaaktype=world.social_type, omschrijving="Aanvraag leefloon", actor=world.social_worker, initiator=world.marie,
                                   department=world.social)
    agent_view = selectors.party_timeline(world.marie, user=world.agent, kinds=["zaak"]).items
    assert len(agent_view) == 1 and agent_view[0].restricted
    assert agent_view[0].refer_to == "Sociale dienst" and agent_view[0].obj is None
    assert "leefloon" not in (agent_view[0].title + agent_view[0].detail).lower()
    worker_view = selectors.party_timeline(world.marie, user=world.social_worker, kinds=["zaak"]).items
    assert worker_view[0].obj == zaak and not worker_view[0].restricted


def test_the_timeline_costs_the_same_queries_for_many_contacts(contacts_world, django_assert_max_num_queries):
    world = contacts_world
    for _ in range(30):
        world.contact(product=None, subject="Afval")
    with django_assert_max_num_queries(8):
        page = selectors.party_timeline(world.marie, user=world.agent, limit=50)
    assert len(page.items) == 30


def test_knowledge_articles_are_found_with_the_catalog_search(contacts_world):
    world = contacts_world
    container = product(world.gemeente, "Container plaatsen op de openbare weg")
    product(world.gemeente, "Identiteitskaart aanvragen")
    services.save_knowledge_article(product=container, actor=world.agent, what_to_ask="Hoe lang en waar?",
                                    where_to_refer="Dienst Wegen")
    rows = selectors.knowledge_overview(world.gemeente, query="container")
    assert rows[0][0] == container and rows[0][1].what_to_ask == "Hoe lang en waar?"
    assert selectors.knowledge_article(container).where_to_refer == "Dienst Wegen"


def test_an_overdue_callback_request_is_warned_about_once(contacts_world):
    world = contacts_world
    task = services.hand_over(contact=world.contact(), actor=world.agent, assignee=world.cases.handler,
                              deadline=datetime.date.today())
    assert services.run_callback_deadline_checks(today=task.deadline) == 0  # due today: not late yet
    assert services.run_callback_deadline_checks(today=task.deadline + datetime.timedelta(days=1)) == 1
    assert services.run_callback_deadline_checks(today=task.deadline + datetime.timedelta(days=2)) == 0
    mail = OutgoingEmail.objects.get()
    assert mail.to == [world.cases.handler.email] and "Terugbellen" in mail.subject
