"""`reewatch series` and `reewatch import-series`: price and trade series, and a user's own tables.

The library does the work (`reewatch.analytics.series`, `.pricing`, `.importer`); this
module parses flags, prints tables, CSV or JSON, and writes charts. Every price table ends
with the assumptions its numbers rest on (basis, VAT, exchange rates), and every trade
table with the disagreements it found, so that a printed series can be read on its own.
"""

from __future__ import annotations

import csv
import io
import sys
from typing import Any

import click

from reewatch.interfaces.common import (
    db_option,
    existing_store,
    iso_day,
    new_db_option,
    print_json,
    render_table,
    resolve_filter,
    shorten,
)


def _product_id(lexicon: Any, value: str) -> str:
    from reewatch.lexicon import PRODUCT_IDS

    product = resolve_filter(lexicon, "product", value) or value
    if product not in PRODUCT_IDS:
        raise click.BadParameter(f"{value!r} is not a product id or name the lexicon knows", param_hint="--product")
    return product


def _display_name(lexicon: Any, product: str, capital: bool = True) -> str:
    """ "dy-oxide" -> "Dysprosium oxide (dy-oxide)": the first English name, for titles."""
    forms = [f for f in lexicon.forms_of("product", product) if f.isascii() and " " in f]
    english = next((f for f in forms if f.split()[0].islower()), forms[0] if forms else None)
    if not english:
        return product
    return f"{english[0].upper() if capital else english[0]}{english[1:]} ({product})"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


# ------------------------------------------------------------------------------ series
@click.command()
@db_option
@click.option("--product", required=True, help="Product id (dy-oxide) or name in any language (氧化镝).")
@click.option("--trade", is_flag=True, help="A monthly trade series instead of prices.")
@click.option("--market", help="Prices: only markets containing this text (China domestic, Europe CIF).")
@click.option("--currency", help="Prices: convert to this currency (USD, CNY, EUR, JPY). Default: the most common.")
@click.option("--unit", help="Prices: per this unit (t, kg, lb). Default: the most common.")
@click.option(
    "--basis",
    type=click.Choice(["incl-vat", "ex-vat"]),
    help="Prices: with or without VAT. Default: the currency's convention (CNY incl., others ex).",
)
@click.option(
    "--vat", type=click.FloatRange(0, 100, max_open=True), help="Prices: VAT rate in percent (default 13 for CN)."
)
@click.option(
    "--fx", multiple=True, metavar="PAIR=RATE", help="Prices: exchange rate for every date, e.g. USDCNY=7.12."
)
@click.option("--reporter", help="Trade: the reporting area (CN), code or name.")
@click.option("--partner", default="WORLD", show_default=True, help="Trade: the partner area (US); WORLD for totals.")
@click.option("--flow", type=click.Choice(["export", "import"]), help="Trade: one direction (default: both).")
@click.option("--since", help="From this day (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="To this day, inclusive.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "csv", "json"]))
@click.option("--chart", type=click.Path(dir_okay=False), help="Also draw the series to this .png or .svg file.")
def series(db: str, product: str, trade: bool, fmt: str, chart: str | None, **options: Any) -> None:
    """A price series (converted to one currency, unit and VAT basis) or a monthly trade series.

    Prices: one row per stored price fact, dated by its as_of date (else its document's),
    converted with the exchange rate of its month and the VAT of pricing.yaml, both printed
    (--fx, --vat override them). Ranges stay ranges; different prices from two sources on
    one day are both shown and flagged, never averaged.

    Trade (--trade --reporter CN --partner US): tonnes by month, with month-on-month and
    year-on-year changes computed from the series and checked against those the sources
    state; gaps above 0.6 points and sources that disagree on a month are flagged.
    """
    from reewatch.lexicon import Lexicon

    lexicon = Lexicon()
    price_only = ("market", "currency", "unit", "basis", "vat", "fx")
    if trade:
        given = [f"--{k}" for k in price_only if options[k] not in (None, ())]
        if given:
            raise click.UsageError(f"{', '.join(given)}: only for price series (without --trade)")
        if not options["reporter"]:
            raise click.UsageError("--trade needs --reporter (e.g. --reporter CN)")
    else:
        given = [f"--{k}" for k in ("reporter", "flow") if options[k]]
        if given or options["partner"] != "WORLD":
            raise click.UsageError(f"{', '.join(given) or '--partner'}: only for trade series (with --trade)")
    product_id = _product_id(lexicon, product)
    since = iso_day(options["since"], "--since")
    until = iso_day(options["until"], "--until", end=True)
    store = existing_store(db, lexicon)
    try:
        if trade:
            _trade(store, lexicon, product_id, since, until, fmt, chart, options)
        else:
            _prices(store, lexicon, product_id, since, until, fmt, chart, options)
    finally:
        store.close()


