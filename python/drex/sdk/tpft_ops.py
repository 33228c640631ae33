"""Clients of the TPFt operation contracts: 1002, 1052, 1054, 1056 (double command), 1012 and the reserve.

Each double-command operation is keyed by its operation id: the first command registers the terms
(status ``LAN``), the counterpart's command with identical terms settles them by delivery versus payment
through TPFtDvP in the same transaction (``LIQ``), and only the initiator may cancel while pending
(``CAN``). Every command method takes the operation id, the :class:`~drex.sdk.tpft_values.CallerPart` the
signer sends, the series, the quantity (2 decimals) and the unit price (8 decimals), and returns a
:class:`CommandResult` with the event the command emitted. Parties are :class:`Party` values: an
institution by CNPJ8 (its default wallet), a participant wallet, or a customer wallet with its bank's Real
Tokenizado; the pair chooses the contract overload (both CNPJ8s, both plain wallets, or wallets with
tokens as soon as a customer is involved), called by its full signature so no overload is ever guessed.
:class:`Operation1002` settles the Treasury's public offerings (BCB sends the Treasury's command),
:class:`Operation1052` outright trades and the central bank's auctions 1005/1006, :class:`Operation1054`
repos (fixed, intraday and open return price; BCB declares defaults), :class:`Operation1056` their return
leg, :class:`Operation1012` repayments at maturity (BCB), and :class:`RepaymentReserve` the values 1012
could not pay. Contract reverts surface as :class:`~drex.chain.reverts.ContractRevert` with the decoded
error, raised while estimating gas, before anything is signed.
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
from drex.sdk.tpft_events import (
    OPERATION_EVENTS,
    RESERVE_EVENTS,
    SETTLED,
    OperationCommand,
    Repayment,
    ReserveMovement,
    fetch_events,
)
from drex.sdk.tpft_values import (
    CallerPart,
    DateLike,
    PartLike,
    PriceLike,
    QuantityLike,
    Series,
    from_price_units,
    from_quantity_units,
    to_operation_id,
    to_price_units,
    to_quantity_units,
    to_timestamp,
)
from drex.sdk.tx import TxResult
from drex.sdk.values import ZERO_ADDRESS, cnpj8_int, from_units, to_address, to_cnpj8

#: CNPJ8 of the National Treasury (STN), seller of every public offering.
STN_CNPJ8 = "00394460"
#: CNPJ8 of the central bank (BCB).
BCB_CNPJ8 = "00038166"

_T = "(string,string,uint256)"


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
        signature = f"{function}(uint256,{_PARTY_TYPES[style]},uint8,{_T},uint256,uint256{extra_types})"
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


class Operation1002(TwoStepOperation):
    """TPFtOperation1002: public-offering settlement, integer quantities from the Treasury's default wallet
    to a participant's, against Real Digital. BCB (AUCTION_PLACEMENT_ROLE on TPFt) sends the Treasury's
    SENDER command, the participant's default wallet the RECEIVER command; either may come first."""

    SIGNATURE = f"auctionPlacement(uint256,uint256,uint256,uint8,{_T},uint256,uint256)"

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1002")

    def place(
        self,
        operation_id: int,
        buyer_cnpj8: str | int,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        *,
        seller_cnpj8: str | int = STN_CNPJ8,
    ) -> CommandResult:
        """Send one command of the offering of ``quantity`` bonds to ``buyer_cnpj8`` at ``unit_price``."""
        data, qty, price = self._terms(series, quantity, unit_price)
        fn = self.contract.get_function_by_signature(self.SIGNATURE)(
            to_operation_id(operation_id),
            cnpj8_int(seller_cnpj8),
            cnpj8_int(buyer_cnpj8),
            int(CallerPart.parse(part)),
            data,
            qty,
            price,
        )
        return self._command(fn)


