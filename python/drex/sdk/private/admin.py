"""BCB's operations on the shielded pools that need the allow list's Merkle siblings: freezing an owner
(and anyone's revocation of a wallet the token disabled). The siblings come from the pool's own
``AllowListChanged`` events, so nothing but the chain is needed."""

from __future__ import annotations

from drex.errors import DrexError
from drex.privacy.notes import allow_leaf
from drex.privacy.tree import LeanIMT
from drex.sdk.platform import Platform
from drex.sdk.private.pool import ShieldedPool
from drex.sdk.private.sync import contract_events
from drex.sdk.tx import TxResult


def allow_tree(pool: ShieldedPool, *, first_block: int = 0) -> LeanIMT:
    """The pool's allow list now, rebuilt from its events."""
    from drex.sdk.private.wallet import _tree

    w3 = pool.platform.chain.w3
    leaves: dict[int, int] = {}
    for event in contract_events(w3, pool.contract, first_block, int(w3.eth.block_number)):
        if event.name == "AllowListChanged":
            leaves[int(event.args["leafIndex"])] = int(event.args["leaf"])
    tree = _tree([leaves[i] for i in range(len(leaves))])
    if tree.root != pool.allow_root():
        raise DrexError("the allow list rebuilt from the pool's events does not give the pool's root")
    return tree


def _siblings(pool: ShieldedPool, wallet: str) -> list[int]:
    owner = pool.owner_of(wallet)
    if owner is None:
        raise DrexError(f"{wallet} has not registered in the {pool.kind} pool")
    if not owner.listed:
        raise DrexError(f"{wallet} is already off the {pool.kind} pool's allow list (frozen or revoked)")
    return allow_tree(pool).update_siblings(allow_leaf(owner.owner_id, owner.owner_no))


def freeze_owner(platform: Platform, kind: str, wallet: str) -> TxResult:
    """BCB freezes ``wallet``'s notes in the ``kind`` pool."""
    pool = ShieldedPool(platform, kind)
    return pool.freeze(wallet, _siblings(pool, wallet))


def revoke_disabled(platform: Platform, kind: str, wallet: str) -> TxResult:
    """Anyone takes off the allow list a wallet the pool's token no longer enables."""
    pool = ShieldedPool(platform, kind)
    return pool.send_revoke(wallet, _siblings(pool, wallet))


__all__ = ["allow_tree", "freeze_owner", "revoke_disabled"]
