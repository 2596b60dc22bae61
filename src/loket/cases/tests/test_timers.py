import datetime

from loket.cases import services
from loket.cases.models import CaseEvent, Zaak
from loket.cases.services.timers import run_deadline_checks
from loket.cases.tasks import check_deadlines
from loket.platform.messaging.models import OutgoingEmail


def test_warning_before_and_escalation_after_the_deadline_once(world):
    today = datetime.date.today()
    soon, late = world.create_case(assignee=world.handler), world.create_case()
    Zaak.objects.filter(pk=soon.pk).update(uiterlijke_einddatum_afdoening=today + datetime.timedelta(days=1))
    Zaak.objects.filter(pk=late.pk).update(uiterlijke_einddatum_afdoening=today - datetime.timedelta(days=1))
    task = services.create_task(zaak=soon, title="Advies", department=world.police_dept, deadline=today, actor=world.handler)
    counts = run_deadline_checks()
    assert counts["case_warnings"] == 1 and counts["case_escalations"] == 1 and counts["task_warnings"] == 1
    assert CaseEvent.objects.filter(zaak=soon, kind="deadline_warning").exists()
    assert CaseEvent.objects.filter(zaak=late, kind="deadline_escalated").exists()
    recipients = {addr for mail in OutgoingEmail.objects.all() for addr in mail.to}
    assert world.handler.email in recipients and world.manager.email in recipients
    assert run_deadline_checks() == dict.fromkeys(counts, 0)  # each only once
    # The job (as the worker runs it) does the same.
    assert check_deadlines(timestamp=0)["task_escalations"] == 0
    task.refresh_from_db()
    assert task.deadline_warned_at is not None
