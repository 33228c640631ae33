"""The bulk submitter: many transactions signed, journaled, pipelined to the node and landed exactly once.

:class:`BulkSubmitter` is the engine's path for sending thousands of transactions. Each :class:`Intent` (a
call with an idempotency ``key``) gets the next nonce of its signer from the chain's one
:class:`~drex.chain.tx.nonces.NonceManager`, is signed locally (:class:`~drex.chain.tx.signing.RawSigner`,
legacy or EIP-1559 as the chain's engine says; optionally in worker processes) and is written to a SQLite
:class:`~drex.chain.tx.journal.Journal` with its raw bytes, hash and nonce *before* it is sent; posting
threads send batched JSON-RPC over several keep-alive connections, at most ``max_in_flight`` unconfirmed
at a time, and a collector thread follows new blocks (:mod:`drex.chain.tx.follow`: inclusion from the
block bodies, success from the blocks' logs, since a reverted transaction leaves none; a receipt only
for an included transaction without logs), latency running from the post that carried a transaction to
the poll that saw it in a block. When the node fails (connection refused, reset, timeout) or
confirmations stall, the submitter waits for the node and reconciles the journal with the chain: it
reads each signer's nonce, then the head, then scans the blocks since the journal was opened for the
journaled hashes; a transaction found there is confirmed, one whose nonce the chain has not reached
(never received, lost with a restarted node's pool, or in blocks that a node restarted from an older
state no longer has, even if it had been seen in one) is sent again byte for byte, so the same nonce
makes a duplicate impossible (on anvil, after emptying the pool of the signers' transactions: anvil 1.7
can strand one there for good, see :meth:`BlockFollower._purge_anvil_pool`), and one whose nonce the
chain passed without it is reported as unverified, never paid twice unless ``resign_consumed=True``.
A process that died calls :meth:`BulkSubmitter.submit` again with the same journal and intents:
journaled intents are reconciled, never signed twice. The submitter must be the only sender for its
signers while it runs. Why an intent failed comes from :meth:`BulkSubmitter.explain`, the same replay
as a single transaction's.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from eth_utils.address import to_checksum_address

from drex.chain.tx.engine import TxEngine
from drex.chain.tx.follow import BlockFollower, Progress
from drex.chain.tx.journal import Journal, JournalEntry
from drex.chain.tx.outcomes import MINED, REVERTED, SIGNED, BulkResult, Intent, Outcome, Tracked
from drex.chain.tx.receipts import replay_failure
from drex.chain.tx.signing import Fees, Item, RawSigner, TxType, init_worker, sign, sign_items
from drex.chain.tx.transport import (
    KNOWN,
    TRANSIENT,
    BulkError,
    NodeDown,
    Transport,
    to_int,
    transport_for,
)
from drex.errors import DrexError

__all__ = ["BulkError", "BulkResult", "BulkSubmitter", "Intent", "Outcome"]


class BulkSubmitter(BlockFollower):
    """Sends many transactions for a set of signers, exactly once each, as fast as the node takes them.

    >>> from drex.chain import connect
    >>> chain = connect("embedded")
    >>> bank_a, bank_b = chain.account("BANK_A"), chain.account("BANK_B")
    >>> token = chain.deploy("BaselineERC20", "Example", "EX", bank_a.address, sender=bank_a)
    >>> _ = chain.transact(token.functions.mint(bank_a.address, 1_000), sender=bank_a)
    >>> from drex.chain.tx.encoding import CallEncoder
    >>> encode = CallEncoder("transfer(address,uint256)")
    >>> intents = [Intent(f"t{i}", bank_a.address, token.address, encode(bank_b.address, 100), gas=90_000)
    ...            for i in range(3)]                    # the key makes each transfer land exactly once
    >>> result = BulkSubmitter(chain).submit(intents, [bank_a])   # signers: accounts with a key
    >>> result.ok, token.functions.balanceOf(bank_b.address).call()
    (True, 300)

    ``gas_price`` fixes one price per gas (a legacy gas price, or an EIP-1559 fee cap equal to its tip);
    ``tx_type`` overrides the chain engine's transaction type.
    """

    def __init__(
        self,
        chain: Any,
        *,
        journal: str | Path | Journal | None = None,
        transport: Transport | None = None,
        batch_size: int = 250,
        connections: int = 3,
        max_in_flight: int = 8000,
        chunk_size: int = 250,
        sign_workers: int = 0,
        poll_interval: float = 0.02,
        reconnect_timeout: float = 60.0,
        stall_after: float = 15.0,
        stall_timeout: float = 120.0,
        gas_price: int | None = None,
        tx_type: TxType | None = None,
        blocks_per_poll: int = 8,
        resign_consumed: bool = False,
        progress: Progress | None = None,
    ):
        self.chain = chain
        self.engine: TxEngine = chain.engine
        self.nonce_manager = self.engine.nonces
        self.transport: Transport = transport or transport_for(chain)
        self.journal = journal if isinstance(journal, Journal) else Journal(journal)
        self.batch_size = batch_size
        self.connections = connections if self.transport.parallel else 1
        self.max_in_flight = max_in_flight
        self.chunk_size = chunk_size
        self.sign_workers = sign_workers
        self.poll_interval = poll_interval
        self.reconnect_timeout = reconnect_timeout
        self.stall_after = stall_after
        self.stall_timeout = stall_timeout
        self.gas_price = gas_price
        self.tx_type = tx_type
        self.blocks_per_poll = blocks_per_poll
        self.resign_consumed = resign_consumed
        self.progress = progress or (lambda msg: None)
        self._reset()

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._gate = threading.Lock()  # held by the collector per poll and by reconciliation
        self._by_key: dict[str, Tracked] = {}
        self._by_hash: dict[str, Tracked] = {}
        self._outbox: deque[Tracked] = deque()
        self._inflight = 0
        self._done = 0
        self._down = threading.Event()
        self._stop = threading.Event()
        self._fatal: BaseException | None = None
        self._cursor = 0
        self._start_block = 0
        self._signers: dict[str, Any] = {}
        self._raw_signers: dict[str, RawSigner] = {}
        self._fees = Fees("legacy")
        self._last_confirm = self._last_check = time.monotonic()
        self._intents: dict[str, Intent] = {}
        self._checksums: dict[str, str] = {}
        self._targets: dict[str, bytes] = {}
        self._plan: list[tuple[Intent, int]] = []
        self._producing = False
        self._posting = 0
        self._paused = False
        self._phase: dict[str, float] = {"sign": 0.0, "journal": 0.0, "post": 0.0, "receipts": 0.0}
        self._result = BulkResult({}, 0.0)

    def submit(self, intents: Sequence[Intent], signers: Sequence[Any] | Mapping[str, Any]) -> BulkResult:
        """Land every intent exactly once and wait until each is in a block; see the module docstring.

        ``signers`` are accounts with ``.address`` and either a private key (``.key``, the fast path)
        or ``.sign_transaction`` (an external signer, signed one by one). A transaction that reverts
        is on chain all the same: its key is in :attr:`BulkResult.failed`. Raises :class:`BulkError` if
        the node refuses a transaction for good, :class:`NodeUnavailable` if it stays down longer than
        ``reconnect_timeout`` (run again with the same journal to resume).
        """
        self._reset()
        t0 = time.monotonic()
        keys = [i.key for i in intents]
        if len(set(keys)) != len(keys):
            raise DrexError("intent keys must be unique")
        signer_list = list(signers.values()) if isinstance(signers, Mapping) else list(signers)
        self._signers = {self._cs(s.address): s for s in signer_list}
        cid = int(self.chain.chain_id)
        self._raw_signers = {
            a: fast for a, s in self._signers.items() if (fast := self.engine.raw_signer(s)) is not None
        }
        for i in intents:
            if self._cs(i.sender) not in self._signers:
                raise DrexError(f"no signer for {i.sender} (intent {i.key})")

        self._intents = {i.key: i for i in intents}
        self._wait_for_node()
        self._fees = self._run_fees()
        self._cursor = to_int(self._call("eth_blockNumber", []))
        self._start_block = self.journal.bind_chain(cid, self._cursor)
        known = self.journal.entries(keys)
        for e in known.values():
            self._register(Tracked(e))
        fresh = [i for i in intents if i.key not in known]
        self._assign_nonces(fresh)
        if known:
            self.progress(f"resuming: {len(known)} intents already journaled; reconciling with the chain")
            self._reconcile()
            self._result.already_done = self._done

        producer = threading.Thread(target=self._produce, name="bulk-sign", daemon=True)
        collector = threading.Thread(target=self._collect, name="bulk-blocks", daemon=True)
        self._producing = True
        producer.start()
        collector.start()
        try:
            self._drive(len(intents))
        finally:
            self._stop.set()
            with self._cond:
                self._cond.notify_all()
            collector.join()
            producer.join()
            for address in self._signers:  # unverified or lost transactions: read the nonce again
                self.nonce_manager.forget(address)
        self._result.elapsed = time.monotonic() - t0
        self._result.phases = dict(self._phase)
        for k in keys:
            t = self._by_key[k]
            latency = (t.confirmed - t.submitted) if t.confirmed and t.submitted else None
            status = {MINED: 1, REVERTED: 0}.get(t.state)
            self._result.outcomes[k] = Outcome(
                k, t.hash, t.sender, t.nonce, int(t.block or 0), status, latency
            )
        return self._result

    def close(self) -> None:
        self.journal.close()

    def explain(self, key: str) -> DrexError:
        """Why the intent ``key`` of the last :meth:`submit` failed (it is in :attr:`BulkResult.failed`):
        its transaction replayed as a call, gas included, by :func:`~drex.chain.tx.receipts.replay_failure`
        (the single-transaction path's routine), e.g. a :class:`~drex.chain.reverts.ContractRevert`."""
        t, intent = self._by_key.get(key), self._intents.get(key)
        if t is None or intent is None or t.block is None or t.state != REVERTED:
            raise DrexError(f"intent {key} did not fail in the last run")
        tx = {"from": t.sender, "to": self._cs(intent.to), "data": intent.data, "value": intent.value}
        return replay_failure(self.engine.w3, {**tx, "gas": intent.gas}, t.block, t.hash)

    def _run_fees(self) -> Fees:
        tx_type = self.tx_type or self.engine.tx_type
        if self.gas_price is not None:
            return Fees.fixed(tx_type, self.gas_price)
        if tx_type == "legacy":
            return Fees("legacy", gas_price=to_int(self._call("eth_gasPrice", [])))
        return self.engine.fees(tx_type=tx_type)

    def _register(self, tx: Tracked) -> None:
        old = self._by_key.get(tx.key)
        if old is not None:
            self._by_hash.pop(old.hash, None)
        self._by_key[tx.key] = tx
        self._by_hash[tx.hash] = tx

    def _assign_nonces(self, fresh: Sequence[Intent]) -> None:
        senders = sorted({self._cs(i.sender) for i in fresh} | {t.sender for t in self._by_key.values()})
        on_chain = self._read_counts(senders, "pending")
        journaled = self.journal.max_nonces()
        counts = Counter(self._cs(i.sender) for i in fresh)
        next_nonce: dict[str, int] = {}
        for s in senders:  # the node's count was just read: it replaces whatever the manager cached
            self.nonce_manager.forget(s)
            floor = max(on_chain[s], journaled.get(s, -1) + 1)
            next_nonce[s] = self.nonce_manager.reserve(s, counts.get(s, 0), floor=floor)
        self._plan = []
        for i in fresh:
            s = self._cs(i.sender)
            self._plan.append((i, next_nonce[s]))
            next_nonce[s] += 1

    def _produce(self) -> None:
        try:
            plan = self._plan
            chunks = [plan[i : i + self.chunk_size] for i in range(0, len(plan), self.chunk_size)]
            for signed in self._sign_chunks(chunks):
                if self._stop.is_set():
                    return
                t = time.perf_counter()
                self.journal.record_rows([(tx.key, tx.sender, tx.nonce, tx.hash, tx.raw) for tx in signed])
                self._phase["journal"] += time.perf_counter() - t
                with self._cond:
                    for tx in signed:
                        self._register(tx)
                        tx.queued = True
                    self._outbox.extend(signed)
                    self._cond.notify_all()
        except BaseException as exc:  # surfaced by the driving thread
            self._fatal = exc
        finally:
            with self._cond:
                self._producing = False
                self._cond.notify_all()

    def _sign_chunks(self, chunks: list[list[tuple[Intent, int]]]) -> Iterator[list[Tracked]]:
        parallel = self.sign_workers > 1 and len(self._raw_signers) == len(self._signers) and len(chunks) > 1
        if not parallel:
            for chunk in chunks:
                t = time.perf_counter()
                out = [self._sign_one(i, n) for i, n in chunk]
                self._phase["sign"] += time.perf_counter() - t
                yield out
            return
        ctx = multiprocessing.get_context("spawn")
        keys = {a: bytes(cast(Any, self._signers[a]).key) for a in self._raw_signers}
        with ctx.Pool(self.sign_workers, init_worker, (keys, int(self.chain.chain_id), self._fees)) as pool:
            items = [[self._item(i, n) for i, n in chunk] for chunk in chunks]
            t = time.perf_counter()
            for chunk, signed in zip(chunks, pool.imap(sign_items, items), strict=True):
                self._phase["sign"] += time.perf_counter() - t
                yield [self._tx(i, n, raw, h) for (i, n), (raw, h) in zip(chunk, signed, strict=True)]
                t = time.perf_counter()

    def _cs(self, address: str) -> str:
        """Checksummed ``address``, memoized (checksumming costs a keccak per call)."""
        found = self._checksums.get(address)
        if found is None:
            found = self._checksums[address] = to_checksum_address(address)
        return found

    def _to_bytes(self, address: str) -> bytes:
        found = self._targets.get(address)
        if found is None:
            found = self._targets[address] = bytes.fromhex(address[2:])
        return found

    def _item(self, i: Intent, nonce: int) -> Item:
        return (self._cs(i.sender), nonce, i.gas, self._to_bytes(i.to), i.value, i.data)

    def _tx(self, i: Intent, nonce: int, raw: bytes, h: bytes) -> Tracked:
        return Tracked(JournalEntry(i.key, self._cs(i.sender), nonce, "0x" + h.hex(), raw))

    def _sign_one(self, i: Intent, nonce: int) -> Tracked:
        sender = self._cs(i.sender)
        fast = self._raw_signers.get(sender)
        if fast is not None:
            raw, h = fast.sign_with(self._fees, nonce, i.gas, self._to_bytes(i.to), i.value, i.data)
        else:
            tx = {
                "nonce": nonce,
                "gas": i.gas,
                "to": to_checksum_address(i.to),
                "value": i.value,
                "data": "0x" + i.data.hex(),
                "chainId": int(self.chain.chain_id),
                **self._fees.fields(),
            }
            raw, h = sign(tx, self._signers[sender])
        return self._tx(i, nonce, raw, h)

    def _drive(self, total: int) -> None:
        """Supervise the run: posting threads take batches themselves; this thread handles node failures,
        stalls and the end (every intent in a block, or unverified)."""
        self._posting = 0
        self._paused = False
        posters = [
            threading.Thread(target=self._poster, name=f"bulk-post-{k}", daemon=True)
            for k in range(self.connections)
        ]
        for t in posters:
            t.start()
        try:
            while True:
                if self._fatal is not None:
                    raise self._fatal
                if self._down.is_set():
                    self._paused_recover("the node stopped answering")
                    self._last_confirm = time.monotonic()  # time spent down is no stall
                    continue
                with self._cond:
                    if self._done >= total and not self._producing:
                        return
                    # Waiting for confirmations with nothing being posted: transactions out (or none
                    # left anywhere while some intents are still open).
                    waiting = self._posting == 0 and (
                        self._inflight > 0
                        or (not self._outbox and not self._producing and self._done < total)
                    )
                    self._cond.wait(0.25)
                # Stall: lost from the pool, a nonce gap, a block the node no longer has: reconcile.
                now = time.monotonic()
                if waiting and now - max(self._last_confirm, self._last_check) > self.stall_after:
                    if now - self._last_confirm > self.stall_timeout:
                        raise BulkError(
                            f"{total - self._done} transactions unconfirmed for "
                            f"{now - self._last_confirm:.0f}s despite reconciliation; the journal keeps them"
                        )
                    self._paused_recover("confirmations stalled")
                    self._last_check = time.monotonic()
        finally:
            self._stop.set()
            with self._cond:
                self._cond.notify_all()
            for t in posters:
                t.join()

    def _paused_recover(self, why: str) -> None:
        """Stop the posting threads taking batches, let the posts in progress end, reconcile, go on."""
        with self._cond:
            self._paused = True
            while self._posting > 0:
                self._cond.wait(0.1)
        try:
            self._recover(why)
        finally:
            with self._cond:
                self._paused = False
                self._cond.notify_all()

    def _poster(self) -> None:
        """One connection: take the next batch from the outbox (within the window) and post it, until done."""
        while True:
            with self._cond:
                while not self._stop.is_set() and (
                    self._paused
                    or self._down.is_set()
                    or not self._outbox
                    or self._inflight >= self.max_in_flight
                ):
                    self._cond.wait(0.25)
                if self._stop.is_set():
                    return
                n = min(self.batch_size, self.max_in_flight - self._inflight, len(self._outbox))
                batch = [self._outbox.popleft() for _ in range(n)]
                for tx in batch:
                    tx.queued = False
                    tx.inflight = True
                self._inflight += n
                self._posting += 1
            try:
                self._post(batch)
            except NodeDown:
                pass  # _post flagged the node as down; the driving thread recovers
            except BaseException as exc:  # refused for good: surfaced by the driving thread
                self._fatal = exc
            finally:
                with self._cond:
                    self._posting -= 1
                    self._cond.notify_all()

    def _post(self, batch: list[Tracked]) -> None:
        t = time.perf_counter()
        now = time.monotonic()
        for tx in batch:
            tx.submitted = now
        try:
            answers = self.transport.batch(
                [("eth_sendRawTransaction", ["0x" + tx.raw.hex()]) for tx in batch]
            )
        except NodeDown:
            with self._cond:  # the batch is lost or not: reconciliation will tell
                self._down.set()
                self._cond.notify_all()
            raise
        finally:
            self._phase["post"] += time.perf_counter() - t
        retry: list[Tracked] = []
        refused: list[tuple[Tracked, str]] = []
        accepted: list[Tracked] = []
        for tx, answer in zip(batch, answers, strict=True):
            error = answer.get("error")
            if error is None:
                accepted.append(tx)
                continue
            message = str(error.get("message", error) if isinstance(error, dict) else error).lower()
            if any(s in message for s in KNOWN):
                continue
            if any(s in message for s in TRANSIENT):
                retry.append(tx)
            else:
                refused.append((tx, message))
        with self._cond:
            self._result.sent += len(batch)
            for tx in reversed(retry):
                if tx.state == SIGNED and tx.inflight:
                    tx.inflight = False
                    self._inflight -= 1
                    tx.queued = True
                    self._outbox.appendleft(tx)
            self._cond.notify_all()
        if accepted and self.transport.instant:
            self._confirm_now(accepted)
        if refused:
            tx, message = refused[0]
            raise BulkError(
                f"the node refused {len(refused)} transaction(s), e.g. {tx.key} "
                f"({tx.sender} nonce {tx.nonce}): {message}"
            )
