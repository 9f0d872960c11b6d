"""Trade flows: exports and imports by reporter, partner, product and period.

"exports of rare earth magnets to the EU surged to 2,582 tons in August, up 21%
month-on-month", "中国1-9月稀土出口4.5万吨，同比增长5.1%", "US: shipments plummeted
28.7% MoM". Every tonnage in a trade sentence is one flow; its partner is the destination
named nearest to it ("to the EU", "对美国", "vers l'UE", "US: ..."), WORLD when none is.
"""

from __future__ import annotations

from dataclasses import dataclass

from reewatch.extract.base import (
    DocContext, SentenceView, basis, is_change, make_fact, non_re_material_near, num, signed_change,
)
from reewatch.extract.resolve import area_of, areas, best_product
from reewatch.lexicon import Lexicon, Mention
from reewatch.models import Fact, Quantity

_ARTICLES = ("the ", "l'", "la ", "le ", "les ", "die ", "den ", "der ")


@dataclass(slots=True)
class _Roles:
    partners: list[Mention]
    reporters: list[Mention]


def _roles(view: SentenceView, flow: str, lexicon: Lexicon) -> _Roles:
    """Split the areas of a trade sentence into destinations (partners) and reporters."""
    prep = "to" if flow == "export" else "from"
    prep_cues = view.cues_of(prep)
    partners, reporters = [], []
    for m in areas(view):
        code = area_of(m)
        if code == "WORLD":
            continue
        before = view.lower[max(0, m.start - 24) : m.start]
        for art in _ARTICLES:
            if before.endswith(art):
                before = before[: -len(art)]
        before = before.rstrip()
        is_partner = any(c.end == m.start or view.lower[c.end : m.start].strip() in {"", *(a.strip() for a in _ARTICLES)}
                         for c in prep_cues if c.end <= m.start)
        after = view.text[m.end : m.end + 4]
        if view.lang in {"ja", "ko"} and any(c.start == m.end or c.start == m.end + 1 for c in prep_cues):
            is_partner = True
        if after.startswith(":") or after.startswith("："):
            is_partner = True  # "US: 590 t" in a by-destination listing
        (partners if is_partner else reporters).append(m)
    # zh/ja one-character forms after a preposition: 对美出口, 向日本出口 is handled above
    for form, code in lexicon.short_area_forms(view.lang).items():
        start = 0
        while (idx := view.text.find(form, start)) >= 0:
            start = idx + 1
            if idx and view.text[idx - 1] in "对向至往赴自从對從" and not any(m.start <= idx < m.end for m in view.mentions):
                area = lexicon.entity_matcher.find(lexicon.area_name(code), lexicon.area_name(code).lower())
                if area:
                    partners.append(Mention(area[0].entity, idx, idx + len(form), form))
    return _Roles(partners, reporters)


def _flow_of(view: SentenceView) -> str | None:
    exports, imports = view.cues_of("export"), view.cues_of("import")
    if exports and not imports:
        return "export"
    if imports and not exports:
        return "import"
    if exports and imports:
        return "export" if exports[0].start <= imports[0].start else "import"
    return None


def extract_trade(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    flow = _flow_of(view)
    if flow is None or view.has("policy.export_halt", "policy.export_control") and not view.quantities:
        return []
    if view.has("share") and not any(q.kind == "mass" for q in view.quantities):
        return []  # "90% of US imports came from China" is a market share
    roles = _roles(view, flow, lexicon)
    reporter_m = next((m for m in roles.reporters), None)
    reporter = area_of(reporter_m) if reporter_m else ctx.last_reporter or ctx.home_area
    masses = [q for q in view.quantities if q.kind == "mass" and not non_re_material_near(view, *q.span)]
    values = [q for q in view.quantities if q.kind == "money" and not q.per_unit]
    changes = [q for q in view.quantities if is_change(view, q)]
    facts: list[Fact] = []
    anchors: list[Quantity] = masses or values
    if not anchors:
        change_q = next((q for q in changes if basis(view, q)), None)
        if change_q is None or view.hedged():
            return []
        anchors = [change_q]
    if any(m.kind == "material" for m in view.mentions) and not any(
        m.kind in {"product", "element"} for m in view.mentions
    ):
        return []
    for i, q in enumerate(anchors):
        lo = anchors[i - 1].span[1] if i else 0
        hi = anchors[i + 1].span[0] if i + 1 < len(anchors) else len(view.text)
        partner_m = view.nearest([p for p in roles.partners if lo <= p.start < hi], q.span[0])
        partner = area_of(partner_m) if partner_m else "WORLD"
        if partner == reporter:
            continue
        product = best_product(view, lexicon, q.span[0], q.span[1]) or ctx.last_trade_product
        if product is None:
            continue
        period_m = view.period_near(q.span[0], q.span[1])
        period = period_m.period if period_m and period_m.kind != "day" else None
        if period_m and period_m.kind == "day" and period_m.period:
            period = period_m.period[:7]
        fields: dict = {
            "flow": flow, "reporter": reporter, "partner": partner, "product": product,
            "quantity": None, "quantity_unit": None, "value": None, "currency": None, "period": period,
            "change_mom_pct": None, "change_yoy_pct": None, "value_change_yoy_pct": None,
        }
        if q.kind == "mass":
            fields.update(quantity=num(q.value), quantity_unit=q.unit)
            if q.low is not None:
                fields.update(quantity_low=num(q.low), quantity_high=num(q.high))
            money = next((v for v in values if q.span[1] <= v.span[0] < hi and not view.breaks(q.span[1], v.span[0])),
                         None)
            if money:
                fields.update(value=num(money.value), currency=money.currency)
        elif q.kind == "money":
            fields.update(value=num(q.value), currency=q.currency)
        # Changes after this anchor (and before the next one) describe it, unless it is a
        # baseline ("from 6,146 tons in August") that only anchors a comparison.
        is_baseline = view.lower[max(0, q.span[0] - 8) : q.span[0]].rstrip().endswith(("from", "较", "contre", "von"))
        if not is_baseline:
            for c in changes:
                if not (q.span[0] <= c.span[0] < hi or c is q or (lo <= c.span[0] < q.span[0] and i == 0)):
                    continue
                b = basis(view, c)
                value = signed_change(view, c)
                if value is None or b is None:
                    continue
                near_value = view.lower[max(0, c.span[0] - 30) : c.span[0]]
                key = {"mom": "change_mom_pct", "yoy": "change_yoy_pct"}.get(b)
                if key == "change_yoy_pct" and ("value" in near_value or "金额" in near_value or "en valeur" in near_value):
                    key = "value_change_yoy_pct"
                if key and fields[key] is None:
                    fields[key] = value
        if period is None and fields["change_mom_pct"] is not None and ctx.last_month_period:
            fields["period"] = ctx.last_month_period
        facts.append(make_fact("trade_flow", view, fields, f"trade.{q.kind}", 0.85 if reporter_m else 0.7, raw=q.raw))
        ctx.last_reporter = reporter
        ctx.last_trade_product = product
        if fields["period"] and len(fields["period"]) == 7 and not is_baseline:
            ctx.last_month_period = fields["period"]
    return facts
