"""Company metrics: revenue, net profit, sales volume, orders, market value by period.

"Q3 revenue reached ¥1.916 billion (+50.76% YoY), net profit ¥115 million (+189.72% YoY)",
"前三季度实现营业收入25.3亿元，同比增长12%". Each metric word takes the amount that follows
it (or, failing that, the one just before it) and the change right after that amount.
"""

from __future__ import annotations

import re
from decimal import Decimal

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


_FLOWS = frozenset({"quarter", "half", "range", "year"})

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


# "contre 252 millions d'euros un an plus tôt", "compared with $4.1 million", "上年同期为亏损2.98亿元":
# the amount after it is the same metric in the period a year before.
_PRIOR_BEFORE = re.compile(
    r"(?:\bcontre|\bversus|\bvs\.?|\bcompared (?:with|to)|\bagainst|\bgegenüber|"
    r"上年同期为|去年同期为|上年同期|去年同期|上年为|去年为|上年同期為|去年同期為)"
    r"(?:\s*(?:une?|a|an|einem|einen)?\s*(?:perte nette|perte|net loss|loss|verlust|亏损|虧損)?"
    r"\s*(?:de|d'|of|von)?\s*)$"
)
# "… versus analysts' forecasts of", "contre un consensus de": an expectation, not the prior period.
_EXPECTED = re.compile(r"consensus|attentes|prévisions|forecast|estimate|expectation|erwartung|预期|预测")


def _prior_marker(view: SentenceView, lo: int, start: int) -> bool:
    """Whether a comparison word stands right before `start` (after `lo`): the amount there is
    the previous period's."""
    window = view.lower[max(lo, start - 40) : start]
    m = _PRIOR_BEFORE.search(window)
    return bool(m) and not _EXPECTED.search(window)


def _previous_period(period: str | None) -> str | None:
    """The same period a year before: 2025-H1 -> 2024-H1, 2025-01..2025-09 -> 2024-01..2024-09."""
    if not period or not period[:4].isdigit():
        return None
    return re.sub(r"\d{4}", lambda m: str(int(m.group()) - 1), period)


# A company described instead of named: "les ventes du chimiste belge", "the Australian miner",
# "der Münchner Konzern". The country there is the company's, not the subject of the sentence.
_DESCRIPTOR = (
    r"(?:chimiste|groupe|industriel|minier|producteur|fabricant|spécialiste|recycleur|aimantier|équipementier|"
    r"sidérurgiste|société|entreprise|start-up|géant|leader|numéro un|"
    r"group|company|firm|miner|producer|maker|manufacturer|giant|supplier|refiner|recycler|chemicals group|"
    r"konzern|hersteller|unternehmen|zulieferer)"
)
_DESCRIBED_AFTER = re.compile(r"\b" + _DESCRIPTOR + r"\s+$")  # "du chimiste | belge"
_DESCRIBED_BEFORE = re.compile(r"\s+(?:[a-z-]+\s+)?" + _DESCRIPTOR + r"\b")  # "Belgian | chemicals group"


def _describing(view: SentenceView, m) -> bool:
    """Whether an area mention only qualifies a describing noun of a company."""
    if _DESCRIBED_AFTER.search(view.lower, max(0, m.start - 25), m.start):
        return True
    return bool(_DESCRIBED_BEFORE.match(view.lower, m.end)) and view.lower[max(0, m.start - 4) : m.start] in (
        "the ",
        "les ",
        " le ",
        " la ",
        "der ",
        "die ",
    )


def _period(view: SentenceView, cue, amount, nxt: int) -> PeriodMention | None:
    """The period nearest the metric, but not one that a later comparison states ("…, contre
    une perte nette de 3,5 millions de dollars au premier semestre 2024")."""
    end = amount.span[1] if amount else cue.end
    periods = [
        p
        for p in view.periods
        if not p.baseline
        and not (
            p.span[0] >= nxt
            and any(_prior_marker(view, end, q.span[0]) for q in view.quantities if end <= q.span[0] < p.span[0])
        )
    ]
    if len(periods) == len(view.periods):
        return view.period_near(cue.start, end)
    best: tuple[int, PeriodMention] | None = None
    for p in periods:
        dist = max(0, cue.start - p.span[1] if p.span[1] <= cue.start else p.span[0] - end + 1)
        if best is None or dist < best[0]:
            best = (dist, p)
    return best[1] if best else None


