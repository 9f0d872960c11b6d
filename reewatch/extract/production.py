"""Production: output, capacity, quotas and forecasts, in physical units.

"Lynas produced 2,000 t of NdPr", "到2025年底内蒙古稀土新材料产能将超过20万吨", "China's
2024 mining quota was 270,000 t". The entity is the company, place or country named
before the tonnage; trade sentences are left to the trade extractor.
"""

from __future__ import annotations

from reewatch.extract.base import DocContext, SentenceView, make_fact, non_re_material_near, num
from reewatch.extract.resolve import area_of, best_product
from reewatch.lexicon import Lexicon
from reewatch.models import Fact


def extract_production(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    if not view.has("production", "capacity") or view.has("export", "import"):
        return []
    masses = [q for q in view.quantities if q.kind == "mass"]
    facts: list[Fact] = []
    for q in masses:
        if non_re_material_near(view, q.span[0], q.span[1], window=40):
            continue
        entities = [m for m in view.mentions if m.kind in {"company", "place", "area", "body"}
                    and m.end <= q.span[0] and area_of(m) != "WORLD"]
        entity_m = max(entities, key=lambda m: (m.kind == "company", m.end)) if entities else None
        if entity_m is None:
            entity_m = next((m for m in view.mentions if m.kind in {"company", "area"} and m.start >= q.span[1]), None)
        if entity_m is None:
            continue
        entity = area_of(entity_m) if entity_m.kind in {"area", "body"} else entity_m.entity.name
        product = best_product(view, lexicon, q.span[0], q.span[1]) or "rare-earths"
        if product not in {"rare-earths"} and product is None:
            continue
        period = view.period_near(q.span[0], q.span[1])
        kind = "actual"
        if view.cue_near(("capacity",), q.span[0], q.span[1], before=60, after=20):
            kind = "capacity"
        elif view.cue_near(("target",), q.span[0], q.span[1], before=60, after=20):
            kind = "target"
        elif view.cue_near(("forecast",), q.span[0], q.span[1], before=80, after=30) or (
            period and period.year and ctx.doc_date and period.year > ctx.doc_date.year):
            kind = "forecast"
        fields = {
            "entity": entity, "product": product, "quantity": num(q.value), "unit": q.unit,
            "period": period.period if period else None, "kind": kind,
        }
        if q.low is not None:
            fields.update(quantity_low=num(q.low), quantity_high=num(q.high))
        facts.append(make_fact("production", view, fields, f"production.{kind}", 0.7, raw=q.raw))
    return facts
