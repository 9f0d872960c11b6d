"""Export-control scenarios: what share of each importer's supply a shock puts at risk.

A scenario is data: a YAML file that lists shocks ("CN halts exports of Dy and Tb to the
US", "CN magnet exports -50 %"); `load_scenario` reads and checks one, with `path:line` in
every error. Examples ship in `reewatch/analytics/scenarios/`, selectable by name.

**The model**, per importer M and stage S (mining, separation, metal, magnet):

1. *M's supply shares at S*, s_E for each supplier E (percent), from the first of:
   a. stored trade flows (when a store is given): M's total imports of the stage's products
      in a period (reported by M, partner WORLD) and the bilateral flows of that same period,
      s_E = q(E -> M) / total x 100; the latest period that has both is used;
   b. importer-specific shares: bundled figures with `scope` M (USGS US import sources, the
      European Commission's EU magnet figure) and stored market_share facts about M's
      imports, picked as `reewatch chain` picks (latest per supplier, element lens);
   c. otherwise the *global* stage shares, as a proxy for M's suppliers, and the row says
      so. M's own global share then stands for its domestic supply, which its own export
      shocks do not touch.
   What the shares leave to 100 is the unknown remainder u = 100 - sum(s_E); nobody in it
   is shocked, so when a shocked exporter is not among the known suppliers the result is a
   lower bound and the row says so.
2. *The cut* c_E (0..1) of each supplier: the shocks that name E as exporter and apply to M
   (their importers include M, or list none), to S (their stages include it; none = every
   traded stage) and to the scenario's elements. Two shocks on one supplier combine as
   independent cuts: c = 1 - (1 - c1)(1 - c2). A shock never cuts an importer's supply from
   itself: "CN magnet exports -50 %" does not touch Chinese magnet makers' home sales.
3. *Supply at risk* = sum over E of s_E x c_E (percentage points of M's supply at S).
4. *After the shock* the remaining supply is renormalised: s'_E = s_E (1 - c_E) / (100 - at
   risk) x 100, and the unknown remainder likewise; HHI and top-1 are recomputed on s'
   (`reewatch.analytics.concentration`: remainder fragmented, HHI a lower bound). With no
   supply left, there is no "after".
5. *Volume at risk* (with a store): the latest single-period trade flow E -> M of the stage's
   products, times c_E, in tonnes of that product (a magnet tonnage for the magnet stage).

**The element lens.** `elements` at the top of a scenario says which materials it is about
(Dy, Tb); shares are then those specific to these elements where known, else the
rare-earths totals (the row says so). A shock with `elements` applies when they include
every element of the lens, does not apply when it shares none, and is refused when it
shares some (the answer would depend on the unknown split between the elements).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reewatch.analytics.chain import Selection, pick_figures
from reewatch.analytics.concentration import SUM_TOLERANCE, Concentration, concentration
from reewatch.analytics.reference import Reference, ShareFigure

TRADED_STAGES = ("mining", "separation", "metal", "magnet")  # end use is consumption: nothing is exported
WORLD = "WORLD"  # as an importer: every importer without data of its own, seen through global shares


@dataclass(frozen=True, slots=True)
class Shock:
    """One supply cut: `exporter` cuts `cut_pct` % of its exports to `importers` (empty: all)."""

    exporter: str
    cut_pct: float
    importers: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    elements: frozenset[str] = frozenset()
    label: str = ""
    line: int | None = None

    @property
    def cut(self) -> float:
        return self.cut_pct / 100

    def describe(self) -> str:
        if self.label:
            return self.label
        to = "all importers" if not self.importers else ", ".join(sorted(self.importers))
        what = ", ".join(sorted(self.elements)) if self.elements else "rare earths"
        return f"{self.exporter} cuts {what} exports to {to} by {self.cut_pct:g}%"


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    title: str
    shocks: tuple[Shock, ...]
    description: str = ""
    basis: str = ""
    elements: frozenset[str] = frozenset()
    importers: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    year: int | None = None
    path: str = ""


@dataclass(frozen=True, slots=True)
class Flow:
    """A trade flow as the scenario sees it: exporter -> importer of one stage's product."""

    exporter: str
    importer: str
    stage: str
    product: str
    tonnes: float
    period: str
    day: str  # first day of the period, for "latest"
    elements: frozenset[str]
    doc_id: str
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "exporter": self.exporter,
            "importer": self.importer,
            "product": self.product,
            "tonnes": self.tonnes,
            "period": self.period,
            "doc_id": self.doc_id,
            "sentence": self.sentence,
        }


