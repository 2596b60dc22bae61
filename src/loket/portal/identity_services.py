"""Rules of the resident log-in and of representation (one code path for the web views, the tests and the CLI).

* :func:`resolve_login`: the verified claims of an OpenID Connect log-in -> the contacts ``Party`` of the site's
  organisation (found by national or business number, created on the first log-in), the assurance level, and for a
  business log-in the person acting for it. Refuses (:class:`LoginFailed`) missing or invalid numbers and unknown
  levels.
* :func:`representable_parties` / :func:`choose_acting_for`: whom a logged-in person may act for today (a child, a
  mandate, a guardianship, a business they are contact person of: a contacts ``Representation`` valid today).
* Every log-in, refusal, log-out, expiry and switch is a :class:`~loket.portal.models.LoginEvent`.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.contacts import identifiers
from loket.contacts import services as contacts
from loket.contacts.exceptions import ContactError, DuplicateParty
from loket.contacts.models import BusinessNumberType, Party, PartyKind, Representation
from loket.platform.core.exceptions import DomainError

from .identity import ASSURANCE_ORDER
from .models import LoginEvent, LoginEventKind, PortalIdentity
from .oidc import LoginFailed
from .providers import Provider

logger = logging.getLogger(__name__)

PERSON_KINDS = (PartyKind.PERSON, PartyKind.CONTACT_PERSON)
BUSINESS_KINDS = (PartyKind.BUSINESS, PartyKind.ORGANISATION)


class RepresentationRefused(DomainError):
    default_message = gettext_lazy("U kunt niet namens deze persoon of onderneming handelen.")
    status_code = 403


@dataclass(frozen=True)
class LoginResult:
    party: Party
    acting_for: Party
    assurance: str
    acting_person: str = ""
    created: bool = False


def _text(value) -> str:
    return str(value).strip()[:150] if isinstance(value, (str, int)) else ""


def _claim(claims: dict, provider: Provider, name: str) -> str:
    claim_name = provider.claim(name)
    return _text(claims.get(claim_name, "")) if claim_name else ""


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record_event(*, organisation, kind, party=None, acting_for=None, provider="", assurance="", acting_person="",
                 detail="", party_created=False, request=None) -> LoginEvent | None:
    if organisation is None:
        return None
    return LoginEvent.objects.create(
        organisation=organisation, kind=kind, party=party, acting_for=acting_for, provider=provider[:50],
        assurance=assurance[:20], acting_person=acting_person[:200], detail=detail[:500], party_created=party_created,
        ip_address=_client_ip(request),
    )


def _active(party: Party | None) -> Party | None:
    """Follow merges to the party that survived; None when it was deactivated otherwise."""
    seen = 0
    while party is not None and not party.is_active and party.merged_into_id and seen < 10:
        party = party.merged_into
        seen += 1
    return party if party is not None and party.is_active else None


def _national_number(claims: dict, provider: Provider, *, acting: bool = False) -> str:
    """The valid BSN or rijksregisternummer in the claims ("" when none); LoginFailed when one is invalid."""
    prefix = "acting_" if acting else ""
    for name, valid in (("bsn", identifiers.is_valid_bsn), ("rijksregisternummer", identifiers.is_valid_rijksregisternummer)):
        value = _claim(claims, provider, prefix + name)
        if value:
            if not valid(value):
                raise LoginFailed(_("Het aanmeldmiddel gaf een ongeldig burgerservicenummer of rijksregisternummer "
                                    "door. U bent niet aangemeld."), reason=f"invalid {prefix}{name} claim")
            return identifiers.digits(value)
    return ""


def _business_number(claims: dict, provider: Provider) -> tuple[str, str]:
    kvk = _claim(claims, provider, "kvk")
    if kvk:
        if not identifiers.is_valid_kvk(identifiers.digits(kvk)):
            raise LoginFailed(_("Het aanmeldmiddel gaf een ongeldig KvK-nummer door. U bent niet aangemeld."),
                              reason="invalid kvk claim")
        return identifiers.digits(kvk), BusinessNumberType.KVK
    kbo = _claim(claims, provider, "kbo")
    if kbo:
        number = identifiers.digits(kbo).rjust(10, "0")
        if not identifiers.is_valid_kbo(number):
            raise LoginFailed(_("Het aanmeldmiddel gaf een ongeldig ondernemingsnummer door. U bent niet aangemeld."),
                              reason="invalid kbo claim")
        return number, BusinessNumberType.KBO
    return "", ""


def _names(claims: dict, provider: Provider) -> tuple[str, str]:
    first, last = _claim(claims, provider, "first_name")[:100], _claim(claims, provider, "last_name")
    if not last:
        full = _claim(claims, provider, "name")
        if full:
            first_part, _sep, rest = full.rpartition(" ")
            first, last = (first or first_part)[:100], rest or full
    return first, last


def find_person(organisation, number: str) -> Party | None:
    index = identifiers.blind_index(number)
    candidates = Party.objects.filter(organisation=organisation, national_number_index=index, kind__in=PERSON_KINDS)
    party = candidates.filter(is_active=True).order_by("pk").first()
    return party or _active(candidates.select_related("merged_into").order_by("pk").first())


def find_business(organisation, number: str) -> Party | None:
    candidates = Party.objects.filter(organisation=organisation, business_number=number, kind__in=BUSINESS_KINDS)
    party = candidates.filter(is_active=True).order_by("pk").first()
    return party or _active(candidates.select_related("merged_into").order_by("pk").first())


def _create(organisation, provider: Provider, finder, number: str, **values) -> Party:
    """Create the party of a first log-in (like Open Inwoner on the first DigiD log-in); a concurrent first log-in of
    the same person finds the other's party."""
    note = _("Aangemaakt bij de eerste aanmelding in Mijn loket (%(provider)s).") % {"provider": provider.label}
    try:
        with transaction.atomic():
            return contacts.create_party(organisation=organisation, internal_note=note, **values)
    except (DuplicateParty, IntegrityError):
        existing = finder(organisation, number)
        if existing is None:
            raise
        return existing
    except ContactError as exc:
        raise LoginFailed(_("Met de gegevens van het aanmeldmiddel kunnen we u niet registreren. Neem contact met "
                            "ons op."), reason=f"party not created: {exc}") from None


