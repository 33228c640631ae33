"""Bond prices from on-chain reference-data rounds, and the check of an operation's unit price.

Reads rounds through the SDK's reference-data client (:class:`drex.sdk.reference.ReferenceData`, the
``Platform.reference_data`` property) and prices with :mod:`drex.pricing`, following the Tesouro
methodology:

- LFT (:func:`lft_vna_from_rounds`): the latest ``VNA_LFT`` round on or before settlement, accrued with
  the ``SELIC`` round (SGS 11, % a.d.) of every business day from it up to the day before settlement
  (:func:`drex.pricing.vna_lft_accrued`); when the previous business day's ``SELIC`` round is not on chain
  yet, that last day is projected with the ``SELIC_TARGET`` in force on it, as the methodology does
  (:func:`drex.pricing.vna_lft_projected`).
- NTN-B (:func:`ntnb_vna_from_rounds`): the ``VNA_NTNB`` round of the 15th on or before settlement,
  projected with the ``IPCA_PROJECTION`` round of the month it accrues (a monthly series dated the 1st of
  the month projected, so a round says which month it is for; :func:`drex.pricing.vna_ntnb`); when no
  projection for the month is on chain but IBGE's figure is (the ``IPCA`` round, published around the
  10th of the next month), that figure stands in for it. The VNA of the 15th is never rebuilt from
  IPCA monthly changes: rounded at 2 places of %, they drift from the Treasury's index-based VNA (see
  :mod:`drex.pricing.vna`).
- :func:`check_unit_price`: an operation's unit price against the ``TPFT_PU:<id>`` round.

Ages are counted as the contract's ``ageOf`` counts them, in ANBIMA business days after the round's
reference date, but up to the pricing date rather than the chain's today, so pricing a past date gives
the same answer whenever it is asked. A round that is needed and absent raises
:class:`MissingReferenceRound`, one too old :class:`StaleReferenceRound`, naming the series and dates;
every result carries the rounds it used, so a caller can print them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from drex.errors import DrexError
from drex.pricing import (
    PricingError,
    business_days,
    business_days_list,
    ipca_projection_month,
    ipca_reference_dates,
    is_business_day,
    lft_pu,
    lft_quote,
    ntnb_principal_pu,
    ntnb_principal_quote,
    ntnb_pu,
    ntnb_quote,
    vna_lft_accrued,
    vna_lft_projected,
    vna_ntnb,
)
from drex.reference import series_spec, tpft_price_series
from drex.sdk.display import decimal_number
from drex.sdk.display import unit_price as show_unit_price
from drex.sdk.errors import InvalidInput
from drex.sdk.tpft_values import from_price_units, to_price_units

if TYPE_CHECKING:
    from drex.sdk.reference import ReferenceData, RoundInfo

#: Business days a ``VNA_LFT`` round may precede settlement by (the ``SELIC`` rounds bridge the gap).
VNA_LFT_MAX_AGE = 5
#: Business days the ``SELIC_TARGET`` round may precede the day it projects.
SELIC_TARGET_MAX_AGE = 1
#: Business days a ``TPFT_PU:<id>`` round may precede the day it checks (0: that day's, or the last
#: business day's on a weekend or holiday).
TPFT_PU_MAX_AGE = 0


class MissingReferenceRound(DrexError):
    """A reference-data round that pricing needs is not on chain; the message names series and dates."""


class StaleReferenceRound(DrexError):
    """The latest reference-data round is older than allowed; the message names series, dates and ages."""


class PriceOffReference(DrexError):
    """A unit price deviates from the reference unit price by more than the tolerance (reais and %)."""


def describe_round(r: RoundInfo) -> str:
    """``'VNA_LFT 2008-05-20: 3449.694215 BRL'``."""
    return f"{r.series} {r.reference_date.isoformat()}: {series_spec(r.series).describe(r.value)}"


def round_age(reference_date: dt.date, day: dt.date) -> int:
    """Business days d with ``reference_date < d <= day`` (the contract's ``ageOf``, up to ``day``).

    >>> friday, monday = dt.date(2008, 5, 16), dt.date(2008, 5, 19)
    >>> round_age(friday, monday), round_age(monday, monday)
    (1, 0)
    """
    if reference_date >= day:
        return 0
    return business_days(reference_date + dt.timedelta(days=1), day + dt.timedelta(days=1))


def round_on_or_before(
    ref: ReferenceData, series: str, day: dt.date, max_age: int, purpose: str
) -> RoundInfo:
    """The latest round of ``series`` dated on or before ``day``, at most ``max_age`` business days old.

    ``purpose`` says in the error what needed the round. Only rounds dated within the allowed age are
    looked up one by one (``round_at``), so the cost is bounded by ``max_age``.
    """
    if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 0:
        raise InvalidInput(f"the maximum age of a {series} round must be a number of business days >= 0")
    latest = ref.latest(series)
    if latest is None:
        raise MissingReferenceRound(
            f"{series} has no round on chain; {purpose} needs one by {day.isoformat()}"
        )
    found: RoundInfo | None = latest if latest.reference_date <= day else None
    if found is None:
        d = day
        while round_age(d, day) <= max_age:
            found = ref.round_at(series, d)
            if found is not None:
                break
            d -= dt.timedelta(days=1)
        if found is None:
            raise MissingReferenceRound(
                f"{series} has no round from {(d + dt.timedelta(days=1)).isoformat()} to {day.isoformat()} "
                f"(at most {max_age} business days old); {purpose} needs one"
            )
    age = round_age(found.reference_date, day)
    if age > max_age:
        raise StaleReferenceRound(
            f"{series}: the latest round on or before {day.isoformat()} is of "
            f"{found.reference_date.isoformat()}, {_count(age, 'business day')} old (at most {max_age}); "
            f"{purpose} needs a fresher one"
        )
    return found


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _percent(value: Decimal) -> Decimal:
    """A rate in % as the fraction drex.pricing takes (exact)."""
    return value.scaleb(-2)


@dataclass(frozen=True)
class VnaFromRounds:
    """A VNA computed from rounds: the bond, settlement date, VNA (BRL, 6 places) and how it was made."""

    bond: str
    settlement: dt.date
    vna: Decimal
    rounds: tuple[RoundInfo, ...]
    method: str

    def lines(self) -> list[str]:
        """Human-readable lines: the VNA and method, then each round used."""
        head = f"{self.bond} VNA on {self.settlement.isoformat()}: {self.vna} BRL ({self.method})"
        return [head, *(f"  {describe_round(r)}" for r in self.rounds)]


@dataclass(frozen=True)
class PriceFromRounds:
    """A bond's unit price from rounds: the VNA behind it, the quote (% of the VNA) and the PU (BRL)."""

    bond: str
    maturity: dt.date
    rate: Decimal
    vna: VnaFromRounds
    quote: Decimal
    pu: Decimal

    @property
    def settlement(self) -> dt.date:
        return self.vna.settlement

    @property
    def rounds(self) -> tuple[RoundInfo, ...]:
        """The rounds the price came from."""
        return self.vna.rounds

    def lines(self) -> list[str]:
        """Human-readable lines: the price, then the VNA lines."""
        head = (
            f"{self.bond} maturing {self.maturity.isoformat()}, settlement {self.settlement.isoformat()}, "
            f"rate {self.rate * 100}% a.a.: quote {self.quote}%, PU {self.pu} BRL"
        )
        return [head, *self.vna.lines()]


def lft_vna_from_rounds(
    ref: ReferenceData,
    settlement: dt.date,
    *,
    max_age: int = VNA_LFT_MAX_AGE,
    target_max_age: int = SELIC_TARGET_MAX_AGE,
) -> VnaFromRounds:
    """The LFT VNA on ``settlement`` (a business day) from ``VNA_LFT``, ``SELIC`` and ``SELIC_TARGET`` rounds.

    The anchor is the latest ``VNA_LFT`` round on or before settlement, at most ``max_age`` business days
    old; it is accrued with the ``SELIC`` round of every business day from its date up to the previous
    business day (each day's rate accrues to the next). If the previous business day's ``SELIC`` round is
    missing, that day is projected with the ``SELIC_TARGET`` round in force on it (at most
    ``target_max_age`` business days old). Any other missing ``SELIC`` round is refused.
    """
    if not is_business_day(settlement):
        raise PricingError(f"settlement {settlement.isoformat()} is not an ANBIMA business day")
    anchor = round_on_or_before(
        ref, "VNA_LFT", settlement, max_age, f"the LFT VNA on {settlement.isoformat()}"
    )
    days = business_days_list(anchor.reference_date, settlement)
    if not days:  # the anchor is the settlement day's own VNA
        return VnaFromRounds("LFT", settlement, anchor.value, (anchor,), "published VNA of the day")
    previous = days[-1]
    selic = {d: ref.round_at("SELIC", d) for d in days}
    missing = [d for d in days[:-1] if selic[d] is None]
    if missing:
        raise MissingReferenceRound(
            f"SELIC has no round for {', '.join(d.isoformat() for d in missing)}: the LFT VNA on "
            f"{settlement.isoformat()} accrues the VNA_LFT of {anchor.reference_date.isoformat()} with every "
            f"business day's Selic up to {previous.isoformat()}"
        )
    used = [r for r in selic.values() if r is not None]
    rates = {r.reference_date: r.value for r in used}
    if selic[previous] is not None:
        vna = vna_lft_accrued(anchor.reference_date, anchor.value, settlement, rates)
        method = f"VNA_LFT accrued with {_count(len(used), 'SELIC round')}"
        return VnaFromRounds("LFT", settlement, vna, (anchor, *used), method)
    before = vna_lft_accrued(anchor.reference_date, anchor.value, previous, rates)
    target = round_on_or_before(
        ref,
        "SELIC_TARGET",
        previous,
        target_max_age,
        f"projecting the LFT VNA from {previous.isoformat()} (no SELIC round of that day)",
    )
    vna = vna_lft_projected(before, _percent(target.value))
    accrued = f"accrued with {_count(len(used), 'SELIC round')} to {previous.isoformat()}, " if used else ""
    method = f"VNA_LFT {accrued}projected one business day with SELIC_TARGET"
    return VnaFromRounds("LFT", settlement, vna, (anchor, *used, target), method)


def ntnb_vna_from_rounds(ref: ReferenceData, settlement: dt.date) -> VnaFromRounds:
    """The NTN-B VNA on ``settlement`` from the ``VNA_NTNB`` round of the 15th and the IPCA projection.

    The ``VNA_NTNB`` round must be dated the 15th on or before settlement. The projection is the
    ``IPCA_PROJECTION`` round of the month the VNA accrues from that 15th
    (:func:`drex.pricing.vna.ipca_projection_month`: from 15 May to 14 June, May's), dated its 1st;
    failing that, the ``IPCA`` round of the month (IBGE's figure, once published). A revised projection
    for the month is an amendment of its round. On the 15th itself the VNA is the round's value.
    """
    start, _ = ipca_reference_dates(settlement)
    anchor = ref.round_at("VNA_NTNB", start)
    if anchor is None:
        raise MissingReferenceRound(
            f"VNA_NTNB has no round for {start.isoformat()}, the 15th on or before settlement "
            f"{settlement.isoformat()}"
        )
    if settlement == start:
        return VnaFromRounds("NTN-B", settlement, anchor.value, (anchor,), "published VNA of the 15th")
    month = ipca_projection_month(settlement)
    found = ref.round_at("IPCA_PROJECTION", month)
    method = "VNA_NTNB of the 15th projected with IPCA_PROJECTION"
    if found is None:
        found = ref.round_at("IPCA", month)
        method = "VNA_NTNB of the 15th projected with the month's published IPCA (no IPCA_PROJECTION)"
    if found is None:
        raise MissingReferenceRound(
            f"the NTN-B VNA on {settlement.isoformat()} accrues the IPCA of {month:%Y-%m}: there is no "
            f"IPCA_PROJECTION round for {month.isoformat()}, nor IBGE's IPCA of the month (no IPCA round "
            f"for {month.isoformat()})"
        )
    projection = found
    vna = vna_ntnb(settlement, anchor.value, _percent(projection.value))
    return VnaFromRounds("NTN-B", settlement, vna, (anchor, projection), method)


def lft_pu_from_rounds(
    ref: ReferenceData,
    settlement: dt.date,
    maturity: dt.date,
    rate: Decimal,
    *,
    max_age: int = VNA_LFT_MAX_AGE,
    target_max_age: int = SELIC_TARGET_MAX_AGE,
) -> PriceFromRounds:
    """LFT unit price from rounds: :func:`lft_vna_from_rounds` then :func:`drex.pricing.lft_pu`.

    ``rate`` is the annual spread as a fraction (-0.02% a.a. is ``Decimal("-0.0002")``).
    """
    quote = lft_quote(settlement, maturity, rate)
    vna = lft_vna_from_rounds(ref, settlement, max_age=max_age, target_max_age=target_max_age)
    return PriceFromRounds("LFT", maturity, rate, vna, quote, lft_pu(settlement, maturity, rate, vna.vna))


def ntnb_pu_from_rounds(
    ref: ReferenceData,
    settlement: dt.date,
    maturity: dt.date,
    rate: Decimal,
    *,
    principal: bool = False,
) -> PriceFromRounds:
    """NTN-B (with ``principal``, NTN-B Principal) unit price from rounds and ``rate`` (real, a fraction)."""
    if principal:
        quote = ntnb_principal_quote(settlement, maturity, rate)
    else:
        quote = ntnb_quote(settlement, maturity, rate)
    vna = ntnb_vna_from_rounds(ref, settlement)
    price = ntnb_principal_pu if principal else ntnb_pu
    bond = "NTN-B Principal" if principal else "NTN-B"
    return PriceFromRounds(bond, maturity, rate, vna, quote, price(settlement, maturity, rate, vna.vna))


def _percent_text(value: Decimal) -> str:
    return decimal_number(value, 2) + "%"


@dataclass(frozen=True)
class UnitPriceCheck:
    """A unit price checked against the reference round: the deviation in % of the reference (signed)."""

    tpft_id: int
    unit_price: Decimal
    reference: RoundInfo
    deviation_percent: Decimal
    tolerance_percent: Decimal

    @property
    def reference_price(self) -> Decimal:
        return self.reference.value

    def describe(self) -> str:
        """``'R$ 951,00000000 is 0,11% above the reference R$ 950,00000000 (TPFT_PU:3 of 2026-03-02)'``."""
        direction = "above" if self.deviation_percent > 0 else "below" if self.deviation_percent < 0 else "at"
        where = f"{self.reference.series} of {self.reference.reference_date.isoformat()}"
        return (
            f"{show_unit_price(self.unit_price)} is {_percent_text(abs(self.deviation_percent))} {direction} "
            f"the reference {show_unit_price(self.reference_price)} ({where})"
        )


def check_unit_price(
    ref: ReferenceData,
    tpft_id: int,
    unit_price: Decimal,
    tolerance: Decimal,
    on: dt.date,
    *,
    max_age: int = TPFT_PU_MAX_AGE,
) -> UnitPriceCheck:
    """Check ``unit_price`` (BRL, up to 8 places) of TPFt ``tpft_id`` on ``on`` against its reference round.

    The reference is the latest ``TPFT_PU:<id>`` round on or before ``on``, at most ``max_age`` business days
    old. ``tolerance`` is in % of the reference (``Decimal("0.5")`` allows 0,5% either way); beyond it
    :class:`PriceOffReference` is raised, in reais and %.
    """
    price = from_price_units(to_price_units(unit_price))
    if not isinstance(tolerance, Decimal) or not tolerance.is_finite() or tolerance < 0:
        raise InvalidInput(f"the tolerance must be a Decimal percentage >= 0, got {tolerance!r}")
    series = tpft_price_series(tpft_id)
    reference = round_on_or_before(ref, series, on, max_age, f"checking a unit price of TPFt {tpft_id}")
    with localcontext() as ctx:
        ctx.prec = 60  # the decision below is exact (both sides have few digits); this is for display
        deviation = (price - reference.value) * 100 / reference.value
        outside = abs(price - reference.value) * 100 > tolerance * reference.value
    check = UnitPriceCheck(tpft_id, price, reference, deviation, tolerance)
    if outside:
        raise PriceOffReference(
            f"TPFt {tpft_id}: the unit price {check.describe()}, beyond the tolerance of "
            f"{_percent_text(tolerance)}"
        )
    return check


__all__ = [
    "SELIC_TARGET_MAX_AGE",
    "TPFT_PU_MAX_AGE",
    "VNA_LFT_MAX_AGE",
    "MissingReferenceRound",
    "PriceFromRounds",
    "PriceOffReference",
    "StaleReferenceRound",
    "UnitPriceCheck",
    "VnaFromRounds",
    "check_unit_price",
    "describe_round",
    "lft_pu_from_rounds",
    "lft_vna_from_rounds",
    "ntnb_pu_from_rounds",
    "ntnb_vna_from_rounds",
    "round_age",
    "round_on_or_before",
]
