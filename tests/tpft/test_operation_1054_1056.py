"""Operations 1054 (repos: fixed, intraday and open return price) and 1056 (their return leg): forward and
return legs settle by DvP on matching commands, only on the return date; default, modes and every
rejection are checked."""

from __future__ import annotations

from typing import Any

from .helpers import CNPJ8, PRICE, RECEIVER, SENDER, World, fv, reverts

AMOUNT = 5_000
RETURN_PRICE = PRICE + 12_345_678
BRT = 3 * 3600
DAY = 86_400


def noon_in(w: World, days: int) -> int:
    """Noon (Brasília) ``days`` calendar days from today."""
    today = (w.chain.timestamp() - BRT) // DAY
    return (today + days) * DAY + BRT + 12 * 3600


def go_to(w: World, ts: int) -> None:
    w.chain.increase_time(ts - w.chain.timestamp())


def repo_cnpj8(w: World, op: int, part: int, return_date: int, *, price: int = RETURN_PRICE) -> Any:
    return w.op1054.functions.tradeRepo(
        op, CNPJ8["BANK_A"], CNPJ8["BANK_B"], part, w.series, AMOUNT, PRICE, price, return_date
    )


def both(w: World, make: Any, seller: str = "BANK_A", buyer: str = "BANK_B") -> tuple[int, Any]:
    op = w.new_id()
    w.tx(make(op, SENDER), seller)
    return op, w.tx(make(op, RECEIVER), buyer)


def test_fixed_repo_forward_and_return(w: World) -> None:
    ret_date = noon_in(w, 3)
    before = w.snapshot_balances()
    op, r = both(w, lambda o, p: repo_cnpj8(w, o, p, ret_date))
    (ev,) = w.events(w.op1054, "RepoOperationTradeForwardCNPJ8Event", r)
    assert ev.args.status == "LIQ" and ev.args.returnFinancialValue == fv(AMOUNT, RETURN_PRICE)
    mid = w.snapshot_balances()
    assert mid["tpft:BANK_B"] - before["tpft:BANK_B"] == AMOUNT
    assert mid["rd:BANK_A"] - before["rd:BANK_A"] == fv(AMOUNT, PRICE)
    repo = w.view(w.op1054.functions.getRepo(op))
    assert repo[-1] == 1  # Active

    ret = w.new_id()
    with reverts("NotReturnDate", op, ret_date):
        w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_B")
    go_to(w, ret_date)
    with reverts("NotARepoParty", op, w.addr("CUSTOMER_A1")):
        w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "CUSTOMER_A1")
    with reverts("WrongReturnPriceMode", op):
        w.tx(w.op1056.functions.tradeReverseRepoOpenReturnPrice(op, ret, PRICE), "BANK_B")
    r1 = w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_B")
    assert w.events(w.op1056, "ReverseRepoOperationTradeReturnCNPJ8Event", r1)[0].args.status == "LAN"
    with reverts("CommandAlreadySent", ret, SENDER):
        w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_B")
    r2 = w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_A")
    (ev,) = w.events(w.op1056, "ReverseRepoOperationTradeReturnCNPJ8Event", r2)
    assert ev.args.status == "LIQ" and ev.args.returnFinancialValue == fv(AMOUNT, RETURN_PRICE)
    after = w.snapshot_balances()
    assert after["tpft:BANK_A"] == before["tpft:BANK_A"] and after["tpft:BANK_B"] == before["tpft:BANK_B"]
    interest = fv(AMOUNT, RETURN_PRICE) - fv(AMOUNT, PRICE)
    assert after["rd:BANK_B"] - before["rd:BANK_B"] == interest
    assert after["rd:BANK_A"] - before["rd:BANK_A"] == -interest
    assert w.view(w.op1054.functions.getRepo(op))[-1] == 2  # Returned
    with reverts("RepoNotActive", op):
        w.tx(w.op1056.functions.tradeReverseRepo(op, w.new_id()), "BANK_B")
    with reverts("RepoNotActive", op):  # a settled return id cannot be replayed either
        w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_A")
    with reverts("OperationAlreadySettled", ret):
        w.tx(w.op1056.functions.cancel(ret, "late"), "BANK_B")


def test_intraday_repo_by_wallet(w: World) -> None:
    make = lambda o, p: w.op1054.functions.tradeRepoIntraday(  # noqa: E731
        o, w.addr("BANK_B"), w.addr("BANK_A"), p, w.series, AMOUNT, PRICE
    )
    before = w.snapshot_balances()
    op, r = both(w, make, "BANK_B", "BANK_A")
    (ev,) = w.events(w.op1054, "RepoOperationTradeForwardEvent", r)
    assert ev.args.returnUnitPrice == PRICE and ev.args.returnFinancialValue == ev.args.financialValue
    ret = w.new_id()
    w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_B")
    r2 = w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_A")
    assert w.events(w.op1056, "ReverseRepoOperationTradeReturnEvent", r2)[0].args.status == "LIQ"
    assert w.snapshot_balances() == before


