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

import re
from dataclasses import replace

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

_CHANGE_WINDOW = 70
_SPEC_BEFORE = ("=", "reo", "treo", "purity", "min", "纯度", "≥")


def _is_change_amount(view: SentenceView, q: Quantity) -> bool:
    """'up 5,000 yuan/t', '上涨3000元/吨', 'gagne 10 000 yuans': an amount that is a move."""
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
            cue = view.cue_near(("up", "down"), m.span[0], m.span[1], before=12, after=0)
            value = float(m.value)
            return -abs(value) if cue and cue.category == "down" else abs(value)
    return None


def _change_pct(view: SentenceView, q: Quantity, lo: int, hi: int) -> float | None:
    best: tuple[int, float] | None = None
    for p in view.quantities:
        if p.kind != "percent" or not (lo <= p.span[0] < hi) or not is_change(view, p):
            continue
        if view.lower[max(0, p.span[0] - 6) : p.span[0]].strip().endswith(_SPEC_BEFORE):
            continue
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


def _fields(view: SentenceView, ctx: DocContext, product: str, q: Quantity | None) -> dict:
    market_cue = view.cue_near(
        [c.category for c in view.cues_with_prefix("market.")],
        q.span[0] if q else 0,
        q.span[1] if q else len(view.text),
        before=80,
        after=40,
    )
    day = next((p.period for p in view.periods if p.kind == "day" and p.period), None)
    fields = {
        "product": product,
        "value": num(q.value) if q else None,
        "currency": currency_of(view, q) if q else None,
        "unit": q.unit if q else None,
        "market": market_cue.category.split(".", 1)[1] if market_cue else None,
        "change_pct": None,
        "change_abs": None,
        "direction": None,
        "as_of": day or (ctx.doc_date.isoformat() if ctx.doc_date else None),
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
    "cny": "CNY",
    "rmb": "CNY",
    "元": "CNY",
    "yuan": "CNY",
    "¥": "CNY",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "美元": "USD",
    "eur": "EUR",
    "€": "EUR",
    "欧元": "EUR",
}
_UNIT_OF = {"t": "t", "mt": "t", "tonne": "t", "ton": "t", "吨": "t", "kg": "kg", "公斤": "kg", "千克": "kg"}


def _table_row(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact] | None:
    """A row of a Markdown price table: | Dysprosium oxide | China domestic | 1,580,000 | CNY/t | -1.9% |.
    The unit may sit in its own cell or in the header ("Price (CNY/t)"). None when not a table row."""
    if view.text.count("|") < 3:
        return None
    cells = [c.strip() for c in view.text.strip().strip("|").split("|")]
    numbers = [q for q in view.quantities if q.kind in {"number", "money"}]
    spec = _UNIT_SPEC.search(view.text)
    if not numbers or (spec is None and ctx.table_unit is None):
        if spec is None and not numbers:
            header = _UNIT_SPEC.search(view.text)
            ctx.table_unit = (header.group("cur"), header.group("unit")) if header else ctx.table_unit
        return [] if not numbers else None
    currency, unit = (spec.group("cur"), spec.group("unit")) if spec else ctx.table_unit
    products = product_mentions(view, lexicon)
    if not products:
        return []
    value = next((q for q in numbers if q.value >= 0), None)
    if value is None:
        return []
    fields = _fields(view, ctx, products[0][1], value)
    fields.update(currency=_CURRENCY_OF.get(currency.lower(), currency.upper()), unit=_UNIT_OF.get(unit.lower(), unit))
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
        fields["market"] = market
    return [make_fact("price", view, fields, "price.table-row", 0.85, raw=value.raw)]


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
    out = []
    for q in quantities:
        if q.kind == "money" and not q.per_unit:
            unit = _UNIT_AFTER_BRACKET.match(view.lower, q.span[1])
            if unit:
                q = replace(q, unit="kg" if unit.group(1).startswith("k") else "t", per_unit=True)
        if q.kind == "money":
            out.append(q)
    return out


# "rose by CNY 50,000 to CNY 6,850,000/t", "climbed from $880 to $910/kg": not a range but a
# move and the level it reached.
_MOVE_RANGE_BEFORE = re.compile(r"(?:\bby|\bfrom|\bde|\bum|\bvon|了|从)\s*$")
_TO_INSIDE = re.compile(r"\s(?:to|à|auf|bis)\s|至|到")


def _split_move_range(view: SentenceView, q: Quantity) -> tuple[Quantity, Quantity] | None:
    """(level, move) for a parsed range that is really "up by X to Y" or "up from X to Y"."""
    if q.low is None or q.high is None or not _TO_INSIDE.search(q.raw):
        return None
    before = _MOVE_RANGE_BEFORE.search(view.lower, max(0, q.span[0] - 6), q.span[0])
    cue = view.cue_near(("up", "down"), q.span[0], q.span[1], before=20, after=0)
    if before is None or cue is None or cue.end > q.span[0]:
        return None
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


def extract_prices(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    row = _table_row(view, ctx, lexicon)
    if row is not None:
        return row
    money = _money(view)
    if not money:
        return _change_only(view, ctx, lexicon)
    floors = view.cues_of("policy.price_floor")
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
    if not levels:
        return []
    products_in_order = [(m, pid) for m, pid in _listed_products(view, lexicon) if m.end <= levels[0].span[0]]
    respectively = view.has("respectively") and len(products_in_order) == len(levels) > 1
    facts: list[Fact] = []
    previous_product = None
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
        fields = _fields(view, ctx, product, q)
        fields["change_pct"] = _change_pct(view, q, prev_end, nxt)
        if fields["change_pct"] is None:
            fields["change_pct"] = _multiple_near(view, q, prev_end, nxt)  # "約3倍に高騰", "has tripled to"
        fields["change_abs"] = _change_abs(view, q, moves)
        dir_cue = view.cue_near(("up", "down", "flat"), q.span[0], q.span[1], before=30, after=30)
        if dir_cue and (dir_cue.start < nxt) and dir_cue.end > prev_end:
            fields["direction"] = dir_cue.category
        for change in (fields["change_pct"], fields["change_abs"]):
            if change is not None:
                fields["direction"] = "up" if change > 0 else "down" if change < 0 else "flat"
        if respectively and view.has("flat") and fields["direction"] is None:
            fields["direction"] = "flat"
        rule = "price.amount-per-unit" if q.per_unit else "price.cue"
        facts.append(make_fact("price", view, fields, rule, 0.9 if q.per_unit else 0.7, raw=q.raw))
    return facts
