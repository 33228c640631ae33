"""Opening a service's database (the index, the compliance tables) with errors in the operator's terms.

:func:`open_database` creates the SQLAlchemy engine and applies the service's Alembic migrations, turning
what can go wrong at that point (a URL SQLAlchemy cannot read, a driver not installed, a SQLite file that
cannot be opened, a PostgreSQL server refusing the connection) into one :class:`CannotOpenDatabase`:
``cannot open the index database <url without its password>: <reason>``. A read-only command opens with
``create=False``: a SQLite file that does not exist is an error instead of a new empty database (a
mistyped path would otherwise look like an empty index).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError

from drex.errors import DrexError


class CannotOpenDatabase(DrexError):
    """A service's database cannot be opened: bad URL, missing file or folder, server unreachable."""


def safe_url(url: str) -> str:
    """``url`` without its password (also when SQLAlchemy cannot read it)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _reason(exc: BaseException) -> str:
    """The first line of the driver's message (psycopg adds hints on further lines)."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(orig).strip() or type(orig).__name__
    return " ".join(text.splitlines()[0].split())


def _sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite database (None for another backend or an in-memory one)."""
    if engine.dialect.name != "sqlite":
        return None
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def open_database(
    url: str,
    what: str,
    migrate: Callable[[Engine], None],
    *,
    create: bool = True,
    on_sqlite: Callable[[Engine], None] | None = None,
) -> Engine:
    """The engine of ``url`` with ``migrate`` applied; :class:`CannotOpenDatabase` naming ``what`` (e.g.
    "index") otherwise. ``create=False``: a SQLite file that does not exist is refused, not created.
    ``on_sqlite`` is called with the engine of a SQLite database (to set its pragmas)."""
    where = f"cannot open the {what} database {safe_url(url)}"
    try:
        engine = create_engine(url)
    except ArgumentError as exc:  # not a URL, or an unknown dialect
        raise CannotOpenDatabase(
            f"{where}: {_reason(exc)} (expected sqlite:///path or postgresql+psycopg://user@host:port/db)"
        ) from None
    except ImportError as exc:  # the dialect's driver is not installed
        raise CannotOpenDatabase(f"{where}: its driver is not installed ({exc})") from None
    path = _sqlite_file(engine)
    if path is not None:
        if not create and not path.is_file():
            raise CannotOpenDatabase(f"{where}: the file {path} does not exist (nothing created)")
        if not path.parent.is_dir():
            raise CannotOpenDatabase(f"{where}: the folder {path.parent} does not exist")
    if on_sqlite is not None and engine.dialect.name == "sqlite":
        on_sqlite(engine)
    try:
        with engine.connect():  # the connection alone: an error of the migrations is not caught here
            pass
    except (OperationalError, InterfaceError) as exc:  # refused, unknown database, unreadable file...
        engine.dispose()
        raise CannotOpenDatabase(f"{where}: {_reason(exc)}") from None
    migrate(engine)
    return engine


__all__ = ["CannotOpenDatabase", "open_database", "safe_url"]
