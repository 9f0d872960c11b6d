"""`reewatch index`: ingest, extract, dedup, store and index documents in one pass.

Order of work per batch, chosen so that a crash at any point loses nothing committed:

1. analyse every new document of the batch (split, normalise, extract, sign, search fields;
   in worker processes with `jobs`), then put each into a story;
2. write the batch to the store in one transaction (documents, sentences, facts, clusters,
   and the stories renamed by merges, which the search index must learn);
3. add the batch to the search index; every SEARCH_COMMIT_DOCS documents and at the end,
   commit it and record how far it has caught up (`search_seq`). The search index is
   derived data: if the process dies before that, the next run re-adds what the store has
   and the index lacks (`sync_search`).

Documents already stored (same content hash) are skipped, so re-running adds only new files.
A document id stored with other text is a new version and replaces the old one.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reewatch.dedup import StoryClusterer, StorySignature, signature_of
from reewatch.errors import InputError
from reewatch.ingest.readers import read_documents, unique_documents
from reewatch.models import Document
from reewatch.pipeline import Pipeline, map_documents, with_page_metadata
from reewatch.search.index import SearchIndex, search_fields
from reewatch.store import Reject, Store, StoredDocument, open_store
from reewatch.store.base import SentenceRow
from reewatch.store.keys import FactRow, fact_keys, fact_row

DEFAULT_BATCH = 500
# The search index is derived data (rebuilt from the store after a crash), so it is committed
# less often than the store: a tantivy commit costs about 0.1 s whatever its size.
SEARCH_COMMIT_DOCS = 5000


def search_path(db_path: str | Path) -> Path:
    """The search index folder that belongs to a store file: `<db>.search/`."""
    return Path(f"{db_path}.search")


@dataclass
class IndexReport:
    """What one `reewatch index` run did."""

    read: int = 0
    added: int = 0
    skipped: int = 0  # already stored (same text)
    replaced: int = 0  # same id, new text
    facts: int = 0
    batches: int = 0
    merged_clusters: int = 0
    rejects: list[Reject] = field(default_factory=list)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds spent analysing, in dedup, store, search
    clusters: int = 0
    documents: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "added": self.added,
            "skipped": self.skipped,
            "replaced": self.replaced,
            "rejected": len(self.rejects),
            "rejects": [str(r) for r in self.rejects],
            "facts": self.facts,
            "batches": self.batches,
            "merged_clusters": self.merged_clusters,
            "documents_in_store": self.documents,
            "clusters_in_store": self.clusters,
            "seconds": round(self.seconds, 2),
            "seconds_by_phase": self.phases,
        }


@dataclass(slots=True)
class Prepared:
    """A received document analysed, before it joins a story: the part that runs in parallel."""

    document: Document
    sentences: list[SentenceRow]
    rows: list[FactRow]  # the facts as the store writes them
    signature: StorySignature
    search: dict[str, object]  # the search index fields (search_fields)
    error: str | None = None


def prepare(doc: Document, pipeline: Pipeline) -> Prepared:
    """Split, normalise, extract and sign one received document."""
    try:
        analyses = pipeline.analyse(doc)
        doc = with_page_metadata(doc, [a.article for a in analyses])
        views = [v for a in analyses for v in a.views]
        lexicon = pipeline.lexicon
        rows = [fact_row(f, doc.published, lexicon.elements) for a in analyses for f in a.facts]
        return Prepared(
            doc,
            [(a.article.id, v.span[0], v.span[1], v.lang, v.original) for a in analyses for v in a.views],
            rows,
            signature_of(doc, views),
            search_fields(doc, lexicon, _search_fact_types((r.type, r.keys) for r in rows)),
        )
    except Exception as e:  # a bug on one document must name the document, not kill the run silently
        return Prepared(doc, [], [], None, {}, f"could not be processed ({type(e).__name__}: {e})")  # type: ignore[arg-type]


@dataclass
class Indexer:
    """Holds the store, the search index, the pipeline and the story clusterer for one run."""

    store: Store
    search: SearchIndex
    pipeline: Pipeline
    clusterer: StoryClusterer = field(default_factory=StoryClusterer)
    _merges: dict[str, str] = field(default_factory=dict)  # cluster renames of the batch being built
    timings: Counter[str] = field(default_factory=Counter)  # seconds per phase
    _unsearchable: int = 0  # documents stored but not yet committed to the search index

    @classmethod
    def open(cls, db_path: str | Path, pipeline: Pipeline | None = None) -> Indexer:
        pipeline = pipeline or Pipeline()
        store = open_store(db_path, list(pipeline.lexicon.elements))
        indexer = cls(store, SearchIndex(search_path(db_path), pipeline.lexicon), pipeline)
        for doc_id, cluster, blob in store.signatures():
            indexer.clusterer.add(doc_id, StorySignature.from_bytes(blob), cluster=cluster)
        sync_search(store, indexer.search)  # after a crash, the search index catches up first
        return indexer

    def close(self) -> None:
        self.store.close()

    # --------------------------------------------------------------------- batches
    def _join_story(self, prepared: Prepared) -> StoredDocument:
        cluster, merges = self.clusterer.add(prepared.document.id, prepared.signature)
        self._merges.update(merges)
        return StoredDocument(
            prepared.document,
            prepared.sentences,
            [],  # the facts are in `rows`, as the store writes them
            cluster,
            prepared.signature.to_bytes(),
            prepared.rows,
        )

    def write(
        self,
        batch: Sequence[StoredDocument],
        fields: dict[str, dict[str, object]],
        rejects: Sequence[Reject],
        report: IndexReport,
    ) -> None:
        merges, self._merges = self._merges, {}
        # a chain a->b, b->c within one batch must end at c
        for old in list(merges):
            seen = {old}
            while merges[old] in merges and merges[old] not in seen:
                seen.add(merges[old])
                merges[old] = merges[merges[old]]
        for s in batch:
            s.cluster = merges.get(s.cluster, s.cluster)
        started = time.perf_counter()
        self.store.write_batch(batch, rejects, merges)
        self.timings["store"] += time.perf_counter() - started
        report.batches += 1
        report.facts += sum(len(s.rows) if s.rows is not None else len(s.facts) for s in batch)
        report.merged_clusters += len(merges)
        started = time.perf_counter()
        for s in batch:
            self.search.add_fields(fields[s.document.id], s.cluster)
        self._unsearchable += len(batch)
        if self._unsearchable >= SEARCH_COMMIT_DOCS:
            self.commit_search()
        self.timings["search"] += time.perf_counter() - started

    def commit_search(self) -> None:
        """Commit the search index (a commit costs ~0.1 s: once per SEARCH_COMMIT_DOCS, and at the end)."""
        started = time.perf_counter()
        _readd_renamed(self.store, self.search)
        self.search.commit()
        self.store.set_meta("search_seq", str(self.store.max_seq()))
        self.store.set_meta("search_pending_clusters", "[]")
        self._unsearchable = 0
        self.timings["search"] += time.perf_counter() - started

    def index(
        self,
        docs: Iterable[Document],
        rejects: Sequence[Reject] = (),
        batch_size: int = DEFAULT_BATCH,
        keep_going: bool = False,
        on_document: Callable[[Document], None] | None = None,
        jobs: int = 1,
    ) -> IndexReport:
        report = IndexReport(rejects=list(rejects))
        started = time.perf_counter()
        pending_rejects = list(rejects)
        docs = list(docs)
        report.read = len(docs)
        known = self.store.known(d.content_hash for d in docs)
        todo: list[Document] = []
        seen: set[str] = set()
        for doc in docs:
            digest = doc.content_hash
            if digest in known or digest in seen:
                report.skipped += 1
                if on_document:
                    on_document(doc)
                continue
            seen.add(digest)
            todo.append(doc)
        self._add(
            map_documents(prepare, todo, self.pipeline, jobs),
            report,
            pending_rejects,
            batch_size,
            keep_going,
            on_document,
        )
        report.seconds = time.perf_counter() - started
        return report

    def index_prepared(
        self, analysed: Iterable[Prepared], batch_size: int = DEFAULT_BATCH, keep_going: bool = False
    ) -> IndexReport:
        """Store, dedup and index documents analysed already (`prepare`), e.g. in other processes.

        The same as `index` after its analysis; the benchmark times the two parts apart with it.
        """
        report = IndexReport()
        started = time.perf_counter()
        self._add(analysed, report, [], batch_size, keep_going, None)
        report.seconds = time.perf_counter() - started
        return report

    def _add(
        self,
        analysed: Iterable[Prepared],
        report: IndexReport,
        pending_rejects: list[Reject],
        batch_size: int,
        keep_going: bool,
        on_document: Callable[[Document], None] | None,
    ) -> None:
        batch: list[StoredDocument] = []
        batch_fields: dict[str, dict[str, object]] = {}
        clock = time.perf_counter()
        for prepared in analysed:
            self.timings["analyse"] += time.perf_counter() - clock
            doc = prepared.document
            if on_document:
                on_document(doc)
            if prepared.error:
                where = doc.origin
                error = InputError(where.path if where else doc.id, where.line if where else None, prepared.error)
                if not keep_going:
                    raise error
                reject = Reject(error.path, error.line, error.problem)
                report.rejects.append(reject)
                pending_rejects.append(reject)
                clock = time.perf_counter()
                continue
            if self.store.document_hash(doc.id) is not None:
                report.replaced += 1
            t = time.perf_counter()
            batch.append(self._join_story(prepared))
            self.timings["dedup"] += time.perf_counter() - t
            batch_fields[doc.id] = prepared.search
            if len(batch) >= batch_size:
                self.write(batch, batch_fields, pending_rejects, report)
                report.added += len(batch)
                batch, batch_fields, pending_rejects = [], {}, []
            clock = time.perf_counter()
        if batch or pending_rejects:
            self.write(batch, batch_fields, pending_rejects, report)
            report.added += len(batch)
        if self._unsearchable:
            self.commit_search()
        stats = self.store.stats()
        report.documents, report.clusters = stats["documents"], stats["clusters"]
        report.phases = {k: round(v, 2) for k, v in self.timings.items()}


def fact_keys_for_search(facts: Iterable[dict[str, object]], symbols: Iterable[str]) -> set[str]:
    """What a document's facts say, as search keys: `price`, `price:dy-oxide`, `price:Dy`."""
    symbols = list(symbols)
    return _search_fact_types((str(record["type"]), fact_keys(record, symbols)) for record in facts)


