"""``drex oracle run|status``: a reference-data reporter, and where every series stands on chain.

* ``drex oracle run --series SELIC,PTAX_SELL --source sgs|ptax|csv:FILE --journal PATH [--share chain|DIR]
  [--once] [--interval SECONDS]`` — read each series from its source, sign each round once (journaled
  before the signature is used), share the vote through the chain (``report``) or a folder drop (``DIR``)
  and publish complete rounds; every ``--interval`` seconds until SIGINT/SIGTERM (the current step
  finishes, exit 0), or one step with ``--once`` (exit 1 when a series failed or a value was refused).
  The reporter signs with ``--as ROLE`` on dev chains (the dev reporters are ``ORACLE_1`` ..
  ``ORACLE_4``, accounts 10..13) or ``--keystore PATH``; the same account relays its transactions.
  ``--sgs-url``/``--ptax-url`` point the official sources elsewhere (a mirror; env ``DREX_SGS_URL``,
  ``DREX_PTAX_URL``). Rounds go out in date order: a later date is voted only once the earlier round
  is published; ``--settle`` is how long a step waits for the other reporters to complete a round
  (reporters started together then go through a backlog in one step); ``--max-back`` how many dates
  before today a step considers at most.
* ``drex oracle status`` — every configured series: last round (date, value in its unit), age (business
  days or months), signers, the next date and the votes already on chain for it; reporters and quorum.

People read one line per event (``SELIC 2025-01-02  signed: signed 0.045513 % a.d. (journaled)``); the
alarms (a conflicting source answer, a refused value, a failure, a repaired journal, an unusable vote
file) and the retries also go to stderr. ``--json`` prints one JSON document per step (JSON lines while
running). Only Typer is imported at module level.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import echo, emit_json, notice
from drex.cli.options import SIGNING, current, shared_group

if TYPE_CHECKING:
    from drex.cli.common import Session
    from drex.oracle.reporter import StepReport

oracle_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Reference-data oracles: run a reporter (sign, share, publish rounds), show the rounds on chain.",
    no_args_is_help=True,
)


def open_reference(*, sign: bool = False) -> Session:
    """The session of a deployment that has ReferenceData (the rest of the platform is not needed)."""
    from drex.chain import connect
    from drex.cli.common import Session, signer_for
    from drex.deploy import read_manifest
    from drex.errors import DrexError
    from drex.sdk import Platform
    from drex.sdk.values import to_address

    opts = current()
    manifest = read_manifest(opts.manifest)
    chain = connect(opts.network, expect_chain_id=manifest.chain_id, start_local=False)
    entry = manifest.contracts.get("ReferenceData")
    if entry is None:
        raise DrexError(
            f"manifest {opts.manifest} has no ReferenceData: deploy the oracles first (drex deploy)"
        )
    if len(chain.w3.eth.get_code(to_address(entry["address"]))) == 0:
        raise DrexError(
            f"no ReferenceData at {entry['address']} on {chain.name}: the manifest is for another chain"
        )
    signer = None
    if sign:
        signer = signer_for(chain, manifest, opts.as_role, opts.keystore)
        if not hasattr(signer, "sign_message"):
            raise DrexError("a reporter signs EIP-712 votes: use --as ROLE (dev chains) or --keystore PATH")
    return Session(chain, manifest, Platform.from_manifest(chain, manifest, signer), opts)


def _series_names(text: str) -> list[str]:
    from drex.errors import DrexError
    from drex.reference import series_spec

    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise DrexError("--series needs at least one series name (SELIC,PTAX_SELL...)")
    for name in names:
        series_spec(name)  # an unknown name raises, naming the known ones
    if len(set(names)) != len(names):
        raise DrexError(f"--series lists a series twice: {text}")
    return names


def _event_line(e: Any) -> str:
    where = f"{e.series} {e.day.isoformat()}" if e.day else e.series
    return f"{where}  {e.kind}: {e.message}"


def _print_step(step: StepReport, as_json: bool) -> None:
    import json

    if as_json:
        echo(json.dumps(step.to_json()))
        return
    for e in step.events:
        line = _event_line(e)
        if e.kind in ("conflict", "failed", "refused", "journal", "ignored"):
            notice(line)  # the alarms also go to stderr, whatever the output is piped to
        else:
            echo(line)
    if not step.events:
        echo("nothing to do: every series is up to date")


@oracle_app.command("run")
def run(
    series: Annotated[
        str, typer.Option("--series", help="series to report, comma separated: SELIC,PTAX_SELL")
    ],
    source: Annotated[str, typer.Option("--source", help="where to read them: sgs, ptax or csv:FILE")],
    journal: Annotated[Path, typer.Option("--journal", help="this reporter's signing journal (JSON lines)")],
    share: Annotated[
        str, typer.Option("--share", help="share votes through the chain (chain) or a folder drop (a path)")
    ] = "chain",
    once: Annotated[
        bool, typer.Option("--once", help="one step, then exit (1 if a series failed or a value was refused)")
    ] = False,
    interval: Annotated[float, typer.Option("--interval", help="seconds between steps")] = 300.0,
    max_back: Annotated[int, typer.Option("--max-back", help="most reference dates per series per step")] = 5,
    settle: Annotated[
        float,
        typer.Option("--settle", help="seconds a step waits for the others to complete a round"),
    ] = 15.0,
    gap_wait: Annotated[
        float | None,
        typer.Option(
            "--gap-wait",
            help="seconds a series waits at most for a date its source lacks while more than f reporters "
            "voted for it, then goes on to later dates [default: 21600, 6 h]",
            show_default=False,
        ),
    ] = None,
    sgs_url: Annotated[str | None, typer.Option("--sgs-url", help="base URL of the SGS API")] = None,
    ptax_url: Annotated[str | None, typer.Option("--ptax-url", help="base URL of the PTAX service")] = None,
) -> None:
    """Run a reporter: read, sign once (journaled), share, publish complete rounds; until SIGINT/SIGTERM."""
    import math
    import threading

    from drex.errors import DrexError
    from drex.oracle.backoff import Backoff
    from drex.oracle.journal import Journal
    from drex.oracle.reporter import GAP_WAIT, Reporter, graceful_stop
    from drex.oracle.share import ChainShare, FolderShare
    from drex.oracle.sources import source_for

    names = _series_names(series)
    gap_wait = GAP_WAIT if gap_wait is None else gap_wait
    finite = all(math.isfinite(x) for x in (interval, settle, gap_wait))  # nan compares false to anything
    if not finite or interval <= 0 or max_back < 1 or settle < 0 or gap_wait < 0:
        raise DrexError(
            "--interval must be positive, --max-back at least 1, --settle and --gap-wait not negative "
            "(all finite numbers of seconds)"
        )
    kind = source.partition(":")[0]
    url = sgs_url if kind == "sgs" else ptax_url if kind == "ptax" else None
    if (sgs_url and kind != "sgs") or (ptax_url and kind != "ptax"):
        raise DrexError(f"--sgs-url goes with --source sgs and --ptax-url with --source ptax, not {source}")
    reader = source_for(source, base_url=url)
    if not journal.parent.is_dir():
        raise DrexError(
            f"journal folder {journal.parent} does not exist (create it, or choose another --journal)"
        )
    if share != "chain" and not Path(share).is_dir():
        raise DrexError(f"share folder {share} does not exist (create it, or use --share chain)")
    s = open_reference(sign=True)
    data = s.platform.reference_data
    with Journal(journal, s.platform.address) as jr:
        sharing = ChainShare(data) if share == "chain" else FolderShare(share, data)
        reporter = Reporter(
            s.platform, s.platform.signer, reader, names, jr, sharing, max_back=max_back,
            settle=settle, gap_wait=gap_wait, backoff=Backoff(), log=notice,
        )  # fmt: skip
        reporter.check()
        failed: list[str] = []

        def printed(step: StepReport) -> None:
            failed[:] = sorted(step.failed) + [e.series for e in step.of_kind("refused")]
            _print_step(step, s.options.json)

        stop = threading.Event()
        with graceful_stop(stop):
            reporter.run(interval, once=once, stop=stop, on_step=printed)
    if once and failed:
        raise typer.Exit(1)


@oracle_app.command("status")
def status(
    pending: Annotated[bool, typer.Option(help="read the votes already on chain for the next date")] = True,
) -> None:
    """Every configured series: last round, value, age, signers, next date and its votes; the reporters."""
    from drex.oracle.status import oracle_status, status_json, status_lines

    s = open_reference()
    st = oracle_status(s.platform, pending=pending)
    if s.options.json:
        emit_json(status_json(st))
    else:
        for line in status_lines(st, s.manifest.accounts):
            echo(line)


__all__ = ["oracle_app"]
