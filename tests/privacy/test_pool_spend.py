"""Transfers, withdrawals and legs through the TEST-ONLY verifier: the checks a pool makes around the proof
proof (signals, roots, nullifiers, parameters, pauses, callers) and the effects (nullifiers, leaf, supply).

The verifier here accepts whatever the test says, or only the public signals the test computed: so these
tests check the signals the pool builds (the design's order, the context and publicOut it computes), not the
circuit; the tests with real proofs do that.
"""

from __future__ import annotations

from typing import Any

import pytest
from eth_abi import encode
from eth_utils import keccak
from web3.contract import Contract

from .helpers import BANK_RD, LIMIT, P, World, field, no_proof, reverts, spend

pytestmark = pytest.mark.anvil

NOTES = bytes(range(256))  # the size of two note ciphertexts (2 × (32 + 80 + 16))


def context(w: World, types: list[str], values: list[Any]) -> int:
    """docs/privacy.md: uint(keccak256(abi.encode(chainId, pool, kind, …))) mod p."""
    return int.from_bytes(keccak(encode(["uint256", *types], [w.chain.chain_id, *values])), "big") % P


def signals(s: tuple[Any, ...], ctx: int, public_out: int) -> list[int]:
    """The circuit's public signals for a Spend tuple: [n0, n1, outLeaf, ephemeralY, cipher×3, noteRoot,
    paramsHash, context, publicOut]."""
    n0, n1, out_leaf, eph, cipher, root, _size, params = s
    return [n0, n1, out_leaf, eph, *cipher, root, params, ctx, public_out]


@pytest.fixture()
def ready(w: World) -> World:
    """Both banks registered in both pools with the regulator key set, one Real Digital deposit each, one
    TPFt deposit by BANK_A, and the verifier accepting."""
    for pool in (w.rd_pool, w.tpft_pool):
        w.set_regulator_key(pool)
        w.register(pool, "BANK_A")
        w.register(pool, "BANK_B")
    w.deposit_rd("BANK_A", 1_000)
    w.deposit_rd("BANK_B", 2_000)
    w.deposit_tpft("BANK_A", 500)
    w.tx(w.verifier.functions.setAccept(True), "BCB")
    return w


def transfer(
    w: World, pool: Contract, s: tuple[Any, ...], notes: bytes = NOTES, sender: str = "BANK_A"
) -> Any:
    return w.tx(pool.functions.transfer(no_proof(), s, notes), sender)


def test_transfer_proves_the_designs_signals_and_applies_the_spend(ready: World) -> None:
    w, pool = ready, ready.rd_pool
    s = spend(w, pool)
    ctx = context(w, ["address", "uint256", "bytes32"], [pool.address, 1, keccak(NOTES)])
    assert pool.functions.transferContext(NOTES).call() == ctx
    w.tx(w.verifier.functions.expectSignals(signals(s, ctx, 0)), "BCB")
    with reverts("InvalidProof"):  # other notes, another context
        transfer(w, pool, s, NOTES[:-1] + b"\0")
    receipt = transfer(w, pool, s)
    [ev] = w.events(pool, "Transferred", receipt)
    assert ev["args"]["leafIndex"] == 2
    assert tuple(ev["args"]["spend"].values())[:3] == s[:3]
    assert ev["args"]["notes"] == NOTES
    assert pool.functions.nullifierUsed(s[0]).call() and pool.functions.nullifierUsed(s[1]).call()
    assert pool.functions.noteTreeSize().call() == 3
    assert pool.functions.shieldedSupply(0).call() == 3_000  # a transfer moves no supply


def test_withdraw_binds_recipient_and_public_out_and_pays(ready: World) -> None:
    w, pool = ready, ready.rd_pool
    b = w.addr("BANK_B")
    s = spend(w, pool)
    ctx = context(w, ["address", "uint256", "address", "bytes32"], [pool.address, 2, b, keccak(NOTES)])
    assert pool.functions.withdrawContext(b, NOTES).call() == ctx
    w.tx(w.verifier.functions.expectSignals(signals(s, ctx, 700)), "BCB")
    with reverts("InvalidProof"):  # paid to someone else: another context
        w.tx(pool.functions.withdraw(no_proof(), s, NOTES, w.addr("BANK_A"), 0, 700), "BANK_A")
    with reverts("InvalidProof"):  # another amount: another publicOut
        w.tx(pool.functions.withdraw(no_proof(), s, NOTES, b, 0, 701), "BANK_A")
    receipt = w.tx(pool.functions.withdraw(no_proof(), s, NOTES, b, 0, 700), "BANK_A")
    assert w.rd.functions.balanceOf(b).call() == BANK_RD - 2_000 + 700
    assert pool.functions.shieldedSupply(0).call() == 2_300
    [ev] = w.events(pool, "Withdrawn", receipt)
    assert (ev["args"]["recipient"], ev["args"]["asset"], ev["args"]["amount"]) == (b, 0, 700)