def test_open_price_repo_between_participant_and_customer(w: World) -> None:
    ret_date = noon_in(w, 1)
    rt_a, rt_b = w.rt_a.address, w.rt_b.address
    make = lambda o, p: w.op1054.functions.tradeRepoOpenReturnPrice(  # noqa: E731
        o, w.addr("BANK_B"), rt_b, w.addr("CUSTOMER_A1"), rt_a, p, w.series, AMOUNT, PRICE, ret_date
    )
    before = w.snapshot_balances()
    op, r = both(w, make, "BANK_B", "CUSTOMER_A1")
    (ev,) = w.events(w.op1054, "RepoOperationTradeForwardParticipantClientEvent", r)
    assert ev.args.returnUnitPrice == 0 and ev.args.status == "LIQ"
    go_to(w, ret_date)
    ret = w.new_id()
    with reverts("WrongReturnPriceMode", op):
        w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "CUSTOMER_A1")
    w.tx(w.op1056.functions.tradeReverseRepoOpenReturnPrice(op, ret, RETURN_PRICE), "CUSTOMER_A1")
    with reverts("OperationMismatch", ret):
        w.tx(w.op1056.functions.tradeReverseRepoOpenReturnPrice(op, ret, RETURN_PRICE - 1), "BANK_B")
    r2 = w.tx(w.op1056.functions.tradeReverseRepoOpenReturnPrice(op, ret, RETURN_PRICE), "BANK_B")
    (ev,) = w.events(w.op1056, "ReverseRepoOperationTradeReturnParticipantClientEvent", r2)
    assert ev.args.returnUnitPrice == RETURN_PRICE
    after = w.snapshot_balances()
    interest = fv(AMOUNT, RETURN_PRICE) - fv(AMOUNT, PRICE)
    assert after["tpft:CUSTOMER_A1"] == before["tpft:CUSTOMER_A1"]
    assert after["rt_a:CUSTOMER_A1"] - before["rt_a:CUSTOMER_A1"] == interest
    assert after["rd:BANK_B"] - before["rd:BANK_B"] == -interest


def test_repo_between_customers_is_rejected(w: World) -> None:
    make = w.op1054.functions.tradeRepoIntraday(
        w.new_id(),
        w.addr("CUSTOMER_A1"),
        w.rt_a.address,
        w.addr("CUSTOMER_B1"),
        w.rt_b.address,
        SENDER,
        w.series,
        AMOUNT,
        PRICE,
    )
    with reverts("RepoBetweenCustomersNotAllowed"):
        w.tx(make, "CUSTOMER_A1")


def test_return_date_rules(w: World) -> None:
    with reverts("InvalidReturnUnitPrice"):
        w.tx(repo_cnpj8(w, w.new_id(), SENDER, noon_in(w, 1), price=0), "BANK_A")
    past = noon_in(w, -1)
    with reverts("InvalidReturnDate", past):
        w.tx(repo_cnpj8(w, w.new_id(), SENDER, past), "BANK_A")
    with reverts("InvalidReturnDate", w.series[2]):
        w.tx(repo_cnpj8(w, w.new_id(), SENDER, w.series[2]), "BANK_A")
    # A registered repo whose return date passes before the counterpart confirms cannot settle.
    op = w.new_id()
    ret_date = noon_in(w, 1)
    w.tx(repo_cnpj8(w, op, SENDER, ret_date), "BANK_A")
    go_to(w, ret_date + DAY)
    with reverts("InvalidReturnDate", ret_date):
        w.tx(repo_cnpj8(w, op, RECEIVER, ret_date), "BANK_B")


def test_default_after_return_date(w: World) -> None:
    ret_date = noon_in(w, 2)
    op, _ = both(w, lambda o, p: repo_cnpj8(w, o, p, ret_date))
    with reverts("ReturnDateNotExpired", op, ret_date):
        w.tx(w.op1054.functions.setDefault(op, "not yet"), "BCB")
    go_to(w, ret_date + DAY)
    with reverts("NotReturnDate", op, ret_date):
        w.tx(w.op1056.functions.tradeReverseRepo(op, w.new_id()), "BANK_B")
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.op1054.functions.setDefault(op, "mine"), "BANK_A")
    r = w.tx(w.op1054.functions.setDefault(op, "return not settled"), "BCB")
    assert w.events(w.op1054, "RepoOperationDefaultEvent", r)[0].args.reason == "return not settled"
    with reverts("RepoNotActive", op):
        w.tx(w.op1054.functions.setDefault(op, "again"), "BCB")
    with reverts("RepoNotActive", op):
        w.tx(w.op1056.functions.tradeReverseRepo(op, w.new_id()), "BANK_B")


