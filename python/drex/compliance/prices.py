"""Reference prices of TPFt series for the ``dvp_price`` rule, behind the small
:class:`~drex.compliance.detectors.ReferencePrices` interface (issue 13 adds on-chain oracles).

For now the operator supplies a CSV file ``tpft_id,date,unit_price`` (date ``YYYY-MM-DD``, unit price in
reais with up to 8 decimals, as the operations' ``unitPrice``), e.g. ``1,2026-03-02,1000.12345678``.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from drex.compliance.errors import ListFileError


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


__all__ = ["CsvReferencePrices"]
