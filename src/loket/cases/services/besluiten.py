"""Decisions (Besluit) and their documents the ZGW way (Besluiten API 1.0.2 gedragsregels).

The web UI's :func:`loket.cases.services.documents.create_decision` covers a decision on a case; the Besluiten
API also registers decisions without a case, with a client-chosen ``identificatie``, and changes and removes them.
Rules, each with the ZGW error code the API answers:

* ``besluittype`` must be published (``not-published``) and, with a case, allowed by its zaaktype
  (``zaaktype-mismatch``); a closed case only takes a decision with ``force`` (``zaak-afgesloten``);
* ``datum`` not in the future (``future-not-allowed``); ``vervaldatum`` not before ``ingangsdatum``;
* ``verantwoordelijke_organisatie`` is an RSIN (9 digits, elfproef: ``invalid-length``/``only-digits``/``invalid``);
* ``identificatie`` unique within the organisation (``identificatie-niet-uniek``), generated as
  ``BESLUIT-<year>-<0000000001>`` when not given; it, ``verantwoordelijke_organisatie`` and ``besluittype`` cannot
  change afterwards (``wijzigen-niet-toegelaten``);
* a document of a decision must be of a document type of the besluittype
  (``missing-besluittype-informatieobjecttype-relation``) and is linked once (``unique``).
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.contacts.identifiers import is_valid_rsin

from ..exceptions import ValidationFailed
from ..models import (
    Besluit,
    BesluitInformatieObject,
    BesluitType,
    EnkelvoudigInformatieObject,
    Zaak,
)
from ._common import event


class BesluitError(ValidationFailed):
    """A Besluiten rule refused the change; ``code`` is the ZGW error code."""

    def __init__(self, message=None, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message, field=field)
        self.code = code


VERVALREDENEN = {"tijdelijk", "ingetrokken_overheid", "ingetrokken_belanghebbende"}
IMMUTABLE = ("identificatie", "verantwoordelijke_organisatie", "besluittype")
CHANGEABLE = {
    "zaak", "datum", "toelichting", "bestuursorgaan", "ingangsdatum", "vervaldatum", "vervalreden", "publicatiedatum",
    "verzenddatum", "uiterlijke_reactiedatum",
}


def check_rsin(value: str, *, field: str = "verantwoordelijke_organisatie") -> None:
    if len(value or "") != 9:
        raise BesluitError(_("Een RSIN bestaat uit 9 cijfers."), field=field, code="invalid-length")
    if not value.isdigit():
        raise BesluitError(_("Een RSIN bestaat alleen uit cijfers."), field=field, code="only-digits")
    if not is_valid_rsin(value):
        raise BesluitError(_("Dit RSIN klopt niet (elfproef)."), field=field, code="invalid")


def _today() -> datetime.date:
    return timezone.localdate()


def next_identificatie(organisation, *, year: int) -> str:
    """``BESLUIT-<year>-<n>``, one more than the highest of the organisation in that year; race-free per organisation."""
    prefix = f"BESLUIT-{year}-"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [74_001, organisation.pk])
    last = (
        Besluit.objects.filter(organisation=organisation, identificatie__startswith=prefix)
        .order_by("-identificatie").values_list("identificatie", flat=True).first()
    )
    number = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return f"{prefix}{number:010d}"


def _check_dates(values: dict) -> None:
    datum = values.get("datum")
    if datum and datum > _today():
        raise BesluitError(_("De datum mag niet in de toekomst liggen."), field="datum", code="future-not-allowed")
    if values.get("vervaldatum") and values.get("ingangsdatum") and values["vervaldatum"] < values["ingangsdatum"]:
        raise BesluitError(_("De vervaldatum ligt voor de ingangsdatum."), field="vervaldatum", code="invalid")
    if values.get("vervalreden") and values["vervalreden"] not in VERVALREDENEN:
        raise BesluitError(_("Onbekende vervalreden."), field="vervalreden", code="invalid_choice")


def _check_zaak(zaak: Zaak | None, besluittype: BesluitType, *, force: bool) -> None:
    if zaak is None:
        return
    if not zaak.zaaktype.besluittypen.filter(pk=besluittype.pk).exists():
        raise BesluitError(_("Het besluittype hoort niet bij het zaaktype van de zaak."), field="nonFieldErrors",
                           code="zaaktype-mismatch")
    if zaak.is_closed and not force:
        raise BesluitError(_("De zaak is afgesloten."), field="zaak", code="zaak-afgesloten")


@transaction.atomic
def create_besluit(*, organisation, besluittype: BesluitType, datum: datetime.date, ingangsdatum: datetime.date,
                   verantwoordelijke_organisatie: str, zaak: Zaak | None = None, identificatie: str = "",
                   force: bool = False, actor=None, **attributes) -> Besluit:
    """Register a decision. ``attributes``: toelichting, bestuursorgaan, vervaldatum, vervalreden, publicatiedatum,
    verzenddatum, uiterlijke_reactiedatum. Raises BesluitError."""
    unknown = set(attributes) - CHANGEABLE
    if unknown:
        raise TypeError(f"Unknown besluit attributes: {sorted(unknown)}")
    if besluittype.concept:
        raise BesluitError(_("Het besluittype is nog niet gepubliceerd."), field="besluittype", code="not-published")
    check_rsin(verantwoordelijke_organisatie)
    values = {"datum": datum, "ingangsdatum": ingangsdatum, **attributes}
    _check_dates(values)
    if zaak is not None:
        zaak = Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype").get(pk=zaak.pk)
        organisation = zaak.organisation
    _check_zaak(zaak, besluittype, force=force)
    if identificatie:
        if Besluit.objects.filter(organisation=organisation, identificatie=identificatie).exists():
            raise BesluitError(_("Deze identificatie is al in gebruik."), field="identificatie", code="identificatie-niet-uniek")
    else:
        identificatie = next_identificatie(organisation, year=datum.year)
    if not attributes.get("uiterlijke_reactiedatum") and attributes.get("verzenddatum") and besluittype.reactietermijn_days:
        values["uiterlijke_reactiedatum"] = attributes["verzenddatum"] + datetime.timedelta(days=besluittype.reactietermijn_days)
    besluit = Besluit.objects.create(
        organisation=organisation, identificatie=identificatie, besluittype=besluittype, zaak=zaak,
        verantwoordelijke_organisatie=verantwoordelijke_organisatie, **values,
    )
    if zaak is not None:
        event(zaak, actor, "decision", f"Besluit: {besluittype.omschrijving}", besluit=str(besluit.uuid))
    return besluit


@transaction.atomic
def update_besluit(*, besluit: Besluit, changes: dict, force: bool = False, actor=None) -> Besluit:
    """Change a decision. ``changes`` holds model field names; immutable ones may only repeat the current value."""
    besluit = Besluit.objects.select_for_update(of=("self",)).select_related("besluittype").get(pk=besluit.pk)
    for field in IMMUTABLE:
        if field in changes and changes[field] != getattr(besluit, field):
            raise BesluitError(_("Dit veld kan niet gewijzigd worden."), field=field, code="wijzigen-niet-toegelaten")
    unknown = set(changes) - CHANGEABLE - set(IMMUTABLE)
    if unknown:
        raise TypeError(f"Unknown besluit attributes: {sorted(unknown)}")
    values = {field: getattr(besluit, field) for field in CHANGEABLE}
    values.update({k: v for k, v in changes.items() if k in CHANGEABLE})
    _check_dates(values)
    zaak = values["zaak"]
    if zaak is not None and zaak.pk != besluit.zaak_id:
        zaak = Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype").get(pk=zaak.pk)
        _check_zaak(zaak, besluit.besluittype, force=force)
        values["zaak"] = zaak
    for field, value in values.items():
        setattr(besluit, field, value)
    besluit.save()
    return besluit


@transaction.atomic
def delete_besluit(*, besluit: Besluit, actor=None) -> None:
    """Remove a decision and its document links (the documents stay)."""
    zaak = besluit.zaak
    BesluitInformatieObject.objects.filter(besluit=besluit).delete()
    besluit.delete()
    if zaak is not None:
        event(zaak, actor, "decision", _("Besluit verwijderd: %(id)s") % {"id": besluit.identificatie})


@transaction.atomic
def add_besluit_document(*, besluit: Besluit, informatieobject: EnkelvoudigInformatieObject) -> BesluitInformatieObject:
    if not besluit.besluittype.informatieobjecttypen.filter(pk=informatieobject.informatieobjecttype_id).exists():
        raise BesluitError(
            _("Het documenttype van dit document hoort niet bij het besluittype."), field="nonFieldErrors",
            code="missing-besluittype-informatieobjecttype-relation",
        )
    if BesluitInformatieObject.objects.filter(besluit=besluit, informatieobject=informatieobject).exists():
        raise BesluitError(_("Dit document hoort al bij dit besluit."), field="nonFieldErrors", code="unique")
    return BesluitInformatieObject.objects.create(besluit=besluit, informatieobject=informatieobject)


@transaction.atomic
def remove_besluit_document(*, link: BesluitInformatieObject) -> None:
    link.delete()
