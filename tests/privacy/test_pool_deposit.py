"""Deposits into the Real Digital and TPFt pools: balances, shielded supply, the leaf, the refusals, the gas.

A deposit moves the caller's public balance into the pool (the token's rules apply) and appends
Poseidon(Poseidon(amount, ownerId, salt, asset), 0) for the caller's own registered, listed, unfrozen owner.
"""

from __future__ import annotations

import pytest
from eth_utils import keccak

from .helpers import BANK_BONDS, BANK_RD, LIMIT, P, World, field, reverts

pytestmark = pytest.mark.anvil

#: What a deposit may cost (measured about 300,000 on a fresh pool: two Poseidon calls, the tree, the token).
DEPOSIT_GAS_LIMIT = 400_000


def test_rd_deposit_moves_real_digital_and_appends_the_note_leaf(w: World) -> None:
    oid = w.register(w.rd_pool, "BANK_A")
    salt = field()
    receipt = w.deposit_rd("BANK_A", 12_345, salt)
    assert w.rd.functions.balanceOf(w.addr("BANK_A")).call() == BANK_RD - 12_345
    assert w.rd.functions.balanceOf(w.rd_pool.address).call() == 12_345
    assert w.rd_pool.functions.shieldedSupply(0).call() == 12_345
    [ev] = w.events(w.rd_pool, "Deposited", receipt)
    commitment = w.poseidon(12_345, oid, salt, 0)
    leaf = w.poseidon(commitment, 0)
    assert dict(ev["args"]) == {
        "wallet": w.addr("BANK_A"),
        "asset": 0,
        "amount": 12_345,
        "salt": salt,
        "commitment": commitment,
        "leaf": leaf,
        "leafIndex": 0,
    }
    assert w.rd_pool.functions.currentRoot().call() == leaf
    assert w.rd_pool.functions.noteTreeSize().call() == 1
    assert w.rd_pool.functions.isKnownRoot(leaf, 1).call()


def test_tpft_deposit_moves_bonds_of_the_series_into_the_pool(w: World) -> None:
    oid = w.register(w.tpft_pool, "BANK_B")
    salt = field()
    receipt = w.deposit_tpft("BANK_B", 50_000, salt)
    sid = w.series_id
    assert w.tpft.functions.balanceOf(w.addr("BANK_B"), sid).call() == BANK_BONDS - 50_000
    assert w.tpft.functions.balanceOf(w.tpft_pool.address, sid).call() == 50_000
    assert w.tpft_pool.functions.shieldedSupply(sid).call() == 50_000
    [ev] = w.events(w.tpft_pool, "Deposited", receipt)
    assert ev["args"]["commitment"] == w.poseidon(50_000, oid, salt, sid)
    assert ev["args"]["asset"] == sid
    w.deposit_tpft("BANK_B", 1)
    assert w.tpft_pool.functions.shieldedSupply(sid).call() == 50_001


def test_deposits_append_leaves_and_keep_the_supply_per_asset(w: World) -> None:
    w.register(w.rd_pool, "BANK_A")
    w.register(w.rd_pool, "BANK_B")
    leaves = []
    for i, role in enumerate(["BANK_A", "BANK_B", "BANK_A"]):
        receipt = w.deposit_rd(role, 100 + i)
        leaves.append(w.events(w.rd_pool, "Deposited", receipt)[0]["args"]["leaf"])
    assert w.rd_pool.functions.shieldedSupply(0).call() == 303
    assert w.rd_pool.functions.currentRoot().call() == w.poseidon(w.poseidon(leaves[0], leaves[1]), leaves[2])


def test_deposit_needs_a_registered_listed_unfrozen_owner(w: World) -> None:
    a = w.addr("BANK_A")
    with reverts("WalletNotRegistered", a):
        w.deposit_rd("BANK_A", 1)
    w.register(w.rd_pool, "BANK_A")
    w.tx(w.rd_pool.functions.freeze(a, w.siblings(w.rd_pool, a)), "BCB")
    with reverts("OwnerIsFrozen", a):
        w.deposit_rd("BANK_A", 1)
    w.tx(w.rd_pool.functions.unfreeze(a), "BCB")
    w.deposit_rd("BANK_A", 1)


def test_deposit_from_a_wallet_the_token_disabled_is_refused(w: World) -> None:
    a = w.addr("BANK_A")
    w.register(w.rd_pool, "BANK_A")
    w.tx(w.rd.functions.disableAccount(a), "BCB")
    with reverts("AccountNotEnabled", a):  # Real Digital's own rule
        w.deposit_rd("BANK_A", 1)
    w.tx(w.rd_pool.functions.revokeDisabled(a, w.siblings(w.rd_pool, a)), "BANK_B")
    with reverts("OwnerNotListed", a):
        w.deposit_rd("BANK_A", 1)


