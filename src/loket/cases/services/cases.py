"""Cases: create, assign, status, roles, properties, notes, relations and sub-cases, suspension and extension,
result, closing and reopening. Every function checks the rules, changes nothing when one fails, and raises an
exception from :mod:`loket.cases.exceptions` with a Dutch message.
"""

import dataclasses
import datetime
import decimal

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines, selectors
from ..exceptions import CaseError, InvalidState, NotFound, PermissionDenied, ValidationFailed
from ..models import (
    CONFIDENTIALITY_RANK,
    OPEN_TASK_STATUSES,
    Archiefstatus,
    BetrokkeneType,
    CaseNumberSequence,
    CaseRelation,
    Confidentiality,
    Eigenschap,
    EigenschapFormat,
    Note,
    RelationKind,
    Resultaat,
    ResultaatType,
    Rol,
    RoleGeneric,
    RolType,
    Status,
    StatusType,
    TaskStatus,
    Zaak,
    ZaakEigenschap,
    ZaakObject,
    ZaakType,
)
from ._common import check_change, event, is_user, lock_case

# -- Case numbers ------------------------------------------------------------------------------------


def _case_number_sequence(organisation_id: int, year: int) -> str:
    return f"cases_case_number_{int(organisation_id)}_{int(year)}"


def next_case_number(organisation, *, year: int | None = None) -> str:
    """The next case number of ``organisation``: ``<prefix>-<year>-<000001>``; race-free and lock-free.

    Each organisation and year has its own PostgreSQL sequence (created on first use, starting after the last
    number of the older counter table, CaseNumberSequence, if that had one). A sequence holds no lock until the
    transaction ends, so concurrent creations do not wait for each other's commit (the counter row's lock made
    every creation wait for the previous one's commit and disk flush); the price is that a rolled-back creation
    leaves a gap in the numbering, as database sequences do. Numbers stay unique and increasing.
    """
    year = year or deadlines.today().year
    prefix = deadlines.settings_for(organisation).case_number_prefix
    return f"{prefix}-{year}-{_next_number(organisation.pk, year):06d}"


def _next_number(organisation_id: int, year: int) -> int:
    name = _case_number_sequence(organisation_id, year)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(to_regclass(%s))", [name])  # NULL, not an error, while it does not exist
        number = cursor.fetchone()[0]
        if number is not None:
            return number
        try:
            with transaction.atomic():  # a savepoint: a concurrent first creation may create it at the same time
                row = CaseNumberSequence.objects.filter(organisation_id=organisation_id, year=year).first()
                start = (row.last_number if row else 0) + 1
                cursor.execute(f'CREATE SEQUENCE IF NOT EXISTS "{name}" START WITH {int(start)}')
        except DatabaseError:
            pass  # the other creation made it; it is visible now that it committed
        cursor.execute("SELECT nextval(%s::regclass)", [name])
        return cursor.fetchone()[0]


def reset_case_numbers(organisations) -> None:
    """Start the case numbering of these organisations again at 1 (demo data reloaded)."""
    ids = [organisation.pk for organisation in organisations]
    CaseNumberSequence.objects.filter(organisation_id__in=ids).delete()
    with connection.cursor() as cursor:
        for organisation_id in ids:
            cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'S' AND relname LIKE %s",
                           [_case_number_sequence(organisation_id, 0)[:-1].replace("_", "\\_") + "%"])
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP SEQUENCE IF EXISTS "{name}"')


# -- Create ------------------------------------------------------------------------------------------


def _is_valid_on(zaaktype: ZaakType, on: datetime.date) -> bool:
    """The Python twin of :func:`selectors.valid_on` for one loaded version."""
    return (not zaaktype.concept and zaaktype.begin_geldigheid is not None and zaaktype.begin_geldigheid <= on
            and (zaaktype.einde_geldigheid is None or zaaktype.einde_geldigheid >= on))


def _resolve_case_type(organisation, zaaktype, startdatum: datetime.date, *, named_version: bool = False) -> ZaakType:
    from ..models import Catalogus

    if isinstance(zaaktype, ZaakType):
        if named_version and _is_valid_on(zaaktype, startdatum):
            # The version the caller just read and names (the Zaken API's zaaktype reference): published versions
            # of one case type never overlap (publish_case_type ends the earlier one, the Catalogi API refuses
            # overlaps), so it is the version valid on startdatum; no second query.
            version = zaaktype
            if version.department.organisation_id != organisation.pk:
                raise ValidationFailed(_("Dit zaaktype hoort niet bij deze organisatie."), field="zaaktype")
            return version
        version = (
            selectors.valid_on(ZaakType.objects.filter(catalogus_id=zaaktype.catalogus_id, identificatie=zaaktype.identificatie), startdatum)
            .select_related("department").order_by("-begin_geldigheid").first()
        )
        if version is None:
            raise ValidationFailed(
                _("Er is geen gepubliceerde versie van zaaktype %(code)s geldig op %(date)s.") % {"code": zaaktype.identificatie, "date": f"{startdatum:%d-%m-%Y}"}, field="zaaktype",
            )
        # The responsible department belongs to the catalogue's organisation (checked when the type is saved).
        if version.department.organisation_id != organisation.pk:
            raise ValidationFailed(_("Dit zaaktype hoort niet bij deze organisatie."), field="zaaktype")
        return version
    code = str(zaaktype or "").strip()
    if not code:
        raise ValidationFailed(_("Kies een zaaktype."), field="zaaktype")
    for catalogus in Catalogus.objects.filter(organisation=organisation):
        try:
            return selectors.case_type_version_on(catalogus, code, startdatum)
        except ValidationFailed:
            continue
    raise ValidationFailed(_("Er is geen gepubliceerd zaaktype %(code)s geldig op %(date)s.") % {"code": code, "date": f"{startdatum:%d-%m-%Y}"}, field="zaaktype")


