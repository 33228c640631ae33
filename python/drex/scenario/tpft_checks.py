"""The bond phase's conservation checks (:mod:`drex.scenario.tpft`), recorded on the scenario session.

Over the phase's blocks: each series' minted quantity equals what is held plus what was burned (and its
total supply what is held); the net Real Digital change of the phase's wallets equals what STR issued
minus what was redeemed; and every DvP settlement and every repayment moved both legs (bonds, money) in
the same transaction. A failed check is recorded as violated and raises :class:`~drex.errors.DrexError`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from drex.errors import DrexError
from drex.sdk.display import day, quantity, reais
from drex.sdk.values import ZERO_ADDRESS

if TYPE_CHECKING:
    from drex.scenario.tpft import _Phase
    from drex.sdk.tpft_values import Series


def brl(amount: Decimal) -> str:
    return reais(amount)


def conservation(phase: _Phase, series: list[Series], rd_delta: Decimal) -> None:
    """Record (and enforce) the phase's conservation checks: bonds minted = held + burned per series, Real
    Digital moved only by STR issuance and redemption, and both legs of every DvP settlement and
    repayment in the same transaction."""
    tpft, start = phase.reader.tpft, phase.start_block
    moves = tpft.transfers(from_block=start)
    problems: list[str] = []
    for s in series:
        tid = tpft.series_id(s)
        mine = [m for m in moves if m.tpft_id == tid]
        minted = sum((m.quantity for m in mine if m.kind == "mint"), Decimal("0.00"))
        destroyed = sum((m.quantity for m in mine if m.kind == "burn"), Decimal("0.00"))
        holders = {m.receiver for m in mine if m.kind != "burn"} | {
            m.sender for m in mine if m.kind != "mint"
        }
        held = sum((tpft.balance_of(h, tid) for h in holders), Decimal("0.00"))
        supply = tpft.total_supply(tid)
        ok = minted == held + destroyed and supply == held
        phase.s.check(
            f"bonds of {s.acronym} {day(s.maturity_date)} conserved",
            ok,
            f"minted {quantity(minted)} = held {quantity(held)} + burned {quantity(destroyed)}; "
            f"total supply {quantity(supply)}",
        )
        if not ok:
            problems.append(f"bonds of {s}")
    by_tx: dict[str, list[tuple[str, str, str, Decimal]]] = defaultdict(list)
    coins = {"RD": phase.base.real_digital, "RT-A": phase.rt["BANK_A"], "RT-B": phase.rt["BANK_B"]}
    for name, coin in coins.items():
        for t in coin.transfers(from_block=start):
            by_tx[t.where.tx_hash].append((name, t.sender, t.receiver, t.amount))
    bonds_by_tx: dict[str, list[tuple[str, str, int, Decimal]]] = defaultdict(list)
    for m in moves:
        bonds_by_tx[m.where.tx_hash].append((m.sender, m.receiver, m.tpft_id, m.quantity))
    issued = Decimal("0.00")
    for _, src, dst, amt in (m for moves_ in by_tx.values() for m in moves_ if m[0] == "RD"):
        issued += amt if src == ZERO_ADDRESS else -amt if dst == ZERO_ADDRESS else 0
    ok = issued == rd_delta
    phase.s.check(
        "Real Digital conserved over the bond phase",
        ok,
        f"net change of the wallets {brl(rd_delta)} = issued through STR - redeemed {brl(issued)}",
    )
    if not ok:
        problems.append("Real Digital balances")
    checked = 0
    for d in phase.reader.dvp.settlements(from_block=start):
        tx = d.where.tx_hash
        bond_leg = (d.sender, d.receiver, d.tpft_id, d.quantity) in bonds_by_tx[tx]
        money = by_tx[tx]
        paid = any(src == d.receiver and amt == d.financial_value for _, src, _, amt in money)
        got = any(dst == d.sender and amt == d.financial_value for _, _, dst, amt in money)
        if not got:  # a customer paying its own bank: its Real Tokenizado is burned, nothing moves on
            got = any(
                src == d.receiver and dst == ZERO_ADDRESS and _issuer(phase, name) == d.sender
                for name, src, dst, _ in money
            )
        checked += 1
        if not (bond_leg and paid and got):
            problems.append(f"settlement of operation {d.operation_id}")
    repaid = 0
    treasury = phase.wallets["STN"]
    for rep in phase.reader.op1012.repayments(from_block=start):
        tx = rep.where.tx_hash
        burned = (rep.holder, ZERO_ADDRESS, rep.tpft_id, rep.quantity) in bonds_by_tx[tx]
        paid = any(n == "RD" and src == treasury and amt == rep.value for n, src, _, amt in by_tx[tx])
        repaid += 1
        if not (burned and paid):
            problems.append(f"repayment {rep.operation_id}")
    legs = [p for p in problems if p.startswith(("settlement", "repayment"))]
    phase.s.check(
        "delivery versus payment",
        not legs,
        f"{checked} settlements and {repaid} repayments moved bonds and money in the same transaction",
    )
    if problems:
        raise DrexError(f"tpft conservation violated: {', '.join(problems)}")


def _issuer(phase: _Phase, coin: str) -> str | None:
    if coin == "RT-A":
        return phase.wallets["BANK_A"]
    if coin == "RT-B":
        return phase.wallets["BANK_B"]
    return None
