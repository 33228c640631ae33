"""PrivateDvP through the TEST-ONLY verifier: propose, cancel, the checks of settle, and both legs or nothing.

The settling test makes the verifier accept only the two legs' public signals computed here (contexts of
kinds 3 and 4), so it checks the contexts the DvP computes; the proofs themselves are the real-proof tests'.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from eth_abi import encode
from eth_utils import keccak
from web3.contract import Contract

from .helpers import P, World, field, no_proof, reverts, spend

pytestmark = pytest.mark.anvil

LEG_TYPE = (
    "(address,(uint256[2],uint256[2][2],uint256[2]),"
    "(uint256,uint256,uint256,uint256,uint256[3],uint256,uint256,uint256),bytes)"
)


def context(w: World, types: list[str], values: list[Any]) -> int:
    return int.from_bytes(keccak(encode(["uint256", *types], [w.chain.chain_id, *values])), "big") % P


def leg(w: World, pool: Contract, out_leaf: int | None = None) -> tuple[Any, ...]:
    notes = secrets.token_bytes(256)
    return (pool.address, no_proof(), spend(w, pool, out_leaf=out_leaf), notes)


def signals(lg: tuple[Any, ...], ctx: int) -> list[int]:
    n0, n1, out_leaf, eph, cipher, root, _size, params = lg[2]
    return [n0, n1, out_leaf, eph, *cipher, root, params, ctx, 0]


@pytest.fixture()
def ready(w: World) -> World:
    """BANK_A holds bonds in the TPFt pool, BANK_B Real Digital in the Real Digital pool; the verifier
    accepts."""
    for pool in (w.rd_pool, w.tpft_pool):
        w.set_regulator_key(pool)
        w.register(pool, "BANK_A")
        w.register(pool, "BANK_B")
    w.deposit_tpft("BANK_A", 1_000)
    w.deposit_rd("BANK_B", 50_000)
    w.tx(w.verifier.functions.setAccept(True), "BCB")
    return w


def test_propose_stores_only_a_hash_and_publishes_the_leg(ready: World) -> None:
    w, dvp = ready, ready.dvp
    trade, e = secrets.token_bytes(32), field()
    lg = leg(w, w.tpft_pool)
    receipt = w.tx(dvp.functions.propose(trade, lg, e, w.rd_pool.address, b"terms"), "BANK_A")
    stored = dvp.functions.proposalOf(w.addr("BANK_A"), trade).call()
    assert stored == dvp.functions.proposalHash(lg, e, w.rd_pool.address).call()
    assert stored == keccak(encode([LEG_TYPE, "uint256", "address"], [lg, e, w.rd_pool.address]))
    [ev] = w.events(dvp, "Proposed", receipt)
    assert (ev["args"]["tradeId"], ev["args"]["proposer"], ev["args"]["expectedCommitment"]) == (
        trade,
        w.addr("BANK_A"),
        e,
    )
    assert ev["args"]["leg"]["notes"] == lg[3]
    assert not w.tpft_pool.functions.nullifierUsed(lg[2][0]).call()  # nothing spent yet
    with reverts("TradeAlreadyProposed", w.addr("BANK_A"), trade):
        w.tx(dvp.functions.propose(trade, lg, e, w.rd_pool.address, b"terms"), "BANK_A")
    # a trade id is the proposer's own: another proposer may use the same
    w.tx(dvp.functions.propose(trade, leg(w, w.rd_pool), e, w.tpft_pool.address, b"terms"), "BANK_B")


def test_propose_is_checked(ready: World) -> None:
    w, dvp = ready, ready.dvp
    trade = secrets.token_bytes(32)
    with reverts("UnknownPool", w.rd.address):
        w.tx(
            dvp.functions.propose(
                trade, (w.rd.address, *leg(w, w.tpft_pool)[1:]), 1, w.rd_pool.address, b"terms"
            ),
            "BANK_A",
        )
    with reverts("UnknownPool", w.rd.address):
        w.tx(dvp.functions.propose(trade, leg(w, w.tpft_pool), 1, w.rd.address, b"terms"), "BANK_A")
    with reverts("NotAFieldElement", P):
        w.tx(dvp.functions.propose(trade, leg(w, w.tpft_pool), P, w.rd_pool.address, b"terms"), "BANK_A")


def test_only_the_proposer_cancels(ready: World) -> None:
    w, dvp = ready, ready.dvp
    trade = secrets.token_bytes(32)
    w.tx(dvp.functions.propose(trade, leg(w, w.tpft_pool), field(), w.rd_pool.address, b"terms"), "BANK_A")
    with reverts("UnknownTrade", w.addr("BANK_B"), trade):
        w.tx(dvp.functions.cancel(trade), "BANK_B")
    receipt = w.tx(dvp.functions.cancel(trade), "BANK_A")
    assert w.events(dvp, "Cancelled", receipt)[0]["args"]["proposer"] == w.addr("BANK_A")
    assert dvp.functions.proposalOf(w.addr("BANK_A"), trade).call() == b"\0" * 32
    with reverts("UnknownTrade", w.addr("BANK_A"), trade):
        w.tx(dvp.functions.cancel(trade), "BANK_A")


def _proposed(w: World) -> tuple[bytes, tuple[Any, ...], int, int, tuple[Any, ...]]:
    """BANK_A proposes its TPFt leg expecting E in the Real Digital pool; BANK_B's acceptor leg pays E."""
    trade, e, change = secrets.token_bytes(32), field(), field()
    proposer_leg = leg(w, w.tpft_pool)
    w.tx(w.dvp.functions.propose(trade, proposer_leg, e, w.rd_pool.address, b"terms"), "BANK_A")
    acceptor_leg = leg(w, w.rd_pool, out_leaf=w.poseidon(e, change))
    return trade, proposer_leg, e, change, acceptor_leg


