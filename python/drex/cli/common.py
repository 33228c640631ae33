"""Shared plumbing of the institution commands (``drex rd|rt|swap|keys|tpft``).

The option types every such command takes (``--network``, ``--manifest``, ``--as``, ``--keystore``), the
choice of signer (a public dev key only on dev chains, an encrypted keystore elsewhere), opening a
:class:`Session` (manifest read, chain connected with its chain id checked, the platform found on it)
and printing a sent transaction. Only Typer is imported at module level, so ``drex --help`` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from drex.chain import Chain
    from drex.deploy import Manifest
    from drex.sdk import Platform, TxResult

Network = Annotated[str, typer.Option("--network", "-n", help="local, embedded, or a JSON-RPC URL")]
ManifestPath = Annotated[Path, typer.Option("--manifest", "-m", help="deployment manifest")]
AsRole = Annotated[
    str | None, typer.Option("--as", help="sign as this dev role (BCB, BANK_A, CUSTOMER_A1...) on dev chains")
]
Keystore = Annotated[
    Path | None,
    typer.Option("--keystore", help="sign with this encrypted keystore (password: DREX_KEYSTORE_PASSWORD)"),
]


def echo(msg: str = "") -> None:
    typer.echo(msg)


@dataclass
class Session:
    """An open institution session: the chain, the manifest and the SDK platform on it."""

    chain: Chain
    manifest: Manifest
    platform: Platform

    def account(self, text: str, what: str = "account") -> str:
        """An address, or a role of the manifest (``CUSTOMER_B1``) resolved to its address."""
        from drex.sdk.errors import InvalidAddress
        from drex.sdk.values import to_address

        role = text.strip().upper()
        if role in self.manifest.accounts:
            return to_address(self.manifest.accounts[role])
        if not text.strip().lower().startswith("0x"):
            known = ", ".join(sorted(self.manifest.accounts)) or "none in this manifest"
            raise InvalidAddress(f"{what} {text!r} is neither an address nor a known role ({known})")
        return to_address(text, what)

    def bank(self, text: str) -> str:
        """A CNPJ8, or a bank role of the manifest (``BANK_A``) resolved to its CNPJ8."""
        from drex.sdk.values import to_cnpj8

        role = text.strip().upper()
        if role in self.manifest.participants:
            return to_cnpj8(self.manifest.participants[role])
        return to_cnpj8(text)


def signer_for(chain: Chain, manifest: Manifest, as_role: str | None, keystore: Path | None) -> Any:
    from drex.chain.accounts import DEV_ROLES, dev_account
    from drex.chain.signers import load_keystore
    from drex.errors import DrexError

    if as_role is not None and keystore is not None:
        raise DrexError("pass either --as ROLE or --keystore PATH, not both")
    if keystore is not None:
        return load_keystore(keystore)
    if as_role is None:
        raise DrexError("this command sends a transaction: pass --as ROLE (dev chains) or --keystore PATH")
    role = as_role.strip().upper()
    if role not in DEV_ROLES:
        raise DrexError(f"unknown role {as_role!r}; dev roles: {', '.join(DEV_ROLES)}")
    account = dev_account(role)
    manifest_says_dev = manifest.accounts.get(role, "").lower() == account.address.lower()
    if not (chain.is_dev or manifest_says_dev):
        raise DrexError(
            f"--as {role} signs with a public dev key, allowed only on dev chains; {chain.name} is not one "
            "(use --keystore PATH)"
        )
    return account


def open_session(
    network: str,
    manifest_path: Path,
    as_role: str | None = None,
    keystore: Path | None = None,
    *,
    sign: bool = False,
) -> Session:
    from drex.chain import connect
    from drex.deploy import read_manifest
    from drex.errors import DrexError
    from drex.sdk import Platform
    from drex.sdk.values import to_address

    manifest = read_manifest(manifest_path)
    chain = connect(network, expect_chain_id=manifest.chain_id, start_local=False)
    rd = manifest.contracts.get("RealDigital")
    if rd is None:
        raise DrexError(
            f"manifest {manifest_path} has no RealDigital: deploy the platform first (drex deploy)"
        )
    if len(chain.w3.eth.get_code(to_address(rd["address"]))) == 0:
        hint = (
            " (the embedded chain ends with each process: use --network local)"
            if chain.kind == "embedded"
            else ""
        )
        raise DrexError(
            f"no RealDigital at {rd['address']} on {chain.name}: the manifest is for another chain{hint}"
        )
    signer = signer_for(chain, manifest, as_role, keystore) if sign or as_role or keystore else None
    return Session(chain, manifest, Platform.from_manifest(chain, manifest, signer))


def print_tx(what: str, result: TxResult) -> None:
    echo(f"{what}: tx {result.tx_hash} (block {result.block_number}, gas {result.gas_used})")
