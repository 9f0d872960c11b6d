"""Price and trade series built from stored facts, one row per fact, never averaged.

A series is what a user charts or alerts on: the prices of one product over time, or the
monthly tonnage one area ships to another. Both are built from the facts in the store
(extracted from news, or imported from a user's CSV/XLSX), and each row keeps its source
sentence, document, source name and date, so that every number leads back to its text.

Two rules shape both series:

- **No silent averaging.** Two sources that give different prices for the same product,
  market and day, or different tonnages for the same month, both appear, and both are
  flagged (`PricePoint.disagrees_with`, `TradeRow.flags`).
- **Stated against computed.** A trade row's month-on-month and year-on-year changes are
  computed from the series where both months are in it, and set beside the change its
  source states; a gap above `CHANGE_TOLERANCE_PTS` is flagged with both numbers.

Prices are converted to one basis (`pricing.Pricing`): the conversion of every point, and
the exchange rates and VAT it assumed, travel with the series (`PriceSeries.assumptions`).

Public API: `price_series`, `trade_series`, `price_chart`, `trade_chart`, and the records
`PriceSeries`, `PricePoint`, `TradeSeries`, `TradeRow`, `ChangeCheck`, `Provenance`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from reewatch.analytics.pricing import Conversion, FxRate, NoRate, PriceBasis, Pricing, Quote
from reewatch.store.base import FactQuery, Store

# Two prices of one day and market agree when within 0.5 % (a quote rounded to 5,000 CNY/t
# on 1.5 million is 0.3 %); beyond that they are two different assessments.
PRICE_TOLERANCE_PCT = 0.5
# Two tonnages of one month agree when within 0.5 % (5,210 t against "5,200 t" is 0.2 %).
QUANTITY_TOLERANCE_PCT = 0.5
# A stated change and the one computed from the series agree within 0.6 points: sources
# round the change to one decimal (±0.05) and the tonnages to the tonne, which at a few
# hundred tonnes moves a percentage by up to about half a point.
CHANGE_TOLERANCE_PTS = 0.6

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_MASS_TO_T = {"t": 1.0, "kg": 0.001, "kt": 1000.0}


def _rounded(value: float | None, digits: int = 2) -> float | int | None:
    """Rounded for output; 1510000.0 as 1510000, as FACTS.md prints numbers."""
    if value is None:
        return None
    value = round(value, digits)
    return int(value) if value.is_integer() else value


def _pct(new: float, old: float) -> float:
    return (new / old - 1) * 100


def _differ(a: float, b: float, tolerance_pct: float) -> bool:
    low, high = sorted((abs(a), abs(b)))
    return high > 0 and (low == 0 or (high / low - 1) * 100 > tolerance_pct)


def shift_month(period: str, months: int) -> str:
    """The month `months` after `period`: ("2025-01", -1) -> "2024-12"."""
    m = _MONTH.match(period)
    assert m, period
    index = int(m.group(1)) * 12 + int(m.group(2)) - 1 + months
    return f"{index // 12}-{index % 12 + 1:02d}"


# ------------------------------------------------------------------------------ provenance
@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a number comes from: the sentence (or imported row) and its document."""

    doc_id: str  # the fact's document (page#n for one article of a page)
    document: str  # the stored document
    sentence: str
    span: tuple[int, int]
    lang: str | None
    source: str | None
    published: str | None
    title: str | None

    @classmethod
    def of(cls, record: dict[str, Any]) -> Provenance:
        """From a fact record as `Store.facts` returns it."""
        return cls(
            record["doc_id"],
            record.get("document") or record["doc_id"],
            record["sentence"],
            (int(record["span"][0]), int(record["span"][1])),
            record.get("lang"),
            record.get("source"),
            record.get("published"),
            record.get("title"),
        )

    @property
    def label(self) -> str:
        """The source's name, or the document id when the source is unknown."""
        return self.source or self.document

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "document": self.document,
            "source": self.source,
            "published": self.published,
            "title": self.title,
            "sentence": self.sentence,
            "span": list(self.span),
            "lang": self.lang,
        }


