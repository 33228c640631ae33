"""The deployment's accounts by role (BCB, STN, BANK_A...) from sources the auditor trusts, not the manifest.

A manifest is written by the operator under audit: its ``accounts`` cannot tell the auditor who BCB is (a
deployer writing ``"BCB": "0xMallory"`` would otherwise see every check pass). So:

* ``--account ROLE=ADDRESS`` given by the auditor always wins (source ``--account``);
* on a dev network (the embedded and local chains, :attr:`drex.chain.Chain.is_dev`) the other roles are the
  accounts derived from the public test mnemonic (source ``dev mnemonic``), and a manifest account that
  differs from them is a finding;
* on any other network the manifest's accounts are ignored: a role needed and not given is unknown, and the
  checks that need it say so (``give --account ROLE=0x...``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from eth_utils.address import to_checksum_address

__all__ = ["ACCOUNT_SOURCE", "DEV_SOURCE", "ResolvedAccounts", "resolve_accounts"]

ACCOUNT_SOURCE = "--account"
DEV_SOURCE = "dev mnemonic"


@dataclass(frozen=True)
class ResolvedAccounts:
    """Role -> address, where each address comes from, and what the manifest says wrongly."""

    addresses: dict[str, str]
    sources: dict[str, str]
    dev: bool
    problems: list[str] = field(default_factory=list)

    def table(self) -> list[str]:
        """``ROLE  ADDRESS  (source)`` lines, for the output of every audit command."""
        if not self.addresses:
            return ["role addresses: none (give --account ROLE=0x... for each role the policy uses)"]
        width = max(len(r) for r in self.addresses)
        return ["role addresses:"] + [
            f"  {role:<{width}}  {address}  ({self.sources[role]})"
            for role, address in self.addresses.items()
        ]

    def as_dict(self) -> dict[str, object]:
        return {
            "dev": self.dev,
            "accounts": [
                {"role": r, "address": a, "source": self.sources[r]} for r, a in self.addresses.items()
            ],
            "problems": list(self.problems),
        }


def resolve_accounts(
    dev: bool, manifest_accounts: Mapping[str, str], given: Mapping[str, str]
) -> ResolvedAccounts:
    """The accounts by role the audit trusts (see the module): ``given`` are the auditor's ``--account``."""
    from drex.chain.accounts import DEV_ROLES, dev_account

    addresses: dict[str, str] = {}
    sources: dict[str, str] = {}
    problems: list[str] = []
    if dev:
        for role in DEV_ROLES:
            addresses[role] = to_checksum_address(dev_account(role).address)
            sources[role] = DEV_SOURCE
    for role, address in given.items():
        addresses[role] = to_checksum_address(address)
        sources[role] = ACCOUNT_SOURCE
    for role, address in sorted(manifest_accounts.items()):
        trusted = addresses.get(role)
        if trusted is None:
            if dev:
                problems.append(f"the manifest names account {role} ({address}), which is not a dev role")
        elif to_checksum_address(address) != trusted:
            problems.append(
                f"the manifest says {role} is {to_checksum_address(address)}, but {role} is {trusted} "
                f"({sources[role]})"
            )
    return ResolvedAccounts(addresses, sources, dev, problems)
