"""Story dedup on the project's own labelled pairs (tests/data/dedup): copies, excerpts,
full-width copies, translations and same-event reports merge; look-alikes stay apart.

Pair precision and recall are computed over every pair of documents against the gold
clusters (the transitive closure of the `same: true` pairs) and printed with -s.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from reewatch.dedup import StoryClusterer, signature_of
from reewatch.dedup.signature import shingles, tokens
from reewatch.ingest.readers import read_documents
from reewatch.pipeline import Pipeline
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "dedup"
PAIRS = yaml.safe_load((DATA / "pairs.yaml").read_text(encoding="utf-8"))


def _gold(ids: list[str]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for p in PAIRS:
        if p["same"]:
            parent[find(p["a"])] = find(p["b"])
    return {i: find(i) for i in ids}


@pytest.fixture(scope="module")
def clusters() -> list[list[str]]:
    out = subprocess.run(
        [sys.executable, "-m", "reewatch", "dedup", str(DATA / "docs.jsonl"), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["clusters"]


def test_every_document_in_exactly_one_cluster(clusters: list[list[str]]) -> None:
    ids = [json.loads(line)["id"] for line in (DATA / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    flat = [d for c in clusters for d in c]
    assert sorted(flat) == sorted(ids)


def test_pair_precision_and_recall(clusters: list[list[str]]) -> None:
    of = {d: n for n, c in enumerate(clusters) for d in c}
    gold = _gold(list(of))
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(of), 2):
        same, truth = of[a] == of[b], gold[a] == gold[b]
        tp += same and truth
        fp += same and not truth
        fn += truth and not same
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\ndedup pairs: precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})")
    assert precision >= 0.95 and recall >= 0.9


@pytest.mark.parametrize("kind", sorted({p["kind"] for p in PAIRS}))
def test_each_kind_of_pair(kind: str, clusters: list[list[str]]) -> None:
    of = {d: n for n, c in enumerate(clusters) for d in c}
    pairs = [p for p in PAIRS if p["kind"] == kind]
    wrong = [f"{p['a']} / {p['b']}: {p.get('note', '')}" for p in pairs if (of[p["a"]] == of[p["b"]]) != p["same"]]
    if kind in {"hard_negative", "unrelated", "same_text", "truncated", "fullwidth", "syndicated"}:
        assert not wrong, wrong  # these must all be right
    else:  # translations and independent reports: most
        assert len(wrong) <= len(pairs) // 8, wrong


def test_index_assigns_the_same_clusters(tmp_path: Path, clusters: list[list[str]]) -> None:
    from reewatch.store import open_store

    out = subprocess.run(
        [sys.executable, "-m", "reewatch", "index", str(DATA / "docs.jsonl"), "--db", str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    store = open_store(tmp_path / "s.db")
    stored = sorted(sorted(c) for c in store.clusters().values())
    store.close()
    assert stored == sorted(sorted(c) for c in clusters)


def test_stories_added_over_several_runs_merge_across_batches(pipeline: Pipeline) -> None:
    docs = {d.id: d for d in read_documents([DATA / "docs.jsonl"])}
    pair = next(p for p in PAIRS if p["kind"] == "translation")
    clusterer = StoryClusterer()
    other = next(p for p in PAIRS if p["kind"] == "syndicated")
    names = []
    for doc_id in (pair["a"], other["a"], pair["b"]):
        doc = pipeline.prepare(docs[doc_id])[0]
        names.append(clusterer.add(doc_id, signature_of(doc, pipeline._views(doc)))[0])
    assert names[2] == names[0] != names[1]


def test_shingles_are_words_for_latin_and_characters_for_cjk() -> None:
    assert shingles(tokens("China exported 2,582 tonnes")) == ["china exported 2", "exported 2 582", "2 582 tonnes"]
    assert shingles(tokens("９月出口２５８２吨")) == ["9 月 出 口", "月 出 口 2582", "出 口 2582 吨"]


def test_kinds_are_covered() -> None:
    kinds = defaultdict(int)
    for p in PAIRS:
        kinds[p["kind"]] += 1
    assert {"same_text", "syndicated", "truncated", "fullwidth", "translation", "same_event", "hard_negative"} <= set(
        kinds
    )


SEEDS = ROOT.parent / "shared" / "eval" / "dev" / "seeds.docs.jsonl"


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/ is not beside the project")
def test_the_seed_article_and_its_french_version_are_one_story() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "reewatch", "dedup", str(SEEDS), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    clusters = json.loads(out.stdout)["clusters"]
    assert ["000_4b7fad17e8aefd6c", "001_d360f7ff8d5b80e3"] in clusters  # English and French, no figures
    assert len(clusters) == 4


def test_daily_price_tables_without_a_publication_date_stay_apart(pipeline: Pipeline) -> None:
    # the day is named only after the opening, so no publication date is inferred
    table = (
        "Rare earth price table\n"
        + "Traders said buying stayed thin ahead of the weekend as magnet makers drew on stocks. " * 4
        + "Assessment of {day} November 2025: praseodymium-neodymium oxide CNY 572,000/t, unchanged; "
        "dysprosium oxide CNY 1,650,000/t, unchanged; terbium oxide CNY {tb},000/t, {move}."
    )
    from reewatch.models import Document

    clusterer = StoryClusterer()
    for day, tb, move in (("12", "6,850", "unchanged"), ("13", "6,800", "down CNY 50,000")):
        doc = pipeline.prepare(Document(id=f"table-{day}", text=table.format(day=day, tb=tb, move=move)))[0]
        assert doc.published is None
        clusterer.add(doc.id, signature_of(doc, pipeline._views(doc)))
    assert clusterer.clusters() == [["table-12"], ["table-13"]]
