"""``drex audit roles|supply|history|report``: the auditor's checks of a deployed platform.

The auditor has the deployment (``--manifest``, or ``--discovery ADDRESS`` of its AddressDiscovery) and a
node (``--network URL``). Each command reads the event index given with ``--db URL`` (as it stands, up to its
cursor) or, without it, indexes the chain into a temporary SQLite file first (:mod:`drex.audit.source`).
``roles`` and ``supply`` exit with status 1 when they find a difference or a broken invariant, as does
``report`` (which writes its file either way). Only Typer is imported at module level, so ``drex --help``
stays fast.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import echo, emit_json, progress
from drex.cli.options import CHAIN, current, shared_group

if TYPE_CHECKING:
    from drex.audit.source import Audit

audit_app = typer.Typer(
    cls=shared_group(*CHAIN),
    help="Audit a deployment (manifest or AddressDiscovery) on a node: roles, supply, history, report.",
    no_args_is_help=True,
)

Db = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLAlchemy URL of an existing index (default: index into a temporary SQLite file)"
    ),
]
Discovery = Annotated[
    str | None,
    typer.Option("--discovery", help="find the platform through this AddressDiscovery instead of a manifest"),
]
AccountOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--account",
        metavar="ROLE=ADDRESS",
        help="the deployment's address of ROLE (BCB, STN, BANK_A...); off a dev network the only source of "
        "role addresses (the manifest's are not trusted); repeatable",
    ),
]
PolicyOpt = Annotated[
    Path | None,
    typer.Option("--policy", help="expected-roles policy YAML (default: the one shipped with drex)"),
]


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@contextmanager
def _open(db: str | None, discovery: str | None, account: list[str] | None = None) -> Iterator[Audit]:
    from drex.audit.deployment import parse_accounts
    from drex.audit.source import open_audit
    from drex.chain import connect
    from drex.deploy import read_manifest

    opts = current()
    given = parse_accounts(account or [])
    manifest = None if discovery else read_manifest(opts.manifest)
    chain = connect(opts.network, expect_chain_id=manifest.chain_id if manifest else None, start_local=False)
    try:
        audit = open_audit(
            chain,
            manifest=manifest,
            manifest_path=None if discovery else opts.manifest,
            discovery=discovery,
            db_url=db,
            accounts=given,
            progress=progress,
        )
        try:
            yield audit
        finally:
            audit.close()
    finally:
        chain.close()


def _table(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], right: frozenset[int] = frozenset()
) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), *(line(r) for r in rows)]


@audit_app.command("roles")
def roles(
    db: Db = None, discovery: Discovery = None, policy: PolicyOpt = None, account: AccountOpt = None
) -> None:
    """The role matrix of every AccessControl contract, confirmed on chain, diffed against the policy, with
    every account that can mint, burn, move, freeze, pause or re-map highlighted (exit 1 on a difference)."""
    from drex.audit import policy as policies
    from drex.audit.report import named_first
    from drex.audit.roles import audit_roles
    from drex.sdk.display import account_label

    expected = policies.load(policy)
    with _open(db, discovery, account) as audit:
        result = audit_roles(audit, expected)
        names = audit.names()
        trusted = audit.resolved_accounts()
        if current().json:
            emit_json({**result.as_dict(names), "roleAddresses": trusted.as_dict()})
        else:
            echo(f"roles at block {audit.block} of chain {audit.chain_id}, policy {result.policy}")
            for line in trusted.table():
                echo(line)
            rows = [
                (
                    h.contract,
                    h.role,
                    account_label(h.account, names),
                    h.status + (" (events disagree)" if h.disagrees else ""),
                )
                for h in result.holdings
                if h.on_chain or h.status != "revoked" or h.disagrees
            ]
            for line in _table(("contract", "role", "account", "status"), rows):
                echo(line)
            echo("")
            echo("who can mint, burn, move, freeze, pause or re-map:")
            by_account = result.powers_by_account()
            for holder in named_first(by_account, audit.accounts(), names):
                echo(f"  {account_label(holder, names)}")
                for power, where in by_account[holder].items():
                    echo(f"    {power}: {', '.join(where)}")
            for line in result.other_powers:
                echo(f"  {line}")
            if result.unresolved:
                echo(
                    f"policy names with no trusted address: {', '.join(result.unresolved)} "
                    "(give --account ROLE=0x... for each)"
                )
            echo("")
            for problem in result.account_problems:
                echo(f"manifest account: {problem}")
            if result.unresolved:
                echo(
                    f"cannot confirm the roles of {', '.join(result.unresolved)} ({len(result.unverified)} "
                    "holding(s) unverified): their addresses are unknown; give --account ROLE=0x... for each"
                )
            if result.clean:
                echo("roles: as the policy expects")
            else:
                echo(
                    f"roles: {len(result.differences)} difference(s) from the policy, "
                    f"{len(result.disagreements)} event/state disagreement(s), "
                    f"{len(result.account_problems)} manifest account problem(s), "
                    f"{len(result.unresolved)} role(s) without an address"
                )
                for h in result.differences:
                    echo(f"  {h.status}: {h.contract} {h.role} {account_label(h.account, names)}")
    if not result.clean:
        raise typer.Exit(1)


@audit_app.command("supply")
def supply(db: Db = None, discovery: Discovery = None) -> None:
    """Per token: Σmint − Σburn = totalSupply = Σbalances, frozen ≤ balance, Real Tokenizado backed by its
    reserve, and the first block where an invariant breaks (exit 1 if one does)."""
    from drex.audit.supply import audit_supply, formatter

    with _open(db, discovery) as audit:
        result = audit_supply(audit)
        if current().json:
            emit_json(result.as_dict())
        else:
            echo(f"supply at block {audit.block} of chain {audit.chain_id}")
            rows = []
            for t in result.tokens:
                fmt = formatter(t)
                backing = (
                    "-"
                    if t.reserve_balance is None
                    else f"{fmt(t.reserve_balance)} ({'backed' if t.backed else 'NOT backed'})"
                )
                rows.append(
                    (
                        t.label,
                        fmt(t.minted),
                        fmt(t.burned),
                        fmt(t.total_supply),
                        fmt(t.balances_sum),
                        fmt(t.frozen),
                        backing,
                    )
                )
            header = ("token", "minted", "burned", "totalSupply", "Σbalances", "frozen", "reserve")
            for line in _table(header, rows, frozenset({1, 2, 3, 4, 5})):
                echo(line)
            echo("")
            if result.clean:
                echo("supply: every invariant holds")
            for b in result.breaks:
                where = (
                    "block unknown"
                    if b.block is None
                    else f"{'first block' if b.exact else 'at or before block'} {b.block}"
                )
                echo(f"BROKEN {b.token}: {b.invariant}, {where}: {b.detail}")
    if not result.clean:
        raise typer.Exit(1)


def _fields() -> tuple[str, ...]:
    """``drex history``'s CSV/JSON fields, with ``highlight`` (forced move or freeze) after ``kind``."""
    from drex.cli.history import FIELDS

    at = FIELDS.index("kind") + 1
    return (*FIELDS[:at], "highlight", *FIELDS[at:])


