"""Prices: a money amount per unit (or next to a price word) and the product it prices.

"Dysprosium Iron: ¥1,510,000/ton (unchanged)", "氧化镨钕均价52.3万元/吨，周涨1.2%",
"NdPr oxide rose to $62.5/kg FOB China", "Terbium metal rose 2.1% to 8,600 yuan/kg".
The product is the nearest one named before the amount in the same clause (or, in a
"respectively" list, the one in the same position). An amount right after "up"/"上涨"
is the change (`change_abs`), not the level. A government price floor is a policy event.
A price stated only as a change ("NdFeB prices have risen 15%", "have nearly tripled")
is kept with `value: null` when it names a specific product.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from reewatch.extractors.base import (
    GENERIC_PRODUCTS,
    DocContext,
    SentenceView,
    currency_of,
    is_change,
    make_fact,
    non_re_material_near,
    num,
    signed_change,
)
from reewatch.extractors.resolve import best_product, product_mentions, product_of
from reewatch.lexicon import PRODUCT_IDS, Lexicon, Mention
from reewatch.models import Fact, Quantity
from reewatch.normalise.dates import PeriodMention, weekday_date

_CHANGE_WINDOW = 70
_SPEC_BEFORE = ("=", "reo", "treo", "purity", "min", "纯度", "≥")


def _is_change_amount(view: SentenceView, q: Quantity) -> bool:
    """'up 5,000 yuan/t', '上涨3000元/吨', 'gagne 10 000 yuans', '(+60 €)': an amount that is a move."""
    if q.signed and q.span[0] and q.raw[1:2] != " " and view.text[q.span[0] - 1] in "(（ ,，":
        return True  # a sign glued to the amount, not a list's dash ("- 1 150 €/kg")
    cue = view.cue_near(("up", "down"), q.span[0], q.span[1], before=12, after=0)
    if cue is None or cue.end > q.span[0]:
        return False  # "68.0-68.5万元/吨涨1.5%": a cue right after the amount moves the price, not the amount
    between = view.lower[cue.end : q.span[0]].strip()
    return between in {"", "by", "de", "of", "um", "了"} or between.endswith(("by", "de"))


def _change_abs(view: SentenceView, level: Quantity, moves: list[Quantity]) -> float | None:
    for m in moves:
        if m.currency != level.currency or view.breaks(min(m.span[1], level.span[1]), max(m.span[0], level.span[0])):
            continue
        if abs(m.span[0] - level.span[1]) <= _CHANGE_WINDOW or abs(level.span[0] - m.span[1]) <= 40:
            value = float(m.value)
            if m.signed:
                return value
            cue = view.cue_near(("up", "down"), m.span[0], m.span[1], before=12, after=0)
            return -abs(value) if cue and cue.category == "down" else abs(value)
    return None


# "99.99% min", "99,5 % min.", "≥99.5% purity": a grade, not a move.
_SPEC_AFTER = re.compile(r"\s*(?:min\b|minimum\b|purity\b|pureté\b|reinheit\b|纯度)")


# "Nd2O3 75%", "(TREO 92%)": a component's share in the product.
_FORMULA_BEFORE = re.compile(r"\b(?:[A-Z][a-z]?\d+(?:[A-Z][a-z]?\d*)+|T?REO)\s*$")


def _of_other_quantity(view: SentenceView, p: Quantity, q: Quantity) -> bool:
    """ "ont atteint 3 950 tonnes, en hausse de 21 %, à un prix moyen de 88,2 $ A/kg": a change
    right after a tonnage is the tonnage's; so is one right after a total that is no price
    ("수입액은 8,270만 달러로 전년 동월 대비 3.5% 늘어, 수입 단가는 kg당 59.8달러로")."""
    if not any(k.kind == "mass" or (k.kind == "money" and not k.per_unit) for k in view.quantities):
        return False
    before = None
    for k in view.quantities:
        if k.span[1] <= p.span[0]:
            before = k
        else:
            break
    return (
        before is not None
        and before is not q
        and (before.kind == "mass" or (before.kind == "money" and not before.per_unit and before.value >= 1_000_000))
        and p.span[0] - before.span[1] <= 25
        and not (before.span[1] <= q.span[0] < p.span[0])
    )


def _change_pct(view: SentenceView, q: Quantity, lo: int, hi: int) -> float | None:
    best: tuple[int, float] | None = None
    for p in view.quantities:
        if p.kind != "percent" or not (lo <= p.span[0] < hi) or not is_change(view, p):
            continue
        if view.lower[max(0, p.span[0] - 6) : p.span[0]].strip().endswith(_SPEC_BEFORE):
            continue
        if _SPEC_AFTER.match(view.lower, p.span[1]) or _of_other_quantity(view, p, q):
            continue
        if _FORMULA_BEFORE.search(view.text, max(0, p.span[0] - 12), p.span[0]):
            continue  # "NdPr oxide (Nd2O3 75%)": the share of a component
        value = signed_change(view, p)
        if value is None:
            continue
        dist = p.span[0] - q.span[1] if p.span[0] >= q.span[1] else q.span[0] - p.span[1]
        if (
            dist <= _CHANGE_WINDOW
            and not view.breaks(min(p.span[0], q.span[0]), max(p.span[0], q.span[0]))
            and (best is None or dist < best[0])
        ):
            best = (dist, value)
    return best[1] if best else None


# What joins the names of a list: "oxydes de lanthane et de cérium", "lanthanum and cerium oxides".
_LIST_JOIN = re.compile(r"\s*(?:,|、|，|/|and|et|und|y|和|与|及)\s*(?:(?:de|d'|of)\s*)?")


def _listed_products(view: SentenceView, lexicon: Lexicon) -> list[tuple[Mention, str]]:
    """Products in order, where an element listed next to an oxide or metal takes that form:
    "oxydes de lanthane et de cérium" names la-oxide and ce-oxide, "dysprosium and terbium
    metal" dy-metal and tb-metal."""
    named = sorted(view.of_kind("product", "element"), key=lambda m: m.start)
    out = []
    for i, m in enumerate(named):
        pid = product_of(m, lexicon)
        if m.kind == "element" and (pid is None or pid == m.id.lower()):
            for nb in (named[i - 1] if i else None, named[i + 1] if i + 1 < len(named) else None):
                if nb is None or nb.kind != "product" or not nb.id.endswith(("-oxide", "-metal")):
                    continue
                a, b = (nb.end, m.start) if nb.end <= m.start else (m.end, nb.start)
                form = f"{m.id.lower()}-{nb.id.rsplit('-', 1)[1]}"
                if a <= b and _LIST_JOIN.fullmatch(view.lower[a:b]) and form in PRODUCT_IDS:
                    pid = form
                    break
        if pid:
            out.append((m, pid))
    return out


# "75% Nd2O3", "99.5% Dy2O3 min", "Nd2O3/TREO≥75%": a product (a chemical formula) named as
# the grade of the product priced, not the product itself.
_GRADE_AFTER = re.compile(r"\s*(?:/\s*t?reo\s*)?(?:≥|>=|≧|>)\s*\d")
# "Nd2O3 75%", "Pr6O11 25%±2": a formula and its share in the product.
_SHARE_AFTER = re.compile(r"\s*\d+(?:[.,]\d+)?\s*%")
# "REO=50%", "Dy≥80%", "TREO ≥ 92%": any name followed by a comparison and a percentage.
_CMP_AFTER = re.compile(r"\s*(?:/\s*t?reo\s*)?(?:=|≥|>=|≧|>|＝)\s*\d+(?:[.,]\d+)?\s*%")


def _grade_mentions(view: SentenceView) -> list[Mention]:
    out = []
    for m in view.mentions:
        if m.kind not in {"product", "element"}:
            continue
        if not any(ch.isdigit() for ch in m.surface):
            # a component's symbol ("REO", "Dy"), not the product's own purity ("氧化镨钕 ≥99%")
            if m.surface.isascii() and len(m.surface) <= 6 and _CMP_AFTER.match(view.lower, m.end):
                out.append(m)
            continue
        if (
            _GRADE_AFTER.match(view.lower, m.end)
            or _SHARE_AFTER.match(view.lower, m.end)
            or any(
                q.kind == "percent" and q.span[1] <= m.start and not view.text[q.span[1] : m.start].strip()
                for q in view.quantities
            )
        ):
            out.append(m)
    return out


# "oxydes de néodyme-praséodyme (NdPr)", "dysprosium oxide (Dy2O3)": the short name in brackets
# restates the product just named.
_ABBREVIATION = re.compile(r"\s*[(（]\s*$")
# "A German magnet producer said it had paid USD 905/kg": the product names the buyer, not
# what it paid for.
_MAKER_AFTER = re.compile(
    r"[- ]?(?:producers?|makers?|manufacturers?|fabricants?|producteurs?|hersteller|生产商|生产企业|厂商|企业|メーカー)"
)
_PAID = re.compile(
    r"\b(?:paid|pays|paying|pay|bought|buys|purchased|purchases|payé|payait|achète|acheté|zahlte)\b|采购|支付"
)


