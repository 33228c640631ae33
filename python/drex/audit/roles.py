"""``drex audit roles``: who holds which role on every AccessControl contract, against the expected policy.

The matrix is rebuilt from the index's ``RoleGranted`` / ``RoleRevoked`` events (in sequence order, the last
one wins) and confirmed with ``hasRole`` at the audit's block for every (contract, role, account) the events
or the policy name; an event history that disagrees with ``hasRole`` is reported (a role granted by a path
that emits nothing, or an index missing events). Role identifiers are named from the ``*_ROLE`` constants of
the compiled ABIs (``keccak256("MINTER_ROLE")``) and ``DEFAULT_ADMIN_ROLE`` (zero); an unknown one stays hex.

The matrix is then diffed against :mod:`drex.audit.policy`: a holder the policy does not expect is
``unexpected``, an expected one that does not hold the role is ``missing``. :data:`POWERS` says, from the
sources in ``contracts/``, what each role lets its holder do; every holder of a role that can mint, burn,
move (forced transfer), freeze, pause or re-map an address (AddressDiscovery, the participant and reserve
bindings) is listed in :attr:`RolesAudit.powers`. Powers outside AccessControl are listed too
(:attr:`RolesAudit.other_powers`): ``owner()`` of any Ownable contract of the deployment, the Besu
permissioning admins when the chain has the permissioning contracts, and the roleless re-mappings the
contracts allow (KeyDictionary's keys, moved by the bank of the customer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from eth_utils.crypto import keccak

from drex.audit.policy import Policy

if TYPE_CHECKING:
    from drex.audit.source import Audit

ADMIN = "DEFAULT_ADMIN_ROLE"

#: The powers the highlight looks for, in display order.
POWER_NAMES = ("mint", "burn", "move", "freeze", "pause", "re-map", "administer roles")

_CBDC: dict[str, tuple[str, ...]] = {
    "MINTER_ROLE": ("mint",),
    "BURNER_ROLE": ("burn",),
    "MOVER_ROLE": ("move", "burn"),  # move(from, to) and moveAndBurn(from)
    "FREEZER_ROLE": ("freeze",),
    "PAUSER_ROLE": ("pause",),
    ADMIN: ("freeze", "administer roles"),  # increaseFrozenBalance accepts the admin too
}
_ADMIN_ONLY: dict[str, tuple[str, ...]] = {ADMIN: ("administer roles",)}
_OPERATION: dict[str, tuple[str, ...]] = {ADMIN: ("pause", "administer roles")}

#: artifact -> role -> powers, read from the contracts' sources (``onlyRole`` / ``_checkRole`` of each
#: function). A role absent here grants none of :data:`POWER_NAMES` (ACCESS_ROLE of an approval registry...).
POWERS: dict[str, dict[str, tuple[str, ...]]] = {
    # setParticipantWallet / setKeyDictionary by the admin; setAccount (wallet -> participant) by REGISTRAR;
    # disableAccount by ACCESS_ROLE (or the admin) blocks every movement of the wallet: a freeze in effect
    "RealDigital": {
        **_CBDC,
        ADMIN: ("freeze", "re-map", "administer roles"),
        "REGISTRAR_ROLE": ("re-map",),
        "ACCESS_ROLE": ("freeze",),
    },
    # updateReserve by ACCESS_ROLE; setRealDigital (the reserve registry) by the admin; disableAccount too
    "RealTokenizado": {
        **_CBDC,
        ADMIN: ("freeze", "re-map", "administer roles"),
        "ACCESS_ROLE": ("freeze", "re-map"),
    },
    "AddressDiscovery": {**_ADMIN_ONLY, "ACCESS_ROLE": ("re-map",)},  # updateAddress
    "RealDigitalDefaultAccount": {**_ADMIN_ONLY, "ACCESS_ROLE": ("re-map",)},  # addDefaultAccount
    "TPFt": {
        "MINTER_ROLE": ("mint", "burn"),  # burn(from == caller): the minter burns the bonds it holds
        "FREEZER_ROLE": ("freeze",),
        "REPAYMENT_ROLE": ("burn", "pause"),  # burns at repayment; setTpftIdToPaused
        ADMIN: ("freeze", "pause", "administer roles"),  # disableAddress (sticky) blocks every transfer
    },
    "TPFtDvP": {**_ADMIN_ONLY, "OPERATION_ROLE": ("move",)},  # settle delivers both legs
    "TPFtOperation1002": _OPERATION,
    "TPFtOperation1052": _OPERATION,
    "TPFtOperation1054": _OPERATION,
    "TPFtOperation1056": _OPERATION,
    "TPFtOperation1012": {**_ADMIN_ONLY, "REPAYMENT_ROLE": ("burn", "move")},  # repays: burns bonds, pays
    "TPFtRepaymentReserve": {**_ADMIN_ONLY, "ACCESS_ROLE": ("move",)},  # withdrawFrom
    "ShieldedRealDigitalPool": {ADMIN: ("freeze", "pause", "administer roles")},
    "ShieldedTPFtPool": {ADMIN: ("freeze", "pause", "administer roles")},
}

#: Powers that no role guards, stated once for the report.
ROLELESS = (
    "KeyDictionary: each participant re-maps the keys of its own customers to new wallets (no role; "
    "checked against RealDigital's participant bindings)",
    "STR: the admin of RealDigital sets each participant's mint limit",
)


@cache
def role_names() -> dict[str, str]:
    """0x-hex role id -> name, from every ``*_ROLE`` constant of the compiled ABIs, and DEFAULT_ADMIN_ROLE."""
    from drex.build.artifacts import contract_names, load_artifact
    from drex.sdk.display import ROLE_NAMES

    names = set(ROLE_NAMES)
    for artifact in contract_names():
        for entry in load_artifact(artifact)["abi"]:
            name = str(entry.get("name", ""))
            if entry.get("type") == "function" and name.endswith("_ROLE") and not entry.get("inputs"):
                names.add(name)
    table = {"0x" + keccak(text=n).hex(): n for n in sorted(names) if n != ADMIN}
    table["0x" + bytes(32).hex()] = ADMIN
    return table


def role_name(role_id: str) -> str:
    return role_names().get(role_id.lower(), role_id.lower())


def role_id(name: str) -> str:
    if name == ADMIN:
        return "0x" + bytes(32).hex()
    if name.startswith("0x"):
        return name.lower()
    return "0x" + keccak(text=name).hex()


@dataclass(frozen=True)
class Holding:
    """One (contract, role, account) of the matrix: what the events say and what ``hasRole`` says."""

    contract: str
    role: str
    account: str
    by_events: bool
    on_chain: bool
    expected: bool
    last_block: int | None = None
    """The block of the last RoleGranted/RoleRevoked of this triple (None: no event)."""
    unverifiable: bool = False
    """The policy names holders of this role that the deployment cannot resolve (an audit through
    AddressDiscovery, without the manifest's accounts): an unexpected account may be one of them."""

    @property
    def disagrees(self) -> bool:
        return self.by_events != self.on_chain

    @property
    def status(self) -> str:
        if self.on_chain and not self.expected:
            return "unverified" if self.unverifiable else "unexpected"
        if self.expected and not self.on_chain:
            return "missing"
        return "ok" if self.on_chain else "revoked"


@dataclass(frozen=True)
class Power:
    """An account able to do something sensitive, and through which role of which contract."""

    account: str
    power: str
    contract: str
    role: str


@dataclass
class RolesAudit:
    """The result of :func:`audit_roles`."""

    block: int
    policy: str
    holdings: list[Holding]
    powers: list[Power]
    other_powers: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    """Policy holders no trusted address resolves (off a dev network, a role not given as ``--account``)."""
    account_problems: list[str] = field(default_factory=list)
    """The manifest's accounts that differ from the trusted ones (:mod:`drex.audit.accounts`)."""

    @property
    def held(self) -> list[Holding]:
        return [h for h in self.holdings if h.on_chain]

    @property
    def differences(self) -> list[Holding]:
        """Holdings that differ from the policy (unexpected, missing) or cannot be confirmed (unverified: held
        by an account while the policy names a holder of that role whose address is not known)."""
        return [h for h in self.holdings if h.status in ("unexpected", "missing", "unverified")]

    @property
    def unverified(self) -> list[Holding]:
        return [h for h in self.holdings if h.status == "unverified"]

    @property
    def disagreements(self) -> list[Holding]:
        """Holdings where the events and ``hasRole`` disagree."""
        return [h for h in self.holdings if h.disagrees]

    @property
    def clean(self) -> bool:
        # an unresolved policy holder leaves its roles unchecked (neither "missing" nor "unexpected" can be
        # told): the audit cannot say the roles are as expected
        return (
            not self.differences
            and not self.disagreements
            and not self.account_problems
            and not self.unresolved
        )

    def as_dict(self, names: dict[str, str] | None = None) -> dict[str, Any]:
        label = _labeller(names or {})
        return {
            "block": self.block,
            "policy": self.policy,
            "clean": self.clean,
            "holdings": [
                {
                    "contract": h.contract,
                    "role": h.role,
                    "account": h.account,
                    "name": label(h.account),
                    "onChain": h.on_chain,
                    "byEvents": h.by_events,
                    "expected": h.expected,
                    "status": h.status,
                    "lastBlock": h.last_block,
                }
                for h in self.holdings
            ],
            "differences": [
                {"contract": h.contract, "role": h.role, "account": h.account, "status": h.status}
                for h in self.differences
            ],
            "disagreements": [
                {
                    "contract": h.contract,
                    "role": h.role,
                    "account": h.account,
                    "byEvents": h.by_events,
                    "onChain": h.on_chain,
                }
                for h in self.disagreements
            ],
            "powers": [
                {
                    "account": p.account,
                    "name": label(p.account),
                    "power": p.power,
                    "contract": p.contract,
                    "role": p.role,
                }
                for p in self.powers
            ],
            "otherPowers": self.other_powers,
            "unresolved": self.unresolved,
            "accountProblems": self.account_problems,
        }

    def powers_by_account(self) -> dict[str, dict[str, list[str]]]:
        """account -> power -> ["contract ROLE", ...], in :data:`POWER_NAMES` order."""
        out: dict[str, dict[str, list[str]]] = {}
        for p in self.powers:
            out.setdefault(p.account, {}).setdefault(p.power, []).append(f"{p.contract} {p.role}")
        return {a: {k: sorted(v[k]) for k in POWER_NAMES if k in v} for a, v in sorted(out.items())}


def _labeller(names: dict[str, str]) -> Any:
    by_address = {a.lower(): n for n, a in names.items()}

    def label(address: str) -> str | None:
        return by_address.get(address.lower())

    return label


def _artifact(audit: Audit, name: str) -> str:
    if audit.manifest is not None:
        entry = audit.manifest.contracts.get(name, {})
        if entry.get("artifact"):
            return str(entry["artifact"])
    from drex.sdk.platform import artifact_of

    return artifact_of(name)


def _has_role_abi(abi: Iterable[Any]) -> bool:
    return any(e.get("type") == "function" and e.get("name") == "hasRole" for e in abi)


def audit_roles(audit: Audit, policy: Policy) -> RolesAudit:
    """The role matrix of the deployment under ``audit`` diffed against ``policy`` (see the module)."""
    from drex.sdk.values import to_address

    contracts = audit.contracts()
    names = audit.names()
    trusted = audit.resolved_accounts()
    by_address = {a.lower(): n for n, a in contracts.items()}
    bound = {n: audit.platform.contract(n) for n in contracts}
    access = {n: c for n, c in bound.items() if _has_role_abi(c.abi)}

    # events: (contract, role name, account) -> (granted, block)
    seen: dict[tuple[str, str, str], tuple[bool, int]] = {}
    for ev in audit.events(names=("RoleGranted", "RoleRevoked")):
        contract = ev.contract or by_address.get(ev.address.lower())
        if contract is None or contract not in access:
            continue
        key = (contract, role_name(str(ev.args["role"])), str(to_address(ev.args["account"])))
        seen[key] = (ev.event == "RoleGranted", ev.block)

    # the policy, resolved against the deployment's names
    expected: set[tuple[str, str, str]] = set()
    unresolved: set[str] = set()
    open_roles: set[tuple[str, str]] = set()  # (contract, role) with a holder no name resolves
    for contract, table in policy.roles.items():
        if contract not in access:
            continue  # not deployed here (a platform without the shielded pools)
        for role, holders in table.items():
            for holder in holders:
                address = names.get(holder)
                if address is None:
                    unresolved.add(holder)
                    open_roles.add((contract, role))
                else:
                    expected.add((contract, role, str(to_address(address))))

    holdings: list[Holding] = []
    for key in sorted(set(seen) | expected):
        contract, role, account = key
        fn = access[contract].functions.hasRole(bytes.fromhex(role_id(role)[2:]), account)
        on_chain = bool(fn.call(block_identifier=audit.block))
        granted, last = seen.get(key, (False, None))
        unverifiable = (contract, role) in open_roles and account.lower() not in by_address
        holdings.append(
            Holding(contract, role, account, granted, on_chain, key in expected, last, unverifiable)
        )

    powers = [
        Power(h.account, power, h.contract, h.role)
        for h in holdings
        if h.on_chain
        for power in POWERS.get(_artifact(audit, h.contract), {}).get(h.role, ())
    ]
    return RolesAudit(
        audit.block,
        policy.source,
        holdings,
        sorted(powers, key=lambda p: (p.account, POWER_NAMES.index(p.power), p.contract, p.role)),
        _other_powers(audit, bound, names),
        sorted(unresolved),
        list(trusted.problems),
    )


def _other_powers(audit: Audit, bound: dict[str, Any], names: dict[str, str]) -> list[str]:
    """Powers no AccessControl role guards: Ownable owners, Besu permissioning admins, roleless re-maps."""
    from drex.sdk.display import account_label

    out: list[str] = []
    for name, contract in sorted(bound.items()):
        if any(
            e.get("type") == "function" and e.get("name") == "owner" and not e.get("inputs")
            for e in contract.abi
        ):
            owner = contract.functions.owner().call(block_identifier=audit.block)
            out.append(f"{name}: owner {account_label(owner, names)} (Ownable: every onlyOwner function)")
    out += _permissioning_admins(audit, names)
    out += [line for line in ROLELESS if line.split(":")[0] in bound]
    return out


def _permissioning_admins(audit: Audit, names: dict[str, str]) -> list[str]:
    from drex.besu import addresses
    from drex.sdk.display import account_label

    w3 = audit.chain.w3
    if not w3.eth.get_code(w3.to_checksum_address(addresses.NODE_INGRESS_ADDRESS)):
        return []
    from drex.besu.perm import Permissioning

    try:
        admins = Permissioning(w3).admins()
    except Exception as exc:  # noqa: BLE001 - ingress present but rules not wired: say so, do not fail the audit
        return [f"Besu permissioning: ingress present but its admins could not be read ({exc})"]
    return [
        "Besu permissioning: admins "
        + ", ".join(account_label(w3.to_checksum_address(a), names) for a in admins)
        + " (add or remove nodes, accounts and admins)"
    ]


__all__ = [
    "ADMIN",
    "POWERS",
    "POWER_NAMES",
    "ROLELESS",
    "Holding",
    "Power",
    "RolesAudit",
    "audit_roles",
    "role_id",
    "role_name",
    "role_names",
]
