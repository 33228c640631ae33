"""The pools' registry: registration, the allow list, freezing, revocation and the parameters' epoch rule.

docs/privacy.md: a wallet enabled on the pool's token registers one owner per pool and gets the next owner
number; the allow list is a LeanIMT of Poseidon(ownerId, ownerNo); a freeze or a revocation sets the leaf to
zero and invalidates every older paramsHash, an addition keeps them; a new regulator key invalidates all.
"""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import BASE8, P, World, field, note_key, reverts

pytestmark = pytest.mark.anvil

ADMIN = b"\0" * 32


def owner(w: World, pool_name: str, role: str) -> tuple[Any, ...]:
    """(ownerId, noteKey, ownerNo, listed, frozen) of ``role``'s wallet in the pool."""
    pool = w.rd_pool if pool_name == "rd" else w.tpft_pool
    return tuple(pool.functions.ownerOf(w.addr(role)).call())


def test_register_gives_owner_numbers_and_appends_allow_leaves(w: World) -> None:
    pool = w.rd_pool
    key_a = note_key()
    oid_a = field()
    receipt = w.tx(pool.functions.register(oid_a, key_a), "BANK_A")
    assert owner(w, "rd", "BANK_A") == (oid_a, key_a, 1, True, False)
    assert pool.functions.walletOfOwner(oid_a).call() == w.addr("BANK_A")
    [reg] = w.events(pool, "OwnerRegistered", receipt)
    assert (reg["args"]["wallet"], reg["args"]["ownerId"], reg["args"]["ownerNo"]) == (
        w.addr("BANK_A"),
        oid_a,
        1,
    )
    leaf_a = w.poseidon(oid_a, 1)
    [change] = w.events(pool, "AllowListChanged", receipt)
    assert (change["args"]["leafIndex"], change["args"]["leaf"], change["args"]["allowRoot"]) == (
        0,
        leaf_a,
        leaf_a,
    )

    oid_b = w.register(pool, "BANK_B")
    assert owner(w, "rd", "BANK_B")[2] == 2
    assert pool.functions.ownerCount().call() == 2
    assert pool.functions.allowListSize().call() == 2
    assert pool.functions.allowRoot().call() == w.poseidon(leaf_a, w.poseidon(oid_b, 2))


def test_each_pool_has_its_own_registry(w: World) -> None:
    oid = w.register(w.rd_pool, "BANK_A")
    assert w.tpft_pool.functions.ownerOf(w.addr("BANK_A")).call()[0] == 0
    w.register(w.tpft_pool, "BANK_A", oid)  # the same owner id, in the other pool
    assert owner(w, "tpft", "BANK_A")[2] == 1


@pytest.mark.parametrize("pool_name", ["rd", "tpft"])
def test_a_wallet_the_token_does_not_enable_cannot_register(w: World, pool_name: str) -> None:
    pool = w.rd_pool if pool_name == "rd" else w.tpft_pool
    with reverts("WalletNotEnabled", w.addr("CUSTOMER_B2")):
        w.tx(pool.functions.register(field(), note_key()), "CUSTOMER_B2")


def test_one_owner_per_wallet(w: World) -> None:
    oid = w.register(w.rd_pool, "BANK_A")
    with reverts("WalletAlreadyRegistered", w.addr("BANK_A"), oid):
        w.tx(w.rd_pool.functions.register(field(), note_key()), "BANK_A")


def test_owner_ids_are_unique(w: World) -> None:
    oid = w.register(w.rd_pool, "BANK_A")
    with reverts("OwnerIdTaken", oid, w.addr("BANK_A")):
        w.tx(w.rd_pool.functions.register(oid, note_key()), "BANK_B")


def test_registration_values_are_checked(w: World) -> None:
    pool = w.rd_pool
    key = note_key()
    with reverts("InvalidRegistration", 0, key):
        w.tx(pool.functions.register(0, key), "BANK_A")
    with reverts("InvalidRegistration", 5, b"\0" * 32):
        w.tx(pool.functions.register(5, b"\0" * 32), "BANK_A")
    with reverts("NotAFieldElement", P):
        w.tx(pool.functions.register(P, key), "BANK_A")


def test_no_params_are_accepted_before_the_regulator_key(w: World) -> None:
    pool = w.rd_pool
    w.register(pool, "BANK_A")
    with reverts("InvalidRegulatorKey", 0, 0):
        w.view(pool.functions.currentParamsHash())
    root = pool.functions.allowRoot().call()
    assert not pool.functions.isValidParams(0).call()
    w.set_regulator_key(pool)
    params = pool.functions.currentParamsHash().call()
    assert params == w.poseidon(root, w.poseidon(*BASE8))
    assert pool.functions.isValidParams(params).call()
    assert pool.functions.regulatorKey().call() == list(BASE8)


