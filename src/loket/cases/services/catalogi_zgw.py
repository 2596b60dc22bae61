"""Case-type changes the ZGW Catalogi API needs beyond the case-type builder's services (:mod:`.catalogi`).

The same rules hold: a draft (``concept``) can change freely, a published version is frozen (the few additive
corrections of :mod:`.catalogi` aside); inside :func:`.catalogi.forced_write` (ZGW scope
``catalogi.geforceerd-schrijven``) published versions change like drafts. Deleting needs a draft unless ``force``
(ZGW scope ``catalogi.geforceerd-verwijderen``), and nothing that is in use by cases, documents or decisions can be
deleted. Every function takes keyword arguments and raises a domain exception with a Dutch message (and a ZGW
``code`` where the standard names one); nothing is changed when a rule fails.
"""

import datetime

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from .. import deadlines, referentielijsten
from ..exceptions import CaseTypeFrozen, InvalidState, ValidationFailed
from ..models import (
    Afleidingswijze,
    Archiefnominatie,
    BesluitType,
    Catalogus,
    Confidentiality,
    Direction,
    Eigenschap,
    EigenschapFormat,
    InformatieObjectType,
    RelationKind,
    ResultaatType,
    RoleGeneric,
    RolType,
    StatusType,
    ZaakObjectType,
    ZaakType,
    ZaakTypeInformatieObjectType,
    ZaakTypenRelatie,
)
from . import catalogi
from .catalogi import (
    _check_draft,
    _check_manage,
    _check_manage_catalogue,
    _touch,
    _validate_case_type,
    is_forced,
)


def _error(message, *, field=None, code=None, cls=ValidationFailed):
    exc = cls(message, field=field)
    if code:
        exc.code = code
    return exc


def _all_errors(errors):
    """A ValidationFailed reporting every ``(field, message, code)`` of ``errors`` at once (see zgw.exceptions)."""
    exc = _error(errors[0][1], field=errors[0][0], code=errors[0][2])
    exc.errors = errors
    return exc


def _frozen(code="non-concept-object"):
    exc = CaseTypeFrozen()
    exc.code = code
    return exc


def _check_concept(obj) -> None:
    """Document and decision types: only drafts change (unless forced)."""
    if not obj.concept and not is_forced():
        raise _error(_("Een gepubliceerd type kan niet meer gewijzigd worden; maak een nieuwe versie."), code="non-concept-object",
                     cls=InvalidState)


def _delete(obj, message) -> None:
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        raise _error(message, code="in-use", cls=InvalidState) from exc


def _overlap_q(begin: datetime.date, einde: datetime.date | None) -> Q:
    """Rows whose validity [begin_geldigheid, einde_geldigheid] overlaps [begin, einde]."""
    condition = Q(einde_geldigheid__isnull=True) | Q(einde_geldigheid__gte=begin)
    if einde is not None:
        condition &= Q(begin_geldigheid__lte=einde)
    return condition


def _check_no_overlap(queryset, begin, einde, *, exclude_pk=None) -> None:
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    if queryset.filter(_overlap_q(begin, einde)).exists():
        raise _error(_("Er bestaat al een versie met dezelfde sleutel waarvan de geldigheid overlapt."), field="beginGeldigheid",
                     code="overlap")


# -- Case types ---------------------------------------------------------------------------------------------------


def default_department(catalogus: Catalogus, verantwoordelijke: str = ""):
    """The department that becomes responsible for a case type made through the API: the department whose name or
    slug equals ``verantwoordelijke``, else the organisation's first department. Raises ValidationFailed when the
    organisation has none."""
    from loket.platform.organisations.models import Department

    departments = Department.objects.filter(organisation_id=catalogus.organisation_id).order_by("name", "pk")
    wanted = (verantwoordelijke or "").strip()
    if wanted:
        match = departments.filter(Q(name__iexact=wanted) | Q(slug__iexact=wanted)).first()
        if match is not None:
            return match
    first = departments.first()
    if first is None:
        raise _error(_("De organisatie van deze catalogus heeft nog geen afdeling."), field="catalogus")
    return first


