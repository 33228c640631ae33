"""Signing transactions: legacy EIP-155 and EIP-1559 (type 2), one way for every signer.

:class:`Fees` says which type a transaction is and what it pays. :func:`sign` turns a transaction dict
into its raw bytes and hash: a signer holding a raw private key (an eth-account ``LocalAccount``, a
decrypted keystore) is signed with libsecp256k1 through coincurve directly, about eight times faster
than eth-account and byte for byte what eth-account produces (RFC 6979 signatures are deterministic,
with a low ``s``); any other signer (:class:`~drex.chain.signers.ExternalSigner`, an Ape account
adapter) is asked through its ``sign_transaction``. The bulk submitter signs with :class:`RawSigner`
directly, in this process or in worker processes (:func:`init_worker`, :func:`sign_items`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import coincurve
import rlp
from eth_utils.address import to_checksum_address
from hexbytes import HexBytes

from drex.chain.tx.encoding import EMPTY_LIST, int_bytes, keccak, rlp_items, rlp_list
from drex.errors import DrexError

TxType = Literal["legacy", "eip1559"]
TX_TYPES: tuple[TxType, ...] = ("legacy", "eip1559")


class SignerLike(Protocol):
    """Anything that signs: an address and ``sign_transaction(dict)`` returning ``.raw_transaction``."""

    @property
    def address(self) -> str: ...

    def sign_transaction(self, tx: dict[str, Any]) -> Any: ...


@dataclass(frozen=True)
class Fees:
    """The fee fields of a transaction, which also decide its type.

    ``legacy``: ``gas_price``. ``eip1559``: ``max_fee`` and ``max_priority_fee`` (per gas).
    """

    tx_type: TxType
    gas_price: int = 0
    max_fee: int = 0
    max_priority_fee: int = 0

    @classmethod
    def fixed(cls, tx_type: TxType, price: int) -> Fees:
        """One price per gas: a legacy gas price, or an EIP-1559 fee cap equal to its tip (what a legacy
        transaction pays on a chain with a base fee)."""
        if tx_type == "legacy":
            return cls("legacy", gas_price=price)
        return cls("eip1559", max_fee=price, max_priority_fee=price)

    def fields(self) -> dict[str, int]:
        """The fee fields of a web3.py / eth-account transaction dict."""
        if self.tx_type == "legacy":
            return {"gasPrice": self.gas_price}
        return {"maxFeePerGas": self.max_fee, "maxPriorityFeePerGas": self.max_priority_fee, "type": 2}


def fees_of(tx: Mapping[str, Any]) -> Fees:
    """The :class:`Fees` of a transaction dict."""
    if "maxFeePerGas" in tx:
        return Fees(
            "eip1559", max_fee=int(tx["maxFeePerGas"]), max_priority_fee=int(tx["maxPriorityFeePerGas"])
        )
    return Fees("legacy", gas_price=int(tx["gasPrice"]))


class RawSigner:
    """Signs legacy EIP-155 and EIP-1559 transactions from a private key with coincurve.

    The output is byte for byte what ``eth_account.Account.sign_transaction`` produces for the same
    transaction (no access list).
    """

    def __init__(self, private_key: bytes, chain_id: int):
        self._key = coincurve.PrivateKey(bytes(private_key))
        self.address = to_checksum_address(keccak(self._key.public_key.format(compressed=False)[1:])[-20:])
        self.chain_id = chain_id
        self._cid = int_bytes(chain_id)

    def sign(
        self, nonce: int, gas_price: int, gas: int, to: bytes, value: int, data: bytes
    ) -> tuple[bytes, bytes]:
        """A legacy EIP-155 transaction: the raw signed bytes and the hash. ``to`` is b"" to create."""
        fields = [int_bytes(nonce), int_bytes(gas_price), int_bytes(gas), to, int_bytes(value), data]
        digest = keccak(rlp_list([*fields, self._cid, b"", b""]))
        sig = self._key.sign_recoverable(digest, hasher=None)
        v = sig[64] + 35 + 2 * self.chain_id
        raw = rlp_list([*fields, int_bytes(v), sig[:32].lstrip(b"\0"), sig[32:64].lstrip(b"\0")])
        return raw, keccak(raw)

    def sign_1559(
        self, nonce: int, max_priority_fee: int, max_fee: int, gas: int, to: bytes, value: int, data: bytes
    ) -> tuple[bytes, bytes]:
        """An EIP-1559 (type 2) transaction with an empty access list: raw signed bytes and hash."""
        fields = [
            self._cid,
            int_bytes(nonce),
            int_bytes(max_priority_fee),
            int_bytes(max_fee),
            int_bytes(gas),
            to,
            int_bytes(value),
            data,
        ]
        digest = keccak(b"\x02" + rlp_list(fields, EMPTY_LIST))
        sig = self._key.sign_recoverable(digest, hasher=None)
        signature = rlp_items([int_bytes(sig[64]), sig[:32].lstrip(b"\0"), sig[32:64].lstrip(b"\0")])
        raw = b"\x02" + rlp_list(fields, EMPTY_LIST + signature)
        return raw, keccak(raw)

    def sign_with(
        self, fees: Fees, nonce: int, gas: int, to: bytes, value: int, data: bytes
    ) -> tuple[bytes, bytes]:
        """A transaction of ``fees``' type: raw signed bytes and hash."""
        if fees.tx_type == "legacy":
            return self.sign(nonce, fees.gas_price, gas, to, value, data)
        return self.sign_1559(nonce, fees.max_priority_fee, fees.max_fee, gas, to, value, data)


