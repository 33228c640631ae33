"""An institution's private wallet: its shielded keys, its note database, and the operations on the pools.

:class:`PrivateWallet` registers the institution in a pool, deposits public balance into notes, pays other
registered participants privately, withdraws, and lists its notes and private balance. Every operation
first brings the wallet's view of the pool up to date (:func:`~drex.sdk.private.sync.sync`), chooses at most
two unspent notes, builds the circuit's input (:mod:`drex.privacy.witness`), proves it
(:class:`~drex.privacy.prover.Prover`), checks that the proof's public signals are the ones predicted, and
sends the transaction. A payment needing more than two notes first merges the smallest ones into one
(a private transfer to itself), so any balance can be spent.

Amounts are integer units: centavos of Real Digital (``rd`` pool), bond units of one TPFt series
(``tpft`` pool, ``asset`` = the TPFt id).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eth_account.signers.local import LocalAccount
from sqlalchemy import select

from drex.errors import DrexError
from drex.paths import state_dir
from drex.privacy.crypto.babyjub import Point
from drex.privacy.crypto.keys import ShieldedKeys, derive_shielded_keys
from drex.privacy.crypto.noteenc import encrypt_notes
from drex.privacy.notes import Note, allow_leaf
from drex.privacy.prover import Prover
from drex.privacy.prover.proof import Proof
from drex.privacy.tree import LeanIMT
from drex.privacy.witness import (
    ContextKind,
    InputNote,
    OutputNote,
    build_witness,
    context_of,
    params_hash,
)
from drex.sdk.platform import Platform
from drex.sdk.private.pool import POOLS, ShieldedPool, Spend
from drex.sdk.private.store import NoteRow, OwnerRow, TreeLeaf, WalletStore
from drex.sdk.private.sync import SyncReport, sync
from drex.sdk.tx import TxResult


class PrivateWalletError(DrexError):
    """A private operation cannot be built: not registered, receiver unknown or frozen, balance short."""


class InsufficientPrivateBalance(PrivateWalletError):
    """The wallet's unspent notes of that asset add up to less than the amount."""


@dataclass(frozen=True)
class OwnedNote:
    """A note of this wallet, as the database records it."""

    pool: str
    leaf_index: int
    side: int
    value: int
    asset: int
    spent: bool
    tx_hash: str


@dataclass(frozen=True)
class Prepared:
    """A proven JoinSplit ready to send: the proof, the pool's ``Spend``, the notes payload and the two
    notes it creates (the first is the payment, the second the change)."""

    proof: Proof
    spend: Spend
    notes: bytes
    outputs: tuple[Note, Note]


def _tree(values: Sequence[int]) -> LeanIMT:
    """The LeanIMT of leaves by index; a zero (a removed allow-list leaf) is inserted as a placeholder
    and then removed, which is what the contract did."""
    tree = LeanIMT()
    removed = []
    for index, value in enumerate(values):
        if value == 0:
            placeholder = (1 << 250) + index  # unique and below p; replaced by zero right after
            tree.insert(placeholder)
            removed.append(placeholder)
        else:
            tree.insert(value)
    for placeholder in removed:
        tree.remove(placeholder)
    return tree


def shown(kind: str, units: int) -> str:
    """Units of a pool in business terms: ``R$ 1.234,56`` for Real Digital, ``10,00 bonds`` for TPFt."""
    from drex.sdk.display import quantity, reais
    from drex.sdk.tpft_values import from_quantity_units
    from drex.sdk.values import from_units

    return reais(from_units(units)) if kind == "rd" else f"{quantity(from_quantity_units(units))} bonds"


#: Every note value, payment and withdrawal is below 2^64 units (the circuit's range check).
UNIT_LIMIT = 1 << 64


def wallet_store_path(chain_id: int, address: str) -> Path:
    """Where a wallet's SQLite database lives by default: ``<state>/private/<chainId>-<address>.sqlite``."""
    return state_dir() / "private" / f"{chain_id}-{address.lower()}.sqlite"


