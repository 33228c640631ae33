"""Reading blocks, receipts and logs from the node, in batches when it allows.

Over HTTP, blocks (with their full transactions), receipts and logs are read as raw JSON-RPC: batch
requests of ``chunk`` calls (one round trip each), and the answers kept as the node's JSON (hex strings)
instead of going through web3's result formatters, which cost more CPU than everything else the index
does (measured: about 70% of a sync's CPU with them). A provider without batches (the embedded chain)
is read one call at a time through web3's formatted API; :func:`to_int` and :func:`to_hex` read both
forms. Receipts use ``eth_getBlockReceipts`` (one call per block) when the node has it,
``eth_getTransactionReceipt`` per transaction otherwise; the first refusal switches to the fallback for
the rest of the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import BlockNotFound, TransactionNotFound, Web3RPCError

from drex.sdk.logs import DEFAULT_SPAN, read_logs

#: Calls per JSON-RPC batch (Besu accepts 1,024 by default).
BATCH_CALLS = 200
#: Transactions (full bodies or receipts) per JSON-RPC batch: one answer stays well under the client's
#: 10 s timeout.
BATCH_TXS = 2_000


def to_int(value: Any) -> int:
    """An integer from the node's JSON (``"0x1a"``) or from web3's formatted results (an int)."""
    return int(value, 16) if isinstance(value, str) else int(value)


def to_hex(value: Any) -> str:
    """0x-hex of a hash or byte string, from the node's JSON or web3's HexBytes."""
    if isinstance(value, str):
        return value.lower() if value.startswith("0x") else "0x" + value.lower()
    return HexBytes(value).to_0x_hex()


class RpcError(Exception):
    """A JSON-RPC error answer to one call."""


class NodeReader:
    """Blocks, receipts and logs of one node."""

    def __init__(self, w3: Web3, *, chunk: int = BATCH_CALLS, span: int = DEFAULT_SPAN):
        self.w3 = w3
        self.chunk = chunk
        self.span = span
        self.raw = hasattr(w3.provider, "make_batch_request")
        self.block_receipts: bool | None = None  # unknown until tried
        self.calls = 0

    # ------------------------------------------------------------------ raw calls
    def _batch(
        self, method: str, params: Sequence[list[Any]], weights: Sequence[int] | None = None
    ) -> list[Any]:
        """``method`` with each ``params``, batched: each result, or an :class:`RpcError` if it failed.
        A batch holds at most ``chunk`` calls and, with ``weights`` (transactions per call), at most
        :data:`BATCH_TXS` transactions: a node answers a block of 1,000 transfers in about 0.5 s."""
        provider = cast(Any, self.w3.provider)
        out: list[Any] = []
        start = 0
        while start < len(params):
            end, weight = start, 0
            while end < len(params) and end - start < self.chunk:
                w = 1 if weights is None else max(1, weights[end])
                if end > start and weight + w > BATCH_TXS:
                    break
                weight += w
                end += 1
            requests = [(method, p) for p in params[start:end]]
            self.calls += 1
            answers = provider.make_batch_request(requests)
            if not isinstance(answers, list):  # the whole batch refused
                raise RpcError(str(answers.get("error", answers)))
            for answer in answers:
                error = answer.get("error")
                out.append(RpcError(str(error)) if error is not None else answer.get("result"))
            start = end
        return out

    # -------------------------------------------------------------------- reading
    def blocks(
        self, numbers: Sequence[int], *, full: bool = True, weights: Sequence[int] | None = None
    ) -> list[Any]:
        """The blocks ``numbers``, with their full transactions when ``full`` (else their hashes; ``weights``
        are their transaction counts if known); BlockNotFound if one is beyond the head."""
        if not self.raw:
            self.calls += len(numbers)
            return [self.w3.eth.get_block(n, full_transactions=full) for n in numbers]
        found = self._batch(
            "eth_getBlockByNumber", [[hex(n), full] for n in numbers], weights if full else None
        )
        for n, block in zip(numbers, found, strict=True):
            if block is None or isinstance(block, RpcError):
                raise BlockNotFound(f"block {n} not found on the node: {block}")
        return found

    def block_hashes(self, numbers: Sequence[int]) -> list[str | None]:
        """The node's hash of each block of ``numbers`` (None beyond its head)."""
        head = int(self.w3.eth.block_number)
        wanted = [n for n in numbers if n <= head]
        if self.raw:
            got = self._batch("eth_getBlockByNumber", [[hex(n), False] for n in wanted])
        else:
            got = [self.w3.eth.get_block(n) for n in wanted]
        found = {
            n: to_hex(b["hash"])
            for n, b in zip(wanted, got, strict=True)
            if b is not None and not isinstance(b, RpcError)
        }
        return [found.get(n) for n in numbers]

    def logs(self, first: int, last: int) -> list[Any]:
        """Every log of blocks ``first..last`` (every address), in ranges the node accepts."""
        found, self.span = read_logs(self.w3, None, None, first, last, span=self.span, raw=self.raw)
        return found

    def receipts_of(self, blocks: Sequence[Any]) -> list[list[Any]]:
        """The receipts of each block's transactions as the node returns them (maybe fewer, or other
        ones: the caller checks them against the block)."""
        wanted = [b for b in blocks if b["transactions"]]
        if self.block_receipts is not False and wanted:
            got = self._block_receipts(wanted)
            if got is not None:
                by_number = {to_int(b["number"]): r for b, r in zip(wanted, got, strict=True)}
                return [by_number.get(to_int(b["number"]), []) for b in blocks]
        hashes = [
            tx if isinstance(tx, (str, bytes)) else tx["hash"] for b in blocks for tx in b["transactions"]
        ]
        if self.raw:
            got_one = [
                None if isinstance(r, RpcError) else r
                for r in self._batch("eth_getTransactionReceipt", [[to_hex(h)] for h in hashes])
            ]
        else:
            got_one = [_receipt_or_none(self.w3, h) for h in hashes]
        out: list[list[Any]] = []
        i = 0
        for b in blocks:
            n = len(b["transactions"])
            out.append([r for r in got_one[i : i + n] if r is not None])
            i += n
        return out

    def _block_receipts(self, blocks: Sequence[Any]) -> list[list[Any]] | None:
        """``eth_getBlockReceipts`` of each block; None (and never again) when the node has no such call."""
        try:
            if self.raw:
                got = self._batch(
                    "eth_getBlockReceipts",
                    [[hex(to_int(b["number"]))] for b in blocks],
                    [len(b["transactions"]) for b in blocks],
                )
                if any(isinstance(r, RpcError) for r in got):
                    raise RpcError(str(next(r for r in got if isinstance(r, RpcError))))
            else:
                got = [self.w3.eth.get_block_receipts(b["number"]) for b in blocks]
        except (RpcError, Web3RPCError, ValueError, NotImplementedError, AttributeError, KeyError):
            if self.block_receipts:
                raise
            self.block_receipts = False  # this node has no eth_getBlockReceipts
            return None
        self.block_receipts = True
        return [list(r or []) for r in got]


def _receipt_or_none(w3: Web3, tx_hash: Any) -> Any:
    try:
        return w3.eth.get_transaction_receipt(tx_hash)
    except TransactionNotFound:
        return None


__all__ = ["BATCH_CALLS", "BATCH_TXS", "NodeReader", "RpcError", "to_hex", "to_int"]
