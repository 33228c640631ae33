"""Development accounts and their roles, derived from anvil's well-known test mnemonic.

These keys are public knowledge and fund nothing real: drex uses them only on the ``embedded`` and
``local`` networks, where the manifest names them by role. On any other network signers come from
encrypted keystores or an external signer (:mod:`drex.chain.signers`).
"""

from __future__ import annotations

from functools import lru_cache

from eth_account import Account
from eth_account.signers.local import LocalAccount

from drex.errors import DrexError

DEV_MNEMONIC = "test test test test test test test test test test test junk"
DEV_ACCOUNT_COUNT = 20

#: Dev role -> index of the account derived from the mnemonic (m/44'/60'/0'/0/<index>).
DEV_ROLES: dict[str, int] = {
    "BCB": 0,
    "STN": 1,
    "BANK_A": 2,
    "BANK_B": 3,
    "CUSTOMER_A1": 4,
    "CUSTOMER_A2": 5,
    "CUSTOMER_B1": 6,
    "CUSTOMER_B2": 7,
    # the dev reference-data reporters (drex.deploy.steps.oracles configures them; index 9 is the demo's
    # custody wallet)
    "ORACLE_1": 10,
    "ORACLE_2": 11,
    "ORACLE_3": 12,
    "ORACLE_4": 13,
}

#: The dev roles that are reference-data reporters (they sign rounds; they hold no money or bonds).
DEV_REPORTERS: tuple[str, ...] = ("ORACLE_1", "ORACLE_2", "ORACLE_3", "ORACLE_4")

#: CNPJ8 of the institutions behind the dev roles (BCB's and STN's real CNPJ roots; fictitious banks).
DEV_CNPJ8: dict[str, str] = {
    "BCB": "00038166",
    "STN": "00394460",
    "BANK_A": "11111111",
    "BANK_B": "22222222",
}


class UnknownAccount(DrexError, LookupError):
    """A dev account asked for by a role that is not a dev role, or by an index outside 0..19."""


@lru_cache(maxsize=1)
def dev_accounts() -> tuple[LocalAccount, ...]:
    """The 20 accounts anvil creates by default, in anvil's order."""
    Account.enable_unaudited_hdwallet_features()
    return tuple(
        Account.from_mnemonic(DEV_MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}")
        for i in range(DEV_ACCOUNT_COUNT)
    )


def dev_account(role_or_index: str | int) -> LocalAccount:
    """A dev account by role name (``"BCB"``) or index (``9``); :class:`UnknownAccount` for anything else.

    >>> dev_account("BCB").address
    '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
    >>> dev_account("NOBODY")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    drex.chain.accounts.UnknownAccount: unknown dev role 'NOBODY'; known roles: BCB, STN, BANK_A, ... 0..19)
    """
    if isinstance(role_or_index, int) and not isinstance(role_or_index, bool):
        if not 0 <= role_or_index < DEV_ACCOUNT_COUNT:
            raise UnknownAccount(f"dev account index {role_or_index} out of range 0..{DEV_ACCOUNT_COUNT - 1}")
        return dev_accounts()[role_or_index]
    if role_or_index not in DEV_ROLES:
        raise UnknownAccount(
            f"unknown dev role {role_or_index!r}; known roles: {', '.join(DEV_ROLES)} "
            f"(or an account index 0..{DEV_ACCOUNT_COUNT - 1})"
        )
    return dev_accounts()[DEV_ROLES[role_or_index]]
