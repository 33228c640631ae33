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
