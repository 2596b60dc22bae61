"""Record access to personal data. Every app calls :func:`record` when it shows or changes a person.

Example, in a view that shows a resident::

    audit.record(actor=request.user, action=AuditAction.VIEW, subject=party,
                 reason="Telefonische vraag over parkeervergunning", request=request,
                 fields=["naam", "adres", "rijksregisternummer"])
"""

from django.db import models

from loket.platform.core.logging import request_id_var

from .models import AuditAction, AuditEntry

SYSTEM_ACTOR = "Systeem"


class MissingReason(ValueError):
    """Personal data may only be opened for a stated reason."""


def _label(instance: models.Model) -> str:
    return instance._meta.label_lower


def _subject_display(subject) -> str:
    display = getattr(subject, "audit_display", None)
    return display() if callable(display) else str(subject)


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(*, actor, action: str, subject: models.Model, reason: str, request=None,
           obj: models.Model | None = None, fields: list[str] | None = None, organisation=None) -> AuditEntry:
    """Append one entry. ``subject`` is the person the data is about; ``obj`` the record opened, if another."""
    reason = (reason or "").strip()
    if not reason:
        raise MissingReason("A reason is required to access personal data.")
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}.")
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_display=(actor.get_full_name() or actor.get_username()) if is_user else (str(actor) if actor else SYSTEM_ACTOR),
        organisation=organisation or (getattr(actor, "organisation", None) if is_user else None),
        action=action,
        subject_type=_label(subject),
        subject_id=str(subject.pk),
        subject_display=_subject_display(subject)[:200],
        object_type=_label(obj) if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        fields=list(fields or []),
        reason=reason[:500],
        request_id=request_id_var.get() if request_id_var.get() != "-" else "",
        ip_address=_client_ip(request),
        path=request.get_full_path()[:500] if request is not None else "",
    )
