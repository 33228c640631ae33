"""Exact units of the compliance service: reais as integer centavos, hours and days as seconds, percents
and multipliers as integer hundredths. Nothing here ever uses a float.

>>> reais_to_cents(Decimal("1234.5"), "threshold_reais")
123450
>>> cents_text(123450)
'1234.50'
>>> cents_siscoaf(123450)
'1234,50'
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from drex.compliance.errors import RuleFileError


def show(value: object) -> str:
    """A value as written in a rule file (a Decimal as its digits, anything else as its repr)."""
    return str(value) if isinstance(value, Decimal) else repr(value)


def as_decimal(value: object, what: str) -> Decimal:
    """``value`` (a YAML number read as Decimal, an int, or digits in a string) as a finite Decimal."""
    if isinstance(value, bool | float):
        raise RuleFileError(f"{what}: expected an exact number, got {show(value)}")
    try:
        number = Decimal(str(value).strip()) if isinstance(value, str | int | Decimal) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise RuleFileError(f"{what}: expected a number, got {show(value)}")
    return number


def _scaled(value: object, what: str, scale: int, unit: str) -> int:
    number = as_decimal(value, what)
    if number < 0:
        raise RuleFileError(f"{what}: expected {unit} not below zero, got {number}")
    scaled = number * scale
    if scaled != scaled.to_integral_value():
        raise RuleFileError(f"{what}: {number} {unit} is finer than the unit allows (1/{scale})")
    return int(scaled)


def reais_to_cents(value: object, what: str) -> int:
    """An amount in reais with at most 2 decimals, as integer centavos."""
    return _scaled(value, what, 100, "reais (at most 2 decimals)")


def hours_to_seconds(value: object, what: str) -> int:
    """A duration in hours (fractions of an hour allowed down to the second), as seconds."""
    return _scaled(value, what, 3600, "hours")


def days_to_seconds(value: object, what: str) -> int:
    """A duration in days, as seconds."""
    return _scaled(value, what, 86400, "days")


def hundredths(value: object, what: str, unit: str) -> int:
    """A percent or multiplier with at most 2 decimals, as integer hundredths (12.5 % -> 1250)."""
    return _scaled(value, what, 100, unit)


def cents_text(cents: int) -> str:
    """Integer centavos as ``1234.50`` (point decimal separator, as the CLI prints amounts)."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


def cents_siscoaf(cents: int) -> str:
    """Integer centavos as SISCOAF writes values: comma decimal separator, no thousands separator."""
    return cents_text(cents).replace(".", ",")


class Money(TypeDecorator[int]):
    """An exact integer amount (centavos, token units or uint256 values) in any database: NUMERIC(78,0)
    on PostgreSQL, decimal digits in a string elsewhere (SQLite's integers stop at 2^63)."""

    impl = String(80)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            from sqlalchemy import Numeric

            return dialect.type_descriptor(Numeric(78, 0))
        return dialect.type_descriptor(String(80))

    def process_bind_param(self, value: int | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"money columns take int, not {type(value).__name__}")
        return Decimal(value) if dialect.name == "postgresql" else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(value)


__all__ = [
    "Money",
    "as_decimal",
    "cents_siscoaf",
    "cents_text",
    "days_to_seconds",
    "hours_to_seconds",
    "hundredths",
    "show",
    "reais_to_cents",
]
