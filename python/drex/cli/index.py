"""``drex index``: follow the chain into the event index, show where it stands, reconcile it.

* ``drex index run [--db URL] [--follow] [--to-block N]`` — index from the cursor to the head (or block
  N), once or, with ``--follow``, polling until interrupted (Ctrl-C stops between batches);
* ``drex index status`` — the cursor, what the index holds and how far behind the node it is;
* ``drex index reconcile`` — sync to the head, then compare the derived balances, frozen amounts and
  supplies with the contracts; exits 1 when anything differs.

The database is ``--db`` (a SQLAlchemy URL: ``sqlite:///path`` or ``postgresql+psycopg://user@host:port/db``),
else ``DREX_INDEX_DB``, else a SQLite file per chain in the state folder:
``.drex/index/<chainId>.sqlite``. The chain and the platform come from the shared ``--network`` and
``--manifest`` options. Only Typer is imported at module level, so ``drex --help`` stays fast.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import echo, notice, report
from drex.cli.options import CHAIN, current, shared_group

if TYPE_CHECKING:
    from drex.index import SyncReport

ENV_DB = "DREX_INDEX_DB"

index_app = typer.Typer(
    cls=shared_group(*CHAIN),
    help="The event index: follow the chain into SQLite or PostgreSQL, status, reconcile.",
    no_args_is_help=True,
)

Db = Annotated[
    str | None,
    typer.Option(
        "--db", help=f"SQLAlchemy URL of the index (env {ENV_DB}; default .drex/index/<chainId>.sqlite)"
    ),
]


def default_db(chain_id: int) -> str:
    """The default index database of a chain: ``<state folder>/index/<chainId>.sqlite``."""
    from drex.paths import state_dir

    folder = state_dir() / "index"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / f'{chain_id}.sqlite'}"


def _db_url(db: str | None, chain_id: int) -> str:
    return db or os.environ.get(ENV_DB) or default_db(chain_id)


def _sync_doc(r: SyncReport) -> dict[str, Any]:
    return {
        "from_block": r.from_block,
        "to_block": r.to_block,
        "blocks": r.blocks,
        "transactions": r.transactions,
        "events": r.events,
        "seconds": round(r.seconds, 3),
        "events_per_second": round(r.events_per_second, 1),
        "rollbacks": [rb.__dict__ for rb in r.rollbacks],
        "node_head": r.node_head,
        "node_behind": r.node_behind,
    }


def _sync_lines(r: SyncReport) -> list[str]:
    lines = [
        f"rolled back to block {rb.ancestor} (blocks {rb.from_block}..{rb.to_block} dropped, events "
        f"{rb.first_seq}..{rb.last_seq} retracted)"
        for rb in r.rollbacks
    ]
    if r.node_behind:
        lines.append(
            f"the node's head {r.node_head} is {r.node_behind} blocks below the index's block {r.to_block} "
            "(a node behind or restarting): waiting for it, nothing rolled back"
        )
    elif r.blocks == 0:
        lines.append(f"index up to date at block {r.to_block}")
    else:
        lines.append(
            f"indexed blocks {r.from_block}..{r.to_block}: {r.blocks:,} blocks, "
            f"{r.transactions:,} transactions, {r.events:,} events in {r.seconds:.1f} s "
            f"({r.events_per_second:,.0f} events/s)"
        )
    return lines


@index_app.command("run")
def run_index(
    db: Db = None,
    follow: Annotated[bool, typer.Option("--follow", help="keep following the chain until Ctrl-C")] = False,
    to_block: Annotated[int | None, typer.Option("--to-block", help="stop at this block")] = None,
    poll: Annotated[float, typer.Option(help="seconds between polls with --follow")] = 1.0,
    batch_blocks: Annotated[int, typer.Option(help="blocks per database transaction")] = 100,
    bodies: Annotated[
        bool, typer.Option(help="read transaction bodies (4-byte selectors); off: receipts only, faster")
    ] = True,
) -> None:
    """Index the chain from the cursor to the head (or --to-block); --follow keeps going."""
    from drex.cli.common import open_session
    from drex.index import Indexer, IndexStore

    s = open_session()
    store = IndexStore(_db_url(db, s.chain.chain_id))
    indexer = Indexer(s.platform, store, batch_blocks=batch_blocks, bodies=bodies)
    if not follow:
        r = indexer.sync(to_block)
        report(_sync_lines(r), _sync_doc(r))
        return

    behind = [0]  # said once when the node falls behind, not at every poll

    def printed(r: SyncReport) -> None:
        if r.blocks or r.rollbacks or (r.node_behind and not behind[0]):
            for line in _sync_lines(r):
                echo(line)
        behind[0] = r.node_behind

    try:
        indexer.follow(poll, on_sync=printed, on_error=lambda exc: notice(f"{exc} (retrying)"))
    except KeyboardInterrupt:
        cursor = store.cursor()
        notice(f"stopped at block {cursor.block_number if cursor else '-'}")


@index_app.command("status")
def status(db: Db = None) -> None:
    """Where the index stands: chain, last block, counts, and the node's head when it answers.
    With --db (or DREX_INDEX_DB) no manifest is needed: the cursor says which chain the index follows."""
    from drex.errors import DrexError
    from drex.index import IndexStore

    opts = current()
    url = db or os.environ.get(ENV_DB)
    chain_id: int | None = None
    if url is None:  # the default database is per chain: the manifest says which
        from drex.deploy import read_manifest

        chain_id = read_manifest(opts.manifest).chain_id
        url = default_db(chain_id)
    store = IndexStore(url, create=False)
    cursor = store.cursor()
    if cursor is not None:
        chain_id = cursor.chain_id
    counts = store.counts()
    head: int | None = None
    try:
        from drex.chain import connect

        head = int(connect(opts.network, expect_chain_id=chain_id, start_local=False).w3.eth.block_number)
    except DrexError:
        pass
    block = cursor.block_number if cursor else None
    doc: dict[str, Any] = {
        "db": _safe(url),
        "chain_id": chain_id,
        "genesis_hash": cursor.genesis_hash if cursor else None,
        "block": block,
        "block_hash": cursor.block_hash if cursor else None,
        "head": head,
        "behind": None if head is None or block is None else head - block,
        "last_seq": store.last_seq(),
        **counts,
    }
    lines = [f"index    {_safe(url)}"]
    if cursor is None:
        lines.append("block    - (empty: run `drex index run`)")
    else:
        lines.append(f"chain    {cursor.chain_id} (genesis {cursor.genesis_hash})")
        lines.append(f"block    {cursor.block_number} ({cursor.block_hash})")
    if head is not None:
        lines.append(f"node     head {head}" + ("" if block is None else f", {head - block} blocks behind"))
    lines.append(
        f"holds    {counts['blocks']:,} blocks, {counts['transactions']:,} transactions, "
        f"{counts['events']:,} events (last seq {doc['last_seq']}), {counts['rollbacks']} rollbacks"
    )
    report(lines, doc)


@index_app.command("reconcile")
def reconcile_cmd(
    db: Db = None,
    sync: Annotated[
        bool, typer.Option(help="sync to the head first (a node without history needs it)")
    ] = True,
) -> None:
    """Compare derived balances, frozen amounts and supplies with the contracts; exit 1 on a difference."""
    from drex.cli.common import open_session
    from drex.index import Indexer, IndexStore, reconcile

    s = open_session()
    store = IndexStore(_db_url(db, s.chain.chain_id), create=False)
    if sync:
        Indexer(s.platform, store).sync()
    result = reconcile(s.platform, store)
    lines = [
        f"reconciled at block {result.block}: {result.tokens} tokens, {result.balances} balances, "
        + ("no difference" if result.ok else f"{len(result.differences)} differences")
    ]
    lines += [f"  {d}" for d in result.differences]
    report(lines, result.as_dict())
    if not result.ok:
        raise typer.Exit(1)


def _safe(url: str) -> str:
    """The URL without its password."""
    from drex.index.database import safe_url

    return safe_url(url)


__all__ = ["default_db", "index_app"]
