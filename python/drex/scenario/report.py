"""The settlement report of ``drex demo``: final balances read from the chain, a summary, the details.

:func:`build_report` runs after every phase: it reads each wallet's balances from the chain (Real
Digital, each bank's Real Tokenizado, every bond series) at the latest block, and gathers what the
phases recorded on the :class:`~drex.scenario.Session`. :func:`summary_lines` renders the one-screen
summary (what was deployed, how many operations of each kind settled, were refused as expected or were
cancelled, the final balances, the invariants checked), :func:`detail_lines` the phases one by one, and
:func:`as_json` the summary as one JSON document with raw integers (centavos, hundredths of a bond, Unix
seconds). Every value people read goes through :mod:`drex.sdk.display`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from drex.chain.reverts import ContractRevert
from drex.sdk.display import moment, quantity, reais

if TYPE_CHECKING:
    from drex.chain import Chain
    from drex.deploy import Manifest
    from drex.scenario import Check, Phase, Session
    from drex.scenario.audit import AuditOutcome
    from drex.sdk.tpft_values import Series

#: Contracts whose balances the final table shows when they hold something (escrows and reserves).
HOLDING_CONTRACTS = ("SwapTwoStepsReserve", "TPFtRepaymentReserve")
OUTCOMES = ("settled", "refused", "cancelled")
_STEP = re.compile(r"^([\w@]+)\.(\w+)\(")


def explain(exc: ContractRevert) -> str:
    """A revert in business terms: the error's name and what its arguments mean."""
    name, args = exc.error_name, exc.args
    if name == "SwapExpired" and len(args) == 2:
        return f"{name}, proposal {args[0]} could be accepted until {moment(int(args[1]))}"
    if name == "OperationMismatch" and len(args) == 1:
        return f"{name}, the command's terms differ from those registered for operation {args[0]}"
    if name == "Error":
        return exc.message
    return f"{name}({', '.join(str(a) for a in args)})"


def record_deployment(session: Session, steps: list[str]) -> None:
    """The deployment phase's entries, from the deployer's progress messages."""
    config: Counter[str] = Counter()
    for step in steps:
        m = _STEP.match(step)
        if m:
            config[m.group(2)] += 1
    contracts = session.manifest.contracts
    sent = sum(1 for s in steps if s.startswith("deploying "))
    if sent:
        session.op(
            "contract deployment",
            "settled",
            f"{sent} contracts deployed and registered in AddressDiscovery",
            count=sent,
        )
    else:
        session.step(f"the {len(contracts)} contracts of the manifest were already deployed: nothing sent")
    if config:
        what = ", ".join(f"{fn} x{n}" for fn, n in config.most_common())
        total = sum(config.values())
        session.op("platform configuration", "settled", f"{total} configuration calls: {what}", count=total)
    session.table(
        "Contracts (each registered in AddressDiscovery under keccak256 of its name)",
        ["contract", "address"],
        [[name, entry["address"]] for name, entry in contracts.items()],
    )


@dataclass
class Balances:
    """Balances read from the chain at ``block``: one row per wallet, one column per token or series."""

    block: int
    timestamp: int
    columns: list[str]
    bond_columns: int
    rows: list[tuple[str, str, list[Decimal]]]
    empty: list[str] = field(default_factory=list)
    """Wallets that hold nothing at all (not in ``rows``)."""


def read_balances(
    chain: Chain, manifest: Manifest, wallets: dict[str, str], series: list[Series]
) -> Balances:
    """Every wallet's balance of Real Digital, each Real Tokenizado and each bond series, read now."""
    from drex.sdk import Platform
    from drex.sdk.tokens import Token
    from drex.sdk.tpft import TPFtPlatform

    platform = Platform.from_manifest(chain, manifest)
    block = platform.block_number()
    coins: list[tuple[str, Token]] = [("Real Digital", platform.real_digital)]
    for role, cnpj8 in manifest.participants.items():
        if f"RealTokenizado@{cnpj8}" in manifest.contracts:
            coins.append((f"RT {role}", platform.real_tokenizado(cnpj8)))
    tpft = TPFtPlatform(platform).tpft if series else None
    holders = dict(wallets)
    for name in HOLDING_CONTRACTS:
        if name in manifest.contracts:
            holders[name] = manifest.contracts[name]["address"]
    rows, empty = [], []
    for role, address in holders.items():
        values = [coin.balance_of(address) for _, coin in coins]
        if tpft is not None:
            values += [tpft.balance_of(address, s) for s in series]
        if any(values):
            rows.append((role, address, values))
        elif role in wallets:
            empty.append(role)
    columns = [label for label, _ in coins] + [f"{s.acronym} {s.maturity_date}" for s in series]
    stamp = int(chain.w3.eth.get_block(block)["timestamp"])
    return Balances(block, stamp, columns, len(series), rows, empty)


@dataclass
class Report:
    """Everything the demo prints, gathered after the last phase."""

    network: str
    chain_id: int
    contracts: dict[str, str]
    phases: list[Phase]
    checks: list[Check]
    balances: Balances
    elapsed: float
    note: str = ""
    notes: list[str] = field(default_factory=list)
    audit: AuditOutcome | None = None

    @property
    def all_hold(self) -> bool:
        return all(c.holds for c in self.checks)

    def operations(self) -> list[tuple[str, Counter[str]]]:
        """Per kind of operation (first seen first): how many settled, were refused as expected, were
        cancelled, and were registered but never settled nor cancelled (``pending``)."""
        counts: dict[str, Counter[str]] = {}
        open_refs: dict[str, set[str]] = {}
        for phase in self.phases:
            for e in phase.entries:
                if e.kind is None or e.outcome is None:
                    continue
                c = counts.setdefault(e.kind, Counter())
                refs = open_refs.setdefault(e.kind, set())
                if e.outcome == "registered":
                    if e.ref is not None:
                        refs.add(e.ref)
                    continue
                c[e.outcome] += e.count
                if e.outcome != "refused" and e.ref is not None:
                    refs.discard(e.ref)
        for kind, refs in open_refs.items():
            counts[kind]["pending"] = len(refs)
        return list(counts.items())


