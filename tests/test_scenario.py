"""`reewatch scenario`: the arithmetic on hand-checked examples, the inputs each row rests on,
the built-in scenarios, charts, and one-line errors for bad scenario files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reewatch.analytics.concentration import concentration
from reewatch.analytics.reference import Reference, ShareFigure
from reewatch.analytics.scenario import apply_cuts, combine_cuts, run_scenario
from reewatch.analytics.scenario_file import builtin_scenarios, parse_scenario
from reewatch.indexing import index_paths
from reewatch.interfaces.cli import cli

FIXTURES = Path(__file__).parent / "data" / "chain"
DOC_ID = "chain-survey-2026"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("scenario") / "news.db"
    index_paths([str(FIXTURES / "news.jsonl")], db)
    return db


def scenario_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["scenario", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def row(data: dict[str, Any], importer: str, stage: str) -> dict[str, Any]:
    return next(r for r in data["rows"] if r["importer"] == importer and r["stage"] == stage)


# ----------------------------------------------------------------------- the arithmetic
def test_full_halt_of_the_largest_supplier() -> None:
    out = apply_cuts({"CN": 70, "MY": 20, "JP": 10}, {"CN": 1.0})
    assert out.at_risk_pct == pytest.approx(70)  # 70 x 1.0
    # 30 left: MY 20/30 = 66.67 %, JP 10/30 = 33.33 %
    assert out.shares_after == pytest.approx({"MY": 200 / 3, "JP": 100 / 3})
    # HHI after = 66.67² + 33.33² = 4,444.4 + 1,111.1 = 5,555.6 (5,400 before)
    assert concentration(out.shares_after).hhi == pytest.approx(5555.56, abs=0.01)


def test_half_cut_renormalises_what_is_left() -> None:
    out = apply_cuts({"CN": 70, "MY": 20, "JP": 10}, {"CN": 0.5})
    assert out.at_risk_pct == pytest.approx(35)  # 70 x 0.5
    # 65 left: CN 35/65 = 53.85, MY 20/65 = 30.77, JP 10/65 = 15.38
    assert out.shares_after == pytest.approx({"CN": 3500 / 65, "MY": 2000 / 65, "JP": 1000 / 65})
    # HHI = (35² + 20² + 10²) / 65² x 10,000 = 1,725 / 4,225 x 10,000 = 4,082.8
    assert concentration(out.shares_after).hhi == pytest.approx(4082.84, abs=0.01)


def test_unknown_remainder_is_not_shocked_and_grows_after() -> None:
    out = apply_cuts({"CN": 90}, {"CN": 1.0})  # 10 % of the supply is unknown
    assert out.at_risk_pct == pytest.approx(90)
    assert out.shares_after == {}
    assert out.unknown_after_pct == pytest.approx(100)  # 10 / (100 - 90) x 100


def test_no_supply_left() -> None:
    out = apply_cuts({"CN": 100}, {"CN": 1.0})
    assert (out.at_risk_pct, out.unknown_after_pct) == (100, None)


def test_two_cuts_on_one_supplier_combine_as_independent() -> None:
    assert combine_cuts([0.5, 0.5]) == pytest.approx(0.75)  # 1 - 0.5 x 0.5
    assert combine_cuts([1.0, 0.3]) == pytest.approx(1.0)


def test_shares_of_more_than_the_whole_are_rescaled_before_the_cut() -> None:
    def kr(holder: str, share: float) -> ShareFigure:
        return ShareFigure(stage="magnet", holder=holder, share_pct=share, year=2025, scope="KR", source="test")

    text = "name: t\ntitle: t\nimporters: [KR]\nshocks:\n  - exporter: CN\n    stages: [magnet]\n    cut_pct: 100\n"
    scenario = parse_scenario(text, "t.yaml", ["Dy", "Tb"])
    (row,) = run_scenario(scenario, Reference(), [kr("CN", 90), kr("JP", 30)]).rows
    # two sources give 90 + 30 = 120 %: rescaled to CN 75, JP 25; a halt from CN puts 75 at risk
    assert row.at_risk_pct == pytest.approx(75)
    assert row.after is not None and row.after.top1_pct == pytest.approx(100)  # JP 25 / 25
    assert "add up to 120.0%: rescaled to 100" in row.notes[0]


# ------------------------------------------------------------------ scenarios end to end
def test_half_cut_to_us_magnets_from_world_shares_as_proxy() -> None:
    data = scenario_json(str(FIXTURES / "us-magnets-half.yaml"))
    us = row(data, "US", "magnet")
    # no US magnet import shares are bundled: the world's stand in (CN 90, JP 5, 5 unknown)
    assert us["basis"] == "world shares as proxy, 2025"
    assert us["supply_at_risk_pct"] == pytest.approx(45)  # 90 x 0.5
    # after: CN 45/55, JP 5/55 -> HHI = (45² + 5²) / 55² x 10,000 = 2,050 / 3,025 x 10,000 = 6,776.9
    assert us["after"]["hhi"] == pytest.approx(6776.86, abs=0.01)
    assert us["after"]["top1_holder"] == "CN" and us["after"]["top1_pct"] == pytest.approx(81.82, abs=0.01)
    assert any("world stage shares used as the proxy" in n for n in us["notes"])


def test_half_cut_to_us_magnets_from_stored_trade_flows(store: Path) -> None:
    data = scenario_json(str(FIXTURES / "us-magnets-half.yaml"), "--db", str(store))
    us = row(data, "US", "magnet")
    # March 2026: US imports 1,000 t; 600 t from CN (60 %), 150 t from JP (15 %), 25 % unknown
    assert us["basis"] == "United States imports from stored trade flows, 2026-03"
    assert us["supply_at_risk_pct"] == pytest.approx(30)  # 60 x 0.5
    assert us["before"]["hhi"] == pytest.approx(3825)  # 60² + 15² = 3,600 + 225
    # after: 70 left; CN 30/70, JP 15/70 -> HHI = (30² + 15²) / 70² x 10,000 = 1,125 / 4,900 x 10,000 = 2,295.9
    assert us["after"]["hhi"] == pytest.approx(2295.92, abs=0.01)
    assert us["volume_at_risk"][0]["tonnes_at_risk"] == pytest.approx(300)  # 600 t x 0.5
    flows = [i for i in us["inputs"] if i["kind"] == "trade_flow"]
    assert {(f["exporter"], f["tonnes"], f["period"], f["doc_id"]) for f in flows} == {
        ("WORLD", 1000, "2026-03", DOC_ID),
        ("CN", 600, "2026-03", DOC_ID),
        ("JP", 150, "2026-03", DOC_ID),
    }


def test_dy_tb_halt_to_the_us_uses_element_shares_and_spares_others() -> None:
    data = scenario_json("cn-halts-dy-tb-to-us")
    us = row(data, "US", "separation")
    # China ~98 % of Dy/Tb separation (bundled, low confidence) stands in for US supply; 100 % cut
    assert us["supply_at_risk_pct"] == pytest.approx(98)
    assert us["basis"].startswith("world shares as proxy (Dy, Tb)")
    assert us["after"]["known_pct"] == 0  # only the unknown 2 % is left
    metal = row(data, "US", "metal")
    # no Dy/Tb metal figure: the USGS US import split of all rare-earth compounds and metals (CN 71 %)
    assert metal["basis"] == "United States import shares, 2024"
    assert metal["supply_at_risk_pct"] == pytest.approx(71)
    assert metal["after"]["top1_holder"] == "MY"  # 13 / 29 = 44.8 %
    for importer in ("JP", "EU"):
        assert all(r["supply_at_risk_pct"] == 0 for r in data["rows"] if r["importer"] == importer)


def test_global_magnet_cut_reports_the_world_and_importers_with_own_data() -> None:
    data = scenario_json("cn-magnet-exports-minus-50")
    assert [r["importer"] for r in data["rows"]] == ["WORLD", "EU"]  # US has own shares, but not of magnets
    eu = row(data, "EU", "magnet")
    # European Commission: more than 90 % of EU magnets come from China (lower bound kept): 90 x 0.5
    assert eu["basis"] == "European Union import shares, 2025"
    assert eu["supply_at_risk_pct"] == pytest.approx(45)
    source = next(i for i in eu["inputs"] if i["holder"] == "CN")
    assert source["source"].startswith("European Commission") and source["year"] == 2025 and source["url"]


def test_exporter_outside_the_known_suppliers_gives_a_lower_bound() -> None:
    data = scenario_json("in-stops-exports-to-jp")
    mining = row(data, "JP", "mining")
    assert mining["supply_at_risk_pct"] == pytest.approx(2900 / 390_000 * 100, abs=0.01)  # India's world mine share
    separation = row(data, "JP", "separation")
    assert separation["supply_at_risk_pct"] == 0
    assert any("lower bound" in n for n in separation["notes"])


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_every_builtin_scenario_runs(name: str) -> None:
    data = scenario_json(name)
    assert data["scenario"]["name"] == name and data["scenario"]["title"] and data["scenario"]["basis"]
    assert data["rows"] and all(r["inputs"] for r in data["rows"])


def test_table_names_inputs_with_sources_and_periods(store: Path) -> None:
    result = CliRunner().invoke(cli, ["scenario", str(FIXTURES / "us-magnets-half.yaml"), "--db", str(store)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    header = next(line for line in out.splitlines() if line.startswith("importer"))
    assert header.split()[:4] == ["importer", "stage", "at", "risk"]
    assert "US        Magnet  30.0%" in out
    assert f"trade flow CN->US re-magnets ({DOC_ID}) [2026-03]" in out
    assert "volume at risk 300 t of re-magnets (CN->US, 2026-03" in out


def test_list_of_builtins() -> None:
    result = CliRunner().invoke(cli, ["scenario", "--list"])
    assert result.exit_code == 0
    assert "cn-halts-dy-tb-to-us" in result.stdout and "China halts exports of dysprosium" in result.stdout


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_chart_is_written(tmp_path: Path, suffix: str, magic: bytes) -> None:
    path = tmp_path / f"scenario{suffix}"
    result = CliRunner().invoke(cli, ["scenario", "cn-halts-heavy-re-exports", "--chart", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(magic) and path.stat().st_size > 5000


# ----------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "name, line, problem",
    [
        ("bad-cut.yaml", 6, "shock 1: cut_pct 150 must be a number above 0 and at most 100"),
        ("bad-exporter.yaml", 6, "exporter: 'China' is not an area code"),
        ("bad-yaml.yaml", 4, "not valid YAML"),
        ("bad-field.yaml", 5, "shock 1: unknown field 'cut_percent'"),
        ("bad-elements.yaml", 6, "shock 1 cuts Dy but the scenario looks at Dy, Tb together"),
    ],
)
def test_bad_scenario_file_is_one_line_with_file_and_line(name: str, line: int, problem: str) -> None:
    path = FIXTURES / name
    result = CliRunner().invoke(cli, ["scenario", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:{line}: {problem}"), lines[0]


def test_unknown_scenario_name_lists_the_builtins() -> None:
    result = CliRunner().invoke(cli, ["scenario", "cn-halts-everything"])
    assert result.exit_code == 2
    assert result.stderr.startswith("cn-halts-everything: no such scenario file, nor a built-in scenario (")
    assert "cn-halts-dy-tb-to-us" in result.stderr
