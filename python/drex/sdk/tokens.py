"""Clients of the two tokens: Real Digital (with STR and its account contracts) and Real Tokenizado.

Both tokens are ERC20s with 2 decimals, a list of enabled wallets, roles, frozen balances and pause (as
in the pilot: both inherit the same access control, and only enabled wallets may send or receive), so
:class:`Token` wraps what they share: balances and frozen
balances, enabled status, ERC20 transfers and allowances, and the authority's operations (enable and
disable wallets, mint, burn, move, freeze, pause). :class:`RealDigital` adds what a participant does
through the other money-layer contracts: request issuance or redemption through STR, enable its own
further wallets through RealDigitalEnableAccount, and read or change default wallets in
RealDigitalDefaultAccount. :class:`RealTokenizado` adds the institution's name, CNPJ8 and Real
Digital reserve wallet. Amounts go in and come out as :class:`~decimal.Decimal` reais.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eth_typing import ChecksumAddress

from drex.sdk.events import FrozenBalanceChanged, Transfer, chain_order, fetch_logs
from drex.sdk.platform import ContractClient, Platform
from drex.sdk.tx import TxResult
from drex.sdk.values import ZERO_ADDRESS, AmountLike, cnpj8_int, from_units, to_address, to_units

#: Roles of CBDCAccessControl (the value is keccak256 of the name; DEFAULT_ADMIN_ROLE is zero).
ROLES = (
    "DEFAULT_ADMIN_ROLE",
    "PAUSER_ROLE",
    "MINTER_ROLE",
    "ACCESS_ROLE",
    "MOVER_ROLE",
    "BURNER_ROLE",
    "FREEZER_ROLE",
)


def role_id(role: str) -> bytes:
    """The bytes32 id of a role given by name (``"MINTER"`` or ``"MINTER_ROLE"``)."""
    from eth_utils import keccak

    from drex.sdk.errors import InvalidInput

    name = role.upper() if role.upper().endswith("_ROLE") else f"{role.upper()}_ROLE"
    if name not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; known: {', '.join(ROLES)}")
    return bytes(32) if name == "DEFAULT_ADMIN_ROLE" else bytes(keccak(text=name))


class Token(ContractClient):
    """What Real Digital and every Real Tokenizado share (ERC20 + CBDCAccessControl + frozen balances)."""

    # -------------------------------------------------------------------- reads
    def symbol(self) -> str:
        return str(self._call(self.contract.functions.symbol()))

    def token_name(self) -> str:
        return str(self._call(self.contract.functions.name()))

    def total_supply(self) -> Decimal:
        """Reais in circulation."""
        return from_units(self._call(self.contract.functions.totalSupply()))

    def balance_of(self, account: str) -> Decimal:
        """Balance of ``account`` in reais (frozen part included)."""
        return from_units(self._call(self.contract.functions.balanceOf(to_address(account, "account"))))

    def frozen_balance_of(self, account: str) -> Decimal:
        """The frozen part of ``account``'s balance, which cannot be spent, moved or burned."""
        return from_units(self._call(self.contract.functions.frozenBalanceOf(to_address(account, "account"))))

    def available_balance_of(self, account: str) -> Decimal:
        """Balance minus frozen balance (never negative)."""
        return max(self.balance_of(account) - self.frozen_balance_of(account), Decimal("0.00"))

    def is_enabled(self, account: str) -> bool:
        """Whether ``account`` may hold, send and receive this token (``verifyAccount``)."""
        return bool(self._call(self.contract.functions.verifyAccount(to_address(account, "account"))))

    def allowance(self, owner: str, spender: str) -> Decimal:
        """How much ``spender`` may still take from ``owner`` with ``transferFrom``/``burnFrom``."""
        fn = self.contract.functions.allowance(to_address(owner, "owner"), to_address(spender, "spender"))
        return from_units(self._call(fn))

    def is_paused(self) -> bool:
        return bool(self._call(self.contract.functions.paused()))

    def has_role(self, role: str, account: str) -> bool:
        """Whether ``account`` holds ``role`` (``"MINTER"``, ``"ACCESS_ROLE"``...) on this token."""
        return bool(
            self._call(self.contract.functions.hasRole(role_id(role), to_address(account, "account")))
        )

    # --------------------------------------------------------- holder operations
    def transfer(self, to: str, amount: AmountLike) -> TxResult:
        """Send ``amount`` reais from the signer to ``to`` (both must be enabled)."""
        return self._send(self.contract.functions.transfer(to_address(to, "receiver"), to_units(amount)))

    def approve(self, spender: str, amount: AmountLike) -> TxResult:
        """Set ``spender``'s allowance over the signer's tokens to exactly ``amount`` (ERC20 ``approve``)."""
        return self._send(self.contract.functions.approve(to_address(spender, "spender"), to_units(amount)))

    def increase_allowance(self, spender: str, amount: AmountLike) -> TxResult:
        """Add ``amount`` to ``spender``'s allowance (safe when several approvals are outstanding)."""
        fn = self.contract.functions.increaseAllowance(to_address(spender, "spender"), to_units(amount))
        return self._send(fn)

    def decrease_allowance(self, spender: str, amount: AmountLike) -> TxResult:
        """Subtract ``amount`` from ``spender``'s allowance (reverts if it is smaller)."""
        fn = self.contract.functions.decreaseAllowance(to_address(spender, "spender"), to_units(amount))
        return self._send(fn)

    def transfer_from(self, owner: str, to: str, amount: AmountLike) -> TxResult:
        """Move ``amount`` from ``owner`` to ``to`` using the signer's allowance from ``owner``."""
        fn = self.contract.functions.transferFrom(
            to_address(owner, "owner"), to_address(to, "receiver"), to_units(amount)
        )
        return self._send(fn)

    # ------------------------------------------------------ authority operations
    def enable_account(self, member: str) -> TxResult:
        """Enable ``member`` to hold the token (ACCESS_ROLE: the BCB on Real Digital, the bank on its RT)."""
        return self._send(self.contract.functions.enableAccount(to_address(member, "member")))

    def disable_account(self, member: str) -> TxResult:
        """Disable ``member``: it can no longer send or receive (ACCESS_ROLE)."""
        return self._send(self.contract.functions.disableAccount(to_address(member, "member")))

    def mint(self, to: str, amount: AmountLike) -> TxResult:
        """Issue ``amount`` to ``to`` (MINTER_ROLE)."""
        return self._send(self.contract.functions.mint(to_address(to, "receiver"), to_units(amount)))

    def burn(self, amount: AmountLike) -> TxResult:
        """Destroy ``amount`` of the signer's own tokens (BURNER_ROLE)."""
        return self._send(self.contract.functions.burn(to_units(amount)))

    def burn_from(self, account: str, amount: AmountLike) -> TxResult:
        """Destroy ``amount`` from ``account`` using the signer's allowance (BURNER_ROLE)."""
        return self._send(self.contract.functions.burnFrom(to_address(account, "account"), to_units(amount)))

    def move(self, source: str, to: str, amount: AmountLike) -> TxResult:
        """Move ``amount`` from ``source`` to ``to`` without an allowance (MOVER_ROLE)."""
        fn = self.contract.functions.move(
            to_address(source, "source"), to_address(to, "receiver"), to_units(amount)
        )
        return self._send(fn)

    def move_and_burn(self, source: str, amount: AmountLike) -> TxResult:
        """Destroy ``amount`` from ``source`` without an allowance (MOVER_ROLE)."""
        return self._send(self.contract.functions.moveAndBurn(to_address(source, "source"), to_units(amount)))

    def freeze(self, account: str, amount: AmountLike) -> TxResult:
        """Add ``amount`` to ``account``'s frozen balance (FREEZER_ROLE)."""
        fn = self.contract.functions.increaseFrozenBalance(to_address(account, "account"), to_units(amount))
        return self._send(fn)

    def unfreeze(self, account: str, amount: AmountLike) -> TxResult:
        """Subtract ``amount`` from ``account``'s frozen balance (FREEZER_ROLE)."""
        fn = self.contract.functions.decreaseFrozenBalance(to_address(account, "account"), to_units(amount))
        return self._send(fn)

    def pause(self) -> TxResult:
        """Stop every movement of the token (PAUSER_ROLE)."""
        return self._send(self.contract.functions.pause())

    def unpause(self) -> TxResult:
        """Allow movements again (PAUSER_ROLE)."""
        return self._send(self.contract.functions.unpause())

    # ------------------------------------------------------------------ events
    def transfers(
        self, account: str | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[Transfer]:
        """Transfers (mints and burns included) in chain order; with ``account``, only those from or to it."""
        event = self.contract.events.Transfer()
        if account is None:
            logs: list[Any] = list(fetch_logs(event, None, from_block, to_block))
        else:
            who = to_address(account, "account")
            logs = [
                *fetch_logs(event, {"from": who}, from_block, to_block),
                *fetch_logs(event, {"to": who}, from_block, to_block),
            ]
        return chain_order(Transfer.from_log(log) for log in logs)

    def frozen_changes(
        self, account: str | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[FrozenBalanceChanged]:
        """``FrozenBalance`` events in chain order, optionally only for ``account`` (filtered here: the
        event's wallet is not indexed)."""
        logs = fetch_logs(self.contract.events.FrozenBalance(), None, from_block, to_block)
        records = [FrozenBalanceChanged.from_log(log) for log in logs]
        if account is not None:
            who = to_address(account, "account")
            records = [r for r in records if r.wallet == who]
        return chain_order(records)


class RealDigital(Token):
    """Real Digital, the wholesale CBDC, with the participant operations of its satellite contracts."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "RealDigital")

    # -------------------------------------------------------------------- STR
    def request_mint(self, amount: AmountLike) -> TxResult:
        """Ask STR to issue ``amount`` of Real Digital to the signer's own wallet.

        The wallet must be enabled and bound to a participant (``participantOf``), and the participant's
        outstanding STR issuance stays within the limit BCB set (``MintLimitExceeded`` otherwise).
        """
        str_ = self.platform.contract("STR")
        return self._send(str_.functions.requestToMint(to_units(amount)))

    def request_burn(self, amount: AmountLike) -> TxResult:
        """Ask STR to redeem ``amount`` of the signer's Real Digital (no ``approve``, as in the pilot)."""
        str_ = self.platform.contract("STR")
        return self._send(str_.functions.requestToBurn(to_units(amount)))

    def mint_limit(self, cnpj8: str | int) -> Decimal:
        """The most Real Digital the participant ``cnpj8`` may have outstanding through STR."""
        str_ = self.platform.contract("STR")
        return from_units(int(self._call(str_.functions.mintLimit(cnpj8_int(cnpj8)))))

    def outstanding(self, cnpj8: str | int) -> Decimal:
        """Real Digital the participant ``cnpj8`` minted through STR and has not burned through it."""
        str_ = self.platform.contract("STR")
        return from_units(int(self._call(str_.functions.outstanding(cnpj8_int(cnpj8)))))

    def set_mint_limit(self, cnpj8: str | int, limit: AmountLike) -> TxResult:
        """Set the participant ``cnpj8``'s STR mint limit (Real Digital's admin, BCB)."""
        str_ = self.platform.contract("STR")
        return self._send(str_.functions.setMintLimit(cnpj8_int(cnpj8), to_units(limit)))

    # ---------------------------------------------------------- participant wallets
    def participant_of(self, wallet: str) -> str | None:
        """The CNPJ8 of the participant ``wallet`` belongs to as one of its own wallets, or None."""
        found = int(self._call(self.contract.functions.participantOf(to_address(wallet, "wallet"))))
        return f"{found:08d}" if found else None

    def set_participant_wallet(self, wallet: str, cnpj8: str | int | None) -> TxResult:
        """Bind ``wallet`` to the participant ``cnpj8``, move it to it, or unbind it (None): Real Digital's
        admin (BCB) only."""
        number = 0 if cnpj8 is None else cnpj8_int(cnpj8)
        return self._send(self.contract.functions.setParticipantWallet(to_address(wallet, "wallet"), number))

    def authority_hold_of(self, wallet: str) -> tuple[bool, Decimal]:
        """BCB's hold on ``wallet``: whether BCB disabled it, and the part of its balance BCB froze."""
        disabled, frozen = self._call(self.contract.functions.authorityHoldOf(to_address(wallet, "wallet")))
        return bool(disabled), from_units(int(frozen))

    # ----------------------------------------------------- RealDigitalEnableAccount
    def enable_own_account(self, member: str) -> TxResult:
        """Enable another wallet of the signer's institution through RealDigitalEnableAccount, binding it to
        the signer's CNPJ8 (the signer must be an enabled participant wallet; a wallet of another
        participant or one BCB disabled is refused)."""
        enabler = self.platform.contract("RealDigitalEnableAccount")
        return self._send(enabler.functions.enableAccount(to_address(member, "member")))

    def disable_own_account(self) -> TxResult:
        """Disable the signer's own wallet through RealDigitalEnableAccount."""
        enabler = self.platform.contract("RealDigitalEnableAccount")
        return self._send(enabler.functions.disableAccount())

    # ---------------------------------------------------- RealDigitalDefaultAccount
    def default_account(self, cnpj8: str | int) -> ChecksumAddress | None:
        """The default wallet of the institution ``cnpj8``, or None if it has none."""
        registry = self.platform.contract("RealDigitalDefaultAccount")
        found = self._call(registry.functions.defaultAccount(cnpj8_int(cnpj8)))
        return None if found == ZERO_ADDRESS else to_address(found)

    def add_default_account(self, cnpj8: str | int, wallet: str) -> TxResult:
        """Register an institution's first default wallet (the authority, BCB)."""
        registry = self.platform.contract("RealDigitalDefaultAccount")
        return self._send(
            registry.functions.addDefaultAccount(cnpj8_int(cnpj8), to_address(wallet, "wallet"))
        )

    def update_default_wallet(self, cnpj8: str | int, new_wallet: str) -> TxResult:
        """Replace the institution's default wallet; sent from the current default wallet. The new wallet
        must be one of the institution's own enabled wallets (e.g. from :meth:`enable_own_account`)."""
        registry = self.platform.contract("RealDigitalDefaultAccount")
        fn = registry.functions.updateDefaultWallet(cnpj8_int(cnpj8), to_address(new_wallet, "new wallet"))
        return self._send(fn)


class RealTokenizado(Token):
    """One institution's Real Tokenizado (tokenized deposit or e-money), symbol ``BRL@<CNPJ8>``."""

    def cnpj8(self) -> str:
        """The issuing institution's CNPJ8 (8 digits)."""
        return f"{int(self._call(self.contract.functions.cnpj8())):08d}"

    def participant(self) -> str:
        """The issuing institution's name."""
        return str(self._call(self.contract.functions.participant()))

    def reserve(self) -> ChecksumAddress:
        """The institution's Real Digital reserve wallet, which pays and receives in swaps."""
        return to_address(self._call(self.contract.functions.reserve()))

    def update_reserve(self, new_reserve: str) -> TxResult:
        """Change the reserve wallet (the institution, ACCESS_ROLE); it must be one of the institution's own
        Real Digital wallets (``ReserveNotOwnedByParticipant`` otherwise)."""
        return self._send(self.contract.functions.updateReserve(to_address(new_reserve, "reserve")))
