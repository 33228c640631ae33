"""The detectors behind each kind of rule: streaming state machines over movements in chain order.

Each detector keeps only what its window needs (per-account deques pruned as time advances). Its
decisions depend only on the events it was fed, in order: replaying the same events gives the same hits
with the same keys, which is how the engine rebuilds its windows after a restart (it replays the index)
and why a redelivered event never creates a second alert (the alert's key is unique).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from drex.compliance.movements import MONEY, EventRecord, Movement
from drex.compliance.rules import Rule
from drex.compliance.units import cents_text

#: Brasília time (UTC-3, no daylight saving since 2019): the day a settlement's reference price is for.
BRT = timedelta(hours=-3)


def brasilia_date(timestamp: int) -> date:
    """The date in Brasília of a block timestamp."""
    return (datetime.fromtimestamp(timestamp, UTC) + BRT).date()


@dataclass(frozen=True)
class ListMatch:
    """A screening list entry a party matched: list name, entry reference, name, and on what."""

    list_name: str
    reference: str
    name: str
    matched_on: str  # "wallet" or "key"
    value: str
    freeze: bool = False


class Screening(Protocol):
    """The operator's screening lists, looked up by wallet and by KeyDictionary key hash."""

    def matches(self, wallet: str, key_hash: str | None, lists: Iterable[str] = ()) -> list[ListMatch]: ...


class ReferencePrices(Protocol):
    """Reference unit prices of TPFt series (8 decimals, as the operations' ``unitPrice``) by day:
    :class:`~drex.compliance.prices.OnChainReferencePrices` (the oracle's rounds) or
    :class:`~drex.compliance.prices.CsvReferencePrices` (an operator's file)."""

    def price(self, tpft_id: int, day: date) -> int | None: ...


@dataclass
class Context:
    """What detectors share: wallet -> key hash from KeyDictionary events, lists, reference prices."""

    screening: Screening | None = None
    prices: ReferencePrices | None = None
    keys: dict[str, str] = field(default_factory=dict)

    def observe(self, ev: EventRecord) -> None:
        """Learn from non-movement events (KeyDictionary's customer registrations)."""
        if ev.contract == "KeyDictionary" and ev.event == "CustomerDataUpdated":
            self.keys[str(ev.args["wallet"]).lower()] = str(ev.args["key"]).lower()

    def key_of(self, wallet: str) -> str | None:
        return self.keys.get(wallet.lower())


@dataclass(frozen=True)
class Hit:
    """A rule fired: ``key`` is unique for the rule version (derived from the trigger's tx and log)."""

    rule_id: str
    rule_version: int
    subject: str
    key: str
    seq: int
    time: int
    total: int
    summary: str
    evidence: tuple[dict[str, Any], ...]
    matches: tuple[ListMatch, ...] = ()


class Detector:
    """Base class: feed every movement (and every event) in chain order; returns the hits it causes."""

    def __init__(self, rule: Rule, ctx: Context):
        self.rule = rule
        self.ctx = ctx

    def on_movement(self, m: Movement) -> list[Hit]:
        return []

    def on_event(self, ev: EventRecord) -> list[Hit]:
        return []

    def hit(
        self,
        subject: str,
        trigger: Movement | EventRecord,
        total: int,
        summary: str,
        evidence: Iterable[Movement | dict[str, Any]],
        matches: tuple[ListMatch, ...] = (),
    ) -> Hit:
        items = tuple(e.evidence() if isinstance(e, Movement) else e for e in evidence)
        key = f"{subject.lower()}:{trigger.tx}:{trigger.log_index}"
        return Hit(
            self.rule.id,
            self.rule.version,
            subject,
            key,
            trigger.seq,
            trigger.time,
            total,
            summary,
            items,
            matches,
        )


def _money(m: Movement) -> bool:
    return m.family in MONEY


def _parties(m: Movement) -> list[str]:
    return [p for p in (m.source, m.target) if p is not None]


class SingleMovement(Detector):
    def on_movement(self, m: Movement) -> list[Hit]:
        threshold = self.rule["threshold_reais"]
        if not _money(m) or m.amount < threshold:
            return []
        subject = m.source or m.target or ""
        text = f"movement of R$ {cents_text(m.amount)} (threshold R$ {cents_text(threshold)})"
        return [self.hit(subject, m, m.amount, text, [m])]


class _Windowed(Detector):
    """Per-account deques of movements within ``window_hours``, and a per-account cooldown so one burst
    raises one alert, not one per movement of the burst."""

    def __init__(self, rule: Rule, ctx: Context):
        super().__init__(rule, ctx)
        self.window: int = rule["window_hours"]
        self.recent: dict[str, deque[Movement]] = defaultdict(deque)
        self.quiet_until: dict[str, int] = {}

    def push(self, account: str, m: Movement) -> deque[Movement]:
        q = self.recent[account]
        q.append(m)
        while q and q[0].time <= m.time - self.window:
            q.popleft()
        return q

    def cooling(self, account: str, now: int) -> bool:
        return self.quiet_until.get(account, -1) > now

    def fired(self, account: str, now: int) -> None:
        self.quiet_until[account] = now + self.window