def _check_department(organisation, department, *, field: str = "department"):
    from loket.platform.organisations.models import Department

    if department is None:
        return None
    if not isinstance(department, Department):
        department = Department.objects.filter(pk=department).select_related("organisation").first() if str(department).isdigit() else None
        if department is None:
            raise ValidationFailed(_("Deze afdeling bestaat niet."), field=field)
    if department.organisation_id != organisation.pk:
        raise ValidationFailed(_("Deze afdeling hoort niet bij de organisatie van de zaak."), field=field)
    return department


def _check_assignee(department, team, assignee) -> None:
    if team is not None and team.department_id != department.pk:
        raise ValidationFailed(_("Dit team hoort niet bij de gekozen afdeling."), field="team")
    if assignee is not None:
        if not assignee.is_active:
            raise ValidationFailed(_("Deze medewerker is niet actief."), field="assignee")
        if not assignee.memberships.filter(department=department).exists():
            raise ValidationFailed(_("Deze medewerker werkt niet in de gekozen afdeling."), field="assignee")


def _check_party(organisation, party) -> None:
    if party is None or party.organisation_id == organisation.pk:
        return
    allowed = {organisation.pk, organisation.parent_id} | set(organisation.children.values_list("pk", flat=True))
    if party.organisation_id not in allowed:
        raise ValidationFailed(_("Deze klant hoort niet bij deze organisatie."), field="initiator")


def _validate_eigenschap_value(eigenschap: Eigenschap, value) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValidationFailed(_("Geef een waarde voor %(name)s.") % {"name": eigenschap.naam}, field=eigenschap.naam)
    if len(text) > eigenschap.lengte:
        raise ValidationFailed(_("%(name)s mag hoogstens %(length)s tekens hebben.") % {"name": eigenschap.naam, "length": eigenschap.lengte}, field=eigenschap.naam)
    if eigenschap.waardenverzameling and text not in eigenschap.waardenverzameling:
        raise ValidationFailed(_("%(name)s moet een van deze waarden zijn: %(values)s.") % {"name": eigenschap.naam, "values": ", ".join(eigenschap.waardenverzameling)},
                               field=eigenschap.naam)
    try:
        if eigenschap.formaat == EigenschapFormat.GETAL:
            decimal.Decimal(text.replace(",", "."))
        elif eigenschap.formaat == EigenschapFormat.DATUM:
            datetime.date.fromisoformat(text)
        elif eigenschap.formaat == EigenschapFormat.DATUM_TIJD:
            datetime.datetime.fromisoformat(text)
    except (decimal.InvalidOperation, ValueError):
        raise ValidationFailed(_("%(name)s: ongeldige waarde voor formaat %(format)s.") % {"name": eigenschap.naam, "format": eigenschap.get_formaat_display()},
                               field=eigenschap.naam) from None
    return text


def _role_type(zaaktype: ZaakType, generic: str) -> RolType | None:
    return next((rt for rt in zaaktype.roltypen.all() if rt.omschrijving_generiek == generic), None)


@dataclasses.dataclass(frozen=True)
class _Shape:
    """What creating a case needs of a case type version; cached per (version, parts_revision)."""

    first_status: StatusType | None
    eigenschappen: dict
    initiator_roltype: RolType | None
    has_steps: bool


_shapes: dict[tuple[int, int], _Shape] = {}


def _shape(version: ZaakType) -> _Shape:
    key = (version.pk, version.parts_revision)
    shape = _shapes.get(key)
    if shape is None:
        if len(_shapes) > 2000:
            _shapes.clear()
        shape = _Shape(
            first_status=version.statustypen.order_by("volgnummer").first(),
            eigenschappen={e.naam: e for e in version.eigenschappen.all()},
            initiator_roltype=_role_type(version, RoleGeneric.INITIATOR),
            has_steps=version.process_steps.exists(),
        )
        _shapes[key] = shape
    return shape


