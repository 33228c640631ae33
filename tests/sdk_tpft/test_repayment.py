"""Repayment at maturity (1012) and TPFtRepaymentReserve through the SDK: each route the value takes
(participant in Real Digital, customer in Real Tokenizado, customer through its bank's reserve, the reserve
contract), withdrawals by the holder and by the authority, and the rejections."""

from __future__ import annotations

from decimal import Decimal

from drex.sdk.tpft_values import financial_value
from drex.testing import reverts

from .conftest import CUSTOMER_BONDS, PRICE, World

FACE = Decimal("1000")
SPARE = 9


def mature(w: World) -> None:
    w.chain.increase_time(w.series.maturity - w.chain.timestamp() + 60)


def test_repayment_routes(w: World) -> None:
    bcb, stn = w.tp("BCB"), w.tp("STN")
    sid = bcb.tpft.series_id(w.series)
    with reverts("TPFtNotMatured", sid, w.series.maturity):
        bcb.op1012.repay(w.addr("BANK_A"), bcb.next_operation_id(), w.series, FACE)
    mature(w)
    with reverts("OperationTPFtMatured", sid, w.series.maturity):  # no more trading
        w.tp("BANK_A").op1052.trade(
            w.tp("BANK_A").next_operation_id(),
            w.tp("BANK_A").party("11111111"),
            w.tp("BANK_A").party("22222222"),
            0,
            w.series,
            1,
            PRICE,
        )
    stn.platform.real_digital.request_mint(Decimal("2000000"))
    stn_rd, a_rd = w.rd("STN"), w.rd("BANK_A")
    rep = bcb.op1012.repay(w.addr("BANK_A"), bcb.next_operation_id(), w.series, FACE)
    assert (rep.route, rep.quantity, rep.value) == ("participant", Decimal("1000.00"), Decimal("1000000.00"))
    assert w.rd("BANK_A") - a_rd == rep.value and stn_rd - w.rd("STN") == rep.value
    assert w.bonds("BANK_A") == 0 and bcb.tpft.payment_status(w.addr("BANK_A"), w.series)
    with reverts("AlreadyRepaid", w.addr("BANK_A"), sid):
        bcb.op1012.repay(w.addr("BANK_A"), bcb.next_operation_id(), w.series, FACE)
    # a customer is paid in its bank's Real Tokenizado, the bank's reserve in Real Digital
    rt, b_rd = w.rt("BANK_B", "CUSTOMER_B1"), w.rd("BANK_B")
    rep = bcb.op1012.repay(w.addr("CUSTOMER_B1"), bcb.next_operation_id(), w.series, "1000.12345678")
    value = financial_value(CUSTOMER_BONDS, "1000.12345678")
    assert rep.route == "client" and rep.value == value and rep.token == w.token("BANK_B")
    assert w.rt("BANK_B", "CUSTOMER_B1") - rt == value and w.rd("BANK_B") - b_rd == value
    # a customer its bank has disabled on Real Tokenizado: the value goes to the bank's reserve wallet
    w.platform.as_signer(w.chain.account("BANK_A")).real_tokenizado(w.cnpj8("BANK_A")).disable_account(
        w.addr("CUSTOMER_A2")
    )
    rep = bcb.op1012.repay(w.addr("CUSTOMER_A2"), bcb.next_operation_id(), w.series, FACE)
    assert rep.route == "institution-reserve" and rep.reserve_account == w.addr("BANK_A")
    with reverts("NothingToRepay", w.addr(SPARE), sid):
        bcb.op1012.repay(w.addr(SPARE), bcb.next_operation_id(), w.series, FACE)
    with reverts("InvalidRepaymentPrice"):
        bcb.op1012.repay(w.addr("BANK_B"), bcb.next_operation_id(), w.series, 0)
    with reverts("AccessControlUnauthorizedAccount"):
        stn.op1012.repay(w.addr("BANK_B"), stn.next_operation_id(), w.series, FACE)
    assert [r.route for r in bcb.op1012.repayments(from_block=w.start)] == [
        "participant",
        "client",
        "institution-reserve",
    ]
    assert [r.holder for r in bcb.op1012.repayments(w.addr("CUSTOMER_B1"), from_block=w.start)] == [
        w.addr("CUSTOMER_B1")
    ]


def test_repayment_reserve(w: World) -> None:
    bcb, stn, bank_b = w.tp("BCB"), w.tp("STN"), w.tp("BANK_B")
    sid = bcb.tpft.series_id(w.series)
    mature(w)
    stn.platform.real_digital.request_mint(Decimal("2000000"))
    bank_b.platform.real_digital.disable_own_account()  # a participant closed on Real Digital
    rep = bcb.op1012.repay(bank_b.address, bcb.next_operation_id(), w.series, FACE)
    assert rep.route == "repayment-reserve" and rep.reserve_account == bcb.reserve.address
    assert rep.reason == "participant wallet not enabled on Real Digital"
    assert bcb.reserve.balance(bank_b.address, sid) == rep.value == Decimal("1000000.00")
    # a customer's bank reserve closed too: the customer's value is parked as well
    w.tp("BCB").platform.real_digital.disable_account(w.addr("BANK_A"))
    rep_a1 = bcb.op1012.repay(w.addr("CUSTOMER_A1"), bcb.next_operation_id(), w.series, FACE)
    assert rep_a1.route == "repayment-reserve"
    assert rep_a1.reason == "institution reserve wallet not enabled on Real Digital"
    assert w.platform.real_digital.balance_of(bcb.reserve.address) == rep.value + rep_a1.value
    with reverts("NothingToWithdraw", w.addr("BANK_A"), sid):
        w.tp("BANK_A").reserve.withdraw(sid)
    # reopened, the participant withdraws its Real Digital itself
    bcb.platform.real_digital.enable_account(bank_b.address)
    before = w.rd("BANK_B")
    moved = bank_b.reserve.withdraw(sid)
    assert moved.event == "WithdrawalForParticipant" and moved.value == rep.value
    assert w.rd("BANK_B") - before == rep.value and bcb.reserve.balance(bank_b.address, sid) == 0
    with reverts("NothingToWithdraw", bank_b.address, sid):
        bank_b.reserve.withdraw(sid)
    # the authority pays the customer's value to another wallet of the same bank, in Real Tokenizado
    bcb.platform.real_digital.enable_account(w.addr("BANK_A"))
    with reverts("AccessControlUnauthorizedAccount"):
        w.tp("BANK_A").reserve.withdraw_from(sid, w.addr("CUSTOMER_A1"), w.addr("CUSTOMER_A2"))
    rt = w.rt("BANK_A", "CUSTOMER_A2")
    moved = bcb.reserve.withdraw_from(sid, w.addr("CUSTOMER_A1"), w.addr("CUSTOMER_A2"))
    assert moved.event == "WithdrawalForClientByAuthority" and moved.paid_to == w.addr("CUSTOMER_A2")
    assert w.rt("BANK_A", "CUSTOMER_A2") - rt == rep_a1.value
    assert w.platform.real_digital.balance_of(bcb.reserve.address) == 0
    movements = bcb.reserve.movements(from_block=w.start)
    assert movements[1].token == w.token("BANK_A")  # the customer's deposit remembers its Real Tokenizado
    kinds = [m.event for m in movements]
    assert kinds == [
        "RepaymentDeposited",
        "RepaymentDeposited",
        "WithdrawalForParticipant",
        "WithdrawalForClientByAuthority",
    ]
    assert [m.is_deposit for m in bcb.reserve.movements(bank_b.address, from_block=w.start)] == [True, False]