# ------------------------------------------------------------------------------ prices
@dataclass(frozen=True, slots=True)
class PricePoint:
    """One price fact on the series' basis, with the price as stated and how it was converted."""

    day: str  # the fact's as_of date, else its document's publication date
    product: str
    market: str  # as stated, or inferred from the currency (market_inferred), or ""
    market_inferred: bool
    value: float  # converted midpoint
    low: float | None  # converted range ends, for a range price
    high: float | None
    stated_value: float
    stated_low: float | None
    stated_high: float | None
    quote: Quote  # the stated basis and why (VAT treatment)
    conversion: Conversion
    change_pct: float | None  # as the source states it
    provenance: Provenance
    disagrees_with: tuple[str, ...] = ()  # doc ids that give another price for this product, market and day

    @property
    def basis(self) -> PriceBasis:
        return self.conversion.target

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day,
            "product": self.product,
            "market": self.market or None,
            "market_inferred": self.market_inferred,
            "value": _rounded(self.value),
            "low": _rounded(self.low),
            "high": _rounded(self.high),
            "currency": self.basis.currency,
            "unit": self.basis.unit,
            "vat_included": self.basis.vat_included,
            "stated": {
                "value": self.stated_value,
                "low": self.stated_low,
                "high": self.stated_high,
                **self.quote.basis.to_dict(),
                "vat_why": self.quote.why,
            },
            "conversion": self.conversion.to_dict(),
            "change_pct": self.change_pct,
            "disagrees_with": list(self.disagrees_with),
            **self.provenance.to_dict(),
        }


@dataclass
class PriceSeries:
    """The prices of one product on one basis, in date order, with the assumptions they rest on."""

    product: str
    target: PriceBasis
    points: list[PricePoint] = field(default_factory=list)
    market: str | None = None  # the market filter asked for
    notes: list[str] = field(default_factory=list)  # facts left out, and why

    def rates(self) -> list[FxRate]:
        """Every exchange rate the points used, once each, in order of first use."""
        return list(dict.fromkeys(r for p in self.points for r in p.conversion.rates))

    def markets(self) -> list[str]:
        return list(dict.fromkeys(p.market for p in self.points))

    def sources(self) -> list[str]:
        return list(dict.fromkeys(p.provenance.label for p in self.points))

    def disagreements(self) -> list[str]:
        """One line per day and market where sources give different prices."""
        groups: dict[tuple[str, str], list[PricePoint]] = {}
        for p in self.points:
            if p.disagrees_with:
                groups.setdefault((p.day, p.market), []).append(p)
        return [
            f"{day} {market or 'unspecified market'}: sources differ: "
            + "; ".join(f"{_price_text(p)} ({p.provenance.label})" for p in points)
            for (day, market), points in groups.items()
        ]

    def assumptions(self, compact: bool = False) -> list[str]:
        """What a reader must know to trust the numbers: basis, VAT, exchange rates, units.

        `compact` (for chart footnotes) gives one line per currency pair instead of one per rate.
        """
        out = [f"Prices in {self.target.label()}; each row also gives the price as stated."]
        removed: dict[tuple[float, str], list[str]] = {}
        for p in self.points:
            if p.quote.basis.vat_included and not p.conversion.is_identity:
                markets = removed.setdefault((p.quote.basis.vat_rate, p.quote.vat_source), [])
                label = f"{p.market or 'unspecified'} {p.quote.basis.currency}"
                if label not in markets:
                    markets.append(label)
        for (rate, source), markets in removed.items():
            out.append(f"VAT: {rate:g} % removed from {', '.join(markets)} prices, quoted incl. VAT ({source}).")
        ex_vat = dict.fromkeys(
            p.market or p.quote.basis.currency for p in self.points if not p.quote.basis.vat_included
        )
        if ex_vat:
            out.append(f"Taken as ex-VAT as quoted: {', '.join(ex_vat)}.")
        if self.target.vat_included:
            out.append(f"VAT: {self.target.vat_rate:g} % added, as the {self.target.currency} basis includes it.")
        if compact:
            by_pair: dict[tuple[str, str], list[FxRate]] = {}
            for r in self.rates():
                by_pair.setdefault((r.pair, r.source), []).append(r)
            for (pair, source), rates in by_pair.items():
                shown = ", ".join(r.short() for r in rates)
                out.append(
                    f"Exchange rates {pair[:3]}/{pair[3:]}: {shown}" + (f"; {source}." if rates[0].period else ".")
                )
        else:
            out += [f"Exchange rate: {r.describe()}." for r in self.rates()]
        units = dict.fromkeys(
            (p.quote.basis.unit, p.basis.unit, p.conversion.unit_factor)
            for p in self.points
            if p.quote.basis.unit != p.basis.unit
        )
        for a, b, factor in units:
            op = f"÷ {1 / factor:,.8g}" if factor < 1 else f"× {factor:,.8g}"
            out.append(f"Units: a price per {a} {op} is the price per {b}.")
        if any(p.market_inferred for p in self.points):
            out.append("* market not stated: inferred from the currency (pricing.yaml).")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "market": self.market,
            "currency": self.target.currency,
            "unit": self.target.unit,
            "vat_included": self.target.vat_included,
            "basis": self.target.label(),
            "conversion": {
                "target": self.target.to_dict(),
                "rates": [r.to_dict() for r in self.rates()],
                "assumptions": self.assumptions(),
            },
            "points": [p.to_dict() for p in self.points],
            "disagreements": self.disagreements(),
            "notes": self.notes,
        }


