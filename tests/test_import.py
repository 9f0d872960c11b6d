"""`reewatch import-series`: a user's CSV/XLSX tables become facts beside the extracted ones.

What a user sees: each row is a fact whose sentence is the row as written, the file is a
document, a bad row names file:row and writes nothing, and importing twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reewatch.analytics.importer import RowDefaults, import_series, read_series_file
from reewatch.analytics.series import price_series, trade_series
from reewatch.errors import InputError
from reewatch.interfaces.cli import cli
from reewatch.lexicon import Lexicon
from reewatch.store import FactQuery, open_store
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "series"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon()


@pytest.fixture
def store(tmp_path: Path, lexicon: Lexicon) -> Iterator[Any]:
    s = open_store(tmp_path / "mine.db", list(lexicon.elements))
    yield s
    s.close()


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ CSV
def test_csv_prices_round_trip(store: Any, lexicon: Lexicon) -> None:
    report = import_series(DATA / "assessments.csv", store, lexicon, source="My assessments")
    assert (report.kind, report.rows, report.facts, report.status) == ("price", 3, 3, "added")
    assert report.columns == {
        "date": "date",
        "product": "product",
        "value": "price",
        "low": "low",
        "high": "high",
        "currency": "currency",
        "unit": "unit",
        "market": "market",
    }
    (document,) = store.documents()
    assert document.id == "import:assessments.csv" and document.source == "My assessments"
    assert document.text == (DATA / "assessments.csv").read_text(encoding="utf-8")
    facts = list(store.facts(FactQuery(type="price")))
    first, second, third = facts
    # "Dysprosium oxide" and "氧化镝" are both the lexicon's dy-oxide; a low/high range gives its midpoint
    assert (first["product"], first["value"], first["value_low"], first["value_high"]) == (
        "dy-oxide",
        1510000,
        1500000,
        1520000,
    )
    assert (first["currency"], first["unit"], first["market"], first["as_of"]) == (
        "CNY",
        "t",
        "China domestic",
        "2025-11-03",
    )
    assert (second["product"], second["value"], second["market"], second["lang"]) == ("dy-oxide", 1520000, None, "zh")
    assert (third["value"], third["currency"], third["unit"], third["market"]) == (890, "USD", "kg", "Europe CIF")
    for fact in facts:  # each fact's sentence is its row, exactly where the span says
        start, end = fact["span"]
        assert document.text[start:end] == fact["sentence"]
        assert (fact["source"], fact["document"], fact["rule"]) == (
            "My assessments",
            "import:assessments.csv",
            "import.csv",
        )
    assert second["sentence"] == '2025-11-10,氧化镝,"1,520,000",,,CNY,t,'


def test_reimport_adds_nothing_and_a_new_version_replaces(store: Any, lexicon: Lexicon, tmp_path: Path) -> None:
    path = tmp_path / "assessments.csv"
    shutil.copy(DATA / "assessments.csv", path)
    assert import_series(path, store, lexicon).status == "added"
    again = import_series(path, store, lexicon)
    assert (again.status, again.facts, store.count(), len(list(store.facts()))) == ("unchanged", 0, 1, 3)
    write(path, "date,product,price,currency,unit\n2025-11-24,dy-oxide,1490000,CNY,t\n")
    newer = import_series(path, store, lexicon)
    assert (newer.status, store.count(), [f["value"] for f in store.facts()]) == ("replaced", 1, [1490000])


def test_csv_trade_round_trip_and_series(store: Any, lexicon: Lexicon) -> None:
    report = import_series(DATA / "customs.csv", store, lexicon)
    assert (report.kind, report.facts) == ("trade", 2)
    august, september = store.facts(FactQuery(type="trade_flow"))
    # China / United States / 稀土永磁 / 出口 resolved through the lexicon
    assert {
        k: august[k] for k in ("flow", "reporter", "partner", "product", "quantity", "quantity_unit", "period")
    } == {
        "flow": "export",
        "reporter": "CN",
        "partner": "US",
        "product": "re-magnets",
        "quantity": 720,
        "quantity_unit": "t",
        "period": "2025-08",
    }
    assert (september["value"], september["currency"], september["change_mom_pct"]) == (35000000, "USD", -2.8)
    series = trade_series(store, "re-magnets", reporter="CN", partner="US")
    # 700 / 720 - 1 = -2.78 %, stated -2.8: within 0.6 points, no flag
    assert round(series.rows[1].mom.computed, 2) == -2.78 and series.flags() == []


def test_import_shows_beside_extracted_facts(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    from reewatch.indexing import index_paths

    index_paths([str(DATA / "prices.jsonl")], db)
    out = run("import-series", str(DATA / "assessments.csv"), "--db", db, "--source", "My assessments")
    assert out.exit_code == 0, out.output
    assert "import:assessments.csv" in out.stdout and "added" in out.stdout
    facts = [
        json.loads(line)
        for line in run("facts", "--db", db, "--type", "price", "--format", "jsonl").stdout.splitlines()
    ]
    assert {f["document"] for f in facts} >= {"import:assessments.csv", "ledger-dy-1110", "xitu-dy-1110"}
    data = json.loads(
        run(
            "series", "--db", db, "--product", "dy-oxide", "--currency", "USD", "--unit", "kg", "--format", "json"
        ).stdout
    )
    mine = [p for p in data["points"] if p["source"] == "My assessments"]
    # 2025-11-10 1,520,000 CNY/t incl. VAT: 1,520,000 / 1.13 / 7.10 / 1,000 = 189.455
    assert [(p["date"], p["value"]) for p in mine] == [
        ("2025-11-03", 188.21),
        ("2025-11-10", 189.46),
        ("2025-11-10", 890),
    ]
    assert mine[1]["market"] == "China domestic" and mine[1]["market_inferred"] is True
    # three sources on 2025-11-10 China domestic, three prices: all shown, each flagged
    assert sorted(mine[1]["disagrees_with"]) == ["ledger-dy-1110", "xitu-dy-1110"]
    again = run("import-series", str(DATA / "assessments.csv"), "--db", db, "--format", "json")
    assert json.loads(again.stdout)["status"] == "unchanged"


# ------------------------------------------------------------------------------ XLSX
def _workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Notes"
    sheet["A1"] = "prices are on the next sheet"
    prices = book.create_sheet("Prices")
    prices.append(["Date", "Product", "Price", "Currency", "Unit", "Market"])
    prices.append([dt.datetime(2025, 11, 24), "Dysprosium oxide", 1510000, "CNY", "t", "China domestic"])
    prices.append([])  # an empty row: kept as an empty line, so line n stays row n
    prices.append(["2025-11-25", "oxyde de dysprosium", 188.21, "USD", "kg", "FOB China"])
    book.save(path)
    return path


def test_xlsx_round_trip(tmp_path: Path, store: Any, lexicon: Lexicon) -> None:
    path = _workbook(tmp_path / "desk.xlsx")
    report = import_series(path, store, lexicon, sheet="Prices")
    assert (report.kind, report.rows, report.facts) == ("price", 2, 2)  # data rows; the empty one is skipped
    (document,) = store.documents()
    assert document.text == (
        "Date\tProduct\tPrice\tCurrency\tUnit\tMarket\n"
        "2025-11-24\tDysprosium oxide\t1510000\tCNY\tt\tChina domestic\n"
        "\n"
        "2025-11-25\toxyde de dysprosium\t188.21\tUSD\tkg\tFOB China\n"
    )
    first, second = store.facts()
    assert first["sentence"] == "2025-11-24\tDysprosium oxide\t1510000\tCNY\tt\tChina domestic"
    assert (first["value"], first["as_of"], first["rule"]) == (1510000, "2025-11-24", "import.xlsx")
    assert (second["product"], second["value"], second["market"]) == ("dy-oxide", 188.21, "FOB China")
    series = price_series(store, "dy-oxide", currency="USD", unit="kg")
    # 2025-11-24: 1,510,000 / 1.13 / 7.10 / 1,000 = 188.21; the FOB price is ex-VAT already
    assert [round(p.value, 2) for p in series.points] == [188.21, 188.21]


def test_xlsx_bad_row_names_the_sheet_row(tmp_path: Path, lexicon: Lexicon) -> None:
    import openpyxl

    path = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["date", "product", "price", "currency", "unit"])
    book.active.append([dt.date(2025, 11, 3), "dy-oxide", 1510000, "CNY", "t"])
    book.active.append([dt.date(2025, 11, 4), "dy-oxide", 1512000, "CNY", "furlong"])
    book.save(path)
    with pytest.raises(InputError) as e:
        read_series_file(path, lexicon)
    assert str(e.value) == f"{path}:3: column unit: 'furlong' is not a unit of mass (t, kg, lb, 吨 ...)"


# ------------------------------------------------------------------------------ bad input
def test_bad_csv_row_exits_2_naming_file_and_line_and_store_unchanged(tmp_path: Path) -> None:
    db = str(tmp_path / "mine.db")
    assert run("import-series", str(DATA / "customs.csv"), "--db", db).exit_code == 0
    before = open_store(db).stats()
    out = run("import-series", str(DATA / "bad_prices.csv"), "--db", db)
    assert out.exit_code == 2
    assert out.stderr == f"{DATA / 'bad_prices.csv'}:3: column price: 'about 1.5m' is not a number\n"
    assert out.stdout == ""
    after = open_store(db).stats()
    assert (after["documents"], after["facts"], after["batches"]) == (before["documents"], before["facts"], 1)
    # a new store is not even created for a bad file
    fresh = tmp_path / "fresh.db"
    assert run("import-series", str(DATA / "bad_prices.csv"), "--db", str(fresh)).exit_code == 2
    assert not fresh.exists()


@pytest.mark.parametrize(
    ("rows", "line", "problem"),
    [
        ("2025-11-03,unobtainium oxide,1510000,CNY,t", 2, "column product: 'unobtainium oxide' is not a product"),
        ("03/11/2025,dy-oxide,1510000,CNY,t", 2, "column date: '03/11/2025' is not a date (YYYY-MM-DD)"),
        ("2025-11-03,dy-oxide,1510000,doubloons,t", 2, "column currency: 'doubloons' is not a currency"),
        ("2025-11-03,dy-oxide,1510000,USD,CNY/t", 2, "currency USD and unit 'CNY/t' disagree"),
        (
            "2025-11-03,dy-oxide,1510000,CNY,t\n2025-11-04,dy-oxide,,CNY,t",
            3,
            "no price (column price, or low and high)",
        ),
    ],
)
def test_bad_price_rows(tmp_path: Path, lexicon: Lexicon, rows: str, line: int, problem: str) -> None:
    path = write(tmp_path / "p.csv", "date,product,price,currency,unit\n" + rows + "\n")
    with pytest.raises(InputError) as e:
        read_series_file(path, lexicon)
    assert (e.value.path, e.value.line) == (str(path), line)
    assert e.value.problem.startswith(problem)


@pytest.mark.parametrize(
    ("header", "row", "problem"),
    [
        ("period,partner,product,flow,quantity,unit", "2025-10,US,re-magnets,export,630,t", "no reporter"),
        (
            "period,reporter,partner,product,flow,quantity",
            "2025-10,CN,US,re-magnets,export,630",
            "no unit for the quantity",
        ),
        (
            "period,reporter,partner,product,flow,quantity,unit",
            "2025-10,CN,US,re-magnets,sideways,630,t",
            "column flow",
        ),
        (
            "period,reporter,partner,product,flow,quantity,unit",
            "Oct 2025,CN,US,re-magnets,export,630,t",
            "column period",
        ),
    ],
)
def test_bad_trade_rows(tmp_path: Path, lexicon: Lexicon, header: str, row: str, problem: str) -> None:
    path = write(tmp_path / "t.csv", f"{header}\n{row}\n")
    with pytest.raises(InputError) as e:
        read_series_file(path, lexicon)
    assert e.value.line == 2 and e.value.problem.startswith(problem)


def test_headers_any_case_defaults_and_other_forms(tmp_path: Path, lexicon: Lexicon) -> None:
    path = write(
        tmp_path / "desk.csv",
        "DATE ; Price ; Unit ; Change %\n"
        "2025/11/03 ; 1 510 000 ; 元/吨 ; +0.7%\n"
        "2025年11月04日;1500000-1520000;CNY/t;\n",
    )
    stored, report = read_series_file(path, lexicon, defaults=RowDefaults(product="氧化镝", market="Baotou"))
    assert report.columns == {"date": "DATE", "value": "Price", "unit": "Unit", "change_pct": "Change %"}
    first, second = (f.to_dict() for f in stored.facts)
    assert (first["as_of"], first["value"], first["currency"], first["unit"]) == ("2025-11-03", 1510000, "CNY", "t")
    assert (first["product"], first["market"], first["change_pct"], first["direction"]) == (
        "dy-oxide",
        "Baotou",
        0.7,
        "up",
    )
    assert (second["as_of"], second["value"], second["value_low"], second["value_high"]) == (
        "2025-11-04",
        1510000,
        1500000,
        1520000,
    )


@pytest.mark.parametrize(
    ("cell", "period"),
    [("2025-10", "2025-10"), ("2025/9", "2025-09"), ("202510", "2025-10"), ("2025年10月", "2025-10"),
     ("2025-Q3", "2025-Q3"), ("2025H1", "2025-H1"), ("2025", "2025"), ("2025-01..2025-09", "2025-01..2025-09")],
)  # fmt: skip
def test_trade_periods(tmp_path: Path, lexicon: Lexicon, cell: str, period: str) -> None:
    path = write(tmp_path / "t.csv", f"period,quantity\n{cell},630\n")
    defaults = RowDefaults(product="re-magnets", reporter="CN", partner="US", flow="export", unit="kt")
    stored, _ = read_series_file(path, lexicon, kind="trade", defaults=defaults)
    fact = stored.facts[0].to_dict()
    assert (fact["period"], fact["quantity"], fact["quantity_unit"]) == (period, 630000, "t")  # 630 kt = 630,000 t


def test_missing_or_wrong_file(tmp_path: Path, lexicon: Lexicon) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_series_file(tmp_path / "none.csv", lexicon)
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        read_series_file(write(tmp_path / "x.txt", "date,price\n"), lexicon)
    with pytest.raises(InputError, match="a header but no data rows"):
        read_series_file(write(tmp_path / "h.csv", "date,price\n"), lexicon)
    latin1 = tmp_path / "l.csv"
    latin1.write_bytes(
        "date,product,price,currency,unit,market\n2025-11-03,dy-oxide,1,CNY,t,Montréal\n".encode("latin-1")
    )
    with pytest.raises(InputError, match=r":2: not UTF-8"):
        read_series_file(latin1, lexicon)


def test_semicolon_csv_reads_decimal_commas_and_a_comma_csv_refuses_them(tmp_path: Path, lexicon: Lexicon) -> None:
    european = write(tmp_path / "eu.csv", "Datum;Produkt;Price;Currency;Unit\n2025-11-10;dy-oxide;188,21;USD;kg\n")
    stored, _ = read_series_file(european, lexicon)
    assert stored.facts[0].to_dict()["value"] == 188.21
    ambiguous = write(tmp_path / "us.csv", 'date,product,price,currency,unit\n2025-11-10,dy-oxide,"188,21",USD,kg\n')
    with pytest.raises(InputError) as e:
        read_series_file(ambiguous, lexicon)
    assert (e.value.line, e.value.problem) == (2, "column price: '188,21': a comma here is not a thousands separator")


def test_title_rows_above_the_header_are_kept_as_text(tmp_path: Path, store: Any, lexicon: Lexicon) -> None:
    import openpyxl

    path = tmp_path / "customs.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["China customs: exports of HS 8505.11 by destination"])
    book.active.append(["Month", "Partner", "Quantity", "Unit"])
    book.active.append([dt.datetime(2025, 10, 1), "美国", 630, "吨"])
    book.save(path)
    defaults = RowDefaults(reporter="CN", product="re-magnets", flow="export")
    report = import_series(path, store, lexicon, defaults=defaults)
    assert (report.kind, report.rows, report.columns["period"]) == ("trade", 1, "Month")
    (fact,) = store.facts()
    assert (fact["period"], fact["partner"], fact["quantity"], fact["quantity_unit"]) == ("2025-10", "US", 630, "t")
    assert fact["sentence"] == "2025-10-01\t美国\t630\t吨" and fact["span"][0] > 0
