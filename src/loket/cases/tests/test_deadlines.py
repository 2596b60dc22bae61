import datetime

from loket.cases import deadlines
from loket.cases.models import CaseSettings
from loket.platform.organisations.models import ClosedDay
from loket.platform.tests.factories import LocationFactory, OrganisationFactory


def test_belgian_and_dutch_holidays_and_own_closed_days(db):
    deadlines.clear_cache()
    be = OrganisationFactory()
    nl = OrganisationFactory(country="NL")
    CaseSettings.objects.create(organisation=nl, holiday_country="NL")
    # 21 July (Belgian national day, a Tuesday in 2026) counts in Belgium only; King's Day (27 April) in NL only.
    assert not deadlines.is_working_day(be, datetime.date(2026, 7, 21))
    assert deadlines.is_working_day(nl, datetime.date(2026, 7, 21))
    assert not deadlines.is_working_day(nl, datetime.date(2026, 4, 27))
    assert deadlines.is_working_day(be, datetime.date(2026, 4, 27))
    # Friday 17 July + 2 working days in Belgium: Monday 20, (Tuesday 21 is a holiday) Wednesday 22.
    assert deadlines.add_days(be, datetime.date(2026, 7, 17), 2, working=True) == datetime.date(2026, 7, 22)
    assert deadlines.add_days(be, datetime.date(2026, 7, 17), 2, working=False) == datetime.date(2026, 7, 19)
    # A day on which all of the organisation's locations are closed does not count either.
    location = LocationFactory(organisation=be)
    ClosedDay.objects.create(location=location, date=datetime.date(2026, 7, 20), reason="Kermismaandag")
    deadlines.clear_cache()
    assert deadlines.add_days(be, datetime.date(2026, 7, 17), 2, working=True) == datetime.date(2026, 7, 23)
    assert deadlines.working_days_between(be, datetime.date(2026, 7, 17), datetime.date(2026, 7, 23)) == 2
    deadlines.clear_cache()


def test_iso_durations():
    assert deadlines.parse_duration("P10Y").years == 10
    assert deadlines.parse_duration("P1Y6M").months == 6
    assert not deadlines.is_duration("10 jaar")
    assert not deadlines.is_duration("P")
