"""Where documents, sentences, facts and story clusters are kept (`Store` protocol)."""

from __future__ import annotations

from pathlib import Path

from reewatch.store.base import FactQuery, Reject, Store, StoredDocument


def open_store(path: str | Path, element_symbols: list[str] | None = None) -> Store:
    """The store at `path`: a SQLite file (created with the current schema if absent)."""
    from reewatch.store.sqlite import SQLiteStore

    return SQLiteStore(path, element_symbols or [])


__all__ = ["FactQuery", "Reject", "Store", "StoredDocument", "open_store"]
