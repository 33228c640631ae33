"""Where every reference-data series stands on chain: its last round, age, signers, and the votes already
in for the next date; the reporter set and its quorum. Read-only.

``age`` counts the contract's way (``ageOf``): ANBIMA business days after the round's date up to today
for a daily series, months for a monthly one. The votes for the next date are read only from the chain
(``voteOf`` of each reporter, when there are at most :data:`PENDING_LIMIT` reporters), so they show the
reporters sharing through the chain; votes waiting in a folder drop are not on chain yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from drex.oracle.reporter import MAX_BACK, candidate_dates
from drex.reference import Cadence, SeriesSpec, to_units
from drex.sdk.tpft_values import brasilia_date

if TYPE_CHECKING:
    from drex.sdk import Platform
    from drex.sdk.reference import ReporterSet, RoundInfo

#: Above this many reporters the pending votes are not read (one call per reporter and series).
PENDING_LIMIT = 16


@dataclass(frozen=True)
class PendingVote:
    """A reporter's vote stored on chain for a date not yet published."""

    reporter: str
    value: Decimal
    source_hash: bytes


@dataclass(frozen=True)
class SeriesStatus:
    """One series: its spec, last round (None before the first), age in cadence units, the next date a
    round is expected for (None when none is due yet) and the votes already on chain for it (None when
    not read)."""

    spec: SeriesSpec
    latest: RoundInfo | None
    age: int | None
    next_date: dt.date | None
    pending: list[PendingVote] | None

    @property
    def age_unit(self) -> str:
        if self.age is None:
            return ""
        if self.spec.cadence is Cadence.MONTHLY:
            return "month" if self.age == 1 else "months"
        return "business day" if self.age == 1 else "business days"


@dataclass(frozen=True)
class OracleStatus:
    """The contract, the chain's today (Brasília), the reporter set and every configured series."""

    contract: str
    chain_id: int
    today: dt.date
    reporters: ReporterSet
    series: list[SeriesStatus]


def oracle_status(platform: Platform, *, pending: bool = True) -> OracleStatus:
    """Read the status of every series configured on ``platform``'s ReferenceData."""
    data = platform.reference_data
    rset = data.reporter_set()
    stamp = int(platform.chain.w3.eth.get_block("latest")["timestamp"])
    today = brasilia_date(stamp)
    read_pending = pending and 0 < len(rset.reporters) <= PENDING_LIMIT
    rows: list[SeriesStatus] = []
    for name in data.series():
        spec = data.spec(name)
        latest = data.latest(name)
        age = data.age(name) if latest is not None else None
        upcoming = candidate_dates(spec, latest.reference_date if latest else None, today, MAX_BACK)
        next_date = upcoming[0] if upcoming else None  # the first date reporters vote for
        votes: list[PendingVote] | None = None
        if read_pending and next_date is not None:
            votes = []
            for reporter in rset.reporters:
                found = data.vote_of(name, next_date, reporter)
                if found is not None:
                    votes.append(PendingVote(reporter, found.value, found.source_hash))
        rows.append(SeriesStatus(spec, latest, age, next_date, votes))
    return OracleStatus(data.address, platform.chain.chain_id, today, rset, rows)


def _label(address: str, accounts: dict[str, str]) -> str:
    for role, known in accounts.items():
        if known.lower() == address.lower():
            return f"{role} ({address[:6]}…{address[-4:]})"
    return address


def status_lines(status: OracleStatus, accounts: dict[str, str] | None = None) -> list[str]:
    """The status as a table for people: values in the series' unit, dates ISO, ages in cadence units."""
    accounts = accounts or {}
    r = status.reporters
    lines = [
        f"ReferenceData {status.contract} on chain {status.chain_id}, "
        f"today {status.today.isoformat()} (Brasília)",
        f"reporters {len(r.reporters)} (tolerating {r.fault_tolerance} faulty), quorum {r.quorum}, "
        f"amendments {r.amendment_quorum}, configuration version {r.version}",
    ]
    lines += [f"  {_label(a, accounts)}" for a in r.reporters]
    header = ("series", "last round", "value", "age", "signers", "next", "votes")
    rows = [header]
    for s in status.series:
        last = s.latest
        votes = "-"
        if s.pending is not None:
            distinct = {(v.value, v.source_hash) for v in s.pending}
            votes = f"{len(s.pending)} of {r.quorum}" + (" DISAGREE" if len(distinct) > 1 else "")
        rows.append(
            (
                s.spec.name,
                last.reference_date.isoformat() if last else "none",
                f"{last.value} {s.spec.unit}" if last else "-",
                f"{s.age} {s.age_unit}" if s.age is not None else "-",
                str(last.signers) if last else "-",
                s.next_date.isoformat() if s.next_date else "-",
                votes,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines.append("")
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return lines


def status_json(status: OracleStatus) -> dict[str, Any]:
    """The status as a JSON document: values as decimal strings in the unit and as the contract's scaled
    integers, dates ISO, times Unix seconds, hashes 0x-hex."""
    r = status.reporters
    series: list[dict[str, Any]] = []
    for s in status.series:
        last = s.latest
        series.append(
            {
                "series": s.spec.name,
                "unit": s.spec.unit,
                "decimals": s.spec.decimals,
                "cadence": s.spec.cadence.name.lower(),
                "latest": None
                if last is None
                else {
                    "referenceDate": last.reference_date.isoformat(),
                    "value": str(last.value),
                    "units": to_units(s.spec, last.value),
                    "observedAt": int(last.observed_at.timestamp()),
                    "publishedAt": int(last.published_at.timestamp()),
                    "sourceHash": "0x" + last.source_hash.hex(),
                    "configVersion": last.config_version,
                    "signers": last.signers,
                    "amendments": last.amendments,
                },
                "age": s.age,
                "nextDate": s.next_date.isoformat() if s.next_date else None,
                "pendingVotes": None
                if s.pending is None
                else [
                    {"reporter": v.reporter, "value": str(v.value), "sourceHash": "0x" + v.source_hash.hex()}
                    for v in s.pending
                ],
            }
        )
    return {
        "contract": status.contract,
        "chainId": status.chain_id,
        "today": status.today.isoformat(),
        "reporters": {
            "addresses": list(r.reporters),
            "faultTolerance": r.fault_tolerance,
            "quorum": r.quorum,
            "amendmentQuorum": r.amendment_quorum,
            "version": r.version,
        },
        "series": series,
    }


__all__ = ["OracleStatus", "PendingVote", "SeriesStatus", "oracle_status", "status_json", "status_lines"]
