"""Signers for networks other than the dev chains: encrypted keystores and external signers.

Plaintext private keys are never accepted from configuration or arguments. A keystore is an
eth-account (Web3 Secret Storage) JSON file whose password comes from an environment variable or an
interactive prompt. An external signer is any JSON-RPC service answering ``eth_signTransaction``
(Web3Signer, Clef, a bank's HSM gateway) for a given address. A roles file maps platform roles to
signers or to plain addresses::

    {"BCB": {"keystore": "keys/bcb.json"},
     "STN": {"signer": "http://127.0.0.1:9000", "address": "0x..."},
     "BANK_A": {"address": "0x..."}}
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import requests
from eth_account import Account
from eth_utils import to_checksum_address
from hexbytes import HexBytes

from drex.errors import DrexError


class SignedTx(Protocol):
    raw_transaction: HexBytes


class Signer(Protocol):
    """What the chain needs to send a transaction for an address."""

    @property
    def address(self) -> str: ...

    def sign_transaction(self, tx: dict[str, Any]) -> Any: ...


def load_keystore(
    path: str | Path, password: str | None = None, *, env: str = "DREX_KEYSTORE_PASSWORD"
) -> Any:
    """Decrypt a keystore file; the password comes from ``password``, then ``$env``, then a prompt."""
    p = Path(path)
    if not p.is_file():
        raise DrexError(f"keystore not found: {p}")
    try:
        data = json.loads(p.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise DrexError(f"keystore {p} is not a readable JSON keystore: {exc}") from None
    if password is None:
        password = os.environ.get(env, os.environ.get("DREX_KEYSTORE_PASSWORD"))
    if password is None:
        if not os.isatty(0):
            raise DrexError(f"no password for keystore {p}: set {env} or run interactively")
        password = getpass.getpass(f"password for {p}: ")
    try:
        key = Account.decrypt(data, password)
    except ValueError:
        raise DrexError(f"wrong password for keystore {p}") from None
    return Account.from_key(key)


@dataclass(frozen=True)
class _Signed:
    raw_transaction: HexBytes


class ExternalSigner:
    """Signs through a JSON-RPC signer's ``eth_signTransaction``; the key never enters this process."""

    def __init__(self, url: str, address: str, timeout: float = 30.0):
        self.url = url
        self._address = to_checksum_address(address)
        self.timeout = timeout

    @property
    def address(self) -> str:
        return self._address

    def sign_transaction(self, tx: dict[str, Any]) -> _Signed:
        payload_tx = {k: (hex(v) if isinstance(v, int) else v) for k, v in tx.items()}
        payload_tx["from"] = self._address
        body = {"jsonrpc": "2.0", "id": 1, "method": "eth_signTransaction", "params": [payload_tx]}
        try:
            resp = requests.post(self.url, json=body, timeout=self.timeout)
            answer = resp.json()
        except (requests.RequestException, ValueError) as exc:
            raise DrexError(f"external signer at {self.url} did not answer: {exc}") from None
        if "error" in answer:
            raise DrexError(f"external signer refused to sign: {answer['error']}")
        result = answer.get("result")
        raw = result.get("raw") if isinstance(result, dict) else result
        if not isinstance(raw, str):
            raise DrexError(f"external signer at {self.url} returned no raw transaction")
        return _Signed(HexBytes(raw))


@dataclass(frozen=True)
class RoleEntry:
    address: str
    signer: Signer | None


def load_roles(path: str | Path) -> dict[str, RoleEntry]:
    """Read a roles file (see the module docstring)."""
    p = Path(path)
    if not p.is_file():
        raise DrexError(f"roles file not found: {p}")
    try:
        raw = json.loads(p.read_text())
    except json.JSONDecodeError as exc:
        raise DrexError(f"roles file {p} is not valid JSON: {exc}") from None
    out: dict[str, RoleEntry] = {}
    for role, spec in raw.items():
        if not isinstance(spec, dict):
            raise DrexError(f"roles file {p}: entry {role!r} must be an object")
        if "private_key" in spec or "key" in spec:
            raise DrexError(f"roles file {p}: {role} holds a plaintext key; use an encrypted keystore")
        if "keystore" in spec:
            ks = Path(spec["keystore"])
            ks = ks if ks.is_absolute() else p.parent / ks
            acct = load_keystore(ks, env=f"DREX_KEYSTORE_PASSWORD_{role}")
            out[role] = RoleEntry(acct.address, acct)
        elif "signer" in spec:
            if "address" not in spec:
                raise DrexError(f"roles file {p}: {role} names a signer but no address")
            ext = ExternalSigner(spec["signer"], spec["address"])
            out[role] = RoleEntry(ext.address, ext)
        elif "address" in spec:
            out[role] = RoleEntry(to_checksum_address(spec["address"]), None)
        else:
            raise DrexError(f"roles file {p}: {role} needs keystore, signer or address")
    return out
