"""The expected-roles policy of a deployment: who should hold which AccessControl role on which contract.

The policy is generated from the deployment plan (:func:`drex.deploy.plan.full_plan`, with the privacy
domain's steps even when this build has no verifier) and shipped as package data, ``roles.yaml`` next to
this module, so an auditor reads a reviewed, versioned file that comes with the ``drex`` release that
deployed the platform, not one written by the operator being audited. Two sources make it up:

* the plan's role-granting calls (``grantRole``; TPFt's ``allowTPFtMint``, ``allowDirectPlacement``,
  ``allowAuctionPlacement``, ``allowFreezingPlacement``), their arguments evaluated with a symbolic context in
  which a contract is its registry name and an account its role (``BCB``, ``BANK_A``);
* the roles each contract's constructor grants (:data:`CONSTRUCTOR_GRANTS`, read from the sources in
  ``contracts/``: ``CBDCAccessControl`` gives its authority ACCESS, MINTER, BURNER, MOVER, PAUSER and FREEZER,
  ``TPFt`` its treasury MINTER and DIRECT_PLACEMENT...), mapped onto the plan's constructor arguments by the
  ABI's parameter names.

A name in the file is resolved against the manifest being audited: an account role (``manifest.accounts``)
or a contract (``manifest.contracts``). ``python -m drex.audit.policy`` rewrites the file from the plan;
``tests/audit/test_policy.py`` fails when the shipped file and the plan disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from drex.audit.errors import PolicyError
from drex.sdk.display import role_name

#: The packaged policy's file name (package data of ``drex.audit.policy``).
POLICY_FILE = "roles.yaml"

#: Role-granting functions of the plan's calls: function -> the role it grants (``None``: the first argument).
GRANTING: dict[str, str | None] = {
    "grantRole": None,
    "allowTPFtMint": "MINTER_ROLE",
    "allowDirectPlacement": "DIRECT_PLACEMENT_ROLE",
    "allowAuctionPlacement": "AUCTION_PLACEMENT_ROLE",
    "allowFreezingPlacement": "FREEZER_ROLE",
}

_CBDC_AUTHORITY = ("ACCESS_ROLE", "MINTER_ROLE", "BURNER_ROLE", "MOVER_ROLE", "PAUSER_ROLE", "FREEZER_ROLE")
Grants = dict[str, tuple[str, ...]]
_ADMIN_AUTHORITY: Grants = {"_admin": ("DEFAULT_ADMIN_ROLE",), "_authority": ("ACCESS_ROLE",)}
_ADMIN_ONLY: Grants = {"admin": ("DEFAULT_ADMIN_ROLE",)}

#: Roles granted by each artifact's constructor: constructor parameter name (as in the ABI) -> roles.
CONSTRUCTOR_GRANTS: dict[str, Grants] = {
    "AddressDiscovery": _ADMIN_AUTHORITY,
    "RealDigital": {"_admin": ("DEFAULT_ADMIN_ROLE",), "_authority": _CBDC_AUTHORITY},
    "RealTokenizado": {"_admin": ("DEFAULT_ADMIN_ROLE",), "_authority": _CBDC_AUTHORITY},
    "RealDigitalDefaultAccount": _ADMIN_AUTHORITY,
    "ApprovedDigitalCurrency": _ADMIN_AUTHORITY,
    "SwapOneStep": _ADMIN_AUTHORITY,
    "SwapOneStepFrom": _ADMIN_AUTHORITY,
    "SwapTwoSteps": _ADMIN_AUTHORITY,
    "SwapTwoStepsReserve": _ADMIN_AUTHORITY,
    "TPFt": {"admin": ("DEFAULT_ADMIN_ROLE",), "treasury": ("MINTER_ROLE", "DIRECT_PLACEMENT_ROLE")},
    "TPFtOperationId": _ADMIN_ONLY,
    "TPFtDvP": _ADMIN_ONLY,
    "TPFtOperation1002": _ADMIN_ONLY,
    "TPFtOperation1052": _ADMIN_ONLY,
    "TPFtOperation1054": _ADMIN_ONLY,
    "TPFtOperation1056": _ADMIN_ONLY,
    "TPFtOperation1012": {"admin": ("DEFAULT_ADMIN_ROLE", "REPAYMENT_ROLE")},
    "TPFtRepaymentReserve": {"admin": ("DEFAULT_ADMIN_ROLE", "ACCESS_ROLE")},
    "ShieldedRealDigitalPool": _ADMIN_ONLY,
    "ShieldedTPFtPool": _ADMIN_ONLY,
    "ReferenceData": _ADMIN_ONLY,
}


@dataclass(frozen=True)
class Policy:
    """contract (registry name) -> role name -> the names (account roles or contracts) expected to hold it."""

    roles: dict[str, dict[str, tuple[str, ...]]]
    source: str = POLICY_FILE

    def expected(self, contract: str, role: str) -> tuple[str, ...]:
        return self.roles.get(contract, {}).get(role, ())

    def to_yaml(self) -> str:
        header = (
            "# Expected AccessControl roles of a DREX deployment: contract -> role -> holders.\n"
            "# A holder is an account role of the manifest (BCB, STN, BANK_A) or a contract registry name.\n"
            "# Generated from the deployment plan by `python -m drex.audit.policy`: do not edit by hand.\n"
        )
        doc = {
            "version": 1,
            "roles": {c: {r: list(h) for r, h in rs.items()} for c, rs in self.roles.items()},
        }
        return header + yaml.safe_dump(doc, sort_keys=True, default_flow_style=None, width=110)


class _Symbols:
    """A :class:`~drex.deploy.plan.DeployContext` whose addresses are names: a contract is its registry name,
    an account its role."""

    participants: dict[str, str] = {}

    def address(self, name: str) -> str:
        return name

    def account(self, role: str) -> str:
        return role

    def call(self, name: str, fn: str, *args: Any) -> Any:
        raise PolicyError(f"the plan reads {name}.{fn} on chain: its grants cannot be known in advance")


def plan_steps() -> list[Any]:
    """The deployment plan's steps, the shielded pools' included even when this build has no verifier."""
    from drex.deploy.plan import full_plan
    from drex.deploy.steps import privacy

    steps = full_plan()
    if (
        not privacy.verifier_built()
    ):  # the policy covers the shielded pools whether or not this build has them
        steps += [*privacy.library_steps(), *privacy.pool_steps()]
    return steps


def _constructor_names(artifact: str) -> list[str]:
    from drex.build.artifacts import load_artifact

    abi = load_artifact(artifact)["abi"]
    ctor: dict[str, Any] = next((e for e in abi if e.get("type") == "constructor"), {"inputs": []})
    return [str(i["name"]) for i in ctor["inputs"]]


def generate(steps: Sequence[Any] | None = None) -> Policy:
    """The policy the deployment plan produces (see the module)."""
    from drex.deploy.plan import Call, Deploy

    ctx = _Symbols()
    roles: dict[str, dict[str, set[str]]] = {}

    def add(contract: str, role: str, holder: str) -> None:
        roles.setdefault(contract, {}).setdefault(role, set()).add(holder)

    for step in plan_steps() if steps is None else steps:
        if isinstance(step, Deploy):
            grants = CONSTRUCTOR_GRANTS.get(step.artifact, {})
            if grants:
                values = dict(zip(_constructor_names(step.artifact), step.args(ctx), strict=True))
                for param, granted in grants.items():
                    for role in granted:
                        add(step.name, role, str(values[param]))
        elif isinstance(step, Call) and step.fn in GRANTING:
            args = list(step.args(ctx))
            fixed = GRANTING[step.fn]
            role, holder = (fixed, args[0]) if fixed else (role_name(args[0]), args[1])
            add(step.contract, role, str(holder))
    return Policy(
        {c: {r: tuple(sorted(h)) for r, h in sorted(rs.items())} for c, rs in sorted(roles.items())}
    )


def parse(text: str, source: str = POLICY_FILE) -> Policy:
    """A policy from its YAML text; :class:`PolicyError` when malformed."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy {source} is not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or doc.get("version") != 1 or not isinstance(doc.get("roles"), dict):
        raise PolicyError(
            f"policy {source} must be a mapping with version: 1 and roles: contract -> role -> [holders]"
        )
    roles: dict[str, dict[str, tuple[str, ...]]] = {}
    for contract, table in doc["roles"].items():
        if not isinstance(table, dict):
            raise PolicyError(f"policy {source}: roles of {contract} must map role names to lists of holders")
        for role, holders in table.items():
            if not isinstance(holders, list) or not all(isinstance(h, str) for h in holders):
                raise PolicyError(f"policy {source}: {contract} {role} must be a list of names")
            roles.setdefault(str(contract), {})[str(role)] = tuple(sorted(holders))
    return Policy(roles, source)


def packaged_text() -> str:
    """The text of the policy shipped with this release of drex."""
    return resources.files(__name__).joinpath(POLICY_FILE).read_text()


def load(path: str | Path | None = None) -> Policy:
    """The policy in ``path``, or the packaged one."""
    if path is None:
        return parse(packaged_text(), f"{POLICY_FILE} (packaged with drex)")
    p = Path(path)
    try:
        return parse(p.read_text(), str(p))
    except OSError as exc:
        raise PolicyError(f"cannot read policy {p}: {exc.strerror}") from None


def main() -> None:
    """Rewrite the packaged policy from the deployment plan."""
    target = Path(__file__).with_name(POLICY_FILE)
    target.write_text(generate().to_yaml())
    print(f"wrote {target}")


__all__ = [
    "CONSTRUCTOR_GRANTS",
    "GRANTING",
    "POLICY_FILE",
    "Policy",
    "generate",
    "load",
    "packaged_text",
    "parse",
    "plan_steps",
]
