"""The access log of personal data: every access has a reason, and no one can change or remove an entry."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from loket.contacts.models import Party
from loket.platform.audit import selectors, services
from loket.platform.audit.models import AppendOnlyError, AuditAction, AuditEntry
from loket.platform.core.logging import request_id_var
from loket.platform.tests.factories import PartyFactory, log_in_with_second_factor, staff_member

NATIONAL_NUMBER = "85073003328"  # made up; passes the 97-check

pytestmark = pytest.mark.django_db


@pytest.fixture
def party():
    return PartyFactory(first_name="Marie", last_name="Peeters", national_number=NATIONAL_NUMBER)


@pytest.fixture
def entry(party):
    return services.record(actor=None, action=AuditAction.VIEW, subject=party, reason="Controle")


def test_access_without_a_reason_is_refused(party):
    for reason in ("", "   ", None):
        with pytest.raises(services.MissingReason):
            services.record(actor=staff_member(), action=AuditAction.VIEW, subject=party, reason=reason)
    assert not AuditEntry.objects.exists()


def test_unknown_action_is_refused(party):
    with pytest.raises(ValueError, match="Unknown audit action"):
        services.record(actor=None, action="peek", subject=party, reason="Nieuwsgierig")


def test_entry_records_who_whom_why_and_from_where(party):
    user = staff_member(first_name="An", last_name="Peeters")
    request = RequestFactory().get("/klanten/42/?tab=adres", REMOTE_ADDR="203.0.113.7")
    token = request_id_var.set("req-0123456789")
    try:
        entry = services.record(actor=user, action=AuditAction.VIEW, subject=party, request=request,
                                reason="Telefonische vraag over parkeervergunning", fields=["naam", "adres"])
    finally:
        request_id_var.reset(token)

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == user
    assert entry.actor_display == "An Peeters"
    assert entry.organisation == user.organisation
    assert entry.action == "view"
    assert (entry.subject_type, entry.subject_id) == ("contacts.party", str(party.pk))
    assert entry.subject_display == "Marie Peeters (••••••••328)"
    assert entry.reason == "Telefonische vraag over parkeervergunning"
    assert entry.fields == ["naam", "adres"]
    assert entry.request_id == "req-0123456789"
    assert entry.ip_address == "203.0.113.7"
    assert entry.path == "/klanten/42/?tab=adres"
    assert timezone.now() - entry.timestamp < datetime.timedelta(minutes=1)


def test_national_number_is_never_in_the_log_in_the_clear(party):
    services.record(actor=staff_member(), action=AuditAction.VIEW, subject=party, reason="Controle")
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(e)::text FROM audit_auditentry e")
        rows = [row[0] for row in cursor.fetchall()]
    assert len(rows) == 1
    assert NATIONAL_NUMBER not in rows[0]
    assert NATIONAL_NUMBER[:9] not in rows[0]


def test_system_access_is_logged_as_the_system(party):
    entry = services.record(actor=None, action=AuditAction.EXPORT, subject=party, reason="Jaarlijkse export")
    assert entry.actor is None
    assert entry.actor_display == "Systeem"
    assert entry.request_id == ""
    assert entry.ip_address is None


def test_entry_cannot_be_changed_or_deleted_through_the_model(entry):
    entry.reason = "Iets anders"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == "Controle"


@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditentry SET reason = 'verdoezeld'",
    "DELETE FROM audit_auditentry",
    "TRUNCATE audit_auditentry",
])
def test_database_refuses_to_change_or_remove_entries(entry, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.get(pk=entry.pk).reason == "Controle"


def test_queryset_update_and_delete_are_refused_too(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="verdoezeld")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk, reason="Controle").exists()


def test_accesses_to_a_person_newest_first(party):
    other = PartyFactory(organisation=party.organisation)
    first = services.record(actor=None, action=AuditAction.VIEW, subject=party, reason="Eerste")
    services.record(actor=None, action=AuditAction.VIEW, subject=other, reason="Iemand anders")
    second = services.record(actor=None, action=AuditAction.UPDATE, subject=party, reason="Tweede")

    assert list(selectors.accesses_to(party)) == [second, first]


def test_opening_a_person_in_the_admin_is_logged(client, party):
    admin = staff_member(is_staff=True, is_superuser=True, first_name="Els", last_name="Wouters")
    log_in_with_second_factor(client, admin)

    response = client.get(f"/beheer/contacts/party/{party.pk}/change/", HTTP_X_REQUEST_ID="admin-view-0001")

    assert response.status_code == 200
    assert NATIONAL_NUMBER not in response.content.decode()
    entry = selectors.accesses_to(party).get()
    assert entry.action == AuditAction.VIEW
    assert entry.actor_display == "Els Wouters"
    assert entry.reason == "Geopend in het beheerscherm"
    assert entry.organisation == party.organisation
    assert entry.request_id == "admin-view-0001"
    assert entry.ip_address == "127.0.0.1"


def test_saving_a_person_in_the_admin_is_logged_as_a_change(client, party):
    log_in_with_second_factor(client, staff_member(is_staff=True, is_superuser=True))
    url = f"/beheer/contacts/party/{party.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(organisation=party.organisation.pk, city="Heikant", preferred_channel="email")

    response = client.post(url, data)

    assert response.status_code == 302
    assert Party.objects.get(pk=party.pk).city == "Heikant"
    assert [entry.action for entry in selectors.accesses_to(party)] == [AuditAction.UPDATE, AuditAction.VIEW]


def test_audit_log_in_the_admin_is_read_only(client, entry):
    log_in_with_second_factor(client, staff_member(is_staff=True, is_superuser=True))

    assert client.get("/beheer/audit/auditentry/").status_code == 200
    assert client.get("/beheer/audit/auditentry/add/").status_code == 403
    assert client.post(f"/beheer/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_removing_a_staff_member_keeps_their_entries(party):
    user = staff_member(first_name="Tom", last_name="Janssens")
    entry = services.record(actor=user, action=AuditAction.VIEW, subject=party, reason="Aanvraag identiteitskaart")

    user.delete()

    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_display == "Tom Janssens"
    assert kept.actor_id == entry.actor_id