def _price_text(p: PricePoint) -> str:
    if p.is_range:
        return f"{format_number(p.low)}–{format_number(p.high)}"
    return format_number(p.value)


def format_number(value: float | None) -> str:
    """1510000 -> "1,510,000"; 188.2089 -> "188.21": large prices without decimals, small with two."""
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:,.2f}"


def _choose_target(
    pricing: Pricing, quotes: Sequence[Quote], currency: str | None, unit: str | None, vat_included: bool | None
) -> PriceBasis:
    """The basis asked for; what is not asked for is the most common among the quotes (USD/kg if none)."""
    if currency is None:
        counts = Counter(q.basis.currency for q in quotes)
        currency = counts.most_common(1)[0][0] if counts else "USD"
    if unit is None:
        counts = Counter(q.basis.unit for q in quotes if q.basis.currency == currency)
        unit = counts.most_common(1)[0][0] if counts else "kg"
    return pricing.target(currency, unit, vat_included)


def price_series(
    store: Store,
    product: str,
    *,
    market: str | None = None,
    currency: str | None = None,
    unit: str | None = None,
    vat_included: bool | None = None,
    since: str | None = None,
    until: str | None = None,
    pricing: Pricing | None = None,
) -> PriceSeries:
    """The stored prices of `product` (an id of FACTS.md §3) on one basis, oldest first.

    `market` keeps the points whose market (stated, or inferred from the currency) contains
    it, in any case. `currency`/`unit` default to the most common among the prices;
    `vat_included` to the currency's convention (CNY incl. VAT, USD ex-VAT). `since`/`until`
    are ISO days on the price's date. `pricing` carries the exchange rates, VAT and overrides
    (default: pricing.yaml). Raises ValueError for an unknown unit or a VAT basis without a rate.
    """
    pricing = pricing or Pricing.load()
    notes: list[str] = []
    wanted: list[tuple[dict[str, Any], Quote, str]] = []
    seen: set[tuple[Any, ...]] = set()
    for record in store.facts(FactQuery(type="price", product=product, since=since, until=until)):
        if record.get("product") != product:
            continue
        where = f"{record['doc_id']}: {record['sentence'][:60]}"
        day = record.get("as_of") or record.get("published")
        if record.get("value") is None or not record.get("currency") or not record.get("unit"):
            notes.append(f"left out {where}: no price with currency and unit")
            continue
        if not day:
            notes.append(f"left out {where}: no date (neither as_of nor the document's)")
            continue
        key = (
            record["doc_id"],
            tuple(record["span"]),
            record["value"],
            record.get("value_low"),
            record.get("value_high"),
        )
        if key in seen:  # the same price read twice from one sentence
            continue
        seen.add(key)
        try:
            quote = pricing.quote(record["currency"], record["unit"], record.get("market"))
        except ValueError as e:
            notes.append(f"left out {where}: {e}")
            continue
        if market and market.casefold() not in quote.market.casefold():
            continue
        wanted.append((record, quote, day[:10]))
    target = _choose_target(pricing, [q for _, q, _ in wanted], currency, unit, vat_included)
    points = []
    for record, quote, day in wanted:
        try:
            conversion = pricing.conversion(quote, target, day)
        except (NoRate, ValueError) as e:
            notes.append(f"left out {record['doc_id']}: {e}")
            continue
        low, high = record.get("value_low"), record.get("value_high")
        ranged = low is not None and high is not None
        points.append(
            PricePoint(
                day,
                product,
                quote.market,
                quote.market_inferred,
                record["value"] * conversion.factor,
                conversion.apply(low) if ranged else None,
                conversion.apply(high) if ranged else None,
                record["value"],
                low if ranged else None,
                high if ranged else None,
                quote,
                conversion,
                record.get("change_pct"),
                Provenance.of(record),
            )
        )
    points.sort(key=lambda p: (p.day, p.market.casefold(), p.value))
    return PriceSeries(product, target, _mark_disagreements(points), market, notes)


