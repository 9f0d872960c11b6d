"""Price and trade series as a user sees them: converted numbers, stated assumptions, flags, charts.

The store is built by indexing the fixture articles of tests/data/series (English, Chinese,
French), so these tests also check that the extractor reads them. Every expected number is
worked out by hand in a comment beside it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reewatch.analytics.pricing import Pricing, PricingTables, parse_fx
from reewatch.analytics.series import PriceSeries, TradeSeries, price_series, trade_series
from reewatch.errors import ConfigError
from reewatch.indexing import index_paths
from reewatch.interfaces.cli import cli
from reewatch.store import FactQuery, open_store
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "series"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("series") / "news.db"
    report = index_paths([str(DATA / "prices.jsonl"), str(DATA / "trade.jsonl")], path)
    assert report.facts == 12  # 6 prices (5 dy-oxide, 1 tb-oxide) and 6 trade flows
    return str(path)


@pytest.fixture(scope="module")
def store(db: str) -> Iterator[Any]:
    s = open_store(db)
    yield s
    s.close()


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def by_doc(series: PriceSeries) -> dict[str, Any]:
    return {p.provenance.doc_id: p for p in series.points}


# ------------------------------------------------------------------------------ conversion
@pytest.mark.parametrize(
    ("value", "currency", "unit", "market", "day", "to", "fx", "vat", "expected"),
    [
        # 1,510,000 / 1.13 / 7.10 / 1,000 = 188.2089
        (1_510_000, "CNY", "t", "China domestic", "2025-11-10", ("USD", "kg", None), {"USDCNY": 7.10}, None, 188.21),
        # the same with the file's 2025-11 average (7.10), the market inferred from the currency
        (1_510_000, "CNY", "t", None, "2025-11-10", ("USD", "kg", None), {}, None, 188.21),
        # --fx USDCNY=7.12: 1,510,000 / 1.13 / 7.12 / 1,000 = 187.6802
        (1_510_000, "CNY", "t", None, "2025-11-10", ("USD", "kg", None), {"USDCNY": 7.12}, None, 187.68),
        # --vat 10: 1,510,000 / 1.10 / 7.10 / 1,000 = 193.3419
        (1_510_000, "CNY", "t", None, "2025-11-10", ("USD", "kg", None), {}, 10, 193.34),
        # per pound: 188.2089 x 0.45359237 = 85.3701
        (1_510_000, "CNY", "t", None, "2025-11-10", ("USD", "lb", None), {}, None, 85.37),
        # CNY/t ex-VAT: 1,510,000 / 1.13 = 1,336,283.19
        (1_510_000, "CNY", "t", None, "2025-11-10", ("CNY", "t", False), {}, None, 1_336_283.19),
        # Europe CIF is ex-VAT; to CNY/t incl. VAT: 900 x 7.10 x 1,000 x 1.13 = 7,220,700
        (900, "USD", "kg", "Europe CIF", "2025-11-17", ("CNY", "t", None), {}, None, 7_220_700),
        # FOB China names China but is an export price, ex-VAT: 80 x 7.10 x 1,000 = 568,000
        (80, "USD", "kg", "FOB China", "2025-11-17", ("CNY", "t", False), {}, None, 568_000),
        # EUR via USD, 2024 yearly averages: 100 EUR/kg x 1.0824 = 108.24 USD/kg
        (100, "EUR", "kg", "Rotterdam", "2024-03-01", ("USD", "kg", None), {}, None, 108.24),
    ],
)
def test_conversion_arithmetic(
    value: float,
    currency: str,
    unit: str,
    market: str | None,
    day: str,
    to: tuple[str, str, bool | None],
    fx: dict[str, float],
    vat: float | None,
    expected: float,
) -> None:
    pricing = Pricing.load(fx=fx, vat=vat)
    conversion = pricing.conversion(pricing.quote(currency, unit, market), pricing.target(*to), day)
    assert conversion.apply(value) == pytest.approx(expected, abs=0.005)


def test_conversion_states_rate_vat_and_steps() -> None:
    pricing = Pricing.load()
    quote = pricing.quote("CNY", "t", None)
    assert (quote.market, quote.market_inferred, quote.basis.label()) == (
        "China domestic",
        True,
        "CNY/t incl. 13 % VAT",
    )
    conversion = pricing.conversion(quote, pricing.target("USD", "kg"), "2025-11-10")
    assert conversion.target.label() == "USD/kg ex-VAT"
    assert conversion.steps() == ["÷ 1.13 (remove 13 % VAT)", "÷ 7.10 (USD/CNY)", "÷ 1,000 (t -> kg)"]
    (rate,) = conversion.rates
    assert rate.describe().startswith("USD/CNY 7.10 (2025-11, approximate; US Federal Reserve")
    # a date after the last listed rate uses the latest and says so
    late = pricing.conversion(quote, pricing.target("USD", "kg"), "2026-06-01").rates[0]
    assert (late.period, "carried forward for 2026-06" in late.note) == ("2026-01", True)
    given = Pricing.load(fx=["USD/CNY=7.12"]).conversion(quote, pricing.target("USD", "kg"), "2025-11-10").rates[0]
    assert given.describe() == "USD/CNY 7.12 (given with --fx)"


def test_pricing_file_holds_the_stated_assumptions() -> None:
    tables = PricingTables.load()
    assert tables.vat["CN"].rate == 13
    assert tables.units == {"t": 1000, "kg": 1, "lb": 0.45359237, "g": 0.001}
    assert tables.fx["USDCNY"].rates["2023"].rate == 7.0809  # Federal Reserve G.5A, 2023 annual average
    assert all(r.source for series in tables.fx.values() for r in series.rates.values())
    assert {"2023", "2024", "2025"} <= set(tables.fx["EURUSD"].rates) & set(tables.fx["USDJPY"].rates)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("vat: {CN: {rate: high}}", "vat.CN"),
        ("markets: [{words: [domestic], vat_included: true}]", "markets[1]"),
        ("fx: {USDCNY: {rates: {'2025-13': 7.1}}}", "fx.USDCNY.2025-13"),
        ("units: {t: 1000}", "must list kg"),
        ("vat: [oops", "not valid YAML"),
    ],
)
def test_bad_pricing_file_names_file_and_entry(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "pricing.yaml"
    valid_units = "" if text.startswith("units") else "units: {kg: 1}\n"
    path.write_text(valid_units + text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(problem)) as e:
        PricingTables.load(path)
    assert str(path) in str(e.value)


@pytest.mark.parametrize("text", ["USDCNY", "USDCNY=0", "USD=7.1", "USDUSD=1", "USDCNY=abc"])
def test_bad_fx_override(text: str) -> None:
    with pytest.raises(ValueError, match="PAIR=RATE"):
        parse_fx(text)


# ------------------------------------------------------------------------------ price series
@pytest.mark.parametrize(
    ("doc_id", "lang", "value", "low", "high"),
    [
        ("ledger-dy-1110", "en", 188.21, None, None),  # 1,510,000 / 1.13 / 7.10 / 1,000
        ("xitu-dy-1110", "zh", 191.95, None, None),  # 154万元/吨: 1,540,000 / 8.023 / 1,000 = 191.948
        ("metaux-dy-1117", "fr", 185.72, 184.47, 186.96),  # 1 480 000 / 8 023 = 184.470; 1 500 000 -> 186.962
        ("ledger-dy-eu-1117", "en", 900, 880, 920),  # USD/kg CIF, ex-VAT: unchanged
        ("ledger-dy-1201", "en", 187.66, None, None),  # December rate 7.05: 1,495,000 / 1.13 / 7.05 / 1,000
    ],
)
def test_price_points_in_usd_per_kg(
    store: Any, doc_id: str, lang: str, value: float, low: float | None, high: float | None
) -> None:
    series = price_series(store, "dy-oxide", currency="USD", unit="kg")
    point = by_doc(series)[doc_id]
    assert point.basis.label() == "USD/kg ex-VAT"
    assert round(point.value, 2) == value
    assert (_r(point.low), _r(point.high)) == (low, high)
    assert point.provenance.lang == lang
    document = next(store.documents([point.provenance.document]))
    start, end = point.provenance.span
    assert document.text[start:end] == point.provenance.sentence  # leads back to the exact text
    assert point.provenance.source and point.provenance.published


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def test_price_series_keeps_sources_dates_and_order(store: Any) -> None:
    series = price_series(store, "dy-oxide", currency="USD", unit="kg")
    assert [p.day for p in series.points] == ["2025-11-10", "2025-11-10", "2025-11-17", "2025-11-17", "2025-12-01"]
    assert series.markets() == ["China domestic", "Europe CIF"]  # tb-oxide left out
    zh = by_doc(series)["xitu-dy-1110"]
    assert zh.provenance.sentence == "11月10日，国内氧化镝报价154万元/吨，较上周上涨1.3%。"
    assert (zh.provenance.source, zh.provenance.published, zh.stated_value) == ("稀土行情网", "2025-11-10", 1540000)
    assert [r.period for r in series.rates()] == ["2025-11", "2025-12"]


def test_two_sources_that_disagree_are_both_shown_and_flagged(store: Any) -> None:
    points = by_doc(price_series(store, "dy-oxide", currency="USD", unit="kg"))
    assert points["ledger-dy-1110"].disagrees_with == ("xitu-dy-1110",)
    assert points["xitu-dy-1110"].disagrees_with == ("ledger-dy-1110",)
    # same day, other markets (China domestic range and Europe CIF): not a disagreement
    assert points["metaux-dy-1117"].disagrees_with == points["ledger-dy-eu-1117"].disagrees_with == ()


def test_market_filter_and_default_basis(store: Any) -> None:
    europe = price_series(store, "dy-oxide", market="europe")
    assert [p.provenance.doc_id for p in europe.points] == ["ledger-dy-eu-1117"]
    assert europe.target.label() == "USD/kg ex-VAT"  # the basis of the prices found
    china = price_series(store, "dy-oxide", market="China domestic")
    assert china.target.label() == "CNY/t incl. 13 % VAT"  # CNY's convention: VAT included
    assert [p.value for p in china.points] == [1_510_000, 1_540_000, 1_490_000, 1_495_000]  # nothing converted
    assert china.rates() == []


class FakeStore:
    """Just enough of the Store protocol for `price_series`: fact records."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def facts(self, query: FactQuery | None = None) -> Iterator[dict[str, Any]]:
        yield from self.records


