"""``drex.sdk.history`` on the real platform: after a scripted sequence (Real Tokenizado mint and transfer,
a swap, a TPFt DvP trade, freezes, a forced move, a Real Digital transfer), a wallet's history lists exactly
those movements, with their amounts and counterparties, in block order, whatever the log chunking."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hexbytes import HexBytes
from web3.exceptions import Web3RPCError

from drex.sdk.history import Movement, history
from drex.sdk.tpft_ops import Party
from drex.sdk.tpft_values import CallerPart, financial_value

from .conftest import World

PRICE = Decimal("955.5")


def script(w: World) -> tuple[int, int]:
    """Run the sequence; returns (first block, DvP operation id)."""
    start = w.platform.block_number() + 1
    a, a1, b = w.tp("BANK_A"), w.tp("CUSTOMER_A1"), w.tp("BANK_B")
    rt_a = a.platform.real_tokenizado(w.cnpj8("BANK_A"))
    rt_a.mint(w.addr("CUSTOMER_A1"), "100.00")
    a1.platform.real_tokenizado(w.cnpj8("BANK_A")).transfer(w.addr("CUSTOMER_A2"), "25.50")
    a.platform.swap_one_step.approve_reserve("1000")
    a1.platform.swap_one_step.execute(w.cnpj8("BANK_A"), w.cnpj8("BANK_B"), w.addr("CUSTOMER_B1"), "12.34")
    seller, buyer = b.party(b.address), b.party(a1.address)
    assert isinstance(seller, Party)
    op = b.next_operation_id()
    b.op1052.trade(op, seller, buyer, CallerPart.SENDER, w.series, 2, PRICE)
    assert a1.op1052.trade(op, seller, buyer, CallerPart.RECEIVER, w.series, 2, PRICE).settled
    rt_a.freeze(w.addr("CUSTOMER_A1"), "5.00")
    rt_a.unfreeze(w.addr("CUSTOMER_A1"), "2.00")
    w.tp("BCB").tpft.allow_freezing(w.addr("BCB"))
    w.tp("BCB").tpft.freeze(w.addr("CUSTOMER_A1"), w.series, "1.5")
    rt_a.move(w.addr("CUSTOMER_A1"), w.addr("BANK_A"), "1.00")
    a.platform.real_digital.transfer(w.addr("BANK_B"), "10.00")
    return start, op


def summary(moves: list[Movement]) -> list[tuple[str, str, str | None, int, str, int | None]]:
    return [(m.kind, m.direction, m.counterparty, m.units, m.asset, m.operation_id) for m in moves]


def test_a_wallet_history_lists_exactly_its_movements(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    start, op = script(w)
    bank_a, bank_b, bcb = w.addr("BANK_A"), w.addr("BANK_B"), w.addr("BCB")
    a1, a2, b1 = w.addr("CUSTOMER_A1"), w.addr("CUSTOMER_A2"), w.addr("CUSTOMER_B1")
    brl_a, ltn = f"BRL@{w.cnpj8('BANK_A')}", str(w.series)
    value = int(financial_value(2, PRICE) * 100)
    moves = history(w.platform, a1, start)
    assert summary(moves) == [
        ("mint", "in", bank_a, 10000, brl_a, None),
        ("transfer", "out", a2, 2550, brl_a, None),
        ("swap leg", "out", b1, 1234, brl_a, None),
        ("DvP payment", "out", bank_b, value, brl_a, op),  # TPFtDvP takes the money, then delivers
        ("bond DvP", "in", bank_b, 200, ltn, op),
        ("freeze", "", bank_a, 500, brl_a, None),
        ("unfreeze", "", bank_a, 200, brl_a, None),
        ("bond freeze", "", bcb, 150, ltn, None),
        ("forced move", "out", bank_a, 100, brl_a, None),
    ]
    blocks = [(m.block_number, m.log_index) for m in moves]
    assert blocks == sorted(blocks) and len(set(blocks)) == len(blocks)
    assert all(m.timestamp == w.chain.w3.eth.get_block(m.block_number)["timestamp"] for m in moves)
    assert moves[0].amount == Decimal("100.00") and moves[4].amount == Decimal("2.00") and moves[4].is_bond
    assert moves[4].series == w.series and moves[4].tpft_id == 1
    tx = w.chain.w3.eth.get_transaction(HexBytes(moves[0].tx_hash))
    assert tx["blockNumber"] == moves[0].block_number
    # the bank's side: the swap's and the DvP's Real Digital legs between reserves, its own transfer
    bank = [
        (m.kind, m.direction, m.counterparty, m.units, m.asset) for m in history(w.platform, bank_a, start)
    ]
    assert ("swap leg", "out", bank_b, 1234, "BRL") in bank
    assert ("DvP payment", "out", bank_b, value, "BRL") in bank
    assert ("transfer", "out", bank_b, 1000, "BRL") == bank[-1]
    assert ("forced move", "in", a1, 100, brl_a) in bank
    # a block range narrows it; chunks of any size, and a node refusing ranges, give the same list
    assert summary(history(w.platform, a1, start, start)) == summary(moves[:1])
    assert history(w.platform, a1, start, span=2) == moves
    real = w.chain.w3.eth.get_logs
    calls: list[int] = []

    def besu_like(params: Any) -> Any:
        calls.append(params["toBlock"] - params["fromBlock"] + 1)
        if params["toBlock"] - params["fromBlock"] >= 3:
            raise Web3RPCError("Exceeds max range of 3")  # what a node limiting eth_getLogs ranges answers
        return real(params)

    monkeypatch.setattr(w.chain.w3.eth, "get_logs", besu_like)
    assert history(w.platform, a1, start) == moves
    accepted = [n for n in calls if n <= 3]  # halved from the whole range until the node accepts
    assert calls[0] > 3 and calls[1] == calls[0] // 2 and sum(accepted) == calls[0]


def test_a_wallet_with_no_movements(w: World) -> None:
    start = w.platform.block_number() + 1
    w.tp("BANK_A").platform.real_digital.transfer(w.addr("BANK_B"), "1.00")
    assert history(w.platform, w.addr(9), start) == []
