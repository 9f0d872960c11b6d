"""Trade flows: exports and imports by reporter, partner, product and period.

"exports of rare earth magnets to the EU surged to 2,582 tons in August, up 21%
month-on-month", "中国1-9月稀土出口4.5万吨，同比增长5.1%", "US: shipments plummeted
28.7% MoM". Every tonnage in a trade sentence is one flow; its partner is the destination
named nearest to it ("to the EU", "对美国", "vers l'UE", "US: ..."), WORLD when none is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reewatch.extractors.base import (
    DocContext,
    SentenceView,
    basis,
    is_change,
    make_fact,
    non_re_material_near,
    num,
    signed_change,
)
from reewatch.extractors.resolve import area_of, areas, best_product
from reewatch.lexicon import Lexicon, Mention
from reewatch.models import Fact, Quantity


@dataclass(slots=True)
class _Roles:
    partners: list[Mention]
    reporters: list[Mention]


def _roles(view: SentenceView, flow: str, lexicon: Lexicon, reporter_known: bool = False) -> _Roles:
    """Split the areas of a trade sentence into destinations (partners) and reporters."""
    prep = "to" if flow == "export" else "from"
    cues = lexicon.cues(view.lang)
    partners, reporters = [], []
    for m in areas(view):
        code = area_of(m)
        if code == "WORLD" or _bulk_origin(view, m):
            continue  # "mostly from China" is where most of a total comes from, not its partner
        is_partner = cues.precedes(prep, view.lower, m.start)
        after = view.text[m.end : m.end + 4]
        if (
            view.lang in {"ja", "ko"}
            and m.kind == "area"
            and cues.follows(prep, view.lower, m.end)
            and not _ACCORDING_TO.match(view.text, m.end)
        ):
            is_partner = True  # 米国向け, 미국으로의 (but not 에 따르면, "according to")
        if after.startswith(":") or after.startswith("："):
            is_partner = True  # "US: 590 t" in a by-destination listing
        if view.cue_near(("destination",), m.start, m.end, before=10, after=45):
            is_partner = True  # "Germany remained the largest single destination at 1,120 t"
        flow_cues = view.cues_of("export", "import")
        verb_follows = any(0 <= c.start - m.end <= 10 for c in flow_cues)  # "中国自缅甸进口", "China exported"
        if (
            not is_partner
            and flow_cues
            and m.start > flow_cues[0].end
            and not _possessive(view, m)
            and not verb_follows
            and _tonnage_follows(view, m)
        ):
            # "China's exports ... Germany took 1,120 t": named after the flow, once its reporter is known
            is_partner = reporter_known or any(x.end <= flow_cues[0].start for x in areas(view))
        if not is_partner and _supplies_share(view, m):
            continue  # "..., with China supplying more than 90% of that volume": a share of the total
        if flow == "import" and not flow_cues and cues.precedes("to", view.lower, m.start):
            reporters.append(m)  # "Laos ..., shipping 1,120 tons ... to China": China imports
            continue
        (partners if is_partner else reporters).append(m)
    return _Roles(partners, reporters)


def _supplies_share(view: SentenceView, m: Mention) -> bool:
    """An area followed by a share verb and a level percentage: "China supplying more than
    90%", "la Chine fournissant 70 %", "中国占比超过九成"."""
    for q in view.quantities:
        if q.kind != "percent" or not 0 <= q.span[0] - m.end <= 30 or view.breaks(m.end, q.span[0]):
            continue
        if is_change(view, q) or any(m.end <= x.span[0] < q.span[0] for x in view.quantities):
            continue
        if any(c.category == "share" and m.end <= c.start and c.end <= q.span[0] for c in view.cues):
            return True
    return False


_ACCORDING_TO = re.compile(r"\s?(?:에\s?따르면|에\s?의하면|によると|によれば)")
_POSSESSIVE = ("'s", "’s", "的", "の", "의")


