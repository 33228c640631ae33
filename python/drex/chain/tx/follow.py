"""The bulk submitter's confirmation side: following new blocks, and reconciling with the chain after
node faults.

:class:`BlockFollower` is the base of :class:`~drex.chain.tx.bulk.BulkSubmitter`, split out to keep each
half readable. The collector thread follows new blocks (inclusion from the block bodies, success from
the blocks' logs, a receipt only for an included transaction without logs); on a chain that mines on
arrival, receipts are read right after sending. :meth:`BlockFollower._reconcile` compares every
journaled transaction with the chain after a node failure or a stall (see its docstring).
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from drex.chain.tx.journal import Journal
from drex.chain.tx.nonces import NonceManager
from drex.chain.tx.outcomes import MINED, REVERTED, SIGNED, UNVERIFIED, BulkResult, Intent, Tracked
from drex.chain.tx.transport import NodeDown, NodeUnavailable, Transport, hash_hex, result_of, to_int
from drex.errors import DrexError

Progress = Callable[[str], None]


class BlockFollower(ABC):
    """Confirmation and recovery state and threads shared with the submitter (see the module docstring)."""

    chain: Any
    transport: Transport
    journal: Journal
    nonce_manager: NonceManager
    poll_interval: float
    reconnect_timeout: float
    blocks_per_poll: int
    resign_consumed: bool
    progress: Progress
    _cond: threading.Condition
    _gate: threading.Lock
    _by_key: dict[str, Tracked]
    _by_hash: dict[str, Tracked]
    _outbox: deque[Tracked]
    _inflight: int
    _done: int
    _down: threading.Event
    _stop: threading.Event
    _fatal: BaseException | None
    _cursor: int
    _start_block: int
    _last_confirm: float
    _intents: dict[str, Intent]
    _phase: dict[str, float]
    _result: BulkResult
    _anvil: bool | None = None

    @abstractmethod
    def _register(self, tx: Tracked) -> None:
        """Track ``tx`` by key and hash (the bulk submitter's bookkeeping)."""

    @abstractmethod
    def _sign_one(self, i: Intent, nonce: int) -> Tracked:
        """Sign intent ``i`` at ``nonce`` (re-signing a consumed intent during reconciliation)."""

    def _read_counts(self, senders: Sequence[str], tag: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for start in range(0, len(senders), 500):
            part = senders[start : start + 500]
            answers = self.transport.batch([("eth_getTransactionCount", [s, tag]) for s in part])
            for s, a in zip(part, answers, strict=True):
                out[s] = to_int(result_of(a))
        return out

    def _confirm_now(self, txs: list[Tracked]) -> None:
        """On a chain that mines on arrival, read the receipts of what was just sent."""
        t = time.perf_counter()
        answers = self.transport.batch([("eth_getTransactionReceipt", [tx.hash]) for tx in txs])
        now = time.monotonic()
        with self._cond:
            for tx, a in zip(txs, answers, strict=True):
                r = a.get("result")
                if r and tx.state == SIGNED:
                    self._confirm(tx, to_int(r["status"]), to_int(r["blockNumber"]), now)
                    self._last_confirm = now
            self._cond.notify_all()
        self._phase["receipts"] += time.perf_counter() - t

    def _collect(self) -> None:
        if self.transport.instant:  # receipts are read as transactions are sent
            return
        while not self._stop.is_set():
            if self._down.is_set():
                time.sleep(self.poll_interval)
                continue
            with self._gate:
                try:
                    found = self._poll_blocks()
                except NodeDown:
                    with self._cond:
                        self._down.set()
                        self._cond.notify_all()
                    continue
                except BaseException as exc:
                    self._fatal = exc
                    with self._cond:
                        self._cond.notify_all()
                    return
            if not found:
                time.sleep(self.poll_interval)

    def _poll_blocks(self) -> bool:
        """Confirm our transactions in the blocks after the cursor; False when there is no new block."""
        head = to_int(result_of(self.transport.batch([("eth_blockNumber", [])])[0]))
        if head <= self._cursor:
            return False
        t = time.perf_counter()
        last = min(head, self._cursor + self.blocks_per_poll)
        found = self._scan(self._cursor + 1, last)
        if found is None:
            return False  # the node went back (restarted from an older state): reconciliation resets us
        now = time.monotonic()
        with self._cond:
            for tx, (number, status) in found.items():
                if tx.state == SIGNED:
                    self._confirm(tx, status, number, now)
            self._cursor = last
            if found:
                self._last_confirm = now
            self._cond.notify_all()
        self._phase["receipts"] += time.perf_counter() - t
        return True

    def _scan(self, first: int, last: int) -> dict[Tracked, tuple[int, int]] | None:
        """Our transactions in blocks ``first..last``, with (block, status); None if a block is missing.

        Inclusion comes from the block bodies (hashes only) and success from the logs of the same blocks:
        logs of a reverted transaction are discarded, so one that emitted a log succeeded. Only an
        included transaction without logs needs its receipt. (Receipts are what a node serves slowest:
        anvil 1.7 builds each one by walking its block, so ``eth_getBlockReceipts`` is quadratic in the
        block size, about 10 s for a block of 5,000 transfers, where this costs under 0.2 s.)
        """
        found: dict[Tracked, tuple[int, int]] = {}
        step = 50
        for lo in range(first, last + 1, step):
            numbers = list(range(lo, min(last, lo + step - 1) + 1))
            blocks = [
                result_of(a)
                for a in self.transport.batch([("eth_getBlockByNumber", [hex(n), False]) for n in numbers])
            ]
            if any(b is None for b in blocks):
                return None
            ours: list[tuple[Tracked, int]] = []
            with self._cond:
                for number, block in zip(numbers, blocks, strict=True):
                    for h in block.get("transactions", []):
                        tx = self._by_hash.get(hash_hex(h))
                        if tx is not None:
                            ours.append((tx, number))
            if not ours:
                continue
            span = {"fromBlock": hex(min(n for _, n in ours)), "toBlock": hex(max(n for _, n in ours))}
            logged = {
                hash_hex(log["transactionHash"])
                for log in result_of(self.transport.batch([("eth_getLogs", [span])])[0]) or []
            }
            silent = [tx for tx, _ in ours if tx.hash not in logged]
            status = {tx.hash: 1 for tx, _ in ours}
            for start in range(0, len(silent), 200):
                part = silent[start : start + 200]
                answers = self.transport.batch([("eth_getTransactionReceipt", [x.hash]) for x in part])
                for tx, a in zip(part, answers, strict=True):
                    status[tx.hash] = to_int((result_of(a) or {}).get("status", 0))
            for tx, number in ours:
                found[tx] = (number, status[tx.hash])
        return found

    def _confirm(self, tx: Tracked, status: int, block: int, now: float | None) -> None:
        """Under ``_cond``: the transaction is in ``block`` with ``status``."""
        if tx.inflight:
            tx.inflight = False
            self._inflight -= 1
        tx.state = MINED if status == 1 else REVERTED
        tx.block = block
        tx.confirmed = now
        self._done += 1

    def _call(self, method: str, params: list[Any]) -> Any:
        while True:
            try:
                return result_of(self.transport.batch([(method, params)])[0])
            except NodeDown:
                self._wait_for_node()

    def _wait_for_node(self) -> None:
        deadline = time.monotonic() + self.reconnect_timeout
        delay = 0.05
        while True:
            try:
                cid = to_int(result_of(self.transport.batch([("eth_chainId", [])])[0]))
            except NodeDown as exc:
                if time.monotonic() > deadline:
                    where = f" ({self.journal.path})" if self.journal.path else ""
                    raise NodeUnavailable(
                        f"the node did not answer for {self.reconnect_timeout:.0f}s ({exc}); run again with "
                        f"the same journal{where} to resume"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
                continue
            if cid != int(self.chain.chain_id):
                raise DrexError(f"the node came back with chain id {cid}, expected {self.chain.chain_id}")
            return

    def _recover(self, why: str) -> None:
        self._result.recoveries += 1
        self.progress(f"{why}: waiting for the node, then reconciling the journal with the chain")
        with self._gate:
            while True:
                self._wait_for_node()
                try:
                    self._reconcile()
                    break
                except NodeDown:
                    continue
            with self._cond:
                self._down.clear()
                self._cond.notify_all()

    def _is_anvil(self) -> bool:
        """Whether the node is anvil (asked once: ``web3_clientVersion`` starts with ``anvil/``)."""
        if self._anvil is None:
            answer = self.transport.batch([("web3_clientVersion", [])])[0]
            self._anvil = str(answer.get("result") or "").lower().startswith("anvil/")
        return self._anvil

    def _purge_anvil_pool(self, senders: Sequence[str]) -> None:
        """Empty anvil's pool of ``senders``' transactions before the journaled ones are re-sent.

        anvil 1.7's pool can strand a transaction for good: it computes what a transaction waits for
        (the sender's previous nonce) from the state it validated against, and when a block mining that
        previous nonce commits between the validation and the insertion, the transaction waits for a
        marker already pruned. It is never mined, and re-sending it is answered "already imported";
        neither a new block nor ``anvil_dropTransaction`` (which only sees ready transactions) frees it.
        Removing the senders' pool transactions (``anvil_removePoolTransactions``) and re-sending the
        journaled bytes does: same bytes and nonces, so nothing can be paid twice. A sender whose pool
        holds a transaction this run did not journal (sent before the run: by ``chain.transact``, or an
        earlier run with other intents) is left alone, since that transaction could not be re-sent and
        this run's nonces, which follow it, would wait behind the gap; if one of this run's transactions is
        stranded behind it, the stall ends in :class:`BulkError` as before. Other nodes re-evaluate their
        pools by account nonce and get no such call.
        """
        pool = result_of(self.transport.batch([("txpool_content", [])])[0]) or {}
        held: dict[str, set[str]] = {}
        for part in ("pending", "queued"):
            for address, by_nonce in (pool.get(part) or {}).items():
                hashes = held.setdefault(str(address).lower(), set())
                hashes.update(hash_hex(tx["hash"]) for tx in by_nonce.values())
        with self._cond:
            ours = set(self._by_hash)
        clear = [s for s in senders if held.get(s.lower(), set()) <= ours]
        foreign = [s for s in senders if s not in clear]
        if foreign:
            self.progress(
                f"anvil: not emptying the pool of {', '.join(foreign)}: it holds transactions this run did "
                "not journal"
            )
        if not clear:
            return
        answers = self.transport.batch([("anvil_removePoolTransactions", [s]) for s in clear])
        for s, a in zip(clear, answers, strict=True):
            if a.get("error") is not None:
                raise DrexError(f"anvil refused to empty the pool of {s}: {a['error']}")
        self.progress(f"anvil: emptied the pool of {len(clear)} signer(s) before re-sending")

    def _reconcile(self) -> None:
        """Compare every journaled transaction of this run with the chain and re-send what it lacks.

        Order matters: the signers' nonces are read first, then the head, then the blocks since the
        journal's start are scanned up to that head. A transaction mined before the nonces were read is
        therefore in a scanned block; one mined after has a nonce the read did not pass and is merely
        re-sent (the node answers "nonce too low" or "already known"); the collector then finds it in a
        block after the head. The nonces are read again after the scan and the lower answer counts, so a
        node restarting meanwhile cannot make a nonce look passed.

        "The nonce is passed and our hash is in no block" means another transaction consumed the nonce
        (someone else signed with the key) or the node's history lost a block its state kept (anvil 1.7's
        periodic dump can save the accounts a block later than the blocks). Re-signing would pay twice
        in the second case, so such an intent is reported as unverified; with ``resign_consumed=True`` it
        is signed again with a fresh nonce instead.
        """
        with self._cond:
            txs = list(self._by_key.values())
        senders = sorted({t.sender for t in txs})
        nonce_before = self._read_counts(senders, "latest")
        head = to_int(result_of(self.transport.batch([("eth_blockNumber", [])])[0]))
        found = self._scan(self._start_block + 1, head) if head > self._start_block else {}
        if found is None:
            raise NodeDown("a block vanished during reconciliation")
        nonce_after = self._read_counts(senders, "latest")
        resend: list[Tracked] = []
        consumed: list[Tracked] = []
        with self._cond:
            for t in txs:
                if t.inflight:
                    t.inflight = False
                    self._inflight -= 1
                where = found.get(t)
                if where is not None:
                    number, status = where
                    if t.state == SIGNED:
                        self._confirm(t, status, number, None)
                    else:
                        t.state, t.block = (MINED if status == 1 else REVERTED), number
                    continue
                passed = t.nonce < min(nonce_before[t.sender], nonce_after[t.sender])
                if passed:
                    if t.state == SIGNED:
                        self._done += 1
                    t.state, t.block = UNVERIFIED, None
                    consumed.append(t)
                    if t.queued:  # its raw bytes can never be mined
                        t.queued = False
                        self._outbox.remove(t)
                    continue
                if t.state != SIGNED:  # seen in a block before, but the node no longer has that block
                    t.state, t.block, t.confirmed = SIGNED, None, None
                    self._done -= 1
                if not t.queued:
                    resend.append(t)
            self._cursor = head
        redone: list[Tracked] = []
        if consumed and self.resign_consumed:
            self.progress(f"{len(consumed)} nonces were consumed by transactions not ours: signing again")
            fresh_nonces = self._read_counts(sorted({t.sender for t in consumed}), "pending")
            for t in sorted(consumed, key=lambda x: (x.sender, x.nonce)):
                n = self.nonce_manager.reserve(t.sender, 1, floor=fresh_nonces[t.sender])
                redone.append(self._sign_one(self._intents[t.key], n))
            self.journal.record([t.entry() for t in redone])
            self._result.resigned += len(redone)
        elif consumed:
            self.progress(
                f"{len(consumed)} nonces were consumed, but by no transaction in the node's blocks: "
                "not re-sent (see BulkResult.unverified)"
            )
        resend.sort(key=lambda t: (t.sender, t.nonce))
        if resend and self._is_anvil():
            self._purge_anvil_pool(sorted({t.sender for t in resend}))
        with self._cond:
            for t in redone:  # a fresh nonce: after everything already queued for its signer
                self._done -= 1
                self._register(t)
                t.queued = True
                self._outbox.append(t)
            for t in reversed(resend):  # an old nonce: before anything queued for its signer
                t.queued = True
                t.submitted = None
                self._outbox.appendleft(t)
            self._result.resent += len(resend)
            self._cond.notify_all()
        if resend:
            self.progress(f"re-sending {len(resend)} journaled transactions the node does not have")
