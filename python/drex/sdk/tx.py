"""Sending transactions for one signer: gas estimation, nonces, receipts and decoded reverts.

A :class:`Transactor` pairs a :class:`~drex.chain.Chain` with a signer (a dev account, a decrypted
keystore or an :class:`~drex.chain.signers.ExternalSigner`: anything with ``.address`` and
``.sign_transaction``). Transactions are signed locally and sent raw. Nonces come from the chain's
per-signer cache, read from the node once and then counted locally, so many transactions can be sent
back to back with :meth:`Transactor.submit` and awaited later (or with :meth:`Transactor.send_all`).
Gas is estimated against the latest state unless given; a transaction that depends on an earlier one
still in flight (on a node that does not mine on arrival) needs an explicit ``gas``. A revert, whether
found while estimating or after mining, raises :class:`~drex.chain.reverts.ContractRevert` carrying the
contract's error name and decoded arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from hexbytes import HexBytes
from web3.contract.contract import ContractFunction
from web3.exceptions import TimeExhausted
from web3.types import TxReceipt

from drex.chain.core import Chain, TransactionFailed, revert_data
from drex.chain.reverts import decode_revert
from drex.chain.signers import Signer
from drex.errors import DrexError


@dataclass(frozen=True)
class TxResult:
    """A mined, successful transaction."""

    tx_hash: str
    """The transaction hash, ``0x``-prefixed hex."""
    block_number: int
    gas_used: int
    receipt: TxReceipt
    """The full web3.py receipt (logs included)."""


class PendingTx:
    """A transaction sent but not yet awaited; :meth:`wait` returns its :class:`TxResult`."""

    def __init__(self, chain: Chain, tx: dict[str, Any], tx_hash: str, sender: str):
        self._chain = chain
        self._tx = tx
        self.tx_hash = tx_hash
        self.nonce = int(tx["nonce"])
        self.sender = sender

    def wait(self, timeout: float | None = None) -> TxResult:
        """Wait for the receipt; raise :class:`~drex.chain.reverts.ContractRevert` if it reverted.

        ``timeout`` defaults to the chain's ``receipt_timeout``; when it runs out a
        :class:`~drex.errors.DrexError` says so (the transaction may still be mined later).
        """
        limit = self._chain.receipt_timeout if timeout is None else timeout
        try:
            receipt = self._chain.w3.eth.wait_for_transaction_receipt(cast(Any, self.tx_hash), timeout=limit)
        except TimeExhausted:
            raise DrexError(f"no receipt for {self.tx_hash} after {limit:.0f}s") from None
        if receipt["status"] != 1:
            raise _failure(self._chain, self._tx, receipt)
        return TxResult(self.tx_hash, int(receipt["blockNumber"]), int(receipt["gasUsed"]), receipt)


def _failure(chain: Chain, tx: dict[str, Any], receipt: TxReceipt) -> DrexError:
    """Why a mined transaction failed: replay it as a call on the state before its block."""
    call = {k: tx[k] for k in ("from", "to", "data", "value", "gas") if k in tx}
    try:
        chain.w3.eth.call(cast(Any, call), receipt["blockNumber"] - 1)
    except Exception as exc:
        data = revert_data(exc)
        if data is not None:
            return decode_revert(data)
        return TransactionFailed(
            f"transaction {HexBytes(receipt['transactionHash']).to_0x_hex()} failed: {exc}"
        )
    return TransactionFailed(
        f"transaction {HexBytes(receipt['transactionHash']).to_0x_hex()} failed (status 0, "
        f"out of gas or a revert that depends on its position in the block)"
    )


class Transactor:
    """Signs and sends transactions for one signer on one chain.

    >>> tx = Transactor(chain, chain.account("BANK_A"))
    >>> result = tx.send(token.functions.transfer(to, 1000))   # waits; ContractRevert on revert
    >>> pending = [tx.submit(fn) for fn in calls]              # consecutive nonces, no waiting
    >>> results = [p.wait() for p in pending]
    """

    def __init__(self, chain: Chain, signer: Signer):
        self.chain = chain
        self.signer = signer

    @property
    def address(self) -> str:
        """The signer's address (checksummed)."""
        return str(self.signer.address)

    def estimate_gas(self, fn: ContractFunction) -> int:
        """The node's gas estimate for ``fn`` sent by this signer; a revert raises ContractRevert."""
        try:
            return int(fn.estimate_gas({"from": cast(Any, self.address)}))
        except Exception as exc:
            data = revert_data(exc)
            if data is None:
                raise
            raise decode_revert(data) from None

    def submit(self, fn: ContractFunction, *, gas: int | None = None) -> PendingTx:
        """Build (estimating gas unless ``gas`` is given), sign and send ``fn``; do not wait.

        The nonce is the next one of this signer's cache. If the node refuses the transaction, the cache
        is dropped (the next transaction re-reads the nonce from the node) and the reason is raised,
        decoded into ContractRevert when it is a revert.
        """
        tx = self.chain.build(fn, cast(Any, self.signer), gas)
        raw = HexBytes(self.signer.sign_transaction(tx).raw_transaction)
        try:
            tx_hash = self.chain.w3.eth.send_raw_transaction(raw)
        except Exception as exc:
            self.chain.forget_nonce(self.address)
            data = revert_data(exc)
            if data is None:
                raise
            raise decode_revert(data) from None
        return PendingTx(self.chain, tx, HexBytes(tx_hash).to_0x_hex(), self.address)

    def send(self, fn: ContractFunction, *, gas: int | None = None) -> TxResult:
        """Send ``fn`` and wait for its receipt: :meth:`submit` then :meth:`PendingTx.wait`."""
        return self.submit(fn, gas=gas).wait()

    def send_all(
        self, fns: Iterable[ContractFunction], *, gas: int | Sequence[int] | None = None
    ) -> list[TxResult]:
        """Submit every call with consecutive nonces, then wait for all receipts, in order.

        ``gas`` may be one limit for all calls or one per call; without it each call is estimated when it
        is submitted. The first failure is raised after all receipts were awaited (later transactions
        are not undone: they were already sent).
        """
        calls = list(fns)
        limits: list[int | None]
        if gas is None or isinstance(gas, int):
            limits = [gas] * len(calls)
        else:
            limits = list(gas)
            if len(limits) != len(calls):
                raise DrexError(f"send_all got {len(calls)} calls but {len(limits)} gas limits")
        pending = [self.submit(fn, gas=limit) for fn, limit in zip(calls, limits, strict=True)]
        results: list[TxResult] = []
        first_error: DrexError | None = None
        for p in pending:
            try:
                results.append(p.wait())
            except DrexError as exc:
                first_error = first_error or exc
        if first_error is not None:
            raise first_error
        return results
