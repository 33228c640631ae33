"""The event index: blocks, transactions and every log of a chain in a relational database.

* :class:`IndexStore` — the database (SQLite file or PostgreSQL URL, migrated on open) and its read API:
  :meth:`~IndexStore.cursor`, :meth:`~IndexStore.events`, :meth:`~IndexStore.rollbacks_after`,
  :meth:`~IndexStore.balances`, :meth:`~IndexStore.supply`;
* :class:`Indexer` — follows a platform's chain into a store (:meth:`~Indexer.sync`, :meth:`~Indexer.follow`);
* :func:`reconcile` — derived balances and supplies against the contracts at the head.

See docs/index.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drex.index.database import CannotOpenDatabase
from drex.index.errors import ChainIndexError, IncompleteBlock, UnsettledChain, WrongChain
from drex.index.reconcile import Difference, Reconciliation, reconcile
from drex.index.records import IndexCursor, IndexedEvent, IndexRollback, SyncReport
from drex.index.store import IndexStore
from drex.lazy import lazy_getattr

if TYPE_CHECKING:
    from drex.index.follower import Indexer

# The follower reads the chain (web3): loaded on first use, so a reader of the database alone (the
# compliance service, the audit's queries) starts without it. ``reconcile`` is imported here, not lazily:
# it is also the name of a submodule, and importing that submodule would set the package attribute to
# the module.
__getattr__ = lazy_getattr(globals(), {"Indexer": "drex.index.follower"})

__all__ = [
    "CannotOpenDatabase",
    "ChainIndexError",
    "IncompleteBlock",
    "IndexCursor",
    "IndexRollback",
    "IndexStore",
    "IndexedEvent",
    "Indexer",
    "Reconciliation",
    "Difference",
    "SyncReport",
    "reconcile",
    "UnsettledChain",
    "WrongChain",
]
