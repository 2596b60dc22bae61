"""Changes to parties, their digital addresses and representatives, contact moments, callback tasks, knowledge
articles and merges. One code path for the web UI, the Klantinteracties API, the CLI and the demo.

Every function takes keyword arguments, checks the rules and raises a :mod:`loket.contacts.exceptions` error with a
Dutch message (nothing is changed then). Changes to a person's data are written to the audit log.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.platform.audit import services as audit
from loket.platform.audit.models import AuditAction

from . import identifiers
from .exceptions import DuplicateParty, InvalidState, NotFound, PermissionDenied, ValidationFailed
from .models import (
    Actor,
    ActorKind,
    BusinessNumberType,
    Channel,
    ContactChannel,
    ContactDirection,
    ContactMoment,
    ContactOutcome,
    DigitalAddress,
    DigitalAddressKind,
    Establishment,
    InternalTask,
    InternalTaskStatus,
    KnowledgeArticle,
    MergeCandidateStatus,
    MergeReason,
    Party,
    PartyKind,
    PartyMerge,
    PartyMergeCandidate,
    Representation,
    RepresentationReason,
)

CALLBACK_WORKING_DAYS = 2
PERSON_KINDS = {PartyKind.PERSON, PartyKind.CONTACT_PERSON}
PARTY_TEXT_FIELDS = {
    "first_name": 100, "last_name": 150, "business_name": 200, "street": 200, "house_number": 20, "postal_code": 10,
    "city": 100, "internal_note": 10000,
}
UPDATABLE_FIELDS = set(PARTY_TEXT_FIELDS) | {
    "date_of_birth", "preferred_channel", "language", "confidential", "national_number", "business_number", "email", "phone",
}
# The party's preferred channel decides which digital address the answer to a callback request goes to.
CHANNEL_FOR_PREFERENCE = {
    Channel.EMAIL: ContactChannel.EMAIL, Channel.PORTAL: ContactChannel.EMAIL,
    Channel.PHONE: ContactChannel.PHONE, Channel.POST: ContactChannel.LETTER,
}


def _country(organisation) -> str:
    return getattr(organisation, "country", "") or "BE"


def _actor_user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _audit(actor, action, party, reason, *, fields=None, obj=None, request=None):
    audit.record(actor=actor, action=action, subject=party, reason=reason, fields=fields, obj=obj, request=request,
                 organisation=party.organisation)


# -- Validation of identifiers and addresses ------------------------------------------------------------------


def clean_national_number(value: str, organisation) -> str:
    """The digits of a valid rijksregisternummer or BSN; ValidationFailed with a message that says what is wrong."""
    number = identifiers.digits(value)
    if not (value or "").strip():
        return ""
    if len(number) == 11:
        if not identifiers.is_valid_rijksregisternummer(number):
            raise ValidationFailed(_("Dit rijksregisternummer klopt niet: het controlegetal (de laatste twee cijfers) "
                                     "past niet bij de eerste negen cijfers."), field="national_number")
        return number
    if len(number) == 9:
        if not identifiers.is_valid_bsn(number):
            raise ValidationFailed(_("Dit BSN klopt niet: het voldoet niet aan de elfproef."), field="national_number")
        return number
    if _country(organisation) == "NL":
        message = _("Een BSN heeft 9 cijfers (een rijksregisternummer 11); dit nummer heeft er %(count)s.")
    else:
        message = _("Een rijksregisternummer heeft 11 cijfers (een BSN 9); dit nummer heeft er %(count)s.")
    raise ValidationFailed(message % {"count": len(number)}, field="national_number")


def clean_business_number(value: str) -> tuple[str, str]:
    """(digits, kind) of a valid KBO-ondernemingsnummer (10 digits, 97-check) or KvK-nummer (8 digits)."""
    text = (value or "").strip()
    if not text:
        return "", ""
    number = identifiers.digits(text)
    if len(number) == 8:
        return number, BusinessNumberType.KVK
    if len(number) in (9, 10):
        if identifiers.is_valid_kbo(number):
            return number.rjust(10, "0"), BusinessNumberType.KBO
        raise ValidationFailed(_("Dit ondernemingsnummer klopt niet: het controlegetal past niet."), field="business_number")
    raise ValidationFailed(_("Een KBO-ondernemingsnummer heeft 10 cijfers (0123.456.749), een KvK-nummer 8."),
                           field="business_number")


def clean_email(value: str, *, field: str = "email") -> str:
    email = identifiers.normalise_email(value)
    if not email:
        return ""
    try:
        validate_email(email)
    except DjangoValidationError:
        raise ValidationFailed(_("Dit e-mailadres is ongeldig."), field=field) from None
    return email


def clean_phone(value: str, organisation, *, field: str = "phone") -> str:
    if not (value or "").strip():
        return ""
    normalised = identifiers.normalise_phone(value, _country(organisation))
    if not normalised:
        raise ValidationFailed(_("Dit telefoonnummer is ongeldig. Schrijf het bijvoorbeeld als 03 123 45 67, "
                                 "0470 12 34 56 of +31 6 12345678."), field=field)
    return normalised


def _normalised_address(kind: str, value: str, organisation, field: str = "value") -> str:
    if kind == DigitalAddressKind.EMAIL:
        return clean_email(value, field=field)
    if kind == DigitalAddressKind.PHONE:
        return clean_phone(value, organisation, field=field)
    if kind == DigitalAddressKind.OTHER:
        return (value or "").strip()
    raise ValidationFailed(_("Onbekende soort digitaal adres."), field="kind")


def _check_texts(values: dict) -> None:
    for name, max_length in PARTY_TEXT_FIELDS.items():
        if name in values and len(values[name] or "") > max_length:
            raise ValidationFailed(_("Dit veld is te lang (hoogstens %(max)s tekens).") % {"max": max_length}, field=name)
        if name in values and "\x00" in (values[name] or ""):
            raise ValidationFailed(_("Dit veld bevat ongeldige tekens."), field=name)


# -- Parties --------------------------------------------------------------------------------------------------


def actor_for_user(user, organisation) -> Actor:
    """The Klantinteracties actor of a staff member in an organisation (created on first use)."""
    actor, _created = Actor.objects.get_or_create(
        organisation=organisation, user=user,
        defaults={"kind": ActorKind.STAFF, "name": (user.get_full_name() or user.get_username())[:200]},
    )
    return actor


def _refuse_duplicate_number(party: Party) -> None:
    active = Party.objects.filter(organisation_id=party.organisation_id, is_active=True).exclude(pk=party.pk)
    if party.national_number_index:
        existing = active.filter(national_number_index=party.national_number_index).first()
        if existing is not None:
            raise DuplicateParty(_("Er bestaat al een klant met dit rijksregisternummer of BSN: %(name)s.")
                                 % {"name": existing.display_name}, field="national_number", existing=existing)
    if party.business_number and party.kind in (PartyKind.BUSINESS, PartyKind.ORGANISATION):
        existing = active.filter(business_number=party.business_number,
                                 kind__in=[PartyKind.BUSINESS, PartyKind.ORGANISATION]).first()
        if existing is not None:
            raise DuplicateParty(_("Er bestaat al een onderneming met dit ondernemingsnummer: %(name)s.")
                                 % {"name": existing.display_name}, field="business_number", existing=existing)


def _flag(party: Party, other_ids, reason: str) -> int:
    flagged = 0
    for other_id in set(other_ids) - {party.pk}:
        low, high = sorted((party.pk, other_id))
        _row, created = PartyMergeCandidate.objects.get_or_create(
            party_id=low, other_id=high, reason=reason, defaults={"organisation_id": party.organisation_id},
        )
        flagged += created
    return flagged


def flag_possible_duplicates(party: Party) -> int:
    """Record parties that may be the same as ``party`` (same name and birth date, same e-mail or phone)."""
    active = Party.objects.filter(organisation_id=party.organisation_id, is_active=True).exclude(pk=party.pk)
    flagged = 0
    if party.kind in PERSON_KINDS and party.date_of_birth and party.last_name:
        same = active.filter(date_of_birth=party.date_of_birth, first_name__iexact=party.first_name,
                             last_name__iexact=party.last_name)
        flagged += _flag(party, same.values_list("pk", flat=True), MergeReason.NAME_AND_BIRTH_DATE)
    addresses = list(party.digital_addresses.filter(kind__in=[DigitalAddressKind.EMAIL, DigitalAddressKind.PHONE])
                     .values_list("kind", "normalised_value"))
    for kind, value in addresses:
        others = DigitalAddress.objects.filter(
            organisation_id=party.organisation_id, normalised_value=value, kind=kind, party__is_active=True,
        ).exclude(party=party).values_list("party_id", flat=True)
        flagged += _flag(party, others, MergeReason.EMAIL if kind == DigitalAddressKind.EMAIL else MergeReason.PHONE)
    return flagged


def _validate_party_values(values: dict, *, kind: str, organisation) -> None:
    _check_texts(values)
    if kind in PERSON_KINDS and not (values.get("last_name") or "").strip():
        raise ValidationFailed(_("Geef de achternaam."), field="last_name")
    if kind not in PERSON_KINDS and not (values.get("business_name") or "").strip():
        raise ValidationFailed(_("Geef de naam van de onderneming of organisatie."), field="business_name")
    born = values.get("date_of_birth")
    if born and born > timezone.localdate():
        raise ValidationFailed(_("De geboortedatum ligt in de toekomst."), field="date_of_birth")
    channel = values.get("preferred_channel")
    if channel and channel not in Channel.values:
        raise ValidationFailed(_("Onbekend voorkeurskanaal."), field="preferred_channel")


@transaction.atomic
def create_party(*, organisation, kind, actor=None, first_name="", last_name="", business_name="", national_number="",
                 business_number="", date_of_birth=None, street="", house_number="", postal_code="", city="", email="",
                 phone="", preferred_channel=None, language="nld", confidential=False, internal_note="") -> Party:
    """A new party. Refuses a national (or business) number that is already known (DuplicateParty); a party with the
    same name and birth date, e-mail or phone as another is created and flagged as a possible duplicate."""
    if kind not in PartyKind.values:
        raise ValidationFailed(_("Onbekende soort klant."), field="kind")
    values = {"first_name": (first_name or "").strip(), "last_name": (last_name or "").strip(),
              "business_name": (business_name or "").strip(), "street": (street or "").strip(),
              "house_number": (house_number or "").strip(), "postal_code": (postal_code or "").strip(),
              "city": (city or "").strip(), "internal_note": internal_note or "", "date_of_birth": date_of_birth,
              "preferred_channel": preferred_channel}
    _validate_party_values(values, kind=kind, organisation=organisation)
    number = clean_national_number(national_number, organisation) if kind in PERSON_KINDS else ""
    if national_number and kind not in PERSON_KINDS:
        raise ValidationFailed(_("Alleen een persoon heeft een rijksregisternummer of BSN."), field="national_number")
    business, business_kind = clean_business_number(business_number)
    email_value = clean_email(email)
    phone_value = clean_phone(phone, organisation)
    if not preferred_channel:
        preferred_channel = Channel.EMAIL if email_value else (Channel.PHONE if phone_value else Channel.POST)
    party = Party(
        organisation=organisation, kind=kind, business_number=business, business_number_type=business_kind,
        email=email_value, phone=phone_value, language=language or "nld", confidential=bool(confidential),
        **{**values, "preferred_channel": preferred_channel},
    )
    if number:
        party.set_national_number(number)
    _refuse_duplicate_number(party)
    party.save()
    for address_kind, value, raw in ((DigitalAddressKind.EMAIL, email_value, email), (DigitalAddressKind.PHONE, phone_value, phone)):
        if value:
            DigitalAddress.objects.create(organisation=organisation, party=party, kind=address_kind, value=raw.strip(),
                                          normalised_value=value, is_default=True)
    _sync_preferred_address(party)
    flag_possible_duplicates(party)
    if _actor_user(actor) is not None or actor is not None:
        _audit(actor, AuditAction.CREATE, party, _("Klant geregistreerd"), fields=sorted(k for k, v in values.items() if v))
    return party


def _sync_preferred_address(party: Party) -> None:
    """Point ``preferred_digital_address`` at the default address of the preferred channel's kind."""
    kind = DigitalAddressKind.PHONE if party.preferred_channel == Channel.PHONE else DigitalAddressKind.EMAIL
    if party.preferred_channel == Channel.POST:
        address = None
    else:
        address = party.digital_addresses.filter(kind=kind).order_by("-is_default", "-verified_at", "pk").first()
    if party.preferred_digital_address_id != (address.pk if address else None):
        party.preferred_digital_address = address
        Party.objects.filter(pk=party.pk).update(preferred_digital_address=address)


