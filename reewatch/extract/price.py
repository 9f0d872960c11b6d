"""Prices: a money amount per unit (or next to a price word) and the product it prices.

"Dysprosium Iron: ¥1,510,000/ton (unchanged)", "氧化镨钕均价52.3万元/吨，周涨1.2%",
"NdPr oxide rose to $62.5/kg FOB China". The product is the nearest one named before the
amount in the same clause; a government price floor is a policy event, not a price.
"""

from __future__ import annotations

from reewatch.extract.base import (
    DocContext, SentenceView, make_fact, non_re_material_near, num, signed_change,
)
from reewatch.extract.resolve import best_product
from reewatch.lexicon import Lexicon
from reewatch.models import Fact

_CHANGE_WINDOW = 60


def extract_prices(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    if view.has("policy.price_floor"):
        return []
    money = [q for q in view.quantities if q.kind == "money"]
    if not money:
        return []
    facts: list[Fact] = []
    prices = [q for q in money if q.per_unit or view.has("price")]
    for i, q in enumerate(prices):
        if non_re_material_near(view, q.span[0], q.span[1]):
            continue
        prev_end = prices[i - 1].span[1] if i else 0
        # An amount right after "up"/"涨" without "to/至" is the change, not the level.
        mover = view.cue_near(("up", "down"), q.span[0], q.span[1], before=8, after=0)
        if mover and i and not view.lower[mover.end : q.span[0]].strip(" by"):
            continue
        product = best_product(view, lexicon, q.span[0], q.span[1], window=(prev_end, len(view.text)))
        if product is None and not q.per_unit:
            continue
        if product is None:
            continue
        nxt = prices[i + 1].span[0] if i + 1 < len(prices) else len(view.text)
        change_pct = direction = None
        for p in view.quantities:
            if p.kind == "percent" and q.span[1] <= p.span[0] < min(nxt, q.span[1] + _CHANGE_WINDOW):
                change_pct = signed_change(view, p)
                if change_pct is not None:
                    break
        dir_cue = view.cue_near(("up", "down", "flat"), q.span[0], q.span[1], before=25, after=30)
        if dir_cue and not (dir_cue.start > q.span[1] and dir_cue.start >= nxt):
            direction = dir_cue.category
        if change_pct is not None:
            direction = "up" if change_pct > 0 else "down" if change_pct < 0 else "flat"
        market = None
        market_cue = view.cue_near([c.category for c in view.cues_with_prefix("market.")],
                                   q.span[0], q.span[1], before=60, after=40)
        if market_cue:
            market = market_cue.category.split(".", 1)[1]
        as_of = None
        day = [p for p in view.periods if p.kind == "day" and p.period]
        if day:
            as_of = day[0].period
        elif ctx.doc_date:
            as_of = ctx.doc_date.isoformat()
        fields = {
            "product": product,
            "value": num(q.value),
            "currency": q.currency,
            "unit": q.unit,
            "market": market,
            "change_pct": change_pct,
            "change_abs": None,
            "direction": direction,
            "as_of": as_of,
        }
        if q.low is not None:
            fields.update(value_low=num(q.low), value_high=num(q.high))
        facts.append(make_fact("price", view, fields, "price.amount-per-unit" if q.per_unit else "price.cue",
                               0.9 if q.per_unit else 0.7, raw=q.raw))
    return facts
