from django.utils.functional import SimpleLazyObject

from .identity import current_resident


def _can_represent(request) -> bool:
    resident = current_resident(request)
    if resident is None:
        return False
    from .identity_services import can_represent

    return can_represent(resident.party)


def resident(request):
    """``portal_resident``: the logged-in resident (a :class:`loket.portal.identity.Resident`) or None, and
    ``portal_resident_can_represent``: whether they may act for someone else; both read lazily (no query unless a
    template uses them)."""
    return {
        "portal_resident": SimpleLazyObject(lambda: current_resident(request)),
        "portal_resident_can_represent": SimpleLazyObject(lambda: _can_represent(request)),
    }
