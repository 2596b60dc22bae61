"""Working days and deadlines per organisation.

A working day is a weekday that is not a public holiday of the organisation's country (the ``holidays``
library; Belgium or the Netherlands, optionally a subdivision, set in :class:`CaseSettings`) and, when the
organisation wants it, not a day on which all its locations are closed (its own ClosedDay records).
Holiday sets are cached per process for a few minutes.
"""

import datetime
import re
import time
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.platform.organisations.models import ClosedDay, Location

from .exceptions import ValidationFailed

_CACHE_SECONDS = 300
MAX_TERM_DAYS = 100 * 366  # longer terms are input errors (and would loop for long over working days)
_closed_cache: dict[int, tuple[float, frozenset[datetime.date]]] = {}


_settings_cache: dict[int, tuple[float, object]] = {}


def settings_for(organisation):
    """The organisation's CaseSettings (defaults when it has none); cached per process, cleared when saved."""
    from .models import CaseSettings

    cached = _settings_cache.get(organisation.pk)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    row = CaseSettings.objects.filter(organisation_id=organisation.pk).first() or CaseSettings(organisation_id=organisation.pk)
    _settings_cache[organisation.pk] = (time.monotonic() + _CACHE_SECONDS, row)
    return row


def forget_organisation(organisation_id: int) -> None:
    _settings_cache.pop(organisation_id, None)
    _closed_cache.pop(organisation_id, None)


@lru_cache(maxsize=64)
def _public_holidays(country: str, subdivision: str, year: int) -> frozenset[datetime.date]:
    if not country:
        return frozenset()
    return frozenset(holidays.country_holidays(country, subdiv=subdivision or None, years=year).keys())


def _organisation_closed_days(organisation) -> frozenset[datetime.date]:
    """Dates on which every location of the organisation is closed."""
    cached = _closed_cache.get(organisation.pk)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    location_count = Location.objects.filter(organisation=organisation).count()
    days: frozenset[datetime.date] = frozenset()
    if location_count:
        per_date: dict[datetime.date, int] = {}
        for date in ClosedDay.objects.filter(location__organisation=organisation).values_list("date", flat=True):
            per_date[date] = per_date.get(date, 0) + 1
        days = frozenset(date for date, count in per_date.items() if count >= location_count)
    _closed_cache[organisation.pk] = (time.monotonic() + _CACHE_SECONDS, days)
    return days


def clear_cache() -> None:
    _closed_cache.clear()
    _settings_cache.clear()
    _public_holidays.cache_clear()


def is_working_day(organisation, date: datetime.date) -> bool:
    if date.weekday() >= 5:
        return False
    config = settings_for(organisation)
    if date in _public_holidays(config.holiday_country, config.holiday_subdivision, date.year):
        return False
    return not (config.use_closed_days and date in _organisation_closed_days(organisation))


def add_days(organisation, start: datetime.date, days: int, *, working: bool) -> datetime.date:
    """``start`` plus ``days`` calendar days, or plus ``days`` working days (counting from the day after ``start``).

    Raises ValidationFailed when the result falls outside the calendar (a date near the year 9999 or 1).
    """
    if abs(days) > MAX_TERM_DAYS:
        raise ValidationFailed(_("Een termijn kan hoogstens %(days)s dagen zijn.") % {"days": MAX_TERM_DAYS})
    try:
        if not working:
            return start + datetime.timedelta(days=days)
        date = start
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        while remaining:
            date += datetime.timedelta(days=step)
            if is_working_day(organisation, date):
                remaining -= 1
        return date
    except OverflowError:
        raise ValidationFailed(_("Deze datum ligt te ver in de toekomst of het verleden.")) from None


def working_days_between(organisation, start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    count, date = 0, start
    while date < end:
        date += datetime.timedelta(days=1)
        if is_working_day(organisation, date):
            count += 1
    return count


def today() -> datetime.date:
    return timezone.localdate()


_DURATION = re.compile(r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?$")


def parse_duration(value: str) -> relativedelta:
    """An ISO 8601 date duration as used by ZGW (``P10Y``, ``P1Y6M``, ``P6W``, ``P30D``)."""
    match = _DURATION.match((value or "").strip())
    if not match or value.strip() == "P":
        raise ValueError(f"not an ISO 8601 date duration: {value!r}")
    parts = {key: int(number) for key, number in match.groupdict().items() if number}
    return relativedelta(**parts)


def is_duration(value: str) -> bool:
    try:
        parse_duration(value)
    except ValueError:
        return False
    return True
