"""The central bank's view of the shielded pools, rebuilt from chain data and the regulator's key alone.

:func:`supervise` reads every event of a pool and decrypts each private operation's supervision words
(:func:`drex.privacy.regulator.decrypt_supervision`): who sent, who received, how much of which asset, and,
with the sender's nullifying key, exactly which notes were spent. It returns every operation, every
note with its owner and whether it is spent, each owner's private balance per asset, and the
reconciliation the pool must always pass: the unspent notes of each asset add up to the pool's
``shieldedSupply`` and to the token balance the pool holds. An operation whose words do not decrypt to
the circuit's shape (a wrong key) is reported as unreadable, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from hexbytes import HexBytes

from drex.privacy.notes import nullifier
from drex.privacy.regulator import RegulatorKey
from drex.sdk.private.pool import ShieldedPool, Spend
from drex.sdk.private.sync import JOINSPLIT_EVENTS, contract_events


@dataclass
class SupervisedNote:
    """A note as the regulator knows it."""

    leaf_index: int
    side: int
    leaf: int
    owner_no: int
    value: int
    asset: int
    created_tx: str
    spent_tx: str | None = None


@dataclass
class SupervisedOperation:
    """One pool operation: kind (deposit, transfer, withdraw, dvp-leg), transaction, submitter, sender
    and receivers (owner numbers), values, asset, the notes it spent and, for withdrawals, the amount out."""

    kind: str
    tx: str
    block: int
    submitter: str
    sender_no: int
    receivers: tuple[int, int]
    values: tuple[int, int]
    asset: int
    spent: list[tuple[int, int]] = field(default_factory=list)
    withdrawn: int = 0
    readable: bool = True


@dataclass
class SupervisionReport:
    """Everything :func:`supervise` found in one pool."""

    pool: str
    owners: dict[int, tuple[str, int]]  # owner number -> (wallet, owner id)
    notes: dict[tuple[int, int], SupervisedNote]
    operations: list[SupervisedOperation]
    shielded_supply: dict[int, int]
    token_balance: dict[int, int]

    def balances(self) -> dict[tuple[str, int], int]:
        """(wallet, asset) -> units in unspent notes."""
        out: dict[tuple[str, int], int] = defaultdict(int)
        for note in self.notes.values():
            if note.spent_tx is None and note.value:
                wallet = self.owners.get(note.owner_no, (f"owner #{note.owner_no}", 0))[0]
                out[(wallet, note.asset)] += note.value
        return dict(out)

    def unspent_by_asset(self) -> dict[int, int]:
        out: dict[int, int] = defaultdict(int)
        for note in self.notes.values():
            if note.spent_tx is None:
                out[note.asset] += note.value
        return dict(out)

    def reconciled(self) -> bool:
        """Whether, for every asset, unspent notes = shieldedSupply = the pool's token balance, and every
        operation was readable."""
        unspent = self.unspent_by_asset()
        assets = set(unspent) | set(self.shielded_supply) | set(self.token_balance)
        same = all(
            unspent.get(a, 0) == self.shielded_supply.get(a, 0) == self.token_balance.get(a, 0)
            for a in assets
        )
        return same and all(op.readable for op in self.operations)


def supervise(pool: ShieldedPool, key: RegulatorKey, *, first_block: int = 0) -> SupervisionReport:
    """Decrypt every operation of ``pool`` with the regulator's ``key`` and reconcile the pool."""
    w3 = pool.platform.chain.w3
    head = int(w3.eth.block_number)
    owners: dict[int, tuple[str, int]] = {}
    owner_no_of: dict[str, int] = {}  # wallet -> owner number
    nks: dict[int, int] = {}
    notes: dict[tuple[int, int], SupervisedNote] = {}
    operations: list[SupervisedOperation] = []
    submitters: dict[str, str] = {}

    def submitter(tx: str) -> str:
        if tx not in submitters:
            submitters[tx] = str(w3.eth.get_transaction(HexBytes(tx))["from"])
        return submitters[tx]

    for event in contract_events(w3, pool.contract, first_block, head):
        args: Any = event.args
        name, tx, block = event.name, event.tx, event.block
        if name == "OwnerRegistered":
            owners[int(args["ownerNo"])] = (str(args["wallet"]), int(args["ownerId"]))
            owner_no_of[str(args["wallet"])] = int(args["ownerNo"])
        elif name == "Deposited":
            owner_no = owner_no_of.get(str(args["wallet"]), 0)
            index, value, asset = int(args["leafIndex"]), int(args["amount"]), int(args["asset"])
            notes[(index, 0)] = SupervisedNote(index, 0, int(args["leaf"]), owner_no, value, asset, tx)
            operations.append(
                SupervisedOperation(
                    "deposit", tx, block, submitter(tx), owner_no, (owner_no, 0), (value, 0), asset
                )
            )
        elif name in JOINSPLIT_EVENTS:
            operations.append(_joinsplit(name, args, tx, block, submitter(tx), key, notes, nks))
    supply: dict[int, int] = {}
    balance: dict[int, int] = {}
    assets = {n.asset for n in notes.values()} or {0}
    for asset in assets:
        supply[asset] = pool.shielded_supply(asset)
        balance[asset] = _token_balance(pool, asset)
    return SupervisionReport(pool.address, owners, notes, operations, supply, balance)


def _joinsplit(
    name: str,
    args: Any,
    tx: str,
    block: int,
    submitter: str,
    key: RegulatorKey,
    notes: dict[tuple[int, int], SupervisedNote],
    nks: dict[int, int],
) -> SupervisedOperation:
    kind = {"Transferred": "transfer", "Withdrawn": "withdraw", "LegSettled": "dvp-leg"}[name]
    spend = Spend.from_event(args["spend"])
    index = int(args["leafIndex"])
    words = key.decrypt(spend.ephemeral_y, spend.cipher)
    withdrawn = int(args["amount"]) if name == "Withdrawn" else 0
    if not words.plausible():
        return SupervisedOperation(
            kind, tx, block, submitter, 0, (0, 0), (0, 0), 0, withdrawn=withdrawn, readable=False
        )
    nks[words.sender_no] = words.nullifying_key
    op = SupervisedOperation(
        kind,
        tx,
        block,
        submitter,
        words.sender_no,
        words.out_nos,
        words.out_values,
        words.asset,
        withdrawn=withdrawn,
    )
    wanted = set(spend.nullifiers)
    for note in notes.values():
        if note.owner_no != words.sender_no or note.spent_tx is not None:
            continue
        if nullifier(note.leaf, note.side, words.nullifying_key) in wanted:
            note.spent_tx = tx
            op.spent.append((note.leaf_index, note.side))
    for side in (0, 1):
        notes[(index, side)] = SupervisedNote(
            index, side, spend.out_leaf, words.out_nos[side], words.out_values[side], words.asset, tx
        )
    return op


def _token_balance(pool: ShieldedPool, asset: int) -> int:
    from drex.build.artifacts import load_artifact

    w3 = pool.platform.chain.w3
    if pool.kind == "rd":
        token = w3.eth.contract(address=pool.token(), abi=load_artifact("RealDigital")["abi"])
        return int(token.functions.balanceOf(pool.address).call())
    token = w3.eth.contract(address=pool.token(), abi=load_artifact("TPFt")["abi"])
    return int(token.functions.balanceOf(pool.address, asset).call())


__all__ = ["SupervisedNote", "SupervisedOperation", "SupervisionReport", "supervise"]
