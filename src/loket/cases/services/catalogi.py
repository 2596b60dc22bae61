"""Case types: catalogues, versions (draft, published, end of validity) and their parts.

A draft (``concept``) version can be changed freely. A published version is frozen: only additive corrections
are allowed (texts, keywords, new role types, new optional properties, new document and decision types); changing
statuses, results, deadlines or removing anything needs a new version (:func:`new_case_type_version`).
New cases use the version valid on their start date (:func:`loket.cases.selectors.case_type_version_on`).
"""

import contextlib
import contextvars
import datetime
import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines, referentielijsten
from ..exceptions import CaseTypeFrozen, InvalidState, PermissionDenied, ValidationFailed
from ..models import (
    Afleidingswijze,
    Archiefnominatie,
    BesluitType,
    Catalogus,
    Confidentiality,
    Eigenschap,
    EigenschapFormat,
    InformatieObjectType,
    ProcessStep,
    ResultaatType,
    RoleGeneric,
    RolType,
    ServiceLevel,
    StatusType,
    ZaakType,
    ZaakTypeInformatieObjectType,
)
from ._common import is_user

# Fields of a published case type that may still be corrected (they add or clarify, they change no rule).
ADDITIVE_FIELDS = {
    "toelichting", "doel", "aanleiding", "publicatietekst", "trefwoorden", "onderwerp", "referentieproces_naam",
    "verantwoordingsrelatie", "omschrijving_generiek",
}
CASE_TYPE_FIELDS = {
    "omschrijving", "omschrijving_generiek", "vertrouwelijkheidaanduiding", "doel", "aanleiding", "toelichting",
    "indicatie_intern_of_extern", "handeling_initiator", "onderwerp", "handeling_behandelaar", "service_level",
    "doorlooptijd_days", "working_days", "servicenorm_days", "opschorting_en_aanhouding_mogelijk", "max_suspension_days",
    "verlenging_mogelijk", "verlengingstermijn_days", "trefwoorden", "publicatie_indicatie", "publicatietekst",
    "verantwoordingsrelatie", "selectielijst_procestype", "referentieproces_naam", "verantwoordelijke", "department",
    "begin_geldigheid", "versiedatum",
    # ZGW Catalogi API attributes (informative, no rule depends on them)
    "einde_geldigheid", "referentieproces_link", "broncatalogus_url", "broncatalogus_domein", "broncatalogus_rsin",
    "bronzaaktype_url", "bronzaaktype_identificatie", "bronzaaktype_omschrijving", "producten_of_diensten_extern",
}

# ZGW scope "catalogi.geforceerd-schrijven": inside ``forced_write()`` published versions can be changed like drafts.
_forced = contextvars.ContextVar("loket_cases_forced_write", default=False)


@contextlib.contextmanager
def forced_write():
    """Allow changes to published case types (the ZGW scope ``catalogi.geforceerd-schrijven``) inside the block."""
    token = _forced.set(True)
    try:
        yield
    finally:
        _forced.reset(token)


def is_forced() -> bool:
    return _forced.get()


def _check_manage_catalogue(actor, organisation) -> None:
    """Catalogue-wide parts (catalogues, document and decision types): a functional administrator or a manager of the
    organisation (or a superuser); ``actor`` None is the system."""
    from loket.platform.accounts.models import Role

    from .. import selectors

    if not is_user(actor) or actor.is_superuser:
        return
    if not any(m.role in (Role.ADMINISTRATOR, Role.MANAGER) and m.department.organisation_id == organisation.pk
               for m in selectors._memberships(actor)):
        raise PermissionDenied(_("U mag de zaaktypecatalogus van deze organisatie niet beheren."))


def _check_manage(actor, department) -> None:
    from .. import selectors

    if is_user(actor) and not selectors.can_manage_case_types(actor, department):
        raise PermissionDenied(_("U mag geen zaaktypes beheren voor deze afdeling."))


def _touch(zaaktype: ZaakType) -> None:
    """A part of the case type changed: cached shapes (see services.cases._shape) are stale."""
    ZaakType.objects.filter(pk=zaaktype.pk).update(parts_revision=F("parts_revision") + 1)


def _check_draft(zaaktype: ZaakType, *, additive: bool = False) -> None:
    if not zaaktype.concept and not additive and not _forced.get():
        raise CaseTypeFrozen()


