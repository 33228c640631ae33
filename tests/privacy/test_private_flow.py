"""End to end on a real chain (anvil) with real proofs: deposit, private transfer, withdraw, and every
rejection the issue lists (double spend, forged proof, other public inputs, replayed proof, unknown root,
out-of-range amount, frozen, paused, disabled), plus two institutions in the same block and the regulator's
reading of it all."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hexbytes import HexBytes

from drex.chain import Chain, connect
from drex.chain.anvil import start_anvil
from drex.errors import DrexError
from drex.privacy.regulator import RegulatorKey
from drex.privacy.witness import ContextKind
from drex.sdk.private.admin import freeze_owner, revoke_disabled
from drex.sdk.private.supervision import supervise
from drex.sdk.private.wallet import InsufficientPrivateBalance, PrivateWalletError
from privacy.flow_world import PrivacyWorld, build_privacy_world

pytestmark = [pytest.mark.anvil, pytest.mark.xdist_group("privacy-flow")]

R = 100  # centavos per real


@pytest.fixture(scope="module")
def chain(built: None) -> Iterator[Chain]:
    node = start_anvil()
    c = connect(node.url)
    yield c
    c.close()
    node.kill()


@pytest.fixture(scope="module")
def world(chain: Chain) -> Iterator[PrivacyWorld]:
    w = build_privacy_world(chain)
    yield w
    w.prover.close()


def _reverts(fn: object, name: str) -> None:
    with pytest.raises(DrexError, match=name):
        fn()  # type: ignore[operator]


def test_deposit_transfer_withdraw_keep_every_balance_right(world: PrivacyWorld) -> None:
    a, b = world.wallet("BANK_A"), world.wallet("BANK_B")
    rd_a, rd_b = world.rd("BANK_A"), world.rd("BANK_B")
    a.deposit("rd", 1000 * R)
    assert a.balance("rd") == 1000 * R
    a.transfer("rd", world.addr("BANK_B"), 250 * R)
    assert a.balance("rd") == 750 * R and b.balance("rd") == 250 * R
    b.withdraw("rd", 100 * R)
    assert b.balance("rd") == 150 * R
    assert world.rd("BANK_A") == rd_a - Decimal(1000)
    assert world.rd("BANK_B") == rd_b + Decimal(100)
    pool = world.pool("rd")
    assert pool.shielded_supply(0) == 900 * R
    report = supervise(pool, world.regulator)
    assert report.reconciled()
    balances = report.balances()
    assert balances[(world.addr("BANK_A"), 0)] == 750 * R
    assert balances[(world.addr("BANK_B"), 0)] == 150 * R
    transfer = next(op for op in report.operations if op.kind == "transfer")
    owners = {no: wallet for no, (wallet, _) in report.owners.items()}
    assert owners[transfer.sender_no] == world.addr("BANK_A")
    assert owners[transfer.receivers[0]] == world.addr("BANK_B") and transfer.values[0] == 250 * R
    assert transfer.spent == [(0, 0)]  # the regulator knows which note paid


def test_a_note_is_spent_once_and_a_proof_replays_nowhere(world: PrivacyWorld) -> None:
    a = world.wallet("BANK_A")
    a.deposit("rd", 500 * R)
    b_row = a.owner("rd", world.addr("BANK_B"))
    prepared = a.prepare("rd", b_row, 100 * R, 0, kind_of_context=ContextKind.TRANSFER)
    pool = a.pool("rd")
    pool.transfer(prepared.proof, prepared.spend, prepared.notes)
    _reverts(lambda: pool.transfer(prepared.proof, prepared.spend, prepared.notes), "NullifierAlreadyUsed")
    # the same proof as a withdrawal (another context) does not verify either
    _reverts(
        lambda: pool.withdraw(prepared.proof, prepared.spend, prepared.notes, a.address, 0, 1),
        "NullifierAlreadyUsed|InvalidProof",
    )


def test_forged_proofs_and_other_public_inputs_are_rejected(world: PrivacyWorld) -> None:
    a = world.wallet("BANK_A")
    a.deposit("rd", 500 * R)
    b_row = a.owner("rd", world.addr("BANK_B"))
    p = a.prepare("rd", b_row, 100 * R, 0, kind_of_context=ContextKind.TRANSFER)
    pool = a.pool("rd")
    forged = dataclasses.replace(p.proof, a=(p.proof.a[0], (p.proof.a[1] + 1)))
    _reverts(lambda: pool.transfer(forged, p.spend, p.notes), "InvalidProof|revert")
    for change in (
        {"out_leaf": p.spend.out_leaf ^ 1},
        {"cipher": (p.spend.cipher[0] + 1, p.spend.cipher[1], p.spend.cipher[2])},
        {"ephemeral_y": p.spend.ephemeral_y + 1},
        {"nullifiers": (p.spend.nullifiers[0] + 1, p.spend.nullifiers[1])},
    ):
        _reverts(
            lambda c=change: pool.transfer(p.proof, dataclasses.replace(p.spend, **c), p.notes),
            "InvalidProof",
        )
    swapped = p.notes[160:] + p.notes[:160]  # the notes payload is bound by the context
    _reverts(lambda: pool.transfer(p.proof, p.spend, swapped), "InvalidProof")
    unknown = dataclasses.replace(p.spend, note_root=12345)
    _reverts(lambda: pool.transfer(p.proof, unknown, p.notes), "UnknownNoteRoot")
    pool.transfer(p.proof, p.spend, p.notes)  # the genuine one still settles


def test_out_of_range_amounts_are_refused_before_and_on_chain(world: PrivacyWorld) -> None:
    a = world.wallet("BANK_A")
    _reverts(lambda: a.pool("rd").deposit(0, 1 << 64, 1), "InvalidAmount")
    a.deposit("rd", 10 * R)
    with pytest.raises(InsufficientPrivateBalance):
        a.transfer("rd", world.addr("BANK_B"), 11 * R)
    with pytest.raises(DrexError, match="2\\^64"):
        a.transfer("rd", world.addr("BANK_B"), 1 << 64)


def test_a_frozen_owner_can_neither_spend_nor_receive_until_unfrozen(world: PrivacyWorld) -> None:
    a, b = world.wallet("BANK_A"), world.wallet("BANK_B")
    a.deposit("rd", 100 * R)
    b.deposit("rd", 100 * R)
    b_row = b.owner("rd", world.addr("BANK_A"))
    in_flight = b.prepare("rd", b_row, 10 * R, 0, kind_of_context=ContextKind.TRANSFER)
    freeze_owner(world.platform.as_signer(world.chain.account("BCB")), "rd", world.addr("BANK_B"))
    _reverts(lambda: b.pool("rd").transfer(in_flight.proof, in_flight.spend, in_flight.notes), "StaleParams")
    with pytest.raises(PrivateWalletError, match="frozen"):
        b.transfer("rd", world.addr("BANK_A"), 10 * R)
    with pytest.raises(PrivateWalletError, match="frozen"):
        a.transfer("rd", world.addr("BANK_B"), 10 * R)
    world.pool("rd").unfreeze(world.addr("BANK_B"))
    b.transfer("rd", world.addr("BANK_A"), 10 * R)
    assert a.balance("rd") == 110 * R


def test_pause_of_the_pool_or_of_the_token_stops_private_moves(world: PrivacyWorld) -> None:
    a = world.wallet("BANK_A")
    a.deposit("rd", 100 * R)
    b_row = a.owner("rd", world.addr("BANK_B"))
    p = a.prepare("rd", b_row, 10 * R, 0, kind_of_context=ContextKind.TRANSFER)
    world.pool("rd").pause()
    _reverts(lambda: a.pool("rd").transfer(p.proof, p.spend, p.notes), "EnforcedPause")
    world.pool("rd").unpause()
    bcb = world.platform.as_signer(world.chain.account("BCB"))
    bcb.real_digital.pause()
    _reverts(lambda: a.pool("rd").transfer(p.proof, p.spend, p.notes), "TokenPaused")
    bcb.real_digital.unpause()
    a.pool("rd").transfer(p.proof, p.spend, p.notes)


def test_a_wallet_the_token_disabled_is_revoked_by_anyone(world: PrivacyWorld) -> None:
    c = world.wallet("STN")
    c.deposit("rd", 100 * R)
    _reverts(
        lambda: revoke_disabled(world.wallet("BANK_A").platform, "rd", world.addr("STN")),
        "WalletStillEnabled",
    )
    bcb = world.platform.as_signer(world.chain.account("BCB"))
    bcb.real_digital.disable_account(world.addr("STN"))
    revoke_disabled(world.wallet("BANK_A").platform, "rd", world.addr("STN"))
    with pytest.raises(PrivateWalletError, match="frozen or no longer enabled"):
        c.transfer("rd", world.addr("BANK_A"), 10 * R)


def test_two_institutions_transfer_in_the_same_block(world: PrivacyWorld, chain: Chain) -> None:
    a, b = world.wallet("BANK_A"), world.wallet("BANK_B")
    a.deposit("rd", 100 * R)
    b.deposit("rd", 100 * R)
    pa = a.prepare("rd", a.owner("rd", world.addr("STN")), 10 * R, 0, kind_of_context=ContextKind.TRANSFER)
    pb = b.prepare("rd", b.owner("rd", world.addr("STN")), 20 * R, 0, kind_of_context=ContextKind.TRANSFER)
    w3 = chain.w3
    w3.provider.make_request("evm_setAutomine", [False])  # type: ignore[arg-type]
    try:
        ta = a.pool("rd").contract.functions.transfer
        pending = [
            a.platform.submit(ta(*_args(pa)), gas=2_000_000),
            b.platform.submit(b.pool("rd").contract.functions.transfer(*_args(pb)), gas=2_000_000),
        ]
        w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    finally:
        w3.provider.make_request("evm_setAutomine", [True])  # type: ignore[arg-type]
    receipts = [tx.wait() for tx in pending]
    assert receipts[0].block_number == receipts[1].block_number
    assert world.wallet("STN").balance("rd") == 30 * R


def _args(p: object) -> tuple[object, ...]:
    from drex.sdk.private.pool import _proof_args

    return (_proof_args(p.proof), p.spend.as_tuple(), p.notes)  # type: ignore[attr-defined]


def test_only_the_regulator_key_reads_the_operations(world: PrivacyWorld) -> None:
    a = world.wallet("BANK_A")
    a.deposit("rd", 100 * R)
    a.transfer("rd", world.addr("BANK_B"), 40 * R)
    mine = supervise(world.pool("rd"), world.regulator)
    assert all(op.readable for op in mine.operations) and mine.reconciled()
    other = supervise(world.pool("rd"), RegulatorKey.generate())
    private_ops = [op for op in other.operations if op.kind != "deposit"]
    assert private_ops and not any(op.readable for op in private_ops)


# ------------------------------------------------------------------ another institution's view
def _dump(chain: Chain) -> dict[str, dict[str, str]]:
    """Every account's storage now (anvil_dumpState: gzipped JSON of the whole state)."""
    import gzip
    import json

    raw = chain.w3.provider.make_request("anvil_dumpState", [])["result"]  # type: ignore[arg-type]
    state = json.loads(gzip.decompress(bytes.fromhex(str(raw)[2:])))
    return {addr.lower(): dict(acc.get("storage") or {}) for addr, acc in state["accounts"].items()}


