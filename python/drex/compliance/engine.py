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
from dataclasses import dataclass, replace

from drex.compliance.detectors import DETECTORS, Context, Detector, Hit
from drex.compliance.movements import EventRecord, Movement, movements_of
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
        """The findings caused by ``events``, a transaction at a time (events at or below the last seq
        seen are skipped: a redelivered batch changes nothing). The caller passes whole transactions."""
        found: list[Finding] = []
        group: list[EventRecord] = []
        for ev in events:
            if ev.seq <= self.last_seq or (group and ev.seq <= group[-1].seq):
                continue
            if group and ev.tx != group[-1].tx:
                found += self._transaction(group)
                group = []
            group.append(ev)
        if group:
            found += self._transaction(group)
        return found

    def _transaction(self, group: list[EventRecord]) -> list[Finding]:
        self.last_seq = group[-1].seq
        for ev in group:
            self.ctx.observe(ev)
        moves = pair_swaps(group, [m for ev in group for m in movements_of(ev)])
        found: list[Finding] = []
        for detector in self.detectors:
            hits = [h for ev in group for h in detector.on_event(ev)]
            for m in moves:
                hits += detector.on_movement(m)
            found += [Finding(h, detector.rule.mode) for h in hits]
        return found


def pair_swaps(group: list[EventRecord], moves: list[Movement]) -> list[Movement]:
    """A payment between customers of two institutions appears on chain as a burn of the payer's Real
    Tokenizado and a mint of the receiver's, announced by a swap contract's ``SwapExecuted(sender,
    receiver, amount)`` in the same transaction: the pair becomes one movement payer -> receiver (at the
    ``SwapExecuted`` log), so the account-to-account rules see who paid whom."""
    out = list(moves)
    for ev in group:
        if ev.event != "SwapExecuted" or not (ev.contract or "").startswith("Swap"):
            continue
        sender, receiver, amount = str(ev.args["sender"]), str(ev.args["receiver"]), int(ev.args["amount"])
        burn = next(
            (
                m
                for m in out
                if m.family == "real_tokenizado"
                and m.source == sender
                and m.target is None
                and m.amount == amount
            ),
            None,
        )
        mint = next(
            (
                m
                for m in out
                if m.family == "real_tokenizado"
                and m.target == receiver
                and m.source is None
                and m.amount == amount
            ),
            None,
        )
        if burn is None or mint is None:
            continue
        out.remove(burn)
        out.remove(mint)
        out.append(
            replace(
                burn, seq=ev.seq, log_index=ev.log_index, asset=f"{burn.asset}->{mint.asset}", target=receiver
            )
        )
    return out


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


__all__ = ["Engine", "Finding", "backtest", "pair_swaps"]