@dataclass(frozen=True, slots=True)
class ShockOutcome:
    """The arithmetic of one importer and stage: at risk, and the shares after the shock."""

    at_risk_pct: float
    shares_after: dict[str, float]
    unknown_after_pct: float | None  # None: no supply left


def apply_cuts(shares: Mapping[str, float], cuts: Mapping[str, float]) -> ShockOutcome:
    """Steps 3 and 4 of the model: supply at risk and the renormalised shares after the cut.

    `shares` are percentages of the importer's supply (they may leave an unknown remainder);
    `cuts` are fractions 0..1 per supplier. Example: shares CN 70, MY 20, JP 10 and a 50 %
    cut on CN: at risk 35; the remaining 65 renormalise to CN 53.8, MY 30.8, JP 15.4.
    """
    known = sum(shares.values())
    unknown = max(0.0, 100.0 - known)
    at_risk = sum(s * cuts.get(h, 0.0) for h, s in shares.items())
    remaining = 100.0 - at_risk
    if remaining <= 1e-9:
        return ShockOutcome(at_risk, {}, None)
    after = {h: s * (1 - cuts.get(h, 0.0)) * 100 / remaining for h, s in shares.items()}
    return ShockOutcome(at_risk, {h: s for h, s in after.items() if s > 1e-9}, unknown * 100 / remaining)


def combine_cuts(cuts: Iterable[float]) -> float:
    """Independent cuts on one supplier: 1 - product of what each leaves (0.5 and 0.5 -> 0.75)."""
    left = 1.0
    for c in cuts:
        left *= 1 - c
    return 1 - left


@dataclass(slots=True)
class ScenarioRow:
    """The outcome for one importer at one stage, with the inputs it rests on."""

    importer: str
    stage: str
    basis: str
    inputs: list[dict[str, Any]]
    cuts: dict[str, float]
    at_risk_pct: float | None
    before: Concentration | None
    after: Concentration | None
    volume_at_risk: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "importer": self.importer,
            "stage": self.stage,
            "basis": self.basis,
            "supply_at_risk_pct": None if self.at_risk_pct is None else round(self.at_risk_pct, 2),
            "cuts": {k: round(v, 4) for k, v in self.cuts.items()},
            "before": self.before.to_dict() if self.before else None,
            "after": self.after.to_dict() if self.after else None,
            "volume_at_risk": self.volume_at_risk,
            "inputs": self.inputs,
            "notes": self.notes,
        }


@dataclass(slots=True)
class ScenarioResult:
    scenario: Scenario
    rows: list[ScenarioRow]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        s = self.scenario
        return {
            "scenario": {
                "name": s.name,
                "title": s.title,
                "description": s.description,
                "basis": s.basis,
                "file": s.path,
                "elements": sorted(s.elements),
                "year": s.year,
                "shocks": [
                    {
                        "exporter": k.exporter,
                        "importers": sorted(k.importers),
                        "stages": sorted(k.stages),
                        "elements": sorted(k.elements),
                        "cut_pct": k.cut_pct,
                        "label": k.describe(),
                        "line": k.line,
                    }
                    for k in s.shocks
                ],
            },
            "rows": [r.to_dict() for r in self.rows],
            "notes": self.notes,
        }


