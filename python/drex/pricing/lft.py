"""LFT (Letra Financeira do Tesouro): floating-rate bill whose nominal value accrues the daily Selic rate.

Formulas and precision from the Tesouro Nacional methodology ("Metodologia de Cálculo dos Títulos Públicos
Federais Ofertados nos Leilões Primários", section "Letras Financeiras do Tesouro Nacional – LFT", and
Tabela 3): the quote is ``Cotação (%) = 100 / (1 + taxa) ** trunc14(du / 252)`` truncated at 4 decimal
places (T-4), where ``taxa`` is the premium or discount rate (ágio/deságio, usually small and possibly
negative) truncated at the 6th decimal place of % a.a.; the price is ``Cotação (%) * VNA projetado``,
with the VNA truncated at 6 places, truncated at 6 decimal places (T-6). The VNA itself comes from
:func:`drex.pricing.vna.vna_lft` and :func:`drex.pricing.vna.vna_lft_projected`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from drex.pricing._math import discount
from drex.pricing._validation import require_positive, require_rate, require_settlement_and_maturity
from drex.pricing.ltn import PU_PLACES
from drex.pricing.rounding import pricing_context, truncate

#: Decimal places of a quote in % (Tabela 3: "Cotação (%)", T-4).
QUOTE_PLACES = 4
#: Decimal places of a VNA (Tabela 3: "VNA / VNA projetado", T-6).
VNA_PLACES = 6


def lft_quote(settlement: dt.date, maturity: dt.date, rate: Decimal) -> Decimal:
    """LFT quote (cotação) in % of the VNA: ``100 / (1 + rate) ** trunc14(du / 252)``, truncated at 4 places.

    ``rate`` is the annual spread as a decimal fraction (-0.02% a.a. is ``Decimal("-0.0002")``); it may be
    negative (the quote is then above 100) and is truncated at the 6th decimal place of % a.a.

    >>> lft_quote(dt.date(2008, 5, 21), dt.date(2014, 3, 7), Decimal("-0.0002"))
    Decimal('100.1158')
    """
    _, _, du = require_settlement_and_maturity(settlement, maturity)
    r = require_rate("rate", rate, allow_negative=True)
    return truncate(discount(Decimal(100), r, du), QUOTE_PLACES)


def lft_pu(settlement: dt.date, maturity: dt.date, rate: Decimal, vna: Decimal) -> Decimal:
    """Unit price (PU, BRL) of an LFT: ``truncate6(lft_quote(...) / 100 * truncate6(vna))``.

    ``vna`` is the VNA projected to the settlement date ("VNA projetado", see
    :func:`drex.pricing.vna.vna_lft_projected`); it is truncated at 6 places (T-6) before use.

    >>> lft_pu(dt.date(2008, 5, 21), dt.date(2014, 3, 7), Decimal("-0.0002"), Decimal("3451.215345"))
    Decimal('3455.211852')
    """
    quote = lft_quote(settlement, maturity, rate)
    v = truncate(require_positive("vna", vna), VNA_PLACES)
    with pricing_context():
        return truncate(quote * v / Decimal(100), PU_PLACES)