def build_report(
    session: Session, elapsed: float, note: str = "", audit: AuditOutcome | None = None
) -> Report:
    """Read the final balances from the chain (after every phase) and gather the session's records."""
    balances = read_balances(session.chain, session.manifest, session.wallets, session.series)
    contracts = {name: entry["address"] for name, entry in session.manifest.contracts.items()}
    chain = session.chain
    return Report(
        chain.name,
        chain.chain_id,
        contracts,
        session.phases,
        session.checks,
        balances,
        elapsed,
        note,
        audit=audit,
    )


def _cell(value: Decimal, bonds: bool) -> str:
    return quantity(value) if bonds else reais(value)


def _table(headers: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    out = []
    for row in [headers, *rows]:
        cells = (
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        out.append((indent + "  ".join(cells)).rstrip())
    return out


def balance_rows(b: Balances) -> list[list[str]]:
    """The final balances table's cells, as printed."""
    first_bond = len(b.columns) - b.bond_columns
    return [[role, *(_cell(v, i >= first_bond) for i, v in enumerate(values))] for role, _, values in b.rows]


def summary_lines(r: Report) -> list[str]:
    b = r.balances
    out = ["DREX demo: settlement report", ""]
    out.append(f"network     {r.network} (chain id {r.chain_id})")
    if r.note:
        out.append(f"            {r.note}")
    out += [f"            {n}" for n in r.notes]
    first = r.phases[0].started_at if r.phases else b.timestamp
    out.append(f"chain time  {moment(first)} to {moment(b.timestamp)}, {b.block} blocks, {r.elapsed:.1f} s")
    tpft = sum(1 for n in r.contracts if n.startswith("TPFt"))
    out.append(
        f"deployed    {len(r.contracts)} contracts: {len(r.contracts) - tpft} for Real Digital, Real "
        f"Tokenizado and swaps, {tpft} for tokenized federal bonds"
    )
    out += ["", "Operations"]
    rows = []
    for kind, c in r.operations():
        rows.append([kind, *(str(c[o]) if c[o] else "" for o in (*OUTCOMES, "pending"))])
    out += _table(["", "settled", "refused as expected", "cancelled", "left pending"], rows)
    out += [
        "",
        f"Final balances, read from the chain at block {b.block} ({moment(b.timestamp)}), after every phase",
    ]
    out += _table(["wallet", *b.columns], balance_rows(b))
    if b.empty:
        out.append(f"  nothing held by {', '.join(b.empty)}")
    out += ["", f"Invariants checked on chain: {'all hold' if r.all_hold else 'VIOLATED'}"]
    for check in r.checks:
        out.append(f"  {'holds   ' if check.holds else 'VIOLATED'}  {check.name}: {check.detail}")
    if r.audit is not None:
        a = r.audit
        out += [
            "",
            f"Audit of the chain at block {a.block} ({a.block_hash[:18]}…): "
            + ("clean" if a.clean else "FOUND PROBLEMS"),
        ]
        out += [f"  {line}" for line in a.lines()]
    return out


def _entry(text: str, outcome: str | None, reason: str) -> str:
    if outcome is None:
        return f"  . {text}"
    words = {
        "settled": "settled",
        "refused": f"refused as expected: {reason}",
        "registered": "registered, awaiting the counterpart",
        "cancelled": "cancelled",
    }[outcome]
    return f"  - {text}: {words}"


def detail_lines(r: Report) -> list[str]:
    out: list[str] = ["Details"]
    for phase in r.phases:
        out += ["", f"{phase.number}. {phase.title} (chain time {moment(phase.started_at)})"]
        out += [_entry(e.text, e.outcome, e.reason) for e in phase.entries]
        for t in phase.tables:
            out += ["", f"  {t.title}"]
            out += _table(t.headers, t.rows, "    ")
            out += [f"    {n}" for n in t.notes]
    return out


def render(r: Report) -> str:
    """The whole report: the summary, then the details."""
    return "\n".join([*summary_lines(r), "", "", *detail_lines(r)])


def as_json(r: Report) -> dict[str, Any]:
    """The summary as one JSON document, raw integers: centavos, hundredths of a bond, Unix seconds."""
    b = r.balances
    first_bond = len(b.columns) - b.bond_columns
    return {
        "network": r.network,
        "chainId": r.chain_id,
        "note": r.note or None,
        "notes": r.notes,
        "block": b.block,
        "timestamp": b.timestamp,
        "startTimestamp": r.phases[0].started_at if r.phases else b.timestamp,
        "seconds": round(r.elapsed, 1),
        "contracts": r.contracts,
        "operations": {kind: {o: c[o] for o in (*OUTCOMES, "pending")} for kind, c in r.operations()},
        "balances": {
            "columns": b.columns,
            "units": ["centavos"] * first_bond + ["hundredths"] * b.bond_columns,
            "wallets": {
                role: {"address": address, "values": [int(v * 100) for v in values]}
                for role, address, values in b.rows
            },
            "empty": b.empty,
        },
        "invariants": [{"name": c.name, "holds": c.holds} for c in r.checks],
        "allHold": r.all_hold,
        "audit": r.audit.as_json() if r.audit is not None else None,
    }
