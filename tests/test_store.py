"""Store conformance: what every `Store` backend must do. Written once, run per backend.

A PostgreSQL backend joins by adding its factory to BACKENDS; the tests do not change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reewatch.errors import InputError
from reewatch.models import Document, Fact, Origin, Sentence
from reewatch.store import FactQuery, Reject, Store, StoredDocument
from reewatch.store.base import sentence_row
from reewatch.store.sqlite import SQLiteStore, migrations

SYMBOLS = ["La", "Ce", "Pr", "Nd", "Dy", "Tb"]
BACKENDS: dict[str, Callable[[Path], Store]] = {"sqlite": lambda tmp: SQLiteStore(tmp / "store.db", SYMBOLS)}


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s = BACKENDS[request.param](tmp_path)
    yield s
    s.close()


def _doc(doc_id: str, text: str, **meta: str) -> Document:
    return Document(id=doc_id, text=text, origin=Origin("in.jsonl", 3), **meta)


def _price(doc_id: str, sentence: str, product: str, value: int, as_of: str) -> Fact:
    fields = {"product": product, "value": value, "currency": "CNY", "unit": "t", "as_of": as_of}
    return Fact("price", doc_id, sentence, (0, len(sentence)), "en", fields)


def _trade(doc_id: str, sentence: str) -> Fact:
    fields = {
        "flow": "export",
        "reporter": "CN",
        "partner": "US",
        "product": "re-magnets",
        "quantity": 590,
        "period": "2025-09",
    }
    return Fact("trade_flow", doc_id, sentence, (0, len(sentence)), "zh", fields)


def _stored(doc: Document, facts: list[Fact], cluster: str = "") -> StoredDocument:
    sentences = [sentence_row(doc.id, Sentence(doc.id, f.sentence, f.span, f.lang)) for f in facts]
    return StoredDocument(doc, sentences, facts, cluster or doc.id, b"sig")


DY = "Dysprosium oxide rose to CNY 1,650,000/t."
MAG = "9月对美国出口稀土磁体590吨。"


def test_documents_round_trip_exactly(store: Store) -> None:
    text = "  Dysprosium oxide rose to CNY 1,650,000/t.\r\n\n 全角１２３ "
    store.write_batch([_stored(_doc("a", text, title="T", source="S", published="2025-11-03", lang="en"), [])])
    (back,) = store.documents(["a"])
    assert back.text == text
    assert (back.title, back.source, back.published, back.lang) == ("T", "S", "2025-11-03", "en")
    assert back.origin == Origin("in.jsonl", 3)


def test_known_hashes_and_replacement(store: Store) -> None:
    doc = _doc("a", DY)
    store.write_batch([_stored(doc, [_price("a", DY, "dy-oxide", 1650000, "2025-11-03")])])
    assert store.known([doc.content_hash, "other"]) == {doc.content_hash}
    assert store.document_hash("a") == doc.content_hash
    newer = _doc("a", DY + " Terbium was flat.")
    store.write_batch([_stored(newer, [])])
    assert [d.text for d in store.documents()] == [newer.text]
    assert list(store.facts()) == []  # the old version's facts went with it


def test_facts_keep_provenance_and_filter(store: Store) -> None:
    store.write_batch(
        [
            _stored(_doc("a", DY, published="2025-11-03"), [_price("a", DY, "dy-oxide", 1650000, "2025-11-03")]),
            _stored(_doc("b", MAG, published="2025-10-20"), [_trade("b", MAG)]),
        ]
    )
    (dy,) = store.facts(FactQuery(element="Dy"))
    assert (dy["document"], dy["sentence"], dy["span"], dy["value"]) == ("a", DY, [0, len(DY)], 1650000)
    assert [f["doc_id"] for f in store.facts(FactQuery(country="US"))] == ["b"]
    assert [f["type"] for f in store.facts(FactQuery(product="re-magnets"))] == ["trade_flow"]
    assert [f["doc_id"] for f in store.facts(FactQuery(since="2025-10-01", until="2025-10-31"))] == []
    assert [f["doc_id"] for f in store.facts(FactQuery(since="2025-09-01", until="2025-09-30"))] == ["b"]
    assert [f["doc_id"] for f in store.facts(FactQuery(lang="zh", type="trade_flow"))] == ["b"]
    assert list(store.facts(FactQuery(type="price", country="US"))) == []
    assert store.sentences("b")[0].text == MAG


def test_a_failed_batch_leaves_the_store_as_it_was(store: Store) -> None:
    store.write_batch([_stored(_doc("a", DY), [])])
    before = store.stats()
    broken = _stored(_doc("b", MAG), [_trade("b", MAG)])
    broken.facts[0].fields["quantity"] = object()  # cannot be written: the whole batch must go
    with pytest.raises(TypeError):
        store.write_batch([_stored(_doc("c", "Another document."), []), broken])
    assert store.stats() == before
    assert [d.id for d in store.documents()] == ["a"]


def test_clusters_merge_and_stats(store: Store) -> None:
    store.write_batch([_stored(_doc("a", DY, lang="en"), []), _stored(_doc("b", MAG, lang="zh"), [_trade("b", MAG)])])
    store.write_batch(
        [_stored(_doc("c", "A copy of the magnets story.", lang="en"), [], cluster="b")], merges={"a": "b"}
    )
    assert store.clusters() == {"b": ["a", "b", "c"]}
    stats = store.stats()
    assert stats["documents"] == 3 and stats["clusters"] == 1 and stats["largest_cluster"] == 3
    assert stats["documents_by_lang"] == {"en": 2, "zh": 1}
    assert stats["facts_by_type"] == {"trade_flow": 1}
    assert stats["batches"] == 2


def test_rejects_are_kept(store: Store) -> None:
    store.write_batch([], [Reject("bad.jsonl", 7, "not JSON")])
    assert [str(r) for r in store.rejects()] == ["bad.jsonl:7: not JSON"]
    assert store.stats()["rejects"] == 1


def test_meta_and_arrival_order(store: Store) -> None:
    store.set_meta("search_seq", "0")
    store.write_batch([_stored(_doc("x", "one"), []), _stored(_doc("y", "two"), [])])
    assert [d.id for _, d, _ in store.documents_after(1)] == ["y"]
    assert store.max_seq() == 2
    assert store.get_meta("search_seq") == "0"


# ------------------------------------------------------------------ SQLite specifics
def test_sqlite_migrations_are_numbered_and_recorded(tmp_path: Path) -> None:
    versions = [v for v, _, _ in migrations()]
    assert versions == sorted(versions) == list(range(1, len(versions) + 1))
    SQLiteStore(tmp_path / "s.db").close()
    reopened = SQLiteStore(tmp_path / "s.db")  # opening again applies nothing twice
    assert reopened.schema_version() == versions[-1]
    rows = sqlite3.connect(tmp_path / "s.db").execute("SELECT version FROM schema_migrations").fetchall()
    assert [r[0] for r in rows] == versions
    assert sqlite3.connect(tmp_path / "s.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_rejects_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("just some notes, not a database\n" * 50)
    with pytest.raises(InputError, match=r"notes\.db: not a reewatch database"):
        SQLiteStore(bogus)
