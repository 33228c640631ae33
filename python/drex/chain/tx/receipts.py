"""Receipts and failures: waiting for a receipt, and the one routine that says why a transaction failed.

A mined transaction with status 0 carries no reason. :func:`replay_failure` replays it as a call on
the state before its block, with its sender, recipient, data, value *and gas*, so an out-of-gas failure
replays as one and a revert is decoded into :class:`~drex.chain.reverts.ContractRevert`. Both the
single-transaction path and the bulk submitter use it.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any, cast

from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import ContractLogicError, TimeExhausted
from web3.types import TxReceipt

from drex.chain.reverts import decode_revert
from drex.errors import DrexError

#: The fields of a transaction that a replay passes to ``eth_call``.
REPLAY_FIELDS = ("from", "to", "data", "value", "gas")


class TransactionFailed(DrexError):
    """A transaction was mined with status 0 and no revert reason could be recovered."""


def revert_data(exc: BaseException) -> bytes | str | None:
    """The raw revert data carried by a web3.py or eth-tester exception, or None if it is no revert.

    web3.py puts it in ``ContractLogicError.data`` (JSON-RPC nodes); eth-tester raises its own
    ``TransactionFailed`` whose cause carries the bytes.
    """
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, ContractLogicError):
            return e.data if isinstance(e.data, (str, bytes)) else b""
        if type(e).__name__ == "TransactionFailed" and e.args:
            arg = e.args[0]
            if isinstance(arg, bytes):
                return arg
            if isinstance(arg, str) and "revert" in arg:
                return _bytes_from_text(arg)
        e = e.__cause__ or e.__context__
    return None


def _bytes_from_text(text: str) -> bytes | str:
    """eth-tester's message 'execution reverted: b"..."' carries the bytes as a Python literal."""
    _, _, tail = text.partition(": ")
    if tail.startswith(("b'", 'b"')):
        try:
            value = ast.literal_eval(tail)
            if isinstance(value, bytes):
                return value
        except (ValueError, SyntaxError):
            pass
    if tail.startswith("0x"):
        return tail
    return b""


def reraise_decoded(exc: BaseException) -> None:
    """Raise ``exc`` as a decoded :class:`ContractRevert` when it is a revert; otherwise return."""
    data = revert_data(exc)
    if data is not None:
        raise decode_revert(data) from None


def wait_for_receipt(w3: Web3, tx_hash: str, timeout: float) -> TxReceipt:
    """The receipt of ``tx_hash``; a :class:`DrexError` when none comes within ``timeout`` seconds."""
    try:
        return w3.eth.wait_for_transaction_receipt(cast(Any, tx_hash), timeout=timeout)
    except TimeExhausted:
        raise DrexError(f"no receipt for {tx_hash} after {timeout:.0f}s") from None


def replay_failure(w3: Web3, tx: Mapping[str, Any], block_number: int, tx_hash: str) -> DrexError:
    """Why the transaction ``tx`` (mined in ``block_number`` with status 0) failed.

    It is replayed as a call with its ``from``, ``to``, ``data``, ``value`` and ``gas`` on the state
    before its block: a revert becomes :class:`~drex.chain.reverts.ContractRevert`, anything else
    (out of gas) :class:`TransactionFailed` with the node's message.
    """
    call = {k: tx[k] for k in REPLAY_FIELDS if tx.get(k) is not None}
    try:
        w3.eth.call(cast(Any, call), block_number - 1)
    except Exception as exc:
        data = revert_data(exc)
        if data is not None:
            return decode_revert(data)
        return TransactionFailed(f"transaction {tx_hash} failed: {exc}")
    return TransactionFailed(
        f"transaction {tx_hash} failed (status 0, out of gas or a revert that depends on its position "
        f"in the block)"
    )


def hash_of(receipt: Mapping[str, Any]) -> str:
    """A receipt's transaction hash as ``0x`` hex."""
    return HexBytes(receipt["transactionHash"]).to_0x_hex()