def test_repos_sharing_an_id_default_and_return_by_party(w: World) -> None:
    """Two repos of different wallets (and participants) with one id: each party's 1056 command returns its
    own repo; BCB's pilot ``setDefault(id, reason)`` asks for the party (RepoPartyRequired) and
    ``setDefault(id, party, reason)`` defaults that party's repo only."""
    ret_date = noon_in(w, 1)
    op = w.new_id()
    zero = "0x" + "00" * 20

    def repo(seller: str, buyer: str, part: int) -> Any:
        return w.op1054.functions.tradeRepo(
            op,
            w.addr(seller),
            zero,
            w.addr(buyer),
            w.token_of(buyer).address,
            part,
            w.series,
            AMOUNT // 100,
            PRICE,
            RETURN_PRICE,
            ret_date,
        )

    for seller, buyer in (("BANK_A", "CUSTOMER_A1"), ("BANK_B", "CUSTOMER_B1")):
        w.tx(repo(seller, buyer, SENDER), seller)
        w.tx(repo(seller, buyer, RECEIVER), buyer)
    assert w.view(w.op1054.functions.repoCount(op)) == 2
    go_to(w, ret_date)
    ret = w.new_id()
    w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "CUSTOMER_A1")
    r = w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_A")
    (ev,) = w.events(w.op1056, "ReverseRepoOperationTradeReturnParticipantClientEvent", r)
    assert (ev.args.sender, ev.args.receiver, ev.args.status) == (
        w.addr("BANK_A"),
        w.addr("CUSTOMER_A1"),
        "LIQ",
    )
    get_of = w.op1054.functions.getRepoOf
    assert w.view(get_of(op, w.addr("BANK_A")))[-1] == 2  # Returned
    assert w.view(get_of(op, w.addr("BANK_B")))[-1] == 1  # Active
    go_to(w, ret_date + DAY)
    with reverts("RepoPartyRequired", op):
        w.tx(w.op1054.functions.setDefault(op, "which one?"), "BCB")
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.op1054.functions.setDefault(op, w.addr("BANK_B"), "mine"), "BANK_A")
    with reverts("RepoNotActive", op):
        w.tx(w.op1054.functions.setDefault(op, w.addr("CUSTOMER_A1"), "returned"), "BCB")
    with reverts("RepoNotActive", op):
        w.tx(w.op1054.functions.setDefault(op, w.addr("CUSTOMER_A2"), "no repo"), "BCB")
    r = w.tx(w.op1054.functions.setDefault(op, w.addr("CUSTOMER_B1"), "return not settled"), "BCB")
    assert w.events(w.op1054, "RepoOperationDefaultEvent", r)[0].args.reason == "return not settled"
    (ev,) = w.events(w.op1054, "RepoDefaulted", r)
    assert (ev.args.sender, ev.args.receiver) == (w.addr("BANK_B"), w.addr("CUSTOMER_B1"))
    assert w.view(get_of(op, w.addr("BANK_B")))[-1] == 3  # Defaulted
    assert w.view(get_of(op, w.addr("BANK_A")))[-1] == 2  # still Returned


def test_cancels_and_failed_return(w: World) -> None:
    ret_date = noon_in(w, 1)
    op = w.new_id()
    w.tx(repo_cnpj8(w, op, RECEIVER, ret_date), "BANK_B")
    with reverts("OnlyInitiatorCanCancel", op, w.addr("BANK_A")):
        w.tx(w.op1054.functions.cancel(op, "x"), "BANK_A")
    r = w.tx(w.op1054.functions.cancel(op, "x"), "BANK_B")
    assert w.events(w.op1054, "RepoOperationCancelEvent", r)[0].args.reason == "x"
    op, _ = both(w, lambda o, p: repo_cnpj8(w, o, p, ret_date))
    go_to(w, ret_date)
    ret = w.new_id()
    w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_A")
    with reverts("OnlyInitiatorCanCancel", ret, w.addr("BANK_B")):
        w.tx(w.op1056.functions.cancel(ret, "x"), "BANK_B")
    r = w.tx(w.op1056.functions.cancel(ret, "no"), "BANK_A")
    assert w.events(w.op1056, "ReverseRepoOperationCancelEvent", r)[0].args.status == "CAN"
    # The buyer no longer holds the bonds: the return fails and moves nothing.
    ret2 = w.new_id()
    w.tx(w.op1056.functions.tradeReverseRepo(op, ret2), "BANK_A")
    bonds = w.bonds("BANK_B")
    w.tx(
        w.tpft.functions.safeTransferFrom(w.addr("BANK_B"), w.addr("BANK_A"), w.series_id, bonds, b""),
        "BANK_B",
    )
    before = w.snapshot_balances()
    with reverts("ERC1155InsufficientBalance"):
        w.tx(w.op1056.functions.tradeReverseRepo(op, ret2), "BANK_B")
    assert w.snapshot_balances() == before
    assert w.view(w.op1054.functions.getRepo(op))[-1] == 1  # still active