def _mark_disagreements(points: list[PricePoint]) -> list[PricePoint]:
    """Flag every point whose day and market have a different price from another document."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(points):
        groups.setdefault((p.day, p.market.casefold()), []).append(i)
    out = list(points)
    for members in groups.values():
        for i in members:
            a = points[i]
            others = []
            for j in members:
                b = points[j]
                if b.provenance.doc_id == a.provenance.doc_id:
                    continue
                ends = [(a.value, b.value)]
                if a.is_range or b.is_range:
                    ends += [(a.low or a.value, b.low or b.value), (a.high or a.value, b.high or b.value)]
                if any(_differ(x, y, PRICE_TOLERANCE_PCT) for x, y in ends):
                    others.append(b.provenance.doc_id)
            if others:
                out[i] = replace(a, disagrees_with=tuple(dict.fromkeys(others)))
    return out


# ------------------------------------------------------------------------------ trade
@dataclass(frozen=True, slots=True)
class ChangeCheck:
    """A change as the source states it, beside the one computed from the series."""

    name: str  # "MoM", "YoY", "value YoY"
    stated: float | None
    computed: float | None
    against: str | None = None  # what it was computed against: "2025-09: 700 t"
    note: str = ""  # why it was not computed

    @property
    def disagrees(self) -> bool:
        if self.stated is None or self.computed is None:
            return False
        return abs(self.stated - self.computed) > CHANGE_TOLERANCE_PTS

    def to_dict(self) -> dict[str, Any]:
        return {
            "stated": self.stated,
            "computed": None if self.computed is None else round(self.computed, 1),
            "against": self.against,
            "disagrees": self.disagrees,
            "note": self.note or None,
        }


@dataclass(frozen=True, slots=True)
class TradeRow:
    """One trade fact: a month's quantity (in tonnes) and value, with its changes checked."""

    flow: str
    reporter: str
    partner: str
    product: str
    period: str | None
    quantity_t: float | None  # the quantity in tonnes
    quantity: float | None  # as stated
    quantity_unit: str | None
    value: float | None
    currency: str | None
    mom: ChangeCheck
    yoy: ChangeCheck
    value_yoy: ChangeCheck
    provenance: Provenance
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "flow": self.flow,
            "reporter": self.reporter,
            "partner": self.partner,
            "product": self.product,
            "quantity_t": _rounded(self.quantity_t, 3),
            "quantity": self.quantity,
            "quantity_unit": self.quantity_unit,
            "value": self.value,
            "currency": self.currency,
            "mom_pct": self.mom.to_dict(),
            "yoy_pct": self.yoy.to_dict(),
            "value_yoy_pct": self.value_yoy.to_dict(),
            "flags": list(self.flags),
            **self.provenance.to_dict(),
        }


