"""``drex compliance``: rules on the index's event stream, alerts, cases, four-eyes freezes, screening lists
and the SISCOAF export (docs/compliance.md).

The compliance tables live in the index's database (``--db``, else ``DREX_INDEX_DB``, else the index's
default SQLite file of the manifest's chain). Reading commands take ``--json`` (raw integers: centavos,
unix seconds, seqs). Only the approving officer's command (and a list loaded with ``--freeze``) sends a
transaction, signed with ``--as ROLE`` or ``--keystore PATH``: the institution's key holding FREEZER_ROLE.
Officers request and approve with their own keys (``--officer-key``), checked against the roster of
``--institution`` (``officers: {name: address}``).
Only Typer is imported at module level.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import echo, notice, report
from drex.cli.options import SIGNING, current, shared_group

if TYPE_CHECKING:
    from drex.compliance.cases import CaseDesk
    from drex.compliance.detectors import ReferencePrices
    from drex.compliance.service import ComplianceService, RunReport
    from drex.compliance.store import ActionRow, AlertRow, CaseRow

compliance_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Compliance: rules on the indexed events, alerts, cases, four-eyes freezes, SISCOAF export.",
    no_args_is_help=True,
)
rules_app = typer.Typer(
    cls=shared_group(*SIGNING), help="Rule files: load, list, backtest, change mode.", no_args_is_help=True
)
case_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="One case: show it, open one from alerts, decide it.",
    no_args_is_help=True,
)
freeze_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Four-eyes freeze: officer 1 requests, officer 2 approves.",
    no_args_is_help=True,
)
unfreeze_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Four-eyes unfreeze: officer 1 requests, officer 2 approves.",
    no_args_is_help=True,
)
lists_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Screening lists: UN consolidated XML, internal CSV.",
    no_args_is_help=True,
)
for sub, name in (
    (rules_app, "rules"),
    (case_app, "case"),
    (freeze_app, "freeze"),
    (unfreeze_app, "unfreeze"),
    (lists_app, "lists"),
):
    compliance_app.add_typer(sub, name=name)

Db = Annotated[
    str | None, typer.Option("--db", help="SQLAlchemy URL of the index database (env DREX_INDEX_DB)")
]
Officer = Annotated[str, typer.Option("--officer", help="the compliance officer's name")]
Version = Annotated[int | None, typer.Option("--version", help="the rule version (default: the latest)")]
BRT = timezone(timedelta(hours=-3))


def _url(db: str | None) -> str:
    from drex.cli.index import _db_url
    from drex.deploy import read_manifest

    if db:
        return db
    import os

    if os.environ.get("DREX_INDEX_DB"):
        return os.environ["DREX_INDEX_DB"]
    return _db_url(None, read_manifest(current().manifest).chain_id)


def _service(db: str | None, prices: ReferencePrices | None = None) -> ComplianceService:
    from drex.compliance.service import ComplianceService
    from drex.compliance.store import ComplianceStore
    from drex.index import IndexStore

    index = IndexStore(_url(db))
    return ComplianceService(ComplianceStore(engine=index.engine), index, prices=prices)


Prices = Annotated[
    Path | None, typer.Option("--prices", help="reference prices CSV (dvp_price); or --prices-from-chain")
]
PricesFromChain = Annotated[
    bool,
    typer.Option(
        "--prices-from-chain",
        help="reference prices from the TPFT_PU:<id> rounds of the ReferenceData contract (dvp_price)",
    ),
]


def _prices(path: Path | None, from_chain: bool) -> ReferencePrices | None:
    """The ``dvp_price`` rule's reference prices: the operator's CSV file (``--prices``), the ReferenceData
    rounds on chain (``--prices-from-chain``, the only case that connects to the network), or none."""
    from drex.errors import DrexError

    if path is not None and from_chain:
        raise DrexError("pass either --prices FILE or --prices-from-chain, not both")
    if path is not None:
        from drex.compliance.prices import CsvReferencePrices

        return CsvReferencePrices(path)
    if not from_chain:
        return None
    from drex.cli.oracle import open_reference
    from drex.compliance.prices import OnChainReferencePrices

    # The oracle CLI's session: it refuses a manifest without ReferenceData, or one for another chain.
    return OnChainReferencePrices(open_reference().platform.reference_data)


def _desk(db: str | None, institution: Path | None = None) -> CaseDesk:
    from drex.compliance.cases import CaseDesk
    from drex.compliance.officers import Roster

    return CaseDesk(_service(db).store, Roster.load(institution) if institution else None)


Roster_ = Annotated[
    Path, typer.Option("--institution", help="the institution file, with its officers: name -> address")
]
OfficerKey = Annotated[
    str,
    typer.Option(
        "--officer-key",
        help="the officer's own key, to sign: a keystore file (password: DREX_OFFICER_KEYSTORE_PASSWORD), "
        "or a dev account role or index (public keys: dev set-ups only)",
    ),
]


def _officer_signer(key: str) -> Any:
    from drex.chain.accounts import dev_account
    from drex.chain.signers import load_keystore

    if Path(key).is_file():
        return load_keystore(key, env="DREX_OFFICER_KEYSTORE_PASSWORD")
    return dev_account(int(key) if key.isdigit() else key.strip().upper())


def _day(text: str, what: str) -> date:
    from drex.errors import DrexError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DrexError(f"{what} {text!r} is not a date: write YYYY-MM-DD") from None


def _reais(text: str) -> int:
    from drex.compliance.units import reais_to_cents
    from drex.sdk.values import parse_number_text

    return reais_to_cents(parse_number_text(text), "--amount")


def _account(text: str) -> str:
    """An address, or a role of the manifest (``CUSTOMER_A1``)."""
    from drex.deploy import read_manifest

    if text.strip().lower().startswith("0x"):
        return text
    accounts = read_manifest(current().manifest).accounts
    return accounts.get(text.strip().upper(), text)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# ---------------------------------------------------------------------------------------------- rules
@rules_app.command("load")
def rules_load(
    path: Annotated[Path | None, typer.Argument(help="a rule file or a folder of *.yaml rules")] = None,
    catalogue: Annotated[bool, typer.Option("--catalogue", help="load drex's starter catalogue")] = False,
    db: Db = None,
) -> None:
    """Register rule versions (new versions must be TEST or DISABLED; a loaded version never changes)."""
    from drex.compliance.rules import catalogue as starter
    from drex.compliance.rules import load_rules
    from drex.errors import DrexError

    if (path is None) == (not catalogue):
        raise DrexError("pass a rule file or folder, or --catalogue")
    rules = starter() if catalogue else load_rules(path)  # type: ignore[arg-type]
    done = _service(db).load_rules(rules)
    report(
        [f"{rid} v{v}: {state}" for rid, v, state in done],
        {"rules": [{"id": rid, "version": v, "state": state} for rid, v, state in done]},
    )


@rules_app.command("list")
def rules_list(db: Db = None) -> None:
    """Every rule version: mode, kind, indicator, last backtest."""
    rows = _service(db).rules()
    docs = [
        {
            "id": r.rule_id,
            "version": r.version,
            "mode": r.mode,
            "kind": r.kind,
            "indicator": r.indicator,
            "sha256": r.sha256,
            "backtested_at": _iso(r.backtested_at),
            "backtest": r.backtest,
        }
        for r in rows
    ]
    lines = [
        f"{r.rule_id} v{r.version} {r.mode:8} {r.kind:15} {r.indicator:5} "
        + (
            f"backtested: {r.backtest['hits']} hits over {r.backtest['events']} events"
            if r.backtest
            else "not backtested"
        )
        for r in rows
    ]
    report(lines or ["no rules loaded"], {"rules": docs})


@rules_app.command("backtest")
def rules_backtest(
    rule: str,
    version: Version = None,
    from_: Annotated[str | None, typer.Option("--from", help="first day (YYYY-MM-DD, Brasília)")] = None,
    to: Annotated[str | None, typer.Option("--to", help="last day (YYYY-MM-DD, Brasília)")] = None,
    prices: Prices = None,
    prices_from_chain: PricesFromChain = False,
    db: Db = None,
) -> None:
    """Evaluate a rule version over indexed history: hits are listed, not stored as alerts."""
    start = int(datetime.combine(_day(from_, "--from"), time(), BRT).timestamp()) if from_ else None
    end = (
        int(datetime.combine(_day(to, "--to") + timedelta(days=1), time(), BRT).timestamp()) - 1
        if to
        else None
    )
    reference = _prices(prices, prices_from_chain)
    r = _service(db, reference).backtest(rule, version, from_time=start, to_time=end)
    lines = [
        f"{r.rule_id} v{r.version}: {len(r.hits)} hits over {r.events} events "
        f"(seq {r.first_seq}..{r.last_seq})"
    ]
    lines += [f"  {h.subject} {h.summary}" for h in r.hits]
    report(
        lines,
        {
            "rule": r.rule_id,
            "version": r.version,
            "events": r.events,
            "first_seq": r.first_seq,
            "last_seq": r.last_seq,
            "hits": [
                {
                    "subject": h.subject,
                    "seq": h.seq,
                    "time": h.time,
                    "total": h.total,
                    "summary": h.summary,
                    "evidence": list(h.evidence),
                }
                for h in r.hits
            ],
        },
    )


@rules_app.command("mode")
def rules_mode(rule: str, mode: str, version: Version = None, db: Db = None) -> None:
    """Set a rule version's mode: TEST, ACTIVE (only after a backtest of that version) or DISABLED."""
    row = _service(db).set_mode(rule, mode.upper(), version)
    report(
        [f"{row.rule_id} v{row.version} is {row.mode}"],
        {"id": row.rule_id, "version": row.version, "mode": row.mode},
    )


