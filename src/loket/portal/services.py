"""Changes made in "Mijn loket" (and the staff side of them): document requests, questions, messages read,
verified e-mail addresses and phone numbers, the preferred channel. One code path for web, API and CLI.

Every function takes keyword arguments and raises a :mod:`loket.portal.exceptions` error with a Dutch message
(nothing changed then). ``party`` is always the party whose affairs are shown (``request.resident.acting_for``).
Changes residents make to their own data are written to the audit log with :data:`RESIDENT_ACTOR` as actor: the
access log page lists staff only, so these never appear there as "someone looked at my data".
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases import deadlines
from loket.contacts import services as contact_services
from loket.contacts.exceptions import ContactError
from loket.contacts.models import Channel, ContactChannel, ContactOutcome, DigitalAddressKind

from .exceptions import InvalidState, NotFound, PermissionDenied, ValidationFailed
from .models import AddressVerification, DocumentRequest, PortalMessage

#: The audit log's "actor" for changes residents make themselves in Mijn loket.
RESIDENT_ACTOR = "Mijn loket (de inwoner zelf)"
#: The automated actor of questions asked in Mijn loket (contacts Actor of kind "geautomatiseerde_actor").
QUESTION_ACTOR = "Mijn loket"
QUESTION_MAX_LENGTH = 4000
CODE_VALID_MINUTES = 15
CODE_MAX_ATTEMPTS = 5
CODES_PER_HOUR = 5


def _field_error(exc, default_field: str):
    return ValidationFailed(str(exc), field=getattr(exc, "field", None) or default_field)


# -- Document requests (staff ask, the resident uploads) ------------------------------------------------------


def incoming_document_types(zaak):
    """The document types the resident may send for this case: the case type's incoming ones (all if none is)."""
    from loket.cases.models import Direction

    links = list(zaak.zaaktype.ziot.select_related("informatieobjecttype").order_by("volgnummer"))
    incoming = [link.informatieobjecttype for link in links if link.richting == Direction.INKOMEND]
    return incoming or [link.informatieobjecttype for link in links]


@transaction.atomic
def request_document(*, zaak, description: str, due_date: datetime.date, actor, informatieobjecttype=None) -> DocumentRequest:
    """A staff member asks the case's initiator for a document (the resident gets a message and an e-mail/SMS)."""
    from loket.cases import selectors as case_selectors
    from loket.cases.services._common import event

    if actor is None or not case_selectors.can_change(actor, zaak):
        raise PermissionDenied(_("U mag deze zaak niet wijzigen."))
    if zaak.is_closed:
        raise InvalidState(_("Deze zaak is afgesloten."))
    if zaak.initiator_party_id is None:
        raise InvalidState(_("Deze zaak heeft geen aanvrager die een document kan sturen."))
    description = (description or "").strip()
    if not description:
        raise ValidationFailed(_("Schrijf welk document u vraagt."), field="description")
    if len(description) > 1000:
        raise ValidationFailed(_("De omschrijving is te lang (hoogstens 1000 tekens)."), field="description")
    if due_date is None or due_date < deadlines.today():
        raise ValidationFailed(_("Kies een datum vanaf vandaag."), field="due_date")
    allowed = incoming_document_types(zaak)
    if not allowed:
        raise InvalidState(_("Bij dit zaaktype kunnen geen documenten opgeladen worden."))
    if informatieobjecttype is None:
        informatieobjecttype = allowed[0]
    elif informatieobjecttype.pk not in {t.pk for t in allowed}:
        raise ValidationFailed(_("Dit documenttype is niet toegelaten bij dit zaaktype."), field="informatieobjecttype")
    document_request = DocumentRequest.objects.create(
        organisation=zaak.organisation, zaak=zaak, description=description, informatieobjecttype=informatieobjecttype,
        due_date=due_date, requested_by=actor,
    )
    event(zaak, actor, "document_requested", f"Document opgevraagd bij de aanvrager: {description[:300]}",
          request=str(document_request.uuid), description=description[:300], due_date=due_date.isoformat())
    return document_request


