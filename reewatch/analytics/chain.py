"""The mine-to-magnet supply chain by country: who holds what share of each stage.

`build_chain` lays the stages of `chain.yaml` (mining -> separation/refining -> metal/alloy
-> magnet -> end use) side by side. Each stage's figures come from the bundled reference data
(USGS mine production for mining, `supply_chain.csv` for the rest) and, when a store is
given, from its extracted market_share facts. Every figure keeps its source and year; a
stored fact keeps its document id and sentence.

Which figures a stage shows (`pick_figures`), in this order:

1. actual figures only (no forecasts), of the world (`scope` global), about a year up to
   `year` when one is asked for;
2. the element lens: with `element` Dy, the figures specific to Dy (their `elements` include
   it) when the stage has any; otherwise the rare-earths totals, and a note says so. With no
   element, the totals only: a Dy-only share is not a share of all rare earths;
3. the latest figure per holder: the latest year; on a tie, a stored fact before the bundled
   data (it is the newer reading), then the higher confidence, then the first row;
4. figures more than `MAX_AGE_YEARS` older than the stage's newest figure are dropped, so a
   2010 Japanese magnet share does not sit beside a 2025 Chinese one;
5. what the shares leave to 100 is "rest of world / unknown" and counts as fragmented in the
   concentration (see `reewatch.analytics.concentration`).

Figures from different sources and years can therefore meet in one stage; each row says
which, and a stage whose shares add up to more than 100 is rescaled for its HHI and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reewatch.analytics.concentration import THRESHOLDS, Concentration, concentration
from reewatch.analytics.reference import CONFIDENCE_LEVELS, REST_OF_WORLD, Reference, ShareFigure, Stage

MAX_AGE_YEARS = 3  # a figure this many years older than the stage's newest one is out of date


@dataclass(slots=True)
class Selection:
    """The figures picked for one stage (or one importer's stage) and how they were picked."""

    figures: list[ShareFigure]
    element_specific: bool  # True: the figures are specific to the element lens
    out_of_date: list[ShareFigure] = field(default_factory=list)  # latest of their holder, but too old

    def shares(self) -> dict[str, float]:
        return {f.holder: f.share_pct for f in self.figures}


def _rank(figure: ShareFigure, index: int) -> tuple[int, bool, bool, str, int, int]:
    """Sort key of the latest-per-holder rule: year, a stated year before one inferred from the
    publication date, stored before bundled, the later document, the higher confidence, the first row."""
    confidence = figure.confidence or ""
    level = CONFIDENCE_LEVELS.index(confidence) if confidence in CONFIDENCE_LEVELS else len(CONFIDENCE_LEVELS)
    stated = figure.year_basis == "stated"
    return (figure.year, stated, figure.origin == "store", figure.published or "", -level, -index)


def pick_figures(
    candidates: Iterable[ShareFigure], lens: frozenset[str] = frozenset(), year: int | None = None
) -> Selection:
    """Steps 1-4 of the module doc over figures already narrowed to one stage and one scope."""
    actual = [f for f in candidates if f.kind == "actual" and (year is None or f.year <= year)]
    specific = [f for f in actual if lens and f.elements and lens <= f.elements]
    pool = specific or [f for f in actual if not f.elements]
    best: dict[str, tuple[tuple[int, bool, str, int, int], ShareFigure]] = {}
    for index, figure in enumerate(pool):
        key = _rank(figure, index)
        if figure.holder not in best or key > best[figure.holder][0]:
            best[figure.holder] = (key, figure)
    latest = [f for _, f in best.values()]
    newest = max((f.year for f in latest), default=0)
    old = [f for f in latest if f.year < newest - MAX_AGE_YEARS]
    kept = [f for f in latest if f not in old and f.share_pct > 0]  # a zero share is a holder that stopped
    kept.sort(key=lambda f: (f.holder == REST_OF_WORLD, -f.share_pct, f.holder))
    return Selection(kept, bool(specific), old)


@dataclass(slots=True)
class StageView:
    """One stage of the chain: its figures, its concentration and the notes a reader needs."""

    stage: Stage
    figures: list[ShareFigure]
    concentration: Concentration | None
    element_specific: bool
    notes: list[str] = field(default_factory=list)

    def to_dict(self, area_name: Callable[[str], str] = str) -> dict[str, Any]:
        return {
            "stage": self.stage.id,
            "label": self.stage.label,
            "figures": [dict(f.to_dict(), name=area_name(f.holder)) for f in self.figures],
            "rest_of_world_or_unknown_pct": round(self.concentration.unknown_pct, 2) if self.concentration else None,
            "concentration": self.concentration.to_dict() if self.concentration else None,
            "element_specific": self.element_specific,
            "notes": self.notes,
        }


@dataclass(slots=True)
class Chain:
    """The chain for one element (or all rare earths) as of one year (or the latest)."""

    element: str | None
    year: int | None
    stages: list[StageView]
    notes: list[str] = field(default_factory=list)

    @property
    def bottleneck(self) -> StageView | None:
        """The most concentrated stage (highest HHI lower bound)."""
        scored = [s for s in self.stages if s.concentration is not None]
        return max(scored, key=lambda s: s.concentration.hhi if s.concentration else 0.0, default=None)

    def sources(self) -> list[dict[str, Any]]:
        """Each source once, with the years of its figures shown."""
        seen: dict[tuple[str, str | None], set[int]] = {}
        for stage in self.stages:
            for f in stage.figures:
                key = (f.doc_id or f.source, f.url if f.origin == "reference" else None)
                seen.setdefault(key, set()).add(f.year)
        return [{"source": s, "url": u, "years": sorted(y)} for (s, u), y in seen.items()]

    def to_dict(self, area_name: Callable[[str], str] = str) -> dict[str, Any]:
        neck = self.bottleneck
        return {
            "element": self.element,
            "year": self.year,
            "stages": [s.to_dict(area_name) for s in self.stages],
            "most_concentrated_stage": neck.stage.id if neck else None,
            "supply_risk": {
                "gross_concentration_score": round(neck.concentration.gross_score, 4)
                if neck and neck.concentration
                else None,
                "stage": neck.stage.id if neck else None,
                "label": "gross concentration score: HHI / 10,000 of the most concentrated stage. NOT the EU "
                "supply-risk indicator SR (no WGI governance weights, import reliance, end-of-life recycling "
                "input rate or substitution index).",
            },
            "thresholds": THRESHOLDS,
            "notes": self.notes,
            "sources": self.sources(),
        }


def build_chain(
    reference: Reference,
    stored: Sequence[ShareFigure] = (),
    element: str | None = None,
    year: int | None = None,
) -> Chain:
    """The chain by country from the bundled figures and any stored market_share figures.

    `stored` are facts already turned into figures (`reference.figure_from_fact`); only the
    world-scope ones are used here. `element` is a symbol (Dy); `year` keeps figures about that
    year or earlier.
    """
    lens = frozenset([element]) if element else frozenset()
    pool = [f for f in [*reference.figures(), *stored] if f.scope == "global"]
    views = []
    for stage in reference.stages.values():
        chosen = pick_figures((f for f in pool if f.stage == stage.id), lens, year)
        notes = []
        if element and chosen.figures and not chosen.element_specific:
            notes.append(f"no {element}-specific figure for this stage: the rare-earths total is shown")
        if element:
            notes += reference.element_notes(element, stage.id)
        if chosen.out_of_date:
            old = ", ".join(f"{f.holder} {f.share_pct:g}% ({f.year})" for f in chosen.out_of_date)
            notes.append(f"left out as more than {MAX_AGE_YEARS} years older than the newest figure: {old}")
        conc = concentration(chosen.shares()) if chosen.figures else None
        if conc is None:
            notes.append("no figure: a stored market_share fact for this stage would show here")
        elif conc.rescaled_from is not None:
            notes.append(f"shares from different sources add up to {conc.rescaled_from:.1f}%: rescaled to 100 for HHI")
        views.append(StageView(stage, chosen.figures, conc, chosen.element_specific, notes))
    notes = [
        "HHI counts the known holders only: the rest-of-world / unknown remainder is treated as fragmented, "
        "so HHI is a lower bound; hhi_max is the value if the remainder were a single holder.",
        "gross concentration score = HHI / 10,000; it is not the EU supply-risk indicator (no WGI governance "
        "weights, import reliance, end-of-life recycling rate or substitution data).",
    ]
    if any(f.year_basis == "published" for v in views for f in v.figures):
        notes.append(
            "a year marked * is inferred: the year before the publication of a stored document "
            "whose sentence states none"
        )
    return Chain(element, year, views, notes)


# --------------------------------------------------------------------------- chart
_COLOURS = {
    "CN": "#c0392b",
    "US": "#2e86c1",
    "AU": "#d4ac0d",
    "MM": "#8e44ad",
    "MY": "#17a589",
    "JP": "#e67e22",
    "EU": "#1f3a93",
    "TH": "#7dcea0",
    "IN": "#f1948a",
    "VN": "#a04000",
    "EE": "#5d6d7e",
}
_OTHER_COLOURS = ("#85929e", "#b7950b", "#76448a", "#d35400", "#a93226", "#2874a6", "#f5b7b1", "#1e8449")
_REST = "#d5d8dc"


def colour_of(holder: str, palette: dict[str, str]) -> str:
    """A stable colour per country across bars (CN is always red)."""
    if holder not in palette:
        palette[holder] = _COLOURS.get(holder) or _OTHER_COLOURS[len(palette) % len(_OTHER_COLOURS)]
    return palette[holder]


def chain_chart(chain: Chain, path: str | Path, area_name: Callable[[str], str] = str) -> Path:
    """Horizontal stacked bars of country shares per stage, with HHI beside each bar."""
    from reewatch.analytics.charts import chart_figure, save_chart

    what = f"{chain.element}" if chain.element else "rare earths"
    when = f", as of {chain.year}" if chain.year else ", latest figures"
    fig, ax = chart_figure(
        f"Supply chain by country: {what}{when}", "", xlabel="share of world output (%)", size=(11.0, 5.5)
    )
    palette: dict[str, str] = {}
    labelled: set[str] = set()
    stages = list(reversed(chain.stages))  # barh draws bottom-up; mining goes on top
    for y, view in enumerate(stages):
        conc = view.concentration
        scale = 100 / conc.rescaled_from if conc and conc.rescaled_from else 1.0  # bars as the HHI saw them
        left = 0.0
        for f in view.figures:
            if f.holder == REST_OF_WORLD:
                continue
            name, width = area_name(f.holder), f.share_pct * scale
            ax.barh(y, width, left=left, color=colour_of(f.holder, palette), edgecolor="white",
                    label=None if name in labelled else name)  # fmt: skip
            labelled.add(name)
            if width >= 6:
                ax.text(left + width / 2, y, f.holder, ha="center", va="center", fontsize=8, color="white")
            left += width
        if conc is None:
            ax.text(1, y, "no figure", va="center", fontsize=8, color="#666666")
            continue
        rest = conc.unknown_pct
        if rest > 0.05:
            ax.barh(y, rest, left=left, color=_REST, hatch="//", edgecolor="white",
                    label=None if "rest" in labelled else "rest of world / unknown")  # fmt: skip
            labelled.add("rest")
        ax.text(101, y, f"HHI ≥ {conc.hhi:,.0f}\ntop-3 {conc.top3_pct:.0f}%", va="center", fontsize=8)
    ax.set_yticks(range(len(stages)), [v.stage.label for v in stages])
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 20))  # room on the right is for the labels, not for shares
    ax.set_ylim(-0.6, len(stages) - 0.4)
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    handles, names = ax.get_legend_handles_labels()
    order = sorted(range(len(names)), key=lambda i: names[i] == "rest of world / unknown")  # the remainder last
    ax.legend([handles[i] for i in order], [names[i] for i in order], loc="center left", bbox_to_anchor=(1.01, 0.5),
              fontsize=8, frameon=False)  # fmt: skip
    sources = [f"{s['source']} ({', '.join(map(str, s['years']))})" for s in chain.sources()]
    notes = [
        "HHI = sum of squared % shares of known holders (rest of world / unknown treated as fragmented: a lower "
        "bound); > 1,800 highly concentrated (US DOJ/FTC Merger Guidelines 2023).",
    ]
    if chain.element:
        notes.append(f"Stages without a {chain.element}-specific figure show the rare-earths total.")
    fig.subplots_adjust(left=0.16, right=0.8)
    return save_chart(fig, path, sources, notes)


def area_namer(names: Mapping[str, Mapping[str, Any]]) -> Callable[[str], str]:
    """An area code -> display name function over the lexicon's areas (ROW -> rest of world)."""

    def name(code: str) -> str:
        if code == REST_OF_WORLD:
            return "rest of world"
        return str(names.get(code, {}).get("name", code))

    return name