# ---------------------------------------------------------------------------------------------- stream
def _run_doc(r: RunReport) -> dict[str, Any]:
    return {
        "events": r.events,
        "alerts": r.alerts,
        "test_alerts": r.test_alerts,
        "cases": r.cases,
        "retracted": r.retracted,
        "last_seq": r.last_seq,
    }


def _run_line(r: RunReport) -> str:
    return (
        f"read {r.events} events up to seq {r.last_seq}: {r.alerts} alerts, {r.test_alerts} test alerts, "
        f"{r.cases} new cases"
        + (f", {r.retracted} alerts retracted by a reorganisation" if r.retracted else "")
    )


@compliance_app.command("run")
def run(
    db: Db = None,
    follow: Annotated[
        bool, typer.Option("--follow", help="keep evaluating as the index grows, until Ctrl-C")
    ] = False,
    from_head: Annotated[
        bool, typer.Option("--from-head", help="first start: monitor from the index's end")
    ] = False,
    poll: Annotated[float, typer.Option(help="seconds between polls with --follow")] = 1.0,
    prices: Prices = None,
    prices_from_chain: PricesFromChain = False,
) -> None:
    """Evaluate the rules on the index's events after the service's cursor; store alerts and cases."""
    service = _service(db, _prices(prices, prices_from_chain))
    if from_head and service.cursor() == 0:
        notice(f"monitoring from seq {service.skip_history()} (earlier events only warm the windows up)")
    if not follow:
        r = service.run()
        report([_run_line(r)], _run_doc(r))
        return
    try:
        service.follow(poll, on_run=lambda r: echo(_run_line(r)) if r.events or r.retracted else None)
    except KeyboardInterrupt:
        notice(f"stopped at seq {service.cursor()}")