def test_settle_refuses_what_was_not_proposed(ready: World) -> None:
    w, dvp = ready, ready.dvp
    a, b = w.addr("BANK_A"), w.addr("BANK_B")
    trade, pl, e, change, al = _proposed(w)
    with reverts("UnknownTrade", b, trade):
        w.tx(dvp.functions.settle(trade, b, pl, e, al, change), "BANK_B")
    other_notes = (*pl[:3], pl[3][:-1] + b"\0")
    with reverts("ProposalMismatch", a, trade):
        w.tx(dvp.functions.settle(trade, a, other_notes, e, al, change), "BANK_B")
    with reverts("ProposalMismatch", a, trade):
        w.tx(dvp.functions.settle(trade, a, pl, e + 1, al, change), "BANK_B")
    in_other_pool = (w.tpft_pool.address, *al[1:])
    with reverts("ProposalMismatch", a, trade):
        w.tx(dvp.functions.settle(trade, a, pl, e, in_other_pool, change), "BANK_B")
    wrong_change = change + 1
    with reverts("AcceptorLeafMismatch", al[2][2], w.poseidon(e, wrong_change)):
        w.tx(dvp.functions.settle(trade, a, pl, e, al, wrong_change), "BANK_B")
    with reverts("NotAFieldElement", P):
        w.tx(dvp.functions.settle(trade, a, pl, e, al, P), "BANK_B")


def test_settle_applies_both_legs_with_their_contexts(ready: World) -> None:
    w, dvp = ready, ready.dvp
    a = w.addr("BANK_A")
    trade, pl, e, change, al = _proposed(w)
    ctx_p = context(
        w,
        ["address", "uint256", "address", "bytes32", "uint256", "address", "bytes32"],
        [w.tpft_pool.address, 3, dvp.address, trade, e, w.rd_pool.address, keccak(pl[3])],
    )
    ctx_a = context(
        w,
        ["address", "uint256", "address", "bytes32", "bytes32"],
        [w.rd_pool.address, 4, dvp.address, trade, keccak(al[3])],
    )
    assert (
        dvp.functions.proposerContext(w.tpft_pool.address, trade, e, w.rd_pool.address, pl[3]).call() == ctx_p
    )
    assert dvp.functions.acceptorContext(w.rd_pool.address, trade, al[3]).call() == ctx_a
    w.tx(w.verifier.functions.expectSignals(signals(pl, ctx_p)), "BCB")
    w.tx(w.verifier.functions.expectSignals(signals(al, ctx_a)), "BCB")

    receipt = w.tx(dvp.functions.settle(trade, a, pl, e, al, change), "BANK_B")
    print(f"\ngas: DvP settlement (test verifier) {receipt['gasUsed']}")
    assert w.events(dvp, "Settled", receipt)[0]["args"]["settler"] == w.addr("BANK_B")
    [tpft_leg] = w.events(w.tpft_pool, "LegSettled", receipt)
    [rd_leg] = w.events(w.rd_pool, "LegSettled", receipt)
    assert tpft_leg["args"]["tradeId"] == rd_leg["args"]["tradeId"] == trade
    assert rd_leg["args"]["spend"]["outLeaf"] == w.poseidon(e, change)
    for lg, pool in ((pl, w.tpft_pool), (al, w.rd_pool)):
        assert pool.functions.nullifierUsed(lg[2][0]).call() and pool.functions.nullifierUsed(lg[2][1]).call()
    assert dvp.functions.proposalOf(a, trade).call() == b"\0" * 32
    with reverts("UnknownTrade", a, trade):
        w.tx(dvp.functions.settle(trade, a, pl, e, al, change), "BANK_B")


def test_both_legs_or_nothing(ready: World) -> None:
    w, dvp = ready, ready.dvp
    a = w.addr("BANK_A")
    trade, pl, e, change, al = _proposed(w)
    # the acceptor's first nullifier is spent meanwhile: its leg fails, and so does the proposer's
    spent = spend(w, w.rd_pool, nullifiers=[al[2][0], field()])
    w.tx(w.rd_pool.functions.transfer(no_proof(), spent, b"x"), "BANK_B")
    with reverts("NullifierAlreadyUsed", al[2][0]):
        w.tx(dvp.functions.settle(trade, a, pl, e, al, change), "BANK_B")
    assert not w.tpft_pool.functions.nullifierUsed(pl[2][0]).call()
    assert dvp.functions.proposalOf(a, trade).call() != b"\0" * 32
    # a paused pool stops the whole settlement too
    w.tx(w.tpft_pool.functions.pause(), "BCB")
    fresh = leg(w, w.rd_pool, out_leaf=w.poseidon(e, change))
    with reverts("EnforcedPause"):
        w.tx(dvp.functions.settle(trade, a, pl, e, fresh, change), "BANK_B")
    assert not w.rd_pool.functions.nullifierUsed(fresh[2][0]).call()
