"""The index's first schema: cursor, blocks, transactions, events, rollbacks, derived balances and supplies.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from drex.index.schema import Money

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
HASH = sa.String(66)
ADDRESS = sa.String(42)


def upgrade() -> None:
    op.create_table(
        "index_cursor",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("chain_id", sa.BigInteger, nullable=False),
        sa.Column("genesis_hash", HASH, nullable=False),
        sa.Column("block_number", sa.BigInteger, nullable=False),
        sa.Column("block_hash", HASH, nullable=False),
    )
    op.create_table(
        "index_blocks",
        sa.Column("number", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", HASH, nullable=False, unique=True),
        sa.Column("parent_hash", HASH, nullable=False),
        sa.Column("timestamp", sa.BigInteger, nullable=False),
        sa.Column("tx_count", sa.Integer, nullable=False),
    )
    op.create_table(
        "index_transactions",
        sa.Column("hash", HASH, primary_key=True),
        sa.Column("block", sa.BigInteger, nullable=False, index=True),
        sa.Column("tx_index", sa.Integer, nullable=False),
        sa.Column("sender", ADDRESS, nullable=False, index=True),
        sa.Column("recipient", ADDRESS, nullable=True),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("gas_used", sa.BigInteger, nullable=False),
        sa.Column("selector", sa.String(10), nullable=True),
    )
    op.create_table(
        "index_events",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=True),
        sa.Column("block", sa.BigInteger, nullable=False, index=True),
        sa.Column("block_hash", HASH, nullable=False),
        sa.Column("time", sa.BigInteger, nullable=False),
        sa.Column("tx", HASH, nullable=False, index=True),
        sa.Column("tx_index", sa.Integer, nullable=False),
        sa.Column("log_index", sa.Integer, nullable=False),
        sa.Column("sender", ADDRESS, nullable=False),
        sa.Column("address", ADDRESS, nullable=False),
        sa.Column("contract", sa.String(80), nullable=True),
        sa.Column("event", sa.String(80), nullable=True),
        sa.Column("args", sa.Text, nullable=False),
        sa.Column("topics", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("block_hash", "log_index", name="uq_index_events_block_log"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_index_events_contract_event", "index_events", ["contract", "event"])
    op.create_table(
        "index_rollbacks",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("ancestor", sa.BigInteger, nullable=False),
        sa.Column("from_block", sa.BigInteger, nullable=False),
        sa.Column("to_block", sa.BigInteger, nullable=False),
        sa.Column("first_seq", sa.BigInteger, nullable=True),
        sa.Column("last_seq", sa.BigInteger, nullable=True),
        sa.Column("time", sa.BigInteger, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "index_balances",
        sa.Column("token", ADDRESS, primary_key=True),
        sa.Column("token_id", Money(), primary_key=True),
        sa.Column("account", ADDRESS, primary_key=True),
        sa.Column("balance", Money(), nullable=False),
        sa.Column("frozen", Money(), nullable=False),
    )
    op.create_table(
        "index_supplies",
        sa.Column("token", ADDRESS, primary_key=True),
        sa.Column("token_id", Money(), primary_key=True),
        sa.Column("minted", Money(), nullable=False),
        sa.Column("burned", Money(), nullable=False),
    )


def downgrade() -> None:
    op.drop_index("ix_index_events_contract_event", "index_events")
    for table in (
        "index_supplies",
        "index_balances",
        "index_rollbacks",
        "index_events",
        "index_transactions",
        "index_blocks",
        "index_cursor",
    ):
        op.drop_table(table)