@audit_app.command("history")
def history(
    address: Annotated[str, typer.Argument(help="a wallet address or a role of the manifest (CUSTOMER_A1)")],
    db: Db = None,
    discovery: Discovery = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (people), csv or json (raw integers)")
    ] = (Format.table),
) -> None:
    """Every movement of ADDRESS across all contracts, from the index (forced moves and freezes marked !)."""
    from drex.audit.history import audit_history, highlighted
    from drex.sdk.display import account_label, moment, quantity, reais
    from drex.sdk.errors import InvalidAddress
    from drex.sdk.values import to_address

    if current().json:
        fmt = Format.json
    with _open(db, discovery) as audit:
        names = audit.names()
        role = address.strip().upper()
        if role in audit.accounts():
            who = to_address(audit.accounts()[role])
        elif address.strip().lower().startswith("0x"):
            who = to_address(address, "address")
        else:
            raise InvalidAddress(f"{address!r} is neither an address nor a role of the manifest")
        moves = audit_history(audit, who)
        fields = _fields()
        by_address = {a.lower(): n for n, a in names.items()}

        def row(m: Any) -> dict[str, Any]:
            d = m.as_dict()
            d["highlight"] = highlighted(m)
            d["counterparty_name"] = by_address.get((m.counterparty or "").lower())
            return {k: d[k] for k in fields}

        if fmt is Format.json:
            emit_json([row(m) for m in moves])
        elif fmt is Format.csv:
            import csv
            import io

            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(row(m) for m in moves)
            echo(buffer.getvalue().rstrip("\n"))
        else:
            echo(
                f"movements of {account_label(who, names)} up to block {audit.block} (! forced move, freeze)"
            )
            rows = [
                (
                    "!" if highlighted(m) else "",
                    moment(m.timestamp),
                    str(m.block_number),
                    m.kind,
                    m.direction or "-",
                    account_label(m.counterparty, names) if m.counterparty else "-",
                    quantity(m.units, units=True) if m.is_bond else reais(m.units, units=True),
                    m.asset,
                )
                for m in moves
            ]
            header = ("", "time (Brasília)", "block", "kind", "dir", "counterparty", "amount", "asset")
            for line in _table(header, rows, frozenset({2, 6})):
                echo(line)
            if not moves:
                echo("no movements")


