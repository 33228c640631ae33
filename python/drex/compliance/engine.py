"""The rule engine: feeds indexed events, in sequence order, to one detector per rule.

:class:`Engine` is streaming: :meth:`Engine.evaluate` takes the next events and returns the hits they
cause, keeping every window in memory between calls. Its state is not persisted: after a restart the
service rebuilds it by replaying the index's history up to its cursor (hits of the replay are discarded;
their alerts were already stored, and the alerts' unique keys make a replayed hit harmless anyway).
:func:`backtest` runs one rule over a stretch of history with a fresh engine; it returns hits and
stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from drex.compliance.detectors import DETECTORS, Context, Detector, Hit
from drex.compliance.movements import EventRecord, movements_of
from drex.compliance.rules import Rule


@dataclass(frozen=True)
class Finding:
    """A hit and the mode of the rule that produced it (TEST hits become test alerts, not cases)."""

    hit: Hit
    mode: str


class Engine:
    """Every rule not DISABLED, evaluated on the events fed to it in ``seq`` order."""

    def __init__(self, rules: Iterable[Rule], ctx: Context | None = None):
        self.ctx = ctx or Context()
        self.detectors: list[Detector] = [
            DETECTORS[rule.kind](rule, self.ctx) for rule in rules if rule.mode != "DISABLED"
        ]
        self.last_seq = 0

    def evaluate(self, events: Iterable[EventRecord]) -> list[Finding]:
        """The findings caused by ``events`` (events at or below the last seq seen are skipped: a
        redelivered batch changes nothing)."""
        found: list[Finding] = []
        for ev in events:
            if ev.seq <= self.last_seq:
                continue
            self.last_seq = ev.seq
            self.ctx.observe(ev)
            moves = movements_of(ev)
            for detector in self.detectors:
                hits = detector.on_event(ev)
                for m in moves:
                    hits += detector.on_movement(m)
                found += [Finding(h, detector.rule.mode) for h in hits]
        return found


def backtest(rule: Rule, events: Iterable[EventRecord], ctx: Context | None = None) -> list[Hit]:
    """The hits ``rule`` (whatever its mode) would have raised over ``events``; nothing is stored."""
    active = Rule(
        rule.id,
        rule.version,
        "TEST",
        rule.kind,
        rule.indicator,
        rule.description,
        rule.params,
        rule.text,
        rule.source,
    )
    return [f.hit for f in Engine([active], ctx).evaluate(events)]


__all__ = ["Engine", "Finding", "backtest"]
