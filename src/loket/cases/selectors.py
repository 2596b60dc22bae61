"""Reads for case handling: access rules, work queues, the case page, case types.

Access (see docs/cases.md):

- A staff member sees the cases of the case types of the departments they belong to, the cases handled by
  those departments, cases assigned to them, and cases with a task for one of their departments, for their
  organisation (a partner) or for them. Superusers see everything.
- Confidentiality: a role allows cases up to a level (CLEARANCE); above it only the assignee sees the case.
- Every staff view of a case that names a person is written to the audit log by :func:`case_detail`.
"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from loket.platform.accounts.models import Membership, Role
from loket.platform.audit.models import AuditAction
from loket.platform.audit.services import record as audit_record

from . import deadlines
from .exceptions import NotFound, PermissionDenied, ValidationFailed
from .models import (
    CONFIDENTIALITY_RANK,
    OPEN_TASK_STATUSES,
    Besluit,
    CaseEvent,
    Confidentiality,
    DocumentVersion,
    Note,
    Resultaat,
    Rol,
    SavedFilter,
    Status,
    StatusType,
    Task,
    Zaak,
    ZaakInformatieObject,
    ZaakType,
)

# The highest confidentiality level each role may see.
CLEARANCE = {
    Role.FRONT_OFFICE: Confidentiality.ZAAKVERTROUWELIJK,
    Role.CONTACT_CENTRE: Confidentiality.ZAAKVERTROUWELIJK,
    Role.ADMINISTRATOR: Confidentiality.ZAAKVERTROUWELIJK,
    Role.CASE_HANDLER: Confidentiality.CONFIDENTIEEL,
    Role.SOCIAL_WORKER: Confidentiality.GEHEIM,
    Role.MANAGER: Confidentiality.ZEER_GEHEIM,
}
# Roles that may change cases (the others only read them).
CHANGING_ROLES = {Role.CASE_HANDLER, Role.SOCIAL_WORKER, Role.MANAGER, Role.FRONT_OFFICE}
DEADLINE_SOON_DAYS = 3


def _memberships(user) -> list[Membership]:
    cached = getattr(user, "_case_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("department"))
        user._case_memberships = cached
    return cached


def _is_staff_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _access_q(user, *, changing: bool = False) -> Q | None:
    """The Q over Zaak for what ``user`` may see (or change); None means everything."""
    if user.is_superuser:
        return None
    by_rank: dict[int, set[int]] = {}
    for membership in _memberships(user):
        if changing and membership.role not in CHANGING_ROLES:
            continue
        rank = CONFIDENTIALITY_RANK[CLEARANCE.get(membership.role, Confidentiality.INTERN)]
        by_rank.setdefault(rank, set()).add(membership.department_id)
    q = Q(assignee=user)
    for rank, departments in by_rank.items():
        departments = sorted(departments)
        own = Q(department_id__in=departments) | Q(zaaktype__department_id__in=departments)
        if not changing:  # a task for your department lets you see the case, not change it
            own |= Exists(Task.objects.filter(zaak=OuterRef("pk"), department_id__in=departments))
        q |= own & Q(confidentiality_rank__lte=rank)
    if not changing:
        clearance = max(by_rank, default=CONFIDENTIALITY_RANK[Confidentiality.INTERN])
        q |= Exists(Task.objects.filter(zaak=OuterRef("pk"), assignee=user)) & Q(confidentiality_rank__lte=clearance)
        if user.organisation_id:
            partner_task = Exists(
                Task.objects.filter(zaak=OuterRef("pk"), organisation_id=user.organisation_id, department__isnull=True)
            )
            q |= partner_task & Q(confidentiality_rank__lte=clearance)
    return q


def visible_cases(user) -> QuerySet[Zaak]:
    """All cases ``user`` may see (not yet ordered or filtered)."""
    if not _is_staff_user(user):
        return Zaak.objects.none()
    q = _access_q(user)
    return Zaak.objects.all() if q is None else Zaak.objects.filter(q)


def can_view(user, zaak: Zaak) -> bool:
    if not _is_staff_user(user):
        return False
    q = _access_q(user)
    return q is None or Zaak.objects.filter(q, pk=zaak.pk).exists()


def can_change(user, zaak: Zaak) -> bool:
    """May ``user`` change the case (status, assignment, documents, tasks, result, ...)?"""
    if not _is_staff_user(user):
        return False
    q = _access_q(user, changing=True)
    return q is None or Zaak.objects.filter(q, pk=zaak.pk).exists()


def _may_change_loaded(user, zaak: Zaak) -> bool:
    """:func:`can_change` without a query, for a case just read from the database (same rules as _access_q)."""
    if user.is_superuser or zaak.assignee_id == user.pk:
        return True
    departments = (zaak.department_id, zaak.zaaktype.department_id)
    return any(
        m.role in CHANGING_ROLES and m.department_id in departments
        and zaak.confidentiality_rank <= CONFIDENTIALITY_RANK[CLEARANCE.get(m.role, Confidentiality.INTERN)]
        for m in _memberships(user)
    )


def can_reopen(user, zaak: Zaak) -> bool:
    """Reopening needs a manager of the case's department (or of the case type's), or the permission
    ``cases.reopen_zaak`` (for cases the user can see)."""
    if not _is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    if user.has_perm("cases.reopen_zaak"):  # the permission reaches only the cases the user can see
        return can_view(user, zaak)
    return any(
        m.role == Role.MANAGER and m.department_id in (zaak.department_id, zaak.zaaktype.department_id)
        for m in _memberships(user)
    )


def can_work_on_task(user, task: Task) -> bool:
    """May ``user`` accept, return or complete ``task``? Members of the task's department, its assignee,
    or staff of the partner organisation for a task addressed to the partner as a whole."""
    if not _is_staff_user(user):
        return False
    if user.is_superuser or task.assignee_id == user.pk:
        return True
    if task.department_id:
        return any(m.department_id == task.department_id for m in _memberships(user))
    return user.organisation_id == task.organisation_id


def can_manage_case_types(user, department) -> bool:
    """Functional administrators and managers of the department (or superusers) build case types."""
    if not _is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    return any(
        m.role in (Role.ADMINISTRATOR, Role.MANAGER)
        and (m.department_id == department.pk or (m.role == Role.ADMINISTRATOR and m.department.organisation_id == department.organisation_id))
        for m in _memberships(user)
    )


def user_departments(user) -> list:
    return [m.department for m in _memberships(user)]


# -- Work queues -------------------------------------------------------------------------------------


@dataclasses.dataclass
class QueueFilters:
    """Filters of a work queue; also what a SavedFilter stores (as a dict, see :meth:`from_dict`)."""

    zaaktype: list[str] = dataclasses.field(default_factory=list)  # case type codes (identificatie)
    status: list[str] = dataclasses.field(default_factory=list)  # status type descriptions (omschrijving)
    deadline: str = ""  # "", "soon" (within DEADLINE_SOON_DAYS days) or "overdue"
    unassigned: bool = False
    closed: bool = False  # False: open cases only; True: closed cases only
    suspended: bool | None = None
    search: str = ""  # case number or description
    sort: str = "deadline"  # deadline, -deadline, registratiedatum, -registratiedatum, identificatie

    SORTS = {
        "deadline": ("uiterlijke_einddatum_afdoening", "pk"),
        "-deadline": ("-uiterlijke_einddatum_afdoening", "-pk"),
        "registratiedatum": ("registratiedatum", "pk"),
        "-registratiedatum": ("-registratiedatum", "-pk"),
        "identificatie": ("identificatie",),
    }

    @classmethod
    def from_dict(cls, data: dict | None) -> "QueueFilters":
        data = dict(data or {})
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValidationFailed(_("Onbekende filter(s): %(names)s.") % {"names": ", ".join(sorted(unknown))})
        for name in ("zaaktype", "status"):
            value = data.get(name)
            if isinstance(value, str):
                data[name] = [value] if value else []
        filters = cls(**data)
        if filters.deadline not in ("", "soon", "overdue"):
            raise ValidationFailed(_("Termijnfilter moet leeg, 'soon' of 'overdue' zijn."), field="deadline")
        if filters.sort not in cls.SORTS:
            raise ValidationFailed(_("Onbekende sortering."), field="sort")
        return filters

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


QUEUE_SCOPES = ("person", "team", "department", "all")


def apply_filters(queryset: QuerySet[Zaak], filters: QueueFilters, *, today: datetime.date | None = None) -> QuerySet[Zaak]:
    today = today or deadlines.today()
    queryset = queryset.filter(is_closed=filters.closed)
    # Ids first (small tables), so the queue indexes on zaaktype / current_statustype apply without joins.
    if filters.zaaktype:
        ids = list(ZaakType.objects.filter(identificatie__in=filters.zaaktype).values_list("pk", flat=True))
        queryset = queryset.filter(zaaktype_id__in=ids)
    if filters.status:
        ids = list(StatusType.objects.filter(omschrijving__in=filters.status).values_list("pk", flat=True))
        queryset = queryset.filter(current_statustype_id__in=ids)
    if filters.deadline == "overdue":
        queryset = queryset.filter(uiterlijke_einddatum_afdoening__lt=today)
    elif filters.deadline == "soon":
        queryset = queryset.filter(
            uiterlijke_einddatum_afdoening__gte=today,
            uiterlijke_einddatum_afdoening__lte=today + datetime.timedelta(days=DEADLINE_SOON_DAYS),
        )
    if filters.unassigned:
        queryset = queryset.filter(assignee__isnull=True)
    if filters.suspended is not None:
        queryset = queryset.filter(opschorting_indicatie=filters.suspended)
    if filters.search:
        term = filters.search.strip()
        queryset = queryset.filter(Q(identificatie__iexact=term) | Q(omschrijving__icontains=term))
    return queryset.order_by(*QueueFilters.SORTS[filters.sort])


def work_queue(user, *, scope: str = "department", department=None, team=None,
               filters: QueueFilters | dict | None = None) -> QuerySet[Zaak]:
    """The cases of a work queue, sorted (by deadline by default), ready to slice into pages.

    ``scope``: "person" (assigned to ``user``), "team" (``team``, or the user's teams), "department"
    (``department``, or all the user's departments), "all" (everything visible). Always limited to
    :func:`visible_cases`. Raises PermissionDenied for a department or team the user does not belong to
    (unless superuser), ValidationFailed for an unknown scope or filter.
    """
    if not isinstance(filters, QueueFilters):
        filters = QueueFilters.from_dict(filters)
    if scope not in QUEUE_SCOPES:
        raise ValidationFailed(_("Onbekende werkbak: %(scope)s.") % {"scope": scope}, field="scope")
    memberships = _memberships(user) if _is_staff_user(user) else []
    queryset = visible_cases(user)
    if scope == "person":
        queryset = queryset.filter(assignee=user)
    elif scope == "team":
        team_ids = [team.pk] if team is not None else [m.team_id for m in memberships if m.team_id]
        if team is not None and not user.is_superuser and team.department_id not in {m.department_id for m in memberships}:
            raise PermissionDenied()
        queryset = queryset.filter(team_id__in=team_ids)
    elif scope == "department":
        department_ids = [department.pk] if department is not None else sorted({m.department_id for m in memberships})
        if department is not None and not user.is_superuser and department.pk not in {m.department_id for m in memberships}:
            raise PermissionDenied()
        queryset = queryset.filter(department_id__in=department_ids)
        if department is not None:
            queryset = queryset.filter(organisation_id=department.organisation_id)
    queryset = apply_filters(queryset, filters)
    # Not the initiator: a list of cases shows no personal data (the case page does, with an audit entry).
    return queryset.select_related("zaaktype", "current_statustype", "assignee", "team", "department")


MAX_QUEUE_PAGE = 100_000  # beyond it the OFFSET would not fit in a bigint: an empty page instead of an error


@dataclasses.dataclass
class QueuePage:
    cases: list[Zaak]
    page: int
    per_page: int
    has_next: bool


def work_queue_page(user, *, scope: str = "department", department=None, team=None,
                    filters: QueueFilters | dict | None = None, page: int = 1, per_page: int = 50) -> QueuePage:
    """One page of :func:`work_queue` without a COUNT over the whole queue (fast on large queues)."""
    page = min(max(1, int(page)), MAX_QUEUE_PAGE)
    start = (page - 1) * per_page
    rows = list(work_queue(user, scope=scope, department=department, team=team, filters=filters)[start:start + per_page + 1])
    return QueuePage(cases=rows[:per_page], page=page, per_page=per_page, has_next=len(rows) > per_page)


def task_queue(user, *, scope: str = "department", department=None, include_closed: bool = False) -> QuerySet[Task]:
    """Tasks (internal service requests) for ``user`` ("person"), their departments ("department", or one
    ``department``), or their organisation as a partner ("organisation"); open ones first by deadline."""
    queryset = Task.objects.select_related("zaak", "zaak__zaaktype", "department", "organisation", "assignee", "requested_by")
    memberships = _memberships(user) if _is_staff_user(user) else []
    if scope == "person":
        queryset = queryset.filter(assignee=user)
    elif scope == "department":
        ids = [department.pk] if department is not None else [m.department_id for m in memberships]
        if department is not None and not user.is_superuser and department.pk not in {m.department_id for m in memberships}:
            raise PermissionDenied()
        queryset = queryset.filter(department_id__in=ids)
    elif scope == "organisation":
        queryset = queryset.filter(organisation_id=user.organisation_id, department__isnull=True)
    else:
        raise ValidationFailed(_("Onbekende werkbak: %(scope)s.") % {"scope": scope}, field="scope")
    if not include_closed:
        queryset = queryset.filter(status__in=OPEN_TASK_STATUSES)
    return queryset.order_by("deadline", "pk")


def saved_filters(user) -> QuerySet[SavedFilter]:
    """The user's own saved filters and those shared with one of their departments."""
    departments = [m.department_id for m in _memberships(user)]
    return SavedFilter.objects.filter(Q(owner=user) | Q(shared_with_id__in=departments)).order_by("name")


def deadline_state(zaak: Zaak, *, today: datetime.date | None = None) -> str:
    """"closed", "suspended", "overdue", "soon" or "ok"."""
    today = today or deadlines.today()
    if zaak.is_closed:
        return "closed"
    if zaak.opschorting_indicatie:
        return "suspended"
    if zaak.uiterlijke_einddatum_afdoening < today:
        return "overdue"
    if zaak.uiterlijke_einddatum_afdoening <= today + datetime.timedelta(days=DEADLINE_SOON_DAYS):
        return "soon"
    return "ok"


# -- The case page -----------------------------------------------------------------------------------


@dataclasses.dataclass
class CaseDetail:
    zaak: Zaak
    statuses: list[Status]
    next_statustypen: list[StatusType]  # the statuses that can be set now: all of the case type, none when closed
    roles: list[Rol]
    tasks: list[Task]
    documents: list[ZaakInformatieObject]  # each with .informatieobject.latest_version loaded
    notes: list[Note]
    decisions: list[Besluit]
    eigenschappen: list
    relations: list
    subcases: list[Zaak]
    events: list[CaseEvent]
    resultaat: object | None
    can_change: bool
    can_reopen: bool
    deadline_state: str
    statustypen: list[StatusType] = dataclasses.field(default_factory=list)  # all statuses of the case type, in order


def get_case(user, *, uuid=None, identificatie: str | None = None, organisation=None) -> Zaak:
    """One visible case by UUID or by number (+ organisation). Raises NotFound (also when not visible)."""
    queryset = visible_cases(user)
    try:
        if uuid is not None:
            return queryset.get(uuid=uuid)
        return queryset.get(identificatie=identificatie, organisation=organisation)
    except (Zaak.DoesNotExist, ValueError, ValidationFailed):
        raise NotFound(_("Deze zaak bestaat niet of u hebt er geen toegang toe.")) from None


def case_detail(user, zaak: Zaak, *, reason: str = "Zaak bekeken", request=None, events: int = 50) -> CaseDetail:
    """Everything the case page shows, in a fixed number of queries. Raises PermissionDenied.

    Writes one audit entry per person (party) involved in the case: viewing the case shows their data.
    """
    if not _is_staff_user(user):
        raise PermissionDenied()
    try:
        # Few joins on purpose: planning a 10-table join costs more than the separate small reads below.
        zaak = Zaak.objects.select_related(
            "zaaktype", "department", "assignee", "current_statustype", "initiator_party", "organisation",
        ).get(pk=zaak.pk)
    except Zaak.DoesNotExist:
        raise NotFound(_("Deze zaak bestaat niet.")) from None
    changeable = _may_change_loaded(user, zaak)
    if not changeable and not can_view(user, zaak):  # the query only for the read-only routes (tasks)
        raise PermissionDenied()
    statuses = list(zaak.statussen.select_related("statustype", "set_by").order_by("datum_status_gezet", "pk"))
    statustypen = list(zaak.zaaktype.statustypen.order_by("volgnummer"))
    roles = list(zaak.rollen.select_related("roltype", "party", "user", "department", "partner"))
    tasks = list(zaak.tasks.select_related("department", "organisation", "assignee", "requested_by").order_by("created_at", "pk"))
    documents = list(
        zaak.documents.select_related(
            "informatieobject", "informatieobject__informatieobjecttype", "informatieobject__latest_version",
        ).order_by("registratiedatum", "pk")
    )
    notes = list(zaak.notes.select_related("author").order_by("-created_at"))
    decisions = list(zaak.besluiten.select_related("besluittype"))
    eigenschappen = list(zaak.eigenschappen.select_related("eigenschap"))
    relations = list(zaak.relations.select_related("related", "related__zaaktype"))
    subcases = list(zaak.deelzaken.select_related("zaaktype", "current_statustype"))
    event_rows = list(zaak.events.select_related("actor").order_by("-at", "-pk")[:events])
    resultaat = Resultaat.objects.filter(zaak=zaak).select_related("resultaattype").first()
    parties = {role.party_id: role.party for role in roles if role.party_id}
    if zaak.initiator_party_id:
        parties.setdefault(zaak.initiator_party_id, zaak.initiator_party)
    for party in parties.values():
        audit_record(actor=user, action=AuditAction.VIEW, subject=party, reason=reason, request=request, obj=zaak,
                     fields=["zaak", "naam", "adres"], organisation=zaak.organisation)
    return CaseDetail(
        zaak=zaak, statuses=statuses,
        next_statustypen=[] if zaak.is_closed else statustypen,
        roles=roles, tasks=tasks, documents=documents, notes=notes, decisions=decisions, eigenschappen=eigenschappen,
        relations=relations, subcases=subcases, events=event_rows, resultaat=resultaat,
        can_change=changeable and not zaak.is_closed, can_reopen=zaak.is_closed and can_reopen(user, zaak),
        deadline_state=deadline_state(zaak), statustypen=statustypen,
    )


def document_versions(document) -> QuerySet[DocumentVersion]:
    return document.versions.order_by("-versie")


# -- Case types ----------------------------------------------------------------------------------------


def case_types(organisation, *, include_concept: bool = True, on: datetime.date | None = None) -> QuerySet[ZaakType]:
    """Case type versions of an organisation's catalogues; ``on``: only published versions valid that day."""
    queryset = ZaakType.objects.filter(catalogus__organisation=organisation).select_related("catalogus", "department")
    if on is not None:
        queryset = valid_on(queryset, on)
    elif not include_concept:
        queryset = queryset.filter(concept=False)
    return queryset.order_by("omschrijving", "-begin_geldigheid")


def valid_on(queryset, on: datetime.date):
    return queryset.filter(concept=False, begin_geldigheid__lte=on).filter(
        Q(einde_geldigheid__isnull=True) | Q(einde_geldigheid__gte=on)
    )


def case_type_version_on(catalogus, identificatie: str, on: datetime.date) -> ZaakType:
    """The published version of case type ``identificatie`` valid on ``on``. Raises ValidationFailed."""
    version = valid_on(ZaakType.objects.filter(catalogus=catalogus, identificatie=identificatie), on).order_by("-begin_geldigheid").first()
    if version is None:
        raise ValidationFailed(
            _("Er is geen gepubliceerde versie van zaaktype %(code)s geldig op %(date)s.") % {"code": identificatie, "date": f"{on:%d-%m-%Y}"}, field="zaaktype",
        )
    return version


def case_type_versions(zaaktype: ZaakType) -> QuerySet[ZaakType]:
    return ZaakType.objects.filter(catalogus=zaaktype.catalogus, identificatie=zaaktype.identificatie).order_by("-begin_geldigheid")


def case_type_detail(zaaktype: ZaakType) -> ZaakType:
    """A case type version with its parts prefetched (for the case type builder)."""
    return (
        ZaakType.objects.select_related("catalogus", "department")
        .prefetch_related(
            Prefetch("statustypen", queryset=StatusType.objects.order_by("volgnummer")),
            "roltypen", "resultaattypen", "eigenschappen", "besluittypen", "deelzaaktypen",
            "ziot__informatieobjecttype", "process_steps__department", "process_steps__partner", "products",
        )
        .get(pk=zaaktype.pk)
    )


def cases_for_party(user, party) -> QuerySet[Zaak]:
    """Visible cases in which ``party`` plays a role or is the initiator (for the 360° view)."""
    return visible_cases(user).filter(Q(initiator_party=party) | Q(rollen__party=party)).distinct()


def iter_ids(values: Iterable) -> list:
    return [getattr(v, "pk", v) for v in values]


# -- Reads for the staff web UI (work queues, case page, case type builder) ---------------------------------


def user_organisation(user):
    """The organisation a staff member works for: their own, else that of their first department."""
    if getattr(user, "organisation_id", None):
        return user.organisation
    memberships = _memberships(user) if _is_staff_user(user) else []
    return memberships[0].department.organisation if memberships else None


def organisation_departments(organisation) -> QuerySet:
    from loket.platform.organisations.models import Department

    return Department.objects.filter(organisation=organisation).select_related("organisation").order_by("name")


def organisation_teams(organisation) -> QuerySet:
    from loket.platform.organisations.models import Team

    return Team.objects.filter(department__organisation=organisation).select_related("department").order_by("department__name", "name")


def department_staff(departments) -> QuerySet:
    """Active staff members of ``departments`` (for assigning cases and tasks)."""
    from loket.platform.accounts.models import User

    return (
        User.objects.filter(is_active=True, memberships__department__in=departments)
        .distinct().order_by("first_name", "last_name", "username")
    )


def task_targets(organisation) -> tuple[list, list]:
    """Where a task of ``organisation`` can go: (departments of the organisation, its parent, children and partners;
    those other organisations as a whole)."""
    from loket.platform.organisations.models import Department, Organisation

    organisations = list(
        Organisation.objects.filter(
            Q(pk=organisation.pk) | Q(pk=organisation.parent_id) | Q(parent=organisation)
            | Q(pk__in=organisation.partners.values("pk"))
        ).order_by("name")
    )
    departments = list(
        Department.objects.filter(organisation__in=organisations).select_related("organisation").order_by("organisation__name", "name")
    )
    return departments, [o for o in organisations if o.pk != organisation.pk]


def search_parties(user, organisation, query: str, *, limit: int = 20, reason: str = "Klant zoeken voor een zaak",
                   request=None) -> list:
    """Parties of ``organisation`` whose name contains every word of ``query``; each party shown is written to the
    audit log (a search shows names and addresses)."""
    from loket.contacts.models import Party

    terms = (query or "").replace("\x00", " ").split()[:4]
    if not terms or organisation is None:
        return []
    queryset = Party.objects.filter(organisation=organisation)
    for term in terms:
        queryset = queryset.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(business_name__icontains=term))
    parties = list(queryset.order_by("last_name", "first_name", "business_name", "pk")[:limit])
    for party in parties:
        audit_record(actor=user, action=AuditAction.SEARCH, subject=party, reason=reason, request=request,
                     fields=["naam", "adres"], organisation=organisation)
    return parties


def get_task(user, *, uuid) -> Task:
    """A task ``user`` may work on, or whose case they may see. Raises NotFound."""
    task = Task.objects.select_related("zaak", "zaak__zaaktype", "department", "organisation").filter(uuid=uuid).first()
    if task is None or not (can_work_on_task(user, task) or can_view(user, task.zaak)):
        raise NotFound(_("Deze taak bestaat niet of u hebt er geen toegang toe."))
    return task


def case_document_version(user, zaak: Zaak, *, document_uuid, versie: int | None = None,
                          reason: str = "Document van zaak geopend", request=None) -> DocumentVersion:
    """A version (default: the latest) of a document of a case ``user`` may see, for download. Writes the audit log
    for the persons involved in the case. Raises NotFound."""
    if not can_view(user, zaak):
        raise NotFound(_("Deze zaak bestaat niet of u hebt er geen toegang toe."))
    link = (
        ZaakInformatieObject.objects.filter(zaak=zaak, informatieobject__uuid=document_uuid)
        .select_related("informatieobject", "informatieobject__latest_version").first()
    )
    if link is None:
        raise NotFound(_("Dit document bestaat niet."))
    document = link.informatieobject
    version = document.versions.filter(versie=versie).first() if versie else document.latest_version
    if version is None:
        raise NotFound(_("Deze versie bestaat niet."))
    parties = {role.party_id: role.party for role in zaak.rollen.select_related("party") if role.party_id}
    if zaak.initiator_party_id:
        parties.setdefault(zaak.initiator_party_id, zaak.initiator_party)
    for party in parties.values():
        audit_record(actor=user, action=AuditAction.VIEW, subject=party, reason=reason, request=request, obj=version,
                     fields=["document"], organisation=zaak.organisation)
    return version


def case_process_steps(zaak: Zaak, tasks: list[Task]) -> list[tuple]:
    """The process steps of the case's type with their state on this case: "done", "active", "returned",
    "cancelled" or "pending" (not started)."""
    by_step: dict[int, list[Task]] = {}
    for task in tasks:
        if task.process_step_id:
            by_step.setdefault(task.process_step_id, []).append(task)
    rows = []
    for step in zaak.zaaktype.process_steps.select_related("department", "partner", "statustype").order_by("order", "name"):
        step_tasks = by_step.get(step.pk, [])
        statuses = {t.status for t in step_tasks}
        if any(s in OPEN_TASK_STATUSES for s in statuses):
            state = "active"
        elif "completed" in statuses:
            state = "done"
        elif "returned" in statuses:
            state = "returned"
        elif "cancelled" in statuses:
            state = "cancelled"
        else:
            state = "pending"
        rows.append((step, state))
    return rows


def queue_status_names(organisation) -> list[str]:
    """The distinct status descriptions of the organisation's case types (for the work queue filter)."""
    return sorted(set(
        StatusType.objects.filter(zaaktype__catalogus__organisation=organisation).values_list("omschrijving", flat=True)
    ))


def case_type_overview(organisation) -> list[tuple]:
    """Per catalogue of ``organisation``: its case types, each a list of versions (newest first)."""
    from .models import Catalogus

    result = []
    for catalogus in Catalogus.objects.filter(organisation=organisation).order_by("naam"):
        groups: dict[str, list[ZaakType]] = {}
        for version in ZaakType.objects.filter(catalogus=catalogus).select_related("department").order_by("omschrijving", "identificatie", "-begin_geldigheid"):
            groups.setdefault(version.identificatie, []).append(version)
        result.append((catalogus, list(groups.values())))
    return result


def catalogue_document_types(catalogus) -> QuerySet:
    from .models import InformatieObjectType

    return InformatieObjectType.objects.filter(catalogus=catalogus).order_by("omschrijving", "-begin_geldigheid")


def get_case_type(user, *, uuid) -> ZaakType:
    """A case type version of the user's organisation. Raises NotFound."""
    organisation = user_organisation(user)
    version = ZaakType.objects.select_related("catalogus", "department").filter(uuid=uuid).first()
    if version is None or (not user.is_superuser and (organisation is None or version.catalogus.organisation_id != organisation.pk)):
        raise NotFound(_("Dit zaaktype bestaat niet."))
    return version


def task_deadline_state(task: Task, *, today: datetime.date | None = None) -> str:
    """"closed" (no longer open), "overdue", "soon" (within DEADLINE_SOON_DAYS days) or "ok": the task's badge."""
    today = today or deadlines.today()
    if not task.is_open:
        return "closed"
    if task.deadline < today:
        return "overdue"
    if task.deadline <= today + datetime.timedelta(days=DEADLINE_SOON_DAYS):
        return "soon"
    return "ok"


def case_type_product_choices(zaaktype: ZaakType):
    """Catalog products a case type may deliver: those of its organisation and of the organisation's partners."""
    from loket.catalog.models import Product, State

    organisation = zaaktype.catalogus.organisation
    return (Product.objects.filter(Q(organisation=organisation) | Q(organisation__in=organisation.partners.all()))
            .exclude(state=State.ARCHIVED).select_related("organisation").order_by("name"))
