"""Tell residents what happened to their case: a message in "Mijn loket" plus an e-mail or SMS on their preferred
channel, written in the transaction of the change itself (outbox: the e-mail and SMS rows and their delivery jobs
commit or roll back together with the change; the worker delivers with retries).

Called explicitly by :func:`loket.cases.services._common.event` (one line, only for cases with a resident initiator:
cases created by API clients without one notify nobody) and by :func:`loket.contacts.services.answer_task`.

Rules (docs/portal.md, "My overview and notifications"):

- every status change, suspension, resumption, extension, document request, decision, closing and reopening of a
  case puts a message in the initiator's inbox;
- an e-mail or SMS goes out for all of those except a plain status change, which is announced only when its status
  type says "klant informeren" (ZGW ``informeren``): the case type decides which steps are worth a notification;
- e-mail and SMS carry no details: only that there is news about case <number>, and where to read it;
- preferred channel e-mail or "Mijn loket": e-mail; phone: SMS; letter: nothing automatic (staff write the letter).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loket.contacts.models import Channel, DigitalAddressKind

from .models import MessageKind, OutgoingSms, PortalMessage, SmsStatus

logger = logging.getLogger(__name__)

#: CaseEvent kinds that concern the resident, and the message kind they become.
CASE_EVENT_KINDS = {
    "status": MessageKind.STATUS,
    "suspended": MessageKind.SUSPENDED,
    "resumed": MessageKind.RESUMED,
    "extended": MessageKind.EXTENDED,
    "document_requested": MessageKind.DOCUMENT_REQUEST,
    "decision": MessageKind.DECISION,
    "closed": MessageKind.CLOSED,
    "reopened": MessageKind.REOPENED,
}


def _date(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _case_name(zaak) -> str:
    return zaak.zaaktype.onderwerp or zaak.zaaktype.omschrijving


def _case_message(zaak, kind: str, data: dict) -> tuple[str, str, bool] | None:
    """(subject, body, also e-mail/SMS) for one case event, or None when the resident need not know."""
    from loket.cases.models import Besluit, StatusType

    name, number = _case_name(zaak), zaak.identificatie
    values = {"name": name, "number": number, "date": _date(zaak.uiterlijke_einddatum_afdoening)}
    if kind == "status":
        statustype = zaak.current_statustype if zaak.current_statustype_id else None
        if statustype is None or str(statustype.uuid) != data.get("statustype"):
            statustype = StatusType.objects.filter(uuid=data.get("statustype")).first()
        if statustype is None:
            return None
        values["status"] = statustype.statustekst or statustype.omschrijving
        return (_("Nieuwe stap in uw zaak %(number)s") % values,
                _("Uw zaak “%(name)s” is bij een nieuwe stap: %(status)s.") % values, statustype.informeren)
    if kind == "suspended":
        values["reason"] = zaak.opschorting_reden
        return (_("Uw zaak %(number)s ligt even stil") % values,
                _("We kunnen even niet verder met uw zaak “%(name)s”. De reden: %(reason)s. Zolang uw zaak "
                  "stilligt, telt de wachttijd niet mee.") % values, True)
    if kind == "resumed":
        return (_("We werken weer aan uw zaak %(number)s") % values,
                _("We werken weer aan uw zaak “%(name)s”. U krijgt ons besluit uiterlijk op %(date)s.") % values, True)
    if kind == "extended":
        values["days"], values["reason"] = zaak.verlenging_duur_days, zaak.verlenging_reden
        return (_("We hebben meer tijd nodig voor uw zaak %(number)s") % values,
                _("We hebben de termijn van uw zaak “%(name)s” met %(days)s dagen verlengd. De reden: %(reason)s. "
                  "U krijgt ons besluit nu uiterlijk op %(date)s.") % values, True)
    if kind == "document_requested":
        values["what"], values["due"] = data.get("description", ""), _date_from_iso(data.get("due_date"))
        return (_("We vragen u een document voor zaak %(number)s") % values,
                _("Wilt u ons dit document sturen: %(what)s? Graag uiterlijk op %(due)s. U kunt het opladen op de pagina "
                  "van uw zaak.") % values, True)
    if kind == "decision":
        besluit = Besluit.objects.filter(uuid=data.get("besluit")).select_related("besluittype").first() if data.get("besluit") else None
        if besluit is None:
            return None  # a decision that was removed again
        values["decision"], values["on"] = besluit.besluittype.omschrijving, _date(besluit.datum)
        return (_("Er is een besluit over uw zaak %(number)s") % values,
                _("Op %(on)s namen we een besluit over uw zaak “%(name)s”: %(decision)s. U leest het besluit op de "
                  "pagina van uw zaak.") % values, True)
    if kind == "closed":
        result = getattr(zaak, "resultaat", None)
        values["result"] = result.resultaattype.omschrijving if result is not None else ""
        return (_("Uw zaak %(number)s is afgehandeld") % values,
                _("Uw zaak “%(name)s” is afgehandeld. Het resultaat: %(result)s.") % values, True)
    if kind == "reopened":
        return (_("Uw zaak %(number)s is heropend") % values,
                _("We hebben uw zaak “%(name)s” opnieuw geopend en werken eraan verder.") % values, True)
    return None


def _date_from_iso(value) -> str:
    import datetime

    try:
        return _date(datetime.date.fromisoformat(value)) if value else ""
    except (TypeError, ValueError):
        return str(value or "")


def case_event(zaak, kind: str, data: dict) -> PortalMessage | None:
    """A case event happened (inside its transaction): message the initiator when it concerns them."""
    if kind not in CASE_EVENT_KINDS or not zaak.initiator_party_id or zaak.source_app == "meldingen":
        return None  # meldingen tell their reporter themselves (the melding's status page and update e-mails)
    from loket.contacts.models import Party

    party = Party.objects.filter(pk=zaak.initiator_party_id, is_active=True).first()
    if party is None:
        return None
    content = _case_message(zaak, kind, data)
    if content is None:
        return None
    subject, body, external = content
    message = PortalMessage.objects.create(
        organisation=zaak.organisation, party=party, zaak=zaak, kind=CASE_EVENT_KINDS[kind], subject=subject[:200],
        body=body, link=reverse("portal:case", kwargs={"uuid": zaak.uuid}),
    )
    if external:
        notify_externally(party=party, organisation=zaak.organisation, subject=subject)
    return message


def question_answered(*, task, contact) -> PortalMessage | None:
    """A callback task was answered (contacts.answer_task): the answer appears in the party's inbox. The e-mail with
    the answer itself is sent by contacts; nothing else goes out."""
    if task.party_id is None:
        return None
    return PortalMessage.objects.create(
        organisation=task.organisation, party=task.party, kind=MessageKind.ANSWER, subject=_("Antwoord op uw vraag"),
        body=contact.answer, link=reverse("portal:questions"),
    )


# -- E-mail and SMS -------------------------------------------------------------------------------------------


def _address(party, kind: str) -> str:
    preferred = party.preferred_digital_address
    if preferred is not None and preferred.kind == kind:
        return preferred.normalised_value
    address = party.digital_addresses.filter(kind=kind).order_by("-is_default", "-verified_at", "pk").first()
    if address is not None:
        return address.normalised_value
    return party.email if kind == DigitalAddressKind.EMAIL else party.phone


def portal_url(organisation, path: str) -> str:
    domain = (organisation.domain or "").strip()
    return f"https://{domain}{path}" if domain else path


def notify_externally(*, party, organisation, subject: str) -> str:
    """Queue the e-mail or SMS (in the caller's transaction) that says there is news in Mijn loket; returns the
    channel used ("email", "sms" or "")."""
    channel = party.preferred_channel
    link = portal_url(organisation, reverse("portal:messages"))
    if channel == Channel.POST:
        return ""
    if channel == Channel.PHONE:
        to = _address(party, DigitalAddressKind.PHONE)
        if to:
            queue_sms(organisation=organisation, to=to,
                      text=_("%(organisation)s: %(subject)s. Lees meer in Mijn loket: %(link)s")
                      % {"organisation": organisation.name, "subject": subject, "link": link})
            return "sms"
    to = _address(party, DigitalAddressKind.EMAIL)
    if not to:
        return ""
    from loket.platform.messaging.services import queue_email

    body = _("Beste %(name)s,\n\n%(subject)s.\n\nU leest het bericht in Mijn loket: %(link)s\n\n"
             "Met vriendelijke groeten,\n%(organisation)s") % {
        "name": party.display_name, "subject": subject, "link": link, "organisation": organisation.name}
    queue_email(organisation=organisation, to=[to], subject=subject, body_text=body)
    return "email"


@transaction.atomic
def queue_sms(*, organisation, to: str, text: str) -> OutgoingSms:
    """Store an SMS and defer its delivery, both in the caller's transaction."""
    from .tasks import send_sms

    sms = OutgoingSms.objects.create(organisation=organisation, to=to, text=text[:480])
    send_sms.defer(sms_id=sms.pk)
    return sms


def deliver_sms(sms_id: int) -> OutgoingSms:
    from .channels import sms_backend

    failure = None
    with transaction.atomic():
        sms = OutgoingSms.objects.select_for_update().get(pk=sms_id)
        if sms.status == SmsStatus.SENT:
            return sms
        sms.attempts += 1
        try:
            sms_backend().send(sms.to, sms.text)
        except Exception as exc:
            sms.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            sms.save(update_fields=["attempts", "last_error"])
            failure = exc
        else:
            sms.status, sms.sent_at, sms.last_error = SmsStatus.SENT, timezone.now(), ""
            sms.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if failure is not None:
        raise failure
    return sms


def mark_sms_failed(sms_id: int) -> None:
    OutgoingSms.objects.filter(pk=sms_id).exclude(status=SmsStatus.SENT).update(status=SmsStatus.FAILED)
