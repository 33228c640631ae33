"""What a new bond series must be before the Treasury creates it: a Treasury title, its Selic code, a future
maturity on the title's calendar.

The contracts accept any non-empty acronym and code, as the pilot's do (TPFt only refuses a maturity not
after the block time, ``TPFtMaturityInPast``), so a typo would create a series nobody can trade or price.
:func:`check_new_series` refuses, before anything is signed:

* an acronym that is not one of the federal titles the platform prices (:mod:`drex.pricing`): ``LTN``,
  ``LFT``, ``NTN-B``, ``NTN-B Principal`` and ``NTN-F``, spelled as the Tesouro Nacional and the pricing
  module spell them (:class:`UnknownBondTitle`);
* a code that is not the title's Selic code: six digits identifying the title in Selic, the same for every
  maturity of a title (LTN ``100000``, LFT ``210100``, NTN-B ``760199``, NTN-B Principal ``760100``,
  NTN-F ``950199``; :class:`InvalidSelicCode`);
* a maturity on a day the title never matures, for the titles whose pricing documents it
  (:mod:`drex.pricing.ntnb`: an NTN-B on the 15th of February, May, August or November, an NTN-B Principal
  on the 15th of a month; :mod:`drex.pricing.ntnf`: an NTN-F on 1 January or 1 July; LTN and LFT
  maturities have no such rule there, so none is imposed; :class:`MaturityOffCalendar`);
* a maturity that is not after the chain's current block time: the series would be born matured, only
  repayable (:class:`MaturityInPast`). Dates are calendar days in Brasília.

Every error is an :class:`~drex.sdk.tpft_values.InvalidSeries` (so a :class:`~drex.errors.DrexError` and
a :class:`ValueError`) whose message says what was wrong in business terms. Reading existing series never
applies these rules: a series already on chain is what it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from drex.pricing.ntnb import NTNB_MONTHS
from drex.sdk.tpft_values import InvalidSeries, Series, brasilia_date, maturity_timestamp


class UnknownBondTitle(InvalidSeries):
    """A series acronym that is not one of the Treasury's federal titles the platform supports."""


class InvalidSelicCode(InvalidSeries):
    """A series code that is not six digits, or not the Selic code of the series' title."""


class MaturityOffCalendar(InvalidSeries):
    """A maturity on a day the title never matures (NTN-B, NTN-B Principal, NTN-F)."""


class MaturityInPast(InvalidSeries):
    """A new series whose maturity is not after the chain's current block time."""


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class BondTitle:
    """A federal title: its acronym (as on chain), Selic code, name and maturity days (None: any day)."""

    acronym: str
    selic_code: str
    name: str
    maturity_days: tuple[int, ...] | None = None
    """Day of the month a maturity falls on, when the title has a rule."""
    maturity_months: tuple[int, ...] | None = None
    """Months a maturity falls in, when the title has a rule."""

    def maturity_rule(self) -> str | None:
        """The rule in words (``"the 15th of February, May, August or November"``), or None."""
        if self.maturity_days is None:
            return None
        day = {1: "1st", 15: "15th"}.get(self.maturity_days[0], f"day {self.maturity_days[0]}")
        if self.maturity_months is None:
            return f"the {day} of a month"
        months = [_MONTHS[m - 1] for m in self.maturity_months]
        return f"the {day} of {', '.join(months[:-1])} or {months[-1]}"

    def matures_on(self, day: dt.date) -> bool:
        if self.maturity_days is not None and day.day not in self.maturity_days:
            return False
        return self.maturity_months is None or day.month in self.maturity_months


#: The titles the platform prices (drex.pricing), by acronym.
BOND_TITLES: dict[str, BondTitle] = {
    t.acronym: t
    for t in (
        BondTitle("LTN", "100000", "Letra do Tesouro Nacional (Tesouro Prefixado)"),
        BondTitle("LFT", "210100", "Letra Financeira do Tesouro (Tesouro Selic)"),
        BondTitle(
            "NTN-B",
            "760199",
            "Nota do Tesouro Nacional série B (Tesouro IPCA+ com juros)",
            (15,),
            NTNB_MONTHS,
        ),
        BondTitle("NTN-B Principal", "760100", "NTN-B Principal (Tesouro IPCA+)", (15,)),
        BondTitle(
            "NTN-F", "950199", "Nota do Tesouro Nacional série F (Tesouro Prefixado com juros)", (1,), (1, 7)
        ),
    )
}

_SELIC_CODE = re.compile(r"[0-9]{6}")


def bond_title(acronym: str) -> BondTitle:
    """The title of ``acronym`` (exact spelling); :class:`UnknownBondTitle` otherwise."""
    found = BOND_TITLES.get(acronym)
    if found is None:
        known = ", ".join(BOND_TITLES)
        raise UnknownBondTitle(f"acronym {acronym!r} is not a Treasury title the platform supports ({known})")
    return found


def _when(series: Series) -> str:
    at_midnight = maturity_timestamp(series.maturity_date) == series.maturity
    when = series.maturity_date.isoformat()
    return when if at_midnight else f"{when} ({series.maturity})"


def check_new_series(series: Series, now: int) -> BondTitle:
    """Refuse ``series`` as a new series at chain time ``now`` (Unix seconds, the latest block's); returns
    its title. See the module documentation for the rules and their errors."""
    title = bond_title(series.acronym)
    if not _SELIC_CODE.fullmatch(series.code):
        raise InvalidSelicCode(
            f"code {series.code!r} is not a Selic code: write the title's 6 digits, e.g. {title.selic_code} "
            f"for {title.acronym}"
        )
    if series.code != title.selic_code:
        raise InvalidSelicCode(
            f"code {series.code} is not the Selic code of {title.acronym} ({title.selic_code})"
        )
    if not title.matures_on(series.maturity_date):
        raise MaturityOffCalendar(
            f"maturity {_when(series)} is not a maturity of {title.acronym}, which matures on "
            f"{title.maturity_rule()}"
        )
    if series.maturity <= now:
        raise MaturityInPast(
            f"maturity {_when(series)} is in the past (chain date {brasilia_date(now).isoformat()})"
        )
    return title


__all__ = [
    "BOND_TITLES",
    "BondTitle",
    "InvalidSelicCode",
    "MaturityInPast",
    "MaturityOffCalendar",
    "UnknownBondTitle",
    "bond_title",
    "check_new_series",
]
