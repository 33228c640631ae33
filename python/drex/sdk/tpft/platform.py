"""The institution's TPFt session: :class:`TPFtPlatform`, one client per TPFt contract on top of a
:class:`~drex.sdk.platform.Platform`, with operation ids, parties, DvP approvals and pending commands
(see :mod:`drex.sdk.tpft`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TypeVar, cast

from eth_typing import ChecksumAddress

from drex.chain.reverts import ContractRevert
from drex.chain.signers import Signer
from drex.errors import DrexError
from drex.sdk.errors import InvalidInput, UnknownContract
from drex.sdk.events import chain_order, fetch_logs
from drex.sdk.platform import Platform
from drex.sdk.tpft.bonds import TPFt
from drex.sdk.tpft.dvp import TPFtDvP
from drex.sdk.tpft.ids import WALLET_SCOPE_FLAG, IdRegistration, OperationIdBuilder
from drex.sdk.tpft.pending import PendingOperation, find_pending, send_match
from drex.sdk.tpft_events import OperationCommand
from drex.sdk.tpft_ops import (
    BCB_CNPJ8,
    OPERATIONS,
    STN_CNPJ8,
    CommandResult,
    Operation1002,
    Operation1012,
    Operation1052,
    Operation1054,
    Operation1056,
    OperationState,
    OperationStatus,
    Party,
    RepaymentReserve,
    TwoStepOperation,
)
from drex.sdk.tpft_values import brasilia_date, to_operation_id
from drex.sdk.tx import TxResult
from drex.sdk.values import ZERO_ADDRESS, AmountLike, to_address, to_cnpj8

_Client = TypeVar("_Client")


class TPFtPlatform:
    """An institution's TPFt session on top of a :class:`~drex.sdk.platform.Platform` (see the module).

    ``faixa`` is the participant's operation-number range; by default the CNPJ8 of the signer's
    institution (the participant whose default wallet it is, or the bank of the customer it is).
    """

    def __init__(self, platform: Platform, *, faixa: int | None = None):
        self.platform = platform
        self.chain = platform.chain
        self._faixa = faixa
        self._clients: dict[str, object] = {}
        self._ids: OperationIdBuilder | None = None

    def as_signer(self, signer: Signer, *, faixa: int | None = None) -> TPFtPlatform:
        """The same session signing with ``signer`` (sharing the resolved addresses)."""
        return TPFtPlatform(self.platform.as_signer(signer), faixa=faixa)

    @property
    def address(self) -> ChecksumAddress:
        """The signer's address."""
        return self.platform.address

    def _client(self, key: str, make: Callable[[], _Client]) -> _Client:
        found = self._clients.get(key)
        if found is None:
            found = self._clients[key] = make()
        return cast(_Client, found)  # each key is only ever made by one ``make``

    # ------------------------------------------------------------------ clients
    @property
    def tpft(self) -> TPFt:
        return self._client("TPFt", lambda: TPFt(self.platform))

    @property
    def dvp(self) -> TPFtDvP:
        return self._client("TPFtDvP", lambda: TPFtDvP(self.platform))

    @property
    def op1002(self) -> Operation1002:
        """Public-offering settlement."""
        return self._client("1002", lambda: Operation1002(self.platform))

    @property
    def op1052(self) -> Operation1052:
        """Outright trades and the central bank's auctions."""
        return self._client("1052", lambda: Operation1052(self.platform))

    @property
    def op1054(self) -> Operation1054:
        """Repos."""
        return self._client("1054", lambda: Operation1054(self.platform))

    @property
    def op1056(self) -> Operation1056:
        """Repo returns."""
        return self._client("1056", lambda: Operation1056(self.platform))

    @property
    def op1012(self) -> Operation1012:
        """Repayments at maturity."""
        return self._client("1012", lambda: Operation1012(self.platform))

    @property
    def reserve(self) -> RepaymentReserve:
        """TPFtRepaymentReserve."""
        return self._client("reserve", lambda: RepaymentReserve(self.platform))

    def operation(self, name: str | int) -> TwoStepOperation:
        """A double-command operation client by code (``1052``) or registry name (``TPFtOperation1052``)."""
        code = str(name).removeprefix("TPFtOperation")
        clients: dict[str, TwoStepOperation] = {
            "1002": self.op1002,
            "1052": self.op1052,
            "1054": self.op1054,
            "1056": self.op1056,
        }
        if code not in clients:
            raise InvalidInput(f"unknown double-command operation {name!r}: use 1002, 1052, 1054 or 1056")
        return clients[code]

    def id_scope(self, wallet: str | None = None) -> int:
        """The scope in which ``wallet``'s operation ids are unique in TPFtOperationId (default: the
        signer's): the CNPJ8 of the participant it belongs to (its own wallet in Real Digital, or a
        customer's institution in KeyDictionary), else :data:`WALLET_SCOPE_FLAG` | the wallet's address."""
        who = to_address(wallet, "wallet") if wallet is not None else self.address
        own = self.platform.real_digital.participant_of(who)
        if own is not None:
            return int(own)
        keys = self.platform.key_dictionary
        key = keys.find_key(who)
        if key is not None:
            data = keys.find_customer_data(key)
            if data is not None and data.wallet == who and int(data.cnpj8):
                return int(data.cnpj8)
        return WALLET_SCOPE_FLAG | int(who, 16)

    def used_by(self, op_id: int, scope: int | str | None = None) -> ChecksumAddress | None:
        """The operation contract that registered ``op_id`` in TPFtOperationId for ``scope`` (a CNPJ8, a
        wallet whose :meth:`id_scope` is taken, or an int scope; default: the signer's scope), None if that
        scope has not used it. Ids are unique per participant: see :meth:`registrations` for every use."""
        if scope is None:
            number = self.id_scope()
        elif isinstance(scope, str) and scope.lower().startswith("0x"):
            number = self.id_scope(scope)
        else:
            number = int(scope)
        registry = self.platform.contract("TPFtOperationId")
        found = self.platform.call(registry.functions.usedBy(to_operation_id(op_id), number))
        return None if found == ZERO_ADDRESS else to_address(found)

    def registrations(
        self, op_id: int, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[IdRegistration]:
        """Every registration of ``op_id`` in TPFtOperationId (``OperationIdRegistered`` events), in chain
        order: an id is unique per participant, so several operations of disjoint parties may use it."""
        registry = self.platform.contract("TPFtOperationId")
        logs = fetch_logs(
            registry.events.OperationIdRegistered(),
            {"operationId": to_operation_id(op_id)},
            from_block,
            to_block,
        )
        return chain_order(IdRegistration.from_log(log) for log in logs)

    def operation_of(self, op_id: int) -> TwoStepOperation | None:
        """The double-command operation contract that settled ``op_id`` for the signer's participant (or,
        without a signer, the first that settled it, from the events) or, for an id not settled yet, the
        first one holding a command with it (the signer's own first), if any."""
        if self.platform._transactor is not None:
            used = self.used_by(op_id)
        else:
            found = self.registrations(op_id)
            used = found[0].operation if found else None
        if used is not None:
            for code in OPERATIONS:
                client = self.operation(code)
                if client.address == used:
                    return client
            return None
        clients = [self.operation(code) for code in OPERATIONS]
        if self.platform._transactor is not None:
            for client in clients:
                if client.state(op_id, self.address).status is not OperationStatus.NONE:
                    return client
        for client in clients:
            if client.state(op_id).status is not OperationStatus.NONE:
                return client
        return None

    # --------------------------------------------------------------- identity
    def institution_cnpj8(self, wallet: str | None = None) -> str:
        """CNPJ8 of ``wallet``'s institution (default: the signer's): the participant whose default wallet
        it is, or, for a customer, its bank in KeyDictionary."""
        who = to_address(wallet, "wallet") if wallet is not None else self.address
        rd = self.platform.real_digital
        for cnpj8 in dict.fromkeys([*self.platform.participants.values(), STN_CNPJ8, BCB_CNPJ8]):
            if rd.default_account(cnpj8) == who:
                return to_cnpj8(cnpj8)
        keys = self.platform.key_dictionary
        try:
            return keys.get_customer_data(keys.get_key(who)).cnpj8
        except ContractRevert:
            pass
        raise DrexError(
            f"cannot tell the institution of {who}: it is no known default wallet nor a customer "
            "(give the operation-number range explicitly)"
        )

    @property
    def faixa(self) -> int:
        """The operation-number range used by :attr:`ids`."""
        if self._faixa is None:
            self._faixa = int(self.institution_cnpj8())
        return self._faixa

    @property
    def ids(self) -> OperationIdBuilder:
        """The signer's operation-id builder."""
        if self._ids is None:
            scope = self.id_scope() if self.platform._transactor is not None else None
            self._ids = OperationIdBuilder(self.platform, self.faixa, scope=scope)
        return self._ids

    def next_operation_id(
        self, day: dt.date | None = None, *, parties: Iterable[Party | str | int] = ()
    ) -> int:
        """A new operation id for the signer (see :class:`OperationIdBuilder`), also unused by the
        participants of ``parties`` (the operation's other parties: :class:`Party`, CNPJ8s or wallets), since
        an id is refused for an operation involving a participant that already used it."""
        return self.ids.next(day, also=[self.party_scope(p) for p in parties])

    def party_scope(self, party: Party | str | int) -> int:
        """The operation-id scope of a party: its CNPJ8 (an institution, or 8 digits), else its wallet's
        :meth:`id_scope`."""
        if isinstance(party, Party):
            return int(party.cnpj8) if party.cnpj8 is not None else self.id_scope(party.wallet)
        text = str(party).strip()
        if isinstance(party, int) or (text.isdigit() and len(text) <= 8):
            return int(text)
        return self.id_scope(text)

    def today(self) -> dt.date:
        """The Brasília date of the latest block (the contracts' "today")."""
        return brasilia_date(self.chain.timestamp())

    def customer_token(self, wallet: str) -> ChecksumAddress | None:
        """The Real Tokenizado of ``wallet``'s bank when it is a customer (KeyDictionary), else None."""
        who = to_address(wallet, "wallet")
        if not self.dvp.is_customer(who):
            return None
        keys = self.platform.key_dictionary
        cnpj8 = keys.get_customer_data(keys.get_key(who)).cnpj8
        return self.platform.real_tokenizado(cnpj8).address

    def party(self, ref: str | int, *, token: str | None = None) -> Party:
        """A party from a CNPJ8 (8 digits: the institution, by its default wallet) or a wallet (a customer
        gets its bank's Real Tokenizado; a participant ``token`` if given)."""
        text = str(ref).strip()
        if isinstance(ref, int) or (text.isdigit() and len(text) <= 8):
            return Party.institution(text if isinstance(ref, str) else int(ref))
        wallet = to_address(text, "wallet")
        found = self.customer_token(wallet)
        if found is not None:
            return Party.customer(wallet, found)
        return Party.participant(wallet, token)

    # -------------------------------------------------------------- approvals
    def approve_dvp(
        self,
        money: AmountLike | None = None,
        *,
        token: str | int | None = None,
        bonds: bool = True,
        reserve: bool | None = None,
    ) -> list[TxResult]:
        """The signer's habilitações for TPFtDvP: ``setApprovalForAll`` on TPFt (unless already given or
        ``bonds`` is False) and, with ``money``, raise its allowance by that amount on Real Digital, or on
        the Real Tokenizado of bank ``token`` (a CNPJ8) for a customer.

        On Real Digital, when the signer is its institution's Real Tokenizado reserve wallet (``reserve``
        None: found on chain; True/False forces it), SwapOneStepFrom's allowance is raised by ``money`` too:
        the reserve pays through it when one of its customers buys from another institution's customer.
        """
        done: list[TxResult] = []
        if bonds and not self.tpft.is_dvp_approved(self.address):
            done.append(self.tpft.set_dvp_approval(True))
        if money is not None:
            coin = self.platform.real_digital if token is None else self.platform.real_tokenizado(token)
            done.append(coin.increase_allowance(self.platform.address_of("TPFtDvP"), money))
            if token is None and (self.is_reserve() if reserve is None else reserve):
                done.append(self.platform.swap_one_step_from.approve_reserve(money))
        return done

    def dvp_allowance(self, owner: str, token: str | int | None = None) -> Decimal:
        """What TPFtDvP may still take from ``owner`` on Real Digital or bank ``token``'s Real Tokenizado."""
        coin = self.platform.real_digital if token is None else self.platform.real_tokenizado(token)
        return coin.allowance(owner, self.platform.address_of("TPFtDvP"))

    def swap_allowance(self, reserve: str) -> Decimal:
        """What SwapOneStepFrom may still take from the reserve wallet ``reserve`` on Real Digital (the
        reserve's part of trades between customers of different institutions)."""
        return self.platform.swap_one_step_from.reserve_allowance(reserve)

    def is_reserve(self, wallet: str | None = None) -> bool:
        """Whether ``wallet`` (default: the signer) is the reserve wallet of the Real Tokenizado of the
        participant it is bound to in Real Digital (False when unbound or the participant has none)."""
        who = to_address(wallet or self.address, "wallet")
        cnpj8 = self.platform.real_digital.participant_of(who)
        if cnpj8 is None:
            return False
        try:
            return self.platform.real_tokenizado(cnpj8).reserve() == who
        except UnknownContract:
            return False

    # ---------------------------------------------------------------- pending
    def operation_state(self, command: OperationCommand) -> OperationState:
        """The stored state of the command ``command`` (an event) belongs to: its id and parties."""
        return self.operation(command.contract).command_state(command)

    def pending_operations(
        self,
        wallets: Iterable[str] | None = None,
        *,
        everyone: bool = False,
        from_block: int = 0,
        to_block: int | str = "latest",
    ) -> list[PendingOperation]:
        """Registered commands still pending on chain whose counterpart command ``wallets`` (default: the
        signer) must send, oldest first; with ``everyone``, all pending commands.

        Found from the operation contracts' command events (status ``LAN``) and confirmed with each
        contract's ``getCommand`` (commands are kept per operation id and parties). The Treasury's part of
        a public offering is awaited from any holder of AUCTION_PLACEMENT_ROLE on TPFt, so it is listed
        when one of ``wallets`` holds that role.
        """
        return find_pending(self, wallets, everyone=everyone, from_block=from_block, to_block=to_block)

    def match(self, pending: PendingOperation) -> CommandResult:
        """Send, as the signer, the command ``pending`` awaits: same function and terms, the other part."""
        return send_match(self, pending)

    def cancel(
        self, pending_or_id: PendingOperation | int, reason: str = "", *, operation: str | None = None
    ) -> CommandResult:
        """Cancel a pending operation (its initiator), given as a :class:`PendingOperation` or by id (the
        contract found through TPFtOperationId unless ``operation`` names it)."""
        if isinstance(pending_or_id, PendingOperation):
            return self.operation(pending_or_id.contract).cancel(pending_or_id.operation_id, reason)
        client = self.operation(operation) if operation is not None else self.operation_of(pending_or_id)
        if client is None:
            raise DrexError(
                f"operation {pending_or_id} is registered by no double-command operation contract"
            )
        return client.cancel(pending_or_id, reason)


__all__ = ["TPFtPlatform"]
