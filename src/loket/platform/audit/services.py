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


# -- ZGW audit trail (changes through the ZGW APIs) ------------------------------------------------

ACTIE_WEERGAVE = {
    "create": "Object aangemaakt",
    "update": "Object bijgewerkt",
    "partial_update": "Object deels bijgewerkt",
    "destroy": "Object verwijderd",
    "list": "Objecten opgevraagd",
    "retrieve": "Object opgevraagd",
}


def record_api_change(*, request, bron: str, actie: str, resultaat: int, hoofd_object: str, resource: str,
                      resource_url: str, resource_weergave: str, oud=None, nieuw=None, toelichting: str = "",
                      organisation=None):
    """Append one ZGW audit trail entry; call it inside the transaction of the change.

    ``oud``/``nieuw`` are the API representations before/after (None for create/destroy). The application
    comes from ``request.auth`` (a ZGW ClientAuth); the end user from the JWT claims ``user_id`` and
    ``user_representation`` when the client sends them. ``toelichting`` from the ``X-Audit-Toelichting`` header.
    """
    import uuid as _uuid

    from loket.platform.zgw.permissions import uuid_from_url

    from .models import ApiAuditTrail

    auth = getattr(request, "auth", None) if request is not None else None
    applicatie = getattr(auth, "applicatie", None)
    claims = getattr(auth, "claims", None) or {}
    if not toelichting and request is not None:
        toelichting = request.headers.get("X-Audit-Toelichting", "")
    return ApiAuditTrail.objects.create(
        uuid=_uuid.uuid4(),
        organisation=organisation or getattr(applicatie, "organisation", None),
        bron=bron,
        applicatie_id=str(applicatie.uuid) if applicatie is not None else getattr(auth, "client_id", "")[:100],
        applicatie_weergave=(applicatie.label if applicatie is not None else getattr(auth, "client_id", ""))[:200],
        gebruikers_id=str(claims.get("user_id") or "")[:255],
        gebruikers_weergave=str(claims.get("user_representation") or "")[:255],
        actie=actie[:50],
        actie_weergave=ACTIE_WEERGAVE.get(actie, actie)[:200],
        resultaat=resultaat,
        hoofd_object=hoofd_object,
        hoofd_object_uuid=uuid_from_url(hoofd_object),
        resource=resource[:50],
        resource_url=resource_url,
        resource_weergave=(resource_weergave or resource)[:200],
        toelichting=toelichting,
        oud=oud,
        nieuw=nieuw,
    )
