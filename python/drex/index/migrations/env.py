"""Alembic environment of the event index: runs on the engine the store passes in, with its own version
table (``index_alembic_version``) so other services can keep their own migrations in the same database.

Importing this module outside Alembic (a tool walking the package) does nothing.
"""

from __future__ import annotations

from alembic import context

from drex.index.schema import metadata

VERSION_TABLE = "index_alembic_version"


def run_migrations() -> None:
    """Apply the pending revisions on the engine of the Alembic config, in one transaction."""
    engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection, target_metadata=metadata, render_as_batch=True, version_table=VERSION_TABLE
        )
        with context.begin_transaction():
            context.run_migrations()


if hasattr(context, "config"):  # run by Alembic (IndexStore), not merely imported
    run_migrations()