def _check_active(party: Party) -> None:
    if not party.is_active:
        raise InvalidState(_("Deze klant is samengevoegd met een andere klant; werk met die klant verder."), field="party")


@transaction.atomic
def update_party(*, party, actor=None, **changes) -> Party:
    """Change a party's data. ``email``/``phone`` become the default address of their kind (the old one is kept)."""
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ValidationFailed(_("Onbekend veld: %(name)s.") % {"name": ", ".join(sorted(unknown))}, field=sorted(unknown)[0])
    _check_active(party)
    organisation = party.organisation
    text_changes = {k: (v or "").strip() if k != "internal_note" else (v or "") for k, v in changes.items() if k in PARTY_TEXT_FIELDS}
    merged = {f: getattr(party, f) for f in ("first_name", "last_name", "business_name")} | text_changes
    merged.update({k: changes[k] for k in ("date_of_birth", "preferred_channel") if k in changes})
    _validate_party_values(merged, kind=party.kind, organisation=organisation)
    for name, value in text_changes.items():
        setattr(party, name, value)
    for name in ("date_of_birth", "preferred_channel", "language"):
        if name in changes:
            setattr(party, name, changes[name] if name != "language" else (changes[name] or "nld"))
    if "confidential" in changes:
        party.confidential = bool(changes["confidential"])
    if "national_number" in changes:
        number = clean_national_number(changes["national_number"], organisation)
        if number and party.kind not in PERSON_KINDS:
            raise ValidationFailed(_("Alleen een persoon heeft een rijksregisternummer of BSN."), field="national_number")
        if number:
            party.set_national_number(number)
        else:
            party.national_number_encrypted = party.national_number_index = party.national_number_type = ""
    if "business_number" in changes:
        party.business_number, party.business_number_type = clean_business_number(changes["business_number"])
    _refuse_duplicate_number(party)
    party.save()
    for field, kind in (("email", DigitalAddressKind.EMAIL), ("phone", DigitalAddressKind.PHONE)):
        if field in changes:
            if (changes[field] or "").strip():
                address = add_digital_address(party=party, kind=kind, value=changes[field], is_default=True, _audited=False)
                setattr(party, field, address.normalised_value)
            else:
                setattr(party, field, "")
            Party.objects.filter(pk=party.pk).update(**{field: getattr(party, field)})
    _sync_preferred_address(party)
    flag_possible_duplicates(party)
    fields = sorted(changes)
    _audit(actor, AuditAction.UPDATE, party, _("Klantgegevens gewijzigd"), fields=fields)
    return party