class Operation1052(TwoStepOperation):
    """TPFtOperation1052: outright purchase and sale between participants and/or customers, and the central
    bank's sale (1005) and purchase (1006) auctions."""

    AUCTION_SIGNATURE = f"trade(uint256,uint256,uint256,uint8,{_T},uint256,uint256,string)"

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1052")

    def trade(
        self,
        operation_id: int,
        seller: Party,
        buyer: Party,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        *,
        overload: str | None = None,
    ) -> CommandResult:
        """Send one command of the sale of ``quantity`` bonds from ``seller`` to ``buyer`` at ``unit_price``
        (overload by CNPJ8, by wallet, or with Real Tokenizados when a customer is involved; see
        :func:`parties_style` for ``overload``)."""
        return self._party_command(
            "trade", "", operation_id, seller, buyer, part, series, quantity, unit_price, (), overload
        )

    def auction(
        self,
        operation_id: int,
        seller_cnpj8: str | int,
        buyer_cnpj8: str | int,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        notice_number: str,
    ) -> CommandResult:
        """One command of a central bank auction: 1005 (BCB sells) or 1006 (BCB or STN buys), by CNPJ8,
        with the auction notice's number."""
        data, qty, price = self._terms(series, quantity, unit_price)
        fn = self.contract.get_function_by_signature(self.AUCTION_SIGNATURE)(
            to_operation_id(operation_id),
            cnpj8_int(seller_cnpj8),
            cnpj8_int(buyer_cnpj8),
            int(CallerPart.parse(part)),
            data,
            qty,
            price,
            str(notice_number),
        )
        return self._command(fn)


class RepoKind(enum.IntEnum):
    """How a repo's parties were identified (``ITPFtRepoRegistry.RepoKind``)."""

    CNPJ8 = 0
    WALLET = 1
    PARTICIPANT_CLIENT = 2


class RepoState(enum.IntEnum):
    """Life cycle of a settled repo (``ITPFtRepoRegistry.RepoState``)."""

    NONE = 0
    ACTIVE = 1
    RETURNED = 2
    DEFAULTED = 3


@dataclass(frozen=True)
class RepoRecord:
    """A repo whose forward leg settled, as TPFtOperation1054 keeps it for its return."""

    operation_id: int
    cnpj8_sender: str | None
    cnpj8_receiver: str | None
    sender: ChecksumAddress
    sender_token: ChecksumAddress | None
    receiver: ChecksumAddress
    receiver_token: ChecksumAddress | None
    tpft_id: int
    quantity: Decimal
    unit_price: Decimal
    return_unit_price: Decimal
    """0 for an open-price repo (agreed at return)."""
    return_date: int
    kind: RepoKind
    open_return_price: bool
    state: RepoState


