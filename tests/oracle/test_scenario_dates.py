"""The demo's oracle phase publishes, on any day, only rounds the contract accepts, and the bond phase can
price its LFT and NTN-B from them alone.

Every reference date is at most the series' lead days after today. Before the NTN-B VNA had lead days
and the IPCA projection was dated by the month it projects, a demo run on a day before a 15th falling on
a weekend or holiday needed the 15th's VNA from the future, or found no projection for the month its
settlement accrues, and stopped (13 of the days 2025..2030). This walks those six years: the dates are
checked against the catalogue, and the demo's rounds are priced on the bond phase's settlement day with
the SDK's pricing functions. Those read rounds through two methods, ``latest`` and ``round_at``; here
they read the rounds the demo publishes from memory (:class:`PublishedRounds`), since a chain moved
through 2,191 days would take hours. Reading the same rounds from the contract is tested on anvil in
test_pricing_rounds.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from drex.pricing.calendar import following_business_day
from drex.reference import SERIES, Cadence
from drex.scenario.oracles import FIGURES, reference_dates
from drex.sdk.reference import RoundInfo
from drex.sdk.reference_pricing import lft_vna_from_rounds, ntnb_vna_from_rounds

_AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


class PublishedRounds:
    """The rounds of one demo run, answering the two reads pricing makes."""

    def __init__(self, dates: dict[str, dt.date], figures: dict[str, Decimal]):
        self.rounds = {name: (dates[name], value) for name, value in figures.items()}

    def _info(self, series: str) -> RoundInfo:
        day, value = self.rounds[series]
        return RoundInfo(series, day, value, _AT, _AT, b"\0" * 32, 1, 3, 0)

    def latest(self, series: str) -> RoundInfo | None:
        return self._info(series) if series in self.rounds else None

    def round_at(self, series: str, day: dt.date) -> RoundInfo | None:
        return self._info(series) if series in self.rounds and self.rounds[series][0] == day else None


def test_every_days_rounds_are_acceptable_and_price_the_bond_phase() -> None:
    day, last = dt.date(2025, 1, 1), dt.date(2030, 12, 31)
    ahead = 0
    while day <= last:
        dates = reference_dates(day)
        for name, ref in dates.items():
            spec = SERIES[name]
            assert ref <= day + dt.timedelta(days=spec.lead_days), (day, name, ref)
            if spec.cadence is Cadence.MONTHLY:
                assert ref.day == 1, (day, name, ref)
        rounds = PublishedRounds(dates, FIGURES)
        settlement = following_business_day(day)
        ntnb = ntnb_vna_from_rounds(rounds, settlement)  # type: ignore[arg-type]
        assert [r.series for r in ntnb.rounds] in (["VNA_NTNB"], ["VNA_NTNB", "IPCA_PROJECTION"]), day
        lft = lft_vna_from_rounds(rounds, settlement)  # type: ignore[arg-type]
        assert lft.rounds[0].series == "VNA_LFT", day
        ahead += dates["VNA_NTNB"] > day
        day += dt.timedelta(days=1)
    assert ahead > 0  # days that need the lead do occur in these six years
