"""The ``drex`` command: build, deploy, run the pilot scenario, inspect status; the domains' groups
(``drex node``, ``drex rd``, ``drex tpft``...) are mounted from :mod:`drex.cli.domains`.

Built on Typer. Heavy libraries (web3, py-evm) are imported inside the commands, so ``drex --help``
answers fast. Every :class:`~drex.errors.DrexError` (bad input, unreachable node, contract revert) is
printed as one line on stderr with a non-zero exit; an unexpected exception too, with its traceback
only when ``DREX_DEBUG=1``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from drex.cli import domains
from drex.cli.common import progress, report
from drex.cli.options import CHAIN, current, shared_command, shared_group
from drex.errors import DrexError

app = typer.Typer(
    cls=shared_group(*CHAIN, commands_too=False),
    help="DREX platform: Real Digital, Real Tokenizado and tokenized federal bonds on a Besu QBFT chain.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
domains.mount(app)

NetworkOpt = Annotated[
    str, typer.Option("--network", "-n", help="embedded, local, or a JSON-RPC URL (e.g. a Besu node)")
]


def echo(msg: str = "") -> None:
    typer.echo(msg)


@app.command(cls=shared_command("json_out", "verbose"))
def build(
    force: Annotated[bool, typer.Option(help="recompile even if the cache is current")] = False,
) -> None:
    """Compile contracts/ with the pinned solc-js and circuits/ with circom2 (each cached by source hash),
    and package the circuits' trusted setup (circuits/setup/, checked against the compiled circuit)."""
    from drex.build import build as do_build

    progress("building contracts (solc-js) and circuits (circom2); a cache hit compiles nothing")
    result = do_build(force=force)
    state = "compiled" if result.compiled else "up to date (cache hit, nothing compiled)"
    lines = [f"{len(result.contracts)} contracts {state} -> {result.out_dir}"]
    for c in result.circuits:
        done = "compiled" if c.compiled else "packaged" if c.copied else "up to date"
        lines.append(f"circuit {c.name} ({c.constraints:,} constraints) {done} -> {result.out_dir}/privacy")
    report(
        lines,
        {
            "contracts": len(result.contracts),
            "compiled": result.compiled,
            "outDir": str(result.out_dir),
            "circuits": [
                {
                    "name": c.name,
                    "constraints": c.constraints,
                    "circuitHash": c.circuit_hash,
                    "compiled": c.compiled,
                    "packaged": c.copied,
                }
                for c in result.circuits
            ],  # fmt: skip
        },
    )


@app.command(cls=shared_command(*CHAIN))
def deploy(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="manifest file to write / resume (default: the --manifest default)"),
    ] = None,
    roles: Annotated[
        Path | None,
        typer.Option(help="roles file (keystores / external signers) for networks other than embedded/local"),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="replace a manifest of another chain or deployment (kept as .bak)")
    ] = False,
) -> None:
    """Deploy the whole platform in dependency order and write the manifest (resumable, idempotent)."""
    from drex.cli.deploy import run_deploy

    run_deploy(out, roles, force)


@app.command(cls=shared_command(*CHAIN))
def status() -> None:
    """Chain id, latest block and the deployed contracts of a manifest (checked on chain)."""
    from drex.chain import connect
    from drex.deploy import read_manifest
    from drex.sdk.display import moment

    opts = current()
    m = read_manifest(opts.manifest)
    chain = connect(opts.network, expect_chain_id=m.chain_id, start_local=False)
    latest = chain.w3.eth.get_block("latest")
    block, stamp = int(latest["number"]), int(latest["timestamp"])
    contracts = {
        name: {"address": entry["address"], "code": len(chain.w3.eth.get_code(entry["address"])) > 0}  # type: ignore[arg-type]
        for name, entry in sorted(m.contracts.items())
    }
    missing = [name for name, c in contracts.items() if not c["code"]]
    lines = [
        f"network   {chain.name}",
        f"chain id  {chain.chain_id}",
        f"block     {block} at {moment(stamp)}",
        f"manifest  {opts.manifest} ({len(m.contracts)} contracts, deployed by block {m.block})",
        "contracts "
        + (f"all {len(contracts)} on chain" if not missing else f"NO CODE for {', '.join(missing)}"),
    ]
    if opts.verbose or missing:
        lines += [
            f"  {name:<28} {c['address']}  {'ok' if c['code'] else 'NO CODE'}"
            for name, c in contracts.items()
        ]
    report(
        lines,
        {
            "network": chain.name,
            "chainId": chain.chain_id,
            "block": block,
            "timestamp": stamp,
            "manifest": str(opts.manifest),
            "deployedBlock": m.block,
            "contracts": contracts,
        },
    )


@app.command()
def demo(
    network: NetworkOpt = "embedded",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="also write the manifest here")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the summary as one JSON document (raw integers)")
    ] = False,
) -> None:
    """Deploy the platform and run the pilot scenario; print a settlement report (summary, then details).

    On --network local the scenario runs on a fresh anvil node of its own, stopped at the end: the node of
    `drex node start` (its chain, its clock) is not touched. The report ends with an audit of the chain
    (index, verify, roles, supply, compliance alerts); the exit status is 1 when an invariant is violated or
    the audit finds a problem.
    """
    from drex.scenario import run_scenario
    from drex.scenario.report import as_json as report_json
    from drex.scenario.report import render

    report = run_scenario(network, out, lambda m: typer.echo(f"running {m}", err=True))
    if as_json:
        echo(json.dumps(report_json(report), indent=2))
    else:
        echo(render(report))
    if not report.all_hold or (report.audit is not None and not report.audit.clean):
        raise typer.Exit(1)  # the report says what was violated or what the audit found


def _fail(msg: str, code: int = 1) -> None:
    sys.stderr.write(f"drex: error: {msg}\n")
    sys.exit(code)


def _message(exc: DrexError) -> str:
    """The error line: a contract revert in business units, anything else as its first line."""
    from drex.chain.reverts import ContractRevert

    if isinstance(exc, ContractRevert):
        from drex.cli.render import describe_revert

        return describe_revert(exc, _known_accounts())
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _known_accounts() -> dict[str, str]:
    """Role -> address of the manifest in use, to label addresses in an error line (none if unreadable)."""
    try:
        from drex.deploy import read_manifest

        return read_manifest(current().manifest).accounts
    except Exception:  # only a nicety for the error line
        return {}


def run(argv: list[str] | None = None) -> Any:
    """Console-script entry point: runs the app, turning errors into one line and an exit code."""
    try:
        return app(args=argv, standalone_mode=True)
    except DrexError as exc:
        _fail(_message(exc))
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except (json.JSONDecodeError, OSError) as exc:
        _fail(f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # last resort: still one line; DREX_DEBUG=1 shows the traceback
        if os.environ.get("DREX_DEBUG"):
            raise
        _fail(f"unexpected {type(exc).__name__}: {exc} (set DREX_DEBUG=1 for the traceback)")
    return None


if __name__ == "__main__":
    run()
