"""Company metrics: revenue, net profit, sales volume, orders, market value by period.

"Q3 revenue reached ¥1.916 billion (+50.76% YoY), net profit ¥115 million (+189.72% YoY)",
"前三季度实现营业收入25.3亿元，同比增长12%". Each metric word takes the amount that follows
it (or, failing that, the one just before it) and the change right after that amount.
"""

from __future__ import annotations

import re
from dataclasses import replace
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
    r"(?:\s*(?:une?|a|an|einem|einen)?\s*(?:perte nette|perte|net loss|loss|verlust|亏损|虧損|bénéfice net|bénéfice"
    r"|net profit|net income|profit|gewinn|盈利)?"
    r"\s*(?:de|d'|of|von)?\s*)$"
)
# "… versus analysts' forecasts of", "contre un consensus de": an expectation, not the prior period.
_EXPECTED = re.compile(r"consensus|attentes|prévisions|forecast|estimate|expectation|erwartung|预期|预测")


# "narrowed to $18.7 million from $22.4 million", "up 24% from $78.1 million in 2024": after a
# figure, "from" and the amount it moved from.
_FROM_BEFORE = re.compile(r"\bfrom\s*(?:an?\s+)?(?:net\s+)?(?:loss\s+of\s+|profit\s+of\s+)?$")


def _prior_marker(view: SentenceView, lo: int, start: int, moved: bool = False) -> bool:
    """Whether a comparison word stands right before `start` (after `lo`): the amount there is
    the previous period's. `moved`: after a figure of the same metric, where "from" says it too."""
    window = view.lower[max(lo, start - 40) : start]
    m = _PRIOR_BEFORE.search(window) or (_FROM_BEFORE.search(window) if moved else None)
    return bool(m) and not _EXPECTED.search(window)


# "contre 1,4 milliard un an plus tôt", "上年同期为10.2亿": the prior figure in the currency of the first.
_SCALED = re.compile(r"(?:million|milliard|billion|mrd|mio|bn|亿|万|億)", re.IGNORECASE)
_LOSS_WORDS = ("perte", "loss", "verlust", "亏损", "虧損", "赤字", "損失")
_PROFIT_WORDS = ("profit", "bénéfice", "gewinn", "盈利", "利润", "income", "earnings")


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
            and any(
                _prior_marker(view, end, q.span[0], moved=True) for q in view.quantities if end <= q.span[0] < p.span[0]
            )
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
    label = view.text.find("(")  # "Sales revenue (A$m)", "NdPr oxide sold (tonnes)": the metric in the label
    if not cues or cues[0].start >= label:
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


def _told_before(ctx: DocContext, fields: dict, rounded: bool = False) -> bool:
    """Whether the document gave this figure already (a highlight and its table; the company may
    be named differently, "Lynas Malaysia" and "Lynas": two companies with the very same figure are
    rarer than that). `rounded`: a table's figure in thousands against the text's rounded one
    (96,815 and "$96.8 million")."""
    key = ("company_metric", fields["metric"], fields["value"], fields["currency"], fields["unit"])
    told = key in ctx.seen or (rounded and _told_value(ctx, fields["metric"], fields["value"]) is not None)
    ctx.seen.add(key)
    return told


def _told_value(ctx: DocContext, metric: str, value: float, currency: str | None = None) -> tuple | None:
    """The key of a figure of `metric` the document gave already within 0.5 % of `value`."""
    for key in ctx.seen:
        if (
            len(key) == 5
            and key[0] == "company_metric"
            and key[1] == metric
            and isinstance(key[2], int | float)
            and (currency is None or key[3] == currency)
            and abs(key[2] - value) <= abs(value) * 0.005
            and (key[2] > 0) == (value > 0)
        ):
            return key
    return None