# --------------------------------------------------------------------- running it
def flows_from_facts(
    records: Iterable[Mapping[str, Any]], reference: Reference, element_symbols: Iterable[str]
) -> list[Flow]:
    """Stored trade_flow facts as flows of one stage, in tonnes, single periods only.

    A cumulative period ("2025-01..2025-09") is left out: it cannot be compared with a month.
    """
    from reewatch.store.keys import elements_of, fact_day

    symbols = list(element_symbols)
    out = []
    for r in records:
        stage = reference.stage_of_product(r.get("product"))
        quantity, period = r.get("quantity"), r.get("period")
        if stage is None or not isinstance(quantity, int | float) or not period or ".." in str(period):
            continue
        tonnes = float(quantity) / 1000 if r.get("quantity_unit") == "kg" else float(quantity)
        reporter, partner = r.get("reporter"), r.get("partner")
        exporter, importer = (reporter, partner) if r.get("flow") == "export" else (partner, reporter)
        if not exporter or not importer:
            continue
        product = str(r["product"])
        elements = frozenset(elements_of(product, symbols)) if stage != "magnet" else frozenset()
        day = fact_day({"period": period}, r.get("published")) or ""
        out.append(Flow(exporter, importer, stage, product, tonnes, str(period), day, elements,
                        str(r.get("doc_id")), str(r.get("sentence") or "")))  # fmt: skip
    return out


def _fits(elements: frozenset[str], lens: frozenset[str]) -> bool:
    """A figure or flow speaks for the lens: a total (no elements), or specific to all of the lens."""
    return not elements or bool(lens and lens <= elements)


def shares_from_flows(
    flows: Sequence[Flow], importer: str, stage: str, lens: frozenset[str]
) -> tuple[dict[str, float], list[Flow]]:
    """Step 1a: supplier shares of the latest period with the importer's total and a bilateral flow."""
    mine = [f for f in flows if f.importer == importer and f.stage == stage and _fits(f.elements, lens)]
    for period in sorted(
        {f.period for f in mine}, key=lambda p: max(f.day for f in mine if f.period == p), reverse=True
    ):
        in_period = [f for f in mine if f.period == period]
        totals = [f for f in in_period if f.exporter == WORLD]
        bilateral = [f for f in in_period if f.exporter != WORLD]
        if totals and bilateral and totals[-1].tonnes > 0:
            total = totals[-1]
            latest: dict[str, Flow] = {f.exporter: f for f in bilateral}
            shares = {e: min(100.0, f.tonnes / total.tonnes * 100) for e, f in latest.items()}
            return shares, [total, *latest.values()]
    return {}, []


def _shocks_for(scenario: Scenario, importer: str, stage: str) -> dict[str, float]:
    """Step 2: the combined cut per exporter for this importer and stage."""
    per_exporter: dict[str, list[float]] = {}
    for shock in scenario.shocks:
        if shock.exporter == importer:
            continue  # no one cuts their own supply
        if importer == WORLD and shock.importers:
            continue  # WORLD stands for importers no targeted shock names
        if shock.importers and importer not in shock.importers:
            continue
        if stage not in (shock.stages or TRADED_STAGES):
            continue
        if shock.elements and not (scenario.elements and scenario.elements <= shock.elements):
            continue
        per_exporter.setdefault(shock.exporter, []).append(shock.cut)
    return {e: combine_cuts(c) for e, c in per_exporter.items()}


def _report_importers(scenario: Scenario, figures: Sequence[ShareFigure], stages: Sequence[str]) -> list[str]:
    """The importers a scenario reports: those it lists; else the shocks' targets, and when a
    shock hits all importers, WORLD plus every importer with shares of its own at these stages
    (a shocked exporter is not reported as its own importer)."""
    if scenario.importers:
        return list(scenario.importers)
    named = [i for s in scenario.shocks for i in sorted(s.importers)]
    if any(not s.importers for s in scenario.shocks):
        exporters = {s.exporter for s in scenario.shocks if not s.importers}
        own = {f.scope for f in figures if f.scope != "global" and f.stage in stages and f.kind == "actual"}
        named = [WORLD, *named, *sorted(own - exporters)]
    return list(dict.fromkeys(named))


def _report_stages(scenario: Scenario) -> list[str]:
    if scenario.stages:
        return list(scenario.stages)
    touched = {st for s in scenario.shocks for st in (s.stages or TRADED_STAGES)}
    return [st for st in TRADED_STAGES if st in touched]


