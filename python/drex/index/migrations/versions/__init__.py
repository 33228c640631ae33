"""The index's schema revisions."""