# A row of a results table, its cells split at "|" ("归属于上市公司股东的净利润 | 盈利：9,500万元–12,500万元 |
# 亏损：21,684.32万元") or by blanks ("Net loss attributable to the Company (71,402) (47,832) n.m."):
# the metric in the label, then one figure a column, this period first and the year before next.
_SPACED_ROW = re.compile(
    r"^(?P<label>[^\d|:;.,。，；：]{3,70}?)(?P<cells>(?:\s+(?:\(?[-+−]?\d[\d,.]*\)?%?|n\.?m\.?|n/a|–|—|-))+)\s*$",
    re.IGNORECASE,
)
# Rows that hold no metric of FACTS.md: earnings per share, profit net of one-off items.
_OTHER_ROW = re.compile(
    r"每股|per share|\beps\b|par action|je aktie|扣除非经常性损益|扣非|non-recurring|adjusted|ajusté|bereinigt",
    re.IGNORECASE,
)
_CELL_LOSS = re.compile(r"亏损|虧損|loss|perte|verlust|赤字")
_SCALE = "company.table-scale"  # the tag of the scale learnt for a table's bare figures
_SCALES = (1, 1_000, 10_000, 1_000_000)


_CELL = re.compile(r"\(?[-+−]?\d[\d,.]*\)?%?|n\.?m\.?|n/a")


def _may_be_row(text: str) -> bool:
    """A cheap test: the line is short and ends in two figures."""
    if len(text) > 160 or not (text[-1:].isdigit() or text.endswith(("%", ")", "n.m.", "n/a"))):
        return False
    tail = text.rsplit(None, 2)
    return len(tail) == 3 and bool(_CELL.fullmatch(tail[1])) and bool(_CELL.fullmatch(tail[2]))


def _row_cells(view: SentenceView) -> list[tuple[int, int]] | None:
    if view.text.count("|") >= 2:
        spans, start = [], 0
        for i, ch in enumerate(view.text + "|"):
            if ch == "|":
                if view.text[start:i].strip():
                    spans.append((start, i))
                start = i + 1
        return spans if len(spans) >= 2 else None
    m = _SPACED_ROW.match(view.text)
    if m is None:
        return None
    cells = [(c.start(), c.end()) for c in re.finditer(r"\S+", view.text[m.end("label") :])]
    cells = [(a + m.end("label"), b + m.end("label")) for a, b in cells]
    if sum(any(ch.isdigit() for ch in view.text[a:b]) and "%" not in view.text[a:b] for a, b in cells) < 2:
        return None
    return [(0, m.end("label")), *cells]


def _results_row(view: SentenceView, ctx: DocContext, company: str, cues) -> list[Fact] | None:
    """The figures of a results-table row; None when the sentence is no such row."""
    spans = _row_cells(view)
    if spans is None:
        return None
    a, b = spans[0]
    cue = next((c for c in cues if a <= c.start < b), None)
    if cue is None:
        return None
    if _OTHER_ROW.search(view.text, a, b) or any(_per_share(view, q) for q in view.quantities):
        return []
    metric = cue.category
    loss_label = any(a <= c.start < b for c in view.cues_of("loss"))
    figures: list[tuple[Decimal, Decimal | None, Decimal | None, str | None, bool, int]] = []
    bare: list[tuple[Decimal, bool, int]] = []
    change = None
    for x, y in spans[1:]:
        cell = view.text[x:y]
        inside = [q for q in view.quantities if x <= q.span[0] < y]
        money = [q for q in inside if q.kind == "money" and not q.per_unit]
        negative = bool(_CELL_LOSS.search(cell)) or loss_label or cell.strip().startswith(("(", "-", "−"))
        if money:
            q = money[0]
            figures.append((q.value, q.low, q.high, currency_of(view, q), negative, len(figures)))
        elif any(q.kind == "percent" for q in inside):
            if change is None and figures + bare:
                change = next(q for q in inside if q.kind == "percent")
        elif any(q.kind == "number" for q in inside) and metric in {"revenue", "net_profit", "orders"}:
            q = next(q for q in inside if q.kind == "number")
            bare.append((q.value, negative, len(figures) + len(bare)))
    if not figures and not bare:
        return None  # "北方稀土营收增长20% | 证券时报 | 2026-01-20": a headline line, not a table row
    if bare and not figures:
        scale = _table_scale(ctx, metric, bare)
        if scale is None:
            return []
        factor, currency = scale
        figures = [(v * factor, None, None, currency, neg, i) for v, neg, i in bare]
    base = ctx.recent_period(8)
    period = base.period if base is not None and base.kind in _FLOWS else None
    facts = []
    change_pct = None
    if change is not None:
        change_pct = signed_change(view, change)
        change_pct = num(change.value) if change_pct is None else change_pct
    for value, low, high, currency, negative, column in figures:
        sign = -1 if negative and metric == "net_profit" else 1
        fields = {
            "company": company,
            "metric": metric,
            "value": num(abs(value) * sign),
            "currency": currency,
            "unit": None,
            "period": period if column == 0 else _previous_period(period) if column == 1 else None,
            "change_yoy_pct": change_pct if column == 0 else None,
            "change_qoq_pct": None,
        }
        if low is not None:
            fields.update(value_low=num(abs(low) * sign), value_high=num(abs(high) * sign))
        if not _told_before(ctx, fields, rounded=True):
            facts.append(make_fact("company_metric", view, fields, f"company.results-row-{metric}", 0.65))
    return facts