def _tonnage_follows(view: SentenceView, m: Mention) -> bool:
    """'Germany took 1,120 t', 'le Japon a reçu 402 tonnes': a tonnage follows in the clause."""
    return any(
        q.kind == "mass" and 0 <= q.span[0] - m.end <= 45 and not view.breaks(m.end, q.span[0]) for q in view.quantities
    )


def _possessive(view: SentenceView, m: Mention) -> bool:
    """'China's exports', '中国的出口', 'chinoises': an area that owns the flow."""
    return (
        view.text[m.end : m.end + 2] in _POSSESSIVE
        or view.text[m.end : m.end + 1] in _POSSESSIVE
        or (m.surface[:1].islower() and m.surface.lower().endswith(("ese", "ois", "oise", "oises", "ische", "ischen")))
    )


_RIGHT_AFTER = re.compile(
    r"\s*(?:t|tonnes?|tons?)?\s*(?:to|into|for|vers|à|au|aux|en|nach|in die)\s+(?:the\s+|l'|la\s+|le\s+)?$"
)


def _partner_for(view: SentenceView, q: Quantity, partners: list[Mention]) -> Mention | None:
    """The destination of one tonnage: named right after it ("590 t to the US"), else the
    nearest one before it in its clause ("exports to the EU surged to 2,582 t"), else after."""
    for p in partners:
        if p.start >= q.span[1] and _RIGHT_AFTER.match(view.lower[q.span[1] : p.start]):
            return p
    before = [p for p in partners if p.end <= q.span[0]]
    if before:
        return before[-1]
    # not one named after "of which" ("出口46935.8吨，其中对美国4908.6吨"): it goes with its own amount
    after = [p for p in partners if p.start >= q.span[1] and not _SUBSET.search(view.lower, q.span[1], p.start)]
    return after[0] if after else None


# "其中", "of which", "dont", "このうち": what follows is a part of the total named before.
_SUBSET = re.compile(
    r"其中|这其中|其內|of which|of that|of this|including|dont|parmi lesquel|davon|darunter|このうち|うち|그중|이 중"
)


def _flow_of(view: SentenceView) -> str | None:
    exports, imports = view.cues_of("export"), view.cues_of("import")
    if exports and not imports:
        return "export"
    if imports and not exports:
        return "import"
    if exports and imports:
        return "export" if exports[0].start <= imports[0].start else "import"
    return None


# Where the text names no reporter, whose statistics these usually are.
_HOME_BY_LANG = {"zh": "CN", "ja": "JP", "ko": "KR"}
_VALUE_WORDS = (
    "value",
    "worth",
    "valued",
    "金额",
    "出口额",
    "进口额",
    "价值",
    "en valeur",
    "d'une valeur",
    "wert",
    "金額",
    "輸出額",
    "輸入額",
    "수출액",
    "수입액",
)


def _reporter(view: SentenceView, roles: _Roles, ctx: DocContext, flow: str) -> tuple[str | None, bool]:
    """(reporter, stated): from the sentence, else what the document established."""
    if roles.reporters:
        flows = view.cues_of("export", "import")
        before = [m for m in roles.reporters if flows and m.end <= flows[0].start]
        chosen = before[-1] if before else roles.reporters[0]  # the subject next to the verb
        roles.partners.extend(m for m in roles.reporters if m is not chosen and area_of(m) != area_of(chosen))
        return area_of(chosen), True
    partners = {area_of(p) for p in roles.partners}
    for candidate in (ctx.last_reporter, ctx.home_area):
        if candidate and candidate not in partners:
            return candidate, False
    home = _HOME_BY_LANG.get(view.lang)
    if home == "CN" or (home and flow == "import"):
        return (home, False) if home not in partners else (None, False)
    return None, False


_SAME_PERIOD = ("same period", "同期", "même période", "gleichen zeitraum", "同じ期間", "같은 기간")
_OTHER_FACT_CUES = ("price", "production", "capacity", "revenue", "net_profit", "funding")


