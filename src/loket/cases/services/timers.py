"""Deadline timers: a warning before a case's or task's deadline, an escalation after it.

Run by the periodic job :func:`loket.cases.tasks.check_deadlines`. Each case or task is warned and escalated
once (``deadline_warned_at`` / ``deadline_escalated_at``; cleared when the deadline moves). The warning goes to
the assignee (or, without one, the managers of the department); the escalation to the department's managers.
Messages go through the e-mail outbox in the same transaction.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.platform.accounts.models import Membership, Role
from loket.platform.messaging.services import queue_email
from loket.platform.organisations.models import Organisation

from .. import deadlines
from ..models import OPEN_TASK_STATUSES, Task, Zaak
from ._common import event

logger = logging.getLogger(__name__)
BATCH = 500


def _managers(department_id) -> list[str]:
    return list(
        Membership.objects.filter(department_id=department_id, role=Role.MANAGER, user__is_active=True)
        .exclude(user__email="").values_list("user__email", flat=True).distinct()
    )


def _notify(organisation, recipients: list[str], subject: str, body: str) -> None:
    recipients = sorted({r for r in recipients if r})
    if recipients:
        queue_email(organisation=organisation, to=recipients, subject=subject, body_text=body)


def run_deadline_checks(*, today: datetime.date | None = None) -> dict:
    """Warn and escalate; returns counts {"case_warnings", "case_escalations", "task_warnings", "task_escalations"}."""
    today = today or deadlines.today()
    counts = dict.fromkeys(("case_warnings", "case_escalations", "task_warnings", "task_escalations"), 0)
    organisation_ids = set(Zaak.objects.filter(is_closed=False).values_list("organisation_id", flat=True).distinct())
    organisation_ids |= set(Task.objects.filter(status__in=OPEN_TASK_STATUSES).values_list("organisation_id", flat=True).distinct())
    for organisation in Organisation.objects.filter(pk__in=organisation_ids):
        horizon = deadlines.add_days(organisation, today, deadlines.settings_for(organisation).warning_days, working=True)
        open_cases = Zaak.objects.filter(organisation=organisation, is_closed=False, opschorting_indicatie=False)
        for zaak in open_cases.filter(uiterlijke_einddatum_afdoening__lt=today, deadline_escalated_at__isnull=True).select_related("assignee", "department")[:BATCH]:
            with transaction.atomic():
                counts["case_escalations"] += _escalate_case(zaak, organisation)
        for zaak in open_cases.filter(
            uiterlijke_einddatum_afdoening__gte=today, uiterlijke_einddatum_afdoening__lte=horizon, deadline_warned_at__isnull=True,
        ).select_related("assignee", "department")[:BATCH]:
            with transaction.atomic():
                counts["case_warnings"] += _warn_case(zaak, organisation)
        open_tasks = Task.objects.filter(organisation=organisation, status__in=OPEN_TASK_STATUSES).select_related("zaak", "assignee", "department")
        for task in open_tasks.filter(deadline__lt=today, deadline_escalated_at__isnull=True)[:BATCH]:
            with transaction.atomic():
                counts["task_escalations"] += _task_timer(task, organisation, escalate=True)
        for task in open_tasks.filter(deadline__gte=today, deadline__lte=horizon, deadline_warned_at__isnull=True)[:BATCH]:
            with transaction.atomic():
                counts["task_warnings"] += _task_timer(task, organisation, escalate=False)
    if any(counts.values()):
        logger.info("deadline checks", extra=counts)
    return counts


def _claim(model, obj, deadline_field: str, flag: str, **values) -> bool:
    """Mark ``obj`` as warned/escalated only if nobody did meanwhile and its deadline did not move since it was read
    (another run of the job, a resumed or extended case): then only one message goes out, about the right date."""
    return model.objects.filter(
        pk=obj.pk, **{f"{flag}__isnull": True, deadline_field: getattr(obj, deadline_field)},
    ).update(**values) == 1


def _warn_case(zaak: Zaak, organisation) -> bool:
    if not _claim(Zaak, zaak, "uiterlijke_einddatum_afdoening", "deadline_warned_at", deadline_warned_at=timezone.now()):
        return False
    event(zaak, None, "deadline_warning", f"Termijn verstrijkt op {zaak.uiterlijke_einddatum_afdoening:%d-%m-%Y}")
    recipients = [zaak.assignee.email] if zaak.assignee_id else _managers(zaak.department_id)
    values = {"number": zaak.identificatie, "description": zaak.omschrijving, "date": f"{zaak.uiterlijke_einddatum_afdoening:%d-%m-%Y}"}
    _notify(organisation, recipients, _("Termijn nadert: zaak %(number)s") % values,
            _("De termijn van zaak %(number)s (%(description)s) verstrijkt op %(date)s.") % values)
    return True


def _escalate_case(zaak: Zaak, organisation) -> bool:
    now = timezone.now()
    if not _claim(Zaak, zaak, "uiterlijke_einddatum_afdoening", "deadline_escalated_at",
                  deadline_escalated_at=now, deadline_warned_at=zaak.deadline_warned_at or now):
        return False
    event(zaak, None, "deadline_escalated", f"Termijn overschreden sinds {zaak.uiterlijke_einddatum_afdoening:%d-%m-%Y}")
    recipients = _managers(zaak.department_id) + ([zaak.assignee.email] if zaak.assignee_id else [])
    values = {"number": zaak.identificatie, "description": zaak.omschrijving, "department": zaak.department.name,
              "date": f"{zaak.uiterlijke_einddatum_afdoening:%d-%m-%Y}"}
    _notify(organisation, recipients, _("Termijn overschreden: zaak %(number)s") % values,
            _("De termijn van zaak %(number)s (%(description)s) is verstreken op %(date)s. Afdeling: %(department)s.") % values)
    return True


def _task_timer(task: Task, organisation, *, escalate: bool) -> bool:
    now = timezone.now()
    if escalate:
        if not _claim(Task, task, "deadline", "deadline_escalated_at", deadline_escalated_at=now,
                      deadline_warned_at=task.deadline_warned_at or now):
            return False
        kind, subject = "task_escalated", _("Taak over termijn: %(title)s (%(number)s)") % {"title": task.title, "number": task.zaak.identificatie}
    else:
        if not _claim(Task, task, "deadline", "deadline_warned_at", deadline_warned_at=now):
            return False
        kind, subject = "task_warning", _("Termijn taak nadert: %(title)s (%(number)s)") % {"title": task.title, "number": task.zaak.identificatie}
    event(task.zaak, None, kind, f"{subject}; termijn {task.deadline:%d-%m-%Y}", task=str(task.uuid))
    recipients = [task.assignee.email] if task.assignee_id else []
    if escalate or not recipients:
        recipients += _managers(task.department_id) if task.department_id else []
    _notify(organisation, recipients, subject, _("%(subject)s. Termijn: %(date)s.") % {"subject": subject, "date": f"{task.deadline:%d-%m-%Y}"})
    return True
