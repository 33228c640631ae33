"""``drex bench``: the benchmark command (gas next to plain OpenZeppelin, throughput next to the ceiling).

Exposes :data:`bench_app`, mounted by :mod:`drex.cli.domains` as ``drex bench``. Only Typer is imported
at module level, so ``drex --help`` stays fast; the benchmark itself (:mod:`drex.bench`) is loaded when
the command runs. It starts and stops its own anvil nodes and embedded chain, reports its phases on
stderr, prints the result tables (with ``--json``, the results document) on stdout and writes
``bench/results.json``, ``bench/results.md`` and ``bench/results.png``; it exits with 1 when a transfer was
not found on chain exactly once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

bench_app = typer.Typer(
    help="Benchmark: gas vs plain OpenZeppelin, SDK throughput vs the node's ceiling (anvil, embedded).",
    invoke_without_command=True,
    no_args_is_help=False,
)


@bench_app.callback()
def bench(
    n: Annotated[int, typer.Option("--n", help="Real Digital transfers on the local anvil chain")] = 20_000,
    wallets: Annotated[int, typer.Option(help="enabled wallets the transfers go between")] = 200,
    embedded_n: Annotated[int, typer.Option("--embedded-n", help="transfers on the embedded chain")] = 1_000,
    rounds: Annotated[int, typer.Option(help="alternating ceiling/SDK rounds on anvil (medians)")] = 5,
    block_time: Annotated[float, typer.Option(help="seconds between blocks of the throughput node")] = 0.25,
    out: Annotated[Path | None, typer.Option(help="output folder (default: bench/ of the checkout)")] = None,
    batch_size: Annotated[int, typer.Option(help="transactions per JSON-RPC batch")] = 250,
    connections: Annotated[int, typer.Option(help="parallel connections to the node")] = 3,
    max_in_flight: Annotated[int, typer.Option(help="most transactions sent but unconfirmed")] = 8_000,
    sign_workers: Annotated[int, typer.Option(help="signing processes (0: sign in a thread)")] = 0,
    gas: Annotated[bool, typer.Option(help="measure gas")] = True,
    embedded: Annotated[bool, typer.Option(help="run the embedded-chain workload")] = True,
    privacy: Annotated[
        bool, typer.Option(help="measure the shielded pools (proofs, gas, private transfers/s)")
    ] = True,
    privacy_proofs: Annotated[int, typer.Option(help="private transfers proved one after the other")] = 10,
    privacy_institutions: Annotated[int, typer.Option(help="banks proving in parallel (1 to 3)")] = 2,
    privacy_per_institution: Annotated[int, typer.Option(help="private transfers per bank in parallel")] = 4,
    py_spy: Annotated[
        str | None, typer.Option("--py-spy", help="py-spy binary: sample the first SDK run (all threads)")
    ] = None,
    index: Annotated[
        bool,
        typer.Option(help="follow the chain with the event index during the first SDK run (lag, events/s)"),
    ] = True,
    index_bodies: Annotated[
        bool,
        typer.Option(help="the index reads transaction bodies (4-byte selectors); off: receipts only"),
    ] = True,
    quick: Annotated[bool, typer.Option(help="a small run: 2,000 transfers, 200 embedded, 1 round")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="print the results document (bench/results.json) instead of tables")
    ] = False,
) -> None:
    """Run the benchmark and print its tables (about 5 minutes with the defaults on 2 cores)."""
    from drex.bench import BenchConfig, run_bench
    from drex.bench.report import markdown

    config = BenchConfig(
        n=2_000 if quick else n,
        wallets=wallets,
        embedded_n=200 if quick else embedded_n,
        embedded_rounds=1 if quick else 2,
        rounds=1 if quick else rounds,
        block_time=block_time,
        batch_size=batch_size,
        connections=connections,
        max_in_flight=max_in_flight,
        sign_workers=sign_workers,
        gas=gas,
        embedded=embedded,
        privacy=privacy,
        privacy_proofs=2 if quick else privacy_proofs,
        privacy_institutions=privacy_institutions,
        privacy_per_institution=1 if quick else privacy_per_institution,
        py_spy=py_spy,
        index=index,
        index_bodies=index_bodies,
    )
    if out is not None:
        config.out_dir = out
    results = run_bench(config, echo=lambda msg: typer.echo(msg, err=True))
    if json_out:
        typer.echo(json.dumps(results, indent=2))
    else:
        typer.echo(markdown(results))
    typer.echo(f"written: {config.out_dir / 'results.json'}, results.md, results.png", err=True)
    verified = results.get("targets", {}).get("exactly_once", {}).get("met", True)
    if not verified:
        typer.echo("error: a transfer was not on chain exactly once", err=True)
        raise typer.Exit(1)
