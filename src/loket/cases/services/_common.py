"""Helpers shared by the case services."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import selectors
from ..exceptions import CaseClosed, NotFound, PermissionDenied
from ..models import CaseEvent, Zaak


def is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def lock_case(zaak: Zaak, actor=None) -> Zaak:
    """Re-read the case with a row lock (call inside a transaction).

    With a staff ``actor`` the read is limited to cases the actor may change (one query for both), so the
    following :func:`check_change` needs no query of its own; raises PermissionDenied when the actor may not.
    """
    queryset = Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype", "organisation")
    access = selectors._access_q(actor, changing=True) if is_user(actor) else None
    try:
        if access is None:
            locked = queryset.get(pk=zaak.pk)
        else:
            locked = queryset.filter(access).get(pk=zaak.pk)
    except Zaak.DoesNotExist:
        if access is not None and Zaak.objects.filter(pk=zaak.pk).exists():
            raise PermissionDenied(_("U mag deze zaak niet wijzigen.")) from None
        raise NotFound(_("Deze zaak bestaat niet.")) from None
    if access is not None:
        locked._change_checked_for = actor.pk
    return locked


def check_change(actor, zaak: Zaak, *, allow_closed: bool = False) -> None:
    """``actor`` None is the system (other apps, background jobs); a user needs change rights."""
    already = is_user(actor) and getattr(zaak, "_change_checked_for", None) == actor.pk
    if is_user(actor) and not already and not selectors.can_change(actor, zaak):
        raise PermissionDenied(_("U mag deze zaak niet wijzigen."))
    if zaak.is_closed and not allow_closed:
        raise CaseClosed()


def event(zaak: Zaak, actor, kind: str, message: str, **data) -> CaseEvent:
    created = CaseEvent.objects.create(zaak=zaak, actor=actor if is_user(actor) else None, kind=kind, message=str(message)[:500], data=data)
    if zaak.initiator_party_id:  # tell the resident (portal message + e-mail/SMS), in this transaction
        from loket.portal.notifications import case_event

        case_event(zaak, kind, data)
    return created


def on_commit(func) -> None:
    transaction.on_commit(func)