# ---------------------------------------------------------------------------------------------- reading
def _alert_doc(a: AlertRow) -> dict[str, Any]:
    return {
        "id": a.id,
        "rule": a.rule_id,
        "version": a.rule_version,
        "subject": a.subject,
        "seq": a.seq,
        "time": a.block_time,
        "total": a.total,
        "summary": a.summary,
        "test": a.test,
        "status": a.status,
        "case": a.case_id,
        "parameters": a.parameters,
        "evidence": a.evidence,
    }


def _case_doc(c: CaseRow) -> dict[str, Any]:
    return {
        "id": c.id,
        "subject": c.subject,
        "status": c.status,
        "opened_at": _iso(c.opened_at),
        "decided_at": _iso(c.decided_at),
        "decided_by": c.decided_by,
        "reason": c.reason,
    }


def _action_doc(a: ActionRow) -> dict[str, Any]:
    return {
        "id": a.id,
        "case": a.case_id,
        "kind": a.kind,
        "token": a.token,
        "account": a.account,
        "amount": a.amount,
        "requester": a.requester,
        "requester_address": a.requester_address,
        "approver": a.approver,
        "approver_address": a.approver_address,
        "status": a.status,
        "tx": a.tx_hash,
        "block": a.block,
        "error": a.error,
        "note": a.note,
    }


