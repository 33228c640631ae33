"""Typed records of TPFt events: operation commands, DvP settlements, repayments, reserve movements, bonds.

Every command of a double-command operation (1002, 1052, 1054, 1056) emits one event carrying the whole
terms and a status: ``LAN`` (registered, waiting for the counterpart), ``LIQ`` (settled by delivery versus
payment) or, for cancellations, ``CAN``. :class:`OperationCommand` gives all of them one shape, naming the
contract function that emitted it and how its parties were identified (by CNPJ8, by wallet, by wallet and
Real Tokenizado, or a central bank auction with a notice number), so a pending command can be answered
with the same function and terms. The other records are :class:`DvPSettlement` (TPFtDvP), :class:`Repayment`
(1012, with the route the value took), :class:`ReserveMovement` (TPFtRepaymentReserve), :class:`BondTransfer`
(ERC-1155 transfers, mints and burns) and :class:`SeriesCreated`. Quantities, prices and values are
Decimals (2, 8 and 2 decimals), CNPJ8s 8-digit strings, addresses checksummed; each record knows where it
was emitted, so :func:`~drex.sdk.events.chain_order` sorts records of several queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from eth_typing import ChecksumAddress
from hexbytes import HexBytes
from web3.contract import Contract

from drex.sdk.events import Where, where_of
from drex.sdk.tpft_values import Series, from_price_units, from_quantity_units
from drex.sdk.values import ZERO_ADDRESS, from_units, to_address

#: Status of a registered command waiting for its counterpart.
REGISTERED = "LAN"
#: Status of a settled operation.
SETTLED = "LIQ"
#: Status of a cancelled operation.
CANCELLED = "CAN"

#: Command events -> how their parties are identified.
COMMAND_EVENTS: dict[str, str] = {
    "OperationEvent": "cnpj8",
    "OperationTradeEvent": "wallet",
    "OperationClientTradeEvent": "client",
    "AuctionOperationEvent": "auction",
    "RepoOperationTradeForwardCNPJ8Event": "cnpj8",
    "RepoOperationTradeForwardEvent": "wallet",
    "RepoOperationTradeForwardParticipantClientEvent": "client",
    "ReverseRepoOperationTradeReturnCNPJ8Event": "cnpj8",
    "ReverseRepoOperationTradeReturnEvent": "wallet",
    "ReverseRepoOperationTradeReturnParticipantClientEvent": "client",
}

#: Cancellation and default events.
CLOSING_EVENTS: tuple[str, ...] = (
    "OperationCancelEvent",
    "RepoOperationCancelEvent",
    "ReverseRepoOperationCancelEvent",
    "RepoOperationDefaultEvent",
)

#: The events of each double-command operation contract.
OPERATION_EVENTS: dict[str, tuple[str, ...]] = {
    "TPFtOperation1002": ("OperationEvent", "OperationCancelEvent"),
    "TPFtOperation1052": (
        "OperationEvent",
        "OperationTradeEvent",
        "OperationClientTradeEvent",
        "AuctionOperationEvent",
        "OperationCancelEvent",
    ),
    "TPFtOperation1054": (
        "RepoOperationTradeForwardCNPJ8Event",
        "RepoOperationTradeForwardEvent",
        "RepoOperationTradeForwardParticipantClientEvent",
        "RepoOperationCancelEvent",
        "RepoOperationDefaultEvent",
    ),
    "TPFtOperation1056": (
        "ReverseRepoOperationTradeReturnCNPJ8Event",
        "ReverseRepoOperationTradeReturnEvent",
        "ReverseRepoOperationTradeReturnParticipantClientEvent",
        "ReverseRepoOperationCancelEvent",
    ),
}


def fetch_events(
    contracts: Mapping[str, Contract],
    *,
    only: Iterable[str] | None = None,
    from_block: int = 0,
    to_block: int | str = "latest",
) -> list[tuple[str, Any]]:
    """(contract name, decoded log) of every event the named ``contracts`` emitted in the block range, in
    chain order, optionally only the events named in ``only``.

    One ``eth_getLogs`` for all the addresses, decoded here by address and topic: nodes (the embedded one
    above all) take about as long for one query as for several, so this is the cheap way to read many
    event types at once.
    """
    if not contracts:
        return []
    wanted = None if only is None else set(only)
    by_topic: dict[tuple[str, bytes], tuple[str, Any]] = {}
    w3 = None
    for name, contract in contracts.items():
        w3 = contract.w3
        for item in cast(list[dict[str, Any]], contract.abi):
            if item.get("type") != "event" or item.get("anonymous"):
                continue
            if wanted is not None and item["name"] not in wanted:
                continue
            event = getattr(contract.events, str(item["name"]))()
            topic = bytes(HexBytes(event.topic))
            by_topic[(contract.address.lower(), topic)] = (name, event)
    assert w3 is not None
    params = {
        "address": [c.address for c in contracts.values()],
        "fromBlock": from_block,
        "toBlock": to_block,
    }
    out: list[tuple[str, Any]] = []
    for log in w3.eth.get_logs(cast(Any, params)):
        topics = log["topics"]
        if not topics:
            continue
        found = by_topic.get((str(log["address"]).lower(), bytes(HexBytes(topics[0]))))
        if found is not None:
            out.append((found[0], found[1].process_log(log)))
    out.sort(key=lambda item: (int(item[1]["blockNumber"]), int(item[1]["logIndex"])))
    return out


def _cnpj8(a: Mapping[str, Any], key: str) -> str | None:
    return f"{int(a[key]):08d}" if key in a else None


def _addr(a: Mapping[str, Any], key: str) -> ChecksumAddress | None:
    return to_address(a[key]) if key in a else None


def _token(a: Mapping[str, Any], key: str) -> ChecksumAddress | None:
    if key not in a:
        return None
    found = to_address(a[key])
    return None if found == ZERO_ADDRESS else found


def _qty(a: Mapping[str, Any], key: str) -> Decimal | None:
    return from_quantity_units(int(a[key])) if key in a else None


def _price(a: Mapping[str, Any], key: str) -> Decimal | None:
    return from_price_units(int(a[key])) if key in a else None


def _money(a: Mapping[str, Any], key: str) -> Decimal | None:
    return from_units(int(a[key])) if key in a else None


def _int(a: Mapping[str, Any], key: str) -> int | None:
    return int(a[key]) if key in a else None


@dataclass(frozen=True)
class OperationCommand:
    """One event of a double-command operation contract (a command, a cancellation or a default).

    ``function`` is the contract function to send the matching command with (``auctionPlacement``,
    ``trade``, ``tradeRepo``, ``tradeRepoIntraday``, ``tradeRepoOpenReturnPrice``, ``tradeReverseRepo``,
    ``tradeReverseRepoOpenReturnPrice``), or ``cancel`` / ``setDefault`` for closing events; ``parties``
    says which overload: ``cnpj8``, ``wallet``, ``client`` or ``auction`` (None for closing events). For a
    repo return, ``operation_id`` is the return operation and ``original_operation_id`` the repo; its
    ``sender``/``receiver`` are the repo's seller and buyer. A 1054 command is told intraday when its
    return date is its own block's timestamp at the forward price, and open-price when its return price is 0.
    """

    contract: str
    event: str
    function: str
    parties: str | None
    operation_id: int
    status: str
    timestamp: int
    where: Where
    cnpj8_sender: str | None = None
    cnpj8_receiver: str | None = None
    sender: ChecksumAddress | None = None
    receiver: ChecksumAddress | None = None
    sender_token: ChecksumAddress | None = None
    receiver_token: ChecksumAddress | None = None
    series: Series | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    financial_value: Decimal | None = None
    return_unit_price: Decimal | None = None
    return_financial_value: Decimal | None = None
    return_date: int | None = None
    original_operation_id: int | None = None
    notice_number: str | None = None
    reason: str | None = None

    @property
    def is_command(self) -> bool:
        """A command (not a cancellation or a default)."""
        return self.event in COMMAND_EVENTS

    @classmethod
    def from_log(cls, contract: str, log: Any) -> OperationCommand:
        a = log["args"]
        event = str(log["event"])
        parties = COMMAND_EVENTS.get(event)
        timestamp = int(a["timestamp"]) if "timestamp" in a else 0
        if event in ("OperationCancelEvent", "RepoOperationCancelEvent", "ReverseRepoOperationCancelEvent"):
            function, status = "cancel", CANCELLED  # RepoOperationCancelEvent indexes its status (a hash)
        elif event == "RepoOperationDefaultEvent":
            function, status = "setDefault", "DEF"
        else:
            function, status = "", str(a["status"])
        is_return = event.startswith("ReverseRepo") and "returnOperationId" in a
        fields: dict[str, Any] = {
            "cnpj8_sender": _cnpj8(a, "cnpj8Sender"),
            "cnpj8_receiver": _cnpj8(a, "cnpj8Receiver"),
            "sender": _addr(a, "sender"),
            "receiver": _addr(a, "receiver"),
            "sender_token": _token(a, "senderToken"),
            "receiver_token": _token(a, "receiverToken"),
            "series": Series.from_tuple(a["tpftData"]) if "tpftData" in a else None,
            "quantity": _qty(a, "tpftAmount"),
            "unit_price": _price(a, "unitPrice"),
            # a return's value is its return value
            "financial_value": (
                _money(a, "financialValue") if "financialValue" in a else _money(a, "returnFinancialValue")
            ),
            "return_unit_price": _price(a, "returnUnitPrice"),
            "return_financial_value": _money(a, "returnFinancialValue"),
            "return_date": _int(a, "returnDate"),
            "original_operation_id": int(a["originalOperationId"]) if is_return else None,
            "notice_number": str(a["noticeNumber"]) if "noticeNumber" in a else None,
            "reason": str(a["reason"]) if "reason" in a else None,
        }
        return cls(
            contract=contract,
            event=event,
            function=function or _function_of(contract, event, timestamp, fields),
            parties=parties,
            operation_id=int(a["returnOperationId"]) if is_return else int(a["operationId"]),
            status=status,
            timestamp=timestamp,
            where=where_of(log),
            **fields,
        )


def _function_of(contract: str, event: str, timestamp: int, f: Mapping[str, Any]) -> str:
    if event == "OperationEvent":
        return "auctionPlacement" if contract == "TPFtOperation1002" else "trade"
    if event.startswith("RepoOperationTradeForward"):
        if f["return_unit_price"] == 0:
            return "tradeRepoOpenReturnPrice"
        if f["return_date"] == timestamp and f["return_unit_price"] == f["unit_price"]:
            return "tradeRepoIntraday"
        return "tradeRepo"
    if event.startswith("ReverseRepo"):
        return "tradeReverseRepo"  # the open-price variant is told from the repo (getRepo)
    return "trade"


@dataclass(frozen=True)
class DvPSettlement:
    """``DvPSettled``: bonds went seller -> buyer and the value buyer -> seller, in one transaction."""

    operation: ChecksumAddress
    """The operation contract that settled."""
    operation_id: int
    sender: ChecksumAddress
    receiver: ChecksumAddress
    tpft_id: int
    quantity: Decimal
    financial_value: Decimal
    where: Where

    @classmethod
    def from_log(cls, log: Any) -> DvPSettlement:
        a = log["args"]
        return cls(
            to_address(a["operation"]),
            int(a["operationId"]),
            to_address(a["sender"]),
            to_address(a["receiver"]),
            int(a["tpftId"]),
            from_quantity_units(int(a["tpftAmount"])),
            from_units(int(a["financialValue"])),
            where_of(log),
        )


#: Repayment events of TPFtOperation1012 -> the route the value took.
REPAYMENT_ROUTES: dict[str, str] = {
    "OperationRepaymentParticipant": "participant",
    "OperationRepaymentClient": "client",
    "OperationRepaymentWithReserve": "institution-reserve",
    "OperationRepaymentForContract": "repayment-reserve",
}


@dataclass(frozen=True)
class Repayment:
    """A repayment at maturity (1012). ``route``: ``participant`` (Real Digital to the holder), ``client``
    (Real Tokenizado minted to the customer, Real Digital to its bank's reserve), ``institution-reserve``
    (Real Digital to the customer's bank reserve only) or ``repayment-reserve`` (held by
    TPFtRepaymentReserve until withdrawn; ``reason`` says why)."""

    route: str
    holder: ChecksumAddress
    tpft_id: int
    series: Series
    operation_id: int
    quantity: Decimal
    unit_price: Decimal
    value: Decimal
    status: str
    timestamp: int
    where: Where
    token: ChecksumAddress | None = None
    reserve_account: ChecksumAddress | None = None
    reason: str | None = None

    @classmethod
    def from_log(cls, log: Any) -> Repayment:
        a = log["args"]
        event = str(log["event"])
        return cls(
            route=REPAYMENT_ROUTES[event],
            holder=to_address(a["sender"]),
            tpft_id=int(a["tpftId"]),
            series=Series.from_tuple(a["tpftData"]),
            operation_id=int(a["operationId"]),
            quantity=from_quantity_units(int(a["tpftAmount"])),
            unit_price=from_price_units(int(a["unitRepaymentPrice"])),
            value=from_units(int(a["financialRepaymentValue"])),
            status=str(a["status"]),
            timestamp=int(a["timestamp"]),
            where=where_of(log),
            token=_token(a, "senderToken"),
            reserve_account=_addr(a, "reserveAccount") or _addr(a, "contractAddress"),
            reason=str(a["reason"]) if "reason" in a else None,
        )


#: Events of TPFtRepaymentReserve.
RESERVE_EVENTS: tuple[str, ...] = (
    "RepaymentDeposited",
    "WithdrawalForParticipant",
    "WithdrawalForClient",
    "WithdrawalForParticipantByAuthority",
    "WithdrawalForClientByAuthority",
)


@dataclass(frozen=True)
class ReserveMovement:
    """A deposit into or a withdrawal from TPFtRepaymentReserve. ``wallet`` is the holder entitled to the
    value; ``paid_to`` the wallet that received it (None for deposits)."""

    event: str
    wallet: ChecksumAddress
    tpft_id: int
    operation_id: int
    value: Decimal
    where: Where
    token: ChecksumAddress | None = None
    paid_to: ChecksumAddress | None = None

    @property
    def is_deposit(self) -> bool:
        return self.event == "RepaymentDeposited"

    @classmethod
    def from_log(cls, log: Any) -> ReserveMovement:
        a = log["args"]
        event = str(log["event"])
        wallet = to_address(a["wallet"] if "wallet" in a else a["sender"])
        value = int(a["amount"] if "amount" in a else a["financialRepaymentValue"])
        paid_to = None
        if event != "RepaymentDeposited":
            paid_to = to_address(a["newWallet"]) if "newWallet" in a else wallet
        return cls(
            event,
            wallet,
            int(a["tpftId"]),
            int(a["operationId"]),
            from_units(value),
            where_of(log),
            _token(a, "token") or _token(a, "senderToken"),
            paid_to,
        )


@dataclass(frozen=True)
class BondTransfer:
    """A movement of TPFt (ERC-1155 ``TransferSingle``, one per id of a ``TransferBatch``): mints come
    from, burns go to, the zero address."""

    operator: ChecksumAddress
    sender: ChecksumAddress
    receiver: ChecksumAddress
    tpft_id: int
    quantity: Decimal
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
    def from_log(cls, log: Any) -> list[BondTransfer]:
        a = log["args"]
        where = where_of(log)
        op, src, dst = to_address(a["operator"]), to_address(a["from"]), to_address(a["to"])
        if str(log["event"]) == "TransferSingle":
            return [cls(op, src, dst, int(a["id"]), from_quantity_units(int(a["value"])), where)]
        return [
            cls(op, src, dst, int(i), from_quantity_units(int(v)), where)
            for i, v in zip(a["ids"], a["values"], strict=True)
        ]


@dataclass(frozen=True)
class SeriesCreated:
    """``TPFtCreated``: a new bond series and its id."""

    tpft_id: int
    series: Series
    where: Where

    @classmethod
    def from_log(cls, log: Any) -> SeriesCreated:
        a = log["args"]
        series = Series(str(a["acronym"]), str(a["code"]), int(a["maturityDate"]))
        return cls(int(a["tpftId"]), series, where_of(log))


__all__ = [
    "CANCELLED",
    "COMMAND_EVENTS",
    "OPERATION_EVENTS",
    "REGISTERED",
    "SETTLED",
    "BondTransfer",
    "DvPSettlement",
    "OperationCommand",
    "Repayment",
    "ReserveMovement",
    "SeriesCreated",
    "fetch_events",
]