def create_case(*, organisation, zaaktype, omschrijving: str, actor=None, startdatum: datetime.date | None = None,
                toelichting: str = "", initiator=None, department=None, team=None, assignee=None,
                communicatiekanaal: str = "", vertrouwelijkheidaanduiding: str | None = None,
                eigenschappen: dict | None = None, hoofdzaak: Zaak | None = None, source_app: str = "web",
                source_reference: str = "", start_process: bool = True, identificatie: str = "",
                bronorganisatie: str = "", initial_status: bool = True, attributes: dict | None = None,
                omschrijving_optional: bool = False, named_version: bool = False) -> Zaak:
    """Create a case with its first status, initiator role, properties and the tasks of its first process steps.

    ``zaaktype``: a ZaakType (any version: the version valid on ``startdatum`` is used) or a case type code.
    ``initiator``: a contacts Party. ``department`` defaults to the case type's department. ``actor`` None means
    another app or the system. Raises ValidationFailed (no valid version, department/team/assignee/party not
    fitting, properties missing or invalid, confidentiality unknown), PermissionDenied.

    ZGW Zaken API: ``identificatie`` (unique per ``bronorganisatie``; generated when empty), ``bronorganisatie``
    (default: the organisation's RSIN), ``initial_status=False`` (the client sets the first status itself) and
    ``attributes`` (ZGW attributes stored as given, see :data:`loket.cases.services.zgw.ZAAK_ATTRIBUTES`).
    ``named_version=True``: ``zaaktype`` is a version freshly read (the Zaken API's reference) and is used as is
    when it is valid on ``startdatum``, without looking the valid version up again.
    """
    today = deadlines.today()
    startdatum = startdatum or today
    omschrijving = omschrijving or ""
    if not omschrijving.strip() and not omschrijving_optional:
        raise ValidationFailed(_("Geef een omschrijving."), field="omschrijving")
    if len(omschrijving.strip()) > 80:
        raise ValidationFailed(_("De omschrijving mag hoogstens 80 tekens hebben."), field="omschrijving")
    version = _resolve_case_type(organisation, zaaktype, startdatum, named_version=named_version)
    department = _check_department(organisation, department) or version.department
    if department.organisation_id != organisation.pk:
        raise ValidationFailed(_("De afdeling hoort niet bij de organisatie van de zaak."), field="department")
    _check_assignee(department, team, assignee)
    _check_party(organisation, initiator)
    if is_user(actor) and not actor.is_superuser:
        # Staff create cases for their own organisation (or one they work in).
        member_orgs = {m.department.organisation_id for m in selectors._memberships(actor)}
        if organisation.pk not in member_orgs and actor.organisation_id != organisation.pk:
            raise PermissionDenied(_("U mag geen zaken aanmaken voor deze organisatie."))
    confidentiality = vertrouwelijkheidaanduiding or version.vertrouwelijkheidaanduiding
    if confidentiality not in Confidentiality.values:
        raise ValidationFailed(_("Onbekende vertrouwelijkheidaanduiding."), field="vertrouwelijkheidaanduiding")
    if hoofdzaak is not None:
        _check_sub_case(hoofdzaak, version)
    values = {}
    given = dict(eigenschappen or {})
    shape = _shape(version)
    definitions = shape.eigenschappen
    unknown = set(given) - set(definitions)
    if unknown:
        raise ValidationFailed(_("Onbekende eigenschap(pen): %(names)s.") % {"names": ", ".join(sorted(unknown))}, field="eigenschappen")
    for naam, definition in definitions.items():
        if naam in given and given[naam] not in (None, ""):
            values[naam] = _validate_eigenschap_value(definition, given[naam])
        elif definition.verplicht:
            raise ValidationFailed(_("Geef een waarde voor %(name)s.") % {"name": naam}, field=naam)
    if initial_status and shape.first_status is None:
        # Only the first status needs a statustype: a ZGW client (initial_status=False) sets the statuses itself,
        # and the Zaken API has no rule that a zaaktype has statustypen.
        raise ValidationFailed(_("Dit zaaktype heeft geen statussen."), field="zaaktype")
    settings_row = deadlines.settings_for(organisation)
    bronorganisatie = bronorganisatie or settings_row.rsin or organisation.identifier[:20]
    if identificatie:
        from .zgw import check_identificatie_unique

        check_identificatie_unique(organisation=organisation, bronorganisatie=bronorganisatie, identificatie=identificatie)
    extra = {}
    if attributes:
        from .zgw import clean_zaak_attributes

        extra = clean_zaak_attributes(attributes, zaaktype=version)
        communicatiekanaal = extra.pop("communicatiekanaal", communicatiekanaal)
    deadline = deadlines.add_days(organisation, startdatum, version.doorlooptijd_days, working=version.working_days)
    planned = (
        deadlines.add_days(organisation, startdatum, version.servicenorm_days, working=version.working_days)
        if version.servicenorm_days else None
    )
    # Everything above only reads; the writes below are one unit. No savepoint inside a caller's transaction (two
    # statements per case): a failure here is not meant to be caught and recovered from within that transaction.
    with transaction.atomic(savepoint=False):
        return _write_case(
            organisation=organisation, version=version, shape=shape, definitions=definitions, values=values,
            actor=actor, startdatum=startdatum, today=today, toelichting=toelichting, initiator=initiator,
            department=department, team=team, assignee=assignee, communicatiekanaal=communicatiekanaal,
            confidentiality=confidentiality, hoofdzaak=hoofdzaak, source_app=source_app,
            source_reference=source_reference, start_process=start_process, identificatie=identificatie,
            bronorganisatie=bronorganisatie, initial_status=initial_status, extra=extra, deadline=deadline,
            planned=planned, omschrijving=omschrijving,
        )


