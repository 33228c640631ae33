"""The age of a round on anvil's clock: business days skip weekends and ANBIMA holidays, monthly series count
months, and "today" is Brasília's date.

Each test starts its own anvil whose genesis block is at a chosen moment of 2025 (so the dates are fixed and
in the past) and moves its clock forward with ``evm_setNextBlockTimestamp`` (:meth:`Chain.set_time`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from drex.chain.connect import connect_anvil
from drex.chain.reverts import ContractRevert
from drex.pricing.calendar import business_days, is_business_day
from drex.sdk.reference import StaleReferenceData
from oracle.contract_helpers import IPCA, REPORTERS, SELIC, Rig, day_of, moment, start_node

R1, R2, R3, _ = REPORTERS
VALUE = 50788


@contextmanager
def rig_at(day: dt.date, hour: int = 12) -> Iterator[Rig]:
    """A fresh chain whose clock starts at ``hour``:00 Brasília on ``day``, with ReferenceData on it."""
    node = start_node(day, hour)
    try:
        chain = connect_anvil(node)
        yield Rig(chain)
    finally:
        node.kill()


def travel(rig: Rig, day: dt.date, hour: int = 12) -> None:
    rig.chain.set_time(moment(day, hour))


def publish(rig: Rig, series: bytes, day: dt.date, value: int = VALUE) -> None:
    rig.publish(series, day_of(day), value, rig.votes([R1, R2, R3], series, day_of(day), value))


def age(rig: Rig, series: bytes) -> int:
    return int(rig.chain.call(rig.fn.ageOf(series)))


def test_a_weekend_does_not_age_a_daily_round(built: None) -> None:
    friday = dt.date(2025, 2, 21)
    with rig_at(friday) as rig:
        publish(rig, SELIC, friday)
        assert age(rig, SELIC) == 0
        for day, expected in (
            (dt.date(2025, 2, 22), 0),
            (dt.date(2025, 2, 23), 0),
            (dt.date(2025, 2, 24), 1),
        ):
            travel(rig, day)
            assert age(rig, SELIC) == expected, day
        assert rig.rd.latest_fresh("SELIC", 1).reference_date == friday
        with pytest.raises(ContractRevert, match=r"StaleRound\(0x[0-9a-f]+, 20140, 1, 0\)"):
            rig.chain.call(rig.fn.latestFresh(SELIC, 0))


def test_anbima_holidays_do_not_age_a_daily_round(built: None) -> None:
    friday = dt.date(2025, 2, 28)  # then Carnival: Monday 3 and Tuesday 4 March are holidays
    with rig_at(friday) as rig:
        publish(rig, SELIC, friday)
        steps = ((3, 0), (4, 0), (5, 1), (6, 2))
        for day, expected in ((dt.date(2025, 3, d), n) for d, n in steps):
            travel(rig, day)
            assert age(rig, SELIC) == expected, day
            assert rig.chain.call(rig.fn.isBusinessDay(day_of(day))) is is_business_day(day)
        assert rig.chain.call(rig.fn.isHoliday(day_of(dt.date(2025, 3, 3)))) is True
        with pytest.raises(StaleReferenceData) as raised:
            rig.rd.latest_fresh("SELIC", 1)
        assert "its last round is of 2025-02-28" in str(raised.value) and "2 business days old" in str(
            raised.value
        )
        assert (raised.value.age, raised.value.max_age) == (2, 1)


def test_easter_and_tiradentes_make_a_four_day_gap(built: None) -> None:
    thursday = dt.date(2025, 4, 17)  # Good Friday 18, weekend, Tiradentes Monday 21
    with rig_at(thursday) as rig:
        publish(rig, SELIC, thursday)
        travel(rig, dt.date(2025, 4, 21))
        assert age(rig, SELIC) == 0
        travel(rig, dt.date(2025, 4, 22))
        assert rig.rd.latest_fresh("SELIC", 1).reference_date == thursday


def test_today_is_the_brasilia_date(built: None) -> None:
    tuesday = dt.date(2025, 3, 4)
    with rig_at(tuesday, hour=23) as rig:  # 02:00 UTC on Wednesday
        assert rig.rd.today() == tuesday
        wednesday = dt.date(2025, 3, 5)
        with pytest.raises(ContractRevert, match="FutureReferenceDate"):
            publish(rig, SELIC, wednesday)
        rig.chain.set_time(moment(wednesday, 0) + 60)  # 00:01 in Brasília
        assert rig.rd.today() == wednesday
        publish(rig, SELIC, wednesday)


def test_a_monthly_round_ages_in_months(built: None) -> None:
    with rig_at(dt.date(2025, 3, 5)) as rig:
        publish(rig, IPCA, dt.date(2025, 2, 1), 131)
        assert age(rig, IPCA) == 1
        travel(rig, dt.date(2025, 3, 31))
        assert rig.rd.latest_fresh("IPCA", 1).reference_date == dt.date(2025, 2, 1)
        travel(rig, dt.date(2025, 4, 1))
        with pytest.raises(StaleReferenceData) as raised:
            rig.rd.latest_fresh("IPCA", 1)
        assert str(raised.value) == (
            "IPCA is stale: its last round is of February 2025 (reference date 2025-02-01), 2 months old; "
            "at most 1 month allowed"
        )
        publish(rig, IPCA, dt.date(2025, 3, 1), 56)
        assert age(rig, IPCA) == 1


def test_ages_over_long_spans_match_the_anbima_calendar(built: None) -> None:
    today = dt.date(2025, 12, 31)
    dates = [dt.date(2024, 1, 2) + dt.timedelta(days=23 * i) for i in range(32)]  # into December 2025
    with rig_at(today) as rig:
        for day in dates:
            publish(rig, SELIC, day)
            # business days d with day < d <= today, by the methodology's [start, end) count
            assert age(rig, SELIC) == business_days(
                day + dt.timedelta(days=1), today + dt.timedelta(days=1)
            ), day
        year = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(365)]
        on_chain = [rig.chain.call(rig.fn.isBusinessDay(day_of(d))) for d in year]
        assert on_chain == [is_business_day(d) for d in year]
