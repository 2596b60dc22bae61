"""Reads for the contact centre: find a party, the party's 360° view and timeline, callback queues, knowledge.

Every read that shows a person's data writes the audit log (search: one SEARCH entry per party listed; the party
view: one VIEW entry with the reason). The timeline shows a case the reader may not see in full (a social-support
or other confidential case) only as "there is a case, refer to department X", never its content.
"""

import dataclasses
import datetime
import re

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.platform.audit.models import AuditAction
from loket.platform.audit.services import record as audit_record

from . import identifiers
from .models import (
    ContactChannel,
    ContactMoment,
    ContactOutcome,
    DigitalAddress,
    DigitalAddressKind,
    InternalTask,
    InternalTaskStatus,
    KnowledgeArticle,
    MergeCandidateStatus,
    Party,
    PartyKind,
    PartyMergeCandidate,
    Representation,
)

SEARCH_LIMIT = 20
MIN_TERM_LENGTH = 3  # trigram indexes need 3 characters; shorter words only narrow down
CASE_NUMBER = re.compile(r"^[A-Za-z]{1,10}[-/ ]?\d{2,4}[-/ ]?\d{1,10}$")
TIMELINE_KINDS = ("contact", "zaak", "melding", "taak")
KIND_LABELS = {"contact": gettext_lazy("Contact"), "zaak": gettext_lazy("Zaak"), "melding": gettext_lazy("Melding"),
               "taak": gettext_lazy("Terugbelverzoek")}
_KIND_RANK = {kind: rank for rank, kind in enumerate(TIMELINE_KINDS)}


def party_by_national_number(organisation, number: str) -> Party | None:
    index = identifiers.blind_index(number)
    if not index:
        return None
    return Party.objects.filter(organisation=organisation, national_number_index=index, is_active=True).first()


def user_organisation(user):
    from loket.cases.selectors import user_organisation as case_user_organisation

    return case_user_organisation(user)


def organisation_departments(organisation):
    from loket.cases.selectors import organisation_departments as departments

    return departments(organisation)


def department_staff(departments):
    from loket.cases.selectors import department_staff as staff

    return staff(departments)


def get_party(organisation, *, pk=None, uuid=None) -> Party | None:
    """A party of ``organisation`` (also a merged one: see ``merged_into``), or None."""
    if organisation is None or (pk is None and uuid is None):
        return None
    queryset = Party.objects.filter(organisation=organisation)
    try:
        return queryset.filter(pk=int(pk)).first() if pk is not None else queryset.filter(uuid=uuid).first()
    except (TypeError, ValueError, DjangoValidationError):  # a malformed id is "not found", not an error
        return None


# -- Search -------------------------------------------------------------------------------------------------------


def _by_digits(organisation, query: str, digits: str) -> list[int]:
    """Party ids for a query of digits only: national number, phone number, business number."""
    ids: list[int] = []
    if len(digits) in (9, 11) and identifiers.national_number_type(digits):
        ids += Party.objects.filter(organisation=organisation, national_number_index=identifiers.blind_index(digits),
                                    is_active=True).values_list("pk", flat=True)
    phone = identifiers.normalise_phone(query, getattr(organisation, "country", "BE") or "BE")
    if phone:
        ids += DigitalAddress.objects.filter(normalised_value=phone, organisation=organisation, kind=DigitalAddressKind.PHONE,
                                             party__is_active=True).values_list("party_id", flat=True)[:SEARCH_LIMIT]
    if len(digits) in (8, 9, 10):
        kbo = digits.rjust(10, "0") if len(digits) >= 9 else digits
        variants = {digits, kbo, f"{kbo[:4]}.{kbo[4:7]}.{kbo[7:]}", f"BE{kbo}", f"BE {kbo[:4]}.{kbo[4:7]}.{kbo[7:]}"}
        ids += Party.objects.filter(organisation=organisation, business_number__in=variants,
                                    is_active=True).values_list("pk", flat=True)[:SEARCH_LIMIT]
    return ids


def _by_case_number(organisation, query: str) -> list[int]:
    from loket.cases.models import Rol, Zaak

    zaak = Zaak.objects.filter(organisation=organisation, identificatie__iexact=query).only("pk", "initiator_party_id").first()
    if zaak is None:
        return []
    ids = [zaak.initiator_party_id] if zaak.initiator_party_id else []
    ids += Rol.objects.filter(zaak=zaak, party__isnull=False).values_list("party_id", flat=True)
    return ids


