"""``eth_getLogs`` over any block range, in chunks a node accepts.

Nodes bound the range of one ``eth_getLogs``: Besu refuses more than 1,000 blocks by default
(``--rpc-max-logs-range``), other nodes cap the number of results. :func:`get_logs` reads ``[from_block,
to_block]`` in chunks of at most ``span`` blocks and, when the node refuses a chunk (a JSON-RPC error),
halves it and retries, down to a single block; the smaller size is kept for the rest of the scan. A block
the node refuses on its own is an error naming it. Connection failures are not retried here.
:func:`read_logs` is the same reader returning the span it ended with, so a caller that reads range after
range (the event index) starts the next one at the size the node accepted; ``addresses=None`` reads the
logs of every contract, and ``raw=True`` returns the node's JSON (hex strings) without web3's result
formatting (HTTP providers; the index reads every log of the chain and that formatting is its main cost).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from web3 import Web3
from web3.exceptions import Web3RPCError
from web3.types import LogReceipt

from drex.errors import DrexError

#: Blocks per ``eth_getLogs`` to start with: Besu's default limit.
DEFAULT_SPAN = 1_000


def get_logs(
    w3: Web3,
    addresses: Sequence[str] | None,
    topics: Sequence[Any] | None,
    from_block: int,
    to_block: int,
    *,
    span: int = DEFAULT_SPAN,
) -> list[LogReceipt]:
    """Every log of ``addresses`` (every contract when None) matching ``topics`` in ``[from_block,
    to_block]``, in chain order."""
    return read_logs(w3, addresses, topics, from_block, to_block, span=span)[0]


def read_logs(
    w3: Web3,
    addresses: Sequence[str] | None,
    topics: Sequence[Any] | None,
    from_block: int,
    to_block: int,
    *,
    span: int = DEFAULT_SPAN,
    raw: bool = False,
) -> tuple[list[LogReceipt], int]:
    """:func:`get_logs`, plus the chunk size the node accepted last (to start the next range with)."""
    if span < 1:
        raise ValueError(f"span {span} must be at least 1 block")
    out: list[LogReceipt] = []
    start, size = from_block, span
    while start <= to_block:
        end = min(to_block, start + size - 1)
        params: dict[str, Any] = (
            {"fromBlock": hex(start), "toBlock": hex(end)} if raw else {"fromBlock": start, "toBlock": end}
        )
        if addresses is not None:
            params["address"] = list(addresses)
        if topics is not None:
            params["topics"] = list(topics)
        try:
            found = _raw_logs(w3, params) if raw else w3.eth.get_logs(cast(Any, params))
        except (Web3RPCError, ValueError) as exc:
            if end == start:
                raise DrexError(f"the node refused eth_getLogs for block {start}: {exc}") from exc
            size = max(1, (end - start + 1) // 2)
            continue
        out.extend(found)
        start = end + 1
    out.sort(key=lambda log: (_int(log["blockNumber"]), _int(log["logIndex"])))
    return out, size


def _int(value: Any) -> int:
    return int(value, 16) if isinstance(value, str) else int(value)


def _raw_logs(w3: Web3, params: dict[str, Any]) -> list[LogReceipt]:
    answer = w3.provider.make_request(cast(Any, "eth_getLogs"), [params])
    if answer.get("error") is not None:
        raise ValueError(str(answer["error"]))
    return cast(list[LogReceipt], answer.get("result") or [])


__all__ = ["DEFAULT_SPAN", "get_logs", "read_logs"]