def _price(doc_id: str, value: float, **extra: Any) -> dict[str, Any]:
    record = {"type": "price", "doc_id": doc_id, "product": "dy-oxide", "value": value, "currency": "CNY"}
    record.update(unit="t", market=None, as_of=None, sentence=f"s {doc_id}", span=[0, 3], lang="en")
    record.update(source="S", published="2025-11-03", title=None)
    record.update(extra)
    return record


def test_date_is_as_of_else_published_and_undated_prices_are_left_out() -> None:
    store = FakeStore(
        [
            _price("a", 1_510_000, as_of="2025-11-10"),
            _price("b", 1_515_000),  # no as_of: its document's date, 2025-11-03
            _price("c", 1_520_000, published=None),  # no date at all
            _price("a", 1_510_000, as_of="2025-11-10"),  # read twice from one sentence: shown once
        ]
    )
    series = price_series(store, "dy-oxide", currency="USD", unit="kg")  # type: ignore[arg-type]
    assert [(p.provenance.doc_id, p.day) for p in series.points] == [("b", "2025-11-03"), ("a", "2025-11-10")]
    assert series.notes == ["left out c: s c: no date (neither as_of nor the document's)"]


# ------------------------------------------------------------------------------ price CLI
def test_cli_table_states_rate_vat_and_ranges(db: str) -> None:
    out = run("series", "--db", db, "--product", "氧化镝", "--currency", "usd", "--unit", "kg")
    assert out.exit_code == 0, out.output
    text = out.stdout
    assert "USD/kg ex-VAT" in text
    assert "188.21" in text and "191.95" in text and "187.66" in text
    assert "184.47–186.96" in text and "880.00–920.00" in text  # ranges stay ranges
    assert "1,480,000–1,500,000 CNY/t incl. VAT" in text  # as stated
    assert "VAT: 13 % removed from China domestic CNY prices" in text
    assert "Exchange rate: USD/CNY 7.10 (2025-11, approximate; US Federal Reserve" in text
    assert "differs: 2025-11-10 China domestic: sources differ: 188.21 (Ore Ledger); 191.95 (稀土行情网)" in text