@transaction.atomic
def add_digital_address(*, party, kind, value, actor=None, description="", is_default=False, verified=False,
                        _audited=True) -> DigitalAddress:
    """Add (or return the existing) e-mail address, phone number or other address of a party."""
    _check_active(party)
    normalised = _normalised_address(kind, value, party.organisation)
    if not normalised:
        raise ValidationFailed(_("Geef een adres."), field="value")
    if len(value.strip()) > 254 or len(description or "") > 80:
        raise ValidationFailed(_("Dit adres is te lang."), field="value")
    address, created = DigitalAddress.objects.get_or_create(
        party=party, kind=kind, normalised_value=normalised,
        defaults={"organisation": party.organisation, "value": value.strip(), "description": description or ""},
    )
    if is_default:
        party.digital_addresses.filter(kind=kind).exclude(pk=address.pk).update(is_default=False)
        address.is_default = True
    if verified and address.verified_at is None:
        address.verified_at = timezone.now()
    address.save()
    if is_default and kind in (DigitalAddressKind.EMAIL, DigitalAddressKind.PHONE):
        field = "email" if kind == DigitalAddressKind.EMAIL else "phone"
        Party.objects.filter(pk=party.pk).update(**{field: normalised})
        setattr(party, field, normalised)
    if created and kind != DigitalAddressKind.OTHER:
        _sync_preferred_address(party)
        flag_possible_duplicates(party)
    if _audited:
        _audit(actor, AuditAction.UPDATE, party, _("Digitaal adres toegevoegd"), fields=[kind], obj=address)
    return address