def _table_scale(ctx: DocContext, metric: str, bare: list) -> tuple[int, str | None] | None:
    """The scale and currency of a table's bare figures ("(in thousands of US$)" above it): learnt
    from a row whose figure the text gave already ("Total revenues 96,815" after "$96.8 million")."""
    for key in ctx.seen:
        if key[:1] == (_SCALE,):
            return key[1], key[2]
    for value, negative, _ in bare:
        for factor in _SCALES:
            told = _told_value(ctx, metric, float(value) * factor * (-1 if negative and metric == "net_profit" else 1))
            if told is not None:
                ctx.seen.add((_SCALE, factor, told[3]))
                return factor, told[3]
    return None


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


def _same_change(a: dict, b: dict) -> bool:
    for name in ("change_yoy_pct", "change_qoq_pct"):
        x, y = a.get(name), b.get(name)
        if x is not None and y is not None and abs(x - y) <= 0.5 and (x > 0) == (y > 0):
            return True
    return False


def _restated(ctx: DocContext, fact: Fact) -> bool:
    """A change a headline states alone ("厦门钨业2025年稀土业务营收增长22%") and the body again with
    the figure (6.85 billion yuan, +22.4%) is one fact: the body's, which keeps what only the
    headline said (the period). True when `fact` repeats a fact already emitted."""
    f = fact.fields
    if f["value"] is None:
        key = ("company.figure", f["company"], f["metric"])
        if any(_same_change(f, e.fields) for e in ctx.events.get(key, [])):
            return True
        ctx.events.setdefault(("company.change-only", f["company"], f["metric"]), []).append(fact)
        return False
    ctx.events.setdefault(("company.figure", f["company"], f["metric"]), []).append(fact)
    alone = ctx.events.get(("company.change-only", f["company"], f["metric"]), [])
    same = next((e for e in alone if _same_change(e.fields, f)), None)
    if same is None:
        return False
    alone.remove(same)
    merged = {k: (v if v is not None or k.startswith("value") else same.fields.get(k)) for k, v in f.items()}
    same.sentence, same.span, same.lang, same.fields = fact.sentence, fact.span, fact.lang, merged
    same.raw, same.rule, same.confidence = fact.raw, fact.rule, fact.confidence
    return True


# "$0.32 per share", "0.64元/股", "0,45 € par action", "1,20 Euro je Aktie": earnings per share.
_PER_SHARE = re.compile(r"\s*(?:/\s*(?:股|share)|per (?:share|diluted share)|a share|par action|je aktie|每股)")


def _per_share(view: SentenceView, q) -> bool:
    return bool(_PER_SHARE.match(view.lower, q.span[1]))


_CURRENCY_AFTER = re.compile(r"\s*(?:dollars?|cents?)\b")  # "Australian dollars"
_CURRENCY_NAME_BEFORE = re.compile(r"(?:dollars?|cents?)\s*$")  # "dollars australiens"


def _in_amount(view: SentenceView, m) -> bool:
    """ "412,6 millions de dollars australiens", "A$ (Australian dollars)": a country named in a
    currency, not the subject of the sentence."""
    return (
        any(q.span[0] <= m.start < q.span[1] for q in view.quantities if q.kind == "money")
        or bool(_CURRENCY_AFTER.match(view.lower, m.end))
        or bool(_CURRENCY_NAME_BEFORE.search(view.lower, max(0, m.start - 12), m.start))
    )


