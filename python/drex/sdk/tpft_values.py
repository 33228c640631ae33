"""Values of the TPFt SDK: bond series, quantities, unit prices, caller parts, Brasília dates, operation ids.

A bond series (:class:`Series`, the contracts' ``TPFtData``) is an acronym, a Selic code and a maturity
timestamp; a date given for the maturity means 00:00 in Brasília (UTC-3) that day, so the series is
repayable from the first second of its maturity date. Quantities carry 2 decimals and unit prices 8, both
converted *exactly* by :mod:`drex.pricing.settlement` (floats, negatives and extra decimals are refused,
nothing is ever rounded), and the financial value of a trade is that module's integer rule
``quantity_units * unit_price_units // 10**8`` centavos, the one the contracts apply. An operation id is,
as the pilot suggests for its bond operations, the operation number followed by the current date as
``yyyyMMdd`` (an id tells the day it was agreed on); the number here is the participant's range (faixa,
by default its CNPJ8) followed by a 6-digit daily sequence: :func:`operation_id` builds one and
:func:`split_operation_id` reads it back. This module imports only the standard library and the light
pricing conversions.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from drex.pricing.errors import PricingError
from drex.pricing.settlement import (
    financial_value as _financial_value_units,
)
from drex.pricing.settlement import (
    quantity_to_units,
    unit_price_to_units,
    units_to_quantity,
    units_to_unit_price,
)
from drex.sdk.errors import InvalidInput, InvalidOperationId, InvalidPrice, InvalidQuantity, InvalidSeries
from drex.sdk.values import from_units, to_decimal

#: Brasília time (UTC-3, no daylight saving since 2019), the calendar of the contracts' date checks.
BRASILIA = dt.timezone(dt.timedelta(hours=-3), "BRT")
BRASILIA_OFFSET = 3 * 3600
DAY = 86_400
#: Digits of the date suffix of an operation id (yyyyMMdd).
DATE_DIGITS = 8
#: Digits of the daily sequence inside an operation number.
SEQUENCE_DIGITS = 6

_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

QuantityLike = Decimal | int | str
PriceLike = Decimal | int | str
DateLike = dt.date | dt.datetime | int


class CallerPart(enum.IntEnum):
    """Which party sends a command of a double-command operation (the contracts' ``CallerPart``)."""

    SENDER = 0
    """``TPFtSender``: the bond seller (cedente); in a repo return, the buyer who gives the bonds back."""
    RECEIVER = 1
    """``TPFtReceiver``: the bond buyer (cessionário); in a repo return, the seller who repurchases."""

    @property
    def other(self) -> CallerPart:
        """The counterpart's part."""
        return CallerPart.RECEIVER if self is CallerPart.SENDER else CallerPart.SENDER

    @classmethod
    def parse(cls, value: CallerPart | int | str) -> CallerPart:
        """``0``/``1``, ``"sender"``/``"receiver"`` or ``"seller"``/``"buyer"`` (any case)."""
        if isinstance(value, CallerPart):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
            return cls(value)
        if isinstance(value, str):
            text = value.strip().lower()
            if text in ("0", "sender", "seller", "tpftsender", "cedente"):
                return cls.SENDER
            if text in ("1", "receiver", "buyer", "tpftreceiver", "cessionario", "cessionário"):
                return cls.RECEIVER
        raise InvalidInput(f"caller part {value!r} must be sender (seller) or receiver (buyer)")


PartLike = CallerPart | int | str


# ----------------------------------------------------------------------------------- dates
def maturity_timestamp(day: dt.date) -> int:
    """00:00 in Brasília on ``day``, as a Unix timestamp."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=BRASILIA).timestamp())


def noon_timestamp(day: dt.date) -> int:
    """12:00 in Brasília on ``day``, as a Unix timestamp (a safe time for a repo's return date)."""
    return maturity_timestamp(day) + DAY // 2


def brasilia_date(timestamp: int) -> dt.date:
    """The calendar date in Brasília of a Unix timestamp."""
    return dt.datetime.fromtimestamp(int(timestamp), BRASILIA).date()


def brasilia_day(timestamp: int) -> int:
    """Days since 1970-01-01 in Brasília time: the contracts' ``TPFtFinancial.brasiliaDay``."""
    ts = int(timestamp)
    return 0 if ts < BRASILIA_OFFSET else (ts - BRASILIA_OFFSET) // DAY


def to_timestamp(value: DateLike, what: str, *, at_noon: bool = False) -> int:
    """A Unix timestamp from a timestamp, an aware datetime or a date (00:00 Brasília, or 12:00 with
    ``at_noon``)."""
    if isinstance(value, bool):
        raise InvalidInput(f"{what} must be a date or a timestamp, not {value!r}")
    if isinstance(value, int):
        if value <= 0:
            raise InvalidInput(f"{what} {value} is not a positive timestamp")
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise InvalidInput(f"{what} {value.isoformat()} has no time zone (use BRASILIA or UTC)")
        return int(value.timestamp())
    if isinstance(value, dt.date):
        return noon_timestamp(value) if at_noon else maturity_timestamp(value)
    raise InvalidInput(f"{what} must be a date, an aware datetime or a timestamp, not {type(value).__name__}")


def parse_date(text: str, what: str = "date") -> dt.date:
    """A ``YYYY-MM-DD`` date (exactly that form: no spaces, no ``20270401``)."""
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


# ---------------------------------------------------------------------------------- series
@dataclass(frozen=True, order=True)
class Series:
    """A bond series as the contracts identify it (``TPFtData``): acronym, Selic code, maturity timestamp."""

    acronym: str
    code: str
    maturity: int
    """Maturity as a Unix timestamp; from then on the series can only be repaid."""

    def __post_init__(self) -> None:
        if not isinstance(self.acronym, str) or not self.acronym.strip():
            raise InvalidSeries("a series needs a non-empty acronym (e.g. LTN)")
        if not isinstance(self.code, str) or not self.code.strip():
            raise InvalidSeries("a series needs a non-empty Selic code (e.g. 100000)")
        if isinstance(self.maturity, bool) or not isinstance(self.maturity, int) or self.maturity <= 0:
            raise InvalidSeries(f"maturity {self.maturity!r} must be a positive Unix timestamp")

    @classmethod
    def of(cls, acronym: str, code: str | int, maturity: DateLike) -> Series:
        """A series from a date (00:00 Brasília that day), an aware datetime or a timestamp."""
        try:
            ts = to_timestamp(maturity, "maturity")
        except InvalidInput as exc:
            raise InvalidSeries(str(exc)) from None
        return cls(acronym, str(code), ts)

    @classmethod
    def from_tuple(cls, t: object) -> Series:
        """From the ABI's ``(acronym, code, maturityDate)`` tuple (or a mapping with those names)."""
        if isinstance(t, Mapping):
            return cls(str(t["acronym"]), str(t["code"]), int(t["maturityDate"]))
        if not isinstance(t, tuple | list) or len(t) != 3:
            raise InvalidSeries(f"a series tuple is (acronym, code, maturityDate), not {t!r}")
        return cls(str(t[0]), str(t[1]), int(t[2]))

    @classmethod
    def parse(cls, text: str) -> Series:
        """``ACRONYM:CODE:MATURITY``, MATURITY a ``YYYY-MM-DD`` date or a Unix timestamp."""
        parts = text.strip().split(":")
        if len(parts) != 3:
            raise InvalidSeries(
                f"series {text!r} must be ACRONYM:CODE:YYYY-MM-DD (e.g. LTN:100000:2027-04-01)"
            )
        acronym, code, maturity = (p.strip() for p in parts)
        when: DateLike = int(maturity) if _DIGITS.fullmatch(maturity) else parse_date(maturity, "maturity")
        return cls.of(acronym, code, when)

    def as_tuple(self) -> tuple[str, str, int]:
        """The ABI's ``TPFtData`` tuple."""
        return (self.acronym, self.code, self.maturity)

    @property
    def maturity_date(self) -> dt.date:
        """The maturity's calendar date in Brasília."""
        return brasilia_date(self.maturity)

    def __str__(self) -> str:
        at_midnight = maturity_timestamp(self.maturity_date) == self.maturity
        when = self.maturity_date.isoformat() if at_midnight else str(self.maturity)
        return f"{self.acronym}:{self.code}:{when}"


# ------------------------------------------------------------------ quantities and prices
def _decimal(value: object, what: str, example: str, error: type[InvalidInput]) -> Decimal:
    try:
        return to_decimal(value, what, example)  # type: ignore[arg-type]
    except InvalidInput as exc:
        raise error(str(exc)) from None


def to_quantity_units(quantity: QuantityLike) -> int:
    """Bonds -> hundredths of a bond, exactly (``Decimal("1.5")`` -> ``150``); :class:`InvalidQuantity`
    for floats, negatives, more than 2 decimal places or text that is not digits with an optional
    decimal point (``"1000.50"``)."""
    value = _decimal(quantity, "bond quantity", "1000.50", InvalidQuantity)
    try:
        return quantity_to_units(value)
    except PricingError as exc:
        raise InvalidQuantity(str(exc)) from None


def from_quantity_units(units: int) -> Decimal:
    """Hundredths of a bond -> bonds with exactly 2 decimal places."""
    return units_to_quantity(int(units))


def to_price_units(unit_price: PriceLike) -> int:
    """Unit price in reais -> units of 1e-8 BRL, exactly; :class:`InvalidPrice` for floats, negatives,
    more than 8 decimal places or text that is not digits with an optional decimal point
    (``"850.12345678"``)."""
    value = _decimal(unit_price, "unit price", "850.12345678", InvalidPrice)
    try:
        return unit_price_to_units(value)
    except PricingError as exc:
        raise InvalidPrice(str(exc)) from None


def from_price_units(units: int) -> Decimal:
    """Units of 1e-8 BRL -> a unit price with exactly 8 decimal places."""
    return units_to_unit_price(int(units))


def financial_value(quantity: QuantityLike, unit_price: PriceLike) -> Decimal:
    """Reais paid for ``quantity`` bonds at ``unit_price``: ``q_units * pu_units // 10**8`` centavos,
    truncated toward zero (the contracts' rule).

    >>> financial_value(Decimal("1.50"), Decimal("1234.56789012"))
    Decimal('1851.85')
    """
    return from_units(_financial_value_units(to_quantity_units(quantity), to_price_units(unit_price)))


# ----------------------------------------------------------------------------- operation ids
def operation_id(number: int, day: dt.date) -> int:
    """The pilot's operation id: the operation ``number`` followed by ``day`` as ``yyyyMMdd``.

    >>> operation_id(11111111000001, dt.date(2026, 11, 23))
    1111111100000120261123
    """
    if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
        raise InvalidOperationId(f"operation number {number!r} must be a positive integer")
    return int(f"{number}{day:%Y%m%d}")


def split_operation_id(value: int) -> tuple[int, dt.date]:
    """(operation number, date) of an id built by :func:`operation_id`; :class:`InvalidOperationId` when
    it does not end in a valid ``yyyyMMdd`` date or has no number before it."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidOperationId(f"operation id {value!r} must be a positive integer")
    number, suffix = divmod(value, 10**DATE_DIGITS)
    text = f"{suffix:08d}"
    try:
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise InvalidOperationId(f"operation id {value} does not end in a yyyyMMdd date") from None
    if number == 0:
        raise InvalidOperationId(f"operation id {value} has no operation number before its date")
    return number, day


def operation_number(faixa: int, sequence: int, digits: int = SEQUENCE_DIGITS) -> int:
    """An operation number: the participant's range ``faixa`` followed by ``sequence`` on ``digits``
    digits (``faixa=11111111, sequence=1`` -> ``11111111000001``)."""
    if isinstance(faixa, bool) or not isinstance(faixa, int) or faixa <= 0:
        raise InvalidOperationId(f"range (faixa) {faixa!r} must be a positive integer")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 < sequence < 10**digits:
        raise InvalidOperationId(f"sequence {sequence!r} must be between 1 and {10**digits - 1}")
    scale: int = 10**digits
    return faixa * scale + sequence


def to_operation_id(value: int | str) -> int:
    """A positive operation id from an int or a string of ASCII digits (no date check: the pilot does not
    validate it either)."""
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0 or value >= 2**256:
        raise InvalidOperationId(f"operation id {value!r} must be a positive integer below 2**256")
    return value


__all__ = [
    "BRASILIA",
    "CallerPart",
    "InvalidOperationId",
    "InvalidPrice",
    "InvalidQuantity",
    "InvalidSeries",
    "Series",
    "brasilia_date",
    "brasilia_day",
    "financial_value",
    "from_price_units",
    "from_quantity_units",
    "maturity_timestamp",
    "noon_timestamp",
    "operation_id",
    "operation_number",
    "parse_date",
    "split_operation_id",
    "to_operation_id",
    "to_price_units",
    "to_quantity_units",
    "to_timestamp",
]
