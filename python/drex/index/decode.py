"""Decoding raw logs with the platform's compiled ABIs.

:class:`Decoders` knows, for every contract of the platform (each name of the manifest, linked libraries
included, or every registry name AddressDiscovery resolves), its address and a decoder per event topic.
A log from an address the platform does not know, with a topic the contract's ABI does not have, or whose
topics and data do not fit the event (an ERC-721 ``Transfer`` has the topic of an ERC-20 one) is kept raw:
``contract`` and/or ``event`` None, ``args`` empty.

Decoding uses ``eth_abi`` directly rather than web3's ``process_log`` (about ten times faster, and the
index decodes every log of the chain). Values are normalised for JSON with exact integers: addresses as
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

    @classmethod
    def of(cls, item: dict[str, Any]) -> EventDecoder:
        inputs = item["inputs"]
        indexed = tuple(i for i in inputs if i.get("indexed"))
        plain = tuple(i for i in inputs if not i.get("indexed"))
        names = tuple(i["name"] or f"arg{n}" for n, i in enumerate(inputs))
        return cls(str(item["name"]), indexed, plain, tuple(collapse_if_tuple(i) for i in plain), names)

    def decode(self, topics: Sequence[bytes], data: bytes) -> dict[str, Any] | None:
        """The arguments, by name in ABI order; None when the log does not fit this event."""
        if len(topics) != 1 + len(self.indexed):
            return None
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
