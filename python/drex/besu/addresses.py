"""Address parsing shared by the Besu tooling, and the fixed contract addresses of generated genesis files.

Besu reads node permissioning at ``0x...9999`` and account permissioning at ``0x...8888`` by convention
(the addresses of the ConsenSys permissioning contracts' genesis file and of Besu's documentation); the
rules, storage and admin contracts behind them, and the QBFT validator contract (``0x...7777``, the address
Besu's QBFT documentation uses), get fixed neighbouring addresses so every generated network looks the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from drex.errors import DrexError

NODE_INGRESS_ADDRESS = "0x0000000000000000000000000000000000009999"
ACCOUNT_INGRESS_ADDRESS = "0x0000000000000000000000000000000000008888"
PERMISSIONING_ADMIN_ADDRESS = "0x0000000000000000000000000000000000009990"
NODE_RULES_ADDRESS = "0x0000000000000000000000000000000000009991"
NODE_STORAGE_ADDRESS = "0x0000000000000000000000000000000000009992"
ACCOUNT_RULES_ADDRESS = "0x0000000000000000000000000000000000008881"
ACCOUNT_STORAGE_ADDRESS = "0x0000000000000000000000000000000000008882"
VALIDATOR_CONTRACT_ADDRESS = "0x0000000000000000000000000000000000007777"

_HEX40 = re.compile(r"^(0x)?[0-9a-fA-F]{40}$")


class AddressError(DrexError):
    """An address argument is malformed or repeated."""


def parse_address(text: str, what: str = "address") -> str:
    """``text`` as a lowercase 0x-prefixed address; the 0x prefix is optional on input, as in Besu's tools."""
    value = text.strip()
    if not _HEX40.match(value):
        raise AddressError(f"malformed {what} {text!r}: expected 40 hex digits, optionally 0x-prefixed")
    return "0x" + value[-40:].lower()


def parse_address_list(items: Iterable[str], what: str = "address") -> list[str]:
    """Addresses in the given order; raises on a malformed or duplicate entry (case-insensitive)."""
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        address = parse_address(item, what)
        if address in seen:
            raise AddressError(f"duplicate {what} {address}")
        seen.add(address)
        out.append(address)
    return out
