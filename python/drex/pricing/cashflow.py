"""The cash-flow row the coupon-bearing bond calculators return.

A :class:`CashFlow` is one line of the tables in the Tesouro Nacional methodology's NTN-B and NTN-F
examples ("Data Pgto, Fluxo de Caixa, Valor Presente, Dias Úteis"), so a caller can show or check every
intermediate value that goes into a price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CashFlow:
    """One payment of a bond and its value at settlement.

    ``payment_date`` is the unadjusted coupon or maturity date, ``business_days`` the business days from
    settlement (inclusive) to it (exclusive), ``amount`` the payment (base 1000 for NTN-F, base 100 for
    NTN-B, already rounded as the methodology says) and ``present_value`` the amount discounted at the
    bond's rate, rounded as the methodology says (A-9 for NTN-F, A-10 for NTN-B).
    """

    payment_date: dt.date
    business_days: int
    amount: Decimal
    present_value: Decimal