def _by_text(organisation, query: str, limit: int) -> list[Party]:
    terms = [t for t in re.split(r"[\s,]+", identifiers.fold(query)) if t][:6]
    long_terms = [t for t in terms if len(t) >= MIN_TERM_LENGTH]
    if not long_terms:
        return []
    queryset = Party.objects.filter(organisation=organisation, is_active=True)
    for term in terms:
        if term.isdigit() or len(term) < MIN_TERM_LENGTH:
            # house number or postal code ("12", "2000"), or a short word: narrows down, never starts the search
            queryset = queryset.filter(Q(search_address__contains=term) | Q(search_name__contains=term))
        else:
            queryset = queryset.filter(Q(search_name__contains=term) | Q(search_address__contains=term))
    folded = " ".join(terms)
    return list(
        queryset.annotate(rank=TrigramSimilarity("search_name", folded))
        .order_by("-rank", "last_name", "first_name", "business_name", "pk")[:limit]
    )


def search_parties(organisation, query: str, *, user, limit: int = SEARCH_LIMIT, reason: str = "Klant zoeken",
                   request=None) -> list[Party]:
    """Active parties of ``organisation`` that match ``query``: a name (every word, in any order, accents and case
    ignored), an address, a national number (BSN or rijksregisternummer, through the blind index), a phone number in
    any format, an e-mail address, a KBO/KvK number or a case number. Each party listed is written to the audit log."""
    query = (query or "").replace("\x00", " ").strip()[:200]
    if not query or organisation is None:
        return []
    limit = max(1, min(int(limit), 100))
    digits = identifiers.digits(query)
    only_digits = bool(digits) and not re.search(r"[^\d\s.\-/+()]", query)
    parties: list[Party] = []
    if "@" in query:
        email = identifiers.normalise_email(query)
        ids = list(DigitalAddress.objects.filter(normalised_value=email, organisation=organisation,
                                                 kind=DigitalAddressKind.EMAIL, party__is_active=True)
                   .values_list("party_id", flat=True)[:limit])
        parties = list(Party.objects.filter(pk__in=ids))
    elif only_digits:
        parties = list(Party.objects.filter(pk__in=_by_digits(organisation, query, digits)))
    else:
        if CASE_NUMBER.match(query) and any(c.isdigit() for c in query):
            ids = _by_case_number(organisation, query)
            parties = list(Party.objects.filter(pk__in=ids, is_active=True))
        if not parties:
            parties = _by_text(organisation, query, limit)
    if not parties:
        return []
    if "@" in query or only_digits:  # exact look-ups: no rank, a stable order
        parties.sort(key=lambda p: (p.last_name.lower(), p.first_name.lower(), p.business_name.lower(), p.pk))
    parties = parties[:limit]
    from .services import record_listed

    record_listed(parties, user=user, reason=reason, request=request, organisation=organisation)
    return parties


# -- The party's 360° view ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class PartyView:
    party: Party
    masked_national_number: str
    digital_addresses: list
    representatives: list  # valid representations of this party (who may act for them)
    represents: list  # valid representations by this party (for whom they may act)
    establishments: list
    merge_candidates: list


def party_view(party: Party, *, user, reason: str, request=None) -> PartyView:
    """Everything about ``party`` for the workspace header; writes the audit entry (with ``reason``) first."""
    audit_record(actor=user, action=AuditAction.VIEW, subject=party, reason=reason, request=request,
                 fields=["naam", "adres", "contactgegevens", "vertegenwoordiging"], organisation=party.organisation)
    today = timezone.localdate()
    valid = Q(valid_from__lte=today) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return PartyView(
        party=party,
        masked_national_number=party.masked_national_number() if party.national_number_encrypted else "",
        digital_addresses=list(party.digital_addresses.all()),
        representatives=list(Representation.objects.filter(valid, represented=party).select_related("representative")),
        represents=list(Representation.objects.filter(valid, representative=party).select_related("represented")),
        establishments=list(party.establishments.all()) if party.kind != PartyKind.PERSON else [],
        merge_candidates=list(
            PartyMergeCandidate.objects.filter(Q(party=party) | Q(other=party), status=MergeCandidateStatus.OPEN)
            .select_related("party", "other")
        ),
    )


