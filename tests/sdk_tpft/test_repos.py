"""Repos (1054) and their return (1056) through the SDK: fixed price by CNPJ8, intraday by wallet, open
return price between a participant and a customer, the return only on the return date, defaults declared by
BCB after it, and the rejections of each, with both legs checked against balances."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from drex.sdk.tpft_ops import OperationStatus, Party, RepoKind, RepoState
from drex.sdk.tpft_values import CallerPart, brasilia_date, financial_value, noon_timestamp
from drex.testing import reverts

from .conftest import PRICE, World

S, R = CallerPart.SENDER, CallerPart.RECEIVER
RETURN_PRICE = Decimal("950.65432100")


def day_after(w: World, days: int) -> dt.date:
    return brasilia_date(w.chain.timestamp()) + dt.timedelta(days=days)


def go_to(w: World, ts: int) -> None:
    w.chain.increase_time(ts - w.chain.timestamp())


def test_fixed_repo_by_cnpj8_and_its_return(w: World) -> None:
    a, b = w.tp("BANK_A"), w.tp("BANK_B")
    seller, buyer = Party.institution(w.cnpj8("BANK_A")), Party.institution(w.cnpj8("BANK_B"))
    back = day_after(w, 2)
    ra, rb = w.rd("BANK_A"), w.rd("BANK_B")
    op = a.next_operation_id()
    first = a.op1054.repo(op, seller, buyer, S, w.series, 100, PRICE, RETURN_PRICE, back)
    assert first.command.function == "tradeRepo" and first.command.return_date == noon_timestamp(back)
    with reverts("OperationMismatch", op):
        b.op1054.repo(op, seller, buyer, R, w.series, 100, PRICE, RETURN_PRICE, day_after(w, 3))
    forward = b.op1054.repo(op, seller, buyer, R, w.series, 100, PRICE, RETURN_PRICE, back)
    assert forward.settled and forward.financial_value == financial_value(100, PRICE)
    assert forward.command.return_financial_value == financial_value(100, RETURN_PRICE)
    assert w.rd("BANK_A") - ra == financial_value(100, PRICE) and w.bonds("BANK_B") == 1100
    repo = a.op1054.get_repo(op)
    assert (repo.state, repo.kind, repo.open_return_price) == (RepoState.ACTIVE, RepoKind.CNPJ8, False)
    assert repo.cnpj8_sender == "11111111" and repo.return_unit_price == RETURN_PRICE
    ret = b.next_operation_id()
    with reverts("NotReturnDate", op, noon_timestamp(back)):
        b.op1056.reverse(op, ret)
    go_to(w, noon_timestamp(back) - 3600)
    with reverts("NotARepoParty", op, w.addr("CUSTOMER_A1")):
        w.tp("CUSTOMER_A1").op1056.reverse(op, ret)
    with reverts("WrongReturnPriceMode", op):
        b.op1056.reverse_open(op, ret, RETURN_PRICE)
    first_return = b.op1056.reverse(op, ret)  # the buyer gives the bonds back: the SENDER part
    assert first_return.status == "LAN" and b.op1056.state(ret).initiator_part is S
    assert first_return.command.original_operation_id == op
    with reverts("CommandAlreadySent", ret, 0):
        b.op1056.reverse(op, ret)
    done = a.op1056.reverse(op, ret)
    assert done.settled and done.financial_value == financial_value(100, RETURN_PRICE)
    assert a.op1054.get_repo(op).state is RepoState.RETURNED
    assert w.rd("BANK_A") - ra == financial_value(100, PRICE) - financial_value(100, RETURN_PRICE)
    assert w.rd("BANK_B") - rb == financial_value(100, RETURN_PRICE) - financial_value(100, PRICE)
    assert w.bonds("BANK_A") == 1000 and w.bonds("BANK_B") == 1000
    with reverts("RepoNotActive", op):
        a.op1056.reverse(op, a.next_operation_id())


def test_intraday_repo_by_wallet(w: World) -> None:
    a, b = w.tp("BANK_A"), w.tp("BANK_B")
    seller, buyer = Party.participant(a.address), Party.participant(b.address)
    op = b.next_operation_id()
    first = b.op1054.repo_intraday(op, seller, buyer, R, w.series, "12.34", PRICE)
    assert first.command.function == "tradeRepoIntraday"  # told from its event: returns today, same price
    assert a.op1054.repo_intraday(op, seller, buyer, S, w.series, "12.34", PRICE).settled
    repo = a.op1054.get_repo(op)
    assert repo.kind is RepoKind.WALLET and repo.return_unit_price == PRICE
    assert brasilia_date(repo.return_date) == brasilia_date(w.chain.timestamp())
    ret = a.next_operation_id()
    a.op1056.reverse(op, ret)
    assert b.op1056.reverse(op, ret).financial_value == financial_value("12.34", PRICE)
    assert w.bonds("BANK_A") == 1000


def test_open_price_repo_with_a_customer(w: World) -> None:
    b, b1 = w.tp("BANK_B"), w.tp("CUSTOMER_B1")
    seller, buyer = b1.party(b1.address), b1.party(b.address)  # the customer borrows against its bonds
    back = day_after(w, 1)
    op = b1.next_operation_id()
    first = b1.op1054.repo_open(op, seller, buyer, S, w.series, 10, PRICE, back)
    assert first.command.function == "tradeRepoOpenReturnPrice" and first.command.return_unit_price == 0
    rt_before = w.rt("BANK_B", "CUSTOMER_B1")
    assert b.op1054.repo_open(op, seller, buyer, R, w.series, 10, PRICE, back).settled
    assert w.rt("BANK_B", "CUSTOMER_B1") - rt_before == financial_value(10, PRICE)
    repo = b.op1054.get_repo(op)
    assert repo.kind is RepoKind.PARTICIPANT_CLIENT and repo.open_return_price and repo.sender_token
    go_to(w, noon_timestamp(back))
    ret = b.next_operation_id()
    with reverts("WrongReturnPriceMode", op):
        b.op1056.reverse(op, ret)
    with reverts("InvalidUnitPrice"):
        b.op1056.reverse_open(op, ret, 0)
    b.op1056.reverse_open(op, ret, "951")
    with reverts("OperationMismatch", ret):
        b1.op1056.reverse_open(op, ret, "950.99")  # both must give the same return price
    done = b1.op1056.reverse_open(op, ret, "951")
    assert done.settled and done.command.return_unit_price == Decimal("951")
    assert w.rt("BANK_B", "CUSTOMER_B1") - rt_before == financial_value(10, PRICE) - financial_value(
        10, "951"
    )
    assert w.bonds("CUSTOMER_B1") == 100


def test_repo_rejections_and_default(w: World) -> None:
    a, b, bcb = w.tp("BANK_A"), w.tp("BANK_B"), w.tp("BCB")
    seller, buyer = Party.institution(w.cnpj8("BANK_A")), Party.institution(w.cnpj8("BANK_B"))
    a1, b1 = w.tp("CUSTOMER_A1"), w.tp("CUSTOMER_B1")
    with reverts("RepoBetweenCustomersNotAllowed"):
        a1.op1054.repo_intraday(
            a1.next_operation_id(), a1.party(a1.address), a1.party(b1.address), S, w.series, 1, PRICE
        )
    yesterday = noon_timestamp(day_after(w, -1))
    with reverts("InvalidReturnDate", yesterday):
        a.op1054.repo(a.next_operation_id(), seller, buyer, S, w.series, 1, PRICE, RETURN_PRICE, yesterday)
    with reverts("InvalidReturnDate", w.series.maturity):
        a.op1054.repo(
            a.next_operation_id(), seller, buyer, S, w.series, 1, PRICE, RETURN_PRICE, w.series.maturity
        )
    with reverts("InvalidReturnUnitPrice"):
        a.op1054.repo(a.next_operation_id(), seller, buyer, S, w.series, 1, PRICE, 0, day_after(w, 1))
    # a repo not returned by the end of its return date is declared in default by BCB
    back = day_after(w, 1)
    op = a.next_operation_id()
    a.op1054.repo(op, seller, buyer, S, w.series, 7, PRICE, RETURN_PRICE, back)
    b.op1054.repo(op, seller, buyer, R, w.series, 7, PRICE, RETURN_PRICE, back)
    with reverts("ReturnDateNotExpired", op, noon_timestamp(back)):
        bcb.op1054.set_default(op, "not yet")
    go_to(w, noon_timestamp(back) + 86_400)
    with reverts("AccessControlUnauthorizedAccount"):
        b.op1054.set_default(op, "mine")
    r = bcb.op1054.set_default(op, "not returned")
    assert r.command.event == "RepoOperationDefaultEvent" and r.command.reason == "not returned"
    assert a.op1054.get_repo(op).state is RepoState.DEFAULTED
    with reverts("RepoNotActive", op):
        bcb.op1054.set_default(op, "again")
    # a pending repo is cancelled by its initiator
    op = b.next_operation_id()
    b.op1054.repo_intraday(op, seller, buyer, R, w.series, 1, PRICE)
    assert b.op1054.cancel(op, "no").command.event == "RepoOperationCancelEvent"
    assert b.op1054.state(op).status is OperationStatus.CANCELLED


def test_repos_sharing_an_id_are_read_and_defaulted_by_party(w: World) -> None:
    """Repos are kept per operation id and party: two repos of different wallets (and participants) with one
    id are each read from either of their parties (``get_repo(id, party)``), the returns find the caller's
    repo, and BCB names the party to declare one in default when the id names several."""
    a, a1, b, b1 = w.tp("BANK_A"), w.tp("CUSTOMER_A1"), w.tp("BANK_B"), w.tp("CUSTOMER_B1")
    bcb = w.tp("BCB")
    back = day_after(w, 1)
    op = a.next_operation_id()
    for seller, buyer in ((a, a1), (b, b1)):
        terms = (op, seller.party(seller.address), seller.party(buyer.address))
        seller.op1054.repo(*terms, S, w.series, 3, PRICE, RETURN_PRICE, back)
        assert buyer.op1054.repo(*terms, R, w.series, 3, PRICE, RETURN_PRICE, back).settled
    assert a.op1054.repo_count(op) == 2
    assert a.op1054.get_repo(op).sender == a.address  # the id's first repo
    for party, seller_wallet in ((a1, a.address), (b, b.address), (b1, b.address)):
        repo = a.op1054.get_repo(op, party.address)
        assert repo.sender == seller_wallet and repo.state is RepoState.ACTIVE
    assert a.op1054.get_repo(op, w.addr("CUSTOMER_A2")).state is RepoState.NONE
    go_to(w, noon_timestamp(back))
    ret = a.next_operation_id()
    a1.op1056.reverse(op, ret)
    assert a.op1056.reverse(op, ret).settled
    assert a.op1054.get_repo(op, a.address).state is RepoState.RETURNED
    go_to(w, noon_timestamp(back) + 86_400)
    with reverts("RepoPartyRequired", op):
        bcb.op1054.set_default(op, "which one?")
    r = bcb.op1054.set_default(op, "not returned", party=b1.address)
    assert r.command.event == "RepoOperationDefaultEvent"
    assert b.op1054.get_repo(op, b.address).state is RepoState.DEFAULTED
    assert a.op1054.get_repo(op, a1.address).state is RepoState.RETURNED
