"""On-chain financial value of a trade: quantity_units * unit_price_units // 10**8 centavos.

The rule is the one the Solidity settlement contracts apply, and also the methodology's "Valor Financeiro"
truncated at 2 decimal places (Tabela 3, T-2). Expected values are derived by hand in each docstring or
checked against exact Decimal arithmetic (an independent path: Decimal product, then floor to centavos).
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drex.pricing import (
    PricingError,
    centavos_to_brl,
    financial_value,
    quantity_to_units,
    settlement_amount,
    unit_price_to_units,
    units_to_quantity,
    units_to_unit_price,
)
from drex.pricing.settlement import UINT256_MAX
from hypothesis_profiles import examples

QUANTITY_UNITS = st.integers(min_value=0, max_value=10**12)
PRICE_UNITS = st.integers(min_value=0, max_value=10**15)


def test_financial_value_of_methodology_ltn_price() -> None:
    """1,50 LTN at R$ 753,315323 ([STN] p. 4) = R$ 1.129,9729845 -> truncated to R$ 1.129,97."""
    q = quantity_to_units(Decimal("1.50"))
    p = unit_price_to_units(Decimal("753.315323"))
    assert (q, p) == (150, 75_331_532_300)
    assert financial_value(q, p) == 112_997
    assert centavos_to_brl(financial_value(q, p)) == Decimal("1129.97")


def test_financial_value_truncates_toward_zero() -> None:
    """0,01 bond at R$ 0,99999999 = R$ 0,0099999999 -> 0 centavos; at R$ 1,00 -> 1 centavo."""
    assert financial_value(1, 99_999_999) == 0
    assert financial_value(1, 100_000_000) == 1
    assert settlement_amount(Decimal("0.01"), Decimal("0.99999999")) == 0


def test_conversions_round_trip_and_refuse_extra_precision() -> None:
    assert unit_price_to_units(Decimal("1000")) == 100_000_000_000
    assert unit_price_to_units(Decimal("1.123456780")) == 112_345_678  # trailing zero is not precision
    assert units_to_unit_price(112_345_678) == Decimal("1.12345678")
    assert units_to_quantity(150) == Decimal("1.50")
    with pytest.raises(PricingError, match="more than 8 decimal places"):
        unit_price_to_units(Decimal("1.123456789"))
    with pytest.raises(PricingError, match="more than 2 decimal places"):
        quantity_to_units(Decimal("0.001"))
    with pytest.raises(PricingError, match="must not be negative"):
        quantity_to_units(Decimal("-1"))
    with pytest.raises(PricingError, match="must not be negative"):
        unit_price_to_units(Decimal("-0.01"))


@pytest.mark.parametrize(
    "bad",
    [1.5, "1.5", 3, Decimal("NaN"), Decimal("Infinity")],
)
def test_conversions_refuse_non_decimals(bad: object) -> None:
    with pytest.raises(PricingError):
        quantity_to_units(bad)  # type: ignore[arg-type]
    with pytest.raises(PricingError):
        unit_price_to_units(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("quantity_units", "unit_price_units"),
    [(-1, 1), (1, -1), (True, 1), (1, False), (1.0, 1), (1, Decimal(1)), (2**256, 1)],
)
def test_financial_value_refuses_non_uint256(quantity_units: object, unit_price_units: object) -> None:
    with pytest.raises(PricingError):
        financial_value(quantity_units, unit_price_units)  # type: ignore[arg-type]


def test_financial_value_refuses_overflowing_product() -> None:
    """Solidity's checked multiplication reverts on overflow; the Python rule refuses it the same way."""
    with pytest.raises(PricingError, match="overflows uint256"):
        financial_value(2**200, 2**60)
    assert financial_value(UINT256_MAX, 1) == UINT256_MAX // 10**8


@examples(300)
@given(QUANTITY_UNITS, PRICE_UNITS)
def test_financial_value_matches_exact_decimal_floor(q: int, p: int) -> None:
    exact = units_to_quantity(q) * units_to_unit_price(p)
    assert Decimal(financial_value(q, p)) == (exact * 100).to_integral_value(rounding=ROUND_FLOOR)
    assert financial_value(q, p) * 10**8 <= q * p < (financial_value(q, p) + 1) * 10**8


@examples(300)
@given(QUANTITY_UNITS, PRICE_UNITS, st.integers(0, 10**6), st.integers(0, 10**6))
def test_financial_value_is_monotone(q: int, p: int, dq: int, dp: int) -> None:
    assert financial_value(q + dq, p) >= financial_value(q, p)
    assert financial_value(q, p + dp) >= financial_value(q, p)


@examples(300)
@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_financial_value_is_exact_for_whole_bonds_at_cent_prices(bonds: int, price_cents: int) -> None:
    """k whole bonds (100 k units) at a price of c centavos (c * 10**6 units) settle for exactly k * c."""
    assert financial_value(100 * bonds, price_cents * 10**6) == bonds * price_cents


@examples(300)
@given(st.decimals(min_value=0, max_value=Decimal("1e12"), places=8))
def test_unit_price_round_trip(price: Decimal) -> None:
    assert units_to_unit_price(unit_price_to_units(price)) == price