@compliance_app.command("alerts")
def alerts(
    db: Db = None,
    test: Annotated[
        bool | None, typer.Option("--test/--live", help="only test (or only live) alerts")
    ] = None,
    status: Annotated[str | None, typer.Option(help="new, in_case or retracted")] = None,
) -> None:
    """Stored alerts, oldest first."""
    from drex.compliance.units import cents_text

    rows = _service(db).alerts(test=test, status=status)
    lines = [
        f"#{a.id} {a.rule_id} v{a.rule_version}{' [TEST]' if a.test else ''} {a.subject} "
        f"R$ {cents_text(a.total)} {a.status}{f' case {a.case_id}' if a.case_id else ''}: {a.summary}"
        for a in rows
    ]
    report(lines or ["no alerts"], {"alerts": [_alert_doc(a) for a in rows]})


@compliance_app.command("cases")
def cases(
    db: Db = None,
    status: Annotated[str | None, typer.Option(help="open, dismissed, reported, frozen")] = None,
) -> None:
    """Cases, oldest first."""
    rows = _desk(db).cases(status)
    lines = [
        f"case {c.id} {c.status:9} {c.subject}" + (f" ({c.decided_by}: {c.reason})" if c.decided_by else "")
        for c in rows
    ]
    report(lines or ["no cases"], {"cases": [_case_doc(c) for c in rows]})


@case_app.command("show")
def case_show(case: int, db: Db = None) -> None:
    """A case with its alerts and actions."""
    v = _desk(db).case(case)
    lines = [f"case {v.case.id} {v.case.status} {v.case.subject}"]
    lines += [f"  alert #{a.id} {a.rule_id} v{a.rule_version}: {a.summary}" for a in v.alerts]
    lines += [
        f"  action #{a.id} {a.kind} {a.token} {a.account} {a.amount} {a.status} "
        f"(requested by {a.requester}, approved by {a.approver or '-'}) {a.tx_hash or ''}"
        for a in v.actions
    ]
    report(
        lines,
        {
            **_case_doc(v.case),
            "alerts": [_alert_doc(a) for a in v.alerts],
            "actions": [_action_doc(a) for a in v.actions],
        },
    )


@case_app.command("open")
def case_open(
    alert: Annotated[list[int], typer.Argument(help="alert ids")], officer: Officer, db: Db = None
) -> None:
    """Open a case from live alerts about one account that are in no case yet."""
    c = _desk(db).open_case(alert, officer)
    report([f"opened case {c.id} for {c.subject}"], _case_doc(c))


@case_app.command("decide")
def case_decide(
    case: int,
    decision: Annotated[str, typer.Option("--decision", help="dismissed, reported or frozen")],
    reason: Annotated[str, typer.Option("--reason", help="why")],
    officer: Officer,
    db: Db = None,
) -> None:
    """Decide a case: dismissed, reported (goes to the SISCOAF export) or frozen (after a freeze)."""
    from drex.compliance.cases import DECISIONS
    from drex.errors import DrexError

    if decision not in DECISIONS:  # checked before the database is opened
        raise DrexError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    c = _desk(db).decide(case, decision, reason, officer)
    report([f"case {c.id} {c.status} by {c.decided_by}"], _case_doc(c))


# ---------------------------------------------------------------------------------------------- four eyes
def _request(
    kind: str,
    case: int,
    token: str,
    account: str,
    amount: str,
    officer: tuple[str, str, Path],
    db: str | None,
) -> None:
    from drex.compliance.cases import check_token
    from drex.compliance.officers import request_text, sign_text
    from drex.sdk.values import to_address

    cents, wallet = _reais(amount), _account(account)  # checked before the database is opened
    check_token(token)
    name, key, institution = officer
    text = request_text(case, kind, token, str(to_address(wallet, "account")), cents)
    signature = sign_text(text, _officer_signer(key))
    a = _desk(db, institution).request(case, kind, token, wallet, cents, name, signature=signature)
    report(
        [
            f"action {a.id}: {kind} of R$ {amount} on {token} for {a.account} requested by {a.requester}; "
            "another officer must approve it"
        ],
        _action_doc(a),
    )


