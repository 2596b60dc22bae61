"""Changes the ZGW Zaken API needs beyond the web UI's services: ZGW attributes of a case, updating and deleting a
case, setting a status the ZGW way (closing, reopening with ``zaken.heropenen``), KlantContact, ZaakContactMoment and
ZaakVerzoek, and the atomic "register case" of Loket's extension.

Every function follows the rules of :mod:`loket.cases.services` (keyword arguments, a domain exception with a Dutch
message, nothing changed when a rule fails) and calls the existing services for the parts they already cover.
``force`` is the ZGW scope ``zaken.geforceerd-bijwerken``: without it a closed case is frozen.
"""

import datetime
import math
import re

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines
from ..exceptions import CaseClosed, InvalidState, ValidationFailed
from ..models import (
    CONFIDENTIALITY_RANK,
    Archiefnominatie,
    Archiefstatus,
    Confidentiality,
    KlantContact,
    Resultaat,
    Status,
    StatusType,
    Zaak,
    ZaakContactMoment,
    ZaakVerzoek,
)
from ._common import check_change, event, lock_case

#: ZGW attributes of a case the Zaken API stores as given (model field names).
ZAAK_ATTRIBUTES = {
    "verantwoordelijke_organisatie", "communicatiekanaal", "communicatiekanaal_naam", "producten_of_diensten",
    "betalingsindicatie", "laatste_betaaldatum", "selectielijstklasse", "kenmerken", "opdrachtgevende_organisatie",
    "processobjectaard", "processobject", "zaakgeometrie", "publicatiedatum", "einddatum_gepland",
    "uiterlijke_einddatum_afdoening", "registratiedatum", "archiefnominatie", "archiefstatus", "archiefactiedatum",
    "startdatum_bewaartermijn",
}
#: Attributes that can be changed after creation (besides ZAAK_ATTRIBUTES).
UPDATABLE = ZAAK_ATTRIBUTES | {
    "omschrijving", "toelichting", "vertrouwelijkheidaanduiding", "startdatum", "hoofdzaak",
    "opschorting_indicatie", "opschorting_reden", "verlenging_reden", "verlenging_duur_days",
}
BETALINGSINDICATIES = ("", "nvt", "nog_niet", "gedeeltelijk", "geheel")
#: the Catalogi API's URL of a catalog product (``productenOfDiensten``)
PRODUCT_PATH = re.compile(r"^https?://[^/]+/api/v1/catalog/products/(\d+)/?$")


def invalid(message, *, field: str, code: str) -> ValidationFailed:
    """A ValidationFailed carrying the ZGW error code (the API shows it in invalidParams)."""
    exc = ValidationFailed(message, field=field)
    exc.code = code
    return exc


# -- Geometry (GeoJSON without PostGIS) ------------------------------------------------------------------------


def _points(coordinates):
    if isinstance(coordinates, (list, tuple)) and len(coordinates) >= 2 and all(isinstance(c, (int, float)) for c in coordinates[:2]):
        yield float(coordinates[0]), float(coordinates[1])
        return
    if not isinstance(coordinates, (list, tuple)):
        raise ValueError("coordinates")
    for part in coordinates:
        yield from _points(part)


def geometry_points(geometry: dict) -> list[tuple[float, float]]:
    if geometry.get("type") == "GeometryCollection":
        return [p for g in geometry.get("geometries") or [] for p in geometry_points(g)]
    return list(_points(geometry.get("coordinates")))


