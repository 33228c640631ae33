"""The optional write-ahead journal of the bulk submitter: every signed transaction, before it is sent.

A SQLite file (WAL mode) survives the process, so a run that died is resumed from it without signing
any intent twice; without a path the journal lives in memory and covers node failures during one run.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from drex.errors import DrexError


@dataclass
class JournalEntry:
    """A journaled transaction: the intent's key, its signer and nonce, its hash and raw bytes."""

    key: str
    sender: str
    nonce: int
    tx_hash: str
    raw: bytes


class Journal:
    """The write-ahead record of every signed transaction: SQLite, one row per intent key.

    A file journal (WAL mode) survives the process; without a path it lives in memory and covers node
    failures during one run. Rows are committed before their transactions are sent and are never
    updated except when a superseded intent is signed again; what is on chain is always read from the
    chain, never trusted from the journal. ``startBlock`` is the head when the journal was first used:
    nothing it holds can be in an earlier block.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        self._db = sqlite3.connect(
            str(self.path) if self.path else ":memory:", check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()
        with self._lock:
            if self.path is not None:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(
                """
                CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS tx (
                    key TEXT PRIMARY KEY, sender TEXT NOT NULL, nonce INTEGER NOT NULL,
                    hash TEXT NOT NULL, raw BLOB NOT NULL);
                """
            )

    def bind_chain(self, chain_id: int, head: int) -> int:
        """Tie the journal to a chain id (another chain's journal is refused); returns ``startBlock``."""
        with self._lock:
            rows = dict(self._db.execute("SELECT k, v FROM meta").fetchall())
            if "chainId" in rows and int(rows["chainId"]) != chain_id:
                raise DrexError(
                    f"journal {self.path} is for chain id {rows['chainId']}, this chain is {chain_id}"
                )
            start = min(int(rows.get("startBlock", head)), head)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('chainId', ?)", (str(chain_id),))
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('startBlock', ?)", (str(start),))
            return start

    def entries(self, keys: Sequence[str] | None = None) -> dict[str, JournalEntry]:
        """Journaled transactions (all, or those of ``keys``), by key."""
        with self._lock:
            rows = self._db.execute("SELECT key, sender, nonce, hash, raw FROM tx").fetchall()
        found = {r[0]: JournalEntry(r[0], r[1], r[2], r[3], bytes(r[4])) for r in rows}
        if keys is None:
            return found
        return {k: found[k] for k in keys if k in found}

    def max_nonces(self) -> dict[str, int]:
        """The highest journaled nonce of each sender."""
        with self._lock:
            rows = self._db.execute("SELECT sender, MAX(nonce) FROM tx GROUP BY sender").fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def record(self, entries: Sequence[JournalEntry]) -> None:
        """Insert (or, for a re-signed intent, replace) rows, committed before the caller sends them."""
        self.record_rows([(e.key, e.sender, e.nonce, e.tx_hash, e.raw) for e in entries])

    def record_rows(self, rows: Sequence[tuple[str, str, int, str, bytes]]) -> None:
        """:meth:`record` for (key, sender, nonce, hash, raw) tuples, the submitter's hot path."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO tx VALUES (?, ?, ?, ?, ?)", rows)
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()
