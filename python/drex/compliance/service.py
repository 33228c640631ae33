"""The compliance service on the index's event stream: rule versions and modes, backtests, and the
consumer that evaluates the rules as blocks arrive and stores their alerts.

The consumer reads ``IndexStore.events(after=cursor)`` in batches; each batch's alerts and the new cursor
are committed in one database transaction, so a crash redelivers the batch (at-least-once) and the
alerts' unique (rule, version, key) makes the redelivery harmless. The detectors' windows live in memory:
when the service starts, it rebuilds them by replaying the index's events up to its cursor (without
storing anything). A reorganisation the index followed (``IndexStore.rollbacks_after``) retracts the
alerts raised by the dropped events, moves the cursor back before them and rebuilds the windows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from drex.compliance.detectors import Context, Hit, ReferencePrices
from drex.compliance.engine import Engine, Finding, backtest
from drex.compliance.errors import RuleFileError, RuleModeError, UnknownRecord
from drex.compliance.lists import ListIndex
from drex.compliance.movements import EventRecord
from drex.compliance.rules import MODES, Rule, parse_rule
from drex.compliance.store import AlertRow, CaseRow, ComplianceStore, CursorRow, ListEntryRow, RuleRow, now

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from drex.index import IndexStore

STREAM = "stream"
BATCH = 1000


@dataclass
class RunReport:
    """What one :meth:`ComplianceService.run` pass did."""

    events: int = 0
    alerts: int = 0
    test_alerts: int = 0
    cases: int = 0
    retracted: int = 0
    last_seq: int = 0
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class BacktestResult:
    """A backtest of one rule version over indexed history: hits, events read and the period."""

    rule_id: str
    version: int
    events: int
    first_seq: int
    last_seq: int
    from_time: int | None
    to_time: int | None
    hits: list[Hit]


def rule_of(row: RuleRow) -> Rule:
    """The validated rule of a stored version, with its stored mode."""
    rule = parse_rule(row.yaml_text, f"{row.rule_id} v{row.version}")
    return Rule(
        rule.id,
        rule.version,
        row.mode,
        rule.kind,
        rule.indicator,
        rule.description,
        rule.params,
        rule.text,
        rule.source,
    )


def _json_params(rule: Rule) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in rule.params.items()}


class ComplianceService:
    """Rules, alerts and cases in ``store``, evaluated on ``index``'s events."""

    def __init__(
        self,
        store: ComplianceStore,
        index: IndexStore | None = None,
        *,
        prices: ReferencePrices | None = None,
    ):
        self.store = store
        self.index = index
        self.prices = prices
        self.engine: Engine | None = None
        self._engine_rules: tuple[tuple[str, int, str, str], ...] = ()

    # ------------------------------------------------------------------ rules
    def load_rules(self, rules: Iterable[Rule]) -> list[tuple[str, int, str]]:
        """Register rule versions: (id, version, "new" | "unchanged") each. A stored version whose text
        differs is refused (change the version); a new version in ACTIVE mode is refused (it must be
        backtested in TEST first)."""
        done: list[tuple[str, int, str]] = []
        with self.store.session() as s:
            for rule in rules:
                row = s.scalars(
                    select(RuleRow).where(RuleRow.rule_id == rule.id, RuleRow.version == rule.version)
                ).first()
                if row is not None:
                    if row.sha256 != rule.sha256:
                        raise RuleFileError(
                            f"{rule.source}: rule {rule.id} version {rule.version} is already loaded with "
                            "different content; give the changed rule a new version"
                        )
                    done.append((rule.id, rule.version, "unchanged"))
                    continue
                if rule.mode == "ACTIVE":
                    raise RuleModeError(
                        f"{rule.source}: rule {rule.id} version {rule.version} cannot be loaded "
                        "ACTIVE: load it in TEST, backtest it, then activate it"
                    )
                s.add(
                    RuleRow(
                        rule_id=rule.id,
                        version=rule.version,
                        mode=rule.mode,
                        kind=rule.kind,
                        indicator=rule.indicator,
                        yaml_text=rule.text,
                        sha256=rule.sha256,
                    )
                )
                done.append((rule.id, rule.version, "new"))
        self.engine = None
        return done

    def _rule_row(self, s: Session, rule_id: str, version: int | None) -> RuleRow:
        query = select(RuleRow).where(RuleRow.rule_id == rule_id)
        if version is not None:
            query = query.where(RuleRow.version == version)
        row = s.scalars(query.order_by(RuleRow.version.desc())).first()
        if row is None:
            which = f"version {version} of rule {rule_id}" if version is not None else f"rule {rule_id}"
            raise UnknownRecord(f"no {which} is loaded")
        return row

    def rules(self) -> list[RuleRow]:
        """Every stored rule version, by id then version."""
        with self.store.session() as s:
            return list(s.scalars(select(RuleRow).order_by(RuleRow.rule_id, RuleRow.version)))

    def set_mode(self, rule_id: str, mode: str, version: int | None = None) -> RuleRow:
        """Change a rule version's mode. TEST -> ACTIVE is refused unless this exact version (same text)
        was backtested over indexed history."""
        if mode not in MODES:
            raise RuleModeError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        with self.store.session() as s:
            row = self._rule_row(s, rule_id, version)
            if mode == "ACTIVE" and row.mode != "ACTIVE":
                tested = row.backtest or {}
                again = f"run `drex compliance rules backtest {rule_id} --version {row.version}"
                if row.backtested_at is None or tested.get("sha256") != row.sha256:
                    raise RuleModeError(
                        f"rule {rule_id} version {row.version} has not been backtested over indexed history; "
                        f"{again}` first"
                    )
                if not tested.get("whole_history"):
                    raise RuleModeError(
                        f"rule {rule_id} version {row.version} was backtested over {tested.get('events', 0)} "
                        f"of {tested.get('history_events', 0)} indexed events; a rule goes ACTIVE after a "
                        f"backtest over the whole indexed history (at least one event): {again}` without "
                        "--from/--to"
                    )
                if row.kind == "dvp_price" and not tested.get("prices"):
                    raise RuleModeError(
                        f"rule {rule_id} version {row.version} was backtested without reference prices; "
                        f"{again} --prices FILE` (or --prices-from-chain)"
                    )
            row.mode = mode
        self.engine = None
        return row

    def backtest(
        self,
        rule_id: str,
        version: int | None = None,
        *,
        from_time: int | None = None,
        to_time: int | None = None,
    ) -> BacktestResult:
        """Evaluate one rule version over the index's history (block times in [from_time, to_time]); the
        hits are returned and summarized on the rule, never stored as alerts."""
        index = self._need_index()
        with self.store.session() as s:
            rule = rule_of(self._rule_row(s, rule_id, version))
        history = list(self._replay(index, 0))
        events = [
            e
            for e in history
            if (from_time is None or e.time >= from_time) and (to_time is None or e.time <= to_time)
        ]
        hits = backtest(rule, events, Context(screening=self._lists(), prices=self.prices))
        result = BacktestResult(
            rule.id,
            rule.version,
            len(events),
            events[0].seq if events else 0,
            events[-1].seq if events else 0,
            from_time,
            to_time,
            hits,
        )
        with self.store.session() as s:
            row = self._rule_row(s, rule.id, rule.version)
            row.backtested_at = now()
            row.backtest = {
                "sha256": row.sha256,
                "events": result.events,
                "first_seq": result.first_seq,
                "last_seq": result.last_seq,
                "from_time": from_time,
                "to_time": to_time,
                "hits": len(hits),
                "subjects": sorted({h.subject for h in hits}),
                # the gate to ACTIVE: every event indexed at backtest time, prices when the rule needs them
                "history_events": len(history),
                "index_last_seq": history[-1].seq if history else 0,
                "whole_history": bool(events) and len(events) == len(history),
                "prices": self.prices is not None,
            }
        return result

    # ------------------------------------------------------------------ stream
    def _need_index(self) -> IndexStore:
        if self.index is None:
            raise UnknownRecord("no index database: pass the index's URL (--db)")
        return self.index

    def _lists(self) -> ListIndex:
        from drex.compliance.lists import ListEntry

        with self.store.session() as s:
            rows = list(s.scalars(select(ListEntryRow)))
        return ListIndex(
            (ListEntry(r.list_name, r.reference, r.name, r.entry_type, r.matched_on, r.match_value), r.freeze)
            for r in rows
        )

    @staticmethod
    def _replay(index: IndexStore, after: int, to_seq: int | None = None) -> Iterator[EventRecord]:
        while True:
            batch = index.events(after=after, limit=BATCH)
            for ev in batch:
                if to_seq is not None and ev.seq > to_seq:
                    return
                yield ev
            if len(batch) < BATCH:
                return
            after = batch[-1].seq

    def cursor(self) -> int:
        """The last event seq the consumer processed (0 before the first run)."""
        with self.store.session() as s:
            row = s.get(CursorRow, STREAM)
            return 0 if row is None else row.last_seq

    def _rules_fingerprint(self) -> tuple[tuple[str, int, str, str], ...]:
        """The rules table as the engine sees it (id, version, mode, text hash): another process changing a
        rule's mode (``rules mode``) or loading a version changes it, and the next run rebuilds the engine."""
        with self.store.session() as s:
            rows = s.execute(
                select(RuleRow.rule_id, RuleRow.version, RuleRow.mode, RuleRow.sha256).order_by(
                    RuleRow.rule_id, RuleRow.version
                )
            )
            return tuple((r[0], r[1], r[2], r[3]) for r in rows)

    def _build_engine(self, up_to: int) -> Engine:
        """A fresh engine with the rules' current versions and modes, its windows rebuilt by replaying the
        index's events up to ``up_to`` (nothing is stored)."""
        with self.store.session() as s:
            rules = [rule_of(r) for r in s.scalars(select(RuleRow).where(RuleRow.mode != "DISABLED"))]
        # The replay only warms the windows up and its findings are dropped: without prices, the price rule
        # (which keeps no window) does not look up a reference for every past settlement, a call to the
        # node each with on-chain prices.
        engine = Engine(rules, Context(screening=self._lists(), prices=None))
        if up_to > 0:
            engine.evaluate(self._replay(self._need_index(), 0, up_to))
        engine.last_seq = max(engine.last_seq, up_to)
        engine.ctx.prices = self.prices
        return engine

    def _retract(self, cursor: int) -> tuple[int, int]:
        """Follow the index's rollbacks that retracted events at or below ``cursor``: retract their alerts
        and move the cursor before them. Returns (alerts retracted, new cursor)."""
        index = self._need_index()
        retracted = 0
        for rb in index.rollbacks_after(cursor):
            assert rb.first_seq is not None and rb.last_seq is not None
            with self.store.session() as s:
                for alert in s.scalars(
                    select(AlertRow).where(AlertRow.seq >= rb.first_seq, AlertRow.seq <= rb.last_seq)
                ):
                    if alert.status != "retracted":
                        alert.status = "retracted"
                        retracted += 1
                cursor = min(cursor, rb.first_seq - 1)
                self._set_cursor(s, cursor)
            self.engine = None
        return retracted, cursor

    @staticmethod
    def _set_cursor(s: Session, seq: int) -> None:
        row = s.get(CursorRow, STREAM)
        if row is None:
            s.add(CursorRow(name=STREAM, last_seq=seq, updated_at=now()))
        else:
            row.last_seq, row.updated_at = seq, now()

    def skip_history(self) -> int:
        """Start monitoring at the index's current end: the events so far are not evaluated (they only
        warm the windows up). For a first start on a chain with history. Returns the cursor."""
        last = self._need_index().last_seq()
        with self.store.session() as s:
            self._set_cursor(s, last)
        self.engine = None
        return last

    def run(self, *, limit: int | None = None) -> RunReport:
        """Evaluate every event the index has after the cursor; store alerts (and cases for ACTIVE rules)."""
        index = self._need_index()
        report = RunReport()
        retracted, cursor = self._retract(self.cursor())
        report.retracted = retracted
        rules = self._rules_fingerprint()
        if self.engine is None or self.engine.last_seq != cursor or self._engine_rules != rules:
            self.engine = self._build_engine(cursor)
            self._engine_rules = rules
        self.engine.ctx.screening = self._lists()
        while limit is None or report.events < limit:
            batch = index.events(after=cursor, limit=BATCH)
            if not batch:
                break
            if len(batch) == BATCH:  # keep the last transaction whole: it may go on in the next batch
                whole = [ev for ev in batch if ev.tx != batch[-1].tx]
                batch = whole or batch
            findings = self.engine.evaluate(batch)
            with self.store.session() as s:
                for f in findings:
                    self._store_finding(s, f, report)
                cursor = batch[-1].seq
                self._set_cursor(s, cursor)
            report.events += len(batch)
            report.findings += findings
        report.last_seq = cursor
        return report

    def follow(
        self,
        poll_seconds: float = 1.0,
        stop: threading.Event | None = None,
        on_run: Callable[[RunReport], None] | None = None,
    ) -> None:
        """:meth:`run` again every ``poll_seconds`` until ``stop`` is set."""
        while stop is None or not stop.is_set():
            report = self.run()
            if on_run is not None:
                on_run(report)
            if stop is not None:
                stop.wait(poll_seconds)
            else:
                time.sleep(poll_seconds)

    def _store_finding(self, s: Session, f: Finding, report: RunReport) -> AlertRow | None:
        h = f.hit
        existing = s.scalars(
            select(AlertRow).where(
                AlertRow.rule_id == h.rule_id, AlertRow.rule_version == h.rule_version, AlertRow.key == h.key
            )
        ).first()
        if existing is not None:
            if existing.status == "retracted":  # the same movement, mined again after a reorganisation
                existing.status = "in_case" if existing.case_id is not None else "new"
                existing.seq, existing.evidence = h.seq, list(h.evidence)
            return None
        rule = self.engine.detectors if self.engine else []
        params = next(
            (
                _json_params(d.rule)
                for d in rule
                if d.rule.id == h.rule_id and d.rule.version == h.rule_version
            ),
            {},
        )
        evidence = list(h.evidence)
        if h.matches:
            evidence.append({"list_matches": [m.__dict__ for m in h.matches]})
        alert = AlertRow(
            rule_id=h.rule_id,
            rule_version=h.rule_version,
            key=h.key,
            subject=h.subject,
            seq=h.seq,
            block_time=h.time,
            total=h.total,
            summary=h.summary,
            parameters=params,
            evidence=evidence,
            test=f.mode == "TEST",
            status="new",
            created_at=now(),
        )
        s.add(alert)
        if alert.test:
            report.test_alerts += 1
            return alert
        report.alerts += 1
        case = s.scalars(
            select(CaseRow).where(CaseRow.subject == h.subject, CaseRow.status == "open")
        ).first()
        if case is None:
            case = CaseRow(subject=h.subject, status="open", opened_at=now())
            s.add(case)
            s.flush()
            report.cases += 1
        alert.case_id, alert.status = case.id, "in_case"
        return alert

    # ------------------------------------------------------------------ reading
    def alerts(
        self, *, test: bool | None = None, status: str | None = None, since: datetime | None = None
    ) -> list[AlertRow]:
        """Stored alerts, oldest first, optionally only test (or live) ones, by status."""
        query = select(AlertRow).order_by(AlertRow.id)
        if test is not None:
            query = query.where(AlertRow.test == test)
        if status is not None:
            query = query.where(AlertRow.status == status)
        if since is not None:
            query = query.where(AlertRow.created_at >= since)
        with self.store.session() as s:
            return list(s.scalars(query))


__all__ = ["BacktestResult", "ComplianceService", "RunReport", "rule_of"]
