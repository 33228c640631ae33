"""Operation 1052 (outright trades) in its four overloads — participants by CNPJ8 and by wallet, customers
through Real Tokenizado (same bank, across banks, with participants) — and the central bank's auctions
1005/1006; DvP moves both legs or neither."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import BCB_CNPJ8, CNPJ8, PRICE, RECEIVER, SENDER, STN_CNPJ8, World, fv, reverts

AMOUNT = 1_234  # 12.34 bonds (fractions allowed)


def by_cnpj8(
    w: World,
    op: int,
    part: int,
    seller: str = "BANK_A",
    buyer: str = "BANK_B",
    *,
    amount: int = AMOUNT,
    price: int = PRICE,
) -> Any:
    return w.op1052.functions.trade(op, CNPJ8[seller], CNPJ8[buyer], part, w.series, amount, price)


def by_wallet(
    w: World,
    op: int,
    part: int,
    seller: str = "BANK_A",
    buyer: str = "BANK_B",
    *,
    amount: int = AMOUNT,
    price: int = PRICE,
) -> Any:
    return w.op1052.functions.trade(op, w.addr(seller), w.addr(buyer), part, w.series, amount, price)


def by_client(
    w: World,
    op: int,
    part: int,
    seller: str,
    buyer: str,
    *,
    amount: int = AMOUNT,
    price: int = PRICE,
    seller_token: str | None = None,
    buyer_token: str | None = None,
) -> Any:
    st = seller_token or w.token_of(seller).address
    bt = buyer_token or w.token_of(buyer).address
    return w.op1052.functions.trade(op, w.addr(seller), st, w.addr(buyer), bt, part, w.series, amount, price)


def auction(w: World, op: int, part: int, seller: int, buyer: int, notice: str = "Comunicado 42") -> Any:
    return w.op1052.functions.trade(op, seller, buyer, part, w.series, AMOUNT, PRICE, notice)


def settle(w: World, make: Any, seller: str, buyer: str, first: int = SENDER) -> tuple[Any, Any]:
    op = w.new_id()
    signer = {SENDER: seller, RECEIVER: buyer}
    r1 = w.tx(make(op, first), signer[first])
    r2 = w.tx(make(op, 1 - first), signer[1 - first])
    return r1, r2


def test_trade_by_cnpj8(w: World) -> None:
    before = w.snapshot_balances()
    r1, r2 = settle(w, lambda op, p: by_cnpj8(w, op, p), "BANK_A", "BANK_B", first=RECEIVER)
    assert [e.args.status for e in w.events(w.op1052, "OperationEvent", r1)] == ["LAN"]
    (ev,) = w.events(w.op1052, "OperationEvent", r2)
    assert (ev.args.status, ev.args.cnpj8Sender, ev.args.cnpj8Receiver) == (
        "LIQ",
        CNPJ8["BANK_A"],
        CNPJ8["BANK_B"],
    )
    after = w.snapshot_balances()
    value = fv(AMOUNT, PRICE)
    assert after["tpft:BANK_A"] - before["tpft:BANK_A"] == -AMOUNT
    assert after["tpft:BANK_B"] - before["tpft:BANK_B"] == AMOUNT
    assert after["rd:BANK_A"] - before["rd:BANK_A"] == value
    assert after["rd:BANK_B"] - before["rd:BANK_B"] == -value


def test_trade_by_wallet(w: World) -> None:
    before = w.snapshot_balances()
    _, r2 = settle(w, lambda op, p: by_wallet(w, op, p, "BANK_B", "BANK_A"), "BANK_B", "BANK_A")
    (ev,) = w.events(w.op1052, "OperationTradeEvent", r2)
    assert ev.args.status == "LIQ" and ev.args.financialValue == fv(AMOUNT, PRICE)
    after = w.snapshot_balances()
    assert after["tpft:BANK_A"] - before["tpft:BANK_A"] == AMOUNT
    assert after["rd:BANK_B"] - before["rd:BANK_B"] == fv(AMOUNT, PRICE)


@pytest.mark.parametrize(
    ("seller", "buyer", "expect"),
    [
        # customer → customer of the same bank: Real Tokenizado A changes hands.
        ("CUSTOMER_A1", "CUSTOMER_A2", {"rt_a:CUSTOMER_A1": 1, "rt_a:CUSTOMER_A2": -1}),
        # customer of A buys from a customer of B: RT A burned, reserve A pays reserve B, RT B minted.
        (
            "CUSTOMER_B1",
            "CUSTOMER_A1",
            {"rt_b:CUSTOMER_B1": 1, "rt_a:CUSTOMER_A1": -1, "rd:BANK_A": -1, "rd:BANK_B": 1},
        ),
        # a customer of B buys from participant A: RT B burned, reserve B pays the participant.
        ("BANK_A", "CUSTOMER_B1", {"rt_b:CUSTOMER_B1": -1, "rd:BANK_B": -1, "rd:BANK_A": 1}),
        # participant A buys from a customer of B: RD A → reserve B, RT B minted to the customer.
        ("CUSTOMER_B1", "BANK_A", {"rt_b:CUSTOMER_B1": 1, "rd:BANK_B": 1, "rd:BANK_A": -1}),
        # participant B buys from a customer of A: RD B → reserve A, RT A minted to the customer.
        ("CUSTOMER_A1", "BANK_B", {"rt_a:CUSTOMER_A1": 1, "rd:BANK_B": -1, "rd:BANK_A": 1}),
        # bank A buys from its own customer: RT A minted to the customer, no Real Digital moves.
        ("CUSTOMER_A2", "BANK_A", {"rt_a:CUSTOMER_A2": 1, "rd:BANK_A": 0}),
    ],
)
def test_trade_with_customers(w: World, seller: str, buyer: str, expect: dict[str, int]) -> None:
    before = w.snapshot_balances()
    _, r2 = settle(w, lambda op, p: by_client(w, op, p, seller, buyer), seller, buyer)
    (ev,) = w.events(w.op1052, "OperationClientTradeEvent", r2)
    assert ev.args.status == "LIQ"
    after = w.snapshot_balances()
    value = fv(AMOUNT, PRICE)
    assert after[f"tpft:{seller}"] - before[f"tpft:{seller}"] == -AMOUNT
    assert after[f"tpft:{buyer}"] - before[f"tpft:{buyer}"] == AMOUNT
    for key, sign in expect.items():
        assert after[key] - before[key] == sign * value, key
    # Money is conserved per currency except Real Tokenizado burned at one bank and minted at another.
    rd = sum(v for k, v in after.items() if k.startswith("rd:")) - sum(
        v for k, v in before.items() if k.startswith("rd:")
    )
    assert rd == 0


def test_auctions_1005_and_1006(w: World) -> None:
    w.tx(w.tpft.functions.directPlacement(w.addr("STN"), w.addr("BCB"), w.series, 10_000), "STN")
    before = w.snapshot_balances()
    # 1005: BCB sells to BANK_A.
    op = w.new_id()
    w.tx(auction(w, op, SENDER, BCB_CNPJ8, CNPJ8["BANK_A"]), "BCB")
    r = w.tx(auction(w, op, RECEIVER, BCB_CNPJ8, CNPJ8["BANK_A"]), "BANK_A")
    (ev,) = w.events(w.op1052, "AuctionOperationEvent", r)
    assert (ev.args.status, ev.args.noticeNumber, ev.args.receiver) == (
        "LIQ",
        "Comunicado 42",
        w.addr("BANK_A"),
    )
    # 1006: STN buys from BANK_B.
    op = w.new_id()
    w.tx(auction(w, op, RECEIVER, CNPJ8["BANK_B"], STN_CNPJ8), "STN")
    w.tx(auction(w, op, SENDER, CNPJ8["BANK_B"], STN_CNPJ8), "BANK_B")
    after = w.snapshot_balances()
    value = fv(AMOUNT, PRICE)
    assert after["tpft:BCB"] - before["tpft:BCB"] == -AMOUNT and after["rd:BCB"] - before["rd:BCB"] == value
    assert after["tpft:STN"] - before["tpft:STN"] == AMOUNT and after["rd:STN"] - before["rd:STN"] == -value


def test_auction_rules(w: World) -> None:
    with reverts("NotAnAuctionOperation", CNPJ8["BANK_A"], CNPJ8["BANK_B"]):
        w.tx(auction(w, w.new_id(), SENDER, CNPJ8["BANK_A"], CNPJ8["BANK_B"]), "BANK_A")
    op = w.new_id()
    w.tx(auction(w, op, SENDER, BCB_CNPJ8, CNPJ8["BANK_A"]), "BCB")
    with reverts("OperationMismatch", op):  # another notice number
        w.tx(auction(w, op, RECEIVER, BCB_CNPJ8, CNPJ8["BANK_A"], "Comunicado 43"), "BANK_A")
    with reverts("OperationMismatch", op):  # the plain CNPJ8 overload is another variant
        w.tx(by_cnpj8(w, op, RECEIVER, "BCB", "BANK_A"), "BANK_A")


def test_mismatch_double_settlement_and_cancel(w: World) -> None:
    op = w.new_id()
    w.tx(by_wallet(w, op, SENDER), "BANK_A")
    with reverts("OperationMismatch", op):
        w.tx(by_wallet(w, op, RECEIVER, amount=AMOUNT + 1), "BANK_B")
    with reverts("OnlyInitiatorCanCancel", op, w.addr("BANK_B")):
        w.tx(w.op1052.functions.cancel(op, "not mine"), "BANK_B")
    # Pending commands are keyed by id and parties: by CNPJ8 the parties are CNPJ8s, so this is another
    # command, left pending (and its initiator may cancel it), not a match of the wallet command.
    w.tx(by_cnpj8(w, op, RECEIVER), "BANK_B")
    assert w.view(w.op1052.functions.getOperationOf(op, w.addr("BANK_B")))[3] == 1  # Pending
    w.tx(w.op1052.functions.cancel(op, "wrong variant"), "BANK_B")
    w.tx(by_wallet(w, op, RECEIVER), "BANK_B")
    with reverts("OperationAlreadySettled", op):
        w.tx(by_wallet(w, op, RECEIVER), "BANK_B")
    with reverts("OperationAlreadySettled", op):
        w.tx(w.op1052.functions.cancel(op, "too late"), "BANK_A")
    op2 = w.new_id()
    w.tx(by_client(w, op2, RECEIVER, "CUSTOMER_A1", "CUSTOMER_B1"), "CUSTOMER_B1")
    r = w.tx(w.op1052.functions.cancel(op2, "no"), "CUSTOMER_B1")
    assert w.events(w.op1052, "OperationCancelEvent", r)[0].args.status == "CAN"
    with reverts("OperationAlreadyCancelled", op2):
        w.tx(by_client(w, op2, SENDER, "CUSTOMER_A1", "CUSTOMER_B1"), "CUSTOMER_A1")


def test_callers_must_be_the_parties(w: World) -> None:
    with reverts("UnauthorizedCaller", w.addr("BANK_B"), SENDER):
        w.tx(by_wallet(w, w.new_id(), SENDER), "BANK_B")
    with reverts("UnauthorizedCaller", w.addr("BANK_A"), RECEIVER):
        w.tx(by_cnpj8(w, w.new_id(), RECEIVER), "BANK_A")
    with reverts("SameSenderAndReceiver", w.addr("BANK_A")):
        w.tx(by_wallet(w, w.new_id(), SENDER, "BANK_A", "BANK_A"), "BANK_A")
    with reverts("DefaultAccountNotFound", 99999999):
        w.tx(
            w.op1052.functions.trade(w.new_id(), CNPJ8["BANK_A"], 99999999, SENDER, w.series, 1, PRICE),
            "BANK_A",
        )


def test_customers_and_tokens_are_checked(w: World) -> None:
    # A customer cannot use the participants-only overloads.
    with reverts("ParticipantRequired", w.addr("CUSTOMER_A1")):
        w.tx(by_wallet(w, w.new_id(), SENDER, "CUSTOMER_A1", "BANK_B"), "CUSTOMER_A1")
    # A customer must name its own bank's Real Tokenizado.
    with reverts("CustomerTokenMismatch", w.addr("CUSTOMER_A1"), w.rt_b.address):
        w.tx(
            by_client(w, w.new_id(), SENDER, "CUSTOMER_A1", "BANK_B", seller_token=w.rt_b.address),
            "CUSTOMER_A1",
        )
    # A participant's token must be a registered Real Tokenizado.
    with reverts("InvalidRealTokenizado", w.rd.address):
        w.tx(by_client(w, w.new_id(), SENDER, "BANK_A", "CUSTOMER_B1", seller_token=w.rd.address), "BANK_A")
    # A customer disabled on its Real Tokenizado cannot settle.
    op = w.new_id()
    w.tx(by_client(w, op, SENDER, "CUSTOMER_A1", "CUSTOMER_B1"), "CUSTOMER_A1")
    w.tx(w.rt_b.functions.disableAccount(w.addr("CUSTOMER_B1")), "BANK_B")
    before = w.snapshot_balances()
    with reverts("AccountNotEnabledForRealTokenizado", w.addr("CUSTOMER_B1"), w.rt_b.address):
        w.tx(by_client(w, op, RECEIVER, "CUSTOMER_A1", "CUSTOMER_B1"), "CUSTOMER_B1")
    assert w.snapshot_balances() == before


def test_insufficient_bonds_frozen_bonds_and_money(w: World) -> None:
    op = w.new_id()
    big = w.bonds("CUSTOMER_A1") + 1
    w.tx(by_client(w, op, SENDER, "CUSTOMER_A1", "CUSTOMER_B1", amount=big, price=10**8), "CUSTOMER_A1")
    before = w.snapshot_balances()
    with reverts("ERC1155InsufficientBalance"):
        w.tx(by_client(w, op, RECEIVER, "CUSTOMER_A1", "CUSTOMER_B1", amount=big, price=10**8), "CUSTOMER_B1")
    assert w.snapshot_balances() == before
    # Frozen bonds cannot be delivered.
    w.tx(w.tpft.functions.allowFreezingPlacement(w.addr("BCB")), "BCB")
    w.tx(w.tpft.functions.increaseFrozenBalance(w.addr("BANK_A"), w.series, w.bonds("BANK_A") - 100), "BCB")
    op = w.new_id()
    w.tx(by_wallet(w, op, SENDER, amount=200), "BANK_A")
    with reverts("TPFtInsufficientUnfrozenBalance"):
        w.tx(by_wallet(w, op, RECEIVER, amount=200), "BANK_B")
    assert w.snapshot_balances() == before
    # A buyer without enough Real Tokenizado.
    op = w.new_id()
    huge_price = 10**8 * 10**7
    w.tx(by_client(w, op, SENDER, "BANK_B", "CUSTOMER_A2", price=huge_price), "BANK_B")
    with reverts("ERC20InsufficientBalance"):
        w.tx(by_client(w, op, RECEIVER, "BANK_B", "CUSTOMER_A2", price=huge_price), "CUSTOMER_A2")
    assert w.snapshot_balances() == before


def test_zero_value_and_maturity(w: World) -> None:
    with reverts("ZeroFinancialValue"):
        w.tx(by_wallet(w, w.new_id(), SENDER, amount=1, price=99_999_999), "BANK_A")
    op = w.new_id()
    w.tx(by_wallet(w, op, SENDER), "BANK_A")
    w.chain.increase_time(w.series[2] - w.chain.timestamp())
    with reverts("OperationTPFtMatured", w.series_id, w.series[2]):
        w.tx(by_wallet(w, op, RECEIVER), "BANK_B")