def private_key(signer: Any) -> bytes | None:
    """The 32-byte private key a signer holds (eth-account ``LocalAccount``), or None (external)."""
    key = getattr(signer, "key", None)
    if isinstance(key, (bytes, bytearray)) and len(key) == 32:
        return bytes(key)
    return None


def _to_bytes(to: Any) -> bytes:
    if to in (None, "", b"", "0x"):
        return b""
    return bytes(HexBytes(to))


def _data_bytes(data: Any) -> bytes:
    return bytes(HexBytes(data)) if data not in (None, "") else b""


def sign(tx: Mapping[str, Any], signer: Any, *, fast: RawSigner | None = None) -> tuple[bytes, bytes]:
    """Sign the transaction dict ``tx`` (``nonce``, ``gas``, ``to``, ``value``, ``data``, ``chainId``
    and the fee fields of :class:`Fees`) with ``signer``: the raw bytes and the hash.

    A signer with a raw key is signed with coincurve (``fast`` may carry its :class:`RawSigner`); any
    other through its ``sign_transaction``.
    """
    key = private_key(signer) if fast is None else None
    if fast is None and key is not None:
        fast = RawSigner(key, int(tx["chainId"]))
    if fast is not None and not tx.get("accessList"):
        if int(tx["chainId"]) != fast.chain_id:
            raise DrexError(f"transaction for chain id {tx['chainId']}, signer for {fast.chain_id}")
        return fast.sign_with(
            fees_of(tx),
            int(tx["nonce"]),
            int(tx["gas"]),
            _to_bytes(tx.get("to")),
            int(tx.get("value", 0)),
            _data_bytes(tx.get("data")),
        )
    raw = bytes(HexBytes(signer.sign_transaction(dict(tx)).raw_transaction))
    return raw, keccak(raw)


def nonce_of(raw: bytes | str) -> int:
    """The nonce of a signed raw transaction, legacy or typed (EIP-2718)."""
    b = bytes(HexBytes(raw))
    if b and b[0] <= 0x7F:
        fields = rlp.decode(b[1:])
        return int.from_bytes(fields[1], "big")  # [chainId, nonce, ...] for types 1 and 2
    return int.from_bytes(rlp.decode(b)[0], "big")


# Worker processes of parallel signing: keys arrive once, through the pool initializer.
_WORKER_SIGNERS: dict[str, RawSigner] = {}
_WORKER_FEES: list[Fees] = []

#: What a worker signs: sender, nonce, gas, to, value, data.
Item = tuple[str, int, int, bytes, int, bytes]


def init_worker(keys: dict[str, bytes], chain_id: int, fees: Fees) -> None:
    """Pool initializer: the signers' keys and the run's fees, once per worker process."""
    _WORKER_SIGNERS.clear()
    for address, key in keys.items():
        _WORKER_SIGNERS[address] = RawSigner(key, chain_id)
    _WORKER_FEES[:] = [fees]


def sign_items(items: list[Item]) -> list[tuple[bytes, bytes]]:
    """In a worker process: sign each item with its sender's key and the run's fees."""
    fees = _WORKER_FEES[0]
    return [_WORKER_SIGNERS[s].sign_with(fees, n, g, to, v, d) for s, n, g, to, v, d in items]
