"""Company metrics: revenue, net profit, sales volume, orders, market value by period.

"Q3 revenue reached ¥1.916 billion (+50.76% YoY), net profit ¥115 million (+189.72% YoY)",
"前三季度实现营业收入25.3亿元，同比增长12%". Each metric word takes the amount that follows
it (or, failing that, the one just before it) and the change right after that amount.
"""

from __future__ import annotations

from reewatch.extract.base import DocContext, SentenceView, basis, is_change, make_fact, num, signed_change
from reewatch.lexicon import Lexicon
from reewatch.models import Fact

_METRICS = ("revenue", "net_profit", "sales_volume", "orders", "market_value")


def extract_company_metrics(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    companies = view.of_kind("company")
    company_m = companies[0] if companies else None
    if company_m is None and ctx.last_company is not None and not view.of_kind("area", "body"):
        company_m = ctx.last_company
    if company_m is None:
        return []
    cues = sorted(view.cues_of(*_METRICS), key=lambda c: c.start)
    cues = [c for i, c in enumerate(cues) if not (i and cues[i - 1].end > c.start)]
    facts: list[Fact] = []
    used: set[int] = set()
    for i, cue in enumerate(cues):
        nxt = cues[i + 1].start if i + 1 < len(cues) else len(view.text)
        wanted = "mass" if cue.category == "sales_volume" else "money"
        amount = next((q for q in view.quantities if q.kind == wanted and not q.per_unit and cue.end <= q.span[0] < nxt
                       and id(q) not in used), None)
        if amount is None:
            amount = next((q for q in view.quantities if q.kind == wanted and not q.per_unit
                           and 0 <= cue.start - q.span[1] <= 6 and id(q) not in used), None)
        change = next((q for q in view.quantities if is_change(view, q) and cue.end <= q.span[0] < nxt), None)
        if amount is None and change is None:
            continue
        if amount is not None:
            used.add(id(amount))
        value = num(amount.value) if amount is not None else None
        if value is not None and cue.category == "net_profit" and view.has("loss") and value > 0:
            loss = view.cue_near(("loss",), amount.span[0], amount.span[1], before=30, after=5)
            if loss:
                value = -value
        fields = {
            "company": company_m.entity.name, "metric": cue.category, "value": value,
            "currency": amount.currency if amount is not None and amount.kind == "money" else None,
            "unit": amount.unit if amount is not None and amount.kind == "mass" else None,
            "period": None, "change_yoy_pct": None, "change_qoq_pct": None,
        }
        if amount is not None and amount.low is not None:
            fields.update(value_low=num(amount.low), value_high=num(amount.high))
        if change is not None:
            b = basis(view, change) or "yoy"
            if b in {"yoy", "qoq"}:
                fields[f"change_{b}_pct"] = signed_change(view, change)
            if b == "mom" and view.lang == "zh":
                fields["change_qoq_pct"] = signed_change(view, change)  # 环比 in quarterly results
        period = view.period_near(cue.start, amount.span[1] if amount else cue.end)
        if period and period.period and period.kind in {"quarter", "half", "range", "year"}:
            fields["period"] = period.period
        facts.append(make_fact("company_metric", view, fields, f"company.{cue.category}", 0.8,
                               raw=amount.raw if amount is not None else change.raw))
    if facts:
        ctx.last_company = company_m
    return facts