def test_deposit_respects_the_pools_and_the_tokens_pause(w: World) -> None:
    w.register(w.rd_pool, "BANK_A")
    w.register(w.tpft_pool, "BANK_A")
    w.tx(w.rd_pool.functions.pause(), "BCB")
    with reverts("EnforcedPause"):
        w.deposit_rd("BANK_A", 1)
    w.tx(w.rd_pool.functions.unpause(), "BCB")
    w.tx(w.rd.functions.pause(), "BCB")
    with reverts("TokenPaused", w.rd.address):
        w.deposit_rd("BANK_A", 1)
    w.tx(w.tpft.functions.pause(), "BCB")
    with reverts("TokenPaused", w.tpft.address):
        w.deposit_tpft("BANK_A", 1)
    w.tx(w.tpft.functions.unpause(), "BCB")
    # a series paused for operations: TPFt's own rule
    w.tx(w.tpft.functions.grantRole(keccak(text="REPAYMENT_ROLE"), w.addr("BCB")), "BCB")
    w.tx(w.tpft.functions.setTpftIdToPaused(w.series_id, True), "BCB")
    with reverts("TPFtIdPaused", w.series_id):
        w.deposit_tpft("BANK_A", 1)


def test_deposit_values_are_checked(w: World) -> None:
    w.register(w.rd_pool, "BANK_A")
    w.register(w.tpft_pool, "BANK_A")
    for amount in (0, LIMIT, LIMIT + 1):
        with reverts("InvalidAmount", amount):
            w.deposit_rd("BANK_A", amount)
    with reverts("NotAFieldElement", P):
        w.deposit_rd("BANK_A", 1, P)
    with reverts("InvalidAsset", 1):
        w.tx(w.rd_pool.functions.deposit(1, 1, 1), "BANK_A")
    for asset in (0, LIMIT):
        with reverts("InvalidAsset", asset):
            w.tx(w.tpft_pool.functions.deposit(asset, 1, 1), "BANK_A")


def test_deposit_respects_frozen_balances_and_approvals(w: World) -> None:
    a = w.addr("BANK_A")
    w.register(w.rd_pool, "BANK_A")
    w.register(w.tpft_pool, "BANK_A")
    w.tx(w.rd.functions.increaseFrozenBalance(a, BANK_RD - 10), "BCB")
    with reverts("InsufficientUnfrozenBalance", a, 10, 11):
        w.deposit_rd("BANK_A", 11)
    w.deposit_rd("BANK_A", 10)
    # TPFt: BCB lets itself freeze positions and freezes all but 10 bonds of the series
    w.tx(w.tpft.functions.allowFreezingPlacement(w.addr("BCB")), "BCB")
    series = w.tpft.functions.getTPFtData(w.series_id).call()
    w.tx(w.tpft.functions.increaseFrozenBalance(a, series, BANK_BONDS - 10), "BCB")
    with reverts("TPFtInsufficientUnfrozenBalance", a, w.series_id, 10, 11):
        w.deposit_tpft("BANK_A", 11)
    w.deposit_tpft("BANK_A", 10)
    w.tx(w.tpft.functions.setApprovalForAll(w.tpft_pool.address, False), "BANK_A")
    with reverts("ERC1155MissingApprovalForAll", w.tpft_pool.address, a):
        w.deposit_tpft("BANK_A", 1)


def test_the_tpft_pool_refuses_bonds_it_did_not_pull(w: World) -> None:
    a = w.addr("BANK_A")
    transfer = w.tpft.functions.safeTransferFrom(a, w.tpft_pool.address, w.series_id, 1, b"")
    with reverts("UnsolicitedTransfer", a):
        w.tx(transfer, "BANK_A")
    batch = w.tpft.functions.safeBatchTransferFrom(a, w.tpft_pool.address, [w.series_id], [1], b"")
    with reverts("UnsolicitedTransfer", a):
        w.tx(batch, "BANK_A")


def test_gas_of_deposits(w: World) -> None:
    w.register(w.rd_pool, "BANK_A")
    w.register(w.tpft_pool, "BANK_A")
    rd = [w.deposit_rd("BANK_A", 100)["gasUsed"] for _ in range(4)]
    tpft = [w.deposit_tpft("BANK_A", 100)["gasUsed"] for _ in range(4)]
    print(f"\ngas: Real Digital deposits {rd}, TPFt deposits {tpft}")
    assert max(rd + tpft) < DEPOSIT_GAS_LIMIT
