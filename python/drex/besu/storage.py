"""Contract storage from solc's storage layout: the genesis ``storage`` of pre-allocated contracts.

A contract placed in the genesis ``alloc`` never runs its constructor, so its state must be written slot
by slot. Instead of hand-typed slot numbers, :func:`encode_storage` takes the ``storageLayout`` solc emits
for the contract (artifact key ``storageLayout``) and Python values keyed by state-variable name, and lays
them out with Solidity's rules: value types packed right-aligned from their byte offset, structs and static
arrays inline, mappings at ``keccak256(key . slot)``, dynamic arrays' elements from ``keccak256(slot)``, and
``string``/``bytes`` short (``data | len*2``) or long (``len*2+1``, data from ``keccak256(slot)``).

Values: ``int``/``bool`` for numbers and booleans, hex strings for addresses and contracts, ``bytes`` (or hex)
for ``bytesN``, ``str``/``bytes`` for ``string``/``bytes``, ``dict`` for mappings and structs (by member
name), ``list`` for arrays. Mapping keys use the same forms as values of the key type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from eth_utils import keccak

from drex.errors import DrexError


class StorageLayoutError(DrexError):
    """A value does not fit the storage layout (unknown variable, wrong type, out of range)."""


def _word(n: int) -> bytes:
    return n.to_bytes(32, "big")


class _Encoder:
    def __init__(self, layout: Mapping[str, Any]) -> None:
        self.types: Mapping[str, Any] = layout.get("types") or {}
        self.slots: dict[int, int] = {}

    def _put(self, slot: int, offset: int, size: int, value: int) -> None:
        if value < 0 or value >= 1 << (8 * size):
            raise StorageLayoutError(f"value {value} does not fit in {size} bytes")
        mask = ((1 << (8 * size)) - 1) << (8 * offset)
        self.slots[slot] = (self.slots.get(slot, 0) & ~mask) | (value << (8 * offset))

    def _elementary(self, label: str, size: int, value: Any, what: str) -> int:
        if label.startswith(("address", "contract ")):
            if not isinstance(value, str) or not re.fullmatch(r"0x[0-9a-fA-F]{40}", value):
                raise StorageLayoutError(f"{what}: expected a 0x-prefixed address, got {value!r}")
            return int(value, 16)
        if label == "bool":
            if not isinstance(value, bool):
                raise StorageLayoutError(f"{what}: expected a bool, got {value!r}")
            return int(value)
        if re.fullmatch(r"bytes\d+", label):
            raw = bytes.fromhex(value[2:]) if isinstance(value, str) and value.startswith("0x") else value
            if not isinstance(raw, bytes) or len(raw) > size:
                raise StorageLayoutError(f"{what}: expected at most {size} bytes, got {value!r}")
            return int.from_bytes(raw.ljust(size, b"\0"), "big")
        if re.fullmatch(r"u?int\d+", label) or label.startswith("enum "):
            if isinstance(value, bool) or not isinstance(value, int):
                raise StorageLayoutError(f"{what}: expected an integer, got {value!r}")
            if label.startswith("int"):
                bits = 8 * size
                if not -(1 << (bits - 1)) <= value < 1 << (bits - 1):
                    raise StorageLayoutError(f"{what}: {value} out of range for {label}")
                return value % (1 << bits)
            return value
        raise StorageLayoutError(f"{what}: unsupported value type {label}")

    def _key(self, type_id: str, key: Any, what: str) -> bytes:
        t = self.types[type_id]
        label = t["label"]
        if t["encoding"] == "bytes":
            return key.encode() if isinstance(key, str) else bytes(key)
        size = int(t["numberOfBytes"])
        n = self._elementary(label, size, key, what)
        if re.fullmatch(r"bytes\d+", label):
            return n.to_bytes(size, "big").ljust(32, b"\0")
        return _word(n)

    def write(self, type_id: str, slot: int, offset: int, value: Any, what: str) -> None:
        t = self.types.get(type_id)
        if t is None:
            raise StorageLayoutError(f"{what}: type {type_id} missing from the storage layout")
        encoding = t["encoding"]
        if encoding == "inplace":
            if "members" in t:
                self._struct(t, slot, value, what)
            elif "base" in t:
                if not isinstance(value, list):
                    raise StorageLayoutError(f"{what}: expected a list")
                sized = re.search(r"\[(\d+)\]$", t["label"])
                if sized is None:
                    raise StorageLayoutError(f"{what}: {t['label']!r} is not a static array")
                length = int(sized.group(1))
                if len(value) > length:
                    raise StorageLayoutError(f"{what}: {len(value)} items for a static array of {length}")
                self._elements(t["base"], slot, value, what)
            else:
                self._put(
                    slot,
                    offset,
                    int(t["numberOfBytes"]),
                    self._elementary(t["label"], int(t["numberOfBytes"]), value, what),
                )
        elif encoding == "mapping":
            if not isinstance(value, Mapping):
                raise StorageLayoutError(f"{what}: expected a dict for {t['label']}")
            for key, item in value.items():
                location = int.from_bytes(keccak(self._key(t["key"], key, what) + _word(slot)), "big")
                self.write(t["value"], location, 0, item, f"{what}[{key!r}]")
        elif encoding == "dynamic_array":
            if not isinstance(value, list):
                raise StorageLayoutError(f"{what}: expected a list for {t['label']}")
            self._put(slot, 0, 32, len(value))
            self._elements(t["base"], int.from_bytes(keccak(_word(slot)), "big"), value, what)
        elif encoding == "bytes":
            raw = value.encode() if isinstance(value, str) else value
            if not isinstance(raw, bytes):
                raise StorageLayoutError(f"{what}: expected str or bytes")
            if len(raw) < 32:
                self._put(slot, 0, 32, int.from_bytes(raw.ljust(31, b"\0"), "big") << 8 | len(raw) * 2)
            else:
                self._put(slot, 0, 32, len(raw) * 2 + 1)
                base = int.from_bytes(keccak(_word(slot)), "big")
                for i in range(0, len(raw), 32):
                    self._put(base + i // 32, 0, 32, int.from_bytes(raw[i : i + 32].ljust(32, b"\0"), "big"))
        else:
            raise StorageLayoutError(f"{what}: unsupported storage encoding {encoding}")

    def _struct(self, t: Mapping[str, Any], slot: int, value: Any, what: str) -> None:
        if not isinstance(value, Mapping):
            raise StorageLayoutError(f"{what}: expected a dict for {t['label']}")
        members = {m["label"]: m for m in t["members"]}
        unknown = set(value) - set(members)
        if unknown:
            raise StorageLayoutError(f"{what}: {t['label']} has no member(s) {sorted(unknown)}")
        for name, item in value.items():
            m = members[name]
            self.write(m["type"], slot + int(m["slot"]), int(m["offset"]), item, f"{what}.{name}")

    def _elements(self, base_type: str, start: int, items: list[Any], what: str) -> None:
        size = int(self.types[base_type]["numberOfBytes"])
        if size <= 16:
            per_slot = 32 // size
            for i, item in enumerate(items):
                self.write(base_type, start + i // per_slot, (i % per_slot) * size, item, f"{what}[{i}]")
        else:
            stride = (size + 31) // 32
            for i, item in enumerate(items):
                self.write(base_type, start + i * stride, 0, item, f"{what}[{i}]")


def encode_storage(layout: Mapping[str, Any], values: Mapping[str, Any]) -> dict[int, int]:
    """Slot -> word for ``values`` (variable name -> value) under solc ``layout``; zero words omitted."""
    encoder = _Encoder(layout)
    variables = {v["label"]: v for v in layout.get("storage", [])}
    unknown = set(values) - set(variables)
    if unknown:
        raise StorageLayoutError(f"no state variable(s) {sorted(unknown)} in the storage layout")
    for name, value in values.items():
        v = variables[name]
        encoder.write(v["type"], int(v["slot"]), int(v["offset"]), value, name)
    return {slot: word for slot, word in sorted(encoder.slots.items()) if word}


def genesis_storage(slots: Mapping[int, int]) -> dict[str, str]:
    """Slots in the genesis ``storage`` form: 0x-prefixed 32-byte hex keys and values."""
    return {"0x" + _word(slot).hex(): "0x" + _word(word).hex() for slot, word in slots.items()}