@dataclass
class TradeSeries:
    """Monthly trade of one product from a reporter to a partner, one row per source."""

    reporter: str
    partner: str
    product: str
    flow: str | None
    rows: list[TradeRow] = field(default_factory=list)  # monthly rows, by flow and month
    other: list[TradeRow] = field(default_factory=list)  # quarters, years, cumulative and undated rows
    notes: list[str] = field(default_factory=list)
    tolerance_pts: float = CHANGE_TOLERANCE_PTS

    def flags(self) -> list[str]:
        """Every disagreement, once: between sources, and between stated and computed changes."""
        return list(dict.fromkeys(f for r in self.rows for f in r.flags))

    def sources(self) -> list[str]:
        return list(dict.fromkeys(r.provenance.label for r in [*self.rows, *self.other]))

    def uncomputed(self) -> list[str]:
        """Stated changes the series could not check, and why ("2025-10 is disputed ...")."""
        return [
            f"{r.period} {r.flow} {check.name} ({r.provenance.label}, stated {check.stated:+.1f} %): {check.note}"
            for r in self.rows
            for check in (r.mom, r.yoy, r.value_yoy)
            if check.stated is not None and check.computed is None and check.note
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "reporter": self.reporter,
            "partner": self.partner,
            "product": self.product,
            "flow": self.flow,
            "quantity_unit": "t",
            "tolerance": {"change_pts": self.tolerance_pts, "quantity_pct": QUANTITY_TOLERANCE_PCT},
            "rows": [r.to_dict() for r in self.rows],
            "other_periods": [r.to_dict() for r in self.other],
            "flags": self.flags(),
            "unchecked": self.uncomputed(),
            "notes": self.notes,
        }


@dataclass(frozen=True, slots=True)
class _Month:
    """A month's figure as the changes of other months use it."""

    figure: float | None  # None when its sources disagree (or mix currencies)
    text: str  # "2025-09: 700 t", or "630 t (Customs Wire) vs 655 t (磁材快讯)"


def _month_figures(rows: Iterable[TradeRow], attr: str) -> dict[tuple[str, str], _Month]:
    """(flow, month) -> the month's quantity (or value) if its sources agree within tolerance."""
    by_month: dict[tuple[str, str], list[TradeRow]] = {}
    for row in rows:
        if getattr(row, attr) is not None:
            by_month.setdefault((row.flow, row.period or ""), []).append(row)
    out: dict[tuple[str, str], _Month] = {}
    for (flow, month), members in by_month.items():
        figures = [float(getattr(r, attr)) for r in members]

        def unit(r: TradeRow) -> str:
            return "t" if attr == "quantity_t" else (r.currency or "")

        if attr == "value" and len({r.currency for r in members}) > 1:
            out[(flow, month)] = _Month(None, "values in several currencies")
        elif any(_differ(a, b, QUANTITY_TOLERANCE_PCT) for a in figures for b in figures):
            shown = " vs ".join(
                dict.fromkeys(
                    f"{_figure(f)} {unit(r)} ({r.provenance.label})" for f, r in zip(figures, members, strict=True)
                )
            )
            out[(flow, month)] = _Month(None, shown)
        else:  # agreeing sources: the first listed stands for the month (they are within tolerance)
            out[(flow, month)] = _Month(figures[0], f"{month}: {_figure(figures[0])} {unit(members[0])}".strip())
    return out