@transaction.atomic
def create_case_type_version(*, catalogus: Catalogus, identificatie: str, omschrijving: str, doorlooptijd_days: int,
                             begin_geldigheid: datetime.date, actor=None, department=None, **fields) -> ZaakType:
    """A draft case type. A code that exists already makes a new version of that case type (ZGW: versions share
    ``identificatie``); its validity may not overlap another version's. Raises ValidationFailed, PermissionDenied."""
    identificatie = (identificatie or "").strip()
    if not identificatie:
        raise _error(_("Geef een code."), field="identificatie", code="required")
    if department is None:
        department = default_department(catalogus, fields.get("verantwoordelijke", ""))
    versions = ZaakType.objects.select_for_update().filter(catalogus=catalogus, identificatie=identificatie)
    existing = list(versions.order_by("-begin_geldigheid"))
    if not existing:
        return catalogi.create_case_type(
            catalogus=catalogus, identificatie=identificatie, omschrijving=omschrijving, department=department,
            doorlooptijd_days=doorlooptijd_days, begin_geldigheid=begin_geldigheid, actor=actor, **fields,
        )
    _check_manage(actor, department)
    unknown = set(fields) - catalogi.CASE_TYPE_FIELDS
    if unknown:
        raise _error(_("Onbekende velden: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    _check_no_overlap(versions, begin_geldigheid, fields.get("einde_geldigheid"))
    if not (omschrijving or "").strip():
        raise _error(_("Geef een omschrijving."), field="omschrijving", code="required")
    zaaktype = ZaakType(
        catalogus=catalogus, identificatie=identificatie, omschrijving=omschrijving.strip(), department=department,
        doorlooptijd_days=doorlooptijd_days, begin_geldigheid=begin_geldigheid,
        versiedatum=fields.pop("versiedatum", None) or deadlines.today(), concept=True, previous_version=existing[0],
        **fields,
    )
    _validate_case_type(zaaktype)
    zaaktype.save()
    return zaaktype


@transaction.atomic
def update_case_type_version(*, zaaktype: ZaakType, actor=None, **fields) -> ZaakType:
    """Change a version through the API: :func:`.catalogi.update_case_type` plus the overlap rule for changed dates.
    Fields whose value does not change are ignored (a PUT repeats every field)."""
    current = ZaakType.objects.select_for_update().get(pk=zaaktype.pk)
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if "identificatie" in changed:
        raise _error(_("De code van een zaaktype kan niet veranderen; maak een nieuw zaaktype."), field="identificatie",
                     code="wijzigen-niet-toegelaten")
    if {"begin_geldigheid", "einde_geldigheid"} & set(changed):
        versions = ZaakType.objects.filter(catalogus=current.catalogus, identificatie=current.identificatie)
        _check_no_overlap(versions, changed.get("begin_geldigheid", current.begin_geldigheid),
                          changed.get("einde_geldigheid", current.einde_geldigheid), exclude_pk=current.pk)
    if not changed:
        return current
    return catalogi.update_case_type(zaaktype=current, actor=actor, **changed)


@transaction.atomic
def set_case_type_links(*, zaaktype: ZaakType, actor=None, besluittypen=None, deelzaaktypen=None,
                        gerelateerde_zaaktypen=None, products=None) -> ZaakType:
    """Set the decision types, sub-case types, related case types (``[{"zaaktype": url, "aard_relatie": ...,
    "toelichting": ...}]``) and catalog products of a version; ``None`` leaves a link as it is.

    A published version only accepts additions of decision types and products (like the case-type builder).
    Raises CaseTypeFrozen, ValidationFailed.
    """
    _check_manage(actor, zaaktype.department)
    published = not zaaktype.concept and not is_forced()
    if besluittypen is not None:
        besluittypen = list(besluittypen)
        for besluittype in besluittypen:
            if besluittype.catalogus_id != zaaktype.catalogus_id:
                raise _error(_("Het besluittype hoort niet bij dezelfde catalogus."), field="besluittypen",
                             code="relations-incorrect-catalogus")
        current = set(zaaktype.besluittypen.values_list("pk", flat=True))
        wanted = {b.pk for b in besluittypen}
        if current != wanted:
            if published and not current <= wanted:
                raise _frozen()
            zaaktype.besluittypen.set(besluittypen)
    if products is not None:
        current = set(zaaktype.products.values_list("pk", flat=True))
        wanted = {p.pk for p in products}
        if current != wanted:
            if published and not current <= wanted:
                raise _frozen()
            for product in products:
                if product.pk not in current:
                    catalogi.add_product(zaaktype=zaaktype, product=product, actor=actor)
            zaaktype.products.remove(*(current - wanted))
    if deelzaaktypen is not None:
        deelzaaktypen = list(deelzaaktypen)
        current = set(zaaktype.deelzaaktypen.values_list("pk", flat=True))
        if current != {d.pk for d in deelzaaktypen}:
            _check_draft_or_frozen(zaaktype)
            for deelzaaktype in deelzaaktypen:
                if deelzaaktype.catalogus_id != zaaktype.catalogus_id or deelzaaktype.identificatie == zaaktype.identificatie:
                    raise _error(_("Kies een ander zaaktype uit dezelfde catalogus."), field="deelzaaktypen",
                                 code="relations-incorrect-catalogus")
            zaaktype.deelzaaktypen.set(deelzaaktypen)
    if gerelateerde_zaaktypen is not None:
        wanted = [(r["zaaktype"], r["aard_relatie"], r.get("toelichting") or "") for r in gerelateerde_zaaktypen]
        current = list(zaaktype.gerelateerde_zaaktypen.values_list("gerelateerd_zaaktype", "aard_relatie", "toelichting"))
        if wanted != current:
            _check_draft_or_frozen(zaaktype)
            for url, aard, _toelichting in wanted:
                if aard not in RelationKind.values:
                    raise _error(_("Onbekende aard van de relatie."), field="gerelateerdeZaaktypen")
                if not url:
                    raise _error(_("Geef het gerelateerde zaaktype."), field="gerelateerdeZaaktypen")
            zaaktype.gerelateerde_zaaktypen.all().delete()
            ZaakTypenRelatie.objects.bulk_create([
                ZaakTypenRelatie(zaaktype=zaaktype, gerelateerd_zaaktype=url, aard_relatie=aard, toelichting=toelichting)
                for url, aard, toelichting in wanted
            ])
    _touch(zaaktype)
    return zaaktype


def _check_draft_or_frozen(zaaktype: ZaakType) -> None:
    if not zaaktype.concept and not is_forced():
        raise _frozen()


@transaction.atomic
def delete_case_type(*, zaaktype: ZaakType, actor=None, force: bool = False) -> None:
    """Delete a draft version (a published one only with ``force``); never one that cases use.
    Raises InvalidState, PermissionDenied."""
    _check_manage(actor, zaaktype.department)
    if not zaaktype.concept and not force:
        raise _frozen()
    if zaaktype.zaken.exists():
        raise _error(_("Er bestaan zaken van dit zaaktype; het kan niet verwijderd worden."), code="in-use", cls=InvalidState)
    ZaakType.objects.filter(previous_version=zaaktype).update(previous_version=None)
    zaaktype.ziot.all().delete()
    _delete(zaaktype, _("Dit zaaktype is nog in gebruik en kan niet verwijderd worden."))


# -- Parts of a case type -----------------------------------------------------------------------------------------


def _part_zaaktype(zaaktype: ZaakType, actor) -> ZaakType:
    zaaktype = ZaakType.objects.select_for_update().get(pk=zaaktype.pk)
    _check_manage(actor, zaaktype.department)
    return zaaktype


def _check_same_zaaktype(obj, zaaktype, field):
    if obj is not None and obj.zaaktype_id != zaaktype.pk:
        raise _error(_("Dit object hoort niet bij hetzelfde zaaktype."), field=field, code="relations-incorrect-zaaktype")


def _check_volgnummer(value):
    if value is None or not 1 <= int(value) <= 9999:
        raise _error(_("Het volgnummer ligt tussen 1 en 9999."), field="volgnummer")


def _check_checklist(items):
    if not isinstance(items, list):
        raise _error(_("De checklist is een lijst."), field="checklistitemStatustype")
    for item in items:
        if not isinstance(item, dict) or not item.get("itemnaam") or not item.get("vraagstelling"):
            raise _error(_("Elk checklistitem heeft een itemnaam en een vraagstelling."), field="checklistitemStatustype")


@transaction.atomic
def create_status_type(*, zaaktype: ZaakType, omschrijving: str, volgnummer: int, actor=None, checklistitems=None,
                       zaakobjecttype: ZaakObjectType | None = None, eigenschappen=None, **fields) -> StatusType:
    """A status of a draft case type (:func:`.catalogi.add_status_type`) with its checklist, case object type and the
    properties that must be filled in before it is set. Raises CaseTypeFrozen, ValidationFailed."""
    _check_volgnummer(volgnummer)
    _check_same_zaaktype(zaakobjecttype, zaaktype, "zaakobjecttype")
    statustype = catalogi.add_status_type(zaaktype=zaaktype, omschrijving=omschrijving, volgnummer=volgnummer, actor=actor,
                                          **fields)
    return update_status_type(statustype=statustype, actor=actor, checklistitems=checklistitems or [],
                              zaakobjecttype=zaakobjecttype, eigenschappen=eigenschappen)


STATUS_TYPE_FIELDS = {"omschrijving", "omschrijving_generiek", "statustekst", "volgnummer", "informeren", "doorlooptijd_days",
                      "toelichting", "checklistitems", "zaakobjecttype"}


@transaction.atomic
def update_status_type(*, statustype: StatusType, actor=None, eigenschappen=None, **fields) -> StatusType:
    """Change a status of a draft case type. ``eigenschappen``: the properties needed before this status (None: keep)."""
    zaaktype = _part_zaaktype(statustype.zaaktype, actor)
    statustype = StatusType.objects.select_for_update().get(pk=statustype.pk)
    changed = {k: v for k, v in fields.items() if k in STATUS_TYPE_FIELDS and getattr(statustype, k) != v}
    if eigenschappen is not None:
        eigenschappen = list(eigenschappen)
        for eigenschap in eigenschappen:
            _check_same_zaaktype(eigenschap, zaaktype, "eigenschappen")
        if {e.pk for e in eigenschappen} == set(statustype.eigenschappen.values_list("pk", flat=True)):
            eigenschappen = None
    if not changed and eigenschappen is None:
        return statustype
    _check_draft(zaaktype)
    if "omschrijving" in changed and not (changed["omschrijving"] or "").strip():
        raise _error(_("Geef een omschrijving."), field="omschrijving")
    if "volgnummer" in changed:
        _check_volgnummer(changed["volgnummer"])
        if zaaktype.statustypen.filter(volgnummer=changed["volgnummer"]).exclude(pk=statustype.pk).exists():
            raise _error(_("Er is al een status met dit volgnummer."), field="volgnummer", code="unique")
    if "checklistitems" in changed:
        _check_checklist(changed["checklistitems"])
    if "zaakobjecttype" in changed:
        _check_same_zaaktype(changed["zaakobjecttype"], zaaktype, "zaakobjecttype")
    for name, value in changed.items():
        setattr(statustype, name, value)
    statustype.save()
    if eigenschappen is not None:
        zaaktype.eigenschappen.filter(statustype=statustype).update(statustype=None)
        Eigenschap.objects.filter(pk__in=[e.pk for e in eigenschappen]).update(statustype=statustype)
    _touch(zaaktype)
    return statustype


@transaction.atomic
def delete_status_type(*, statustype: StatusType, actor=None) -> None:
    zaaktype = _part_zaaktype(statustype.zaaktype, actor)
    _check_draft(zaaktype)
    _touch(zaaktype)
    _delete(statustype, _("Dit statustype is in gebruik door zaken."))


@transaction.atomic
def update_role_type(*, roltype: RolType, actor=None, omschrijving=None, omschrijving_generiek=None) -> RolType:
    zaaktype = _part_zaaktype(roltype.zaaktype, actor)
    changed = {k: v for k, v in (("omschrijving", omschrijving), ("omschrijving_generiek", omschrijving_generiek))
               if v is not None and getattr(roltype, k) != v}
    if not changed:
        return roltype
    _check_draft(zaaktype)
    if changed.get("omschrijving_generiek", roltype.omschrijving_generiek) not in RoleGeneric.values:
        raise _error(_("Onbekende generieke roltype-omschrijving."), field="omschrijvingGeneriek")
    if "omschrijving" in changed and not changed["omschrijving"].strip():
        raise _error(_("Geef een omschrijving."), field="omschrijving")
    for name, value in changed.items():
        setattr(roltype, name, value)
    roltype.save()
    _touch(zaaktype)
    return roltype


@transaction.atomic
def delete_role_type(*, roltype: RolType, actor=None) -> None:
    zaaktype = _part_zaaktype(roltype.zaaktype, actor)
    _check_draft(zaaktype)
    _touch(zaaktype)
    _delete(roltype, _("Dit roltype is in gebruik door zaken."))


RESULT_TYPE_FIELDS = {
    "omschrijving", "resultaattypeomschrijving", "selectielijstklasse", "toelichting", "archiefnominatie",
    "archiefactietermijn", "afleidingswijze", "datumkenmerk", "einddatum_bekend", "objecttype", "registratie",
    "procestermijn", "procesobjectaard", "indicatie_specifiek", "selectielijst_procestermijn", "zaakobjecttype",
}


# What each afleidingswijze of brondatumArchiefprocedure needs (True) or forbids (False); a field not named is free.
# As the standard's reference implementation (and VNG's test scenarios ztc-004..008) have it.
BRONDATUM_FIELDS = {
    Afleidingswijze.AFGEHANDELD: {"procestermijn": False, "datumkenmerk": False, "einddatum_bekend": False,
                                  "objecttype": False, "registratie": False},
    Afleidingswijze.ANDER_DATUMKENMERK: {"procestermijn": False, "datumkenmerk": True, "objecttype": True,
                                         "registratie": True},
    Afleidingswijze.EIGENSCHAP: {"procestermijn": False, "datumkenmerk": True, "objecttype": False, "registratie": False},
    Afleidingswijze.GERELATEERDE_ZAAK: {"procestermijn": False, "datumkenmerk": False, "objecttype": False,
                                        "registratie": False},
    Afleidingswijze.HOOFDZAAK: {"procestermijn": False, "datumkenmerk": False, "objecttype": False, "registratie": False},
    Afleidingswijze.INGANGSDATUM_BESLUIT: {"procestermijn": False, "datumkenmerk": False, "objecttype": False,
                                           "registratie": False},
    Afleidingswijze.TERMIJN: {"procestermijn": True, "datumkenmerk": False, "einddatum_bekend": False,
                              "objecttype": False, "registratie": False},
    Afleidingswijze.VERVALDATUM_BESLUIT: {"procestermijn": False, "datumkenmerk": False, "objecttype": False,
                                          "registratie": False},
    Afleidingswijze.ZAAKOBJECT: {"procestermijn": False, "datumkenmerk": True, "objecttype": True, "registratie": False},
}
# The selectielijstklasse procestermijn that goes with an afleidingswijze, both ways.
PROCESTERMIJN_AFLEIDINGSWIJZE = {"nihil": Afleidingswijze.AFGEHANDELD,
                                 "ingeschatte_bestaansduur_procesobject": Afleidingswijze.TERMIJN}
BRONDATUM_MODEL_FIELDS = {"afleidingswijze", "datumkenmerk", "einddatum_bekend", "objecttype", "registratie",
                          "procestermijn"}


def _brondatum_errors(resultaattype: ResultaatType) -> list:
    """(field, message, code) for every brondatumArchiefprocedure field its afleidingswijze needs but lacks
    (``required``) or forbids but has (``must-be-empty``)."""
    afleidingswijze = resultaattype.afleidingswijze
    errors = []
    for name, needed in BRONDATUM_FIELDS.get(afleidingswijze, {}).items():
        if bool(getattr(resultaattype, name)) == needed:
            continue
        if needed:
            message = _("Afleidingswijze '%(afleidingswijze)s' vraagt dit veld.")
        else:
            message = _("Dit veld moet leeg zijn bij afleidingswijze '%(afleidingswijze)s'.")
        errors.append((f"brondatumArchiefprocedure.{name}", message % {"afleidingswijze": afleidingswijze},
                       "required" if needed else "must-be-empty"))
    return errors


def check_result_type(resultaattype: ResultaatType, *, changed=None) -> None:
    """The archiving rules of a result type (the ZGW API's; the case-type builder's :func:`.catalogi.add_result_type`
    has its own, looser ones).

    The selectielijstklasse and generic description must exist; durations are ISO 8601; the afleidingswijze of
    brondatumArchiefprocedure must have the fields it needs and none it forbids (:data:`BRONDATUM_FIELDS`: codes
    ``required``/``must-be-empty`` on ``brondatumArchiefprocedure.<veld>``, all reported at once). Then, as
    non-field errors reported together: the selectielijstklasse must belong to the case type's selectielijst
    procestype (``procestype-mismatch``), and a klasse with procestermijn ``nihil`` goes with afleidingswijze
    ``afgehandeld``, one with ``ingeschatte_bestaansduur_procesobject`` with ``termijn``, and those afleidingswijzen
    with no other procestermijn (``invalid-afleidingswijze-for-procestermijn``; a klasse without procestermijn
    allows any). ``changed``: the names of the fields an update changes; the afleidingswijze rules are then only
    checked when one of theirs changed (so an older result type can still get, say, a new toelichting)."""
    zaaktype = resultaattype.zaaktype
    if not (resultaattype.omschrijving or "").strip():
        raise _error(_("Geef een omschrijving."), field="omschrijving")
    klasse = None
    if resultaattype.selectielijstklasse:
        klasse = referentielijsten.resultaat(resultaattype.selectielijstklasse)
        if klasse is None:
            raise _error(_("Deze selectielijstklasse bestaat niet."), field="selectielijstklasse", code="bad-url")
    if resultaattype.resultaattypeomschrijving and referentielijsten.resultaattypeomschrijving(
            resultaattype.resultaattypeomschrijving) is None:
        raise _error(_("Deze generieke resultaattype-omschrijving bestaat niet."), field="resultaattypeomschrijving",
                     code="bad-url")
    if resultaattype.archiefnominatie not in Archiefnominatie.values:
        raise _error(_("Kies een archiefnominatie (blijvend bewaren of vernietigen)."), field="archiefnominatie")
    if resultaattype.archiefnominatie == Archiefnominatie.VERNIETIGEN and not resultaattype.archiefactietermijn:
        raise _error(_("Geef een archiefactietermijn voor te vernietigen zaken."), field="archiefactietermijn")
    for name in ("archiefactietermijn", "procestermijn", "selectielijst_procestermijn"):
        value = getattr(resultaattype, name)
        if value and not deadlines.is_duration(value):
            raise _error(_("Geef een termijn als ISO 8601-duur, bv. P10Y of P6M."), field=name)
    afleidingswijze = resultaattype.afleidingswijze
    if afleidingswijze not in Afleidingswijze.values:
        raise _error(_("Onbekende afleidingswijze."), field="brondatumArchiefprocedure.afleidingswijze")
    changed = None if changed is None else set(changed)
    if changed is None or changed & BRONDATUM_MODEL_FIELDS:
        errors = _brondatum_errors(resultaattype)
        if errors:
            raise _all_errors(errors)
    errors = []
    if klasse is not None and zaaktype.selectielijst_procestype and klasse["procesType"] != str(
            zaaktype.selectielijst_procestype):
        errors.append((None, _("Deze selectielijstklasse hoort niet bij het procestype van het zaaktype."),
                       "procestype-mismatch"))
    procestermijn = (klasse or {}).get("procestermijn") or ""
    if procestermijn and (changed is None or changed & {"selectielijstklasse", "afleidingswijze"}):
        expected = PROCESTERMIJN_AFLEIDINGSWIJZE.get(procestermijn)
        if (expected and afleidingswijze != expected) or (
                not expected and afleidingswijze in PROCESTERMIJN_AFLEIDINGSWIJZE.values()):
            errors.append((None, _("Afleidingswijze '%(afleidingswijze)s' past niet bij de procestermijn "
                                   "'%(procestermijn)s' van de selectielijstklasse.")
                           % {"afleidingswijze": afleidingswijze, "procestermijn": procestermijn},
                           "invalid-afleidingswijze-for-procestermijn"))
    if errors:
        raise _all_errors(errors)
    _check_same_zaaktype(resultaattype.zaakobjecttype, zaaktype, "zaakobjecttype")


def _check_type_links(zaaktype, besluittypen, informatieobjecttypen):
    for field, objects in (("besluittypen", besluittypen), ("informatieobjecttypen", informatieobjecttypen)):
        for obj in objects or ():
            if obj.catalogus_id != zaaktype.catalogus_id:
                raise _error(_("Dit type hoort niet bij dezelfde catalogus."), field=field, code="relations-incorrect-catalogus")


@transaction.atomic
def create_result_type(*, zaaktype: ZaakType, actor=None, besluittypen=None, informatieobjecttypen=None,
                       **fields) -> ResultaatType:
    """A result of a draft case type with its archiving rules (see :func:`check_result_type`), decision types and
    the document types needed before it can be set. Raises CaseTypeFrozen, ValidationFailed."""
    zaaktype = _part_zaaktype(zaaktype, actor)
    _check_draft(zaaktype)
    unknown = set(fields) - RESULT_TYPE_FIELDS
    if unknown:
        raise _error(_("Onbekende velden: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    if fields.get("selectielijstklasse"):
        klasse = referentielijsten.resultaat(fields["selectielijstklasse"]) or {}
        fields["archiefnominatie"] = fields.get("archiefnominatie") or klasse.get("waardering") or ""
        if not fields.get("archiefactietermijn"):
            fields["archiefactietermijn"] = klasse.get("bewaartermijn") or ""
    for name in ("archiefactietermijn", "procestermijn", "selectielijst_procestermijn", "datumkenmerk", "objecttype",
                 "registratie", "procesobjectaard", "toelichting", "archiefnominatie"):
        if fields.get(name) is None:
            fields[name] = ""
    resultaattype = ResultaatType(zaaktype=zaaktype, **fields)
    check_result_type(resultaattype)
    _check_type_links(zaaktype, besluittypen, informatieobjecttypen)
    omschrijving = (referentielijsten.resultaattypeomschrijving(resultaattype.resultaattypeomschrijving) or {}) \
        if resultaattype.resultaattypeomschrijving else {}
    resultaattype.omschrijving_generiek = omschrijving.get("omschrijving", "")[:80]
    resultaattype.save()
    resultaattype.besluittypen.set(besluittypen or [])
    resultaattype.informatieobjecttypen.set(informatieobjecttypen or [])
    _touch(zaaktype)
    return resultaattype


@transaction.atomic
def update_result_type(*, resultaattype: ResultaatType, actor=None, besluittypen=None, informatieobjecttypen=None,
                       **fields) -> ResultaatType:
    zaaktype = _part_zaaktype(resultaattype.zaaktype, actor)
    resultaattype = ResultaatType.objects.select_for_update().get(pk=resultaattype.pk)
    unknown = set(fields) - RESULT_TYPE_FIELDS
    if unknown:
        raise _error(_("Onbekende velden: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    nullable = {"zaakobjecttype", "indicatie_specifiek", "selectielijstklasse", "resultaattypeomschrijving"}
    changed = {k: ("" if v is None and k not in nullable else v) for k, v in fields.items()}
    changed = {k: v for k, v in changed.items() if getattr(resultaattype, k) != v}
    links_changed = False
    if besluittypen is not None and {b.pk for b in besluittypen} != set(resultaattype.besluittypen.values_list("pk", flat=True)):
        links_changed = True
    if informatieobjecttypen is not None and {i.pk for i in informatieobjecttypen} != set(
            resultaattype.informatieobjecttypen.values_list("pk", flat=True)):
        links_changed = True
    if not changed and not links_changed:
        return resultaattype
    _check_draft(zaaktype)
    for name, value in changed.items():
        setattr(resultaattype, name, value)
    check_result_type(resultaattype, changed=changed)
    _check_type_links(zaaktype, besluittypen, informatieobjecttypen)
    if "resultaattypeomschrijving" in changed:
        omschrijving = referentielijsten.resultaattypeomschrijving(resultaattype.resultaattypeomschrijving) or {} \
            if resultaattype.resultaattypeomschrijving else {}
        resultaattype.omschrijving_generiek = omschrijving.get("omschrijving", "")[:80]
    resultaattype.save()
    if besluittypen is not None:
        resultaattype.besluittypen.set(besluittypen)
    if informatieobjecttypen is not None:
        resultaattype.informatieobjecttypen.set(informatieobjecttypen)
    _touch(zaaktype)
    return resultaattype


@transaction.atomic
def delete_result_type(*, resultaattype: ResultaatType, actor=None) -> None:
    zaaktype = _part_zaaktype(resultaattype.zaaktype, actor)
    _check_draft(zaaktype)
    _touch(zaaktype)
    _delete(resultaattype, _("Dit resultaattype is in gebruik door zaken."))


EIGENSCHAP_FIELDS = {"naam", "definitie", "formaat", "lengte", "kardinaliteit", "waardenverzameling", "toelichting", "groep",
                     "statustype"}


def _check_eigenschap(eigenschap: Eigenschap) -> None:
    naam = (eigenschap.naam or "").strip()
    if not naam or len(naam) > 20:
        raise _error(_("Geef een naam van hoogstens 20 tekens."), field="naam")
    if eigenschap.formaat not in EigenschapFormat.values:
        raise _error(_("Onbekend formaat."), field="specificatie.formaat")
    if not eigenschap.lengte or eigenschap.lengte < 1:
        raise _error(_("De lengte is een positief getal."), field="specificatie.lengte")
    kardinaliteit = eigenschap.kardinaliteit or ""
    if kardinaliteit != "N" and not (kardinaliteit.isdigit() and int(kardinaliteit) >= 1):
        raise _error(_("De kardinaliteit is een positief getal of N."), field="specificatie.kardinaliteit")
    _check_same_zaaktype(eigenschap.statustype, eigenschap.zaaktype, "statustype")
    if eigenschap.zaaktype.eigenschappen.filter(naam=naam).exclude(pk=eigenschap.pk).exists():
        raise _error(_("Dit zaaktype heeft al een eigenschap met deze naam."), field="naam", code="unique")


@transaction.atomic
def create_eigenschap(*, zaaktype: ZaakType, naam: str, definitie: str, actor=None, **fields) -> Eigenschap:
    """A property of a case type (optional properties may be added to published versions: see
    :func:`.catalogi.add_eigenschap`). Raises CaseTypeFrozen, ValidationFailed."""
    zaaktype = _part_zaaktype(zaaktype, actor)
    _check_draft(zaaktype, additive=True)
    unknown = set(fields) - EIGENSCHAP_FIELDS
    if unknown:
        raise _error(_("Onbekende velden: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    eigenschap = Eigenschap(zaaktype=zaaktype, naam=(naam or "").strip(), definitie=definitie or "", **fields)
    _check_eigenschap(eigenschap)
    eigenschap.save()
    _touch(zaaktype)
    return eigenschap


@transaction.atomic
def update_eigenschap(*, eigenschap: Eigenschap, actor=None, **fields) -> Eigenschap:
    zaaktype = _part_zaaktype(eigenschap.zaaktype, actor)
    eigenschap = Eigenschap.objects.select_for_update().get(pk=eigenschap.pk)
    changed = {k: v for k, v in fields.items() if k in EIGENSCHAP_FIELDS and getattr(eigenschap, k) != v}
    if not changed:
        return eigenschap
    additive = set(changed) <= {"toelichting", "definitie", "groep"}
    _check_draft(zaaktype, additive=additive)
    for name, value in changed.items():
        setattr(eigenschap, name, value)
    _check_eigenschap(eigenschap)
    eigenschap.save()
    _touch(zaaktype)
    return eigenschap


@transaction.atomic
def delete_eigenschap(*, eigenschap: Eigenschap, actor=None) -> None:
    zaaktype = _part_zaaktype(eigenschap.zaaktype, actor)
    _check_draft(zaaktype)
    _touch(zaaktype)
    _delete(eigenschap, _("Deze eigenschap is in gebruik door zaken."))


# -- Document types on a case type (ZaakTypeInformatieObjectType) --------------------------------------------------


def _check_ziot(link: ZaakTypeInformatieObjectType) -> None:
    if link.richting not in Direction.values:
        raise _error(_("Onbekende richting."), field="richting")
    _check_volgnummer(link.volgnummer)
    if link.informatieobjecttype.catalogus_id != link.zaaktype.catalogus_id:
        raise _error(_("Het documenttype hoort niet bij dezelfde catalogus."), field="informatieobjecttype",
                     code="relations-incorrect-catalogus")
    _check_same_zaaktype(link.statustype, link.zaaktype, "statustype")
    others = ZaakTypeInformatieObjectType.objects.filter(zaaktype=link.zaaktype).exclude(pk=link.pk)
    if others.filter(volgnummer=link.volgnummer).exists():
        raise _error(_("Er is al een documenttype met dit volgnummer."), field="volgnummer", code="unique")
    if others.filter(informatieobjecttype=link.informatieobjecttype).exists():
        raise _error(_("Dit documenttype is al gekoppeld."), field="informatieobjecttype", code="unique")


@transaction.atomic
def create_case_type_document_type(*, zaaktype: ZaakType, informatieobjecttype: InformatieObjectType, volgnummer: int,
                                   actor=None, richting: str = Direction.INKOMEND, statustype=None) -> ZaakTypeInformatieObjectType:
    """Allow a document type on a case type (additive: also on published versions). Raises ValidationFailed."""
    zaaktype = _part_zaaktype(zaaktype, actor)
    link = ZaakTypeInformatieObjectType(zaaktype=zaaktype, informatieobjecttype=informatieobjecttype, volgnummer=volgnummer,
                                        richting=richting, statustype=statustype)
    _check_ziot(link)
    link.save()
    return link


@transaction.atomic
def update_case_type_document_type(*, link: ZaakTypeInformatieObjectType, actor=None, **fields) -> ZaakTypeInformatieObjectType:
    zaaktype = _part_zaaktype(link.zaaktype, actor)
    link = ZaakTypeInformatieObjectType.objects.select_for_update().get(pk=link.pk)
    changed = {k: v for k, v in fields.items() if k in {"zaaktype", "informatieobjecttype", "volgnummer", "richting", "statustype"}
               and getattr(link, k) != v}
    if not changed:
        return link
    _check_draft(zaaktype)
    if "zaaktype" in changed:
        _check_draft(changed["zaaktype"])
    for name, value in changed.items():
        setattr(link, name, value)
    _check_ziot(link)
    link.save()
    return link


@transaction.atomic
def delete_case_type_document_type(*, link: ZaakTypeInformatieObjectType, actor=None) -> None:
    zaaktype = _part_zaaktype(link.zaaktype, actor)
    _check_draft(zaaktype)
    _delete(link, _("Deze koppeling is in gebruik."))


# -- Case object types (ZaakObjectType) ------------------------------------------------------------------------------


def _check_object_type(obj: ZaakObjectType) -> None:
    if not obj.objecttype:
        raise _error(_("Geef het objecttype (URL)."), field="objecttype", code="required")
    if not (obj.relatie_omschrijving or "").strip():
        raise _error(_("Geef een relatieomschrijving."), field="relatieOmschrijving", code="required")
    if obj.einde_geldigheid and obj.einde_geldigheid < obj.begin_geldigheid:
        raise _error(_("Het einde van de geldigheid ligt voor het begin."), field="eindeGeldigheid")


def _link_object_type(obj: ZaakObjectType, statustypen, resultaattypen) -> None:
    for field, objects, model in (("statustypen", statustypen, StatusType), ("resultaattypen", resultaattypen, ResultaatType)):
        if objects is None:
            continue
        for part in objects:
            _check_same_zaaktype(part, obj.zaaktype, field)
        model.objects.filter(zaakobjecttype=obj).update(zaakobjecttype=None)
        model.objects.filter(pk__in=[p.pk for p in objects]).update(zaakobjecttype=obj)


@transaction.atomic
def create_object_type(*, zaaktype: ZaakType, objecttype: str, relatie_omschrijving: str, begin_geldigheid: datetime.date,
                       actor=None, ander_objecttype: bool = False, einde_geldigheid=None, statustypen=None,
                       resultaattypen=None) -> ZaakObjectType:
    """A case object type of a draft case type. Raises CaseTypeFrozen, ValidationFailed."""
    zaaktype = _part_zaaktype(zaaktype, actor)
    _check_draft(zaaktype)
    obj = ZaakObjectType(zaaktype=zaaktype, objecttype=objecttype or "", relatie_omschrijving=relatie_omschrijving or "",
                         begin_geldigheid=begin_geldigheid, einde_geldigheid=einde_geldigheid, ander_objecttype=ander_objecttype)
    _check_object_type(obj)
    obj.save()
    _link_object_type(obj, statustypen, resultaattypen)
    _touch(zaaktype)
    return obj


@transaction.atomic
def update_object_type(*, zaakobjecttype: ZaakObjectType, actor=None, statustypen=None, resultaattypen=None,
                       **fields) -> ZaakObjectType:
    zaaktype = _part_zaaktype(zaakobjecttype.zaaktype, actor)
    obj = ZaakObjectType.objects.select_for_update().get(pk=zaakobjecttype.pk)
    allowed = {"objecttype", "relatie_omschrijving", "begin_geldigheid", "einde_geldigheid", "ander_objecttype", "zaaktype"}
    changed = {k: v for k, v in fields.items() if k in allowed and getattr(obj, k) != v}
    links = [(objs, set(getattr(obj, rel).values_list("pk", flat=True)))
             for objs, rel in ((statustypen, "statustypen"), (resultaattypen, "resultaattypen")) if objs is not None]
    links_changed = any({o.pk for o in objs} != current for objs, current in links)
    if not changed and not links_changed:
        return obj
    _check_draft(zaaktype)
    if "zaaktype" in changed:
        _check_draft(changed["zaaktype"])
    for name, value in changed.items():
        setattr(obj, name, value)
    _check_object_type(obj)
    obj.save()
    _link_object_type(obj, statustypen, resultaattypen)
    _touch(zaaktype)
    return obj


@transaction.atomic
def delete_object_type(*, zaakobjecttype: ZaakObjectType, actor=None) -> None:
    zaaktype = _part_zaaktype(zaakobjecttype.zaaktype, actor)
    _check_draft(zaaktype)
    _touch(zaaktype)
    _delete(zaakobjecttype, _("Dit zaakobjecttype is in gebruik."))


# -- Document and decision types -------------------------------------------------------------------------------------


DOCUMENT_TYPE_FIELDS = {"omschrijving", "vertrouwelijkheidaanduiding", "begin_geldigheid", "einde_geldigheid",
                        "informatieobjectcategorie", "trefwoord", "omschrijving_generiek", "toelichting"}
DECISION_TYPE_FIELDS = {"omschrijving", "omschrijving_generiek", "besluitcategorie", "reactietermijn_days",
                        "publicatie_indicatie", "publicatietekst", "publicatietermijn_days", "toelichting",
                        "begin_geldigheid", "einde_geldigheid"}


def _check_versioned(obj, model) -> None:
    if not (obj.omschrijving or "").strip():
        raise _error(_("Geef een omschrijving."), field="omschrijving", code="required")
    if obj.einde_geldigheid and obj.einde_geldigheid < obj.begin_geldigheid:
        raise _error(_("Het einde van de geldigheid ligt voor het begin."), field="eindeGeldigheid")
    versions = model.objects.filter(catalogus_id=obj.catalogus_id, omschrijving=obj.omschrijving)
    _check_no_overlap(versions, obj.begin_geldigheid, obj.einde_geldigheid, exclude_pk=obj.pk)


@transaction.atomic
def create_document_type_version(*, catalogus: Catalogus, omschrijving: str, begin_geldigheid: datetime.date, actor=None,
                                 **fields) -> InformatieObjectType:
    """A draft document type; versions share ``omschrijving`` and may not overlap. Raises ValidationFailed."""
    _check_manage_catalogue(actor, catalogus.organisation)
    unknown = set(fields) - DOCUMENT_TYPE_FIELDS
    if unknown:
        raise _error(_("Onbekende velden: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    obj = InformatieObjectType(catalogus=catalogus, omschrijving=(omschrijving or "").strip(), begin_geldigheid=begin_geldigheid,
                               concept=True, **fields)
    if obj.vertrouwelijkheidaanduiding not in Confidentiality.values:
        raise _error(_("Onbekende vertrouwelijkheidaanduiding."), field="vertrouwelijkheidaanduiding")
    _check_versioned(obj, InformatieObjectType)
    obj.save()
    return obj


@transaction.atomic
def update_document_type(*, informatieobjecttype: InformatieObjectType, actor=None, **fields) -> InformatieObjectType:
    obj = InformatieObjectType.objects.select_for_update().get(pk=informatieobjecttype.pk)
    _check_manage_catalogue(actor, obj.catalogus.organisation)
    changed = {k: v for k, v in fields.items() if k in DOCUMENT_TYPE_FIELDS | {"catalogus"} and getattr(obj, k) != v}
    if not changed:
        return obj
    _check_concept(obj)
    for name, value in changed.items():
        setattr(obj, name, value)
    if obj.vertrouwelijkheidaanduiding not in Confidentiality.values:
        raise _error(_("Onbekende vertrouwelijkheidaanduiding."), field="vertrouwelijkheidaanduiding")
    _check_versioned(obj, InformatieObjectType)
    obj.save()
    return obj


@transaction.atomic
def delete_document_type(*, informatieobjecttype: InformatieObjectType, actor=None, force: bool = False) -> None:
    """Delete a draft document type (a published one only with ``force``), with its links to draft case types."""
    obj = informatieobjecttype
    _check_manage_catalogue(actor, obj.catalogus.organisation)
    if not obj.concept and not force:
        raise _error(_("Een gepubliceerd type kan niet verwijderd worden."), code="non-concept-object", cls=InvalidState)
    if obj.ziot.filter(zaaktype__concept=False).exists() and not force:
        raise _error(_("Dit documenttype is gekoppeld aan een gepubliceerd zaaktype."), code="in-use", cls=InvalidState)
    obj.ziot.all().delete()
    _delete(obj, _("Dit documenttype is in gebruik door documenten."))


@transaction.atomic
def create_decision_type_version(*, catalogus: Catalogus, omschrijving: str, begin_geldigheid: datetime.date, actor=None,
                                 informatieobjecttypen=None, **fields) -> BesluitType:
    """A draft decision type; versions share ``omschrijving`` and may not overlap. Raises ValidationFailed."""
    _check_manage_catalogue(actor, catalogus.organisation)
    unknown = set(fields) - DECISION_TYPE_FIELDS
    if unknown:
        raise _error(_("Onbekende velden: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    obj = BesluitType(catalogus=catalogus, omschrijving=(omschrijving or "").strip(), begin_geldigheid=begin_geldigheid,
                      concept=True, **fields)
    _check_versioned(obj, BesluitType)
    _check_same_catalogus(catalogus, informatieobjecttypen)
    obj.save()
    obj.informatieobjecttypen.set(informatieobjecttypen or [])
    return obj


def _check_same_catalogus(catalogus, objects):
    for obj in objects or ():
        if obj.catalogus_id != catalogus.pk:
            raise _error(_("Dit type hoort niet bij dezelfde catalogus."), field="informatieobjecttypen",
                         code="relations-incorrect-catalogus")


@transaction.atomic
def update_decision_type(*, besluittype: BesluitType, actor=None, informatieobjecttypen=None, **fields) -> BesluitType:
    obj = BesluitType.objects.select_for_update().get(pk=besluittype.pk)
    _check_manage_catalogue(actor, obj.catalogus.organisation)
    changed = {k: v for k, v in fields.items() if k in DECISION_TYPE_FIELDS | {"catalogus"} and getattr(obj, k) != v}
    links_changed = informatieobjecttypen is not None and {i.pk for i in informatieobjecttypen} != set(
        obj.informatieobjecttypen.values_list("pk", flat=True))
    if not changed and not links_changed:
        return obj
    _check_concept(obj)
    for name, value in changed.items():
        setattr(obj, name, value)
    _check_versioned(obj, BesluitType)
    _check_same_catalogus(obj.catalogus, informatieobjecttypen)
    obj.save()
    if informatieobjecttypen is not None:
        obj.informatieobjecttypen.set(informatieobjecttypen)
    return obj


@transaction.atomic
def delete_decision_type(*, besluittype: BesluitType, actor=None, force: bool = False) -> None:
    obj = besluittype
    _check_manage_catalogue(actor, obj.catalogus.organisation)
    if not obj.concept and not force:
        raise _error(_("Een gepubliceerd type kan niet verwijderd worden."), code="non-concept-object", cls=InvalidState)
    if obj.zaaktypen.filter(concept=False).exists() and not force:
        raise _error(_("Dit besluittype is gekoppeld aan een gepubliceerd zaaktype."), code="in-use", cls=InvalidState)
    _delete(obj, _("Dit besluittype is in gebruik door besluiten."))


def publish(*, obj, actor=None):
    """Publish a case, document or decision type (the ZGW ``/publish`` endpoints). Raises InvalidState (already
    published), ValidationFailed (a case type that links unpublished types)."""
    if isinstance(obj, ZaakType):
        return catalogi.publish_case_type(zaaktype=obj, actor=actor, require_complete=False)
    return catalogi.publish_type(obj=obj, actor=actor)
