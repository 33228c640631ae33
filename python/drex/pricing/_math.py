"""Compounding on the 252 business-day basis, shared by the bond calculators (private).

The methodology raises ``(1 + taxa)`` to the exponent ``du / 252`` truncated at 14 decimal places
(Tabela 3, "Exponencial de dias", T-14). The power itself is computed in the 60-digit
:func:`drex.pricing.rounding.pricing_context`, so the results keep far more digits than the 6 to 10
decimal places at which the methodology then truncates or rounds them.
"""

from __future__ import annotations

from decimal import Decimal

from drex.pricing.rounding import pricing_context, truncate

#: Business days in a year (the "252" of "du/252").
YEAR_BUSINESS_DAYS = 252
#: Decimal places of the exponent du/252 (Tabela 3: "Exponencial de dias", T-14).
EXPONENT_PLACES = 14


def exponent(numerator: int, denominator: int = YEAR_BUSINESS_DAYS) -> Decimal:
    """``numerator / denominator`` truncated at 14 decimal places (du/252, or dc/dct pro rata)."""
    with pricing_context():
        return truncate(Decimal(numerator) / Decimal(denominator), EXPONENT_PLACES)


def growth(rate: Decimal, power: Decimal) -> Decimal:
    """``(1 + rate) ** power`` at full working precision (no truncation)."""
    with pricing_context():
        return (Decimal(1) + rate) ** power


def discount(amount: Decimal, rate: Decimal, du: int) -> Decimal:
    """``amount / (1 + rate) ** trunc14(du / 252)`` at full working precision."""
    with pricing_context():
        return amount / growth(rate, exponent(du))
