"""The e-mail outbox: stored and queued with the change that causes it, delivered by the worker with retries."""

from types import SimpleNamespace

import pytest
from django.db import connections, transaction
from django.utils import timezone
from procrastinate.contrib.django import app as procrastinate_app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.jobs import Job

from loket.platform.messaging import services
from loket.platform.messaging.models import EmailStatus, OutgoingEmail
from loket.platform.messaging.tasks import MAX_ATTEMPTS, send_email
from loket.platform.tests.factories import OrganisationFactory

FAILING_BACKEND = f"{__name__}.RefusingBackend"


class RefusingBackend:
    """An e-mail backend whose SMTP server refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server refused the connection")


class Rollback(Exception):
    pass


def queue(organisation, **overrides):
    fields = {"to": ["inwoner@example.org"], "subject": "Je aanvraag is ontvangen", "body_text": "Dag Marie, ..."}
    return services.queue_email(organisation=organisation, **{**fields, **overrides})


def jobs_for(email):
    return ProcrastinateJob.objects.filter(task_name=send_email.name, args={"email_id": email.pk})


def close_thread_connections(call_next, context, worker):
    """Tasks run in worker threads: close their database connections, so the test database can be dropped."""
    try:
        return call_next()
    finally:
        connections.close_all()


def run_worker_once():
    """The real worker, as `loket worker` runs it, until the e-mail queue is empty."""
    with procrastinate_app.replace_connector(procrastinate_app.connector.get_worker_connector()) as app:
        app.run_worker(queues=["email"], wait=False, install_signal_handlers=False, listen_notify=False,
                       task_middleware=[close_thread_connections])


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_leaves_neither_email_nor_job():
    organisation = OrganisationFactory()
    jobs_before = ProcrastinateJob.objects.count()

    with pytest.raises(Rollback), transaction.atomic():
        queue(organisation)
        raise Rollback

    assert not OutgoingEmail.objects.exists()
    assert ProcrastinateJob.objects.count() == jobs_before


@pytest.mark.django_db(transaction=True)
def test_committed_email_has_exactly_one_job_on_the_email_queue():
    organisation = OrganisationFactory()

    with transaction.atomic():
        email = queue(organisation)

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert ProcrastinateJob.objects.filter(queue_name="email").count() == 1
    job = jobs_for(email).get()
    assert job.queue_name == "email"
    assert job.status == "todo"


@pytest.mark.django_db
def test_email_needs_a_recipient():
    with pytest.raises(ValueError, match="recipient"):
        queue(OrganisationFactory(), to=[])
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_deliver_sends_once_and_marks_sent(mailoutbox):
    email = queue(OrganisationFactory(), to=["marie@example.org"], body_html="<p>Dag Marie</p>")

    services.deliver(email.pk)
    services.deliver(email.pk)  # a retry after a lost acknowledgement must not send it again

    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == ["marie@example.org"]
    assert sent.subject == "Je aanvraag is ontvangen"
    assert sent.alternatives[0][0] == "<p>Dag Marie</p>"
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert email.attempts == 1


@pytest.mark.django_db
def test_failed_delivery_is_recorded_and_raised_for_a_retry(settings, mailoutbox):
    email = queue(OrganisationFactory())
    settings.EMAIL_BACKEND = FAILING_BACKEND

    for _ in range(2):
        with pytest.raises(ConnectionRefusedError):
            services.deliver(email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 2
    assert email.last_error == "ConnectionRefusedError: mail server refused the connection"
    assert email.sent_at is None
    assert mailoutbox == []


@pytest.mark.django_db
def test_success_after_failures_clears_the_error(settings, mailoutbox):
    email = queue(OrganisationFactory())
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with pytest.raises(ConnectionRefusedError):
        services.deliver(email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    services.deliver(email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 2, "")
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_mark_failed_never_downgrades_a_sent_email():
    organisation = OrganisationFactory()
    sent, queued = queue(organisation), queue(organisation)
    services.deliver(sent.pk)

    services.mark_failed(sent.pk)
    services.mark_failed(queued.pk)

    sent.refresh_from_db()
    queued.refresh_from_db()
    assert sent.status == EmailStatus.SENT
    assert queued.status == EmailStatus.FAILED


def retry_after(attempts: int):
    """Seconds until the next try after a failure, or None when the job gives up."""
    job = Job(id=1, queue="email", lock=None, queueing_lock=None, task_name=send_email.name, attempts=attempts)
    decision = send_email.retry_strategy.get_retry_decision(exception=ConnectionRefusedError(), job=job)
    return None if decision is None else (decision.retry_at - timezone.now()).total_seconds()


def test_send_email_is_retried_with_growing_waits_for_a_few_hours():
    assert send_email.queue == "email"
    assert send_email.retry_strategy.max_attempts == MAX_ATTEMPTS == 8
    waits = [retry_after(attempts) for attempts in range(MAX_ATTEMPTS)]
    assert None not in waits
    assert waits[0] < 10  # a short hiccup is retried at once
    assert waits == sorted(waits)
    assert 3600 < sum(waits) < 4 * 3600  # an outage of an hour or two is bridged; nothing waits for days
    assert retry_after(MAX_ATTEMPTS) is None


@pytest.mark.django_db
@pytest.mark.parametrize("attempts", [0, MAX_ATTEMPTS - 1, MAX_ATTEMPTS])
def test_email_is_marked_failed_exactly_when_no_retry_follows(settings, attempts):
    email = queue(OrganisationFactory())
    settings.EMAIL_BACKEND = FAILING_BACKEND
    context = SimpleNamespace(job=SimpleNamespace(attempts=attempts))

    with pytest.raises(ConnectionRefusedError):
        send_email(context, email_id=email.pk)

    email.refresh_from_db()
    last_try = retry_after(attempts) is None
    assert email.status == (EmailStatus.FAILED if last_try else EmailStatus.QUEUED)


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_the_queued_email(mailoutbox):
    email = queue(OrganisationFactory(), to=["marie@example.org"])

    run_worker_once()

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert [message.to for message in mailoutbox] == [["marie@example.org"]]
    assert jobs_for(email).get().status == "succeeded"


@pytest.mark.django_db(transaction=True)
def test_worker_schedules_a_retry_when_the_mail_server_is_down(settings, mailoutbox):
    email = queue(OrganisationFactory())
    settings.EMAIL_BACKEND = FAILING_BACKEND

    run_worker_once()

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 1
    assert "refused the connection" in email.last_error
    job = jobs_for(email).get()
    assert job.status == "todo"  # back in the queue, for a later attempt
    assert job.attempts == 1
    assert job.scheduled_at is not None
    assert mailoutbox == []
