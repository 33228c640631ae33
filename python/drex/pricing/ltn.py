"""LTN (Letra do Tesouro Nacional): zero-coupon fixed-rate bill paying R$ 1.000,00 at maturity.

Formulas and precision from the Tesouro Nacional methodology ("Metodologia de Cálculo dos Títulos Públicos
Federais Ofertados nos Leilões Primários", section "Letras do Tesouro Nacional - LTN", and Tabela 3):
``Preço = 1000 / (1 + taxa) ** (du / 252)``, with the rate truncated at the 6th decimal place of % a.a.,
the exponent du/252 truncated at 14 decimal places and the price truncated at 6 decimal places; the rate
is recovered from a price with ``taxa = (1000 / Preço) ** (252 / du) - 1``, exponent truncated at 14 and
rate truncated at the 6th decimal place of % a.a.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from drex.pricing._math import exponent, growth
from drex.pricing._validation import (
    RATE_PLACES,
    require_positive,
    require_rate,
    require_settlement_and_maturity,
)
from drex.pricing.errors import PricingError
from drex.pricing.rounding import pricing_context, truncate

#: Face value paid at maturity, in BRL.
LTN_FACE_VALUE = Decimal(1000)
#: Decimal places of a unit price (Tabela 3: PU, T-6).
PU_PLACES = 6


def ltn_pu(settlement: dt.date, maturity: dt.date, rate: Decimal) -> Decimal:
    """Unit price (PU, BRL) of an LTN settled on ``settlement`` at the annual ``rate``.

    ``rate`` is a decimal fraction (14.36% a.a. is ``Decimal("0.1436")``), not negative and below 1; it is
    truncated at its 8th decimal place (6th of % a.a., Tabela 3 "Taxa de Retorno", T-6). du counts ANBIMA
    business days from settlement (inclusive) to maturity (exclusive); du/252 is truncated at 14 decimal
    places (T-14) and the price at 6 (T-6). Settlement must be a business day before maturity.

    >>> ltn_pu(dt.date(2008, 5, 21), dt.date(2010, 7, 1), Decimal("0.1436"))
    Decimal('753.315323')
    """
    _, _, du = require_settlement_and_maturity(settlement, maturity)
    r = require_rate("rate", rate, allow_negative=False)
    with pricing_context():
        return truncate(LTN_FACE_VALUE / growth(r, exponent(du)), PU_PLACES)


def ltn_rate(settlement: dt.date, maturity: dt.date, pu: Decimal) -> Decimal:
    """Annual rate (decimal fraction) implied by an LTN unit price ``pu``: the inverse of :func:`ltn_pu`.

    ``taxa = (1000 / PU) ** trunc14(252 / du) - 1``, truncated at the 6th decimal place of % a.a. (the
    8th of the fraction), as in the methodology's "Cálculo da taxa de juros anual". ``pu`` must be > 0
    and at most 1000 (a negative nominal rate is refused, as in :func:`ltn_pu`).

    >>> ltn_rate(dt.date(2008, 5, 21), dt.date(2010, 7, 1), Decimal("753.315323"))
    Decimal('0.14360000')
    """
    _, _, du = require_settlement_and_maturity(settlement, maturity)
    price = require_positive("pu", pu)
    if price > LTN_FACE_VALUE:
        raise PricingError(f"pu {price} is above the face value {LTN_FACE_VALUE}: that is a negative rate")
    with pricing_context():
        ratio = LTN_FACE_VALUE / truncate(price, PU_PLACES)
        return truncate(ratio ** exponent(252, du) - 1, RATE_PLACES)