# -- Timeline -----------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class TimelineItem:
    kind: str  # "contact", "zaak", "melding", "taak"
    at: datetime.datetime
    title: str
    detail: str
    obj: object | None
    restricted: bool = False
    refer_to: str = ""
    status: str = ""

    _pk: int = 0

    @property
    def cursor(self) -> str:
        pk = self.obj.pk if self.obj is not None else self._pk
        return f"{self.at.isoformat()}~{self.kind}~{pk}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def text(self) -> str:
        return self.detail

    @property
    def url(self) -> str:
        """Where staff open the item (a case or melding page; a callback request's answer form), or ""."""
        from django.urls import NoReverseMatch, reverse

        try:
            if self.kind == "zaak" and self.obj is not None:
                return reverse("cases:detail", kwargs={"uuid": self.obj.uuid})
            if self.kind == "melding" and self.obj is not None:
                return reverse("meldingen:staff_detail", kwargs={"pk": self.obj.pk})
            if self.kind == "taak" and self.obj is not None and self.obj.is_open:
                return reverse("contacts:answer_callback", kwargs={"pk": self.obj.pk})
        except NoReverseMatch:
            return ""
        return ""


@dataclasses.dataclass
class TimelinePage:
    items: list[TimelineItem]
    next_cursor: str | None


def _parse_cursor(value: str | None):
    if not value:
        return None
    try:
        at, kind, pk = value.rsplit("~", 2)
        moment = datetime.datetime.fromisoformat(at)
        if kind not in _KIND_RANK:
            return None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment), kind, int(pk)
    except (ValueError, TypeError):
        return None


def _before(cursor, kind: str, field: str) -> Q:
    """Rows that come after ``cursor`` in the timeline's order (time, kind, id; all descending)."""
    if cursor is None:
        return Q()
    at, cursor_kind, pk = cursor
    q = Q(**{f"{field}__lt": at})
    if _KIND_RANK[kind] < _KIND_RANK[cursor_kind]:
        q |= Q(**{field: at})
    elif kind == cursor_kind:
        q |= Q(**{field: at, "pk__lt": pk})
    return q


def _clearance(user) -> int:
    """The highest confidentiality rank ``user``'s roles allow (see loket.cases.selectors.CLEARANCE)."""
    from loket.cases.models import CONFIDENTIALITY_RANK, Confidentiality
    from loket.cases.selectors import CLEARANCE
    from loket.platform.accounts.models import Membership

    if user is None or not getattr(user, "is_authenticated", False):
        return -1
    if user.is_superuser:
        return max(CONFIDENTIALITY_RANK.values())
    cached = getattr(user, "_contacts_clearance", None)
    if cached is None:
        roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        cached = max((CONFIDENTIALITY_RANK[CLEARANCE.get(r, Confidentiality.INTERN)] for r in roles), default=-1)
        user._contacts_clearance = cached
    return cached


def _party_cases(party: Party):
    from loket.cases.models import Rol, Zaak

    return Zaak.objects.filter(Q(initiator_party=party) | Q(pk__in=Rol.objects.filter(party=party).values("zaak_id")))


def _contact_items(party, user, cursor, limit, clearance) -> list[TimelineItem]:
    from loket.cases.models import CONFIDENTIALITY_RANK, Confidentiality

    rows = (
        ContactMoment.objects.filter(_before(cursor, "contact", "started_at"), party=party)
        .select_related("actor", "product", "zaak")
        .only("pk", "uuid", "party_id", "representative_id", "channel", "direction", "started_at", "ended_at", "subject",
              "question", "answer", "outcome", "confidential", "wait_seconds", "handling_seconds", "answers_task_id",
              "actor__name", "product__name", "zaak__identificatie", "zaak__uuid")
        .order_by("-started_at", "-pk")[:limit]
    )
    open_confidential = clearance > CONFIDENTIALITY_RANK[Confidentiality.ZAAKVERTROUWELIJK]
    # Labels translated once per page (get_FOO_display hashes the lazy choices on every call).
    channels = {value: str(label) for value, label in ContactChannel.choices}
    outcomes = {value: str(label) for value, label in ContactOutcome.choices}
    items = []
    for contact in rows:
        channel = channels.get(contact.channel, contact.channel)
        about = contact.subject or (contact.product.name if contact.product_id else "") or (
            contact.zaak.identificatie if contact.zaak_id else "")
        title = f"{channel}: {about}" if about else channel
        if contact.confidential and not open_confidential:
            items.append(TimelineItem("contact", contact.started_at, channel, _("Vertrouwelijk contact"),
                                      None, restricted=True, refer_to=contact.actor.name if contact.actor_id else "",
                                      _pk=contact.pk))
            continue
        items.append(TimelineItem("contact", contact.started_at, title, contact.question[:300], contact,
                                  status=outcomes.get(contact.outcome, contact.outcome)))
    return items


