"""The index's tables (all prefixed ``index_``, so other services may share the database).

* ``index_cursor``: one row, the chain (id, genesis hash) and the last block stored (number, hash);
* ``index_blocks``: number, hash, parent hash, timestamp, transaction count of every stored block;
* ``index_transactions``: hash, block, position, from, to, status, gas used, 4-byte selector;
* ``index_events``: every log of every stored block, ``seq`` a monotonic number never reused (SQLite's
  ``AUTOINCREMENT``, a PostgreSQL identity), unique on (block hash, log index) so nothing is stored twice;
* ``index_rollbacks``: each reorganisation followed, with the range of ``seq`` it retracted;
* ``index_balances`` and ``index_supplies``: balances, frozen amounts, minted and burned totals derived from
  the events, per token address and token id (0 for an ERC-20, the TPFt id for TPFt).

Amounts are :class:`Money`: NUMERIC(78,0) on PostgreSQL (any uint256), a decimal string on SQLite (whose
integers stop at 2^63), Python ints on both sides. Nothing is ever a float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class Money(TypeDecorator[int]):
    """An exact integer up to 2^256: NUMERIC(78,0) on PostgreSQL, a decimal string elsewhere."""

    impl = String(80)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(78, 0))
        return dialect.type_descriptor(String(80))

    def process_bind_param(self, value: int | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "postgresql":
            return Decimal(int(value))
        return str(int(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(value)


#: A 64-bit integer column that is a rowid alias (auto-incremented) on SQLite too.
SEQ = BigInteger().with_variant(Integer(), "sqlite")
HASH = String(66)
ADDRESS = String(42)

metadata = MetaData()

cursor = Table(
    "index_cursor",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: one cursor per database
    Column("chain_id", BigInteger, nullable=False),
    Column("genesis_hash", HASH, nullable=False),
    Column("block_number", BigInteger, nullable=False),
    Column("block_hash", HASH, nullable=False),
)

blocks = Table(
    "index_blocks",
    metadata,
    Column("number", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", HASH, nullable=False, unique=True),
    Column("parent_hash", HASH, nullable=False),
    Column("timestamp", BigInteger, nullable=False),
    Column("tx_count", Integer, nullable=False),
)

transactions = Table(
    "index_transactions",
    metadata,
    Column("hash", HASH, primary_key=True),
    Column("block", BigInteger, nullable=False, index=True),
    Column("tx_index", Integer, nullable=False),
    Column("sender", ADDRESS, nullable=False, index=True),
    Column("recipient", ADDRESS, nullable=True),
    Column("status", Integer, nullable=False),
    Column("gas_used", BigInteger, nullable=False),
    Column("selector", String(10), nullable=True),
)

events = Table(
    "index_events",
    metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=True),
    Column("block", BigInteger, nullable=False, index=True),
    Column("block_hash", HASH, nullable=False),
    Column("time", BigInteger, nullable=False),
    Column("tx", HASH, nullable=False, index=True),
    Column("tx_index", Integer, nullable=False),
    Column("log_index", Integer, nullable=False),
    Column("sender", ADDRESS, nullable=False),
    Column("address", ADDRESS, nullable=False),
    Column("contract", String(80), nullable=True),
    Column("event", String(80), nullable=True),
    Column("args", Text, nullable=False),  # JSON with exact integers (see drex.index.decode)
    Column("topics", Text, nullable=False),  # JSON list of 0x-hex topics
    Column("data", Text, nullable=False),
    UniqueConstraint("block_hash", "log_index", name="uq_index_events_block_log"),
    Index("ix_index_events_contract_event", "contract", "event"),
    sqlite_autoincrement=True,
)

rollbacks = Table(
    "index_rollbacks",
    metadata,
    Column("id", SEQ, primary_key=True, autoincrement=True),
    Column("ancestor", BigInteger, nullable=False),
    Column("from_block", BigInteger, nullable=False),
    Column("to_block", BigInteger, nullable=False),
    Column("first_seq", BigInteger, nullable=True),
    Column("last_seq", BigInteger, nullable=True),
    Column("time", BigInteger, nullable=False),
    sqlite_autoincrement=True,
)

balances = Table(
    "index_balances",
    metadata,
    Column("token", ADDRESS, primary_key=True),
    Column("token_id", Money(), primary_key=True),
    Column("account", ADDRESS, primary_key=True),
    Column("balance", Money(), nullable=False),
    Column("frozen", Money(), nullable=False),
)

supplies = Table(
    "index_supplies",
    metadata,
    Column("token", ADDRESS, primary_key=True),
    Column("token_id", Money(), primary_key=True),
    Column("minted", Money(), nullable=False),
    Column("burned", Money(), nullable=False),
)

__all__ = [
    "Money",
    "balances",
    "blocks",
    "cursor",
    "events",
    "metadata",
    "rollbacks",
    "supplies",
    "transactions",
]
