"""The institution SDK for tokenized federal bonds (TPFt): token, DvP, operation ids and pending commands.

:class:`TPFtPlatform` wraps a :class:`~drex.sdk.platform.Platform` (same chain, directory and signer) and
gives one client per TPFt contract: :attr:`~TPFtPlatform.tpft` (the ERC-1155 of bond series: create,
mint, direct placement, enable wallets, pause, per-series pause, freeze, balances by series),
:attr:`~TPFtPlatform.dvp`, the operations 1002, 1052, 1054, 1056 and 1012, and
:attr:`~TPFtPlatform.reserve` (TPFtRepaymentReserve). It also does what the pilot leaves to each
participant: building operation ids (:class:`OperationIdBuilder`: the participant's range, by default its
CNPJ8, a daily sequence and the Brasília date, skipping ids its participant already used in
TPFtOperationId, where ids are kept per participant: :meth:`TPFtPlatform.id_scope`), the approvals
TPFtDvP needs before it can settle for a wallet (:meth:`TPFtPlatform.approve_dvp`: ``setApprovalForAll``
on TPFt for the bonds, ``approve`` on Real Digital or the wallet's Real Tokenizado for the money),
resolving a wallet into a :class:`~drex.sdk.tpft_ops.Party` (customers are the wallets in KeyDictionary,
paired with their bank's Real Tokenizado), and matching double commands:
:meth:`TPFtPlatform.pending_operations` scans the operation contracts' events for registered commands
still pending on chain that await a given wallet's counterpart command, and :meth:`TPFtPlatform.match`
sends that command with the same terms.

On the embedded chain with the whole platform deployed: the Treasury (STN) creates an LTN series maturing
in two years and places 300.00 bonds with BANK_A; BCB offers it 10 more in a public offering (1002, first
command), which BANK_A finds pending and matches, settling delivery-versus-payment against its Real
Digital:

>>> import datetime
>>> from drex.chain import connect
>>> from drex.deploy import deploy_platform
>>> from drex.sdk import Platform
>>> chain = connect("embedded")
>>> platform = Platform.from_manifest(chain, deploy_platform(chain))
>>> stn, bcb, bank = (TPFtPlatform(platform.as_signer(chain.account(r))) for r in ("STN", "BCB", "BANK_A"))
>>> ltn = Series.of("LTN", "100000", datetime.date(bank.today().year + 2, 1, 1))
>>> ltn_id = stn.tpft.create(ltn)
>>> done = stn.tpft.mint(stn.address, ltn, 1000)
>>> done = stn.tpft.direct_placement(stn.address, bank.address, ltn, 300)
>>> done = stn.tpft.direct_placement(stn.address, bcb.address, ltn, 10)
>>> done = bank.platform.real_digital.request_mint(100_000)
>>> done = bank.approve_dvp(100_000)                  # TPFtDvP may move BANK_A's bonds and Real Digital
>>> bank.tpft.balance_of(bank.address, ltn)
Decimal('300.00')
>>> offer = bcb.op1002.place(bcb.next_operation_id(), "11111111", "sender", ltn, 10, "850.12345678")
>>> for pending in bank.pending_operations():
...     print(bank.match(pending).settled)
True
>>> bank.tpft.balance_of(bank.address, ltn), bank.platform.real_digital.balance_of(bank.address)
(Decimal('310.00'), Decimal('91498.77'))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, TypeVar, cast

from eth_typing import ChecksumAddress
from web3.logs import DISCARD

from drex.chain.reverts import ContractRevert
from drex.chain.signers import Signer
from drex.errors import DrexError
from drex.sdk import display
from drex.sdk.errors import InvalidInput, UnknownContract, UnknownSeries
from drex.sdk.events import Where, chain_order, fetch_logs, where_of
from drex.sdk.platform import ContractClient, Platform
from drex.sdk.tpft_events import (
    CLOSING_EVENTS,
    COMMAND_EVENTS,
    REGISTERED,
    BondTransfer,
    DvPSettlement,
    OperationCommand,
    SeriesCreated,
    fetch_events,
)
from drex.sdk.tpft_ops import (
    BCB_CNPJ8,
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
    command_key_of,
)
from drex.sdk.tpft_series import check_new_series
from drex.sdk.tpft_values import (
    SEQUENCE_DIGITS,
    CallerPart,
    QuantityLike,
    Series,
    brasilia_date,
    from_quantity_units,
    operation_id,
    operation_number,
    to_operation_id,
    to_quantity_units,
)
from drex.sdk.tx import TxResult
from drex.sdk.values import ZERO_ADDRESS, AmountLike, cnpj8_int, to_address, to_cnpj8

SeriesRef = Series | int
_Client = TypeVar("_Client")

#: Roles of TPFt (DEFAULT_ADMIN_ROLE is zero; the others keccak256 of their name).
TPFT_ROLES = (
    "DEFAULT_ADMIN_ROLE",
    "MINTER_ROLE",
    "DIRECT_PLACEMENT_ROLE",
    "AUCTION_PLACEMENT_ROLE",
    "FREEZER_ROLE",
    "REPAYMENT_ROLE",
)

#: The double-command operation contracts, by operation code.
OPERATIONS: dict[str, str] = {
    "1002": "TPFtOperation1002",
    "1052": "TPFtOperation1052",
    "1054": "TPFtOperation1054",
    "1056": "TPFtOperation1056",
}


def tpft_role_id(role: str) -> bytes:
    """The bytes32 id of a TPFt role by name (``"MINTER"`` or ``"MINTER_ROLE"``)."""
    from eth_utils.crypto import keccak

    name = role.strip().upper()
    name = name if name.endswith("_ROLE") else f"{name}_ROLE"
    if name not in TPFT_ROLES:
        raise InvalidInput(f"unknown TPFt role {role!r}; known: {', '.join(TPFT_ROLES)}")
    return bytes(32) if name == "DEFAULT_ADMIN_ROLE" else bytes(keccak(text=name))


# ------------------------------------------------------------------------------------ TPFt
class TPFt(ContractClient):
    """The TPFt token: one ERC-1155 id per bond series, quantities with 2 decimals.

    Series are given as a :class:`~drex.sdk.tpft_values.Series` or by id; the Treasury (STN) creates,
    mints and places; BCB enables wallets, pauses and grants roles; holders approve TPFtDvP.
    """

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFt")
        self._ids: dict[Series, int] = {}

    # ------------------------------------------------------------------- series
    def series_id(self, series: Series) -> int:
        """Id of ``series``; :class:`UnknownSeries` if it was never created."""
        found = self._ids.get(series)
        if found is None:
            found = int(self._call(self.contract.functions.getTPFtId(series.as_tuple())))
            if found == 0:
                raise UnknownSeries(f"no TPFt series {series}")
            self._ids[series] = found
        return found

    def exists(self, series: Series) -> bool:
        return int(self._call(self.contract.functions.getTPFtId(series.as_tuple()))) != 0

    def series(self, ref: SeriesRef) -> Series:
        """The series of an id (or ``ref`` itself when it is a Series); :class:`UnknownSeries` if none."""
        if isinstance(ref, Series):
            return ref
        t: Any = self._call(self.contract.functions.getTPFtData(int(ref)))
        if not t[0] and not t[1] and int(t[2]) == 0:
            raise UnknownSeries(f"no TPFt series with id {ref}")
        return Series.from_tuple(t)

    def id_of(self, ref: SeriesRef) -> int:
        """The id of a series given as a Series or an id."""
        if isinstance(ref, Series):
            return self.series_id(ref)
        if isinstance(ref, bool) or not isinstance(ref, int) or ref <= 0:
            raise InvalidInput(f"series id {ref!r} must be a positive integer")
        return ref

    def all_series(self, *, from_block: int = 0, to_block: int | str = "latest") -> list[SeriesCreated]:
        """Every series created (``TPFtCreated``), in chain order."""
        found = fetch_events(
            {self.name: self.contract}, only=("TPFtCreated",), from_block=from_block, to_block=to_block
        )
        return [SeriesCreated.from_log(log) for _, log in found]

    def create(self, series: Series) -> int:
        """Create ``series`` (the Treasury, MINTER_ROLE); returns its new id.

        Before signing, the series is checked against the chain's current block time
        (:func:`~drex.sdk.tpft_series.check_new_series`): a Treasury title, its Selic code, a maturity on
        the title's calendar and in the future; an :class:`~drex.sdk.tpft_values.InvalidSeries` otherwise.
        """
        check_new_series(series, self.platform.chain.timestamp())
        result = self._send(self.contract.functions.createTPFt(series.as_tuple()))
        created = self.contract.events.TPFtCreated().process_receipt(result.receipt, errors=DISCARD)
        if not created:
            raise DrexError(f"createTPFt in {result.tx_hash} emitted no TPFtCreated event")
        tpft_id = int(created[0]["args"]["tpftId"])
        self._ids[series] = tpft_id
        return tpft_id

    # --------------------------------------------------------------- balances
    def balance_of(self, wallet: str, ref: SeriesRef) -> Decimal:
        """Bonds of a series held by ``wallet`` (frozen part included)."""
        fn = self.contract.functions.balanceOf(to_address(wallet, "wallet"), self.id_of(ref))
        return from_quantity_units(int(self._call(fn)))

    def balance(self, wallet: str, acronym: str, code: str, maturity: dt.date | int) -> Decimal:
        """Bonds of the series ``acronym``/``code``/``maturity`` held by ``wallet``."""
        return self.balance_of(wallet, Series.of(acronym, code, maturity))

    def frozen_balance_of(self, wallet: str, ref: SeriesRef) -> Decimal:
        fn = self.contract.functions.frozenBalanceOf(to_address(wallet, "wallet"), self.id_of(ref))
        return from_quantity_units(int(self._call(fn)))

    def available_balance_of(self, wallet: str, ref: SeriesRef) -> Decimal:
        """Balance minus frozen balance (never negative)."""
        return max(self.balance_of(wallet, ref) - self.frozen_balance_of(wallet, ref), Decimal("0.00"))

    def total_supply(self, ref: SeriesRef) -> Decimal:
        """Bonds of the series in circulation (minted minus burned)."""
        fn = self.contract.get_function_by_signature("totalSupply(uint256)")(self.id_of(ref))
        return from_quantity_units(int(self._call(fn)))

    def positions(self, wallet: str) -> dict[Series, Decimal]:
        """Every series ``wallet`` holds, with its balance (one ``balanceOfBatch`` call)."""
        created = self.all_series()
        if not created:
            return {}
        who = to_address(wallet, "wallet")
        ids = [c.tpft_id for c in created]
        balances = self._call(self.contract.functions.balanceOfBatch([who] * len(ids), ids))
        return {
            c.series: from_quantity_units(int(b)) for c, b in zip(created, balances, strict=True) if int(b)
        }

    def transfers(
        self,
        wallet: str | None = None,
        *,
        tpft_id: int | None = None,
        from_block: int = 0,
        to_block: int | str = "latest",
    ) -> list[BondTransfer]:
        """Movements of TPFt (mints and burns included) in chain order; optionally only from or to
        ``wallet`` and of one series."""
        found = fetch_events(
            {self.name: self.contract},
            only=("TransferSingle", "TransferBatch"),
            from_block=from_block,
            to_block=to_block,
        )
        records = [r for _, log in found for r in BondTransfer.from_log(log)]
        who = None if wallet is None else to_address(wallet, "wallet")
        return [
            r
            for r in records
            if (who is None or who in (r.sender, r.receiver)) and (tpft_id is None or r.tpft_id == tpft_id)
        ]

    # ----------------------------------------------------------------- status
    def is_enabled(self, wallet: str) -> bool:
        """Whether ``wallet`` may receive TPFt."""
        return bool(self._call(self.contract.functions.isEnabledAddress(to_address(wallet, "wallet"))))

    def is_paused(self) -> bool:
        return bool(self._call(self.contract.functions.paused()))

    def is_series_paused(self, ref: SeriesRef) -> bool:
        return bool(self._call(self.contract.functions.isTpftIdPaused(self.id_of(ref))))

    def payment_status(self, wallet: str, ref: SeriesRef) -> bool:
        """Whether ``wallet``'s position in the series was repaid."""
        fn = self.contract.functions.getPaymentStatus(to_address(wallet, "wallet"), self.id_of(ref))
        return bool(self._call(fn))

    def is_dvp_approved(self, owner: str) -> bool:
        """Whether ``owner`` authorized TPFtDvP to deliver its bonds (``isApprovedForAll``)."""
        dvp = self.platform.address_of("TPFtDvP")
        return bool(self._call(self.contract.functions.isApprovedForAll(to_address(owner, "owner"), dvp)))

    def has_role(self, role: str, account: str) -> bool:
        fn = self.contract.functions.hasRole(tpft_role_id(role), to_address(account, "account"))
        return bool(self._call(fn))

    # ---------------------------------------------------------- the Treasury
    def mint(self, to: str, ref: SeriesRef, quantity: QuantityLike) -> TxResult:
        """Mint ``quantity`` bonds of an existing series to ``to`` (MINTER_ROLE, the Treasury)."""
        fn = self.contract.get_function_by_signature("mint(address,uint256,uint256)")(
            to_address(to, "receiver"), self.id_of(ref), to_quantity_units(quantity)
        )
        return self._send(fn)

    def direct_placement(self, source: str, to: str, ref: SeriesRef, quantity: QuantityLike) -> TxResult:
        """Move ``quantity`` bonds from ``source`` to ``to`` free of payment (DIRECT_PLACEMENT_ROLE)."""
        fn = self.contract.functions.directPlacement(
            to_address(source, "source"),
            to_address(to, "receiver"),
            self.series(ref).as_tuple(),
            to_quantity_units(quantity),
        )
        return self._send(fn)

    def burn(self, source: str, ref: SeriesRef, quantity: QuantityLike) -> TxResult:
        """Burn bonds (REPAYMENT_ROLE, or MINTER_ROLE from its own wallet)."""
        fn = self.contract.get_function_by_signature("burn(address,uint256,uint256)")(
            to_address(source, "source"), self.id_of(ref), to_quantity_units(quantity)
        )
        return self._send(fn)

    # ----------------------------------------------------------- the authority
    def enable(self, member: str, cnpj8: str | int | None = None) -> TxResult:
        """Enable ``member`` to hold TPFt: BCB, or a participant (enabled in TPFt and Real Digital) for one
        of its own wallets or customers; a wallet BCB disabled only BCB. With ``cnpj8``, the pilot's
        ``enableAddress(cnpj8, wallet)`` overload (the wallet must belong to that participant)."""
        wallet = to_address(member, "member")
        if cnpj8 is None:
            return self._send(self.contract.functions.enableAddress(wallet))
        fn = self.contract.get_function_by_signature("enableAddress(uint256,address)")
        return self._send(fn(cnpj8_int(cnpj8), wallet))

    def disable(self, member: str) -> TxResult:
        """Disable ``member``: BCB (sticky: only BCB enables it again), or a wallet of the participant it
        belongs to."""
        return self._send(self.contract.functions.disableAddress(to_address(member, "member")))

    def is_disabled_by_authority(self, member: str) -> bool:
        """Whether BCB disabled ``member`` (only BCB may enable it again)."""
        return bool(self._call(self.contract.functions.isDisabledByAuthority(to_address(member, "member"))))

    def pause(self) -> TxResult:
        """Stop every movement of every series (BCB)."""
        return self._send(self.contract.functions.pause())

    def unpause(self) -> TxResult:
        return self._send(self.contract.functions.unpause())

    def set_series_paused(self, ref: SeriesRef, paused: bool) -> TxResult:
        """Pause or resume one series for operations (REPAYMENT_ROLE); burns stay possible."""
        return self._send(self.contract.functions.setTpftIdToPaused(self.id_of(ref), bool(paused)))

    def freeze(self, account: str, ref: SeriesRef, quantity: QuantityLike) -> TxResult:
        """Freeze ``quantity`` more of ``account``'s position (FREEZER_ROLE)."""
        fn = self.contract.functions.increaseFrozenBalance(
            to_address(account, "account"), self.series(ref).as_tuple(), to_quantity_units(quantity)
        )
        return self._send(fn)

    def unfreeze(self, account: str, ref: SeriesRef, quantity: QuantityLike) -> TxResult:
        """Unfreeze ``quantity`` of ``account``'s frozen position (FREEZER_ROLE)."""
        fn = self.contract.functions.decreaseFrozenBalance(
            to_address(account, "account"), self.series(ref).as_tuple(), to_quantity_units(quantity)
        )
        return self._send(fn)

    def grant_role(self, role: str, account: str) -> TxResult:
        """Grant a TPFt role (DEFAULT_ADMIN_ROLE, BCB)."""
        return self._send(
            self.contract.functions.grantRole(tpft_role_id(role), to_address(account, "account"))
        )

    def allow_mint(self, member: str) -> TxResult:
        return self._send(self.contract.functions.allowTPFtMint(to_address(member, "member")))

    def allow_direct_placement(self, member: str) -> TxResult:
        return self._send(self.contract.functions.allowDirectPlacement(to_address(member, "member")))

    def allow_auction_placement(self, member: str) -> TxResult:
        return self._send(self.contract.functions.allowAuctionPlacement(to_address(member, "member")))

    def allow_freezing(self, member: str) -> TxResult:
        return self._send(self.contract.functions.allowFreezingPlacement(to_address(member, "member")))

    # ------------------------------------------------------------ holders
    def set_dvp_approval(self, approved: bool = True) -> TxResult:
        """Authorize (or revoke) TPFtDvP to deliver the signer's bonds (``setApprovalForAll``)."""
        dvp = self.platform.address_of("TPFtDvP")
        return self._send(self.contract.functions.setApprovalForAll(dvp, bool(approved)))

    def transfer(self, to: str, ref: SeriesRef, quantity: QuantityLike) -> TxResult:
        """Move the signer's bonds to ``to`` free of payment (ERC-1155 ``safeTransferFrom``; ``to`` must be
        enabled, the series neither paused nor matured)."""
        fn = self.contract.functions.safeTransferFrom(
            self.platform.address,
            to_address(to, "receiver"),
            self.id_of(ref),
            to_quantity_units(quantity),
            b"",
        )
        return self._send(fn)


