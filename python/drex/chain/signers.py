"""Signers for networks other than the dev chains: encrypted keystores and external signers.

Plaintext private keys are never accepted from configuration or arguments. A keystore is an
eth-account (Web3 Secret Storage) JSON file whose password comes from an environment variable or an
interactive prompt. An external signer is any JSON-RPC service answering ``eth_signTransaction``
(Web3Signer, Clef, a bank's HSM gateway) for a given address. A roles file maps platform roles to
signers or to plain addresses::

    {"BCB": {"keystore": "keys/bcb.json"},
     "STN": {"signer": "http://127.0.0.1:9000", "address": "0x..."},
     "BANK_A": {"address": "0x..."},
     "ORACLE_1": {"address": "0x..."}}

The deployment plan needs the four reference-data reporters (``ORACLE_1`` .. ``ORACLE_4``) by address only:
they sign rounds later, not the deployment.
"""

from __future__ import annotations

import getpass
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit, urlunsplit

import requests
from eth_account import Account
from eth_account._utils.legacy_transactions import Transaction as LegacyTransaction
from eth_account.typed_transactions import TypedTransaction
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


def redact_url(url: str) -> str:
    """``url`` fit for a message: userinfo and query (API tokens) replaced by ``***``.

    ``http://u:p@h:9000/rpc?key=k`` -> ``http://***@h:9000/rpc?***``.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable signer URL>"
    if "@" in parts.netloc:
        parts = parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2])
    if parts.query:
        parts = parts._replace(query="***")
    return urlunsplit(parts._replace(fragment=""))


_USERINFO = re.compile(r"(?<=//)[^/@\s]+@")

# Fields of the request checked in the signed transaction (to, value and data always; the others when asked).
_CHECKED = (
    "nonce",
    "to",
    "value",
    "data",
    "gas",
    "chainId",
    "gasPrice",
    "maxFeePerGas",
    "maxPriorityFeePerGas",
)


class ExternalSigner:
    """Signs through a JSON-RPC signer's ``eth_signTransaction``; the key never enters this process.

    The URL may carry basic-auth credentials (``http://user:password@host:port/``): they are sent as an
    ``Authorization`` header and never appear in a message (:attr:`url` is the redacted form). The signed
    transaction that comes back is decoded and checked against the request (sender, nonce, recipient or
    contract creation, value, data, gas, chain id, gas price or fees) before anything uses it.
    """

    def __init__(self, url: str, address: str, timeout: float = 30.0):
        self.url = redact_url(url)
        self._address = to_checksum_address(address)
        self.timeout = timeout
        self._secrets: list[str] = []
        try:
            parts = urlsplit(url)
        except ValueError:
            raise DrexError(f"external signer URL for {self._address} is not a valid URL") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DrexError(f"external signer URL {self.url} must be http(s)://host[:port]/...")
        self._auth: tuple[str, str] | None = None
        if parts.username is not None or parts.password is not None:
            user, password = unquote(parts.username or ""), unquote(parts.password or "")
            self._auth = (user, password)
            self._secrets = [s for s in {parts.username or "", parts.password or "", user, password} if s]
        if parts.query:
            self._secrets.append(parts.query)
        self._endpoint = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))

    def __repr__(self) -> str:
        return f"ExternalSigner({self.url!r}, {self._address!r})"

    @property
    def address(self) -> str:
        return self._address

    def _scrub(self, text: str) -> str:
        """Exception text with the signer's credentials (and any URL userinfo) removed."""
        text = _USERINFO.sub("***@", text)
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def sign_transaction(self, tx: dict[str, Any]) -> _Signed:
        payload_tx = _rpc_transaction(tx)
        payload_tx["from"] = self._address
        body = {"jsonrpc": "2.0", "id": 1, "method": "eth_signTransaction", "params": [payload_tx]}
        try:
            resp = requests.post(self._endpoint, json=body, timeout=self.timeout, auth=self._auth)
        except requests.RequestException as exc:
            reason = self._scrub(f"{type(exc).__name__}: {exc}")
            raise DrexError(f"external signer at {self.url} did not answer: {reason}") from None
        if resp.status_code in (401, 403):
            raise DrexError(
                f"external signer at {self.url} refused the credentials (HTTP {resp.status_code})"
            )
        try:
            answer = resp.json()
        except ValueError:
            raise DrexError(
                f"external signer at {self.url} answered HTTP {resp.status_code} with no JSON-RPC response"
            ) from None
        if not isinstance(answer, dict):
            raise DrexError(f"external signer at {self.url} answered with no JSON-RPC response object")
        if answer.get("error") is not None:
            err = answer["error"]
            msg = err.get("message", err) if isinstance(err, dict) else err
            raise DrexError(f"external signer at {self.url} refused to sign: {self._scrub(str(msg))}")
        result = answer.get("result")
        raw = result.get("raw") if isinstance(result, dict) else result
        if not isinstance(raw, str):
            raise DrexError(f"external signer at {self.url} returned no raw transaction")
        try:
            raw_bytes = HexBytes(raw)
        except ValueError:
            raise DrexError(
                f"external signer at {self.url} returned a raw transaction that is not hex"
            ) from None
        self._check(raw_bytes, tx)
        return _Signed(raw_bytes)

    def _check(self, raw: bytes, tx: dict[str, Any]) -> None:
        """Raise unless ``raw`` is ``tx`` signed by this signer's address."""
        try:
            signed = decode_signed_transaction(raw)
            sender = Account.recover_transaction(raw)
        except Exception as exc:
            raise DrexError(
                f"external signer at {self.url} returned a raw transaction that does not decode: "
                f"{type(exc).__name__}"
            ) from None
        if to_checksum_address(sender) != self._address:
            raise DrexError(
                f"external signer at {self.url} returned a transaction whose sender differs from the "
                f"request: asked {self._address}, got {to_checksum_address(sender)}"
            )
        for field in _CHECKED:
            want = _canonical(field, tx.get(field))
            if field in ("to", "value", "data") or field in tx:
                got = _canonical(field, signed.get(field))
                if want != got:
                    raise DrexError(
                        f"external signer at {self.url} returned a transaction whose {field} differs from "
                        f"the request: asked {_show(want)}, got {_show(got)}"
                    )
        for field in ("gasPrice", "maxFeePerGas", "maxPriorityFeePerGas"):
            if field not in tx and signed.get(field) is not None:
                raise DrexError(
                    f"external signer at {self.url} returned a transaction with {field}, which the request "
                    f"did not have (a different transaction type)"
                )


def _rpc_transaction(tx: dict[str, Any]) -> dict[str, Any]:
    """``tx`` as ``eth_signTransaction`` takes it: quantities and bytes hex, no ``to`` for a creation."""
    out: dict[str, Any] = {}
    for key, value in tx.items():
        if key == "to":
            if value in (None, "", b"", "0x"):
                continue  # contract creation: no recipient
            out[key] = to_checksum_address(value)
        elif isinstance(value, bool):
            raise DrexError(f"transaction field {key} must not be a boolean")
        elif isinstance(value, int):
            out[key] = hex(value)
        elif isinstance(value, (bytes, bytearray)):
            out[key] = "0x" + bytes(value).hex()
        elif key == "accessList" and isinstance(value, (list, tuple)):
            out[key] = [dict(entry) for entry in value]
        else:
            out[key] = value
    if "data" in out and isinstance(out["data"], str) and not out["data"].startswith("0x"):
        out["data"] = "0x" + out["data"]
    return out


def decode_signed_transaction(raw: bytes) -> dict[str, Any]:
    """The fields of a signed raw transaction (legacy or EIP-2718 typed), decoded by eth-account."""
    raw = bytes(raw)
    if raw and raw[0] <= 0x7F:
        typed = TypedTransaction.from_bytes(HexBytes(raw))
        fields = dict(typed.as_dict())
        fields["type"] = typed.transaction_type
        return fields
    legacy = LegacyTransaction.from_bytes(raw)
    fields = legacy.as_dict()
    v = int(fields.pop("v"))
    fields["chainId"] = (v - 35) // 2 if v >= 35 else None
    fields["type"] = 0
    return fields


def _canonical(field: str, value: Any) -> Any:
    """One comparable form per field: ints, checksummed address or None, bytes."""
    if field == "to":
        if value in (None, "", b"", "0x"):
            return None
        return to_checksum_address(value)
    if field == "data":
        if value is None:
            return b""
        return bytes(HexBytes(value))
    if field == "value" and value is None:
        return 0
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return int.from_bytes(value, "big")
    if isinstance(value, str):
        return int(value, 16) if value.startswith("0x") else int(value)
    return int(value)


def _show(value: Any) -> str:
    if value is None:
        return "none (contract creation)"
    if isinstance(value, bytes):
        text = "0x" + value.hex()
        return text if len(text) <= 26 else f"{text[:18]}...({len(value)} bytes)"
    return str(value)


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
