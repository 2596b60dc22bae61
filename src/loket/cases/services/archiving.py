"""Archiving dates by the ZGW rules (brondatumArchiefprocedure).

On closing, the case gets the result type's archiefnominatie, a brondatum derived by the result type's
afleidingswijze, and archiefactiedatum = brondatum + archiefactietermijn:

- afgehandeld: the case's end date;
- termijn: the end date + procestermijn;
- hoofdzaak: the end date of the main case (unknown while that is open: filled in when it closes);
- gerelateerde_zaak: the latest end date of the related cases (unknown while one is open);
- eigenschap: the date in the case property named ``datumkenmerk``;
- ingangsdatum_besluit / vervaldatum_besluit: the latest start / expiry date of the case's decisions;
- zaakobject: the date in attribute ``datumkenmerk`` of the case object of type ``objecttype``;
- ander_datumkenmerk: given by the closing user (``brondatum``); ZGW leaves this to the client.

When the brondatum is unknown the archiefactiedatum stays empty (the case shows up in the archive worklist).
"""

import datetime

from ..deadlines import parse_duration
from ..models import Afleidingswijze, Archiefnominatie, Archiefstatus, CaseRelation, Resultaat, Zaak


def _as_date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _max(dates) -> datetime.date | None:
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else None


def derive_brondatum(zaak: Zaak, resultaattype, *, brondatum: datetime.date | None = None) -> datetime.date | None:
    """The archiving source date of a closed case, or None when it cannot be known yet."""
    way = resultaattype.afleidingswijze
    if way == Afleidingswijze.AFGEHANDELD:
        return zaak.einddatum
    if way == Afleidingswijze.TERMIJN:
        return zaak.einddatum + parse_duration(resultaattype.procestermijn) if zaak.einddatum else None
    if way == Afleidingswijze.HOOFDZAAK:
        return zaak.hoofdzaak.einddatum if zaak.hoofdzaak_id else None
    if way == Afleidingswijze.GERELATEERDE_ZAAK:
        related = list(Zaak.objects.filter(pk__in=zaak.relations.values("related")).values_list("einddatum", flat=True))
        if not related or any(d is None for d in related):
            return None
        return max(related)
    if way == Afleidingswijze.EIGENSCHAP:
        row = zaak.eigenschappen.filter(naam=resultaattype.datumkenmerk).first()
        return _as_date(row.waarde) if row else None
    if way == Afleidingswijze.INGANGSDATUM_BESLUIT:
        return _max(zaak.besluiten.values_list("ingangsdatum", flat=True))
    if way == Afleidingswijze.VERVALDATUM_BESLUIT:
        return _max(zaak.besluiten.values_list("vervaldatum", flat=True))
    if way == Afleidingswijze.ZAAKOBJECT:
        objects = zaak.zaakobjecten.filter(object_type=resultaattype.objecttype)
        return _max(_as_date(obj.object_identificatie.get(resultaattype.datumkenmerk)) for obj in objects)
    if way == Afleidingswijze.ANDER_DATUMKENMERK:
        return brondatum
    return None


def apply_archiving(zaak: Zaak, *, brondatum: datetime.date | None = None) -> Zaak:
    """Set archiefnominatie, brondatum (startdatum_bewaartermijn) and archiefactiedatum on a closed case."""
    resultaattype = Resultaat.objects.select_related("resultaattype").get(zaak=zaak).resultaattype
    source = derive_brondatum(zaak, resultaattype, brondatum=brondatum)
    zaak.archiefnominatie = resultaattype.archiefnominatie
    zaak.startdatum_bewaartermijn = source
    if source is not None and resultaattype.archiefactietermijn:
        zaak.archiefactiedatum = source + parse_duration(resultaattype.archiefactietermijn)
    elif source is not None and resultaattype.archiefnominatie == Archiefnominatie.BLIJVEND_BEWAREN:
        zaak.archiefactiedatum = None  # kept forever; transferred by the archive, not destroyed
    else:
        zaak.archiefactiedatum = None
    zaak.archiefstatus = Archiefstatus.NOG_TE_ARCHIVEREN
    zaak.save(update_fields=["archiefnominatie", "startdatum_bewaartermijn", "archiefactiedatum", "archiefstatus"])
    return zaak


def refresh_dependents(zaak: Zaak) -> None:
    """Recompute archiving of closed cases whose brondatum depends on ``zaak`` (its sub-cases; cases related to it)."""
    dependents = Zaak.objects.filter(is_closed=True, archiefactiedatum__isnull=True).filter(
        pk__in=list(zaak.deelzaken.values_list("pk", flat=True))
        + list(CaseRelation.objects.filter(related=zaak).values_list("zaak_id", flat=True))
    )
    for other in dependents.select_related("hoofdzaak"):
        if Resultaat.objects.filter(zaak=other).exists():
            apply_archiving(other)
