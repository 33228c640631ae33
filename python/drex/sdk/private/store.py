"""An institution's private wallet database: its notes, the pools' trees and owners, and the scan cursor.

Each institution keeps this database itself (SQLite by default, a file in the state folder; any SQLAlchemy
URL, PostgreSQL in production). Everything in it can be rebuilt from the chain by scanning the pools'
events with the institution's keys, so losing it loses nothing but time; keeping it means a restart
resumes where the scan stopped. The schema is created and upgraded by Alembic (``migrations/``) when the
store is opened.

Field elements and note values are stored as decimal strings: they exceed SQLite's 64-bit integers, and
nothing sums them in SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Boolean, Integer, String, UniqueConstraint, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

#: Column type of a field element or a value up to 2^64 (decimal digits).
FIELD = String(80)


class Base(DeclarativeBase):
    """The declarative base of the wallet's tables."""


class Cursor(Base):
    """Where the scan of one pool stopped: the last block read and its hash (a reorg changes the hash)."""

    __tablename__ = "cursor"
    pool: Mapped[str] = mapped_column(String(42), primary_key=True)
    chain_id: Mapped[int] = mapped_column(Integer)
    block_number: Mapped[int] = mapped_column(Integer)
    block_hash: Mapped[str] = mapped_column(String(66))


class TreeLeaf(Base):
    """One leaf of a pool's note tree (``tree = "notes"``) or allow list (``tree = "allow"``), by index."""

    __tablename__ = "tree_leaf"
    __table_args__ = (UniqueConstraint("pool", "tree", "leaf_index"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pool: Mapped[str] = mapped_column(String(42), index=True)
    tree: Mapped[str] = mapped_column(String(8))
    leaf_index: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(FIELD)


class OwnerRow(Base):
    """A registered owner of a pool: owner number, owner id, wallet, note key, whether it may transact."""

    __tablename__ = "owner"
    __table_args__ = (UniqueConstraint("pool", "owner_no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pool: Mapped[str] = mapped_column(String(42), index=True)
    owner_no: Mapped[int] = mapped_column(Integer)
    owner_id: Mapped[str] = mapped_column(FIELD)
    wallet: Mapped[str] = mapped_column(String(42))
    note_key: Mapped[str] = mapped_column(String(66))
    allowed: Mapped[bool] = mapped_column(Boolean, default=True)


class NoteRow(Base):
    """A note this institution owns (or owned): its opening, where it is in the tree, and whether it is
    spent. ``nullifier`` is computed when the note is found, so a spend is recognised by one lookup."""

    __tablename__ = "note"
    __table_args__ = (UniqueConstraint("pool", "leaf_index", "side"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pool: Mapped[str] = mapped_column(String(42), index=True)
    leaf_index: Mapped[int] = mapped_column(Integer)
    side: Mapped[int] = mapped_column(Integer)
    leaf: Mapped[str] = mapped_column(FIELD)
    sibling: Mapped[str] = mapped_column(FIELD)
    commitment: Mapped[str] = mapped_column(FIELD)
    value: Mapped[str] = mapped_column(FIELD)
    asset: Mapped[str] = mapped_column(FIELD)
    salt: Mapped[str] = mapped_column(FIELD)
    nullifier: Mapped[str] = mapped_column(FIELD, index=True)
    block_number: Mapped[int] = mapped_column(Integer)
    tx_hash: Mapped[str] = mapped_column(String(66))
    spent_tx: Mapped[str | None] = mapped_column(String(66), nullable=True, default=None)


def _alembic_config(engine: Engine) -> Config:
    cfg = Config()
    location = resources.files("drex.sdk.private") / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.attributes["engine"] = engine
    return cfg


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: object, _record: object) -> None:
        cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class WalletStore:
    """The wallet database at ``url`` (``sqlite:///path`` or any SQLAlchemy URL), migrated on open.

    >>> import tempfile, pathlib
    >>> store = WalletStore.at(pathlib.Path(tempfile.mkdtemp()) / "wallet.sqlite")
    >>> with store.session() as s:
    ...     s.query(NoteRow).count()
    0
    """

    def __init__(self, url: str):
        self.url = url
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        command.upgrade(_alembic_config(self.engine), "head")
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def at(cls, path: Path) -> WalletStore:
        """The SQLite store in the file ``path`` (its folder is created)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(f"sqlite:///{path}")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose changes are committed together at the end of the block, or not at all."""
        with self._sessions() as s, s.begin():
            yield s

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


__all__ = ["Base", "Cursor", "NoteRow", "OwnerRow", "TreeLeaf", "WalletStore"]
