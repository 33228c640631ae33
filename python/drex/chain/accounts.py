"""Development accounts and their roles, derived from anvil's well-known test mnemonic.

These keys are public knowledge and fund nothing real: drex uses them only on the ``embedded`` and
``local`` networks, where the manifest names them by role. On any other network signers come from
encrypted keystores or an external signer (:mod:`drex.chain.signers`).
"""

from __future__ import annotations

from functools import lru_cache

from eth_account import Account
from eth_account.signers.local import LocalAccount

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
}

#: CNPJ8 of the institutions behind the dev roles (BCB's and STN's real CNPJ roots; fictitious banks).
DEV_CNPJ8: dict[str, str] = {
    "BCB": "00038166",
    "STN": "00394460",
    "BANK_A": "11111111",
    "BANK_B": "22222222",
}


@lru_cache(maxsize=1)
def dev_accounts() -> tuple[LocalAccount, ...]:
    """The 20 accounts anvil creates by default, in anvil's order."""
    Account.enable_unaudited_hdwallet_features()
    return tuple(
        Account.from_mnemonic(DEV_MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}")
        for i in range(DEV_ACCOUNT_COUNT)
    )


def dev_account(role_or_index: str | int) -> LocalAccount:
    """A dev account by role name (``"BCB"``) or index (``9``)."""
    if isinstance(role_or_index, int):
        if not 0 <= role_or_index < DEV_ACCOUNT_COUNT:
            raise KeyError(f"dev account index {role_or_index} out of range 0..{DEV_ACCOUNT_COUNT - 1}")
        return dev_accounts()[role_or_index]
    try:
        return dev_accounts()[DEV_ROLES[role_or_index]]
    except KeyError:
        raise KeyError(f"unknown dev role {role_or_index!r}; known: {', '.join(DEV_ROLES)}") from None
