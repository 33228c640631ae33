"""Private delivery versus payment between two institutions (``PrivateDvP``, docs/privacy.md).

The proposer proves its leg (paying the acceptor from its notes in one pool) and names the commitment
``E`` it expects from the acceptor's leg in the other pool; it sends the acceptor the opening of ``E``
encrypted to the acceptor's note key (``terms``). The acceptor finds the proposal by scanning the chain
(:meth:`PrivateDvP.proposals_for_me`), checks both sides against what it agreed to, proves its own leg paying
exactly ``E`` and settles: both legs are verified and applied in that one transaction, or neither.
The salt of ``E`` is derived from the proposer's spending key and the trade id, so the proposer keeps no
extra secret per trade.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from hexbytes import HexBytes

from drex.errors import DrexError
from drex.privacy.crypto.noteenc import NoteOpening, decode_notes, decrypt_note, encrypt_note
from drex.privacy.crypto.poseidon import poseidon
from drex.privacy.notes import Note, leaf
from drex.privacy.witness import ContextKind
from drex.sdk.private.pool import DVP, GAS, POOLS, Spend
from drex.sdk.private.sync import contract_events
from drex.sdk.private.wallet import Prepared, PrivateWallet
from drex.sdk.tx import TxResult


class DvPTermsMismatch(DrexError):
    """A proposal does not give or ask what the acceptor agreed to; nothing was sent."""


@dataclass(frozen=True)
class Proposal:
    """A proposal addressed to this wallet, as read and decrypted from the chain."""

    trade_id: bytes
    proposer: str
    pool: str  # the proposer's pool ("rd" or "tpft")
    counter_pool: str  # the acceptor's pool
    gives: NoteOpening  # what the acceptor receives (value, asset)
    asks: NoteOpening  # what the acceptor pays: the opening of E
    expected_commitment: int
    leg: Any  # the proposer's leg as the event carried it
    block: int


def _leg_args(pool_address: str, prepared: Prepared) -> tuple[Any, ...]:
    proof = prepared.proof
    return (
        pool_address,
        (list(proof.a), [list(proof.b[0]), list(proof.b[1])], list(proof.c)),
        prepared.spend.as_tuple(),
        prepared.notes,
    )


def _kind_of(address: str, wallet: PrivateWallet) -> str:
    for kind in POOLS:
        if wallet.pool(kind).address.lower() == address.lower():
            return kind
    raise DrexError(f"{address} is not a shielded pool of this platform")


class PrivateDvP:
    """The private DvP as one wallet uses it."""

    def __init__(self, wallet: PrivateWallet):
        self.wallet = wallet
        self.contract = wallet.platform.contract(DVP)

    def _e_salt(self, trade_id: bytes) -> int:
        return poseidon(self.wallet.keys.spending_key, int.from_bytes(trade_id, "big") >> 8)

    def propose(
        self,
        *,
        to: str,
        give_pool: str,
        give_amount: int,
        get_pool: str,
        get_amount: int,
        give_asset: int = 0,
        get_asset: int = 0,
        trade_id: bytes | None = None,
    ) -> tuple[bytes, TxResult]:
        """Propose to ``to``: this wallet gives ``give_amount`` of ``give_asset`` from ``give_pool`` and asks
        ``get_amount`` of ``get_asset`` from ``get_pool``. Returns the trade id and the transaction."""
        w = self.wallet
        trade_id = trade_id or secrets.token_bytes(32)
        receiver = w.owner(give_pool, to)
        counter = w.owner(get_pool, to)  # the acceptor must be able to pay from the counter pool
        expected = Note(get_amount, w.keys.owner_id, self._e_salt(trade_id), get_asset)
        terms = encrypt_note(bytes.fromhex(counter.note_key[2:]), expected.opening(0))
        extra: dict[str, object] = {
            "dvp": self.contract.address,
            "trade_id": trade_id,
            "expected_commitment": expected.commitment,
            "counter_pool": w.pool(get_pool).address,
        }
        prepared = w.prepare(
            give_pool,
            receiver,
            give_amount,
            give_asset,
            kind_of_context=ContextKind.DVP_PROPOSE,
            context_extra=extra,
        )
        leg = _leg_args(w.pool(give_pool).address, prepared)
        fn = self.contract.functions.propose(
            trade_id, leg, expected.commitment, w.pool(get_pool).address, terms
        )
        return trade_id, w.platform.send(fn, gas=GAS["propose"])

    def proposals_for_me(self, *, from_block: int = 0) -> list[Proposal]:
        """Open proposals whose leg pays this wallet (decrypted and checked against the leaf)."""
        w = self.wallet
        chain = w.platform.chain.w3
        key = w.keys.note_private_key
        found: dict[tuple[str, bytes], Proposal] = {}
        for event in contract_events(chain, self.contract, from_block, int(chain.eth.block_number)):
            args = event.args
            trade = (str(args["proposer"]), bytes(args["tradeId"]))
            if event.name in ("Settled", "Cancelled"):
                found.pop(trade, None)
                continue
            if event.name != "Proposed":
                continue
            leg = args["leg"]
            legv = tuple(leg.values()) if hasattr(leg, "values") else tuple(leg)
            asks = decrypt_note(key, bytes(args["terms"]))
            gives = decrypt_note(key, decode_notes(bytes(legv[3]))[0])
            if asks is None or gives is None:
                continue
            spend = Spend.from_event(legv[2])
            note = Note.from_opening(gives, w.keys.owner_id)
            if leaf(note.commitment, gives.sibling) != spend.out_leaf:
                continue  # the proposer lied about what it pays: not a usable proposal
            found[trade] = Proposal(
                trade_id=trade[1],
                proposer=trade[0],
                pool=_kind_of(str(legv[0]), w),
                counter_pool=_kind_of(str(args["counterPool"]), w),
                gives=gives,
                asks=asks,
                expected_commitment=int(args["expectedCommitment"]),
                leg=leg,
                block=event.block,
            )
        return list(found.values())

    def accept(
        self,
        proposal: Proposal,
        *,
        receive_amount: int,
        pay_amount: int,
        receive_asset: int = 0,
        pay_asset: int = 0,
    ) -> TxResult:
        """Settle ``proposal`` if it gives exactly ``receive_amount`` of ``receive_asset`` and asks exactly
        ``pay_amount`` of ``pay_asset``; otherwise :class:`DvPTermsMismatch` and nothing is sent."""
        w = self.wallet
        gives, asks = proposal.gives, proposal.asks
        if (gives.value, gives.asset) != (receive_amount, receive_asset):
            raise DvPTermsMismatch(
                f"the proposal gives {gives.value} units of asset {gives.asset}, not the {receive_amount} of "
                f"asset {receive_asset} agreed"
            )
        if (asks.value, asks.asset) != (pay_amount, pay_asset):
            raise DvPTermsMismatch(
                f"the proposal asks {asks.value} units of asset {asks.asset}, not the {pay_amount} of asset "
                f"{pay_asset} agreed"
            )
        proposer = w.owner(proposal.counter_pool, proposal.proposer)
        payment = Note(pay_amount, int(proposer.owner_id), asks.salt, pay_asset)
        if payment.commitment != proposal.expected_commitment:
            raise DvPTermsMismatch("the commitment the proposer asks for does not open to the terms it sent")
        extra: dict[str, object] = {"dvp": self.contract.address, "trade_id": proposal.trade_id}
        prepared = w.prepare(
            proposal.counter_pool,
            proposer,
            pay_amount,
            pay_asset,
            kind_of_context=ContextKind.DVP_ACCEPT,
            context_extra=extra,
            payment=payment,
        )
        mine = _leg_args(w.pool(proposal.counter_pool).address, prepared)
        theirs = proposal.leg
        fn = self.contract.functions.settle(
            proposal.trade_id,
            proposal.proposer,
            theirs,
            proposal.expected_commitment,
            mine,
            prepared.outputs[1].commitment,
        )
        return w.platform.send(fn, gas=GAS["settle"])

    def cancel(self, trade_id: bytes) -> TxResult:
        """Withdraw this wallet's open proposal ``trade_id``."""
        return self.wallet.platform.send(self.contract.functions.cancel(trade_id))


def trade_hex(trade_id: bytes) -> str:
    return HexBytes(trade_id).to_0x_hex()


__all__ = ["DvPTermsMismatch", "PrivateDvP", "Proposal", "trade_hex"]