def _write_case(*, organisation, version, shape, definitions, values, actor, startdatum, today, toelichting,
                initiator, department, team, assignee, communicatiekanaal, confidentiality, hoofdzaak, source_app,
                source_reference, start_process, identificatie, bronorganisatie, initial_status, extra, deadline,
                planned, omschrijving) -> Zaak:
    first = shape.first_status if initial_status else None
    zaak_id = None
    if first is not None:
        # The first status is written before the case (the foreign keys are checked at commit), so the case row is
        # inserted once, with its current status, instead of inserted and then updated (every index twice).
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('cases_zaak', 'id'))")
            zaak_id = cursor.fetchone()[0]
    status = Status.objects.create(
        zaak_id=zaak_id, statustype=first, datum_status_gezet=timezone.now(), set_by=actor if is_user(actor) else None,
    ) if first is not None else None
    extra.setdefault("registratiedatum", today)
    if extra.get("uiterlijke_einddatum_afdoening"):
        deadline = extra.pop("uiterlijke_einddatum_afdoening")
    if extra.get("einddatum_gepland"):
        planned = extra.pop("einddatum_gepland")
    zaak = Zaak.objects.create(
        id=zaak_id, current_status=status, current_statustype=first, organisation=organisation,
        identificatie=identificatie or next_case_number(organisation), bronorganisatie=bronorganisatie, **extra,
        zaaktype=version, omschrijving=omschrijving.strip(), toelichting=toelichting,
        startdatum=startdatum, einddatum_gepland=planned, uiterlijke_einddatum_afdoening=deadline,
        communicatiekanaal=communicatiekanaal, vertrouwelijkheidaanduiding=confidentiality,
        confidentiality_rank=CONFIDENTIALITY_RANK[confidentiality], hoofdzaak=hoofdzaak, department=department, team=team,
        assignee=assignee, initiator_party=initiator, source_app=source_app, source_reference=source_reference,
        created_by=actor if is_user(actor) else None,
    )
    ZaakEigenschap.objects.bulk_create(
        ZaakEigenschap(zaak=zaak, eigenschap=definitions[naam], naam=naam, waarde=value) for naam, value in values.items()
    )
    if initiator is not None:
        roltype = shape.initiator_roltype
        if roltype is not None:
            Rol.objects.create(
                zaak=zaak, roltype=roltype, omschrijving=roltype.omschrijving, omschrijving_generiek=roltype.omschrijving_generiek,
                betrokkene_type=_betrokkene_type(party=initiator), party=initiator,
            )
    event(zaak, actor, "created", f"Zaak aangemaakt ({version.omschrijving})", source=source_app)
    if start_process and shape.has_steps:
        from .work import start_process_steps

        start_process_steps(zaak=zaak, actor=actor, statustype=None)
    return zaak


def _betrokkene_type(*, party=None, user=None, department=None, partner=None) -> str:
    from loket.contacts.models import PartyKind

    if party is not None:
        return BetrokkeneType.NATUURLIJK_PERSOON if party.kind == PartyKind.PERSON else BetrokkeneType.NIET_NATUURLIJK_PERSOON
    if user is not None:
        return BetrokkeneType.MEDEWERKER
    return BetrokkeneType.ORGANISATORISCHE_EENHEID


def _check_sub_case(hoofdzaak: Zaak, version: ZaakType) -> None:
    if hoofdzaak.hoofdzaak_id is not None:
        raise ValidationFailed(_("Een deelzaak kan zelf geen deelzaken hebben."), field="hoofdzaak")
    if hoofdzaak.is_closed:
        raise ValidationFailed(_("De hoofdzaak is afgesloten."), field="hoofdzaak")
    allowed = set(hoofdzaak.zaaktype.deelzaaktypen.values_list("identificatie", flat=True))
    if allowed and version.identificatie not in allowed:
        raise ValidationFailed(_("Dit zaaktype is niet toegelaten als deelzaak van de hoofdzaak."), field="zaaktype")


@transaction.atomic
def create_sub_case(*, hoofdzaak: Zaak, zaaktype, omschrijving: str, actor=None, **options) -> Zaak:
    """A sub-case (deelzaak) of ``hoofdzaak`` in the same organisation. Raises ValidationFailed, PermissionDenied."""
    hoofdzaak = lock_case(hoofdzaak, actor)
    check_change(actor, hoofdzaak)
    zaak = create_case(organisation=hoofdzaak.organisation, zaaktype=zaaktype, omschrijving=omschrijving, actor=actor,
                       hoofdzaak=hoofdzaak, initiator=options.pop("initiator", hoofdzaak.initiator_party), **options)
    event(hoofdzaak, actor, "sub_case", f"Deelzaak {zaak.identificatie} aangemaakt", sub_case=str(zaak.uuid))
    return zaak


# -- Assignment ------------------------------------------------------------------------------------------

_UNCHANGED = object()


@transaction.atomic
def assign_case(*, zaak: Zaak, actor=None, department=_UNCHANGED, team=_UNCHANGED, assignee=_UNCHANGED) -> Zaak:
    """Route the case to a department, team and/or person (pass None to clear team or assignee).

    Changing department clears the team unless one is given. Raises ValidationFailed, PermissionDenied, CaseClosed.
    """
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak)
    new_department = zaak.department if department is _UNCHANGED else _check_department(zaak.organisation, department)
    if new_department is None:
        raise ValidationFailed(_("Een zaak heeft altijd een afdeling."), field="department")
    if team is _UNCHANGED:
        team = zaak.team if new_department.pk == zaak.department_id else None
    if assignee is _UNCHANGED:
        assignee = zaak.assignee
        if assignee is not None and not assignee.memberships.filter(department=new_department).exists():
            assignee = None
    _check_assignee(new_department, team, assignee)
    changes = []
    if new_department.pk != zaak.department_id:
        changes.append(f"afdeling {new_department.name}")
    if (team.pk if team else None) != zaak.team_id:
        changes.append(f"team {team.name}" if team else "geen team")
    if (assignee.pk if assignee else None) != zaak.assignee_id:
        changes.append(f"behandelaar {assignee}" if assignee else "geen behandelaar")
    zaak.department, zaak.team, zaak.assignee = new_department, team, assignee
    zaak.save(update_fields=["department", "team", "assignee", "updated_at"])
    if changes:
        event(zaak, actor, "assigned", "Toegewezen: " + ", ".join(changes))
    return zaak


