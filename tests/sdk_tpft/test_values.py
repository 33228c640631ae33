"""TPFt values without a chain: series, caller parts, exact quantity/price conversions, the financial-value
rule against :mod:`drex.pricing.settlement`, and the operation-id format (number + yyyyMMdd)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from drex.pricing.settlement import financial_value as units_rule
from drex.sdk.errors import InvalidInput
from drex.sdk.tpft_ops import Party, parties_style
from drex.sdk.tpft_values import (
    CallerPart,
    InvalidOperationId,
    InvalidPrice,
    InvalidQuantity,
    Series,
    brasilia_date,
    brasilia_day,
    financial_value,
    from_price_units,
    from_quantity_units,
    maturity_timestamp,
    noon_timestamp,
    operation_id,
    operation_number,
    split_operation_id,
    to_operation_id,
    to_price_units,
    to_quantity_units,
    to_timestamp,
)

A = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
B = "0x90F79bf6EB2c4f870365E785982E1f101E93b906"


def test_series_from_dates_and_text() -> None:
    s = Series.of("LTN", 100000, dt.date(2027, 4, 1))
    assert (
        s.maturity == maturity_timestamp(dt.date(2027, 4, 1)) == 1806548400
    )  # 2027-04-01 03:00 UTC, 00:00 in Brasília
    assert s.maturity_date == dt.date(2027, 4, 1) and str(s) == "LTN:100000:2027-04-01"
    assert Series.parse("LTN:100000:2027-04-01") == s
    assert Series.parse(f"NTN-B:760199:{s.maturity + 5}").maturity == s.maturity + 5
    assert Series.from_tuple(("LTN", "100000", s.maturity)) == s
    assert Series.from_tuple({"acronym": "LTN", "code": "100000", "maturityDate": s.maturity}) == s
    assert s.as_tuple() == ("LTN", "100000", s.maturity)
    assert Series.of("LTN", "1", dt.datetime(2027, 4, 1, 3, tzinfo=dt.UTC)).maturity == s.maturity


@pytest.mark.parametrize(
    "make",
    [
        lambda: Series("", "1", 1),
        lambda: Series("LTN", " ", 1),
        lambda: Series("LTN", "1", 0),
        lambda: Series("LTN", "1", True),
        lambda: Series.parse("LTN-100000-2027-04-01"),
        lambda: Series.parse("LTN:1:2027-13-01"),
        lambda: Series.of("LTN", "1", dt.datetime(2027, 4, 1)),  # naive datetime
    ],
)
def test_series_rejects_bad_input(make: object) -> None:
    with pytest.raises(InvalidInput):
        make()  # type: ignore[operator]


def test_dates_follow_the_contracts_brasilia_day() -> None:
    ts = noon_timestamp(dt.date(2026, 11, 23))
    assert brasilia_date(ts) == dt.date(2026, 11, 23)
    assert brasilia_day(ts) == (ts - 3 * 3600) // 86_400 == dt.date(2026, 11, 23).toordinal() - 719163
    assert brasilia_date(maturity_timestamp(dt.date(2027, 1, 1)) - 1) == dt.date(2026, 12, 31)
    assert to_timestamp(dt.date(2026, 11, 23), "d", at_noon=True) == ts
    with pytest.raises(InvalidInput):
        to_timestamp(-5, "d")


def test_caller_parts() -> None:
    assert CallerPart.parse("seller") is CallerPart.SENDER is CallerPart.parse(0)
    assert CallerPart.parse("Buyer") is CallerPart.RECEIVER is CallerPart.parse("receiver")
    assert CallerPart.SENDER.other is CallerPart.RECEIVER and int(CallerPart.RECEIVER) == 1
    for bad in ("both", 2, True, None):
        with pytest.raises(InvalidInput):
            CallerPart.parse(bad)  # type: ignore[arg-type]


def test_quantities_and_prices_are_exact() -> None:
    assert to_quantity_units(Decimal("1.5")) == 150 and to_quantity_units("300") == 30000
    assert to_quantity_units(7) == 700 and from_quantity_units(150) == Decimal("1.50")
    assert to_price_units(Decimal("956.007752")) == 95600775200 and to_price_units("0.00000001") == 1
    assert from_price_units(95600775200) == Decimal("956.00775200")
    with pytest.raises(InvalidQuantity, match="more than 2 decimal places"):
        to_quantity_units(Decimal("1.005"))
    with pytest.raises(InvalidQuantity, match="float"):
        to_quantity_units(1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidQuantity, match="negative"):
        to_quantity_units(-1)
    with pytest.raises(InvalidQuantity, match="bond quantity '-1' is not valid"):
        to_quantity_units("-1")
    with pytest.raises(InvalidPrice, match="more than 8 decimal places"):
        to_price_units(Decimal("1.000000001"))
    with pytest.raises(InvalidPrice):
        to_price_units("abc")


@pytest.mark.parametrize("text", ["1e3", "1_000", " 7 ", "+7", "1.000,50", "1,5", ".5", "\u0661"])
def test_typed_quantities_and_prices_are_digits_with_an_optional_decimal_point(text: str) -> None:
    with pytest.raises(InvalidQuantity) as q:
        to_quantity_units(text)
    assert str(q.value) == (
        f"bond quantity {text!r} is not valid: write digits with an optional decimal point, e.g. 1000.50"
    )
    with pytest.raises(InvalidPrice) as p:
        to_price_units(text)
    assert str(p.value) == (
        f"unit price {text!r} is not valid: write digits with an optional decimal point, e.g. 850.12345678"
    )


@pytest.mark.parametrize(
    ("quantity", "price"),
    [
        ("1.50", "1234.56789012"),
        ("300", "956.007752"),
        ("0.01", "0.00000001"),
        ("123456.78", "4524.26367900"),
        ("3", "956.15454"),
    ],
)
def test_financial_value_is_the_settlement_rule(quantity: str, price: str) -> None:
    units = units_rule(to_quantity_units(quantity), to_price_units(price))
    value = financial_value(quantity, price)
    assert value == Decimal(units) / 100 and value.as_tuple().exponent == -2
    assert value <= Decimal(quantity) * Decimal(price) < value + Decimal("0.01")  # truncated, never rounded


def test_operation_ids() -> None:
    day = dt.date(2026, 11, 23)
    n = operation_number(11111111, 1)
    assert n == 11111111000001
    op = operation_id(n, day)
    assert op == 1111111100000120261123 and split_operation_id(op) == (n, day)
    assert operation_id(operation_number(38166, 42), day) == 3816600004220261123
    assert to_operation_id("1234") == 1234
    for bad in (0, -1, "12a", 2**256, True, " 12", "1_2", "+12", "\u0661\u0662"):
        with pytest.raises(InvalidOperationId):
            to_operation_id(bad)
    with pytest.raises(InvalidOperationId, match="yyyyMMdd"):
        split_operation_id(1234_20261341)
    with pytest.raises(InvalidOperationId, match="no operation number"):
        split_operation_id(20261123)
    with pytest.raises(InvalidOperationId):
        operation_number(11111111, 10**6)


def test_parties_choose_the_overload() -> None:
    bank_a, bank_b = Party.institution("11111111"), Party.institution(22222222)
    assert parties_style(bank_a, bank_b) == "cnpj8"
    assert parties_style(Party.participant(A), Party.participant(B)) == "wallet"
    assert parties_style(Party.participant(A), Party.participant(B), "client") == "client"
    assert parties_style(Party.participant(A), Party.customer(B, A)) == "client"
    with pytest.raises(InvalidInput, match="same way"):
        parties_style(bank_a, Party.participant(B))
    with pytest.raises(InvalidInput, match="overload"):
        parties_style(bank_a, bank_b, "wallet")
    with pytest.raises(InvalidInput):
        Party()
    with pytest.raises(InvalidInput):
        Party(cnpj8="11111111", token=Party.participant(A).wallet)
