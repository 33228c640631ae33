"""Business wording of ReferenceData's reverts: which series, which dates, which values in which unit.

:func:`explain` turns a decoded :class:`~drex.chain.reverts.ContractRevert` of the contract into a
:class:`~drex.sdk.reference.ReferenceDataRevert` (or :class:`~drex.sdk.reference.StaleReferenceData` for
``StaleRound`` and ``NoRound``) that keeps the error's name and arguments; other reverts pass unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from eth_utils import to_checksum_address

from drex.chain.reverts import ContractRevert
from drex.reference import Cadence, SeriesSpec, from_day_number, from_units


def _who(address: str) -> str:
    return str(to_checksum_address(address))


def _day(number: int) -> str:
    return from_day_number(int(number)).isoformat()


def _age(spec: SeriesSpec, age: int) -> str:
    if spec.cadence is Cadence.MONTHLY:
        return f"{age} month{'s' if age != 1 else ''}"
    return f"{age} business day{'s' if age != 1 else ''}"


def _stale(exc: ContractRevert, spec: SeriesSpec) -> ContractRevert:
    from drex.sdk.reference import StaleReferenceData

    if exc.error_name == "NoRound":
        return StaleReferenceData(
            exc,
            f"{spec.name} has no round on this platform yet",
            series=spec.name,
            reference_date=None,
            age=None,
            max_age=None,
        )
    _, reference_date, age, max_age = exc.args
    day = from_day_number(int(reference_date))
    when = day.strftime("%B %Y") if spec.cadence is Cadence.MONTHLY else day.isoformat()
    text = (
        f"{spec.name} is stale: its last round is of {when} (reference date {day.isoformat()}), "
        f"{_age(spec, int(age))} old; at most {_age(spec, int(max_age))} allowed"
    )
    return StaleReferenceData(
        exc, text, series=spec.name, reference_date=day, age=int(age), max_age=int(max_age)
    )


def _messages(spec: SeriesSpec | None, day: dt.date | None) -> dict[str, Callable[..., str]]:
    name = spec.name if spec is not None else "the series"
    when = f" of {day.isoformat()}" if day is not None else ""

    def show(units: int) -> str:
        return spec.describe(from_units(spec, int(units))) if spec is not None else str(units)

    return {
        "UnknownSeries": lambda s: (
            f"{name} is not a configured (active) reference-data series on this platform"
        ),
        "ReportersNotConfigured": lambda: "ReferenceData has no reporter configuration yet (BCB sets it)",
        "InvalidSignature": lambda i: f"{name} round{when}: vote {i} has a malformed signature",
        "NotAReporter": lambda signer: (
            f"{name} round{when}: a signature recovers to {_who(signer)}, not a reporter of the current "
            "configuration (a vote signed for another chain, contract or configuration version, or by "
            "someone else)"
        ),
        "DuplicateReporter": lambda reporter: (
            f"{name} round{when}: reporter {_who(reporter)} is counted twice"
        ),
        "InsufficientSignatures": lambda have, need: (
            f"{name} round{when}: {have} reporter signature{'s' if have != 1 else ''}, {need} needed"
        ),
        "OutOfOrderRound": lambda s, date, latest: (
            f"{name}: a round of {_day(date)} comes too late, the latest round is of {_day(latest)} "
            "(reference dates only move forward)"
        ),
        "FutureReferenceDate": lambda s, date, today: (
            f"{name}: reference date {_day(date)} is after today ({_day(today)}, Brasília)"
            + (f" plus its {spec.lead_days} lead days" if spec is not None and spec.lead_days else "")
        ),
        "NotFirstOfMonth": lambda s, date: (
            f"{name} is monthly: its reference date is the first day of the month, not {_day(date)}"
        ),
        "ValueOutOfBounds": lambda s, value, low, high: (
            f"{name} round{when}: {show(value)} is outside the bounds {show(low)} .. {show(high)}"
        ),
        "MoveTooLarge": lambda s, value, previous, most: (
            f"{name} round{when}: {show(value)} moves {show(abs(int(value) - int(previous)))} from the "
            f"previous round's {show(previous)}, more than the {show(most)} allowed"
        ),
        "FutureObservation": lambda i, at: (
            f"{name} round{when}: vote {i} was observed in the future (unix {at})"
        ),
        "StaleAmendmentVote": lambda i, at, published: (
            f"{name} round{when}: vote {i} was observed at unix {at}, not after the round's last publication "
            f"(unix {published}); an amendment needs signatures made after the reporters saw the round it "
            "corrects, so signatures given before it cannot change it back"
        ),
        "RoundAlreadyPublished": lambda s, date: (
            f"{name} already has its round of {_day(date)} with this value (an amendment must change it)"
        ),
        "AlreadyVoted": lambda reporter: (
            f"{name} round{when}: reporter {_who(reporter)} already voted in this configuration version"
        ),
        "NoRoundAt": lambda s, date: f"{name} has no round of {_day(date)}",
        "InvalidReporter": lambda reporter: f"a reporter configuration cannot list {_who(reporter)}",
        "TooManyReporters": lambda n, most: f"{n} reporters is more than the {most} a configuration holds",
        "InvalidFaultTolerance": lambda n, f: (
            f"{n} reporters cannot tolerate {f} faulty ones (n > 3f is required)"
        ),
        "InvalidAmendmentQuorum": lambda amendment, quorum, n: (
            f"an amendment quorum of {amendment} must be above the quorum {quorum} and at most the {n} "
            "reporters"
        ),
        "InvalidSeriesConfig": lambda s: f"{name}: invalid configuration (zero id or minimum above maximum)",
        "SeriesConfigLocked": lambda s: f"{name} already has rounds: its decimals and cadence cannot change",
        "AccessControlUnauthorizedAccount": lambda account, role: (
            f"{_who(account)} is not ReferenceData's administrator (BCB): only it configures series, "
            "reporters and holidays"
        ),
    }


def explain(exc: ContractRevert, spec: SeriesSpec | None, day: dt.date | None = None) -> ContractRevert:
    """``exc`` reworded in business terms for ``spec`` (and the reference date ``day`` when known)."""
    from drex.sdk.reference import ReferenceDataRevert

    if spec is not None and exc.error_name in ("StaleRound", "NoRound"):
        return _stale(exc, spec)
    wording = _messages(spec, day).get(exc.error_name)
    if wording is None:
        return exc
    args: tuple[Any, ...] = exc.args
    try:
        text = wording(*args)
    except (TypeError, ValueError):  # arguments not of the contract's shape: keep the decoded revert
        return exc
    return ReferenceDataRevert(exc, text)
