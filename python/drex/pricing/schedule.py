"""Semiannual coupon date schedules of NTN-F and NTN-B.

Coupons are paid every six months, counted backward from maturity on the same day of the month (NTN-F:
01/01 and 01/07; NTN-B: the 15th, in February and August or May and November). The schedules here give
the unadjusted coupon dates; a coupon date that is not a business day is paid on the following business
day, and since :func:`drex.pricing.calendar.business_days` counts up to a date exclusive, the business
days to the unadjusted date and to the payment date are the same. Only coupons strictly after settlement
belong to the buyer: a trade settling on a coupon date is ex-coupon.
"""

from __future__ import annotations

import datetime as dt

from drex.pricing.calendar import _require_date
from drex.pricing.errors import PricingError

#: Months between two coupons.
COUPON_PERIOD_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (may be negative); the day of month must be <= 28."""
    d = _require_date("day", day)
    if d.day > 28:
        raise PricingError(f"day of month must be <= 28 to move by months exactly, got {d.isoformat()}")
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise PricingError(f"{d.isoformat()} moved by {months} months is out of range")
    return dt.date(year, month0 + 1, d.day)


def coupon_dates(settlement: dt.date, maturity: dt.date) -> list[dt.date]:
    """Unadjusted semiannual coupon dates strictly after ``settlement``, up to and including ``maturity``.

    >>> coupon_dates(dt.date(2008, 5, 21), dt.date(2010, 8, 15))[:2]
    [datetime.date(2008, 8, 15), datetime.date(2009, 2, 15)]
    """
    s = _require_date("settlement", settlement)
    m = _require_date("maturity", maturity)
    if m <= s:
        raise PricingError(f"maturity {m.isoformat()} must be after settlement {s.isoformat()}")
    dates: list[dt.date] = []
    k = 0
    while True:
        d = add_months(m, -COUPON_PERIOD_MONTHS * k)
        if d <= s:
            break
        dates.append(d)
        k += 1
    dates.reverse()
    return dates