# ------------------------------------------------------------- results tables
# "Sales revenue (A$m) 182.7 196.4", "Sales volume (t REO) 2,975 3,380": a row of a report's table,
# the unit in brackets, one figure a column (this quarter, then the ones before).
_UNIT_ROW = re.compile(
    r"^[^\d()]{3,60}\(\s*(?:(?P<cur>A\$|AU\$|US\$|C\$|\$|€|£|RMB|CNY|EUR|USD|AUD)\s*(?P<scale>m|mn|million|millions|bn|b|billion|k|000)?"
    r"|(?P<mass>t|tonnes|tons|kt)(?:\s+[A-Za-z]{2,5})?)\s*\)(?P<cells>(?:\s+-?[\d.,]+){1,4})$"
)
_ROW_CURRENCY = {"A$": "AUD", "AU$": "AUD", "AUD": "AUD", "US$": "USD", "USD": "USD", "$": "USD", "C$": "CAD"}
_ROW_CURRENCY |= {"€": "EUR", "EUR": "EUR", "£": "GBP", "RMB": "CNY", "CNY": "CNY"}
_ROW_SCALE = {None: 1, "k": 10**3, "000": 10**3, "m": 10**6, "mn": 10**6, "million": 10**6, "millions": 10**6}
_ROW_SCALE |= {"bn": 10**9, "b": 10**9, "billion": 10**9}
# "… from India to Japan": a route, so a trade flow
_ROUTE = re.compile(r"\bfrom\s+[a-z]+(?:\s+[a-z]+)?\s+to\b|\bde (?:la |l'|l’)?[a-zé]+\s+(?:vers|à destination)")


def _unit_row(view: SentenceView, ctx: DocContext, company: str, row: re.Match[str], cues) -> list[Fact]:
    if not cues or cues[0].start != 0:
        return []
    metric = cues[0].category
    if row.group("mass"):
        if metric not in {"sales_volume", "revenue"}:
            return []
        metric, currency, unit, factor = "sales_volume", None, "t", 1000 if row.group("mass") == "kt" else 1
    else:
        if metric == "sales_volume":
            metric = "revenue"
        currency, unit, factor = _ROW_CURRENCY[row.group("cur")], None, _ROW_SCALE[row.group("scale")]
    facts = []
    for q in view.quantities:
        if q.kind != "number" or q.span[0] < row.start("cells"):
            continue
        fields = {
            "company": company,
            "metric": metric,
            "value": num(q.value * factor),
            "currency": currency,
            "unit": unit,
            "period": None,
            "change_yoy_pct": None,
            "change_qoq_pct": None,
        }
        if not _told_before(ctx, fields):
            facts.append(make_fact("company_metric", view, fields, f"company.row-{metric}", 0.6, raw=q.raw))
    return facts


def _told_before(ctx: DocContext, fields: dict) -> bool:
    """Whether the document gave this figure already (a highlight and its table; the company may
    be named differently, "Lynas Malaysia" and "Lynas": two companies with the very same figure are
    rarer than that)."""
    key = ("company_metric", fields["metric"], fields["value"], fields["currency"], fields["unit"])
    told = key in ctx.seen
    ctx.seen.add(key)
    return told


# A row of a Chinese results table: "营业收入\t1,386,452,307.18\t21.37\t3,802,915,664.52\t14.86" under
# 本报告期 | 比上年同期增减(%) | 年初至报告期末 | 比上年同期增减(%) (a quarterly report), or
# 本报告期 | 上年同期 | 增减(%) and 2024年 | 2023年 | 本年比上年增减(%) (half-year and annual reports).
_ROW_LABELS = (
    ("revenue", re.compile(r"^(?:营业收入|营业总收入|營業收入|營業總收入)$")),
    (
        "net_profit",
        re.compile(
            r"^(?:归属于(?:上市公司|母公司)(?:股东|所有者)的净利润|歸屬於(?:上市公司|母公司)(?:股東|所有者)的淨利潤|净利润|淨利潤)$"
        ),
    ),
)
_ROW_VALUE = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d{5,}(?:\.\d+)?$")
_ROW_CHANGE = re.compile(r"^[-+]?\d{1,4}(?:\.\d+)?%?$")


def _table_row(view: SentenceView, ctx: DocContext, company: str) -> list[Fact]:
    cells = [c.strip() for c in view.text.split("\t")]
    metric = next((name for name, label in _ROW_LABELS if label.match(cells[0])), None)
    if metric is None or len(cells) < 2:
        return []
    kinds = [("value" if _ROW_VALUE.match(c) else "change" if _ROW_CHANGE.match(c) else None) for c in cells[1:]]
    if kinds[0] != "value":
        return []
    values = [Decimal(c.replace(",", "").rstrip("%")) if k else None for c, k in zip(cells[1:], kinds, strict=True)]
    # A table in 元 (the listed companies' template) writes every digit: "1,386,452,307.18". A
    # smaller figure may be in 万元, which the row alone cannot tell.
    if abs(values[0]) < 1e7:
        return []
    stated = ctx.last_stated_period
    quarter = stated.period if stated is not None and stated.kind == "quarter" and stated.period else None
    pairs: list[tuple[float, float | None, str | None]] = []
    if kinds[1:2] == ["change"]:
        pairs.append((values[0], values[1], quarter))
        if kinds[2:4] == ["value", "change"] and abs(values[2]) >= abs(values[0]):
            # 年初至报告期末: from January to the end of the reported quarter
            ytd = None
            if quarter is not None:
                year, q = quarter.split("-Q")
                ytd = f"{year}-01..{year}-{int(q) * 3:02d}" if q != "1" else quarter
            pairs.append((values[2], values[3], ytd))
    elif kinds[1:3] == ["value", "change"]:
        pairs.append((values[0], values[2], None))
    else:
        pairs.append((values[0], None, None))
    facts = []
    for value, change, period in pairs:
        fields = {
            "company": company,
            "metric": metric,
            "value": num(value),
            "currency": "CNY",
            "unit": None,
            "period": period,
            "change_yoy_pct": num(change),
            "change_qoq_pct": None,
        }
        facts.append(make_fact("company_metric", view, fields, f"company.table-{metric}", 0.7, raw=str(value)))
    return facts