class Structuring(_Windowed):
    def on_movement(self, m: Movement) -> list[Hit]:
        threshold, margin = self.rule["threshold_reais"], self.rule["margin_percent"]
        low = threshold * (10000 - margin)  # compared as amount * 10000 >= low
        if not _money(m) or not (m.amount * 10000 >= low and m.amount < threshold):
            return []
        hits = []
        for account in _parties(m):
            q = self.push(account, m)
            if len(q) >= self.rule["min_count"] and not self.cooling(account, m.time):
                self.fired(account, m.time)
                total = sum(x.amount for x in q)
                text = (
                    f"{len(q)} movements just under R$ {cents_text(threshold)} within "
                    f"{self.window // 3600} h, R$ {cents_text(total)} in total"
                )
                hits.append(self.hit(account, m, total, text, q))
        return hits


class Velocity(Detector):
    def __init__(self, rule: Rule, ctx: Context):
        super().__init__(rule, ctx)
        self.history: dict[str, deque[Movement]] = defaultdict(deque)
        self.first_seen: dict[str, int] = {}
        self.quiet_until: dict[str, int] = {}

    def on_movement(self, m: Movement) -> list[Hit]:
        if not _money(m):
            return []
        window, baseline = self.rule["window_hours"], self.rule["baseline_days"]
        hits = []
        for account in _parties(m):
            first = self.first_seen.setdefault(account, m.time)
            q = self.history[account]
            q.append(m)
            while q and q[0].time <= m.time - window - baseline:
                q.popleft()
            current = [x for x in q if x.time > m.time - window]
            now_total = sum(x.amount for x in current)
            base_total = sum(x.amount for x in q if x.time <= m.time - window)
            # the baseline period: the rule's, or the account's whole history before the window if shorter
            period = min(baseline, m.time - window - first)
            if (
                period < window
                or base_total == 0
                or now_total < self.rule["min_reais"]
                or self.quiet_until.get(account, -1) > m.time
            ):
                continue
            # now_total / window > multiplier * base_total / period, in integers (multiplier in 1/100)
            if now_total * period * 100 > self.rule["multiplier"] * base_total * window:
                self.quiet_until[account] = m.time + window
                average = base_total * window // period
                text = (
                    f"R$ {cents_text(now_total)} within {window // 3600} h against an average of "
                    f"R$ {cents_text(average)} per {window // 3600} h over the "
                    f"{period // 86400} days before"
                )
                hits.append(self.hit(account, m, now_total, text, current))
        return hits


@dataclass
class _Inflow:
    movement: Movement
    remaining: int
    forwarded: list[Movement] = field(default_factory=list)
    done: bool = False


class PassThrough(Detector):
    def __init__(self, rule: Rule, ctx: Context):
        super().__init__(rule, ctx)
        self.inflows: dict[str, deque[_Inflow]] = defaultdict(deque)

    def on_movement(self, m: Movement) -> list[Hit]:
        if not _money(m):
            return []
        window, percent = self.rule["window_hours"], self.rule["forward_percent"]
        hits = []
        if m.source is not None:
            q = self.inflows[m.source]
            while q and q[0].movement.time <= m.time - window:
                q.popleft()
            left = m.amount
            for inflow in q:  # first in, first out
                if left == 0:
                    break
                take = min(left, inflow.remaining)
                if take == 0:
                    continue
                inflow.remaining -= take
                left -= take
                inflow.forwarded.append(m)
                sent = inflow.movement.amount - inflow.remaining
                if not inflow.done and sent * 10000 >= percent * inflow.movement.amount:
                    inflow.done = True
                    text = (
                        f"R$ {cents_text(sent)} of an inflow of R$ {cents_text(inflow.movement.amount)} "
                        f"forwarded within {window // 3600} h"
                    )
                    hits.append(self.hit(m.source, m, sent, text, [inflow.movement, *inflow.forwarded]))
        if m.target is not None and m.amount >= self.rule["min_inflow_reais"]:
            self.inflows[m.target].append(_Inflow(m, m.amount))
        return hits


class _Fan(_Windowed):
    incoming = True

    def on_movement(self, m: Movement) -> list[Hit]:
        account, other = (m.target, m.source) if self.incoming else (m.source, m.target)
        if not _money(m) or account is None or other is None:
            return []
        q = self.push(account, m)
        others = {(x.source if self.incoming else x.target) for x in q}
        total = sum(x.amount for x in q)
        if (
            len(others) < self.rule["counterparties_count"]
            or total < self.rule["min_total_reais"]
            or self.cooling(account, m.time)
        ):
            return []
        self.fired(account, m.time)
        way = "from" if self.incoming else "to"
        text = f"R$ {cents_text(total)} {way} {len(others)} different accounts within {self.window // 3600} h"
        return [self.hit(account, m, total, text, q)]


class FanIn(_Fan):
    incoming = True


class FanOut(_Fan):
    incoming = False


