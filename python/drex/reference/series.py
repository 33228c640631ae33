"""The catalogue of reference-data series and the exact conversions to the contract's integers.

Each series has a name (the preimage of its on-chain id), a unit, a number of decimal places, a cadence
(daily, or monthly with the first day of the month as reference date), bounds, a maximum move from one
round to the next and where its figures come from (the central bank's SGS, the PTAX service, or an
operator). Values on chain are ``figure * 10**decimals`` as int256; dates are days since 1970-01-01.

>>> from decimal import Decimal
>>> selic = SERIES["SELIC"]
>>> to_units(selic, Decimal("0.055131")), from_units(selic, 55131)
(55131, Decimal('0.055131'))
>>> to_units(selic, Decimal("0.0551312"))
Traceback (most recent call last):
...
drex.reference.errors.ReferenceDataError: SELIC: 0.0551312 % a.d. has more than 6 decimal places
>>> import datetime as dt
>>> day_number(dt.date(2025, 10, 1)), from_day_number(20362)
(20362, datetime.date(2025, 10, 1))
>>> series_id("SELIC").hex()[:16]
'3dd80d6de65443ac'
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from dataclasses import dataclass
from decimal import Decimal

from eth_utils import keccak

from drex.reference.errors import ReferenceDataError

#: Prefix of the per-bond reference unit price series: ``TPFT_PU:<tpft id>``.
TPFT_PRICE_PREFIX = "TPFT_PU:"

_EPOCH = dt.date(1970, 1, 1)
_INT256_MAX = 2**255 - 1
_INT256_MIN = -(2**255)
_UINT32_MAX = 2**32 - 1
# Enough digits for any int256 (78 digits) with any scale the catalogue uses, so no operation rounds.
_EXACT = decimal.Context(prec=200, traps=[decimal.InvalidOperation, decimal.Inexact, decimal.Overflow])


class Cadence(enum.IntEnum):
    """How often a series has a round; the values are the contract's ``Cadence`` enum."""

    DAILY = 0
    MONTHLY = 1


@dataclass(frozen=True)
class SeriesSpec:
    """One reference-data series: identity, unit, scale, cadence, bounds and source.

    ``min_value``/``max_value`` bound every round's value and ``max_move`` bounds the change from the
    previous round (``None``: unlimited), all in ``unit``. ``sgs_code`` is the SGS series code when the
    central bank's SGS publishes it; ``source`` is ``"sgs"``, ``"ptax"`` or ``"operator"``.
    ``day_of_month`` is the one calendar day of each month a daily series' reference dates fall on (the
    NTN-B VNA is set on the 15th, business day or not); ``None``: any business day. ``lead_days`` is how
    many days after today a round may be dated (the contract's ``leadDays``): 0 for a figure published
    on or after its date; :data:`VNA_NTNB_LEAD_DAYS` for the NTN-B VNA, known before its 15th.
    """

    name: str
    title: str
    unit: str
    decimals: int
    cadence: Cadence
    min_value: Decimal
    max_value: Decimal
    max_move: Decimal | None
    sgs_code: int | None
    source: str
    day_of_month: int | None = None
    lead_days: int = 0

    @property
    def id(self) -> bytes:
        """The on-chain series id: keccak-256 of the name."""
        return series_id(self.name)

    def describe(self, value: Decimal | int) -> str:
        """``value`` written with the series' unit, e.g. ``'5.4321 BRL/USD'``."""
        return f"{value} {self.unit}"


def _spec(
    name: str,
    title: str,
    unit: str,
    decimals: int,
    cadence: Cadence,
    bounds: tuple[str, str],
    max_move: str | None,
    sgs_code: int | None,
    source: str,
    day_of_month: int | None = None,
    lead_days: int = 0,
) -> SeriesSpec:
    return SeriesSpec(
        name=name,
        title=title,
        unit=unit,
        decimals=decimals,
        cadence=cadence,
        min_value=Decimal(bounds[0]),
        max_value=Decimal(bounds[1]),
        max_move=None if max_move is None else Decimal(max_move),
        sgs_code=sgs_code,
        source=source,
        day_of_month=day_of_month,
        lead_days=lead_days,
    )


_D, _M = Cadence.DAILY, Cadence.MONTHLY

#: How many days before its 15th the NTN-B VNA round may be published. The VNA of the 15th is the one
#: before it times the IPCA of the previous month, which IBGE publishes around the 10th; 5 days also let
#: a settlement on the business day after a weekend or holiday over the 15th (a Friday the 13th or 14th
#: settling on the 16th or 17th, Carnival) be priced with it.
VNA_NTNB_LEAD_DAYS = 5