def _prices(
    store: Any,
    lexicon: Any,
    product: str,
    since: str | None,
    until: str | None,
    fmt: str,
    chart: str | None,
    options: Any,
) -> None:
    from reewatch.analytics.pricing import Pricing
    from reewatch.analytics.series import price_series
    from reewatch.analytics.series_charts import price_chart

    try:
        pricing = Pricing.load(fx=options["fx"], vat=options["vat"])
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--fx") from None
    basis = options["basis"]
    try:
        result = price_series(
            store,
            product,
            market=options["market"],
            currency=options["currency"].upper() if options["currency"] else None,
            unit=options["unit"],
            vat_included=None if basis is None else basis == "incl-vat",
            since=since,
            until=until,
            pricing=pricing,
        )
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    if fmt == "json":
        print_json(result.to_dict())
    elif fmt == "csv":
        _write_csv([_price_csv_row(p) for p in result.points], _PRICE_CSV)
    else:
        _price_table(result)
    if chart:
        path = price_chart(result, chart, _display_name(lexicon, product))
        click.echo(f"chart written to {path}", err=True)


def _price_table(result: Any) -> None:
    from reewatch.analytics.series import format_number

    label = result.target.label()
    rows = []
    for p in result.points:
        stated = (
            f"{format_number(p.stated_low)}–{format_number(p.stated_high)}"
            if p.stated_low is not None
            else format_number(p.stated_value)
        )
        vat = "incl. VAT" if p.quote.basis.vat_included else "ex-VAT"
        rows.append(
            {
                "date": p.day,
                "market": (p.market or "-") + ("*" if p.market_inferred else ""),
                label: f"{format_number(p.low)}–{format_number(p.high)}" if p.is_range else format_number(p.value),
                "as stated": f"{stated} {p.quote.basis.currency}/{p.quote.basis.unit} {vat}",
                "chg %": _pct(p.change_pct),
                "source": shorten(p.provenance.label, 20),
                "doc": p.provenance.doc_id,
                "sentence": shorten(p.provenance.sentence, 50),
                "flag": "differs" if p.disagrees_with else "",
            }
        )
    out = sys.stdout
    if rows:
        out.write(
            render_table(rows, ["date", "market", label, "as stated", "chg %", "source", "doc", "sentence", "flag"])
            + "\n"
        )
    out.write(f"{len(rows)} prices of {result.product} in {label}\n")
    for line in result.assumptions():
        out.write(f"  {line}\n")
    for line in result.disagreements():
        out.write(f"  differs: {line}\n")
    for line in result.notes:
        out.write(f"  {line}\n")


# Where each row's number comes from, the last columns of every series CSV.
_PROVENANCE_CSV = ["source", "published", "doc_id", "sentence"]

_PRICE_CSV = [
    "date",
    "product",
    "market",
    "market_inferred",
    "value",
    "low",
    "high",
    "currency",
    "unit",
    "vat_included",
    "stated_value",
    "stated_low",
    "stated_high",
    "stated_currency",
    "stated_unit",
    "stated_vat_included",
    "vat_rate_pct",
    "target_vat_rate_pct",
    "fx",
    "factor",
    "change_pct",
    "disagrees_with",
    *_PROVENANCE_CSV,
]