def _storage_changes(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> bytes:
    out = b""
    for addr, slots in after.items():
        old = before.get(addr, {})
        for slot, value in slots.items():
            if old.get(slot) != value:
                out += bytes.fromhex(slot[2:].rjust(64, "0")) + bytes.fromhex(value[2:].rjust(64, "0"))
    return out


def _encodings(value: int) -> list[bytes]:
    return [
        value.to_bytes(32, "big"),
        value.to_bytes(8, "big"),
        value.to_bytes(8, "little"),
        str(value).encode(),
    ]


def test_another_institution_sees_no_amount_receiver_or_link(world: PrivacyWorld, chain: Chain) -> None:
    """The Treasury plays an outsider: it reads the transfer's calldata, every log of its block and every
    storage slot the transfer changed, and looks for the amount, the change, the receiver (wallet, owner
    id, note key, allow-list leaf) and the spent note (commitment, leaf)."""
    from drex.privacy.notes import allow_leaf

    a = world.wallet("BANK_A")
    deposited, amount = 7_777_777, 1_234_567
    change = deposited - amount
    # an anonymity set: other institutions' notes before and after (with one leaf, the root is the leaf)
    world.wallet("BANK_B").deposit("rd", 3_000_00)
    world.wallet("STN").deposit("rd", 5_000_00)
    a.deposit("rd", deposited)
    world.wallet("BANK_B").deposit("rd", 4_000_00)
    a.sync("rd")
    spent = a.notes("rd")[0]
    before = _dump(chain)
    result = a.transfer("rd", world.addr("BANK_B"), amount)
    after = _dump(chain)
    w3 = chain.w3
    tx = w3.eth.get_transaction(HexBytes(result.tx_hash))
    receipt = w3.eth.get_transaction_receipt(HexBytes(result.tx_hash))
    seen = bytes(tx["input"])
    for log in w3.eth.get_logs({"fromBlock": receipt["blockNumber"], "toBlock": receipt["blockNumber"]}):
        seen += b"".join(bytes(t) for t in log["topics"]) + bytes(log["data"])
    seen += _storage_changes(before, after)
    assert len(seen) > 1000  # the view is not empty: proof, ciphertexts, leaf, nullifiers, new root...
    for value in (amount, change):
        for encoded in _encodings(value):
            assert encoded not in seen, f"an amount ({value}) is visible as {encoded.hex()}"
    b_owner = a.owner("rd", world.addr("BANK_B"))
    receiver = [
        bytes.fromhex(world.addr("BANK_B")[2:]),
        int(b_owner.owner_id).to_bytes(32, "big"),
        bytes.fromhex(b_owner.note_key[2:]),
        allow_leaf(int(b_owner.owner_id), b_owner.owner_no).to_bytes(32, "big"),
    ]
    for needle in receiver:
        assert needle not in seen, "the receiver is visible"
    with a.store.session() as s:
        from sqlalchemy import select

        from drex.sdk.private.store import NoteRow

        row = s.scalar(
            select(NoteRow).where(NoteRow.leaf_index == spent.leaf_index, NoteRow.side == spent.side)
        )
        assert row is not None
        link = [int(row.commitment).to_bytes(32, "big"), int(row.leaf).to_bytes(32, "big")]
    for needle in link:
        assert needle not in seen, "the spent note is visible: spent and created notes are linkable"
    # what the outsider's wallet finds by scanning everything: its own deposit, nothing of the transfer
    outsider = world.wallet("STN")
    outsider.sync("rd")
    assert [n.value for n in outsider.notes("rd")] == [5_000_00]
    assert all(n.tx_hash != result.tx_hash for n in outsider.notes("rd", include_spent=True))


# ------------------------------------------------------------------ private DvP
def _dvp_world(world: PrivacyWorld) -> tuple[object, object, bytes]:
    """BANK_B proposes to sell 10.00 bonds to BANK_A for R$ 9.500,00; returns (A, B, trade id)."""
    from drex.sdk.private.dvp import PrivateDvP

    a, b = world.wallet("BANK_A"), world.wallet("BANK_B")
    a.deposit("rd", 20_000 * R)
    b.deposit("tpft", 10_00, world.series_id)
    trade, _ = PrivateDvP(b).propose(
        to=a.address,
        give_pool="tpft",
        give_amount=10_00,
        give_asset=world.series_id,
        get_pool="rd",
        get_amount=9_500 * R,
    )
    return a, b, trade


def test_private_dvp_settles_both_legs_in_one_transaction(world: PrivacyWorld) -> None:
    from drex.sdk.private.dvp import PrivateDvP

    a, b, trade = _dvp_world(world)
    offers = PrivateDvP(a).proposals_for_me()  # type: ignore[arg-type]
    assert [o.trade_id for o in offers] == [trade]
    offer = offers[0]
    result = PrivateDvP(a).accept(  # type: ignore[arg-type]
        offer, receive_amount=10_00, receive_asset=world.series_id, pay_amount=9_500 * R
    )
    assert a.balance("tpft", world.series_id) == 10_00  # type: ignore[attr-defined]
    assert b.balance("tpft", world.series_id) == 0  # type: ignore[attr-defined]
    assert b.balance("rd") == 9_500 * R  # type: ignore[attr-defined]
    assert a.balance("rd") == 10_500 * R  # type: ignore[attr-defined]
    legs = [
        op
        for kind in ("rd", "tpft")
        for op in supervise(world.pool(kind), world.regulator).operations
        if op.tx == result.tx_hash
    ]
    assert len(legs) == 2 and all(op.kind == "dvp-leg" and op.readable for op in legs)
    assert PrivateDvP(a).proposals_for_me() == []  # type: ignore[arg-type]


def test_private_dvp_checks_the_terms_before_sending(world: PrivacyWorld) -> None:
    from drex.sdk.private.dvp import DvPTermsMismatch, PrivateDvP

    a, _, _ = _dvp_world(world)
    offer = PrivateDvP(a).proposals_for_me()[0]  # type: ignore[arg-type]
    with pytest.raises(DvPTermsMismatch, match="asks"):
        PrivateDvP(a).accept(offer, receive_amount=10_00, receive_asset=world.series_id, pay_amount=9_000 * R)  # type: ignore[arg-type]
    with pytest.raises(DvPTermsMismatch, match="gives"):
        PrivateDvP(a).accept(offer, receive_amount=11_00, receive_asset=world.series_id, pay_amount=9_500 * R)  # type: ignore[arg-type]


def test_a_proposal_cannot_be_taken_by_another_institution(world: PrivacyWorld) -> None:
    """STN sees the proposal on chain but cannot read it; settling it with its own leg (paying a commitment
    it can make, not E) fails; and the proposer's leg cannot be replayed as a plain transfer."""
    from drex.sdk.private.dvp import PrivateDvP
    from drex.sdk.private.pool import _proof_args

    a, b, trade = _dvp_world(world)
    thief = world.wallet("STN")
    thief.deposit("rd", 10_000 * R)
    assert PrivateDvP(thief).proposals_for_me() == []
    offer = PrivateDvP(a).proposals_for_me()[0]  # type: ignore[arg-type]
    # the thief builds an acceptor leg paying the proposer the right amount with a salt of its own
    proposer = thief.owner("rd", b.address)  # type: ignore[attr-defined]
    dvp = PrivateDvP(thief)
    extra: dict[str, object] = {"dvp": dvp.contract.address, "trade_id": trade}
    leg = thief.prepare(
        "rd", proposer, 9_500 * R, 0, kind_of_context=ContextKind.DVP_ACCEPT, context_extra=extra
    )
    mine = (thief.pool("rd").address, _proof_args(leg.proof), leg.spend.as_tuple(), leg.notes)
    settle = dvp.contract.functions.settle(
        trade, offer.proposer, offer.leg, offer.expected_commitment, mine, leg.outputs[1].commitment
    )
    _reverts(lambda: thief.platform.send(settle), "AcceptorLeafMismatch")
    legv = tuple(offer.leg.values()) if hasattr(offer.leg, "values") else tuple(offer.leg)
    tpft = world.pool("tpft", "STN")
    replay = tpft.contract.functions.transfer(legv[1], legv[2], legv[3])
    _reverts(lambda: thief.platform.send(replay), "InvalidProof")
    # the genuine acceptor still settles
    PrivateDvP(a).accept(offer, receive_amount=10_00, receive_asset=world.series_id, pay_amount=9_500 * R)  # type: ignore[arg-type]


def test_a_dvp_settles_both_legs_or_none(world: PrivacyWorld) -> None:
    """An acceptor leg that does not verify reverts the whole settlement: the proposer's notes stay unspent
    and the proposal stays open."""
    from drex.sdk.private.dvp import PrivateDvP
    from drex.sdk.private.pool import _proof_args

    a, b, trade = _dvp_world(world)
    dvp = PrivateDvP(a)  # type: ignore[arg-type]
    offer = dvp.proposals_for_me()[0]
    proposer = a.owner("rd", b.address)  # type: ignore[attr-defined]
    extra: dict[str, object] = {"dvp": dvp.contract.address, "trade_id": trade}
    from drex.privacy.notes import Note

    payment = Note(9_500 * R, int(proposer.owner_id), offer.asks.salt, 0)
    leg = a.prepare(  # type: ignore[attr-defined]
        "rd",
        proposer,
        9_500 * R,
        0,
        kind_of_context=ContextKind.DVP_ACCEPT,
        context_extra=extra,
        payment=payment,
    )
    bad = dataclasses.replace(leg.spend, cipher=(leg.spend.cipher[0] + 1, *leg.spend.cipher[1:]))
    mine = (a.pool("rd").address, _proof_args(leg.proof), bad.as_tuple(), leg.notes)  # type: ignore[attr-defined]
    settle = dvp.contract.functions.settle(
        trade, offer.proposer, offer.leg, offer.expected_commitment, mine, leg.outputs[1].commitment
    )
    _reverts(lambda: a.platform.send(settle), "InvalidProof")  # type: ignore[attr-defined]
    legv = tuple(offer.leg.values()) if hasattr(offer.leg, "values") else tuple(offer.leg)
    spend = tuple(legv[2].values()) if hasattr(legv[2], "values") else tuple(legv[2])
    assert not world.pool("tpft").nullifier_used(int(spend[0]))
    assert [o.trade_id for o in dvp.proposals_for_me()] == [trade]


def test_a_lost_wallet_database_is_rebuilt_from_the_chain(world: PrivacyWorld, tmp_path: object) -> None:
    """Restarting loses nothing: a wallet opened on an empty database finds the same notes by scanning."""
    from pathlib import Path

    from drex.sdk.private.store import WalletStore
    from drex.sdk.private.wallet import PrivateWallet

    a, b = world.wallet("BANK_A"), world.wallet("BANK_B")
    a.deposit("rd", 300 * R)
    a.transfer("rd", world.addr("BANK_B"), 120 * R)
    assert b.balance("rd") == 120 * R  # (a sync first)
    before = [(n.leaf_index, n.side, n.value) for n in b.notes("rd")]
    fresh = PrivateWallet(
        b.platform, b.keys, WalletStore.at(Path(str(tmp_path)) / "fresh.sqlite"), prover=world.prover
    )
    assert fresh.balance("rd") == 120 * R
    assert [(n.leaf_index, n.side, n.value) for n in fresh.notes("rd")] == before
    fresh.store.close()