def extract_company_metrics(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    companies = view.of_kind("company")
    company_m = companies[0] if companies else None
    cues = sorted(view.cues_of(*_METRICS), key=lambda c: c.start)
    unknown = None
    if company_m is None and cues and view.lang in {"zh", "ja"}:
        unknown = unknown_subject(view, cues[0].start)  # 中国稀土上半年实现营业收入...
    if (
        company_m is None
        and unknown is None
        and ctx.last_company is not None
        and all(_describing(view, m) for m in view.of_kind("area", "body"))
    ):
        company_m = ctx.last_company  # "Le chiffre d'affaires ...", "les ventes du chimiste belge ..."
    if company_m is None and unknown is None:
        return []
    company_name = company_m.entity.name if company_m is not None else unknown.name
    company_area = company_m.entity.area if company_m is not None else None
    if "\t" in view.text and view.lang == "zh":
        return _table_row(view, ctx, company_name)
    if view.text.endswith(tuple("0123456789")) and (row := _UNIT_ROW.match(view.text)):
        return _unit_row(view, ctx, company_name, row, cues)
    # the longest of the cues that start together ("sales volume" over "sales"), then no overlaps
    cues = sorted(cues, key=lambda c: (c.start, -c.end))
    cues = [c for i, c in enumerate(cues) if not (i and cues[i - 1].end > c.start)]
    facts: list[Fact] = []
    used: set[int] = set()
    previous_period: str | None = None
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
            if metric not in {"sales_volume", "revenue"} or _ROUTE.search(view.lower, amount.span[1], nxt):
                amount = None  # "shipped 1,050 tonnes of rare earths from India to Japan" is a trade flow
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
        period = _period(view, cue, amount, nxt)
        if period and period.period and period.kind in {"quarter", "half", "range", "year"}:
            fields["period"] = period.period
        elif period and period.period and period.kind in {"month", "day"} and metric in _STOCKS:
            fields["period"] = period.period  # a stock is stated at a date: "orders at the end of June"
        elif fiscal := _fiscal_period(view, period):
            fields["period"] = fiscal
        elif not view.periods or (period is None and not all(p.baseline for p in view.periods)):
            fields["period"] = _reported_period(view, ctx)
            recent = ctx.recent_period(1)
            if fields["period"] is None and not view.periods and recent is not None and recent.kind in _FLOWS:
                # "Solvay a publié un chiffre d'affaires … au premier semestre 2025. Le résultat net …"
                fields["period"] = recent.period
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
        if amount is not None and _prior_marker(view, clause_start, min(cue.start, amount.span[0])):
            own = period is not None and period.span[0] >= amount.span[1]
            if not own:  # "上年同期为亏损2.98亿元": the period of the figure before, a year back
                fields["period"] = _previous_period(previous_period)
        else:
            previous_period = fields["period"]
        if value is not None and _told_before(ctx, fields):
            continue
        facts.append(make_fact("company_metric", view, fields, f"company.{metric}", 0.8, raw=raw))
        # "186 millions d'euros, contre 252 millions d'euros un an plus tôt": the prior period's figure
        prior = next(
            (
                q
                for q in candidates
                if q is not amount
                and amount is not None
                and q.kind == amount.kind
                and amount.span[1] <= q.span[0] < nxt
                and _prior_marker(view, amount.span[1], q.span[0])
            ),
            None,
        )
        if prior is not None:
            used.add(id(prior))
            before = view.lower[amount.span[1] : prior.span[0]]
            value = num(prior.value)
            if metric == "net_profit" and any(w in before for w in ("perte", "loss", "verlust", "亏损", "虧損")):
                value = -value
            own = next((p for p in view.periods if p.period and prior.span[1] <= p.span[0] < nxt), None)
            prior_fields = {
                **{k: v for k, v in fields.items() if not k.startswith(("value_", "change_"))},
                "value": value,
                "period": own.period if own is not None else _previous_period(fields["period"]),
                "change_yoy_pct": None,
                "change_qoq_pct": None,
            }
            facts.append(make_fact("company_metric", view, prior_fields, f"company.{metric}-prior", 0.7, raw=prior.raw))
    if facts and company_m is not None:
        ctx.last_company = company_m
    return facts
