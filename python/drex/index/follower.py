"""Following a chain into the index: block-atomic batches, receipts checked, reorganisations rolled back.

:meth:`Indexer.sync` reads from the block after the cursor to the head in batches of ``batch_blocks``
blocks. For each batch it reads the blocks with their transactions, every log of the range
(``eth_getLogs`` with no address filter, in ranges the node accepts: :func:`drex.sdk.logs.read_logs`),
and the receipts, then checks, before writing anything:

* each block's parent hash is the hash of the block before it (the stored one for the first block);
* every log belongs to the block read (same block hash);
* every transaction of the block has its receipt, and the receipts' logs are exactly the logs read.

It then writes the blocks, transactions, events, the derived balances and supplies and the cursor in one
database transaction: an interruption leaves the index at the end of the last committed batch, and the
unique (block hash, log index) constraint makes storing an event twice impossible anyway.

Before each batch the cursor is checked against the node: another chain id refuses (:class:`WrongChain`),
so does another genesis block unless ``allow_reset`` (by default on dev chains: ``anvil_reset`` keeps the
chain id but makes a new genesis), which rolls the whole index back. A stored block the node no longer has
(``evm_revert``, a reorganisation) makes the index walk back its stored hashes to the common ancestor,
delete everything above it in one transaction, record the retracted ``seq`` range in ``index_rollbacks``
and read the new blocks. Only a stored hash at a height the node has (at or below its head) that differs
from the node's is a reorganisation: a node whose head is below the cursor (lagging, restarted, or one
backend of a load balancer that is behind) is waited for, nothing is rolled back
(:attr:`SyncReport.node_head` says so). A batch whose blocks change or vanish while it is read is read
again after a growing pause; after ``settle_tries`` in a row, :class:`UnsettledChain`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any

from hexbytes import HexBytes
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from web3.exceptions import BlockNotFound

from drex.index import derived, schema
from drex.index.decode import Decoders, checksum
from drex.index.errors import ChainIndexError, IncompleteBlock, UnsettledChain, WrongChain
from drex.index.node import NodeReader, RpcError, to_hex, to_int
from drex.index.records import IndexCursor, IndexRollback, SyncReport
from drex.index.store import IndexStore
from drex.sdk.logs import DEFAULT_SPAN

if TYPE_CHECKING:
    from drex.sdk import Platform

#: Blocks per database transaction (at most).
BATCH_BLOCKS = 100
#: Transactions per database transaction: a batch ends after the block that reaches this many.
BATCH_TXS = 5_000
#: Hashes compared per round trip while looking for the common ancestor.
WALK_WINDOW = 128
#: Reads in a row of a batch whose blocks changed or vanished meanwhile before giving up.
SETTLE_TRIES = 8
#: First pause (seconds) before reading such a batch again; doubled each time, at most MAX_PAUSE.
FIRST_PAUSE = 0.1
MAX_PAUSE = 2.0


_hex = to_hex


class _ChainMoved(Exception):
    """The node's chain changed under a batch being read (its first parent is not our last block)."""


