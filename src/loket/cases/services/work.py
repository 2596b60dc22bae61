"""Tasks: internal service requests on a case for another department or a partner organisation.

A task has its own deadline and goes open -> accepted -> completed, or is returned (with a reason) or cancelled.
Process steps of the case type become tasks: the first group (lowest ``order`` without a start status) when the case
is created, steps tied to a status when the case reaches it, the next group when all tasks of a group are done.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines, selectors
from ..exceptions import InvalidState, NotFound, PermissionDenied, ValidationFailed
from ..models import OPEN_TASK_STATUSES, ProcessStep, StatusType, Task, TaskStatus, Zaak
from ._common import check_change, event, is_user, lock_case
from .catalogi import check_target_organisation


def _resolve_department(department):
    from loket.platform.organisations.models import Department

    if department is None or isinstance(department, Department):
        return department
    found = Department.objects.filter(pk=department).select_related("organisation").first() if str(department).isdigit() else None
    if found is None:
        raise ValidationFailed(_("Deze afdeling bestaat niet."), field="department")
    return found


@transaction.atomic
def create_task(*, zaak: Zaak, title: str, actor=None, department=None, partner=None, deadline: datetime.date | None = None,
                deadline_days: int | None = None, working_days: bool = True, description: str = "", assignee=None,
                process_step: ProcessStep | None = None) -> Task:
    """Ask a department (own organisation's or a partner's, by instance or pk) or a partner organisation as a whole
    for something on this case, with a deadline (a date, or a number of (working) days from today).

    Raises ValidationFailed (department does not exist, not a partner, no or past deadline, empty title, assignee
    not in the department), CaseClosed, PermissionDenied.
    """
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak)
    department = _resolve_department(department)
    if (department is None) == (partner is None):
        raise ValidationFailed(_("Kies een afdeling of een partnerorganisatie."), field="department")
    target = department.organisation if department is not None else partner
    check_target_organisation(zaak.organisation, target, field="department")
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("Geef een titel voor de taak."), field="title")
    today = deadlines.today()
    if deadline is None and deadline_days is not None:
        if deadline_days < 1:
            raise ValidationFailed(_("De termijn moet minstens 1 dag zijn."), field="deadline")
        deadline = deadlines.add_days(target, today, deadline_days, working=working_days)
    if deadline is None:
        raise ValidationFailed(_("Geef een termijn voor de taak."), field="deadline")
    if deadline < today:
        raise ValidationFailed(_("De termijn van een taak kan niet in het verleden liggen."), field="deadline")
    if assignee is not None and (department is None or not assignee.memberships.filter(department=department).exists()):
        raise ValidationFailed(_("Deze medewerker werkt niet in de gekozen afdeling."), field="assignee")
    task = Task.objects.create(
        organisation=target, zaak=zaak, title=title[:200], description=description, department=department,
        assignee=assignee, deadline=deadline, requested_by=actor if is_user(actor) else None, process_step=process_step,
    )
    event(zaak, actor, "task", f"Taak voor {department.name if department else target.name}: {task.title}", task=str(task.uuid))
    return task


def _lock_task(task: Task) -> Task:
    try:
        return Task.objects.select_for_update(of=("self",)).select_related("zaak", "department").get(pk=task.pk)
    except Task.DoesNotExist:
        raise NotFound(_("Deze taak bestaat niet.")) from None


def _check_task_assignee(task: Task, assignee) -> None:
    """Who does a task: a member of its department, or (a task for a partner as a whole) someone of that organisation."""
    if assignee is None:
        return
    if task.department_id:
        if not assignee.memberships.filter(department_id=task.department_id).exists():
            raise ValidationFailed(_("Deze medewerker werkt niet in de afdeling van de taak."), field="assignee")
    elif assignee.organisation_id != task.organisation_id and not assignee.memberships.filter(
            department__organisation_id=task.organisation_id).exists():
        raise ValidationFailed(_("Deze medewerker werkt niet bij de organisatie van de taak."), field="assignee")


def _check_worker(actor, task: Task) -> None:
    if is_user(actor) and not selectors.can_work_on_task(actor, task):
        raise PermissionDenied(_("Deze taak is niet voor uw afdeling of organisatie."))


@transaction.atomic
def accept_task(*, task: Task, actor=None, assignee=None) -> Task:
    """The receiving department accepts the task (and optionally who does it; default: the actor).

    Raises InvalidState (not open), PermissionDenied, ValidationFailed (assignee not in the department)."""
    task = _lock_task(task)
    _check_worker(actor, task)
    if task.status != TaskStatus.OPEN:
        raise InvalidState(_("Enkel een nieuwe taak kan aanvaard worden."))
    assignee = assignee or (actor if is_user(actor) else None)
    _check_task_assignee(task, assignee)
    task.status, task.accepted_at, task.assignee = TaskStatus.ACCEPTED, timezone.now(), assignee
    task.save(update_fields=["status", "accepted_at", "assignee"])
    event(task.zaak, actor, "task_accepted", f"Taak aanvaard: {task.title}", task=str(task.uuid))
    return task


@transaction.atomic
def return_task(*, task: Task, reason: str, actor=None) -> Task:
    """Send the task back to the requester with a reason (wrong department, not enough information, ...).

    Raises InvalidState (already completed/returned/cancelled), ValidationFailed (no reason), PermissionDenied."""
    task = _lock_task(task)
    _check_worker(actor, task)
    if task.status not in OPEN_TASK_STATUSES:
        raise InvalidState(_("Deze taak is al afgehandeld."))
    if not (reason or "").strip():
        raise ValidationFailed(_("Geef een reden om de taak terug te sturen."), field="reason")
    task.status, task.completed_at, task.response = TaskStatus.RETURNED, timezone.now(), reason.strip()
    task.save(update_fields=["status", "completed_at", "response"])
    event(task.zaak, actor, "task_returned", f"Taak teruggestuurd: {task.title}", task=str(task.uuid))
    return task


@transaction.atomic
def complete_task(*, task: Task, actor=None, response: str = "") -> Task:
    """Complete the task with its answer (advice, result). Starts the next process step group when this one is done.

    Raises InvalidState (not open/accepted), PermissionDenied."""
    # The case first (the order the case services lock in: case, then its tasks): two tasks of one parallel group
    # completed at the same moment then see each other, and exactly one of them starts the next group.
    list(Zaak.objects.select_for_update().filter(pk=task.zaak_id).values_list("pk", flat=True))
    task = _lock_task(task)
    _check_worker(actor, task)
    if task.status not in OPEN_TASK_STATUSES:
        raise InvalidState(_("Deze taak is al afgehandeld."))
    task.status, task.completed_at, task.response = TaskStatus.COMPLETED, timezone.now(), (response or "").strip()
    if task.accepted_at is None:
        task.accepted_at = task.completed_at
    if task.assignee_id is None and is_user(actor):
        task.assignee = actor
    task.save(update_fields=["status", "completed_at", "response", "accepted_at", "assignee"])
    event(task.zaak, actor, "task_completed", f"Taak afgerond: {task.title}", task=str(task.uuid))
    if task.process_step_id and not task.zaak.is_closed:
        _start_next_group(task.zaak, actor, task.process_step)
    return task


@transaction.atomic
def cancel_task(*, task: Task, reason: str, actor=None) -> Task:
    """The requesting side withdraws the task. Raises InvalidState, ValidationFailed (no reason), PermissionDenied."""
    task = _lock_task(task)
    if is_user(actor) and not selectors.can_change(actor, task.zaak):
        raise PermissionDenied(_("U mag deze zaak niet wijzigen."))
    if task.status not in OPEN_TASK_STATUSES:
        raise InvalidState(_("Deze taak is al afgehandeld."))
    if not (reason or "").strip():
        raise ValidationFailed(_("Geef een reden om de taak te annuleren."), field="reason")
    task.status, task.completed_at, task.response = TaskStatus.CANCELLED, timezone.now(), reason.strip()
    task.save(update_fields=["status", "completed_at", "response"])
    event(task.zaak, actor, "task_cancelled", f"Taak geannuleerd: {task.title}", task=str(task.uuid))
    return task


@transaction.atomic
def reassign_task(*, task: Task, actor=None, assignee=None) -> Task:
    """Give an open or accepted task to a colleague of the task's department (or nobody). Raises ValidationFailed,
    InvalidState, PermissionDenied."""
    task = _lock_task(task)
    _check_worker(actor, task)
    if task.status not in OPEN_TASK_STATUSES:
        raise InvalidState(_("Deze taak is al afgehandeld."))
    _check_task_assignee(task, assignee)
    task.assignee = assignee
    task.save(update_fields=["assignee"])
    return task


def _step_task(zaak: Zaak, step: ProcessStep, actor) -> Task:
    target = step.department.organisation if step.department_id else step.partner
    deadline = deadlines.add_days(target, deadlines.today(), step.deadline_days, working=step.working_days)
    task = Task.objects.create(
        organisation=target, zaak=zaak, title=step.name, description=step.description, department=step.department,
        deadline=deadline, requested_by=actor if is_user(actor) else None, process_step=step,
    )
    return task


def start_process_steps(*, zaak: Zaak, actor=None, statustype: StatusType | None = None) -> list[Task]:
    """Create the tasks of the process steps that start now: at creation (``statustype`` None) the first group
    without a start status; on a status, the steps tied to it. Called by the case services."""
    if not ProcessStep.objects.filter(zaaktype_id=zaak.zaaktype_id).exists():
        return []
    steps = list(zaak.zaaktype.process_steps.select_related("department__organisation", "partner").all())
    if statustype is None:
        free = [s for s in steps if s.statustype_id is None]
        if not free:
            return []
        first = min(s.order for s in free)
        chosen = [s for s in free if s.order == first]
    else:
        started = set(zaak.tasks.filter(process_step__isnull=False).values_list("process_step_id", flat=True))
        chosen = [s for s in steps if s.statustype_id == statustype.pk and s.pk not in started]
    tasks = [_step_task(zaak, step, actor) for step in chosen]
    if tasks:
        event(zaak, actor, "steps_started", "Processtappen gestart: " + ", ".join(s.name for s in chosen))
    return tasks


def _start_next_group(zaak: Zaak, actor, step: ProcessStep) -> list[Task]:
    same_group = zaak.tasks.filter(process_step__order=step.order, process_step__zaaktype=step.zaaktype_id)
    if same_group.filter(status__in=OPEN_TASK_STATUSES).exists():
        return []
    started = set(zaak.tasks.filter(process_step__isnull=False).values_list("process_step_id", flat=True))
    later = [s for s in zaak.zaaktype.process_steps.select_related("department__organisation", "partner")
             if s.order > step.order and s.statustype_id is None and s.pk not in started]
    if not later:
        return []
    next_order = min(s.order for s in later)
    chosen = [s for s in later if s.order == next_order]
    tasks = [_step_task(zaak, s, actor) for s in chosen]
    event(zaak, actor, "steps_started", "Processtappen gestart: " + ", ".join(s.name for s in chosen))
    return tasks