@transaction.atomic
def bulk_assign(*, zaken, actor=None, department=_UNCHANGED, team=_UNCHANGED, assignee=_UNCHANGED) -> int:
    """Assign many cases at once (cases or their pks). All or nothing: if one fails, none changes and the error names
    the case. Returns the number of cases."""
    ids = selectors.iter_ids(zaken)
    if not ids:
        raise ValidationFailed(_("Kies minstens één zaak."), field="zaken")
    cases = list(Zaak.objects.filter(pk__in=ids).order_by("pk"))
    if len(cases) != len(set(ids)):
        raise NotFound(_("Een of meer zaken bestaan niet."))
    for zaak in cases:
        try:
            assign_case(zaak=zaak, actor=actor, department=department, team=team, assignee=assignee)
        except CaseError as exc:  # invalid, closed or not allowed: say which case
            raise type(exc)(f"{zaak.identificatie}: {exc.message}", field=exc.field) from exc
    return len(cases)


# -- Status ----------------------------------------------------------------------------------------------


@transaction.atomic
def set_status(*, zaak: Zaak, statustype: StatusType, actor=None, toelichting: str = "",
               datum: datetime.datetime | None = None, check_suspension: bool = True) -> Status:
    """Append a status to the history. The final status (highest volgnummer) closes the case and needs a result:
    use :func:`close_case` for that. Raises ValidationFailed (status of another case type, final status without a
    result), InvalidState (final status on a suspended case), CaseClosed, PermissionDenied.

    The Zaken API closes a suspended case too (``check_suspension=False``): there ``opschorting`` is an attribute
    the client keeps, the standard has no rule that it ends before the final status, and VNG's test scenarios close
    a case created suspended. Staff end the suspension first, so its deadline is settled."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak)
    if statustype.zaaktype_id != zaak.zaaktype_id:
        raise ValidationFailed(_("Deze status hoort niet bij het zaaktype van deze zaak."), field="statustype")
    final = zaak.zaaktype.statustypen.order_by("-volgnummer").first()
    if statustype.pk == final.pk:
        if not Resultaat.objects.filter(zaak=zaak).exists():
            raise ValidationFailed(_("Een zaak kan niet afgesloten worden zonder resultaat."), field="resultaattype")
        return _close(zaak, actor=actor, statustype=statustype, toelichting=toelichting, datum=datum,
                      check_suspension=check_suspension)
    return _append_status(zaak, statustype, actor=actor, toelichting=toelichting, datum=datum)


def _append_status(zaak: Zaak, statustype: StatusType, *, actor, toelichting: str, datum=None) -> Status:
    moment = datum or timezone.now()
    last = zaak.statussen.order_by("-datum_status_gezet").values_list("datum_status_gezet", flat=True).first()
    if last and moment < last:
        raise ValidationFailed(_("Een nieuwe status kan niet vroeger gezet worden dan de vorige."), field="datum")
    status = Status.objects.create(
        zaak=zaak, statustype=statustype, datum_status_gezet=moment, statustoelichting=toelichting,
        set_by=actor if is_user(actor) else None,
    )
    zaak.current_status, zaak.current_statustype = status, statustype
    zaak.save(update_fields=["current_status", "current_statustype", "updated_at"])
    event(zaak, actor, "status", f"Status: {statustype.omschrijving}", statustype=str(statustype.uuid))
    from .work import start_process_steps

    start_process_steps(zaak=zaak, actor=actor, statustype=statustype)
    return status


# -- Roles, properties, notes, objects, relations ------------------------------------------------------


@transaction.atomic
def add_role(*, zaak: Zaak, roltype: RolType, actor=None, party=None, user=None, department=None, partner=None,
             roltoelichting: str = "", force: bool = False, zgw: dict | None = None) -> Rol:
    """Add a party, staff member, department or (partner) organisation in a role. Exactly one betrokkene.

    ``zgw`` (Zaken API): a betrokkene known only by URL or identification data: ``betrokkene_type``,
    ``betrokkene_url``, ``betrokkene_identificatie``, ``afwijkende_naam_betrokkene``, ``contactpersoon_rol``,
    ``indicatie_machtiging``. ``force`` allows the change on a closed case (scope zaken.geforceerd-bijwerken).

    Raises ValidationFailed (role type of another case type, not exactly one betrokkene, party of another
    organisation), CaseClosed, PermissionDenied."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    if roltype.zaaktype_id != zaak.zaaktype_id:
        raise ValidationFailed(_("Dit roltype hoort niet bij het zaaktype van deze zaak."), field="roltype")
    if zgw is not None and all(x is None for x in (party, user, department, partner)):
        rol = Rol.objects.create(
            zaak=zaak, roltype=roltype, omschrijving=roltype.omschrijving, omschrijving_generiek=roltype.omschrijving_generiek,
            roltoelichting=roltoelichting, **zgw,
        )
        event(zaak, actor, "role", f"Rol {roltype.omschrijving}: {rol.betrokkene}")
        return rol
    if sum(x is not None for x in (party, user, department, partner)) != 1:
        raise ValidationFailed(_("Kies precies één betrokkene: een klant, een medewerker, een afdeling of een organisatie."))
    _check_party(zaak.organisation, party)
    rol = Rol.objects.create(
        zaak=zaak, roltype=roltype, omschrijving=roltype.omschrijving, omschrijving_generiek=roltype.omschrijving_generiek,
        betrokkene_type=_betrokkene_type(party=party, user=user, department=department, partner=partner),
        party=party, user=user, department=department, partner=partner, roltoelichting=roltoelichting,
    )
    if party is not None and roltype.omschrijving_generiek == RoleGeneric.INITIATOR and zaak.initiator_party_id is None:
        zaak.initiator_party = party
        zaak.save(update_fields=["initiator_party", "updated_at"])
    event(zaak, actor, "role", f"Rol {roltype.omschrijving}: {rol.betrokkene}")
    return rol