def verify_digital_address(*, address, actor=None) -> DigitalAddress:
    """Mark an address as verified (the resident confirmed it: a code, a link, or in person)."""
    if address.verified_at is None:
        address.verified_at = timezone.now()
        address.save(update_fields=["verified_at"])
        _audit(actor, AuditAction.UPDATE, address.party, _("Digitaal adres geverifieerd"), fields=[address.kind], obj=address)
    return address


def set_preferred_channel(*, party, channel, address=None, actor=None) -> Party:
    """Ask once, reuse everywhere: the channel (and optionally the address) the party wants to be answered on."""
    if channel not in Channel.values:
        raise ValidationFailed(_("Onbekend voorkeurskanaal."), field="preferred_channel")
    if address is not None and address.party_id != party.pk:
        raise ValidationFailed(_("Dit adres hoort niet bij deze klant."), field="address")
    party.preferred_channel = channel
    party.save(update_fields=["preferred_channel", "updated_at"])
    if address is not None:
        party.preferred_digital_address = address
        party.save(update_fields=["preferred_digital_address"])
    else:
        _sync_preferred_address(party)
    _audit(actor, AuditAction.UPDATE, party, _("Voorkeurskanaal gewijzigd"), fields=["voorkeurskanaal"])
    return party


def add_establishment(*, business, name, establishment_number="", street="", house_number="", postal_code="", city="",
                      is_main=False, actor=None) -> Establishment:
    if business.kind not in (PartyKind.BUSINESS, PartyKind.ORGANISATION):
        raise ValidationFailed(_("Alleen een onderneming of organisatie heeft vestigingen."), field="business")
    if not (name or "").strip():
        raise ValidationFailed(_("Geef de naam van de vestiging."), field="name")
    number = identifiers.digits(establishment_number)
    if establishment_number and len(number) not in (10, 12):
        raise ValidationFailed(_("Een vestigingsnummer heeft 10 cijfers (KBO) of 12 cijfers (KvK)."), field="establishment_number")
    return Establishment.objects.create(
        organisation=business.organisation, business=business, name=name.strip()[:200], establishment_number=number,
        street=street[:200], house_number=house_number[:20], postal_code=postal_code[:10], city=city[:100], is_main=is_main,
    )


def add_representation(*, representative, represented, reason, valid_from=None, valid_until=None, note="",
                       actor=None) -> Representation:
    """``representative`` may act for ``represented`` (a family member, guardian, social worker, mandate holder, or
    the contact person of a business), from ``valid_from`` (today) until ``valid_until`` (open)."""
    if reason not in RepresentationReason.values:
        raise ValidationFailed(_("Onbekende reden van vertegenwoordiging."), field="reason")
    if representative.pk == represented.pk:
        raise ValidationFailed(_("Een klant kan zichzelf niet vertegenwoordigen."), field="representative")
    if representative.organisation_id != represented.organisation_id:
        raise ValidationFailed(_("Beide klanten moeten bij dezelfde organisatie horen."), field="representative")
    _check_active(representative)
    _check_active(represented)
    valid_from = valid_from or timezone.localdate()
    if valid_until and valid_until < valid_from:
        raise ValidationFailed(_("De einddatum ligt voor de begindatum."), field="valid_until")
    if reason == RepresentationReason.CONTACT_PERSON and represented.kind not in (PartyKind.BUSINESS, PartyKind.ORGANISATION):
        raise ValidationFailed(_("Een contactpersoon werkt voor een onderneming of organisatie."), field="represented")
    representation = Representation.objects.create(
        organisation=represented.organisation, representative=representative, represented=represented, reason=reason,
        note=(note or "")[:500], valid_from=valid_from, valid_until=valid_until, created_by=_actor_user(actor),
    )
    _audit(actor, AuditAction.UPDATE, represented, _("Vertegenwoordiger toegevoegd"), fields=["vertegenwoordiging"],
           obj=representation)
    return representation


def end_representation(*, representation, valid_until, actor=None) -> Representation:
    if valid_until < representation.valid_from:
        raise ValidationFailed(_("De einddatum ligt voor de begindatum."), field="valid_until")
    representation.valid_until = valid_until
    representation.save(update_fields=["valid_until"])
    _audit(actor, AuditAction.UPDATE, representation.represented, _("Vertegenwoordiging beëindigd"),
           fields=["vertegenwoordiging"], obj=representation)
    return representation


# -- Audit of reads ---------------------------------------------------------------------------------------------


def record_listed(parties, *, user, reason, action=AuditAction.SEARCH, fields=("naam", "adres"), request=None,
                  organisation=None) -> int:
    """One audit entry per party a search or list showed, written with one INSERT (a search lists up to 20 parties:
    20 separate inserts cost more than the search). The entries are exactly those of
    :func:`loket.platform.audit.services.record`."""
    from loket.platform.audit.models import AuditEntry
    from loket.platform.audit.services import MissingReason, _client_ip, _label, _subject_display
    from loket.platform.core.logging import request_id_var

    reason = (reason or "").strip()
    if not reason:
        raise MissingReason("A reason is required to access personal data.")
    is_user = user is not None and getattr(user, "is_authenticated", False)
    actor_display = (user.get_full_name() or user.get_username()) if is_user else (str(user) if user else audit.SYSTEM_ACTOR)
    request_id = request_id_var.get() if request_id_var.get() != "-" else ""
    entries, seen = [], set()
    for party in parties:
        if party is None or party.pk in seen:
            continue
        seen.add(party.pk)
        entries.append(AuditEntry(
            actor=user if is_user else None, actor_display=actor_display,
            organisation_id=organisation.pk if organisation is not None else party.organisation_id,
            action=action, subject_type=_label(party), subject_id=str(party.pk), subject_display=_subject_display(party)[:200],
            fields=list(fields), reason=reason[:500], request_id=request_id, ip_address=_client_ip(request),
            path=request.get_full_path()[:500] if request is not None else "",
        ))
    AuditEntry.objects.bulk_create(entries)
    return len(entries)



