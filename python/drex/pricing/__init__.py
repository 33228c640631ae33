"""Unit prices (PU) of Brazilian federal bonds and the on-chain financial value of a trade.

Implements the Secretaria do Tesouro Nacional's "Metodologia de Cálculo dos Títulos Públicos Federais
Ofertados nos Leilões Primários" for LTN, NTN-F, LFT and NTN-B (and the NTN-B Principal by the NTN-B
rules), with every truncation and rounding its Tabela 3 sets, on ANBIMA business days (du/252) from the
calendar the ``bizdays`` package ships. All money and rates are :class:`decimal.Decimal` (rates as annual
decimal fractions: 14.36% a.a. is ``Decimal("0.1436")``); bad input raises
:class:`~drex.pricing.errors.PricingError`. :mod:`drex.pricing.settlement` holds the integer rule the
Solidity settlement contracts share: ``quantity_units * unit_price_units // 10**8`` centavos.
"""

from __future__ import annotations

from drex.pricing.calendar import (
    add_business_days,
    business_days,
    business_days_list,
    calendar_range,
    following_business_day,
    is_business_day,
    preceding_business_day,
)
from drex.pricing.cashflow import CashFlow
from drex.pricing.errors import PricingError
from drex.pricing.lft import lft_pu, lft_quote
from drex.pricing.ltn import LTN_FACE_VALUE, ltn_pu, ltn_rate
from drex.pricing.ntnb import (
    NTNB_COUPON,
    ntnb_cash_flows,
    ntnb_coupon_payment,
    ntnb_principal_pu,
    ntnb_principal_quote,
    ntnb_pu,
    ntnb_quote,
)
from drex.pricing.ntnf import NTNF_COUPON, ntnf_cash_flows, ntnf_coupon_payment, ntnf_pu
from drex.pricing.rounding import round_half_up, truncate
from drex.pricing.schedule import add_months, coupon_dates
from drex.pricing.settlement import (
    centavos_to_brl,
    financial_value,
    quantity_to_units,
    settlement_amount,
    unit_price_to_units,
    units_to_quantity,
    units_to_unit_price,
)
from drex.pricing.vna import (
    ipca_projection_month,
    ipca_reference_dates,
    selic_accumulated_factor,
    selic_accumulated_factor_from_percent,
    selic_daily_factor,
    selic_daily_factor_from_percent,
    selic_daily_percent,
    vna_lft,
    vna_lft_accrued,
    vna_lft_projected,
    vna_ntnb,
    vna_ntnb_from_index,
)

__all__ = [
    "LTN_FACE_VALUE",
    "NTNB_COUPON",
    "NTNF_COUPON",
    "CashFlow",
    "PricingError",
    "add_business_days",
    "add_months",
    "business_days",
    "business_days_list",
    "calendar_range",
    "centavos_to_brl",
    "coupon_dates",
    "financial_value",
    "following_business_day",
    "ipca_projection_month",
    "ipca_reference_dates",
    "is_business_day",
    "lft_pu",
    "lft_quote",
    "ltn_pu",
    "ltn_rate",
    "ntnb_cash_flows",
    "ntnb_coupon_payment",
    "ntnb_principal_pu",
    "ntnb_principal_quote",
    "ntnb_pu",
    "ntnb_quote",
    "ntnf_cash_flows",
    "ntnf_coupon_payment",
    "ntnf_pu",
    "preceding_business_day",
    "quantity_to_units",
    "round_half_up",
    "selic_accumulated_factor",
    "selic_accumulated_factor_from_percent",
    "selic_daily_factor",
    "selic_daily_factor_from_percent",
    "selic_daily_percent",
    "settlement_amount",
    "truncate",
    "unit_price_to_units",
    "units_to_quantity",
    "units_to_unit_price",
    "vna_lft",
    "vna_lft_accrued",
    "vna_lft_projected",
    "vna_ntnb",
    "vna_ntnb_from_index",
]