def _case_items(party, user, cursor, limit, clearance) -> list[TimelineItem]:
    from loket.cases.selectors import visible_cases

    rows = list(
        _party_cases(party).filter(_before(cursor, "zaak", "created_at"))
        .select_related("zaaktype", "department", "department__organisation", "current_statustype")
        .only("pk", "uuid", "identificatie", "omschrijving", "created_at", "organisation_id", "confidentiality_rank",
              "is_closed", "uiterlijke_einddatum_afdoening", "zaaktype__omschrijving", "department__name",
              "department__organisation__name", "current_statustype__omschrijving")
        .order_by("-created_at", "-pk")[:limit]
    )
    if not rows:
        return []
    visible = set(visible_cases(user).filter(pk__in=[z.pk for z in rows]).values_list("pk", flat=True))
    items = []
    for zaak in rows:
        readable = zaak.pk in visible or (zaak.organisation_id == party.organisation_id and zaak.confidentiality_rank <= clearance)
        department = zaak.department.name
        if zaak.department.organisation_id != party.organisation_id:
            department = f"{department} ({zaak.department.organisation.name})"
        if not readable:
            items.append(TimelineItem("zaak", zaak.created_at, _("Vertrouwelijke zaak"),
                                      _("Er loopt een dossier; verwijs door naar %(department)s.") % {"department": department},
                                      None, restricted=True, refer_to=department, _pk=zaak.pk))
            continue
        status = _("afgesloten") if zaak.is_closed else (zaak.current_statustype.omschrijving if zaak.current_statustype_id else "")
        items.append(TimelineItem("zaak", zaak.created_at, f"{zaak.identificatie} {zaak.omschrijving}",
                                  zaak.zaaktype.omschrijving, zaak, refer_to=department, status=status))
    return items


def _melding_items(party, user, cursor, limit, clearance) -> list[TimelineItem]:
    from loket.meldingen.models import Melding  # meldingen builds on contacts: import when used

    rows = (
        Melding.objects.filter(_before(cursor, "melding", "created_at"), party=party)
        .select_related("category").order_by("-created_at", "-pk")[:limit]
    )
    return [TimelineItem("melding", m.created_at, str(m), f"{m.category.name}: {m.text[:200]}", m,
                         status=m.get_state_display()) for m in rows]


def _task_items(party, user, cursor, limit, clearance) -> list[TimelineItem]:
    rows = (
        InternalTask.objects.filter(_before(cursor, "taak", "created_at"), party=party)
        .select_related("department", "assignee")
        .only("pk", "uuid", "requested_action", "note", "deadline", "status", "created_at", "completed_at", "party_id",
              "contact_id", "department__name", "assignee__first_name", "assignee__last_name", "assignee__username")
        .order_by("-created_at", "-pk")[:limit]
    )
    statuses = {value: str(label) for value, label in InternalTaskStatus.choices}
    items = []
    for task in rows:
        target = task.department.name if task.department_id else str(task.assignee)
        items.append(TimelineItem("taak", task.created_at, task.requested_action,
                                  _("Voor %(target)s, uiterlijk %(deadline)s") % {"target": target,
                                                                                 "deadline": task.deadline.strftime("%d-%m-%Y")},
                                  task, refer_to=target, status=statuses.get(task.status, task.status)))
    return items


_SOURCES = {"contact": _contact_items, "zaak": _case_items, "melding": _melding_items, "taak": _task_items}


def party_timeline(party: Party, *, user, kinds=None, before: str | None = None, limit: int = 50) -> TimelinePage:
    """The party's contacts, cases, meldingen and callback tasks, newest first, ``limit`` at a time.

    ``before`` is the ``next_cursor`` of the previous page. Each source reads at most ``limit + 1`` rows through an
    index on (party, time), so a page costs the same for a party with 10 or 10,000 contacts (no N+1: related rows
    are joined). Cases the reader may not see are listed as restricted items (no content, who to refer to).
    """
    limit = max(1, min(int(limit), 2000))
    cursor = _parse_cursor(before)
    kinds = [k for k in (kinds or TIMELINE_KINDS) if k in _SOURCES]
    clearance = _clearance(user)
    items: list[TimelineItem] = []
    for kind in kinds:
        items += _SOURCES[kind](party, user, cursor, limit + 1, clearance)
    items.sort(key=lambda i: (i.at, _KIND_RANK[i.kind], i.obj.pk if i.obj is not None else i._pk), reverse=True)
    page, more = items[:limit], len(items) > limit
    return TimelinePage(items=page, next_cursor=page[-1].cursor if more and page else None)


