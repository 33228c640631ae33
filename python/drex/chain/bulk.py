"""The bulk submitter: many transactions signed, journaled, pipelined to the node and landed exactly once.

:class:`BulkSubmitter` is the SDK's engine for sending thousands of transactions. Each :class:`Intent` (a
call with an idempotency ``key``) gets the next nonce of its signer from a per-signer nonce manager, is
signed locally (legacy EIP-155 transactions signed with coincurve directly, about eight times faster than
eth-account; optionally in worker processes) and is written to a SQLite :class:`Journal` with its raw
bytes, hash and nonce *before* it is sent; posting threads send batched JSON-RPC over several keep-alive
connections, at most ``max_in_flight`` unconfirmed at a time, and a collector thread follows new blocks
(inclusion from the block bodies, success from the blocks' logs, since a reverted transaction leaves none;
a receipt only for an included transaction without logs), latency running from the post that carried a
transaction to the poll that saw it in a block. When the node fails (connection refused, reset, timeout)
or confirmations stall, the submitter waits for the node and reconciles the journal with the chain: it
reads each signer's nonce, then the head, then scans the blocks since the journal was opened for the
journaled hashes; a transaction found there is confirmed, one whose nonce the chain has not reached
(never received, lost with a restarted node's pool, or in blocks that a node restarted from an older
state no longer has, even if it had been seen in one) is sent again byte for byte, so the same nonce
makes a duplicate impossible, and one whose nonce the chain passed without it is reported as unverified,
never paid twice unless ``resign_consumed=True``. A process that died calls :meth:`BulkSubmitter.submit`
again with the same journal and intents: journaled intents are reconciled, never signed twice. The
submitter must be the only sender for its signers while it runs.
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

import coincurve
import requests
from eth_abi import encode as abi_encode
from eth_utils import to_checksum_address
from hexbytes import HexBytes

from drex.errors import DrexError

try:  # pysha3 (in the lock) hashes short inputs about 4x faster than eth-hash's pycryptodome backend
    from sha3 import keccak_256 as _keccak_256

    def keccak(data: bytes) -> bytes:
        """keccak256 of ``data``."""
        return bytes(_keccak_256(data).digest())

except ImportError:  # pragma: no cover - the lock pins safe-pysha3
    from eth_hash.auto import keccak as _eth_keccak

    def keccak(data: bytes) -> bytes:
        """keccak256 of ``data``."""
        return bytes(_eth_keccak(data))


Progress = Callable[[str], None]

#: What a run knows of a journaled transaction: signed (maybe sent), mined and succeeded, mined and
#: reverted, or unverified (its nonce was consumed but the node has it in no block).
SIGNED, MINED, REVERTED, UNVERIFIED = 0, 1, 2, 3

#: Node answers to eth_sendRawTransaction meaning "this transaction (or its nonce) is already known":
#: harmless on a re-send; reconciliation with the chain decides what really happened.
_KNOWN = ("already known", "already imported", "known transaction", "nonce too low", "already exists")
#: Answers meaning "try again later".
_TRANSIENT = ("pool is full", "txpool is full", "too many", "busy", "rate limit", "temporarily")


class BulkError(DrexError):
    """The node refused a transaction for good, or confirmations stalled beyond the stall timeout."""


class NodeUnavailable(DrexError):
    """The node did not answer within the reconnect timeout; the journal keeps the run resumable."""


class _NodeDown(Exception):
    """Internal: a transport error (connection refused, reset, timeout, garbled answer)."""


# ------------------------------------------------------------------------------------------- signing
def _int(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""


def _rlp_item(b: bytes) -> bytes:
    n = len(b)
    if n == 1 and b[0] < 0x80:
        return b
    if n < 56:
        return bytes((0x80 + n,)) + b
    size = _int(n)
    return bytes((0xB7 + len(size),)) + size + b


def rlp_list(items: Sequence[bytes]) -> bytes:
    """RLP of a flat list of byte strings (all a legacy transaction needs; pyrlp's generic encoder,
    which infers a serializer per item, costs several times more)."""
    payload = b"".join([_rlp_item(i) for i in items])
    n = len(payload)
    if n < 56:
        return bytes((0xC0 + n,)) + payload
    size = _int(n)
    return bytes((0xF7 + len(size),)) + size + payload


class RawSigner:
    """Signs legacy EIP-155 transactions from a private key with coincurve, no eth-account overhead.

    The output is byte for byte what ``eth_account.Account.sign_transaction`` produces for the same
    legacy transaction (libsecp256k1 signatures are deterministic, RFC 6979, with a low ``s``).
    """

    def __init__(self, private_key: bytes, chain_id: int):
        self._key = coincurve.PrivateKey(bytes(private_key))
        self.address = to_checksum_address(keccak(self._key.public_key.format(compressed=False)[1:])[-20:])
        self.chain_id = chain_id
        self._cid = _int(chain_id)

    def sign(
        self, nonce: int, gas_price: int, gas: int, to: bytes, value: int, data: bytes
    ) -> tuple[bytes, bytes]:
        """The raw signed transaction and its hash."""
        fields = [_int(nonce), _int(gas_price), _int(gas), to, _int(value), data]
        digest = keccak(rlp_list([*fields, self._cid, b"", b""]))
        sig = self._key.sign_recoverable(digest, hasher=None)
        v = sig[64] + 35 + 2 * self.chain_id
        raw = rlp_list([*fields, _int(v), sig[:32].lstrip(b"\0"), sig[32:64].lstrip(b"\0")])
        return raw, keccak(raw)


class _Signer(Protocol):
    @property
    def address(self) -> str: ...

    def sign_transaction(self, tx: dict[str, Any]) -> Any: ...


def _private_key(signer: Any) -> bytes | None:
    key = getattr(signer, "key", None)
    if isinstance(key, (bytes, bytearray)) and len(key) == 32:
        return bytes(key)
    return None


# Worker processes of parallel signing: keys arrive once, through the pool initializer.
_WORKER_SIGNERS: dict[str, RawSigner] = {}


def _init_worker(keys: dict[str, bytes], chain_id: int) -> None:
    _WORKER_SIGNERS.clear()
    for address, key in keys.items():
        _WORKER_SIGNERS[address] = RawSigner(key, chain_id)


_Item = tuple[str, int, int, int, bytes, int, bytes]  # sender, nonce, gas price, gas, to, value, data


def _sign_items(items: list[_Item]) -> list[tuple[bytes, bytes]]:
    return [_WORKER_SIGNERS[s].sign(n, gp, g, to, v, d) for s, n, gp, g, to, v, d in items]


# ------------------------------------------------------------------------------------------- calls
@dataclass(frozen=True)
class Intent:
    """One transaction to land exactly once: ``key`` identifies it in the journal (unique per journal)."""

    key: str
    sender: str
    to: str
    data: bytes
    gas: int
    value: int = 0


class CallEncoder:
    """Encodes calls of one contract function fast (selector and argument types computed once).

    >>> transfer = CallEncoder.from_abi(token.abi, "transfer")
    >>> data = transfer(receiver, 1000)
    """

    def __init__(self, signature: str):
        name, _, rest = signature.partition("(")
        self.signature = signature
        self.types = [t for t in rest.rstrip(")").split(",") if t]
        self.selector = keccak(signature.encode())[:4]
        self.name = name
        words = [_static_word(t) for t in self.types] if "(" not in rest.rstrip(")") else [None]
        self._words = None if any(w is None for w in words) else cast(list[Callable[[Any], bytes]], words)

    @classmethod
    def from_abi(cls, abi: Sequence[Mapping[str, Any]], name: str) -> CallEncoder:
        """The encoder of function ``name`` (the first overload) of a compiled ABI."""
        for item in abi:
            if item.get("type") == "function" and item.get("name") == name:
                return cls(f"{name}({','.join(_abi_type(i) for i in item['inputs'])})")
        raise DrexError(f"no function {name} in the ABI")

    def __call__(self, *args: Any) -> bytes:
        if self._words is not None and len(args) == len(self._words):
            return self.selector + b"".join([w(a) for w, a in zip(self._words, args, strict=True)])
        return self.selector + abi_encode(self.types, list(args))


def _address_word(value: Any) -> bytes:
    b = (
        bytes.fromhex(value[2:] if value[:2] in ("0x", "0X") else value)
        if isinstance(value, str)
        else bytes(value)
    )
    if len(b) != 20:
        raise DrexError(f"not an address: {value!r}")
    return bytes(12) + b


def _static_word(t: str) -> Callable[[Any], bytes] | None:
    """A fast encoder of one static ABI type to its 32-byte word, or None (eth-abi encodes the rest)."""
    if t == "address":
        return _address_word
    if t == "bool":
        return lambda v: (1 if v else 0).to_bytes(32, "big") if isinstance(v, bool) else _bad(t, v)
    if t.startswith(("uint", "int")) and t.lstrip("uint").isdigit():
        bits = int(t.lstrip("uint"))
        signed = t.startswith("int")
        lo, hi = (-(1 << (bits - 1)), 1 << (bits - 1)) if signed else (0, 1 << bits)

        def word(v: Any) -> bytes:
            if not isinstance(v, int) or isinstance(v, bool) or not lo <= v < hi:
                return _bad(t, v)
            return v.to_bytes(32, "big", signed=True) if signed else v.to_bytes(32, "big")

        return word
    if t.startswith("bytes") and t[5:].isdigit() and 1 <= int(t[5:]) <= 32:
        size = int(t[5:])
        return lambda v: bytes(v).ljust(32, b"\0") if len(bytes(v)) == size else _bad(t, v)
    return None


def _bad(t: str, value: Any) -> bytes:
    raise DrexError(f"cannot encode {value!r} as {t}")


def _abi_type(item: Mapping[str, Any]) -> str:
    t = str(item["type"])
    if t.startswith("tuple"):
        return "(" + ",".join(_abi_type(c) for c in item["components"]) + ")" + t[len("tuple") :]
    return t


# ----------------------------------------------------------------------------------------- journal
@dataclass
class JournalEntry:
    """A journaled transaction: the intent's key, its signer and nonce, its hash and raw bytes."""

    key: str
    sender: str
    nonce: int
    tx_hash: str
    raw: bytes


