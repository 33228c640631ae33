"""What the index hands to its readers: events, the cursor, rollbacks, and the result of a sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class IndexedEvent:
    """One log of the chain as the index stores it.

    ``seq`` is the index's own sequence number: it grows with every stored event and is never reused, even
    after a rollback deleted events. ``contract`` is the manifest name of the emitting contract
    (``RealDigital``, ``RealTokenizado@11111111``...) or None for an address the platform does not know;
    ``event`` is the ABI event name or None when the log could not be decoded (its raw ``topics`` and
    ``data`` are always kept). ``args`` holds ints as Python ints, addresses as checksum strings, bytes as
    0x-hex strings and arrays as lists.
    """

    seq: int
    block: int
    block_hash: str
    time: int
    tx: str
    tx_index: int
    log_index: int
    sender: str
    address: str
    contract: str | None
    event: str | None
    args: dict[str, Any]
    topics: tuple[str, ...]
    data: str


@dataclass(frozen=True)
class IndexCursor:
    """Where the index stands: the chain (id and genesis block hash) and the last block stored."""

    chain_id: int
    genesis_hash: str
    block_number: int
    block_hash: str


@dataclass(frozen=True)
class IndexRollback:
    """A reorganisation the index followed: blocks ``from_block``..``to_block`` were dropped, the index
    went back to block ``ancestor`` (the common ancestor; -1 when the whole chain was replaced, as after
    ``anvil_reset``), and the events ``first_seq``..``last_seq`` were retracted (both None when the
    dropped blocks had no events). ``id`` grows with each rollback; ``time`` is when it was recorded
    (unix seconds)."""

    id: int
    ancestor: int
    from_block: int
    to_block: int
    first_seq: int | None
    last_seq: int | None
    time: int


@dataclass(frozen=True)
class SyncReport:
    """What one :meth:`~drex.index.Indexer.sync` did: blocks, transactions and events stored, the block
    range read, the rollbacks it followed, how long it took (seconds), and the node's head at the end
    (``node_head``; below ``to_block`` when the node is behind the index: see :attr:`node_behind`)."""

    from_block: int
    to_block: int
    blocks: int = 0
    transactions: int = 0
    events: int = 0
    rollbacks: list[IndexRollback] = field(default_factory=list)
    seconds: float = 0.0
    node_head: int = -1

    @property
    def node_behind(self) -> int:
        """How many blocks the node's head is below the index's (0 when it is not behind)."""
        return max(0, self.to_block - self.node_head) if self.node_head >= 0 else 0

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0