class Operation1054(TwoStepOperation):
    """TPFtOperation1054: repos. The forward leg settles by DvP and the repo stays active until its return
    (1056) on the return date; repos between two customers are refused."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1054")

    def repo(
        self,
        operation_id: int,
        seller: Party,
        buyer: Party,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        return_unit_price: PriceLike,
        return_date: DateLike,
        *,
        overload: str | None = None,
    ) -> CommandResult:
        """A repo returned on ``return_date`` (a date: 12:00 Brasília that day) at ``return_unit_price``."""
        extra = (to_price_units(return_unit_price), to_timestamp(return_date, "return date", at_noon=True))
        return self._party_command(
            "tradeRepo",
            ",uint256,uint256",
            operation_id,
            seller,
            buyer,
            part,
            series,
            quantity,
            unit_price,
            extra,
            overload,
        )

    def repo_intraday(
        self,
        operation_id: int,
        seller: Party,
        buyer: Party,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        *,
        overload: str | None = None,
    ) -> CommandResult:
        """A repo returned today at the same unit price."""
        return self._party_command(
            "tradeRepoIntraday",
            "",
            operation_id,
            seller,
            buyer,
            part,
            series,
            quantity,
            unit_price,
            (),
            overload,
        )

    def repo_open(
        self,
        operation_id: int,
        seller: Party,
        buyer: Party,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        return_date: DateLike,
        *,
        overload: str | None = None,
    ) -> CommandResult:
        """A repo returned on ``return_date`` at a unit price both parties give at return."""
        extra = (to_timestamp(return_date, "return date", at_noon=True),)
        return self._party_command(
            "tradeRepoOpenReturnPrice",
            ",uint256",
            operation_id,
            seller,
            buyer,
            part,
            series,
            quantity,
            unit_price,
            extra,
            overload,
        )

    def set_default(self, operation_id: int, reason: str = "", party: str | None = None) -> CommandResult:
        """Declare in default an active repo whose return date has passed (BCB). Repos are kept per id and
        party: when several repos (of different wallets) have ``operation_id``, name one of its parties'
        wallets as ``party`` (without it the contract then refuses, ``RepoPartyRequired``)."""
        op = to_operation_id(operation_id)
        if party is None:
            return self._command(self.contract.functions.setDefault(op, reason))
        return self._command(self.contract.functions.setDefault(op, to_address(party, "party"), reason))

    def repo_count(self, operation_id: int) -> int:
        """How many repos (of different wallets) settled with ``operation_id``."""
        return int(self._call(self.contract.functions.repoCount(to_operation_id(operation_id))))

    def get_repo(self, operation_id: int, party: str | None = None) -> RepoRecord:
        """The repo with ``operation_id`` that wallet ``party`` is the seller or the buyer of (state NONE if
        none). Repos are kept per id and party, so several repos of different wallets may share an id;
        without ``party``, the first repo that settled with the id."""
        op = to_operation_id(operation_id)
        fn = (
            self.contract.functions.getRepo(op)
            if party is None
            else self.contract.functions.getRepoOf(op, to_address(party, "party"))
        )
        t: Any = self._call(fn)

        def token(a: str) -> ChecksumAddress | None:
            return None if a == ZERO_ADDRESS else to_address(a)

        return RepoRecord(
            operation_id=op,
            cnpj8_sender=f"{int(t[0]):08d}" if int(t[0]) else None,
            cnpj8_receiver=f"{int(t[1]):08d}" if int(t[1]) else None,
            sender=to_address(t[2]),
            sender_token=token(t[3]),
            receiver=to_address(t[4]),
            receiver_token=token(t[5]),
            tpft_id=int(t[6]),
            quantity=from_quantity_units(int(t[7])),
            unit_price=from_price_units(int(t[8])),
            return_unit_price=from_price_units(int(t[9])),
            return_date=int(t[10]),
            kind=RepoKind(int(t[11])),
            open_return_price=bool(t[12]),
            state=RepoState(int(t[13])),
        )


class Operation1056(TwoStepOperation):
    """TPFtOperation1056: a repo's return on its return date. Both parties call the same function with the
    repo's id and a new return operation id; the caller's part follows from who it is (the repo's buyer
    gives the bonds back, its seller pays the return value)."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1056")

    def reverse(self, original_operation_id: int, return_operation_id: int) -> CommandResult:
        """Return of a fixed-price or intraday repo."""
        fn = self.contract.functions.tradeReverseRepo(
            to_operation_id(original_operation_id), to_operation_id(return_operation_id)
        )
        return self._command(fn)

    def reverse_open(
        self, original_operation_id: int, return_operation_id: int, return_unit_price: PriceLike
    ) -> CommandResult:
        """Return of an open-price repo; both parties must give the same ``return_unit_price``."""
        fn = self.contract.functions.tradeReverseRepoOpenReturnPrice(
            to_operation_id(original_operation_id),
            to_operation_id(return_operation_id),
            to_price_units(return_unit_price),
        )
        return self._command(fn)