#: The fixed series, by name (the per-bond ``TPFT_PU:<id>`` series are made by :func:`tpft_price_spec`).
SERIES: dict[str, SeriesSpec] = {
    s.name: s
    for s in (
        _spec("SELIC", "Selic rate of the day (SGS 11)", "% a.d.", 6, _D, ("0", "1"), "0.02", 11, "sgs"),
        _spec(
            "SELIC_TARGET", "Selic target, Copom (SGS 432)", "% a.a.", 2, _D, ("0", "100"), "3.00", 432, "sgs"
        ),
        _spec("CDI", "CDI of the day (SGS 12)", "% a.d.", 6, _D, ("0", "1"), "0.02", 12, "sgs"),
        _spec("IPCA", "IPCA monthly change (SGS 433)", "% a.m.", 2, _M, ("-5", "10"), "3.00", 433, "sgs"),
        _spec("PTAX_SELL", "PTAX sell rate (SGS 1)", "BRL/USD", 4, _D, ("0.5", "50"), "0.5", 1, "ptax"),
        _spec("PTAX_BUY", "PTAX buy rate (SGS 10813)", "BRL/USD", 4, _D, ("0.5", "50"), "0.5", 10813, "ptax"),
        _spec(
            "IPCA_PROJECTION",
            "ANBIMA's IPCA projection, dated the 1st of the month it projects",
            "% a.m.",
            2,
            _M,
            ("-5", "10"),
            "3.00",
            None,
            "operator",
        ),
        _spec(
            "VNA_LFT",
            "LFT VNA published by the Treasury/ANBIMA",
            "BRL",
            6,
            _D,
            ("1000", "1000000"),
            "100",
            None,
            "operator",
        ),
        _spec(
            "VNA_NTNB",
            "NTN-B VNA (on the 15th)",
            "BRL",
            6,
            _D,
            ("1000", "1000000"),
            "200",
            None,
            "operator",
            15,
            VNA_NTNB_LEAD_DAYS,
        ),
    )
}


def series_id(name: str) -> bytes:
    """The on-chain id of series ``name``: keccak-256 of its UTF-8 text (32 bytes)."""
    if not isinstance(name, str) or not name:
        raise ReferenceDataError(f"a series name must be a non-empty string, got {name!r}")
    return bytes(keccak(text=name))


def tpft_price_series(tpft_id: int) -> str:
    """Name of the reference unit price series of TPFt id ``tpft_id``: ``'TPFT_PU:<id>'``.

    >>> tpft_price_series(7)
    'TPFT_PU:7'
    """
    if isinstance(tpft_id, bool) or not isinstance(tpft_id, int) or tpft_id < 0:
        raise ReferenceDataError(f"a TPFt id must be a non-negative integer, got {tpft_id!r}")
    return f"{TPFT_PRICE_PREFIX}{tpft_id}"


def tpft_price_spec(tpft_id: int) -> SeriesSpec:
    """The series of the reference unit price (PU, BRL, 8 places) of TPFt id ``tpft_id``."""
    return _spec(
        tpft_price_series(tpft_id),
        f"Reference unit price of TPFt id {tpft_id}",
        "BRL",
        8,
        _D,
        ("0.00000001", "100000"),
        None,
        None,
        "operator",
    )


def series_spec(name: str) -> SeriesSpec:
    """The spec of ``name``: a catalogue series or ``TPFT_PU:<id>``; unknown names raise."""
    spec = SERIES.get(name)
    if spec is not None:
        return spec
    if isinstance(name, str) and name.startswith(TPFT_PRICE_PREFIX):
        digits = name[len(TPFT_PRICE_PREFIX) :]
        if digits.isascii() and digits.isdigit() and str(int(digits)) == digits:
            return tpft_price_spec(int(digits))
    raise ReferenceDataError(
        f"unknown reference-data series {name!r}; known: {', '.join(SERIES)} and {TPFT_PRICE_PREFIX}<id>"
    )


