"""Cited briefs: every [n] resolves to a sentence of its document, every number is a fact's.

The store is the bundled sample corpus plus a small corpus where sources disagree
(tests/data/brief/disagree.jsonl: 90 % vs 85 % of magnet output for 2024; 5,774 t vs
5,640 t of September exports).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reewatch.brief import make_brief
from reewatch.brief.phrasing import Phrasebook, fill
from reewatch.indexing import index_paths
from reewatch.interfaces.cli import cli
from reewatch.lexicon import Lexicon
from reewatch.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DISAGREE = ROOT / "tests" / "data" / "brief" / "disagree.jsonl"

QUERIES = [
    ("rare earth magnet exports", "en"),
    ("dysprosium prices", "en"),
    ("export controls", "en"),
    ("JL Mag results", "en"),
    ("稀土永磁出口", "zh"),
    ("氧化镝价格", "zh"),
    ("prix du dysprosium", "fr"),
    ("exportations d'aimants", "fr"),
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("brief") / "store.db"
    index_paths([str(ROOT / "samples"), str(DISAGREE)], db)
    return db


@pytest.fixture(scope="module")
def briefs(store_path: Path, lexicon: Lexicon) -> dict[str, dict[str, Any]]:
    store = open_store(store_path, list(lexicon.elements))
    try:
        return {q: make_brief(store, store_path, q, lexicon) for q, _ in QUERIES}
    finally:
        store.close()


@pytest.fixture(scope="module")
def texts(store_path: Path, lexicon: Lexicon) -> dict[str, str]:
    store = open_store(store_path, list(lexicon.elements))
    try:
        return {d.id: d.text for d in store.documents()}
    finally:
        store.close()


def all_insights(brief: dict[str, Any]) -> list[dict[str, Any]]:
    return brief["insights"] + [i for g in brief["groups"] for i in g["insights"]]


# ------------------------------------------------------------------ numbers in text
_SCALES = {"billion": 1e9, "million": 1e6, "milliards": 1e9, "millions": 1e6, "亿": 1e8, "万": 1e4}
_NUMBER = {
    "en": re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(billion|million)?"),
    "zh": re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(亿|万)?"),
    "fr": re.compile(r"(\d{1,3}(?:\u202f\d{3})+|\d+)(,\d+)?\s*(milliards|millions)?"),
}


def numbers_in(text: str, lang: str) -> list[float]:
    text = re.sub(r"\[\d+\]", " ", text)  # citation marks are not numbers of the insight
    out = []
    for whole, decimals, scale in _NUMBER[lang].findall(text):
        digits = re.sub(r"[,\u202f]", "", whole) + (decimals or "").replace(",", ".")
        out.append(float(digits) * _SCALES.get(scale, 1))
    return out


def fact_numbers(facts: list[dict[str, Any]]) -> list[float]:
    """Every number a fact holds, and the numbers of its dates (2025, 9, Q3 -> 3)."""
    out: list[float] = []
    for fact in facts:
        for key, value in fact.items():
            if isinstance(value, int | float) and not isinstance(value, bool) and key != "confidence":
                out.append(abs(float(value)))
            elif isinstance(value, str) and key in ("period", "as_of", "date", "year"):
                out += [float(n) for n in re.findall(r"\d+", value)]
    return out


def matches_a_fact(number: float, allowed: list[float]) -> bool:
    return any(abs(number - a) <= max(0.005 * abs(a), 0.01) for a in allowed)


# ------------------------------------------------------------------------- tests
@pytest.mark.parametrize(("query", "lang"), QUERIES)
def test_brief_is_written_in_the_querys_language(briefs: dict[str, dict[str, Any]], query: str, lang: str) -> None:
    brief = briefs[query]
    assert brief["lang"] == lang
    assert brief["insights"], f"no Core Insights for {query!r}"
    assert set(brief) >= {"query", "insights", "groups", "sources"}


@pytest.mark.parametrize(("query", "lang"), QUERIES)
def test_every_citation_is_a_sentence_of_its_document(
    briefs: dict[str, dict[str, Any]], texts: dict[str, str], query: str, lang: str
) -> None:
    brief = briefs[query]
    numbers = {s["n"]: s["doc_id"] for s in brief["sources"]}
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    for insight in all_insights(brief):
        marks = {int(n) for n in re.findall(r"\[(\d+)\]", insight["text"])}
        cited = {c["n"] for c in insight["citations"]}
        assert marks == cited, insight["text"]
        for citation in insight["citations"]:
            assert numbers[citation["n"]] == citation["doc_id"]
            text = texts[citation["doc_id"]]
            start, end = citation["span"]
            assert citation["sentence"] in text
            assert text[start:end] == citation["sentence"]


@pytest.mark.parametrize(("query", "lang"), QUERIES)
def test_every_number_in_an_insight_is_a_facts_number(briefs: dict[str, dict[str, Any]], query: str, lang: str) -> None:
    for insight in all_insights(briefs[query]):
        allowed = fact_numbers(insight["facts"])
        for number in numbers_in(insight["text"], lang):
            assert matches_a_fact(number, allowed), f"{number} in {insight['text']!r} is no fact's number"


def test_disagreeing_sources_are_shown_side_by_side(briefs: dict[str, dict[str, Any]]) -> None:
    share = next(i for i in all_insights(briefs["rare earth magnet exports"]) if "85%" in i["text"])
    assert share["sources_differ"]
    assert "90%" in share["text"] and "sources differ" in share["text"]
    assert {c["doc_id"] for c in share["citations"]} == {"magnets-a", "magnets-b", "magnets-c"}
    # the number two sources agree on leads; the lone one follows with its own mark
    assert share["text"].index("90%") < share["text"].index("85%")
    exports = next(i for i in all_insights(briefs["稀土永磁出口"]) if "5,640" in i["text"])
    assert "5,774" in exports["text"] and "各来源说法不一" in exports["text"]


def test_one_document_with_two_numbers_is_not_a_disagreement(briefs: dict[str, dict[str, Any]]) -> None:
    for brief in briefs.values():
        for insight in all_insights(brief):
            if insight["sources_differ"]:
                assert len({c["doc_id"] for c in insight["citations"]}) > 1, insight["text"]


# ---------------------------------------------------------------------- rendering
TRADE = {
    "type": "trade_flow",
    "flow": "export",
    "reporter": "CN",
    "partner": "WORLD",
    "product": "re-magnets",
    "quantity": 5774,
    "quantity_unit": "t",
    "value": None,
    "currency": None,
    "period": "2025-09",
    "change_mom_pct": -6.1,
    "change_yoy_pct": None,
}
PRICE = {
    "type": "price",
    "product": "dy-oxide",
    "value": 1620000,
    "value_low": 1610000,
    "value_high": 1630000,
    "currency": "CNY",
    "unit": "t",
    "market": "China domestic",
    "as_of": "2025-11-05",
    "change_pct": 1.2,
}
SHARE = {"type": "market_share", "holder": "CN", "share_pct": 90, "stage": "refining", "scope": "global", "year": 2024}
POLICY = {"type": "policy_event", "actor": "CN", "action": "export_control", "items": ["Dy", "Tb"], "targets": ["US"]}
METRIC = {
    "type": "company_metric",
    "company": "JL Mag",
    "metric": "net_profit",
    "value": 296000000,
    "currency": "CNY",
    "period": "2025-H1",
    "change_yoy_pct": 149.5,
}


@pytest.mark.parametrize(
    ("lang", "record", "expected"),
    [
        ("en", TRADE, "China exported 5,774 t of rare earth magnets in September 2025, down 6.1% month-on-month"),
        ("zh", TRADE, "2025年9月中国出口稀土永磁5,774吨，环比下降6.1%"),
        (
            "fr",
            TRADE,
            "Chine, exportations — aimants aux terres rares : 5\u202f774\u00a0t, septembre 2025, "
            "en baisse de 6,1\u00a0% sur un mois",
        ),
        ("en", PRICE, "Dysprosium oxide (China domestic): CNY 1,610,000–1,630,000/t on 5 November 2025, up 1.2%"),
        ("zh", PRICE, "氧化镝（中国国内）2025年11月5日报1,610,000-1,630,000元/吨，增长1.2%"),
        (
            "fr",
            PRICE,
            "Oxyde de dysprosium (marché chinois) : 1\u202f610\u202f000–1\u202f630\u202f000 CNY/t, "
            "5 novembre 2025, en hausse de 1,2\u00a0%",
        ),
        ("en", SHARE, "China accounts for 90% of global refining in 2024"),
        ("zh", SHARE, "2024年中国占全球稀土冶炼分离产量的90%"),
        ("fr", SHARE, "Chine : 90\u00a0% du raffinage au niveau mondial, 2024"),
        ("en", POLICY, "China: export controls on dysprosium and terbium, aimed at the United States"),
        ("zh", POLICY, "中国针对美国实施出口管制：镝和铽"),
        ("fr", POLICY, "Chine : contrôles à l'exportation — dysprosium et terbium (vise : États-Unis)"),
        ("en", METRIC, "JL Mag net profit for H1 2025: CNY 296 million, up 149.5% year-on-year"),
        ("zh", METRIC, "金力永磁2025年上半年净利润2.96亿元，同比增长149.5%"),
        ("fr", METRIC, "JL Mag — résultat net, S1 2025 : 296 millions CNY, en hausse de 149,5\u00a0% sur un an"),
    ],
)
def test_facts_are_rendered_in_each_language(
    lexicon: Lexicon, lang: str, record: dict[str, Any], expected: str
) -> None:
    assert Phrasebook(lexicon, lang).sentence(record) == expected


def test_optional_parts_go_when_a_slot_is_empty() -> None:
    assert fill("{a}[ to {b}][ in {c}]", {"a": "x", "b": "", "c": "2025"}) == "x in 2025"


def test_every_phrasebook_has_the_english_keys(lexicon: Lexicon) -> None:
    assert {"en", "zh", "fr"} <= set(lexicon.brief_languages())
    for lang in lexicon.brief_languages():
        lexicon.phrasebook(lang)  # raises ConfigError naming the missing keys


# --------------------------------------------------------------------------- CLI
def test_markdown_brief_has_core_insights_groups_and_numbered_sources(store_path: Path) -> None:
    result = CliRunner().invoke(cli, ["brief", "dysprosium prices", "--db", str(store_path), "--format", "md"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("# Brief: dysprosium prices")
    assert "## Core Insights\n\n1. " in out and "## Sources\n\n1. " in out
    assert "## Prices" in out or out.count("Dysprosium oxide") >= 3
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", out.split("## Sources")[0])}
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", out.split("## Sources")[1], re.M)}
    assert cited == listed


def test_brief_in_another_language_than_the_query(store_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["brief", "dysprosium prices", "--db", str(store_path), "--lang", "zh", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    brief = json.loads(result.output)
    assert brief["lang"] == "zh"
    assert any("氧化镝" in i["text"] and "元/吨" in i["text"] for i in brief["insights"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief", "x", "--db", "{db}", "--lang", "xx"], "--lang"),
        (["brief", "x", "--db", "{missing}"], "no such store"),
    ],
)
def test_brief_errors_are_one_line_and_exit_2(store_path: Path, tmp_path: Path, args: list[str], message: str) -> None:
    args = [a.format(db=store_path, missing=tmp_path / "none.db") for a in args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output
