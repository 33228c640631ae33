"""Chain: one abstraction over the embedded py-evm chain, a local anvil node and any JSON-RPC node.

``connect("embedded" | "local" | URL)`` returns a :class:`Chain` that deploys compiled artifacts, signs
and sends transactions and decodes reverts into :class:`ContractRevert`.
"""

from drex.chain.connect import NETWORKS, AnvilChain, connect, connect_anvil
from drex.chain.core import Chain, TransactionFailed
from drex.chain.reverts import ContractRevert, decode_revert

__all__ = [
    "NETWORKS",
    "AnvilChain",
    "Chain",
    "ContractRevert",
    "TransactionFailed",
    "connect",
    "connect_anvil",
    "decode_revert",
]
