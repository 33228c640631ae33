"""Alembic migrations of the event index (applied by :class:`drex.index.IndexStore` when it opens)."""
