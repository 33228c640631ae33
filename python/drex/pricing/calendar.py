"""Business days on the ANBIMA calendar, the day count every Brazilian federal bond uses.

Holidays come from the ANBIMA calendar that the ``bizdays`` package ships (``ANBIMA.cal``, national
holidays from 2000-01-01 to 2099-12-25, Saturdays and Sundays off); it is read from the installed package,
with no network access, and loaded once on first use. The count itself is done here rather than with
``bizdays.Calendar.bizdays``, because the latter leaves out the last business day when the end date is
not a business day (for example it counts 189 days from 2008-05-21 to Sunday 2009-02-15, where the
methodology counts 190). :func:`business_days` follows the methodology's definition: business days from
the first date (inclusive) to the second (exclusive).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools

from drex.pricing.errors import PricingError


@functools.cache
def _business_ordinals() -> tuple[int, int, tuple[int, ...]]:
    """(first ordinal, last ordinal, sorted ordinals of every business day) of the ANBIMA calendar."""
    import bizdays  # heavy (pandas): imported on first use only

    cal = bizdays.Calendar.load("ANBIMA")
    start = dt.date.fromisoformat(str(cal.startdate)[:10])
    end = dt.date.fromisoformat(str(cal.enddate)[:10])
    holidays = {dt.date.fromisoformat(str(h)[:10]).toordinal() for h in cal.holidays}
    days = tuple(
        o
        for o in range(start.toordinal(), end.toordinal() + 1)
        if dt.date.fromordinal(o).weekday() < 5 and o not in holidays
    )
    return start.toordinal(), end.toordinal(), days


def _require_date(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise PricingError(f"{name} must be a datetime.date (not datetime), got {value!r}")
    return value


def _ordinal_in_range(name: str, value: object) -> int:
    day = _require_date(name, value)
    first, last, _ = _business_ordinals()
    if not first <= day.toordinal() <= last:
        raise PricingError(
            f"{name} {day.isoformat()} is outside the ANBIMA calendar "
            f"({dt.date.fromordinal(first).isoformat()} to {dt.date.fromordinal(last).isoformat()})"
        )
    return day.toordinal()


def calendar_range() -> tuple[dt.date, dt.date]:
    """First and last date the ANBIMA calendar covers (both inclusive)."""
    first, last, _ = _business_ordinals()
    return dt.date.fromordinal(first), dt.date.fromordinal(last)


def is_business_day(day: dt.date) -> bool:
    """True when ``day`` is neither a weekend day nor an ANBIMA national holiday."""
    ordinal = _ordinal_in_range("day", day)
    days = _business_ordinals()[2]
    i = bisect.bisect_left(days, ordinal)
    return i < len(days) and days[i] == ordinal


def business_days(start: dt.date, end: dt.date) -> int:
    """Number of ANBIMA business days from ``start`` (inclusive) to ``end`` (exclusive).

    This is the methodology's "du": "número de dias úteis entre a data de liquidação (inclusive) e a data
    de vencimento (exclusive)". ``end`` may fall on a weekend or holiday; ``business_days(d, d)`` is 0.
    Raises :class:`PricingError` when ``end`` is before ``start`` or a date is outside the calendar.
    """
    a = _ordinal_in_range("start", start)
    b = _ordinal_in_range("end", end)
    if b < a:
        raise PricingError(f"end {end.isoformat()} is before start {start.isoformat()}")
    days = _business_ordinals()[2]
    return bisect.bisect_left(days, b) - bisect.bisect_left(days, a)


def business_days_list(start: dt.date, end: dt.date) -> list[dt.date]:
    """The ANBIMA business days from ``start`` (inclusive) to ``end`` (exclusive), in order."""
    a = _ordinal_in_range("start", start)
    b = _ordinal_in_range("end", end)
    if b < a:
        raise PricingError(f"end {end.isoformat()} is before start {start.isoformat()}")
    days = _business_ordinals()[2]
    return [dt.date.fromordinal(o) for o in days[bisect.bisect_left(days, a) : bisect.bisect_left(days, b)]]


def following_business_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a business day, else the next business day (payment-date rule)."""
    ordinal = _ordinal_in_range("day", day)
    days = _business_ordinals()[2]
    i = bisect.bisect_left(days, ordinal)
    if i == len(days):
        raise PricingError(f"no business day on or after {day.isoformat()} in the ANBIMA calendar")
    return dt.date.fromordinal(days[i])


def add_business_days(day: dt.date, count: int) -> dt.date:
    """The business day ``count`` business days after ``day`` (``count`` >= 0).

    ``add_business_days(trade_date, 1)`` is the usual D+1 settlement date of a trade made on a business
    day. A ``day`` that is not a business day is first moved to the following business day, so with
    ``count`` 0 this is :func:`following_business_day`.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise PricingError(f"count must be a non-negative int, got {count!r}")
    ordinal = _ordinal_in_range("day", day)
    days = _business_ordinals()[2]
    i = bisect.bisect_left(days, ordinal) + count  # days[i - count] is day or the next business day
    if i >= len(days):
        raise PricingError(f"{count} business days after {day.isoformat()} is outside the ANBIMA calendar")
    return dt.date.fromordinal(days[i])


def preceding_business_day(day: dt.date) -> dt.date:
    """The last business day strictly before ``day`` (D-1 of a settlement on ``day``).

    >>> preceding_business_day(dt.date(2008, 5, 21)), preceding_business_day(dt.date(2024, 1, 2))
    (datetime.date(2008, 5, 20), datetime.date(2023, 12, 29))
    """
    ordinal = _ordinal_in_range("day", day)
    days = _business_ordinals()[2]
    i = bisect.bisect_left(days, ordinal)
    if i == 0:
        raise PricingError(f"no business day before {day.isoformat()} in the ANBIMA calendar")
    return dt.date.fromordinal(days[i - 1])
