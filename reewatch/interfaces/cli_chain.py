"""`reewatch chain` and `reewatch scenario`: the supply chain by country, its concentration,
and export-control scenarios. Registered on the main group by `cli.py`.

Thin, like every command: parse the options, call `reewatch.analytics`, print. The analytics
modules (and through them yaml and matplotlib) are imported inside the commands, so that
`reewatch --help` stays light.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reewatch.interfaces.common import print_json, render_table, shorten

_FORMAT = click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))


def _db(facts: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        help=f"A store made by `reewatch index`: its {facts} facts join the bundled figures.",
    )


_CHART = click.option(
    "--chart", type=click.Path(dir_okay=False), help="Also write a chart to this .png or .svg file (path on stderr)."
)
_YEAR = click.option(
    "--year", type=click.IntRange(1900, 2100), help="Use figures about this year or earlier (default: the latest)."
)


def _check_chart(chart: str | None) -> None:
    """Refuse a bad chart name before any work, not after it."""
    from reewatch.analytics.charts import CHART_SUFFIXES
    from reewatch.errors import InputError

    if chart and Path(chart).suffix.lower() not in CHART_SUFFIXES:
        raise InputError(chart, None, "a chart is written as .png or .svg")


def _element(lexicon: Any, value: str | None) -> str | None:
    from reewatch.interfaces.common import resolve_filter

    if not value:
        return None
    by_lower = {s.lower(): s for s in lexicon.elements}
    symbol = by_lower.get(value.strip().lower()) or resolve_filter(lexicon, "element", value)
    if symbol not in lexicon.elements:
        raise click.BadParameter(
            f"{value!r} is not a rare-earth element (a symbol such as Dy, or a name)", param_hint="--element"
        )
    return str(symbol)


def _stored(db: str | None, lexicon: Any, reference: Any, fact_types: tuple[str, ...]) -> dict[str, list[Any]]:
    """The stored facts the analytics use, as figures and flows; empty without --db."""
    from reewatch.analytics.reference import figure_from_fact
    from reewatch.analytics.scenario import flows_from_facts
    from reewatch.interfaces.common import existing_store
    from reewatch.store import FactQuery

    out: dict[str, list[Any]] = {"figures": [], "flows": []}
    if not db:
        return out
    symbols = list(lexicon.elements)
    store = existing_store(db, lexicon)
    try:
        if "market_share" in fact_types:
            facts = store.facts(FactQuery(type="market_share"))
            out["figures"] = [f for r in facts if (f := figure_from_fact(r, reference, symbols)) is not None]
        if "trade_flow" in fact_types:
            out["flows"] = flows_from_facts(store.facts(FactQuery(type="trade_flow")), reference, symbols)
    finally:
        store.close()
    return out


def _pct(value: float | None) -> str:
    if value is None:
        return ""
    return "<0.1%" if 0 < value < 0.05 else f"{value:.1f}%"


def _source(figure: Any) -> str:
    if figure.origin == "store":
        return f'{figure.doc_id}: "{shorten(figure.sentence or "", 50)}"'
    return shorten(figure.source, 72)


def _year(figure: Any) -> str:
    return f"{figure.year}*" if figure.year_basis == "published" else str(figure.year)


@click.command("chain")
@click.option("--element", help="Narrow to one element: a symbol (Dy) or a name in any language (dysprosium, 镝).")
@_db("market_share")
@_YEAR
@_FORMAT
@_CHART
def chain(element: str | None, db: str | None, year: int | None, fmt: str, chart: str | None) -> None:
    """The mine-to-magnet supply chain by country, with the concentration of each stage.

    Stages: mining, separation/refining, metal/alloy, magnet, end use. Figures come from the
    bundled reference data (USGS mine production, published supply-chain shares) and, with
    --db, from the store's market_share facts: the latest figure per stage and country, each
    with its source and year. Per stage: HHI (lower bound: the rest-of-world remainder counted
    as fragmented), its reading (> 1,800 highly concentrated, US DOJ/FTC 2023), top-1, top-3
    and a gross concentration score (HHI/10,000, not the EU supply-risk indicator).
    """
    from reewatch.analytics.chain import area_namer, build_chain, chain_chart
    from reewatch.analytics.reference import Reference
    from reewatch.lexicon import Lexicon

    _check_chart(chart)
    lexicon = Lexicon()
    symbol = _element(lexicon, element)
    reference = Reference(element_symbols=lexicon.elements)
    stored = _stored(db, lexicon, reference, ("market_share",))
    result = build_chain(reference, stored["figures"], symbol, year)
    name = area_namer(lexicon.areas)
    if chart:
        click.echo(f"chart: {chain_chart(result, chart, name)}", err=True)
    if fmt == "json":
        print_json(result.to_dict(name))
        return
    _print_chain(result, name)


def _print_chain(result: Any, name: Callable[[str], str]) -> None:
    what = result.element or "all rare earths"
    when = f"as of {result.year}" if result.year else "latest figures"
    out = [f"Supply chain by country: {what}, {when}", ""]
    rows: list[dict[str, Any]] = []
    for view in result.stages:
        first = True
        for f in view.figures:
            if f.holder == "ROW":
                continue
            rows.append({"stage": view.stage.label if first else "", "country": f"{f.holder} {name(f.holder)}",
                         "share": _pct(f.share_pct), "year": _year(f), "confidence": f.confidence,
                         "source": _source(f)})  # fmt: skip
            first = False
        conc = view.concentration
        if conc is None:
            rows.append({"stage": view.stage.label, "country": "(no figure)"})
        elif conc.unknown_pct > 0.05:
            label = "rest of world / unknown" if conc.rescaled_from is None else ""
            rows.append({"stage": "", "country": label, "share": _pct(conc.unknown_pct)})
    out.append(render_table(rows, ["stage", "country", "share", "year", "confidence", "source"]))
    out += ["", "Concentration per stage"]
    conc_rows = []
    for view in result.stages:
        c = view.concentration
        if c is None:
            conc_rows.append({"stage": view.stage.label, "reading": "no figure"})
            continue
        conc_rows.append(
            {
                "stage": view.stage.label,
                "HHI": f"{c.hhi:,.0f}",
                "HHI max": f"{c.hhi_max:,.0f}",
                "reading": c.reading,
                "top-1": f"{c.top1_holder} {_pct(c.top1_pct)}",
                "top-3": _pct(c.top3_pct),
                "score": f"{c.gross_score:.2f}",
            }
        )
    out.append(render_table(conc_rows, ["stage", "HHI", "HHI max", "reading", "top-1", "top-3", "score"]))
    neck = result.bottleneck
    if neck is not None and neck.concentration is not None:
        score = neck.concentration.gross_score
        out.append(
            f"most concentrated stage: {neck.stage.label}; gross concentration score {score:.2f}"
            " (HHI / 10,000; not the EU supply-risk indicator)"
        )
    notes = [f"{v.stage.label}: {n}" for v in result.stages for n in v.notes]
    notes += [n for n in result.notes if "*" in n]
    notes += [
        "HHI = sum of squared % shares of the known countries; rest of world / unknown counted as fragmented, so "
        "HHI is a lower bound and HHI max the value if the remainder were one country.",
        "reading: > 1,800 highly concentrated (US DOJ/FTC Merger Guidelines 2023); 1,000-1,800 moderately, "
        "< 1,000 unconcentrated (DOJ/FTC 1992). top-3: the IEA's concentration measure.",
        "score: gross concentration score = HHI / 10,000. NOT the EU supply-risk indicator, which also weights "
        "shares by WGI governance and uses import reliance, end-of-life recycling and substitution.",
    ]
    out += ["", "notes:"] + [f"- {n}" for n in notes]
    sys.stdout.write("\n".join(out) + "\n")


@click.command("scenario")
@click.argument("scenario", required=False)
@_db("market_share and trade_flow")
@_YEAR
@_FORMAT
@_CHART
@click.option("--list", "list_builtins", is_flag=True, help="List the built-in scenarios and exit.")
def scenario(
    scenario: str | None, db: str | None, year: int | None, fmt: str, chart: str | None, list_builtins: bool
) -> None:
    """Recompute supply at risk and concentration per importer and stage after export shocks.

    SCENARIO is a scenario YAML file or the name of a built-in one (--list shows them, e.g.
    cn-halts-dy-tb-to-us). For each importer and stage: supply at risk = sum over shocked
    suppliers of (their share of the importer's supply) x (cut), then HHI and top-1 before and
    after, the remaining supply renormalised. Importer-specific shares are used where known
    (bundled import shares; with --db, stored shares and trade flows), global stage shares as a
    proxy otherwise; every row says which.
    """
    from dataclasses import replace

    from reewatch.analytics.chain import area_namer
    from reewatch.analytics.reference import Reference
    from reewatch.analytics.scenario import run_scenario
    from reewatch.analytics.scenario_file import builtin_scenarios, load_scenario, resolve_scenario
    from reewatch.lexicon import Lexicon

    lexicon = Lexicon()
    if list_builtins:
        _print_builtins(builtin_scenarios(), list(lexicon.elements), fmt)
        return
    if not scenario:
        raise click.UsageError("Missing argument 'SCENARIO' (a .yaml file or a built-in name; --list shows them).")
    _check_chart(chart)
    spec = load_scenario(resolve_scenario(scenario), list(lexicon.elements))
    if year is not None:
        spec = replace(spec, year=year)
    reference = Reference(element_symbols=lexicon.elements)
    stored = _stored(db, lexicon, reference, ("market_share", "trade_flow"))
    name = area_namer(lexicon.areas)
    result = run_scenario(spec, reference, stored["figures"], stored["flows"], name)
    if chart:
        from reewatch.analytics.scenario import scenario_chart

        labels = {s.id: s.label for s in reference.stages.values()}
        click.echo(f"chart: {scenario_chart(result, chart, lambda s: labels.get(s, s))}", err=True)
    if fmt == "json":
        print_json(result.to_dict())
        return
    _print_scenario(result, {s.id: s.label for s in reference.stages.values()})


def _print_builtins(builtins: dict[str, Path], symbols: list[str], fmt: str) -> None:
    from reewatch.analytics.scenario_file import load_scenario

    items = []
    for name, path in builtins.items():
        spec = load_scenario(path, symbols)
        items.append({"name": name, "title": spec.title, "file": str(path)})
    if fmt == "json":
        print_json(items)
    else:
        sys.stdout.write(render_table(items, ["name", "title"]) + "\n")


def _print_scenario(result: Any, labels: dict[str, str]) -> None:
    s = result.scenario
    out = [f"Scenario {s.name}: {s.title}"]
    if s.elements:
        out.append(f"elements: {', '.join(sorted(s.elements))}")
    out += [f"shock: {k.describe()} (cut {k.cut_pct:g}%)" for k in s.shocks]
    out.append("")
    rows = []
    for r in result.rows:
        b, a = r.before, r.after
        rows.append(
            {
                "importer": r.importer,
                "stage": labels.get(r.stage, r.stage),
                "at risk": _pct(r.at_risk_pct),
                "HHI before": f"{b.hhi:,.0f}" if b else "",
                "HHI after": _hhi_after(r),
                "top-1 before": f"{b.top1_holder} {_pct(b.top1_pct)}" if b and b.top1_holder else "",
                "top-1 after": f"{a.top1_holder} {_pct(a.top1_pct)}" if a and a.top1_holder else "",
                "basis": r.basis,
            }
        )
    columns = ["importer", "stage", "at risk", "HHI before", "HHI after", "top-1 before", "top-1 after", "basis"]
    out.append(render_table(rows, columns))
    grouped: dict[str, list[str]] = {}  # one line per note, naming the rows it applies to
    for r in result.rows:
        where = f"{r.importer} {labels.get(r.stage, r.stage)}"
        for n in r.notes:
            grouped.setdefault(n, []).append(where)
        for v in r.volume_at_risk:
            line = (
                f"volume at risk {v['tonnes_at_risk']:,.4g} t of {v['product']} "
                f"({v['exporter']}->{v['importer']}, {v['period']}, {v['doc_id']})"
            )
            grouped.setdefault(line, []).append(where)
    notes = [f"{n} [{'; '.join(rows)}]" for n, rows in grouped.items()]
    out += ["", "inputs:"] + [f"- {line}" for line in _inputs(result)]
    out += ["", "notes:"] + [f"- {n}" for n in [*notes, *result.notes]]
    sys.stdout.write("\n".join(out) + "\n")


def _hhi_after(row: Any) -> str:
    if row.at_risk_pct is None:
        return ""
    if row.after is None:
        return "no supply left"
    return "unknown only" if row.after.known_pct == 0 else f"{row.after.hhi:,.0f}"


def _inputs(result: Any) -> list[str]:
    """Each input once: bundled sources with their years, stored facts with their document."""
    seen: dict[str, set[str]] = {}
    for r in result.rows:
        for item in r.inputs:
            if item.get("kind") == "trade_flow":
                key = f"trade flow {item['exporter']}->{item['importer']} {item['product']} ({item['doc_id']})"
                seen.setdefault(key, set()).add(item["period"])
            elif item.get("origin") == "store":
                seen.setdefault(f'{item["doc_id"]}: "{shorten(item["sentence"] or "", 60)}"', set()).add(
                    str(item["year"])
                )
            else:
                seen.setdefault(f"{item['source']} <{item['url']}>", set()).add(str(item["year"]))
    return [f"{k} [{', '.join(sorted(v))}]" for k, v in seen.items()]


COMMANDS: list[click.Command] = [chain, scenario]
