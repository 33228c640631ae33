"""An institution's side of the shielded pools: its wallet database, the chain scanner and the operations.

* :mod:`drex.sdk.private.store`: the wallet database (SQLAlchemy 2, Alembic migrations in ``migrations/``);
* :mod:`drex.sdk.private.sync`: scanning a pool's events into that database (cursor, reorg restart);
* :mod:`drex.sdk.private.pool`: the ShieldedPool contract client;
* :mod:`drex.sdk.private.wallet`: :class:`~drex.sdk.private.wallet.PrivateWallet` (register, deposit,
  transfer, withdraw);
* :mod:`drex.sdk.private.dvp`: private DvP (propose, list, accept, cancel);
* :mod:`drex.sdk.private.supervision`: the central bank's decryption and reconciliation;
* :mod:`drex.sdk.private.admin`: freeze, unfreeze and revocation of disabled owners.

See docs/privacy.md.
"""

from __future__ import annotations

from drex.sdk.private.dvp import DvPTermsMismatch
from drex.sdk.private.wallet import InsufficientPrivateBalance, PrivateWalletError

__all__ = ["DvPTermsMismatch", "InsufficientPrivateBalance", "PrivateWalletError"]
