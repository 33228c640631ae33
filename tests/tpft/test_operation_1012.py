"""Operation 1012 (repayment at maturity) and TPFtRepaymentReserve: positions are burned and paid in Real
Digital (participants) or Real Tokenizado (customers), or parked in the reserve contract until withdrawn."""

from __future__ import annotations

from .helpers import STN_CNPJ8, World, create_series, fv, place, reverts

PRICE_AT_MATURITY = 100_000_000_000  # R$ 1.000,00000000


def matured_series(w: World, holders: dict[str, int]) -> tuple[tuple[str, str, int], int]:
    data = ("LTN", "200000", w.chain.timestamp() + 10 * 86_400)
    tpft_id = create_series(w, *data)
    for holder, amount in holders.items():
        place(w, holder, amount, data)
    w.chain.increase_time(data[2] - w.chain.timestamp())
    return data, tpft_id


def test_repays_participant_and_customer(w: World) -> None:
    data, tid = matured_series(w, {"BANK_A": 1_050, "CUSTOMER_B1": 333})
    before = w.snapshot_balances(tid)
    op = w.new_id()
    r = w.tx(w.op1012.functions.repayment(w.addr("BANK_A"), op, data, PRICE_AT_MATURITY), "BCB")
    (ev,) = w.events(w.op1012, "OperationRepaymentParticipant", r)
    assert ev.args.financialRepaymentValue == fv(1_050, PRICE_AT_MATURITY) and ev.args.status == "LIQ"
    r = w.tx(w.op1012.functions.repayment(w.addr("CUSTOMER_B1"), w.new_id(), data, PRICE_AT_MATURITY), "BCB")
    (ev,) = w.events(w.op1012, "OperationRepaymentClient", r)
    assert ev.args.senderToken == w.rt_b.address
    after = w.snapshot_balances(tid)
    assert after["tpft:BANK_A"] == 0 and after["tpft:CUSTOMER_B1"] == 0
    assert int(w.tpft.functions.totalSupply(tid).call()) == before["tpft:STN"]
    v_a, v_b = fv(1_050, PRICE_AT_MATURITY), fv(333, PRICE_AT_MATURITY)
    assert after["rd:BANK_A"] - before["rd:BANK_A"] == v_a
    assert (
        after["rd:BANK_B"] - before["rd:BANK_B"] == v_b
    )  # the customer's bank reserve gets the Real Digital
    assert after["rt_b:CUSTOMER_B1"] - before["rt_b:CUSTOMER_B1"] == v_b
    assert after["rd:STN"] - before["rd:STN"] == -(v_a + v_b)
    assert w.view(w.tpft.functions.getPaymentStatus(w.addr("BANK_A"), tid)) is True
    with reverts("AlreadyRepaid", w.addr("BANK_A"), tid):
        w.tx(w.op1012.functions.repayment(w.addr("BANK_A"), w.new_id(), data, PRICE_AT_MATURITY), "BCB")
    with reverts("OperationIdAlreadyUsed", op, STN_CNPJ8, w.op1012.address):
        w.tx(w.op1012.functions.repayment(w.addr("STN"), op, data, PRICE_AT_MATURITY), "BCB")


def test_rejections(w: World) -> None:
    data = ("LTN", "300000", w.chain.timestamp() + 10 * 86_400)
    tid = create_series(w, *data)
    place(w, "BANK_A", 100, data)
    with reverts("TPFtNotMatured", tid, data[2]):
        w.tx(w.op1012.functions.repayment(w.addr("BANK_A"), w.new_id(), data, PRICE_AT_MATURITY), "BCB")
    w.chain.increase_time(data[2] - w.chain.timestamp())
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.op1012.functions.repayment(w.addr("BANK_A"), w.new_id(), data, PRICE_AT_MATURITY), "BANK_A")
    with reverts("NothingToRepay", w.addr("BANK_B"), tid):
        w.tx(w.op1012.functions.repayment(w.addr("BANK_B"), w.new_id(), data, PRICE_AT_MATURITY), "BCB")
    with reverts("InvalidRepaymentPrice"):
        w.tx(w.op1012.functions.repayment(w.addr("BANK_A"), w.new_id(), data, 0), "BCB")
    with reverts("TPFtNotFound", 0):
        w.tx(w.op1012.functions.repayment(w.addr("BANK_A"), w.new_id(), ("X", "1", 1), 1), "BCB")
    # A matured series cannot be traded any more, even freely.
    with reverts("TPFtMatured", tid, data[2]):
        w.tx(w.tpft.functions.safeTransferFrom(w.addr("BANK_A"), w.addr("BANK_B"), tid, 100, b""), "BANK_A")


