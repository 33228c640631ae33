"""Byte-level encodings of the transaction engine: keccak, RLP of flat lists and fast ABI call data.

These are the hot path of bulk submission, so they avoid the generic encoders' per-item dispatch: an
RLP encoder for flat lists of byte strings (all a transaction needs) and :class:`CallEncoder`, which
computes a function's selector and its static argument encoders once. Both are checked byte for byte
against pyrlp and eth-abi by the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from eth_abi.abi import encode as abi_encode

from drex.errors import DrexError

try:  # pysha3 (in the lock) hashes short inputs about 4x faster than eth-hash's pycryptodome backend
    from sha3 import keccak_256 as _keccak_256

    def keccak(data: bytes) -> bytes:
        """keccak256 of ``data``."""
        return bytes(_keccak_256(data).digest())

except ImportError:  # pragma: no cover - the lock pins safe-pysha3
    from eth_hash.auto import keccak as _eth_keccak

    def keccak(data: bytes) -> bytes:
        """keccak256 of ``data``."""
        return bytes(_eth_keccak(data))


def int_bytes(value: int) -> bytes:
    """The minimal big-endian bytes of a non-negative integer (RLP's scalar form; 0 is empty)."""
    return value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""


def _rlp_item(b: bytes) -> bytes:
    n = len(b)
    if n == 1 and b[0] < 0x80:
        return b
    if n < 56:
        return bytes((0x80 + n,)) + b
    size = int_bytes(n)
    return bytes((0xB7 + len(size),)) + size + b


def rlp_items(items: Sequence[bytes]) -> bytes:
    """The RLP encodings of ``items``, concatenated (a list's payload, without its header)."""
    return b"".join([_rlp_item(i) for i in items])


#: The RLP of an empty list (an empty EIP-2930 access list).
EMPTY_LIST = b"\xc0"


def rlp_list(items: Sequence[bytes], encoded_tail: bytes = b"") -> bytes:
    """RLP of a flat list of byte strings, followed by ``encoded_tail`` (items already RLP-encoded,
    such as :data:`EMPTY_LIST`). pyrlp's generic encoder, which infers a serializer per item, costs
    several times more."""
    payload = rlp_items(items) + encoded_tail
    n = len(payload)
    if n < 56:
        return bytes((0xC0 + n,)) + payload
    size = int_bytes(n)
    return bytes((0xF7 + len(size),)) + size + payload


class CallEncoder:
    """Encodes calls of one contract function fast (selector and argument types computed once).

    >>> from drex.build import load_artifact
    >>> transfer = CallEncoder.from_abi(load_artifact("BaselineERC20")["abi"], "transfer")
    >>> transfer.signature
    'transfer(address,uint256)'
    >>> transfer("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", 1000).hex()[:8]   # the selector
    'a9059cbb'
    """

    def __init__(self, signature: str):
        name, _, rest = signature.partition("(")
        self.signature = signature
        self.types = [t for t in rest.rstrip(")").split(",") if t]
        self.selector = keccak(signature.encode())[:4]
        self.name = name
        words = [_static_word(t) for t in self.types] if "(" not in rest.rstrip(")") else [None]
        self._words = None if any(w is None for w in words) else cast(list[Callable[[Any], bytes]], words)

    @classmethod
    def from_abi(cls, abi: Sequence[Mapping[str, Any]], name: str) -> CallEncoder:
        """The encoder of function ``name`` (the first overload) of a compiled ABI."""
        for item in abi:
            if item.get("type") == "function" and item.get("name") == name:
                return cls(f"{name}({','.join(_abi_type(i) for i in item['inputs'])})")
        raise DrexError(f"no function {name} in the ABI")

    def __call__(self, *args: Any) -> bytes:
        if self._words is not None and len(args) == len(self._words):
            return self.selector + b"".join([w(a) for w, a in zip(self._words, args, strict=True)])
        return self.selector + abi_encode(self.types, list(args))


def _address_word(value: Any) -> bytes:
    b = (
        bytes.fromhex(value[2:] if value[:2] in ("0x", "0X") else value)
        if isinstance(value, str)
        else bytes(value)
    )
    if len(b) != 20:
        raise DrexError(f"not an address: {value!r}")
    return bytes(12) + b


def _static_word(t: str) -> Callable[[Any], bytes] | None:
    """A fast encoder of one static ABI type to its 32-byte word, or None (eth-abi encodes the rest)."""
    if t == "address":
        return _address_word
    if t == "bool":
        return lambda v: (1 if v else 0).to_bytes(32, "big") if isinstance(v, bool) else _bad(t, v)
    if t.startswith(("uint", "int")) and t.lstrip("uint").isdigit():
        bits = int(t.lstrip("uint"))
        signed = t.startswith("int")
        lo, hi = (-(1 << (bits - 1)), 1 << (bits - 1)) if signed else (0, 1 << bits)

        def word(v: Any) -> bytes:
            if not isinstance(v, int) or isinstance(v, bool) or not lo <= v < hi:
                return _bad(t, v)
            return v.to_bytes(32, "big", signed=True) if signed else v.to_bytes(32, "big")

        return word
    if t.startswith("bytes") and t[5:].isdigit() and 1 <= int(t[5:]) <= 32:
        size = int(t[5:])
        return lambda v: bytes(v).ljust(32, b"\0") if len(bytes(v)) == size else _bad(t, v)
    return None


def _bad(t: str, value: Any) -> bytes:
    raise DrexError(f"cannot encode {value!r} as {t}")


def _abi_type(item: Mapping[str, Any]) -> str:
    t = str(item["type"])
    if t.startswith("tuple"):
        return "(" + ",".join(_abi_type(c) for c in item["components"]) + ")" + t[len("tuple") :]
    return t
