"""Chain: one abstraction over the embedded py-evm chain, a local anvil node and any JSON-RPC node.

``connect("embedded" | "local" | URL)`` returns a :class:`Chain` that deploys compiled artifacts, signs
and sends transactions and decodes reverts into :class:`ContractRevert`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drex.chain.accounts import UnknownAccount
from drex.chain.connect import NETWORKS, AnvilChain, connect, connect_anvil
from drex.chain.core import Chain, ClockBackwards, TransactionFailed
from drex.chain.reverts import ContractRevert, decode_revert
from drex.lazy import lazy_getattr

if TYPE_CHECKING:
    from drex.chain.tx.transport import BulkError, NodeUnavailable

#: Names of the bulk submitter, loaded on first use (the bulk submitter is only for bulk sending).
_LAZY: dict[str, str] = {"BulkError": "drex.chain.tx.transport", "NodeUnavailable": "drex.chain.tx.transport"}


__getattr__ = lazy_getattr(globals(), _LAZY)


__all__ = [
    "NETWORKS",
    "AnvilChain",
    "BulkError",
    "Chain",
    "ClockBackwards",
    "ContractRevert",
    "NodeUnavailable",
    "TransactionFailed",
    "UnknownAccount",
    "connect",
    "connect_anvil",
    "decode_revert",
]