def _person(organisation, provider: Provider, claims: dict, number: str, *, first: str, last: str) -> tuple[Party, bool]:
    party = find_person(organisation, number)
    if party is not None:
        return party, False
    if not last:
        # DigiD gives only the BSN: the name is filled in later (from the BRP, or by the resident).
        last = _("(naam nog onbekend)")
    return _create(organisation, provider, find_person, number, kind=PartyKind.PERSON, first_name=first,
                   last_name=last, national_number=number), True


def _level(claims: dict, provider: Provider) -> str:
    value = claims.get(provider.assurance_claim) if provider.assurance_claim else None
    level = provider.level_of(value)
    if level not in ASSURANCE_ORDER:
        raise LoginFailed(_("Het aanmeldmiddel gaf geen bekend betrouwbaarheidsniveau door. U bent niet aangemeld."),
                          reason=f"unknown assurance {str(value)[:100]!r}")
    return level


@transaction.atomic
def resolve_login(*, organisation, provider: Provider, claims: dict, request=None) -> LoginResult:
    """Map the verified claims of a log-in to the party (and level) of the session. See the module docstring."""
    if organisation is None:
        raise LoginFailed(_("Deze website hoort nog bij geen enkele organisatie; aanmelden kan nog niet."),
                          reason="no organisation for this site")
    subject = _text(claims.get("sub", ""))
    if not subject:
        raise LoginFailed(reason="no sub claim")
    level = _level(claims, provider)
    business_number, business_kind = _business_number(claims, provider)
    acting_person = ""
    if business_number:
        business = find_business(organisation, business_number)
        created = False
        if business is None:
            name = _claim(claims, provider, "business_name") or business_number
            business = _create(organisation, provider, find_business, business_number, kind=PartyKind.BUSINESS,
                               business_name=name[:200], business_number=business_number)
            created = True
        # The acting person: recorded by name (and linked when the provider names their national number).
        person_number = _national_number(claims, provider, acting=True) or _national_number(claims, provider)
        person = find_person(organisation, person_number) if person_number else None
        acting_person = _claim(claims, provider, "acting_name") or (person.display_name if person else "")
        if not acting_person:
            first, last = _names(claims, provider)
            acting_person = f"{first} {last}".strip()
        party, acting_for = business, business
    else:
        number = _national_number(claims, provider)
        if not number:
            raise LoginFailed(_("Het aanmeldmiddel gaf uw burgerservicenummer of rijksregisternummer niet door. "
                                "Zonder dat nummer kunnen we u niet aanmelden."), reason="no national number claim")
        first, last = _names(claims, provider)
        party, created = _person(organisation, provider, claims, number, first=first, last=last)
        acting_for = party
    identity, made = PortalIdentity.objects.get_or_create(
        organisation=organisation, provider=provider.id, subject=subject[:255],
        defaults={"party": party, "last_login_at": timezone.now()},
    )
    if not made:
        identity.party, identity.last_login_at = party, timezone.now()
        identity.save(update_fields=["party", "last_login_at"])
    record_event(organisation=organisation, kind=LoginEventKind.LOGIN, party=party, acting_for=acting_for,
                 provider=provider.id, assurance=level, acting_person=acting_person, party_created=created,
                 request=request)
    return LoginResult(party=party, acting_for=acting_for, assurance=level, acting_person=acting_person,
                       created=created)