# ---------------------------------------------------------------------------------- TPFtDvP
class TPFtDvP(ContractClient):
    """TPFtDvP: who counts as a customer, whether a wallet can settle, and the settlements made."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtDvP")

    def is_customer(self, wallet: str) -> bool:
        """Whether ``wallet`` is a customer (in KeyDictionary); any other wallet is a participant."""
        return bool(self._call(self.contract.functions.isCustomer(to_address(wallet, "wallet"))))

    def check_party(self, wallet: str, token: str | None = None) -> bool:
        """Whether ``wallet`` is a customer; raises the decoded ContractRevert when it cannot settle with
        ``token`` (not enabled in TPFt, Real Digital or its Real Tokenizado, wrong token...)."""
        fn = self.contract.functions.checkParty(
            to_address(wallet, "wallet"), ZERO_ADDRESS if token is None else to_address(token, "token")
        )
        return bool(self._call(fn))

    def check_participant(self, wallet: str) -> None:
        """Raise the decoded ContractRevert unless ``wallet`` is a participant enabled in TPFt and Real
        Digital."""
        self._call(self.contract.functions.checkParticipant(to_address(wallet, "wallet")))

    def settlements(
        self, operation_id: int | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[DvPSettlement]:
        """``DvPSettled`` events in chain order, optionally of one operation."""
        filters = None if operation_id is None else {"operationId": int(operation_id)}
        logs = fetch_logs(self.contract.events.DvPSettled(), filters, from_block, to_block)
        return chain_order(DvPSettlement.from_log(log) for log in logs)


# ----------------------------------------------------------------------------- operation ids
#: Flag of the operation-id scope of a wallet that belongs to no participant (TPFtOperationId
#: ``WALLET_SCOPE_FLAG``): such a wallet's scope is ``WALLET_SCOPE_FLAG | address``, never a CNPJ8.
WALLET_SCOPE_FLAG = 1 << 160


def describe_scope(scope: int) -> str:
    """A CNPJ8 scope as 8 digits, a wallet's scope as its address."""
    if scope & WALLET_SCOPE_FLAG:
        return f"wallet {to_address('0x' + format(scope & ((1 << 160) - 1), '040x'), 'wallet')}"
    return f"{scope:08d}"


