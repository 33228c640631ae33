"""Decoding of what a transaction moved, from its receipt's logs, without web3's (slow) event decoding.

Every balance change of Real Digital and the Real Tokenizados emits an ERC-20 ``Transfer`` (mints and
burns from/to the zero address), every TPFt balance change an ERC-1155 ``TransferSingle`` or
``TransferBatch``; TPFtDvP emits ``DvPSettled`` for each delivery versus payment and the repayment
reserve ``RepaymentDeposited`` for each value it holds for a wallet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from eth_abi import decode
from eth_utils import keccak, to_checksum_address

ZERO = "0x0000000000000000000000000000000000000000"
TRANSFER = keccak(text="Transfer(address,address,uint256)")
TRANSFER_SINGLE = keccak(text="TransferSingle(address,address,address,uint256,uint256)")
TRANSFER_BATCH = keccak(text="TransferBatch(address,address,address,uint256[],uint256[])")
DVP_SETTLED = keccak(text="DvPSettled(address,uint256,address,address,uint256,uint256,uint256)")
REPAYMENT_DEPOSITED = keccak(text="RepaymentDeposited(address,uint256,address,uint256,uint256)")


@dataclass(frozen=True)
class Move:
    token: str  # "rd", "rt_a", ..., or "tpft:<id>"
    src: str  # ZERO for a mint
    dst: str  # ZERO for a burn
    value: int


@dataclass(frozen=True)
class Settlement:
    operation: str  # the operation contract's address
    operation_id: int
    sender: str
    receiver: str
    tpft_id: int
    amount: int
    value: int


@dataclass
class TxEffects:
    moves: list[Move] = field(default_factory=list)
    settlements: list[Settlement] = field(default_factory=list)
    deposits: list[tuple[str, int, str, int]] = field(default_factory=list)  # wallet, tpftId, token, amount

    def debits(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = defaultdict(int)
        for m in self.moves:
            if m.src != ZERO and m.value:
                out[(m.token, m.src)] += m.value
        return out

    def credits(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = defaultdict(int)
        for m in self.moves:
            if m.dst != ZERO and m.value:
                out[(m.token, m.dst)] += m.value
        return out

    def burned(self, token: str) -> int:
        return sum(m.value for m in self.moves if m.token == token and m.dst == ZERO)

    def minted(self, token: str) -> int:
        return sum(m.value for m in self.moves if m.token == token and m.src == ZERO)

    def moved_to(self, token: str, dst: str) -> int:
        return sum(m.value for m in self.moves if m.token == token and m.dst == dst and m.src != ZERO)


def _addr(topic: bytes) -> str:
    return to_checksum_address(topic[-20:])


def effects(receipt: Any, erc20: dict[str, str], tpft: str, dvp: str, reserve: str) -> TxEffects:
    """What ``receipt`` moved. ``erc20`` maps token addresses to token keys."""
    out = TxEffects()
    for log in receipt["logs"]:
        address = to_checksum_address(log["address"])
        topics = [bytes(t) for t in log["topics"]]
        if not topics:
            continue
        data = bytes(log["data"])
        t0 = topics[0]
        if t0 == TRANSFER and address in erc20 and len(topics) == 3:
            (value,) = decode(["uint256"], data)
            out.moves.append(Move(erc20[address], _addr(topics[1]), _addr(topics[2]), int(value)))
        elif t0 == TRANSFER_SINGLE and address == tpft:
            tid, value = decode(["uint256", "uint256"], data)
            out.moves.append(Move(f"tpft:{tid}", _addr(topics[2]), _addr(topics[3]), int(value)))
        elif t0 == TRANSFER_BATCH and address == tpft:
            ids, values = decode(["uint256[]", "uint256[]"], data)
            for tid, value in zip(ids, values, strict=True):
                out.moves.append(Move(f"tpft:{tid}", _addr(topics[2]), _addr(topics[3]), int(value)))
        elif t0 == DVP_SETTLED and address == dvp:
            s, r, tid, amount, value = decode(["address", "address", "uint256", "uint256", "uint256"], data)
            out.settlements.append(
                Settlement(
                    _addr(topics[1]),
                    int.from_bytes(topics[2], "big"),
                    to_checksum_address(s),
                    to_checksum_address(r),
                    int(tid),
                    int(amount),
                    int(value),
                )
            )
        elif t0 == REPAYMENT_DEPOSITED and address == reserve:
            token, _op, amount = decode(["address", "uint256", "uint256"], data)
            out.deposits.append(
                (_addr(topics[1]), int.from_bytes(topics[2], "big"), to_checksum_address(token), int(amount))
            )
    return out