def record_view(party, user, reason, *, request=None, fields=None):
    """Write that ``user`` opened ``party``'s data, and why (MissingReason without a reason)."""
    return audit.record(actor=user, action=AuditAction.VIEW, subject=party, reason=reason, request=request,
                        fields=fields or ["naam", "adres", "contactgegevens"], organisation=party.organisation)


def reveal_national_number(*, party, user, reason, request=None) -> str:
    """The national number in the clear, after writing the access (with its reason) to the audit log."""
    if not party.national_number_encrypted:
        raise NotFound(_("Van deze klant is geen rijksregisternummer of BSN bekend."), field="national_number")
    audit.record(actor=user, action=AuditAction.VIEW, subject=party, reason=reason, request=request,
                 fields=["rijksregisternummer"], organisation=party.organisation)
    return party.reveal_national_number()


# -- Contact moments and callback tasks ------------------------------------------------------------------------


def _check_same_organisation(organisation, obj, field, message):
    if obj is not None and obj.organisation_id != organisation.pk:
        raise ValidationFailed(message, field=field)


def register_contact(*, organisation, channel, outcome, actor=None, automated_actor="", party=None, representative=None,
                     question="", answer="", product=None, zaak=None, subject="", started_at=None, ended_at=None,
                     wait_seconds=None, handling_seconds=None, direction=ContactDirection.INCOMING,
                     confidential=False) -> ContactMoment:
    """Register one contact on one channel. ``actor`` is the staff member who handled it, ``automated_actor`` the name
    of a system that did (a web form, a chatbot). Handling time defaults to ``ended_at - started_at``."""
    if channel not in ContactChannel.values:
        raise ValidationFailed(_("Onbekend kanaal."), field="channel")
    if outcome not in ContactOutcome.values:
        raise ValidationFailed(_("Onbekende uitkomst."), field="outcome")
    if direction not in ContactDirection.values:
        raise ValidationFailed(_("Onbekende richting."), field="direction")
    question, answer, subject = (question or "").strip(), (answer or "").strip(), (subject or "").strip()
    if not (question or subject or product or zaak):
        raise ValidationFailed(_("Geef de vraag of het onderwerp van het contact."), field="question")
    if len(subject) > 200:
        raise ValidationFailed(_("Het onderwerp is te lang (hoogstens 200 tekens)."), field="subject")
    if "\x00" in question + answer + subject:
        raise ValidationFailed(_("De tekst bevat ongeldige tekens."), field="question")
    for value in (party, representative):
        if value is not None:
            _check_same_organisation(organisation, value, "party", _("Deze klant hoort bij een andere organisatie."))
            _check_active(value)
    if party is not None and representative is not None and party.pk == representative.pk:
        raise ValidationFailed(_("De vertegenwoordiger is de klant zelf."), field="representative")
    _check_same_organisation(organisation, zaak, "zaak", _("Deze zaak hoort bij een andere organisatie."))
    if product is not None:
        from loket.catalog.selectors import family_ids

        allowed = family_ids(organisation)
        if allowed is not None and product.organisation_id not in allowed:
            raise ValidationFailed(_("Dit product hoort niet bij deze organisatie."), field="product")
    now = timezone.now()
    started_at = started_at or now
    if started_at > now + datetime.timedelta(minutes=5):
        raise ValidationFailed(_("Het contact kan niet in de toekomst begonnen zijn."), field="started_at")
    if ended_at is not None and ended_at < started_at:
        raise ValidationFailed(_("Het einde ligt voor het begin van het contact."), field="ended_at")
    for name, value in (("wait_seconds", wait_seconds), ("handling_seconds", handling_seconds)):
        if value is not None and not (0 <= int(value) <= 7 * 24 * 3600):
            raise ValidationFailed(_("Geef een tijd tussen 0 en 604800 seconden."), field=name)
    if handling_seconds is None and ended_at is not None:
        handling_seconds = int((ended_at - started_at).total_seconds())
    user = _actor_user(actor)
    if user is not None:
        contact_actor = actor_for_user(user, organisation)
    elif automated_actor:
        contact_actor, _created = Actor.objects.get_or_create(
            organisation=organisation, kind=ActorKind.AUTOMATED, name=automated_actor[:200], user=None, department=None,
        )
    else:
        contact_actor = None
    with transaction.atomic():
        contact = ContactMoment.objects.create(
            organisation=organisation, party=party, representative=representative, channel=channel, direction=direction,
            started_at=started_at, ended_at=ended_at, actor=contact_actor, product=product, zaak=zaak, subject=subject,
            question=question, answer=answer, outcome=outcome, wait_seconds=wait_seconds,
            handling_seconds=handling_seconds, confidential=bool(confidential),
        )
        if party is not None and (user is not None or actor is not None):
            _audit(actor, AuditAction.CREATE, party, _("Contactmoment geregistreerd"), fields=["contact"], obj=contact)
    return contact


