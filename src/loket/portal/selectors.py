"""Reads for "Mijn loket". Every function takes the party whose affairs are shown (``request.resident.acting_for``)
and returns only what that party may see; another party's case, document or message is "not found" (a 404, never a
403 that would confirm it exists).

Which case documents a resident sees (docs/portal.md):

- documents the resident sent (uploaded on request in Mijn loket), always;
- other documents of their case whose confidentiality (ZGW ``vertrouwelijkheidaanduiding`` of the latest version)
  is ``openbaar``, ``beperkt_openbaar`` or ``zaakvertrouwelijk`` ("confidential to those involved in the case":
  the resident is involved) — never ``intern`` or anything stricter, and never a file the virus scanner flagged;
- decisions' documents by the same rule. Notes, tasks and internal events of a case are never shown.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from loket.cases.models import (
    Besluit,
    BesluitInformatieObject,
    Confidentiality,
    Rol,
    ScanStatus,
    Status,
    Zaak,
    ZaakInformatieObject,
)
from loket.contacts.models import ContactChannel, ContactMoment, InternalTask

from .models import DocumentRequest, PortalMessage

#: Cases behind meldingen are shown under "Mijn meldingen" (with the melding's own status page), not as cases.
MELDINGEN_SOURCE = "meldingen"
RESIDENT_CONFIDENTIALITY = (Confidentiality.OPENBAAR, Confidentiality.BEPERKT_OPENBAAR, Confidentiality.ZAAKVERTROUWELIJK)


# -- Cases ---------------------------------------------------------------------------------------------------------


def case_ids(party) -> list[int]:
    """Ids of the cases of ``party`` in one index-friendly query (a UNION of the initiator index and the role index:
    an OR with an EXISTS would scan every case)."""
    initiated = Zaak.objects.filter(initiator_party=party).exclude(source_app=MELDINGEN_SOURCE).values_list("pk", flat=True)
    with_role = (Rol.objects.filter(party=party).exclude(zaak__source_app=MELDINGEN_SOURCE)
                 .values_list("zaak_id", flat=True))
    return list(initiated.order_by().union(with_role.order_by()))


def cases_for(party, *, ids: list[int] | None = None):
    """The cases of ``party``: initiator, or a role in the case (co-applicant, interested party, ...); not the cases
    behind meldingen (those are under "Mijn meldingen"). ``ids``: from :func:`case_ids` when already read."""
    return (Zaak.objects.filter(pk__in=case_ids(party) if ids is None else ids)
            .select_related("zaaktype", "current_statustype", "resultaat__resultaattype")
            .order_by("is_closed", "-registratiedatum", "-pk"))


def get_case(party, uuid) -> Zaak | None:
    try:
        return cases_for(party).select_related("organisation").filter(uuid=uuid).first()
    except (ValueError, TypeError):
        return None


def _resident_documents_q(sent_ids):
    return (Q(informatieobject__in=sent_ids)
            | Q(informatieobject__latest_version__vertrouwelijkheidaanduiding__in=RESIDENT_CONFIDENTIALITY))


def visible_documents(zaak):
    """The case's documents the resident may see (see module docstring), oldest first."""
    sent_ids = DocumentRequest.objects.filter(zaak=zaak, document__isnull=False).values("document_id")
    return (ZaakInformatieObject.objects.filter(zaak=zaak).filter(_resident_documents_q(sent_ids))
            .exclude(informatieobject__latest_version__scan_status=ScanStatus.INFECTED)
            .select_related("informatieobject__latest_version", "informatieobject__informatieobjecttype")
            .order_by("registratiedatum", "pk"))


def visible_document(zaak, document_uuid):
    """The latest version of a document of the case the resident may see, or None."""
    try:
        link = visible_documents(zaak).filter(informatieobject__uuid=document_uuid).first()
    except (ValueError, TypeError):
        return None
    if link is None:
        return None
    document = link.informatieobject
    return document.latest_version if document.latest_version_id else None


