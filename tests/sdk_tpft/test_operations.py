"""Double-command operations through the SDK: public offering (1002), outright trades (1052: by CNPJ8, by
wallet, with customers paying in Real Tokenizado, central bank auctions), cancellation and every rejection,
with the financial value computed in Python checked against the chain and both legs against balances."""

from __future__ import annotations

from decimal import Decimal

from drex.sdk.tpft_events import CANCELLED, REGISTERED, SETTLED
from drex.sdk.tpft_ops import OperationStatus, Party
from drex.sdk.tpft_values import CallerPart, financial_value
from drex.testing import reverts

from .conftest import PRICE, World

S, R = CallerPart.SENDER, CallerPart.RECEIVER


def banks(w: World) -> tuple[Party, Party]:
    return Party.institution(w.cnpj8("BANK_A")), Party.institution(w.cnpj8("BANK_B"))


def test_public_offering_both_orders(w: World) -> None:
    bcb, a = w.tp("BCB"), w.tp("BANK_A")
    qty, price = Decimal("12"), Decimal("956.007752")
    value = financial_value(qty, price)
    stn_rd, a_rd = w.rd("STN"), w.rd("BANK_A")
    op = bcb.next_operation_id()
    first = bcb.op1002.place(op, w.cnpj8("BANK_A"), S, w.series, qty, price)
    assert first.status == REGISTERED and not first.settled and first.financial_value == value
    assert bcb.op1002.state(op).status is OperationStatus.PENDING
    assert bcb.op1002.state(op).initiator == bcb.address
    second = a.op1002.place(op, w.cnpj8("BANK_A"), "receiver", w.series, qty, price)
    assert second.status == SETTLED and second.financial_value == value
    assert w.rd("STN") - stn_rd == value and a_rd - w.rd("BANK_A") == value
    assert bcb.op1002.state(op).status is OperationStatus.SETTLED
    # the bank's command first, then BCB's
    op2 = a.next_operation_id()
    assert a.op1002.place(op2, w.cnpj8("BANK_A"), R, w.series, 1, price).status == REGISTERED
    assert bcb.op1002.place(op2, w.cnpj8("BANK_A"), S, w.series, 1, price).settled
    assert w.bonds("BANK_A") == Decimal("1013.00")
    (settlement,) = bcb.dvp.settlements(op, from_block=w.start)
    assert settlement.financial_value == value and settlement.quantity == qty


def test_public_offering_rejections(w: World) -> None:
    bcb, a = w.tp("BCB"), w.tp("BANK_A")
    op = bcb.next_operation_id()
    with reverts("InvalidTPFtAmount", 150):
        bcb.op1002.place(op, w.cnpj8("BANK_A"), S, w.series, "1.50", PRICE)  # whole bonds only
    with reverts("SenderMustBeTreasury", 11111111):
        bcb.op1002.place(op, w.cnpj8("BANK_A"), S, w.series, 1, PRICE, seller_cnpj8=w.cnpj8("BANK_A"))
    with reverts("UnauthorizedCaller", a.address, 0):
        a.op1002.place(op, w.cnpj8("BANK_A"), S, w.series, 1, PRICE)  # only BCB sends the Treasury's part
    with reverts("UnauthorizedCaller", w.addr("BANK_B"), 1):
        w.tp("BANK_B").op1002.place(op, w.cnpj8("BANK_A"), R, w.series, 1, PRICE)
    with reverts("ZeroFinancialValue"):
        bcb.op1002.place(op, w.cnpj8("BANK_A"), S, w.series, 1, "0.00000001")
    with reverts("DefaultAccountNotFound", 33333333):
        bcb.op1002.place(op, "33333333", S, w.series, 1, PRICE)
    bcb.op1002.place(op, w.cnpj8("BANK_A"), S, w.series, 1, PRICE)
    with reverts("CommandAlreadySent", op, 0):
        bcb.op1002.place(op, w.cnpj8("BANK_A"), S, w.series, 1, PRICE)
    a.op1052.trade(op, *banks(w), S, w.series, 1, PRICE)  # a pending command takes no id network-wide
    a.op1002.place(op, w.cnpj8("BANK_A"), R, w.series, 1, PRICE)  # 1002 settles: the id is taken
    # ids are unique per participant across contracts: BANK_A used it in 1002
    with reverts("OperationIdAlreadyUsed", op, int(w.cnpj8("BANK_A")), bcb.op1002.address):
        w.tp("BANK_B").op1052.trade(op, *banks(w), R, w.series, 1, PRICE)


