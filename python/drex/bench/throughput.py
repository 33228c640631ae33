"""Throughput: Real Digital transfers signed and sent by the SDK, next to the node's own ceiling.

:func:`sdk_run` hands the transfer plan to the SDK's bulk submitter (:mod:`drex.chain.tx.bulk`): encoding,
nonces, signing, journaling, batched posting and receipt collection all happen inside the timed run,
from the first intent to the last receipt. :func:`ceiling_run` measures what the node does with no SDK
work at all: the same transfers, signed beforehand (untimed), posted as fast as the connections allow,
timed from the first post to the last receipt. Both report transactions per second and the latency
from the post that carried a transaction to the poll that saw its receipt (p50, p95, p99).
:func:`verify` checks that every planned transfer is on chain exactly once: final balances equal the
expected ones and the token emitted exactly one Transfer event per planned transfer.
:class:`PeakMemory` measures the process's peak resident memory over a run (Linux ``VmHWM``, reset at
the start through ``/proc/self/clear_refs``).
"""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak

from drex.bench.wallets import Transfer, expected_balances
from drex.chain.core import Chain
from drex.chain.tx.bulk import BulkResult, BulkSubmitter, Intent
from drex.chain.tx.encoding import CallEncoder
from drex.chain.tx.transport import HttpTransport, transport_for

TRANSFER_TOPIC = "0x" + keccak(text="Transfer(address,address,uint256)").hex()


@dataclass
class RunStats:
    """One throughput run."""

    n: int
    seconds: float
    tps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    blocks: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self).items()}


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return float(values[0])
    return float(
        statistics.quantiles(values, n=1000, method="inclusive")[max(0, min(998, round(q * 10) - 1))]
    )


def stats(n: int, seconds: float, latencies: Sequence[float], blocks: int = 0) -> RunStats:
    ms = sorted(x * 1000.0 for x in latencies)
    return RunStats(
        n,
        seconds,
        n / seconds if seconds else 0.0,
        percentile(ms, 50),
        percentile(ms, 95),
        percentile(ms, 99),
        blocks,
    )


# ------------------------------------------------------------------------------------------ SDK
def transfer_intents(
    token_address: str,
    abi: Sequence[Any],
    wallets: Sequence[LocalAccount],
    plan: Sequence[Transfer],
    gas: int,
) -> list[Intent]:
    """The plan as bulk-submitter intents (``transfer(to, amount)`` from each sender)."""
    encode = CallEncoder.from_abi(abi, "transfer")
    addresses = [w.address for w in wallets]
    return [
        Intent(t.key, addresses[t.sender], token_address, encode(addresses[t.receiver], t.amount), gas)
        for t in plan
    ]


def sdk_run(
    chain: Chain,
    token_address: str,
    abi: Sequence[Any],
    wallets: Sequence[LocalAccount],
    plan: Sequence[Transfer],
    gas: int,
    **bulk_options: Any,
) -> tuple[RunStats, BulkResult]:
    """The plan sent through the SDK's bulk submitter; intent encoding is inside the timed run."""
    bulk = BulkSubmitter(chain, **bulk_options)
    t0 = time.monotonic()
    intents = transfer_intents(token_address, abi, wallets, plan, gas)
    result = bulk.submit(intents, wallets)
    seconds = time.monotonic() - t0
    bulk.close()
    blocks = len({o.block for o in result.outcomes.values()})
    return stats(len(plan), seconds, result.latencies, blocks), result


# ------------------------------------------------------------------------------------- ceiling
def presign(
    chain: Chain,
    token_address: str,
    abi: Sequence[Any],
    wallets: Sequence[LocalAccount],
    plan: Sequence[Transfer],
    gas: int,
    *,
    gas_price: int = 0,
) -> list[tuple[bytes, str]]:
    """The plan's transactions signed in advance (raw bytes and hash), of the chain engine's type,
    with nonces reserved from its nonce manager and its coincurve signers.

    The gas price defaults to 0: the pilot's network has free gas (zero base fee, minimum price 0).
    """
    engine = chain.engine
    fees = engine.fees(gas_price)
    counts = [0] * len(wallets)
    for t in plan:
        counts[t.sender] += 1
    nonces = [engine.nonces.reserve(w.address, n) for w, n in zip(wallets, counts, strict=True)]
    signers = [engine.raw_signer(w) for w in wallets]
    encode = CallEncoder.from_abi(abi, "transfer")
    to = bytes.fromhex(token_address[2:])
    out: list[tuple[bytes, str]] = []
    for t in plan:
        nonce = nonces[t.sender]
        nonces[t.sender] += 1
        signer = signers[t.sender]
        assert signer is not None, "bench wallets hold their keys"
        raw, h = signer.sign_with(fees, nonce, gas, to, 0, encode(wallets[t.receiver].address, t.amount))
        out.append((raw, "0x" + h.hex()))
    return out