def _figure(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 1000 else f"{value:,.1f}"


def _check(name: str, stated: float | None, figure: float | None, ref: _Month | None, month: str) -> ChangeCheck:
    """The change from `ref` (month `month`) to `figure`, beside the stated one."""
    if figure is None:
        return ChangeCheck(name, stated, None)
    if ref is None:
        return ChangeCheck(name, stated, None, None, f"{month} is not in the series")
    if ref.figure is None:
        return ChangeCheck(name, stated, None, None, f"not computed: {month} is disputed ({ref.text})")
    if ref.figure == 0:
        return ChangeCheck(name, stated, None, ref.text, "not computed: zero base")
    return ChangeCheck(name, stated, _pct(figure, ref.figure), ref.text)


def trade_series(
    store: Store,
    product: str,
    *,
    reporter: str,
    partner: str = "WORLD",
    flow: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> TradeSeries:
    """The trade of `product` from `reporter` with `partner` (area codes) by month, oldest first.

    `flow` ("export" or "import") keeps one direction; without it both appear, each with its
    own changes. Rows whose period is not a month (2025-Q3, 2025, 2025-01..2025-09, none)
    are listed apart in `other`, outside the month-on-month and year-on-year arithmetic.
    """
    monthly: list[TradeRow] = []
    other: list[TradeRow] = []
    notes: list[str] = []
    seen: set[tuple[Any, ...]] = set()
    query = FactQuery(type="trade_flow", product=product, country=reporter, since=since, until=until)
    for record in store.facts(query):
        if (record.get("product"), record.get("reporter"), record.get("partner")) != (product, reporter, partner):
            continue
        if flow and record.get("flow") != flow:
            continue
        key = (
            record["doc_id"],
            tuple(record["span"]),
            record.get("quantity"),
            record.get("value"),
            record.get("period"),
        )
        if key in seen:
            continue
        seen.add(key)
        unit = record.get("quantity_unit")
        quantity = record.get("quantity")
        tonnes = quantity * _MASS_TO_T[unit] if quantity is not None and unit in _MASS_TO_T else None
        period = record.get("period")
        row = TradeRow(
            record.get("flow") or "",
            reporter,
            partner,
            product,
            period,
            tonnes,
            quantity,
            unit,
            record.get("value"),
            record.get("currency"),
            ChangeCheck("MoM", record.get("change_mom_pct"), None),
            ChangeCheck("YoY", record.get("change_yoy_pct"), None),
            ChangeCheck("value YoY", record.get("value_change_yoy_pct"), None),
            Provenance.of(record),
        )
        if period and _MONTH.match(period):
            monthly.append(row)
        else:
            other.append(row)
            what = f"period {period}" if period else "no period"
            notes.append(f"{what} ({row.provenance.label}, {row.provenance.doc_id}): not a month; listed apart")
    monthly.sort(key=lambda r: (r.flow, r.period or ""))
    other.sort(key=lambda r: (r.flow, r.period or ""))
    return TradeSeries(reporter, partner, product, flow, _checked(monthly), other, notes)


def _checked(rows: list[TradeRow]) -> list[TradeRow]:
    """Compute MoM and YoY for every monthly row, compare with the stated ones, and flag gaps."""
    quantities = _month_figures(rows, "quantity_t")
    values = _month_figures(rows, "value")
    out = []
    for row in rows:
        month = row.period or ""
        prev, last_year = shift_month(month, -1), shift_month(month, -12)
        mom = _check("MoM", row.mom.stated, row.quantity_t, quantities.get((row.flow, prev)), prev)
        yoy = _check("YoY", row.yoy.stated, row.quantity_t, quantities.get((row.flow, last_year)), last_year)
        value_yoy = _check("value YoY", row.value_yoy.stated, row.value, values.get((row.flow, last_year)), last_year)
        flags = []
        own = quantities.get((row.flow, month))
        if row.quantity_t is not None and own is not None and own.figure is None:
            flags.append(f"{month} {row.flow}: sources disagree on the quantity: {own.text}")
        for check in (mom, yoy, value_yoy):
            if check.disagrees:
                flags.append(
                    f"{month} {row.flow} {check.name} ({row.provenance.label}): source says {check.stated:+.1f} %, "
                    f"series gives {check.computed:+.1f} % (against {check.against})"
                )
        out.append(replace(row, mom=mom, yoy=yoy, value_yoy=value_yoy, flags=tuple(flags)))
    return out