@transaction.atomic
def remove_role(*, rol: Rol, actor=None, force: bool = False) -> None:
    zaak = lock_case(rol.zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    event(zaak, actor, "role_removed", f"Rol {rol.omschrijving} verwijderd: {rol.betrokkene}")
    rol.delete()


@transaction.atomic
def set_eigenschap(*, zaak: Zaak, naam: str, waarde, actor=None, force: bool = False) -> ZaakEigenschap:
    """Set (or change) a property of the case. Raises ValidationFailed (unknown property, invalid value), CaseClosed.
    ``force`` allows it on a closed case."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    definition = zaak.zaaktype.eigenschappen.filter(naam=naam).first()
    if definition is None:
        raise ValidationFailed(_("Het zaaktype heeft geen eigenschap %(name)s.") % {"name": naam}, field="naam")
    value = _validate_eigenschap_value(definition, waarde)
    row, _created = ZaakEigenschap.objects.update_or_create(
        zaak=zaak, eigenschap=definition, defaults={"naam": naam, "waarde": value},
    )
    event(zaak, actor, "property", f"Eigenschap {naam} gezet")
    return row


@transaction.atomic
def add_note(*, zaak: Zaak, text: str, actor=None) -> Note:
    """A note on the case (also allowed on closed cases). Raises ValidationFailed (empty), PermissionDenied."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=True)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Een notitie mag niet leeg zijn."), field="text")
    return Note.objects.create(zaak=zaak, author=actor if is_user(actor) else None, text=text)


@transaction.atomic
def add_case_object(*, zaak: Zaak, object_type: str, actor=None, object_url: str = "", data: dict | None = None,
                    relatieomschrijving: str = "", force: bool = False, **zgw) -> ZaakObject:
    """Link an object (address, public-space object, permit, ...) to the case. Raises ValidationFailed, CaseClosed.
    ``zgw``: object_type_overige, object_type_overige_definitie, zaakobjecttype (Zaken API)."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    if not (object_type or "").strip():
        raise ValidationFailed(_("Geef het soort object."), field="object_type")
    return ZaakObject.objects.create(zaak=zaak, object_type=object_type.strip(), object=object_url,
                                     object_identificatie=dict(data or {}), relatieomschrijving=relatieomschrijving, **zgw)


@transaction.atomic
def relate_cases(*, zaak: Zaak, related: Zaak, aard_relatie: str = RelationKind.ONDERWERP, actor=None) -> CaseRelation:
    """Relate two cases (ZGW relevanteAndereZaken). Raises ValidationFailed (same case, already related, unknown
    kind), PermissionDenied (the actor cannot see the other case)."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=True)
    if related.pk == zaak.pk:
        raise ValidationFailed(_("Een zaak kan niet aan zichzelf gerelateerd worden."), field="related")
    if aard_relatie not in RelationKind.values:
        raise ValidationFailed(_("Onbekende aard van de relatie."), field="aard_relatie")
    if is_user(actor) and not selectors.can_view(actor, related):
        raise PermissionDenied(_("U hebt geen toegang tot de andere zaak."))
    if CaseRelation.objects.filter(zaak=zaak, related=related).exists():
        raise ValidationFailed(_("Deze zaken zijn al gerelateerd."), field="related")
    relation = CaseRelation.objects.create(zaak=zaak, related=related, aard_relatie=aard_relatie)
    event(zaak, actor, "relation", f"Gerelateerd aan {related.identificatie} ({relation.get_aard_relatie_display()})")
    return relation


# -- Suspension and extension ---------------------------------------------------------------------------


