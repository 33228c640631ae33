"""Financial value of a bond trade in integer units, the rule the Solidity settlement contracts apply.

On chain, a quantity of bonds is an integer number of hundredths of a bond (2 decimals), a unit price an
integer number of 1e-8 BRL (8 decimals) and money an integer number of centavos (2 decimals). The
financial value is ``quantity_units * unit_price_units // 10**8``: the exact product, in 1e-10 BRL, cut to
centavos by truncation toward zero, which is also the methodology's rule for the financial value (Tabela 3,
"Valor Financeiro", T-2). Every value is an unsigned 256-bit integer as in Solidity, where an overflowing
product reverts; here it raises :class:`~drex.pricing.errors.PricingError`. The helpers convert exact
Decimals to these units and back, refusing any value that would need rounding. This module needs neither
the calendar nor pandas.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from drex.pricing.errors import PricingError

#: Decimal places of a unit price on chain (units of 1e-8 BRL).
UNIT_PRICE_DECIMALS = 8
#: Decimal places of a quantity on chain (units of 0.01 bond).
QUANTITY_DECIMALS = 2
#: Decimal places of money on chain (centavos).
MONEY_DECIMALS = 2
#: quantity_units * unit_price_units is in 10**-(2 + 8) BRL; dividing by this gives centavos.
FINANCIAL_VALUE_DIVISOR: int = 10 ** (QUANTITY_DECIMALS + UNIT_PRICE_DECIMALS - MONEY_DECIMALS)
#: Largest Solidity uint256.
UINT256_MAX = 2**256 - 1


def _require_uint(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PricingError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if not 0 <= value <= UINT256_MAX:
        raise PricingError(f"{name} must be between 0 and 2**256 - 1, got {value}")
    return value


def financial_value(quantity_units: int, unit_price_units: int) -> int:
    """Financial value in centavos: ``quantity_units * unit_price_units // 10**8``, truncated toward zero.

    ``quantity_units`` counts hundredths of a bond and ``unit_price_units`` 1e-8 BRL. Both are unsigned
    (>= 0), and the product must fit in a uint256, as in the Solidity contracts.

    >>> financial_value(150, 75331532300)  # 1.50 LTN at R$ 753,315323
    112997
    """
    q = _require_uint("quantity_units", quantity_units)
    p = _require_uint("unit_price_units", unit_price_units)
    product = q * p
    if product > UINT256_MAX:
        raise PricingError(f"quantity_units * unit_price_units = {product} overflows uint256")
    return product // FINANCIAL_VALUE_DIVISOR


def _to_units(name: str, value: object, places: int) -> int:
    if not isinstance(value, Decimal):
        raise PricingError(f"{name} must be a decimal.Decimal, got {type(value).__name__} {value!r}")
    if not value.is_finite():
        raise PricingError(f"{name} must be finite, got {value}")
    if value < 0:
        raise PricingError(f"{name} must not be negative, got {value}")
    with localcontext() as ctx:
        ctx.prec = 200
        scaled = value.scaleb(places)
        if scaled != scaled.to_integral_value():
            raise PricingError(f"{name} {value} has more than {places} decimal places")
        units = int(scaled)
    if units > UINT256_MAX:
        raise PricingError(f"{name} {value} does not fit in a uint256 once scaled by 10**{places}")
    return units


def unit_price_to_units(unit_price: Decimal) -> int:
    """Unit price in BRL (at most 8 decimal places, >= 0) as an integer number of 1e-8 BRL.

    >>> unit_price_to_units(Decimal("753.315323"))
    75331532300
    """
    return _to_units("unit_price", unit_price, UNIT_PRICE_DECIMALS)


def quantity_to_units(quantity: Decimal) -> int:
    """Quantity of bonds (at most 2 decimal places, >= 0) as an integer number of hundredths of a bond.

    >>> quantity_to_units(Decimal("1.5"))
    150
    """
    return _to_units("quantity", quantity, QUANTITY_DECIMALS)


def _from_units(name: str, units: object, places: int) -> Decimal:
    value = _require_uint(name, units)
    with localcontext() as ctx:
        ctx.prec = 200  # exact: a uint256 has at most 78 digits
        return Decimal(value).scaleb(-places)


def units_to_unit_price(units: int) -> Decimal:
    """Integer 1e-8 BRL units back to a unit price in BRL, with exactly 8 decimal places."""
    return _from_units("units", units, UNIT_PRICE_DECIMALS)


def units_to_quantity(units: int) -> Decimal:
    """Integer hundredths of a bond back to a quantity of bonds, with exactly 2 decimal places."""
    return _from_units("units", units, QUANTITY_DECIMALS)


def centavos_to_brl(centavos: int) -> Decimal:
    """Integer centavos as BRL with exactly 2 decimal places (for display and reconciliation)."""
    return _from_units("centavos", centavos, MONEY_DECIMALS)


def settlement_amount(quantity: Decimal, unit_price: Decimal) -> int:
    """Financial value in centavos of ``quantity`` bonds at ``unit_price`` BRL, via the integer rule.

    Shorthand for ``financial_value(quantity_to_units(quantity), unit_price_to_units(unit_price))``.
    """
    return financial_value(quantity_to_units(quantity), unit_price_to_units(unit_price))
