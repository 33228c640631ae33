"""Typed records of the events an institution reads: token transfers, frozen balances, swaps, key requests.

Each record is a frozen dataclass with the event's fields converted the SDK's way (amounts in reais as
:class:`~decimal.Decimal`, CNPJ8s as 8-digit strings, checksummed addresses) plus where it happened
(block, transaction, log index), so records from several queries sort into chain order with
:func:`chain_order`. The clients' history methods (``transfers``, ``history``, ``key_requests``...)
return these records; :func:`fetch_logs` is the one place that queries the node.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from hexbytes import HexBytes
from web3.contract.contract import ContractEvent

from drex.sdk.values import ZERO_ADDRESS, from_units


@dataclass(frozen=True)
class Where:
    """Where an event was emitted."""

    block_number: int
    tx_hash: str
    log_index: int


class _Located(Protocol):
    @property
    def where(self) -> Where: ...


T = TypeVar("T", bound=_Located)


def chain_order(records: Iterable[T]) -> list[T]:
    """Records sorted by (block, log index), duplicates (same log) removed."""
    seen: set[tuple[int, int]] = set()
    out: list[T] = []
    for r in sorted(records, key=lambda r: (r.where.block_number, r.where.log_index)):
        key = (r.where.block_number, r.where.log_index)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def where_of(log: Any) -> Where:
    return Where(int(log["blockNumber"]), HexBytes(log["transactionHash"]).to_0x_hex(), int(log["logIndex"]))


def fetch_logs(
    event: ContractEvent,
    filters: dict[str, Any] | None = None,
    from_block: int = 0,
    to_block: int | str = "latest",
) -> Sequence[Any]:
    """The logs of ``event`` in ``[from_block, to_block]`` whose indexed arguments match ``filters``."""
    return list(event.get_logs(argument_filters=filters or None, from_block=from_block, to_block=to_block))


@dataclass(frozen=True)
class Transfer:
    """An ERC20 ``Transfer`` of Real Digital or a Real Tokenizado; mints come from, burns go to, 0x0."""

    token: str
    sender: str
    receiver: str
    amount: Decimal
    where: Where

    @property
    def kind(self) -> str:
        """``"mint"``, ``"burn"`` or ``"transfer"``."""
        if self.sender == ZERO_ADDRESS:
            return "mint"
        if self.receiver == ZERO_ADDRESS:
            return "burn"
        return "transfer"

    @classmethod
    def from_log(cls, log: Any) -> Transfer:
        a = log["args"]
        return cls(
            str(log["address"]), str(a["from"]), str(a["to"]), from_units(int(a["value"])), where_of(log)
        )


@dataclass(frozen=True)
class FrozenBalanceChanged:
    """``FrozenBalance(wallet, amount)``: ``amount`` is the wallet's frozen balance after the change."""

    token: str
    wallet: str
    frozen: Decimal
    where: Where

    @classmethod
    def from_log(cls, log: Any) -> FrozenBalanceChanged:
        a = log["args"]
        return cls(str(log["address"]), str(a["wallet"]), from_units(int(a["amount"])), where_of(log))


@dataclass(frozen=True)
class SwapEvent:
    """One event of a swap contract.

    ``event`` is ``SwapExecuted`` (one-step or two-step), ``SwapStarted``, ``SwapCancelled`` or
    ``ExpiredProposal``; fields the event does not carry are ``None`` (one-step swaps have no proposal id,
    cancellations carry only the id and the reason).
    """

    contract: str
    event: str
    proposal_id: int | None
    sender_cnpj8: str | None
    receiver_cnpj8: str | None
    sender: str | None
    receiver: str | None
    amount: Decimal | None
    reason: str | None
    where: Where

    @classmethod
    def from_log(cls, contract: str, log: Any) -> SwapEvent:
        a = log["args"]
        pid = a.get("proposalId")
        return cls(
            contract=contract,
            event=str(log["event"]),
            proposal_id=None if pid is None else int(pid),
            sender_cnpj8=f"{int(a['senderNumber']):08d}" if "senderNumber" in a else None,
            receiver_cnpj8=f"{int(a['receiverNumber']):08d}" if "receiverNumber" in a else None,
            sender=str(a["sender"]) if "sender" in a else None,
            receiver=str(a["receiver"]) if "receiver" in a else None,
            amount=from_units(int(a["amount"])) if "amount" in a else None,
            reason=str(a["reason"]) if "reason" in a else None,
            where=where_of(log),
        )


@dataclass(frozen=True)
class KeyRequest:
    """``KeyRequested(owner, proposalId, key)``: an institution asked to port ``key`` from ``owner``."""

    owner: str
    proposal_id: int
    key: bytes
    where: Where

    @classmethod
    def from_log(cls, log: Any) -> KeyRequest:
        a = log["args"]
        return cls(str(a["owner"]), int(a["proposalId"]), bytes(a["key"]), where_of(log))