def test_additions_keep_older_params_and_a_freeze_invalidates_them(w: World) -> None:
    pool = w.rd_pool
    w.set_regulator_key(pool)
    w.register(pool, "BANK_A")
    first = pool.functions.currentParamsHash().call()
    w.register(pool, "BANK_B")
    second = pool.functions.currentParamsHash().call()
    assert second != first
    assert pool.functions.isValidParams(first).call() and pool.functions.isValidParams(second).call()

    receipt = w.tx(pool.functions.freeze(w.addr("BANK_B"), w.siblings(pool, w.addr("BANK_B"))), "BCB")
    [change] = w.events(pool, "AllowListChanged", receipt)
    assert (change["args"]["leafIndex"], change["args"]["leaf"]) == (1, 0)
    assert len(w.events(pool, "OwnerFrozen", receipt)) == 1
    assert owner(w, "rd", "BANK_B")[3:] == (False, True)
    frozen = pool.functions.currentParamsHash().call()
    assert not pool.functions.isValidParams(first).call()
    assert not pool.functions.isValidParams(second).call()
    assert pool.functions.isValidParams(frozen).call()
    assert pool.functions.allowRoot().call() == w.allow_tree(pool).root()

    receipt = w.tx(pool.functions.unfreeze(w.addr("BANK_B")), "BCB")
    [change] = w.events(pool, "AllowListChanged", receipt)
    assert (change["args"]["leafIndex"], change["args"]["leaf"]) == (
        2,
        w.poseidon(owner(w, "rd", "BANK_B")[0], 2),
    )
    assert owner(w, "rd", "BANK_B")[3:] == (True, False)
    unfrozen = pool.functions.currentParamsHash().call()
    assert pool.functions.isValidParams(frozen).call()  # an addition keeps the epoch
    assert pool.functions.isValidParams(unfrozen).call()
    assert not pool.functions.isValidParams(second).call()
    assert pool.functions.allowRoot().call() == w.allow_tree(pool).root()


def test_a_new_regulator_key_invalidates_every_older_params(w: World) -> None:
    pool = w.rd_pool
    w.set_regulator_key(pool)
    w.register(pool, "BANK_A")
    old = pool.functions.currentParamsHash().call()
    other = (P - BASE8[0], BASE8[1])  # -Base8, also on the curve
    receipt = w.tx(pool.functions.setRegulatorKey(*other), "BCB")
    assert w.events(pool, "RegulatorKeySet", receipt)[0]["args"]["x"] == other[0]
    assert not pool.functions.isValidParams(old).call()
    new = pool.functions.currentParamsHash().call()
    assert new == w.poseidon(pool.functions.allowRoot().call(), w.poseidon(*other))
    assert pool.functions.isValidParams(new).call()