class Journal:
    """The write-ahead record of every signed transaction: SQLite, one row per intent key.

    A file journal (WAL mode) survives the process; without a path it lives in memory and covers node
    failures during one run. Rows are committed before their transactions are sent and are never
    updated except when a superseded intent is signed again; what is on chain is always read from the
    chain, never trusted from the journal. ``startBlock`` is the head when the journal was first used:
    nothing it holds can be in an earlier block.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        self._db = sqlite3.connect(
            str(self.path) if self.path else ":memory:", check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()
        with self._lock:
            if self.path is not None:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(
                """
                CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS tx (
                    key TEXT PRIMARY KEY, sender TEXT NOT NULL, nonce INTEGER NOT NULL,
                    hash TEXT NOT NULL, raw BLOB NOT NULL);
                """
            )

    def bind_chain(self, chain_id: int, head: int) -> int:
        """Tie the journal to a chain id (another chain's journal is refused); returns ``startBlock``."""
        with self._lock:
            rows = dict(self._db.execute("SELECT k, v FROM meta").fetchall())
            if "chainId" in rows and int(rows["chainId"]) != chain_id:
                raise DrexError(
                    f"journal {self.path} is for chain id {rows['chainId']}, this chain is {chain_id}"
                )
            start = min(int(rows.get("startBlock", head)), head)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('chainId', ?)", (str(chain_id),))
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('startBlock', ?)", (str(start),))
            return start

    def entries(self, keys: Sequence[str] | None = None) -> dict[str, JournalEntry]:
        """Journaled transactions (all, or those of ``keys``), by key."""
        with self._lock:
            rows = self._db.execute("SELECT key, sender, nonce, hash, raw FROM tx").fetchall()
        found = {r[0]: JournalEntry(r[0], r[1], r[2], r[3], bytes(r[4])) for r in rows}
        if keys is None:
            return found
        return {k: found[k] for k in keys if k in found}

    def max_nonces(self) -> dict[str, int]:
        """The highest journaled nonce of each sender."""
        with self._lock:
            rows = self._db.execute("SELECT sender, MAX(nonce) FROM tx GROUP BY sender").fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def record(self, entries: Sequence[JournalEntry]) -> None:
        """Insert (or, for a re-signed intent, replace) rows, committed before the caller sends them."""
        self.record_rows([(e.key, e.sender, e.nonce, e.tx_hash, e.raw) for e in entries])

    def record_rows(self, rows: Sequence[tuple[str, str, int, str, bytes]]) -> None:
        """:meth:`record` for (key, sender, nonce, hash, raw) tuples, the submitter's hot path."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO tx VALUES (?, ?, ?, ?, ?)", rows)
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()


# --------------------------------------------------------------------------------------- transports
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
            raise _NodeDown(f"{type(exc).__name__}: {exc}") from None
        if resp.status_code >= 500:
            raise _NodeDown(f"HTTP {resp.status_code}")
        try:
            answers = resp.json()
        except ValueError:
            raise _NodeDown("garbled JSON-RPC answer") from None
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
                    raise _NodeDown(str(exc)) from None
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
            return _hash_hex(eth.send_raw_transaction(params[0]))
        if method == "eth_getBlockByNumber":
            block = eth.get_block(_to_int(params[0]), False)
            return {
                "number": int(block["number"]),
                "transactions": [_hash_hex(h) for h in block["transactions"]],
            }
        if method == "eth_getLogs":
            span = {k: _to_int(v) for k, v in params[0].items() if k in ("fromBlock", "toBlock")}
            return [{"transactionHash": _hash_hex(log["transactionHash"])} for log in eth.get_logs(span)]
        if method == "eth_getTransactionReceipt":
            try:
                r = eth.get_transaction_receipt(params[0])
            except TransactionNotFound:
                return None
            return {"status": int(r["status"]), "blockNumber": int(r["blockNumber"])}
        return self.w3.provider.make_request(method, params).get("result")


def _result(answer: dict[str, Any]) -> Any:
    if "error" in answer:
        raise BulkError(str(answer["error"]))
    return answer.get("result")


def _hash_hex(value: Any) -> str:
    if isinstance(value, str):
        return value.lower() if value.startswith("0x") else "0x" + value.lower()
    return "0x" + bytes(value).hex()


def _to_int(value: Any) -> int:
    if isinstance(value, int):
        return value
    return int(str(value), 16)


def transport_for(chain: Any) -> Transport:
    """The fastest transport for a :class:`~drex.chain.Chain`: HTTP batches when it has a URL."""
    uri = getattr(chain.w3.provider, "endpoint_uri", None)
    if chain.kind != "embedded" and isinstance(uri, str) and uri.startswith(("http://", "https://")):
        return HttpTransport(uri)
    return Web3Transport(chain.w3)


# ----------------------------------------------------------------------------------------- results
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


# ------------------------------------------------------------------------------------- the submitter
class _Tx:
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


class BulkSubmitter:
    """Sends many transactions for a set of signers, exactly once each, as fast as the node takes them.

    >>> bulk = BulkSubmitter(chain, journal="transfers.sqlite")
    >>> encode = CallEncoder("transfer(address,uint256)")
    >>> intents = [Intent(f"t{i}", a.address, token, encode(b.address, 100), gas=90_000) for ...]
    >>> result = bulk.submit(intents, signers)          # signers: accounts with .address and a key
    >>> assert not result.failed
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
        blocks_per_poll: int = 8,
        resign_consumed: bool = False,
        progress: Progress | None = None,
    ):
        self.chain = chain
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
        self.blocks_per_poll = blocks_per_poll
        self.resign_consumed = resign_consumed
        self.progress = progress or (lambda msg: None)
        self._reset()

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._gate = threading.Lock()  # held by the collector per poll and by reconciliation
        self._by_key: dict[str, _Tx] = {}
        self._by_hash: dict[str, _Tx] = {}
        self._outbox: deque[_Tx] = deque()
        self._inflight = 0
        self._done = 0
        self._down = threading.Event()
        self._stop = threading.Event()
        self._fatal: BaseException | None = None
        self._cursor = 0
        self._start_block = 0
        self._next_nonce: dict[str, int] = {}
        self._signers: dict[str, Any] = {}
        self._raw_signers: dict[str, RawSigner] = {}
        self._gas_price = 0
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

    # ------------------------------------------------------------------------------- public
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
            a: RawSigner(pk, cid) for a, s in self._signers.items() if (pk := _private_key(s)) is not None
        }
        for i in intents:
            if self._cs(i.sender) not in self._signers:
                raise DrexError(f"no signer for {i.sender} (intent {i.key})")

        self._intents = {i.key: i for i in intents}
        self._wait_for_node()
        self._gas_price = (
            self.gas_price if self.gas_price is not None else _to_int(self._call("eth_gasPrice", []))
        )
        self._cursor = _to_int(self._call("eth_blockNumber", []))
        self._start_block = self.journal.bind_chain(cid, self._cursor)
        known = self.journal.entries(keys)
        for e in known.values():
            self._register(_Tx(e))
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
            forget = getattr(self.chain, "forget_nonce", None)
            for address in self._signers:
                if forget is not None:
                    forget(address)
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

    # ------------------------------------------------------------------------------ planning
    def _register(self, tx: _Tx) -> None:
        old = self._by_key.get(tx.key)
        if old is not None:
            self._by_hash.pop(old.hash, None)
        self._by_key[tx.key] = tx
        self._by_hash[tx.hash] = tx

    def _assign_nonces(self, fresh: Sequence[Intent]) -> None:
        senders = sorted({self._cs(i.sender) for i in fresh} | {t.sender for t in self._by_key.values()})
        on_chain = self._nonces(senders, "pending")
        journaled = self.journal.max_nonces()
        self._next_nonce = {s: max(on_chain[s], journaled.get(s, -1) + 1) for s in senders}
        self._plan = []
        for i in fresh:
            s = self._cs(i.sender)
            self._plan.append((i, self._next_nonce[s]))
            self._next_nonce[s] += 1

    def _nonces(self, senders: Sequence[str], tag: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for start in range(0, len(senders), 500):
            part = senders[start : start + 500]
            answers = self.transport.batch([("eth_getTransactionCount", [s, tag]) for s in part])
            for s, a in zip(part, answers, strict=True):
                out[s] = _to_int(_result(a))
        return out

    # ------------------------------------------------------------------------------- signing
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

    def _sign_chunks(self, chunks: list[list[tuple[Intent, int]]]) -> Iterator[list[_Tx]]:
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
        with ctx.Pool(self.sign_workers, _init_worker, (keys, int(self.chain.chain_id))) as pool:
            items = [[self._item(i, n) for i, n in chunk] for chunk in chunks]
            t = time.perf_counter()
            for chunk, signed in zip(chunks, pool.imap(_sign_items, items), strict=True):
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

    def _item(self, i: Intent, nonce: int) -> _Item:
        return (self._cs(i.sender), nonce, self._gas_price, i.gas, self._to_bytes(i.to), i.value, i.data)

    def _tx(self, i: Intent, nonce: int, raw: bytes, h: bytes) -> _Tx:
        return _Tx(JournalEntry(i.key, self._cs(i.sender), nonce, "0x" + h.hex(), raw))

    def _sign_one(self, i: Intent, nonce: int) -> _Tx:
        sender = self._cs(i.sender)
        fast = self._raw_signers.get(sender)
        if fast is not None:
            raw, h = fast.sign(nonce, self._gas_price, i.gas, self._to_bytes(i.to), i.value, i.data)
        else:
            tx = {
                "nonce": nonce,
                "gasPrice": self._gas_price,
                "gas": i.gas,
                "to": to_checksum_address(i.to),
                "value": i.value,
                "data": "0x" + i.data.hex(),
                "chainId": int(self.chain.chain_id),
            }
            raw = bytes(HexBytes(self._signers[sender].sign_transaction(tx).raw_transaction))
            h = keccak(raw)
        return self._tx(i, nonce, raw, h)

    # ------------------------------------------------------------------------------- driving
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
            except _NodeDown:
                pass  # _post flagged the node as down; the driving thread recovers
            except BaseException as exc:  # refused for good: surfaced by the driving thread
                self._fatal = exc
            finally:
                with self._cond:
                    self._posting -= 1
                    self._cond.notify_all()

    def _post(self, batch: list[_Tx]) -> None:
        t = time.perf_counter()
        now = time.monotonic()
        for tx in batch:
            tx.submitted = now
        try:
            answers = self.transport.batch(
                [("eth_sendRawTransaction", ["0x" + tx.raw.hex()]) for tx in batch]
            )
        except _NodeDown:
            with self._cond:  # the batch is lost or not: reconciliation will tell
                self._down.set()
                self._cond.notify_all()
            raise
        finally:
            self._phase["post"] += time.perf_counter() - t
        retry: list[_Tx] = []
        refused: list[tuple[_Tx, str]] = []
        accepted: list[_Tx] = []
        for tx, answer in zip(batch, answers, strict=True):
            error = answer.get("error")
            if error is None:
                accepted.append(tx)
                continue
            message = str(error.get("message", error) if isinstance(error, dict) else error).lower()
            if any(s in message for s in _KNOWN):
                continue
            if any(s in message for s in _TRANSIENT):
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

    # ------------------------------------------------------------------------------ receipts
    def _confirm_now(self, txs: list[_Tx]) -> None:
        """On a chain that mines on arrival, read the receipts of what was just sent."""
        t = time.perf_counter()
        answers = self.transport.batch([("eth_getTransactionReceipt", [tx.hash]) for tx in txs])
        now = time.monotonic()
        with self._cond:
            for tx, a in zip(txs, answers, strict=True):
                r = a.get("result")
                if r and tx.state == SIGNED:
                    self._confirm(tx, _to_int(r["status"]), _to_int(r["blockNumber"]), now)
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
                except _NodeDown:
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
        head = _to_int(_result(self.transport.batch([("eth_blockNumber", [])])[0]))
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

    def _scan(self, first: int, last: int) -> dict[_Tx, tuple[int, int]] | None:
        """Our transactions in blocks ``first..last``, with (block, status); None if a block is missing.

        Inclusion comes from the block bodies (hashes only) and success from the logs of the same blocks:
        logs of a reverted transaction are discarded, so one that emitted a log succeeded. Only an
        included transaction without logs needs its receipt. (Receipts are what a node serves slowest:
        anvil 1.7 builds each one by walking its block, so ``eth_getBlockReceipts`` is quadratic in the
        block size, about 10 s for a block of 5,000 transfers, where this costs under 0.2 s.)
        """
        found: dict[_Tx, tuple[int, int]] = {}
        step = 50
        for lo in range(first, last + 1, step):
            numbers = list(range(lo, min(last, lo + step - 1) + 1))
            blocks = [
                _result(a)
                for a in self.transport.batch([("eth_getBlockByNumber", [hex(n), False]) for n in numbers])
            ]
            if any(b is None for b in blocks):
                return None
            ours: list[tuple[_Tx, int]] = []
            with self._cond:
                for number, block in zip(numbers, blocks, strict=True):
                    for h in block.get("transactions", []):
                        tx = self._by_hash.get(_hash_hex(h))
                        if tx is not None:
                            ours.append((tx, number))
            if not ours:
                continue
            span = {"fromBlock": hex(min(n for _, n in ours)), "toBlock": hex(max(n for _, n in ours))}
            logged = {
                _hash_hex(log["transactionHash"])
                for log in _result(self.transport.batch([("eth_getLogs", [span])])[0]) or []
            }
            silent = [tx for tx, _ in ours if tx.hash not in logged]
            status = {tx.hash: 1 for tx, _ in ours}
            for start in range(0, len(silent), 200):
                part = silent[start : start + 200]
                answers = self.transport.batch([("eth_getTransactionReceipt", [x.hash]) for x in part])
                for tx, a in zip(part, answers, strict=True):
                    status[tx.hash] = _to_int((_result(a) or {}).get("status", 0))
            for tx, number in ours:
                found[tx] = (number, status[tx.hash])
        return found

    def _confirm(self, tx: _Tx, status: int, block: int, now: float | None) -> None:
        """Under ``_cond``: the transaction is in ``block`` with ``status``."""
        if tx.inflight:
            tx.inflight = False
            self._inflight -= 1
        tx.state = MINED if status == 1 else REVERTED
        tx.block = block
        tx.confirmed = now
        self._done += 1

    # ------------------------------------------------------------------------ fault recovery
    def _call(self, method: str, params: list[Any]) -> Any:
        while True:
            try:
                return _result(self.transport.batch([(method, params)])[0])
            except _NodeDown:
                self._wait_for_node()

    def _wait_for_node(self) -> None:
        deadline = time.monotonic() + self.reconnect_timeout
        delay = 0.05
        while True:
            try:
                cid = _to_int(_result(self.transport.batch([("eth_chainId", [])])[0]))
            except _NodeDown as exc:
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
                except _NodeDown:
                    continue
            with self._cond:
                self._down.clear()
                self._cond.notify_all()

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
        nonce_before = self._nonces(senders, "latest")
        head = _to_int(_result(self.transport.batch([("eth_blockNumber", [])])[0]))
        found = self._scan(self._start_block + 1, head) if head > self._start_block else {}
        if found is None:
            raise _NodeDown("a block vanished during reconciliation")
        nonce_after = self._nonces(senders, "latest")
        resend: list[_Tx] = []
        consumed: list[_Tx] = []
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
        redone: list[_Tx] = []
        if consumed and self.resign_consumed:
            self.progress(f"{len(consumed)} nonces were consumed by transactions not ours: signing again")
            fresh_nonces = self._nonces(sorted({t.sender for t in consumed}), "pending")
            for t in sorted(consumed, key=lambda x: (x.sender, x.nonce)):
                n = max(self._next_nonce.get(t.sender, 0), fresh_nonces[t.sender])
                self._next_nonce[t.sender] = n + 1
                redone.append(self._sign_one(self._intents[t.key], n))
            self.journal.record([t.entry() for t in redone])
            self._result.resigned += len(redone)
        elif consumed:
            self.progress(
                f"{len(consumed)} nonces were consumed, but by no transaction in the node's blocks: "
                "not re-sent (see BulkResult.unverified)"
            )
        resend.sort(key=lambda t: (t.sender, t.nonce))
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
