"""`reewatch import-series`: a user's own price assessments or customs tables, stored as facts.

An analyst often holds series the news never printed in full: a price service's daily
assessments, a customs table of monthly tonnages. This module reads such a table (CSV or
XLSX) and stores each row as one `price` or `trade_flow` fact of FACTS.md §2, so that
`reewatch facts` and `reewatch series` show them beside the facts extracted from news.

Provenance works as for an article: the file is stored as one document, id
`import:<file name>`, whose text is the file's rows as lines (an XLSX row becomes its cells
joined by tabs), and each fact's sentence is its row's line with that line's span. Line n
of the text is row n of the file, so an error and a fact both name the row a user sees in
their spreadsheet.

Everything is read and checked before anything is written: a bad row raises
`InputError(path, row, problem)` and the store is untouched; the good file is then
written in one transaction. A file whose text is already stored adds nothing; a file of
the same name with other rows replaces the earlier import (as `reewatch index` does for a
document id).

Columns are found by their header, in any case, with spaces, `_`, `-` and `%` ignored; the
accepted names are `PRICE_COLUMNS` and `TRADE_COLUMNS`. Products and areas are resolved
through the lexicon (ids, codes, or names in any language), currencies and units through
its `units.yaml`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reewatch.errors import InputError
from reewatch.lexicon import LANGS, PRODUCT_IDS, Lexicon
from reewatch.models import Document, Fact, Origin
from reewatch.store.base import Store, StoredDocument

# field -> header names accepted for it (compared after `_header_key`), in English, Chinese, French and German.
PRICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "as_of", "as of", "price date", "assessment date", "日期", "价格日期", "jour", "datum"),
    "product": ("product", "material", "item", "grade", "产品", "品名", "名称", "produit", "produkt"),
    "value": ("price", "value", "mid", "midpoint", "average", "avg", "价格", "均价", "报价", "prix", "valeur", "preis"),
    "low": ("low", "min", "value_low", "price low", "low price", "最低价", "最低", "bas", "prix bas"),
    "high": ("high", "max", "value_high", "price high", "high price", "最高价", "最高", "haut", "prix haut"),
    "currency": ("currency", "ccy", "币种", "货币", "devise", "monnaie", "währung"),
    "unit": ("unit", "uom", "price unit", "单位", "unité", "einheit"),
    "market": ("market", "location", "basis", "delivery", "市场", "地区", "marché", "markt"),
    "change_pct": ("change_pct", "change", "change %", "pct change", "涨跌幅", "variation"),
}
TRADE_COLUMNS: dict[str, tuple[str, ...]] = {
    "period": ("period", "month", "date", "期间", "月份", "日期", "période", "mois", "monat", "zeitraum"),
    "reporter": ("reporter", "reporter country", "reporting country", "country", "报告国", "国家", "déclarant"),
    "partner": ("partner", "partner country", "destination", "origin", "counterpart", "伙伴国", "目的地", "partenaire"),
    "product": ("product", "commodity", "item", "hs description", "产品", "商品", "品名", "produit"),
    "flow": ("flow", "trade flow", "direction", "进出口", "贸易流向", "flux"),
    "quantity": ("quantity", "qty", "volume", "net weight", "weight", "数量", "重量", "quantité", "menge"),
    "quantity_unit": ("quantity_unit", "quantity unit", "unit", "uom", "数量单位", "单位", "unité"),
    "value": ("value", "trade value", "amount", "金额", "价值", "valeur", "wert"),
    "currency": ("currency", "ccy", "币种", "货币", "devise", "währung"),
    "change_mom_pct": ("change_mom_pct", "mom", "mom %", "month on month", "环比", "变化环比"),
    "change_yoy_pct": ("change_yoy_pct", "yoy", "yoy %", "year on year", "同比"),
    "value_change_yoy_pct": ("value_change_yoy_pct", "value yoy", "value yoy %", "金额同比"),
}
# Headers that only a trade table has: they decide the kind when --kind is not given.
_TRADE_ONLY = {"period", "reporter", "partner", "flow", "quantity"}
_RANGE = re.compile(
    r"^\s*([0-9][0-9.,\s\u00a0\u202f']*)\s*(?:-|–|—|~|～|至|到|to)\s*([0-9][0-9.,\s\u00a0\u202f']*)\s*$"
)


def _header_key(name: str) -> str:
    """ "Change %" -> "change", "value_low" -> "valuelow": headers compared without case or punctuation."""
    return re.sub(r"[\s_\-%().]+", "", unicodedata.normalize("NFKC", name).casefold())


@dataclass(frozen=True, slots=True)
class RowDefaults:
    """Values for columns a file does not have (--product, --currency ...), raw as the user wrote them."""

    product: str | None = None
    currency: str | None = None
    unit: str | None = None
    market: str | None = None
    reporter: str | None = None
    partner: str | None = None
    flow: str | None = None


@dataclass
class ImportReport:
    """What one import did."""

    path: str
    doc_id: str
    kind: str
    rows: int = 0
    facts: int = 0
    status: str = "added"  # added, replaced, unchanged
    columns: dict[str, str] = field(default_factory=dict)  # field -> the header it was read from
    ignored: list[str] = field(default_factory=list)  # headers not used

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "doc_id": self.doc_id,
            "kind": self.kind,
            "rows": self.rows,
            "facts": self.facts,
            "status": self.status,
            "columns": self.columns,
            "ignored_columns": self.ignored,
        }


class _RowError(ValueError):
    """A cell that cannot be read; becomes InputError(path, row, message)."""


# ------------------------------------------------------------------------------ reading the table
@dataclass(frozen=True, slots=True)
class _Row:
    number: int  # the row (= line) number a user sees: 1 is the first line of the file
    cells: tuple[Any, ...]  # strings from CSV; numbers, dates and strings from XLSX
    span: tuple[int, int]  # of the row's line(s) in the document text


def _blank(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_csv(path: Path) -> tuple[str, list[_Row], str]:
    """The file's text (newlines made \\n, BOM dropped), its rows with their line spans, and its delimiter."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise InputError(str(path), None, f"cannot read ({e.strerror or e})") from None
    except UnicodeDecodeError as e:
        line = e.object[: e.start].count(b"\n") + 1
        raise InputError(str(path), line, "not UTF-8 text (save the table as UTF-8 CSV)") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    first = next((line for line in lines if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)  # European Excel writes ";", some exports tabs

    consumed = 0

    def feed() -> Iterator[str]:
        nonlocal consumed
        for line in lines:
            consumed += 1
            yield line + "\n"  # a quoted cell may hold a line break

    rows = []
    reader = csv.reader(feed(), delimiter=delimiter)
    begin = 0
    try:
        for cells in reader:
            end = consumed  # lines begin..end-1 (0-based) hold this row
            if not _blank(cells):
                span = (starts[begin], starts[end] - 1)
                rows.append(_Row(begin + 1, tuple(cells), span))
            begin = end
    except csv.Error as e:
        raise InputError(str(path), begin + 1, f"not a CSV row ({e})") from None
    return text, rows, delimiter


def _cell_text(value: Any) -> str:
    """How an XLSX cell is written in the document text: dates as ISO, 1510000.0 as 1510000."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return " ".join(str(value).split("\t")).replace("\n", " ")


def _read_xlsx(path: Path, sheet: str | None) -> tuple[str, list[_Row]]:
    """The sheet's rows as tab-separated lines (line n = row n) and its non-empty rows."""
    from zipfile import BadZipFile

    import openpyxl  # heavy: only when an XLSX is imported

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(str(path), None, "no such file") from None
    except (BadZipFile, OSError, KeyError, ValueError) as e:
        raise InputError(str(path), None, f"not a readable .xlsx workbook ({e})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(str(path), None, f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        ws.reset_dimensions()  # a stale <dimension> in files from other tools must not cut rows off
        grid = [tuple(row) for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    while grid and _blank(grid[-1]):
        grid.pop()
    lines = ["\t".join(_cell_text(c) for c in row).rstrip("\t") for row in grid]
    text = "\n".join(lines) + ("\n" if lines else "")
    rows, offset = [], 0
    for number, (cells, line) in enumerate(zip(grid, lines, strict=True), 1):
        if not _blank(cells):
            rows.append(_Row(number, cells, (offset, offset + len(line))))
        offset += len(line) + 1
    return text, rows


# ------------------------------------------------------------------------------ reading cells
def _text(value: Any) -> str:
    return _cell_text(value).strip()


def _number(value: Any, column: str, decimal_comma: bool = False) -> float | None:
    """A number from a cell: 1510000, "1,510,000", "1 510 000", "-4.2%"; None when blank.

    Where both "," and "." occur, the last one is the decimal mark ("1.510.000,5", "1,510,000.5").
    A lone "," is a decimal mark in a CSV separated by ";" (`decimal_comma`, as European
    Excel writes it: "188,21"), else it groups thousands; a comma that cannot group
    thousands ("188,21" in a comma-less file) is an error, never a silent 18821.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = re.sub(r"[\s\u00a0\u202f_']", "", str(value)).rstrip("%")
    if not text:
        return None
    grouped = re.fullmatch(r"[-+]?\d{1,3}(?:[,.]\d{3})+", text) is not None
    if "," in text and "." in text:
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if mark == "," else ",", "").replace(",", ".")
    elif "," in text:
        if decimal_comma and text.count(",") == 1:
            text = text.replace(",", ".")
        elif grouped:
            text = text.replace(",", "")
        else:
            raise _RowError(f"column {column}: {str(value).strip()!r}: a comma here is not a thousands separator")
    elif text.count(".") > 1 or (decimal_comma and grouped):
        text = text.replace(".", "")  # 1.510.000
    try:
        return float(text)
    except ValueError:
        raise _RowError(f"column {column}: {str(value).strip()!r} is not a number") from None


def _price_cell(
    value: Any, column: str, decimal_comma: bool = False
) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) of a price cell; "1,500,000-1,520,000" is a range with its midpoint."""
    if isinstance(value, str):
        m = _RANGE.match(value)
        if m:
            low, high = _number(m.group(1), column, decimal_comma), _number(m.group(2), column, decimal_comma)
            if low is not None and high is not None and low <= high:
                return (low + high) / 2, low, high
    return _number(value, column, decimal_comma), None, None


def _date(value: Any, column: str) -> str:
    """An ISO day from a date cell: an Excel date, 2025-11-10, 2025/11/10, 20251110, 2025年11月10日."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            pass
    raise _RowError(f"column {column}: {text!r} is not a date (YYYY-MM-DD)")


def _period(value: Any, column: str) -> str:
    """A FACTS.md §4 period: 2025-10 (also 2025/10, 202510, 2025年10月, an Excel date), 2025-Q3, 2025-H1,
    2025, 2025-01..2025-09, or a day."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}-{value.month:02d}"  # customs tables put a month's first day in date cells
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value).upper().replace(" ", "")
    month = re.fullmatch(r"(\d{4})(?:[-/.年]|(?=\d{2}$))(\d{1,2})月?", text)
    if month and 1 <= int(month.group(2)) <= 12:
        return f"{month.group(1)}-{int(month.group(2)):02d}"
    part = re.fullmatch(r"(\d{4})-?([QH])([1-4])", text)
    if part and (part.group(2) == "Q" or part.group(3) in "12"):
        return f"{part.group(1)}-{part.group(2)}{part.group(3)}"
    if re.fullmatch(r"\d{4}", text):
        return text
    cumulative = re.fullmatch(r"(\d{4}-\d{2})\.\.(\d{4}-\d{2})", text)
    if cumulative and cumulative.group(1) <= cumulative.group(2):
        return text
    try:
        return _date(text, column)
    except _RowError:
        raise _RowError(f"column {column}: {_text(value)!r} is not a period (YYYY-MM, YYYY-Q1, YYYY)") from None


class _Vocabulary:
    """Products, areas, currencies, units and flow words, as the lexicon names them."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        units = lexicon.units
        self.currencies: dict[str, str] = {}
        for code, entry in (units.get("currency") or {}).items():
            for form in [code, *(entry.get("prefix") or []), *(entry.get("suffix") or [])]:
                self.currencies.setdefault(str(form).casefold(), str(code))
        self.masses: dict[str, tuple[str, float]] = {}
        for unit_id, entry in (units.get("mass") or {}).items():
            unit = str(entry.get("unit", unit_id))
            for form in [unit_id, *(entry.get("forms") or [])]:
                self.masses.setdefault(str(form).casefold(), (unit, float(entry.get("factor", 1))))
        self.flows: dict[str, str] = {"export": "export", "import": "import", "x": "export", "m": "import"}
        for lang in LANGS:
            phrases = lexicon.cues(lang).phrases
            for flow in ("export", "import"):
                for phrase in phrases.get(flow, []):
                    self.flows.setdefault(phrase.casefold(), flow)

    def _whole(self, text: str, kind: str) -> str | None:
        text = unicodedata.normalize("NFC", text.strip())
        for m in self.lexicon.entity_matcher.find(text, text.lower()):
            if m.kind == kind and m.start == 0 and m.end == len(text):
                return m.id
        return None

    def product(self, value: Any, column: str) -> str:
        text = _text(value)
        if text.lower() in PRODUCT_IDS:
            return text.lower()
        found = self._whole(text, "product")
        element = None if found else self._whole(text, "element")
        if element and element.lower() in PRODUCT_IDS:  # "Dysprosium" alone: FACTS.md's `dy`
            found = element.lower()
        if not found:
            raise _RowError(f"column {column}: {text!r} is not a product the lexicon knows (e.g. dy-oxide, 氧化镝)")
        return found

    def area(self, value: Any, column: str) -> str:
        text = _text(value)
        if text.upper() in self.lexicon.areas:
            return text.upper()
        found = self._whole(text, "area")
        if not found:
            raise _RowError(f"column {column}: {text!r} is not an area code or name (e.g. CN, United States, 美国)")
        return found

    def currency(self, value: Any, column: str) -> str:
        text = _text(value)
        code = self.currencies.get(text.casefold())
        if not code:
            raise _RowError(f"column {column}: {text!r} is not a currency (e.g. CNY, USD, 元, $)")
        return code

    def mass(self, value: Any, column: str) -> tuple[str, float]:
        """(unit id of FACTS.md, factor to it): "吨" -> (t, 1), "kt" -> (t, 1000)."""
        text = _text(value)
        found = self.masses.get(text.casefold())
        if not found:
            raise _RowError(f"column {column}: {text!r} is not a unit of mass (t, kg, lb, 吨 ...)")
        return found

    def price_unit(self, value: Any, column: str) -> tuple[str | None, str]:
        """(currency or None, unit) of a unit cell: "kg", "CNY/t", "元/吨", "USD per kg"."""
        text = _text(value)
        parts = re.split(r"\s*(?:/|\bper\b)\s*", text, maxsplit=1)
        currency = self.currency(parts[0], column) if len(parts) == 2 and parts[0] else None
        unit, factor = self.mass(parts[-1], column)
        if factor != 1:
            raise _RowError(f"column {column}: prices per {text!r} are not supported; use t, kg or lb")
        return currency, unit

    def flow(self, value: Any, column: str) -> str:
        text = _text(value).casefold()
        found = self.flows.get(text) or self.flows.get(text.rstrip("s"))
        if not found:
            raise _RowError(f"column {column}: {_text(value)!r} is not export or import")
        return found


# ------------------------------------------------------------------------------ rows to facts
@dataclass
class _Table:
    kind: str
    columns: dict[str, int]  # field -> cell index
    names: dict[str, str]  # field -> header as written
    ignored: list[str]
    decimal_comma: bool = False  # a ";"-separated CSV: "188,21" is 188.21


def _columns(path: Path, header: _Row, kind: str | None) -> _Table:
    keys = [_header_key(_text(c)) for c in header.cells]
    if kind is None:
        price_names = {_header_key(n) for names in PRICE_COLUMNS.values() for n in names}
        trade_names = {_header_key(n) for f in _TRADE_ONLY for n in TRADE_COLUMNS[f]} - price_names
        kind = "trade" if trade_names & set(keys) else "price"
    spec = TRADE_COLUMNS if kind == "trade" else PRICE_COLUMNS
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    for fld, accepted in spec.items():
        wanted = {_header_key(a) for a in accepted}
        for i, key in enumerate(keys):
            if key in wanted and i not in columns.values():
                columns[fld] = i
                names[fld] = _text(header.cells[i])
                break
    if not columns:
        raise InputError(
            str(path), header.number, f"no known {kind} column in the header (see `reewatch import-series --help`)"
        )
    ignored = [_text(c) for i, c in enumerate(header.cells) if i not in columns.values() and _text(c)]
    return _Table(kind, columns, names, ignored)


def _header_row(rows: Sequence[_Row]) -> int:
    """The index of the header: the first of the first ten rows naming two known columns (else the first row)."""
    known = {_header_key(n) for spec in (PRICE_COLUMNS, TRADE_COLUMNS) for names in spec.values() for n in names}
    for i, row in enumerate(rows[:10]):
        if len({_header_key(_text(c)) for c in row.cells} & known) >= 2:
            return i
    return 0


def _cell(row: _Row, table: _Table, fld: str) -> Any:
    i = table.columns.get(fld)
    if i is None or i >= len(row.cells):
        return None
    value = row.cells[i]
    return None if isinstance(value, str) and not value.strip() else value


def _readers(row: _Row, table: _Table) -> tuple[Any, Any, Any]:
    """A row's cell getter (with a default), its number reader and the table's column names."""

    def cell(fld: str, default: str | None = None) -> Any:
        value = _cell(row, table, fld)
        return default if value is None else value

    def num(value: Any, column: str) -> float | None:
        return _number(value, column, table.decimal_comma)

    return cell, num, table.names.get


def _price_fields(row: _Row, table: _Table, vocab: _Vocabulary, defaults: RowDefaults) -> tuple[dict[str, Any], str]:
    cell, num, name = _readers(row, table)

    if cell("date") is None:
        raise _RowError("no date (column date)")
    as_of = _date(cell("date"), name("date", "date"))
    product_cell = cell("product", defaults.product)
    if product_cell is None:
        raise _RowError("no product (add a product column or give --product)")
    product = vocab.product(product_cell, name("product", "--product"))
    value, low, high = _price_cell(cell("value"), name("value", "price"), table.decimal_comma)
    low_cell, high_cell = cell("low"), cell("high")
    if (low_cell is None) != (high_cell is None):
        raise _RowError("a range needs both low and high")
    if low_cell is not None:
        low, high = num(low_cell, name("low", "low")), num(high_cell, name("high", "high"))
        if low is not None and high is not None and low > high:
            raise _RowError(f"low {low:g} is above high {high:g}")
        if value is None and low is not None and high is not None:
            value = (low + high) / 2  # FACTS.md: a range's number is its midpoint
    if value is None:
        raise _RowError("no price (column price, or low and high)")
    unit_cell = cell("unit", defaults.unit)
    if unit_cell is None:
        raise _RowError("no unit (add a unit column, e.g. t or CNY/t, or give --unit)")
    unit_currency, unit = vocab.price_unit(unit_cell, name("unit", "--unit"))
    currency_cell = cell("currency", defaults.currency)
    currency = vocab.currency(currency_cell, name("currency", "--currency")) if currency_cell is not None else None
    if currency and unit_currency and currency != unit_currency:
        raise _RowError(f"currency {currency} and unit {_text(unit_cell)!r} disagree")
    currency = currency or unit_currency
    if currency is None:
        raise _RowError("no currency (add a currency column, write the unit as CNY/t, or give --currency)")
    change = num(cell("change_pct"), name("change_pct", "change"))
    market = cell("market", defaults.market)
    fields: dict[str, Any] = {
        "product": product,
        "value": _plain(value),
        "currency": currency,
        "unit": unit,
        "market": _text(market) if market is not None else None,
        "change_pct": change,
        "change_abs": None,
        "direction": None if change is None else "up" if change > 0 else "down" if change < 0 else "flat",
        "as_of": as_of,
    }
    if low is not None and high is not None:
        fields.update(value_low=_plain(low), value_high=_plain(high))
    raw = cell("value") if cell("value") is not None else f"{_text(low_cell)}-{_text(high_cell)}"
    return fields, _text(raw)


def _trade_fields(row: _Row, table: _Table, vocab: _Vocabulary, defaults: RowDefaults) -> tuple[dict[str, Any], str]:
    cell, num, name = _readers(row, table)

    needed = {
        "period": "a period column",
        "reporter": "a reporter column or --reporter",
        "partner": "a partner column or --partner",
        "product": "a product column or --product",
        "flow": "a flow column or --flow",
    }
    defaults_of = {
        "reporter": defaults.reporter,
        "partner": defaults.partner,
        "product": defaults.product,
        "flow": defaults.flow,
    }
    for fld, hint in needed.items():
        if cell(fld, defaults_of.get(fld)) is None:
            raise _RowError(f"no {fld} (needs {hint})")
    quantity = num(cell("quantity"), name("quantity", "quantity"))
    value = num(cell("value"), name("value", "value"))
    if quantity is None and value is None:
        raise _RowError("no quantity and no value")
    quantity_unit = None
    if quantity is not None:
        unit_cell = cell("quantity_unit", defaults.unit)
        if unit_cell is None:
            raise _RowError("no unit for the quantity (add a unit column, e.g. t, or give --unit)")
        quantity_unit, factor = vocab.mass(unit_cell, name("quantity_unit", "--unit"))
        if quantity_unit not in ("t", "kg"):
            raise _RowError(f"quantities in {_text(unit_cell)!r} are not supported; use t or kg")
        quantity *= factor  # 1.2 kt is stored as 1200 t
    currency = None
    if value is not None:
        currency_cell = cell("currency", defaults.currency)
        if currency_cell is None:
            raise _RowError("no currency for the value (add a currency column or give --currency)")
        currency = vocab.currency(currency_cell, name("currency", "--currency"))
    fields = {
        "flow": vocab.flow(cell("flow", defaults.flow), name("flow", "--flow")),
        "reporter": vocab.area(cell("reporter", defaults.reporter), name("reporter", "--reporter")),
        "partner": vocab.area(cell("partner", defaults.partner), name("partner", "--partner")),
        "product": vocab.product(cell("product", defaults.product), name("product", "--product")),
        "quantity": _plain(quantity),
        "quantity_unit": quantity_unit,
        "value": _plain(value),
        "currency": currency,
        "period": _period(cell("period"), name("period", "period")),
        "change_mom_pct": num(cell("change_mom_pct"), name("change_mom_pct", "mom")),
        "change_yoy_pct": num(cell("change_yoy_pct"), name("change_yoy_pct", "yoy")),
        "value_change_yoy_pct": num(cell("value_change_yoy_pct"), name("value_change_yoy_pct", "value yoy")),
    }
    raw = cell("quantity") if quantity is not None else cell("value")
    return fields, _text(raw)


def _plain(value: float | None) -> float | int | None:
    """1510000.0 -> 1510000, as FACTS.md prints numbers; other floats unchanged."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _language(text: str) -> str:
    """The language of a row, by script only: a row holds too few words for a language model."""
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    if re.search(r"[\uac00-\ud7af]", text):
        return "ko"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    return "en"


def read_series_file(
    path: str | Path,
    lexicon: Lexicon,
    *,
    kind: str | None = None,
    defaults: RowDefaults | None = None,
    source: str | None = None,
    sheet: str | None = None,
) -> tuple[StoredDocument, ImportReport]:
    """Read and check a CSV or XLSX table; the document and facts to store, and what was read.

    `kind` is "price" or "trade" (default: "trade" when the header has a trade-only column
    such as quantity or partner, else "price"). Raises InputError(path, row, problem) on the
    first row that cannot be read; nothing is written here.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), None, "no such file")
    suffix = path.suffix.lower()
    delimiter = ","
    if suffix == ".csv":
        text, rows, delimiter = _read_csv(path)
        rule = "import.csv"
    elif suffix in (".xlsx", ".xlsm"):
        text, rows = _read_xlsx(path, sheet)
        rule = "import.xlsx"
    else:
        raise InputError(str(path), None, "a series file is .csv or .xlsx")
    if not rows:
        raise InputError(str(path), None, "no rows to import")
    start = _header_row(rows)  # title lines above the header (customs exports have them) are kept as text only
    table = _columns(path, rows[start], kind)
    table.decimal_comma = delimiter == ";"
    vocab = _Vocabulary(lexicon)
    defaults = defaults or RowDefaults()
    doc_id = f"import:{path.name}"
    langs = {r.number: _language(text[r.span[0] : r.span[1]]) for r in rows}
    lang = Counter(langs.values()).most_common(1)[0][0]  # of the document: most of its rows'
    facts: list[Fact] = []
    make = _trade_fields if table.kind == "trade" else _price_fields
    fact_type = "trade_flow" if table.kind == "trade" else "price"
    data = rows[start + 1 :]
    for row in data:
        try:
            fields, raw = make(row, table, vocab, defaults)
        except _RowError as e:
            raise InputError(str(path), row.number, str(e)) from None
        sentence = text[row.span[0] : row.span[1]]
        facts.append(Fact(fact_type, doc_id, sentence, row.span, langs[row.number], fields, 1.0, raw, rule))
    if not facts:
        raise InputError(str(path), None, "a header but no data rows")
    document = Document(doc_id, text, path.name, source or path.name, None, None, lang, Origin(str(path)))
    sentences = [(doc_id, r.span[0], r.span[1], langs[r.number], text[r.span[0] : r.span[1]]) for r in rows]
    report = ImportReport(str(path), doc_id, table.kind, len(data), len(facts), "added", table.names, table.ignored)
    return StoredDocument(document, sentences, facts), report


def store_import(store: Store, stored: StoredDocument, report: ImportReport) -> ImportReport:
    """Write a table read by `read_series_file` in one transaction, unless its text is stored already.

    The same text already stored adds nothing (`status` "unchanged"); a file of the same name
    with other rows replaces the earlier import ("replaced").
    """
    doc = stored.document
    if store.known([doc.content_hash]):
        report.status, report.facts = "unchanged", 0
        return report
    if store.document_hash(doc.id) is not None:
        report.status = "replaced"
    store.write_batch([stored])
    return report


def import_series(
    path: str | Path,
    store: Store,
    lexicon: Lexicon,
    *,
    kind: str | None = None,
    defaults: RowDefaults | None = None,
    source: str | None = None,
    sheet: str | None = None,
) -> ImportReport:
    """Read, check and store a CSV/XLSX table: `read_series_file`, then `store_import`."""
    stored, report = read_series_file(path, lexicon, kind=kind, defaults=defaults, source=source, sheet=sheet)
    return store_import(store, stored, report)
