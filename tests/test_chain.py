"""`reewatch chain` as a user meets it: every figure with its source and year, stored facts merged,
the element lens, concentration per stage, charts, and bad reference data named by file and line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reewatch.analytics.chain import build_chain
from reewatch.analytics.reference import DATA_DIR, Reference, ShareFigure
from reewatch.errors import ConfigError
from reewatch.indexing import index_paths
from reewatch.interfaces.cli import cli

FIXTURES = Path(__file__).parent / "data" / "chain"
NEWS = FIXTURES / "news.jsonl"
DOC_ID = "chain-survey-2026"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("chain") / "news.db"
    index_paths([str(NEWS)], db)
    return db


def chain_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["chain", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def stage(data: dict[str, Any], stage_id: str) -> dict[str, Any]:
    return next(s for s in data["stages"] if s["stage"] == stage_id)


def figure(data: dict[str, Any], stage_id: str, holder: str) -> dict[str, Any]:
    return next(f for f in stage(data, stage_id)["figures"] if f["holder"] == holder)


def test_the_fixture_sentences_really_yield_the_facts() -> None:
    result = CliRunner().invoke(cli, ["extract", str(NEWS), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    shares = {
        (f["holder"], f["share_pct"], f["stage"], f["scope"], f["year"]) for f in facts if f["type"] == "market_share"
    }
    assert shares == {("JP", 7, "magnet", "global", 2025), ("MY", 8, "separation", "global", 2025)}
    flows = {
        (f["reporter"], f["partner"], f["flow"], f["quantity"], f["period"]) for f in facts if f["type"] == "trade_flow"
    }
    assert flows == {
        ("US", "WORLD", "import", 1000, "2026-03"),
        ("CN", "US", "export", 600, "2026-03"),
        ("US", "JP", "import", 150, "2026-03"),
    }


def test_stages_in_chain_order() -> None:
    data = chain_json()
    assert [s["stage"] for s in data["stages"]] == ["mining", "separation", "metal", "magnet", "end_use"]
    assert [s["label"] for s in data["stages"]][:2] == ["Mining", "Separation / refining"]


def test_every_figure_has_a_source_and_a_year() -> None:
    data = chain_json()
    figures = [f for s in data["stages"] for f in s["figures"]]
    assert len(figures) > 10
    for f in figures:
        assert f["source"] and f["url"] and f["confidence"], f
        assert isinstance(f["year"], int) and 2000 < f["year"] < 2100, f
        assert re.fullmatch(r"(mine_production|supply_chain)\.csv:\d+", f["where"]), f
    assert {s["source"] for s in data["sources"]} >= {
        "USGS Mineral Commodity Summaries 2026, Rare Earths (share computed)"
    }


def test_mining_shares_are_computed_from_usgs_mine_production() -> None:
    data = chain_json()
    cn = figure(data, "mining", "CN")
    assert cn["share_pct"] == pytest.approx(270_000 / 390_000 * 100, abs=1e-3)  # MCS 2026, 2025 estimate
    assert (cn["year"], cn["url"]) == (2025, "https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-rare-earths.pdf")
    older = chain_json("--year", "2023")
    assert figure(older, "mining", "CN")["share_pct"] == pytest.approx(255_000 / 376_000 * 100, abs=1e-3)  # MCS 2025


def test_concentration_per_stage_with_its_reading() -> None:
    data = chain_json()
    magnet = stage(data, "magnet")["concentration"]
    # CN 90 (2025) and JP 5 (2025); the 5 % left is unknown: 8,100 + 25 = 8,125, upper bound + 5² = 8,150
    assert (magnet["hhi"], magnet["hhi_max"], magnet["top1_holder"], magnet["top3_pct"]) == (8125, 8150, "CN", 95)
    assert magnet["reading"] == "highly concentrated"
    assert stage(data, "end_use")["concentration"] is None
    assert "1,800" in data["thresholds"]["highly_concentrated"]
    assert "NOT the EU supply-risk indicator" in data["thresholds"]["gross_score"]
    # the most concentrated stage: separation, CN 91 + MY 5 + AU 1 -> 8,281 + 25 + 1 = 8,307 -> 0.8307
    assert data["supply_risk"]["stage"] == "separation"
    assert data["supply_risk"]["gross_concentration_score"] == pytest.approx(0.8307)
    assert "NOT the EU supply-risk indicator SR" in data["supply_risk"]["label"]


def test_old_figures_are_left_out_and_said_so() -> None:
    magnet = stage(chain_json(), "magnet")
    assert "EU" not in {f["holder"] for f in magnet["figures"]}  # EU 1.3 % is of 2010
    assert any("EU 1.3% (2010)" in n for n in magnet["notes"])


def test_a_stored_market_share_fact_joins_the_chain(store: Path) -> None:
    data = chain_json("--db", str(store))
    jp = figure(data, "magnet", "JP")
    # 2025 like the bundled 5 %: on a tie the stored fact wins, and it keeps its sentence
    assert (jp["share_pct"], jp["year"], jp["origin"], jp["doc_id"]) == (7, 2025, "store", DOC_ID)
    assert jp["sentence"].startswith("Magnet makers in Japan held a 7% share")
    my = figure(data, "separation", "MY")
    assert (my["share_pct"], my["year"], my["origin"]) == (8, 2025, "store")  # newer than IEA's 5 % of 2023
    assert figure(data, "separation", "CN")["origin"] == "reference"
    assert any(s["source"] == DOC_ID for s in data["sources"])


def test_table_shows_source_and_year_of_each_figure(store: Path) -> None:
    result = CliRunner().invoke(cli, ["chain", "--db", str(store)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[2].split() == ["stage", "country", "share", "year", "confidence", "source"]
    assert f'{DOC_ID}: "Magnet makers in Japan held a 7% share' in out
    assert "JP Japan                 7.0%   2025" in out
    assert "rest of world / unknown" in out and "highly concentrated" in out
    assert "NOT the EU supply-risk indicator" in out


def test_element_lens_uses_element_figures_and_says_where_it_falls_back() -> None:
    data = chain_json("--element", "dysprosium")
    assert data["element"] == "Dy"
    separation = stage(data, "separation")
    assert separation["element_specific"] is True
    assert figure(data, "separation", "CN")["elements"] == ["Dy", "Tb"]
    mining = stage(data, "mining")
    assert mining["element_specific"] is False
    assert any("no Dy-specific figure for this stage: the rare-earths total is shown" in n for n in mining["notes"])
    assert any("Myanmar" in n for n in mining["notes"])  # heavy rare earths: ionic clays


def test_element_names_in_any_language_and_unknown_ones() -> None:
    assert chain_json("--element", "镝")["element"] == "Dy"
    result = CliRunner().invoke(cli, ["chain", "--element", "Fe"])
    assert result.exit_code == 2
    assert "'Fe' is not a rare-earth element" in result.output


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_chart_is_written(tmp_path: Path, suffix: str, magic: bytes) -> None:
    path = tmp_path / f"chain{suffix}"
    result = CliRunner().invoke(cli, ["chain", "--element", "Dy", "--chart", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(magic) and path.stat().st_size > 5000
    assert f"chart: {path}" in result.stderr


def test_a_chart_in_another_format_is_refused_before_any_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["chain", "--chart", str(tmp_path / "chain.pdf")])
    assert result.exit_code == 2
    assert result.output.strip() == f"{tmp_path / 'chain.pdf'}: a chart is written as .png or .svg"


def test_missing_store_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["chain", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no such store" in result.output


def test_shares_from_different_sources_above_100_are_rescaled() -> None:
    extra = [ShareFigure(stage="metal", holder="JP", share_pct=15, year=2025, source="test", url="u", confidence="low")]
    chain = build_chain(Reference(), extra)
    metal = next(s for s in chain.stages if s.stage.id == "metal")
    assert metal.concentration is not None and metal.concentration.rescaled_from == pytest.approx(105)  # 90 + 15
    assert any("rescaled to 100" in n for n in metal.notes)


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return data


def test_bad_reference_row_is_named_by_file_and_line(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "supply_chain.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("stage,"))
    lines[header + 1] = lines[header + 1].replace(",92,92,", ",ninety,92,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"supply_chain\.csv:{header + 2}: share_pct 'ninety' is not a number"):
        Reference(data).figures()


def test_reference_row_without_source_is_refused(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "supply_chain.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("https://seaisi.org/details/24787?type=news-rooms", "", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="needs a source_name and a source_url"):
        Reference(data).figures()


@pytest.mark.parametrize(
    "fact_stage, subject, chain_stage",
    [
        ("refining", "rare-earths", "separation"),
        ("processing", "rare-earths", "separation"),
        ("magnet", "re-magnets", "magnet"),
        ("imports", "re-magnets", "magnet"),
        ("imports", "dy-oxide", "separation"),
        ("imports", "rare-earths", None),  # which stage is "rare earths"? not guessed
        ("production", "re-oxides", None),
    ],
)
def test_fact_stages_map_to_chain_stages(fact_stage: str, subject: str, chain_stage: str | None) -> None:
    assert Reference().stage_of_fact(fact_stage, subject) == chain_stage
