"""The `Store` protocol: what every storage backend of reewatch offers.

The indexer, the search and the CLI talk only to this protocol, so the embedded SQLite
store and a PostgreSQL store for teams are interchangeable. `tests/test_store.py` is the
conformance suite every backend must pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from reewatch.models import Document, Fact, Sentence
from reewatch.store.keys import FactRow

# A sentence as stored: (article id, start, end, language, text); the span is in the article's
# text. Plain tuples: every sentence of every document crosses from an indexing worker to the
# process that writes the store, and tuples unpickle many times faster than objects.
SentenceRow = tuple[str, int, int, str, str]


def sentence_row(article_id: str, sentence: Sentence) -> SentenceRow:
    return (article_id, sentence.span[0], sentence.span[1], sentence.lang, sentence.text)


@dataclass(slots=True)
class StoredDocument:
    """A received document with everything the pipeline derived from it, written together."""

    document: Document
    sentences: list[SentenceRow] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    cluster: str = ""
    signature: bytes = b""
    # The facts as rows (keys.fact_row), when the caller made them already (then `facts` may be
    # left empty); else the store makes them from `facts`.
    rows: list[FactRow] | None = None


@dataclass(frozen=True, slots=True)
class Reject:
    """A record skipped with --keep-going: where it was and why."""

    path: str
    line: int | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.problem}"


@dataclass(frozen=True, slots=True)
class FactQuery:
    """Filters of `reewatch facts`; every given filter must hold."""

    type: str | None = None
    product: str | None = None
    element: str | None = None
    country: str | None = None
    company: str | None = None
    since: str | None = None  # ISO date, inclusive, on the day the fact is about
    until: str | None = None
    lang: str | None = None
    doc_ids: Sequence[str] | None = None
    limit: int | None = None


class Store(Protocol):
    """Documents, sentences, facts with provenance, story clusters, rejects."""

    def known(self, content_hashes: Iterable[str]) -> set[str]:
        """The given content hashes that are already stored."""
        ...

    def document_hash(self, doc_id: str) -> str | None:
        """The content hash stored under this id, or None."""
        ...

    def write_batch(
        self, documents: Sequence[StoredDocument], rejects: Sequence[Reject] = (), merges: dict[str, str] | None = None
    ) -> int:
        """Write a batch in one transaction (all or nothing) and return its number.

        `merges` renames clusters (old -> new) when a new document joins two stories.
        A document whose id is stored with other text replaces it.
        """
        ...

    def documents(self, ids: Sequence[str] | None = None) -> Iterator[Document]:
        """Stored documents (all, or these ids), text exactly as received."""
        ...

    def documents_after(self, seq: int) -> Iterator[tuple[int, Document, str]]:
        """(seq, document, cluster) of documents that arrived after `seq`, in order."""
        ...

    def sentences(self, doc_id: str) -> list[Sentence]: ...

    def facts(self, query: FactQuery | None = None) -> Iterator[dict[str, Any]]:
        """Fact records (as `reewatch extract` prints them) with `document` and `title` added."""
        ...

    def facts_of(self, doc_id: str) -> list[dict[str, Any]]:
        """Fact records of one received document, in order."""
        ...

    def cluster_of(self, doc_id: str) -> str | None: ...

    def document_clusters(self, clusters: Sequence[str]) -> list[tuple[str, str]]:
        """(doc_id, cluster) of every document in these clusters."""
        ...

    def count(self) -> int:
        """How many documents are stored."""
        ...

    def max_seq(self) -> int:
        """The arrival number of the last stored document."""
        ...

    def clusters(self) -> dict[str, list[str]]:
        """Story cluster -> its document ids, in order of arrival."""
        ...

    def signatures(self) -> Iterator[tuple[str, str, bytes]]:
        """(doc_id, cluster, dedup signature) of every stored document, in order of arrival."""
        ...

    def rejects(self) -> list[Reject]: ...

    def stats(self) -> dict[str, Any]:
        """Counts: documents by language and source, facts by type, clusters, batches, rejects."""
        ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def close(self) -> None: ...
