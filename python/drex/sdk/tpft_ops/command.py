"""What the double-command operation clients share: parties, command keys and state, results, the base client.

:class:`Party` is one side of an operation (an institution by CNPJ8, a participant wallet, or a customer
wallet with its bank's Real Tokenizado) and :func:`parties_style` the contract overload a pair calls;
:func:`command_key` the contracts' key of a pending command (operation id and parties);
:class:`OperationState` what a contract stores for a command; :class:`CommandResult` a mined command with
its event; :class:`TwoStepOperation` the base of the clients of 1002, 1052, 1054 and 1056.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eth_abi import encode as abi_encode
from eth_typing import ChecksumAddress
from eth_utils import keccak
from web3.contract.contract import ContractFunction
from web3.logs import DISCARD

from drex.errors import DrexError
from drex.sdk.errors import InvalidInput
from drex.sdk.platform import ContractClient, Platform
from drex.sdk.tpft_events import OPERATION_EVENTS, SETTLED, OperationCommand, fetch_events
from drex.sdk.tpft_values import (
    CallerPart,
    PartLike,
    PriceLike,
    QuantityLike,
    Series,
    to_operation_id,
    to_price_units,
    to_quantity_units,
)
from drex.sdk.tx import TxResult
from drex.sdk.values import ZERO_ADDRESS, cnpj8_int, to_address, to_cnpj8

#: CNPJ8 of the National Treasury (STN), seller of every public offering.
STN_CNPJ8 = "00394460"
#: CNPJ8 of the central bank (BCB).
BCB_CNPJ8 = "00038166"

#: The double-command operation contracts, by operation code.
OPERATIONS: dict[str, str] = {
    "1002": "TPFtOperation1002",
    "1052": "TPFtOperation1052",
    "1054": "TPFtOperation1054",
    "1056": "TPFtOperation1056",
}

#: ABI type of a series (acronym, code, maturity) in the operations' function signatures.
SERIES_TYPE = "(string,string,uint256)"


class OperationStatus(enum.IntEnum):
    """Life cycle of a command in one operation contract (``getOperation``, ``getCommand``)."""

    NONE = 0
    PENDING = 1
    SETTLED = 2
    CANCELLED = 3


def command_key(
    operation_id: int, by_cnpj8: bool, party_sender: int | str, party_receiver: int | str
) -> bytes:
    """The contracts' ``commandKey``: pending commands are kept per operation id AND parties (the seller's
    and buyer's CNPJ8s, or wallets; a repo return's are the repo's wallets), so another pair's pending
    command with the same id never blocks it. Wallets may be given as addresses."""

    def num(p: int | str) -> int:
        return int(p, 16) if isinstance(p, str) and p.startswith("0x") else int(p)

    return keccak(
        abi_encode(
            ["uint256", "bool", "uint256", "uint256"],
            [int(operation_id), by_cnpj8, num(party_sender), num(party_receiver)],
        )
    )


def command_key_of(command: OperationCommand) -> bytes | None:
    """The ``commandKey`` of a command event (None for a closing event, which names no parties)."""
    if not command.is_command:
        return None
    if command.contract != "TPFtOperation1056" and command.cnpj8_sender is not None:
        return command_key(
            command.operation_id, True, int(command.cnpj8_sender), int(command.cnpj8_receiver or 0)
        )
    if command.sender is None or command.receiver is None:
        return None
    return command_key(command.operation_id, False, command.sender, command.receiver)


@dataclass(frozen=True)
class OperationState:
    """What an operation contract stores for a command: its initiator, part and terms hash (``getOperation``
    gives the latest command of an id, ``getCommand`` the one of an id and its parties)."""

    operation_id: int
    status: OperationStatus
    initiator: ChecksumAddress
    initiator_part: CallerPart
    terms_hash: bytes


@dataclass(frozen=True)
class Party:
    """One side of an operation: an institution by CNPJ8 (the contracts use its default wallet), or a
    wallet, with its Real Tokenizado when it is a customer (or, optionally, a participant's own)."""

    cnpj8: str | None = None
    wallet: ChecksumAddress | None = None
    token: ChecksumAddress | None = None

    def __post_init__(self) -> None:
        if (self.cnpj8 is None) == (self.wallet is None):
            raise InvalidInput("a party is either an institution (cnpj8) or a wallet, exactly one of them")
        if self.token is not None and self.wallet is None:
            raise InvalidInput("a Real Tokenizado goes with a wallet, not with a CNPJ8")

    @classmethod
    def institution(cls, cnpj8: str | int) -> Party:
        """An institution by CNPJ8: its default wallet in RealDigitalDefaultAccount."""
        return cls(cnpj8=to_cnpj8(cnpj8))

    @classmethod
    def participant(cls, wallet: str, token: str | None = None) -> Party:
        """A participant's wallet (paying and paid in Real Digital)."""
        return cls(wallet=to_address(wallet, "wallet"), token=None if token is None else to_address(token))

    @classmethod
    def customer(cls, wallet: str, token: str) -> Party:
        """A customer's wallet and its bank's Real Tokenizado (paying and paid in it)."""
        return cls(wallet=to_address(wallet, "wallet"), token=to_address(token, "Real Tokenizado"))

    def __str__(self) -> str:
        if self.cnpj8 is not None:
            return f"CNPJ8 {self.cnpj8}"
        return f"{self.wallet}" + (f" (token {self.token})" if self.token else "")


def parties_style(seller: Party, buyer: Party, overload: str | None = None) -> str:
    """Which overload two parties call: ``cnpj8`` (both institutions), ``wallet`` (two plain wallets) or
    ``client`` (wallets, at least one with a Real Tokenizado). ``overload`` forces ``client`` for two
    participants without tokens (the other choices must agree with the parties)."""
    if seller.cnpj8 is not None and buyer.cnpj8 is not None:
        style = "cnpj8"
    elif seller.wallet is not None and buyer.wallet is not None:
        style = "client" if seller.token or buyer.token else "wallet"
    else:
        raise InvalidInput(
            "identify both parties the same way: two institutions by CNPJ8, or two wallets "
            "(use the default wallet of an institution to trade with a wallet)"
        )
    if overload is None or overload == style:
        return style
    if overload == "client" and style == "wallet":
        return "client"
    raise InvalidInput(f"parties {seller} and {buyer} cannot use the {overload!r} overload")


def _parties_args(style: str, seller: Party, buyer: Party) -> tuple[Any, ...]:
    if style == "cnpj8":
        return (cnpj8_int(str(seller.cnpj8)), cnpj8_int(str(buyer.cnpj8)))
    if style == "wallet":
        return (seller.wallet, buyer.wallet)
    return (seller.wallet, seller.token or ZERO_ADDRESS, buyer.wallet, buyer.token or ZERO_ADDRESS)


_PARTY_TYPES = {
    "cnpj8": "uint256,uint256",
    "wallet": "address,address",
    "client": "address,address,address,address",
}


@dataclass(frozen=True)
class CommandResult:
    """A command that was mined: the event it emitted and the transaction."""

    command: OperationCommand
    tx: TxResult

    @property
    def operation_id(self) -> int:
        return self.command.operation_id

    @property
    def status(self) -> str:
        """``LAN`` (registered, waiting for the counterpart), ``LIQ`` (settled) or ``CAN`` (cancelled)."""
        return self.command.status

    @property
    def settled(self) -> bool:
        return self.command.status == SETTLED

    @property
    def financial_value(self) -> Decimal | None:
        """The value the contract computed (a return's value for 1056)."""
        return self.command.financial_value


class TwoStepOperation(ContractClient):
    """What the double-command operations share: operation state, cancellation, pause, and their events."""

    def __init__(self, platform: Platform, name: str):
        super().__init__(platform, name)
        self.events_names: tuple[str, ...] = OPERATION_EVENTS[name]

    def state(self, operation_id: int, initiator: str | None = None) -> OperationState:
        """The stored state of the latest command with ``operation_id`` or, with ``initiator``, of the one
        that wallet initiated (status NONE when there is none)."""
        op = to_operation_id(operation_id)
        if initiator is None:
            fn = self.contract.functions.getOperation(op)
        else:
            fn = self.contract.functions.getOperationOf(op, to_address(initiator, "initiator"))
        return self._state(op, self._call(fn))

    def command_state(self, command: OperationCommand) -> OperationState:
        """The stored state of the command a command event belongs to (its id and parties)."""
        key = command_key_of(command)
        if key is None:
            return self.state(command.operation_id)
        return self._state(command.operation_id, self._call(self.contract.functions.getCommand(key)))

    @staticmethod
    def _state(op: int, t: Any) -> OperationState:
        return OperationState(
            op, OperationStatus(int(t[3])), to_address(t[1]), CallerPart(int(t[2])), bytes(t[0])
        )

    def cancel(self, operation_id: int, reason: str = "") -> CommandResult:
        """Cancel a pending operation; only the wallet that sent its first command."""
        return self._command(self.contract.functions.cancel(to_operation_id(operation_id), reason))

    def pause(self) -> TxResult:
        """Stop new commands (BCB, DEFAULT_ADMIN_ROLE); cancellations still work."""
        return self._send(self.contract.functions.pause())

    def unpause(self) -> TxResult:
        """Accept commands again (BCB)."""
        return self._send(self.contract.functions.unpause())

    def is_paused(self) -> bool:
        return bool(self._call(self.contract.functions.paused()))

    def commands(
        self,
        operation_id: int | None = None,
        *,
        from_block: int = 0,
        to_block: int | str = "latest",
    ) -> list[OperationCommand]:
        """Every command, cancellation and default event of this contract in chain order, optionally of
        one operation only."""
        found = fetch_events(
            {self.name: self.contract}, only=self.events_names, from_block=from_block, to_block=to_block
        )
        records = [OperationCommand.from_log(self.name, log) for _, log in found]
        if operation_id is not None:
            op = to_operation_id(operation_id)
            records = [r for r in records if r.operation_id == op]
        return records

    def _command(self, fn: ContractFunction) -> CommandResult:
        result = self._send(fn)
        for name in self.events_names:
            found = getattr(self.contract.events, name)().process_receipt(result.receipt, errors=DISCARD)
            if found:
                return CommandResult(OperationCommand.from_log(self.name, found[0]), result)
        raise DrexError(f"{self.name}: transaction {result.tx_hash} emitted no operation event")

    def _party_command(
        self,
        function: str,
        extra_types: str,
        operation_id: int,
        seller: Party,
        buyer: Party,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        extra: tuple[int, ...],
        overload: str | None,
    ) -> CommandResult:
        """Send ``function`` with the parties' overload chosen by :func:`parties_style`, the caller's part,
        the terms, and ``extra`` arguments of ``extra_types`` after them (the repo's return terms)."""
        style = parties_style(seller, buyer, overload)
        data, qty, price = self._terms(series, quantity, unit_price)
        parties = _PARTY_TYPES[style]
        signature = f"{function}(uint256,{parties},uint8,{SERIES_TYPE},uint256,uint256{extra_types})"
        fn = self.contract.get_function_by_signature(signature)(
            to_operation_id(operation_id),
            *_parties_args(style, seller, buyer),
            int(CallerPart.parse(part)),
            data,
            qty,
            price,
            *extra,
        )
        return self._command(fn)

    @staticmethod
    def _terms(series: Series, quantity: QuantityLike, unit_price: PriceLike) -> tuple[Any, ...]:
        if not isinstance(series, Series):
            raise DrexError(f"series must be a Series (acronym, code, maturity), not {type(series).__name__}")
        return (series.as_tuple(), to_quantity_units(quantity), to_price_units(unit_price))


__all__ = [
    "BCB_CNPJ8",
    "OPERATIONS",
    "SERIES_TYPE",
    "STN_CNPJ8",
    "CommandResult",
    "OperationState",
    "OperationStatus",
    "Party",
    "TwoStepOperation",
    "command_key",
    "command_key_of",
    "parties_style",
]