def test_tpft_withdraw_public_out_carries_the_series(ready: World) -> None:
    w, pool, sid = ready, ready.tpft_pool, ready.series_id
    a = w.addr("BANK_A")
    s = spend(w, pool)
    ctx = context(w, ["address", "uint256", "address", "bytes32"], [pool.address, 2, a, keccak(NOTES)])
    w.tx(w.verifier.functions.expectSignals(signals(s, ctx, 200 + (sid << 64))), "BCB")
    before = w.tpft.functions.balanceOf(a, sid).call()
    w.tx(pool.functions.withdraw(no_proof(), s, NOTES, a, sid, 200), "BANK_B")
    assert w.tpft.functions.balanceOf(a, sid).call() == before + 200
    assert pool.functions.shieldedSupply(sid).call() == 300


def test_withdraw_is_checked_before_the_proof(ready: World) -> None:
    w, pool = ready, ready.rd_pool
    b = w.addr("BANK_B")
    s = spend(w, pool)
    with reverts("InsufficientShieldedSupply", 0, 3_000, 3_001):
        w.tx(pool.functions.withdraw(no_proof(), s, NOTES, b, 0, 3_001), "BANK_A")
    with reverts("InvalidAmount", LIMIT):
        w.tx(pool.functions.withdraw(no_proof(), s, NOTES, b, 0, LIMIT), "BANK_A")
    with reverts("InvalidAmount", 0):
        w.tx(pool.functions.withdraw(no_proof(), s, NOTES, b, 0, 0), "BANK_A")
    with reverts("InvalidAsset", 7):
        w.tx(pool.functions.withdraw(no_proof(), s, NOTES, b, 7, 1), "BANK_A")
    with reverts("InvalidRecipient"):
        w.tx(pool.functions.withdraw(no_proof(), s, NOTES, "0x" + "00" * 20, 0, 1), "BANK_A")
    with reverts("AccountNotEnabled", w.addr("CUSTOMER_B2")):  # Real Digital's own rule, all reverted
        w.tx(pool.functions.withdraw(no_proof(), s, NOTES, w.addr("CUSTOMER_B2"), 0, 1), "BANK_A")
    assert not pool.functions.nullifierUsed(s[0]).call()


def test_a_spent_nullifier_cannot_be_spent_again(ready: World) -> None:
    w, pool = ready, ready.rd_pool
    first = spend(w, pool)
    transfer(w, pool, first)
    for reused in ([first[0], field()], [field(), first[1]]):
        with reverts("NullifierAlreadyUsed", first[0] if reused[0] == first[0] else first[1]):
            transfer(w, pool, spend(w, pool, nullifiers=reused))
    n = field()
    with reverts("DuplicateNullifier", n):
        transfer(w, pool, spend(w, pool, nullifiers=[n, n]))
    # the same field element written with p added is not a field element (no second spend through aliasing)
    with reverts("NotAFieldElement", first[0] + P):
        transfer(w, pool, spend(w, pool, nullifiers=[first[0] + P, field()]))


@pytest.mark.parametrize(
    ("position", "cipher"),
    [(2, None), (3, None), (4, 0), (4, 1), (4, 2), (5, None), (7, None)],
    ids=["outLeaf", "ephemeralY", "cipher0", "cipher1", "cipher2", "noteRoot", "paramsHash"],
)
def test_every_public_value_must_be_a_field_element(ready: World, position: int, cipher: int | None) -> None:
    w, pool = ready, ready.rd_pool
    s = list(spend(w, pool))
    bad = P + position
    if cipher is None:
        s[position] = bad
    else:
        s[4] = [bad if k == cipher else c for k, c in enumerate(s[4])]
    with reverts("NotAFieldElement", bad):
        transfer(w, pool, tuple(s))


def test_the_root_must_be_the_one_of_the_size_given(ready: World) -> None:
    w, pool = ready, ready.rd_pool
    root2 = pool.functions.rootAt(2).call()
    root1 = pool.functions.rootAt(1).call()
    assert root2 == pool.functions.currentRoot().call() and root1 != root2
    transfer(w, pool, spend(w, pool, root=root1, root_size=1))  # an older root, with its size
    for root, size in ((root2, 1), (root1, 2), (root2, 4), (root2, 0), (0, 0), (field(), 2)):
        with reverts("UnknownNoteRoot", root, size):
            transfer(w, pool, spend(w, pool, root=root, root_size=size))


