"""Crafted event sequences for the rules' pure-logic tests: records shaped as the index's IndexedEvent."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

T0 = 1_700_000_000
HOUR = 3600
DAY = 86400


def wallet(n: int) -> str:
    return f"0x{n:040x}"


@dataclass(frozen=True)
class Ev:
    """The fields of ``drex.index.records.IndexedEvent`` the compliance service reads."""

    seq: int
    block: int
    time: int
    tx: str
    log_index: int
    address: str
    contract: str | None
    event: str | None
    args: dict[str, Any] = field(default_factory=dict)


class Seq:
    """Builds events with increasing seq, block and tx hash."""

    def __init__(self) -> None:
        self._n = itertools.count(1)

    def ev(self, time: int, contract: str, event: str, **args: Any) -> Ev:
        n = next(self._n)
        return Ev(n, n, time, f"0x{n:064x}", 0, wallet(0xC0), contract, event, args)

    def transfer(self, time: int, src: int, dst: int, cents: int, token: str = "RealDigital") -> Ev:
        return self.ev(time, token, "Transfer", **{"from": wallet(src), "to": wallet(dst), "value": cents})
