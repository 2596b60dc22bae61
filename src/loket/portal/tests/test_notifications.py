"""Notifications on case changes: a portal message plus e-mail/SMS, in the transaction of the change (outbox)."""

import datetime
import json

import pytest
from django.db import transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from loket.cases import services as case_services
from loket.contacts import services as contact_services
from loket.platform.messaging.models import OutgoingEmail
from loket.portal import notifications
from loket.portal.models import OutgoingSms, PortalMessage, SmsStatus

pytestmark = pytest.mark.django_db


def test_new_case_status_with_informeren_sends_message_and_minimal_email(overview_world):
    world = overview_world
    zaak = world.case()
    before = OutgoingEmail.objects.count()
    case_services.set_status(zaak=zaak, statustype=world.cases.statuses[1], actor=world.cases.handler)
    # "In behandeling" is not a status the case type announces: inbox only.
    assert PortalMessage.objects.filter(party=world.anna, zaak=zaak, kind="status").exists()
    assert OutgoingEmail.objects.count() == before
    case_services.close_case(zaak=zaak, actor=world.cases.handler, resultaattype=world.cases.results["verleend"])
    closed = PortalMessage.objects.get(party=world.anna, zaak=zaak, kind="closed")
    assert "Verleend" in closed.body
    email = OutgoingEmail.objects.get(subject=closed.subject)
    assert email.to == ["anna@example.org"]
    # The e-mail says there is news, not what: no result, no case description, no national number.
    assert "Verleend" not in email.body_text and zaak.omschrijving not in email.body_text
    assert "/mijn/berichten/" in email.body_text
    assert ProcrastinateJob.objects.filter(task_name__endswith="send_email", args__email_id=email.pk).exists()


def test_suspension_extension_decision_each_notify(overview_world):
    world = overview_world
    zaak = world.case()
    case_services.suspend_case(zaak=zaak, reason="Wacht op advies", actor=world.cases.handler)
    case_services.resume_case(zaak=zaak, actor=world.cases.handler)
    case_services.extend_case(zaak=zaak, reason="Drukke periode", actor=world.cases.handler, days=3)
    today = datetime.date.today()
    case_services.create_decision(zaak=zaak, besluittype=world.cases.decision_type, datum=today, ingangsdatum=today,
                                  actor=world.cases.handler)
    kinds = set(PortalMessage.objects.filter(zaak=zaak).values_list("kind", flat=True))
    assert {"suspended", "resumed", "extended", "decision"} <= kinds
    assert OutgoingEmail.objects.filter(to=["anna@example.org"]).count() >= 4


def test_nothing_is_sent_when_the_change_rolls_back(overview_world):
    world = overview_world
    zaak = world.case()
    messages, emails = PortalMessage.objects.count(), OutgoingEmail.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        case_services.suspend_case(zaak=zaak, reason="Even wachten", actor=world.cases.handler)
        raise RuntimeError("the request failed after the change")
    assert PortalMessage.objects.count() == messages and OutgoingEmail.objects.count() == emails


def test_case_without_resident_initiator_notifies_nobody(overview_world):
    world = overview_world
    zaak = case_services.create_case(organisation=world.gemeente, zaaktype=world.cases.zaaktype, omschrijving="Via API",
                                     source_app="api")
    case_services.suspend_case(zaak=zaak, reason="Wacht", actor=None)
    assert not PortalMessage.objects.filter(zaak=zaak).exists()


def test_preferred_phone_sends_an_sms_through_the_backend(overview_world, settings):
    world = overview_world
    contact_services.add_digital_address(party=world.anna, kind="telefoonnummer", value="0470 11 22 33", verified=True)
    contact_services.set_preferred_channel(party=world.anna, channel="telefoon")
    world.anna.refresh_from_db()
    zaak = world.case()
    case_services.suspend_case(zaak=zaak, reason="Wacht op uw plan", actor=world.cases.handler)
    sms = OutgoingSms.objects.get()
    assert sms.to == "+32470112233" and "Wacht op uw plan" not in sms.text
    assert ProcrastinateJob.objects.filter(task_name__endswith="send_sms", args__sms_id=sms.pk).exists()
    notifications.deliver_sms(sms.pk)
    sms.refresh_from_db()
    assert sms.status == SmsStatus.SENT
    with open(settings.LOKET_SMS_FILE, encoding="utf-8") as handle:
        line = json.loads(handle.readline())
    assert line["to"] == "+32470112233"


def test_preferred_post_gets_only_the_inbox_message(overview_world):
    world = overview_world
    world.anna.preferred_channel = "post"
    world.anna.save(update_fields=["preferred_channel"])
    zaak = world.case()
    emails = OutgoingEmail.objects.count()
    case_services.suspend_case(zaak=zaak, reason="Wacht", actor=world.cases.handler)
    assert PortalMessage.objects.filter(zaak=zaak, kind="suspended").exists()
    assert OutgoingEmail.objects.count() == emails and not OutgoingSms.objects.exists()


def test_a_failing_sms_backend_keeps_the_sms_for_a_retry(overview_world, settings):
    settings.LOKET_SMS_BACKEND = "loket.portal.tests.test_notifications.BrokenBackend"
    sms = notifications.queue_sms(organisation=overview_world.gemeente, to="+32470000000", text="Test")
    with pytest.raises(ConnectionError):
        notifications.deliver_sms(sms.pk)
    sms.refresh_from_db()
    assert sms.status == SmsStatus.QUEUED and sms.attempts == 1 and "ConnectionError" in sms.last_error


class BrokenBackend:
    def send(self, to, text):
        raise ConnectionError("provider down")
