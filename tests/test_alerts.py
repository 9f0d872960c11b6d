"""Alert rules over stored facts (tests/data/alerts/news.jsonl, written for these tests):

- dysprosium oxide, China domestic: 1,600,000 (Nov 3) -> 1,720,000 (Nov 10) -> 1,740,000 (Nov 17) CNY/t,
  i.e. +7.5 % and then +1.2 % week on week;
- China's magnet exports to the EU: 2,500 t (Aug 2025) -> 1,800 t (Sep 2025), i.e. -28 % month on month;
- China's export controls on holmium and erbium, announced on 2025-12-01.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reewatch.analytics.alerts import evaluate, load_rules
from reewatch.indexing import index_paths
from reewatch.interfaces.cli import cli
from reewatch.store import open_store

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "tests" / "data" / "alerts" / "news.jsonl"
EXAMPLE = ROOT / "reewatch" / "analytics" / "rules" / "example.yaml"

RULES = """\
rules:
  - name: dy weekly
    when: price_move
    product: dy-oxide
    over: week
    threshold_pct: 5
  - name: dy falls
    when: price_move
    product: dy-oxide
    threshold_pct: 5
    direction: down
  - name: cn controls
    when: new_fact
    type: policy_event
    where: {actor: CN, action: [export_control, export_halt], items: [Ho, Tb]}
  - name: us controls
    when: new_fact
    type: policy_event
    where: {actor: US}
  - name: eu magnets fall
    when: trade_change
    reporter: CN
    partner: EU
    product: re-magnets
    flow: export
    threshold_pct: 20
    direction: down
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("alerts") / "store.db"
    index_paths([str(NEWS)], path)
    return path


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


def run_alerts(db: Path, rules: Path, *extra: str) -> dict:
    result = CliRunner().invoke(cli, ["alerts", "--db", str(db), "--rules", str(rules), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_price_move_over_a_week_fires_once_with_both_prices(db: Path, rules_file: Path) -> None:
    alerts = [a for a in run_alerts(db, rules_file)["alerts"] if a["rule"] == "dy weekly"]
    assert len(alerts) == 1  # +7.5 % fires; the next week's +1.2 % does not
    alert = alerts[0]
    assert alert["date"] == "2025-11-10"
    assert alert["change_pct"] == pytest.approx(7.5)  # 1,720,000 / 1,600,000 - 1
    assert [f["document"] for f in alert["facts"]] == ["dy-week-1", "dy-week-2"]
    assert "1,720,000 yuan per tonne" in alert["facts"][1]["sentence"]


def test_direction_narrows_a_rule(db: Path, rules_file: Path) -> None:
    assert not [a for a in run_alerts(db, rules_file)["alerts"] if a["rule"] == "dy falls"]


def test_new_fact_matches_values_and_list_fields(db: Path, rules_file: Path) -> None:
    alerts = run_alerts(db, rules_file)["alerts"]
    controls = [a for a in alerts if a["rule"] == "cn controls"]
    assert len(controls) == 1
    assert controls[0]["date"] == "2025-12-01"
    assert controls[0]["facts"][0]["items"] == ["Ho", "Er"]
    assert "holmium and erbium" in controls[0]["facts"][0]["sentence"]
    assert not [a for a in alerts if a["rule"] == "us controls"]


def test_trade_change_month_on_month_is_computed_from_the_series(db: Path, rules_file: Path) -> None:
    alerts = [a for a in run_alerts(db, rules_file)["alerts"] if a["rule"] == "eu magnets fall"]
    assert len(alerts) == 1
    assert alerts[0]["change_pct"] == pytest.approx(-28.0)  # 1,800 / 2,500 - 1
    assert alerts[0]["date"] == "2025-09"
    assert alerts[0]["facts"][0]["document"] == "eu-sep"


def test_since_keeps_only_new_alerts(db: Path, rules_file: Path) -> None:
    alerts = run_alerts(db, rules_file, "--since", "2025-11-15")["alerts"]
    assert [a["rule"] for a in alerts] == ["cn controls"]


def test_alerts_are_newest_first_and_the_table_lists_sources(db: Path, rules_file: Path) -> None:
    dates = [a["date"] for a in run_alerts(db, rules_file)["alerts"]]
    assert dates == ["2025-12-01", "2025-11-10", "2025-09"]
    result = CliRunner().invoke(cli, ["alerts", "--db", str(db), "--rules", str(rules_file)])
    assert result.exit_code == 0
    assert "dy-week-1, dy-week-2" in result.output
    assert result.output.rstrip().endswith("3 alerts from 5 rules")


def test_the_shipped_example_rules_load_and_run(db: Path) -> None:
    assert len(load_rules(EXAMPLE)) >= 4
    store = open_store(db)
    try:
        fired = {a.rule for a in evaluate(store, load_rules(EXAMPLE))}
    finally:
        store.close()
    assert "new Chinese export control" in fired
    assert "dysprosium oxide moved over 5 % in a week" in fired
    result = CliRunner().invoke(cli, ["alerts", "--db", str(db), "--rules", "example"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("rules:\n  - name: a\n    when: price_moves\n    product: x\n", 2, "`when` must be one of"),
        ("rules:\n  - name: a\n    when: price_move\n    product: x\n", 2, "missing threshold_pct"),
        ("rules:\n  - name: a\n    when: new_fact\n    type: price\n    colour: red\n", 2, "unknown field(s) colour"),
        (
            "rules:\n  - name: a\n    when: new_fact\n    type: price\n"
            "  - name: a\n    when: new_fact\n    type: price\n",
            5,
            "listed twice",
        ),
        ("rules: [\n", 2, "not valid YAML"),
        ("hello: 1\n", 1, "expected `rules:`"),
    ],
)
def test_a_bad_rules_file_is_one_line_naming_file_and_line(
    db: Path, tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["alerts", "--db", str(db), "--rules", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert result.output.startswith(f"{path}:{line}: ")
    assert problem in result.output
