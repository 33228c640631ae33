"""The demo's oracle phase publishes, on any day, only rounds the contract accepts: every reference date
at most the series' lead days after today. Before the NTN-B VNA had lead days, a demo run on a day
before a 15th falling on a weekend or holiday (a Friday the 13th or 14th settling on the 16th or 17th)
needed the 15th's VNA from the future and stopped; this walks six years of days."""

from __future__ import annotations

import datetime as dt

from drex.pricing.calendar import following_business_day
from drex.pricing.vna import ipca_reference_dates
from drex.reference import SERIES, Cadence
from drex.scenario.oracles import reference_dates


def test_every_days_reference_dates_are_acceptable_to_the_contract() -> None:
    day, last = dt.date(2025, 1, 1), dt.date(2030, 12, 31)
    ahead = 0
    while day <= last:
        dates = reference_dates(day)
        for name, ref in dates.items():
            spec = SERIES[name]
            assert ref <= day + dt.timedelta(days=spec.lead_days), (day, name, ref)
            if spec.cadence is Cadence.MONTHLY:
                assert ref.day == 1, (day, name, ref)
        settlement = following_business_day(day)
        assert dates["VNA_NTNB"] == ipca_reference_dates(settlement)[0]  # the VNA that prices the NTN-B
        ahead += dates["VNA_NTNB"] > day
        day += dt.timedelta(days=1)
    assert ahead > 0  # days that need the lead do occur in these six years
