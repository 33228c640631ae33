"""NTN-F (Nota do Tesouro Nacional, Série F): fixed-rate note, face R$ 1.000,00, 10% a.a. semiannual coupons.

Formulas and precision from the Tesouro Nacional methodology ("Metodologia de Cálculo dos Títulos Públicos
Federais Ofertados nos Leilões Primários", section "Notas do Tesouro Nacional – NTN-F", and Tabela 3): the
semiannual coupon is ``1000 * (1.10 ** 0.5 - 1)`` rounded at 5 decimal places (48,80885, A-5); each flow
(coupons, and coupon plus 1000 at maturity) is discounted by ``(1 + taxa) ** trunc14(du / 252)`` and the
present value rounded at 9 decimal places (A-9); the price is the sum truncated at 6 decimal places (T-6).
Coupons fall on 01/01 and 01/07; the coupon actually paid is ``1000 * round8(1.10 ** 0.5 - 1)`` truncated
at 6 decimal places (R$ 48,808850, "Cálculo do Cupom de Juros").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from drex.pricing._math import discount
from drex.pricing._validation import require_rate, require_settlement_and_maturity
from drex.pricing.calendar import business_days
from drex.pricing.cashflow import CashFlow
from drex.pricing.errors import PricingError
from drex.pricing.ltn import PU_PLACES
from drex.pricing.rounding import pricing_context, round_half_up, truncate
from drex.pricing.schedule import coupon_dates

#: Face value, in BRL.
NTNF_FACE_VALUE = Decimal(1000)
#: Annual coupon rate, compounded semiannually as 1.10 ** 0.5 - 1.
NTNF_ANNUAL_COUPON = Decimal("0.10")
#: Decimal places of the semiannual coupon used in pricing (Tabela 3: "Juros Semestrais", A-5).
COUPON_PLACES = 5
#: Decimal places of each discounted flow (Tabela 3: "Fluxo de Pagamento Descontados", A-9).
PRESENT_VALUE_PLACES = 9
#: Decimal places of the coupon interest factor in the coupon payment ("fator de juros", A-8).
COUPON_FACTOR_PLACES = 8


def _semiannual_factor() -> Decimal:
    with pricing_context():
        return (Decimal(1) + NTNF_ANNUAL_COUPON) ** Decimal("0.5") - Decimal(1)


#: Semiannual coupon per bond used in pricing, base 1000: R$ 48,80885.
NTNF_COUPON = round_half_up(NTNF_FACE_VALUE * _semiannual_factor(), COUPON_PLACES)


def ntnf_coupon_payment() -> Decimal:
    """Interest paid per NTN-F on each coupon date: ``1000 * round8(1.10 ** 0.5 - 1)``, T-6 (48,808850)."""
    with pricing_context():
        factor = round_half_up(_semiannual_factor(), COUPON_FACTOR_PLACES)
        return truncate(NTNF_FACE_VALUE * factor, PU_PLACES)


def _check_maturity(maturity: dt.date) -> None:
    if maturity.day != 1 or maturity.month not in (1, 7):
        raise PricingError(f"an NTN-F matures on 01/01 or 01/07, got maturity {maturity.isoformat()}")


def ntnf_cash_flows(settlement: dt.date, maturity: dt.date, rate: Decimal) -> list[CashFlow]:
    """The NTN-F flows after ``settlement`` with their present values at ``rate`` (see :func:`ntnf_pu`).

    One :class:`~drex.pricing.cashflow.CashFlow` per coupon date strictly after settlement; the last one
    carries coupon plus face value (1048,80885). Present values are rounded at 9 decimal places (A-9).
    """
    s, m, _ = require_settlement_and_maturity(settlement, maturity)
    _check_maturity(m)
    r = require_rate("rate", rate, allow_negative=False)
    flows: list[CashFlow] = []
    with pricing_context():
        for d in coupon_dates(s, m):
            amount = NTNF_COUPON + (NTNF_FACE_VALUE if d == m else Decimal(0))
            du = business_days(s, d)
            pv = round_half_up(discount(amount, r, du), PRESENT_VALUE_PLACES)
            flows.append(CashFlow(payment_date=d, business_days=du, amount=amount, present_value=pv))
    return flows


def ntnf_pu(settlement: dt.date, maturity: dt.date, rate: Decimal) -> Decimal:
    """Unit price (PU, BRL) of an NTN-F settled on ``settlement`` at the annual yield ``rate``.

    ``rate`` is a decimal fraction (13.66% a.a. is ``Decimal("0.1366")``), not negative and below 1,
    truncated at the 6th decimal place of % a.a. (T-6). Each remaining flow is discounted with
    du/252 truncated at 14 places and rounded at 9 places (A-9); the price is their sum truncated at 6
    places (T-6). Maturity must be 01/01 or 01/07; settlement a business day before it.

    >>> ntnf_pu(dt.date(2008, 5, 21), dt.date(2014, 1, 1), Decimal("0.1366"))
    Decimal('903.075616')
    """
    flows = ntnf_cash_flows(settlement, maturity, rate)
    with pricing_context():
        return truncate(sum((f.present_value for f in flows), Decimal(0)), PU_PLACES)