@transaction.atomic
def suspend_case(*, zaak: Zaak, reason: str, actor=None, check_case_type: bool = True) -> Zaak:
    """Suspend (opschorten) the handling deadline, e.g. while waiting for the resident. Raises InvalidState (the
    case type does not allow it, already suspended), ValidationFailed (no reason), CaseClosed.

    The Zaken API registers a suspension decided elsewhere (``check_case_type=False``): the standard does not tie
    ``opschorting`` to the zaaktype's ``opschortingEnAanhoudingMogelijk``, and VNG's test scenarios create a
    suspended case of a type that does not foresee it. Staff can only suspend where the case type allows it."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak)
    if check_case_type and not zaak.zaaktype.opschorting_en_aanhouding_mogelijk:
        raise InvalidState(_("Dit zaaktype laat opschorten niet toe."))
    if zaak.opschorting_indicatie:
        raise InvalidState(_("Deze zaak is al opgeschort."))
    if not (reason or "").strip():
        raise ValidationFailed(_("Geef een reden voor de opschorting."), field="reason")
    zaak.opschorting_indicatie, zaak.opschorting_reden, zaak.suspended_since = True, reason.strip()[:200], deadlines.today()
    zaak.save(update_fields=["opschorting_indicatie", "opschorting_reden", "suspended_since", "updated_at"])
    event(zaak, actor, "suspended", f"Opgeschort: {zaak.opschorting_reden}")
    return zaak


@transaction.atomic
def resume_case(*, zaak: Zaak, actor=None) -> Zaak:
    """End a suspension: the deadline moves by the days it was suspended (working or calendar days as the case
    type counts), capped at the case type's maximum. Raises InvalidState (not suspended), CaseClosed."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak)
    if not zaak.opschorting_indicatie:
        raise InvalidState(_("Deze zaak is niet opgeschort."))
    version, today = zaak.zaaktype, deadlines.today()
    if version.working_days:
        days = deadlines.working_days_between(zaak.organisation, zaak.suspended_since, today)
    else:
        days = (today - zaak.suspended_since).days
    if version.max_suspension_days is not None:
        days = max(0, min(days, version.max_suspension_days - zaak.suspended_days_total))
    zaak.uiterlijke_einddatum_afdoening = deadlines.add_days(zaak.organisation, zaak.uiterlijke_einddatum_afdoening, days,
                                                             working=version.working_days)
    zaak.suspended_days_total += days
    zaak.opschorting_indicatie, zaak.suspended_since = False, None
    zaak.deadline_warned_at = zaak.deadline_escalated_at = None
    zaak.save(update_fields=["uiterlijke_einddatum_afdoening", "suspended_days_total", "opschorting_indicatie",
                             "suspended_since", "deadline_warned_at", "deadline_escalated_at", "updated_at"])
    event(zaak, actor, "resumed", f"Opschorting beëindigd; termijn +{days} dagen", days=days)
    return zaak


@transaction.atomic
def extend_case(*, zaak: Zaak, reason: str, actor=None, days: int | None = None) -> Zaak:
    """Extend (verlengen) the deadline once, by at most the case type's extension term (default: all of it).

    Raises InvalidState (not allowed by the case type, already extended), ValidationFailed (no reason, too many days),
    CaseClosed."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak)
    version = zaak.zaaktype
    if not version.verlenging_mogelijk:
        raise InvalidState(_("Dit zaaktype laat verlengen niet toe."))
    if zaak.verlenging_duur_days:
        raise InvalidState(_("Deze zaak werd al verlengd."))
    if not (reason or "").strip():
        raise ValidationFailed(_("Geef een reden voor de verlenging."), field="reason")
    days = version.verlengingstermijn_days if days is None else days
    if days < 1 or days > version.verlengingstermijn_days:
        raise ValidationFailed(_("Verlengen kan met 1 tot %(days)s dagen.") % {"days": version.verlengingstermijn_days}, field="days")
    zaak.uiterlijke_einddatum_afdoening = deadlines.add_days(zaak.organisation, zaak.uiterlijke_einddatum_afdoening, days,
                                                             working=version.working_days)
    zaak.verlenging_duur_days, zaak.verlenging_reden = days, reason.strip()[:200]
    zaak.deadline_warned_at = zaak.deadline_escalated_at = None
    zaak.save(update_fields=["uiterlijke_einddatum_afdoening", "verlenging_duur_days", "verlenging_reden",
                             "deadline_warned_at", "deadline_escalated_at", "updated_at"])
    event(zaak, actor, "extended", f"Verlengd met {days} dagen: {zaak.verlenging_reden}", days=days)
    return zaak


# -- Result, closing, reopening --------------------------------------------------------------------------


@transaction.atomic
def set_result(*, zaak: Zaak, resultaattype: ResultaatType, actor=None, toelichting: str = "",
               force: bool = False) -> Resultaat:
    """Set (or replace) the result of an open case. Raises ValidationFailed (result of another case type), CaseClosed.
    ``force`` allows it on a closed case."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    if resultaattype is None or resultaattype.zaaktype_id != zaak.zaaktype_id:
        raise ValidationFailed(_("Dit resultaat hoort niet bij het zaaktype van deze zaak."), field="resultaattype")
    resultaat, _created = Resultaat.objects.update_or_create(
        zaak=zaak, defaults={"resultaattype": resultaattype, "toelichting": toelichting[:1000]},
    )
    event(zaak, actor, "result", f"Resultaat: {resultaattype.omschrijving}")
    return resultaat