def _small_order(order: int) -> tuple[int, int]:
    """A BabyJubJub point of exactly ``order`` (4 or 8): ``l`` times a point off the prime subgroup."""
    from drex.privacy.crypto.babyjub import IDENTITY, SUBGROUP_ORDER, Point, mul, x_from_y

    for y in range(2, 500):
        x = x_from_y(y)
        if x is None:
            continue
        q = mul(SUBGROUP_ORDER, Point(x, y))
        if mul(order, q) == IDENTITY and mul(order // 2, q) != IDENTITY:
            return (q.x, q.y)
    raise AssertionError(f"no point of order {order} found")


@pytest.mark.parametrize(
    "point",
    [
        (BASE8[0], BASE8[1] + 1),
        (0, 1),
        (0, P - 1),
        (BASE8[0] + P, BASE8[1]),
        (1, 1),
        _small_order(4),
        _small_order(8),
    ],
    ids=["off-curve", "identity", "order-2", "x-not-field", "junk", "order-4", "order-8"],
)
def test_set_regulator_key_refuses_points_not_on_babyjubjub(w: World, point: tuple[int, int]) -> None:
    with reverts("InvalidRegulatorKey", *point):
        w.tx(w.rd_pool.functions.setRegulatorKey(*point), "BCB")


@pytest.mark.parametrize(
    "call",
    ["setRegulatorKey", "freeze", "unfreeze", "pause", "setDvP"],
)
def test_admin_functions_are_refused_to_anyone_else(w: World, call: str) -> None:
    pool = w.rd_pool
    fn = {
        "setRegulatorKey": lambda: pool.functions.setRegulatorKey(*BASE8),
        "freeze": lambda: pool.functions.freeze(w.addr("BANK_B"), []),
        "unfreeze": lambda: pool.functions.unfreeze(w.addr("BANK_B")),
        "pause": lambda: pool.functions.pause(),
        "setDvP": lambda: pool.functions.setDvP(w.addr("BANK_A")),
    }[call]()
    with reverts("AccessControlUnauthorizedAccount", w.addr("BANK_A"), ADMIN):
        w.tx(fn, "BANK_A")


def test_freeze_and_unfreeze_are_checked(w: World) -> None:
    pool = w.rd_pool
    with reverts("WalletNotRegistered", w.addr("BANK_A")):
        w.tx(pool.functions.freeze(w.addr("BANK_A"), []), "BCB")
    w.register(pool, "BANK_A")
    w.register(pool, "BANK_B")
    with reverts("OwnerNotFrozen", w.addr("BANK_A")):
        w.tx(pool.functions.unfreeze(w.addr("BANK_A")), "BCB")
    with reverts("WrongSiblingNodes"):
        w.tx(pool.functions.freeze(w.addr("BANK_A"), [12345]), "BCB")
    w.tx(pool.functions.freeze(w.addr("BANK_A"), w.siblings(pool, w.addr("BANK_A"))), "BCB")
    with reverts("OwnerIsFrozen", w.addr("BANK_A")):
        w.tx(pool.functions.freeze(w.addr("BANK_A"), []), "BCB")
    with reverts("OwnerIsFrozen", w.addr("BANK_A")):
        w.tx(pool.functions.reinstate(w.addr("BANK_A")), "BANK_B")


def test_revoke_disabled_only_when_the_token_disabled_the_wallet(w: World) -> None:
    pool = w.rd_pool
    w.set_regulator_key(pool)
    w.register(pool, "BANK_A")
    w.register(pool, "BANK_B")
    a = w.addr("BANK_A")
    before = pool.functions.currentParamsHash().call()
    with reverts("WalletStillEnabled", a):
        w.tx(pool.functions.revokeDisabled(a, w.siblings(pool, a)), "BANK_B")

    w.tx(w.rd.functions.disableAccount(a), "BCB")
    siblings = w.siblings(pool, a)
    receipt = w.tx(pool.functions.revokeDisabled(a, siblings), "BANK_B")
    [ev] = w.events(pool, "OwnerRevoked", receipt)
    assert (ev["args"]["wallet"], ev["args"]["by"]) == (a, w.addr("BANK_B"))
    assert owner(w, "rd", "BANK_A")[3:] == (False, False)
    assert not pool.functions.isValidParams(before).call()
    assert pool.functions.allowRoot().call() == w.allow_tree(pool).root()
    with reverts("OwnerNotListed", a):
        w.tx(pool.functions.revokeDisabled(a, siblings), "BANK_B")

    # back on the token: anyone reinstates it, at a new leaf index
    with reverts("WalletNotEnabled", a):
        w.tx(pool.functions.reinstate(a), "BANK_B")
    w.tx(w.rd.functions.enableAccount(a), "BCB")
    receipt = w.tx(pool.functions.reinstate(a), "BANK_B")
    assert len(w.events(pool, "OwnerReinstated", receipt)) == 1
    assert w.events(pool, "AllowListChanged", receipt)[0]["args"]["leafIndex"] == 2
    assert owner(w, "rd", "BANK_A")[3:] == (True, False)
    with reverts("OwnerAlreadyListed", a):
        w.tx(pool.functions.reinstate(a), "BANK_B")


def test_revoke_on_tpft_follows_tpft_enabling(w: World) -> None:
    pool = w.tpft_pool
    w.register(pool, "BANK_A")
    a = w.addr("BANK_A")
    w.tx(w.tpft.functions.disableAddress(a), "BCB")
    w.tx(pool.functions.revokeDisabled(a, w.siblings(pool, a)), "STN")
    assert owner(w, "tpft", "BANK_A")[3] is False
    assert pool.functions.allowRoot().call() == 0  # its only leaf is zero


def test_unfreeze_of_a_wallet_the_token_disabled_waits_for_reinstate(w: World) -> None:
    pool = w.rd_pool
    w.register(pool, "BANK_A")
    a = w.addr("BANK_A")
    w.tx(pool.functions.freeze(a, w.siblings(pool, a)), "BCB")
    w.tx(w.rd.functions.disableAccount(a), "BCB")
    receipt = w.tx(pool.functions.unfreeze(a), "BCB")
    assert w.events(pool, "AllowListChanged", receipt) == []
    assert owner(w, "rd", "BANK_A")[3:] == (False, False)
    w.tx(w.rd.functions.enableAccount(a), "BCB")
    w.tx(pool.functions.reinstate(a), "BANK_B")
    assert owner(w, "rd", "BANK_A")[3] is True


def test_allow_list_mirror_matches_through_a_history_of_changes(w: World) -> None:
    """The events alone rebuild the allow list (what a wallet does): same root after every change."""
    pool = w.rd_pool
    for role in ("BANK_A", "BANK_B", "BCB", "STN"):
        if role in ("BCB", "STN"):
            assert w.rd.functions.verifyAccount(w.addr(role)).call()
        w.register(pool, role)
    for role in ("BANK_B", "STN", "BANK_A"):
        w.tx(pool.functions.freeze(w.addr(role), w.siblings(pool, w.addr(role))), "BCB")
        assert pool.functions.allowRoot().call() == w.allow_tree(pool).root()
    for role in ("STN", "BANK_B"):
        w.tx(pool.functions.unfreeze(w.addr(role)), "BCB")
        assert pool.functions.allowRoot().call() == w.allow_tree(pool).root()
    assert pool.functions.allowListSize().call() == 6
