"""Input validation of the SDK: exact amounts, addresses, CNPJ8s, customer keys and numeric fields."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from eth_utils.crypto import keccak
from hypothesis import given
from hypothesis import strategies as st

from drex.errors import DrexError
from drex.sdk import InvalidAddress, InvalidAmount, InvalidCnpj8, InvalidInput, InvalidKey
from drex.sdk.values import (
    MAX_UNITS,
    cnpj8_int,
    customer_key,
    format_reais,
    from_units,
    parse_key_hash,
    to_address,
    to_cnpj8,
    to_key_hash,
    to_uint,
    to_units,
)

# --------------------------------------------------------------------------------- amounts
amounts_2dp = st.decimals(
    min_value=0, max_value=Decimal(10) ** 30, places=2, allow_nan=False, allow_infinity=False
)


@given(amounts_2dp)
def test_decimal_units_decimal_round_trip_is_exact(amount: Decimal) -> None:
    units = to_units(amount)
    assert isinstance(units, int)
    back = from_units(units)
    assert back == amount
    assert back.as_tuple().exponent == -2  # always shown with 2 decimals


@given(st.integers(min_value=0, max_value=MAX_UNITS))
def test_units_decimal_units_round_trip_is_exact(units: int) -> None:
    assert to_units(from_units(units)) == units
    assert to_units(str(from_units(units))) == units


@given(st.decimals(min_value=0, max_value=10**12, places=6, allow_nan=False, allow_infinity=False))
def test_more_than_two_decimals_is_rejected_never_rounded(amount: Decimal) -> None:
    if amount == amount.quantize(Decimal("0.01")):
        assert from_units(to_units(amount)) == amount
    else:
        with pytest.raises(InvalidAmount, match="more than 2 decimal places"):
            to_units(amount)


@pytest.mark.parametrize(
    ("value", "units"),
    [
        (Decimal("12.34"), 1234),
        ("12.34", 1234),
        (5, 500),
        ("0", 0),
        ("0.1", 10),
        ("1.500", 150),  # trailing zeros are not extra precision
        ("1000.00", 100000),
        (Decimal("1e2"), 10000),  # a Decimal from Python code may carry an exponent
        (Decimal("-0"), 0),
    ],
)
def test_valid_amounts(value: Decimal | int | str, units: int) -> None:
    assert to_units(value) == units


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.005", "more than 2 decimal places"),
        (Decimal("0.001"), "more than 2 decimal places"),
        ("-1", "not valid"),
        (Decimal("-0.01"), "negative"),
        (-3, "negative"),
        ("abc", "not valid"),
        ("1,50", "not valid"),
        ("", "not valid"),
        ("NaN", "not valid"),
        ("Infinity", "not valid"),
        (Decimal("NaN"), "not a finite number"),
        (Decimal("Infinity"), "not a finite number"),
        (1.5, "float"),
        (True, "bool"),
        (None, "NoneType"),
        (Decimal("1e80"), "too large"),
        (str(2**256), "too large"),
        (Decimal("1e999999999"), "too large"),
    ],
)
def test_invalid_amounts(value: object, message: str) -> None:
    with pytest.raises(InvalidAmount, match=message) as info:
        to_units(value)  # type: ignore[arg-type]
    assert isinstance(info.value, DrexError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "1e3",
        "1E3",
        "1_000",
        " 7 ",
        "7 ",
        "\t7",
        "+7",
        "-7",
        "1.000,00",
        "1,5",
        "1 000",
        ".5",
        "5.",
        "0x10",
        "\u0667",
        "\uff17",
        "NaN",
        "inf",
        "1.2.3",
        "R$ 5",
    ],
)
def test_typed_amounts_are_digits_with_an_optional_decimal_point(text: str) -> None:
    with pytest.raises(InvalidAmount) as info:
        to_units(text)
    assert str(info.value) == (
        f"amount in reais {text!r} is not valid: write digits with an optional decimal point, e.g. 1234.56"
    )


def test_python_callers_keep_decimal_and_int() -> None:
    assert to_units(Decimal("1E+3")) == 100000 and to_units(1000) == 100000
    assert to_units("1000") == 100000 and to_units("0.50") == 50


def test_from_units_rejects_negative_and_non_int() -> None:
    with pytest.raises(InvalidAmount):
        from_units(-1)
    with pytest.raises(InvalidAmount):
        from_units(1.0)  # type: ignore[arg-type]


def test_format_reais() -> None:
    assert format_reais(Decimal("1234567.8")) == "R$ 1.234.567,80"
    assert format_reais(Decimal("0")) == "R$ 0,00"
    assert format_reais(150, units=True) == "R$ 1,50"
    assert format_reais(Decimal("-2.5")) == "-R$ 2,50"


# ------------------------------------------------------------------------------- addresses
CHECKSUMMED = "0x5FbDB2315678afecb367f032d93F642f64180aa3"


def test_addresses_are_checksummed() -> None:
    assert to_address(CHECKSUMMED.lower()) == CHECKSUMMED
    assert to_address("0x" + CHECKSUMMED[2:].upper()) == CHECKSUMMED
    assert to_address(CHECKSUMMED) == CHECKSUMMED
    assert to_address(bytes.fromhex(CHECKSUMMED[2:])) == CHECKSUMMED


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0x5FbDB2315678afecb367f032d93F642f64180aA3", "checksum"),  # one letter's case flipped
        ("0x5FbDB2315678afecb367f032d93F642f64180a", "not an address"),
        ("5FbDB2315678afecb367f032d93F642f64180aa3", "not an address"),
        ("0x5FbDB2315678afecb367f032d93F642f64180aaZ", "not an address"),
        ("", "not an address"),
        (b"\x01" * 19, "20 bytes"),
        (42, "hex string"),
    ],
)
def test_invalid_addresses(value: object, message: str) -> None:
    with pytest.raises(InvalidAddress, match=message):
        to_address(value)


@given(st.binary(min_size=20, max_size=20))
def test_any_20_bytes_round_trip_through_every_case(raw: bytes) -> None:
    checksummed = to_address(raw)
    assert to_address(checksummed.lower()) == checksummed == to_address(checksummed)


# ----------------------------------------------------------------------------------- CNPJ8
def test_valid_cnpj8() -> None:
    assert to_cnpj8("11111111") == "11111111"
    assert to_cnpj8("00038166") == "00038166"
    assert to_cnpj8(38166) == "00038166"
    assert cnpj8_int("00038166") == 38166


@pytest.mark.parametrize(
    "value",
    [
        "1111111",
        "111111111",
        "1111111a",
        "11.111.111",
        "",
        "00000000",
        " 11111111",
        "11111111 ",
        "1111_1111",
        "+1111111",
        "\u0661" * 8,
        0,
        10**8,
        -1,
        True,
    ],
)
def test_invalid_cnpj8(value: object) -> None:
    with pytest.raises(InvalidCnpj8):
        to_cnpj8(value)  # type: ignore[arg-type]


@given(st.integers(min_value=1, max_value=10**8 - 1))
def test_cnpj8_int_round_trip(n: int) -> None:
    assert cnpj8_int(to_cnpj8(n)) == n
    assert len(to_cnpj8(n)) == 8


# ---------------------------------------------------------------------------- customer keys
def test_customer_keys_are_keccak256_of_the_identifier() -> None:
    assert customer_key("ana@banco-a.example") == keccak(text="ana@banco-a.example")
    assert to_key_hash("ana@banco-a.example") == keccak(text="ana@banco-a.example")
    h = keccak(text="x")
    assert to_key_hash(h) == h
    assert parse_key_hash("0x" + h.hex()) == h


@pytest.mark.parametrize("value", ["", "   ", b"\x01" * 31, bytes(32)])
def test_invalid_keys(value: str | bytes) -> None:
    with pytest.raises(InvalidKey):
        to_key_hash(value)


def test_invalid_key_hash_text() -> None:
    with pytest.raises(InvalidKey, match="64 hex digits"):
        parse_key_hash("0x1234")


# --------------------------------------------------------------------------- numeric fields
def test_uint_fields() -> None:
    assert to_uint("01234567890", "tax id", max_digits=11) == 1234567890
    assert to_uint(7, "branch") == 7
    for bad in ("12a", "-1", -1, "123456789012", True, 1.0, " 7", "7 ", "1_0", "+7", "\u0667", "1e3"):
        with pytest.raises(InvalidInput):
            to_uint(bad, "tax id", max_digits=11)  # type: ignore[arg-type]


def test_importing_the_sdk_does_not_load_web3() -> None:
    code = (
        "import sys, drex.sdk; from drex.sdk import to_units; to_units('1.00'); print('web3' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
