"""Alembic environment of the compliance tables: runs on the engine the store passes in, with its own
version table so it can share a database with the index."""

from __future__ import annotations

from alembic import context

from drex.compliance.store import VERSION_TABLE, Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        include_name=lambda name, type_, _parent: type_ != "table" or str(name).startswith("compliance_"),
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