def ceiling_run(
    url: str, signed: Sequence[tuple[bytes, str]], *, connections: int = 2, batch_size: int = 500
) -> RunStats:
    """Post pre-signed transactions as fast as possible and wait for all receipts: the node's ceiling."""
    transport = HttpTransport(url, timeout=120.0)
    hexes = ["0x" + raw.hex() for raw, _ in signed]
    pending = {h: i for i, (_, h) in enumerate(signed)}
    submitted = [0.0] * len(signed)
    confirmed = [0.0] * len(signed)
    head0 = int(transport.batch([("eth_blockNumber", [])])[0]["result"], 16)
    batches = [range(i, min(i + batch_size, len(hexes))) for i in range(0, len(hexes), batch_size)]
    lock = threading.Lock()
    errors: list[str] = []

    def poster(mine: list[range]) -> None:
        for b in mine:
            now = time.monotonic()
            for i in b:
                submitted[i] = now
            for a in transport.batch([("eth_sendRawTransaction", [hexes[i]]) for i in b]):
                if "error" in a:
                    with lock:
                        errors.append(str(a["error"]))

    t0 = time.monotonic()
    threads = [
        threading.Thread(target=poster, args=(batches[k::connections],), daemon=True)
        for k in range(connections)
    ]
    for th in threads:
        th.start()
    cursor, blocks = head0, 0
    while pending:
        head = int(transport.batch([("eth_blockNumber", [])])[0]["result"], 16)
        if head <= cursor:
            time.sleep(0.02)
            continue
        numbers = list(range(cursor + 1, min(head, cursor + 4) + 1))
        now = time.monotonic()
        for answer in transport.batch([("eth_getBlockByNumber", [hex(n), False]) for n in numbers]):
            hashes = answer["result"]["transactions"]
            blocks += 1 if hashes else 0
            for h in hashes:
                i = pending.pop(h, None)
                if i is not None:
                    confirmed[i] = now
        cursor = numbers[-1]
        if errors:
            raise RuntimeError(f"ceiling run: {len(errors)} errors, e.g. {errors[0]}")
    seconds = time.monotonic() - t0
    for th in threads:
        th.join()
    return stats(len(signed), seconds, [c - s for s, c in zip(submitted, confirmed, strict=True)], blocks)


def ceiling_local(chain: Chain, signed: Sequence[tuple[bytes, str]]) -> RunStats:
    """The ceiling of an in-process chain (the embedded one mines each transaction as it is sent)."""
    transport = transport_for(chain)
    latencies: list[float] = []
    t0 = time.monotonic()
    for raw, _ in signed:
        t = time.monotonic()
        answer = transport.batch([("eth_sendRawTransaction", ["0x" + raw.hex()])])[0]
        if "error" in answer:
            raise RuntimeError(f"ceiling run: {answer['error']}")
        latencies.append(time.monotonic() - t)
    seconds = time.monotonic() - t0
    return stats(len(signed), seconds, latencies, len(signed))


# -------------------------------------------------------------------------------------- checks
def balances(chain: Chain, token_address: str, wallets: Sequence[LocalAccount]) -> list[int]:
    token = chain.at("RealDigital", token_address)
    return [int(token.functions.balanceOf(w.address).call()) for w in wallets]


def transfer_events(chain: Chain, token_address: str, from_block: int, to_block: int) -> int:
    """Number of Transfer events of the token in the block range (queried in slices)."""
    count = 0
    step = 200
    for start in range(from_block, to_block + 1, step):
        logs = chain.w3.eth.get_logs(
            {
                "address": chain.w3.to_checksum_address(token_address),
                "topics": [TRANSFER_TOPIC],
                "fromBlock": start,
                "toBlock": min(to_block, start + step - 1),
            }
        )
        count += len(logs)
    return count


@dataclass
class Verification:
    balances_ok: bool
    events: int
    """Transfer events counted (-1 when not counted)."""
    expected_events: int
    mismatches: int
    nonces_ok: bool = True

    @property
    def ok(self) -> bool:
        counted = self.events == self.expected_events or self.events < 0
        return self.balances_ok and self.nonces_ok and counted


def nonces(chain: Chain, wallets: Sequence[LocalAccount]) -> list[int]:
    return [chain.engine.nonces.on_chain(w.address, "latest") for w in wallets]


def verify(
    chain: Chain,
    token_address: str,
    wallets: Sequence[LocalAccount],
    plan: Sequence[Transfer],
    start_balances: Sequence[int],
    from_block: int,
    *,
    start_nonces: Sequence[int] | None = None,
    count_events: bool = True,
) -> Verification:
    """Every planned transfer on chain exactly once: balances as expected, one Transfer event each, and
    (given ``start_nonces``) each wallet's nonce advanced by exactly its number of planned transfers.

    ``count_events=False`` skips the event count (reported as -1).
    """
    want = expected_balances(plan, len(wallets), start_balances)
    got = balances(chain, token_address, wallets)
    mismatches = sum(1 for a, b in zip(want, got, strict=True) if a != b)
    nonces_ok = True
    if start_nonces is not None:
        sent = [0] * len(wallets)
        for t in plan:
            sent[t.sender] += 1
        nonces_ok = nonces(chain, wallets) == [n + k for n, k in zip(start_nonces, sent, strict=True)]
    events = (
        transfer_events(chain, token_address, from_block, int(chain.w3.eth.block_number))
        if count_events
        else -1
    )
    return Verification(mismatches == 0, events, len(plan), mismatches, nonces_ok)


# -------------------------------------------------------------------------------------- memory
class PeakMemory:
    """Peak resident memory of this process over a ``with`` block, in MB (Linux)."""

    def __init__(self) -> None:
        self.peak_mb = 0.0

    def __enter__(self) -> PeakMemory:
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
        return self

    def __exit__(self, *exc: object) -> None:
        self.peak_mb = peak_rss_mb()


def peak_rss_mb() -> float:
    """VmHWM of this process in MB (the peak since start or since the last reset)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
