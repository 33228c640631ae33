"""The TPFt token client: one ERC-1155 id per bond series (create, mint, place, balances, roles, pause,
freeze) and the names of its roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from web3.logs import DISCARD

from drex.errors import DrexError
from drex.sdk.errors import InvalidInput, UnknownSeries
from drex.sdk.platform import ContractClient, Platform
from drex.sdk.tpft_events import BondTransfer, SeriesCreated, fetch_events
from drex.sdk.tpft_series import check_new_series
from drex.sdk.tpft_values import QuantityLike, Series, from_quantity_units, to_quantity_units
from drex.sdk.tx import TxResult
from drex.sdk.values import cnpj8_int, to_address

#: A series given as a :class:`~drex.sdk.tpft_values.Series` or by its TPFt id.
SeriesRef = Series | int

#: Roles of TPFt (DEFAULT_ADMIN_ROLE is zero; the others keccak256 of their name).
TPFT_ROLES = (
    "DEFAULT_ADMIN_ROLE",
    "MINTER_ROLE",
    "DIRECT_PLACEMENT_ROLE",
    "AUCTION_PLACEMENT_ROLE",
    "FREEZER_ROLE",
    "REPAYMENT_ROLE",
)


def tpft_role_id(role: str) -> bytes:
    """The bytes32 id of a TPFt role by name (``"MINTER"`` or ``"MINTER_ROLE"``)."""
    from eth_utils.crypto import keccak

    name = role.strip().upper()
    name = name if name.endswith("_ROLE") else f"{name}_ROLE"
    if name not in TPFT_ROLES:
        raise InvalidInput(f"unknown TPFt role {role!r}; known: {', '.join(TPFT_ROLES)}")
    return bytes(32) if name == "DEFAULT_ADMIN_ROLE" else bytes(keccak(text=name))


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


__all__ = ["TPFT_ROLES", "SeriesRef", "TPFt", "tpft_role_id"]
