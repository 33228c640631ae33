"""NTN-B and NTN-B Principal: IPCA-indexed notes, with 6% a.a. semiannual coupons or principal only.

Formulas and precision from the Tesouro Nacional methodology ("Metodologia de Cálculo dos Títulos Públicos
Federais Ofertados nos Leilões Primários", section "Notas do Tesouro Nacional – NTN-B", and Tabela 3): in
base 100, the semiannual coupon is ``100 * (1.06 ** 0.5 - 1)`` rounded at 6 places (2,956301, A-6); each
flow is discounted by ``(1 + taxa) ** trunc14(du / 252)`` and rounded at 10 places (A-10); the quote
(cotação, %) is their sum truncated at 4 places (T-4); the price is ``Cotação (%) * VNA projetado``
truncated at 6 places (T-6), the VNA projected to settlement being truncated at 6 places (see
:func:`drex.pricing.vna.vna_ntnb`). The coupon actually paid is ``VNA * round8(1.06 ** 0.5 - 1)``
truncated at 6 places ("Cálculo do Cupom de Juros"). The NTN-B Principal is the same note without
coupons; the STN methodology has no section of its own for it, so its single flow (100 at maturity)
follows the NTN-B rules above, as Tesouro Direto's worked example for it does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from drex.pricing._math import discount
from drex.pricing._validation import (
    require_positive,
    require_rate,
    require_settlement_and_maturity,
)
from drex.pricing.calendar import business_days
from drex.pricing.cashflow import CashFlow
from drex.pricing.errors import PricingError
from drex.pricing.lft import QUOTE_PLACES, VNA_PLACES
from drex.pricing.ltn import PU_PLACES
from drex.pricing.rounding import pricing_context, round_half_up, truncate
from drex.pricing.schedule import coupon_dates

#: Annual coupon rate, compounded semiannually as 1.06 ** 0.5 - 1.
NTNB_ANNUAL_COUPON = Decimal("0.06")
#: Decimal places of the semiannual coupon in base 100 (Tabela 3: "Juros Semestrais", A-6).
COUPON_PLACES = 6
#: Decimal places of each discounted flow (Tabela 3: "Fluxo de Pagamento Descontados", A-10).
PRESENT_VALUE_PLACES = 10
#: Decimal places of the coupon interest factor in the coupon payment ("fator de juros", A-8).
COUPON_FACTOR_PLACES = 8
#: Months in which NTN-B coupons and maturities fall (always on the 15th).
NTNB_MONTHS = (2, 5, 8, 11)


def _semiannual_factor() -> Decimal:
    with pricing_context():
        return (Decimal(1) + NTNB_ANNUAL_COUPON) ** Decimal("0.5") - Decimal(1)


#: Semiannual coupon in % of the VNA, used in pricing: 2,956301.
NTNB_COUPON = round_half_up(Decimal(100) * _semiannual_factor(), COUPON_PLACES)


def ntnb_coupon_payment(vna: Decimal) -> Decimal:
    """Interest paid per NTN-B on a coupon date: ``truncate6(vna) * round8(1.06 ** 0.5 - 1)``, T-6.

    ``vna`` is the VNA on the payment date.

    >>> ntnb_coupon_payment(Decimal("1726.926459"))
    Decimal('51.053144')
    """
    v = truncate(require_positive("vna", vna), VNA_PLACES)
    with pricing_context():
        factor = round_half_up(_semiannual_factor(), COUPON_FACTOR_PLACES)
        return truncate(v * factor, PU_PLACES)


def _check_maturity(maturity: dt.date, *, coupons: bool) -> None:
    if maturity.day != 15 or (coupons and maturity.month not in NTNB_MONTHS):
        where = "the 15th of February, May, August or November" if coupons else "the 15th of a month"
        raise PricingError(f"this NTN-B matures on {where}, got maturity {maturity.isoformat()}")


def ntnb_cash_flows(settlement: dt.date, maturity: dt.date, rate: Decimal) -> list[CashFlow]:
    """The NTN-B flows after ``settlement``, in % of the VNA, with present values at ``rate``.

    One :class:`~drex.pricing.cashflow.CashFlow` per coupon date strictly after settlement, the last one
    carrying coupon plus principal (102,956301); present values rounded at 10 places (A-10).
    """
    s, m, _ = require_settlement_and_maturity(settlement, maturity)
    _check_maturity(m, coupons=True)
    r = require_rate("rate", rate, allow_negative=True)
    flows: list[CashFlow] = []
    with pricing_context():
        for d in coupon_dates(s, m):
            amount = NTNB_COUPON + (Decimal(100) if d == m else Decimal(0))
            du = business_days(s, d)
            pv = round_half_up(discount(amount, r, du), PRESENT_VALUE_PLACES)
            flows.append(CashFlow(payment_date=d, business_days=du, amount=amount, present_value=pv))
    return flows


def ntnb_quote(settlement: dt.date, maturity: dt.date, rate: Decimal) -> Decimal:
    """NTN-B quote (cotação) in % of the VNA: sum of :func:`ntnb_cash_flows` present values, T-4.

    ``rate`` is the annual real yield as a decimal fraction (8.29% a.a. is ``Decimal("0.0829")``); it may
    be negative and is truncated at the 6th decimal place of % a.a.

    >>> ntnb_quote(dt.date(2008, 5, 21), dt.date(2010, 8, 15), Decimal("0.0829"))
    Decimal('97.0813')
    """
    flows = ntnb_cash_flows(settlement, maturity, rate)
    with pricing_context():
        return truncate(sum((f.present_value for f in flows), Decimal(0)), QUOTE_PLACES)


def ntnb_pu(settlement: dt.date, maturity: dt.date, rate: Decimal, vna: Decimal) -> Decimal:
    """Unit price (PU, BRL) of an NTN-B: ``truncate6(ntnb_quote(...) / 100 * truncate6(vna))``.

    ``vna`` is the VNA projected to the settlement date (:func:`drex.pricing.vna.vna_ntnb`).

    >>> ntnb_pu(dt.date(2008, 5, 21), dt.date(2010, 8, 15), Decimal("0.0829"), Decimal("1728.461136"))
    Decimal('1678.012540')
    """
    quote = ntnb_quote(settlement, maturity, rate)
    v = truncate(require_positive("vna", vna), VNA_PLACES)
    with pricing_context():
        return truncate(quote * v / Decimal(100), PU_PLACES)


def ntnb_principal_quote(settlement: dt.date, maturity: dt.date, rate: Decimal) -> Decimal:
    """NTN-B Principal quote in % of the VNA: ``truncate4(round10(100 / (1 + rate) ** trunc14(du/252)))``.

    ``rate`` is the annual real yield as a decimal fraction, possibly negative, truncated at the 6th
    decimal place of % a.a.; maturity must be on the 15th of a month.
    """
    _, m, du = require_settlement_and_maturity(settlement, maturity)
    _check_maturity(m, coupons=False)
    r = require_rate("rate", rate, allow_negative=True)
    with pricing_context():
        pv = round_half_up(discount(Decimal(100), r, du), PRESENT_VALUE_PLACES)
        return truncate(pv, QUOTE_PLACES)


def ntnb_principal_pu(settlement: dt.date, maturity: dt.date, rate: Decimal, vna: Decimal) -> Decimal:
    """Unit price (PU, BRL) of an NTN-B Principal: ``truncate6(quote / 100 * truncate6(vna))``.

    ``vna`` is the VNA projected to the settlement date (:func:`drex.pricing.vna.vna_ntnb`).
    """
    quote = ntnb_principal_quote(settlement, maturity, rate)
    v = truncate(require_positive("vna", vna), VNA_PLACES)
    with pricing_context():
        return truncate(quote * v / Decimal(100), PU_PLACES)