def to_units(spec: SeriesSpec, value: Decimal | int) -> int:
    """``value`` (in the series' unit) as the contract's integer, ``value * 10**decimals``, exactly.

    More decimal places than the series holds, a float, or a value beyond int256 raise
    :class:`ReferenceDataError` naming the series and the value; nothing is rounded.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ReferenceDataError(
            f"{spec.name}: the value must be a Decimal or an int (not {type(value).__name__}), got {value!r}"
        )
    number = Decimal(value)
    if not number.is_finite():
        raise ReferenceDataError(f"{spec.name}: {spec.describe(number)} is not a finite number")
    try:
        scaled = _EXACT.scaleb(number, spec.decimals)
        units = int(_EXACT.to_integral_exact(scaled))
    except decimal.Inexact:
        raise ReferenceDataError(
            f"{spec.name}: {spec.describe(number)} has more than {spec.decimals} decimal places"
        ) from None
    except (decimal.InvalidOperation, decimal.Overflow):
        raise ReferenceDataError(f"{spec.name}: {spec.describe(number)} is too large") from None
    if not _INT256_MIN <= units <= _INT256_MAX:
        raise ReferenceDataError(f"{spec.name}: {spec.describe(number)} does not fit an int256")
    return units


def from_units(spec: SeriesSpec, units: int) -> Decimal:
    """The contract's integer ``units`` as a value in the series' unit, with exactly ``decimals`` places.

    >>> from_units(SERIES["IPCA"], -38)
    Decimal('-0.38')
    """
    if isinstance(units, bool) or not isinstance(units, int):
        raise ReferenceDataError(f"{spec.name}: on-chain units must be an int, got {units!r}")
    return _EXACT.scaleb(Decimal(units), -spec.decimals)


def contract_config(spec: SeriesSpec, *, active: bool = True) -> tuple[int, int, int, int, int, bool, int]:
    """The contract's ``SeriesConfig`` tuple of ``spec``: (decimals, cadence, minValue, maxValue, maxMove,
    active, leadDays), bounds and move scaled (``maxMove`` 0 = unlimited).

    >>> contract_config(SERIES["PTAX_SELL"])
    (4, 0, 5000, 500000, 5000, True, 0)
    >>> contract_config(SERIES["VNA_NTNB"])[-1]
    5
    """
    max_move = 0 if spec.max_move is None else to_units(spec, spec.max_move)
    return (
        spec.decimals,
        int(spec.cadence),
        to_units(spec, spec.min_value),
        to_units(spec, spec.max_value),
        max_move,
        active,
        spec.lead_days,
    )


def check_bounds(spec: SeriesSpec, value: Decimal) -> None:
    """Raise :class:`ReferenceDataError` unless ``min_value <= value <= max_value`` (the contract's rule).

    >>> check_bounds(SERIES["PTAX_SELL"], Decimal("60"))
    Traceback (most recent call last):
    ...
    drex.reference.errors.ReferenceDataError: PTAX_SELL: 60 BRL/USD is outside 0.5 .. 50 BRL/USD
    """
    if not spec.min_value <= value <= spec.max_value:
        bounds = f"{spec.min_value} .. {spec.describe(spec.max_value)}"
        raise ReferenceDataError(f"{spec.name}: {spec.describe(value)} is outside {bounds}")


def check_reference_date(spec: SeriesSpec, day: dt.date) -> int:
    """The day number of ``day`` as reference date of ``spec``: monthly series need the first of a month.

    >>> check_reference_date(SERIES["IPCA"], dt.date(2025, 9, 2))
    Traceback (most recent call last):
    ...
    drex.reference.errors.ReferenceDataError: IPCA is monthly: its reference date is the first day ...
    """
    number = day_number(day)
    if spec.cadence is Cadence.MONTHLY and day.day != 1:
        raise ReferenceDataError(
            f"{spec.name} is monthly: its reference date is the first day of the month, not {day.isoformat()}"
        )
    return number


def day_number(day: dt.date) -> int:
    """Days from 1970-01-01 to ``day`` (the contract's uint32 reference date); ``day`` must be a date.

    >>> day_number(dt.date(1970, 1, 2))
    1
    """
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise ReferenceDataError(f"a reference date must be a datetime.date (not datetime), got {day!r}")
    number = (day - _EPOCH).days
    if number < 0:
        raise ReferenceDataError(f"reference date {day.isoformat()} is before 1970-01-01")
    return number


def from_day_number(number: int) -> dt.date:
    """The date ``number`` days after 1970-01-01 (inverse of :func:`day_number`)."""
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= _UINT32_MAX:
        raise ReferenceDataError(f"a day number must be an integer in 0..{_UINT32_MAX}, got {number!r}")
    try:
        return _EPOCH + dt.timedelta(days=number)
    except OverflowError:
        raise ReferenceDataError(f"day number {number} is beyond the year 9999") from None
