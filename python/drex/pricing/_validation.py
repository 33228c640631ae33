"""Input checks shared by the bond calculators (private to :mod:`drex.pricing`).

Each check raises :class:`drex.pricing.errors.PricingError` with a message naming the argument. Rates are
annual decimal fractions on the 252 business-day basis (14.36% a.a. is ``Decimal("0.1436")``); the
methodology's Tabela 3 truncates the rate, expressed in % a.a., at its 6th decimal place, which is the 8th
decimal place of the fraction (:data:`RATE_PLACES`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from drex.pricing.calendar import _require_date, business_days, is_business_day
from drex.pricing.errors import PricingError
from drex.pricing.rounding import truncate

#: Decimal places kept of a rate given as a fraction: 6 places of the rate in % a.a. (Tabela 3, "T-6").
RATE_PLACES = 8


def require_decimal(name: str, value: object) -> Decimal:
    """``value`` itself when it is a finite Decimal (floats and ints are refused: no silent binary error)."""
    if not isinstance(value, Decimal):
        raise PricingError(f"{name} must be a decimal.Decimal, got {type(value).__name__} {value!r}")
    if not value.is_finite():
        raise PricingError(f"{name} must be finite, got {value}")
    return value


def require_positive(name: str, value: object) -> Decimal:
    """A finite Decimal strictly greater than zero (VNA, unit prices)."""
    d = require_decimal(name, value)
    if d <= 0:
        raise PricingError(f"{name} must be > 0, got {d}")
    return d


def require_rate(name: str, value: object, *, allow_negative: bool) -> Decimal:
    """Validate an annual rate given as a fraction and truncate it per Tabela 3 (% a.a., T-6).

    The rate must lie strictly between -100% and 100% a.a.: a value of 1 or more is almost certainly a
    percentage passed where a fraction is expected (``Decimal("14.36")`` instead of ``Decimal("0.1436")``).
    Nominal rates (LTN, NTN-F) must not be negative; real and spread rates (NTN-B, LFT) may be.
    """
    rate = require_decimal(name, value)
    if not allow_negative and rate < 0:
        raise PricingError(f"{name} must not be negative for this bond, got {rate}")
    if not Decimal(-1) < rate < Decimal(1):
        raise PricingError(
            f"{name} must be an annual decimal fraction between -1 and 1 (14.36% a.a. is "
            f"Decimal('0.1436')), got {rate}"
        )
    return truncate(rate, RATE_PLACES)


def require_settlement_and_maturity(settlement: object, maturity: object) -> tuple[dt.date, dt.date, int]:
    """Check the two dates and return them with the business days between them (the methodology's du).

    Settlement must be an ANBIMA business day strictly before maturity; maturity may fall on a weekend or
    holiday (for example 01/01), business days are then counted up to it, exclusive.
    """
    s = _require_date("settlement", settlement)
    m = _require_date("maturity", maturity)
    if m <= s:
        raise PricingError(f"maturity {m.isoformat()} must be after settlement {s.isoformat()}")
    if not is_business_day(s):
        raise PricingError(f"settlement {s.isoformat()} is not an ANBIMA business day")
    return s, m, business_days(s, m)
