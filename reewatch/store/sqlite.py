"""The embedded store: one SQLite file in WAL mode, standard library only.

Every batch is one `BEGIN IMMEDIATE ... COMMIT`: a crash or `kill -9` leaves the file as it
was after the last committed batch (WAL replays committed transactions and drops the rest).
The schema is created and upgraded by the numbered scripts in `migrations/`, each applied once
and recorded in `schema_migrations`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from reewatch.errors import InputError
from reewatch.models import Document, Origin, Sentence
from reewatch.store.base import FactQuery, Reject, StoredDocument
from reewatch.store.keys import fact_row

_DOC_COLUMNS = "id, text, title, source, url, published, lang, origin_path, origin_line"


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, SQL) of every migration script shipped with reewatch, in order."""
    found = []
    for entry in resources.files("reewatch.store").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        source=row["source"],
        url=row["url"],
        published=row["published"],
        lang=row["lang"],
        origin=Origin(row["origin_path"], row["origin_line"]) if row["origin_path"] else None,
    )


class SQLiteStore:
    """The `Store` protocol on one SQLite file."""

    def __init__(self, path: str | Path, element_symbols: Iterable[str] = ()) -> None:
        self.path = str(path)
        self._symbols = list(element_symbols)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
            self.db.execute("PRAGMA foreign_keys=ON")
            tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "schema_migrations" not in tables:
                raise InputError(self.path, None, "not a reewatch database (it holds other tables)")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise InputError(self.path, None, f"not a reewatch database ({e})") from None

    # -------------------------------------------------------------- schema
    def _migrate(self) -> None:
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied TEXT NOT NULL)"
        )
        done = {row[0] for row in self.db.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migrations():
            if version in done:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in sql.split(";\n"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, datetime.now(UTC).isoformat())
                )
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    # -------------------------------------------------------------- writing
    def known(self, content_hashes: Iterable[str]) -> set[str]:
        hashes = list(set(content_hashes))
        found: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.db.execute(f"SELECT content_hash FROM documents WHERE content_hash IN ({marks})", chunk)
            )
        return found

    def document_hash(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def write_batch(
        self, documents: Sequence[StoredDocument], rejects: Sequence[Reject] = (), merges: dict[str, str] | None = None
    ) -> int:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            batch = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM batches").fetchone()[0]
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0]
            fact_id = db.execute("SELECT COALESCE(MAX(id), 0) FROM facts").fetchone()[0]
            fact_rows: list[tuple[Any, ...]] = []
            key_rows: list[tuple[int, str, str]] = []
            for old, new in (merges or {}).items():
                db.execute("UPDATE documents SET cluster = ? WHERE cluster = ?", (new, old))
            if merges:  # the search index must learn the new names, even if the process dies first
                pending = set(json.loads(self.get_meta("search_pending_clusters") or "[]")) | set(merges.values())
                self.set_meta("search_pending_clusters", json.dumps(sorted(pending)))
            # A new version replaces the old one; within a batch the last version of an id wins.
            latest = list({stored.document.id: stored for stored in documents}.values())
            db.executemany("DELETE FROM documents WHERE id = ?", [(s.document.id,) for s in latest])
            doc_rows: list[tuple[Any, ...]] = []
            sentence_rows: list[tuple[Any, ...]] = []
            signature_rows: list[tuple[str, bytes]] = []
            for stored in latest:
                doc = stored.document
                seq += 1
                doc_rows.append(
                    (
                        doc.id,
                        doc.content_hash,
                        doc.text,
                        doc.title,
                        doc.source,
                        doc.url,
                        doc.published,
                        doc.lang,
                        doc.origin.path if doc.origin else None,
                        doc.origin.line if doc.origin else None,
                        stored.cluster or doc.id,
                        batch,
                        seq,
                    )
                )
                sentence_rows += [(doc.id, i, *row) for i, row in enumerate(stored.sentences)]
                rows = stored.rows
                if rows is None:
                    rows = [fact_row(f, doc.published, self._symbols) for f in stored.facts]
                for row in rows:  # ids given here, so that a batch is a few executemany calls
                    fact_id += 1
                    fact_rows.append(
                        (
                            fact_id,
                            doc.id,
                            row.doc_id,
                            row.type,
                            row.lang,
                            row.sentence,
                            row.start,
                            row.end,
                            row.day,
                            row.record,
                        )
                    )
                    key_rows += [(fact_id, k, v) for k, v in row.keys]
                if stored.signature:
                    signature_rows.append((doc.id, stored.signature))
            db.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", doc_rows)
            db.executemany(
                'INSERT INTO sentences (doc_id, position, article, start, "end", lang, text) VALUES (?,?,?,?,?,?,?)',
                sentence_rows,
            )
            db.executemany("INSERT INTO dedup_signatures VALUES (?, ?)", signature_rows)
            db.executemany(
                'INSERT INTO facts (id, doc_id, article, type, lang, sentence, start, "end", day, record)'
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
                fact_rows,
            )
            db.executemany("INSERT OR IGNORE INTO fact_keys VALUES (?,?,?)", key_rows)
            db.executemany(  # a record rejected again on a later run is listed once
                "INSERT INTO rejects (batch, path, line, problem) SELECT ?,?,?,? WHERE NOT EXISTS"
                " (SELECT 1 FROM rejects WHERE path = ? AND line IS ? AND problem = ?)",
                [(batch, r.path, r.line, r.problem, r.path, r.line, r.problem) for r in rejects],
            )
            db.execute(
                "INSERT INTO batches VALUES (?,?,?,?,?)",
                (batch, datetime.now(UTC).isoformat(), len(documents), len(fact_rows), len(rejects)),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return batch

    # -------------------------------------------------------------- reading
    def documents(self, ids: Sequence[str] | None = None) -> Iterator[Document]:
        if ids is None:
            for row in self.db.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY seq"):
                yield _document(row)
            return
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = {
                r["id"]: r
                for r in self.db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id IN ({marks})", chunk)
            }
            yield from (_document(rows[d]) for d in chunk if d in rows)

    def documents_after(self, seq: int) -> Iterator[tuple[int, Document, str]]:
        rows = self.db.execute(f"SELECT seq, cluster, {_DOC_COLUMNS} FROM documents WHERE seq > ? ORDER BY seq", (seq,))
        for row in rows:
            yield row["seq"], _document(row), row["cluster"]

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def max_seq(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0]

    def sentences(self, doc_id: str) -> list[Sentence]:
        rows = self.db.execute(
            'SELECT article, start, "end", lang, text FROM sentences WHERE doc_id = ? ORDER BY position', (doc_id,)
        )
        return [Sentence(r["article"], r["text"], (r["start"], r["end"]), r["lang"]) for r in rows]

    def facts(self, query: FactQuery | None = None) -> Iterator[dict[str, Any]]:
        query = query or FactQuery()
        where, args = [], []
        for key, value in (
            ("product", query.product),
            ("element", query.element),
            ("country", query.country),
            ("company", query.company.casefold() if query.company else None),
        ):
            if value:
                where.append("f.id IN (SELECT fact_id FROM fact_keys WHERE key = ? AND value = ?)")
                args += [key, value]
        for clause, value in (
            ("f.type = ?", query.type),
            ("f.day >= ?", query.since),
            ("f.day <= ?", query.until),
            ("f.lang = ?", query.lang),
        ):
            if value:
                where.append(clause)
                args.append(value)
        if query.doc_ids is not None:
            where.append(f"f.doc_id IN ({','.join('?' * len(query.doc_ids))})")
            args += list(query.doc_ids)
        sql = (
            "SELECT f.record, f.doc_id AS document, d.title, d.source, d.published FROM facts f"
            " JOIN documents d ON d.id = f.doc_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY d.seq, f.id"
            + (f" LIMIT {int(query.limit)}" if query.limit else "")
        )
        for row in self.db.execute(sql, args):
            record = json.loads(row["record"])
            record.update(
                document=row["document"], title=row["title"], source=row["source"], published=row["published"]
            )
            yield record

    def facts_of(self, doc_id: str) -> list[dict[str, Any]]:
        return [
            json.loads(r[0])
            for r in self.db.execute("SELECT record FROM facts WHERE doc_id = ? ORDER BY id", (doc_id,))
        ]

    def cluster_of(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT cluster FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def document_clusters(self, clusters: Sequence[str]) -> list[tuple[str, str]]:
        """(doc_id, cluster) of every document in these clusters."""
        out: list[tuple[str, str]] = []
        for i in range(0, len(clusters), 500):
            chunk = list(clusters[i : i + 500])
            marks = ",".join("?" * len(chunk))
            out += [
                (r[0], r[1])
                for r in self.db.execute(f"SELECT id, cluster FROM documents WHERE cluster IN ({marks})", chunk)
            ]
        return out

    def clusters(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for cluster, doc_id in self.db.execute("SELECT cluster, id FROM documents ORDER BY seq"):
            out.setdefault(cluster, []).append(doc_id)
        return out

    def signatures(self) -> Iterator[tuple[str, str, bytes]]:
        rows = self.db.execute(
            "SELECT d.id, d.cluster, s.signature FROM documents d JOIN dedup_signatures s ON s.doc_id = d.id"
            " ORDER BY d.seq"
        )
        for row in rows:
            yield row[0], row[1], row[2]

    def rejects(self) -> list[Reject]:
        return [
            Reject(r[0], r[1], r[2]) for r in self.db.execute("SELECT path, line, problem FROM rejects ORDER BY id")
        ]

    def stats(self) -> dict[str, Any]:
        db = self.db

        def counts(sql: str) -> dict[str, int]:
            return {str(k) if k is not None else "unknown": n for k, n in db.execute(sql)}

        sizes = [n for (n,) in db.execute("SELECT COUNT(*) FROM documents GROUP BY cluster")]
        return {
            "documents": db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "documents_by_lang": counts("SELECT lang, COUNT(*) FROM documents GROUP BY lang ORDER BY 2 DESC, 1"),
            "documents_by_source": counts("SELECT source, COUNT(*) FROM documents GROUP BY source ORDER BY 2 DESC, 1"),
            "facts": db.execute("SELECT COUNT(*) FROM facts").fetchone()[0],
            "facts_by_type": counts("SELECT type, COUNT(*) FROM facts GROUP BY type ORDER BY 2 DESC, 1"),
            "clusters": len(sizes),
            "clusters_with_several_documents": sum(1 for n in sizes if n > 1),
            "largest_cluster": max(sizes, default=0),
            "batches": db.execute("SELECT COUNT(*) FROM batches").fetchone()[0],
            "rejects": db.execute("SELECT COUNT(*) FROM rejects").fetchone()[0],
            "schema_version": self.schema_version(),
        }

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value)
        )

    def close(self) -> None:
        self.db.close()