def run_scenario(
    scenario: Scenario,
    reference: Reference,
    stored: Sequence[ShareFigure] = (),
    flows: Sequence[Flow] = (),
    area_name: Callable[[str], str] = str,
) -> ScenarioResult:
    """The scenario's rows, one per reported importer and stage (see the module doc)."""
    figures = [*reference.figures(), *stored]
    lens = scenario.elements
    rows = []
    stages = _report_stages(scenario)
    for importer in _report_importers(scenario, figures, stages):
        for stage in stages:
            rows.append(_row(scenario, importer, stage, figures, flows, lens, area_name))
    notes = [
        "supply at risk = sum over shocked suppliers of (supplier's share of the importer's supply) x (cut); "
        "after the shock, the remaining shares are renormalised to 100.",
        "HHI counts known suppliers only (the unknown remainder is fragmented), so it is a lower bound.",
    ]
    if flows:
        notes.append("trade flows from the store: volume at risk is the latest single-period flow times the cut")
    return ScenarioResult(scenario, rows, notes)


def _supply_shares(
    scenario: Scenario,
    importer: str,
    stage: str,
    figures: Sequence[ShareFigure],
    lens: frozenset[str],
    area_name: Callable[[str], str],
) -> tuple[Selection, str, str | None]:
    """Steps 1b and 1c: the importer's own shares, else the world's: (selection, basis, note).

    With an element lens, specificity to the elements counts more than specificity to the
    importer: a Dy-specific world share (China ~98 % of Dy separation) says more about US Dy
    supply than the US split of all rare-earth compounds, which lanthanum and cerium dominate.
    So the order is: own element-specific, world element-specific, own totals, world totals.
    """
    world = pick_figures((f for f in figures if f.stage == stage and f.scope == "global"), lens, scenario.year)
    own = Selection([], False)
    if importer != WORLD:
        own = pick_figures((f for f in figures if f.stage == stage and f.scope == importer), lens, scenario.year)
    order = [own, world]
    if lens:
        order = [s for s in (own, world) if s.element_specific] + order
    chosen = next((s for s in order if s.figures), world)
    note = None
    if chosen is own:
        basis = f"{area_name(importer)} import shares"
    elif importer == WORLD:
        basis = "world shares"
    else:
        basis = "world shares as proxy"
        if own.figures:
            note = (
                f"{', '.join(sorted(lens))}-specific world shares used as the proxy, rather than the "
                "importer's shares of all rare earths"
            )
        elif chosen.figures:
            note = "no import shares of this importer: world stage shares used as the proxy"
    if lens and chosen.element_specific:
        basis += f" ({', '.join(sorted(lens))})"
    return chosen, basis, note


