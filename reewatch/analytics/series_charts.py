"""Charts of the price and trade series: readable without the data beside them.

A price chart draws a line per market with ranges as bands and disagreeing points hollow;
a trade chart gives every month a slot so that gaps show. Both list their sources and the
conversion assumptions under the plot (through `analytics.charts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reewatch.analytics.series import PriceSeries, Provenance, TradeRow, TradeSeries, shift_month


def _chart_size(notes: Sequence[str]) -> tuple[float, float]:
    """Taller figures for longer footnotes, so that the plot keeps its height."""
    lines = sum(1 + len(n) // 140 for n in notes) + 1
    return 10.0, 5.0 + 0.16 * lines


def _source_label(provenance: Provenance) -> str:
    """A source for the chart's list; a non-Latin name also gets its document id, which any font draws."""
    label = provenance.label
    return label if label.isascii() or label == provenance.document else f"{label} [{provenance.document}]"


def _save(fig: Any, path: str | Path, sources: Sequence[str], notes: Sequence[str]) -> Path:
    from reewatch.analytics.charts import save_chart

    return save_chart(fig, path, list(dict.fromkeys(sources)), notes)


def price_chart(series: PriceSeries, path: str | Path, product_name: str | None = None) -> Path:
    """A line per market, ranges as bands, disagreeing points hollow; assumptions under the plot."""
    import datetime as dt

    from reewatch.analytics.charts import chart_figure

    name = product_name or series.product
    markets = [m or "unspecified market" for m in series.markets()]
    title = f"{name} price" + (f" — {', '.join(markets)}" if markets else "")
    notes = series.assumptions(compact=True)
    if series.disagreements():
        notes.append("Hollow markers: sources disagree on that day (all shown, none averaged). Bands: quoted ranges.")
    if not series.points:
        notes.append("No prices matched.")
    fig, ax = chart_figure(title, series.target.label(), "date (price as of)", size=_chart_size(notes))
    for n, market in enumerate(series.markets()):
        points = [p for p in series.points if p.market == market]
        days = [dt.date.fromisoformat(p.day) for p in points]
        color = f"C{n % 10}"
        ax.plot(days, [p.value for p in points], "-", color=color, alpha=0.6, label=market or "unspecified market")
        if any(p.is_range for p in points):
            lows = [p.low if p.low is not None else p.value for p in points]
            highs = [p.high if p.high is not None else p.value for p in points]
            ax.fill_between(days, lows, highs, color=color, alpha=0.2, linewidth=0)
            ranged = [p for p in points if p.is_range]
            ax.errorbar(
                [dt.date.fromisoformat(p.day) for p in ranged],
                [p.value for p in ranged],
                yerr=[[p.value - (p.low or p.value) for p in ranged], [(p.high or p.value) - p.value for p in ranged]],
                fmt="none",
                ecolor=color,
                capsize=3,
                alpha=0.8,
            )
        for p in points:
            hollow = bool(p.disagrees_with)
            ax.plot(
                dt.date.fromisoformat(p.day),
                p.value,
                "o",
                color=color,
                markerfacecolor="white" if hollow else color,
                markersize=7 if hollow else 5,
            )
    if series.points:
        ax.legend(loc="best", fontsize=8)
    fig.autofmt_xdate()
    return _save(fig, path, [_source_label(p.provenance) for p in series.points], notes)


def trade_chart(series: TradeSeries, path: str | Path, title: str | None = None) -> Path:
    """Bars of tonnes by month, one bar per source where several report a month; flags in the footnote."""
    from reewatch.analytics.charts import chart_figure

    flows = sorted({r.flow for r in series.rows})
    default = f"{series.reporter} → {series.partner}: {'/'.join(flows) or 'trade'} of {series.product} by month"
    notes = [
        "Quantities in tonnes; one bar per source, none averaged; red edge: flagged"
        f" (changes: tolerance {series.tolerance_pts:g} points)."
    ]
    notes += series.flags()
    notes += [f"Not shown: {n}." for n in series.notes]
    if len(flows) > 1:
        notes.insert(1, "Hatched bars: imports.")
    fig, ax = chart_figure(title or default, "quantity (t)", "month", size=_chart_size(notes))
    by_month: dict[str, list[TradeRow]] = {}
    for row in series.rows:
        if row.quantity_t is not None:
            by_month.setdefault(row.period or "", []).append(row)
    # every month from the first to the last gets a slot, so that a gap in the data shows as one
    months = [min(by_month)] if by_month else []
    while months and months[-1] < max(by_month):
        months.append(shift_month(months[-1], 1))
    sources = series.sources()
    labelled: set[str] = set()
    for x, month in enumerate(months):
        members = by_month.get(month, [])
        for j, row in enumerate(members):
            width = 0.8 / len(members)
            label = _source_label(row.provenance)
            ax.bar(
                x - 0.4 + width * (j + 0.5),
                row.quantity_t,
                width * 0.95,
                color=f"C{sources.index(row.provenance.label) % 10}",
                hatch="//" if row.flow == "import" and len(flows) > 1 else None,
                label=None if label in labelled else label,
                edgecolor="red" if row.flags else "white",
                linewidth=1.5 if row.flags else 0.5,
            )
            labelled.add(label)
    step = max(1, len(months) // 18)  # at most about 18 labels
    ax.set_xticks(range(0, len(months), step))
    ax.set_xticklabels(months[::step], fontsize=8, rotation=45 if step > 1 else 0)
    if months:
        ax.legend(loc="best", fontsize=8)
    return _save(fig, path, [_source_label(r.provenance) for r in [*series.rows, *series.other]], notes)