def _approve(action: int, officer: tuple[str, str, Path], db: str | None) -> None:
    from drex.cli.common import open_session
    from drex.compliance.officers import approval_text, sign_text

    name, key, institution = officer
    desk = _desk(db, institution)
    x = desk.actions_by_id(action)
    signature = sign_text(
        approval_text(x.id, x.case_id, x.kind, x.token, x.account, x.amount), _officer_signer(key)
    )
    session = open_session(sign=True)
    a = desk.approve(action, name, session.platform, signature=signature)
    report(
        [f"action {a.id}: {a.kind} executed, approved by {a.approver} (tx {a.tx_hash}, block {a.block})"],
        _action_doc(a),
    )


Token = Annotated[str, typer.Option("--token", help="RealDigital or RealTokenizado@<CNPJ8>")]
Account = Annotated[str, typer.Option("--account", help="the wallet: address or manifest role")]
Amount = Annotated[str, typer.Option("--amount", help="reais, e.g. 1500.00")]


@freeze_app.command("request")
def freeze_request(
    case: int,
    token: Token,
    account: Account,
    amount: Amount,
    officer: Officer,
    officer_key: OfficerKey,
    institution: Roster_,
    db: Db = None,
) -> None:
    """Officer 1 requests a freeze of an amount, linked to the case, signed with --officer-key."""
    _request("freeze", case, token, account, amount, (officer, officer_key, institution), db)


@freeze_app.command("approve")
def freeze_approve(
    action: int, officer: Officer, officer_key: OfficerKey, institution: Roster_, db: Db = None
) -> None:
    """Officer 2 (not the requester) approves: increaseFrozenBalance is sent, signed by --as/--keystore."""
    _approve(action, (officer, officer_key, institution), db)


@freeze_app.command("status")
def freeze_status(
    action: Annotated[int | None, typer.Argument(help="one action; all in flight without it")] = None,
    db: Db = None,
) -> None:
    """Settle approved actions still 'sending' with the chain (their stored transaction's receipt); a
    transaction without a receipt is reported, never sent again. Also covers unfreezes."""
    from drex.cli.common import open_session

    desk = _desk(db)
    platform = open_session().platform
    ids = [action] if action is not None else [a.id for a in desk.actions("sending")]
    settled = [desk.reconcile(i, platform) for i in ids]
    report(
        [
            f"action {a.id}: {a.kind} {a.status}"
            + (f" (tx {a.tx_hash}, block {a.block})" if a.block is not None else "")
            + (f" - no receipt of tx {a.tx_hash} yet; it is not sent again" if a.status == "sending" else "")
            for a in settled
        ]
        or ["no action is being sent"],
        {"actions": [_action_doc(a) for a in settled]},
    )


@unfreeze_app.command("request")
def unfreeze_request(
    case: int,
    token: Token,
    account: Account,
    amount: Amount,
    officer: Officer,
    officer_key: OfficerKey,
    institution: Roster_,
    db: Db = None,
) -> None:
    """Officer 1 requests an unfreeze of an amount, linked to the case, signed with --officer-key."""
    _request("unfreeze", case, token, account, amount, (officer, officer_key, institution), db)


@unfreeze_app.command("approve")
def unfreeze_approve(
    action: int, officer: Officer, officer_key: OfficerKey, institution: Roster_, db: Db = None
) -> None:
    """Officer 2 (not the requester) approves: decreaseFrozenBalance is sent, signed by --as/--keystore."""
    _approve(action, (officer, officer_key, institution), db)


