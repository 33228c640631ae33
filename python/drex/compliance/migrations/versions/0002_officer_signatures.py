"""Officers as identities: the requester's and approver's addresses and EIP-191 signatures per action.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = ("requester_address", "requester_signature", "approver_address", "approver_signature")


def upgrade() -> None:
    with op.batch_alter_table("compliance_actions") as batch:
        for name in COLUMNS:
            batch.add_column(
                sa.Column(name, sa.String(42 if name.endswith("address") else 132), nullable=True)
            )


def downgrade() -> None:
    with op.batch_alter_table("compliance_actions") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