@transaction.atomic
def cancel_document_request(*, document_request, actor) -> DocumentRequest:
    from loket.cases import selectors as case_selectors
    from loket.cases.services._common import event

    if actor is None or not case_selectors.can_change(actor, document_request.zaak):
        raise PermissionDenied(_("U mag deze zaak niet wijzigen."))
    if not document_request.is_open:
        raise InvalidState(_("Dit verzoek is al afgehandeld."))
    document_request.cancelled_at = timezone.now()
    document_request.save(update_fields=["cancelled_at"])
    event(document_request.zaak, actor, "document_request_cancelled",
          f"Verzoek om een document ingetrokken: {document_request.description[:300]}")
    return document_request


def fulfil_document_request(*, document_request, party, file, titel: str = ""):
    """The resident sends the asked document: it becomes a document of the case (author: the resident), the case
    timeline says so, and the request is fulfilled. Raises ValidationFailed (file refused: type, size, virus),
    InvalidState (already sent, case closed), NotFound (not this party's case)."""
    from loket.cases.exceptions import CaseError
    from loket.cases.models import Zaak
    from loket.cases.services import add_document

    if document_request.zaak.initiator_party_id != party.pk:
        raise NotFound(_("Dit verzoek bestaat niet."))
    if file is None:
        raise ValidationFailed(_("Kies het bestand dat u wilt sturen."), field="file")
    with transaction.atomic():
        locked = DocumentRequest.objects.select_for_update().get(pk=document_request.pk)
        if not locked.is_open:
            raise InvalidState(_("Dit document hebben we al ontvangen, of we vragen het niet meer."))
        zaak = Zaak.objects.get(pk=locked.zaak_id)
        titel = (titel or "").strip()[:200] or locked.description[:200]
        try:
            link = add_document(zaak=zaak, file=file, titel=titel, informatieobjecttype=locked.informatieobjecttype,
                                actor=None, auteur=party.display_name[:200] or _("Aanvrager"),
                                beschrijving=_("Opgeladen in Mijn loket op verzoek: %(what)s") % {"what": locked.description[:500]})
        except CaseError as exc:
            raise ValidationFailed(str(exc), field="file" if getattr(exc, "field", None) in (None, "file", "titel") else exc.field) from None
        locked.fulfilled_at = timezone.now()
        locked.document = link.informatieobject
        locked.save(update_fields=["fulfilled_at", "document"])
    document_request.fulfilled_at, document_request.document = locked.fulfilled_at, locked.document
    return link


# -- Questions ---------------------------------------------------------------------------------------------------


def _is_own_case(party, zaak) -> bool:
    from .selectors import cases_for

    return cases_for(party).filter(pk=zaak.pk).exists()


def _question_department(organisation, product):
    """Who answers: the product's department, else the department the knowledge article refers to, else the
    contact centre (a department with a KCC member), else the organisation's first department."""
    from loket.contacts.models import KnowledgeArticle
    from loket.platform.organisations.models import Department

    if product is not None:
        if product.department_id and product.department.organisation_id == organisation.pk:
            return product.department
        article = KnowledgeArticle.objects.filter(organisation=organisation, product=product,
                                                  refer_to_department__isnull=False).select_related("refer_to_department").first()
        if article is not None:
            return article.refer_to_department
    departments = Department.objects.filter(organisation=organisation)
    return (departments.filter(memberships__role="kcc").order_by("pk").first() or departments.order_by("pk").first())