def record_refusal(*, organisation, provider_id: str, reason: str, request=None) -> None:
    logger.info("resident log-in refused (%s): %s", provider_id, reason)
    record_event(organisation=organisation, kind=LoginEventKind.REFUSED, provider=provider_id, detail=reason,
                 request=request)


# -- Representation ----------------------------------------------------------------------------------------------


def valid_representations(party: Party, *, today: datetime.date | None = None):
    """The representations that let ``party`` act for someone today (the represented party still active)."""
    today = today or timezone.localdate()
    return (Representation.objects
            .filter(representative=party, organisation_id=party.organisation_id, valid_from__lte=today,
                    represented__is_active=True)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .select_related("represented")
            .order_by("represented__last_name", "represented__first_name", "represented__business_name", "pk"))


def representable_parties(party: Party, *, today: datetime.date | None = None) -> list[tuple[Party, Representation]]:
    """(party, representation) for everyone ``party`` may act for today, each once."""
    seen, rows = set(), []
    for representation in valid_representations(party, today=today):
        if representation.represented_id not in seen:
            seen.add(representation.represented_id)
            rows.append((representation.represented, representation))
    return rows


def can_represent(party: Party) -> bool:
    return valid_representations(party).exists()


def choose_acting_for(*, resident, party_uuid, request=None, today: datetime.date | None = None) -> Party:
    """Whom ``resident`` (an identity.Resident) acts for from now: themself or someone they validly represent.

    Raises RepresentationRefused otherwise (unknown, ended, not yet started, another organisation). A business
    log-in stays with its business."""
    own = resident.party
    if str(own.uuid) == str(party_uuid):
        target = own
    else:
        if own.kind in BUSINESS_KINDS:
            raise RepresentationRefused()
        target = next((p for p, _rep in representable_parties(own, today=today) if str(p.uuid) == str(party_uuid)),
                      None)
        if target is None:
            raise RepresentationRefused()
    if target.pk != resident.acting_for.pk:
        record_event(organisation=own.organisation, kind=LoginEventKind.ACT_FOR, party=own, acting_for=target,
                     provider=resident.provider, assurance=resident.assurance, request=request)
    return target


def still_represents(resident, *, today: datetime.date | None = None) -> bool:
    """Whether the representation the session acts under is still valid (ended today, withdrawn by staff ...)."""
    if not resident.is_representing or resident.party.kind in BUSINESS_KINDS:
        return True
    return valid_representations(resident.party, today=today).filter(represented=resident.acting_for).exists()
