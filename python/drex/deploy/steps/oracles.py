"""Oracles domain: the reference-data contract, its series, the national holidays and the reporters.

Deploys ``ReferenceData`` with BCB as admin, then BCB configures every series of the catalogue
(:data:`drex.reference.SERIES`: bounds and maximum move scaled to the series' decimals; the per-bond
``TPFT_PU:<id>`` series are configured by the SDK when a bond needs one), marks the ANBIMA national
holidays that fall on weekdays (the only ones that change a business-day count, which is what
``latestFresh`` measures) from 2000 to :data:`HOLIDAYS_AHEAD` years after the current one, in chunks of
:data:`HOLIDAY_CHUNK_YEARS` years, and sets the reporters: the dev roles ``ORACLE_1`` .. ``ORACLE_4``
(on other networks, the roles file names their addresses) with f = 1, so the quorum is 3 of 4 and an
amendment needs all 4.

Holidays come from :mod:`drex.pricing.calendar` (the ANBIMA calendar the ``bizdays`` package ships), read
only when a step's arguments are evaluated, so importing the plan does not load it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from drex.chain.accounts import DEV_REPORTERS
from drex.deploy.plan import Call, Deploy, DeployContext, Step
from drex.reference import SERIES, contract_config, day_number, series_id

#: Registry (and artifact) name of the reference-data contract.
CONTRACT = "ReferenceData"

#: Roles whose addresses are the reporters, in index order.
REPORTERS: tuple[str, ...] = DEV_REPORTERS
#: Faulty reporters tolerated (n = 4 > 3f): quorum (n + f) // 2 + 1 = 3.
FAULT_TOLERANCE = 1
#: Signatures an amendment of a published round needs: all four reporters.
AMENDMENT_QUORUM = 4

#: First year whose holidays are marked (the ANBIMA calendar starts in 2000).
HOLIDAYS_FROM = 2000
#: Holidays are marked up to this many years after the current one.
HOLIDAYS_AHEAD = 35
#: Years of holidays per transaction.
HOLIDAY_CHUNK_YEARS = 20


def weekday_holidays(first_year: int, last_year: int) -> list[dt.date]:
    """The ANBIMA national holidays from ``first_year`` to ``last_year`` (whole years) that fall on a weekday,
    within the years the calendar covers (its very last day, 2099-12-31, is left out)."""
    from drex.pricing.calendar import business_days_list, calendar_range

    first, last = calendar_range()
    start = max(dt.date(first_year, 1, 1), first)
    end = min(dt.date(last_year + 1, 1, 1), last)  # exclusive
    if end <= start:
        return []
    business = set(business_days_list(start, end))
    days = (start + dt.timedelta(days=i) for i in range((end - start).days))
    return [d for d in days if d.weekday() < 5 and d not in business]


def holiday_chunks(today: dt.date | None = None) -> list[tuple[int, int]]:
    """The (first year, last year) of each holiday-loading transaction, from :data:`HOLIDAYS_FROM` to
    ``today``'s year + :data:`HOLIDAYS_AHEAD`."""
    last = (today or dt.date.today()).year + HOLIDAYS_AHEAD
    return [
        (year, min(year + HOLIDAY_CHUNK_YEARS - 1, last))
        for year in range(HOLIDAYS_FROM, last + 1, HOLIDAY_CHUNK_YEARS)
    ]


def _configure_series(name: str) -> Call:
    spec = SERIES[name]
    return Call(
        f"{CONTRACT}.configureSeries({name})",
        CONTRACT,
        "configureSeries",
        lambda ctx: (series_id(name), contract_config(spec)),
    )


def _holidays(first_year: int, last_year: int) -> Call:
    def args(ctx: DeployContext) -> Sequence[Any]:
        return ([day_number(d) for d in weekday_holidays(first_year, last_year)], True)

    return Call(f"{CONTRACT}.setHolidays({first_year}-{last_year})", CONTRACT, "setHolidays", args)


def _reporters(ctx: DeployContext) -> Sequence[Any]:
    # Distinct addresses: the Deployer refuses shared ones before any transaction (_check_distinct_reporters).
    return ([ctx.account(role) for role in REPORTERS], FAULT_TOLERANCE, AMENDMENT_QUORUM)


def _admin(ctx: DeployContext) -> Sequence[Any]:
    return (ctx.account("BCB"),)


def _steps() -> list[Step]:
    return [
        Deploy(CONTRACT, CONTRACT, _admin),
        *(_configure_series(name) for name in SERIES),
        *(_holidays(first, last) for first, last in holiday_chunks()),
        Call(
            f"{CONTRACT}.configureReporters({','.join(REPORTERS)})",
            CONTRACT,
            "configureReporters",
            _reporters,
        ),
    ]


STEPS: list[Step] = _steps()