@audit_app.command("report")
def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="the HTML file to write")] = Path(
        "audit-report.html"
    ),
    db: Db = None,
    discovery: Discovery = None,
    policy: PolicyOpt = None,
    account: AccountOpt = None,
    verify_json: Annotated[
        Path | None,
        typer.Option("--verify-json", help="the JSON of `drex audit verify --json`, shown in the report"),
    ] = None,
) -> None:
    """One self-contained HTML file: roles, supply, per-account summary, charts (and verify results), anchored
    to the chain and reproducible from its inputs (exit 1 when roles or supply find something)."""
    import json

    from drex.audit import policy as policies
    from drex.audit.errors import AuditError
    from drex.audit.report import build_model, inputs_of, render
    from drex.audit.roles import audit_roles
    from drex.audit.supply import audit_supply

    expected = policies.load(policy)
    verify_bytes = None
    verify_doc = None
    if verify_json is not None:
        try:
            verify_bytes = verify_json.read_bytes()
            verify_doc = json.loads(verify_bytes)
        except (OSError, json.JSONDecodeError) as exc:
            raise AuditError(f"cannot read the verify results {verify_json}: {exc}") from None
    with _open(db, discovery, account) as audit:
        roles_result = audit_roles(audit, expected)
        supply_result = audit_supply(audit)
        inputs = inputs_of(audit, expected.to_yaml(), verify_bytes, discovery)
        html = render(build_model(audit, roles_result, supply_result, inputs, verify_doc))
    out.write_text(html)
    clean = roles_result.clean and supply_result.clean
    doc = {
        "report": str(out),
        "inputsSha256": inputs.sha256,
        "rolesClean": roles_result.clean,
        "supplyClean": supply_result.clean,
        "block": inputs.index["block"],
        "blockHash": inputs.index["blockHash"],
    }
    if current().json:
        emit_json(doc)
    else:
        echo(f"wrote {out} (block {doc['block']} {doc['blockHash']}, inputs sha256 {inputs.sha256})")
        echo(
            f"roles: {'as expected' if roles_result.clean else 'DIFFERENCES'}; "
            f"supply: {'holds' if supply_result.clean else 'BROKEN'}"
        )
    if not clean:
        raise typer.Exit(1)


def _mount_verify() -> None:
    """``drex audit verify`` lives in its own module (:mod:`drex.cli.audit_verify`)."""
    from drex.cli.audit_verify import register

    register(audit_app)


_mount_verify()