@dataclass(frozen=True)
class IdRegistration:
    """An ``OperationIdRegistered`` event: the operation contract that used an id, for the scopes of its
    two parties (equal when both belong to one participant)."""

    operation_id: int
    operation: ChecksumAddress
    scope_sender: int
    scope_receiver: int
    where: Where

    @property
    def scopes(self) -> tuple[int, ...]:
        """The distinct scopes."""
        return tuple(dict.fromkeys((self.scope_sender, self.scope_receiver)))

    @classmethod
    def from_log(cls, log: Any) -> IdRegistration:
        a = log["args"]
        return cls(
            int(a["operationId"]),
            to_address(a["operation"]),
            int(a["scopeSender"]),
            int(a["scopeReceiver"]),
            where_of(log),
        )


class OperationIdBuilder:
    """Operation ids as the pilot suggests: the participant's range (faixa), a daily sequence and the date.

    ``next()`` returns ``operation_id(operation_number(faixa, n), today)`` for the smallest ``n`` after the
    last one it returned that ``scope`` (the participant the ids are for) has not used yet in
    TPFtOperationId and no operation contract holds a pending command with (found with a few ``usedBy`` /
    ``getOperation`` calls: doubling, then bisecting), so a fresh process resumes after the ids already
    used that day. Ids are unique per participant on chain (an id another participant used does not
    block this one's), so the scope defaults to ``faixa`` read as a CNPJ8 (the range is the CNPJ8 by
    default). "Today" is the Brasília date of the latest block. Ids handed out are remembered, so two ids
    built before either is sent differ.
    """

    def __init__(
        self, platform: Platform, faixa: int, *, digits: int = SEQUENCE_DIGITS, scope: int | None = None
    ):
        if isinstance(faixa, bool) or not isinstance(faixa, int) or faixa <= 0:
            raise InvalidInput(f"range (faixa) {faixa!r} must be a positive integer")
        if scope is not None and (isinstance(scope, bool) or not isinstance(scope, int) or scope <= 0):
            raise InvalidInput(f"operation-id scope {scope!r} must be a positive integer")
        self.platform = platform
        self.faixa = faixa
        self.digits = digits
        self.scope = faixa if scope is None else scope
        self._last: dict[dt.date, int] = {}

    def today(self) -> dt.date:
        """The Brasília date of the latest block."""
        return brasilia_date(self.platform.chain.timestamp())

    def used_by(self, op_id: int, scope: int | None = None) -> ChecksumAddress | None:
        """The operation contract that registered ``op_id`` for ``scope`` (default :attr:`scope`), None if
        unused."""
        registry = self.platform.contract("TPFtOperationId")
        found = self.platform.call(
            registry.functions.usedBy(int(op_id), self.scope if scope is None else scope)
        )
        return None if found == ZERO_ADDRESS else to_address(found)

    def pending_anywhere(self, op_id: int) -> bool:
        """Whether a double-command operation contract has seen a command with ``op_id``, of any parties
        (pending, settled or cancelled): ids are taken only at settlement, so pending ones are skipped, and
        skipping ids other participants used is harmless and keeps ids distinct where it costs nothing."""
        for name in ("TPFtOperation1002", "TPFtOperation1052", "TPFtOperation1054", "TPFtOperation1056"):
            found = self.platform.call(self.platform.contract(name).functions.getOperation(int(op_id)))
            if int(found[3]) != 0:
                return True
        return False

    def id_for(self, sequence: int, day: dt.date) -> int:
        return operation_id(operation_number(self.faixa, sequence, self.digits), day)

    def next(self, day: dt.date | None = None, *, also: Iterable[int] = ()) -> int:
        """The next unused operation id of ``day`` (default: today); ``also`` are further scopes (the
        counterparts' participants, see :meth:`TPFtPlatform.id_scope`) that must not have used it either."""
        when = day or self.today()
        limit = 10**self.digits - 1
        low = self._last.get(when, 0)  # every sequence <= low is taken (used or handed out)
        scopes = list(dict.fromkeys([self.scope, *(int(x) for x in also)]))

        def used(n: int) -> bool:
            op_id = self.id_for(n, when)
            return any(self.used_by(op_id, x) is not None for x in scopes) or self.pending_anywhere(op_id)

        step, high = 1, low + 1
        while high <= limit and used(high):
            low, step = high, step * 2
            high = min(low + step, limit + 1)
        if high > limit:
            raise DrexError(f"no operation id left for range {self.faixa} on {when.isoformat()}")
        while high - low > 1:  # low is taken, high is free: find the first free one after low
            mid = (low + high) // 2
            if used(mid):
                low = mid
            else:
                high = mid
        self._last[when] = high
        return self.id_for(high, when)