def test_trade_by_cnpj8_mismatch_and_cancel(w: World) -> None:
    a, b = w.tp("BANK_A"), w.tp("BANK_B")
    op = a.next_operation_id()
    a.op1052.trade(op, *banks(w), S, w.series, "10.25", PRICE)
    with reverts("OperationMismatch", op):
        b.op1052.trade(op, *banks(w), R, w.series, "10.25", PRICE - Decimal("0.00000001"))
    with reverts("OnlyInitiatorCanCancel", op, b.address):
        b.op1052.cancel(op, "not mine")
    # Same terms through the by-wallet overload: another command (its parties are wallets, not CNPJ8s),
    # left pending on its own; its initiator cancels it.
    other = b.op1052.trade(
        op, Party.participant(a.address), Party.participant(b.address), R, w.series, "10.25", PRICE
    )
    assert not other.settled and b.op1052.state(op, b.address).status is OperationStatus.PENDING
    b.op1052.cancel(op, "wrong overload")
    cancelled = a.op1052.cancel(op, "typo")
    assert cancelled.status == CANCELLED and cancelled.command.reason == "typo"
    with reverts("OperationAlreadyCancelled", op):
        b.op1052.trade(op, *banks(w), R, w.series, "10.25", PRICE)
    with reverts("OperationNotFound", 1):
        a.op1052.cancel(1)
    op = a.next_operation_id()
    assert op != cancelled.operation_id
    a_rd, b_rd = w.rd("BANK_A"), w.rd("BANK_B")
    a.op1052.trade(op, *banks(w), S, w.series, "10.25", PRICE)
    r = b.op1052.trade(op, *banks(w), R, w.series, "10.25", PRICE)
    value = financial_value("10.25", PRICE)
    assert r.settled and r.financial_value == value == Decimal("9738.76")
    assert w.rd("BANK_A") - a_rd == value and b_rd - w.rd("BANK_B") == value
    assert w.bonds("BANK_B") == Decimal("1010.25")
    with reverts("OperationAlreadySettled", op):
        a.op1052.cancel(op)
    events = a.op1052.commands(op, from_block=w.start)
    assert [(e.event, e.status, e.parties) for e in events] == [
        ("OperationEvent", "LAN", "cnpj8"),
        ("OperationEvent", "LIQ", "cnpj8"),
    ]


def test_trade_by_wallet_and_rejections(w: World) -> None:
    a, b = w.tp("BANK_A"), w.tp("BANK_B")
    sa, sb = Party.participant(a.address), Party.participant(b.address)
    op = b.next_operation_id()
    assert b.op1052.trade(op, sa, sb, R, w.series, 3, PRICE).status == REGISTERED  # the buyer first
    assert a.op1052.trade(op, sa, sb, S, w.series, 3, PRICE).settled
    with reverts("UnauthorizedCaller", b.address, 0):
        b.op1052.trade(a.next_operation_id(), sa, sb, S, w.series, 3, PRICE)
    with reverts("SameSenderAndReceiver", a.address):
        a.op1052.trade(a.next_operation_id(), sa, sa, S, w.series, 3, PRICE)
    with reverts("ParticipantRequired", w.addr("CUSTOMER_A1")):
        a.op1052.trade(
            a.next_operation_id(), sa, Party.participant(w.addr("CUSTOMER_A1")), S, w.series, 3, PRICE
        )
    with reverts("InvalidTPFtAmount", 0):
        a.op1052.trade(a.next_operation_id(), sa, sb, S, w.series, 0, PRICE)
    with reverts("InvalidUnitPrice"):
        a.op1052.trade(a.next_operation_id(), sa, sb, S, w.series, 1, 0)
    # the buyer cannot pay: settlement reverts on the money leg, nothing moves
    op = a.next_operation_id()
    a.op1052.trade(op, sa, sb, S, w.series, 1000, "100000")
    with reverts("ERC20InsufficientAllowance"):
        b.op1052.trade(op, sa, sb, R, w.series, 1000, "100000")
    assert a.op1052.state(op).status is OperationStatus.PENDING