def _continues_trade(view: SentenceView, ctx: DocContext) -> bool:
    """A listing line after a trade sentence: "Jan-Sep Cumulative: 39,817 tons, down 7.5%"."""
    return (
        ctx.last_trade_view == ctx.view_index - 1
        and ctx.last_flow is not None
        and any(q.kind == "mass" for q in view.quantities)
        and not view.has(*_OTHER_FACT_CUES)
        and not view.of_kind("company")
    )


# "dont l'essentiel de Chine", "mostly from China", "主要来自缅甸": the origin of the bulk of a
# total, not the partner of the flow.
_BULK_FROM = re.compile(
    r"(?:mostly|mainly|largely|primarily|chiefly|predominantly|most of (?:it|which|them|those)|the bulk|"
    r"the majority|l'essentiel|la plupart|la majorité|majoritairement|principalement|essentiellement|surtout|"
    r"überwiegend|hauptsächlich|größtenteils|meist|主要|大部分|大多|多数|绝大部分|主に|大半|주로|대부분)"
    r"[^,，;；。\d]{0,14}$"
)


def _bulk_origin(view: SentenceView, m: Mention) -> bool:
    return bool(_BULK_FROM.search(view.lower, max(0, m.start - 30), m.start))


# What an amount measures when it is no trade: demand, capacity, a supply gap; money: a
# profit, a revenue, a budget. The nearest such word before it, with no flow word between.
_NOT_FLOW_MASS = ("stage.demand", "capacity")
_NOT_FLOW_MONEY = ("stage.demand", "capacity", "revenue", "net_profit", "funding")
_GAP = re.compile(
    r"缺口|过剩|短缺|deficit|shortfall|surplus|shortage|déficit|excédent|pénurie|defizit|überschuss|不足|供給過剰"
)
_FORECAST_REACH = 30


def _measures_other(view: SentenceView, q: Quantity) -> bool:
    """Whether an amount measures something other than a flow: "全球钕铁硼需求约32.6万吨",
    "供需缺口预计约4500吨", "分離能力を年1500トンに", "mobilise 3 milliards d'euros pour",
    "net profit ¥515 million"."""
    start = q.span[0]
    flows = [c.end for c in view.cues_of("export", "import") if c.end <= start]
    last_flow = max(flows, default=-1)
    other = _NOT_FLOW_MONEY if q.kind == "money" else _NOT_FLOW_MASS
    for c in view.cues_of(*other):
        if last_flow < c.start and c.end <= start and start - c.end <= 30 and not view.breaks(c.end, start):
            return True
    gap = _GAP.search(view.lower, max(0, start - 20, last_flow + 1), start)
    return bool(gap and not view.breaks(gap.end(), start))


def _foreseen(view: SentenceView, q: Quantity) -> bool:
    """An amount that a forecast or a condition speaks of: "预计11月磁材出口将维持在5000吨以上",
    "exports are expected to reach 6,000 t", "could fall to 3,000 t"."""
    start = q.span[0]
    return any(
        c.end <= start
        and start - c.end <= _FORECAST_REACH
        and not view.breaks(c.end, start)
        and not any(c.end <= x.span[0] < start for x in view.quantities)
        and not view.lower[max(0, c.start - 5) : c.start].endswith(("than ", "que ", "超", "于"))
        and not view.text.startswith("将近", c.start)  # "nearly": no forecast
        and (c.category == "forecast" or (not _comma_between(view, c.end, start) and view.text[c.start] != "M"))
        for c in view.cues_of("forecast", "hedge")
    )


def _comma_between(view: SentenceView, a: int, b: int) -> bool:
    return any(ch in ",，、" for ch in view.text[a:b])


# "contre 41 tonnes un an plus tôt", "from 2,520 t a year earlier": the level a year before.
_YEAR_EARLIER = re.compile(r"\b(\d{4})\b")


def _baseline_period(view: SentenceView, q: Quantity, hi: int, period: str | None) -> str | None:
    """The period of a baseline amount ("contre 2 520 tonnes en août", "... un an plus tôt")."""
    own = next(
        (p for p in view.periods if p.period and q.span[1] <= p.span[0] < min(hi, q.span[1] + 30)),
        None,
    )
    if own is not None:
        return own.period[:7] if own.kind == "day" else own.period
    if period and view.cue_near(("yoy",), q.span[0], q.span[1], before=0, after=30):
        return _YEAR_EARLIER.sub(lambda m: str(int(m.group(1)) - 1), period)
    return period


