import datetime
from zoneinfo import ZoneInfo

import pytest

from loket.platform.organisations.models import ClosedDay, Location, OpeningHours
from loket.platform.tests.factories import OrganisationFactory

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def town_hall(db):
    location = Location.objects.create(
        organisation=OrganisationFactory(), name="Gemeentehuis", kind="gemeentehuis", street="Markt",
        house_number="1", postal_code="9999", city="Heidebeek", latitude=51.08, longitude=4.62,
    )
    OpeningHours.objects.create(location=location, weekday=0, opens=datetime.time(8, 30), closes=datetime.time(12))
    OpeningHours.objects.create(location=location, weekday=0, opens=datetime.time(13, 30), closes=datetime.time(16),
                                by_appointment_only=True)
    ClosedDay.objects.create(location=location, date=datetime.date(2026, 12, 28), reason="Kerstverlof")
    return location


@pytest.mark.parametrize(("hour", "minute", "state"), [
    (8, 29, "closed"), (8, 30, "open"), (11, 59, "open"), (12, 0, "closed"),
    (13, 30, "appointment"), (15, 59, "appointment"), (16, 0, "closed"),
])
def test_opening_state_follows_the_hours_in_local_time(town_hall, hour, minute, state):
    monday = datetime.datetime(2026, 11, 23, hour, minute, tzinfo=BRUSSELS)
    assert town_hall.opening_state_at(monday) == state
    assert town_hall.is_open_at(monday) is (state == "open")


def test_a_closed_day_overrides_the_weekly_hours(town_hall):
    assert town_hall.opening_state_at(datetime.datetime(2026, 12, 28, 10, 0, tzinfo=BRUSSELS)) == "closed"


def test_home_page_tells_residents_a_counter_is_only_open_by_appointment(client, town_hall, settings):
    settings.LOKET_DEFAULT_ORGANISATION = town_hall.organisation.slug
    from unittest import mock

    from django.utils import timezone

    afternoon = datetime.datetime(2026, 11, 23, 14, 0, tzinfo=BRUSSELS)
    with mock.patch.object(timezone, "now", return_value=afternoon):
        response = client.get("/")
    assert "Nu enkel op afspraak" in response.content.decode()
