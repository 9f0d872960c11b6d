"""Cross-language full-text search over the store (tantivy BM25 + lexicon keys)."""

from reewatch.search.index import Hit, SearchFilter, SearchIndex

__all__ = ["Hit", "SearchFilter", "SearchIndex"]