def test_trades_with_customers_in_real_tokenizado(w: World) -> None:
    b, a1, a2, b1 = w.tp("BANK_B"), w.tp("CUSTOMER_A1"), w.tp("CUSTOMER_A2"), w.tp("CUSTOMER_B1")
    price = Decimal("955.5")
    # bank B sells to bank A's customer: A1's Real Tokenizado burned, A's reserve pays B in Real Digital
    value = financial_value(2, price)
    ra, rb, rt_a1 = w.rd("BANK_A"), w.rd("BANK_B"), w.rt("BANK_A", "CUSTOMER_A1")
    seller, buyer = b.party(b.address), b.party(a1.address)
    op = b.next_operation_id()
    b.op1052.trade(op, seller, buyer, S, w.series, 2, price)
    r = a1.op1052.trade(op, seller, buyer, R, w.series, 2, price)
    assert (
        r.settled
        and r.command.event == "OperationClientTradeEvent"
        and r.command.receiver_token == w.token("BANK_A")
    )
    assert rt_a1 - w.rt("BANK_A", "CUSTOMER_A1") == value
    assert ra - w.rd("BANK_A") == value and w.rd("BANK_B") - rb == value
    # customers of two banks: B1 pays in BRL@B, A2 is paid in BRL@A, the reserves settle in Real Digital
    value = financial_value("0.5", price)
    rt_b1, rt_a2 = w.rt("BANK_B", "CUSTOMER_B1"), w.rt("BANK_A", "CUSTOMER_A2")
    seller, buyer = a2.party(a2.address), a2.party(b1.address)
    op = a2.next_operation_id()
    a2.op1052.trade(op, seller, buyer, S, w.series, "0.5", price)
    assert b1.op1052.trade(op, seller, buyer, R, w.series, "0.5", price).settled
    assert rt_b1 - w.rt("BANK_B", "CUSTOMER_B1") == value and w.rt("BANK_A", "CUSTOMER_A2") - rt_a2 == value
    assert w.bonds("CUSTOMER_B1") == Decimal("100.50") and w.bonds("CUSTOMER_A2") == Decimal("99.50")
    # customers of the same bank pay each other in its Real Tokenizado
    seller, buyer = a1.party(a1.address), a1.party(a2.address)
    op = a1.next_operation_id()
    a1.op1052.trade(op, seller, buyer, S, w.series, 1, price)
    rt_a2 = w.rt("BANK_A", "CUSTOMER_A2")
    assert a2.op1052.trade(op, seller, buyer, R, w.series, 1, price).settled
    assert rt_a2 - w.rt("BANK_A", "CUSTOMER_A2") == financial_value(1, price)
    # a customer must come with its own bank's token
    with reverts("CustomerTokenMismatch", a1.address, w.token("BANK_B")):
        a1.op1052.trade(
            a1.next_operation_id(),
            Party.customer(a1.address, w.token("BANK_B")),
            b.party(b.address),
            S,
            w.series,
            1,
            price,
        )


def test_central_bank_auctions_1005_1006(w: World) -> None:
    bcb, stn, a = w.tp("BCB"), w.tp("STN"), w.tp("BANK_A")
    stn.tpft.direct_placement(stn.address, bcb.address, w.series, 50)
    # 1005: BCB sells to a participant
    op = bcb.next_operation_id()
    r = bcb.op1052.auction(op, w.cnpj8("BCB"), w.cnpj8("BANK_A"), S, w.series, 20, PRICE, "Comunicado 1/2026")
    assert r.command.event == "AuctionOperationEvent" and r.command.notice_number == "Comunicado 1/2026"
    with reverts("OperationMismatch", op):  # the notice number is part of the terms
        a.op1052.auction(op, w.cnpj8("BCB"), w.cnpj8("BANK_A"), R, w.series, 20, PRICE, "Comunicado 2/2026")
    assert a.op1052.auction(
        op, w.cnpj8("BCB"), w.cnpj8("BANK_A"), R, w.series, 20, PRICE, "Comunicado 1/2026"
    ).settled
    assert w.bonds("BCB") == 30 and w.rd("BCB") == financial_value(20, PRICE)
    # 1006: the Treasury buys back from a participant
    stn.approve_dvp(financial_value(5, PRICE))
    w.platform.as_signer(w.chain.account("STN")).real_digital.request_mint(financial_value(5, PRICE))
    op = a.next_operation_id()
    a.op1052.auction(op, w.cnpj8("BANK_A"), w.cnpj8("STN"), S, w.series, 5, PRICE, "Edital 7")
    assert stn.op1052.auction(
        op, w.cnpj8("BANK_A"), w.cnpj8("STN"), R, w.series, 5, PRICE, "Edital 7"
    ).settled
    with reverts("NotAnAuctionOperation", 11111111, 22222222):
        a.op1052.auction(
            a.next_operation_id(), w.cnpj8("BANK_A"), w.cnpj8("BANK_B"), S, w.series, 5, PRICE, "x"
        )


def test_paused_operation_contract(w: World) -> None:
    bcb, a = w.tp("BCB"), w.tp("BANK_A")
    op = a.next_operation_id()
    a.op1052.trade(op, *banks(w), S, w.series, 1, PRICE)
    bcb.op1052.pause()
    assert a.op1052.is_paused()
    with reverts("EnforcedPause"):
        w.tp("BANK_B").op1052.trade(op, *banks(w), R, w.series, 1, PRICE)
    assert a.op1052.cancel(op).status == CANCELLED  # cancellations still work while paused
    with reverts("AccessControlUnauthorizedAccount"):
        a.op1052.unpause()
    bcb.op1052.unpause()
    assert not a.op1052.is_paused()
