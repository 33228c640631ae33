"""The one transaction engine: every transaction of drex is built, signed, sent and awaited here.

- ``engine``: :class:`TxEngine` (``chain.engine``): build, sign, send, wait; :class:`PendingTx`,
  :class:`TxResult`
- ``nonces``: :class:`NonceManager`, the one per-signer nonce cache
- ``signing``: legacy and EIP-1559 signing, coincurve for raw keys, ``sign_transaction`` otherwise
- ``encoding``: keccak, RLP, ``CallEncoder``
- ``receipts``: waiting for receipts, the one failure replay, revert data
- ``bulk``: ``BulkSubmitter``, many transactions journaled and landed exactly once
- ``follow``: the bulk submitter's block following and reconciliation
- ``journal``: the bulk submitter's SQLite write-ahead journal
- ``transport``: batched JSON-RPC over HTTP or web3.py
- ``outcomes``: ``Intent``, ``Outcome``, ``BulkResult``

Only the engine, the nonce manager and the signing functions are imported here; the bulk submitter is
imported from :mod:`drex.chain.tx.bulk` (it pulls in threads, SQLite and HTTP).
"""

from drex.chain.tx.engine import PendingTx, Prepared, TxEngine, TxResult
from drex.chain.tx.nonces import NonceManager
from drex.chain.tx.receipts import TransactionFailed, replay_failure
from drex.chain.tx.signing import Fees, RawSigner, TxType
from drex.chain.tx.transport import BulkError, NodeUnavailable

__all__ = [
    "BulkError",
    "Fees",
    "NodeUnavailable",
    "NonceManager",
    "PendingTx",
    "Prepared",
    "RawSigner",
    "TransactionFailed",
    "TxEngine",
    "TxResult",
    "TxType",
    "replay_failure",
]
