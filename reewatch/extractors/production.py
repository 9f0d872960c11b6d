"""Production: output, capacity, quotas and forecasts, in physical units.

"Lynas produced 2,000 t of NdPr", "到2025年底内蒙古稀土新材料产能将超过20万吨", "China's
2024 mining quota was 270,000 t". The entity is the company, place or country named
before the tonnage; trade sentences are left to the trade extractor.
"""

from __future__ import annotations

from reewatch.extractors.base import DocContext, SentenceView, make_fact, non_re_material_near, num
from reewatch.extractors.resolve import area_of, best_product
from reewatch.lexicon import Lexicon
from reewatch.models import Fact

_MINING = ("stage.mining",)
_SMELTING = ("stage.separation", "stage.refining")
_STAT_BODIES = ("usgs", "customs", "gac", "statistics")


def _entity(view: SentenceView, ctx: DocContext, q_start: int, kind: str):
    """Who produces: a company named before the tonnage, else the nearest place or country
    (WORLD for "global output"), else the company the text refers back to."""
    lo = max([0, *[x.span[1] for x in view.quantities if x.span[1] <= q_start and x.kind == "mass"]])
    before = [m for m in view.mentions if m.end <= q_start]
    companies = [m for m in before if m.kind == "company" and not view.breaks(m.end, q_start)]
    if companies:
        return max(companies, key=lambda m: m.end)
    if (
        view.cues_of("company_ref")
        and ctx.last_company is not None
        and any(c.end <= q_start for c in view.cues_of("company_ref"))
    ):
        return ctx.last_company  # "公司包头基地年产2万吨": the company is the subject, Baotou the site
    places = [m for m in before if m.kind in {"place", "area"} and (m.start >= lo or not companies)]
    if kind == "target":  # quotas are set by a ministry: its country is the entity
        places += [m for m in before if m.kind == "body" and not any(b in m.id for b in _STAT_BODIES)]
    if places:
        return max(places, key=lambda m: m.end)
    if view.cues_of("company_ref") and ctx.last_company is not None:
        return ctx.last_company
    later = next((m for m in view.mentions if m.kind in {"company", "area"} and m.start >= q_start), None)
    if later is None and ctx.last_production is not None and ctx.view_index - ctx.last_production[0] <= 2:
        return ctx.last_production[1]  # "Total rare earth oxide production was 3,540 t." after "Lynas produced ..."
    return later


def _kind(view: SentenceView, ctx: DocContext, q_start: int, q_end: int, period_year: int | None) -> str:
    if view.cue_near(("capacity",), q_start, q_end, before=60, after=45):
        return "capacity"
    if view.cue_near(("target",), q_start, q_end, before=60, after=30):
        return "target"
    after = 30 if view.lang in {"ja", "ko"} else 0  # 生産する計画だ: the plan comes after the amount
    if view.cue_near(("forecast",), q_start, q_end, before=45, after=after) or (
        period_year and ctx.doc_date and period_year > ctx.doc_date.year
    ):
        return "forecast"
    return "actual"


def extract_production(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    if not view.has("production", "capacity", "target") or view.has("export", "import"):
        return []
    masses = [q for q in view.quantities if q.kind == "mass"]
    # "开采、冶炼分离总量控制指标分别为12万吨、11.5万吨": stages listed, then amounts respectively
    stages = [c for c in view.cues if c.category in (*_MINING, *_SMELTING) and masses and c.end <= masses[0].span[0]]
    paired = (
        dict(zip((id(q) for q in masses), stages, strict=False))
        if (view.has("respectively") and len(stages) == len(masses) > 1)
        else {}
    )
    facts: list[Fact] = []
    for q in masses:
        if non_re_material_near(view, q.span[0], q.span[1], window=40):
            continue
        if not view.cue_near(("production", "capacity", "target"), q.span[0], q.span[1], before=70, after=45):
            continue  # "treat 2,000 t of used magnets and produce 800 t of oxides": only the 800 t
        period = view.period_near(q.span[0], q.span[1], allow_baseline=False)
        kind = _kind(view, ctx, q.span[0], q.span[1], period.year if period else None)
        entity_m = _entity(view, ctx, q.span[0], kind)
        if entity_m is None:
            continue
        entity = area_of(entity_m) if entity_m.kind in {"area", "body"} else entity_m.entity.name
        product = best_product(view, lexicon, q.span[0], q.span[1]) or "rare-earths"
        # Mining output and mining quotas are concentrate; a separation quota names no product.
        stage = paired.get(id(q)) or view.cue_near((*_MINING, *_SMELTING), q.span[0], q.span[1], before=50, after=25)
        if stage is not None and stage.start > q.span[1] and any(q.span[1] < x.span[0] < stage.start for x in masses):
            stage = None  # the cue after belongs to the next amount
        if stage is not None and kind == "target" and product in {"rare-earths", "re-oxides", "re-concentrate"}:
            product = "re-concentrate" if stage.category in _MINING else None
        elif stage is not None and stage.category in _MINING and product == "re-oxides":
            product = "re-concentrate"
        if period is None and ctx.last_production is not None and ctx.view_index - ctx.last_production[0] == 1:
            period = ctx.last_production[2]  # "... in 2024. The United States was second at 45,000 t"
        ctx.last_production = (ctx.view_index, entity_m, period)
        fields = {
            "entity": entity,
            "product": product,
            "quantity": num(q.value),
            "unit": q.unit,
            "period": period.period if period else None,
            "kind": kind,
        }
        if q.low is not None:
            fields.update(quantity_low=num(q.low), quantity_high=num(q.high))
        facts.append(make_fact("production", view, fields, f"production.{kind}", 0.7, raw=q.raw))
    return facts