def _row(
    scenario: Scenario,
    importer: str,
    stage: str,
    figures: Sequence[ShareFigure],
    flows: Sequence[Flow],
    lens: frozenset[str],
    area_name: Callable[[str], str],
) -> ScenarioRow:
    notes: list[str] = []
    inputs: list[dict[str, Any]] = []
    flow_shares, used = ({}, []) if importer == WORLD else shares_from_flows(flows, importer, stage, lens)
    chosen, basis, proxy_note = _supply_shares(scenario, importer, stage, figures, lens, area_name)
    # Trade flows come first, unless they are totals and the figures are specific to the lens.
    if flow_shares and (not lens or all(f.elements for f in used) or not chosen.element_specific):
        shares = flow_shares
        basis = f"{area_name(importer)} imports from stored trade flows, {used[0].period}"
        inputs = [dict(f.to_dict(), kind="trade_flow") for f in used]
    else:
        shares = chosen.shares()
        inputs = [dict(f.to_dict(), kind="share") for f in chosen.figures]
        if lens and chosen.figures and not chosen.element_specific:
            notes.append(f"no {', '.join(sorted(lens))}-specific shares: rare-earths totals used")
        if proxy_note:
            notes.append(proxy_note)
        if chosen.figures:
            years = sorted({f.year for f in chosen.figures})
            basis += f", {years[0]}" if len(years) == 1 else f", {years[0]}-{years[-1]}"
    cuts = _shocks_for(scenario, importer, stage)
    total = sum(shares.values())
    if total > 100 + SUM_TOLERANCE:  # sources that disagree: shares of more than the whole supply
        shares = {h: s * 100 / total for h, s in shares.items()}
        notes.append(f"shares from different sources add up to {total:.1f}%: rescaled to 100")
    known = {h: s for h, s in shares.items() if h != "ROW"}
    rest = {h: s for h, s in shares.items() if h == "ROW"}
    if not shares:
        notes.append("no figure for this stage: nothing to compute")
        return ScenarioRow(importer, stage, "no figure", inputs, cuts, None, None, None, notes=notes)
    missing = sorted(e for e in cuts if e not in known)
    if missing:
        notes.append(
            f"{', '.join(missing)} not among the known suppliers: any of its supply is in the unknown "
            "remainder, so the supply at risk is a lower bound"
        )
    outcome = apply_cuts({**known, **rest}, {e: c for e, c in cuts.items() if e in known})
    before = concentration(shares)
    after = None if outcome.unknown_after_pct is None else concentration(outcome.shares_after)
    if after is None:
        notes.append("no supply left after the shock")
    volume = []
    for exporter, cut in cuts.items():
        candidates = [f for f in flows if f.exporter == exporter and f.importer == importer and f.stage == stage
                      and _fits(f.elements, lens)]  # fmt: skip
        if candidates:
            latest = max(candidates, key=lambda f: f.day)
            volume.append(dict(latest.to_dict(), cut=round(cut, 4), tonnes_at_risk=round(latest.tonnes * cut, 3)))
    return ScenarioRow(importer, stage, basis, inputs, cuts, outcome.at_risk_pct, before, after, volume, notes)


# --------------------------------------------------------------------------- chart
def scenario_chart(result: ScenarioResult, path: str | Path, stage_label: Callable[[str], str] = str) -> Path:
    """Horizontal bars: the supply at risk per importer and stage, with HHI before -> after.

    A row whose shares are the world's standing in for the importer's is marked * and drawn lighter.
    """
    import textwrap

    from reewatch.analytics.charts import chart_figure, save_chart

    rows = [r for r in result.rows if r.at_risk_pct is not None]
    fig, ax = chart_figure(
        textwrap.fill(f"Scenario: {result.scenario.title}", 70),
        "",
        xlabel="share of the importer's supply at risk (%)",
        size=(10.0, max(3.8, 1.6 + 0.45 * len(rows))),
    )
    proxy = [r.basis.startswith("world shares as proxy") for r in rows]
    labels = [f"{r.importer} · {stage_label(r.stage)}{' *' if p else ''}" for r, p in zip(rows, proxy, strict=True)]
    colours = ["#e6a39b" if p else "#c0392b" for p in proxy]
    ax.barh(range(len(rows)), [r.at_risk_pct or 0.0 for r in rows], color=colours)
    for y, r in enumerate(rows):
        before = f"{r.before.hhi:,.0f}" if r.before else "-"
        if r.after is None:
            after = "no supply left"
        else:
            after = "unknown only" if r.after.known_pct == 0 else f"{r.after.hhi:,.0f}"
        ax.text((r.at_risk_pct or 0) + 1, y, f"{r.at_risk_pct:.1f}%   HHI {before} → {after}", va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 140)
    ax.set_xticks(range(0, 101, 20))  # room on the right is for the labels, not for shares
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    sources = [str(i.get("doc_id") or i.get("source") or "") for r in rows for i in r.inputs]
    notes = [
        "At risk = Σ over shocked suppliers of (share of the importer's supply × cut). HHI on known suppliers "
        "(rest of world / unknown fragmented: a lower bound), shares renormalised after the shock.",
    ]
    if any(proxy):
        notes.append("* no shares of the importer's own: world stage shares used as the proxy.")
    fig.subplots_adjust(left=0.27, right=0.97, top=0.86)
    return save_chart(fig, path, [s for s in sources if s], notes)
