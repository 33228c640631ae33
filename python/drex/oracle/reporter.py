"""The oracle reporter: read each series from its source, sign what it reads once, share it, get rounds out.

One :meth:`Reporter.step`, for each configured series:

1. the candidate reference dates: after the chain's latest round up to the chain's today (Brasília) plus
   the series' lead days, business days on the ANBIMA calendar for a daily series, first days of months
   for a monthly one, at most ``max_back`` of them (the most recent);
2. for each date, in order, the source's reading (one request per date, so every reporter hashes the same
   payload); a date the source has nothing for is skipped, unless more than ``f`` other reporters voted
   for it (then at least one honest reporter's source has it, and this reporter waits for its own source,
   up to ``gap_wait`` seconds);
3. the reading checked against the catalogue (:mod:`drex.reference`): decimal places, bounds and maximum
   move from the previous round; a value that fails is refused before anything is signed, and the series
   stops there for this step (an alarm for an operator, not something to paper over with later dates);
4. the vote signed at most once per round through the journal (:mod:`drex.oracle.journal`): written and
   fsync'ed before the signature is used; when the source's answer changed since, the journaled vote is
   kept and shared and the conflict is reported (:class:`~drex.oracle.errors.ConflictingObservation`);
5. the vote shared through the chain or a folder, and complete rounds published
   (:mod:`drex.oracle.share`);
6. the next date only once this one is published. Reference dates only increase on chain, so a later
   round published first would shut the earlier one out for good; sharing in order means any quorum for
   a later date holds votes of honest reporters that saw the earlier round out, whatever up to ``f``
   faulty reporters do. A backlog therefore advances by about one date per step of the slowest quorum.

Reads of the source and of the node, and transactions, are retried with exponential backoff
(:mod:`drex.oracle.backoff`); a series whose source or node keeps failing is reported in the step's report
and the other series go on. :meth:`Reporter.run` repeats steps on an interval until a stop is asked for
(:func:`graceful_stop` turns SIGINT and SIGTERM into one: the current step finishes first).
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

from eth_utils import to_checksum_address

from drex.errors import DrexError
from drex.oracle.backoff import TRANSIENT, Backoff
from drex.oracle.errors import ConflictingObservation, ReporterError
from drex.oracle.journal import Journal, JournalEntry, JournalKey
from drex.oracle.share import Event, Share
from drex.reference import Cadence, SeriesSpec, check_bounds, to_units
from drex.sdk.tpft_values import brasilia_date

if TYPE_CHECKING:
    from drex.oracle.sources import Reading, Source
    from drex.sdk import Platform
    from drex.sdk.reference import ReporterSet, RoundInfo, SignedVote

_T = TypeVar("_T")

#: What a step reports against a series instead of raising: the project's errors (a revert, a source's
#: refusal...) and the transient ones still failing after the retries.
_CAUGHT: tuple[type[BaseException], ...] = (DrexError, *TRANSIENT)
#: How many candidate dates a step considers at most, per series, by default.
MAX_BACK = 5
#: How long (seconds) a series waits at most, by default, for a date its source has no figure for while
#: more than f other reporters voted for it (their source has it; this one may publish it late).
GAP_WAIT = 6 * 3600.0


def candidate_dates(spec: SeriesSpec, latest: dt.date | None, today: dt.date, max_back: int) -> list[dt.date]:
    """Reference dates after ``latest`` up to ``today`` plus the series' lead days (the last date the
    contract accepts), the ``max_back`` most recent, in order: ANBIMA business days for a daily series,
    first days of months for a monthly one, the series' day of each month for a daily series set on one
    (the NTN-B VNA's 15th, which may be voted from 5 days before it)."""
    if max_back < 1:
        raise ValueError(f"max_back must be at least 1, got {max_back}")
    horizon = today + dt.timedelta(days=spec.lead_days)
    if spec.cadence is Cadence.MONTHLY or spec.day_of_month is not None:
        anchor = 1 if spec.cadence is Cadence.MONTHLY else spec.day_of_month or 1
        months: list[dt.date] = []
        month = horizon.replace(day=1)
        while len(months) < max_back:
            candidate = month.replace(day=anchor)
            if latest is not None and candidate <= latest:
                break
            if candidate <= horizon:
                months.append(candidate)
            month = (month - dt.timedelta(days=1)).replace(day=1)
        return months[::-1]
    from drex.pricing.calendar import business_days_list

    start = horizon - dt.timedelta(days=2 * max_back + 14)  # enough calendar days for max_back business days
    if latest is not None:
        start = max(start, latest + dt.timedelta(days=1))
    if start > horizon:
        return []
    return business_days_list(start, horizon + dt.timedelta(days=1))[-max_back:]


@dataclass
class StepReport:
    """What one step did: its events in order, the series that failed (with the error line), its time."""

    started: float
    seconds: float = 0.0
    events: list[Event] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    def of_kind(self, *kinds: str) -> list[Event]:
        return [e for e in self.events if e.kind in kinds]

    @property
    def published(self) -> list[Event]:
        """Rounds this reporter's transactions published."""
        return self.of_kind("published")

    @property
    def conflicts(self) -> list[Event]:
        return self.of_kind("conflict")

    def to_json(self) -> dict[str, Any]:
        return {
            "started": round(self.started, 3),
            "seconds": round(self.seconds, 3),
            "events": [e.to_json() for e in self.events],
            "failed": dict(self.failed),
        }


class Reporter:
    """One reporter of the ``ReferenceData`` contract reached through ``platform``.

    ``platform``'s signer relays transactions (pays the gas); ``signer`` (an eth-account account: it signs
    EIP-712 data) signs the votes and must be one of the contract's reporters. ``source`` answers every
    series of ``series``; ``journal`` is this reporter's own journal; ``share`` a
    :class:`~drex.oracle.share.ChainShare` or :class:`~drex.oracle.share.FolderShare` on the same
    ``platform.reference_data``. ``backoff`` retries source reads and node calls; ``clock`` gives the
    observation times (Unix seconds); ``log`` receives a line per retry. ``settle`` is how many seconds a
    step waits, polling every second (``sleep``), for a round its vote did not complete: reporters
    running side by side then go through a backlog of dates together in one step, rather than one date
    per step (0: do not wait). ``gap_wait`` is how many seconds the series waits at most for a date
    its source has no figure for while more than ``f`` other reporters voted for it.
    """

    def __init__(
        self,
        platform: Platform,
        signer: Any,
        source: Source,
        series: Sequence[str],
        journal: Journal,
        share: Share,
        *,
        max_back: int = MAX_BACK,
        settle: float = 0.0,
        gap_wait: float = GAP_WAIT,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        log: Callable[[str], None] | None = None,
    ):
        if not series:
            raise ReporterError("a reporter needs at least one series")
        self.platform = platform
        self.data = platform.reference_data
        self.signer = signer
        self.address = to_checksum_address(signer.address)
        self.source = source
        self.specs: dict[str, SeriesSpec] = {name: self.data.spec(name) for name in series}
        self.journal = journal
        self.share = share
        self.max_back = max_back
        self.settle = settle
        self.gap_wait = gap_wait
        self._gap_since: dict[tuple[str, dt.date], float] = {}
        self.backoff = backoff or Backoff()
        self.clock = clock
        self.sleep = sleep
        self._stop = threading.Event()
        self.log = log or (lambda line: None)
        self.chain_id = platform.chain.chain_id
        self.contract = to_checksum_address(self.data.address)
        self._pending_notes = [Event("journal", None, "journal", note) for note in journal.recovered]
        share.node = self._node  # the share's node calls and transactions retry as the reporter's do

    # ------------------------------------------------------------------------------- checks
    def check(self) -> ReporterSet:
        """The current reporter set, after checking that this signer is in it and every series is
        configured on chain; :class:`ReporterError` otherwise."""
        rset = self._node(self.data.reporter_set)
        if rset.version == 0 or not rset.reporters:
            raise ReporterError(f"ReferenceData at {self.contract} has no reporters configured yet")
        if self.address not in {to_checksum_address(r) for r in rset.reporters}:
            raise ReporterError(
                f"{self.address} is not one of the {len(rset.reporters)} reporters of ReferenceData at "
                f"{self.contract} (configuration version {rset.version})"
            )
        configured = set(self._node(self.data.series))
        missing = [name for name in self.specs if name not in configured]
        if missing:
            raise ReporterError(
                f"series {', '.join(missing)} not configured on ReferenceData at {self.contract}; "
                f"configured: {', '.join(sorted(configured)) or 'none'}"
            )
        for name, spec in self.specs.items():
            # What decides the dates and the scale this reporter signs must be the chain's: a reporter of
            # another catalogue version would vote dates or units the contract refuses or misreads.
            decimals, cadence, _, _, _, _, lead = self._node(partial(self.data.series_config, name))
            if (decimals, cadence, lead) != (spec.decimals, int(spec.cadence), spec.lead_days):
                raise ReporterError(
                    f"{name} on ReferenceData at {self.contract} has {decimals} decimal places, cadence "
                    f"{Cadence(cadence).name.lower()} and {lead} lead days; this reporter's catalogue has "
                    f"{spec.decimals}, {spec.cadence.name.lower()} and {spec.lead_days}: run the drex "
                    "version the platform was configured with, or have BCB reconfigure the series"
                )
        return rset

    # ------------------------------------------------------------------------------- a step
    def step(self) -> StepReport:
        """One pass over every series (see the module docstring). Never raises for one series' failure:
        it is in the report's ``failed``; a failure before any series (the node down after the retries,
        this signer no longer a reporter) is reported against every series."""
        report = StepReport(started=self.clock())
        report.events.extend(self._pending_notes)
        self._pending_notes = []
        try:
            rset = self.check()
            stamp = self._node(self.platform.chain.timestamp)  # the latest block's time
        except _CAUGHT as exc:
            for name in self.specs:
                report.failed[name] = _line(exc)
                report.events.append(Event(name, None, "failed", _line(exc)))
            report.seconds = self.clock() - report.started
            return report
        today = brasilia_date(stamp)  # the contract's today
        observed_at = min(int(self.clock()), stamp)  # the contract refuses observations from its future
        for name in self.specs:
            self._series_step(name, rset, today, observed_at, report)
        report.seconds = self.clock() - report.started
        return report

    def _series_step(
        self, name: str, rset: ReporterSet, today: dt.date, observed_at: int, report: StepReport
    ) -> None:
        spec = self.specs[name]
        day: dt.date | None = None
        try:
            latest = self._node(lambda: self.data.latest(name))
            dates = candidate_dates(spec, latest.reference_date if latest else None, today, self.max_back)
            previous = latest.value if latest else None
            for day in dates:
                reading = self._read(name, day)
                if reading is None:
                    note, waiting = self._gap(name, day, rset)
                    report.events.append(Event(name, day, "no-data", note))
                    if waiting:
                        return
                    continue
                refusal = self._refusal(spec, reading, previous)
                if refusal is not None:
                    report.events.append(Event(name, day, "refused", refusal))
                    return
                vote, event = self._vote(spec, reading, rset, observed_at)
                report.events.append(event)
                shared = self.share.share(vote, spec.unit)
                report.events.append(shared)
                if shared.kind == "failed":  # the chain refused the vote (a revert): nothing to wait for
                    report.failed[name] = shared.message
                    return
                report.events.extend(self.share.complete(name, day, rset, spec.unit))
                published = self._await_round(name, day, rset, spec.unit, report)
                if published is None:  # later dates wait: they must not be published before this one
                    note = "the round is not complete yet: later dates wait for it"
                    report.events.append(Event(name, day, "waiting", note))
                    return
                previous = published.value
        except _CAUGHT as exc:
            report.failed[name] = _line(exc)
            report.events.append(Event(name, day, "failed", _line(exc)))
            if day is not None:  # the other reporters' votes may still make the round
                try:
                    report.events.extend(self.share.complete(name, day, rset, spec.unit))
                except _CAUGHT as again:
                    report.events.append(Event(name, day, "failed", _line(again)))

    # ------------------------------------------------------------------------------- parts
    def _gap(self, name: str, day: dt.date, rset: ReporterSet) -> tuple[str, bool]:
        """What to do about ``day``, which the source has no figure for, with the note saying why: wait
        (True) while more than ``f`` distinct current reporters voted for it (so an honest one did: this
        source lags) and for at most ``gap_wait`` seconds from the first step that saw it so; otherwise
        skip it (False). Up to ``f`` faulty reporters voting on a date the sources have nothing for cannot
        stall the series."""
        key = (name, day)
        if self.share.voters(name, day, rset) <= rset.fault_tolerance:
            self._gap_since.pop(key, None)
            return "the source has no figure for this date", False
        since = self._gap_since.setdefault(key, self.clock())
        waited = self.clock() - since
        if waited >= self.gap_wait:
            note = (
                f"the source has no figure for this date; more than {rset.fault_tolerance} other "
                f"reporters voted for it, but after {waited:.0f} s (the limit is {self.gap_wait:g} s) the "
                "series goes on without it"
            )
            return note, False
        waiting = "the source has no figure for this date yet but more than f other reporters voted: waiting"
        return waiting, True

    def _await_round(
        self, name: str, day: dt.date, rset: ReporterSet, unit: str, report: StepReport
    ) -> RoundInfo | None:
        """The round of ``day`` once published, waiting up to ``settle`` seconds for the other reporters
        (completing it from the folder as their votes arrive); None if it is still not out."""
        deadline = self.clock() + self.settle
        seen = {(e.kind, e.message) for e in report.events}
        while True:
            found = self._node(partial(self.data.round_at, name, day))
            if found is not None or self.clock() >= deadline or self._stop.is_set():
                return found
            self.sleep(min(1.0, max(0.0, deadline - self.clock())))
            for event in self.share.complete(name, day, rset, unit):
                if (event.kind, event.message) not in seen:  # the same file found again says nothing new
                    seen.add((event.kind, event.message))
                    report.events.append(event)

    def _node(self, fn: Callable[[], _T]) -> _T:
        def retrying(attempt: int, exc: BaseException, wait: float) -> None:
            self.log(
                f"node: {_line(exc)}; retrying in {wait:g} s (attempt {attempt} of {self.backoff.attempts})"
            )

        return self.backoff.call(fn, on_retry=retrying)

    def _read(self, name: str, day: dt.date) -> Reading | None:
        def retrying(attempt: int, exc: BaseException, wait: float) -> None:
            self.log(
                f"{name} {day.isoformat()}: {_line(exc)}; retrying in {wait:g} s "
                f"(attempt {attempt} of {self.backoff.attempts})"
            )

        reading = self.backoff.call(lambda: self.source.read(name, day), on_retry=retrying)
        if reading is not None and (reading.series, reading.reference_date) != (name, day):
            raise ReporterError(
                f"{name} {day.isoformat()}: the source answered {reading.series} "
                f"{reading.reference_date.isoformat()} instead"
            )
        return reading

    @staticmethod
    def _refusal(spec: SeriesSpec, reading: Reading, previous: Decimal | None) -> str | None:
        """Why ``reading`` must not be signed (catalogue decimals, bounds, maximum move), or None."""
        value = reading.value
        try:
            to_units(spec, value)
            check_bounds(spec, value)
        except DrexError as exc:
            return f"not signed: {exc}"
        if previous is not None and spec.max_move is not None and abs(value - previous) > spec.max_move:
            return (
                f"not signed: {spec.name} {value} {spec.unit} moves {abs(value - previous)} {spec.unit} from "
                f"the previous round's {previous} {spec.unit}, more than its maximum move {spec.max_move} "
                f"{spec.unit}"
            )
        return None

    def _vote(
        self, spec: SeriesSpec, reading: Reading, rset: ReporterSet, observed_at: int
    ) -> tuple[SignedVote, Event]:
        """This reporter's vote for the reading's round: journaled (or signed now and journaled)."""
        name, day = spec.name, reading.reference_date
        key = JournalKey(self.chain_id, self.contract, rset.version, name, day)
        known = self.journal.get(key)

        def sign(at: int) -> bytes:
            vote = self.data.sign_vote(
                self.signer, name, day, reading.value, reading.source_hash, at, config_version=rset.version
            )
            return bytes(vote.signature)

        try:
            entry = self.journal.sign_once(
                key,
                reading.value,
                reading.source_hash,
                sign,
                reporter=self.address,
                observed_at=observed_at,
                unit=spec.unit,
            )
        except ConflictingObservation as exc:
            assert isinstance(exc.journaled, JournalEntry)
            return self._as_vote(exc.journaled), Event(name, day, "conflict", str(exc))
        if known is None:
            event = Event(name, day, "signed", f"signed {entry.value} {spec.unit} (journaled)")
        else:
            event = Event(name, day, "reused", f"journaled vote {entry.value} {spec.unit} reused")
        return self._as_vote(entry), event

    def _as_vote(self, entry: JournalEntry) -> SignedVote:
        from drex.sdk.reference import SignedVote

        return SignedVote(
            series=entry.key.series,
            reference_date=entry.key.reference_date,
            value=entry.value,
            source_hash=entry.source_hash,
            observed_at=entry.observed_at,
            config_version=entry.key.config_version,
            reporter=entry.reporter,
            signature=entry.signature,
        )

    # ------------------------------------------------------------------------------- the loop
    def run(
        self,
        interval: float,
        *,
        once: bool = False,
        stop: threading.Event | None = None,
        on_step: Callable[[StepReport], None] | None = None,
    ) -> int:
        """Steps every ``interval`` seconds until ``stop`` is set (or one step with ``once``); the number
        of steps run. A stop asked for during a step takes effect when the step is done."""
        stop = stop or threading.Event()
        self._stop = stop  # a stop also ends a wait for the other reporters (``settle``)
        steps = 0
        while True:
            report = self.step()
            steps += 1
            if on_step is not None:
                on_step(report)
            if once or stop.wait(interval):
                return steps


def _line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if isinstance(exc, DrexError) else f"{type(exc).__name__}: {text}"


@contextmanager
def graceful_stop(stop: threading.Event) -> Iterator[threading.Event]:
    """SIGINT and SIGTERM set ``stop`` (the reporter finishes its step, then returns); a second one
    raises KeyboardInterrupt. The previous handlers are restored on exit. Main thread only."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


__all__ = [
    "GAP_WAIT",
    "MAX_BACK",
    "Reporter",
    "StepReport",
    "candidate_dates",
    "graceful_stop",
]
