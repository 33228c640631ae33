"""The ``drex`` command: build, deploy, run the pilot scenario, manage the local node, inspect status.

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
from drex.errors import DrexError

app = typer.Typer(
    name="drex",
    help="DREX platform: Real Digital, Real Tokenizado and tokenized federal bonds on a Besu QBFT chain.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
node_app = typer.Typer(help="Start and stop the local anvil node (chain id 381660001).", no_args_is_help=True)
app.add_typer(node_app, name="node")
domains.mount(app)

NetworkOpt = Annotated[
    str, typer.Option("--network", "-n", help="embedded, local, or a JSON-RPC URL (e.g. a Besu node)")
]


def echo(msg: str = "") -> None:
    typer.echo(msg)


@app.command()
def build(
    force: Annotated[bool, typer.Option(help="recompile even if the cache is current")] = False,
) -> None:
    """Compile contracts/ with the pinned solc-js (cached by source hash)."""
    from drex.build import build as do_build

    result = do_build(force=force)
    state = "compiled" if result.compiled else "up to date (cache hit, nothing compiled)"
    echo(f"{len(result.contracts)} contracts {state} -> {result.out_dir}")


@app.command()
def deploy(
    network: NetworkOpt = "embedded",
    out: Annotated[Path, typer.Option("--out", "-o", help="manifest file to write / resume")] = Path(
        "deployment.json"
    ),
    roles: Annotated[
        Path | None,
        typer.Option(help="roles file (keystores / external signers) for networks other than embedded/local"),
    ] = None,
) -> None:
    """Deploy the whole platform in dependency order and write the manifest (resumable, idempotent)."""
    from drex.chain import connect
    from drex.chain.signers import load_roles
    from drex.deploy import Deployer

    chain = connect(network)
    role_map = None
    if not chain.is_dev:
        if roles is None:
            raise DrexError(f"{chain.name} is not a dev chain: pass --roles FILE naming keystores or signers")
        role_map = load_roles(roles)
    elif roles is not None:
        role_map = load_roles(roles)
    result = Deployer(chain, out, roles=role_map, progress=lambda m: echo(f"  {m}")).run()
    if result.sent == 0:
        echo(f"nothing to do: the deployment in {out} is complete on {chain.name} ({result.skipped} steps)")
    else:
        echo(
            f"deployed on {chain.name}: {result.sent} transactions sent, {result.skipped} steps already done"
        )
    echo(f"{len(result.manifest.contracts)} contracts, manifest {out} (chain id {result.manifest.chain_id})")
    if chain.kind == "embedded":
        echo("note: the embedded chain ends with this process; use --network local to keep the deployment")


@app.command()
def status(
    network: NetworkOpt = "local",
    manifest: Annotated[Path, typer.Option("--manifest", "-m")] = Path("deployment.json"),
) -> None:
    """Chain id, latest block and the deployed contracts of a manifest (checked on chain)."""
    from drex.chain import connect
    from drex.deploy import read_manifest

    m = read_manifest(manifest)
    chain = connect(network, expect_chain_id=m.chain_id, start_local=False)
    echo(f"network   {chain.name}")
    echo(f"chain id  {chain.chain_id}")
    echo(f"block     {chain.w3.eth.block_number}")
    echo(f"manifest  {manifest} ({len(m.contracts)} contracts, deployed by block {m.block})")
    for name, entry in sorted(m.contracts.items()):
        code = chain.w3.eth.get_code(entry["address"])  # type: ignore[arg-type]
        state = "ok" if len(code) else "NO CODE"
        echo(f"  {name:<28} {entry['address']}  {state}")


@app.command()
def demo(
    network: NetworkOpt = "embedded",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="also write the manifest here")] = None,
) -> None:
    """Deploy the platform and run the end-to-end pilot scenario, printing a summary."""
    from drex.scenario import run_scenario

    run_scenario(network, out, echo)


@node_app.command("start")
def node_start(
    port: Annotated[int | None, typer.Option(help="JSON-RPC port (default: 8545, drex's local.json)")] = None,
) -> None:
    """Start the local anvil node in the background (state in ./.drex/anvil-state.json or $DREX_STATE_DIR)."""
    from drex.chain.anvil import start_managed

    node, started = start_managed(port)
    echo(f"{'started' if started else 'already running'}: anvil pid {node.pid} at {node.url}")


@node_app.command("stop")
def node_stop() -> None:
    """Stop the local anvil node (its state is dumped for the next start)."""
    from drex.chain.anvil import stop_managed

    echo("stopped" if stop_managed() else "no local node was running")


def _fail(msg: str, code: int = 1) -> None:
    sys.stderr.write(f"drex: error: {msg}\n")
    sys.exit(code)


def run(argv: list[str] | None = None) -> Any:
    """Console-script entry point: runs the app, turning errors into one line and an exit code."""
    try:
        return app(args=argv, standalone_mode=True)
    except DrexError as exc:
        _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
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
