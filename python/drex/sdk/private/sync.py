"""Scanning a shielded pool's events into an institution's wallet database.

The chain is the only source: :func:`sync` reads every event of the pool from where the last scan
stopped (``eth_getLogs`` in ranges the node accepts, :mod:`drex.sdk.logs`) and, in one database
transaction, records the owners and allow-list leaves, every note-tree leaf, the notes addressed to this
institution (those its note key decrypts and whose opening matches the leaf) and which of its notes were
spent (their nullifier appears). A scan interrupted half-way writes nothing; the cursor stores the hash of
the last block read, and when the chain no longer has that block (a dev chain reset or a reorganisation)
the pool's rows are dropped and the scan starts again from the pool's first block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eth_utils import keccak
from hexbytes import HexBytes
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from web3.exceptions import BlockNotFound

from drex.privacy.crypto.keys import ShieldedKeys
from drex.privacy.crypto.noteenc import decrypt_notes
from drex.privacy.errors import NotesPayloadError
from drex.privacy.notes import Note, leaf, nullifier
from drex.sdk.logs import get_logs
from drex.sdk.private.pool import ShieldedPool, Spend
from drex.sdk.private.store import Cursor, NoteRow, OwnerRow, TreeLeaf, WalletStore

#: Pool events that append a JoinSplit's leaf.
JOINSPLIT_EVENTS = ("Transferred", "Withdrawn", "LegSettled")


@dataclass(frozen=True)
class SyncReport:
    """What one scan did: the block range read, events seen, notes found and notes found spent."""

    from_block: int
    to_block: int
    events: int
    received: int
    spent: int
    restarted: bool


def event_decoders(contract: Any) -> dict[bytes, Callable[[Any], Any]]:
    """topic0 -> a function decoding a raw log of ``contract`` into a web3 event record."""
    out: dict[bytes, Callable[[Any], Any]] = {}
    for item in contract.abi:
        if item.get("type") != "event":
            continue
        signature = f"{item['name']}({','.join(_canonical(i) for i in item['inputs'])})"
        out[keccak(text=signature)] = contract.events[item["name"]]().process_log
    return out


@dataclass(frozen=True)
class ContractEvent:
    """One decoded event of a contract: its name, arguments, transaction hash and block."""

    name: str
    args: Any
    tx: str
    block: int


def contract_events(w3: Any, contract: Any, from_block: int, to_block: int) -> list[ContractEvent]:
    """Every event ``contract`` emitted in ``[from_block, to_block]``, decoded, in chain order (logs of
    events not in its ABI are skipped)."""
    if from_block > to_block:
        return []
    decoders = event_decoders(contract)
    out = []
    for log in get_logs(w3, [contract.address], None, from_block, to_block):
        decode = decoders.get(bytes(log["topics"][0]))
        if decode is None:
            continue
        event = decode(log)
        tx = HexBytes(log["transactionHash"]).to_0x_hex()
        out.append(ContractEvent(str(event["event"]), event["args"], tx, int(log["blockNumber"])))
    return out


def _canonical(param: dict[str, Any]) -> str:
    kind = str(param["type"])
    if kind.startswith("tuple"):
        return f"({','.join(_canonical(c) for c in param['components'])}){kind[5:]}"
    return kind


def _field(value: int) -> str:
    return str(int(value))


class _Scan:
    """One scan's state: the session, this wallet's keys and counters."""

    def __init__(self, session: Session, pool: str, keys: ShieldedKeys | None, wallet: str | None):
        self.s, self.pool, self.keys, self.wallet = session, pool, keys, (wallet or "").lower()
        self.received = 0
        self.spent = 0

    def leaf(self, tree: str, index: int, value: int) -> None:
        row = self.s.scalar(
            select(TreeLeaf).where(
                TreeLeaf.pool == self.pool, TreeLeaf.tree == tree, TreeLeaf.leaf_index == index
            )
        )
        if row is None:
            self.s.add(TreeLeaf(pool=self.pool, tree=tree, leaf_index=index, value=_field(value)))
        else:
            row.value = _field(value)

    def owner_registered(self, args: Any) -> None:
        self.s.add(
            OwnerRow(
                pool=self.pool,
                owner_no=int(args["ownerNo"]),
                owner_id=_field(args["ownerId"]),
                wallet=str(args["wallet"]),
                note_key=HexBytes(args["noteKey"]).to_0x_hex(),
                allowed=True,
            )
        )

    def allow_changed(self, args: Any) -> None:
        self.leaf("allow", int(args["leafIndex"]), int(args["leaf"]))
        owner = self.s.scalar(
            select(OwnerRow).where(OwnerRow.pool == self.pool, OwnerRow.wallet == str(args["wallet"]))
        )
        if owner is not None:
            owner.allowed = int(args["leaf"]) != 0

    def deposited(self, args: Any, tx: str, block: int) -> None:
        index, leaf_value = int(args["leafIndex"]), int(args["leaf"])
        self.leaf("notes", index, leaf_value)
        if self.keys is None or str(args["wallet"]).lower() != self.wallet:
            return
        note = Note(int(args["amount"]), self.keys.owner_id, int(args["salt"]), int(args["asset"]))
        self._add_note(note, index, 0, leaf_value, 0, tx, block)

    def joinsplit(self, args: Any, tx: str, block: int) -> None:
        index, spend = int(args["leafIndex"]), Spend.from_event(args["spend"])
        self.leaf("notes", index, spend.out_leaf)
        for n in spend.nullifiers:
            for row in self.s.scalars(
                select(NoteRow).where(NoteRow.pool == self.pool, NoteRow.nullifier == _field(n))
            ):
                if row.spent_tx is None:
                    row.spent_tx = tx
                    self.spent += 1
        if self.keys is None:
            return
        try:
            openings = decrypt_notes(self.keys.note_private_key, bytes(args["notes"]))
        except NotesPayloadError:
            return  # a malformed payload is not addressed to anyone
        for side, opening in enumerate(openings):
            if opening is None or opening.value == 0:
                continue
            note = Note.from_opening(opening, self.keys.owner_id)
            c = note.commitment
            expected = leaf(c, opening.sibling) if side == 0 else leaf(opening.sibling, c)
            if expected == spend.out_leaf:  # a sender lying about the opening gets nothing recorded
                self._add_note(note, index, side, spend.out_leaf, opening.sibling, tx, block)

    def _add_note(
        self, note: Note, index: int, side: int, leaf_value: int, sibling: int, tx: str, block: int
    ) -> None:
        assert self.keys is not None
        self.s.add(
            NoteRow(
                pool=self.pool,
                leaf_index=index,
                side=side,
                leaf=_field(leaf_value),
                sibling=_field(sibling),
                commitment=_field(note.commitment),
                value=_field(note.value),
                asset=_field(note.asset),
                salt=_field(note.salt),
                nullifier=_field(nullifier(leaf_value, side, self.keys.nullifying_key)),
                block_number=block,
                tx_hash=tx,
            )
        )
        self.received += 1


def _drop_pool(s: Session, pool: str) -> None:
    for table in (TreeLeaf, OwnerRow, NoteRow, Cursor):
        s.execute(delete(table).where(table.pool == pool))


def sync(
    store: WalletStore,
    pool: ShieldedPool,
    keys: ShieldedKeys | None,
    wallet: str | None = None,
    *,
    first_block: int = 0,
) -> SyncReport:
    """Bring ``store``'s view of ``pool`` up to the chain's head (notes of ``keys``' owner, paid to
    ``wallet``'s deposits). Without keys only the public structure is recorded (trees and owners)."""
    w3 = pool.platform.chain.w3
    head = int(w3.eth.block_number)
    address = pool.address
    restarted = False
    with store.session() as s:
        cursor = s.get(Cursor, address)
        if cursor is not None:
            try:
                seen = HexBytes(w3.eth.get_block(cursor.block_number)["hash"]).to_0x_hex()
            except BlockNotFound:  # the chain is now shorter than where the scan stopped
                seen = ""
            if cursor.chain_id != w3.eth.chain_id or seen != cursor.block_hash:
                _drop_pool(s, address)
                cursor, restarted = None, True
    start = cursor.block_number + 1 if cursor is not None else first_block
    events = contract_events(w3, pool.contract, start, head)
    with store.session() as s:
        scan = _Scan(s, address, keys, wallet)
        for event in events:
            args, name, tx, block = event.args, event.name, event.tx, event.block
            if name == "OwnerRegistered":
                scan.owner_registered(args)
            elif name == "AllowListChanged":
                scan.allow_changed(args)
            elif name == "Deposited":
                scan.deposited(args, tx, block)
            elif name in JOINSPLIT_EVENTS:
                scan.joinsplit(args, tx, block)
            s.flush()
        block_hash = HexBytes(w3.eth.get_block(head)["hash"]).to_0x_hex()
        existing = s.get(Cursor, address)
        if existing is None:
            s.add(
                Cursor(pool=address, chain_id=int(w3.eth.chain_id), block_number=head, block_hash=block_hash)
            )
        else:
            existing.block_number, existing.block_hash = head, block_hash
    return SyncReport(start, head, len(events), scan.received, scan.spent, restarted)


__all__ = ["JOINSPLIT_EVENTS", "ContractEvent", "SyncReport", "contract_events", "event_decoders", "sync"]
