from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import EmailStatus, OutgoingEmail


@transaction.atomic
def queue_email(*, organisation, to: list[str], subject: str, body_text: str, body_html: str = "") -> OutgoingEmail:
    """Store a message and defer its delivery, both in the caller's transaction."""
    from .tasks import send_email

    if not to:
        raise ValueError("An e-mail needs at least one recipient.")
    email = OutgoingEmail.objects.create(
        organisation=organisation, to=list(to), subject=subject, body_text=body_text, body_html=body_html,
    )
    send_email.defer(email_id=email.pk)
    return email


def deliver(email_id: int) -> OutgoingEmail:
    """Send one queued message; raises on a delivery failure so the job is retried."""
    failure = None
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.status == EmailStatus.SENT:
            return email  # a retry after a successful send that lost its acknowledgement
        email.attempts += 1
        message = EmailMultiAlternatives(
            subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=email.to,
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        try:
            message.send(fail_silently=False)
        except Exception as exc:
            email.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            email.save(update_fields=["attempts", "last_error"])
            failure = exc
        else:
            email.status, email.sent_at, email.last_error = EmailStatus.SENT, timezone.now(), ""
            email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if failure is not None:
        raise failure  # after the commit: raising inside the block would roll back attempts and last_error
    return email


def mark_failed(email_id: int) -> None:
    OutgoingEmail.objects.filter(pk=email_id).exclude(status=EmailStatus.SENT).update(status=EmailStatus.FAILED)