def geometry_bbox(geometry) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of a GeoJSON geometry; ValidationFailed when it is not one."""
    types = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
    try:
        if not isinstance(geometry, dict) or geometry.get("type") not in types:
            raise ValueError("type")
        points = geometry_points(geometry)
        if not points or not all(math.isfinite(x) and math.isfinite(y) for x, y in points):
            raise ValueError("empty")
    except (ValueError, TypeError, RecursionError):
        raise ValidationFailed(_("Geef een geldige GeoJSON-geometrie."), field="zaakgeometrie") from None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _in_ring(x: float, y: float, ring) -> bool:
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / ((y2 - y1) or 1e-300) + x1:
            inside = not inside
    return inside


def _polygons(geometry: dict) -> list:
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates") or []]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry.get("coordinates") or [])
    return []


def point_in_area(x: float, y: float, area: dict) -> bool:
    for polygon in _polygons(area):
        if polygon and _in_ring(x, y, polygon[0]) and not any(_in_ring(x, y, hole) for hole in polygon[1:]):
            return True
    return False


def within(geometry: dict | None, area: dict) -> bool:
    """Is ``geometry`` within the (Multi)Polygon ``area``? Every vertex must lie inside (exact for points; for lines
    and polygons within a convex area)."""
    if not geometry:
        return False
    try:
        points = geometry_points(geometry)
    except (ValueError, TypeError):
        return False
    return bool(points) and all(point_in_area(x, y, area) for x, y in points)


def check_search_area(area) -> tuple[float, float, float, float]:
    """The bounding box of a `within` search area; only (Multi)Polygons are areas."""
    if not isinstance(area, dict) or area.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationFailed(_("Zoek binnen een Polygon of MultiPolygon."), field="zaakgeometrie")
    return geometry_bbox(area)


# -- Attributes -----------------------------------------------------------------------------------------------


def check_identificatie_unique(*, organisation, bronorganisatie: str, identificatie: str, exclude_pk=None) -> None:
    """identificatie is unique per bronorganisatie (ZGW) and per organisation (Loket's case number)."""
    if len(identificatie) > 40:
        raise ValidationFailed(_("De identificatie mag hoogstens 40 tekens hebben."), field="identificatie")
    clash = Zaak.objects.filter(identificatie=identificatie, bronorganisatie=bronorganisatie) | Zaak.objects.filter(
        identificatie=identificatie, organisation=organisation)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise invalid(_("Deze identificatie bestaat al voor deze bronorganisatie."), field="identificatie",
                      code="identificatie-niet-uniek")


def check_products(zaaktype, urls) -> None:
    """The products and services of a case must be listed by its zaaktype (Zaken API, ``productenOfDiensten``: "De
    producten/diensten moeten bij het zaaktype vermeld zijn"): an external URL of the zaaktype, or the API URL of
    one of its linked catalog products (``.../api/v1/catalog/products/<id>``, on whatever host it was asked)."""
    external = set(zaaktype.producten_of_diensten_extern)
    linked = None
    for url in urls or []:
        if url in external:
            continue
        match = PRODUCT_PATH.search(url)
        if match and linked is None:
            linked = {str(pk) for pk in zaaktype.products.values_list("pk", flat=True)}
        if not (match and match.group(1) in linked):
            raise invalid(_("Dit product of deze dienst staat niet bij het zaaktype."), field="productenOfDiensten",
                          code="invalid-products-services")


def clean_zaak_attributes(attributes: dict, *, zaak: Zaak | None = None, zaaktype=None) -> dict:
    """Check the ZGW attributes and return the model values (the geometry also fills its bounding box).
    ``zaaktype`` (a new case; else the case's) checks ``producten_of_diensten``."""
    unknown = set(attributes) - UPDATABLE
    if unknown:
        raise ValidationFailed(_("Onbekende attributen: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    values = dict(attributes)
    if values.get("producten_of_diensten"):
        check_products(zaaktype or zaak.zaaktype, values["producten_of_diensten"])
    betaling = values.get("betalingsindicatie", zaak.betalingsindicatie if zaak else "")
    if "betalingsindicatie" in values and betaling not in BETALINGSINDICATIES:
        raise ValidationFailed(_("Onbekende betalingsindicatie."), field="betalingsindicatie")
    betaaldatum = values.get("laatste_betaaldatum", zaak.laatste_betaaldatum if zaak else None)
    if betaling == "nvt" and betaaldatum:
        raise invalid(_("Een laatste betaaldatum kan niet bij betalingsindicatie 'nvt'."), field="laatsteBetaaldatum",
                      code="betaling-nvt")
    if "zaakgeometrie" in values:
        geometry = values["zaakgeometrie"]
        bbox = geometry_bbox(geometry) if geometry else (None, None, None, None)
        values["geometrie_min_lon"], values["geometrie_min_lat"], values["geometrie_max_lon"], values["geometrie_max_lat"] = bbox
    for name in ("archiefnominatie",):
        if values.get(name) is None and name in values:
            values[name] = ""
    if values.get("archiefnominatie") and values["archiefnominatie"] not in Archiefnominatie.values:
        raise ValidationFailed(_("Onbekende archiefnominatie."), field="archiefnominatie")
    status = values.get("archiefstatus", zaak.archiefstatus if zaak else Archiefstatus.NOG_TE_ARCHIVEREN)
    if status not in Archiefstatus.values:
        raise ValidationFailed(_("Onbekende archiefstatus."), field="archiefstatus")
    if status != Archiefstatus.NOG_TE_ARCHIVEREN:
        nominatie = values.get("archiefnominatie", zaak.archiefnominatie if zaak else "")
        actiedatum = values.get("archiefactiedatum", zaak.archiefactiedatum if zaak else None)
        if not nominatie or not actiedatum:  # reported on the missing attribute (Open Zaak, VNG scenario zrc-022)
            raise invalid(_("Een zaak met deze archiefstatus heeft een archiefnominatie en een archiefactiedatum nodig."),
                          field="archiefnominatie" if not nominatie else "archiefactiedatum",
                          code="archiefnominatie-not-set" if not nominatie else "archiefactiedatum-not-set")
        if zaak is not None and zaak.documents.exclude(informatieobject__latest_version__status="gearchiveerd").exists():
            raise invalid(_("Alle documenten van de zaak moeten eerst de status 'gearchiveerd' hebben."), field="archiefstatus",
                          code="documents-not-archived")
    if "vertrouwelijkheidaanduiding" in values:
        if values["vertrouwelijkheidaanduiding"] not in Confidentiality.values:
            raise ValidationFailed(_("Onbekende vertrouwelijkheidaanduiding."), field="vertrouwelijkheidaanduiding")
        values["confidentiality_rank"] = CONFIDENTIALITY_RANK[values["vertrouwelijkheidaanduiding"]]
    return values


def _check_hoofdzaak(zaak: Zaak, hoofdzaak: Zaak | None) -> None:
    if hoofdzaak is None:
        return
    if hoofdzaak.pk == zaak.pk:
        raise invalid(_("Een zaak kan niet haar eigen hoofdzaak zijn."), field="hoofdzaak", code="self-forbidden")
    if hoofdzaak.hoofdzaak_id is not None:
        raise invalid(_("Een deelzaak kan zelf geen deelzaken hebben."), field="hoofdzaak", code="deelzaak-als-hoofdzaak")
    if zaak.deelzaken.exists():
        raise invalid(_("Een zaak met deelzaken kan zelf geen deelzaak zijn."), field="hoofdzaak", code="deelzaak-als-hoofdzaak")


@transaction.atomic
def update_case(*, zaak: Zaak, changes: dict, actor=None, force: bool = False) -> Zaak:
    """Change the case's ZGW attributes (PUT/PATCH). A closed case needs ``force``. Raises ValidationFailed,
    CaseClosed, PermissionDenied."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    values = clean_zaak_attributes(changes, zaak=zaak)
    if "hoofdzaak" in values:
        _check_hoofdzaak(zaak, values["hoofdzaak"])
    if "uiterlijke_einddatum_afdoening" in values and values["uiterlijke_einddatum_afdoening"] is None:
        # Emptied: the case type's own term from the (possibly new) start date, as when the case was created.
        version = zaak.zaaktype
        values["uiterlijke_einddatum_afdoening"] = deadlines.add_days(
            zaak.organisation, values.get("startdatum") or zaak.startdatum, version.doorlooptijd_days,
            working=version.working_days)
    if values.get("omschrijving") is not None and len(values["omschrijving"]) > 80:
        raise ValidationFailed(_("De omschrijving mag hoogstens 80 tekens hebben."), field="omschrijving")
    for name, value in values.items():
        setattr(zaak, name, value)
    zaak.save(update_fields=[*values, "updated_at"])
    event(zaak, actor, "updated", _("Zaakgegevens gewijzigd (Zaken API)"), fields=sorted(changes))
    return zaak


@transaction.atomic
def delete_case(*, zaak: Zaak, actor=None, force: bool = False) -> None:
    """Delete a case with its sub-cases, statuses, roles, result, properties, objects and document links (ZGW
    DELETE /zaken: "zaak - de deelzaken van de verwijderde hoofdzaak" are among the related resources removed).

    Refused while it (or a sub-case) has decisions (the Besluiten API's, not in that list: delete those first), and
    for a closed case without ``force``."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    if zaak.besluiten.exists():
        raise InvalidState(_("Deze zaak heeft besluiten; verwijder die eerst."))
    for deelzaak in zaak.deelzaken.all():
        delete_case(zaak=deelzaak, actor=actor, force=force)
    try:
        with transaction.atomic():
            Zaak.objects.filter(pk=zaak.pk).update(current_status=None, current_statustype=None)
            zaak.delete()
    except ProtectedError:
        raise InvalidState(_("Deze zaak is nog gekoppeld (bv. aan een melding) en kan niet verwijderd worden.")) from None


@transaction.atomic
def set_zaak_status(*, zaak: Zaak, statustype: StatusType, actor=None, datum: datetime.datetime | None = None,
                    toelichting: str = "", gezetdoor=None, may_reopen: bool = False, force: bool = False) -> Status:
    """Set a status the ZGW way. The final status closes the case (a result is needed: the end date and archiving
    dates follow), also while it is suspended (see :func:`set_status`) and, with ``force``, again on a closed case,
    once every document of the case has its ``indicatie_gebruiksrecht`` (``indicatiegebruiksrecht-unset``). A
    non-final status on a closed case reopens it (keeping its result), which needs ``may_reopen`` (scope
    zaken.heropenen) or ``force``. Raises ValidationFailed (status type of another case type, no result),
    CaseClosed, PermissionDenied."""
    from .cases import reopen_case, set_status

    if statustype.zaaktype_id != zaak.zaaktype_id:
        raise ValidationFailed(_("Deze status hoort niet bij het zaaktype van deze zaak."), field="statustype")
    if gezetdoor is not None and gezetdoor.zaak_id != zaak.pk:
        raise ValidationFailed(_("Deze rol hoort niet bij deze zaak."), field="gezetdoor")
    zaak = lock_case(zaak, actor)
    final = zaak.zaaktype.statustypen.order_by("-volgnummer").first()
    if statustype.pk == final.pk and zaak.documents.filter(informatieobject__indicatie_gebruiksrecht__isnull=True).exists():
        # Zaken API, status_create: "indien het de eindstatus betreft, dan moet het attribuut indicatieGebruiksrecht
        # gezet zijn op alle informatieobjecten die aan de zaak gerelateerd zijn". Staff close cases with documents
        # whose rights are not yet recorded (no such rule in the workspace).
        raise invalid(_("Leg eerst voor alle documenten van de zaak de indicatie gebruiksrecht vast."),
                      field="nonFieldErrors", code="indicatiegebruiksrecht-unset")
    if zaak.is_closed:
        if not (may_reopen or force):
            raise CaseClosed(_("Deze zaak is afgesloten; heropenen vraagt de scope zaken.heropenen."))
        if statustype.pk == final.pk:
            if not force:
                raise CaseClosed(_("Deze zaak is al afgesloten."))
            # With zaken.geforceerd-bijwerken a closed case takes its final status again (a correction of the
            # closing date; VNG scenario zrc-007m): end date and archiving dates follow the new status.
            from .cases import _close

            status = _close(zaak, actor=actor, statustype=statustype, toelichting=toelichting, datum=datum,
                            check_suspension=False)
        else:
            reopen_case(zaak=zaak, reason=toelichting or _("Heropend via de Zaken API"), actor=actor,
                        statustype=statustype, keep_result=True, datum=datum)
            status = Status.objects.filter(zaak=zaak).order_by("-datum_status_gezet", "-pk").first()
    else:
        status = set_status(zaak=zaak, statustype=statustype, actor=actor, toelichting=toelichting, datum=datum,
                            check_suspension=False)
    if gezetdoor is not None:
        Status.objects.filter(pk=status.pk).update(gezetdoor=gezetdoor)
        status.gezetdoor = gezetdoor
    return status


@transaction.atomic
def delete_result(*, resultaat: Resultaat, actor=None, force: bool = False) -> None:
    zaak = lock_case(resultaat.zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    event(zaak, actor, "result_removed", _("Resultaat verwijderd"))
    resultaat.delete()


@transaction.atomic
def delete_part(*, obj, actor=None, force: bool = False) -> None:
    """Delete a part of a case (ZaakEigenschap, ZaakObject, ZaakInformatieObject, KlantContact, ZaakContactMoment,
    ZaakVerzoek). A closed case needs ``force``."""
    zaak = lock_case(obj.zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    event(zaak, actor, "part_removed", _("%(kind)s verwijderd") % {"kind": obj._meta.verbose_name})
    obj.delete()


@transaction.atomic
def update_part(*, obj, changes: dict, actor=None, force: bool = False):
    """Change the plain attributes of a part of a case (ZaakObject, ZaakInformatieObject, ZaakEigenschap...)."""
    zaak = lock_case(obj.zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(changes))
    event(zaak, actor, "part_changed", _("%(kind)s gewijzigd") % {"kind": obj._meta.verbose_name})
    return obj


@transaction.atomic
def add_klantcontact(*, zaak: Zaak, datumtijd, actor=None, identificatie: str = "", kanaal: str = "", onderwerp: str = "",
                     toelichting: str = "", force: bool = False) -> KlantContact:
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    if not identificatie:
        identificatie = timezone.now().strftime("%y%m%d%H%M%S%f")[:14]
    contact = KlantContact.objects.create(zaak=zaak, identificatie=identificatie, datumtijd=datumtijd, kanaal=kanaal,
                                          onderwerp=onderwerp, toelichting=toelichting)
    event(zaak, actor, "klantcontact", _("Klantcontact geregistreerd"))
    return contact


@transaction.atomic
def add_zaakcontactmoment(*, zaak: Zaak, contactmoment: str, actor=None, force: bool = False) -> ZaakContactMoment:
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    return ZaakContactMoment.objects.create(zaak=zaak, contactmoment=contactmoment)


@transaction.atomic
def add_zaakverzoek(*, zaak: Zaak, verzoek: str, actor=None, force: bool = False) -> ZaakVerzoek:
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    return ZaakVerzoek.objects.create(zaak=zaak, verzoek=verzoek)


@transaction.atomic
def unrelate_cases(*, relation, actor=None, force: bool = False) -> None:
    """Remove a relation (relevanteAndereZaken) of a case."""
    zaak = lock_case(relation.zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    event(zaak, actor, "relation_removed", _("Relatie met een andere zaak verwijderd"))
    relation.delete()
