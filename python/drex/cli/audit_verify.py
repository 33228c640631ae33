"""``drex audit verify``: check every contract of a deployment against the build, MATCH or MISMATCH each.

The deployment is the manifest (``--manifest``, with the creation transactions) on the chain of
``--network`` (a JSON-RPC URL); the on-chain registry (the manifest's AddressDiscovery, or ``--discovery``)
must point where the manifest says for every contract. ``--source DIR`` rebuilds the contracts of the
checkout ``DIR`` with the pinned compiler into a temporary folder and verifies against that; without it, the
artifacts packaged with drex are used and the output says so. ``--sourcify-out DIR`` writes the matching
contracts in Sourcify's repository layout. Role addresses come from ``--account ROLE=ADDRESS`` or, on a dev
network, the test mnemonic (:mod:`drex.audit.accounts`). The exit status is 1 when any contract is a
MISMATCH or the manifest's accounts are wrong. :data:`verify_app` holds the one command; :func:`register`
adds it to another group (``drex audit``). Only Typer is imported at module level, so ``drex --help`` stays
fast.
"""

from __future__ import annotations

import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drex.cli.common import echo, emit_json, progress
from drex.cli.options import CHAIN, current, shared_command

if TYPE_CHECKING:
    from drex.audit.sourcify import SourcifyOutput
    from drex.audit.verify import ContractResult, VerifyReport

verify_app = typer.Typer(
    help="Verify a deployment's contracts against the build.",
    pretty_exceptions_enable=False,
    add_completion=False,
)


def verify(
    address_discovery: Annotated[
        str | None,
        typer.Option(
            "--discovery",
            metavar="ADDRESS",
            help="AddressDiscovery address to check against the manifest (default: the manifest's own)",
        ),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--source",
            metavar="DIR",
            help="rebuild from this checkout (contracts/, node_modules/solc) with the pinned compiler; "
            "default: the build packaged with drex (not rebuilt)",
        ),
    ] = None,
    sourcify_out: Annotated[
        Path | None,
        typer.Option(
            "--sourcify-out", metavar="DIR", help="write matching contracts in Sourcify's layout here"
        ),
    ] = None,
    account: Annotated[
        list[str] | None,
        typer.Option(
            "--account",
            metavar="ROLE=ADDRESS",
            help="ROLE=ADDRESS of the deployment (BCB, STN, BANK_A...); off a dev network the only source "
            "of role addresses (the manifest's are not trusted); repeatable",
        ),
    ] = None,
) -> None:
    """Prove each deployed contract is the build: creation input = creation code + the expected constructor
    arguments, runtime code with its immutables; exact (metadata hash included) or partial match."""
    from drex.audit.deployment import open_deployment, parse_accounts
    from drex.audit.verify import packaged_build, rebuild
    from drex.audit.verify import verify as run_verify

    opts = current()
    deployment = open_deployment(
        opts.network,
        opts.manifest,
        address_discovery=address_discovery,
        accounts=parse_accounts(account or []),
    )
    with ExitStack() as stack:
        if source is not None:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="drex-verify-build-")))
            progress(f"rebuilding {source} with the pinned compiler into {tmp} (a minute or two)")
            build = rebuild(source, tmp / "artifacts")
        else:
            build = packaged_build()
        report = run_verify(deployment, build, progress=progress)
        written = None
        if sourcify_out is not None:
            from drex.audit.sourcify import write_sourcify

            written = write_sourcify(report, sourcify_out)
    if opts.json:
        doc = report.to_json()
        if written is not None:
            doc["sourcify"] = {
                "root": str(written.root),
                "withSources": written.with_sources,
                "folders": {name: str(p) for name, p in written.folders.items()},
            }
        emit_json(doc)
    else:
        for line in _table(report, written):
            echo(line)
    if not report.ok:
        raise typer.Exit(1)


def _table(report: VerifyReport, written: SourcifyOutput | None) -> list[str]:
    lines = [
        f"chain {report.chain_id}, block {report.block} ({report.block_hash})",
        f"build: {report.build.describe()}",
        "role addresses:",
        *(f"  {role:<12} {address}  ({source})" for role, (address, source) in report.accounts.items()),
        *(f"manifest account: {problem}" for problem in report.account_problems),
        "",
        f"{'CONTRACT':<26} {'ADDRESS':<42}  RESULT",
    ]
    for c in report.contracts:
        lines.append(f"{c.name:<26} {c.address or '-':<42}  {_verdict(c)}")
        lines += [f"    {reason}" for reason in c.reasons]
    matched = [c for c in report.contracts if c.match is not None]
    exact = sum(1 for c in matched if c.match == "exact")
    partial, mismatched = len(matched) - exact, len(report.contracts) - len(matched)
    lines += [
        "",
        f"{len(report.contracts)} contracts: {len(matched)} MATCH ({exact} exact, {partial} partial), "
        f"{mismatched} MISMATCH",
    ]
    if written is not None:
        sources = (
            "with sources" if written.with_sources else "metadata only (no --source: no sources to copy)"
        )
        lines.append(f"Sourcify layout: {len(written.folders)} contracts in {written.root}, {sources}")
    return lines


def _verdict(c: ContractResult) -> str:
    return f"MATCH {c.match}" if c.match is not None else "MISMATCH"


def register(app: typer.Typer) -> None:
    """Add the ``verify`` command to ``app`` (the ``drex audit`` group), with the chain's shared options."""
    app.command(name="verify", cls=shared_command(*CHAIN))(verify)


register(verify_app)
