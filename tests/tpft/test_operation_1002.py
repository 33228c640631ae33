"""Operation 1002 (public-offering settlement): STN → participant against Real Digital, BCB sending the
Treasury's command; double command, cancellation and every rejection leave both legs untouched."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import CNPJ8, PRICE, RECEIVER, SENDER, STN_CNPJ8, World, fv, reverts

AMOUNT = 50_000  # 500.00 bonds (integer)


def cmd(
    w: World,
    op: int,
    part: int,
    *,
    amount: int = AMOUNT,
    price: int = PRICE,
    receiver: str = "BANK_A",
    sender_cnpj8: int = STN_CNPJ8,
    data: tuple[str, str, int] | None = None,
) -> Any:
    return w.op1002.functions.auctionPlacement(
        op, sender_cnpj8, CNPJ8[receiver], part, data or w.series, amount, price
    )


@pytest.mark.parametrize("first", [SENDER, RECEIVER])
def test_settles_on_matching_commands_in_either_order(w: World, first: int) -> None:
    before = w.snapshot_balances()
    op = w.new_id()
    signer = {SENDER: "BCB", RECEIVER: "BANK_A"}
    r1 = w.tx(cmd(w, op, first), signer[first])
    (ev,) = w.events(w.op1002, "OperationEvent", r1)
    assert ev.args.status == "LAN" and ev.args.financialValue == fv(AMOUNT, PRICE)
    assert w.snapshot_balances() == before
    r2 = w.tx(cmd(w, op, 1 - first), signer[1 - first])
    (ev,) = w.events(w.op1002, "OperationEvent", r2)
    assert ev.args.status == "LIQ"
    assert ev.args.sender == w.addr("STN") and ev.args.receiver == w.addr("BANK_A")
    value = fv(AMOUNT, PRICE)
    after = w.snapshot_balances()
    assert after["tpft:STN"] == before["tpft:STN"] - AMOUNT
    assert after["tpft:BANK_A"] == before["tpft:BANK_A"] + AMOUNT
    assert after["rd:BANK_A"] == before["rd:BANK_A"] - value
    assert after["rd:STN"] == before["rd:STN"] + value
    (settled,) = w.events(w.dvp, "DvPSettled", r2)
    assert settled.args.operationId == op and settled.args.financialValue == value


def test_only_auction_placement_role_sends_the_treasury_command(w: World) -> None:
    with reverts("UnauthorizedCaller", w.addr("BANK_B"), SENDER):
        w.tx(cmd(w, w.new_id(), SENDER), "BANK_B")
    with reverts("UnauthorizedCaller", w.addr("BANK_B"), RECEIVER):
        w.tx(cmd(w, w.new_id(), RECEIVER), "BANK_B")  # not BANK_A's default wallet


def test_sender_must_be_the_treasury_and_amount_integer(w: World) -> None:
    with reverts("SenderMustBeTreasury", CNPJ8["BANK_B"]):
        w.tx(cmd(w, w.new_id(), SENDER, sender_cnpj8=CNPJ8["BANK_B"]), "BCB")
    with reverts("InvalidTPFtAmount", 150):
        w.tx(cmd(w, w.new_id(), SENDER, amount=150), "BCB")
    with reverts("InvalidTPFtAmount", 0):
        w.tx(cmd(w, w.new_id(), SENDER, amount=0), "BCB")
    with reverts("InvalidUnitPrice"):
        w.tx(cmd(w, w.new_id(), SENDER, price=0), "BCB")
    with reverts("OperationTPFtNotFound", 0):
        w.tx(cmd(w, w.new_id(), SENDER, data=("LTN", "999999", w.series[2])), "BCB")


def test_mismatch_is_rejected_and_first_command_stays(w: World) -> None:
    op = w.new_id()
    w.tx(cmd(w, op, SENDER), "BCB")
    with reverts("OperationMismatch", op):
        w.tx(cmd(w, op, RECEIVER, price=PRICE + 1), "BANK_A")
    with reverts("OperationMismatch", op):
        w.tx(cmd(w, op, RECEIVER, amount=AMOUNT + 100), "BANK_A")
    with reverts("CommandAlreadySent", op, SENDER):
        w.tx(cmd(w, op, SENDER), "BCB")
    before = w.snapshot_balances()
    w.tx(cmd(w, op, RECEIVER), "BANK_A")  # the original terms still settle
    assert w.snapshot_balances()["tpft:BANK_A"] == before["tpft:BANK_A"] + AMOUNT


def test_settles_at_most_once(w: World) -> None:
    op = w.new_id()
    w.tx(cmd(w, op, SENDER), "BCB")
    w.tx(cmd(w, op, RECEIVER), "BANK_A")
    with reverts("OperationAlreadySettled", op):
        w.tx(cmd(w, op, RECEIVER), "BANK_A")
    with reverts("OperationAlreadySettled", op):
        w.tx(cmd(w, op, SENDER), "BCB")
    with reverts("OperationAlreadySettled", op):
        w.tx(w.op1002.functions.cancel(op, "late"), "BCB")


def test_cancel_only_by_initiator_while_pending(w: World) -> None:
    op = w.new_id()
    with reverts("OperationNotFound", op):
        w.tx(w.op1002.functions.cancel(op, "none"), "BCB")
    w.tx(cmd(w, op, RECEIVER), "BANK_A")
    with reverts("OnlyInitiatorCanCancel", op, w.addr("BCB")):
        w.tx(w.op1002.functions.cancel(op, "not mine"), "BCB")
    r = w.tx(w.op1002.functions.cancel(op, "changed my mind"), "BANK_A")
    (ev,) = w.events(w.op1002, "OperationCancelEvent", r)
    assert ev.args.status == "CAN" and ev.args.reason == "changed my mind"
    with reverts("OperationAlreadyCancelled", op):
        w.tx(cmd(w, op, SENDER), "BCB")
    with reverts("OperationAlreadyCancelled", op):
        w.tx(w.op1002.functions.cancel(op, "again"), "BANK_A")


def test_insufficient_money_moves_nothing(w: World) -> None:
    op = w.new_id()
    w.tx(w.rd.functions.approve(w.dvp.address, 0), "BANK_A")
    w.tx(cmd(w, op, SENDER), "BCB")
    before = w.snapshot_balances()
    with reverts("ERC20InsufficientAllowance"):
        w.tx(cmd(w, op, RECEIVER), "BANK_A")
    assert w.snapshot_balances() == before
    w.tx(w.rd.functions.approve(w.dvp.address, 2**255), "BANK_A")
    balance = w.money(w.rd, "BANK_A")
    w.tx(w.rd.functions.transfer(w.addr("BANK_B"), balance), "BANK_A")
    with reverts("ERC20InsufficientBalance"):
        w.tx(cmd(w, op, RECEIVER), "BANK_A")
    assert w.view(w.op1002.functions.getOperation(op))[3] == 1  # still pending


def test_insufficient_bonds_moves_nothing(w: World) -> None:
    stn_bonds = w.bonds("STN")
    op = w.new_id()
    w.tx(cmd(w, op, SENDER, amount=stn_bonds + 100, price=10**8), "BCB")
    before = w.snapshot_balances()
    with reverts("ERC1155InsufficientBalance"):
        w.tx(cmd(w, op, RECEIVER, amount=stn_bonds + 100, price=10**8), "BANK_A")
    assert w.snapshot_balances() == before


def test_disabled_wallet_cannot_settle(w: World) -> None:
    op = w.new_id()
    w.tx(cmd(w, op, SENDER), "BCB")
    w.tx(w.tpft.functions.disableAddress(w.addr("BANK_A")), "BCB")
    before = w.snapshot_balances()
    with reverts("AccountNotEnabledForTPFt", w.addr("BANK_A")):
        w.tx(cmd(w, op, RECEIVER), "BANK_A")
    assert w.snapshot_balances() == before
    with reverts("AccountNotEnabledForTPFt", w.addr("BANK_A")):
        w.tx(cmd(w, w.new_id(), SENDER), "BCB")
    w.tx(w.tpft.functions.enableAddress(w.addr("BANK_A")), "BCB")
    w.tx(w.rd.functions.disableAccount(w.addr("BANK_A")), "BCB")
    with reverts("AccountNotEnabledForRealDigital", w.addr("BANK_A")):
        w.tx(cmd(w, op, RECEIVER), "BANK_A")


def test_paused_series_and_paused_contract(w: World) -> None:
    op = w.new_id()
    w.tx(cmd(w, op, SENDER), "BCB")
    w.tx(w.tpft.functions.grantRole(w.role_id("REPAYMENT_ROLE"), w.addr("BCB")), "BCB")
    w.tx(w.tpft.functions.setTpftIdToPaused(w.series_id, True), "BCB")
    with reverts("OperationTPFtPaused", w.series_id):
        w.tx(cmd(w, op, RECEIVER), "BANK_A")
    w.tx(w.tpft.functions.setTpftIdToPaused(w.series_id, False), "BCB")
    w.tx(w.op1002.functions.pause(), "BCB")
    with reverts("EnforcedPause"):
        w.tx(cmd(w, op, RECEIVER), "BANK_A")
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.op1002.functions.unpause(), "BANK_A")
    w.tx(w.op1002.functions.unpause(), "BCB")
    w.tx(cmd(w, op, RECEIVER), "BANK_A")


def test_after_maturity_nothing_settles(w: World) -> None:
    op = w.new_id()
    w.tx(cmd(w, op, SENDER), "BCB")
    w.chain.increase_time(w.series[2] - w.chain.timestamp() + 1)
    with reverts("OperationTPFtMatured", w.series_id, w.series[2]):
        w.tx(cmd(w, op, RECEIVER), "BANK_A")


def test_operation_id_is_unique_across_operations(w: World) -> None:
    """A pending command reserves nothing (issue 9, finding 7): the id is taken by the first settlement for
    its parties' participants, after which no contract accepts it for an operation involving one of them,
    and another pending command with it involving one of them cannot settle."""
    op = w.new_id()
    w.tx(cmd(w, op, SENDER), "BCB")
    trade = w.op1052.functions.trade
    w.tx(trade(op, CNPJ8["BANK_A"], CNPJ8["BANK_B"], SENDER, w.series, 100, PRICE), "BANK_A")
    w.tx(cmd(w, op, RECEIVER), "BANK_A")  # 1002 settles first: the id is now taken for STN and BANK_A
    used_by = w.c["TPFtOperationId"].functions.usedBy
    assert w.view(used_by(op, CNPJ8["STN"])) == w.view(used_by(op, CNPJ8["BANK_A"])) == w.op1002.address
    assert w.view(used_by(op, CNPJ8["BANK_B"])) == "0x" + "00" * 20
    with reverts("OperationIdAlreadyUsed", op, CNPJ8["BANK_A"], w.op1002.address):
        w.tx(trade(op, CNPJ8["BANK_A"], CNPJ8["BANK_B"], RECEIVER, w.series, 100, PRICE), "BANK_B")
    with reverts("OperationIdAlreadyUsed", op, CNPJ8["BANK_A"], w.op1002.address):
        w.tx(
            w.op1054.functions.tradeRepoIntraday(
                op, CNPJ8["BANK_A"], CNPJ8["BANK_B"], SENDER, w.series, 100, PRICE
            ),
            "BANK_A",
        )
