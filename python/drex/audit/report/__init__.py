"""``drex audit report``: one self-contained HTML file with every audit result, reproducible byte for byte.

The file has its CSS, its script (a filter for the role matrix) and its charts (inline SVG drawn by
:mod:`drex.audit.report.charts`) inside it, and no URL of any kind, so it opens from ``file://`` with no
network and no server. It is anchored to the chain (chain id, genesis hash, the index's block number and
hash) and says which drex wrote it and the SHA-256 of its inputs: the manifest file (or the AddressDiscovery
address), the expected-roles policy, the verify results when given, and the index (cursor and a digest of
every event up to it). Nothing else goes in (no "generated at" time, no temporary path), so a re-run over the
same inputs writes the same bytes; the block's own timestamp is the report's date.

The template (``report.html.j2``, package data) is rendered by Jinja2 with autoescaping on.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from drex.audit.report import charts

if TYPE_CHECKING:
    from drex.audit.roles import RolesAudit
    from drex.audit.source import Audit
    from drex.audit.supply import SupplyAudit

TEMPLATE = "report.html.j2"


@dataclass
class Inputs:
    """What the report is computed from, and their digests."""

    deployment: tuple[str, str]
    """(``manifest`` or ``AddressDiscovery``, SHA-256 of the manifest file or the address)."""
    policy: str
    """SHA-256 of the policy (its canonical YAML)."""
    index: dict[str, Any]
    verify: str | None = None
    digests: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    """The auditor's ``--account ROLE=ADDRESS`` (they change the result, so they are inputs)."""

    @property
    def sha256(self) -> str:
        doc = {
            "deployment": list(self.deployment),
            "policy": self.policy,
            "index": self.index,
            "verify": self.verify,
        }
        if self.accounts:  # absent when none was given, so a report without them keeps its digest
            doc["accounts"] = dict(sorted(self.accounts.items()))
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def events_digest(audit: Audit) -> tuple[str, int]:
    """SHA-256 over every indexed event up to the audit's block (block, hash, tx, log, address, topics, data;
    not the sequence number, which depends on the index's own history), and their count."""
    h = hashlib.sha256()
    n = 0
    for ev in audit.events():
        h.update(
            f"{ev.block}|{ev.block_hash}|{ev.tx}|{ev.log_index}|{ev.address}|{','.join(ev.topics)}|{ev.data}\n".encode()
        )
        n += 1
    return h.hexdigest(), n


def inputs_of(audit: Audit, policy_yaml: str, verify_bytes: bytes | None, discovery: str | None) -> Inputs:
    if audit.manifest_path is not None:
        deployment = ("manifest", _sha(audit.manifest_path.read_bytes()))
    else:
        deployment = ("AddressDiscovery", _sha((discovery or "").lower().encode()))
    digest, count = events_digest(audit)
    c = audit.cursor
    index = {
        "chainId": int(c.chain_id),
        "genesis": str(c.genesis_hash),
        "block": int(c.block_number),
        "blockHash": str(c.block_hash),
        "events": count,
        "eventsSha256": digest,
    }
    return Inputs(
        deployment,
        _sha(policy_yaml.encode()),
        index,
        _sha(verify_bytes) if verify_bytes else None,
        accounts=dict(audit.given_accounts),
    )


#: Events that configure the platform (roles, registrations, approvals, bindings) rather than move value:
#: counted apart from the operations chart.
CONFIGURATION = frozenset(
    {
        "RoleGranted",
        "RoleRevoked",
        "RoleAdminChanged",
        "AddressUpdated",
        "Approval",
        "ApprovalForAll",
        "DigitalCurrencyApprovalUpdated",
        "EnabledAccount",
        "DisabledAccount",
        "TPFtAddressEnabled",
        "TPFtAddressDisabled",
        "ParticipantWalletBound",
        "RealDigitalSet",
        "ReserveUpdated",
        "KeyDictionarySet",
        "MintLimitSet",
        "OperationIdRegistered",
        "DefaultAccountUpdated",
        "AuthorityHoldChanged",
        "DvPSet",
        "RegulatorKeySet",
        "AllowListChanged",
        "CustomerDataUpdated",
        "KeyRequested",
        "OwnerRegistered",
        "TPFtCreated",
        "TPFtIdPauseChanged",
        "TPFtPaymentStatusChanged",
    }
)


def _operation_kind(ev: Any) -> str:
    zero = "0x" + "0" * 40
    if ev.event in ("Transfer", "TransferSingle", "TransferBatch"):
        frm, to = str(ev.args.get("from", "")).lower(), str(ev.args.get("to", "")).lower()
        base = "bond " if ev.event != "Transfer" else ""
        what = "mint" if frm == zero else "burn" if to == zero else "transfer"
        return f"{base}{what}"
    return str(ev.event or "unknown log")