def open_tasks_for_party(party: Party) -> list[InternalTask]:
    return list(
        InternalTask.objects.filter(party=party).exclude(status=InternalTaskStatus.DONE)
        .select_related("department", "assignee").order_by("deadline", "pk")
    )


# -- Callback requests ---------------------------------------------------------------------------------------------


def callback_queue(user, *, scope: str = "mine", include_closed: bool = False) -> QuerySet[InternalTask]:
    """Callback requests for ``user`` ("mine"), their departments ("department") or their organisation
    ("organisation"), by deadline."""
    from loket.platform.accounts.models import Membership

    queryset = InternalTask.objects.select_related("party", "department", "assignee", "contact", "contact__product")
    if scope == "department":
        departments = Membership.objects.filter(user=user).values("department_id")
        queryset = queryset.filter(department_id__in=departments)
    elif scope == "organisation":
        organisation = user_organisation(user)
        queryset = queryset.filter(organisation=organisation) if organisation else queryset.none()
    else:
        queryset = queryset.filter(assignee=user)
    if not include_closed:
        queryset = queryset.exclude(status=InternalTaskStatus.DONE)
    return queryset.order_by("deadline", "pk")


def get_callback_task(user, *, pk) -> InternalTask | None:
    """A callback request ``user`` may work on (theirs, their department's, their organisation's), or None."""
    from .services import can_work_on_task

    try:
        task = InternalTask.objects.select_related("party", "department", "assignee", "contact", "organisation").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
    if task is None:
        return None
    if can_work_on_task(user, task) or task.organisation_id == getattr(user_organisation(user), "pk", None):
        return task
    return None


def default_callback_deadline(organisation, *, today=None) -> datetime.date:
    from loket.cases import deadlines

    from .services import CALLBACK_WORKING_DAYS

    return deadlines.add_days(organisation, today or deadlines.today(), CALLBACK_WORKING_DAYS, working=True)


def task_deadline_state(task: InternalTask, *, today: datetime.date) -> str:
    """"done", "overdue", "today", "soon" (tomorrow) or "ok"."""
    if not task.is_open:
        return "done"
    if task.deadline < today:
        return "overdue"
    if task.deadline == today:
        return "today"
    return "soon" if (task.deadline - today).days <= 1 else "ok"


# -- Knowledge -----------------------------------------------------------------------------------------------------


def knowledge_article(product, organisation=None) -> KnowledgeArticle | None:
    """The internal notes about ``product``: those of ``organisation`` if given, else the first there are."""
    if product is None:
        return None
    queryset = KnowledgeArticle.objects.filter(product=product).select_related("refer_to_department")
    if organisation is not None:
        return queryset.filter(organisation=organisation).first()
    return queryset.order_by("pk").first()


def product_hits(organisation, query: str, *, limit: int = 6):
    """Products matching what the agent typed (the catalog's own search)."""
    from loket.catalog.selectors import search

    return search(organisation=organisation, query=query, limit=limit).hits


def knowledge_overview(organisation, *, query: str = "", limit: int = 100) -> list[tuple]:
    """(product, article or None) for the products the organisation offers: those matching ``query`` with the
    catalog's search, else all (articles first)."""
    from loket.catalog.models import Product
    from loket.catalog.selectors import search, visible_products

    if (query or "").strip():
        hits = search(organisation=organisation, query=query, limit=min(limit, 100)).hits
        by_id = Product.objects.in_bulk([h.id for h in hits])
        products = [by_id[h.id] for h in hits if h.id in by_id]
    else:
        products = list(visible_products(organisation).order_by("name")[:limit])
    articles = {a.product_id: a for a in KnowledgeArticle.objects.filter(product__in=products, organisation=organisation)}
    rows = [(p, articles.get(p.pk)) for p in products]
    if not query:
        rows.sort(key=lambda row: row[1] is None)
    return rows


def merge_candidates(organisation, *, status: str = MergeCandidateStatus.OPEN) -> QuerySet[PartyMergeCandidate]:
    queryset = PartyMergeCandidate.objects.filter(organisation=organisation, status=status).select_related("party", "other")
    if status == MergeCandidateStatus.OPEN:
        queryset = queryset.filter(party__is_active=True, other__is_active=True)
    return queryset.order_by("-created_at", "pk")