class Indexer:
    """Indexes the chain of ``platform`` into ``store``.

    ``batch_blocks``: blocks per database transaction, cut after the block reaching ``batch_txs``
    transactions. ``bodies``: read each transaction's body for its 4-byte selector (False: sender and
    recipient from the receipts, no selector, about half the node's work on anvil). ``span``: the first
    ``eth_getLogs`` range (halved while the node refuses). ``allow_reset``: follow a new genesis with the
    same chain id as a rollback of everything (default: on dev chains only). ``retries``: how many times a
    batch whose receipts do not match its block is read again before :class:`IncompleteBlock` is raised.
    ``before_commit`` is called inside each batch's transaction, just before the commit, with the
    connection and the batch's range. ``settle_tries``: reads in a row of a batch whose blocks changed or
    vanished while it was read (a reorganisation in progress, a load balancer's backend behind the head
    it announced), with a pause doubling from :data:`FIRST_PAUSE` between them, before
    :class:`UnsettledChain` is raised.
    """

    def __init__(
        self,
        platform: Platform,
        store: IndexStore,
        *,
        batch_blocks: int = BATCH_BLOCKS,
        span: int = DEFAULT_SPAN,
        allow_reset: bool | None = None,
        retries: int = 2,
        bodies: bool = True,
        batch_txs: int = BATCH_TXS,
        before_commit: Callable[[Connection, int, int], None] | None = None,
        settle_tries: int = SETTLE_TRIES,
    ):
        if batch_blocks < 1:
            raise ValueError(f"batch_blocks {batch_blocks} must be at least 1")
        self.platform = platform
        self.store = store
        self.w3 = platform.chain.w3
        self.batch_blocks = batch_blocks
        self.allow_reset = platform.chain.is_dev if allow_reset is None else allow_reset
        self.retries = retries
        self.bodies = bodies
        self.batch_txs = batch_txs
        self.before_commit = before_commit
        self.settle_tries = settle_tries
        self.decoders = Decoders.of(platform)
        self.node = NodeReader(self.w3, span=span)
        self._chain_id: int | None = None
        self._pool: ThreadPoolExecutor | None = None

    @property
    def span(self) -> int:
        """The ``eth_getLogs`` range (blocks) the node accepted last."""
        return self.node.span

    # ------------------------------------------------------------------ public
    def sync(self, to_block: int | None = None) -> SyncReport:
        """Index every block from the cursor to ``to_block`` (default: the node's head)."""
        started = time.monotonic()
        chain_id, genesis = self._identity()
        rollbacks: list[IndexRollback] = []
        cursor = self._checked_cursor(chain_id, genesis, rollbacks)
        first = 0 if cursor is None else cursor.block_number + 1
        report = {"blocks": 0, "transactions": 0, "events": 0}
        start = first
        unsettled = 0
        head = -1
        while True:
            head = int(self.w3.eth.block_number)
            last = head if to_block is None else min(to_block, head)
            if start > last:
                break
            end = min(last, start + self.batch_blocks - 1)
            try:
                counts, end = self._batch(start, end, chain_id, genesis)
            except (_ChainMoved, BlockNotFound) as exc:
                unsettled += 1
                if unsettled >= self.settle_tries:
                    raise UnsettledChain(
                        f"blocks {start}..{end} changed or vanished on the node {unsettled} times in a row "
                        f"while they were read (last: {exc}); nothing of them was stored, the index stays "
                        f"at block {start - 1}"
                    ) from exc
                time.sleep(min(MAX_PAUSE, FIRST_PAUSE * 2 ** (unsettled - 1)))
                cursor = self._checked_cursor(chain_id, genesis, rollbacks)
                start = 0 if cursor is None else cursor.block_number + 1
                first = min(first, start)
                continue
            unsettled = 0
            for k, v in counts.items():
                report[k] += v
            start = end + 1
        return SyncReport(
            from_block=first,
            to_block=start - 1,
            rollbacks=rollbacks,
            seconds=time.monotonic() - started,
            node_head=head,
            **report,
        )

    def follow(
        self,
        poll_seconds: float = 1.0,
        stop: threading.Event | Callable[[], bool] | None = None,
        on_sync: Callable[[SyncReport], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Sync, then again every ``poll_seconds``, until ``stop`` is set (an Event) or returns True.
        An :class:`IncompleteBlock`, an :class:`UnsettledChain` or a connection failure (the node
        restarting, a timeout) is passed to ``on_error`` (or re-raised without one) and the sync is tried
        again at the next poll, from the last committed batch; other errors (:class:`WrongChain`...) end
        the loop."""

        def stopped() -> bool:
            if stop is None:
                return False
            return stop.is_set() if isinstance(stop, threading.Event) else bool(stop())

        while not stopped():
            try:
                report = self.sync()
                if on_sync is not None:
                    on_sync(report)
            except (IncompleteBlock, UnsettledChain, OSError) as exc:  # requests' are OSErrors
                if on_error is None:
                    raise
                on_error(exc)
            if isinstance(stop, threading.Event):
                stop.wait(poll_seconds)
            elif not stopped():
                time.sleep(poll_seconds)

    # -------------------------------------------------------------- chain checks
    def _identity(self) -> tuple[int, str]:
        if self._chain_id is None:
            self._chain_id = int(self.w3.eth.chain_id)
        return self._chain_id, _hex(self.w3.eth.get_block(0)["hash"])

    def _checked_cursor(
        self, chain_id: int, genesis: str, rollbacks: list[IndexRollback]
    ) -> IndexCursor | None:
        """The cursor, after refusing another chain and rolling back what the node no longer has."""
        cursor = self.store.cursor()
        if cursor is None:
            return None
        if cursor.chain_id != chain_id:
            raise WrongChain(
                f"the index {self.store.url} follows chain id {cursor.chain_id} (genesis "
                f"{cursor.genesis_hash}); the node is chain id {chain_id} (genesis {genesis}): use another "
                "database for another chain"
            )
        if cursor.genesis_hash != genesis:
            if not self.allow_reset:
                raise WrongChain(
                    f"the index {self.store.url} follows the chain whose genesis block is "
                    f"{cursor.genesis_hash}; the node's genesis block is {genesis} (same chain id "
                    f"{chain_id}): another chain, or one reset; refusing to continue"
                )
            rollbacks.append(self._rollback(-1, cursor.block_number))
            return None
        # Compare at the highest height both have: a node behind the cursor is waited for, not rolled back
        head = int(self.w3.eth.block_number)
        top = min(cursor.block_number, head)
        stored = cursor.block_hash if top == cursor.block_number else self.store.block_hash(top)
        on_node = self.node.block_hashes([top])[0]
        if on_node is None or on_node == stored:  # None: the node's head went down meanwhile; wait too
            return cursor
        ancestor = self._common_ancestor(top)
        rollbacks.append(self._rollback(ancestor, cursor.block_number))
        return self.store.cursor()

    def _common_ancestor(self, top: int) -> int:
        """The highest stored block at or below ``top`` the node still has (same hash); -1 if none."""
        b = schema.blocks
        high = top
        while high >= 0:
            low = max(0, high - WALK_WINDOW + 1)
            with self.store.engine.connect() as conn:
                stored = dict(
                    conn.execute(
                        select(b.c.number, b.c.hash).where(b.c.number >= low, b.c.number <= high)
                    ).all()
                )
            numbers = sorted(stored, reverse=True)
            for n, on_node in zip(numbers, self.node.block_hashes(numbers), strict=True):
                if on_node == stored[n]:
                    return int(n)
            if not numbers:
                below = None
                with self.store.engine.connect() as conn:
                    below = conn.execute(select(func.max(b.c.number)).where(b.c.number < low)).scalar()
                if below is None:
                    return -1
                high = int(below)
                continue
            high = low - 1
        return -1

    def _rollback(self, ancestor: int, old_head: int) -> IndexRollback:
        """Delete everything above block ``ancestor`` in one transaction and record it."""
        e, b, t, r, c = schema.events, schema.blocks, schema.transactions, schema.rollbacks, schema.cursor
        with self.store.engine.begin() as conn:
            first, last = conn.execute(
                select(func.min(e.c.seq), func.max(e.c.seq)).where(e.c.block > ancestor)
            ).one()
            conn.execute(delete(e).where(e.c.block > ancestor))
            conn.execute(delete(t).where(t.c.block > ancestor))
            conn.execute(delete(b).where(b.c.number > ancestor))
            derived.rebuild(conn)
            kept = conn.execute(select(b.c.hash).where(b.c.number == ancestor)).scalar()
            if kept is None:
                conn.execute(delete(c))
            else:
                conn.execute(update(c).values(block_number=ancestor, block_hash=kept))
            row = {
                "ancestor": ancestor,
                "from_block": ancestor + 1,
                "to_block": old_head,
                "first_seq": first,
                "last_seq": last,
                "time": int(time.time()),
            }
            rid = conn.execute(insert(r).values(**row)).inserted_primary_key
        assert rid is not None
        return IndexRollback(id=int(rid[0]), **row)

    # ------------------------------------------------------------------ batches
    def _batch(self, start: int, end: int, chain_id: int, genesis: str) -> tuple[dict[str, int], int]:
        """Read, check and store blocks ``start..end`` (fewer if they hold more than ``batch_txs``
        transactions); the counts stored and the last block of the batch."""
        for attempt in range(self.retries + 1):
            try:
                rows = self._read(start, end)
                break
            except (IncompleteBlock, RpcError) as exc:
                if attempt == self.retries:
                    if isinstance(exc, RpcError):
                        raise IncompleteBlock(
                            f"the node failed to answer for blocks {start}..{end}: {exc}"
                        ) from exc
                    raise
                time.sleep(0.2 * (attempt + 1))
        end = rows["blocks"][-1]["number"]
        return self._write(start, end, chain_id, genesis, rows), end

    def _read(self, start: int, end: int) -> dict[str, Any]:
        """Blocks ``start..end`` (cut after ``batch_txs`` transactions) read and checked, as rows to insert
        (nothing written yet)."""
        headers = self.node.blocks(list(range(start, end + 1)), full=False)
        previous = self.store.block_hash(start - 1) if start > 0 else None
        txs = 0
        for count, block in enumerate(headers, 1):
            parent = _hex(block["parentHash"])
            if previous is not None and parent != previous:
                raise _ChainMoved(f"block {to_int(block['number'])}'s parent is {parent}, not {previous}")
            previous = _hex(block["hash"])
            txs += len(block["transactions"])
            if txs >= self.batch_txs:
                headers = headers[:count]
                break
        end = start + len(headers) - 1
        blocks, logs, receipts = self._fetch(headers, start, end)
        if blocks is not headers:
            for header, block in zip(headers, blocks, strict=True):
                if _hex(block["hash"]) != _hex(header["hash"]):
                    raise _ChainMoved(f"block {to_int(block['number'])} changed while it was read")
        by_block: dict[int, list[Any]] = defaultdict(list)
        for log in logs:
            by_block[to_int(log["blockNumber"])].append(log)
        out: dict[str, list[dict[str, Any]]] = {"blocks": [], "transactions": [], "events": []}
        changes = derived.Changes()
        for block, block_receipts in zip(blocks, receipts, strict=True):
            self._rows(block, block_receipts, by_block.get(to_int(block["number"]), []), out, changes)
        return {**out, "changes": changes}

    def _fetch(
        self, headers: list[Any], start: int, end: int
    ) -> tuple[list[Any], list[Any], list[list[Any]]]:
        """The bodies (or the headers again), the logs and the receipts of ``start..end``: three requests
        at once over HTTP (the node answers them on its own threads; measured on anvil with 10,000
        transfers, a catch-up with bodies 10-20% faster than one request after the other, receipts only
        within the noise), in turn otherwise."""
        numbers = list(range(start, end + 1))
        weights = [len(b["transactions"]) for b in headers]

        def bodies() -> list[Any]:
            return self.node.blocks(numbers, full=True, weights=weights) if self.bodies else headers

        if not self.node.raw:
            return bodies(), self.node.logs(start, end), self.node.receipts_of(headers)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="drex-index")
        futures = (
            self._pool.submit(bodies),
            self._pool.submit(self.node.logs, start, end),
            self._pool.submit(self.node.receipts_of, headers),
        )
        wait(futures)  # all three done (or failed) before anything is raised: no request outlives a batch
        return futures[0].result(), futures[1].result(), futures[2].result()

    def close(self) -> None:
        """Stop the reading threads (the store stays open: it is the caller's)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _rows(
        self,
        block: Any,
        receipts: list[Any],
        logs: list[Any],
        out: dict[str, list[dict[str, Any]]],
        changes: derived.Changes,
    ) -> None:
        number, block_hash, stamp = to_int(block["number"]), _hex(block["hash"]), to_int(block["timestamp"])
        txs = block["transactions"]
        where = f"block {number} ({block_hash})"
        if len(receipts) != len(txs):
            raise IncompleteBlock(
                f"{where} has {len(txs)} transactions but the node returned {len(receipts)} receipts; "
                "nothing of this batch was stored"
            )
        receipt_logs: list[tuple[int, str]] = []
        senders: dict[str, str] = {}
        for position, (tx, receipt) in enumerate(zip(txs, receipts, strict=True)):
            body = None if isinstance(tx, (str, bytes)) else tx  # a full transaction, or only its hash
            tx_hash = _hex(tx if body is None else body["hash"])
            if _hex(receipt["transactionHash"]) != tx_hash or _hex(receipt["blockHash"]) != block_hash:
                raise IncompleteBlock(f"{where}: the receipt of transaction {tx_hash} is another one's")
            source = receipt if body is None else body
            sender = checksum(str(source["from"]))
            senders[tx_hash] = sender
            data = HexBytes(body.get("input", b"")) if body is not None else b""
            to = source.get("to")
            out["transactions"].append(
                {
                    "hash": tx_hash,
                    "block": number,
                    "tx_index": position,
                    "sender": sender,
                    "recipient": checksum(str(to)) if to else None,
                    "status": to_int(receipt["status"]),
                    "gas_used": to_int(receipt["gasUsed"]),
                    "selector": "0x" + data[:4].hex() if len(data) >= 4 else None,
                }
            )
            receipt_logs.extend((to_int(log["logIndex"]), tx_hash) for log in receipt["logs"])
        read = [(to_int(log["logIndex"]), _hex(log["transactionHash"])) for log in logs]
        if sorted(read) != sorted(receipt_logs):
            raise IncompleteBlock(
                f"{where}: eth_getLogs returned {len(read)} logs, its receipts have {len(receipt_logs)}; "
                "nothing of this batch was stored"
            )
        out["blocks"].append(
            {
                "number": number,
                "hash": block_hash,
                "parent_hash": _hex(block["parentHash"]),
                "timestamp": stamp,
                "tx_count": len(txs),
            }
        )
        for log in logs:
            if _hex(log["blockHash"]) != block_hash:
                raise _ChainMoved(f"a log of block {number} belongs to block {_hex(log['blockHash'])}")
            topics = [bytes(HexBytes(t)) for t in log["topics"]]
            payload = bytes(HexBytes(log["data"]))
            address = checksum(str(log["address"]))
            decoded = self.decoders.decode(address, topics, payload)
            tx_hash = _hex(log["transactionHash"])
            if decoded.contract is not None and decoded.event is not None:
                changes.apply(address, decoded.event, decoded.args)
            out["events"].append(
                {
                    "block": number,
                    "block_hash": block_hash,
                    "time": stamp,
                    "tx": tx_hash,
                    "tx_index": to_int(log["transactionIndex"]),
                    "log_index": to_int(log["logIndex"]),
                    "sender": senders[tx_hash],
                    "address": address,
                    "contract": decoded.contract,
                    "event": decoded.event,
                    "args": json.dumps(decoded.args, separators=(",", ":")),
                    "topics": json.dumps(["0x" + t.hex() for t in topics]),
                    "data": "0x" + payload.hex(),
                }
            )

    def _write(
        self, start: int, end: int, chain_id: int, genesis: str, rows: dict[str, Any]
    ) -> dict[str, int]:
        """Store one checked batch and move the cursor, in one transaction."""
        try:
            return self._insert(start, end, chain_id, genesis, rows)
        except IntegrityError as exc:  # the unique keys refused a block or an event stored meanwhile
            raise ChainIndexError(
                f"blocks {start}..{end} were stored meanwhile by another indexer of {self.store.url}: run "
                "one indexer per database (nothing of this batch was stored twice)"
            ) from exc

    def _insert(
        self, start: int, end: int, chain_id: int, genesis: str, rows: dict[str, Any]
    ) -> dict[str, int]:
        last = rows["blocks"][-1]
        with self.store.engine.begin() as conn:
            conn.execute(insert(schema.blocks), rows["blocks"])
            if rows["transactions"]:
                conn.execute(insert(schema.transactions), rows["transactions"])
            if rows["events"]:
                conn.execute(insert(schema.events), rows["events"])
            rows["changes"].write(conn)
            cursor = {
                "chain_id": chain_id,
                "genesis_hash": genesis,
                "block_number": last["number"],
                "block_hash": last["hash"],
            }
            if (
                conn.execute(update(schema.cursor).where(schema.cursor.c.id == 1).values(**cursor)).rowcount
                == 0
            ):
                conn.execute(insert(schema.cursor).values(id=1, **cursor))
            if self.before_commit is not None:
                self.before_commit(conn, start, end)
        return {
            "blocks": len(rows["blocks"]),
            "transactions": len(rows["transactions"]),
            "events": len(rows["events"]),
        }


__all__ = ["BATCH_BLOCKS", "BATCH_TXS", "SETTLE_TRIES", "Indexer"]