def _restating(view: SentenceView, m: Mention, prev: Mention | None) -> bool:
    if prev is None or m.kind != "element" or m.start - prev.end > 3:
        return False
    if not _ABBREVIATION.fullmatch(view.text, prev.end, m.start):
        return False
    if prev.kind == "element":
        return prev.id == m.id
    return prev.kind == "product" and prev.id.split("-", 1)[0] == m.id.lower()


def _buyer_named(view: SentenceView, m: Mention) -> bool:
    return m.kind == "product" and bool(_MAKER_AFTER.match(view.lower, m.end)) and bool(_PAID.search(view.lower, m.end))


# "rose by 2.1pc", "up 0.7 pc": the price reporters' percent.
_PC_AFTER = re.compile(r"\s?pc\b")


def _with_pc(view: SentenceView) -> SentenceView:
    if "pc" not in view.lower:
        return view
    quantities = [
        replace(q, kind="percent") if q.kind == "number" and _PC_AFTER.match(view.lower, q.span[1]) else q
        for q in view.quantities
    ]
    return replace(view, quantities=quantities)


def _without_grades(view: SentenceView) -> SentenceView:
    """The view without the products that a sentence names only as a grade ("Nd2O3 75%"), a
    bracketed short name ("(NdPr)") or the trade of a buyer ("magnet producer ... paid")."""
    drop = _grade_mentions(view) if any(q.kind == "percent" for q in view.quantities) or "≥" in view.text else []
    if "(" in view.text or "（" in view.text:
        named = [m for m in view.mentions if m.kind in {"product", "element"}]
        drop += [m for prev, m in itertools.pairwise(named) if _restating(view, m, prev)]
    if _PAID.search(view.lower):
        drop += [m for m in view.mentions if _buyer_named(view, m)]
    return replace(view, mentions=[m for m in view.mentions if m not in drop]) if drop else view


def _products(view: SentenceView, lexicon: Lexicon) -> list[tuple[Mention, str]]:
    """The products a sentence names, in order, without those named as a grade."""
    return product_mentions(_without_grades(view), lexicon)


# "its oxide", "son oxyde", "l'oxyde", "其氧化物", "sein Oxid": a form of the element named just
# before ("Le dysprosium reste sous tension. Son oxyde ..."); not "l'oxyde de fer".
_ELEMENT_FORM = re.compile(
    r"(?:\b(?:its|the|son|sein|das)\s+|\bl['’]\s*|其|该|その|그\s*)"
    r"(?:(?P<oxide>oxides?\b|oxydes?\b|oxid\b|氧化物|酸化物|산화물)|(?P<metal>metals?\b|métal\b|metall\b|金属|금속))"
    r"(?!\s*(?:of\b|de\b|d['’]|des\b|du\b|von\b))"
)


