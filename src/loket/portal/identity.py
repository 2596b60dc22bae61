"""Who is logged in on the resident side, and for whom they act.

Residents and businesses are not staff ``User``s: a log-in (OpenID Connect, or the test identity provider of the
demo) is mapped to a contacts ``Party`` and kept in the session. ``request.resident`` (set by
``resident_required``) tells a view who logged in (``party``), whose affairs are shown (``acting_for``: the party
itself, a child, someone who gave a mandate, a business) and how strong the log-in was (``assurance``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from loket.catalog.models import AssuranceLevel
from loket.contacts.models import Party

SESSION_KEY = "loket_resident"

#: eIDAS levels from weak to strong: a log-in satisfies every level up to its own.
ASSURANCE_ORDER = [AssuranceLevel.LOW, AssuranceLevel.SUBSTANTIAL, AssuranceLevel.HIGH]


def satisfies(have: str, need: str) -> bool:
    """Whether a log-in of level ``have`` may use something that needs ``need`` ("" needs no log-in)."""
    if not need:
        return True
    if have not in ASSURANCE_ORDER or need not in ASSURANCE_ORDER:
        return False
    return ASSURANCE_ORDER.index(have) >= ASSURANCE_ORDER.index(need)


@dataclass(frozen=True)
class Resident:
    party: Party
    acting_for: Party
    assurance: str
    provider: str

    @property
    def is_representing(self) -> bool:
        return self.acting_for.pk != self.party.pk


def login_resident(request, party: Party, *, assurance: str, provider: str) -> None:
    """Start a resident session for ``party`` (a new session key: no fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"party": party.pk, "acting_for": party.pk, "assurance": assurance,
                                    "provider": provider}
    request.__dict__.pop("_resident", None)


def logout_resident(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    request.__dict__.pop("_resident", None)


def set_acting_for(request, party: Party) -> None:
    """Switch whose affairs are shown. The caller (portal services) has checked the representation."""
    data = dict(request.session[SESSION_KEY])
    data["acting_for"] = party.pk
    request.session[SESSION_KEY] = data
    request.__dict__.pop("_resident", None)


def current_resident(request) -> Resident | None:
    """The logged-in resident, or None (also when their party was merged away or deactivated)."""
    if "_resident" in request.__dict__:
        return request.__dict__["_resident"]
    data = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    resident = None
    if data:
        parties = {p.pk: p for p in Party.objects.filter(pk__in={data["party"], data["acting_for"]}, is_active=True)}
        if data["party"] in parties and data["acting_for"] in parties:
            resident = Resident(party=parties[data["party"]], acting_for=parties[data["acting_for"]],
                                assurance=data["assurance"], provider=data["provider"])
    request.__dict__["_resident"] = resident
    return resident


def login_url(next_url: str, assurance: str = "") -> str:
    query = {"next": next_url}
    if assurance:
        query["niveau"] = assurance
    return f"{reverse('portal:login')}?{urlencode(query)}"


def resident_required(view=None, *, assurance: str = ""):
    """Only for a logged-in resident (with at least ``assurance``); others go to the log-in page and come back.

    Sets ``request.resident``."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(request, *args, **kwargs):
            resident = current_resident(request)
            if resident is None or not satisfies(resident.assurance, assurance):
                return redirect(login_url(request.get_full_path(), assurance))
            request.resident = resident
            return func(request, *args, **kwargs)
        return wrapper
    return decorator(view) if view is not None else decorator
