"""Saved work-queue filters (bulk assignment is :func:`loket.cases.services.cases.bulk_assign`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..exceptions import PermissionDenied, ValidationFailed
from ..models import SavedFilter
from ..selectors import QueueFilters, _memberships


@transaction.atomic
def save_filter(*, owner, name: str, filters: dict, shared_with=None) -> SavedFilter:
    """Save (or overwrite, by name) a work-queue filter of ``owner``; optionally shared with one of their departments.

    Raises ValidationFailed (empty name, unknown filters), PermissionDenied (sharing with a department the owner is not in).
    """
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Geef het filter een naam."), field="name")
    if len(name) > 100:
        raise ValidationFailed(_("De naam mag hoogstens 100 tekens hebben."), field="name")
    clean = QueueFilters.from_dict(filters).to_dict()
    if shared_with is not None and not owner.is_superuser and shared_with.pk not in {m.department_id for m in _memberships(owner)}:
        raise PermissionDenied(_("U kunt enkel delen met een afdeling waarin u werkt."))
    organisation = owner.organisation or (shared_with.organisation if shared_with else None)
    if organisation is None:
        raise ValidationFailed(_("Deze medewerker hoort bij geen organisatie."))
    saved, _created = SavedFilter.objects.update_or_create(
        owner=owner, name=name, defaults={"filters": clean, "shared_with": shared_with, "organisation": organisation},
    )
    return saved


@transaction.atomic
def delete_filter(*, saved_filter: SavedFilter, actor) -> None:
    """Only the owner removes a saved filter. Raises PermissionDenied."""
    if saved_filter.owner_id != actor.pk:
        raise PermissionDenied(_("Enkel wie het filter bewaarde, kan het verwijderen."))
    saved_filter.delete()
