"""Decoding raw logs with the platform's compiled ABIs.

:class:`Decoders` knows, for every contract of the platform (each name of the manifest, linked libraries
included, or every registry name AddressDiscovery resolves), its address and a decoder per event topic.
A log from an address the platform does not know, with a topic the contract's ABI does not have, or whose
topics and data do not fit the event (an ERC-721 ``Transfer`` has the topic of an ERC-20 one) is kept raw:
``contract`` and/or ``event`` None, ``args`` empty.

Decoding uses ``eth_abi`` directly rather than web3's ``process_log`` (about ten times faster, and the
index decodes every log of the chain); events whose parameters are all one-word elementary types
(``Transfer``, ``FrozenBalance``... most of them) are read word by word by :func:`_word`, a few lines
that are again several times faster than ``eth_abi`` on that hot path, with ``eth_abi`` still deciding
every word that is not canonically padded. Values are normalised for JSON with exact integers: addresses as
checksum strings, ``bytes``/``bytesN`` as 0x-hex, structs as objects named by their components, arrays as
lists. Indexed parameters of dynamic types are stored as the 0x-hex topic (their keccak hash).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from eth_abi import decode as abi_decode
from eth_abi.exceptions import DecodingError
from eth_utils import to_checksum_address
from eth_utils.abi import collapse_if_tuple, event_abi_to_log_topic

from drex.build.artifacts import load_artifact
from drex.sdk.errors import UnknownContract
from drex.sdk.platform import artifact_of

if TYPE_CHECKING:
    from drex.sdk import Platform


@lru_cache(maxsize=65_536)
def checksum(address: str) -> str:
    """The checksum form of an address (cached: the same few accounts appear in most logs)."""
    return str(to_checksum_address(address))


def _is_dynamic(kind: str) -> bool:
    return kind in ("string", "bytes") or kind.endswith("]") or kind.startswith("(")


_STATIC = ("address", "bool")


def _one_word(kind: str) -> bool:
    """Whether ``kind`` is an elementary type encoded in exactly one 32-byte word."""
    if kind in _STATIC:
        return True
    for prefix in ("uint", "int", "bytes"):
        if kind.startswith(prefix) and kind[len(prefix) :].isdigit():
            return True
    return False


def _word(kind: str, word: bytes) -> Any:
    """A one-word value in normalised form, or ``_NOT_CANONICAL`` when its padding is not canonical."""
    if len(word) != 32:
        return _NOT_CANONICAL
    if kind == "address":
        return checksum("0x" + word[12:].hex()) if not any(word[:12]) else _NOT_CANONICAL
    if kind == "bool":
        return bool(word[31]) if not any(word[:31]) and word[31] < 2 else _NOT_CANONICAL
    if kind.startswith("uint"):
        value = int.from_bytes(word, "big")
        return value if value < 1 << int(kind[4:]) else _NOT_CANONICAL
    if kind.startswith("int"):
        value, bits = int.from_bytes(word, "big", signed=True), int(kind[3:])
        return value if -(1 << (bits - 1)) <= value < 1 << (bits - 1) else _NOT_CANONICAL
    size = int(kind[5:])  # bytesN
    return "0x" + word[:size].hex() if not any(word[size:]) else _NOT_CANONICAL


_NOT_CANONICAL = object()


def normalise(param: dict[str, Any], value: Any) -> Any:
    """``value`` decoded for the ABI parameter ``param``, in JSON-friendly exact form."""
    kind = str(param["type"])
    if kind.endswith("]"):
        inner = {**param, "type": kind[: kind.rindex("[")]}
        return [normalise(inner, v) for v in value]
    if kind == "tuple":
        return {
            c["name"] or str(i): normalise(c, v)
            for i, (c, v) in enumerate(zip(param["components"], value, strict=True))
        }
    if kind == "address":
        return checksum(value)
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    return value


@dataclass(frozen=True)
class EventDecoder:
    """One ABI event: its name, indexed and non-indexed parameters."""

    name: str
    indexed: tuple[dict[str, Any], ...]
    plain: tuple[dict[str, Any], ...]
    plain_types: tuple[str, ...]
    order: tuple[str, ...]
    one_word: bool

    @classmethod
    def of(cls, item: dict[str, Any]) -> EventDecoder:
        inputs = [{**i, "name": i["name"] or f"arg{n}"} for n, i in enumerate(item["inputs"])]
        indexed = tuple(i for i in inputs if i.get("indexed"))
        plain = tuple(i for i in inputs if not i.get("indexed"))
        names = tuple(i["name"] for i in inputs)
        kinds = [collapse_if_tuple(i) for i in inputs]
        one_word = all(_one_word(k) for k in kinds)
        return cls(
            str(item["name"]), indexed, plain, tuple(collapse_if_tuple(i) for i in plain), names, one_word
        )

    def decode(self, topics: Sequence[bytes], data: bytes) -> dict[str, Any] | None:
        """The arguments, by name in ABI order; None when the log does not fit this event."""
        if len(topics) != 1 + len(self.indexed):
            return None
        if self.one_word:
            fast = self._decode_words(topics, data)
            if fast is not None:
                return fast
        args: dict[str, Any] = {}
        for param, topic in zip(self.indexed, topics[1:], strict=True):
            kind = collapse_if_tuple(param)
            if _is_dynamic(kind):
                args[param["name"]] = "0x" + topic.hex()
            else:
                try:
                    args[param["name"]] = normalise(param, abi_decode([kind], topic)[0])
                except (DecodingError, ValueError, OverflowError):
                    return None
        if self.plain:
            try:
                values = abi_decode(list(self.plain_types), data)
            except (DecodingError, ValueError, OverflowError):
                return None
            for param, value in zip(self.plain, values, strict=True):
                args[param["name"]] = normalise(param, value)
        elif data:
            return None
        return {name: args[name] for name in self.order if name in args}

    def _decode_words(self, topics: Sequence[bytes], data: bytes) -> dict[str, Any] | None:
        """The one-word path; None sends the log to ``eth_abi`` (which refuses what is malformed)."""
        if len(data) != 32 * len(self.plain):
            return None
        args: dict[str, Any] = {}
        for param, topic in zip(self.indexed, topics[1:], strict=True):
            value = _word(param["type"], topic)
            if value is _NOT_CANONICAL:
                return None
            args[param["name"]] = value
        for n, param in enumerate(self.plain):
            value = _word(param["type"], data[32 * n : 32 * n + 32])
            if value is _NOT_CANONICAL:
                return None
            args[param["name"]] = value
        return {name: args[name] for name in self.order if name in args}


def event_decoders(abi: Iterable[dict[str, Any]]) -> dict[bytes, EventDecoder]:
    """topic0 -> decoder of every non-anonymous event of ``abi``."""
    return {
        bytes(event_abi_to_log_topic(item)): EventDecoder.of(item)  # type: ignore[arg-type]
        for item in abi
        if item.get("type") == "event" and not item.get("anonymous")
    }


def platform_contracts(platform: Platform) -> dict[str, str]:
    """Registry name -> artifact of every contract of the platform: the manifest's when the platform was
    opened from one, else every name of the deployment plan that AddressDiscovery resolves."""
    from drex.sdk.platform import ManifestDirectory

    if isinstance(platform.directory, ManifestDirectory):
        return {
            name: str(entry.get("artifact") or artifact_of(name))
            for name, entry in platform.directory.manifest.contracts.items()
        }
    from drex.deploy.plan import Deploy, full_plan

    out = {}
    for step in full_plan():
        if isinstance(step, Deploy):
            try:
                platform.address_of(step.name)
            except UnknownContract:
                continue
            out[step.name] = step.artifact
    return out


@dataclass(frozen=True)
class Decoded:
    """A log's contract name and event name (None when unknown) and its arguments."""

    contract: str | None
    event: str | None
    args: dict[str, Any]


