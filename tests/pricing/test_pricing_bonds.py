"""Bad input and price properties of the drex.pricing bond calculators (LTN, NTN-F, LFT, NTN-B, NTN-B P).

Bad input must raise PricingError (a DrexError and a ValueError) with a message naming the problem. The
hypothesis properties hold for any correct implementation of the methodology's formulas: prices fall as
rates rise, an LTN at a positive rate is worth less than its face value, a zero spread prices an LFT at
100% of its VNA, and rates recovered from LTN prices match the rates that produced them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from drex.errors import DrexError
from drex.pricing import (
    PricingError,
    business_days,
    following_business_day,
    lft_pu,
    lft_quote,
    ltn_pu,
    ltn_rate,
    ntnb_cash_flows,
    ntnb_principal_pu,
    ntnb_principal_quote,
    ntnb_pu,
    ntnb_quote,
    ntnf_cash_flows,
    ntnf_pu,
    truncate,
)
from hypothesis_profiles import examples

S = dt.date(2008, 5, 21)
RATE = Decimal("0.10")
VNA = Decimal("1728.461136")

SETTLEMENTS = st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2045, 12, 31)).map(
    following_business_day
)
RATES = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.40"), places=6)
REAL_RATES = st.decimals(min_value=Decimal("-0.02"), max_value=Decimal("0.15"), places=6)
BUMPS = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.05"), places=4)


def test_pricing_error_is_a_value_error_and_a_drex_error() -> None:
    assert issubclass(PricingError, ValueError) and issubclass(PricingError, DrexError)


CALLS: list[tuple[str, Callable[[], object], str]] = [
    ("maturity before settlement", lambda: ltn_pu(S, dt.date(2008, 5, 20), RATE), "must be after settlement"),
    ("maturity equal to settlement", lambda: ltn_pu(S, S, RATE), "must be after settlement"),
    (
        "settlement on a holiday",
        lambda: ltn_pu(dt.date(2008, 5, 22), dt.date(2010, 7, 1), RATE),
        "business day",
    ),
    (
        "settlement on a Sunday",
        lambda: ntnf_pu(dt.date(2008, 5, 25), dt.date(2014, 1, 1), RATE),
        "business day",
    ),
    ("float rate", lambda: ltn_pu(S, dt.date(2010, 7, 1), 0.1), "decimal.Decimal"),  # type: ignore[arg-type]
    ("int rate", lambda: ltn_pu(S, dt.date(2010, 7, 1), 0), "decimal.Decimal"),  # type: ignore[arg-type]
    ("NaN rate", lambda: ltn_pu(S, dt.date(2010, 7, 1), Decimal("NaN")), "finite"),
    ("string date", lambda: ltn_pu("2008-05-21", dt.date(2010, 7, 1), RATE), "datetime.date"),  # type: ignore[arg-type]
    ("datetime", lambda: ltn_pu(dt.datetime(2008, 5, 21), dt.date(2010, 7, 1), RATE), "not datetime"),
    ("negative LTN rate", lambda: ltn_pu(S, dt.date(2010, 7, 1), Decimal("-0.01")), "must not be negative"),
    (
        "negative NTN-F rate",
        lambda: ntnf_pu(S, dt.date(2014, 1, 1), Decimal("-0.01")),
        "must not be negative",
    ),
    ("rate given in %", lambda: ltn_pu(S, dt.date(2010, 7, 1), Decimal("14.36")), "decimal fraction"),
    ("rate of -100%", lambda: lft_quote(S, dt.date(2014, 3, 7), Decimal("-1")), "decimal fraction"),
    ("NTN-F maturing 15/01", lambda: ntnf_pu(S, dt.date(2014, 1, 15), RATE), "01/01 or 01/07"),
    ("NTN-B maturing in March", lambda: ntnb_quote(S, dt.date(2010, 3, 15), RATE), "15th of February"),
    ("NTN-B maturing on the 1st", lambda: ntnb_quote(S, dt.date(2010, 8, 1), RATE), "15th of February"),
    ("NTN-B P maturing on the 1st", lambda: ntnb_principal_quote(S, dt.date(2010, 8, 1), RATE), "15th"),
    ("zero VNA", lambda: ntnb_pu(S, dt.date(2010, 8, 15), RATE, Decimal(0)), "must be > 0"),
    ("float VNA", lambda: lft_pu(S, dt.date(2014, 3, 7), RATE, 3451.2), "decimal.Decimal"),  # type: ignore[arg-type]
    ("LTN price above face", lambda: ltn_rate(S, dt.date(2010, 7, 1), Decimal("1000.01")), "negative rate"),
    ("maturity past the calendar", lambda: ltn_pu(S, dt.date(2100, 1, 1), RATE), "outside the ANBIMA"),
]


@pytest.mark.parametrize(("case", "call", "message"), CALLS, ids=[c[0] for c in CALLS])
def test_bad_input_raises_pricing_error(case: str, call: Callable[[], object], message: str) -> None:
    with pytest.raises(PricingError, match=message):
        call()


def test_rate_is_truncated_at_six_places_of_percent() -> None:
    """Tabela 3: the rate in % a.a. is truncated after its 6th decimal place (the fraction's 8th)."""
    m = dt.date(2010, 7, 1)
    assert ltn_pu(S, m, Decimal("0.143600009")) == ltn_pu(S, m, Decimal("0.14360000"))
    assert ltn_pu(S, m, Decimal("0.14360001")) < ltn_pu(S, m, Decimal("0.14360000"))


def test_lft_zero_spread_is_par() -> None:
    assert lft_quote(S, dt.date(2014, 3, 7), Decimal(0)) == Decimal("100.0000")
    assert lft_pu(S, dt.date(2014, 3, 7), Decimal(0), Decimal("3451.2153459")) == Decimal("3451.215345")


def test_ntnb_and_ntnb_principal_last_period_agree() -> None:
    """After the last-but-one coupon an NTN-B has one flow, 102,956301; its quote is that flow's value,
    while the NTN-B Principal discounts 100: the ratio of the two quotes is 1,02956301 to 4 places."""
    settlement, maturity = dt.date(2010, 3, 1), dt.date(2010, 8, 15)
    flows = ntnb_cash_flows(settlement, maturity, RATE)
    assert len(flows) == 1 and flows[0].amount == Decimal("102.956301")
    q_b = ntnb_quote(settlement, maturity, RATE)
    q_p = ntnb_principal_quote(settlement, maturity, RATE)
    assert abs(q_b - q_p * Decimal("1.02956301")) < Decimal("0.0002")


@examples(150)
@given(SETTLEMENTS, st.integers(min_value=1, max_value=3000), RATES, BUMPS)
def test_ltn_price_falls_as_rate_rises(settlement: dt.date, days: int, rate: Decimal, bump: Decimal) -> None:
    maturity = settlement + dt.timedelta(days=days)
    assume(business_days(settlement, maturity) >= 21)
    low, high = ltn_pu(settlement, maturity, rate), ltn_pu(settlement, maturity, rate + bump)
    assert high < low <= Decimal(1000)


@examples(150)
@given(SETTLEMENTS, st.integers(min_value=1, max_value=3000), RATES)
def test_ltn_below_face_for_positive_rate(settlement: dt.date, days: int, rate: Decimal) -> None:
    maturity = settlement + dt.timedelta(days=days)
    pu = ltn_pu(settlement, maturity, rate)
    if rate > 0 and business_days(settlement, maturity) > 0:
        assert pu < Decimal(1000)
    else:
        assert pu == Decimal(1000)
    assert pu == truncate(pu, 6) and pu > 0


@examples(150)
@given(SETTLEMENTS, st.integers(min_value=30, max_value=3000), RATES)
def test_ltn_rate_inverts_price(settlement: dt.date, days: int, rate: Decimal) -> None:
    """PU is truncated at 1e-6, so the recovered rate is within about 1e-6 * 252 / du of the original."""
    maturity = settlement + dt.timedelta(days=days)
    du = business_days(settlement, maturity)
    assume(du > 0)
    recovered = ltn_rate(settlement, maturity, ltn_pu(settlement, maturity, rate))
    assert abs(recovered - rate) <= Decimal("0.000001") * 252 / du + Decimal("0.00000002")


@examples(60)
@given(SETTLEMENTS, st.integers(min_value=1, max_value=20), st.sampled_from([1, 7]), RATES, BUMPS)
def test_ntnf_price_falls_as_rate_rises(
    settlement: dt.date, years: int, month: int, rate: Decimal, bump: Decimal
) -> None:
    maturity = dt.date(settlement.year + years, month, 1)
    flows = ntnf_cash_flows(settlement, maturity, rate)
    pu = ntnf_pu(settlement, maturity, rate)
    assert pu == truncate(sum((f.present_value for f in flows), Decimal(0)), 6)
    assert ntnf_pu(settlement, maturity, rate + bump) < pu


@examples(60)
@given(SETTLEMENTS, st.integers(min_value=1, max_value=40), st.sampled_from([2, 5, 8, 11]), REAL_RATES, BUMPS)
def test_ntnb_quote_falls_as_rate_rises(
    settlement: dt.date, years: int, month: int, rate: Decimal, bump: Decimal
) -> None:
    maturity = dt.date(settlement.year + years, month, 15)
    q = ntnb_quote(settlement, maturity, rate)
    assert ntnb_quote(settlement, maturity, rate + bump) < q
    assert ntnb_principal_quote(settlement, maturity, rate + bump) <= ntnb_principal_quote(
        settlement, maturity, rate
    )
    if rate < Decimal("0.05"):
        assert q > 100  # yield well below the 6% coupon: premium


@examples(100)
@given(
    SETTLEMENTS,
    st.integers(min_value=1, max_value=30),
    REAL_RATES,
    st.decimals(min_value=Decimal("1000"), max_value=Decimal("20000"), places=6),
    st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("100"), places=6),
)
def test_ntnb_prices_grow_with_vna(
    settlement: dt.date, years: int, rate: Decimal, vna: Decimal, more: Decimal
) -> None:
    maturity = dt.date(settlement.year + years, 5, 15)
    assert ntnb_pu(settlement, maturity, rate, vna + more) >= ntnb_pu(settlement, maturity, rate, vna)
    assert ntnb_principal_pu(settlement, maturity, rate, vna + more) >= ntnb_principal_pu(
        settlement, maturity, rate, vna
    )


@examples(100)
@given(
    SETTLEMENTS, st.integers(min_value=1, max_value=3000), st.decimals(-1, 1, places=4).map(lambda d: d / 100)
)
def test_lft_quote_around_par(settlement: dt.date, days: int, spread: Decimal) -> None:
    maturity = settlement + dt.timedelta(days=days)
    q = lft_quote(settlement, maturity, spread)
    if spread > 0:
        assert q <= 100
    elif spread < 0:
        assert q >= 100
    else:
        assert q == 100
