"""What the bulk submitter takes and gives: :class:`Intent` in, :class:`Outcome`/:class:`BulkResult` out,
and the per-transaction state (:class:`Tracked`) a run keeps for each journaled transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from drex.chain.tx.journal import JournalEntry

#: What a run knows of a journaled transaction: signed (maybe sent), mined and succeeded, mined and
#: reverted, or unverified (its nonce was consumed but the node has it in no block).
SIGNED, MINED, REVERTED, UNVERIFIED = 0, 1, 2, 3


@dataclass(frozen=True)
class Intent:
    """One transaction to land exactly once: ``key`` identifies it in the journal (unique per journal)."""

    key: str
    sender: str
    to: str
    data: bytes
    gas: int
    value: int = 0


@dataclass(frozen=True)
class Outcome:
    """Where an intent landed: its transaction, block and status (1 success, 0 reverted, None unverified:
    its nonce was consumed, but by no transaction in the node's blocks)."""

    key: str
    tx_hash: str
    sender: str
    nonce: int
    block: int
    status: int | None
    latency: float | None
    """Seconds from the post that last carried it to the poll that saw its receipt (None if it was found
    by reconciliation rather than seen arriving)."""


@dataclass
class BulkResult:
    """What one :meth:`BulkSubmitter.submit` did."""

    outcomes: dict[str, Outcome]
    elapsed: float
    """Seconds from the call to the last confirmation (signing, journaling, sending, waiting)."""
    sent: int = 0
    """Raw transactions posted to the node, re-sends included."""
    resent: int = 0
    """Transactions posted again after a node failure or a stall."""
    resigned: int = 0
    """Intents signed again with a new nonce (``resign_consumed=True``) because their nonce was consumed."""
    recoveries: int = 0
    """Node failures (or stalls) reconciled."""
    already_done: int = 0
    """Intents found confirmed in the journal and on chain before this call sent anything."""
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each phase (signing, journal, posting, receipts), for profiling."""

    @property
    def failed(self) -> list[str]:
        """Keys of intents whose transaction was mined but reverted."""
        return [k for k, o in self.outcomes.items() if o.status == 0]

    @property
    def unverified(self) -> list[str]:
        """Keys of intents whose nonce was consumed by no transaction the node has in a block: another
        sender used the key, or the node's history lost a block its state kept. Not re-sent: sending them
        again could pay twice. Decide, then submit again with ``resign_consumed=True`` if they must go."""
        return [k for k, o in self.outcomes.items() if o.status is None]

    @property
    def ok(self) -> bool:
        """Every intent is in a block and succeeded."""
        return all(o.status == 1 for o in self.outcomes.values())

    @property
    def latencies(self) -> list[float]:
        return [o.latency for o in self.outcomes.values() if o.latency is not None]


class Tracked:
    """A journaled transaction and what this run knows about it."""

    __slots__ = (
        "block",
        "confirmed",
        "hash",
        "inflight",
        "key",
        "nonce",
        "queued",
        "raw",
        "sender",
        "state",
        "submitted",
    )

    def __init__(self, e: JournalEntry):
        self.key = e.key
        self.sender = e.sender
        self.nonce = e.nonce
        self.hash = e.tx_hash
        self.raw = e.raw
        self.state = SIGNED
        self.block: int | None = None
        self.submitted: float | None = None
        self.confirmed: float | None = None
        self.queued = False  # waiting in the outbox
        self.inflight = False  # handed to a post, not confirmed since

    def entry(self) -> JournalEntry:
        return JournalEntry(self.key, self.sender, self.nonce, self.hash, self.raw)
