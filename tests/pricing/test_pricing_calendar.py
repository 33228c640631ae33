"""ANBIMA business-day counting and coupon schedules of drex.pricing.

The business-day counts are checked against the "Dias Úteis" columns of the Tesouro Nacional methodology
("Metodologia de Cálculo dos Títulos Públicos Federais Ofertados nos Leilões Primários", NTN-B table p. 7,
NTN-F table p. 12), which include coupon dates on weekends and holidays, and against a brute-force count
over the holiday list of the calendar ``bizdays`` ships.
"""

from __future__ import annotations

import datetime as dt

import bizdays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drex.pricing import (
    PricingError,
    add_business_days,
    add_months,
    business_days,
    business_days_list,
    calendar_range,
    coupon_dates,
    following_business_day,
    is_business_day,
)
from hypothesis_profiles import examples

ANBIMA = bizdays.Calendar.load("ANBIMA")
HOLIDAYS = frozenset(ANBIMA.holidays)
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 25))


def brute_force_business_days(start: dt.date, end: dt.date) -> int:
    """Count weekdays that are not ANBIMA holidays in [start, end), one day at a time."""
    n, day = 0, start
    while day < end:
        if day.weekday() < 5 and day not in HOLIDAYS:
            n += 1
        day += dt.timedelta(days=1)
    return n


@pytest.mark.parametrize(
    ("end", "published"),
    [
        (dt.date(2009, 2, 15), 190),  # a Sunday: bizdays.Calendar.bizdays gives 189 here
        (dt.date(2009, 8, 15), 314),  # a Saturday
        (dt.date(2010, 2, 15), 439),  # Carnival Monday
        (dt.date(2009, 1, 1), 159),  # New Year
        (dt.date(2014, 1, 1), 1415),
    ],
)
def test_counts_up_to_non_business_dates_like_the_methodology(end: dt.date, published: int) -> None:
    """[STN] NTN-B table p. 7 and NTN-F table p. 12: du from 21/05/2008 to coupon dates that are not
    business days. ``bizdays.Calendar.bizdays`` drops the last business day in that case, which is why
    drex counts with its own bisection over the ANBIMA holiday list."""
    assert business_days(dt.date(2008, 5, 21), end) == published


def test_holidays_of_recent_years_are_present() -> None:
    """Black Consciousness Day (20/11) is a national holiday from 2024 on; Carnival 2025 is 03-04/03."""
    assert not is_business_day(dt.date(2024, 11, 20))
    assert not is_business_day(dt.date(2025, 3, 4))
    assert is_business_day(dt.date(2025, 3, 5))
    assert not is_business_day(dt.date(2025, 3, 8))  # Saturday


def test_following_and_add_business_days() -> None:
    assert following_business_day(dt.date(2009, 2, 15)) == dt.date(2009, 2, 16)
    assert following_business_day(dt.date(2010, 2, 15)) == dt.date(2010, 2, 17)
    assert following_business_day(dt.date(2008, 5, 21)) == dt.date(2008, 5, 21)
    assert add_business_days(dt.date(2008, 5, 20), 1) == dt.date(2008, 5, 21)
    assert add_business_days(dt.date(2008, 5, 21), 1) == dt.date(2008, 5, 23)  # 22/05/2008 Corpus Christi
    assert add_business_days(dt.date(2009, 2, 14), 0) == dt.date(2009, 2, 16)


def test_calendar_bounds() -> None:
    first, last = calendar_range()
    assert (first, last) == (dt.date(2000, 1, 1), dt.date(2099, 12, 25))
    with pytest.raises(PricingError, match="outside the ANBIMA calendar"):
        business_days(dt.date(1999, 12, 31), dt.date(2000, 1, 5))
    with pytest.raises(PricingError, match="outside the ANBIMA calendar"):
        is_business_day(dt.date(2100, 1, 4))
    with pytest.raises(PricingError, match="before start"):
        business_days(dt.date(2010, 1, 5), dt.date(2010, 1, 4))
    with pytest.raises(PricingError, match="not datetime"):
        business_days(dt.datetime(2010, 1, 4), dt.date(2010, 1, 5))
    with pytest.raises(PricingError, match="outside the ANBIMA calendar"):
        add_business_days(dt.date(2099, 12, 20), 10)


@examples(200)
@given(DATES, st.integers(min_value=0, max_value=500))
def test_business_days_match_brute_force(start: dt.date, length: int) -> None:
    end = min(start + dt.timedelta(days=length), dt.date(2099, 12, 25))
    assert business_days(start, end) == brute_force_business_days(start, end)
    assert len(business_days_list(start, end)) == business_days(start, end)


@examples(200)
@given(DATES, DATES, DATES)
def test_business_days_are_additive(a: dt.date, b: dt.date, c: dt.date) -> None:
    x, y, z = sorted((a, b, c))
    assert business_days(x, y) + business_days(y, z) == business_days(x, z)


@examples(200)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 11, 30)), st.integers(0, 20))
def test_add_business_days_is_inverse_of_counting(day: dt.date, n: int) -> None:
    target = add_business_days(day, n)
    assert is_business_day(target)
    assert business_days(following_business_day(day), target) == n


def test_coupon_dates_of_methodology_examples() -> None:
    """[STN] p. 7 (NTN-B 15/08/2010) and p. 12 (NTN-F 01/01/2014) payment-date columns."""
    assert coupon_dates(dt.date(2008, 5, 21), dt.date(2010, 8, 15)) == [
        dt.date(2008, 8, 15),
        dt.date(2009, 2, 15),
        dt.date(2009, 8, 15),
        dt.date(2010, 2, 15),
        dt.date(2010, 8, 15),
    ]
    ntnf = coupon_dates(dt.date(2008, 5, 21), dt.date(2014, 1, 1))
    assert len(ntnf) == 12 and ntnf[0] == dt.date(2008, 7, 1) and ntnf[-1] == dt.date(2014, 1, 1)


def test_settlement_on_a_coupon_date_is_ex_coupon() -> None:
    assert coupon_dates(dt.date(2008, 8, 15), dt.date(2010, 8, 15))[0] == dt.date(2009, 2, 15)


def test_add_months_refuses_days_after_28() -> None:
    assert add_months(dt.date(2010, 8, 15), -6) == dt.date(2010, 2, 15)
    assert add_months(dt.date(2010, 1, 1), 13) == dt.date(2011, 2, 1)
    with pytest.raises(PricingError, match="<= 28"):
        add_months(dt.date(2010, 8, 31), -6)


@examples(200)
@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 1, 1)),
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=40),
)
def test_coupon_schedule_shape(settlement: dt.date, day: int, month: int, years: int) -> None:
    maturity = dt.date(settlement.year + years, month, day)
    dates = coupon_dates(settlement, maturity)
    assert dates[-1] == maturity
    assert settlement < dates[0]
    for earlier, later in zip(dates, dates[1:], strict=False):
        assert add_months(earlier, 6) == later
    assert add_months(dates[0], -6) <= settlement