class Decoders:
    """Every contract of a platform: address -> (name, topic0 -> decoder)."""

    def __init__(self, contracts: dict[str, tuple[str, str]]):
        """``contracts``: registry name -> (address, artifact)."""
        by_artifact: dict[str, dict[bytes, EventDecoder]] = {}
        self.names: dict[str, str] = {}
        self.events: dict[str, dict[bytes, EventDecoder]] = {}
        for name, (address, artifact) in contracts.items():
            if artifact not in by_artifact:
                by_artifact[artifact] = event_decoders(load_artifact(artifact)["abi"])
            key = address.lower()
            self.names[key] = name
            self.events[key] = by_artifact[artifact]

    @classmethod
    def of(cls, platform: Platform) -> Decoders:
        return cls(
            {
                name: (str(platform.address_of(name)), artifact)
                for name, artifact in platform_contracts(platform).items()
            }
        )

    def address_of(self, name: str) -> str | None:
        """The address of the contract registered as ``name``, if the platform has one."""
        return next((checksum(a) for a, n in self.names.items() if n == name), None)

    def decode(self, address: str, topics: Sequence[bytes], data: bytes) -> Decoded:
        key = address.lower()
        name = self.names.get(key)
        if name is None or not topics:
            return Decoded(name, None, {})
        decoder = self.events[key].get(bytes(topics[0]))
        if decoder is None:
            return Decoded(name, None, {})
        args = decoder.decode(topics, data)
        if args is None:
            return Decoded(name, None, {})
        return Decoded(name, decoder.name, args)


__all__ = [
    "Decoded",
    "Decoders",
    "EventDecoder",
    "checksum",
    "event_decoders",
    "normalise",
    "platform_contracts",
]
