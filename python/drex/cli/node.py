"""``drex node``: the local anvil node (start, stop, reset) and the clock of a development chain.

Exposes :data:`node_app`, mounted by :mod:`drex.cli.domains` as ``drex node``. ``start`` and ``stop`` drive
the managed node (state kept under :func:`drex.paths.state_dir`); ``reset`` stops it and deletes its saved
state, so the next start is a fresh chain; ``time`` prints a chain's clock in Brasília time and, with
``--to YYYY-MM-DD``, moves a development chain's clock forward to 00:00 in Brasília that day (the instant a
bond maturing that day matures) and mines a block there. Only Typer is imported at module level, so
``drex --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from drex.errors import DrexError

node_app = typer.Typer(
    help="The local anvil node (chain id 381660001): start, stop, reset; a dev chain's clock.",
    no_args_is_help=True,
)

Network = Annotated[
    str, typer.Option("--network", "-n", help="local (the node of drex node start) or an anvil node's URL")
]


def echo(msg: str = "") -> None:
    typer.echo(msg)


@node_app.command("start")
def node_start(
    port: Annotated[int | None, typer.Option(help="JSON-RPC port (default: DREX_LOCAL_PORT or 8545)")] = None,
) -> None:
    """Start the local anvil node in the background (its chain is kept between starts)."""
    from drex.chain.anvil import managed_state_file, start_managed

    node, started = start_managed(port)
    echo(f"{'started' if started else 'already running'}: anvil pid {node.pid} at {node.url}")
    if started:
        echo(f"chain state kept in {managed_state_file()}")


@node_app.command("stop")
def node_stop() -> None:
    """Stop the local anvil node (its state is dumped for the next start)."""
    from drex.chain.anvil import stop_managed

    echo("stopped" if stop_managed() else "no local node was running")


@node_app.command("reset")
def node_reset(network: Network = "local") -> None:
    """Stop the local node and delete its saved chain: the next start is a fresh chain (dev node only)."""
    from drex.chain.anvil import reset_managed

    if network != "local":
        raise DrexError(
            f"drex node reset only resets the local node of `drex node start`, not {network}: "
            "restart that node without its state instead"
        )
    result = reset_managed()
    if result.stopped is not None:
        echo(f"stopped the local node (anvil pid {result.stopped.pid} at {result.stopped.url})")
    else:
        echo("no local node was running")
    for path in result.deleted:
        echo(f"deleted {path}")
    if not result.deleted:
        echo("no saved chain to delete")
    echo(
        "the next `drex node start` (or any --network local command) starts a fresh chain at block 0; "
        "manifests of the old chain (e.g. deployment.json) describe nothing on it: deploy again"
    )


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DrexError(f"--to {text!r} is not a date: use YYYY-MM-DD (e.g. 2027-04-01)") from None


@node_app.command("time")
def node_time(
    network: Network = "local",
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="YYYY-MM-DD: move a dev chain's clock forward to 00:00 in Brasília that day, mine a block",
        ),
    ] = None,
) -> None:
    """Print the chain's time (ISO, Brasília); with --to, move a dev chain's clock forward to that day."""
    from drex.chain import connect
    from drex.sdk.display import BRASILIA, moment

    chain = connect(network)
    try:
        now = chain.timestamp()
        if to is None:
            echo(f"{moment(now)}  block {chain.w3.eth.block_number} of {chain.name}")
            return
        day = _parse_day(to)
        target = int(dt.datetime(day.year, day.month, day.day, tzinfo=BRASILIA).timestamp())
        if not chain.is_dev:
            raise DrexError(f"{chain.name} is not a development chain: its clock is the real one")
        if target < now:
            raise DrexError(
                f"the chain's clock cannot go back: {chain.name} is at {moment(now)}, after {day} "
                f"00:00 in Brasília"
            )
        reached = chain.set_time(target)
        echo(f"clock of {chain.name} moved from {moment(now)} to {moment(reached)}")
        echo(f"block {chain.w3.eth.block_number} mined at {moment(reached)}")
    finally:
        chain.close()
