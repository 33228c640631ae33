"""Which reference dates a reporter considers: after the chain's latest round up to the chain's today in
Brasília, ANBIMA business days for a daily series (weekends and national holidays left out), first days of
months for a monthly one, the most recent ``max_back`` of them."""

from __future__ import annotations

import datetime as dt

import pytest

from drex.oracle.reporter import candidate_dates
from drex.reference import SERIES
from drex.sdk.tpft_values import brasilia_date

D = dt.date


def test_daily_dates_are_business_days_after_the_latest_round() -> None:
    selic = SERIES["SELIC"]
    # 2024-12-25 and 2025-01-01 are national holidays; 2024-12-28/29 a weekend
    assert candidate_dates(selic, None, D(2025, 1, 3), 5) == [
        D(2024, 12, 27), D(2024, 12, 30), D(2024, 12, 31), D(2025, 1, 2), D(2025, 1, 3)
    ]  # fmt: skip
    assert candidate_dates(selic, D(2024, 12, 31), D(2025, 1, 3), 5) == [D(2025, 1, 2), D(2025, 1, 3)]
    assert candidate_dates(selic, D(2025, 1, 3), D(2025, 1, 3), 5) == []
    assert candidate_dates(selic, D(2025, 1, 3), D(2025, 1, 5), 5) == []  # a weekend: nothing new
    assert candidate_dates(selic, D(2024, 1, 2), D(2025, 1, 3), 2) == [D(2025, 1, 2), D(2025, 1, 3)]


def test_monthly_dates_are_first_days_of_months() -> None:
    ipca = SERIES["IPCA"]
    assert candidate_dates(ipca, None, D(2025, 1, 3), 3) == [D(2024, 11, 1), D(2024, 12, 1), D(2025, 1, 1)]
    assert candidate_dates(ipca, D(2024, 11, 1), D(2025, 1, 31), 5) == [D(2024, 12, 1), D(2025, 1, 1)]
    assert candidate_dates(ipca, D(2025, 1, 1), D(2025, 1, 31), 5) == []


def test_max_back_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_back must be at least 1"):
        candidate_dates(SERIES["SELIC"], None, D(2025, 1, 3), 0)


def test_the_chains_today_is_the_date_in_brasilia() -> None:
    midnight_utc = int(dt.datetime(2025, 1, 3, tzinfo=dt.UTC).timestamp())
    assert brasilia_date(midnight_utc) == D(2025, 1, 2)  # 21:00 on the 2nd in Brasília
    assert brasilia_date(midnight_utc + 3 * 3600) == D(2025, 1, 3)


def test_the_ntnb_vna_of_the_15th_is_a_candidate_from_its_lead_days_before() -> None:
    vna = SERIES["VNA_NTNB"]
    assert vna.lead_days == 5
    assert candidate_dates(vna, D(2026, 1, 15), D(2026, 2, 9), 5) == []
    assert candidate_dates(vna, D(2026, 1, 15), D(2026, 2, 10), 5) == [D(2026, 2, 15)]
    # Friday 13 February 2026, before Carnival (16-17): the 15th is priced from the settlement on the 18th
    assert candidate_dates(vna, D(2026, 1, 15), D(2026, 2, 13), 5) == [D(2026, 2, 15)]
    assert candidate_dates(vna, D(2026, 2, 15), D(2026, 2, 13), 5) == []
    # no lead for a daily series published after its date
    assert candidate_dates(SERIES["SELIC"], D(2026, 2, 12), D(2026, 2, 12), 5) == []
