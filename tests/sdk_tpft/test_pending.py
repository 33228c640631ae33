"""Operation ids and double-command matching through events: the id builder (range + daily sequence +
yyyyMMdd, resuming after the ids TPFtOperationId already holds), and ``pending_operations`` /
``match`` for every kind of command, seen only by the party that must answer it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from drex.chain import ContractRevert
from drex.errors import DrexError
from drex.sdk.tpft import OperationIdBuilder, TPFtPlatform
from drex.sdk.tpft_ops import Party
from drex.sdk.tpft_values import CallerPart, brasilia_date, noon_timestamp, operation_id, split_operation_id

from .conftest import PRICE, World

S, R = CallerPart.SENDER, CallerPart.RECEIVER
SPARE = 9


def test_operation_id_builder(w: World) -> None:
    a = w.tp("BANK_A")
    today = brasilia_date(w.chain.timestamp())
    assert a.today() == today and a.faixa == 11111111
    first, second = a.next_operation_id(), a.next_operation_id()
    assert first == operation_id(11111111_000001, today) and split_operation_id(second) == (
        11111111_000002,
        today,
    )
    banks = Party.institution(w.cnpj8("BANK_A")), Party.institution(w.cnpj8("BANK_B"))
    for op in (first, second, a.next_operation_id()):
        a.op1052.trade(op, *banks, S, w.series, 1, PRICE)
    # pending: the id is taken network-wide only when it settles, but the builder skips pending ids too
    assert a.used_by(first) is None and a.operation_of(first) == a.op1052
    fresh = OperationIdBuilder(a.platform, 11111111)  # a new process resumes after the used ids
    assert fresh.next() == operation_id(11111111_000004, today)
    assert OperationIdBuilder(a.platform, 11111111).next() == operation_id(11111111_000004, today)  # unsent
    a.op1052.trade(fresh.id_for(4, today), *banks, S, w.series, 1, PRICE)
    a.op1052.trade(fresh.id_for(6, today), *banks, S, w.series, 1, PRICE)  # a gap: 5 free, 6 used
    assert OperationIdBuilder(a.platform, 11111111).next() == operation_id(11111111_000005, today)
    assert fresh.next() == operation_id(11111111_000005, today)
    assert fresh.next(today + dt.timedelta(days=1)) == operation_id(
        11111111_000001, today + dt.timedelta(days=1)
    )
    # the range defaults to the CNPJ8 of the signer's institution; customers use their bank's
    assert (
        w.tp("CUSTOMER_B1").faixa == 22222222 and w.tp("BCB").faixa == 38166 and w.tp("STN").faixa == 394460
    )
    with pytest.raises(DrexError, match="cannot tell the institution"):
        w.tp(SPARE).next_operation_id()
    assert TPFtPlatform(w.tp(SPARE).platform, faixa=777).next_operation_id() == operation_id(
        777_000001, today
    )
    assert a.used_by(operation_id(999_000001, today)) is None and a.operation_of(1) is None


def test_pending_operations_are_seen_by_the_counterpart_and_matched(w: World) -> None:
    bcb, stn, a, b = w.tp("BCB"), w.tp("STN"), w.tp("BANK_A"), w.tp("BANK_B")
    a1, b1 = w.tp("CUSTOMER_A1"), w.tp("CUSTOMER_B1")
    banks = Party.institution(w.cnpj8("BANK_A")), Party.institution(w.cnpj8("BANK_B"))
    wallets = Party.participant(a.address), Party.participant(b.address)
    stn.tpft.direct_placement(stn.address, bcb.address, w.series, 10)
    sent = {
        "trade-cnpj8": a.op1052.trade(a.next_operation_id(), *banks, S, w.series, 5, PRICE),
        "trade-wallet": b.op1052.trade(b.next_operation_id(), *wallets, R, w.series, 6, PRICE),
        "trade-client": a1.op1052.trade(
            a1.next_operation_id(), a1.party(a1.address), a1.party(b1.address), S, w.series, "0.75", PRICE
        ),
        "offering-bcb": bcb.op1002.place(bcb.next_operation_id(), w.cnpj8("BANK_A"), S, w.series, 2, PRICE),
        "offering-bank": b.op1002.place(b.next_operation_id(), w.cnpj8("BANK_B"), R, w.series, 3, PRICE),
        "repo-intraday": b.op1054.repo_intraday(
            b.next_operation_id(), banks[1], banks[0], S, w.series, 4, PRICE
        ),
        "auction-1005": bcb.op1052.auction(
            bcb.next_operation_id(), w.cnpj8("BCB"), w.cnpj8("BANK_A"), S, w.series, 1, PRICE, "N 1"
        ),
    }
    cancelled = b.op1052.trade(b.next_operation_id(), *banks, R, w.series, 9, PRICE)
    b.op1052.cancel(cancelled.operation_id)
    ids = {k: r.operation_id for k, r in sent.items()}

    def seen(who: TPFtPlatform, wallets_: list[str] | None = None) -> set[int]:
        return {p.operation_id for p in who.pending_operations(wallets_, from_block=w.start)}

    assert seen(a) == {ids["trade-wallet"], ids["offering-bcb"], ids["repo-intraday"], ids["auction-1005"]}
    assert seen(b) == {ids["trade-cnpj8"]}
    assert seen(b1) == {ids["trade-client"]}
    assert seen(bcb) == {ids["offering-bank"]}  # BCB holds AUCTION_PLACEMENT_ROLE: the Treasury's part
    assert seen(b, [b.address, b1.address]) == {
        ids["trade-cnpj8"],
        ids["trade-client"],
    }  # a bank and its customer
    everyone = b.pending_operations(everyone=True)  # whole history, from block 0
    assert {p.operation_id for p in everyone} == set(ids.values())
    pending = {p.operation_id: p for p in everyone}
    p = pending[ids["repo-intraday"]]
    assert (p.initiator, p.initiator_part, p.awaiting, p.counterpart) == (b.address, S, R, a.address)
    assert p.command.function == "tradeRepoIntraday" and "awaiting the receiver part" in p.describe()
    assert pending[ids["offering-bank"]].counterpart is None
    with pytest.raises(ContractRevert):
        b.match(pending[ids["trade-wallet"]])  # B is not the awaited party: the contract refuses

    answers = {
        "trade-cnpj8": b,
        "trade-wallet": a,
        "trade-client": b1,
        "offering-bcb": a,
        "offering-bank": bcb,
        "repo-intraday": a,
        "auction-1005": a,
    }
    for kind, who in answers.items():
        result = who.match(pending[ids[kind]])
        assert result.settled and result.financial_value == sent[kind].financial_value, kind
    assert b.pending_operations(everyone=True, from_block=w.start) == []
    assert w.bonds("BCB") == 9 and w.bonds("CUSTOMER_B1") == Decimal("100.75")


def test_pending_returns_of_an_open_price_repo(w: World) -> None:
    a, b = w.tp("BANK_A"), w.tp("BANK_B")
    seller, buyer = Party.participant(a.address), Party.participant(b.address)
    back = brasilia_date(w.chain.timestamp()) + dt.timedelta(days=1)
    op = a.next_operation_id()
    a.op1054.repo_open(op, seller, buyer, S, w.series, 20, PRICE, back)
    (p,) = b.pending_operations(from_block=w.start)
    assert p.command.function == "tradeRepoOpenReturnPrice" and p.command.return_date == noon_timestamp(back)
    assert b.match(p).settled
    w.chain.increase_time(noon_timestamp(back) - w.chain.timestamp())
    ret = a.next_operation_id()
    a.op1056.reverse_open(op, ret, "951.5")  # the seller repurchases: RECEIVER part, the buyer must answer
    (p,) = b.pending_operations(from_block=w.start)
    assert p.contract == "TPFtOperation1056" and p.command.function == "tradeReverseRepoOpenReturnPrice"
    assert (p.operation_id, p.command.original_operation_id, p.awaiting, p.counterpart) == (
        ret,
        op,
        S,
        b.address,
    )
    assert a.pending_operations(from_block=w.start) == []
    done = b.match(p)
    assert done.settled and done.command.return_unit_price == Decimal("951.5")
    assert w.bonds("BANK_A") == 1000


def test_cancel_by_id_finds_the_contract(w: World) -> None:
    b = w.tp("BANK_B")
    banks = Party.institution(w.cnpj8("BANK_A")), Party.institution(w.cnpj8("BANK_B"))
    op = b.next_operation_id()
    b.op1054.repo_intraday(op, banks[1], banks[0], S, w.series, 1, PRICE)
    r = b.cancel(op, "changed my mind")
    assert r.command.contract == "TPFtOperation1054" and r.status == "CAN"
    (pending,) = [b.op1052.trade(b.next_operation_id(), *banks, R, w.series, 1, PRICE)]
    assert b.cancel(pending.operation_id, operation="1052").status == "CAN"
    with pytest.raises(DrexError, match="no double-command"):
        b.cancel(12345)


def test_operation_ids_are_kept_per_participant(w: World) -> None:
    """TPFtOperationId keeps ids per participant: the SDK reads an id's use for a scope, lists every use
    from the events, and builds ids its counterparts' participants have not used either."""
    from drex.sdk.tpft import WALLET_SCOPE_FLAG

    a, b, b1 = w.tp("BANK_A"), w.tp("BANK_B"), w.tp("CUSTOMER_B1")
    cnpj8_a, cnpj8_b = int(w.cnpj8("BANK_A")), int(w.cnpj8("BANK_B"))
    assert a.id_scope() == cnpj8_a and a.id_scope(b1.address) == cnpj8_b  # a customer: its bank
    spare = w.tp(SPARE).address
    assert a.id_scope(spare) == WALLET_SCOPE_FLAG | int(spare, 16)  # a wallet of no participant
    banks = Party.institution(w.cnpj8("BANK_A")), Party.institution(w.cnpj8("BANK_B"))
    # BANK_B settles with its customer an id that is BANK_A's next one.
    x = a.ids.id_for(a.ids._last.get(a.today(), 0) + 1, a.today())
    seller, buyer = b.party(b.address), b.party(b1.address)
    b.op1052.trade(x, seller, buyer, S, w.series, 1, PRICE)
    b1.op1052.trade(x, seller, buyer, R, w.series, 1, PRICE)
    assert b.used_by(x) == b.op1052.address and a.used_by(x) is None
    assert a.used_by(x, w.cnpj8("BANK_B")) == a.op1052.address and a.used_by(x, b1.address) is not None
    (reg,) = a.registrations(x)
    assert reg.operation == a.op1052.address and reg.scopes == (cnpj8_b,)
    # BANK_A could still use x with anyone but BANK_B; its builder skips it anyway (it skips every id an
    # operation contract has seen, and every id a party given in ``parties`` used, e.g. in a repayment).
    assert a.next_operation_id(parties=[banks[1]]) != x and a.ids.next() != x
    with pytest.raises(ContractRevert, match="OperationIdAlreadyUsed"):
        a.op1052.trade(x, *banks, S, w.series, 1, PRICE)  # BANK_B already used x
