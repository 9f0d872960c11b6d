"""Company metrics: revenue, net profit, sales volume, orders, market value by period.

"Q3 revenue reached ¥1.916 billion (+50.76% YoY), net profit ¥115 million (+189.72% YoY)",
"前三季度实现营业收入25.3亿元，同比增长12%". Each metric word takes the amount that follows
it (or, failing that, the one just before it) and the change right after that amount.
"""

from __future__ import annotations

import re

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
from reewatch.extractors.corporate import unknown_subject
from reewatch.lexicon import Lexicon
from reewatch.models import Fact
from reewatch.normalise.dates import PeriodMention

_METRICS = ("revenue", "net_profit", "sales_volume", "orders", "market_value")


def _multiple(view: SentenceView, lo: int, hi: int) -> float | None:
    """ "翻了一番", "multiplié par trois", "tripled": a change stated as a multiple."""
    for cue in view.cues_with_prefix("multiple."):
        if lo <= cue.start < hi:
            return float(cue.category.split(".", 1)[1])
    return None


# "chiffre d'affaires semestriel", "half-year revenue", "Halbjahresumsatz": results of the half
# (or quarter) that ended last before the report.
_HALF_WORDS = ("semestriel", "half-year", "half-yearly", "halbjahres", "半年度", "中期业绩")
_QUARTER_WORDS = ("trimestriel", "quarterly", "quartals", "单季度")


# "im Geschäftsjahr bis Ende Juni", "in the fiscal year to June", "exercice clos fin juin": a month
# with no year of its own ends a fiscal year.
_FISCAL_TO = re.compile(
    r"(?:geschäftsjahr|fiscal year|financial year|exercice(?: fiscal)?)\s+"
    r"(?:bis(?: ende)?|zum|to|ended|ending|ended in|ending in|(?:clos|achevé)(?: à)?(?: fin| le| au)?)"
    r"\s*(?:\d{1,2}\.?\s*)?$"
)


# Metrics that are a level at a point in time, not a flow over a period.
_STOCKS = frozenset({"orders", "market_value"})


def _fiscal_period(view: SentenceView, period: PeriodMention | None) -> str | None:
    """The twelve months a fiscal year "to June" covers (2025-06 -> 2024-07..2025-06)."""
    if period is None or period.kind != "month" or not period.period:
        return None
    if not _FISCAL_TO.search(view.lower, max(0, period.span[0] - 40), period.span[0]):
        return None
    year, month = (int(x) for x in period.period.split("-"))
    if month == 12:
        return str(year)
    return f"{year - 1}-{month + 1:02d}..{year}-{month:02d}"


def _reported_period(view: SentenceView, ctx: DocContext) -> str | None:
    """The half or quarter a results word with no period of its own refers to: the last one
    that ended before the document's date (a report of late August gives the first half)."""
    if ctx.doc_date is None or view.has("forecast"):
        return None
    year, month = ctx.doc_date.year, ctx.doc_date.month
    if any(w in view.lower for w in _HALF_WORDS):
        return f"{year}-H1" if month > 6 else f"{year - 1}-H2"
    if any(w in view.lower for w in _QUARTER_WORDS):
        quarter = (month - 1) // 3
        return f"{year}-Q{quarter}" if quarter else f"{year - 1}-Q4"
    return None


def extract_company_metrics(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    companies = view.of_kind("company")
    company_m = companies[0] if companies else None
    cues = sorted(view.cues_of(*_METRICS), key=lambda c: c.start)
    unknown = None
    if company_m is None and cues and view.lang in {"zh", "ja"}:
        unknown = unknown_subject(view, cues[0].start)  # 中国稀土上半年实现营业收入...
    if company_m is None and unknown is None and ctx.last_company is not None and not view.of_kind("area", "body"):
        company_m = ctx.last_company
    if company_m is None and unknown is None:
        return []
    company_name = company_m.entity.name if company_m is not None else unknown.name
    company_area = company_m.entity.area if company_m is not None else None
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
        currency = currency_of(view, amount, company_area) if amount is not None and amount.kind == "money" else None
        fields = {
            "company": company_name,
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
        elif period and period.period and period.kind in {"month", "day"} and metric in _STOCKS:
            fields["period"] = period.period  # a stock is stated at a date: "orders at the end of June"
        elif fiscal := _fiscal_period(view, period):
            fields["period"] = fiscal
        elif not view.periods:
            fields["period"] = _reported_period(view, ctx)
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
    if facts and company_m is not None:
        ctx.last_company = company_m
    return facts