@transaction.atomic
def link_party(*, contact, party, role="klant", actor=None) -> ContactMoment:
    """Name the party a contact was about (``role`` "klant") or who made it on their behalf ("vertegenwoordiger")
    after the contact was registered (the Klantinteracties "betrokkene")."""
    if role not in ("klant", "vertegenwoordiger"):
        raise ValidationFailed(_("De rol is \"klant\" of \"vertegenwoordiger\"."), field="rol")
    _check_same_organisation(contact.organisation, party, "wasPartij", _("Deze klant hoort bij een andere organisatie."))
    _check_active(party)
    field = "party" if role == "klant" else "representative"
    current = getattr(contact, f"{field}_id")
    if current is not None and current != party.pk:
        raise InvalidState(_("Dit contact heeft al een %(role)s.") % {"role": role}, field="rol")
    other = contact.representative_id if field == "party" else contact.party_id
    if other == party.pk:
        raise ValidationFailed(_("De vertegenwoordiger is de klant zelf."), field="wasPartij")
    setattr(contact, field, party)
    contact.save(update_fields=[field])
    if field == "party":
        InternalTask.objects.filter(contact=contact, party__isnull=True).update(party=party)
    _audit(actor, AuditAction.UPDATE, party, _("Klant aan contactmoment gekoppeld"), fields=["contact"], obj=contact)
    return contact


def link_subject(*, contact, zaak=None, product=None, actor=None) -> ContactMoment:
    """What a contact was about: a case or a catalog product (the Klantinteracties "onderwerpobject")."""
    if (zaak is None) == (product is None):
        raise ValidationFailed(_("Geef een zaak of een product."), field="onderwerpobjectidentificator")
    if zaak is not None:
        _check_same_organisation(contact.organisation, zaak, "onderwerpobjectidentificator",
                                 _("Deze zaak hoort bij een andere organisatie."))
        contact.zaak = zaak
        contact.save(update_fields=["zaak"])
    else:
        from loket.catalog.selectors import family_ids

        allowed = family_ids(contact.organisation)
        if allowed is not None and product.organisation_id not in allowed:
            raise ValidationFailed(_("Dit product hoort niet bij deze organisatie."), field="onderwerpobjectidentificator")
        contact.product = product
        contact.save(update_fields=["product"])
    return contact


def actor_for_department(department) -> Actor:
    actor, _created = Actor.objects.get_or_create(
        organisation=department.organisation, department=department,
        defaults={"kind": ActorKind.DEPARTMENT, "name": department.name[:200]},
    )
    return actor


def _task_targets(organisation):
    from loket.cases.selectors import task_targets

    departments, _others = task_targets(organisation)
    return {d.pk for d in departments}


@transaction.atomic
def hand_over(*, contact, actor, department=None, assignee=None, requested_action="", note="", deadline=None) -> InternalTask:
    """A question that could not be answered at once becomes a callback task for a department or a person, due in
    2 working days unless ``deadline`` says otherwise."""
    from loket.cases import deadlines
    from loket.cases.exceptions import CaseError

    organisation = contact.organisation
    if department is None and assignee is None:
        raise ValidationFailed(_("Kies een afdeling of een medewerker om het terugbelverzoek aan te geven."), field="department")
    if department is not None and department.pk not in _task_targets(organisation):
        raise ValidationFailed(_("Aan deze afdeling kan deze organisatie geen taak geven."), field="department")
    if assignee is not None and not assignee.is_active:
        raise ValidationFailed(_("Deze medewerker is niet actief."), field="assignee")
    requested_action = (requested_action or "").strip() or _("Terugbellen")
    if len(requested_action) > 200:
        raise ValidationFailed(_("De gevraagde handeling is te lang (hoogstens 200 tekens)."), field="requested_action")
    today = deadlines.today()
    if deadline is None:
        try:
            deadline = deadlines.add_days(organisation, today, CALLBACK_WORKING_DAYS, working=True)
        except CaseError as exc:
            raise ValidationFailed(str(exc), field="deadline") from None
    elif deadline < today:
        raise ValidationFailed(_("De termijn ligt in het verleden."), field="deadline")
    task = InternalTask.objects.create(
        organisation=organisation, contact=contact, party=contact.party, department=department, assignee=assignee,
        requested_action=requested_action, note=(note or "").strip(), deadline=deadline, created_by=_actor_user(actor),
    )
    if contact.outcome != ContactOutcome.HANDED_ON:
        contact.outcome = ContactOutcome.HANDED_ON
        contact.save(update_fields=["outcome"])
    return task


def can_work_on_task(user, task: InternalTask) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or task.assignee_id == user.pk:
        return True
    return task.department_id is not None and user.memberships.filter(department_id=task.department_id).exists()


def start_task(*, task, actor) -> InternalTask:
    if not can_work_on_task(actor, task):
        raise PermissionDenied(_("Dit terugbelverzoek is niet voor jou of je afdeling."))
    if not task.is_open:
        raise InvalidState(_("Dit terugbelverzoek is al afgehandeld."))
    task.status = InternalTaskStatus.IN_PROGRESS
    task.assignee = task.assignee or actor
    task.save(update_fields=["status", "assignee"])
    return task


def _answer_address(party: Party) -> str:
    address = party.preferred_digital_address
    if address is not None and address.kind == DigitalAddressKind.EMAIL:
        return address.normalised_value
    fallback = party.digital_addresses.filter(kind=DigitalAddressKind.EMAIL).order_by("-is_default", "-verified_at", "pk").first()
    return fallback.normalised_value if fallback else party.email


