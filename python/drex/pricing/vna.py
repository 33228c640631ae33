"""Valor Nominal Atualizado (VNA) of NTN-B (IPCA) and LFT (Selic), and its projection to settlement.

Rules from the Tesouro Nacional methodology ("Metodologia de Cálculo dos Títulos Públicos Federais
Ofertados nos Leilões Primários", NTN-B and LFT examples, Tabela 3) and, for the daily Selic factor, the
SELIC "Caderno de Fórmulas" of the same bonds. NTN-B: R$ 1.000,00 on 15/07/2000 updated by the IPCA; the
VNA of the 15th of each month is ``1000 * (IPCA index / base index)``, factor truncated at 16 places
(T-16), VNA truncated at 6 (T-6); between two 15ths it is projected with the market's IPCA projection (in
%, rounded at 2 places, A-2) raised to the calendar-day fraction elapsed, truncated at 14 places (T-14),
the result truncated at 6 places. LFT: R$ 1.000,00 on 01/07/2000 accrued by the daily Selic rate: each
business day's factor ``(1 + Selic) ** trunc14(1/252)`` is rounded at 8 places (Caderno de Fórmulas,
"Tselic ... arredondamento na 8ª casa"), their product rounded at 16 places (Tabela 3, "Fator Acumulado
Taxa Selic", A-16) and the VNA truncated at 6 places; to the settlement day it is projected one business
day with the Selic target ("Meta Selic", % truncated at 4 places).

From published figures (what the on-chain reference-data rounds carry, see
:mod:`drex.sdk.reference_pricing`): the central bank's SGS series 11 publishes each day's Selic rate in
% a.d. with 6 places, which is exactly the Caderno's daily factor rounded at 8 places, minus one, in %
(:func:`selic_daily_percent`), so :func:`vna_lft_accrued` accrues a published VNA with those figures with
no loss. NTN-B: the VNA of the 15th is NOT rebuilt by chaining IPCA monthly changes (SGS 433, % with 2
places): the Treasury's VNA is ``1000 * index / base index`` on the number index, and the change rounded
at 2 places of % differs from the index ratio by up to 0.005% of the VNA each month (a hand-derived case
in tests/pricing/test_pricing_vna_rounds.py drifts by R$ 0,069659 in one month on a VNA of R$ 1.734).
The VNA of the 15th therefore comes from the index numbers (:func:`vna_ntnb_from_index`) or from the
published VNA itself (the ``VNA_NTNB`` round); IPCA monthly changes serve only as a stand-in for the
projection and for monitoring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from drex.pricing._math import exponent, growth
from drex.pricing._validation import require_decimal, require_positive
from drex.pricing.calendar import _require_date, business_days_list
from drex.pricing.errors import PricingError
from drex.pricing.lft import VNA_PLACES
from drex.pricing.rounding import pricing_context, round_half_up, truncate
from drex.pricing.schedule import add_months

#: Nominal value of NTN-B and LFT on their base dates, in BRL.
VNA_BASE_VALUE = Decimal(1000)
#: NTN-B base date (IPCA accrues from here).
NTNB_BASE_DATE = dt.date(2000, 7, 15)
#: LFT base date (Selic accrues from here).
LFT_BASE_DATE = dt.date(2000, 7, 1)
#: Decimal places of the accumulated price-index factor (Tabela 3, T-16).
INDEX_FACTOR_PLACES = 16
#: Decimal places of an IPCA projection given as a fraction: 2 places in % (Tabela 3, "Projeções", A-2).
PROJECTION_PLACES = 4
#: Decimal places of a daily Selic factor (Caderno de Fórmulas SELIC, LFT: A-8).
SELIC_DAILY_FACTOR_PLACES = 8
#: Decimal places of the accumulated Selic factor (Tabela 3, "Fator Acumulado Taxa Selic", A-16).
SELIC_FACTOR_PLACES = 16
#: Decimal places of an annual Selic rate as a fraction: it is published in % with 2 places.
SELIC_RATE_PLACES = 4
#: Decimal places of the Selic target as a fraction: 4 places in % (methodology's LFT example, T-4).
SELIC_TARGET_PLACES = 6
#: Decimal places of a day's Selic rate in % a.d. as SGS series 11 publishes it (the daily factor's 8).
SELIC_DAILY_PERCENT_PLACES = 6


def _require_fraction(name: str, value: object) -> Decimal:
    d = require_decimal(name, value)
    if not Decimal(-1) < d < Decimal(1):
        raise PricingError(f"{name} must be a decimal fraction between -1 and 1 (0.46% is 0.0046), got {d}")
    return d


def ipca_reference_dates(settlement: dt.date) -> tuple[dt.date, dt.date]:
    """The 15th on or before ``settlement`` and the 15th one month later: the pro rata window of the VNA.

    >>> ipca_reference_dates(dt.date(2008, 5, 21))
    (datetime.date(2008, 5, 15), datetime.date(2008, 6, 15))
    """
    s = _require_date("settlement", settlement)
    this_month = dt.date(s.year, s.month, 15)
    start = this_month if s.day >= 15 else add_months(this_month, -1)
    return start, add_months(start, 1)


def ipca_projection_month(settlement: dt.date) -> dt.date:
    """The month (its first day) whose IPCA the NTN-B VNA accrues from the 15th on or before ``settlement``.

    The VNA of the 15th of a month is ``1000 * index of the previous month / base index``, so from the 15th
    of May to the 15th of June it grows by May's IPCA: the projection used by :func:`vna_ntnb` on
    21/05/2008 is the projection for May 2008. The result is the reference date of that month's rounds of
    a monthly series (the first day of the month, as the SGS dates them).

    >>> ipca_projection_month(dt.date(2008, 5, 21)), ipca_projection_month(dt.date(2008, 5, 14))
    (datetime.date(2008, 5, 1), datetime.date(2008, 4, 1))
    """
    start, _ = ipca_reference_dates(settlement)
    return start.replace(day=1)


def vna_ntnb_from_index(ipca_index: Decimal, base_index: Decimal) -> Decimal:
    """NTN-B VNA on a 15th: ``truncate6(1000 * truncate16(ipca_index / base_index))``.

    ``ipca_index`` is the IPCA number index of the month before the update (the last one published), and
    ``base_index`` the index of June 2000, the month before the base date 15/07/2000; both as published by
    IBGE. The methodology's example shows the factor 1,72692645947653 giving a VNA of 1.726,926459.
    """
    index = require_positive("ipca_index", ipca_index)
    base = require_positive("base_index", base_index)
    with pricing_context():
        factor = truncate(index / base, INDEX_FACTOR_PLACES)
        return truncate(VNA_BASE_VALUE * factor, VNA_PLACES)


def vna_ntnb(settlement: dt.date, vna_reference: Decimal, ipca_projection: Decimal) -> Decimal:
    """NTN-B VNA projected to ``settlement``: ``truncate6(vna_ref * (1 + proj) ** truncate14(dc / dct))``.

    ``vna_reference`` is the VNA on the 15th on or before settlement (see :func:`ipca_reference_dates`),
    truncated at 6 places; ``ipca_projection`` the market projection of the month's IPCA as a fraction
    (0.46% is ``Decimal("0.0046")``), rounded at 2 places of % (A-2); dc counts calendar days from that
    15th to settlement and dct from that 15th to the next one. On a 15th the result is ``vna_reference``.
    ``vna_reference`` is the Treasury's VNA (from the index numbers, :func:`vna_ntnb_from_index`, or as
    published: the ``VNA_NTNB`` reference-data round), never one rolled forward with IPCA monthly
    changes rounded at 2 places of %, which drift from it (see the module docstring); an IPCA monthly
    change may stand in for the projection once published, and serves to monitor the published VNA.

    >>> vna_ntnb(dt.date(2008, 5, 21), Decimal("1726.926459"), Decimal("0.0046"))
    Decimal('1728.461136')
    """
    start, end = ipca_reference_dates(settlement)
    vna = truncate(require_positive("vna_reference", vna_reference), VNA_PLACES)
    projection = round_half_up(_require_fraction("ipca_projection", ipca_projection), PROJECTION_PLACES)
    pr = exponent((settlement - start).days, (end - start).days)
    with pricing_context():
        return truncate(vna * growth(projection, pr), VNA_PLACES)


def selic_daily_factor(selic_rate: Decimal) -> Decimal:
    """One business day's Selic factor: ``1 + round8((1 + selic_rate) ** truncate14(1/252) - 1)``.

    ``selic_rate`` is the annual Selic rate of that day as a fraction (11.75% is ``Decimal("0.1175")``);
    the Banco Central publishes it in % with 2 decimal places, so a fraction with more than 4 decimal
    places is refused.

    >>> selic_daily_factor(Decimal("0.1175"))
    Decimal('1.00044095')
    """
    rate = _require_fraction("selic_rate", selic_rate)
    if truncate(rate, SELIC_RATE_PLACES) != rate:
        raise PricingError(f"selic_rate has more than 2 decimal places in %: {rate}")
    with pricing_context():
        daily = round_half_up(growth(rate, exponent(1)) - Decimal(1), SELIC_DAILY_FACTOR_PLACES)
        return Decimal(1) + daily


def selic_accumulated_factor(selic_rates: Iterable[Decimal]) -> Decimal:
    """Product of :func:`selic_daily_factor` over ``selic_rates`` (one per business day), rounded at 16."""
    return _accumulated(selic_daily_factor(rate) for rate in selic_rates)


def _accumulated(daily_factors: Iterable[Decimal]) -> Decimal:
    """The product of ``daily_factors``, rounded at 16 places (A-16)."""
    with pricing_context():
        factor = Decimal(1)
        for daily in daily_factors:
            factor *= daily
        return round_half_up(factor, SELIC_FACTOR_PLACES)


def _accrual_days(
    start: dt.date, settlement: dt.date, rates: Mapping[dt.date, Decimal], start_name: str, rates_name: str
) -> list[dt.date]:
    """The business days from ``start`` (inclusive) to ``settlement`` (exclusive), each one in ``rates``."""
    if settlement < start:
        raise PricingError(f"settlement {settlement.isoformat()} is before {start_name} {start.isoformat()}")
    days = business_days_list(start, settlement)
    missing = [d for d in days if d not in rates]
    if missing:
        raise PricingError(
            f"{rates_name} lacks {len(missing)} of the {len(days)} business days from {start.isoformat()} to "
            f"{settlement.isoformat()} (first missing: {missing[0].isoformat()})"
        )
    return days


def vna_lft(
    settlement: dt.date,
    selic_rates: Mapping[dt.date, Decimal],
    *,
    base_date: dt.date = LFT_BASE_DATE,
    base_value: Decimal = VNA_BASE_VALUE,
) -> Decimal:
    """LFT VNA on ``settlement``: ``truncate6(base_value * selic_accumulated_factor(...))``.

    ``selic_rates`` maps each business day to that day's annual Selic rate (a fraction); the rates of
    every business day from ``base_date`` (inclusive) to ``settlement`` (exclusive) must be present (the
    rate of a day accrues to the next one; other keys are ignored). The defaults are the LFT base date
    01/07/2000 and base value R$ 1.000,00; another (base_date, base_value), such as the date and value of
    an amortization, may be given as the Caderno de Fórmulas allows.
    """
    s = _require_date("settlement", settlement)
    b = _require_date("base_date", base_date)
    value = truncate(require_positive("base_value", base_value), VNA_PLACES)
    days = _accrual_days(b, s, selic_rates, "base_date", "selic_rates")
    factor = selic_accumulated_factor(selic_rates[d] for d in days)
    with pricing_context():
        return truncate(value * factor, VNA_PLACES)


def vna_lft_projected(vna: Decimal, selic_target: Decimal) -> Decimal:
    """LFT VNA projected one business day: ``truncate6(vna * (1 + target) ** truncate14(1/252))``.

    Used for a settlement whose previous day's Selic rate is not yet published: ``vna`` is the VNA of the
    previous business day (truncated at 6 places) and ``selic_target`` the Selic target ("Meta Selic") as a
    fraction, truncated at 4 places of % (T-4).

    >>> vna_lft_projected(Decimal("3449.694215"), Decimal("0.1175"))
    Decimal('3451.215345')
    """
    v = truncate(require_positive("vna", vna), VNA_PLACES)
    target = truncate(_require_fraction("selic_target", selic_target), SELIC_TARGET_PLACES)
    with pricing_context():
        return truncate(v * growth(target, exponent(1)), VNA_PLACES)


def _require_daily_percent(name: str, value: object) -> Decimal:
    d = require_decimal(name, value)
    if not Decimal(0) <= d < Decimal(1):
        raise PricingError(
            f"{name} must be a daily rate in % a.d. from 0 to 1, as SGS 11 publishes it (11.75% a.a. is "
            f"0.044095% a.d.), got {d}"
        )
    if truncate(d, SELIC_DAILY_PERCENT_PLACES) != d:
        raise PricingError(f"{name} has more than {SELIC_DAILY_PERCENT_PLACES} decimal places in % a.d.: {d}")
    return d


def selic_daily_percent(selic_rate: Decimal) -> Decimal:
    """The day's Selic rate in % a.d. with 6 places, as SGS series 11 publishes it, from the annual rate.

    It is ``(selic_daily_factor(selic_rate) - 1) * 100``: the Caderno's daily factor, rounded at 8 places,
    written in %, so the published daily rate and the factor carry exactly the same information.
    ``selic_rate`` is the annual rate as a fraction (11.75% is ``Decimal("0.1175")``).

    >>> selic_daily_percent(Decimal("0.1175"))
    Decimal('0.044095')
    """
    with pricing_context():
        return truncate((selic_daily_factor(selic_rate) - Decimal(1)) * 100, SELIC_DAILY_PERCENT_PLACES)


def selic_daily_factor_from_percent(daily_percent: Decimal) -> Decimal:
    """One business day's Selic factor from the rate SGS 11 publishes: ``1 + daily_percent / 100``, exact.

    ``daily_percent`` is in % a.d. with at most 6 places (more would not be a published figure), from 0 to
    1 (a larger value is almost certainly an annual rate passed by mistake).

    >>> selic_daily_factor_from_percent(Decimal("0.044095"))
    Decimal('1.00044095')
    """
    p = _require_daily_percent("daily_percent", daily_percent)
    with pricing_context():
        return Decimal(1) + p.scaleb(-2)


def selic_accumulated_factor_from_percent(daily_percents: Iterable[Decimal]) -> Decimal:
    """Product of :func:`selic_daily_factor_from_percent` over ``daily_percents``, rounded at 16 (A-16).

    >>> selic_accumulated_factor_from_percent([Decimal("0.043739")] * 3)
    Decimal('1.0013127440137134')
    """
    return _accumulated(selic_daily_factor_from_percent(percent) for percent in daily_percents)


def vna_lft_accrued(
    anchor_date: dt.date,
    anchor_vna: Decimal,
    settlement: dt.date,
    daily_percent: Mapping[dt.date, Decimal],
) -> Decimal:
    """LFT VNA on ``settlement`` accrued from a published VNA with published daily Selic rates.

    ``truncate6(truncate6(anchor_vna) * round16(product of (1 + daily_percent[d] / 100)))`` over the
    business days d from ``anchor_date`` (inclusive) to ``settlement`` (exclusive): the rate of a day
    accrues to the next one, every such day must be in ``daily_percent`` (other keys are ignored).
    ``anchor_vna`` is the VNA on ``anchor_date`` as the Treasury/ANBIMA publish it (6 places) and
    ``daily_percent`` each day's Selic in % a.d. as SGS 11 publishes it (6 places); with the annual rates
    this is ``vna_lft(settlement, rates, base_date=anchor_date, base_value=anchor_vna)``.

    Because the anchor is a VNA truncated at 6 places, the result may be R$ 0,000001 below the VNA
    accumulated from the LFT base date 01/07/2000 in one product (never above; in 300 random cases of
    2 to 40 days it was below in 168): the methodology's own projection from the previous day's VNA
    (:func:`vna_lft_projected`) works from a truncated VNA in the same way.

    >>> vna_lft_accrued(
    ...     dt.date(2008, 5, 20), Decimal("3449.694215"), dt.date(2008, 5, 21),
    ...     {dt.date(2008, 5, 20): Decimal("0.044095")},
    ... )
    Decimal('3451.215357')
    """
    a = _require_date("anchor_date", anchor_date)
    s = _require_date("settlement", settlement)
    value = truncate(require_positive("anchor_vna", anchor_vna), VNA_PLACES)
    days = _accrual_days(a, s, daily_percent, "anchor_date", "daily_percent")
    factor = selic_accumulated_factor_from_percent(daily_percent[d] for d in days)
    with pricing_context():
        return truncate(value * factor, VNA_PLACES)
