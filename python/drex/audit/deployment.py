"""The deployment an auditor looks at: the manifest, the chain behind an RPC URL, and what the plan expects.

An audit starts from a deployment manifest (``deployment.json``, see :mod:`drex.deploy.pipeline`) and a
JSON-RPC URL. The manifest records, per contract, its address and creation transaction; it is the only
place the creation transactions are recorded (a node has no index from a contract to the transaction that
created it, and a Besu Bonsai node keeps no historical state to search for one), so ``verify`` needs it.
The registry's answer for each name must agree with the manifest: the registry is the manifest's
``AddressDiscovery`` entry, or the address given as ``--discovery``.

:class:`ExpectedContext` is the :class:`~drex.deploy.plan.DeployContext` the deployment plan's ``args``
callables run against, built from the manifest (addresses) and the deployment's accounts (the manifest's
``accounts`` on dev networks, else given by the auditor as ``ROLE=ADDRESS``), so the constructor arguments
an audit expects are recomputed, never read back from the chain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_utils.address import is_address, to_checksum_address

from drex.chain import Chain, connect
from drex.deploy.pipeline import Manifest, read_manifest
from drex.errors import DrexError

__all__ = ["AuditInputError", "Deployment", "ExpectedContext", "open_deployment", "parse_accounts"]


class AuditInputError(DrexError):
    """The audit's inputs (manifest, AddressDiscovery address, accounts) are incomplete or inconsistent."""


@dataclass
class Deployment:
    """A manifest and the chain it describes (chain id checked)."""

    chain: Chain
    manifest: Manifest
    manifest_path: Path | None = None
    address_discovery: str | None = None
    #: Accounts by role the auditor gave on the command line; they take precedence over the manifest's.
    accounts: dict[str, str] = field(default_factory=dict)

    def registry_address(self, name: str) -> str | None:
        """What AddressDiscovery (``--discovery``, else the manifest's) returns for ``name``; None when there
        is no registry at all."""
        if self.address_discovery is None:
            return None
        from drex.sdk.errors import UnknownContract
        from drex.sdk.platform import AddressDiscoveryDirectory

        directory = AddressDiscoveryDirectory(self.chain, self.address_discovery)
        try:
            return str(directory.lookup(name))
        except UnknownContract:
            return "(not registered)"


def parse_accounts(pairs: list[str]) -> dict[str, str]:
    """``["BCB=0x..", "STN=0x.."]`` -> ``{"BCB": "0x..", ...}`` (checksummed)."""
    out: dict[str, str] = {}
    for pair in pairs:
        role, sep, address = pair.partition("=")
        if not sep or not role.strip() or not is_address(address.strip()):
            raise AuditInputError(f"--account takes ROLE=ADDRESS (e.g. BCB=0xf39F...), not {pair!r}")
        out[role.strip()] = to_checksum_address(address.strip())
    return out


def open_deployment(
    network: str,
    manifest: str | Path | Manifest,
    *,
    address_discovery: str | None = None,
    accounts: Mapping[str, str] | None = None,
    chain: Chain | None = None,
) -> Deployment:
    """Read the manifest and connect to ``network`` (a JSON-RPC URL, ``local`` or ``embedded``), refusing a
    chain whose id is not the manifest's. ``chain`` reuses an open connection instead."""
    path = None
    if isinstance(manifest, Manifest):
        m = manifest
    else:
        path = Path(manifest)
        if not path.is_file() and address_discovery is not None:
            raise AuditInputError(
                f"manifest {path} not found: verify needs the deployment's manifest even with an "
                "AddressDiscovery address, for the creation transactions (a node cannot tell which "
                "transaction created a contract) and the deployment's accounts"
            )
        m = read_manifest(path)
    if chain is None:
        chain = connect(network, expect_chain_id=m.chain_id, start_local=False)
    elif chain.chain_id != m.chain_id:
        raise AuditInputError(
            f"the manifest is for chain id {m.chain_id}, the node answers chain id {chain.chain_id}"
        )
    if address_discovery is None and "AddressDiscovery" in m.contracts:
        # the registry the platform itself reads: it must point where the manifest says, --discovery or not
        address_discovery = str(m.contracts["AddressDiscovery"]["address"])
    if address_discovery is not None:
        if not is_address(address_discovery):
            raise AuditInputError(f"AddressDiscovery address {address_discovery!r} is not an address")
        address_discovery = to_checksum_address(address_discovery)
    return Deployment(chain, m, path, address_discovery, dict(accounts or {}))


class ExpectedContext:
    """The deployment plan's context rebuilt from the manifest, for recomputing constructor arguments.

    ``account(role)`` answers the auditor's ``--account`` first, then, on a dev network, the test mnemonic's
    account (:mod:`drex.audit.accounts`); the manifest's ``accounts`` are never trusted. A role found in
    neither is an :class:`AuditInputError` naming it.
    """

    def __init__(self, deployment: Deployment):
        from drex.audit.accounts import resolve_accounts

        self.deployment = deployment
        self.participants = dict(deployment.manifest.participants)
        self.accounts = resolve_accounts(
            deployment.chain.is_dev, deployment.manifest.accounts, deployment.accounts
        )
        #: The roles ``account`` was asked for, in order (the table the report prints).
        self.used: list[str] = []

    def address(self, name: str) -> str:
        entry = self.deployment.manifest.contracts.get(name)
        if entry is None:
            raise AuditInputError(f"{name} is not in the manifest")
        return to_checksum_address(entry["address"])

    def account(self, role: str) -> str:
        found = self.accounts.addresses.get(role)
        if found is None:
            raise AuditInputError(
                f"the deployment's address of role {role} is needed to recompute constructor arguments: give "
                f"it as --account {role}=0x... (off a dev network the manifest's accounts are not trusted)"
            )
        if role not in self.used:
            self.used.append(role)
        return to_checksum_address(found)

    def call(self, name: str, fn: str, *args: Any) -> Any:
        entry = self.deployment.manifest.contracts[name]
        contract = self.deployment.chain.at(entry["artifact"], self.address(name))
        return contract.functions[fn](*args).call()
