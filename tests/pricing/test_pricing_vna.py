"""VNA of NTN-B (IPCA) and LFT (Selic) in drex.pricing.

The projection steps are published in the Tesouro Nacional methodology and checked in
test_pricing_published.py. The accumulation from index numbers and from daily Selic rates has no
published figure usable offline (reproducing the methodology's "VNA em 20/05/2008 = R$ 3.449,694215"
needs every daily Selic rate since 01/07/2000, which this repository does not ship), so the tests below
derive their expected values by hand, independently of the Decimal code: float powers for the daily
factors, then exact products with fractions.Fraction; each docstring shows the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drex.pricing import (
    PricingError,
    ipca_reference_dates,
    selic_accumulated_factor,
    selic_daily_factor,
    vna_lft,
    vna_ntnb,
    vna_ntnb_from_index,
)
from hypothesis_profiles import examples


def test_vna_ntnb_from_index_hand_derived() -> None:
    """Not a published figure: illustrative index numbers 2788,34 (month before update) and 1614,62 (base).

    2788,34 / 1614,62 = 1,72693265288426998303... -> T-16 1,7269326528842699 -> * 1000 =
    1726,9326528842699 -> T-6 = 1726,932652.
    """
    assert vna_ntnb_from_index(Decimal("2788.34"), Decimal("1614.62")) == Decimal("1726.932652")


def test_vna_ntnb_from_index_of_methodology_factor() -> None:
    """[STN] p. 7 shows the factor 1,72692645947653 giving VNA 1.726,926459: with index = factor * base."""
    base = Decimal("1000")
    assert vna_ntnb_from_index(Decimal("1726.92645947653"), base) == Decimal("1726.926459")


@pytest.mark.parametrize(
    ("settlement", "start", "end"),
    [
        (dt.date(2008, 5, 21), dt.date(2008, 5, 15), dt.date(2008, 6, 15)),
        (dt.date(2008, 5, 15), dt.date(2008, 5, 15), dt.date(2008, 6, 15)),
        (dt.date(2008, 5, 14), dt.date(2008, 4, 15), dt.date(2008, 5, 15)),
        (dt.date(2012, 1, 3), dt.date(2011, 12, 15), dt.date(2012, 1, 15)),
    ],
)
def test_ipca_reference_dates(settlement: dt.date, start: dt.date, end: dt.date) -> None:
    assert ipca_reference_dates(settlement) == (start, end)


def test_vna_ntnb_on_the_15th_is_the_reference_vna() -> None:
    assert vna_ntnb(dt.date(2008, 5, 15), Decimal("1726.9264599"), Decimal("0.0046")) == Decimal(
        "1726.926459"
    )


def test_vna_ntnb_rounds_projection_at_two_places_of_percent() -> None:
    """Tabela 3, "Projeções" A-2: 0,455% is used as 0,46% and 0,454% as 0,45%."""
    day, vna = dt.date(2008, 5, 21), Decimal("1726.926459")
    assert vna_ntnb(day, vna, Decimal("0.00455")) == vna_ntnb(day, vna, Decimal("0.0046"))
    assert vna_ntnb(day, vna, Decimal("0.00454")) == vna_ntnb(day, vna, Decimal("0.0045"))


def test_selic_daily_factor_hand_derived() -> None:
    """1,1165 ** (1/252) = 1,000437392423... (float) -> rounded at 8 places: 1,00043739."""
    assert selic_daily_factor(Decimal("0.1165")) == Decimal("1.00043739")


def test_vna_lft_three_days_hand_derived() -> None:
    """Not a published figure. Base R$ 1.000,00 on 02/01/2024, settlement 05/01/2024 (3 business days).

    Selic 11,65% on 02/01 and 03/01, 10,65% on 04/01 (1,1065 ** (1/252) = 1,000401675... -> 1,00040168):
    1,00043739 ** 2 * 1,00040168 = 1,001277002768487905660328 (exact) -> A-16 1,0012770027684879 ->
    VNA = 1001,2770027684879 -> T-6 = 1001,277002. Rates outside the window are ignored.
    """
    rates = {
        dt.date(2023, 12, 29): Decimal("0.5"),
        dt.date(2024, 1, 2): Decimal("0.1165"),
        dt.date(2024, 1, 3): Decimal("0.1165"),
        dt.date(2024, 1, 4): Decimal("0.1065"),
        dt.date(2024, 1, 5): Decimal("0.9"),
    }
    vna = vna_lft(dt.date(2024, 1, 5), rates, base_date=dt.date(2024, 1, 2))
    assert vna == Decimal("1001.277002")


def test_selic_accumulated_factor_hand_derived() -> None:
    """1,00043739 ** 3 = 1,001312744013713386192419 (exact) -> A-16 = 1,0013127440137134."""
    assert selic_accumulated_factor([Decimal("0.1165")] * 3) == Decimal("1.0013127440137134")


def test_vna_lft_requires_every_business_day() -> None:
    rates = {dt.date(2024, 1, 2): Decimal("0.1165"), dt.date(2024, 1, 4): Decimal("0.1165")}
    with pytest.raises(PricingError, match="first missing: 2024-01-03"):
        vna_lft(dt.date(2024, 1, 5), rates, base_date=dt.date(2024, 1, 2))


def test_vna_lft_on_base_date_is_base_value() -> None:
    assert vna_lft(dt.date(2000, 7, 1), {}) == Decimal("1000")


def test_selic_rate_must_have_two_places_of_percent() -> None:
    with pytest.raises(PricingError, match="more than 2 decimal places"):
        selic_daily_factor(Decimal("0.11651"))


@examples(100)
@given(
    st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2060, 12, 31)),
    st.decimals(min_value=Decimal("1000"), max_value=Decimal("20000"), places=6),
    st.decimals(min_value=Decimal("-0.02"), max_value=Decimal("0.03"), places=4),
    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.01"), places=4),
)
def test_vna_ntnb_projection_properties(
    settlement: dt.date, vna: Decimal, projection: Decimal, bump: Decimal
) -> None:
    """Projected VNA lies between the reference VNA and a full month of projected IPCA, and grows with it."""
    projected = vna_ntnb(settlement, vna, projection)
    full_month = vna * (1 + projection)
    assert min(vna, full_month) - Decimal("0.000001") <= projected <= max(vna, full_month)
    assert vna_ntnb(settlement, vna, projection + bump) >= projected
