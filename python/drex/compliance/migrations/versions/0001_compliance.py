"""The compliance service's first schema: rules, alerts, cases, actions, list entries, cursor.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from drex.compliance.units import Money

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "compliance_rules",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("rule_id", sa.String(64), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("indicator", sa.String(32), nullable=False),
        sa.Column("yaml_text", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("loaded_at", TZ, nullable=False),
        sa.Column("backtested_at", TZ, nullable=True),
        sa.Column("backtest", sa.JSON, nullable=True),
        sa.UniqueConstraint("rule_id", "version"),
    )
    op.create_table(
        "compliance_cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subject", sa.String(42), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("decided_at", TZ, nullable=True),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
    )
    op.create_table(
        "compliance_alerts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("rule_id", sa.String(64), nullable=False),
        sa.Column("rule_version", sa.Integer, nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(42), nullable=False, index=True),
        sa.Column("seq", sa.BigInteger, nullable=False, index=True),
        sa.Column("block_time", sa.BigInteger, nullable=False),
        sa.Column("total", Money, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("parameters", sa.JSON, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("test", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("compliance_cases.id"), nullable=True, index=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("rule_id", "rule_version", "key"),
    )
    op.create_table(
        "compliance_actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("compliance_cases.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("account", sa.String(42), nullable=False),
        sa.Column("amount", Money, nullable=False),
        sa.Column("requester", sa.String(100), nullable=False),
        sa.Column("requested_at", TZ, nullable=False),
        sa.Column("approver", sa.String(100), nullable=True),
        sa.Column("approved_at", TZ, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("tx_hash", sa.String(66), nullable=True),
        sa.Column("block", sa.BigInteger, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_table(
        "compliance_list_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_name", sa.String(64), nullable=False, index=True),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("entry_type", sa.String(16), nullable=False),
        sa.Column("matched_on", sa.String(8), nullable=False),
        sa.Column("match_value", sa.String(66), nullable=False, index=True),
        sa.Column("freeze", sa.Boolean, nullable=False),
        sa.Column("loaded_at", TZ, nullable=False),
        sa.UniqueConstraint("list_name", "reference", "match_value"),
    )
    op.create_table(
        "compliance_cursor",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "compliance_cursor",
        "compliance_list_entries",
        "compliance_actions",
        "compliance_alerts",
        "compliance_cases",
        "compliance_rules",
    ):
        op.drop_table(table)