def _verify_rows(doc: Any) -> tuple[list[dict[str, str]], str]:
    """Rows (name, status, match, reason) of the JSON of ``drex audit verify --json``, and its raw text.

    That JSON is ``{"contracts": [{"name", "status", "match", "reasons"}, ...]}``; a plain list of such
    objects, or a name -> result mapping, is read too."""
    rows: list[dict[str, str]] = []
    items: Any = doc.get("contracts", doc.get("results", [])) if isinstance(doc, dict) else doc
    if isinstance(items, dict):
        items = [{"name": k, **(v if isinstance(v, dict) else {"status": v})} for k, v in items.items()]
    if isinstance(items, list):
        for it in items:
            if isinstance(it, dict):
                reasons = it.get("reasons", it.get("reason", ""))
                rows.append(
                    {
                        "name": str(it.get("name", it.get("contract", "?"))),
                        "status": str(it.get("status", it.get("result", "?"))),
                        "match": str(it.get("match") or ""),
                        "reason": "; ".join(map(str, reasons)) if isinstance(reasons, list) else str(reasons),
                    }
                )
    return rows, json.dumps(doc, indent=2, sort_keys=True)


def build_model(
    audit: Audit,
    roles: RolesAudit,
    supply: SupplyAudit,
    inputs: Inputs,
    verify: Any | None = None,
) -> dict[str, Any]:
    """Everything the template shows, already formatted for people."""
    import drex
    from drex.audit.roles import POWER_NAMES
    from drex.audit.supply import formatter
    from drex.sdk.display import account_label, moment, quantity, reais

    names = audit.names()

    def label(address: str) -> str:
        return account_label(address, names)

    # supply table and charts
    tokens = []
    for t in supply.tokens:
        fmt = formatter(t)
        broken = [b for b in supply.breaks if b.token == t.token]
        tokens.append(
            {
                "label": t.label,
                "token": t.token,
                "minted": fmt(t.minted),
                "burned": fmt(t.burned),
                "net": fmt(t.net),
                "total": fmt(t.total_supply),
                "balances": fmt(t.balances_sum),
                "frozen": fmt(t.frozen),
                "holders": t.holders,
                "reserve": None if t.reserve is None else label(t.reserve),
                "reserve_balance": None
                if t.reserve_balance is None
                else reais(t.reserve_balance, units=True),
                "backed": t.backed,
                "ok": not broken,
            }
        )
    rd = [t for t in supply.tokens if t.contract == "RealDigital"]
    rts = [t for t in supply.tokens if t.contract.startswith("RealTokenizado@")]
    bonds = [t for t in supply.tokens if t.is_bond]
    supply_chart = charts.step_chart(
        "Real Digital supply over time",
        [charts.Line(t.label, [(b, v) for b, _, v in t.series]) for t in rd],
        lambda v: reais(v, units=True),
        audit.block,
    )
    rt_chart = charts.step_chart(
        "Real Tokenizado supply over time, per bank",
        [charts.Line(t.label, [(b, v) for b, _, v in t.series]) for t in rts],
        lambda v: reais(v, units=True),
        audit.block,
    )
    bond_chart = (
        charts.step_chart(
            "TPFt supply over time (quantity per series)",
            [charts.Line(t.label, [(b, v) for b, _, v in t.series]) for t in bonds],
            lambda v: quantity(v, units=True),
            audit.block,
        )
        if bonds
        else None
    )

    # operations by type, settlement values, per-account activity
    ops: Counter[str] = Counter()
    configuration = 0
    swaps: list[tuple[str, int, int]] = []
    dvps: list[tuple[str, int, int]] = []
    activity: Counter[str] = Counter()
    for ev in audit.events():
        if ev.contract is None:
            continue  # a log of a contract that is not the platform's
        if ev.event in CONFIGURATION:
            configuration += 1
        else:
            ops[_operation_kind(ev)] += 1
        if ev.event == "DvPSettled":
            dvps.append((_dvp_kind(ev, names), int(ev.args["financialValue"]), ev.block))
        elif ev.event == "SwapExecuted":
            swaps.append((ev.contract or "swap", int(ev.args["amount"]), ev.block))
        if ev.event in ("Transfer", "TransferSingle", "TransferBatch"):
            for key in ("from", "to"):
                activity[str(ev.args.get(key, "")).lower()] += 1
    ops_chart = charts.hbar_chart(
        "Operations by type (events that move or hold value)",
        sorted(ops.items(), key=lambda kv: (-kv[1], kv[0]))[:16],
    )
    swap_kinds = sorted({k for k, _, _ in swaps})
    swap_chart = charts.vbar_chart(
        "Real Tokenizado swaps executed (in chain order)", swaps, swap_kinds, lambda v: reais(v, units=True)
    )
    dvp_kinds = sorted({k for k, _, _ in dvps})
    dvp_chart = charts.vbar_chart(
        "TPFt DvP settlements, financial value (in chain order)",
        dvps,
        dvp_kinds,
        lambda v: reais(v, units=True),
    )

    # roles
    powers = roles.powers_by_account()
    holdings = [
        {
            "contract": h.contract,
            "role": h.role,
            "account": label(h.account),
            "status": h.status,
            "events": "granted" if h.by_events else "—",
            "chain": "yes" if h.on_chain else "no",
            "disagrees": h.disagrees,
        }
        for h in roles.holdings
    ]

    # per-account summary: every named account and every holder of something
    balances: dict[str, dict[str, int]] = {}
    for t in supply.tokens:
        for account, value in sorted(t.balances.items()):
            if value:
                balances.setdefault(account.lower(), {})[t.token] = value
    labels = {t.token: (t.label, formatter(t)) for t in supply.tokens}
    accounts = named_first(
        {a.lower() for a in audit.accounts().values()} | set(balances) | {a.lower() for a in powers},
        audit.accounts(),
        names,
    )
    per_account = []
    for a in accounts:
        checksum = next((x for x in [*powers, *names.values()] if x.lower() == a), None) or _checksum(a)
        per_account.append(
            {
                "account": label(checksum),
                "holdings": [
                    f"{labels[tok][0]}: {labels[tok][1](v)}" for tok, v in sorted(balances.get(a, {}).items())
                ],
                "movements": activity.get(a, 0),
                "powers": [p for p in POWER_NAMES if p in powers.get(checksum, {})],
            }
        )

    verify_rows, verify_text = _verify_rows(verify) if verify is not None else ([], "")
    block_time = audit.store.block_time(audit.block)
    return {
        "title": f"DREX audit — chain {audit.chain_id}, block {audit.block}",
        "version": drex.__version__,
        "chain_id": audit.chain_id,
        "block": audit.block,
        "block_hash": audit.block_hash,
        "genesis": str(audit.cursor.genesis_hash),
        "block_time": moment(int(block_time)),
        "inputs": inputs,
        "inputs_sha256": inputs.sha256,
        "roles": roles,
        "roles_clean": roles.clean,
        "differences": [h for h in holdings if h["status"] in ("unexpected", "missing", "unverified")],
        "disagreements": [h for h in holdings if h["disagrees"]],
        "holdings": holdings,
        "powers": [
            {"account": label(a), "powers": [(p, ", ".join(v)) for p, v in powers[a].items()]}
            for a in named_first(powers, audit.accounts(), names)
        ],
        "power_names": POWER_NAMES,
        "other_powers": roles.other_powers,
        "unresolved": roles.unresolved,
        "supply": tokens,
        "supply_clean": supply.clean,
        "breaks": [
            {
                "token": b.token,
                "invariant": b.invariant,
                "block": "unknown" if b.block is None else (str(b.block) if b.exact else f"≤ {b.block}"),
                "detail": b.detail,
            }
            for b in supply.breaks
        ],
        "charts": {
            "supply": supply_chart,
            "rt": rt_chart,
            "bonds": bond_chart,
            "ops": ops_chart,
            "swaps": swap_chart,
            "dvps": dvp_chart,
        },
        "configuration_events": configuration,
        "accounts": per_account,
        "verify": verify is not None,
        "verify_rows": verify_rows,
        "verify_text": verify_text,
        "verify_anchor": _verify_anchor(verify, audit),
        "verify_clean": all(r["status"].upper() in ("MATCH", "OK", "PASS") for r in verify_rows)
        if verify_rows
        else None,
    }