class Operation1012(ContractClient):
    """TPFtOperation1012: repayment at maturity, BCB only. The holder's whole position is burned and the
    Treasury's default wallet pays quantity × repayment price, to the holder, its bank, or the reserve."""

    EVENTS = (
        "OperationRepaymentParticipant",
        "OperationRepaymentClient",
        "OperationRepaymentWithReserve",
        "OperationRepaymentForContract",
    )

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1012")

    def repay(self, holder: str, operation_id: int, series: Series, unit_price: PriceLike) -> Repayment:
        """Repay ``holder``'s position in a matured ``series`` at ``unit_price``; returns the repayment with
        the route its value took."""
        if not isinstance(series, Series):
            raise DrexError(f"series must be a Series, not {type(series).__name__}")
        fn = self.contract.functions.repayment(
            to_address(holder, "holder"),
            to_operation_id(operation_id),
            series.as_tuple(),
            to_price_units(unit_price),
        )
        result = self._send(fn)
        for name in self.EVENTS:
            found = getattr(self.contract.events, name)().process_receipt(result.receipt, errors=DISCARD)
            if found:
                return Repayment.from_log(found[0])
        raise DrexError(f"repayment in {result.tx_hash} emitted no repayment event")

    def repayments(
        self, holder: str | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[Repayment]:
        """Repayments in chain order, optionally only those of ``holder``."""
        found = fetch_events(
            {self.name: self.contract}, only=self.EVENTS, from_block=from_block, to_block=to_block
        )
        records = [Repayment.from_log(log) for _, log in found]
        if holder is not None:
            who = to_address(holder, "holder")
            records = [r for r in records if r.holder == who]
        return records


class RepaymentReserve(ContractClient):
    """TPFtRepaymentReserve: repayment values 1012 could not pay, per wallet and series (ids), until the
    wallet withdraws them (Real Digital, or its bank's Real Tokenizado for a customer) or the authority
    (ACCESS_ROLE, BCB) withdraws them to another wallet."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtRepaymentReserve")

    def balance(self, wallet: str, tpft_id: int) -> Decimal:
        """Value held for ``wallet`` in series ``tpft_id``."""
        return from_units(
            int(self._call(self.contract.functions.getBalance(to_address(wallet, "wallet"), int(tpft_id))))
        )

    def withdraw(self, tpft_id: int) -> ReserveMovement:
        """Withdraw the signer's value for series ``tpft_id``."""
        return self._movement(self._send(self.contract.functions.withdraw(int(tpft_id))))

    def withdraw_from(self, tpft_id: int, holder: str, to: str) -> ReserveMovement:
        """Withdraw ``holder``'s value to the new wallet ``to`` (the authority, ACCESS_ROLE)."""
        fn = self.contract.functions.withdrawFrom(
            int(tpft_id), to_address(holder, "holder"), to_address(to, "to")
        )
        return self._movement(self._send(fn))

    def movements(
        self, wallet: str | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[ReserveMovement]:
        """Deposits and withdrawals in chain order, optionally only those of ``wallet``."""
        found = fetch_events(
            {self.name: self.contract}, only=RESERVE_EVENTS, from_block=from_block, to_block=to_block
        )
        records = [ReserveMovement.from_log(log) for _, log in found]
        if wallet is not None:
            who = to_address(wallet, "wallet")
            records = [r for r in records if r.wallet == who]
        return records

    def _movement(self, result: TxResult) -> ReserveMovement:
        for name in RESERVE_EVENTS[1:]:
            found = getattr(self.contract.events, name)().process_receipt(result.receipt, errors=DISCARD)
            if found:
                return ReserveMovement.from_log(found[0])
        raise DrexError(f"withdrawal in {result.tx_hash} emitted no withdrawal event")


__all__ = [
    "BCB_CNPJ8",
    "STN_CNPJ8",
    "CommandResult",
    "Operation1002",
    "Operation1012",
    "Operation1052",
    "Operation1054",
    "Operation1056",
    "OperationState",
    "command_key",
    "command_key_of",
    "OperationStatus",
    "Party",
    "RepaymentReserve",
    "RepoKind",
    "RepoRecord",
    "RepoState",
    "TwoStepOperation",
    "parties_style",
]
