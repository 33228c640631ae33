"""The index database and its read API.

:class:`IndexStore` opens (creating it if needed) the database at a SQLAlchemy URL, ``sqlite:///path.db``
by default or ``postgresql+psycopg://user@host:port/db`` in production, and applies the Alembic migrations
of ``migrations/`` (own version table ``index_alembic_version``: another service can keep its tables and
migrations in the same database, through :attr:`IndexStore.engine`).

Reading events as a consumer (the compliance service), at least once:

1. keep your position, the ``seq`` of the last event you finished processing (0 at first), in your own
   storage, and store it only *after* processing (so a crash re-reads, never skips);
2. first ask :meth:`IndexStore.rollbacks_after` for the rollbacks that retracted events you already
   processed; undo what you derived from them (events of blocks above ``rollback.ancestor``), then set
   your position to ``rollback.last_seq``: no event between will ever exist again;
3. read :meth:`IndexStore.events` ``(after=position)`` and process them in order.

``seq`` only grows and is never reused, so a position stays meaningful across rollbacks and restarts.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Select, event, func, select
from sqlalchemy.engine import Engine, Row

from drex.index import schema
from drex.index.database import open_database
from drex.index.records import IndexCursor, IndexedEvent, IndexRollback


def _alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("drex.index") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL keeps commits atomic; fsync at checkpoints
        cursor.execute("PRAGMA busy_timeout=10000")  # readers and the follower share the file
        cursor.close()


def event_of(row: Row[Any]) -> IndexedEvent:
    """An ``index_events`` row as an :class:`IndexedEvent`."""
    m = row._mapping
    return IndexedEvent(
        seq=int(m["seq"]),
        block=int(m["block"]),
        block_hash=m["block_hash"],
        time=int(m["time"]),
        tx=m["tx"],
        tx_index=int(m["tx_index"]),
        log_index=int(m["log_index"]),
        sender=m["sender"],
        address=m["address"],
        contract=m["contract"],
        event=m["event"],
        args=json.loads(m["args"]),
        topics=tuple(json.loads(m["topics"])),
        data=m["data"],
    )


class IndexStore:
    """The index database at ``url``, migrated on open.

    >>> import tempfile, pathlib
    >>> store = IndexStore(f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'index.sqlite'}")
    >>> store.cursor() is None, store.last_seq(), store.events()
    (True, 0, [])
    """

    def __init__(self, url: str, *, create: bool = True):
        """Open (``create``: creating a missing SQLite file) and migrate; :class:`CannotOpenDatabase`
        when the database cannot be opened."""
        self.url = url
        self.engine: Engine = open_database(
            url,
            "index",
            lambda engine: command.upgrade(_alembic_config(engine), "head"),
            create=create,
            on_sqlite=_sqlite_pragmas,
        )

    # ------------------------------------------------------------------ reading
    def cursor(self) -> IndexCursor | None:
        """The chain and last block stored; None before the first sync."""
        c = schema.cursor.c
        with self.engine.connect() as conn:
            row = conn.execute(select(c.chain_id, c.genesis_hash, c.block_number, c.block_hash)).first()
        if row is None:
            return None
        return IndexCursor(int(row[0]), row[1], int(row[2]), row[3])

    def events(
        self,
        after: int = 0,
        limit: int = 1000,
        *,
        contracts: list[str] | tuple[str, ...] | None = None,
        names: list[str] | tuple[str, ...] | None = None,
        to_block: int | None = None,
    ) -> list[IndexedEvent]:
        """Up to ``limit`` events with ``seq > after``, in ``seq`` order, optionally only of the contracts
        named ``contracts`` (manifest names), the event names ``names`` and blocks up to ``to_block``."""
        e = schema.events
        query: Select[Any] = select(e).where(e.c.seq > after)
        if contracts is not None:
            query = query.where(e.c.contract.in_(list(contracts)))
        if names is not None:
            query = query.where(e.c.event.in_(list(names)))
        if to_block is not None:
            query = query.where(e.c.block <= to_block)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(e.c.seq).limit(limit)).all()
        return [event_of(r) for r in rows]

    def last_seq(self) -> int:
        """The highest ``seq`` ever given to an event (0 if none): also counts events since retracted."""
        e, r = schema.events, schema.rollbacks
        with self.engine.connect() as conn:
            stored = conn.execute(select(func.max(e.c.seq))).scalar()
            retracted = conn.execute(select(func.max(r.c.last_seq))).scalar()
        return max(int(stored or 0), int(retracted or 0))

    def block_time(self, number: int) -> int:
        """Timestamp (unix seconds) of the stored block ``number``; KeyError if it is not stored."""
        b = schema.blocks
        with self.engine.connect() as conn:
            found = conn.execute(select(b.c.timestamp).where(b.c.number == number)).scalar()
        if found is None:
            raise KeyError(f"block {number} is not in the index")
        return int(found)

    def block_hash(self, number: int) -> str | None:
        """Hash of the stored block ``number``, None if it is not stored."""
        b = schema.blocks
        with self.engine.connect() as conn:
            found = conn.execute(select(b.c.hash).where(b.c.number == number)).scalar()
        return None if found is None else str(found)

    def rollbacks_after(self, seq: int) -> list[IndexRollback]:
        """The rollbacks that retracted events a consumer at position ``seq`` (the last event it processed)
        has seen: those whose retracted range ``first_seq..last_seq`` contains ``seq``, oldest first. A
        consumer past ``last_seq`` read events stored after the rollback, so it has already dealt with
        it; one before ``first_seq`` never saw the retracted events."""
        r = schema.rollbacks
        query = (
            select(r)
            .where(r.c.first_seq.is_not(None), r.c.first_seq <= seq, r.c.last_seq >= seq)
            .order_by(r.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [self._rollback(row) for row in rows]

    def rollbacks(self) -> list[IndexRollback]:
        """Every rollback the index followed, oldest first."""
        r = schema.rollbacks
        with self.engine.connect() as conn:
            rows = conn.execute(select(r).order_by(r.c.id)).all()
        return [self._rollback(row) for row in rows]

    @staticmethod
    def _rollback(row: Row[Any]) -> IndexRollback:
        m = row._mapping
        return IndexRollback(
            id=int(m["id"]),
            ancestor=int(m["ancestor"]),
            from_block=int(m["from_block"]),
            to_block=int(m["to_block"]),
            first_seq=None if m["first_seq"] is None else int(m["first_seq"]),
            last_seq=None if m["last_seq"] is None else int(m["last_seq"]),
            time=int(m["time"]),
        )

    # ------------------------------------------------------------ derived state
    def balances(self, token_address: str, token_id: int = 0) -> dict[str, tuple[int, int]]:
        """account -> (balance, frozen) of a token (an ERC-20 with ``token_id`` 0, or one TPFt id), as
        derived from the events."""
        b = schema.balances
        query = select(b.c.account, b.c.balance, b.c.frozen).where(
            b.c.token == token_address, b.c.token_id == token_id
        )
        with self.engine.connect() as conn:
            return {a: (int(bal), int(fr)) for a, bal, fr in conn.execute(query)}

    def supply(self, token_address: str, token_id: int = 0) -> tuple[int, int]:
        """(minted, burned) of a token (``token_id`` 0 for an ERC-20), as derived from the events."""
        s = schema.supplies
        query = select(s.c.minted, s.c.burned).where(s.c.token == token_address, s.c.token_id == token_id)
        with self.engine.connect() as conn:
            found = conn.execute(query).first()
        return (0, 0) if found is None else (int(found[0]), int(found[1]))

    def tokens(self) -> list[tuple[str, int]]:
        """Every (token address, token id) the derived state has, sorted."""
        s, b = schema.supplies, schema.balances
        with self.engine.connect() as conn:
            found = {(t, int(i)) for t, i in conn.execute(select(s.c.token, s.c.token_id))}
            found |= {(t, int(i)) for t, i in conn.execute(select(b.c.token, b.c.token_id).distinct())}
        return sorted(found)

    def counts(self) -> dict[str, int]:
        """How many blocks, transactions, events and rollbacks the index holds."""
        tables = {
            "blocks": schema.blocks,
            "transactions": schema.transactions,
            "events": schema.events,
            "rollbacks": schema.rollbacks,
        }
        with self.engine.connect() as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
                for name, t in tables.items()
            }

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


__all__ = ["IndexStore", "event_of"]
