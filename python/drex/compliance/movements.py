"""What the rules see: the index's events reduced to movements of money and bonds.

The compliance service reads :class:`drex.index.records.IndexedEvent` records; this module needs only
the fields named by :class:`EventRecord`, so the rules can be tested on any record with them. A
``Transfer`` of Real Digital or of a Real Tokenizado becomes one :class:`Movement` in centavos; a TPFt
``TransferSingle``/``TransferBatch`` one movement per series in quantity units (hundredths of a bond).
Mints come from, and burns go to, no one (``None``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

ZERO = "0x0000000000000000000000000000000000000000"
#: Movement families: money (Real Digital, Real Tokenizado) and bonds (TPFt).
MONEY = ("real_digital", "real_tokenizado")


class EventRecord(Protocol):
    """The fields of an indexed event the compliance service reads (``drex.index.records.IndexedEvent``)."""

    @property
    def seq(self) -> int: ...
    @property
    def block(self) -> int: ...
    @property
    def time(self) -> int: ...
    @property
    def tx(self) -> str: ...
    @property
    def log_index(self) -> int: ...
    @property
    def address(self) -> str: ...
    @property
    def contract(self) -> str | None: ...
    @property
    def event(self) -> str | None: ...
    @property
    def args(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Movement:
    """One movement: ``amount`` in centavos (money) or hundredths of a bond (``family == "tpft"``)."""

    seq: int
    block: int
    time: int
    tx: str
    log_index: int
    asset: str
    family: str
    token_id: int
    source: str | None
    target: str | None
    amount: int

    @property
    def ref(self) -> str:
        """Where the movement is on chain: ``<tx hash>:<log index>`` (stable across redelivery)."""
        return f"{self.tx}:{self.log_index}"

    def evidence(self) -> dict[str, Any]:
        """The movement as alert evidence (raw integers, addresses as on chain)."""
        return {
            "seq": self.seq,
            "block": self.block,
            "time": self.time,
            "tx": self.tx,
            "log_index": self.log_index,
            "asset": self.asset,
            "token_id": self.token_id,
            "from": self.source,
            "to": self.target,
            "amount": self.amount,
        }


def family_of(contract: str | None) -> str | None:
    """``real_digital``, ``real_tokenizado``, ``tpft`` or None for the contract's manifest name."""
    if contract == "RealDigital":
        return "real_digital"
    if contract is not None and contract.startswith("RealTokenizado@"):
        return "real_tokenizado"
    if contract == "TPFt":
        return "tpft"
    return None


def _party(address: Any) -> str | None:
    text = str(address)
    return None if text.lower() == ZERO else text


def movements_of(ev: EventRecord) -> list[Movement]:
    """The movements an indexed event records (none for an event that moves nothing)."""
    family = family_of(ev.contract)
    if family is None or ev.event is None:
        return []
    a = ev.args
    asset = ev.contract or ev.address

    def make(token_id: int, source: Any, target: Any, amount: int) -> Movement:
        return Movement(
            ev.seq,
            ev.block,
            ev.time,
            ev.tx,
            ev.log_index,
            asset,
            family,
            token_id,
            _party(source),
            _party(target),
            int(amount),
        )

    if family in MONEY and ev.event == "Transfer":
        return [make(0, a["from"], a["to"], a["value"])]
    if family == "tpft" and ev.event == "TransferSingle":
        return [make(int(a["id"]), a["from"], a["to"], a["value"])]
    if family == "tpft" and ev.event == "TransferBatch":
        return [make(int(i), a["from"], a["to"], v) for i, v in zip(a["ids"], a["values"], strict=True)]
    return []


__all__ = ["MONEY", "EventRecord", "Movement", "family_of", "movements_of"]
