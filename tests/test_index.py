"""`reewatch index`, `facts`, `stats` as a user runs them: one pass, idempotent, all or nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLES = ROOT / "samples"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reewatch", *args], capture_output=True, text=True, timeout=300)


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as con:
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def articles(n: int, start: int = 0) -> list[dict[str, str]]:
    """Distinct little articles: every one has its own figures, month and wording."""
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
    out = []
    for i in range(start, start + n):
        month = months[i % len(months)]
        out.append(
            {
                "id": f"gen-{i}",
                "published": f"2025-{(i % 10) + 2:02d}-{(i % 27) + 1:02d}",
                "text": f"Report {i}. China exported {1000 + 7 * i:,} tonnes of rare earth magnets in {month}, "
                f"up {i % 40 + 1.5}% month-on-month, customs data showed. Dysprosium oxide was quoted at "
                f"CNY {1_500_000 + 1000 * i:,}/t on the day. Analysts at desk {i} expect demand from "
                f"wind turbine makers to stay firm through week {i % 52}.",
            }
        )
    return out


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "samples.db"
    out = run("index", str(SAMPLES), "--db", str(db), "--format", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["added"] == report["read"] == count(db, "documents")
    return db


def test_index_stores_documents_facts_and_sentences(sample_db: Path) -> None:
    extracted = run("extract", str(SAMPLES), "--format", "jsonl").stdout.splitlines()
    assert count(sample_db, "facts") == len(extracted)
    assert count(sample_db, "sentences") > count(sample_db, "documents") * 3
    with sqlite3.connect(sample_db) as con:
        text = con.execute("SELECT text FROM documents WHERE id = 'en/lynas-september-quarter'").fetchone()[0]
    assert text == (SAMPLES / "en/lynas-september-quarter.txt").read_text(encoding="utf-8")


def test_rerun_adds_nothing_and_a_new_file_adds_itself(sample_db: Path, tmp_path: Path) -> None:
    again = json.loads(run("index", str(SAMPLES), "--db", str(sample_db), "--format", "json").stdout)
    assert again["added"] == 0 and again["skipped"] == again["read"]
    new = write_jsonl(tmp_path / "new.jsonl", articles(2))
    before = count(sample_db, "documents")
    added = json.loads(run("index", str(new), "--db", str(sample_db), "--format", "json").stdout)
    assert added["added"] == 2 and count(sample_db, "documents") == before + 2


def test_facts_command_filters_and_shows_sentences(sample_db: Path) -> None:
    out = run("facts", "--db", str(sample_db), "--element", "镝", "--type", "price", "--format", "json")
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert records and all(r["product"].startswith("dy-") for r in records)
    assert all(r["sentence"] and r["document"] for r in records)
    zh = json.loads(
        run("facts", "--db", str(sample_db), "--country", "United States", "--lang", "zh", "--format", "json").stdout
    )
    assert zh and all(r["lang"] == "zh" for r in zh)
    assert all("US" in json.dumps(r) for r in zh)
    table = run("facts", "--db", str(sample_db), "--company", "金力永磁")
    assert "JL Mag" in table.stdout and table.stdout.rstrip().endswith("facts")
    csv_out = run("facts", "--db", str(sample_db), "--since", "2025-11-01", "--until", "2025-11-30", "--format", "csv")
    assert csv_out.stdout.startswith("type,doc_id,")


def test_stats(sample_db: Path) -> None:
    data = json.loads(run("stats", "--db", str(sample_db), "--format", "json").stdout)
    assert data["documents_by_lang"]["zh"] >= 9 and data["documents_by_lang"]["fr"] == 7
    assert data["facts"] == sum(data["facts_by_type"].values())
    assert data["clusters"] <= data["documents"]
    assert "稀土在线" in data["documents_by_source"]  # source names without their dates
    assert "documents by lang: en" in run("stats", "--db", str(sample_db)).stdout


def test_bad_input_names_file_and_line_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    good = write_jsonl(tmp_path / "a.jsonl", articles(3))
    bad = tmp_path / "b.jsonl"
    bad.write_text(json.dumps(articles(1, 10)[0]) + "\n{not json\n", encoding="utf-8")
    out = run("index", str(good), str(bad), "--db", str(db))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        f"{bad}:2: not JSON (Expecting property name enclosed in double quotes at column 2)"
    ]
    assert not db.exists() or count(db, "documents") == 0


def test_keep_going_skips_lists_and_counts_bad_records(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    bad = tmp_path / "b.jsonl"
    records = articles(3)
    bad.write_text(
        json.dumps(records[0]) + "\n{not json\n" + json.dumps({"id": "x"}) + "\n" + json.dumps(records[1]) + "\n",
        encoding="utf-8",
    )
    out = run("index", str(bad), str(tmp_path / "missing.txt"), "--db", str(db), "--keep-going", "--format", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["added"] == 2 and report["rejected"] == 3
    assert report["rejects"][:2] == [
        f"{bad}:2: not JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{bad}:3: missing 'text'",
    ]
    assert count(db, "rejects") == 3 and count(db, "documents") == 2


def test_unknown_store_and_flag_exit_2(tmp_path: Path) -> None:
    out = run("facts", "--db", str(tmp_path / "none.db"))
    assert out.returncode == 2 and "none.db: no such store" in out.stderr
    assert run("index", str(SAMPLES), "--db", str(tmp_path / "x.db"), "--bogus").returncode == 2


def test_kill_9_loses_no_committed_batch_and_leaves_no_half_batch(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    docs = write_jsonl(tmp_path / "many.jsonl", articles(600))
    cmd = [sys.executable, "-m", "reewatch", "index", str(docs), "--db", str(db), "--batch-size", "25"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                committed = count(db, "batches")
            except sqlite3.OperationalError:
                continue  # the schema is still being created
        if committed >= 2:
            os.killpg(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the indexer finished before it could be killed"
    batches, documents = count(db, "batches"), count(db, "documents")
    assert batches >= 2 and documents == 25 * batches  # whole batches only
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(DISTINCT doc_id) FROM facts").fetchone()[0] == documents
    resumed = run("index", str(docs), "--db", str(db), "--format", "json")
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["skipped"] == documents
    assert count(db, "documents") == 600
    found = json.loads(run("search", "Report 3", "--db", str(db), "--limit", "600", "--format", "json").stdout)
    assert len({r["doc_id"] for r in found["results"]}) + sum(len(r["also"]) for r in found["results"]) == 600


def test_a_story_renamed_before_a_crash_is_renamed_in_search_on_the_next_run(tmp_path: Path) -> None:
    from reewatch.indexing import Indexer, sync_search
    from reewatch.ingest.readers import read_documents

    db = tmp_path / "s.db"
    indexer = Indexer.open(db)
    indexer.index(list(read_documents([write_jsonl(tmp_path / "a.jsonl", articles(2))])))
    # the store commits a merge of the two stories, then the process dies before the search commit
    indexer.store.write_batch([], merges={"gen-1": "gen-0"})
    indexer.close()
    reopened = Indexer.open(db)  # opening catches up
    hits = reopened.search.search("Report", limit=5)
    assert len(hits) == 1  # one story now
    assert hits[0].cluster == "gen-0" and {hits[0].doc_id, *(d for d, _ in hits[0].also)} == {"gen-0", "gen-1"}
    assert reopened.store.get_meta("search_pending_clusters") == "[]"
    assert sync_search(reopened.store, reopened.search) == 0
    reopened.close()


def test_one_id_with_two_texts_in_one_run_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    first, other = articles(2)
    path.write_text(
        json.dumps(first) + "\n" + json.dumps(first) + "\n" + json.dumps({**other, "id": first["id"]}) + "\n",
        encoding="utf-8",
    )
    out = run("index", str(path), "--db", str(tmp_path / "s.db"))
    assert out.returncode == 2
    assert out.stderr.strip() == f"{path}:3: id 'gen-0' again, with other text (first at {path}:1)"
    dedup = run("dedup", str(path), "--format", "json")
    assert dedup.returncode == 2 and dedup.stdout == ""


def test_documents_analysed_elsewhere_are_stored_as_index_would(tmp_path: Path) -> None:
    """`Indexer.index_prepared` (analysis done beforehand, e.g. in other processes) stores the
    same documents, sentences, facts with their keys, and stories as `Indexer.index`."""
    from reewatch.indexing import Indexer, prepare
    from reewatch.ingest.readers import read_documents
    from reewatch.pipeline import Pipeline

    docs = list(read_documents([str(SAMPLES)]))
    pipeline = Pipeline()
    tables = ("documents", "sentences", "facts", "fact_keys", "dedup_signatures")
    counts = []
    for name, run_it in (
        ("whole", lambda ix: ix.index(docs)),
        ("prepared", lambda ix: ix.index_prepared([prepare(d, pipeline) for d in docs])),
    ):
        db = tmp_path / f"{name}.db"
        indexer = Indexer.open(db, pipeline)
        try:
            report = run_it(indexer)
        finally:
            indexer.close()
        assert report.added == len(docs) and report.facts > 0
        with sqlite3.connect(db) as con:
            keys = con.execute(
                "SELECT f.doc_id, f.sentence, k.key, k.value FROM fact_keys k JOIN facts f ON f.id = k.fact_id"
            ).fetchall()
            clusters = con.execute("SELECT id, cluster FROM documents").fetchall()
        counts.append(([count(db, t) for t in tables], sorted(keys), sorted(clusters)))
    assert counts[0] == counts[1]
