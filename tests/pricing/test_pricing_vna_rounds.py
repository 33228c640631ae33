"""The VNA from published figures (what reference-data rounds carry), in drex.pricing, without a chain.

Expected values are derived by hand, independently of the Decimal code: float powers for daily factors,
then exact products with fractions.Fraction; each docstring shows the arithmetic. The on-chain side
(rounds read through the SDK) is tested in tests/oracle/test_pricing_rounds.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drex.pricing import (
    PricingError,
    business_days_list,
    ipca_projection_month,
    preceding_business_day,
    round_half_up,
    selic_accumulated_factor_from_percent,
    selic_daily_factor,
    selic_daily_factor_from_percent,
    selic_daily_percent,
    truncate,
    vna_lft,
    vna_lft_accrued,
    vna_ntnb_from_index,
)
from hypothesis_profiles import examples

#: Annual Selic (%, 2 places) -> the day's rate in % a.d. as SGS 11 shows it. Hand-derived with floats:
#: ((1 + r) ** (1 / 252) - 1) * 100, e.g. 1,1175 ** (1/252) - 1 = 0,000440946583... -> 0,044095 (the
#: factor rounded at 8 places is the rate rounded at 6 places of %).
SGS11 = {
    "11.75": "0.044095",  # 0.0440946583239
    "11.65": "0.043739",  # 0.0437392423016
    "10.65": "0.040168",  # 0.0401675413898
    "14.90": "0.055131",  # 0.0551310641540
    "10.40": "0.039270",  # 0.0392695925559
    "13.65": "0.050788",  # 0.0507880373262
    "2.00": "0.007858",  # 0.0078584941985
    "6.50": "0.024993",  # 0.0249931224278
}


@pytest.mark.parametrize(("annual", "daily"), SGS11.items())
def test_sgs11_daily_rate_is_the_cadernos_daily_factor(annual: str, daily: str) -> None:
    """SGS 11's value = (selic_daily_factor(annual) - 1) * 100: the same information, both ways."""
    rate = Decimal(annual) / 100
    float_daily = ((1 + float(rate)) ** (1 / 252) - 1) * 100
    assert f"{float_daily:.6f}" == daily  # the hand derivation
    assert selic_daily_percent(rate) == Decimal(daily)
    assert selic_daily_factor_from_percent(Decimal(daily)) == selic_daily_factor(rate)


def test_daily_percent_must_be_a_published_figure() -> None:
    with pytest.raises(PricingError, match="more than 6 decimal places in % a.d."):
        selic_daily_factor_from_percent(Decimal("0.0440951"))
    with pytest.raises(PricingError, match=r"from 0 to 1.*got 11.75"):  # an annual rate by mistake
        selic_daily_factor_from_percent(Decimal("11.75"))
    with pytest.raises(PricingError, match="must be a decimal.Decimal"):
        selic_daily_factor_from_percent(0.044095)  # type: ignore[arg-type]


def test_accumulated_factor_from_percent_hand_derived() -> None:
    """1,00043739 ** 3 = 1,001312744013713386192419 (exact) -> A-16 = 1,0013127440137134."""
    assert selic_accumulated_factor_from_percent([Decimal("0.043739")] * 3) == Decimal("1.0013127440137134")
    exact = Fraction("1.00043739") ** 3
    assert exact == Fraction("1.001312744013713386192419")


def test_vna_lft_accrued_hand_derived() -> None:
    """Anchor R$ 1.001,277002 on 05/01/2024, Selic 0,043739% a.d. on 05, 08 and 09/01, settlement 10/01.

    1001,277002 * 1,0013127440137134 = 1002,5914223904444... (exact product) -> T-6 = 1002,591422.
    The rate of the settlement day itself and of days before the anchor are ignored.
    """
    daily = {
        dt.date(2024, 1, 4): Decimal("0.9"),
        dt.date(2024, 1, 5): Decimal("0.043739"),
        dt.date(2024, 1, 8): Decimal("0.043739"),
        dt.date(2024, 1, 9): Decimal("0.043739"),
        dt.date(2024, 1, 10): Decimal("0.9"),
    }
    product = Fraction("1001.277002") * Fraction("1.0013127440137134")
    assert int(product * 10**6) == 1002591422
    vna = vna_lft_accrued(dt.date(2024, 1, 5), Decimal("1001.277002"), dt.date(2024, 1, 10), daily)
    assert vna == Decimal("1002.591422")


def test_vna_lft_accrued_on_the_anchor_date_is_the_anchor() -> None:
    assert vna_lft_accrued(dt.date(2024, 1, 5), Decimal("1001.2770029"), dt.date(2024, 1, 5), {}) == Decimal(
        "1001.277002"
    )


def test_vna_lft_accrued_refuses_a_missing_day_and_a_settlement_before_the_anchor() -> None:
    daily = {dt.date(2024, 1, 5): Decimal("0.043739"), dt.date(2024, 1, 9): Decimal("0.043739")}
    with pytest.raises(PricingError, match=r"lacks 1 of the 3 .* \(first missing: 2024-01-08\)"):
        vna_lft_accrued(dt.date(2024, 1, 5), Decimal("1001.277002"), dt.date(2024, 1, 10), daily)
    with pytest.raises(PricingError, match="settlement 2024-01-04 is before anchor_date 2024-01-05"):
        vna_lft_accrued(dt.date(2024, 1, 5), Decimal("1001.277002"), dt.date(2024, 1, 4), daily)


