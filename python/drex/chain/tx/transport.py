"""How the bulk submitter talks to a node: batched JSON-RPC over HTTP, or web3.py one call at a time.

:class:`HttpTransport` posts JSON arrays over one keep-alive session per thread (several connections at
once); :class:`Web3Transport` goes through a ``Web3`` (the embedded chain, websockets). Both answer a
batch with ``{"result"}``/``{"error"}`` dicts and raise :class:`NodeDown` on a transport failure
(connection refused, reset, timeout, garbled answer), which the submitter treats as "reconcile later".
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import Any, Protocol, cast

import requests
from eth_utils.address import to_checksum_address

from drex.errors import DrexError

#: Node answers to eth_sendRawTransaction meaning "this transaction (or its nonce) is already known":
#: harmless on a re-send; reconciliation with the chain decides what really happened.
KNOWN = ("already known", "already imported", "known transaction", "nonce too low", "already exists")
#: Answers meaning "try again later".
TRANSIENT = ("pool is full", "txpool is full", "too many", "busy", "rate limit", "temporarily")


class BulkError(DrexError):
    """The node refused a transaction for good, or confirmations stalled beyond the stall timeout."""


class NodeUnavailable(DrexError):
    """The node did not answer within the reconnect timeout; the journal keeps the run resumable."""


class NodeDown(Exception):
    """A transport error (connection refused, reset, timeout, garbled answer)."""


class Transport(Protocol):
    """Batched JSON-RPC: a list of (method, params) in, a list of ``{"result"}``/``{"error"}`` out."""

    parallel: bool
    """Several threads may post at once."""
    instant: bool
    """The node mines each transaction as it arrives (the embedded chain): receipts right after sending."""

    def batch(self, calls: Sequence[tuple[str, list[Any]]]) -> list[dict[str, Any]]: ...


class HttpTransport:
    """JSON-RPC over HTTP with one keep-alive session per thread and JSON arrays as batches."""

    parallel = True
    instant = False

    def __init__(self, url: str, timeout: float = 30.0):
        self.url = url
        self.timeout = timeout
        self._local = threading.local()

    def _session(self) -> requests.Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            s.trust_env = False  # no proxy or .netrc lookups on every request
            self._local.session = s
        return cast(requests.Session, s)

    def batch(self, calls: Sequence[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
        body = json.dumps(
            [{"jsonrpc": "2.0", "id": i, "method": m, "params": p} for i, (m, p) in enumerate(calls)]
        )
        try:
            resp = self._session().post(
                self.url, data=body, headers={"Content-Type": "application/json"}, timeout=self.timeout
            )
        except requests.RequestException as exc:
            self._local.session = None
            raise NodeDown(f"{type(exc).__name__}: {exc}") from None
        if resp.status_code >= 500:
            raise NodeDown(f"HTTP {resp.status_code}")
        try:
            answers = resp.json()
        except ValueError:
            raise NodeDown("garbled JSON-RPC answer") from None
        if not isinstance(answers, list):
            message = answers.get("error", answers) if isinstance(answers, dict) else answers
            raise BulkError(f"the node refused a batch of {len(calls)} calls: {message}")
        answers.sort(key=lambda a: int(a.get("id", 0)))
        return cast(list[dict[str, Any]], answers)


class Web3Transport:
    """JSON-RPC through a web3.py ``Web3``, one call at a time (the embedded chain, websockets).

    The calls the submitter makes go through web3.py's API (eth-tester's provider wants native block
    numbers and filter keys, not JSON-RPC's hex quantities); answers come back as ``{"result"}`` or
    ``{"error"}`` like a JSON-RPC batch's.
    """

    parallel = False

    def __init__(self, w3: Any):
        self.w3 = w3
        self._lock = threading.Lock()
        tester = getattr(w3.provider, "ethereum_tester", None)
        self.instant = bool(tester is not None and getattr(tester, "auto_mine_transactions", False))

    def batch(self, calls: Sequence[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        with self._lock:
            for method, params in calls:
                try:
                    out.append({"result": self._call(method, params)})
                except (ConnectionError, OSError) as exc:
                    raise NodeDown(str(exc)) from None
                except Exception as exc:  # eth-tester raises what a node answers as an error
                    out.append({"error": {"message": str(exc) or type(exc).__name__}})
        return out

    def _call(self, method: str, params: list[Any]) -> Any:
        from web3.exceptions import TransactionNotFound

        eth = self.w3.eth
        if method == "eth_blockNumber":
            return int(eth.block_number)
        if method == "eth_chainId":
            return int(eth.chain_id)
        if method == "eth_gasPrice":
            return int(eth.gas_price)
        if method == "eth_getTransactionCount":
            return int(eth.get_transaction_count(to_checksum_address(params[0]), params[1]))
        if method == "eth_sendRawTransaction":
            return hash_hex(eth.send_raw_transaction(params[0]))
        if method == "eth_getBlockByNumber":
            block = eth.get_block(to_int(params[0]), False)
            return {
                "number": int(block["number"]),
                "transactions": [hash_hex(h) for h in block["transactions"]],
            }
        if method == "eth_getLogs":
            span = {k: to_int(v) for k, v in params[0].items() if k in ("fromBlock", "toBlock")}
            return [{"transactionHash": hash_hex(log["transactionHash"])} for log in eth.get_logs(span)]
        if method == "eth_getTransactionReceipt":
            try:
                r = eth.get_transaction_receipt(params[0])
            except TransactionNotFound:
                return None
            return {"status": int(r["status"]), "blockNumber": int(r["blockNumber"])}
        answer = self.w3.provider.make_request(method, params)
        if answer.get("error") is not None:  # the node's error answer, kept as one (e.g. an unknown method)
            error = answer["error"]
            raise RuntimeError(str(error.get("message", error) if isinstance(error, dict) else error))
        return answer.get("result")


def result_of(answer: dict[str, Any]) -> Any:
    """The ``result`` of one JSON-RPC answer; an ``error`` raises :class:`BulkError`."""
    if "error" in answer:
        raise BulkError(str(answer["error"]))
    return answer.get("result")


def hash_hex(value: Any) -> str:
    """A transaction or block hash as lower-case ``0x`` hex."""
    if isinstance(value, str):
        return value.lower() if value.startswith("0x") else "0x" + value.lower()
    return "0x" + bytes(value).hex()


def to_int(value: Any) -> int:
    """A JSON-RPC quantity (hex string) or a native int as an int."""
    if isinstance(value, int):
        return value
    return int(str(value), 16)


def transport_for(chain: Any) -> Transport:
    """The fastest transport for a :class:`~drex.chain.Chain`: HTTP batches when it has a URL."""
    uri = getattr(chain.w3.provider, "endpoint_uri", None)
    if chain.kind != "embedded" and isinstance(uri, str) and uri.startswith(("http://", "https://")):
        return HttpTransport(uri)
    return Web3Transport(chain.w3)