@dataclasses.dataclass
class TimelineStep:
    name: str
    state: str  # "done", "current", "todo"
    at: datetime.datetime | None
    explanation: str


@dataclasses.dataclass
class CasePage:
    zaak: Zaak
    steps: list[TimelineStep]
    documents: list
    decisions: list
    open_requests: list
    sent_requests: list
    next_step: str


def case_page(zaak) -> CasePage:
    """Everything the resident's case page shows, in a fixed number of queries."""
    statustypen = list(zaak.zaaktype.statustypen.order_by("volgnummer"))
    history = list(Status.objects.filter(zaak=zaak).order_by("datum_status_gezet", "pk"))
    reached = {}
    for status in history:
        reached[status.statustype_id] = status.datum_status_gezet
    current = zaak.current_statustype
    current_rank = current.volgnummer if current is not None else -1
    steps = []
    for statustype in statustypen:
        if zaak.is_closed or statustype.volgnummer < current_rank:
            state = "done"
        elif statustype.volgnummer == current_rank:
            state = "current"
        else:
            state = "todo"
        if zaak.is_closed and statustype.volgnummer > current_rank:
            continue  # never reached
        steps.append(TimelineStep(name=statustype.omschrijving, state=state, at=reached.get(statustype.pk),
                                  explanation=statustype.statustekst if state != "todo" else ""))
    if zaak.is_closed and steps:
        steps[-1].state = "done"
    upcoming = [s for s in steps if s.state == "todo"]
    documents = list(visible_documents(zaak))
    visible_ids = {link.informatieobject_id for link in documents}
    decisions = list(Besluit.objects.filter(zaak=zaak).select_related("besluittype").prefetch_related(
        Prefetch("documents", queryset=BesluitInformatieObject.objects.select_related(
            "informatieobject__latest_version"), to_attr="all_documents")).order_by("datum", "pk"))
    for besluit in decisions:
        besluit.visible_documents = [link.informatieobject for link in besluit.all_documents
                                     if link.informatieobject_id in visible_ids]
    requests = list(DocumentRequest.objects.filter(zaak=zaak, cancelled_at__isnull=True).order_by("due_date", "pk"))
    return CasePage(
        zaak=zaak, steps=steps, documents=documents, decisions=decisions,
        open_requests=[r for r in requests if r.fulfilled_at is None],
        sent_requests=[r for r in requests if r.fulfilled_at is not None],
        next_step=upcoming[0].name if upcoming else "",
    )


def open_document_requests(party, *, ids: list[int] | None = None):
    return (DocumentRequest.objects.filter(zaak__in=case_ids(party) if ids is None else ids, zaak__is_closed=False,
                                           fulfilled_at__isnull=True, cancelled_at__isnull=True)
            .select_related("zaak__zaaktype").order_by("due_date", "pk"))


# -- Meldingen -----------------------------------------------------------------------------------------------------


def meldingen_for(party):
    from loket.meldingen.selectors import meldingen_for_party

    return meldingen_for_party(party)


# -- Questions -----------------------------------------------------------------------------------------------------


def questions_for(party):
    """Questions the party asked in Mijn loket (web form contacts) with their answers, newest first. Each has
    ``answers``: the outgoing contacts that answered its callback task (oldest first)."""
    answers = ContactMoment.objects.filter(answers_task__isnull=False).order_by("started_at", "pk")
    tasks = InternalTask.objects.prefetch_related(Prefetch("answer_contacts", queryset=answers, to_attr="answers"))
    questions = list(ContactMoment.objects.filter(party=party, channel=ContactChannel.WEB_FORM, direction="inkomend")
                     .select_related("product").prefetch_related(Prefetch("tasks", queryset=tasks, to_attr="all_tasks"))
                     .order_by("-started_at", "-pk"))
    for question in questions:
        question.answers = [answer for task in question.all_tasks for answer in task.answers]
        question.is_answered = bool(question.answers) or bool(question.answer)
    return questions