@transaction.atomic
def answer_task(*, task, answer, actor, channel=None) -> ContactMoment:
    """Close a callback task with its answer: an outgoing contact linked to the task, sent to the resident on their
    preferred channel (e-mail is queued through the messaging outbox; a phone call or letter is done by the staff
    member and recorded here)."""
    task = InternalTask.objects.select_for_update(of=("self",)).select_related("contact", "party", "organisation").get(pk=task.pk)
    if not can_work_on_task(actor, task):
        raise PermissionDenied(_("Dit terugbelverzoek is niet voor jou of je afdeling."))
    if not task.is_open:
        raise InvalidState(_("Dit terugbelverzoek is al afgehandeld."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed(_("Geef het antwoord."), field="answer")
    party = task.party
    if channel is None:
        preference = party.preferred_channel if party is not None else Channel.PHONE
        channel = CHANNEL_FOR_PREFERENCE.get(preference, ContactChannel.PHONE)
    email_to = _answer_address(party) if party is not None and channel == ContactChannel.EMAIL else ""
    if channel == ContactChannel.EMAIL and not email_to:
        raise ValidationFailed(_("Van deze klant is geen e-mailadres bekend; bel of schrijf de klant."), field="channel")
    original = task.contact
    contact = register_contact(
        organisation=task.organisation, channel=channel, outcome=ContactOutcome.INFORMED, actor=actor,
        party=party, question=original.question or task.requested_action, answer=answer, product=original.product,
        zaak=original.zaak, subject=original.subject, direction=ContactDirection.OUTGOING,
    )
    contact.answers_task = task
    contact.save(update_fields=["answers_task"])
    task.status = InternalTaskStatus.DONE
    task.completed_at = timezone.now()
    task.assignee = task.assignee or actor
    task.save(update_fields=["status", "completed_at", "assignee"])
    from loket.portal.notifications import question_answered

    question_answered(task=task, contact=contact)
    if email_to:
        from loket.platform.messaging.services import queue_email

        asked = timezone.localtime(original.started_at).strftime("%d-%m-%Y")
        body = _("Beste %(name)s,\n\nOp %(date)s stelde u ons een vraag. Hier is ons antwoord:\n\n%(answer)s\n\n"
                 "Met vriendelijke groeten,\n%(organisation)s") % {
            "name": party.display_name, "date": asked, "answer": answer, "organisation": task.organisation.name}
        queue_email(organisation=task.organisation, to=[email_to], subject=_("Antwoord op uw vraag"), body_text=body)
    return contact


# -- Knowledge articles ------------------------------------------------------------------------------------------


def save_knowledge_article(*, product, actor, what_to_ask="", where_to_refer="", notes="", refer_to_department=None,
                           organisation=None) -> KnowledgeArticle:
    """Create or change the internal notes about one product for the contact centre of ``organisation`` (default: the
    staff member's organisation, else the product's)."""
    from loket.cases.selectors import user_organisation

    organisation = organisation or user_organisation(actor) or product.organisation
    if refer_to_department is not None and refer_to_department.organisation_id != organisation.pk:
        raise ValidationFailed(_("Deze afdeling hoort bij een andere organisatie."), field="refer_to_department")
    for name, value in (("what_to_ask", what_to_ask), ("where_to_refer", where_to_refer), ("notes", notes)):
        if len(value or "") > 20000:
            raise ValidationFailed(_("Deze tekst is te lang."), field=name)
    article, _created = KnowledgeArticle.objects.update_or_create(
        organisation=organisation, product=product,
        defaults={"what_to_ask": (what_to_ask or "").strip(), "where_to_refer": (where_to_refer or "").strip(),
                  "notes": (notes or "").strip(), "refer_to_department": refer_to_department,
                  "updated_by": _actor_user(actor)},
    )
    return article


# -- Duplicates and merging --------------------------------------------------------------------------------------


def _snapshot(party: Party) -> dict:
    return {
        "display_name": party.display_name, "kind": party.kind, "masked_national_number": party.masked_national_number()
        if party.national_number_encrypted else "", "business_number": party.business_number,
        "date_of_birth": party.date_of_birth.isoformat() if party.date_of_birth else None, "address": party.address,
        "email": party.email, "phone": party.phone, "created_at": party.created_at.isoformat(),
    }


# Relations handled by the merge itself (not simply moved to the survivor).
_MERGE_OWN = {("contacts", "partymerge"), ("contacts", "partymergecandidate")}
_FILL_FIELDS = ("date_of_birth", "street", "house_number", "postal_code", "city", "email", "phone", "business_number",
                "business_number_type", "first_name", "last_name", "business_name")


@transaction.atomic
def merge_parties(*, survivor, merged, actor, reason) -> PartyMerge:
    """Merge ``merged`` into ``survivor``: every record that points at ``merged`` (contacts, tasks, case roles and
    initiators, meldingen, addresses, representations, establishments, ...) moves to ``survivor``; empty fields of
    the survivor are filled from the merged party; ``merged`` stays as history (inactive, ``merged_into``)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Geef de reden van de samenvoeging."), field="reason")
    if survivor.pk == merged.pk:
        raise ValidationFailed(_("Een klant kan niet met zichzelf samengevoegd worden."), field="merged")
    if survivor.organisation_id != merged.organisation_id:
        raise ValidationFailed(_("Beide klanten moeten bij dezelfde organisatie horen."), field="merged")
    locked = {p.pk: p for p in Party.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])}
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    _check_active(survivor)
    _check_active(merged)
    if survivor.kind != merged.kind and {survivor.kind, merged.kind} - PERSON_KINDS:
        raise ValidationFailed(_("Een persoon en een onderneming kunnen niet samengevoegd worden."), field="merged")
    if (survivor.national_number_index and merged.national_number_index
            and survivor.national_number_index != merged.national_number_index):
        raise ValidationFailed(_("Deze klanten hebben een verschillend rijksregisternummer of BSN: het zijn verschillende "
                                 "personen."), field="merged")
    snapshot = _snapshot(merged)
    moved: dict[str, int] = {}
    # Addresses the survivor already has would break their uniqueness: drop those copies first.
    for address in merged.digital_addresses.all():
        if survivor.digital_addresses.filter(kind=address.kind, normalised_value=address.normalised_value).exists():
            address.delete()
    # A representation between the two would become "represents itself".
    Representation.objects.filter(representative=merged, represented=survivor).delete()
    Representation.objects.filter(representative=survivor, represented=merged).delete()
    Party.objects.filter(pk=merged.pk).update(preferred_digital_address=None)
    for relation in Party._meta.related_objects:
        model = relation.related_model
        if (model._meta.app_label, model._meta.model_name) in _MERGE_OWN or relation.many_to_many:
            continue
        field = relation.field
        if model is Party and field.name == "preferred_digital_address":
            continue
        try:
            with transaction.atomic():
                count = model._default_manager.filter(**{field.name: merged}).update(**{field.name: survivor})
        except IntegrityError:
            raise InvalidState(_("Deze klanten kunnen niet samengevoegd worden: %(what)s van beide zouden botsen.")
                               % {"what": model._meta.verbose_name_plural}) from None
        if count:
            moved[f"{model._meta.label_lower}.{field.name}"] = count
    for name in _FILL_FIELDS:
        if not getattr(survivor, name) and getattr(merged, name):
            setattr(survivor, name, getattr(merged, name))
    if not survivor.national_number_encrypted and merged.national_number_encrypted:
        survivor.national_number_encrypted = merged.national_number_encrypted
        survivor.national_number_index = merged.national_number_index
        survivor.national_number_type = merged.national_number_type
    merged.national_number_index = ""  # look-ups find the survivor only; the encrypted number stays as history
    merged.is_active = False
    merged.merged_into = survivor
    merged.preferred_digital_address = None
    merged.save()
    survivor.save()
    _sync_preferred_address(survivor)
    PartyMergeCandidate.objects.filter(party_id=min(survivor.pk, merged.pk), other_id=max(survivor.pk, merged.pk)).update(
        status=MergeCandidateStatus.MERGED, resolved_by=_actor_user(actor), resolved_at=timezone.now())
    history = PartyMerge.objects.create(organisation=survivor.organisation, survivor=survivor, merged=merged,
                                        merged_by=_actor_user(actor), reason=reason[:500], moved=moved, snapshot=snapshot)
    for party in (survivor, merged):
        _audit(actor, AuditAction.UPDATE, party, _("Klanten samengevoegd: %(reason)s") % {"reason": reason},
               fields=["samenvoeging"], obj=history)
    return history


def dismiss_merge_candidate(*, candidate, actor) -> PartyMergeCandidate:
    """The two parties are different people or businesses: the flag is closed and not raised again for this reason."""
    if candidate.status != MergeCandidateStatus.OPEN:
        raise InvalidState(_("Deze melding van een mogelijk dubbele klant is al beoordeeld."))
    candidate.status = MergeCandidateStatus.DISMISSED
    candidate.resolved_by = _actor_user(actor)
    candidate.resolved_at = timezone.now()
    candidate.save(update_fields=["status", "resolved_by", "resolved_at"])
    return candidate


# -- Deadlines of callback requests ------------------------------------------------------------------------------


def run_callback_deadline_checks(*, today: datetime.date | None = None) -> int:
    """Warn once about every open callback request past its deadline: the assignee, else the department's managers
    (else all its members). Run by the periodic job :func:`loket.contacts.tasks.check_callback_deadlines`."""
    from loket.cases import deadlines
    from loket.platform.accounts.models import Membership, Role
    from loket.platform.messaging.services import queue_email

    today = today or deadlines.today()
    warned = 0
    overdue = (InternalTask.objects.exclude(status=InternalTaskStatus.DONE)
               .filter(deadline__lt=today, deadline_escalated_at__isnull=True)
               .select_related("organisation", "assignee", "department", "party")[:500])
    for task in overdue:
        with transaction.atomic():
            claimed = InternalTask.objects.filter(pk=task.pk, deadline_escalated_at__isnull=True, deadline=task.deadline) \
                .update(deadline_escalated_at=timezone.now())
            if not claimed:
                continue
            recipients = [task.assignee.email] if task.assignee_id and task.assignee.email else []
            if not recipients and task.department_id:
                members = Membership.objects.filter(department_id=task.department_id, user__is_active=True).exclude(user__email="")
                managers = list(members.filter(role=Role.MANAGER).values_list("user__email", flat=True).distinct())
                recipients = managers or list(members.values_list("user__email", flat=True).distinct())
            if recipients:
                values = {"action": task.requested_action, "party": task.party.display_name if task.party_id else _("onbekend"),
                          "date": task.deadline.strftime("%d-%m-%Y")}
                queue_email(organisation=task.organisation, to=sorted(set(recipients)),
                            subject=_("Terugbelverzoek over termijn: %(action)s") % values,
                            body_text=_("Het terugbelverzoek \"%(action)s\" voor %(party)s moest uiterlijk op %(date)s "
                                        "beantwoord zijn. Wil je het zo snel mogelijk oppakken?") % values)
            warned += 1
    return warned