# ---------------------------------------------------------------------------------------------- lists
@lists_app.command("load")
def lists_load(
    path: Path,
    fmt: Annotated[str, typer.Option("--format", help="un (UN consolidated XML) or csv (internal list)")],
    name: Annotated[
        str | None, typer.Option("--name", help="list name (default UN, or the file's stem)")
    ] = None,
    freeze: Annotated[
        bool | None, typer.Option("--freeze/--no-freeze", help="sanctions fast path (default: on for un)")
    ] = None,
    token: Annotated[
        list[str] | None, typer.Option("--token", help="token(s) the fast path freezes on")
    ] = None,
    db: Db = None,
) -> None:
    """Load (replace) a screening list; with --freeze, listed wallets' free balances on --token are frozen
    at once (sanctions fast path) and the time from loading to the freeze being mined is reported."""
    import time as clock

    from drex.compliance.cases import CaseDesk, store_list
    from drex.compliance.lists import parse_csv_list, parse_un_list
    from drex.errors import DrexError

    started = clock.monotonic()
    if fmt not in ("un", "csv"):
        raise DrexError(f"--format must be un or csv, not {fmt!r}")
    list_name = name or ("UN" if fmt == "un" else path.stem)
    entries = parse_un_list(path, list_name) if fmt == "un" else parse_csv_list(path, list_name)
    auto = freeze if freeze is not None else fmt == "un"
    service = _service(db)
    stored = store_list(service.store, list_name, entries, auto)
    lines = [f"list {list_name}: {stored} match values loaded"]
    wallets = sorted({e.value for e in entries if e.matched_on == "wallet"})
    keys = len(
        {e.reference for e in entries if e.matched_on == "key"}
        - {e.reference for e in entries if e.matched_on == "wallet"}
    )
    doc: dict[str, Any] = {"list": list_name, "entries": stored, "freeze": auto, "frozen": []}
    if auto and token:
        from drex.cli.common import open_session

        session = open_session(sign=True)
        done = CaseDesk(service.store).fast_path(entries, session.platform, token, started)
        for f in done:
            lines.append(
                f"fast path: froze {f.amount} centavos of {f.account} on {f.token} in case {f.case_id} "
                f"(tx {f.tx_hash}), {f.seconds:.3f} s after the list started loading"
            )
        doc["frozen"] = [f.__dict__ for f in done]
        froze = {(f.account.lower(), f.token) for f in done}
        doc["not_frozen"] = [
            {"wallet": w, "token": t, "reason": "no free balance"}
            for w in wallets
            for t in token
            if (w.lower(), t) not in froze
        ]
        lines += [
            f"fast path: nothing frozen for {x['wallet']} on {x['token']} (no free balance)"
            for x in doc["not_frozen"]
        ]
    elif auto:
        lines.append(
            f"fast path: NOTHING was frozen ({len(wallets)} listed wallet(s)): without --token no freeze is "
            "sent, and none is sent later on its own; run `lists load` again with --token, or request freezes"
        )
    if auto and keys:
        lines.append(
            f"fast path: {keys} entr(ies) matched by key hash only are not frozen (no wallet to freeze); "
            "the screening rule alerts on their movements"
        )
    report(lines, doc)


# ---------------------------------------------------------------------------------------------- export
@compliance_app.command("export")
def export_cmd(
    from_: Annotated[str, typer.Option("--from", help="first day of the period (YYYY-MM-DD)")],
    to: Annotated[str, typer.Option("--to", help="last day of the period (YYYY-MM-DD)")],
    institution: Annotated[Path, typer.Option("--institution", help="institution and branch (YAML)")],
    customers: Annotated[Path, typer.Option("--customers", help="customer file (CSV), read only now")],
    out: Annotated[Path, typer.Option("--out", help="file to write")],
    fmt: Annotated[str, typer.Option("--format", help="xml (SISCOAF batch), csv or json")] = "xml",
    db: Db = None,
) -> None:
    """Export the period's reported cases; the XML is validated against the SISCOAF schema first."""
    from drex.compliance.siscoaf import export, load_customers, load_institution

    start, end = _day(from_, "--from"), _day(to, "--to")
    inst, people = load_institution(institution), load_customers(customers)
    n = export(_service(db).store, start, end, fmt, inst, people, out)
    report([f"wrote {n} occurrences to {out} ({fmt})"], {"occurrences": n, "file": str(out), "format": fmt})