def _element_forms(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[tuple[int, str]]:
    """(position, product id) of each "its oxide" / "son métal" in a sentence: the oxide or metal
    of the element named last before it, in the sentence or in one of the two before."""
    out = []
    stems = None
    for m in _ELEMENT_FORM.finditer(view.lower):
        element = ctx.recent_element(2)
        for k in view.mentions:  # named earlier in the sentence: "Terbium held, while its oxide ..."
            if k.end > m.start():
                break
            if k.kind == "element":
                element = k.id
            elif k.kind == "material":
                element = None
            elif k.kind == "product":
                stems = stems or {e.lower() for e in lexicon.elements}
                if k.id.split("-", 1)[0] in stems:
                    element = k.id.split("-", 1)[0]
        if element is None:
            continue
        pid = f"{element.lower()}-{'oxide' if m.group('oxide') else 'metal'}"
        if pid in PRODUCT_IDS:
            out.append((m.start(), pid))
    return out


def _may_name_form(view: SentenceView) -> bool:
    """A cheap test before the regex: the sentence has a word for an oxide or a metal."""
    lower = view.lower
    return any(w in lower for w in ("oxid", "oxyd", "metal", "métal", "氧化物", "金属", "酸化物", "산화물", "금속"))


def _multiple_change(view: SentenceView) -> float | None:
    for cue in view.cues_with_prefix("multiple."):
        return float(cue.category.split(".", 1)[1])
    for q in view.quantities:
        if q.kind == "multiple" and view.cue_near(("up",), q.span[0], q.span[1], before=20, after=12):
            return (float(q.value) - 1) * 100
    return None


def _multiple_near(view: SentenceView, q: Quantity, lo: int, hi: int) -> float | None:
    """A rise stated as a multiple in the price's clause: "約3倍に高騰", "tripled to $900/kg"."""
    for cue in view.cues_with_prefix("multiple."):
        if lo <= cue.start < hi and not view.breaks(min(cue.start, q.span[0]), max(cue.start, q.span[0])):
            return float(cue.category.split(".", 1)[1])
    for m in view.quantities:
        if (
            m.kind == "multiple"
            and lo <= m.span[0] < hi
            and m.value > 1
            and not view.breaks(min(m.span[0], q.span[0]), max(m.span[0], q.span[0]))
            and view.cue_near(("up",), m.span[0], m.span[1], before=20, after=12)
        ):
            return (float(m.value) - 1) * 100
    return None


def _as_of(
    view: SentenceView, ctx: DocContext, q: Quantity | None, lo: int, hi: int, stop: int | None = None
) -> str | None:
    """The date a price is for: the day named next to it ("$80-83 per kg on January 15, down
    from $82-85 per kg on January 8"), else the sentence's day, else the month, quarter or year
    stated right by it ("2025年1-11月国内氧化镨钕均价约54.2万元/吨": the period's end; "540,000
    yuan per ton in 2025"), else the document's date."""
    near: list[tuple[int, PeriodMention]] = []
    if view.periods and q is not None:
        for p in view.periods:
            if p.period and lo <= p.span[0] < hi and not view.breaks(p.span[0], q.span[0]):
                a, b = (q.span[1], p.span[0]) if p.span[0] >= q.span[1] else (p.span[1], q.span[0])
                near.append((b - a, p))
        days = [(d, p) for d, p in near if p.kind == "day"]
        if days:
            return min(days, key=lambda dp: dp[0])[1].period
    # (not the day of the level it moved from: "…, versus $1,080-1,120/kg on February 12")
    day = next(
        (p.period for p in view.periods if p.kind == "day" and p.period and (stop is None or p.span[0] < stop)), None
    )
    if day:
        return day
    stated = [
        (d, p)
        for d, p in near
        if not p.baseline
        and not p.target
        and d <= 30
        and not _CLAUSE_COMMA.search(view.text, *sorted((p.span[0], q.span[0])))
    ]
    if stated:
        return min(stated, key=lambda dp: dp[0])[1].period.rsplit("..", 1)[-1]
    if ctx.doc_date is None:
        return None
    # "assessed at 612,000 yuan a ton on Friday", "s'échangeait lundi": that day of the document's week
    return weekday_date(view.text, ctx.doc_date) or ctx.doc_date.isoformat()


_CLAUSE_COMMA = re.compile(r"[，、]|,\s")
# "…CIF报价3500-3650美元/公斤，较国内价格仍有明显溢价": a market named to compare with, not the price's.
_COMPARED_BEFORE = re.compile(
    r"(?:较|比|相比|\bthan|\bcompared (?:with|to)|\bversus|\bcontre|par rapport (?:à|au|aux)|gegenüber)\s*$"
)


def _market(view: SentenceView, q: Quantity | None):
    """The market cue of a price: the one nearest its amount (not one named to compare with); for
    a table row, the one the row names."""
    markets = view.cues_with_prefix("market.")
    if not markets:
        return None
    if q is None:
        return markets[0]
    return view.cue_near(
        {c.category for c in markets},
        q.span[0],
        q.span[1],
        before=80,
        after=40,
        accept=lambda c: not _COMPARED_BEFORE.search(view.lower, max(0, c.start - 20), c.start),
    )


def _fields(
    view: SentenceView,
    ctx: DocContext,
    product: str,
    q: Quantity | None,
    lo: int = 0,
    hi: int | None = None,
    stop: int | None = None,
) -> dict:
    market_cue = _market(view, q)
    fields = {
        "product": product,
        "value": num(q.value) if q else None,
        "currency": currency_of(view, q) if q else None,
        "unit": q.unit if q else None,
        "market": market_cue.category.split(".", 1)[1] if market_cue else None,
        "change_pct": None,
        "change_abs": None,
        "direction": None,
        "as_of": _as_of(view, ctx, q, lo, len(view.text) if hi is None else hi, stop),
    }
    if q is not None and q.low is not None:
        fields.update(value_low=num(q.low), value_high=num(q.high))
    return fields


def _change_only(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    """'NdFeB magnet prices have risen 15% since July', 'dysprosium oxide has nearly tripled'."""
    if not view.has("price") or view.hedged():
        return []
    specific = [pid for _, pid in product_mentions(view, lexicon) if pid not in GENERIC_PRODUCTS]
    if not specific and _may_name_form(view):
        specific = [pid for _, pid in _element_forms(view, ctx, lexicon)]  # "Son oxyde a gagné 15 %"
    if len(set(specific)) != 1:
        return []
    change = _multiple_change(view)
    if change is None:
        pcts = [q for q in view.quantities if is_change(view, q)]
        if len(pcts) != 1:
            return []
        change = signed_change(view, pcts[0])
    if change is None:
        return []
    fields = _fields(view, ctx, specific[0], None)
    fields.update(change_pct=change, direction="up" if change > 0 else "down" if change < 0 else "flat")
    return [make_fact("price", view, fields, "price.change-only", 0.6)]


_UNIT_SPEC = re.compile(
    r"(?P<cur>CNY|RMB|USD|US\$|EUR|€|\$|¥|元|美元|欧元|yuan)\s*/\s*(?P<unit>t|mt|tonne|ton|kg|吨|公斤|千克)\b",
    re.IGNORECASE,
)
_CURRENCY_OF = {
    **dict.fromkeys(("cny", "rmb", "元", "yuan", "yuans", "¥", "￥"), "CNY"),
    **dict.fromkeys(("usd", "us$", "$", "美元", "dollar", "dollars"), "USD"),
    **dict.fromkeys(("a$", "aud"), "AUD"),
    **dict.fromkeys(("eur", "€", "欧元", "euro", "euros"), "EUR"),
}
_UNIT_OF = {"t": "t", "mt": "t", "tonne": "t", "ton": "t", "吨": "t", "kg": "kg", "公斤": "kg", "千克": "kg"}


# ------------------------------------------------------------------ column tables
# Price pages print one product a row, under a header that names the columns:
#   品名 价格区间 均价 涨跌 单位 日期        氧化镨 582000-588000 585000 +5000 元/吨 11-26
#   产品名称 规格 单位 最低价 最高价 均价 涨跌   氧化镨钕 ≥99% 元/吨 569000 573000 571000 3500
#   Product | Spec | Low | High | Avg | Chg | Unit
# The header says which number is the price and which the change. Without one, the shape
# of the row does: a range and then a number inside it are the range and the average; low,
# high and a number between them the same; a signed number (or 0) after the price is the
# change. The unit printed next to the change is the unit of the whole row.

# What a header calls each column, "|"-separated (matched whole-word in Latin script).
_ROLE_PHRASES = {
    "range": "价格区间|价格范围|报价区间|区间|price range|range|fourchette|spanne",
    "avg": "均价|平均价|中间价|平均|今日均价|average price|average|avg|mid|midpoint|mean|moyenne|prix moyen"
    "|durchschnitt|mittelwert",
    "low": "最低价|最低|低价|low|min|minimum|plus bas|tief",
    "high": "最高价|最高|高价|high|max|maximum|plus haut|hoch",
    "change": "涨跌幅|涨跌额|涨跌|涨幅|变化|变动|升降|price change|change|chg|+/-|±|variation|var."
    "|veränderung|änderung",
    "prev": "上周|上期|前值|昨日|昨收|上周均价|last week|week ago|previous|prev|prior|semaine précédente|vorwoche",
    "unit": "单位|unit|units|unité|einheit",
    "date": "日期|时间|更新时间|date|datum",
    "spec": "规格|纯度|品级|spec|specs|specification|purity|grade|pureté|qualité|reinheit",
    "market": "市场|地区|交货方式|价格条款|条款|market|basis|terms|location|marché|markt",
    "product": "品名|产品名称|产品|名称|品种|product|products|item|produit|produits|commodity|produkt",
    "price": "价格|报价|最新价|今日价格|price|prices|latest|current|this week|prix|preis|quotation",
}
_ROLE_OF = {p: role for role, phrases in _ROLE_PHRASES.items() for p in phrases.split("|")}
_ROLE_RE = re.compile(
    r"(?<![a-z])(?:"
    + "|".join(re.escape(p) for p in sorted((p for p in _ROLE_OF if p.isascii()), key=len, reverse=True))
    + r")(?![a-z])|"
    + "|".join(re.escape(p) for p in sorted((p for p in _ROLE_OF if not p.isascii()), key=len, reverse=True))
)
_VALUE_ROLES = frozenset({"range", "avg", "low", "high", "price"})
_NUMERIC_ROLES = _VALUE_ROLES | {"change", "prev", "unit", "date", "spec"}
_COLUMNS = "price.columns"  # the tag of the table header remembered in ctx.seen

# A price unit printed by itself ("元/吨", "万元/吨", "CNY/t", "yuans/t", "US$/kg").
_ROW_UNIT = re.compile(
    r"(?P<mult>万|亿)?\s*(?P<cur>CNY|RMB|USD|US\$|A\$|AUD|EUR|€|\$|¥|￥|元|美元|欧元|yuans?|dollars?|euros?)"
    r"\s*/\s*(?P<unit>mt|t|tonnes?|tons?|kg|lb|吨|噸|公斤|千克)(?![a-z])",
    re.IGNORECASE,
)
_ROW_MULT = {"万": 10_000, "亿": 100_000_000}
_DATE_LIKE = re.compile(r"(\d{1,2})[-/](\d{1,2})(?![\d.])")  # not "1.5": 1.5万元/吨
_GAP = " \t|\u3000"


@dataclass(slots=True)
class _Item:
    """One cell of a price row: a number ("num"), a percentage ("pct"), a unit or a date."""

    kind: str
    start: int
    end: int
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    signed: bool = False
    scaled: bool = False  # the parser applied the unit's 万 already (a money amount)
    currency: str | None = None
    unit: str | None = None
    mult: int = 1
    day: str | None = None
    raw: str = ""
    year: bool = False  # a bare number the date finder took for a year


def _unit_item(m: re.Match[str], start: int, end: int) -> _Item:
    unit = m.group("unit").lower()
    return _Item(
        "unit",
        start,
        end,
        currency=_CURRENCY_OF.get(m.group("cur").lower(), m.group("cur").upper()),
        unit="kg" if unit in {"kg", "公斤", "千克"} else "lb" if unit == "lb" else "t",
        mult=_ROW_MULT.get(m.group("mult") or "", 1),
    )


def _header_roles(text: str) -> list[str] | None:
    """The column roles a header row names, in order; None when the text is no header."""
    lower = text.lower()
    if "\t" in text or "|" in text:
        cells = [c.strip() for c in re.split(r"[\t|]", lower)]
        cells = [c for c in cells if c]
        roles = []
        for c in cells:
            m = _ROLE_RE.search(c)
            roles.append(_ROLE_OF[m.group()] if m else "other")
        named = sum(r != "other" for r in roles)
        if named < 2 or named * 3 < len(roles) * 2:
            return None
    else:
        matches = list(_ROLE_RE.finditer(lower))
        if len(matches) < 3:
            return None
        rest = _ROW_UNIT.sub(" ", _ROLE_RE.sub(" ", lower))
        letters = sum(ch.isalpha() for ch in lower)
        if sum(ch.isalpha() for ch in rest) * 4 > letters:
            return None  # prose that happens to use three of the words
        roles = [_ROLE_OF[m.group()] for m in matches]
    return roles if _VALUE_ROLES & set(roles) and len(set(roles)) > 1 else None


def _remember_columns(ctx: DocContext, roles: list[str], text: str) -> None:
    unit = _ROW_UNIT.search(text)
    for key in [k for k in ctx.seen if k[:1] == (_COLUMNS,)]:
        ctx.seen.discard(key)
    ctx.seen.add((_COLUMNS, tuple(roles), unit.group(0) if unit else None))


def _columns(ctx: DocContext) -> tuple[tuple[str, ...], _Item | None] | None:
    """The roles and unit of the last price table header of the document."""
    for key in ctx.seen:
        if key[:1] == (_COLUMNS,):
            unit = _ROW_UNIT.search(key[2]) if key[2] else None
            return key[1], _unit_item(unit, 0, 0) if unit else None
    return None


def _row_items(view: SentenceView, a: int, b: int) -> list[_Item] | None:
    """The cells of view.text[a:b] as items, in order; None when something else is measured."""
    items = []
    for q in view.quantities:
        if not a <= q.span[0] < b:
            continue
        if q.kind == "percent":
            items.append(_Item("pct", q.span[0], q.span[1], q.value, signed=q.signed))
        elif q.kind == "number":
            items.append(_Item("num", q.span[0], q.span[1], q.value, q.low, q.high, q.signed, raw=q.raw))
        elif q.kind == "money" and q.per_unit:
            unit = _ROW_UNIT.search(q.raw)
            items.append(_Item("num", q.span[0], q.span[1], q.value, q.low, q.high, q.signed, scaled=True))
            item = _unit_item(unit, q.span[1], q.span[1]) if unit else _Item("unit", q.span[1], q.span[1])
            item.currency, item.unit = currency_of(view, q), q.unit
            items.append(item)
        else:
            return None  # tonnes, a sum of money: not a price row
    for m in _ROW_UNIT.finditer(view.text, a, b):
        if not any(q.span[0] <= m.start() < q.span[1] for q in view.quantities):
            items.append(_unit_item(m, m.start(), m.end()))
    for p in view.periods:
        if a <= p.span[0] < b and not any(q.span[0] < p.span[1] and p.span[0] < q.span[1] for q in view.quantities):
            raw = view.text[p.span[0] : p.span[1]]
            if p.kind == "year" and raw.isdigit():  # "金属镝 2030-2070 2050": dysprosium at ~2,000 yuan/kg
                items.append(_Item("num", p.span[0], p.span[1], Decimal(raw), raw=raw, year=True))
            else:
                items.append(_Item("date", p.span[0], p.span[1], day=p.period))
    items.sort(key=lambda it: it.start)
    return _join_year_ranges(view, items)


def _join_year_ranges(view: SentenceView, items: list[_Item]) -> list[_Item]:
    """ "2030-2070" read as the year 2030 and the number 2070: one range."""
    out: list[_Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.year
            and it.kind == "num"
            and prev.low is None
            and it.low is None
            and not it.signed
            and view.text[prev.end : it.start] in {"-", "–", "~", "～"}
            and prev.value < it.value
        ):
            out[-1] = _Item("num", prev.start, it.end, (prev.value + it.value) / 2, prev.value, it.value, raw="")
            continue
        out.append(it)
    return out


def _flat_gap(view: SentenceView, a: int, b: int) -> bool | None:
    """Whether the text between two cells is blank (False), a flat word such as 持平 (True),
    or something else (None)."""
    gap = view.text[a:b].strip(_GAP)
    if not gap:
        return False
    if any(c.category == "flat" and view.text[c.start : c.end] == gap for c in view.cues):
        return True
    return None


def _mark_dates(view: SentenceView, items: list[_Item], ctx: DocContext, dated: bool) -> None:
    """ "11-26" or "12-03" after the unit (or under a date column) is the day of the row, not a
    range or two numbers."""
    seen_unit, date_end = False, -1
    for it in items:
        seen_unit = seen_unit or it.kind == "unit"
        if it.kind != "num" or it.scaled or not (seen_unit or dated):
            continue
        if it.start < date_end:
            it.kind = "part"  # "03" of "12-03"
            continue
        m = _DATE_LIKE.match(view.text, it.start)
        if m and m.end() >= it.end and 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31:
            it.kind, it.end = "date", m.end()
            date_end = it.end
            if ctx.doc_date:
                it.day = f"{ctx.doc_date.year}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"


def _align(roles: tuple[str, ...], items: list[_Item]) -> dict[str, _Item] | None:
    """The items under the header's numeric columns; None when the row does not fit them."""
    out: dict[str, _Item] = {}
    i = 0
    for role in (r for r in roles if r in _NUMERIC_ROLES):
        while i < len(items) and items[i].kind in {"unit", "date"} and role not in {"unit", "date"}:
            i += 1  # a unit in the label cell ("Dysprosium oxide (CNY/t)"), a date the header does not name
        if i >= len(items):
            break
        it = items[i]
        if role == "spec":
            i += it.kind == "pct"
        elif role in {"unit", "date"}:
            i += it.kind == role
        elif role == "change":
            if it.kind in {"num", "pct"}:
                out[role] = it
                i += 1
        elif it.kind != "num":
            return None
        else:
            out[role] = it
            i += 1
    if any(it.kind == "num" for it in items[i:]) or not _VALUE_ROLES & set(out):
        return None
    return out


def _shape(items: list[_Item]) -> dict[str, _Item] | None:
    """The price and change of a row without a header, from the shape of its numbers."""
    nums = [it for it in items if it.kind == "num"]
    out: dict[str, _Item] = {}
    pct = next((it for it in items if it.kind == "pct"), None)
    if pct is not None:
        out["change"] = pct
    if len(nums) >= 2 and (nums[-1].signed or nums[-1].value == 0):
        out["change"] = nums.pop()
    if any(it.signed or it.value <= 0 for it in nums):
        return None
    if len(nums) == 1:
        out["price"] = nums[0]
    elif len(nums) == 2 and nums[0].low is not None and nums[1].low is None:
        if not nums[0].low <= nums[1].value <= nums[0].high:
            return None
        out["range"], out["avg"] = nums
    elif len(nums) == 2 and nums[0].low is None and nums[1].low is None and nums[0].value < nums[1].value:
        out["low"], out["high"] = nums
    elif len(nums) == 3 and all(n.low is None for n in nums) and nums[0].value <= nums[2].value <= nums[1].value:
        out["low"], out["high"], out["avg"] = nums
    else:
        return None
    return out


_FLAT_CELL = frozenset({"=", "unch", "unch.", "unchanged", "0", "0.0", "±0", "持平", "平", "inchangé", "stable"})


def _cell_spans(text: str) -> list[tuple[int, int]]:
    """The cells of a table row split at "|" or tabs, as spans, without the empty cells of
    leading and trailing bars."""
    sep = "|" if "|" in text else "\t"
    spans, start = [], 0
    for i, ch in enumerate(text + sep):
        if ch == sep:
            spans.append((start, i))
            start = i + 1
    while spans and not text[spans[0][0] : spans[0][1]].strip():
        spans.pop(0)
    while spans and not text[spans[-1][0] : spans[-1][1]].strip():
        spans.pop()
    return spans


def _align_cells(view: SentenceView, roles: tuple[str, ...], items: list[_Item]) -> tuple[dict, bool] | None:
    """The items under the header's columns, cell by cell, where the row has as many cells as
    the header: "氧化镨钕 | ≥99%，Pr6O11 25%±2 | 575000-579000 元/吨 | 577000 | +5000" under
    "产品名称 | 规格 | 价格区间 | 均价 | 涨跌" (the spec cell holds numbers that are no price).
    Also whether the change cell says the price held ("持平", "=")."""
    if "|" not in view.text and "\t" not in view.text:
        return None
    spans = _cell_spans(view.text)
    if len(spans) != len(roles):
        return None
    out: dict[str, _Item] = {}
    flat = False
    for role, (a, b) in zip(roles, spans, strict=True):
        inside = [it for it in items if a <= it.start < b]
        if role in _VALUE_ROLES or role == "prev":
            nums = [it for it in inside if it.kind == "num"]
            if len(nums) > 1:
                return None
            if nums:
                out[role] = nums[0]
        elif role == "change":
            change = next((it for it in inside if it.kind in {"num", "pct"}), None)
            if change is not None:
                out[role] = change
            else:
                flat = view.text[a:b].strip().lower() in _FLAT_CELL
    if not _VALUE_ROLES & set(out):
        return None
    return out, flat


def _row_price(
    view: SentenceView, ctx: DocContext, items: list[_Item], unit: _Item | None, min_numbers: int = 2
) -> tuple[dict, _Item] | None:
    """Value, range, change, currency and unit of one table row (its items after the product),
    with the unit it is in. `unit` is the unit of the row before, for a row that prints none."""
    header = _columns(ctx)
    roles = header[0] if header else ()
    units = [it for it in items if it.kind == "unit" and it.currency]
    unit = units[0] if units else unit or (header[1] if header else None)
    if unit is None and ctx.table_unit:
        m = _ROW_UNIT.search("/".join(ctx.table_unit))
        unit = _unit_item(m, 0, 0) if m else None
    if unit is None:
        return None
    _mark_dates(view, items, ctx, "date" in roles)
    items = [it for it in items if it.kind != "part"]
    first = next((i for i, it in enumerate(items) if it.kind == "num"), None)
    if first is None or sum(it.kind == "num" for it in items) < min_numbers:
        return None
    by_cell = _align_cells(view, roles, items) if roles else None
    if by_cell is not None:
        got, flat = by_cell
    else:
        body = items[first:]
        flat = False
        for x, y in itertools.pairwise(body):  # the cells stand side by side
            gap = _flat_gap(view, x.end, y.start)
            if gap is None:
                return None
            flat = flat or gap
        flat = flat or bool(_flat_gap(view, body[-1].end, len(view.text)))  # "… | 1450 | 持平"
        cells = [it for i, it in enumerate(items) if i >= first or it.kind != "pct"]  # not a spec before the price
        found = (_align(roles, cells) if roles else None) or _shape(cells)
        if found is None:
            return None
        got = found
    mult = unit.mult

    def amount(it: _Item, v: Decimal | None) -> Decimal | None:
        return v if v is None or it.scaled else v * mult

    value_item = got.get("avg") or got.get("price")
    span = got.get("range") or (value_item if value_item is not None and value_item.low is not None else None)
    fields: dict = {"currency": unit.currency, "unit": unit.unit}
    if value_item is not None:
        fields["value"] = amount(value_item, value_item.value)
    elif span is not None:
        fields["value"] = amount(span, span.value)
    elif "low" in got and "high" in got:
        fields["value"] = amount(got["low"], (got["low"].value + got["high"].value) / 2)
    else:
        return None
    if span is not None and span.low is not None:
        fields["value_low"], fields["value_high"] = amount(span, span.low), amount(span, span.high)
    elif "low" in got and "high" in got:
        fields["value_low"], fields["value_high"] = (
            amount(got["low"], got["low"].value),
            amount(got["high"], got["high"].value),
        )
    change = got.get("change")
    if change is not None and change.kind == "pct":
        fields["change_pct"] = float(change.value)
    elif change is not None:
        fields["change_abs"] = float(amount(change, change.value))
    elif flat:
        fields["change_abs"] = 0.0
    days = [it.day for it in items if it.kind == "date" and it.day]
    if days:
        fields["as_of"] = days[0]
    if "prev" in got:  # "| This week | Last week |": last week's price is stated too
        fields["_prev"] = amount(got["prev"], got["prev"].value)
    return fields, unit


_PROSE = re.compile(r"[.,;。，；!?！？]\s|[。，；]")


# A table's unit line: "单位：元/吨", "Unit: USD/kg", "Unité : yuans/t", "Einheit: USD/kg".
UNIT_CAPTION = re.compile(r"^\s*(?:单位|單位|units?|unité|einheit|単位)\s*[:：]", re.IGNORECASE)


def _learn_header(view: SentenceView, ctx: DocContext) -> None:
    """A table's caption or header line: "Prix au 14 novembre (yuans/t)", "单位：元/吨",
    "Produit<TAB>Prix<TAB>Variation" set the unit and the columns of the rows below."""
    roles = _header_roles(view.text) if len(view.text) <= 160 and not _PROSE.search(view.text) else None
    if roles:
        _remember_columns(ctx, roles, view.text)
    unit = _ROW_UNIT.search(view.text) if view.has("price") or roles or UNIT_CAPTION.match(view.text) else None
    if unit:
        item = _unit_item(unit, 0, 0)
        ctx.table_unit = (item.currency or "", item.unit or "")


# "Average selling price (A$/kg) 61.4 58.1": a report's table row, one column per period.
_LABEL_UNIT = re.compile(r"[(（]\s*(?:" + _ROW_UNIT.pattern + r")\s*[)）]", re.IGNORECASE)


def _label_row(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    """The prices of a table row whose label holds the unit, one per column. The product is
    the one the label names or, where it names none, that of the price the document already
    quoted at one of the row's values (the highlights above the report's table)."""
    m = _LABEL_UNIT.search(view.text)
    if m is None:
        return []
    items = _row_items(view, m.end(), len(view.text)) or []
    nums = [it for it in items if it.kind == "num" and it.low is None]
    gaps = [view.text[a.end : b.start] for a, b in itertools.pairwise([_Item("", m.end(), m.end()), *items])]
    if not nums or any(g.strip(_GAP) for g in gaps) or any(it.kind == "unit" for it in items):
        return []
    unit = _unit_item(m, 0, 0)
    values = [n.value * unit.mult for n in nums]
    named = [pid for k, pid in _products(view, lexicon) if k.end <= m.start()]
    product = named[-1] if named else None
    if product is None:
        product = next(
            (
                key[1]
                for key in ctx.seen
                if key[:1] == ("price",)
                and key[3:5] == (unit.currency, unit.unit)
                and any(abs(key[2] - float(v)) < 1e-6 for v in values)
            ),
            None,
        )
    if product is None:
        return []
    out = []
    for v in values:
        fields = _fields(view, ctx, product, None)
        fields.update(value=num(v), currency=unit.currency, unit=unit.unit)
        out.append(make_fact("price", view, fields, "price.label-row", 0.75))
    return out


_NOT_PRICE_ROW = frozenset(
    {"production", "capacity", "export", "import", "revenue", "net_profit", "sales_volume", "share"}
)


def _may_hold_row(view: SentenceView) -> bool:
    """A cheap test: two amounts stand side by side, with nothing but blanks between them."""
    qs = view.quantities
    return any(not view.text[a.span[1] : b.span[0]].strip(_GAP) for a, b in itertools.pairwise(qs))


def _row_facts(view: SentenceView, ctx: DocContext, product: str, got: dict, rule: str) -> list[Fact]:
    """The price of a table row, and the price before it where a column states it."""
    prev = got.pop("_prev", None)
    fields = _fields(view, ctx, product, None)
    fields.update({k: num(v) if isinstance(v, Decimal) else v for k, v in got.items()})
    change = fields.get("change_pct") if fields.get("change_pct") is not None else fields.get("change_abs")
    if change is not None:
        fields["direction"] = "up" if change > 0 else "down" if change < 0 else "flat"
    facts = [make_fact("price", view, fields, rule, 0.85)]
    if prev is not None:
        before = _fields(view, ctx, product, None)
        before.update(value=num(prev), currency=fields["currency"], unit=fields["unit"], as_of=None)
        facts.append(make_fact("price", view, before, rule, 0.75))
    return facts


def _column_rows(
    view: SentenceView, ctx: DocContext, products: list[tuple[Mention, str]]
) -> tuple[list[Fact], list[tuple[int, int]]]:
    """Rows of a price table printed as plain text, several of them glued into one line at
    times: each product named, then its cells. A header before the first product (品名 价格区间
    均价 涨跌 单位 日期) is remembered for the rows of the lines below. Returns the facts and
    the spans of the rows read."""
    if not products:
        return [], []
    first = products[0][0].start
    head = view.text[:first]
    if head.strip() and not any(q.span[0] < first for q in view.quantities):
        roles = _header_roles(head)
        if roles:
            _remember_columns(ctx, roles, head)
    facts, used = [], []
    unit: _Item | None = None  # the unit of the row before, for a row that prints none
    for i, (m, pid) in enumerate(products):
        end = products[i + 1][0].start if i + 1 < len(products) else len(view.text)
        if any(m.end <= c.start < end and c.category in _NOT_PRICE_ROW for c in view.cues):
            continue  # "NdPr production (t) 1,884 2,150"
        items = _row_items(view, m.end, end)
        row = _row_price(view, ctx, items, unit, 1 if "\t" in view.text[m.end : end] else 2) if items else None
        if row is None:
            continue
        got, unit = row
        facts.extend(_row_facts(view, ctx, pid, got, "price.column-row"))
        used.append((m.start, max(it.end for it in items)))
    return facts, used


def _table_row(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact] | None:
    """A row of a Markdown price table: | Dysprosium oxide | China domestic | 1,580,000 | CNY/t | -1.9% |.
    The unit may sit in its own cell or in the header ("Price (CNY/t)"); the header's column
    names (| Product | Spec | Low | High | Avg | Chg | Unit |) say which number is the price.
    None when not a table row."""
    if view.text.count("|") < 3:
        return None
    cells = [c.strip() for c in view.text.strip().strip("|").split("|")]
    numbers = [q for q in view.quantities if q.kind in {"number", "money"}]
    spec = _UNIT_SPEC.search(view.text)
    if not numbers:  # a header
        roles = _header_roles(view.text)
        if roles:
            _remember_columns(ctx, roles, view.text)
        ctx.table_unit = (spec.group("cur"), spec.group("unit")) if spec else ctx.table_unit
        return []
    if spec is None and ctx.table_unit is None:
        return None
    currency, unit = (spec.group("cur"), spec.group("unit")) if spec else ctx.table_unit
    products = _products(view, lexicon)
    if not products:
        return []
    items = _row_items(view, products[0][0].end, len(view.text))
    row = _row_price(view, ctx, items, None, min_numbers=1) if items else None
    extra: list[Fact] = []
    if row is not None:
        first, *extra = _row_facts(view, ctx, products[0][1], row[0], "price.table-row")
        fields, raw = first.fields, None
    else:
        value = next((q for q in numbers if q.value >= 0), None)
        if value is None:
            return []
        fields, raw = _fields(view, ctx, products[0][1], value), value.raw
        fields.update(
            currency=_CURRENCY_OF.get(currency.lower(), currency.upper()), unit=_UNIT_OF.get(unit.lower(), unit)
        )
        change = next((q for q in view.quantities if q.kind == "percent"), None)
        if change is not None:
            fields["change_pct"] = float(change.value)
            fields["direction"] = "up" if change.value > 0 else "down" if change.value < 0 else "flat"
    market = next(
        (
            c
            for c in cells
            if view.cue_near(
                [x.category for x in view.cues_with_prefix("market.")],
                view.text.find(c),
                view.text.find(c) + len(c),
                0,
                0,
            )
        ),
        None,
    )
    if market:
        for f in (fields, *(x.fields for x in extra)):
            f["market"] = market
    return [make_fact("price", view, fields, "price.table-row", 0.85, raw=raw), *extra]


# "590,000 yuan ($82,200) per tonne": the unit stated after a bracketed restatement.
_UNIT_AFTER_BRACKET = re.compile(
    r"\s*[(（][^()（）]{1,30}[)）]\s*(?:per|a|an|/|la|le|par|pro|je)\s*(tonnes?|tons?|t|mt|kg|kilos?|kilograms?|kilogrammes?)\b"
)
# "4 000 et 8 500 yuans la tonne", "4,000 and 8,500 yuan/t respectively": one unit for both.
_SHARED_UNIT = re.compile(r"\s*(?:,|、|，|and|et|und|y|e|和|与|及)\s*")
_BETWEEN = re.compile(r"(?:between|entre|zwischen|介于|在)\s*$")
# "slipped 70 cents to $68.50/kg": a move stated in cents of the price's currency.
_CENTS = re.compile(r"\s*(?:us\s*|euro\s*)?(?:cents?|¢)(?![\w])")


def _money(view: SentenceView) -> list[Quantity]:
    """The money amounts of a sentence, with units and currencies the parser left off."""
    quantities = list(view.quantities)
    for i in range(len(quantities) - 2, -1, -1):  # backwards, so "3 000, 4 000 et 8 500 yuans" chains
        q, nxt = quantities[i], quantities[i + 1]
        if (
            q.kind == "number"
            and nxt.kind == "money"
            and nxt.per_unit
            and q.low is None
            and _SHARED_UNIT.fullmatch(view.lower[q.span[1] : nxt.span[0]])
            and not _BETWEEN.search(view.lower, max(0, q.span[0] - 10), q.span[0])
        ):
            quantities[i] = replace(q, kind="money", currency=nxt.currency, unit=nxt.unit, per_unit=True)
    out: list[Quantity] = []
    for q in quantities:
        if q.kind == "money" and not q.per_unit:
            unit = _UNIT_AFTER_BRACKET.match(view.lower, q.span[1])
            if unit:
                q = replace(q, unit="kg" if unit.group(1).startswith("k") else "t", per_unit=True)
            else:
                q = _unit_of_list(view, q, out) or q
        elif q.kind == "number" and out:
            q = _after_cue(view, q, out) or q
        if q.kind == "money":
            out.append(q)
    return out


def _unit_of_list(view: SentenceView, q: Quantity, before: list[Quantity]) -> Quantity | None:
    """ "…168 000 yuans la tonne, tandis que l'oxyde d'holmium progressait à 556 000 yuans",
    "1キロ850ドル前後、酸化テルビウムは同3500ドル前後": a list of prices that states the unit
    once. The amount takes the unit of the per-unit price before it in the same currency when
    another product is named between them."""
    prev = next((p for p in reversed(before) if p.per_unit and p.currency == q.currency), None)
    if prev is None or view.breaks(prev.span[1], q.span[0]) or not prev.value / 50 <= q.value <= prev.value * 50:
        return None  # "$110 per kilogram for NdPr oxide … a $400 million investment": not a price
    named_between = any(prev.span[1] <= m.start < q.span[0] for m in view.mentions if m.kind in {"product", "element"})
    # or "1 150 euros le kilo, contre 1 090 euros un mois plus tôt": the level it moved from
    if not named_between and (q.span[0] - prev.span[1] > 40 or not _prior_level(view, q)):
        return None
    return replace(q, unit=prev.unit, per_unit=True)


_CUE_THEN_NUMBER = re.compile(r"\s?[:：]?\s?$")
_NUMBER_END = re.compile(r"\s*(?:$|[^\w\s%])")


def _after_cue(view: SentenceView, q: Quantity, before: list[Quantity]) -> Quantity | None:
    """ "56.8-57.2万元/吨 均价57万 涨0.3万": a bare number right after an average or up/down word
    that follows a per-unit price is in that price's currency and unit."""
    prev = before[-1]
    if not prev.per_unit or q.span[0] - prev.span[1] > 30 or view.breaks(prev.span[1], q.span[0]):
        return None
    cue = next(
        (
            c
            for c in view.cues
            if c.end <= q.span[0]
            and c.category in {"price", "up", "down"}
            and _CUE_THEN_NUMBER.fullmatch(view.text[c.end : q.span[0]])
            and c.start >= prev.span[1]
        ),
        None,
    )
    if cue is None:
        return None
    after = q.span[1]
    if not (
        _NUMBER_END.match(view.text, after)
        or any(c.start == after + (view.text[after : after + 1] == " ") for c in view.cues)
    ):
        return None
    return replace(q, kind="money", currency=prev.currency, unit=prev.unit, per_unit=True)


# "rose by CNY 50,000 to CNY 6,850,000/t", "climbed from $880 to $910/kg": not a range but a
# move and the level it reached.
_MOVE_RANGE_BEFORE = re.compile(r"(?:\bby|\bfrom|\bde|\bum|\bvon|了|从)\s*$")
_TO_INSIDE = re.compile(r"\s(?:to|à|auf|bis)\s|至|到")
_FROM_VERB = re.compile(
    r"(?:\bpass[ée]e?s?|\bpassant|\bwent|\bmoved|\bgone|\bgestiegen|\bgefallen)\s+(?:de|from|von)\s*$|[由从]\s*$"
)


def _split_move_range(view: SentenceView, q: Quantity) -> tuple[Quantity, Quantity] | None:
    """(level, move) for a parsed range that is really "up by X to Y" or "up from X to Y"."""
    if q.low is None or q.high is None or not _TO_INSIDE.search(q.raw):
        return None
    before = _MOVE_RANGE_BEFORE.search(view.lower, max(0, q.span[0] - 6), q.span[0])
    cue = view.cue_near(("up", "down"), q.span[0], q.span[1], before=20, after=0)
    if cue is None and before is not None and _FROM_VERB.search(view.lower, max(0, q.span[0] - 24), q.span[0]):
        # "est passé de 60 à 63 $/kg", "went from $60 to $63/kg": from one level to the next
        level = replace(q, value=q.high, low=None, high=None)
        return level, replace(q, value=q.high - q.low, low=None, high=None, span=(q.span[0], q.span[0]))
    if cue is None or cue.end > q.span[0]:
        return None
    if before is None:
        # "a cédé 1,85 $ à 74,60 $/kg", "gained $5 to $85/kg": the verb right before the move
        if view.text[cue.end : q.span[0]].strip() or q.low >= q.high:
            return None
        word = "by"
    else:
        word = before.group(0).strip()
    if word == "de":  # "augmenté de 50 000 à 6 850 000" (by), "passé de 6,80 à 6,85 millions" (from)
        word = "by" if q.low * 2 <= q.high else "from"
    moved = q.low if word in {"by", "um", "了"} else abs(q.high - q.low)
    level = replace(q, value=q.high, low=None, high=None)
    move = replace(q, value=moved, low=None, high=None, span=(q.span[0], q.span[0]))
    return level, move


def _cent_moves(view: SentenceView, money: list[Quantity]) -> list[Quantity]:
    """'slipped 70 cents', 'up 25 US cents': moves in hundredths of the price's currency."""
    level = next((q for q in money if q.per_unit and q.currency), None)
    if level is None or ("cent" not in view.lower and "¢" not in view.text):
        return []
    out = []
    for q in view.quantities:
        if q.kind == "number" and _CENTS.match(view.lower, q.span[1]):
            cents = replace(q, kind="money", value=q.value / 100, currency=level.currency)
            if _is_change_amount(view, cents):
                out.append(cents)
    return out


# "升破60万元/吨", "broke through $100/kg", "a franchi la barre des 600 000 yuans", "60万元/吨大关",
# "1キロ100ドルの大台を突破": a level crossed or approached, not a price quoted. The words stand
# before the amount (Chinese, European languages) or after it (Japanese, Korean, "the $100/kg
# mark"). The cue files have no category for them, so they live here.
_THRESHOLD_BEFORE = re.compile(
    r"(?:升破|涨破|突破|跌破|跌穿|击穿|站上|站稳|失守|冲破|逼近|直逼|冲击|升穿"
    r"|\b(?:(?:broke|breaks|broken|break)\s+(?:above|through|below)|(?:fell|falls|fallen|dropped|drops|slipped|sank|dipped)"
    r"\s+below|(?:rose|rises|risen|climbed|jumped|surged|pushed)\s+above|pushed\s+past|moved\s+past|topped|tops|crossed"
    r"|surpass(?:ed|es)?|breach(?:ed|es)?|exceed(?:ed|s)?|approaching|neared|nears"
    r"|franchi[rt]?|franchissant|dépass(?:é|e|er)|(?:re)?pass[ée]\s+(?:sous|au-dessus\s+de)|enfonc[ée]|la\s+barre\s+des?"
    r"|le\s+seuil\s+des?|le\s+cap\s+des?|überschr(?:itt|eitet|itten)|überst(?:ieg|iegen)|durchbr(?:ach|ochen)"
    r"|(?:fiel|rutschte|sank)\s+unter|die\s+marke\s+von)\b)"
    r"(?P<gap>[^\d;；。]{0,16})$"
)
_THRESHOLD_AFTER = re.compile(
    r"\s*(?:[-\s](?:per|a)[-\s](?:tonne|ton|kg|kilo)\s*)?(?:を|の|을|를)?\s*"
    r"(?:大关|关口|整数关口|大台|突破|割り込|돌파|(?:mark|threshold|barrier|marke|schwelle)\b)"
)
_LEVEL_WORD = re.compile(r"\b(?:to|at|à|au|auf|bei)\b|至|到|报")


def _threshold(view: SentenceView, q: Quantity) -> bool:
    before = _THRESHOLD_BEFORE.search(view.lower, max(0, q.span[0] - 40), q.span[0])
    if before and not _LEVEL_WORD.search(before.group("gap")):
        return True
    return bool(_THRESHOLD_AFTER.match(view.lower, q.span[1]))


# "56.8-57.2万元/吨 均价57万", "$80-83/kg (avg $81.5)": the average of the range before it.
_AVERAGE_AFTER_RANGE = re.compile(
    r"\s*[,，(（]?\s*(?:均价|平均价|均|avg\.?|average|mean|mid|moyenne|prix moyen)\s*[:：]?\s*", re.IGNORECASE
)


def _merge_averages(view: SentenceView, levels: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in levels:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.low is not None
            and q.low is None
            and prev.low <= q.value <= prev.high
            and _AVERAGE_AFTER_RANGE.fullmatch(view.text[prev.span[1] : q.span[0]])
        ):
            out[-1] = replace(q, low=prev.low, high=prev.high)
            continue
        out.append(q)
    return out


def _unrepeated(ctx: DocContext, facts: list[Fact]) -> list[Fact]:
    """A price the document states again (the table under an article that quoted it, the
    highlights over a report's table) is one fact: the first statement, which takes the change
    the second adds. A price whose date one statement leaves unsaid is the same price; two
    dates stated are two prices of a series. A change stated alone ("氧化镝价格周内累计上涨3.4%")
    and again with the price is one fact too: the one with the price."""
    if not facts:
        return facts
    out = []
    today = ctx.doc_date.isoformat() if ctx.doc_date else None
    for f in facts:
        value = f.fields.get("value")
        if value is None:
            if _change_told(ctx, f):
                continue
            ctx.events.setdefault(("price.change-only", f.fields["product"]), []).append(f)
            out.append(f)
            continue
        as_of = f.fields.get("as_of")
        as_of = as_of if as_of != today else None
        key = ("price", f.fields["product"], round(float(value), 6), f.fields["currency"], f.fields["unit"])
        told = ctx.events.setdefault(("price.told", *key[1:]), [])
        same = next((e for e in told if as_of is None or _stated_day(e, today) in {None, as_of}), None)
        if same is not None:
            for name in ("change_pct", "change_abs", "direction", "market", "value_low", "value_high"):
                if same.fields.get(name) is None and f.fields.get(name) is not None:
                    same.fields[name] = f.fields[name]
            continue
        ctx.seen.add((*key, as_of))  # for a report's table row that names no product (_label_row)
        told.append(f)
        if _change_restated(ctx, f):
            continue
        out.append(f)
    return out


def _stated_day(f: Fact, today: str | None) -> str | None:
    as_of = f.fields.get("as_of")
    return as_of if as_of != today else None


def _same_change(a: dict, b: dict) -> bool:
    for name in ("change_pct", "change_abs"):
        x, y = a.get(name), b.get(name)
        if x is not None and y is not None and abs(x - y) <= max(0.5, abs(y) * 0.005) and (x > 0) == (y > 0):
            return True
    return False


def _change_told(ctx: DocContext, f: Fact) -> bool:
    """Whether a change stated alone repeats the change of a price the document gave already."""
    return any(_same_change(f.fields, e.fields) for e in ctx.events.get(("price.by-product", f.fields["product"]), []))


def _change_restated(ctx: DocContext, f: Fact) -> bool:
    """A price whose change a headline stated alone before it: the headline's fact becomes this
    one (its sentence and fields), and this one is not emitted again."""
    ctx.events.setdefault(("price.by-product", f.fields["product"]), []).append(f)
    alone = ctx.events.get(("price.change-only", f.fields["product"]), [])
    same = next((e for e in alone if _same_change(e.fields, f.fields)), None)
    if same is None:
        return False
    alone.remove(same)
    same.sentence, same.span, same.lang, same.fields = f.sentence, f.span, f.lang, f.fields
    same.raw, same.rule, same.confidence = f.raw, f.rule, f.confidence
    return True


def extract_prices(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    row = _table_row(view, ctx, lexicon)
    if row is not None:
        return _unrepeated(ctx, row)
    view = _without_grades(_with_pc(view))
    rows: list[Fact] = []
    money = _money(view)
    labelled = _label_row(view, ctx, lexicon) if not money and view.has("price") else []
    if labelled:
        return _unrepeated(ctx, labelled)
    if not money:
        _learn_header(view, ctx)
    if len(view.quantities) > 1 and _may_hold_row(view):
        rows, used = _column_rows(view, ctx, product_mentions(view, lexicon))
        money = [q for q in money if not any(a <= q.span[0] < b for a, b in used)]
    if not money:
        return _unrepeated(ctx, rows or _change_only(view, ctx, lexicon))
    return _unrepeated(ctx, rows + _prices(view, ctx, lexicon, money))


def _prices(view: SentenceView, ctx: DocContext, lexicon: Lexicon, money: list[Quantity]) -> list[Fact]:
    """Prices in a sentence: each money amount per unit (or next to a price word) that is a
    level, not a move or a threshold, with the product it prices and its changes."""
    floors = view.cues_of("policy.price_floor")
    if floors and view.has("corporate.offtake") and not view.of_kind("body"):
        floors = []  # "take-or-pay … with a floor of US$60/kg": a buyer's contract price, no state's floor
    split_levels, split_moves = [], []
    for i, q in enumerate(money):
        split = _split_move_range(view, q)
        if split is not None:
            money[i] = split[0]
            split_levels.append(split[0])
            split_moves.append(split[1])
    moves = [q for q in money if q not in split_levels and _is_change_amount(view, q)]
    moves += _cent_moves(view, money) + split_moves
    levels = [
        q
        for q in money
        if q not in moves and not any(abs(q.span[0] - f.end) < 25 or abs(f.start - q.span[1]) < 12 for f in floors)
    ]
    levels = [q for q in levels if q.per_unit or (view.has("price") and q.value < 10_000_000)]
    levels = [q for q in levels if not _threshold(view, q)]
    levels = _merge_averages(view, levels)
    # "590,000 yuan ($82,200) per tonne": the amount in brackets restates the one before it.
    levels = [
        q
        for i, q in enumerate(levels)
        if not (
            i
            and view.text[max(0, q.span[0] - 2) : q.span[0]].strip() in {"(", "（"}
            and q.span[0] - levels[i - 1].span[1] <= 3
        )
    ]
    if levels and _FORECAST.search(view.lower, 0, levels[-1].span[0]):
        # "我们预测2026年氧化镨钕均价为60万元/吨", "analysts forecast NdPr to average $85/kg": no quote
        levels = [q for q in levels if not _FORECAST.search(view.lower, 0, q.span[0])]
    if not levels:
        return []
    products_in_order = [(m, pid) for m, pid in _listed_products(view, lexicon) if m.end <= levels[0].span[0]]
    respectively = view.has("respectively") and len(products_in_order) == len(levels) > 1
    priors = set() if respectively or len(levels) == 1 else {id(q) for q in levels if _prior_level(view, q)}
    owned = _owner_windows(view, [q for q in levels if id(q) not in priors])
    facts: list[Fact] = []
    previous_product = None
    previous_as_of = None
    forms: list[tuple[int, str]] | None = None  # "its oxide", found when a price names no product
    for i, q in enumerate(levels):
        if non_re_material_near(view, q.span[0], q.span[1]):
            continue
        prev_end = levels[i - 1].span[1] if i else 0
        if respectively:
            product = products_in_order[i][1]
        else:
            product = best_product(view, lexicon, q.span[0], q.span[1], window=(prev_end, len(view.text)))
        if product is None and _may_name_form(view):
            if forms is None:
                forms = _element_forms(view, ctx, lexicon)
            product = next((pid for pos, pid in reversed(forms) if prev_end <= pos < q.span[0]), None)
        if id(q) in priors and previous_product is not None:
            product = previous_product  # "rose to $82/kg from $80/kg, while dysprosium oxide …": the same product
        if product is None:
            product = previous_product
        if product is None and q.per_unit and not view.of_kind("product", "element"):
            product = ctx.last_product  # "It climbed 5.3% to 7,250 yuan/kg."
        if product is None:
            continue
        if not q.per_unit and (
            product in GENERIC_PRODUCTS or not view.cue_near(("price",), q.span[0], q.span[1], before=40, after=10)
        ):
            continue  # a money amount that is not per unit is a price only next to a price word
        previous_product = product
        nxt = levels[i + 1].span[0] if i + 1 < len(levels) else len(view.text)
        stop = nxt if i + 1 < len(levels) and id(levels[i + 1]) in priors else None
        fields = _fields(view, ctx, product, q, prev_end, nxt, stop)
        if id(q) in priors:  # "from USD 865-885/kg a week earlier", "contre 4 280 €/kg", "较…的26980元/吨"
            fields["as_of"] = _prior_as_of(view, q, previous_as_of)
            rule = "price.prior-level"
            if facts and facts[-1].rule != rule:
                _moved_from(facts[-1].fields, fields)
            facts.append(make_fact("price", view, fields, rule, 0.75, raw=q.raw))
            continue
        lo, hi = (prev_end, nxt) if respectively else owned[id(q)]
        fields["change_pct"] = _change_pct(view, q, lo, hi)
        if fields["change_pct"] is None:
            fields["change_pct"] = _multiple_near(view, q, lo, hi)  # "約3倍に高騰", "has tripled to"
        fields["change_abs"] = _change_abs(view, q, [m for m in moves if lo <= m.span[0] < hi])
        dir_cue = view.cue_near(("up", "down", "flat"), q.span[0], q.span[1], before=30, after=30)
        if dir_cue and (dir_cue.start < hi) and dir_cue.end > lo:
            fields["direction"] = dir_cue.category
        for change in (fields["change_pct"], fields["change_abs"]):
            if change is not None:
                fields["direction"] = "up" if change > 0 else "down" if change < 0 else "flat"
        if respectively and view.has("flat") and fields["direction"] is None:
            fields["direction"] = "flat"
        previous_as_of = fields["as_of"]
        rule = "price.amount-per-unit" if q.per_unit else "price.cue"
        facts.append(make_fact("price", view, fields, rule, 0.9 if q.per_unit else 0.7, raw=q.raw))
    return facts


# A price someone forecasts is no quote: the words before it in its sentence.
_FORECAST = re.compile(
    r"预测|预计|预期|\b(?:forecasts?|forecasting|projecting|predicts?)\b"
    r"|\bexpects?\b.{0,40}\bto average|\bprévoi[ts]?\b|\bprévisions?\b|\bprognostiziert"
)


# "up by USD 15/kg from USD 865-885/kg a week earlier", "contre 4 280 €/kg le vendredi précédent",
# "较2025年第四季度的26980元/吨上调4.34%": the level a price moved from, not today's price.
_PRIOR_BEFORE = re.compile(
    r"(?:\b(?:from|compared (?:with|to)|versus|vs\.?|against|contre|par rapport à|comparé à|gegenüber)"
    r"|(?:较|比|相比|相较于?|对比|由|从)[^，,。；;涨跌升降增减至到为]{0,20}?的|(?:此前|之前|上期|前值)为?|[由从])\s*$"
)
# "a week earlier", "le vendredi précédent": the prior level was a week before.
_WEEK_BEFORE = re.compile(
    r"\s*(?:a week (?:earlier|ago|before)|(?:the )?(?:previous|prior) week|last week|une semaine plus tôt"
    r"|(?:le \w+|la semaine) précédente?|(?:in der|der) vorwoche|上周)"
)
# "a month earlier", "un mois plus tôt": the prior level was a month before.
_MONTH_BEFORE = re.compile(
    r"\s*(?:a month (?:earlier|ago|before)|(?:the )?(?:previous|prior) month|last month|un mois plus tôt"
    r"|(?:le|du) mois précédent|(?:im|der) vormonat|上月)"
)


def _moved_from(level: dict, prior: dict) -> None:
    """ "1 150 euros le kilo, contre 1 090 euros un mois plus tôt": a level whose move is not
    stated moved by the difference from the level it is set against (same product and unit)."""
    if level.get("change_pct") is not None or level.get("change_abs") is not None:
        return
    same = all(level.get(k) == prior.get(k) for k in ("product", "currency", "unit"))
    if not same or level.get("value") is None or prior.get("value") is None or level.get("value_low") is not None:
        return
    diff = Decimal(str(level["value"])) - Decimal(str(prior["value"]))
    level["change_abs"] = num(diff)
    level["direction"] = "up" if diff > 0 else "down" if diff < 0 else "flat"


def _amount_start(view: SentenceView, q: Quantity) -> int:
    """Where the amount's own text starts: "versus $1,080" may come parsed as "us $1,080"."""
    start = q.span[0]
    if start and view.lower[start - 1 : start].isalpha() and view.lower[start : start + 1].isalpha():
        while start < q.span[1] and view.lower[start].isalpha():
            start += 1
    return start


def _prior_level(view: SentenceView, q: Quantity) -> bool:
    if q.low is not None and _TO_INSIDE.search(q.raw):
        return False  # "ranged from $870 to $910/kg": a range
    start = _amount_start(view, q)
    return bool(_PRIOR_BEFORE.search(view.lower, max(0, start - 30), start))


def _prior_as_of(view: SentenceView, q: Quantity, current: str | None) -> str | None:
    """The date of a level a price moved from: the period named with it ("较2025年第四季度的"),
    or a week before the current price's day ("a week earlier"); else unknown."""
    start = _amount_start(view, q)
    marker = _PRIOR_BEFORE.search(view.lower, max(0, start - 30), start)
    after_marker = marker.start() if marker else start
    near = [
        (p.span[0] - q.span[1] if p.span[0] >= q.span[1] else start - p.span[1], p)
        for p in view.periods
        if p.period and (p.span[0] >= q.span[1] or p.span[0] >= after_marker)
    ]
    near = [(d, p) for d, p in near if 0 <= d <= 15]
    if near:
        return min(near, key=lambda dp: dp[0])[1].period
    if current and len(current) == 10 and _WEEK_BEFORE.match(view.lower, q.span[1]):
        return (date.fromisoformat(current) - timedelta(days=7)).isoformat()
    if current and len(current) >= 7 and _MONTH_BEFORE.match(view.lower, q.span[1]):
        year, month = int(current[:4]), int(current[5:7]) - 1
        return f"{year - (month == 0):04d}-{month or 12:02d}"
    return None


def _owner_windows(view: SentenceView, levels: list[Quantity]) -> dict[int, tuple[int, int]]:
    """For each price level, the stretch of the sentence whose changes are its own: a change
    between two prices belongs to the second once that one's product is named ("905 €/kg
    (+1,1 %), tandis que le dysprosium métal …"), else to the nearer of the two."""
    if len(levels) == 1:
        return {id(levels[0]): (0, len(view.text))}
    out: dict[int, tuple[int, int]] = {}
    bounds = [0]
    named = [m.start for m in view.mentions if m.kind in {"product", "element"}]
    for a, b in itertools.pairwise(levels):
        first = next((pos for pos in named if a.span[1] <= pos < b.span[0]), None)
        if first is None:  # "CNY 1,655,000-1,665,000/t, up 1.2%; US$228-232/kg": the clause ends it
            brk = max(view.text.rfind(";", a.span[1], b.span[0]), view.text.rfind("；", a.span[1], b.span[0]))
            first = brk if brk >= 0 else None
        bounds.append(first if first is not None else (a.span[1] + b.span[0]) // 2)
    bounds.append(len(view.text))
    for i, q in enumerate(levels):
        out[id(q)] = (bounds[i], bounds[i + 1])
    return out