def _validate_case_type(zaaktype: ZaakType) -> None:
    if zaaktype.department.organisation_id != zaaktype.catalogus.organisation_id:
        raise ValidationFailed(_("De verantwoordelijke afdeling hoort niet bij de organisatie van de catalogus."), field="department")
    if zaaktype.vertrouwelijkheidaanduiding not in Confidentiality.values:
        raise ValidationFailed(_("Onbekende vertrouwelijkheidaanduiding."), field="vertrouwelijkheidaanduiding")
    if zaaktype.service_level not in ServiceLevel.values:
        raise ValidationFailed(_("Onbekend niveau van dienstverlening."), field="service_level")
    if not zaaktype.doorlooptijd_days or zaaktype.doorlooptijd_days < 1:
        raise ValidationFailed(_("De afhandeltermijn moet minstens 1 dag zijn."), field="doorlooptijd_days")
    if zaaktype.verlenging_mogelijk and not zaaktype.verlengingstermijn_days:
        raise ValidationFailed(_("Geef de verlengingstermijn als verlengen mogelijk is."), field="verlengingstermijn_days")
    if zaaktype.selectielijst_procestype and referentielijsten.procestype(zaaktype.selectielijst_procestype) is None:
        raise ValidationFailed(_("Dit procestype staat niet in de selectielijst."), field="selectielijst_procestype")
    if zaaktype.einde_geldigheid and zaaktype.einde_geldigheid < zaaktype.begin_geldigheid:
        raise ValidationFailed(_("Het einde van de geldigheid ligt voor het begin."), field="einde_geldigheid")


@transaction.atomic
def create_catalogus(*, organisation, naam: str, domein: str, actor=None, rsin: str = "",
                     contactpersoon_beheer_naam: str = "", contactpersoon_beheer_emailadres: str = "",
                     contactpersoon_beheer_telefoonnummer: str = "", versie: str = "",
                     begindatum_versie: datetime.date | None = None) -> Catalogus:
    """A catalogue of an organisation. Raises ValidationFailed (empty name, domain taken), PermissionDenied."""
    _check_manage_catalogue(actor, organisation)
    naam, domein = (naam or "").strip(), (domein or "").strip().upper()
    if not naam:
        raise ValidationFailed(_("Geef een naam."), field="naam")
    if not domein or len(domein) > 5:
        raise ValidationFailed(_("Het domein is een afkorting van 1 tot 5 tekens."), field="domein")
    if Catalogus.objects.filter(organisation=organisation, domein=domein).exists():
        raise ValidationFailed(_("Deze organisatie heeft al een catalogus met dit domein."), field="domein")
    return Catalogus.objects.create(
        organisation=organisation, naam=naam, domein=domein, rsin=rsin,
        contactpersoon_beheer_naam=contactpersoon_beheer_naam, contactpersoon_beheer_emailadres=contactpersoon_beheer_emailadres,
        contactpersoon_beheer_telefoonnummer=contactpersoon_beheer_telefoonnummer, versie=versie,
        begindatum_versie=begindatum_versie,
    )