# The company a report is about: "公司", "the Company" (a defined term in a release), "同社" name
# it, not the last company the text mentioned ("中国稀土集团…取得公司控股权" then "公司实现营业收入…").
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
        and (ctx.last_company is not None or ctx.main_company is not None)
        and all(_describing(view, m) or _in_amount(view, m) for m in view.of_kind("area", "body"))
    ):
        # "Le chiffre d'affaires ...", "les ventes du chimiste belge ...", a bare 公司 / "the Company"
        company_m = ctx.referent(view)
    if company_m is None and unknown is None:
        return []
    company_name = company_m.entity.name if company_m is not None else unknown.name
    company_area = company_m.entity.area if company_m is not None else None
    if "\t" in view.text and view.lang == "zh":
        return _table_row(view, ctx, company_name)
    if view.text.endswith(tuple("0123456789")) and (row := _UNIT_ROW.match(view.text)):
        return _unit_row(view, ctx, company_name, row, cues)
    if (view.text.count("|") >= 2 or _may_be_row(view.text)) and (
        rows := _results_row(view, ctx, company_name, cues)
    ) is not None:
        return rows
    # the longest of the cues that start together ("sales volume" over "sales"), then no overlaps
    cues = sorted(cues, key=lambda c: (c.start, -c.end))
    cues = [c for i, c in enumerate(cues) if not (i and cues[i - 1].end > c.start)]
    facts: list[Fact] = []
    used: set[int] = set()
    if any(w in view.lower for w in ("share", "股", "action", "aktie")):
        used.update(id(q) for q in view.quantities if q.kind == "money" and _per_share(view, q))
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
        if amount is None and i and _prior_marker(view, cues[i - 1].end, cue.start):
            # "…, contre un bénéfice de 50 millions": the prior figure, in the currency stated before
            earlier = next((q for q in reversed(view.quantities) if q.kind == "money" and q.span[1] <= cue.start), None)
            amount = next(
                (
                    q
                    for q in view.quantities
                    if q.kind == "number" and cue.end <= q.span[0] < nxt and _SCALED.search(q.raw)
                ),
                None,
            )
            if amount is not None and earlier is not None:
                amount = replace(amount, kind="money", currency=earlier.currency)
            else:
                amount = None
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
            and (
                view.cue_near(("loss",), amount.span[0], amount.span[1], before=30, after=5)
                or any(c.start == cue.start for c in view.cues_of("loss"))  # "Net loss attributable to … of $71.4m"
            )
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
        fact = make_fact("company_metric", view, fields, f"company.{metric}", 0.8, raw=raw)
        if not _restated(ctx, fact):
            facts.append(fact)
        # "186 millions d'euros, contre 252 millions d'euros un an plus tôt": the prior period's figure
        prior = next(
            (
                q
                for q in (*candidates, *(q for q in view.quantities if q.kind == "number"))
                if q is not amount
                and amount is not None
                and (q.kind == amount.kind or (amount.kind == "money" and _SCALED.search(q.raw)))
                and amount.span[1] <= q.span[0] < nxt
                and _prior_marker(view, amount.span[1], q.span[0], moved=True)
            ),
            None,
        )
        if prior is not None:
            used.add(id(prior))
            before = view.lower[amount.span[1] : prior.span[0]]
            value = num(prior.value)
            if metric == "net_profit":
                # "a net loss of $71.4 million, compared with a net loss of $47.8 million", "narrowed
                # to $18.7 million from $22.4 million": the sign the comparison states, else the figure's
                stated_loss = any(w in before for w in _LOSS_WORDS)
                stated_profit = any(w in before for w in _PROFIT_WORDS)
                if stated_loss or (fields["value"] is not None and fields["value"] < 0 and not stated_profit):
                    value = -value
            own = next((p for p in view.periods if p.period and prior.span[1] <= p.span[0] < nxt), None)
            prior_fields = {
                **{k: v for k, v in fields.items() if not k.startswith(("value_", "change_"))},
                "value": value,
                "period": own.period if own is not None else _previous_period(fields["period"]),
                "change_yoy_pct": None,
                "change_qoq_pct": None,
            }
            if not _told_before(ctx, prior_fields):
                facts.append(
                    make_fact("company_metric", view, prior_fields, f"company.{metric}-prior", 0.7, raw=prior.raw)
                )
    if facts and company_m is not None:
        ctx.last_company = company_m
    return facts
