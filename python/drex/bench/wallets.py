"""The benchmark's population: deterministic wallets, enabled on Real Digital and funded through STR.

Wallet ``i`` has the private key keccak256("drex-bench-wallet:<i>"), so every run (and every test) sees
the same addresses. They are the wallets of one benchmark participant (CNPJ8 :data:`BENCH_CNPJ8`):
:func:`enable_and_fund` has the central bank bind them to it (``RealDigital.setParticipantWallet``; STR
mints only to participant wallets), enable them (``RealDigital.enableAccount``) and raise the
participant's STR mint limit to what the funding needs (``STR.setMintLimit``), then each wallet asks STR
for its own Real Digital (``STR.requestToMint``), all through the bulk submitter; a wallet already bound,
enabled or funded is left as it is, so the step can be repeated. :func:`transfer_plan` lays out the
transfer workload: wallet ``i mod W`` pays the ``j``-th next wallet, so every wallet sends and receives
equally, nobody pays itself, and the expected final balances are known in advance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak

from drex.chain.core import Chain
from drex.chain.tx.bulk import BulkSubmitter, Intent
from drex.chain.tx.encoding import CallEncoder

#: Initial Real Digital of every benchmark wallet, in units (cents): R$ 1,000,000.00.
FUNDING = 100_000_000

#: The CNPJ8 of the benchmark participant that owns the benchmark wallets (no dev participant uses it).
BENCH_CNPJ8 = 99_000_001


@lru_cache(maxsize=4)
def bench_wallets(count: int) -> tuple[LocalAccount, ...]:
    """``count`` deterministic wallets (the same on every run)."""
    return tuple(Account.from_key(keccak(text=f"drex-bench-wallet:{i}")) for i in range(count))


@dataclass(frozen=True)
class Transfer:
    """One planned transfer between benchmark wallets (indices into the wallet list)."""

    key: str
    sender: int
    receiver: int
    amount: int


def transfer_plan(n: int, wallets: int, *, tag: str = "t") -> list[Transfer]:
    """``n`` transfers among ``wallets`` wallets, round-robin over senders, amounts of 1 to 100 cents."""
    out: list[Transfer] = []
    for i in range(n):
        sender = i % wallets
        step = 1 + (i // wallets) % (wallets - 1)
        out.append(Transfer(f"{tag}:{i}", sender, (sender + step) % wallets, 1 + i % 100))
    return out


def expected_balances(plan: Sequence[Transfer], wallets: int, start: Sequence[int]) -> list[int]:
    """The balances the wallets must end with once every transfer of ``plan`` landed exactly once."""
    out = list(start)
    for t in plan:
        out[t.sender] -= t.amount
        out[t.receiver] += t.amount
    return out


def estimate(chain: Chain, fn: object, sender: str) -> int:
    """The node's gas estimate with headroom (estimates are exact only for the state they ran on)."""
    gas = int(fn.estimate_gas({"from": sender}))  # type: ignore[attr-defined]
    return gas + gas // 4 + 10_000


def enable_and_fund(
    chain: Chain,
    real_digital: str,
    str_address: str,
    wallets: Sequence[LocalAccount],
    *,
    amount: int = FUNDING,
    bulk: BulkSubmitter | None = None,
) -> None:
    """Enable ``wallets`` on Real Digital (by BCB) and have each request ``amount`` from STR, if needed."""
    bcb = chain.account("BCB")
    rd = chain.at("RealDigital", real_digital)
    str_ = chain.at("STR", str_address)
    bulk = bulk or BulkSubmitter(chain, gas_price=0)
    bind = CallEncoder.from_abi(rd.abi, "setParticipantWallet")
    enable = CallEncoder.from_abi(rd.abi, "enableAccount")
    request = CallEncoder.from_abi(str_.abi, "requestToMint")
    unbound = [w for w in wallets if rd.functions.participantOf(w.address).call() != BENCH_CNPJ8]
    if unbound:
        gas = estimate(chain, rd.functions.setParticipantWallet(unbound[0].address, BENCH_CNPJ8), bcb.address)
        intents = [
            Intent(f"bind:{w.address}", bcb.address, real_digital, bind(w.address, BENCH_CNPJ8), gas)
            for w in unbound
        ]
        result = bulk.submit(intents, [bcb])
        if result.failed:
            raise RuntimeError(f"binding benchmark wallets failed: {result.failed[:3]}")
    todo = [w for w in wallets if not rd.functions.verifyAccount(w.address).call()]
    if todo:
        gas = estimate(chain, rd.functions.enableAccount(todo[0].address), bcb.address)
        intents = [
            Intent(f"enable:{w.address}", bcb.address, real_digital, enable(w.address), gas) for w in todo
        ]
        result = bulk.submit(intents, [bcb])
        if result.failed:
            raise RuntimeError(f"enabling benchmark wallets failed: {result.failed[:3]}")
    poor = [w for w in wallets if rd.functions.balanceOf(w.address).call() < amount // 2]
    if poor:
        needed = int(str_.functions.outstanding(BENCH_CNPJ8).call()) + amount * len(poor)
        if int(str_.functions.mintLimit(BENCH_CNPJ8).call()) < needed:
            limit = CallEncoder.from_abi(str_.abi, "setMintLimit")
            gas = estimate(chain, str_.functions.setMintLimit(BENCH_CNPJ8, needed), bcb.address)
            intent = Intent("limit", bcb.address, str_address, limit(BENCH_CNPJ8, needed), gas)
            result = bulk.submit([intent], [bcb])
            if result.failed:
                raise RuntimeError(f"raising the benchmark participant's mint limit failed: {result.failed}")
        gas = estimate(chain, str_.functions.requestToMint(amount), poor[0].address)
        intents = [Intent(f"fund:{w.address}", w.address, str_address, request(amount), gas) for w in poor]
        result = bulk.submit(intents, poor)
        if result.failed:
            raise RuntimeError(f"funding benchmark wallets failed: {result.failed[:3]}")
