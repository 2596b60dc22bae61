"""Who is logged in on the resident side, and for whom they act.

Residents and businesses are not staff ``User``s: a log-in (OpenID Connect, or the test identity provider of the
demo) is mapped to a contacts ``Party`` and kept in the session. ``request.resident`` (set by
``resident_required``) tells a view who logged in (``party``), whose affairs are shown (``acting_for``: the party
itself, a child, someone who gave a mandate, a business) and how strong the log-in was (``assurance``).
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from loket.catalog.models import AssuranceLevel
from loket.contacts.models import Party

SESSION_KEY = "loket_resident"
#: Set when a resident session ended for inactivity; the log-in page says so (once).
EXPIRED_KEY = "loket_resident_expired"
#: Write the last-seen time at most this often (seconds): not a session save on every request.
SEEN_GRANULARITY = 15


def idle_timeout() -> int:
    """Seconds without activity after which a resident session ends (DigiD norm: 15 minutes)."""
    return int(getattr(settings, "LOKET_RESIDENT_SESSION_IDLE_SECONDS", 15 * 60))

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
    #: A business log-in (eHerkenning-style): the person who acts for the business, by name.
    acting_person: str = ""

    @property
    def is_representing(self) -> bool:
        return self.acting_for.pk != self.party.pk


def login_resident(request, party: Party, *, assurance: str, provider: str, acting_for: Party | None = None,
                   acting_person: str = "") -> None:
    """Start a resident session for ``party`` (a new session key: no fixation).

    ``acting_for``: whom the session shows from the start (default: ``party``); ``acting_person``: for a business
    log-in, the name of the person acting for it."""
    request.session.cycle_key()
    now = int(time.time())
    request.session[SESSION_KEY] = {"party": party.pk, "acting_for": (acting_for or party).pk, "assurance": assurance,
                                    "provider": provider, "since": now, "seen": now, "acting_person": acting_person}
    request.session.pop(EXPIRED_KEY, None)
    request.__dict__.pop("_resident", None)


def touch(request) -> bool:
    """Called on every request (middleware): end the resident session after :func:`idle_timeout` seconds without
    activity, else note the activity. Returns False when the session just expired."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return True
    now = int(time.time())
    seen = int(data.get("seen") or 0)
    if now - seen > idle_timeout():
        logout_resident(request)
        request.session[EXPIRED_KEY] = True
        return False
    if now - seen >= SEEN_GRANULARITY:
        request.session[SESSION_KEY] = {**data, "seen": now}
    return True


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
                                assurance=data["assurance"], provider=data["provider"],
                                acting_person=data.get("acting_person", ""))
    request.__dict__["_resident"] = resident
    return resident


def _check_representation(request, resident: Resident) -> Resident:
    """Back to the resident's own affairs when the representation ended during the session."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from .identity_services import still_represents

    if still_represents(resident):
        return resident
    set_acting_for(request, resident.party)
    messages.warning(request, _("U kunt niet meer namens %(name)s handelen: die vertegenwoordiging is beëindigd. "
                                "U ziet nu uw eigen gegevens.") % {"name": resident.acting_for.display_name})
    return current_resident(request)


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
            if resident.is_representing:
                resident = _check_representation(request, resident)
            request.resident = resident
            return func(request, *args, **kwargs)
        return wrapper
    return decorator(view) if view is not None else decorator