class PrivateWallet:
    """The private side of one institution's wallet on one platform.

    ``platform`` must carry the wallet's signer (it sends the transactions); ``keys`` are its shielded
    keys (:meth:`open` derives them from a local account).
    """

    def __init__(
        self, platform: Platform, keys: ShieldedKeys, store: WalletStore, prover: Prover | None = None
    ):
        self.platform = platform
        self.keys = keys
        self.store = store
        self.prover = prover if prover is not None else Prover()
        self._pools: dict[str, ShieldedPool] = {}

    @classmethod
    def open(
        cls,
        platform: Platform,
        account: LocalAccount,
        *,
        store: WalletStore | None = None,
        prover: Prover | None = None,
    ) -> PrivateWallet:
        """The wallet of ``account``: keys derived from it, database in the state folder unless given."""
        chain_id = int(platform.chain.w3.eth.chain_id)
        keys = derive_shielded_keys(account, chain_id)
        if store is None:
            store = WalletStore.at(wallet_store_path(chain_id, account.address))
        return cls(platform, keys, store, prover)

    @property
    def address(self) -> str:
        return str(self.platform.address)

    def pool(self, kind: str) -> ShieldedPool:
        """The client of the ``rd`` or ``tpft`` pool."""
        if kind not in self._pools:
            self._pools[kind] = ShieldedPool(self.platform, kind)
        return self._pools[kind]

    def close(self) -> None:
        """Stop the prover and release the database."""
        self.prover.close()
        self.store.close()

    # ------------------------------------------------------------------ reading
    def sync(self, kind: str) -> SyncReport:
        """Read the pool's new events into the database."""
        return sync(self.store, self.pool(kind), self.keys, self.address)

    def notes(self, kind: str, *, asset: int | None = None, include_spent: bool = False) -> list[OwnedNote]:
        """This wallet's notes in the pool (unspent only unless ``include_spent``), oldest first."""
        pool = self.pool(kind).address
        with self.store.session() as s:
            rows = s.scalars(
                select(NoteRow).where(NoteRow.pool == pool).order_by(NoteRow.leaf_index, NoteRow.side)
            )
            out = [
                OwnedNote(
                    kind, r.leaf_index, r.side, int(r.value), int(r.asset), r.spent_tx is not None, r.tx_hash
                )
                for r in rows
            ]
        return [n for n in out if (include_spent or not n.spent) and (asset is None or n.asset == asset)]

    def balance(self, kind: str, asset: int = 0) -> int:
        """Units of ``asset`` in this wallet's unspent notes (after a sync)."""
        self.sync(kind)
        return sum(n.value for n in self.notes(kind, asset=asset))

    # ------------------------------------------------------------------ operations
    def register(self, kind: str) -> TxResult | None:
        """Register this wallet's owner id and note key in the pool; None when already registered."""
        pool = self.pool(kind)
        current = pool.owner_of(self.address)
        if current is not None:
            if current.owner_id != self.keys.owner_id:
                raise PrivateWalletError(
                    f"{self.address} is registered in the {kind} pool with another owner id: these keys are "
                    "not the ones it registered"
                )
            return None
        return pool.register(self.keys.owner_id, self.keys.note_public_key)

    def deposit(self, kind: str, amount: int, asset: int = 0) -> TxResult:
        """Move ``amount`` of this wallet's public balance into a note of its own (approving the pool)."""
        from drex.privacy.crypto.field import random_element

        pool = self.pool(kind)
        token = self.platform.chain.w3.eth.contract
        if kind == "rd":
            from drex.build.artifacts import load_artifact

            erc20 = token(address=pool.token(), abi=load_artifact("RealDigital")["abi"])
            self.platform.send(erc20.functions.approve(pool.address, amount))
        else:
            from drex.build.artifacts import load_artifact

            erc1155 = token(address=pool.token(), abi=load_artifact("TPFt")["abi"])
            if not self.platform.call(erc1155.functions.isApprovedForAll(self.address, pool.address)):
                self.platform.send(erc1155.functions.setApprovalForAll(pool.address, True))
        return pool.deposit(asset, amount, random_element())

    def transfer(self, kind: str, to: str, amount: int, asset: int = 0) -> TxResult:
        """Pay ``amount`` of ``asset`` privately to the registered wallet ``to``."""
        receiver = self.owner(kind, to)
        prepared = self.prepare(kind, receiver, amount, asset, kind_of_context=ContextKind.TRANSFER)
        return self.pool(kind).transfer(prepared.proof, prepared.spend, prepared.notes)

    def withdraw(self, kind: str, amount: int, asset: int = 0, recipient: str | None = None) -> TxResult:
        """Turn ``amount`` of this wallet's notes back into public balance of ``recipient`` (itself by
        default)."""
        to = recipient or self.address
        me = self.owner(kind, self.address)
        prepared = self.prepare(
            kind, me, 0, asset, withdrawn=amount, kind_of_context=ContextKind.WITHDRAW, recipient=to
        )
        return self.pool(kind).withdraw(prepared.proof, prepared.spend, prepared.notes, to, asset, amount)

    # ------------------------------------------------------------------ building blocks
    def owner(self, kind: str, wallet: str) -> OwnerRow:
        """The registered owner of ``wallet`` in the pool, after a scan; an error when it cannot receive."""
        self.sync(kind)
        return self._scanned_owner(kind, wallet)

    def _scanned_owner(self, kind: str, wallet: str) -> OwnerRow:
        """:meth:`owner` from the database as the last scan left it (the operations scan once, first)."""
        pool = self.pool(kind).address
        with self.store.session() as s:
            rows = s.scalars(select(OwnerRow).where(OwnerRow.pool == pool)).all()
        for row in rows:
            if row.wallet.lower() == wallet.lower():
                if not row.allowed:
                    raise PrivateWalletError(f"{wallet} is frozen or no longer enabled in the {kind} pool")
                return row
        raise PrivateWalletError(f"{wallet} has not registered in the {kind} pool: it cannot receive notes")

    def _trees(self, kind: str) -> tuple[LeanIMT, LeanIMT]:
        pool = self.pool(kind).address
        with self.store.session() as s:
            leaves = s.scalars(
                select(TreeLeaf).where(TreeLeaf.pool == pool).order_by(TreeLeaf.leaf_index)
            ).all()
        notes = [int(r.value) for r in leaves if r.tree == "notes"]
        allow = [int(r.value) for r in leaves if r.tree == "allow"]
        return _tree(notes), _tree(allow)

    def _choose(self, kind: str, asset: int, needed: int) -> list[OwnedNote]:
        mine = sorted(self.notes(kind, asset=asset), key=lambda n: n.value, reverse=True)
        total = sum(n.value for n in mine)
        if total < needed:
            raise InsufficientPrivateBalance(
                f"the wallet's private notes of asset {asset} in the {kind} pool add up to "
                f"{shown(kind, total)}, less than the {shown(kind, needed)} asked"
            )
        if needed == 0:
            return []
        if sum(n.value for n in mine[:2]) >= needed:
            first = mine[0]
            return [first] if first.value >= needed else mine[:2]
        # more than two notes needed: merge the two smallest into one note of our own, then try again
        smallest = mine[-2:]
        me = self._scanned_owner(kind, self.address)
        merged = sum(n.value for n in smallest)
        prepared = self._prove(kind, smallest, me, merged, asset, 0, ContextKind.TRANSFER, None)
        self.pool(kind).transfer(prepared.proof, prepared.spend, prepared.notes)
        self.sync(kind)
        return self._choose(kind, asset, needed)

    def prepare(
        self,
        kind: str,
        receiver: OwnerRow,
        amount: int,
        asset: int,
        *,
        withdrawn: int = 0,
        kind_of_context: ContextKind,
        recipient: str | None = None,
        payment: Note | None = None,
        context_extra: dict[str, object] | None = None,
    ) -> Prepared:
        """Choose notes and prove a JoinSplit paying ``amount`` to ``receiver`` (change to this wallet)."""
        for what, units in (("amount", amount), ("withdrawal", withdrawn)):
            if not 0 <= units < UNIT_LIMIT:
                raise PrivateWalletError(
                    f"the {what} {shown(kind, units)} is out of range: "
                    "private amounts are 0 to 2^64 - 1 units"
                )
        self.sync(kind)
        spend_notes = self._choose(kind, asset, amount + withdrawn)
        return self._prove(
            kind,
            spend_notes,
            receiver,
            amount,
            asset,
            withdrawn,
            kind_of_context,
            recipient,
            payment=payment,
            context_extra=context_extra,
        )

    def _prove(
        self,
        kind: str,
        spending: Sequence[OwnedNote],
        receiver: OwnerRow,
        amount: int,
        asset: int,
        withdrawn: int,
        context_kind: ContextKind,
        recipient: str | None,
        *,
        payment: Note | None = None,
        context_extra: dict[str, object] | None = None,
    ) -> Prepared:
        pool = self.pool(kind)
        me = self._scanned_owner(kind, self.address)
        note_tree, allow_tree = self._trees(kind)
        size = note_tree.size
        inputs = [self._input(kind, n, note_tree) for n in spending]
        while len(inputs) < 2:
            inputs.append(InputNote.dummy(self.keys.owner_id, asset))
        change = sum(n.value for n in spending) - amount - withdrawn
        pay = payment if payment is not None else Note.new(amount, int(receiver.owner_id), asset)
        if pay.value != amount or pay.owner_id != int(receiver.owner_id) or pay.asset != asset:
            raise PrivateWalletError("the payment note does not match the amount, receiver and asset asked")
        keep = Note.new(change, self.keys.owner_id, asset)
        outputs = [
            self._output(pay, receiver, allow_tree),
            self._output(keep, me, allow_tree),
        ]
        notes = encrypt_notes(
            [
                (bytes.fromhex(receiver.note_key[2:]), pay.opening(keep.commitment)),
                (self.keys.note_public_key, keep.opening(pay.commitment)),
            ]
        )
        chain_id = int(self.platform.chain.w3.eth.chain_id)
        extra = dict(context_extra or {})
        if recipient is not None:
            extra["recipient"] = recipient
        context = context_of(context_kind, chain_id=chain_id, pool=pool.address, notes=notes, **extra)  # type: ignore[arg-type]
        reg_x, reg_y = pool.regulator_key()
        if reg_x == 0 and reg_y == 0:
            raise PrivateWalletError(
                f"the {kind} pool has no regulator key yet: BCB sets it before any transfer"
            )
        regulator = Point(reg_x, reg_y)
        allow_root = allow_tree.root
        expected_params = params_hash(allow_root, regulator)
        if expected_params != pool.current_params_hash():
            raise PrivateWalletError(
                f"the wallet's view of the {kind} pool's allow list is not the chain's: sync again"
            )
        my_allow = allow_tree.proof_of(allow_leaf(self.keys.owner_id, me.owner_no))
        witness = build_witness(
            self.keys,
            inputs=inputs,
            outputs=outputs,
            sender_no=me.owner_no,
            sender_allow_proof=my_allow,
            allow_root=allow_root,
            note_root=note_tree.root,
            regulator_key=regulator,
            context=context,
            withdrawn=withdrawn,
        )
        proof = self.prover.prove(witness.inputs)
        if list(proof.public_signals) != witness.public.as_list():
            raise PrivateWalletError("the prover's public signals differ from the ones the witness predicts")
        p = witness.public
        spend = Spend(p.nullifiers, p.out_leaf, p.ephemeral_y, p.cipher, p.note_root, size, p.params_hash)
        return Prepared(proof, spend, notes, (pay, keep))

    def _input(self, kind: str, owned: OwnedNote, tree: LeanIMT) -> InputNote:
        pool = self.pool(kind).address
        with self.store.session() as s:
            row = s.scalar(
                select(NoteRow).where(
                    NoteRow.pool == pool, NoteRow.leaf_index == owned.leaf_index, NoteRow.side == owned.side
                )
            )
        assert row is not None
        note = Note(int(row.value), self.keys.owner_id, int(row.salt), int(row.asset))
        return InputNote(note, row.side, int(row.sibling), tree.proof(row.leaf_index))

    @staticmethod
    def _output(note: Note, owner: OwnerRow, allow_tree: LeanIMT) -> OutputNote:
        if note.value == 0:
            return OutputNote(note, owner_no=0, allow_proof=None)
        proof = allow_tree.proof_of(allow_leaf(int(owner.owner_id), owner.owner_no))
        return OutputNote(note, owner_no=owner.owner_no, allow_proof=proof)


__all__ = [
    "InsufficientPrivateBalance",
    "OwnedNote",
    "POOLS",
    "Prepared",
    "PrivateWallet",
    "PrivateWalletError",
    "wallet_store_path",
]