class RoundTrip(Detector):
    """Funds come back: a new movement u -> v closes a path v -> ... -> u of earlier movements (each later
    than the one before, all within the window, at most ``hops_count`` movements including this one)."""

    def __init__(self, rule: Rule, ctx: Context):
        super().__init__(rule, ctx)
        self.into: dict[str, deque[Movement]] = defaultdict(deque)

    def _path(self, node: str, origin: str, before: Movement, since: int, hops: int) -> list[Movement] | None:
        for edge in reversed(self.into.get(node, ())):
            if edge.seq >= before.seq or edge.time < since or edge.amount < self.rule["min_reais"]:
                continue
            assert edge.source is not None
            if edge.source == origin:
                return [edge]
            if hops > 1:
                rest = self._path(edge.source, origin, edge, since, hops - 1)
                if rest is not None:
                    return [*rest, edge]
        return None

    def on_movement(self, m: Movement) -> list[Hit]:
        if not _money(m) or m.source is None or m.target is None or m.source == m.target:
            return []
        window = self.rule["window_hours"]
        hits = []
        if m.amount >= self.rule["min_reais"]:
            path = self._path(m.source, m.target, m, m.time - window, self.rule["hops_count"] - 1)
            if path is not None:
                cycle = [*path, m]
                route = " -> ".join([str(x.source) for x in cycle] + [str(m.target)])
                text = f"funds back to their origin in {len(cycle)} movements: {route}"
                hits.append(self.hit(m.target, m, m.amount, text, cycle))
        q = self.into[m.target]
        q.append(m)
        while q and q[0].time < m.time - window:
            q.popleft()
        return hits


class Dormant(Detector):
    def __init__(self, rule: Rule, ctx: Context):
        super().__init__(rule, ctx)
        self.last_seen: dict[str, int] = {}

    def on_movement(self, m: Movement) -> list[Hit]:
        if not _money(m):
            return []
        hits = []
        for account in _parties(m):
            last = self.last_seen.get(account)
            self.last_seen[account] = m.time
            idle = m.time - last if last is not None else 0
            if last is not None and idle >= self.rule["dormant_days"] and m.amount >= self.rule["min_reais"]:
                days = (m.time - last) // 86400
                text = f"R$ {cents_text(m.amount)} moved after {days} days without movement"
                hits.append(self.hit(account, m, m.amount, text, [m]))
        return hits


class ListScreening(Detector):
    def on_movement(self, m: Movement) -> list[Hit]:
        if self.ctx.screening is None:
            return []
        hits = []
        for account in _parties(m):
            found = self.ctx.screening.matches(account, self.ctx.key_of(account), self.rule["lists"])
            if found:
                # the list and the entry's reference, never a person's name (list files' names are not kept)
                names = ", ".join(sorted({f"{x.list_name} {x.reference}" for x in found}))
                text = f"{account} is listed: {names}"
                total = m.amount if _money(m) else 0  # a bond quantity is not reais
                hits.append(self.hit(account, m, total, text, [m], tuple(found)))
        return hits


class DvpPrice(Detector):
    def on_event(self, ev: EventRecord) -> list[Hit]:
        if ev.event != "DvPSettled" or self.ctx.prices is None:
            return []
        a = ev.args
        tpft_id, quantity, value = int(a["tpftId"]), int(a["tpftAmount"]), int(a["financialValue"])
        reference = self.ctx.prices.price(tpft_id, brasilia_date(ev.time))
        if reference is None or quantity == 0:
            return []
        # unit price (8 decimals) = value (centavos) * 10^8 / quantity (hundredths); compare cross-multiplied
        paid, fair = value * 10**8, reference * quantity
        if abs(paid - fair) * 10000 <= self.rule["deviation_percent"] * fair:
            return []
        unit = paid // quantity
        text = (
            f"DvP of TPFt {tpft_id} at a unit price of {Decimal(unit).scaleb(-8)}"
            f" against a reference of {Decimal(reference).scaleb(-8)}"
        )
        evidence = {
            "seq": ev.seq,
            "block": ev.block,
            "time": ev.time,
            "tx": ev.tx,
            "log_index": ev.log_index,
            "tpft_id": tpft_id,
            "quantity": quantity,
            "value": value,
            "from": str(a["receiver"]),
            "to": str(a["sender"]),
            "amount": value,
            "unit_price": unit,
            "reference_price": reference,
        }
        return [self.hit(str(a["receiver"]), ev, value, text, [evidence])]


DETECTORS: dict[str, type[Detector]] = {
    "single_movement": SingleMovement,
    "structuring": Structuring,
    "velocity": Velocity,
    "pass_through": PassThrough,
    "fan_in": FanIn,
    "fan_out": FanOut,
    "round_trip": RoundTrip,
    "dormant": Dormant,
    "screening": ListScreening,
    "dvp_price": DvpPrice,
}

__all__ = [
    "DETECTORS",
    "Context",
    "Detector",
    "Hit",
    "ListMatch",
    "ReferencePrices",
    "Screening",
    "brasilia_date",
]