def test_cli_overrides_fx_and_vat(db: str) -> None:
    fx = run("series", "--db", db, "--product", "dy-oxide", "--currency", "USD", "--unit", "kg", "--fx", "USDCNY=7.12")
    assert "187.68" in fx.stdout  # 1,510,000 / 1.13 / 7.12 / 1,000
    assert "Exchange rate: USD/CNY 7.12 (given with --fx)" in fx.stdout
    vat = run("series", "--db", db, "--product", "dy-oxide", "--currency", "USD", "--unit", "kg", "--vat", "10")
    assert "193.34" in vat.stdout  # 1,510,000 / 1.10 / 7.10 / 1,000
    assert "VAT: 10 % removed" in vat.stdout and "given with --vat" in vat.stdout


def test_cli_json_keeps_provenance_and_conversion(db: str) -> None:
    out = run("series", "--db", db, "--product", "dy-oxide", "--currency", "USD", "--unit", "kg", "--format", "json")
    data = json.loads(out.stdout)
    assert (data["basis"], data["vat_included"]) == ("USD/kg ex-VAT", False)
    assert data["conversion"]["rates"][0] | {"source": None} == {
        "pair": "USDCNY",
        "rate": 7.1,
        "means": "1 USD = 7.10 CNY",
        "period": "2025-11",
        "source": None,
        "note": "approximate",
        "overridden": False,
    }
    fr = next(p for p in data["points"] if p["doc_id"] == "metaux-dy-1117")
    assert (fr["value"], fr["low"], fr["high"]) == (185.72, 184.47, 186.96)
    assert (fr["stated"]["low"], fr["stated"]["high"], fr["stated"]["label"]) == (
        1480000,
        1500000,
        "CNY/t incl. 13 % VAT",
    )
    assert fr["source"] == "Métaux Hebdo" and fr["published"] == "2025-11-18" and fr["date"] == "2025-11-17"
    assert fr["sentence"].startswith("Le 17 novembre, l'oxyde de dysprosium")
    assert fr["conversion"]["steps"] == ["÷ 1.13 (remove 13 % VAT)", "÷ 7.10 (USD/CNY)", "÷ 1,000 (t -> kg)"]
    assert len(data["disagreements"]) == 1


