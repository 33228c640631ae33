"""Dates a test needs in the future (bond maturities), derived from today, never written as calendar dates.

A series whose maturity has passed can no longer be minted or transferred (``TPFtMatured``), so a test that
creates one with a fixed date starts failing on that date. :func:`future_maturity` gives a maturity some
years from now that also follows the Treasury's calendar for the bond, the one :mod:`drex.pricing`
validates where it prices the bond: LTN on the first day of January, April, July or October; NTN-F on 1
January or 1 July; NTN-B (and NTN-B Principal) on the 15th of February, May, August or November; LFT on 1
March or 1 September.

>>> import datetime as dt
>>> future_maturity("LTN", years=2, today=dt.date(2026, 11, 23))
datetime.date(2029, 1, 1)
>>> future_maturity("NTN-B", years=4, today=dt.date(2026, 11, 23))
datetime.date(2031, 2, 15)
>>> future_maturity("NTN-F", today=dt.date(2028, 2, 29))
datetime.date(2029, 7, 1)
"""

from __future__ import annotations

import datetime as dt

from drex.chain import Chain
from drex.pricing.ntnb import NTNB_MONTHS
from drex.sdk.tpft_values import brasilia_date

#: Acronym -> (day of the month, months) of its maturities.
MATURITY_RULES: dict[str, tuple[int, tuple[int, ...]]] = {
    "LTN": (1, (1, 4, 7, 10)),
    "NTN-F": (1, (1, 7)),
    "NTN-B": (15, NTNB_MONTHS),
    "NTN-B Principal": (15, NTNB_MONTHS),
    "LFT": (1, (3, 9)),
}


def chain_today(chain: Chain) -> dt.date:
    """The chain's current date in Brasília (the day its next block is stamped with, near enough)."""
    return brasilia_date(chain.timestamp())


def future_maturity(acronym: str = "LTN", *, years: int = 1, today: dt.date | None = None) -> dt.date:
    """The first maturity of ``acronym`` at least ``years`` years after ``today`` (default: today's date)."""
    day, months = MATURITY_RULES[acronym]
    start = today or dt.date.today()
    year, month = start.year + years, start.month
    if start.day > day:  # this month's maturity day is already behind: start from the next month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while month not in months:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, day)
