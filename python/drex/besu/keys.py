"""Node keys in Besu's formats, and enode URLs.

A Besu node key is a secp256k1 private key. Besu stores it in the file ``key`` as one line of
``0x`` + 64 lowercase hex digits with no newline (``KeyPairUtil.storeKeyPair``), and reads one line with or
without the ``0x`` prefix. ``besu operator generate-blockchain-config`` writes the public key next to it in
``key.pub``: ``0x`` + 128 hex digits, the uncompressed point without its ``04`` tag. The node's address (its
QBFT validator address) is the last 20 bytes of keccak256 of those 64 bytes, and its enode URL is
``enode://<128 hex>@<host>:<port>``.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path

from coincurve import PrivateKey
from eth_utils import keccak

from drex.errors import DrexError

_SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
_HEX64 = re.compile(r"^(0x)?[0-9a-fA-F]{64}$")
_ENODE = re.compile(r"^enode://([0-9a-fA-F]{128})@(\[[^\]]+\]|[^:/?@\[\]]+):(\d{1,5})(\?discport=\d{1,5})?$")


class NodeKeyError(DrexError):
    """A key file or enode URL is malformed."""


@dataclass(frozen=True)
class NodeKey:
    """A node's secp256k1 key pair."""

    private_key: bytes

    def __post_init__(self) -> None:
        if len(self.private_key) != 32 or not 0 < int.from_bytes(self.private_key, "big") < _SECP256K1_N:
            raise NodeKeyError("a node private key must be 32 bytes in 1..n-1 of secp256k1")

    @classmethod
    def generate(cls) -> NodeKey:
        """A fresh key from the operating system's random source."""
        while True:
            candidate = os.urandom(32)
            if 0 < int.from_bytes(candidate, "big") < _SECP256K1_N:
                return cls(candidate)

    @classmethod
    def from_hex(cls, text: str) -> NodeKey:
        """Parse a private key as Besu does (one line, 64 hex digits, 0x prefix optional)."""
        value = text.strip()
        if not _HEX64.match(value):
            raise NodeKeyError("a Besu key file holds one line of 64 hex digits (0x prefix optional)")
        return cls(bytes.fromhex(value[-64:]))

    @classmethod
    def from_file(cls, path: Path) -> NodeKey:
        """Read a Besu ``key`` file."""
        try:
            lines = path.read_text().splitlines()
        except OSError as exc:
            raise NodeKeyError(f"cannot read key file {path}: {exc.strerror}") from None
        if len(lines) != 1:
            raise NodeKeyError(f"{path}: a Besu key file holds exactly one line")
        return cls.from_hex(lines[0])

    @property
    def public_key(self) -> bytes:
        """The 64-byte uncompressed public key, without the 04 tag."""
        return PrivateKey(self.private_key).public_key.format(compressed=False)[1:]

    @property
    def address(self) -> str:
        """The node address (validator address), lowercase 0x-prefixed."""
        return "0x" + keccak(self.public_key)[12:].hex()

    @property
    def enode_id(self) -> str:
        """The enode id: the public key as 128 lowercase hex digits."""
        return self.public_key.hex()

    def enode(self, host: str, port: int) -> str:
        """The node's enode URL at ``host``:``port``."""
        return str(Enode(self.enode_id, host, port))

    def key_file_text(self) -> str:
        """Contents of Besu's ``key`` file."""
        return "0x" + self.private_key.hex()

    def pub_file_text(self) -> str:
        """Contents of Besu's ``key.pub`` file."""
        return "0x" + self.public_key.hex()

    def write(self, directory: Path) -> None:
        """Write ``key`` (mode 0600) and ``key.pub`` into ``directory``."""
        key_path = directory / "key"
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(self.key_file_text())
        (directory / "key.pub").write_text(self.pub_file_text())


def public_key_from_file(path: Path) -> bytes:
    """Read a ``key.pub`` file (0x + 128 hex digits)."""
    text = path.read_text().strip()
    if not re.fullmatch(r"(0x)?[0-9a-fA-F]{128}", text):
        raise NodeKeyError(f"{path}: key.pub holds 128 hex digits (0x prefix optional)")
    return bytes.fromhex(text[-128:])


@dataclass(frozen=True)
class Enode:
    """An enode URL: node id (128 lowercase hex), host and TCP port."""

    node_id: str
    host: str
    port: int

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[0-9a-f]{128}", self.node_id):
            raise NodeKeyError("an enode id is 128 lowercase hex digits")
        if not self.host or len(self.host) > 253:
            raise NodeKeyError("an enode host must be 1 to 253 characters")
        if not 0 < self.port < 65536:
            raise NodeKeyError(f"enode port {self.port} is outside 1..65535")

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"enode://{self.node_id}@{host}:{self.port}"

    @property
    def address(self) -> str:
        """The node address derived from the id."""
        return "0x" + keccak(bytes.fromhex(self.node_id))[12:].hex()


def parse_enode(url: str) -> Enode:
    """Parse ``enode://<id>@<host>:<port>[?discport=N]``; the id is lowercased, the host kept as given."""
    match = _ENODE.match(url.strip())
    if not match:
        raise NodeKeyError(f"malformed enode URL {url!r}: expected enode://<128 hex>@<host>:<port>")
    node_id, host, port = match.group(1).lower(), match.group(2), int(match.group(3))
    if host.startswith("["):
        host = host[1:-1]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise NodeKeyError(f"malformed IPv6 host in {url!r}") from None
    return Enode(node_id, host, port)