_ANNUAL = st.sampled_from([Decimal(a) / 100 for a in SGS11])


@examples(40)
@given(
    st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2060, 12, 31)),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=1, max_value=30),
    st.decimals(min_value=Decimal("1000"), max_value=Decimal("20000"), places=6),
    st.data(),
)
def test_vna_lft_accrued_matches_vna_lft_and_the_anchor_costs_at_most_a_millionth(
    base: dt.date, before: int, after: int, base_value: Decimal, data: st.DataObject
) -> None:
    """From an anchor, published daily rates give exactly ``vna_lft`` with the annual rates and the anchor
    as base; against the accumulation from an earlier base in one product, the truncated anchor costs
    0 or R$ 0,000001, never more and never in the other direction."""
    days = business_days_list(base, base + dt.timedelta(days=3 * (before + after) + 7))[: before + after + 1]
    annual = {d: data.draw(_ANNUAL) for d in days}
    daily = {d: selic_daily_percent(r) for d, r in annual.items()}
    anchor, settlement = days[before], days[-1]
    anchor_vna = vna_lft(anchor, annual, base_date=days[0], base_value=base_value)
    accrued = vna_lft_accrued(anchor, anchor_vna, settlement, daily)
    assert accrued == vna_lft(settlement, annual, base_date=anchor, base_value=anchor_vna)
    from_base = vna_lft(settlement, annual, base_date=days[0], base_value=base_value)
    assert from_base - accrued in (Decimal("0"), Decimal("0.000001"))


# --- NTN-B: rolling the VNA with IPCA monthly changes is not the Treasury's VNA --------------------------

#: IBGE's IPCA number index of June 2000, the base of NTN-B's VNA.
BASE_INDEX = Decimal("1614.62")
#: Illustrative number indexes (2 places, as IBGE publishes them) of six consecutive months.
INDEXES = [Decimal(i) for i in ("2788.34", "2801.00", "2815.57", "2822.61", "2830.52", "2831.08")]


def _rolled(vna: Decimal, change_percent: Decimal) -> Decimal:
    """The candidate rule: the next 15th's VNA from this one and the month's IPCA change in % (2 places)."""
    return truncate(vna * (1 + change_percent / 100), 6)


def test_rolling_the_ntnb_vna_with_the_ipca_change_drifts_from_the_index_vna() -> None:
    """One month, by hand: index 2788,34 -> 2801,00 is a change of 0,4540335...%, published as 0,45%.

    Treasury: 1000 * T-16(2801,00 / 1614,62) = 1734,7735070... -> 1734,773507. Rolled: 1726,932652 *
    1,0045 = 1734,70384893... -> 1734,703848: R$ 0,069659 short after one month (the change's rounding,
    up to 0,005% of the VNA a month). Over five months the gap was R$ 0,069659, 0,072994, 0,073843,
    0,078194 and 0,074430: it never closes, because each month rounds afresh.
    """
    first = vna_ntnb_from_index(INDEXES[0], BASE_INDEX)
    assert first == Decimal("1726.932652")
    assert int(Fraction(1000) * Fraction(2801) / Fraction("1614.62") * 10**6) == 1734773507
    rolled, gaps = first, []
    for before, after in zip(INDEXES, INDEXES[1:], strict=False):
        change = round_half_up((after / before - 1) * 100, 2)
        rolled = _rolled(rolled, change)
        gaps.append(rolled - vna_ntnb_from_index(after, BASE_INDEX))
    assert gaps == [Decimal(g) for g in ("-0.069659", "-0.072994", "-0.073843", "-0.078194", "-0.074430")]


@pytest.mark.parametrize(
    ("settlement", "month"),
    [
        (dt.date(2008, 5, 21), dt.date(2008, 5, 1)),
        (dt.date(2008, 5, 15), dt.date(2008, 5, 1)),
        (dt.date(2008, 5, 14), dt.date(2008, 4, 1)),
        (dt.date(2012, 1, 3), dt.date(2011, 12, 1)),
    ],
)
def test_ipca_projection_month(settlement: dt.date, month: dt.date) -> None:
    assert ipca_projection_month(settlement) == month


@pytest.mark.parametrize(
    ("day", "before"),
    [
        (dt.date(2008, 5, 21), dt.date(2008, 5, 20)),
        (dt.date(2024, 1, 8), dt.date(2024, 1, 5)),  # Monday -> Friday
        (dt.date(2024, 1, 2), dt.date(2023, 12, 29)),  # over New Year's Day
        (dt.date(2024, 2, 14), dt.date(2024, 2, 9)),  # Ash Wednesday, over Carnival Monday and Tuesday
        (dt.date(2024, 1, 6), dt.date(2024, 1, 5)),  # a Saturday
    ],
)
def test_preceding_business_day(day: dt.date, before: dt.date) -> None:
    assert preceding_business_day(day) == before