@transaction.atomic
def create_case_type(*, catalogus: Catalogus, identificatie: str, omschrijving: str, department, doorlooptijd_days: int,
                     begin_geldigheid: datetime.date | None = None, actor=None, **fields) -> ZaakType:
    """A new case type as a draft version. ``fields``: any of CASE_TYPE_FIELDS.

    Raises ValidationFailed (code taken, bad values, department of another organisation), PermissionDenied.
    """
    _check_manage(actor, department)
    unknown = set(fields) - CASE_TYPE_FIELDS
    if unknown:
        raise ValidationFailed(_("Onbekende velden: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    identificatie = (identificatie or "").strip()
    if not identificatie:
        raise ValidationFailed(_("Geef een code."), field="identificatie")
    if not (omschrijving or "").strip():
        raise ValidationFailed(_("Geef een omschrijving."), field="omschrijving")
    if ZaakType.objects.filter(catalogus=catalogus, identificatie=identificatie).exists():
        raise ValidationFailed(_("Deze code bestaat al in de catalogus; maak een nieuwe versie van dat zaaktype."), field="identificatie")
    today = deadlines.today()
    zaaktype = ZaakType(
        catalogus=catalogus, identificatie=identificatie, omschrijving=omschrijving.strip(), department=department,
        doorlooptijd_days=doorlooptijd_days, begin_geldigheid=begin_geldigheid or today, versiedatum=fields.pop("versiedatum", today),
        concept=True, **fields,
    )
    _validate_case_type(zaaktype)
    zaaktype.save()
    return zaaktype


@transaction.atomic
def update_case_type(*, zaaktype: ZaakType, actor=None, **fields) -> ZaakType:
    """Change fields of a case type version. A published version accepts only ADDITIVE_FIELDS.

    Raises CaseTypeFrozen, ValidationFailed, PermissionDenied.
    """
    zaaktype = ZaakType.objects.select_for_update().get(pk=zaaktype.pk)
    _check_manage(actor, zaaktype.department)
    unknown = set(fields) - CASE_TYPE_FIELDS
    if unknown:
        raise ValidationFailed(_("Onbekende velden: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    if not zaaktype.concept and not _forced.get():
        frozen = set(fields) - ADDITIVE_FIELDS
        if frozen:
            raise CaseTypeFrozen()
        if "trefwoorden" in fields and not set(zaaktype.trefwoorden) <= set(fields["trefwoorden"]):
            raise CaseTypeFrozen(_("Trefwoorden van een gepubliceerde versie kunnen enkel aangevuld worden."))
    for name, value in fields.items():
        setattr(zaaktype, name, value)
    _validate_case_type(zaaktype)
    zaaktype.save()
    return zaaktype


def _next_number(queryset, field: str) -> int:
    last = queryset.order_by(f"-{field}").values_list(field, flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def add_status_type(*, zaaktype: ZaakType, omschrijving: str, actor=None, volgnummer: int | None = None,
                    statustekst: str = "", informeren: bool = False, doorlooptijd_days: int | None = None,
                    omschrijving_generiek: str = "", toelichting: str = "") -> StatusType:
    """Append a status (or insert at ``volgnummer``). Drafts only. Raises CaseTypeFrozen, ValidationFailed."""
    _check_manage(actor, zaaktype.department)
    _check_draft(zaaktype)
    if not (omschrijving or "").strip():
        raise ValidationFailed(_("Geef een omschrijving."), field="omschrijving")
    if volgnummer is None:
        volgnummer = _next_number(zaaktype.statustypen.all(), "volgnummer")
    elif zaaktype.statustypen.filter(volgnummer=volgnummer).exists():
        raise ValidationFailed(_("Er is al een status met dit volgnummer."), field="volgnummer")
    _touch(zaaktype)
    return StatusType.objects.create(
        zaaktype=zaaktype, omschrijving=omschrijving.strip(), volgnummer=volgnummer, statustekst=statustekst,
        informeren=informeren, doorlooptijd_days=doorlooptijd_days, omschrijving_generiek=omschrijving_generiek,
        toelichting=toelichting,
    )


@transaction.atomic
def remove_status_type(*, statustype: StatusType, actor=None) -> None:
    """Drafts only. Raises CaseTypeFrozen."""
    _check_manage(actor, statustype.zaaktype.department)
    _check_draft(statustype.zaaktype)
    _touch(statustype.zaaktype)
    statustype.delete()


@transaction.atomic
def add_role_type(*, zaaktype: ZaakType, omschrijving: str, omschrijving_generiek: str, actor=None) -> RolType:
    """Allowed on published versions too (additive). Raises ValidationFailed."""
    _check_manage(actor, zaaktype.department)
    if omschrijving_generiek not in RoleGeneric.values:
        raise ValidationFailed(_("Onbekende generieke roltype-omschrijving."), field="omschrijving_generiek")
    if not (omschrijving or "").strip():
        raise ValidationFailed(_("Geef een omschrijving."), field="omschrijving")
    _touch(zaaktype)
    return RolType.objects.create(zaaktype=zaaktype, omschrijving=omschrijving.strip(), omschrijving_generiek=omschrijving_generiek)


@transaction.atomic
def add_result_type(*, zaaktype: ZaakType, omschrijving: str, actor=None, selectielijstklasse=None,
                    archiefnominatie: str | None = None, archiefactietermijn: str | None = None,
                    afleidingswijze: str = Afleidingswijze.AFGEHANDELD, datumkenmerk: str = "", procestermijn: str = "",
                    objecttype: str = "", registratie: str = "", einddatum_bekend: bool = False,
                    resultaattypeomschrijving=None, omschrijving_generiek: str = "", toelichting: str = "") -> ResultaatType:
    """A result with its archiving rules. Drafts only.

    ``selectielijstklasse``: UUID of a selectielijst class (referentielijsten); it supplies archiefnominatie
    (waardering) and archiefactietermijn (bewaartermijn) when those are not given. Raises ValidationFailed when the
    class is unknown, the nominatie or durations are invalid, or the afleidingswijze needs a datumkenmerk/procestermijn.
    """
    _check_manage(actor, zaaktype.department)
    _check_draft(zaaktype)
    if not (omschrijving or "").strip():
        raise ValidationFailed(_("Geef een omschrijving."), field="omschrijving")
    if selectielijstklasse:
        klasse = referentielijsten.resultaat(selectielijstklasse)
        if klasse is None:
            raise ValidationFailed(_("Deze selectielijstklasse bestaat niet."), field="selectielijstklasse")
        if zaaktype.selectielijst_procestype and klasse["procesType"] != str(zaaktype.selectielijst_procestype):
            raise ValidationFailed(_("Deze selectielijstklasse hoort niet bij het procestype van het zaaktype."), field="selectielijstklasse")
        archiefnominatie = archiefnominatie or klasse.get("waardering")
        if archiefactietermijn is None:
            archiefactietermijn = klasse.get("bewaartermijn") or ""
    if resultaattypeomschrijving and referentielijsten.resultaattypeomschrijving(resultaattypeomschrijving) is None:
        raise ValidationFailed(_("Deze generieke resultaattype-omschrijving bestaat niet."), field="resultaattypeomschrijving")
    if archiefnominatie not in Archiefnominatie.values:
        raise ValidationFailed(_("Kies een archiefnominatie (blijvend bewaren of vernietigen)."), field="archiefnominatie")
    archiefactietermijn = archiefactietermijn or ""
    if archiefnominatie == Archiefnominatie.VERNIETIGEN and not archiefactietermijn:
        raise ValidationFailed(_("Geef een archiefactietermijn voor te vernietigen zaken."), field="archiefactietermijn")
    for name, value in (("archiefactietermijn", archiefactietermijn), ("procestermijn", procestermijn)):
        if value and not deadlines.is_duration(value):
            raise ValidationFailed(_("Geef een termijn als ISO 8601-duur, bv. P10Y of P6M."), field=name)
    if afleidingswijze not in Afleidingswijze.values:
        raise ValidationFailed(_("Onbekende afleidingswijze."), field="afleidingswijze")
    if afleidingswijze == Afleidingswijze.TERMIJN and not procestermijn:
        raise ValidationFailed(_("Afleidingswijze 'termijn' vraagt een procestermijn."), field="procestermijn")
    needs_kenmerk = {Afleidingswijze.EIGENSCHAP, Afleidingswijze.ZAAKOBJECT, Afleidingswijze.ANDER_DATUMKENMERK}
    if afleidingswijze in needs_kenmerk and not datumkenmerk:
        raise ValidationFailed(_("Deze afleidingswijze vraagt een datumkenmerk."), field="datumkenmerk")
    if afleidingswijze == Afleidingswijze.ZAAKOBJECT and not objecttype:
        raise ValidationFailed(_("Afleidingswijze 'zaakobject' vraagt een objecttype."), field="objecttype")
    _touch(zaaktype)
    return ResultaatType.objects.create(
        zaaktype=zaaktype, omschrijving=omschrijving.strip()[:30], selectielijstklasse=selectielijstklasse or None,
        archiefnominatie=archiefnominatie, archiefactietermijn=archiefactietermijn, afleidingswijze=afleidingswijze,
        datumkenmerk=datumkenmerk, procestermijn=procestermijn, objecttype=objecttype, registratie=registratie,
        einddatum_bekend=einddatum_bekend, resultaattypeomschrijving=resultaattypeomschrijving or None,
        omschrijving_generiek=omschrijving_generiek, toelichting=toelichting,
    )


@transaction.atomic
def add_eigenschap(*, zaaktype: ZaakType, naam: str, definitie: str, actor=None, formaat: str = EigenschapFormat.TEKST,
                   lengte: int = 255, waardenverzameling: list[str] | None = None, verplicht: bool = False,
                   toelichting: str = "") -> Eigenschap:
    """A property. On a published version only optional properties may be added. Raises ValidationFailed, CaseTypeFrozen."""
    _check_manage(actor, zaaktype.department)
    _check_draft(zaaktype, additive=not verplicht)
    naam = (naam or "").strip()
    if not naam or len(naam) > 20:
        raise ValidationFailed(_("Geef een naam van hoogstens 20 tekens."), field="naam")
    if formaat not in EigenschapFormat.values:
        raise ValidationFailed(_("Onbekend formaat."), field="formaat")
    if zaaktype.eigenschappen.filter(naam=naam).exists():
        raise ValidationFailed(_("Dit zaaktype heeft al een eigenschap met deze naam."), field="naam")
    _touch(zaaktype)
    return Eigenschap.objects.create(
        zaaktype=zaaktype, naam=naam, definitie=definitie, formaat=formaat, lengte=lengte,
        waardenverzameling=list(waardenverzameling or []), verplicht=verplicht, toelichting=toelichting,
    )


@transaction.atomic
def create_document_type(*, catalogus: Catalogus, omschrijving: str, actor=None, begin_geldigheid: datetime.date | None = None,
                         vertrouwelijkheidaanduiding: str = Confidentiality.ZAAKVERTROUWELIJK,
                         allowed_mime_types: list[str] | None = None, max_size: int | None = None,
                         informatieobjectcategorie: str = "", toelichting: str = "", publish: bool = False) -> InformatieObjectType:
    """A document type (InformatieObjectType) with upload limits. Raises ValidationFailed, PermissionDenied."""
    _check_manage_catalogue(actor, catalogus.organisation)
    if not (omschrijving or "").strip():
        raise ValidationFailed(_("Geef een omschrijving."), field="omschrijving")
    if vertrouwelijkheidaanduiding not in Confidentiality.values:
        raise ValidationFailed(_("Onbekende vertrouwelijkheidaanduiding."), field="vertrouwelijkheidaanduiding")
    if max_size is not None and max_size <= 0:
        raise ValidationFailed(_("De maximale grootte moet positief zijn."), field="max_size")
    return InformatieObjectType.objects.create(
        catalogus=catalogus, omschrijving=omschrijving.strip(), begin_geldigheid=begin_geldigheid or deadlines.today(),
        vertrouwelijkheidaanduiding=vertrouwelijkheidaanduiding, allowed_mime_types=list(allowed_mime_types or []),
        max_size=max_size, informatieobjectcategorie=informatieobjectcategorie, toelichting=toelichting,
        concept=not publish, published_at=timezone.now() if publish else None,
    )


@transaction.atomic
def create_decision_type(*, catalogus: Catalogus, omschrijving: str, actor=None, begin_geldigheid: datetime.date | None = None,
                         reactietermijn_days: int | None = None, publicatie_indicatie: bool = False,
                         omschrijving_generiek: str = "", besluitcategorie: str = "", toelichting: str = "",
                         publish: bool = False) -> BesluitType:
    """A decision type (BesluitType). Raises ValidationFailed, PermissionDenied."""
    _check_manage_catalogue(actor, catalogus.organisation)
    if not (omschrijving or "").strip():
        raise ValidationFailed(_("Geef een omschrijving."), field="omschrijving")
    return BesluitType.objects.create(
        catalogus=catalogus, omschrijving=omschrijving.strip(), begin_geldigheid=begin_geldigheid or deadlines.today(),
        reactietermijn_days=reactietermijn_days, publicatie_indicatie=publicatie_indicatie,
        omschrijving_generiek=omschrijving_generiek, besluitcategorie=besluitcategorie, toelichting=toelichting,
        concept=not publish, published_at=timezone.now() if publish else None,
    )


def publish_type(*, obj: InformatieObjectType | BesluitType, actor=None):
    """Publish a document or decision type. Raises InvalidState when already published, PermissionDenied."""
    _check_manage_catalogue(actor, obj.catalogus.organisation)
    if not obj.concept:
        raise InvalidState(_("Dit type is al gepubliceerd."))
    obj.concept, obj.published_at = False, timezone.now()
    obj.save(update_fields=["concept", "published_at"])
    return obj


@transaction.atomic
def add_document_type(*, zaaktype: ZaakType, informatieobjecttype: InformatieObjectType, actor=None,
                      richting: str = "inkomend", statustype: StatusType | None = None) -> ZaakTypeInformatieObjectType:
    """Allow a document type on a case type (additive: also on published versions). Raises ValidationFailed."""
    _check_manage(actor, zaaktype.department)
    if informatieobjecttype.catalogus_id != zaaktype.catalogus_id:
        raise ValidationFailed(_("Het documenttype hoort niet bij dezelfde catalogus."), field="informatieobjecttype")
    if zaaktype.ziot.filter(informatieobjecttype=informatieobjecttype).exists():
        raise ValidationFailed(_("Dit documenttype is al gekoppeld."), field="informatieobjecttype")
    if statustype is not None and statustype.zaaktype_id != zaaktype.pk:
        raise ValidationFailed(_("Deze status hoort niet bij dit zaaktype."), field="statustype")
    return ZaakTypeInformatieObjectType.objects.create(
        zaaktype=zaaktype, informatieobjecttype=informatieobjecttype, richting=richting, statustype=statustype,
        volgnummer=_next_number(zaaktype.ziot.all(), "volgnummer"),
    )


@transaction.atomic
def add_decision_type(*, zaaktype: ZaakType, besluittype: BesluitType, actor=None) -> None:
    """Allow a decision type on a case type (additive). Raises ValidationFailed."""
    _check_manage(actor, zaaktype.department)
    if besluittype.catalogus_id != zaaktype.catalogus_id:
        raise ValidationFailed(_("Het besluittype hoort niet bij dezelfde catalogus."), field="besluittype")
    zaaktype.besluittypen.add(besluittype)


@transaction.atomic
def add_product(*, zaaktype: ZaakType, product, actor=None) -> None:
    """Record that this case type delivers ``product`` from the catalog (ZGW ``productenOfDiensten``; additive, so
    published versions accept it too). The product must belong to the case type's organisation or to one of its
    partners. Raises ValidationFailed, PermissionDenied."""
    _check_manage(actor, zaaktype.department)
    organisation = zaaktype.catalogus.organisation
    allowed = {organisation.pk, *organisation.partners.values_list("pk", flat=True)}
    if product.organisation_id not in allowed:
        raise ValidationFailed(_("Dit product hoort niet bij deze organisatie of haar partners."), field="product")
    zaaktype.products.add(product)


@transaction.atomic
def remove_product(*, zaaktype: ZaakType, product, actor=None) -> None:
    """Remove a product link from a draft (a published version only grows). Raises CaseTypeFrozen, PermissionDenied."""
    _check_manage(actor, zaaktype.department)
    _check_draft(zaaktype)
    zaaktype.products.remove(product)


@transaction.atomic
def add_sub_case_type(*, zaaktype: ZaakType, deelzaaktype: ZaakType, actor=None) -> None:
    """Allow sub-cases of ``deelzaaktype`` (matched by code, any version). Drafts only."""
    _check_manage(actor, zaaktype.department)
    _check_draft(zaaktype)
    if deelzaaktype.catalogus_id != zaaktype.catalogus_id or deelzaaktype.pk == zaaktype.pk:
        raise ValidationFailed(_("Kies een ander zaaktype uit dezelfde catalogus."), field="deelzaaktype")
    zaaktype.deelzaaktypen.add(deelzaaktype)


@transaction.atomic
def add_process_step(*, zaaktype: ZaakType, name: str, order: int, deadline_days: int, actor=None, department=None,
                     partner=None, working_days: bool = True, description: str = "",
                     statustype: StatusType | None = None) -> ProcessStep:
    """A step of the route: a department (own or partner's) or a partner organisation does it, with its own deadline.

    Steps with the same ``order`` run in parallel. Drafts only. Raises ValidationFailed (no or unknown department,
    a partner that is not a partner of the organisation), CaseTypeFrozen.
    """
    _check_manage(actor, zaaktype.department)
    _check_draft(zaaktype)
    if not (name or "").strip():
        raise ValidationFailed(_("Geef een naam."), field="name")
    if (department is None) == (partner is None):
        raise ValidationFailed(_("Kies een afdeling of een partnerorganisatie."), field="department")
    target = department.organisation if department is not None else partner
    check_target_organisation(zaaktype.catalogus.organisation, target)
    if deadline_days is None or deadline_days < 1:
        raise ValidationFailed(_("De termijn moet minstens 1 dag zijn."), field="deadline_days")
    if statustype is not None and statustype.zaaktype_id != zaaktype.pk:
        raise ValidationFailed(_("Deze status hoort niet bij dit zaaktype."), field="statustype")
    _touch(zaaktype)
    return ProcessStep.objects.create(
        zaaktype=zaaktype, name=name.strip(), order=order, deadline_days=deadline_days, working_days=working_days,
        department=department, partner=partner, description=description, statustype=statustype,
    )


def check_target_organisation(organisation, target, *, field: str = "partner") -> None:
    """Work (process steps, tasks) can go to the organisation itself, its parent or children, and its partners.
    Raises ValidationFailed."""
    if target.pk == organisation.pk or target.pk == organisation.parent_id or target.parent_id == organisation.pk:
        return
    if organisation.partners.filter(pk=target.pk).exists():
        return
    raise ValidationFailed(_("%(target)s is geen partner van %(organisation)s.") % {"target": target, "organisation": organisation}, field=field)


@transaction.atomic
def remove_process_step(*, step: ProcessStep, actor=None) -> None:
    _check_manage(actor, step.zaaktype.department)
    _check_draft(step.zaaktype)
    _touch(step.zaaktype)
    step.delete()


def _check_complete(zaaktype: ZaakType) -> None:
    """A case type staff can handle cases of: a begin and an end status, a result, a role type."""
    if zaaktype.statustypen.count() < 2:
        raise ValidationFailed(_("Een zaaktype heeft minstens twee statussen nodig (een begin- en een eindstatus)."), field="statustypen")
    if not zaaktype.resultaattypen.exists():
        raise ValidationFailed(_("Een zaaktype heeft minstens één resultaat nodig."), field="resultaattypen")
    if not zaaktype.roltypen.exists():
        raise ValidationFailed(_("Een zaaktype heeft minstens één roltype nodig."), field="roltypen")


@transaction.atomic
def publish_case_type(*, zaaktype: ZaakType, actor=None, require_complete: bool = True) -> ZaakType:
    """Publish a draft version; it becomes frozen. An earlier open-ended version ends the day before.

    Raises InvalidState (already published), ValidationFailed (unpublished document/decision types, overlapping
    validity with another published version and, with ``require_complete``, fewer than two statuses or no result
    or role type). The staff workspace requires a complete type, so its cases can be handled from start to end;
    the Catalogi API does not (the standard has no such rule: VNG's test scenarios publish a deelzaaktype
    without statuses), so a system may publish a type it fills in elsewhere.
    """
    zaaktype = ZaakType.objects.select_for_update().get(pk=zaaktype.pk)
    _check_manage(actor, zaaktype.department)
    if not zaaktype.concept:
        raise InvalidState(_("Deze versie is al gepubliceerd."))
    if require_complete:
        _check_complete(zaaktype)
    if zaaktype.informatieobjecttypen.filter(concept=True).exists() or zaaktype.besluittypen.filter(concept=True).exists():
        raise ValidationFailed(_("Publiceer eerst de gekoppelde document- en besluittypes."))
    others = ZaakType.objects.select_for_update().filter(
        catalogus=zaaktype.catalogus, identificatie=zaaktype.identificatie, concept=False,
    ).exclude(pk=zaaktype.pk)
    for other in others:
        if other.begin_geldigheid >= zaaktype.begin_geldigheid:
            raise ValidationFailed(
                _("Er is al een gepubliceerde versie vanaf %(date)s; kies een latere begindatum.") % {"date": f"{other.begin_geldigheid:%d-%m-%Y}"},
                field="begin_geldigheid",
            )
        if other.einde_geldigheid is None or other.einde_geldigheid >= zaaktype.begin_geldigheid:
            other.einde_geldigheid = zaaktype.begin_geldigheid - datetime.timedelta(days=1)
            other.save(update_fields=["einde_geldigheid"])
    zaaktype.concept, zaaktype.published_at = False, timezone.now()
    zaaktype.save(update_fields=["concept", "published_at"])
    return zaaktype


@transaction.atomic
def end_case_type_validity(*, zaaktype: ZaakType, einde_geldigheid: datetime.date, actor=None) -> ZaakType:
    """End a published version (no new cases after that date). Raises ValidationFailed."""
    _check_manage(actor, zaaktype.department)
    if einde_geldigheid < zaaktype.begin_geldigheid:
        raise ValidationFailed(_("Het einde van de geldigheid ligt voor het begin."), field="einde_geldigheid")
    zaaktype.einde_geldigheid = einde_geldigheid
    zaaktype.save(update_fields=["einde_geldigheid"])
    return zaaktype


@transaction.atomic
def new_case_type_version(*, zaaktype: ZaakType, begin_geldigheid: datetime.date, actor=None) -> ZaakType:
    """A draft copy of ``zaaktype`` (statuses, roles, results, properties, document and decision types, steps)
    that will be valid from ``begin_geldigheid`` once published. Raises ValidationFailed (a draft exists already,
    begin date not after the source version's begin)."""
    _check_manage(actor, zaaktype.department)
    # Lock every version of this case type: two concurrent calls would otherwise both make a draft.
    list(ZaakType.objects.select_for_update().filter(catalogus=zaaktype.catalogus, identificatie=zaaktype.identificatie)
         .values_list("pk", flat=True))
    if ZaakType.objects.filter(catalogus=zaaktype.catalogus, identificatie=zaaktype.identificatie, concept=True).exists():
        raise ValidationFailed(_("Er is al een conceptversie van dit zaaktype."), field="begin_geldigheid")
    if begin_geldigheid <= zaaktype.begin_geldigheid:
        raise ValidationFailed(_("De nieuwe versie moet later beginnen dan de huidige."), field="begin_geldigheid")
    source = ZaakType.objects.get(pk=zaaktype.pk)
    besluittypen = list(source.besluittypen.all())
    deelzaaktypen = list(source.deelzaaktypen.all())
    products = list(source.products.all())
    copy = ZaakType.objects.get(pk=zaaktype.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.uuid = uuid.uuid4()
    copy.concept, copy.published_at = True, None
    copy.begin_geldigheid, copy.einde_geldigheid = begin_geldigheid, None
    copy.versiedatum = deadlines.today()
    copy.previous_version = source
    try:
        copy.save()
    except IntegrityError as exc:  # pragma: no cover - uuid clash
        raise ValidationFailed(_("Kon de nieuwe versie niet maken.")) from exc
    copy.besluittypen.set(besluittypen)
    copy.deelzaaktypen.set(deelzaaktypen)
    copy.products.set(products)
    object_type_map = {}
    for object_type in source.zaakobjecttypen.all():
        old_pk = object_type.pk
        object_type.pk, object_type.uuid, object_type.zaaktype = None, uuid.uuid4(), copy
        object_type.save()
        object_type_map[old_pk] = object_type
    for relation in source.gerelateerde_zaaktypen.all():
        relation.pk, relation.zaaktype = None, copy
        relation.save()
    status_map = {}
    for status in source.statustypen.all():
        old_pk = status.pk
        status.pk, status.uuid, status.zaaktype = None, uuid.uuid4(), copy
        status.zaakobjecttype = object_type_map.get(status.zaakobjecttype_id)
        status.save()
        status_map[old_pk] = status
    for obj in source.roltypen.all():
        obj.pk, obj.uuid, obj.zaaktype = None, uuid.uuid4(), copy
        obj.save()
    for obj in source.resultaattypen.all():
        besluittypen, documenttypen = list(obj.besluittypen.all()), list(obj.informatieobjecttypen.all())
        obj.pk, obj.uuid, obj.zaaktype = None, uuid.uuid4(), copy
        obj.zaakobjecttype = object_type_map.get(obj.zaakobjecttype_id)
        obj.save()
        obj.besluittypen.set(besluittypen)
        obj.informatieobjecttypen.set(documenttypen)
    for obj in source.eigenschappen.all():
        obj.pk, obj.uuid, obj.zaaktype = None, uuid.uuid4(), copy
        obj.statustype = status_map.get(obj.statustype_id)
        obj.save()
    for link in source.ziot.all():
        link.pk, link.uuid, link.zaaktype = None, uuid.uuid4(), copy
        link.statustype = status_map.get(link.statustype_id)
        link.save()
    for step in source.process_steps.all():
        step.pk, step.uuid, step.zaaktype = None, uuid.uuid4(), copy
        step.statustype = status_map.get(step.statustype_id)
        step.save()
    return copy