# -- Messages --------------------------------------------------------------------------------------------------------


def messages_for(party):
    return PortalMessage.objects.filter(party=party).select_related("zaak").order_by("-created_at", "-pk")


def unread_count(party) -> int:
    return PortalMessage.objects.filter(party=party, read_at__isnull=True).count()


def get_message(party, uuid) -> PortalMessage | None:
    try:
        return messages_for(party).filter(uuid=uuid).first()
    except (ValueError, TypeError):
        return None


# -- Overview --------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Overview:
    document_requests: list
    drafts: list
    unread_messages: list
    answers: list
    open_cases: list
    open_case_count: int
    closed_case_count: int
    meldingen: list
    open_melding_count: int
    questions: list
    open_question_count: int
    unread_count: int


def drafts_for(party) -> list:
    """Forms the party started and did not send yet (the eforms app, when installed)."""
    try:
        from loket.eforms.selectors import drafts_for as eforms_drafts
    except ImportError:  # the eforms app is not there (yet): nothing to resume
        return []
    return list(eforms_drafts(party))


def overview(party, *, latest: int = 3) -> Overview:
    """The /mijn/ page: what needs attention first, then the latest of each kind with counts."""
    ids = case_ids(party)
    cases = cases_for(party, ids=ids)
    counts = {row["is_closed"]: row["n"] for row in cases.order_by().values("is_closed").annotate(n=_count())}
    messages = messages_for(party)
    unread = list(messages.filter(read_at__isnull=True)[:latest])
    unread_total = unread_count(party) if len(unread) == latest else len(unread)
    meldingen = meldingen_for(party)
    questions = questions_for(party)
    return Overview(
        document_requests=list(open_document_requests(party, ids=ids)),
        drafts=drafts_for(party),
        unread_messages=unread,
        answers=[m for m in unread if m.kind == "answer"],
        open_cases=list(cases.filter(is_closed=False)[:latest]),
        open_case_count=counts.get(False, 0),
        closed_case_count=counts.get(True, 0),
        meldingen=list(meldingen[:latest]),
        open_melding_count=meldingen.filter(is_open=True).count(),
        questions=questions[:latest],
        open_question_count=sum(1 for q in questions if not q.is_answered),
        unread_count=unread_total,
    )


def _count():
    from django.db.models import Count

    return Count("pk")


# -- Access log --------------------------------------------------------------------------------------------------------


def staff_accesses(party):
    """Audit entries about ``party`` made by staff members (not the resident's own changes, not the system),
    newest first, with the staff member's departments (``departments``) for display."""
    from loket.platform.audit.selectors import accesses_to

    return accesses_to(party).filter(actor__isnull=False).order_by("-timestamp", "-pk")


def recent_logins(party, *, limit: int = 10) -> list:
    """The latest log-ins, log-outs and representation switches by or for ``party`` (someone acting for them
    included), newest first."""
    from .models import LoginEvent

    return list(LoginEvent.objects.filter(Q(party=party) | Q(acting_for=party)).select_related("party", "acting_for")
                .order_by("-created_at", "-pk")[:limit])


def staff_roles(user_ids) -> dict[int, list[str]]:
    """For the access log: each staff member's role and department ("KCC-medewerker, Burgerzaken (Gemeente X)"),
    not their name (docs/portal.md explains why)."""
    from loket.platform.accounts.models import Membership, Role

    labels = dict(Role.choices)
    result: dict[int, list[str]] = {}
    rows = (Membership.objects.filter(user_id__in={pk for pk in user_ids if pk})
            .values_list("user_id", "role", "department__name", "department__organisation__name")
            .order_by("department__name", "role"))
    for user_id, role, department, organisation in rows:
        result.setdefault(user_id, []).append(
            _("%(role)s, %(department)s (%(organisation)s)")
            % {"role": labels.get(role, role), "department": department, "organisation": organisation})
    return result
