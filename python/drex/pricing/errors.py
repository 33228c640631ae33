"""Errors raised by :mod:`drex.pricing` on bad input.

Every input problem (wrong type, maturity not after settlement, a rate outside the allowed range, a date
outside the ANBIMA calendar, an amount with more decimals than the on-chain representation holds) raises
:class:`PricingError`. It derives from :class:`drex.errors.DrexError`, so the CLI prints it as one line,
and from :class:`ValueError`, so callers that only know the standard library can still catch it.
"""

from __future__ import annotations

from drex.errors import DrexError


class PricingError(DrexError, ValueError):
    """Bad input to a pricing, calendar or settlement function; the message says which and why."""
