from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from loket.platform.accounts.decorators import staff_required
from loket.platform.accounts.models import Membership
from loket.platform.organisations.models import Weekday
from loket.platform.organisations.selectors import public_locations


def home(request):
    """The resident front door."""
    organisation = request.organisation or None
    locations = public_locations(organisation)[:6] if organisation else []
    now = timezone.localtime()
    return render(request, "web/home.html", {
        "locations": [(location, location.opening_state_at(now)) for location in locations],
    })


def locations(request):
    """Contact and opening hours of every public location."""
    organisation = request.organisation or None
    rows = []
    now = timezone.localtime()
    for location in (public_locations(organisation, with_partners=True) if organisation else []):
        hours = {day: [] for day in Weekday}
        for period in location.opening_hours.all():
            hours[Weekday(period.weekday)].append(period)
        rows.append({"location": location, "hours": hours.items(), "state": location.opening_state_at(now)})
    return render(request, "web/locations.html", {"rows": rows})


@staff_required
def workspace(request):
    """The staff member's start page: their organisation, departments, roles and colleagues."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("department__organisation", "team")
        .prefetch_related(Prefetch("department__memberships", queryset=Membership.objects.select_related("user")))
    )
    return render(request, "staff/workspace.html", {"memberships": memberships})