def _price_csv_row(p: Any) -> dict[str, Any]:
    """One CSV row that states its own conversion (rates, VAT, factor), since CSV has no footer."""
    d = p.to_dict()
    stated = p.quote.basis
    return {
        **{k: d[k] for k in ("date", "product", "market", "market_inferred", "value", "low", "high")},
        **{k: d[k] for k in ("currency", "unit", "vat_included", "change_pct", "source", "published", "doc_id")},
        "stated_value": p.stated_value,
        "stated_low": p.stated_low,
        "stated_high": p.stated_high,
        "stated_currency": stated.currency,
        "stated_unit": stated.unit,
        "stated_vat_included": stated.vat_included,
        "vat_rate_pct": f"{stated.vat_rate:g}" if stated.vat_included else "",
        "target_vat_rate_pct": f"{p.basis.vat_rate:g}" if p.basis.vat_included else "",
        "fx": "; ".join(r.describe() for r in p.conversion.rates),
        "factor": f"{p.conversion.factor:.10g}",
        "disagrees_with": " ".join(p.disagrees_with),
        "sentence": p.provenance.sentence,
    }


def _write_csv(rows: list[dict[str, Any]], columns: list[str]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    sys.stdout.write(buf.getvalue())


def _trade(
    store: Any,
    lexicon: Any,
    product: str,
    since: str | None,
    until: str | None,
    fmt: str,
    chart: str | None,
    options: Any,
) -> None:
    from reewatch.analytics.series import trade_series
    from reewatch.analytics.series_charts import trade_chart

    reporter = resolve_filter(lexicon, "area", options["reporter"]) or options["reporter"]
    partner = resolve_filter(lexicon, "area", options["partner"]) or options["partner"]
    result = trade_series(
        store, product, reporter=reporter, partner=partner, flow=options["flow"], since=since, until=until
    )
    if fmt == "json":
        print_json(result.to_dict())
    elif fmt == "csv":
        _write_csv([_trade_csv_row(r) for r in [*result.rows, *result.other]], _TRADE_CSV)
    else:
        _trade_table(result)
    if chart:
        flows = " and ".join(sorted({r.flow + "s" for r in result.rows})) or "trade"
        title = (
            f"{lexicon.area_name(reporter)} → {lexicon.area_name(partner)}: {flows} of "
            f"{_display_name(lexicon, product, capital=False)}, tonnes by month"
        )
        path = trade_chart(result, chart, title)
        click.echo(f"chart written to {path}", err=True)


def _trade_rows(rows: list[Any]) -> list[dict[str, Any]]:
    def change(check: Any) -> str:
        computed = "" if check.computed is None else f"{check.computed:+.1f}"
        return computed + (" !" if check.disagrees else "")

    return [
        {
            "period": r.period or "-",
            "flow": r.flow,
            "t": ""
            if r.quantity_t is None
            else f"{r.quantity_t:,.0f}"
            if r.quantity_t >= 100
            else f"{r.quantity_t:,.2f}",
            "value": "" if r.value is None else f"{r.value:,.0f} {r.currency or ''}".strip(),
            "MoM stated": _pct(r.mom.stated),
            "MoM series": change(r.mom),
            "YoY stated": _pct(r.yoy.stated),
            "YoY series": change(r.yoy),
            "source": shorten(r.provenance.label, 20),
            "doc": r.provenance.doc_id,
            "flag": "!" if r.flags else "",
        }
        for r in rows
    ]


_TRADE_COLUMNS = [
    "period",
    "flow",
    "t",
    "value",
    "MoM stated",
    "MoM series",
    "YoY stated",
    "YoY series",
    "source",
    "doc",
    "flag",
]


def _trade_table(result: Any) -> None:
    out = sys.stdout
    if result.rows:
        out.write(render_table(_trade_rows(result.rows), _TRADE_COLUMNS) + "\n")
    flows = f" {result.flow}s" if result.flow else " trade"
    out.write(
        f"{len(result.rows)} monthly rows: {result.reporter} -> {result.partner}{flows} of {result.product}, tonnes\n"
    )
    tolerance = f"{result.tolerance_pts:g}"
    out.write(f"  changes in %; '!': the source's change and the series' differ by more than {tolerance} points\n")
    for flag in result.flags():
        out.write(f"  ! {flag}\n")
    for line in result.uncomputed():
        out.write(f"  unchecked: {line}\n")
    if result.other:
        out.write("Other periods (not months; outside the changes):\n")
        out.write(render_table(_trade_rows(result.other), _TRADE_COLUMNS) + "\n")


_TRADE_CSV = [
    "period",
    "flow",
    "reporter",
    "partner",
    "product",
    "quantity_t",
    "quantity",
    "quantity_unit",
    "value",
    "currency",
    "mom_stated",
    "mom_computed",
    "mom_disagrees",
    "yoy_stated",
    "yoy_computed",
    "yoy_disagrees",
    "value_yoy_stated",
    "value_yoy_computed",
    "flags",
    *_PROVENANCE_CSV,
]


def _trade_csv_row(r: Any) -> dict[str, Any]:
    d = r.to_dict()
    out = {k: d[k] for k in _TRADE_CSV if k in d}
    for name, check in (("mom", r.mom), ("yoy", r.yoy), ("value_yoy", r.value_yoy)):
        out[f"{name}_stated"] = check.stated
        out[f"{name}_computed"] = None if check.computed is None else round(check.computed, 1)
        out[f"{name}_disagrees"] = check.disagrees
    out["flags"] = " | ".join(r.flags)
    return out


# ------------------------------------------------------------------------------ import-series
@click.command("import-series")
@click.argument("file", type=click.Path(dir_okay=False))
@new_db_option
@click.option(
    "--kind", type=click.Choice(["price", "trade"]), help="Default: trade if the header has quantity/partner/..."
)
@click.option("--source", help="Source name shown beside each number (default: the file name).")
@click.option("--sheet", help="XLSX: the sheet to read (default: the first).")
@click.option("--product", help="Product of every row, when the table has no product column.")
@click.option("--currency", help="Currency of every row, when the table has no currency column.")
@click.option("--unit", help="Unit of every row (t, kg, lb; prices may say CNY/t), when the table has none.")
@click.option("--market", help="Prices: market of every row, when the table has no market column.")
@click.option("--reporter", help="Trade: reporting area of every row.")
@click.option("--partner", help="Trade: partner area of every row.")
@click.option("--flow", help="Trade: export or import, for every row.")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
def import_series(
    file: str, db: str, kind: str | None, source: str | None, sheet: str | None, fmt: str, **defaults: Any
) -> None:
    """Store a CSV or XLSX table of prices or trade as facts, beside those from the news.

    Each row becomes one price or trade_flow fact whose sentence is the row as it stands
    in the file (an XLSX row as tab-separated cells); the file is stored as the document
    import:<file name>. Columns are found by header, in any case: date, product, price
    (or low and high), currency, unit, market, change; or period, reporter, partner,
    product, flow, quantity, unit, value, currency, mom, yoy. Every row is checked first:
    a bad row names file:row and writes nothing (exit 2). Importing the same file again
    adds nothing.
    """
    from reewatch.analytics.importer import RowDefaults, read_series_file, store_import
    from reewatch.lexicon import Lexicon
    from reewatch.store import open_store

    lexicon = Lexicon()
    # every row is read and checked before the store is even opened: a bad file leaves no trace
    stored, report = read_series_file(
        file, lexicon, kind=kind, defaults=RowDefaults(**defaults), source=source, sheet=sheet
    )
    store = open_store(db, list(lexicon.elements))
    try:
        store_import(store, stored, report)
    finally:
        store.close()
    if fmt == "json":
        print_json(report.to_dict())
        return
    rows = [
        {"": k.replace("_", " "), "value": v}
        for k, v in report.to_dict().items()
        if k not in ("columns", "ignored_columns")
    ]
    rows += [{"": f"column {fld}", "value": header} for fld, header in report.columns.items()]
    if report.ignored:
        rows.append({"": "ignored columns", "value": ", ".join(report.ignored)})
    sys.stdout.write(render_table(rows, ["", "value"]) + "\n")


COMMANDS: list[click.Command] = [series, import_series]