def test_cli_csv_rows_state_their_own_conversion(db: str) -> None:
    out = run("series", "--db", db, "--product", "dy-oxide", "--currency", "USD", "--unit", "kg", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    first = rows[0]
    assert (first["doc_id"], first["value"], first["stated_value"], first["vat_rate_pct"]) == (
        "ledger-dy-1110",
        "188.21",
        "1510000",
        "13",
    )
    assert first["fx"].startswith("USD/CNY 7.10 (2025-11") and first["disagrees_with"] == "xitu-dy-1110"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--trade", "--reporter", "CN", "--currency", "USD"], "--currency: only for price series"),
        (["--reporter", "CN"], "--reporter: only for trade series"),
        (["--trade"], "--trade needs --reporter"),
        (["--fx", "USDCNY:7.1"], "is not PAIR=RATE"),
        (["--unit", "bushel"], "unknown unit 'bushel'"),
        (["--since", "11/2025"], "is not a date"),
    ],
)
def test_cli_usage_errors_are_one_line_exit_2(db: str, args: list[str], message: str) -> None:
    out = run("series", "--db", db, "--product", "dy-oxide", *args)
    assert out.exit_code == 2
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_cli_unknown_product_and_missing_store(db: str, tmp_path: Path) -> None:
    out = run("series", "--db", db, "--product", "unobtainium")
    assert out.exit_code == 2 and "is not a product id or name" in out.stderr
    out = run("series", "--db", str(tmp_path / "none.db"), "--product", "dy-oxide")
    assert out.exit_code == 2 and "no such store" in out.stderr


# ------------------------------------------------------------------------------ trade series
@pytest.fixture(scope="module")
def trade(store: Any) -> TradeSeries:
    return trade_series(store, "re-magnets", reporter="CN", partner="US", flow="export")


def test_trade_rows_by_month_with_other_periods_apart(trade: TradeSeries) -> None:
    assert [(r.period, r.quantity_t, r.provenance.label) for r in trade.rows] == [
        ("2024-10", 520, "Customs Wire"),
        ("2025-09", 700, "Customs Wire"),
        ("2025-10", 630, "Customs Wire"),
        ("2025-10", 655, "磁材快讯"),
        ("2025-11", 610, "Customs Wire"),
    ]
    assert [(r.period, r.quantity_t) for r in trade.other] == [("2025-Q3", 2050)]
    assert trade.notes == ["period 2025-Q3 (Métaux Hebdo, aimants-2025-q3): not a month; listed apart"]
    assert trade.rows[1].value == 35_000_000 and trade.rows[1].currency == "USD"


