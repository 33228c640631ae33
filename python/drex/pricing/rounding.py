"""Decimal arithmetic with the truncation and rounding rules of the Tesouro Nacional methodology.

The methodology ("Metodologia de Cálculo dos Títulos Públicos Federais Ofertados nos Leilões Primários",
Secretaria do Tesouro Nacional, Tabela 3) fixes, for every intermediate value, a number of decimal places
and whether the value is truncated ("T", toward zero) or rounded ("A", arredondar: half away from zero,
the usual market convention). Every computation in :mod:`drex.pricing` runs inside :func:`pricing_context`,
a 60-digit decimal context, so the only loss of precision is the one the methodology prescribes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from drex.pricing.errors import PricingError

#: Significant digits used for every intermediate computation (far above the 16 decimals of the
#: largest precision the methodology sets, for values up to about 10**40).
PRECISION = 60


@contextmanager
def pricing_context() -> Iterator[Context]:
    """Decimal context with :data:`PRECISION` digits, used around every pricing computation."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        ctx.rounding = ROUND_HALF_UP
        yield ctx


def _quantize(value: Decimal, places: int, rounding: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise PricingError(f"expected a finite Decimal, got {value!r}")
    if places < 0:
        raise PricingError(f"decimal places must be >= 0, got {places}")
    try:
        with pricing_context():
            return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)
    except InvalidOperation as exc:
        raise PricingError(f"{value} is too large to carry {places} decimal places") from exc


def truncate(value: Decimal, places: int) -> Decimal:
    """Truncate ``value`` toward zero at ``places`` decimal places (the methodology's "T-n")."""
    return _quantize(value, places, ROUND_DOWN)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round ``value`` at ``places`` decimal places, ties away from zero (the methodology's "A-n")."""
    return _quantize(value, places, ROUND_HALF_UP)