@transaction.atomic
def ask_question(*, organisation, party, question: str, product=None, representative=None, zaak=None):
    """A question asked in Mijn loket: a contact moment on channel "webformulier" plus a callback task for the
    department that answers (through the contacts services, so it lands in the KCC queue like any other)."""
    question = (question or "").strip()
    if not question:
        raise ValidationFailed(_("Schrijf uw vraag."), field="question")
    if len(question) > QUESTION_MAX_LENGTH:
        raise ValidationFailed(_("Uw vraag is te lang (hoogstens %(max)s tekens).") % {"max": QUESTION_MAX_LENGTH},
                               field="question")
    if zaak is not None and not _is_own_case(party, zaak):
        raise NotFound(_("Deze zaak bestaat niet."), field="question")
    department = (zaak.department if zaak is not None else None) or _question_department(organisation, product)
    if department is None:
        raise InvalidState(_("Vragen stellen kan hier nu niet. Bel of mail ons."))
    if zaak is not None:
        subject = _("Vraag over zaak %(number)s") % {"number": zaak.identificatie}
    else:
        subject = product.name[:200] if product is not None else question.splitlines()[0][:80]
    try:
        contact = contact_services.register_contact(
            organisation=organisation, channel=ContactChannel.WEB_FORM, outcome=ContactOutcome.HANDED_ON,
            automated_actor=QUESTION_ACTOR, party=party, representative=representative, question=question,
            product=product, subject=subject, zaak=zaak,
        )
        contact_services.hand_over(contact=contact, actor=None, department=department,
                                   requested_action=_("Vraag uit Mijn loket beantwoorden"))
    except ContactError as exc:
        raise _field_error(exc, "question") from None
    return contact


# -- Messages -------------------------------------------------------------------------------------------------


def mark_read(*, message: PortalMessage, party) -> PortalMessage:
    if message.party_id != party.pk:
        raise NotFound(_("Dit bericht bestaat niet."))
    if message.read_at is None:
        message.read_at = timezone.now()
        PortalMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
    return message


def mark_all_read(*, party) -> int:
    return PortalMessage.objects.filter(party=party, read_at__isnull=True).update(read_at=timezone.now())


# -- Verified e-mail addresses and phone numbers ------------------------------------------------------------------