def _search_fact_types(typed_keys: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> set[str]:
    out: set[str] = set()
    for fact_type, keys in typed_keys:
        out.add(fact_type)
        out.update(f"{fact_type}:{value}" for key, value in keys if key in ("product", "element"))
    return out


def sync_search(store: Store, search: SearchIndex, thorough: bool = True) -> int:
    """Add to the search index what the store holds and it lacks; returns how many documents.

    After a crash between a store commit and the search commit, the documents beyond
    `search_seq` are added, and stories renamed by merges are re-added. `thorough` also
    compares document counts, so that a lost or foreign search folder is rebuilt; a search
    (every query) only checks that the folder is not empty, which costs nothing.
    """
    count = _add_after(store, search, int(store.get_meta("search_seq") or 0))
    lost = search.count() == 0 and store.max_seq() > 0
    if lost or (thorough and search.count() != store.count()):
        count += _add_after(store, search, 0)  # not this store's index: rebuild (adding replaces by id)
    if _readd_renamed(store, search):
        search.commit()
        store.set_meta("search_pending_clusters", "[]")
    return count


def _readd_renamed(store: Store, search: SearchIndex) -> int:
    """Re-add the documents of stories renamed by a merge (recorded in the store's transaction)."""
    pending = json.loads(store.get_meta("search_pending_clusters") or "[]")
    if not pending:
        return 0
    lexicon = search.lexicon
    renamed = [d for d, _ in store.document_clusters(pending)]
    for doc in store.documents(renamed):
        types = fact_keys_for_search(store.facts_of(doc.id), lexicon.elements)
        search.add(doc, store.cluster_of(doc.id) or doc.id, types)
    return len(renamed)


def _add_after(store: Store, search: SearchIndex, done: int) -> int:
    lexicon = search.lexicon
    count, last = 0, done
    for seq, doc, cluster in store.documents_after(done):
        types = fact_keys_for_search(store.facts_of(doc.id), lexicon.elements)
        search.add(doc, cluster, types)
        last, count = seq, count + 1
    if count:
        search.commit()
        store.set_meta("search_seq", str(last))
    return count


def index_documents(
    db_path: str | Path,
    docs: list[Document],
    rejects: Sequence[Reject] = (),
    *,
    keep_going: bool = False,
    batch_size: int = DEFAULT_BATCH,
    jobs: int = 1,
    on_document: Callable[[Document], None] | None = None,
    pipeline: Pipeline | None = None,
) -> IndexReport:
    """Index documents already read and checked into the store at `db_path`."""
    indexer = Indexer.open(db_path, pipeline)
    try:
        return indexer.index(docs, rejects, batch_size, keep_going, on_document, jobs)
    finally:
        indexer.close()


def read_for_index(paths: Sequence[str], keep_going: bool = False) -> tuple[list[Document], list[Reject]]:
    """Every input read and checked before anything is written: without `keep_going` the first bad
    record raises `InputError`; with it, bad records come back as rejects and the rest is kept."""
    rejects: list[Reject] = []

    def reject(error: InputError) -> None:
        rejects.append(Reject(error.path, error.line, error.problem))

    on_error = reject if keep_going else None
    return unique_documents(read_documents(paths, on_error=on_error), on_error), rejects


def index_paths(paths: Sequence[str], db_path: str | Path, **options: object) -> IndexReport:
    """`reewatch index` as a function: read, check and index files and folders (same options)."""
    docs, rejects = read_for_index(paths, bool(options.get("keep_going")))
    return index_documents(db_path, docs, rejects, **options)  # type: ignore[arg-type]
