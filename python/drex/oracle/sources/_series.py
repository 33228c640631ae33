"""What the sources need to know of a series: its decimal places, its cadence and its SGS code.

Interim copy of the design's catalogue table, used until :mod:`drex.reference.series` (the catalogue)
is merged; then :func:`series_info` reads that catalogue instead and this table goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SeriesInfo:
    """The facts of a series the sources use."""

    name: str
    decimals: int
    monthly: bool
    sgs_code: int | None


_TABLE: dict[str, SeriesInfo] = {
    info.name: info
    for info in (
        SeriesInfo("SELIC", 6, False, 11),
        SeriesInfo("SELIC_TARGET", 2, False, 432),
        SeriesInfo("CDI", 6, False, 12),
        SeriesInfo("IPCA", 2, True, 433),
        SeriesInfo("PTAX_SELL", 4, False, 1),
        SeriesInfo("PTAX_BUY", 4, False, 10813),
        SeriesInfo("IPCA_PROJECTION", 2, False, None),
        SeriesInfo("VNA_LFT", 6, False, None),
        SeriesInfo("VNA_NTNB", 6, False, None),
    )
}

_TPFT_PRICE = re.compile(r"TPFT_PU:([1-9][0-9]*)")


def series_info(name: str) -> SeriesInfo | None:
    """The series called ``name`` (a catalogue name or ``TPFT_PU:<id>``), or None if there is none."""
    if _TPFT_PRICE.fullmatch(name):
        return SeriesInfo(name, 8, False, None)
    return _TABLE.get(name)


def series_names() -> list[str]:
    """The catalogue's names (``TPFT_PU:<id>`` aside), for error messages."""
    return list(_TABLE)
