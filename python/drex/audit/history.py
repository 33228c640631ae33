"""``drex audit history ADDRESS``: every movement of one account across the platform, read from the index.

The movement model is the SDK's (:mod:`drex.sdk.history`: mints, burns, transfers, swap legs, DvP payments,
forced moves, freezes, bond operations); here the events come from the index instead of ``eth_getLogs``, so
the audit reads the same events its other checks read, up to the same block. Forced moves (``move`` /
``moveAndBurn`` by a MOVER_ROLE holder) and freezes are flagged: :data:`HIGHLIGHT`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drex.audit.source import Audit
    from drex.index.records import IndexedEvent
    from drex.sdk.history import Movement

#: Kinds of movement an auditor looks at first.
HIGHLIGHT = frozenset(
    {"forced move", "forced burn", "freeze", "unfreeze", "frozen balance set", "bond freeze", "bond unfreeze"}
)


def as_web3_event(ev: IndexedEvent) -> dict[str, Any]:
    """An indexed event in the shape of a web3 decoded event (what :mod:`drex.sdk.history` reads)."""
    return {
        "event": ev.event,
        "args": ev.args,
        "address": ev.address,
        "blockNumber": ev.block,
        "logIndex": ev.log_index,
        "transactionHash": ev.tx,
    }


def audit_history(audit: Audit, address: str) -> list[Movement]:
    """Every movement of ``address`` up to the audit's block, in chain order."""
    from drex.sdk.history import event_sources, movements_from_events

    sources = event_sources(audit.platform)
    names = sorted({n for events in sources.values() for n in events})
    times: dict[int, int] = {}
    pairs: list[tuple[str, dict[str, Any]]] = []
    for ev in audit.events(names=names, contracts=sorted(sources)):
        if ev.contract is None or ev.event not in sources.get(ev.contract, ()):
            continue
        times[ev.block] = ev.time
        pairs.append((ev.contract, as_web3_event(ev)))
    return movements_from_events(audit.platform, address, pairs, times=times)


def highlighted(m: Movement) -> bool:
    return m.kind in HIGHLIGHT


__all__ = ["HIGHLIGHT", "as_web3_event", "audit_history", "highlighted"]