# ------------------------------------------------------------------------------ pending
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


# ---------------------------------------------------------------------------- the platform
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
        if wallets is None:
            wallets = [] if everyone else [self.address]
        mine = {to_address(w, "wallet") for w in wallets}
        placer = any(self.tpft.has_role("AUCTION_PLACEMENT_ROLE", w) for w in mine)
        clients = {self.operation(code).name: self.operation(code) for code in OPERATIONS}
        scanned = fetch_events(
            {name: client.contract for name, client in clients.items()},
            only=set(COMMAND_EVENTS) | set(CLOSING_EVENTS),
            from_block=from_block,
            to_block=to_block,
        )
        commands = [OperationCommand.from_log(name, log) for name, log in scanned]
        # Pending commands are kept per id and parties on chain: a settled command closes its own key only
        # (a cancellation names no parties, so the chain is asked).
        closed = {
            (c.contract, command_key_of(c)) for c in commands if c.is_command and c.status != REGISTERED
        }
        found: dict[tuple[str, bytes | None], PendingOperation] = {}
        for command in commands:
            key = (command.contract, command_key_of(command))
            if command.status != REGISTERED or key in closed or key in found:
                continue
            state = clients[command.contract].command_state(command)
            if state.status is not OperationStatus.PENDING:
                continue
            original = command.original_operation_id
            if original is not None and self.op1054.get_repo(original, command.sender).open_return_price:
                command = replace(command, function="tradeReverseRepoOpenReturnPrice")
            awaiting = state.initiator_part.other
            counterpart = _counterpart(command, awaiting)
            if everyone or (counterpart in mine if counterpart else placer):
                found[key] = PendingOperation(
                    command, state.initiator, state.initiator_part, awaiting, counterpart
                )
        return list(found.values())

    def match(self, pending: PendingOperation) -> CommandResult:
        """Send, as the signer, the command ``pending`` awaits: same function and terms, the other part."""
        c, part = pending.command, pending.awaiting
        if c.series is None or c.quantity is None:
            raise DrexError(f"{c.contract} event {c.event} carries no terms to match")
        if c.contract == "TPFtOperation1056":
            original = c.original_operation_id
            if original is None:
                raise DrexError(f"return {c.operation_id} names no original repo")
            if c.function == "tradeReverseRepoOpenReturnPrice":
                return self.op1056.reverse_open(original, c.operation_id, _need(c.return_unit_price))
            return self.op1056.reverse(original, c.operation_id)
        price = _need(c.unit_price)
        if c.contract == "TPFtOperation1002":
            return self.op1002.place(
                c.operation_id,
                _need(c.cnpj8_receiver),
                part,
                c.series,
                c.quantity,
                price,
                seller_cnpj8=_need(c.cnpj8_sender),
            )
        if c.parties == "auction":
            return self.op1052.auction(
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
            return self.op1052.trade(
                c.operation_id, seller, buyer, part, c.series, c.quantity, price, overload=style
            )
        if c.function == "tradeRepoIntraday":
            return self.op1054.repo_intraday(
                c.operation_id, seller, buyer, part, c.series, c.quantity, price, overload=style
            )
        if c.function == "tradeRepoOpenReturnPrice":
            return self.op1054.repo_open(
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
        return self.op1054.repo(
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


__all__ = [
    "OPERATIONS",
    "CallerPart",
    "WALLET_SCOPE_FLAG",
    "IdRegistration",
    "OperationIdBuilder",
    "Party",
    "PendingOperation",
    "Series",
    "TPFt",
    "TPFtDvP",
    "TPFtPlatform",
    "UnknownSeries",
    "describe_scope",
    "tpft_role_id",
]
