"""The store: records in and out of a SQL database (SQLite by default, any SQLAlchemy URL)."""

from fogwatch.store.db import Store, resolve_url

__all__ = ["Store", "resolve_url"]
