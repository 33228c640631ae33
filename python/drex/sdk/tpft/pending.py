"""Double commands awaiting their counterpart: finding the pending ones a wallet must answer, and sending the
matching command with the same terms (:meth:`TPFtPlatform.pending_operations
<drex.sdk.tpft.TPFtPlatform.pending_operations>`, :meth:`~drex.sdk.tpft.TPFtPlatform.match`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from eth_typing import ChecksumAddress

from drex.errors import DrexError
from drex.sdk import display
from drex.sdk.tpft_events import CLOSING_EVENTS, COMMAND_EVENTS, REGISTERED, OperationCommand, fetch_events
from drex.sdk.tpft_ops import OPERATIONS, CommandResult, OperationStatus, Party, command_key_of
from drex.sdk.tpft_values import CallerPart
from drex.sdk.values import to_address

if TYPE_CHECKING:
    from drex.sdk.tpft.platform import TPFtPlatform


@dataclass(frozen=True)
class PendingOperation:
    """A registered command still pending on chain, and who must send the matching one.

    ``awaiting`` is the part still missing; ``counterpart`` the wallet that must send it, or None when any
    holder of AUCTION_PLACEMENT_ROLE (BCB) sends the Treasury's part of a public offering.
    """

    command: OperationCommand
    initiator: ChecksumAddress
    initiator_part: CallerPart
    awaiting: CallerPart
    counterpart: ChecksumAddress | None

    @property
    def operation_id(self) -> int:
        return self.command.operation_id

    @property
    def contract(self) -> str:
        return self.command.contract

    def describe(self) -> str:
        """One line: contract, id, function, parties, series, quantity, price, who is awaited."""
        c = self.command
        if c.original_operation_id is not None:
            price = (
                "a price agreed now"
                if c.return_unit_price is None
                else display.unit_price(c.return_unit_price)
            )
            what = f"return of repo {c.original_operation_id} at {price}"
        else:
            qty = "?" if c.quantity is None else display.quantity(c.quantity)
            price = "?" if c.unit_price is None else display.unit_price(c.unit_price)
            value = "?" if c.financial_value is None else display.reais(c.financial_value)
            what = f"{qty} {c.series} at {price} = {value}"
        if c.cnpj8_sender and c.parties in ("cnpj8", "auction"):
            sides = f"{c.cnpj8_sender} -> {c.cnpj8_receiver}"
        else:
            sides = f"{c.sender} -> {c.receiver}"
        who = self.counterpart or "AUCTION_PLACEMENT_ROLE (BCB)"
        return (
            f"{c.contract} {c.operation_id} {c.function}({c.parties}) {sides}: {what}; "
            f"{self.initiator_part.name.lower()} part sent, awaiting the {self.awaiting.name.lower()} part "
            f"from {who}"
        )


def _counterpart(command: OperationCommand, awaiting: CallerPart) -> ChecksumAddress | None:
    if command.contract == "TPFtOperation1002" and awaiting is CallerPart.SENDER:
        return None
    if command.contract == "TPFtOperation1056":
        # returning: the repo's buyer (receiver) sends the SENDER part, its seller the RECEIVER part
        return command.receiver if awaiting is CallerPart.SENDER else command.sender
    return command.sender if awaiting is CallerPart.SENDER else command.receiver


def find_pending(
    tp: TPFtPlatform,
    wallets: Iterable[str] | None = None,
    *,
    everyone: bool = False,
    from_block: int = 0,
    to_block: int | str = "latest",
) -> list[PendingOperation]:
    """:meth:`TPFtPlatform.pending_operations <drex.sdk.tpft.TPFtPlatform.pending_operations>` of ``tp``."""
    if wallets is None:
        wallets = [] if everyone else [tp.address]
    mine = {to_address(w, "wallet") for w in wallets}
    placer = any(tp.tpft.has_role("AUCTION_PLACEMENT_ROLE", w) for w in mine)
    clients = {tp.operation(code).name: tp.operation(code) for code in OPERATIONS}
    scanned = fetch_events(
        {name: client.contract for name, client in clients.items()},
        only=set(COMMAND_EVENTS) | set(CLOSING_EVENTS),
        from_block=from_block,
        to_block=to_block,
    )
    commands = [OperationCommand.from_log(name, log) for name, log in scanned]
    # Pending commands are kept per id and parties on chain: a settled command closes its own key only
    # (a cancellation names no parties, so the chain is asked).
    closed = {(c.contract, command_key_of(c)) for c in commands if c.is_command and c.status != REGISTERED}
    found: dict[tuple[str, bytes | None], PendingOperation] = {}
    for command in commands:
        key = (command.contract, command_key_of(command))
        if command.status != REGISTERED or key in closed or key in found:
            continue
        state = clients[command.contract].command_state(command)
        if state.status is not OperationStatus.PENDING:
            continue
        original = command.original_operation_id
        if original is not None and tp.op1054.get_repo(original, command.sender).open_return_price:
            command = replace(command, function="tradeReverseRepoOpenReturnPrice")
        awaiting = state.initiator_part.other
        counterpart = _counterpart(command, awaiting)
        if everyone or (counterpart in mine if counterpart else placer):
            found[key] = PendingOperation(
                command, state.initiator, state.initiator_part, awaiting, counterpart
            )
    return list(found.values())


def send_match(tp: TPFtPlatform, pending: PendingOperation) -> CommandResult:
    """:meth:`TPFtPlatform.match <drex.sdk.tpft.TPFtPlatform.match>`: ``tp``'s signer sends the command
    ``pending`` awaits."""
    c, part = pending.command, pending.awaiting
    if c.series is None or c.quantity is None:
        raise DrexError(f"{c.contract} event {c.event} carries no terms to match")
    if c.contract == "TPFtOperation1056":
        original = c.original_operation_id
        if original is None:
            raise DrexError(f"return {c.operation_id} names no original repo")
        if c.function == "tradeReverseRepoOpenReturnPrice":
            return tp.op1056.reverse_open(original, c.operation_id, _need(c.return_unit_price))
        return tp.op1056.reverse(original, c.operation_id)
    price = _need(c.unit_price)
    if c.contract == "TPFtOperation1002":
        return tp.op1002.place(
            c.operation_id,
            _need(c.cnpj8_receiver),
            part,
            c.series,
            c.quantity,
            price,
            seller_cnpj8=_need(c.cnpj8_sender),
        )
    if c.parties == "auction":
        return tp.op1052.auction(
            c.operation_id,
            _need(c.cnpj8_sender),
            _need(c.cnpj8_receiver),
            part,
            c.series,
            c.quantity,
            price,
            _need(c.notice_number),
        )
    seller, buyer = _parties_of(c)
    style = c.parties
    if c.contract == "TPFtOperation1052":
        return tp.op1052.trade(
            c.operation_id, seller, buyer, part, c.series, c.quantity, price, overload=style
        )
    if c.function == "tradeRepoIntraday":
        return tp.op1054.repo_intraday(
            c.operation_id, seller, buyer, part, c.series, c.quantity, price, overload=style
        )
    if c.function == "tradeRepoOpenReturnPrice":
        return tp.op1054.repo_open(
            c.operation_id,
            seller,
            buyer,
            part,
            c.series,
            c.quantity,
            price,
            _need(c.return_date),
            overload=style,
        )
    return tp.op1054.repo(
        c.operation_id,
        seller,
        buyer,
        part,
        c.series,
        c.quantity,
        price,
        _need(c.return_unit_price),
        _need(c.return_date),
        overload=style,
    )


def _need(value: Any) -> Any:
    if value is None:
        raise DrexError("the pending command's event lacks a field needed to match it")
    return value


def _parties_of(c: OperationCommand) -> tuple[Party, Party]:
    if c.parties == "cnpj8":
        return Party.institution(_need(c.cnpj8_sender)), Party.institution(_need(c.cnpj8_receiver))
    if c.parties == "wallet":
        return Party.participant(_need(c.sender)), Party.participant(_need(c.receiver))
    return (
        Party(wallet=_need(c.sender), token=c.sender_token),
        Party(wallet=_need(c.receiver), token=c.receiver_token),
    )


__all__ = ["PendingOperation", "find_pending", "send_match"]
