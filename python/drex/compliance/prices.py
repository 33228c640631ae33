"""Reference prices of TPFt series for the ``dvp_price`` rule, behind the small
:class:`~drex.compliance.detectors.ReferencePrices` interface, from one of two places:

- :class:`OnChainReferencePrices`: the ``TPFT_PU:<id>`` rounds of the ReferenceData contract (quorum-signed
  by the oracle reporters, see :mod:`drex.reference`), read through the SDK's reference-data client
  (``Platform.reference_data``); compliance never talks to web3 itself;
- :class:`CsvReferencePrices`: a CSV file the operator supplies, ``tpft_id,date,unit_price`` (date
  ``YYYY-MM-DD``, unit price in reais with up to 8 decimals, as the operations' ``unitPrice``), e.g.
  ``1,2026-03-02,1000.12345678``.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from drex.compliance.errors import ListFileError
from drex.reference import series_spec, to_units, tpft_price_series
from drex.sdk.reference_pricing import (
    TPFT_PU_MAX_AGE,
    MissingReferenceRound,
    StaleReferenceRound,
    round_on_or_before,
)

if TYPE_CHECKING:
    from drex.sdk.reference import ReferenceData


class CsvReferencePrices:
    """Reference unit prices (8-decimal integers) by (TPFt id, day), read from an operator's CSV file."""

    def __init__(self, path: Path):
        self.path = path
        self.prices: dict[tuple[int, date], int] = {}
        try:
            with path.open(newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
        except OSError as exc:
            raise ListFileError(f"{path}: cannot read the reference prices ({exc.strerror})") from None
        for line, row in enumerate(rows, start=2):
            try:
                tpft_id = int(row["tpft_id"])
                day = date.fromisoformat(row["date"].strip())
                price = Decimal(row["unit_price"].strip()).scaleb(8)
            except (KeyError, ValueError, InvalidOperation, AttributeError):
                raise ListFileError(
                    f"{path}: line {line}: expected tpft_id (a number), date (YYYY-MM-DD) and unit_price "
                    "(reais with up to 8 decimals)"
                ) from None
            if price != price.to_integral_value() or price <= 0:
                raise ListFileError(
                    f"{path}: line {line}: unit_price must be above zero with at most 8 decimals"
                )
            self.prices[(tpft_id, day)] = int(price)

    def price(self, tpft_id: int, day: date) -> int | None:
        """The reference unit price of series ``tpft_id`` on ``day`` (8 decimals), None if not given."""
        return self.prices.get((tpft_id, day))


class OnChainReferencePrices:
    """Reference unit prices (8-decimal integers) by (TPFt id, day), from the ``TPFT_PU:<id>`` rounds.

    ``reference`` is the SDK's reference-data client (``Platform.reference_data``). The price for a day is
    the latest round dated on or before it and at most ``max_age`` business days old (0, the default: that
    day's round, or the last business day's for a settlement on a weekend or holiday). A TPFt id without
    such a round has no reference price (None), as a day missing from the CSV file: the rule then says
    nothing about that settlement.
    """

    def __init__(self, reference: ReferenceData, *, max_age: int = TPFT_PU_MAX_AGE):
        self.reference = reference
        self.max_age = max_age

    def price(self, tpft_id: int, day: date) -> int | None:
        """The reference unit price of series ``tpft_id`` on ``day`` (8 decimals), None if there is none."""
        series = tpft_price_series(tpft_id)
        try:
            found = round_on_or_before(self.reference, series, day, self.max_age, "the dvp_price rule")
        except (MissingReferenceRound, StaleReferenceRound):
            return None
        return to_units(series_spec(series), found.value)


__all__ = ["CsvReferencePrices", "OnChainReferencePrices"]