def extract_trade(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    follows_trade = ctx.last_trade_view == ctx.view_index - 1  # before this sentence updates it
    flow = _flow_of(view)
    if flow is None and _continues_trade(view, ctx):
        flow = ctx.last_flow
    if flow is None:
        return []
    roles = _roles(view, flow, lexicon, reporter_known=bool(ctx.last_reporter))
    cues = lexicon.cues(view.lang)
    if not view.cues_of("export", "import"):  # a listing line that continues the flow before it
        to = [m for m in roles.reporters if flow == "import" and cues.precedes("to", view.lower, m.start)]
        roles = _Roles(roles.partners + [m for m in roles.reporters if m not in to], to)
    # "of which 70% from China" names a share of the total, not the partner of the flow.
    # A clause break or a change ("环比下降35.0%；自马来西亚进口") does not make it one.
    roles.partners = [
        p
        for p in roles.partners
        if not any(
            q.kind == "percent"
            and 0 <= p.start - q.span[1] <= 25
            and not view.breaks(q.span[1], p.start)
            and not is_change(view, q)
            and lexicon.cues(view.lang).precedes("from", view.lower, p.start)
            for q in view.quantities
        )
    ]
    reporter, stated = _reporter(view, roles, ctx, flow)
    sentence_product = best_product(view, lexicon, len(view.text), len(view.text))
    # Remember what this sentence establishes, even if it states no figure itself:
    # "Chinese customs data showed magnet exports rebounded. Shipments to the US jumped 660%."
    if stated:
        ctx.last_reporter = reporter
    if sentence_product:
        ctx.last_trade_product = sentence_product
    stated_period = next((p for p in view.periods if p.period and not p.baseline and p.kind != "day"), None)
    if view.cues_of("export", "import") and (stated or sentence_product):
        ctx.last_flow, ctx.last_trade_view = flow, ctx.view_index
        if stated_period:
            ctx.last_period = stated_period.period
            if stated_period.kind == "month":
                ctx.last_month_period = stated_period.period
    if view.has("policy.export_halt", "policy.export_control") and not view.quantities:
        return []
    changes = [q for q in view.quantities if is_change(view, q)]
    if (
        view.has("share")
        and not any(q.kind == "mass" for q in view.quantities)
        and not any(basis(view, c) for c in changes)
    ):
        return []  # "90% of US imports came from China" is a market share
    if any(m.kind == "material" for m in view.mentions) and not any(
        m.kind in {"product", "element"} for m in view.mentions
    ):
        return []
    masses = [
        q
        for q in view.quantities
        if q.kind == "mass"
        and not non_re_material_near(view, *q.span)
        and not _measures_other(view, q)
        and not _foreseen(view, q)
    ]
    values = [
        q
        for q in view.quantities
        if q.kind == "money" and not q.per_unit and not _measures_other(view, q) and not _foreseen(view, q)
    ]
    if not masses and not values and any(q.kind in {"mass", "money"} and not q.per_unit for q in view.quantities):
        return []  # its amounts are a forecast, a demand, a capacity: so are its changes
    anchors: list[Quantity] = masses or values
    if not anchors:
        change_q = next((q for q in changes if basis(view, q)), None)
        if change_q is None or view.hedged():
            return []
        anchors = [change_q]
    facts: list[Fact] = []
    for i, q in enumerate(anchors):
        lo = anchors[i - 1].span[1] if i else 0
        hi = anchors[i + 1].span[0] if i + 1 < len(anchors) else len(view.text)
        partner_m = _partner_for(view, q, [p for p in roles.partners if lo <= p.start < hi])
        partner = area_of(partner_m) if partner_m else "WORLD"
        if reporter is None or partner == reporter:
            continue
        product = best_product(view, lexicon, q.span[0], q.span[1]) or ctx.last_trade_product
        if product is None:
            continue
        period_m = view.period_near(q.span[0], q.span[1])
        period = period_m.period if period_m else None
        if period_m and period_m.kind == "day" and period:
            period = period[:7]
        # Changes after this anchor (and before the next one) describe it, unless it is a
        # baseline ("from 6,146 tons in August") that only anchors a comparison.
        is_baseline = view.lower[max(0, q.span[0] - 8) : q.span[0]].rstrip().endswith(("from", "较", "contre", "von"))
        if is_baseline:
            period = _baseline_period(view, q, hi, period)
        fields: dict = {
            "flow": flow,
            "reporter": reporter,
            "partner": partner,
            "product": product,
            "quantity": None,
            "quantity_unit": None,
            "value": None,
            "currency": None,
            "period": period,
            "change_mom_pct": None,
            "change_yoy_pct": None,
            "value_change_yoy_pct": None,
        }
        value_at = None
        if q.kind == "mass":
            fields.update(quantity=num(q.value), quantity_unit=q.unit)
            if q.low is not None:
                fields.update(quantity_low=num(q.low), quantity_high=num(q.high))
            for v in values:
                if not q.span[1] <= v.span[0] < hi:
                    continue
                said_value = any(w in view.lower[max(q.span[1], v.span[0] - 14) : v.span[0]] for w in _VALUE_WORDS)
                if said_value or not view.breaks(q.span[1], v.span[0]):
                    fields.update(value=num(v.value), currency=v.currency)
                    value_at = v.span[0]
                    break
        elif q.kind == "money":
            fields.update(value=num(q.value), currency=q.currency)
            value_at = q.span[0]
        if not is_baseline:
            for c in changes:
                if not (q.span[0] <= c.span[0] < hi or c is q or (lo <= c.span[0] < q.span[0] and i == 0)):
                    continue
                b = basis(view, c)
                if b is None and period_m is not None and period_m.kind in {"year", "quarter", "half", "range"}:
                    b = "yoy"  # "rose 7% to 412 million euros in 2024": against the year before
                value = signed_change(view, c)
                if value is None or b not in {"mom", "yoy"}:
                    continue
                key = "change_mom_pct" if b == "mom" else "change_yoy_pct"
                near = view.lower[max(0, c.span[0] - 30) : c.span[0]]
                if key == "change_yoy_pct" and (
                    (value_at is not None and (c.span[0] > value_at or q.kind == "money"))
                    or any(w in near for w in ("value", "en valeur", "金额", "出口额", "进口额"))
                ):
                    key = "value_change_yoy_pct"
                if fields[key] is None:
                    fields[key] = value
        if q.kind == "percent" and fields["change_mom_pct"] is None and fields["change_yoy_pct"] is None:
            continue  # "en recul de 1,2 % sur une semaine": a weekly move is a price's, not a flow's
        if period_m is not None and period_m.period is None:
            # "in October" in a document of unknown date: no period, and none carried from before
            ctx.last_period = ctx.last_month_period = None
        if period is None and fields["change_mom_pct"] is not None and ctx.last_month_period:
            fields["period"] = ctx.last_month_period
        if fields["period"] is None and (
            any(w in view.lower for w in _SAME_PERIOD)
            or (follows_trade and not any(not p.baseline for p in view.periods))
        ):
            fields["period"] = ctx.last_period  # "其中，对德国出口1236吨": the period of the total before
        facts.append(make_fact("trade_flow", view, fields, f"trade.{q.kind}", 0.85 if stated else 0.7, raw=q.raw))
        ctx.last_reporter = reporter
        ctx.last_trade_product = product
        ctx.last_flow = flow
        ctx.last_trade_view = ctx.view_index
        if fields["period"] and not is_baseline:
            ctx.last_period = fields["period"]
        if fields["period"] and len(fields["period"]) == 7 and not is_baseline:
            ctx.last_month_period = fields["period"]
    return facts
