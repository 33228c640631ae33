"""Alembic environment of the wallet database: runs on the engine the store passes in."""

from __future__ import annotations

from alembic import context

from drex.sdk.private.store import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
