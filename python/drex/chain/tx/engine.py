"""The transaction engine: build, sign, send and await transactions, one way for every caller.

A :class:`TxEngine` belongs to a :class:`~drex.chain.Chain` (``chain.engine``) and holds its one
:class:`~drex.chain.tx.nonces.NonceManager`. Deployment, the SDK (:class:`~drex.sdk.Transactor`), the
CLI, the scenario and the bulk submitter all send through it:

* :meth:`TxEngine.build` estimates gas (a revert raises :class:`~drex.chain.reverts.ContractRevert`),
  adds headroom, the fees of the chain's transaction type and the signer's next nonce;
* :meth:`TxEngine.sign` signs with :func:`~drex.chain.tx.signing.sign` (coincurve for raw keys, the
  signer's ``sign_transaction`` otherwise); :meth:`TxEngine.prepare` does both, so a caller can record
  the raw bytes before sending (the deployment manifest does);
* :meth:`TxEngine.send` posts raw bytes (a refusal drops the signer's cached nonce) and returns a
  :class:`PendingTx`, whose :meth:`PendingTx.wait` gives a :class:`TxResult` or raises the decoded
  failure (:func:`~drex.chain.tx.receipts.replay_failure`).

Transaction type: ``tx_type="legacy"`` (EIP-155, ``gasPrice``) or ``"eip1559"`` (type 2,
``maxFeePerGas``/``maxPriorityFeePerGas``). Unless chosen, it follows the chain: EIP-1559 when the latest
block has a ``baseFeePerGas`` (London and later: the embedded chain, anvil, Besu with a zero base fee),
legacy when it has none (a pre-London or free-gas network). An EIP-1559 transaction offers
``2 * baseFee + tip``, the tip being what the node's ``eth_gasPrice`` asks above the base fee: 0 on a
free-gas network (zero base fee and gas price, like the pilot's Besu and ``drex node start``), so an
account without ether can still send, as with a legacy transaction at gas price 0.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from hexbytes import HexBytes
from web3 import Web3
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.types import TxReceipt

from drex.chain.tx.nonces import NonceManager
from drex.chain.tx.receipts import replay_failure, reraise_decoded, wait_for_receipt
from drex.chain.tx.signing import TX_TYPES, Fees, RawSigner, SignerLike, TxType, private_key, sign
from drex.errors import DrexError

Callable_ = ContractFunction | ContractConstructor


@dataclass(frozen=True)
class TxResult:
    """A mined, successful transaction."""

    tx_hash: str
    """The transaction hash, ``0x``-prefixed hex."""
    block_number: int
    gas_used: int
    receipt: TxReceipt
    """The full web3.py receipt (logs included)."""


@dataclass(frozen=True)
class Prepared:
    """A built and signed transaction, not sent yet: its fields, raw bytes and hash."""

    tx: dict[str, Any]
    raw: bytes
    tx_hash: str
    sender: str


class PendingTx:
    """A transaction sent but not yet awaited; :meth:`wait` returns its :class:`TxResult`."""

    def __init__(self, engine: TxEngine, tx: dict[str, Any], tx_hash: str, sender: str):
        self._engine = engine
        self._tx = tx
        self.tx_hash = tx_hash
        self.nonce = int(tx["nonce"])
        self.sender = sender

    def wait(self, timeout: float | None = None) -> TxResult:
        """Wait for the receipt; raise :class:`~drex.chain.reverts.ContractRevert` if it reverted.

        ``timeout`` defaults to the engine's ``receipt_timeout``; when it runs out a
        :class:`~drex.errors.DrexError` says so (the transaction may still be mined later).
        """
        limit = self._engine.receipt_timeout if timeout is None else timeout
        receipt = wait_for_receipt(self._engine.w3, self.tx_hash, limit)
        if receipt["status"] != 1:
            raise replay_failure(self._engine.w3, self._tx, int(receipt["blockNumber"]), self.tx_hash)
        return TxResult(self.tx_hash, int(receipt["blockNumber"]), int(receipt["gasUsed"]), receipt)


class TxEngine:
    """Builds, signs, sends and awaits transactions on one chain, with its one nonce manager."""

    def __init__(
        self, w3: Web3, chain_id: int, *, tx_type: TxType | None = None, receipt_timeout: float = 120.0
    ):
        self.w3 = w3
        self.chain_id = int(chain_id)
        self.receipt_timeout = receipt_timeout
        self.nonces = NonceManager(
            lambda address, tag: int(w3.eth.get_transaction_count(cast(Any, address), cast(Any, tag)))
        )
        self._tx_type: TxType | None = None
        if tx_type is not None:
            self.tx_type = tx_type
        self._fast: dict[str, RawSigner] = {}
        self._lock = threading.Lock()

    # -------------------------------------------------------------------- fees
    @property
    def tx_type(self) -> TxType:
        """``"legacy"`` or ``"eip1559"``: as set, else EIP-1559 when the chain has a base fee."""
        if self._tx_type is None:
            block = self.w3.eth.get_block("latest")
            self._tx_type = "eip1559" if block.get("baseFeePerGas") is not None else "legacy"
        return self._tx_type

    @tx_type.setter
    def tx_type(self, value: TxType) -> None:
        if value not in TX_TYPES:
            raise DrexError(f"unknown transaction type {value!r}: use {' or '.join(TX_TYPES)}")
        self._tx_type = value

    def gas_price(self) -> int:
        """The node's gas price (``eth_gasPrice``)."""
        return int(self.w3.eth.gas_price)

    def fees(self, price: int | None = None, *, tx_type: TxType | None = None) -> Fees:
        """The fees of a transaction sent now (of the engine's type unless ``tx_type``); ``price`` fixes
        one price per gas (see :meth:`Fees.fixed`)."""
        tx_type = tx_type or self.tx_type
        if price is not None:
            return Fees.fixed(tx_type, price)
        if tx_type == "legacy":
            return Fees("legacy", gas_price=self.gas_price())
        base = int(self.w3.eth.get_block("latest").get("baseFeePerGas") or 0)
        tip = max(self.gas_price() - base, 0)  # eth_gasPrice is base fee + suggested tip; 0 on free gas
        return Fees("eip1559", max_fee=2 * base + tip, max_priority_fee=tip)

    # ------------------------------------------------------------------- build
    def estimate_gas(self, fn: Callable_, sender: str, fees: Fees | None = None) -> int:
        """The node's gas estimate for ``fn`` sent by ``sender``; a revert raises ContractRevert."""
        params: dict[str, Any] = {"from": sender}
        if fees is not None:
            params.update(_web3_fees(fees))
        try:
            return int(fn.estimate_gas(cast(Any, params)))
        except Exception as exc:
            reraise_decoded(exc)
            raise

    def build(
        self, fn: Callable_, sender: str, gas: int | None = None, *, fees: Fees | None = None
    ) -> dict[str, Any]:
        """The transaction dict of ``fn`` from ``sender``: gas estimated (plus headroom, since estimation is
        exact only for the current state) unless given, the chain's fees, and the sender's next nonce."""
        fees = fees or self.fees()
        if gas is None:
            gas = self.estimate_gas(fn, sender, fees)
            gas = gas + gas // 5 + 10_000
        params: dict[str, Any] = {"from": sender, "chainId": self.chain_id, "gas": gas, "nonce": 0}
        params.update(_web3_fees(fees))
        try:
            tx = dict(fn.build_transaction(cast(Any, params)))
        except Exception as exc:
            reraise_decoded(exc)
            raise
        tx.update(fees.fields())
        tx["nonce"] = self.nonces.next(sender)
        return tx

    # -------------------------------------------------------------------- sign
    def sign(self, tx: dict[str, Any], signer: SignerLike) -> tuple[bytes, str]:
        """Sign ``tx`` with ``signer``: raw bytes and ``0x`` hash."""
        raw, h = sign(tx, signer, fast=self.raw_signer(signer))
        return raw, "0x" + h.hex()

    def raw_signer(self, signer: Any) -> RawSigner | None:
        """The coincurve signer of a signer holding a raw key (cached per address), or None."""
        key = private_key(signer)
        if key is None:
            return None
        address = str(signer.address)
        with self._lock:
            found = self._fast.get(address)
            if found is None:
                found = self._fast[address] = RawSigner(key, self.chain_id)
            return found

    def prepare(self, fn: Callable_, signer: SignerLike, gas: int | None = None) -> Prepared:
        """Build and sign ``fn`` (the nonce is reserved; a signing failure gives it back)."""
        tx = self.build(fn, signer.address, gas)
        try:
            raw, tx_hash = self.sign(tx, signer)
        except BaseException:
            self.nonces.forget(signer.address)
            raise
        return Prepared(tx, raw, tx_hash, str(signer.address))

    # -------------------------------------------------------------------- send
    def send(self, prepared: Prepared) -> PendingTx:
        """Post a prepared transaction (see :meth:`send_raw`); await it with :meth:`PendingTx.wait`."""
        tx_hash = self.send_raw(prepared.raw, prepared.sender)
        return PendingTx(self, prepared.tx, tx_hash, prepared.sender)

    def send_raw(self, raw: bytes, sender: str) -> str:
        """Post signed bytes of ``sender``; returns the hash. A refusal drops the sender's cached nonce
        (the next transaction reads it from the node) and is raised, decoded into ContractRevert when it
        is a revert."""
        try:
            return HexBytes(self.w3.eth.send_raw_transaction(raw)).to_0x_hex()
        except Exception as exc:
            self.nonces.forget(sender)
            reraise_decoded(exc)
            raise

    def submit(self, fn: Callable_, signer: SignerLike, *, gas: int | None = None) -> PendingTx:
        """Build, sign and send ``fn``; do not wait."""
        return self.send(self.prepare(fn, signer, gas))

    def transact(self, fn: Callable_, signer: SignerLike, *, gas: int | None = None) -> TxResult:
        """Build, sign, send ``fn`` and wait for it; a failure raises (ContractRevert for a revert)."""
        return self.submit(fn, signer, gas=gas).wait()

    def send_all(
        self, fns: Iterable[ContractFunction], signer: SignerLike, *, gas: int | Sequence[int] | None = None
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
        pending = [self.submit(fn, signer, gas=limit) for fn, limit in zip(calls, limits, strict=True)]
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

    # -------------------------------------------------------------------- read
    def call(self, fn: ContractFunction, *, sender: str | None = None) -> Any:
        """A read-only call, with a revert decoded into :class:`ContractRevert`."""
        try:
            return fn.call(cast(Any, {"from": sender}) if sender else None)
        except Exception as exc:
            reraise_decoded(exc)
            raise


def _web3_fees(fees: Fees) -> dict[str, int]:
    """Fee fields as web3.py's ``estimate_gas``/``build_transaction`` take them (no ``type``)."""
    return {k: v for k, v in fees.fields().items() if k != "type"}