@transaction.atomic
def close_case(*, zaak: Zaak, actor=None, resultaattype: ResultaatType | None = None, toelichting: str = "",
               cancel_open_tasks: bool = False, brondatum: datetime.date | None = None) -> Zaak:
    """Close the case: result (given here or set before), final status, end date, archiving dates.

    ``brondatum`` supplies the archiving source date for afleidingswijze ``ander_datumkenmerk``. Open tasks block
    closing unless ``cancel_open_tasks``. Raises ValidationFailed (no result, result of another case type),
    InvalidState (open tasks, suspended), CaseClosed, PermissionDenied.
    """
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak)
    if resultaattype is not None:
        set_result(zaak=zaak, resultaattype=resultaattype, actor=actor, toelichting=toelichting)
    elif not Resultaat.objects.filter(zaak=zaak).exists():
        raise ValidationFailed(_("Een zaak kan niet afgesloten worden zonder resultaat."), field="resultaattype")
    final = zaak.zaaktype.statustypen.order_by("-volgnummer").first()
    return _close(zaak, actor=actor, statustype=final, toelichting=toelichting, cancel_open_tasks=cancel_open_tasks,
                  brondatum=brondatum).zaak


def _close(zaak: Zaak, *, actor, statustype: StatusType, toelichting: str = "", datum=None, cancel_open_tasks: bool = False,
           brondatum: datetime.date | None = None, check_suspension: bool = True) -> Status:
    from .archiving import apply_archiving

    if check_suspension and zaak.opschorting_indicatie:
        raise InvalidState(_("Beëindig eerst de opschorting."))
    open_tasks = zaak.tasks.filter(status__in=OPEN_TASK_STATUSES)
    if open_tasks.exists():
        if not cancel_open_tasks:
            raise InvalidState(_("Er staan nog %(count)s open taken op deze zaak.") % {"count": open_tasks.count()})
        open_tasks.update(status=TaskStatus.CANCELLED, completed_at=timezone.now(), response="Zaak afgesloten")
    moment = datum or timezone.now()
    status = Status.objects.create(
        zaak=zaak, statustype=statustype, datum_status_gezet=moment, statustoelichting=toelichting,
        set_by=actor if is_user(actor) else None,
    )
    zaak.current_status, zaak.current_statustype = status, statustype
    zaak.einddatum = timezone.localdate(moment)
    zaak.is_closed = True
    zaak.save(update_fields=["current_status", "current_statustype", "einddatum", "is_closed", "updated_at"])
    apply_archiving(zaak, brondatum=brondatum)
    event(zaak, actor, "closed", f"Zaak afgesloten ({zaak.resultaat.resultaattype.omschrijving})")
    status.zaak = zaak
    # Sub-cases whose archiving date depends on this (hoofdzaak) case, and cases related to it.
    from .archiving import refresh_dependents

    refresh_dependents(zaak)
    return status


@transaction.atomic
def reopen_case(*, zaak: Zaak, reason: str, actor=None, statustype: StatusType | None = None,
                keep_result: bool = False, datum: datetime.datetime | None = None) -> Zaak:
    """Reopen a closed case (with permission: see selectors.can_reopen). A new non-final status is set (default:
    the one before the final status, at ``datum``, default now); the result and archiving dates are cleared.

    The Zaken API keeps the result (``keep_result=True``): reopening there empties einddatum, archiefnominatie and
    archiefactiedatum only (as Open Zaak; VNG scenario zrc-008 closes the reopened case again without a new
    resultaat). Staff choose the result again when they close the case once more.

    Raises InvalidState (not closed, already archived), PermissionDenied, ValidationFailed (no reason, final or
    foreign status)."""
    zaak = lock_case(zaak)
    if not zaak.is_closed:
        raise InvalidState(_("Deze zaak is niet afgesloten."))
    if is_user(actor) and not selectors.can_reopen(actor, zaak):
        raise PermissionDenied(_("Enkel een leidinggevende mag een zaak heropenen."))
    if zaak.archiefstatus != Archiefstatus.NOG_TE_ARCHIVEREN:
        raise InvalidState(_("Een gearchiveerde zaak kan niet heropend worden."))
    if not (reason or "").strip():
        raise ValidationFailed(_("Geef een reden om de zaak te heropenen."), field="reason")
    statustypen = list(zaak.zaaktype.statustypen.order_by("volgnummer"))
    if statustype is None:
        statustype = statustypen[-2] if len(statustypen) > 1 else statustypen[0]
    if statustype.zaaktype_id != zaak.zaaktype_id:
        raise ValidationFailed(_("Deze status hoort niet bij het zaaktype van deze zaak."), field="statustype")
    if statustype.pk == statustypen[-1].pk:
        raise ValidationFailed(_("Kies een status die de zaak niet meteen weer afsluit."), field="statustype")
    previous_result = zaak.resultaat.resultaattype.omschrijving if hasattr(zaak, "resultaat") else ""
    if not keep_result:
        Resultaat.objects.filter(zaak=zaak).delete()
    zaak.is_closed, zaak.einddatum = False, None
    zaak.archiefnominatie, zaak.archiefactiedatum, zaak.startdatum_bewaartermijn = "", None, None
    zaak.save(update_fields=["is_closed", "einddatum", "archiefnominatie", "archiefactiedatum", "startdatum_bewaartermijn",
                             "updated_at"])
    event(zaak, actor, "reopened", f"Heropend: {reason.strip()[:300]}", previous_result=previous_result)
    _append_status(zaak, statustype, actor=actor, toelichting=f"Heropend: {reason.strip()}"[:1000], datum=datum)
    return zaak
