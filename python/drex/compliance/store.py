"""The compliance service's tables, in the index's database (or any other): all named ``compliance_*``,
with their own Alembic version table (``compliance_alembic_version``), so they live next to the index's
tables without touching them. The schema is created and upgraded by Alembic (``migrations/``) at open.

Money is stored exactly (:class:`~drex.compliance.units.Money`: NUMERIC(78,0) on PostgreSQL, digits
elsewhere); wall-clock times are timezone-aware; chain times are the blocks' unix seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from drex.compliance.units import Money
from drex.index.database import open_database

VERSION_TABLE = "compliance_alembic_version"


def now() -> datetime:
    """The current wall-clock time, timezone-aware (UTC)."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database. SQLite keeps no zone: SQLAlchemy writes the wall
    time and reads it back naive, which ``.timestamp()`` would take as local time; so the value is written
    as UTC and read back as UTC. A naive value is refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime {value} cannot be stored: give its timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of the compliance tables (their own metadata)."""


class RuleRow(Base):
    """One version of a rule: its YAML text and hash, its mode, and its last backtest."""

    __tablename__ = "compliance_rules"
    __table_args__ = (UniqueConstraint("rule_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(32))
    indicator: Mapped[str] = mapped_column(String(32))
    yaml_text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)
    backtested_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    backtest: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class AlertRow(Base):
    """A hit of a rule version, with its evidence; unique per (rule, version, key) so a redelivered
    event never raises it twice. ``test`` alerts come from TEST rules and are never opened as cases."""

    __tablename__ = "compliance_alerts"
    __table_args__ = (UniqueConstraint("rule_id", "rule_version", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64))
    rule_version: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(42), index=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    block_time: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(Money)
    summary: Mapped[str] = mapped_column(Text)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    test: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="new")  # new, in_case, retracted
    case_id: Mapped[int | None] = mapped_column(ForeignKey("compliance_cases.id"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class CaseRow(Base):
    """Alerts about one subject grouped for a decision: open, dismissed, reported or frozen."""

    __tablename__ = "compliance_cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(42), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class ActionRow(Base):
    """A freeze or unfreeze: requested by one officer, approved (and sent on chain) by another."""

    __tablename__ = "compliance_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("compliance_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # freeze, unfreeze
    token: Mapped[str] = mapped_column(String(64))
    account: Mapped[str] = mapped_column(String(42))
    amount: Mapped[int] = mapped_column(Money)
    requester: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)
    approver: Mapped[str | None] = mapped_column(String(100), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # requested, sending (claimed by an approval, its tx hash stored before sending), executed, failed
    status: Mapped[str] = mapped_column(String(16), default="requested")
    tx_hash: Mapped[str | None] = mapped_column(String(66), nullable=True)
    block: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    requester_address: Mapped[str | None] = mapped_column(String(42), nullable=True)
    requester_signature: Mapped[str | None] = mapped_column(String(132), nullable=True)  # EIP-191
    approver_address: Mapped[str | None] = mapped_column(String(42), nullable=True)
    approver_signature: Mapped[str | None] = mapped_column(String(132), nullable=True)


class ListEntryRow(Base):
    """A screening list entry: who, on which list, and the wallets / key hashes it is matched on."""

    __tablename__ = "compliance_list_entries"
    __table_args__ = (UniqueConstraint("list_name", "reference", "match_value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_name: Mapped[str] = mapped_column(String(64), index=True)
    reference: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    entry_type: Mapped[str] = mapped_column(String(16))  # INDIVIDUAL, ENTITY
    matched_on: Mapped[str] = mapped_column(String(8))  # wallet, key
    match_value: Mapped[str] = mapped_column(String(66), index=True)  # lowercase
    freeze: Mapped[bool] = mapped_column(Boolean, default=False)
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


class CursorRow(Base):
    """Where the consumer of the index's stream stopped: the last event seq it processed."""

    __tablename__ = "compliance_cursor"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=now)


def _alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("drex.compliance") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def _migrate(engine: Engine) -> None:
    command.upgrade(_alembic_config(engine), "head")


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: object, _record: object) -> None:
        cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


class ComplianceStore:
    """The compliance tables at ``url`` (or on an existing ``engine``, e.g. the index's), migrated on open.

    >>> store = ComplianceStore("sqlite://")
    >>> with store.session() as s:
    ...     s.query(AlertRow).count()
    0
    """

    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        if engine is None:
            if url is None:
                raise ValueError("a database URL or an engine is needed")
            # errors in the operator's terms (drex.index.CannotOpenDatabase); migrated there
            engine = open_database(url, "compliance", _migrate, on_sqlite=_sqlite_pragmas)
        else:
            _migrate(engine)
        self.engine = engine
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose changes are committed together at the end, or not at all."""
        with self._sessions() as s, s.begin():
            yield s

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


__all__ = [
    "VERSION_TABLE",
    "ActionRow",
    "AlertRow",
    "Base",
    "CaseRow",
    "ComplianceStore",
    "CursorRow",
    "ListEntryRow",
    "RuleRow",
    "now",
]