def test_trade_changes_computed_and_cross_checked(trade: TradeSeries) -> None:
    wire, cixin, november = trade.rows[2], trade.rows[3], trade.rows[4]
    # 630 / 700 - 1 = -10.0 % (stated -10.0); 630 / 520 - 1 = +21.15 % (stated +21.2): agree
    assert (round(wire.mom.computed, 1), wire.mom.stated, wire.mom.disagrees) == (-10.0, -10.0, False)
    assert (round(wire.yoy.computed, 2), wire.yoy.stated, wire.yoy.disagrees) == (21.15, 21.2, False)
    assert wire.mom.against == "2025-09: 700 t" and wire.yoy.against == "2024-10: 520 t"
    # 655 / 700 - 1 = -6.43 % against a stated -8.0 %: 1.57 points apart, flagged with both numbers
    assert (round(cixin.mom.computed, 2), cixin.mom.stated, cixin.mom.disagrees) == (-6.43, -8.0, True)
    assert (round(cixin.yoy.computed, 2), cixin.yoy.disagrees) == (25.96, False)  # 655 / 520 - 1, stated 26.0
    assert (
        "2025-10 export MoM (磁材快讯): source says -8.0 %, series gives -6.4 % (against 2025-09: 700 t)" in cixin.flags
    )
    # November's MoM needs October, which two sources give differently: not computed, and said why
    assert november.mom.computed is None and november.mom.stated == -3.2
    assert november.mom.note == "not computed: 2025-10 is disputed (630 t (Customs Wire) vs 655 t (磁材快讯))"


def test_trade_disagreeing_tonnages_are_flagged(trade: TradeSeries) -> None:
    flag = "2025-10 export: sources disagree on the quantity: 630 t (Customs Wire) vs 655 t (磁材快讯)"
    assert flag in trade.rows[2].flags and flag in trade.rows[3].flags
    assert trade.rows[0].flags == trade.rows[1].flags == trade.rows[4].flags == ()
    assert len(trade.flags()) == 2


def test_trade_cli_table_and_json(db: str) -> None:
    out = run(
        "series", "--db", db, "--trade", "--reporter", "中国", "--partner", "United States", "--product", "稀土永磁"
    )
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    cixin = next(line for line in lines if "cixin-2025-10" in line)
    assert "655" in cixin and "-8.0" in cixin and "-6.4 !" in cixin and cixin.rstrip().endswith("!")
    assert "  ! 2025-10 export: sources disagree on the quantity: 630 t (Customs Wire) vs 655 t (磁材快讯)" in lines
    assert "Other periods (not months; outside the changes):" in lines
    assert (
        "  unchecked: 2025-11 export MoM (Customs Wire, stated -3.2 %): not computed: 2025-10 is disputed"
        " (630 t (Customs Wire) vs 655 t (磁材快讯))" in lines
    )
    data = json.loads(run("series", "--db", db, "--trade", "--reporter", "CN", "--partner", "US", "--product",
                          "re-magnets", "--format", "json").stdout)  # fmt: skip
    assert data["tolerance"] == {"change_pts": 0.6, "quantity_pct": 0.5}
    row = data["rows"][3]
    assert row["mom_pct"] == {
        "stated": -8.0,
        "computed": -6.4,
        "against": "2025-09: 700 t",
        "disagrees": True,
        "note": None,
    }
    assert row["sentence"] == "2025年10月，中国对美国出口稀土永磁体655吨，环比下降8.0%，同比增长26.0%。"
    assert data["other_periods"][0]["period"] == "2025-Q3"


# ------------------------------------------------------------------------------ charts
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_charts_are_written(db: str, tmp_path: Path, suffix: str) -> None:
    price = tmp_path / f"dy{suffix}"
    out = run("series", "--db", db, "--product", "dy-oxide", "--currency", "USD", "--unit", "kg", "--chart", str(price))
    assert out.exit_code == 0, out.output
    trade = tmp_path / f"magnets{suffix}"
    out = run("series", "--db", db, "--trade", "--reporter", "CN", "--partner", "US", "--product", "re-magnets",
              "--chart", str(trade))  # fmt: skip
    assert out.exit_code == 0, out.output
    for path in (price, trade):
        head = path.read_bytes()[:200]
        assert path.stat().st_size > 5000
        assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in head


def test_chart_needs_png_or_svg(db: str, tmp_path: Path) -> None:
    out = run("series", "--db", db, "--product", "dy-oxide", "--chart", str(tmp_path / "dy.pdf"))
    assert out.exit_code == 2 and "a chart is written as .png or .svg" in out.stderr


def test_cli_modules_import_nothing_heavy() -> None:
    code = "import sys, reewatch.interfaces.cli; print(*sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not set(out.stdout.split()) & {"matplotlib", "openpyxl", "yaml", "reewatch.analytics.series"}