def test_a_root_older_than_256_insertions_is_refused(ready: World) -> None:
    """The ring keeps the roots of the last 256 sizes: 255 insertions after size s its root still proves,
    the 256th pushes it out. Also checks the tree against the LeanIMT mirror after 258 leaves."""
    w, pool = ready, ready.rd_pool
    start = pool.functions.noteTreeSize().call()
    old = pool.functions.currentRoot().call()
    for _ in range(255):
        transfer(w, pool, spend(w, pool))
    assert pool.functions.isKnownRoot(old, start).call()
    transfer(
        w, pool, spend(w, pool, root=old, root_size=start)
    )  # the 256th insertion, still with the old root
    assert not pool.functions.isKnownRoot(old, start).call()
    assert pool.functions.rootAt(start).call() == 0
    with reverts("UnknownNoteRoot", old, start):
        transfer(w, pool, spend(w, pool, root=old, root_size=start))
    assert pool.functions.isKnownRoot(pool.functions.rootAt(start + 1).call(), start + 1).call()

    tree = w.allow_tree(pool).__class__(w.poseidon)  # an empty mirror of the note tree
    for ev in pool.events.Deposited().get_logs(from_block=0):
        tree.set(ev["args"]["leafIndex"], ev["args"]["leaf"])
    for ev in pool.events.Transferred().get_logs(from_block=0):
        tree.set(ev["args"]["leafIndex"], ev["args"]["spend"]["outLeaf"])
    assert len(tree.leaves) == pool.functions.noteTreeSize().call() == start + 256
    assert pool.functions.currentRoot().call() == tree.root()


def test_params_must_be_current_or_of_the_same_epoch(ready: World) -> None:
    w, pool = ready, ready.rd_pool
    old = pool.functions.currentParamsHash().call()
    b = w.addr("BANK_B")
    w.tx(pool.functions.freeze(b, w.siblings(pool, b)), "BCB")
    with reverts("StaleParams", old):
        transfer(w, pool, spend(w, pool, params=old))
    transfer(w, pool, spend(w, pool))
    with reverts("StaleParams", 12345):
        transfer(w, pool, spend(w, pool, params=12345))


def test_an_invalid_proof_is_refused_and_spends_nothing(ready: World) -> None:
    w, pool = ready, ready.rd_pool
    w.tx(w.verifier.functions.setAccept(False), "BCB")
    s = spend(w, pool)
    with reverts("InvalidProof"):
        transfer(w, pool, s)
    assert not pool.functions.nullifierUsed(s[0]).call()


def test_spends_respect_the_pools_and_the_tokens_pause(ready: World) -> None:
    w = ready
    w.tx(w.rd_pool.functions.pause(), "BCB")
    with reverts("EnforcedPause"):
        transfer(w, w.rd_pool, spend(w, w.rd_pool))
    w.tx(w.rd_pool.functions.unpause(), "BCB")
    w.tx(w.tpft.functions.pause(), "BCB")
    with reverts("TokenPaused", w.tpft.address):
        transfer(w, w.tpft_pool, spend(w, w.tpft_pool))
    transfer(w, w.rd_pool, spend(w, w.rd_pool))  # the other pool goes on


@pytest.mark.parametrize("caller", ["BANK_A", "BCB"])
def test_only_the_dvp_settles_legs(ready: World, caller: str) -> None:
    w, pool = ready, ready.rd_pool
    with reverts("OnlyDvP", w.addr(caller)):
        w.tx(pool.functions.settleLeg(no_proof(), spend(w, pool), NOTES, 1, b"\1" * 32), caller)


def test_the_dvp_is_set_once(w: World) -> None:
    for pool in (w.rd_pool, w.tpft_pool):
        assert pool.functions.dvp().call() == w.dvp.address
        with reverts("DvPAlreadySet", w.dvp.address):
            w.tx(pool.functions.setDvP(w.addr("BANK_A")), "BCB")


def test_gas_of_transfers_without_the_verifier(ready: World) -> None:
    """The pool's own cost of a transfer (the test verifier costs next to nothing): about 190,000 gas plus
    one Poseidon hash (about 27,000) per 1 bit of the new leaf's index. The real verifier adds its own."""
    w, pool = ready, ready.rd_pool
    gas = {}
    for _ in range(14):
        index = pool.functions.noteTreeSize().call()
        gas[index] = transfer(w, pool, spend(w, pool))["gasUsed"]
    print(f"\ngas: transfers by leaf index (test verifier) {gas}")
    assert max(gas.values()) < 300_000
