"""Byte-level helpers of ``drex audit verify``: solc's metadata sections, immutables and differences.

solc appends to every contract's runtime code a CBOR map ``{"ipfs": <multihash of the metadata JSON>,
"solc": <version>}`` followed by its length in two bytes; the creation code carries the same section inside
the runtime it returns (and a contract that creates others carries theirs too). Two builds whose code is the
same except for these sections differ only in what leaves no trace in the code (comments, file paths): a
*partial* match. The section is found by its fixed prefix (``a2 64 'ipfs' 58 22``, what this project's
settings produce) rather than with a CBOR library: none is installed and only the extent of the section and
its 34-byte IPFS multihash are needed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from eth_utils.address import to_checksum_address

#: The start of solc's CBOR metadata map with an IPFS hash: map(2), text(4) "ipfs", bytes(34).
CBOR_PREFIX = b"\xa2\x64ipfs\x58\x22"
_MAX_CBOR = 128


def to_bytes(code: str | bytes) -> bytes:
    """Hex (with or without ``0x``) or bytes, as bytes."""
    if isinstance(code, bytes | bytearray):
        return bytes(code)
    return bytes.fromhex(code.removeprefix("0x"))


def metadata_sections(code: bytes) -> list[tuple[int, int]]:
    """``(start, end)`` of every CBOR metadata section in ``code``, its two length bytes included."""
    found: list[tuple[int, int]] = []
    start = code.find(CBOR_PREFIX)
    while start >= 0:
        for end in range(start + len(CBOR_PREFIX) + 34, min(len(code) - 1, start + _MAX_CBOR)):
            if int.from_bytes(code[end : end + 2], "big") == end - start:
                found.append((start, end + 2))
                break
        start = code.find(CBOR_PREFIX, start + 1)
    return found


def metadata_ipfs_hashes(code: bytes) -> list[bytes]:
    """The 34-byte IPFS multihashes (``0x1220`` + sha256) the code's metadata sections commit to."""
    skip = len(CBOR_PREFIX)
    return [code[start + skip : start + skip + 34] for start, _ in metadata_sections(code)]


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def ipfs_multihash(content: bytes) -> bytes:
    """The IPFS (CIDv0, dag-pb/UnixFS) multihash of a file of at most 256 KiB, as solc computes it for the
    metadata (``libsolutil/IPFSHash.cpp``): sha256 over ``PBNode{Data: UnixFS{File, content, size}}``."""
    if len(content) > 256 * 1024:
        raise ValueError("files over 256 KiB are chunked by IPFS; metadata files are far smaller")
    size = _varint(len(content))
    unixfs = b"\x08\x02\x12" + size + content + b"\x18" + size
    node = b"\x0a" + _varint(len(unixfs)) + unixfs
    return b"\x12\x20" + hashlib.sha256(node).digest()


def mask(code: bytes, ranges: Iterable[tuple[int, int]]) -> bytes:
    """``code`` with the bytes of ``ranges`` zeroed."""
    out = bytearray(code)
    for start, end in ranges:
        out[start:end] = bytes(max(0, min(end, len(out)) - start))
    return bytes(out)


def differing_offsets(a: bytes, b: bytes) -> list[int]:
    """The offsets where two codes of the same length differ."""
    return [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


@dataclass(frozen=True)
class Immutable:
    """An immutable of a contract: its qualified name, Solidity type and where its value sits in the code."""

    name: str
    type: str
    ranges: tuple[tuple[int, int], ...]

    def value(self, code: bytes) -> Any:
        """The value the runtime ``code`` holds for this immutable (first reference), decoded by type."""
        start, end = self.ranges[0]
        word = code[start:end]
        if self.type == "address" or self.type.startswith(("contract ", "address ")):
            return to_checksum_address(word[-20:])
        if self.type.startswith("uint") or self.type.startswith("enum "):
            return int.from_bytes(word, "big")
        if self.type.startswith("int"):
            return int.from_bytes(word, "big", signed=True)
        if self.type == "bool":
            return bool(int.from_bytes(word, "big"))
        return "0x" + word.hex()


def immutables(artifact: Mapping[str, Any]) -> list[Immutable]:
    """The immutables of an artifact built with ``immutableReferences`` (empty for older artifacts)."""
    names: Mapping[str, Mapping[str, str]] = artifact.get("immutables", {})
    out = []
    for ast_id, refs in artifact.get("immutableReferences", {}).items():
        info = names.get(ast_id, {})
        name = f"{info['contract']}.{info['name']}" if info else f"immutable #{ast_id}"
        ranges = tuple((int(r["start"]), int(r["start"]) + int(r["length"])) for r in refs)
        if ranges:
            out.append(Immutable(name, info.get("type", ""), ranges))
    return out


def same_but(expected: bytes, actual: bytes, ranges: Iterable[tuple[int, int]]) -> bool:
    """Whether two codes are equal once the bytes of ``ranges`` are ignored."""
    spans = list(ranges)
    return len(expected) == len(actual) and mask(expected, spans) == mask(actual, spans)