def _code_hash(verification_key: str, code: str) -> str:
    key = f"{settings.SECRET_KEY}:portal-verification".encode()
    return hmac.new(key, f"{verification_key}:{code}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def start_verification(*, party, kind: str, value: str) -> AddressVerification:
    """Send a 6-digit code to a new e-mail address (e-mail) or phone number (SMS). The address is saved only when
    the resident types the code back (:func:`confirm_verification`) within 15 minutes, in at most 5 tries;
    at most 5 codes an hour per person."""
    from .notifications import queue_sms

    organisation = party.organisation
    if kind == DigitalAddressKind.EMAIL:
        field = "email"
        try:
            normalised = contact_services.clean_email(value, field=field)
        except ContactError as exc:
            raise _field_error(exc, field) from None
    elif kind == DigitalAddressKind.PHONE:
        field = "phone"
        try:
            normalised = contact_services.clean_phone(value, organisation, field=field)
        except ContactError as exc:
            raise _field_error(exc, field) from None
    else:
        raise ValidationFailed(_("Onbekende soort adres."), field="kind")
    if not normalised:
        raise ValidationFailed(_("Vul het adres in.") if kind == DigitalAddressKind.EMAIL else _("Vul het telefoonnummer in."),
                               field=field)
    now = timezone.now()
    recent = AddressVerification.objects.filter(party=party, created_at__gte=now - datetime.timedelta(hours=1)).count()
    if recent >= CODES_PER_HOUR:
        raise InvalidState(_("U vroeg het afgelopen uur al %(count)s codes aan. Probeer het over een uur opnieuw.")
                           % {"count": recent}, field=field)
    code = f"{secrets.randbelow(1_000_000):06d}"
    nonce = secrets.token_hex(8)
    verification = AddressVerification.objects.create(
        organisation=organisation, party=party, kind=kind, value=value.strip()[:254], normalised_value=normalised,
        code_hash=f"{nonce}${_code_hash(nonce, code)}", expires_at=now + datetime.timedelta(minutes=CODE_VALID_MINUTES),
    )
    values = {"code": code, "minutes": CODE_VALID_MINUTES, "organisation": organisation.name}
    if kind == DigitalAddressKind.EMAIL:
        from loket.platform.messaging.services import queue_email

        queue_email(organisation=organisation, to=[normalised], subject=_("Uw code: %(code)s") % values,
                    body_text=_("Uw code om dit e-mailadres te bevestigen in Mijn loket is: %(code)s\n\nDe code is "
                                "%(minutes)s minuten geldig. Vroeg u geen code aan? Dan kunt u deze e-mail negeren."
                                "\n\n%(organisation)s") % values)
    else:
        queue_sms(organisation=organisation, to=normalised,
                  text=_("%(organisation)s: uw code voor Mijn loket is %(code)s (%(minutes)s minuten geldig).") % values)
    return verification


def confirm_verification(*, party, verification: AddressVerification, code: str):
    """Check the code; on success the address becomes the party's default address of its kind, marked verified.
    Raises ValidationFailed (wrong code: says how many tries are left), InvalidState (expired, too many tries)."""
    with transaction.atomic():
        verification = AddressVerification.objects.select_for_update().filter(pk=verification.pk, party=party).first()
        if verification is None:
            raise NotFound(_("Deze code bestaat niet."))
        if verification.verified_at is not None:
            raise InvalidState(_("Dit adres is al bevestigd."), field="code")
        if verification.expires_at < timezone.now():
            raise InvalidState(_("Deze code is verlopen. Vraag een nieuwe code aan."), field="code")
        if verification.attempts >= CODE_MAX_ATTEMPTS:
            raise InvalidState(_("U typte de code te vaak verkeerd. Vraag een nieuwe code aan."), field="code")
        code = "".join(ch for ch in (code or "") if ch.isdigit())
        nonce, _sep, expected = verification.code_hash.partition("$")
        if len(code) != 6 or not hmac.compare_digest(_code_hash(nonce, code), expected):
            verification.attempts += 1
            verification.save(update_fields=["attempts"])
            left = CODE_MAX_ATTEMPTS - verification.attempts
            wrong = ValidationFailed(
                (_("Deze code klopt niet. U kunt het nog %(count)s keer proberen.") % {"count": left}) if left
                else _("Deze code klopt niet. Vraag een nieuwe code aan."), field="code")
        else:
            wrong = None
            verification.verified_at = timezone.now()
            verification.save(update_fields=["verified_at"])
            try:
                address = contact_services.add_digital_address(
                    party=party, kind=verification.kind, value=verification.value, actor=RESIDENT_ACTOR,
                    is_default=True, verified=True,
                )
            except ContactError as exc:
                raise _field_error(exc, "code") from None
    if wrong is not None:
        raise wrong  # after the commit: the failed attempt counts
    return address


def set_preferred_channel(*, party, channel: str):
    """E-mail and SMS (phone) need a verified address of that kind; Mijn loket and letter always work."""
    if channel not in Channel.values:
        raise ValidationFailed(_("Kies hoe we u berichten sturen."), field="preferred_channel")
    address = None
    if channel in (Channel.EMAIL, Channel.PHONE):
        kind = DigitalAddressKind.EMAIL if channel == Channel.EMAIL else DigitalAddressKind.PHONE
        address = (party.digital_addresses.filter(kind=kind, verified_at__isnull=False)
                   .order_by("-is_default", "-verified_at", "pk").first())
        if address is None:
            raise ValidationFailed(
                _("Bevestig eerst een e-mailadres.") if kind == DigitalAddressKind.EMAIL
                else _("Bevestig eerst een telefoonnummer."), field="preferred_channel")
    try:
        return contact_services.set_preferred_channel(party=party, channel=channel, address=address, actor=RESIDENT_ACTOR)
    except ContactError as exc:
        raise _field_error(exc, "preferred_channel") from None