def _dvp_kind(ev: Any, names: dict[str, str]) -> str:
    """The operation contract that settled a DvP (``TPFtOperation1052``), from the event's ``operation``."""
    operation = str(ev.args.get("operation", "")).lower()
    return next((n for n, a in names.items() if a.lower() == operation), "TPFt DvP")


def named_first(addresses: Any, accounts: dict[str, str], names: dict[str, str]) -> list[str]:
    """``addresses`` in reading order: the manifest's accounts by role, contracts by name, then the rest."""
    roles = {a.lower(): r for r, a in accounts.items()}
    others = {a.lower(): n for n, a in names.items()}

    def key(address: str) -> tuple[int, str]:
        low = address.lower()
        if low in roles:
            return (0, roles[low])
        return (1, others[low]) if low in others else (2, low)

    return sorted(addresses, key=key)


def _verify_anchor(doc: Any, audit: Audit) -> str:
    """Where the verify results were taken, and a warning when that is another chain than the report's."""
    if not isinstance(doc, dict) or "chainId" not in doc:
        return ""
    block = f"{doc.get('block')} {doc.get('blockHash', '')}".strip()
    where = f"checked on chain {doc.get('chainId')} at block {block}"
    if int(doc["chainId"]) != audit.chain_id:
        return f"{where}: ANOTHER CHAIN than this report's ({audit.chain_id})"
    return where


def _checksum(address: str) -> str:
    from drex.sdk.values import to_address

    return str(to_address(address))


def render(model: dict[str, Any]) -> str:
    """The HTML text of the report (Jinja2, autoescape on; the charts are trusted SVG built here)."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = env.from_string(resources.files(__name__).joinpath(TEMPLATE).read_text())
    svg = {k: (Markup(v) if v is not None else None) for k, v in model["charts"].items()}  # noqa: S704 - built by charts.py, every text escaped
    return template.render({**model, "charts": svg})


__all__ = ["TEMPLATE", "Inputs", "build_model", "events_digest", "inputs_of", "named_first", "render"]
