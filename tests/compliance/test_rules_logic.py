"""Every rule of the starter catalogue fires on a crafted sequence and stays silent on a clean one
(pure logic over records shaped as the index's events; the same rules run on a real chain in
test_chain.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import pytest

from compliance.events import DAY, HOUR, T0, Ev, Seq, wallet
from drex.compliance.detectors import Context, Hit, ListMatch, brasilia_date
from drex.compliance.engine import Engine, backtest
from drex.compliance.rules import Rule, catalogue

RULES = {r.id: r for r in catalogue()}
R = 100  # centavos per real


def hits(rule_id: str, events: list[Ev], ctx: Context | None = None) -> list[Hit]:
    return backtest(RULES[rule_id], events, ctx)


def test_single_movement() -> None:
    s = Seq()
    assert len(hits("single-movement", [s.transfer(T0, 1, 2, 50_000 * R)])) == 1
    assert hits("single-movement", [s.transfer(T0, 1, 2, 50_000 * R - 1)]) == []


def test_structuring() -> None:
    s = Seq()
    burst = [s.transfer(T0 + i * HOUR, 1, 10 + i, 49_000 * R) for i in range(5)]
    found = hits("structuring", burst)
    assert [h.subject for h in found] == [wallet(1)] and len(found[0].evidence) == 5
    s = Seq()
    spread = [s.transfer(T0 + i * 7 * HOUR, 1, 10 + i, 49_000 * R) for i in range(5)]  # over 28 h
    small = [s.transfer(T0 + i * HOUR, 1, 10 + i, 40_000 * R) for i in range(5)]  # not just under
    assert hits("structuring", spread) == [] and hits("structuring", small) == []


def test_velocity() -> None:
    s = Seq()
    base = [s.transfer(T0 + d * DAY, 1, 2, 1_000 * R) for d in range(31)]
    burst = [s.transfer(T0 + 31 * DAY + i * HOUR, 1, 3, 3_000 * R) for i in range(4)]
    found = hits("velocity", base + burst)
    assert {h.subject for h in found} == {wallet(1)}
    s = Seq()
    calm = [s.transfer(T0 + d * DAY, 1, 2, 1_000 * R) for d in range(40)]
    assert hits("velocity", calm) == []


def test_pass_through() -> None:
    s = Seq()
    seq = [s.transfer(T0, 1, 2, 20_000 * R), s.transfer(T0 + HOUR, 2, 3, 17_000 * R)]
    found = hits("pass-through", seq)
    assert [h.subject for h in found] == [wallet(2)]
    s = Seq()
    late = [s.transfer(T0, 1, 2, 20_000 * R), s.transfer(T0 + 3 * HOUR, 2, 3, 17_000 * R)]
    part = [s.transfer(T0, 1, 4, 20_000 * R), s.transfer(T0 + HOUR, 4, 3, 10_000 * R)]
    assert hits("pass-through", late) == [] and hits("pass-through", part) == []


@pytest.mark.parametrize(("rule", "incoming"), [("fan-in", True), ("fan-out", False)])
def test_fan(rule: str, incoming: bool) -> None:
    s = Seq()

    def move(i: int, cents: int) -> Ev:  # one account (1) and ten others
        return (
            s.transfer(T0 + i * 60, 100 + i, 1, cents)
            if incoming
            else s.transfer(T0 + i * 60, 1, 100 + i, cents)
        )

    assert [h.subject for h in hits(rule, [move(i, 2_500 * R) for i in range(10)])] == [wallet(1)]
    assert hits(rule, [move(i, 2_500 * R) for i in range(9)]) == []  # nine counterparties
    assert hits(rule, [move(i, 1_000 * R) for i in range(10)]) == []  # R$ 10.000,00 in total


def test_round_trip() -> None:
    s = Seq()
    cycle = [
        s.transfer(T0, 1, 2, 5_000 * R),
        s.transfer(T0 + HOUR, 2, 3, 4_900 * R),
        s.transfer(T0 + 2 * HOUR, 3, 1, 4_800 * R),
    ]
    found = hits("round-trip", cycle)
    assert len(found) == 1 and found[0].subject == wallet(1) and len(found[0].evidence) == 3
    s = Seq()
    # a chain that never comes back, and a return that came before the departure
    chain = [
        s.transfer(T0, 1, 2, 5_000 * R),
        s.transfer(T0 + HOUR, 2, 3, 5_000 * R),
        s.transfer(T0 + 2 * HOUR, 3, 4, 5_000 * R),
    ]
    early = [s.transfer(T0, 6, 5, 5_000 * R), s.transfer(T0 + HOUR, 5, 7, 5_000 * R)]
    assert hits("round-trip", chain) == [] and hits("round-trip", early) == []
    s = Seq()
    slow = [s.transfer(T0, 1, 2, 5_000 * R), s.transfer(T0 + 4 * DAY, 2, 1, 5_000 * R)]
    assert hits("round-trip", slow) == []


def test_dormant() -> None:
    s = Seq()
    found = hits("dormant", [s.transfer(T0, 1, 2, 100 * R), s.transfer(T0 + 181 * DAY, 1, 3, 10_000 * R)])
    assert [h.subject for h in found] == [wallet(1)]  # 3 was never seen before: new, not dormant
    s = Seq()
    assert (
        hits("dormant", [s.transfer(T0, 1, 2, 100 * R), s.transfer(T0 + 179 * DAY, 1, 3, 10_000 * R)]) == []
    )


class _Lists:
    def __init__(self, wallets: set[str], keys: set[str]):
        self.wallets, self.keys = wallets, keys

    def matches(self, wallet_: str, key_hash: str | None, lists: Iterable[str] = ()) -> list[ListMatch]:
        out = []
        if wallet_.lower() in self.wallets:
            out.append(ListMatch("UN", "QDi.1", "X", "wallet", wallet_))
        if key_hash is not None and key_hash in self.keys:
            out.append(ListMatch("internal", "7", "Y", "key", key_hash))
        return out


def test_screening_by_wallet_and_by_key() -> None:
    key = "0x" + "ab" * 32
    ctx = Context(screening=_Lists({wallet(9).lower()}, {key}))
    s = Seq()
    register = s.ev(T0, "KeyDictionary", "CustomerDataUpdated", key=key, owner=wallet(50), wallet=wallet(7))
    events = [
        register,
        s.transfer(T0 + 1, 1, 9, 100),
        s.transfer(T0 + 2, 7, 1, 100),
        s.transfer(T0 + 3, 1, 2, 100),
    ]
    found = hits("screening", events, ctx)
    assert [(h.subject, h.matches[0].matched_on) for h in found] == [
        (wallet(9), "wallet"),
        (wallet(7), "key"),
    ]


class _Prices:
    def price(self, tpft_id: int, day: date) -> int | None:
        return 1_000 * 10**8 if tpft_id == 1 and day == brasilia_date(T0) else None


def test_dvp_price() -> None:
    ctx = Context(prices=_Prices())
    s = Seq()

    def dvp(value_reais: int, tpft_id: int = 1) -> Ev:
        return s.ev(
            T0,
            "TPFtDvP",
            "DvPSettled",
            operation=wallet(5),
            operationId=1,
            sender=wallet(1),
            receiver=wallet(2),
            tpftId=tpft_id,
            tpftAmount=10 * 100,
            financialValue=value_reais * R,
        )

    assert len(hits("dvp-price", [dvp(10_600)], ctx)) == 1  # 6 % above
    assert len(hits("dvp-price", [dvp(9_400)], ctx)) == 1  # 6 % below
    assert (
        hits("dvp-price", [dvp(10_400), dvp(9_600), dvp(20_000, tpft_id=2)], ctx) == []
    )  # within 5 %, no price


def test_redelivered_events_are_skipped_and_disabled_rules_evaluate_nothing() -> None:
    s = Seq()
    big = s.transfer(T0, 1, 2, 60_000 * R)
    engine = Engine([RULES["single-movement"]])
    assert len(engine.evaluate([big])) == 1 and engine.evaluate([big]) == []
    disabled: Rule = replace(RULES["single-movement"], mode="DISABLED")
    assert Engine([disabled]).evaluate([Seq().transfer(T0, 1, 2, 60_000 * R)]) == []


def test_a_payment_between_two_banks_is_one_movement_payer_to_receiver() -> None:
    """SwapOneStep burns the payer's Real Tokenizado, moves Real Digital between the reserves and mints
    the receiver's, then announces SwapExecuted: the rules see payer -> receiver."""
    s = Seq()
    receiver, zero = wallet(2), wallet(0)

    def swap(time: int, payer: str, cents: int) -> list[Ev]:
        n = s.ev(time, "-", "-").seq  # a fresh number for the block and the transaction
        tx = f"0x{n:064x}"

        def log(i: int, contract: str, event: str, **args: object) -> Ev:
            return Ev(n * 10 + i, n, time, tx, i, wallet(0xC0), contract, event, dict(args))

        return [
            log(0, "RealTokenizado@11111111", "Transfer", **{"from": payer, "to": zero, "value": cents}),
            log(1, "RealDigital", "Transfer", **{"from": wallet(0xA), "to": wallet(0xB), "value": cents}),
            log(2, "RealTokenizado@22222222", "Transfer", **{"from": zero, "to": receiver, "value": cents}),
            log(
                3,
                "SwapOneStep",
                "SwapExecuted",
                senderNumber=11111111,
                receiverNumber=22222222,
                sender=payer,
                receiver=receiver,
                amount=cents,
            ),
        ]

    # ten payers at bank A pay one receiver at bank B: a fan-in seen across the banks
    events = [e for i in range(10) for e in swap(T0 + i * 60, wallet(100 + i), 2_500 * R)]
    found = hits("fan-in", events)
    assert [h.subject for h in found] == [receiver]
    assert found[0].evidence[-1]["asset"] == "RealTokenizado@11111111->RealTokenizado@22222222"
    assert found[0].evidence[-1]["from"] == wallet(109) and found[0].evidence[-1]["log_index"] == 3
    # without the SwapExecuted, burns and mints stay movements from and to no one: no fan-in
    assert hits("fan-in", [e for e in events if e.event != "SwapExecuted"]) == []