def test_customer_without_token_access_is_paid_through_its_bank_reserve(w: World) -> None:
    data, tid = matured_series(w, {"CUSTOMER_A1": 700})
    w.tx(w.rt_a.functions.disableAccount(w.addr("CUSTOMER_A1")), "BANK_A")
    before = w.snapshot_balances(tid)
    r = w.tx(w.op1012.functions.repayment(w.addr("CUSTOMER_A1"), w.new_id(), data, PRICE_AT_MATURITY), "BCB")
    (ev,) = w.events(w.op1012, "OperationRepaymentWithReserve", r)
    assert ev.args.reserveAccount == w.addr("BANK_A")
    after = w.snapshot_balances(tid)
    assert after["rd:BANK_A"] - before["rd:BANK_A"] == fv(700, PRICE_AT_MATURITY)
    assert after["rt_a:CUSTOMER_A1"] == before["rt_a:CUSTOMER_A1"]


def test_unpayable_values_go_to_the_reserve_and_are_withdrawn(w: World) -> None:
    data, tid = matured_series(w, {"BANK_B": 900, "CUSTOMER_A2": 400})
    v_bank, v_cust = fv(900, PRICE_AT_MATURITY), fv(400, PRICE_AT_MATURITY)
    # The participant is disabled on Real Digital; the customer's bank reserve too.
    w.tx(w.rd.functions.disableAccount(w.addr("BANK_B")), "BCB")
    r = w.tx(w.op1012.functions.repayment(w.addr("BANK_B"), w.new_id(), data, PRICE_AT_MATURITY), "BCB")
    (ev,) = w.events(w.op1012, "OperationRepaymentForContract", r)
    assert ev.args.contractAddress == w.reserve.address
    w.tx(w.rd.functions.disableAccount(w.addr("BANK_A")), "BCB")
    w.tx(w.op1012.functions.repayment(w.addr("CUSTOMER_A2"), w.new_id(), data, PRICE_AT_MATURITY), "BCB")
    assert w.view(w.reserve.functions.getBalance(w.addr("BANK_B"), tid)) == v_bank
    assert w.view(w.reserve.functions.getBalance(w.addr("CUSTOMER_A2"), tid)) == v_cust
    assert w.money(w.rd, w.reserve.address) == v_bank + v_cust
    with reverts("NothingToWithdraw", w.addr("BANK_A"), tid):
        w.tx(w.reserve.functions.withdraw(tid), "BANK_A")
    # Once enabled again, the participant withdraws Real Digital.
    w.tx(w.rd.functions.enableAccount(w.addr("BANK_B")), "BCB")
    rd_b = w.money(w.rd, "BANK_B")
    r = w.tx(w.reserve.functions.withdraw(tid), "BANK_B")
    assert w.events(w.reserve, "WithdrawalForParticipant", r)[0].args.financialRepaymentValue == v_bank
    assert w.money(w.rd, "BANK_B") - rd_b == v_bank
    with reverts("NothingToWithdraw", w.addr("BANK_B"), tid):
        w.tx(w.reserve.functions.withdraw(tid), "BANK_B")
    # The authority withdraws the customer's value to another customer wallet of the same bank.
    w.tx(w.rd.functions.enableAccount(w.addr("BANK_A")), "BCB")
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.reserve.functions.withdrawFrom(tid, w.addr("CUSTOMER_A2"), w.addr("CUSTOMER_A1")), "BANK_A")
    rt_a1 = w.money(w.rt_a, "CUSTOMER_A1")
    r = w.tx(w.reserve.functions.withdrawFrom(tid, w.addr("CUSTOMER_A2"), w.addr("CUSTOMER_A1")), "BCB")
    (ev,) = w.events(w.reserve, "WithdrawalForClientByAuthority", r)
    assert ev.args.newWallet == w.addr("CUSTOMER_A1") and ev.args.senderToken == w.rt_a.address
    assert w.money(w.rt_a, "CUSTOMER_A1") - rt_a1 == v_cust
    assert w.money(w.rd, w.reserve.address) == 0
