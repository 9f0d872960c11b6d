"""Company metrics: revenue, net profit, sales volume, orders, market value by period.

"Q3 revenue reached ¥1.916 billion (+50.76% YoY), net profit ¥115 million (+189.72% YoY)",
"前三季度实现营业收入25.3亿元，同比增长12%". Each metric word takes the amount that follows
it (or, failing that, the one just before it) and the change right after that amount.
"""

from __future__ import annotations

from reewatch.extractors.base import (
    DocContext,
    SentenceView,
    basis,
    currency_of,
    is_change,
    make_fact,
    num,
    signed_change,
)
from reewatch.lexicon import Lexicon
from reewatch.models import Fact

_METRICS = ("revenue", "net_profit", "sales_volume", "orders", "market_value")


def _multiple(view: SentenceView, lo: int, hi: int) -> float | None:
    """ "翻了一番", "multiplié par trois", "tripled": a change stated as a multiple."""
    for cue in view.cues_with_prefix("multiple."):
        if lo <= cue.start < hi:
            return float(cue.category.split(".", 1)[1])
    return None


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
        metric = cue.category
        candidates = [
            q for q in view.quantities if q.kind in {"money", "mass"} and not q.per_unit and id(q) not in used
        ]
        amount = next((q for q in candidates if cue.end <= q.span[0] < nxt), None)
        if amount is None:
            amount = next((q for q in candidates if 0 <= cue.start - q.span[1] <= 6), None)
        if amount is not None and amount.kind == "mass":
            if metric not in {"sales_volume", "revenue"}:
                amount = None
            else:
                metric = "sales_volume"  # "sales of NdFeB magnets reached 20,500 tonnes"
        elif amount is not None and metric == "sales_volume":
            metric = "revenue"  # "sales of 1.2 billion yuan"
        changes = [q for q in view.quantities if is_change(view, q) and cue.end <= q.span[0] < nxt]
        if not changes and amount is not None:  # "revenue fell 38% to $16.9 million"
            changes = [q for q in view.quantities if is_change(view, q) and cue.end <= q.span[0] < amount.span[0]]
        clause_start = cues[i - 1].end if i else 0
        multiple = _multiple(view, clause_start, nxt)  # "a multiplié par trois ... son chiffre d'affaires"
        if amount is None and not changes and multiple is None:
            continue
        if amount is not None:
            used.add(id(amount))
        value = num(amount.value) if amount is not None else None
        if (
            value is not None
            and metric == "net_profit"
            and value > 0
            and view.cue_near(("loss",), amount.span[0], amount.span[1], before=30, after=5)
        ):
            value = -value
        currency = (
            currency_of(view, amount, company_m.entity.area) if amount is not None and amount.kind == "money" else None
        )
        fields = {
            "company": company_m.entity.name,
            "metric": metric,
            "value": value,
            "currency": currency,
            "unit": amount.unit if amount is not None and amount.kind == "mass" else None,
            "period": None,
            "change_yoy_pct": None,
            "change_qoq_pct": None,
        }
        if amount is not None and amount.low is not None:
            fields.update(value_low=num(amount.low), value_high=num(amount.high))
        period = view.period_near(cue.start, amount.span[1] if amount else cue.end)
        if period and period.period and period.kind in {"quarter", "half", "range", "year"}:
            fields["period"] = period.period
        quarterly = bool(period and period.kind == "quarter")
        for change in changes:
            b = basis(view, change) or "yoy"
            if b == "mom" and quarterly:
                b = "qoq"  # 环比 in quarterly results compares with the previous quarter
            if b == "qoq" and period is not None and period.kind in {"year", "range"}:
                b = "yoy"  # 前期比 on a fiscal-year result compares with the previous year
            if b not in {"yoy", "qoq"} or fields[f"change_{b}_pct"] is not None:
                continue
            fields[f"change_{b}_pct"] = signed_change(view, change)
            if change.low is not None:
                fields[f"change_{b}_pct_low"] = num(change.low)
                fields[f"change_{b}_pct_high"] = num(change.high)
        if multiple is not None and fields["change_yoy_pct"] is None and not changes:
            fields["change_yoy_pct"] = multiple
        raw = amount.raw if amount is not None else (changes[0].raw if changes else None)
        facts.append(make_fact("company_metric", view, fields, f"company.{metric}", 0.8, raw=raw))
    if facts:
        ctx.last_company = company_m
    return facts
