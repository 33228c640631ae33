"""The wallet's first schema: cursor, tree leaves, owners, notes.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

FIELD = sa.String(80)


def upgrade() -> None:
    op.create_table(
        "cursor",
        sa.Column("pool", sa.String(42), primary_key=True),
        sa.Column("chain_id", sa.Integer, nullable=False),
        sa.Column("block_number", sa.Integer, nullable=False),
        sa.Column("block_hash", sa.String(66), nullable=False),
    )
    op.create_table(
        "tree_leaf",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pool", sa.String(42), nullable=False, index=True),
        sa.Column("tree", sa.String(8), nullable=False),
        sa.Column("leaf_index", sa.Integer, nullable=False),
        sa.Column("value", FIELD, nullable=False),
        sa.UniqueConstraint("pool", "tree", "leaf_index"),
    )
    op.create_table(
        "owner",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pool", sa.String(42), nullable=False, index=True),
        sa.Column("owner_no", sa.Integer, nullable=False),
        sa.Column("owner_id", FIELD, nullable=False),
        sa.Column("wallet", sa.String(42), nullable=False),
        sa.Column("note_key", sa.String(66), nullable=False),
        sa.Column("allowed", sa.Boolean, nullable=False),
        sa.UniqueConstraint("pool", "owner_no"),
    )
    op.create_table(
        "note",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pool", sa.String(42), nullable=False, index=True),
        sa.Column("leaf_index", sa.Integer, nullable=False),
        sa.Column("side", sa.Integer, nullable=False),
        sa.Column("leaf", FIELD, nullable=False),
        sa.Column("sibling", FIELD, nullable=False),
        sa.Column("commitment", FIELD, nullable=False),
        sa.Column("value", FIELD, nullable=False),
        sa.Column("asset", FIELD, nullable=False),
        sa.Column("salt", FIELD, nullable=False),
        sa.Column("nullifier", FIELD, nullable=False, index=True),
        sa.Column("block_number", sa.Integer, nullable=False),
        sa.Column("tx_hash", sa.String(66), nullable=False),
        sa.Column("spent_tx", sa.String(66), nullable=True),
        sa.UniqueConstraint("pool", "leaf_index", "side"),
    )


def downgrade() -> None:
    for table in ("note", "owner", "tree_leaf", "cursor"):
        op.drop_table(table)
