"""Trade flows: exports and imports by reporter, partner, product and period.

"exports of rare earth magnets to the EU surged to 2,582 tons in August, up 21%
month-on-month", "中国1-9月稀土出口4.5万吨，同比增长5.1%", "US: shipments plummeted
28.7% MoM". Every tonnage in a trade sentence is one flow; its partner is the destination
named nearest to it ("to the EU", "对美国", "vers l'UE", "US: ..."), WORLD when none is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

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
from reewatch.extractors.resolve import area_of, areas, best_product, product_mentions
from reewatch.lexicon import Cue, Lexicon, Mention
from reewatch.models import Fact, Quantity
from reewatch.normalise.dates import PeriodMention


@dataclass(slots=True)
class _Roles:
    partners: list[Mention]
    reporters: list[Mention]
    owners: list[Mention] = field(default_factory=list)  # "les importations européennes": whose flow it is


def _roles(view: SentenceView, flow: str, lexicon: Lexicon, reporter_known: bool = False) -> _Roles:
    """Split the areas of a trade sentence into destinations (partners) and reporters."""
    prep = "to" if flow == "export" else "from"
    cues = lexicon.cues(view.lang)
    partners, reporters, owners = [], [], []
    flow_cues_of_view = _flow_cues(view)
    transit_end = -1
    for m in areas(view):
        code = area_of(m)
        if code == "WORLD" or _bulk_origin(view, m):
            continue  # "mostly from China" is where most of a total comes from, not its partner
        if _TRANSIT.search(view.lower, max(0, m.start - 25), m.start) or (
            transit_end >= 0 and _OR_AND.fullmatch(view.lower, transit_end, m.start)
        ):
            transit_end = m.end  # "transitant par le Royaume-Uni ou la Suisse": a route, not a partner
            continue
        if m.surface in _SELF and flow == "import" and cues.precedes("from", view.lower, m.start):
            partners.append(m)  # "韩国自我国进口": the writer's country as the origin
            continue
        if m.surface in _SELF or m.kind == "body":
            # 我国: the writer's own country; "d'après les données d'Eurostat": the source of the figures
            owners.append(m)
            reporters.append(m)
            continue
        if partners and _in_apposition(view, partners[-1], m):
            continue  # "to Poland, Europe's main entry point, ...": an aside on the partner
        role = _owner(view, m, flow_cues_of_view, flow)
        if role == "other":
            continue  # "Les restrictions chinoises ... : les importations": an adjective of another noun
        if role == "owner":
            owners.append(m)
            reporters.append(m)  # "les importations européennes", "les importations de l'UE"
            continue
        if role == "origin":
            (partners if flow == "import" else reporters).append(m)  # "les importations d'aimants chinois"
            continue
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
        flow_cues = flow_cues_of_view
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
    return _Roles(partners, reporters, owners)


# "transitant par le Royaume-Uni", "shipped via Vietnam", "经由越南转口": a route, not a partner.
_TRANSIT = re.compile(
    r"(?:transitant par|transité par|en transit par|via|transiting through|transited through|in transit through|"
    r"transshipped through|über den|über die|经由|途经|过境|取道|转道|經由|途經|過境|経由)\s*"
    r"(?:le |la |les |l'|l’|the |das |die |den )?$"
)
_OR_AND = re.compile(r"\s*(?:,|ou|or|et|and|oder|und|或|和|及|、)\s*(?:le |la |les |l'|l’|the )?")
_SELF = frozenset({"我国", "我國", "本国", "本國", "わが国", "我が国", "우리나라"})
# A flow noun followed by its owner: "les importations de l'UE", "importaciones de la India".
_GENITIVE = re.compile(r"\s+(?:de l['’]|de la |del |della |dell['’])$")
_ROMANCE = frozenset({"fr", "es", "it"})


def _owner(view: SentenceView, m: Mention, flow_cues: list[Cue], flow: str) -> str | None:
    """The part an area plays by its place in French, Spanish or Italian, where adjectives and
    owners follow the noun: "owner" of the flow ("les importations européennes", "les
    importations de l'UE"), "origin" of the goods ("les importations d'aimants chinois"),
    "other" for a nationality adjective of another noun before the flow word ("Les
    restrictions chinoises ..., les importations ..."); else None."""
    if view.lang not in _ROMANCE or not flow_cues:
        return None
    adjective = m.surface[:1].islower()
    for c in flow_cues:
        if c.end <= m.start and m.start - c.end <= 14:
            between = view.lower[c.end : m.start]
            if (adjective and not between.strip()) or _GENITIVE.fullmatch(view.lower, c.end, m.start):
                return "owner"
    if not adjective:
        return None
    if any(0 <= m.start - p.end <= 2 for p in view.of_kind("product", "element")):
        return "origin"
    first = flow_cues[0]
    if m.end > first.start:
        return None
    # "Les restrictions chinoises ..., les importations": the adjective of a measure, or of a noun
    # far from the flow word; not "les groupes japonais ont importé"
    after_measure = any(
        c.category.startswith("policy.") or c.category == "control_objects"
        for c in view.cues
        if 0 <= m.start - c.end <= 2
    )
    far = first.start - m.end > 60 or ":" in view.text[m.end : first.start] or view.breaks(m.end, first.start)
    return "other" if after_measure or far else None


_OF_AFTER = re.compile(r"\s*(?:of|des|du|de|d['’]|der|des|del|della|的)(?=[\s\w])")


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
    if len(before) > 1 and _in_apposition(view, before[-2], before[-1]):
        return before[-2]  # "vers les Pays-Bas, principale porte d'entrée vers l'Europe, sont tombées à 612 t"
    if before:
        return before[-1]
    # not one named after "of which" ("出口46935.8吨，其中对美国4908.6吨"): it goes with its own amount
    # nor one named in a reason given after it ("down 21.8%, as supply from Myanmar remained disrupted")
    after = [
        p
        for p in partners
        if p.start >= q.span[1]
        and not _SUBSET.search(view.lower, q.span[1], p.start)
        and not _REASON.search(view.lower, q.span[1], p.start)
    ]
    return after[0] if after else None


_APPOSITION_OPEN = re.compile(r"\s*,[^,;:.()\d]{0,50}$")
_APPOSITION_CLOSE = re.compile(r"[^,;:.()\d]{0,50},")


def _in_apposition(view: SentenceView, head: Mention, m: Mention) -> bool:
    """An area inside an aside set off by commas right after another one: "les Pays-Bas,
    principale porte d'entrée vers l'Europe, ...", "Vietnam, a hub for Southeast Asia, ..."."""
    gap = _APPOSITION_OPEN.fullmatch(view.text, head.end, m.start)
    if not gap or not _APPOSITION_CLOSE.match(view.text, m.end):
        return False
    # "Japan, Korea, ...": a list, not an aside; "the Netherlands, Europe's main port, ...": an aside
    return any(ch.isalpha() for ch in gap.group()) or _possessive(view, m)


# A clause that gives a reason or a circumstance: an area named in it is no partner of the amount.
_REASON = re.compile(
    r"[,，]\s*(?:as|because|since|amid|due to|owing to|while|whereas|after|despite|car|parce que|en raison|"
    r"alors que|faute de|à cause|du fait|weil|da |wegen|angesichts|由于|因为|因|受|随着|隨著|由於|因為)"
)


# "其中", "of which", "dont", "このうち": what follows is a part of the total named before.
_SUBSET = re.compile(
    r"其中|这其中|其內|of which|of that|of this|including|dont|parmi lesquel|davon|darunter|このうち|うち|그중|이 중"
)


# "Export-Import Bank", "进出口银行", "UK Export Finance": a flow word inside a lender's name.
_LENDER_AFTER = re.compile(r"[-\s]?(?:import[-\s])?(?:bank|banque|bank\b)|(?:进口|進口|輸入|수입)?(?:银行|銀行|은행)")


def _flow_cues(view: SentenceView) -> list[Cue]:
    """The export/import cues of a sentence that speak of a flow, not of a name that contains
    one ("Export-Import Bank of the United States", "UK Export Finance", 中国进出口银行)."""
    cues = view.cues_of("export", "import")
    if not cues:
        return cues
    names = view.of_kind("body", "company")
    cues = [
        c
        for c in cues
        if not any(n.start <= c.start and c.end <= n.end for n in names) and not _LENDER_AFTER.match(view.lower, c.end)
    ]
    if len(cues) > 1 and any(w in view.lower for w in _BOTH_WAYS_CHEAP):
        # "수출입통계에 따르면 ... 수입량은": "export-import" names trade in general, not the flow
        both = [m.span() for m in _BOTH_WAYS.finditer(view.lower)]
        kept = [c for c in cues if not any(a <= c.start < b or a < c.end <= b for a, b in both)]
        cues = kept or cues
    return cues


# "수출입", "进出口", "import-export": a compound that names trade in both ways.
_BOTH_WAYS = re.compile(r"수출입|进出口|進出口|輸出入|import[-/]export|export[-/]import")
_BOTH_WAYS_CHEAP = ("수출입", "出口", "輸出入", "-export", "/export", "-import", "/import")


def _flow_of(view: SentenceView) -> str | None:
    cues = _flow_cues(view)
    exports = [c for c in cues if c.category == "export"]
    imports = [c for c in cues if c.category == "import"]
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
        flows = _flow_cues(view)
        before = [m for m in roles.reporters if flows and m.end <= flows[0].start]
        chosen = before[-1] if before else roles.reporters[0]  # the subject next to the verb
        home = ctx.last_reporter
        if not before and home and flows and home not in {area_of(p) for p in roles.partners}:
            again = [m for m in roles.reporters if area_of(m) == home]
            if again:
                chosen = again[0]  # "... les États-Unis ont importé 395 t de terres rares chinoises"
            elif roles.partners and roles.partners[0].start < roles.reporters[0].start:
                # "Par destination, le Japon a reçu ..., les États-Unis ...": a listing of the
                # document's exporter, whose areas named later are more destinations
                roles.partners.extend(roles.reporters)
                roles.partners.sort(key=lambda m: m.start)
                return home, False
        roles.partners.extend(
            m for m in roles.reporters if m is not chosen and area_of(m) != area_of(chosen) and m not in roles.owners
        )
        return area_of(chosen), True
    partners = {area_of(p) for p in roles.partners}
    home = _HOME_BY_LANG.get(view.lang)
    # Japanese and Korean import statistics are their own country's, whatever the article is about
    own = home if home and home != "CN" and flow == "import" else None
    for candidate in (ctx.last_reporter, own, ctx.home_area):
        if candidate and candidate not in partners:
            return candidate, False
    if home == "CN" or (home and flow == "import"):
        return (home, False) if home not in partners else (None, False)
    return None, False


# "en a acheté", "bought 702 t of them": a part of the exports just named
_ANAPHOR = re.compile(r"\ben (?:a|ont|avait|avaient|aurait) |\bof (?:them|these|those|this|that)\b|\bdavon\b")


def _mirrors_export(view: SentenceView, ctx: DocContext, roles: _Roles) -> bool:
    """Whether an import sentence restates the exports of the document's exporter: right after its
    export figures, a destination imports goods of that origin or "en a acheté" a part of them."""
    home = ctx.last_reporter
    if ctx.last_flow != "export" or not home or ctx.last_trade_view < ctx.view_index - 2:
        return False
    named = roles.partners + roles.reporters
    if roles.owners or any(area_of(m) == home for m in roles.reporters):
        return False  # "Côté importations, la Chine a acheté ...": the exporter's own imports
    if len({area_of(m) for m in named if area_of(m) != home}) != 1:
        return False
    return any(area_of(m) == home for m in roles.partners) or bool(_ANAPHOR.search(view.lower))


# "Par pays, ...", "By destination, ...", "分国别看": what follows splits a total named before.
_BREAKDOWN = re.compile(
    r"par pays|par destination|par origine|by country|by destination|by origin|by market|nach ländern|"
    r"nach herkunft|nach bestimmung|por país|por destino|per paese|分国别|分国家|分地区|按国别|按国家|分國別|国別では|"
    r"国・地域別|국가별"
)
_SAME_PERIOD = ("same period", "同期", "même période", "gleichen zeitraum", "同じ期間", "같은 기간")
_OTHER_FACT_CUES = ("price", "production", "capacity")
# "en a reçu 1 048 tonnes": a funding or revenue word speaks of money only where money is named.
_MONEY_FACT_CUES = ("revenue", "net_profit", "funding")


def _continues_trade(view: SentenceView, ctx: DocContext) -> bool:
    """A listing line after a trade sentence: "Jan-Sep Cumulative: 39,817 tons, down 7.5%"."""
    return (
        ctx.last_trade_view == ctx.view_index - 1
        and ctx.last_flow is not None
        and any(q.kind == "mass" for q in view.quantities)
        and not view.has(*_OTHER_FACT_CUES)
        and not (view.has(*_MONEY_FACT_CUES) and any(q.kind == "money" for q in view.quantities))
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
    flows = [c.end for c in _flow_cues(view) if c.end <= start]
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


# "en hausse de 25 $", "up by $5", "上涨2000元": an amount that something moved by, not a level.
_MOVED_BY = re.compile(r"\s*(?:de|by|of|um|了)?\s*$")


def _moved_by(view: SentenceView, q: Quantity) -> bool:
    start = q.span[0]
    return any(
        c.end <= start
        and start - c.end <= 6
        and _MOVED_BY.fullmatch(view.lower, c.end, start)
        and view.lower[c.start : c.end] not in _ABOUT  # "pour plus de 200 millions": an approximation
        for c in view.cues_of("up", "down")
    )


_ABOUT = frozenset({"plus", "moins", "more", "less", "mehr", "weniger"})


def _comma_between(view: SentenceView, a: int, b: int) -> bool:
    return any(ch in ",，、" for ch in view.text[a:b])


# "contre 41 tonnes un an plus tôt", "from 2,520 t a year earlier": the level a year before.
_YEAR_EARLIER = re.compile(r"\b(\d{4})\b")


def _unowned_period(view: SentenceView, q: Quantity, owned_ids: set[int]) -> PeriodMention | None:
    """The nearest period before an amount that no baseline amount names."""
    before = [
        p for p in view.periods if p.period and not p.baseline and id(p) not in owned_ids and p.span[1] <= q.span[0]
    ]
    return before[-1] if before else None


def _months_apart(base: str | None, period: str) -> str | None:
    """'mom' or 'yoy' when a baseline month is the month or the year before the amount's."""
    if not base or len(base) != 7 or len(period) != 7:
        return None
    gap = (int(period[:4]) - int(base[:4])) * 12 + int(period[5:]) - int(base[5:])
    return {1: "mom", 12: "yoy"}.get(gap)


def _same_year_before(own: PeriodMention, main: str | None) -> str | None:
    """A baseline month written without its year is the last such month up to the main amount's:
    "지난해 10월 … 9월(1,180t)보다" is September 2025."""
    if not own.period or not own.implicit or own.kind != "month" or not main or len(main) != 7:
        return own.period
    month = own.period[5:7]
    year = int(main[:4]) - (month > main[5:7])
    return f"{year:04d}-{month}"


def _own_period(view: SentenceView, q: Quantity, hi: int) -> PeriodMention | None:
    """The period a baseline amount names: after it ("contre 512 tonnes en janvier"), or right
    before its bracket ("11월(1,492t)보다")."""
    for p in view.periods:
        if p.period and q.span[1] <= p.span[0] < min(hi, q.span[1] + 30):
            return p
        if p.period and p.span[1] <= q.span[0] and _BRACKET_GAP.fullmatch(view.text, p.span[1], q.span[0]):
            return p
    return None


_BRACKET_GAP = re.compile(r"\s*(?:[(（]|的)\s*")


def _relative_basis(view: SentenceView, q: Quantity) -> str | None:
    """'mom' or 'yoy' for a baseline named by a relative word before it: "전월(250t)보다",
    "前月（1,612トン）より", "较上月的5774吨"."""
    m = _RELATIVE_BEFORE.search(view.text, max(0, q.span[0] - 12), q.span[0])
    if not m:
        return None
    return "mom" if m.group(1) else "yoy"


_RELATIVE_BEFORE = re.compile(
    r"(?:(전월|전달|前月|上月|上个月|上個月|前一个月)|(전년\s?동월|前年同月|去年同期|上年同期|去年同月))\s*(?:[(（]|的)\s*$"
)


def _shift(period: str | None, months: int) -> str | None:
    if not period or len(period) != 7:
        return None
    n = int(period[:4]) * 12 + int(period[5:]) - 1 - months
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def _baseline_period(view: SentenceView, q: Quantity, hi: int, period: str | None) -> str | None:
    """The period of a baseline amount ("contre 2 520 tonnes en août", "... un an plus tôt")."""
    own = _own_period(view, q, hi)
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
    if flow == "export" and _supplied_to_importer(view, ctx, roles):
        # "Les livraisons chinoises ont atteint 19 480 tonnes" in a story on the EU's imports
        flow = "import"
        roles = _Roles(sorted(roles.partners + roles.reporters, key=lambda m: m.start), [])
    if flow == "import" and _mirrors_export(view, ctx, roles):
        # "Les États-Unis ont importé 395 tonnes de terres rares chinoises", "La Corée du Sud en a
        # acheté 702 tonnes" in a story on China's exports: a destination's share of those exports
        flow = "export"
        named = sorted(roles.partners + roles.reporters, key=lambda m: m.start)
        home = ctx.last_reporter
        roles = _Roles([m for m in named if area_of(m) != home], [m for m in named if area_of(m) == home])
    cues = lexicon.cues(view.lang)
    if not _flow_cues(view):  # a listing line that continues the flow before it
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
    changes = [
        q
        for q in view.quantities
        if is_change(view, q) or (q.kind == "multiple" and q.value > 1 and basis(view, q) is not None)
    ]
    if not any(q.kind == "mass" for q in view.quantities) and (
        (view.has("share") and not any(basis(view, c) for c in changes))
        or any(
            q.kind == "percent" and _OF_AFTER.match(view.lower, q.span[1]) and not is_change(view, q)
            for q in view.quantities
        )
    ):
        # "90% of US imports came from China", "La Chine conserve 90,0 % des volumes importés":
        # a market share, whose holder is no reporter; the listing it comments goes on after it
        if follows_trade and _flow_cues(view):
            ctx.last_trade_view = ctx.view_index
        shared = best_product(view, lexicon, len(view.text), len(view.text))
        if shared:
            ctx.last_trade_product = shared  # "China supplied 90% of EU magnet imports. Imports totalled ..."
        return []
    reporter, stated = _reporter(view, roles, ctx, flow)
    sentence_product = best_product(view, lexicon, len(view.text), len(view.text))
    # Remember what this sentence establishes, even if it states no figure itself:
    # "Chinese customs data showed magnet exports rebounded. Shipments to the US jumped 660%."
    # (not a measure's: "中国は4月に輸出規制を強化した" names who controls, not whose figures follow)
    policy_only = view.has("policy.export_halt", "policy.export_control") and not view.quantities
    if stated and not policy_only:
        ctx.last_reporter = reporter
    if sentence_product:
        ctx.last_trade_product = sentence_product
    amounts = [q for q in view.quantities if q.kind in {"mass", "money"}] if view.periods else []
    base_owned = (
        {id(o) for q in amounts[1:] if _is_baseline(view, q) and (o := _own_period(view, q, len(view.text)))}
        if len(amounts) > 1
        else set()
    )  # a baseline comes after the amount it is compared with
    stated_period = next(
        (p for p in view.periods if p.period and not p.baseline and p.kind != "day" and id(p) not in base_owned), None
    )
    if _flow_cues(view) and (stated or sentence_product):
        ctx.last_flow, ctx.last_trade_view = flow, ctx.view_index
        if stated_period:
            ctx.last_period = stated_period.period
            if stated_period.kind == "month":
                ctx.last_month_period = stated_period.period
    if policy_only:
        return []
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
        if q.kind == "money"
        and not q.per_unit
        and not _measures_other(view, q)
        and not _foreseen(view, q)
        and not _moved_by(view, q)
    ]
    if not masses and not values and any(q.kind in {"mass", "money"} and not q.per_unit for q in view.quantities):
        return []  # its amounts are a forecast, a demand, a capacity: so are its changes
    anchors: list[Quantity] = masses or values
    change_only = not anchors
    if change_only:
        with_basis = [q for q in changes if basis(view, q)]
        if not with_basis or view.hedged():
            return []
        # "对美出口同比下降9.2%，对越南出口同比增长63.0%": one change per partner named
        anchors = [with_basis[0]] + [
            c for a, c in pairwise(with_basis) if any(a.span[1] <= p.start < c.span[0] for p in roles.partners)
        ]
    ranked = _ranked(view, roles) if stated else []
    if ranked:
        roles.partners = [p for p in roles.partners if p not in ranked]
    names_product = bool(view.of_kind("product", "element"))
    carried = (
        ctx.last_period
        if any(w in view.lower for w in _SAME_PERIOD)
        or (follows_trade and not any(not p.baseline for p in view.periods))
        else None
    )
    if carried and _BREAKDOWN.search(view.lower, 0, 40):
        # "Par pays, l'Allemagne ...": a breakdown of the total, of the total's period
        carried = next(
            (
                f.fields["period"]
                for f in reversed(ctx.events.get(("trade", "facts"), []))
                if f.fields["partner"] == "WORLD"
                and f.fields["flow"] == flow
                and f.fields["period"]
                and not f.rule.endswith(".baseline")
            ),
            carried,
        )
    baselines = [_is_baseline(view, q) for q in anchors]
    # the periods of baseline amounts ("contre 512 tonnes en janvier") are not the main amount's
    owned = (
        [
            _own_period(view, q, anchors[i + 1].span[0] if i + 1 < len(anchors) else len(view.text))
            for i, q in enumerate(anchors)
        ]
        if any(baselines)
        else [None] * len(anchors)
    )
    owned_ids = {id(p) for p, b in zip(owned, baselines, strict=True) if b and p is not None}
    facts: list[Fact] = []
    last_partner = None
    for i, q in enumerate(anchors):
        lo = anchors[i - 1].span[1] if i else 0
        hi = anchors[i + 1].span[0] if i + 1 < len(anchors) else len(view.text)
        # "... 21 640 tonnes, contre 22 980 tonnes en 2024, soit une baisse de 5,8 %": a change after
        # the baseline is the main amount's
        j, change_hi = i + 1, hi
        while j < len(anchors) and baselines[j]:
            j += 1
            change_hi = anchors[j].span[0] if j < len(anchors) else len(view.text)
        partner_m = _partner_for(view, q, [p for p in roles.partners if lo <= p.start < hi])
        partner = area_of(partner_m) if partner_m else "WORLD"
        if baselines[i] and partner_m is None and last_partner:
            partner = last_partner  # "중국산 ... 1,613t으로 11월(1,492t)보다": the same flow a month before
        last_partner = partner
        # "l'Allemagne ... 8 870 tonnes, devant l'Italie (2 860 tonnes)": Italy's own imports
        listed = [m for m in ranked if lo <= m.start < q.span[0]]
        anchor_reporter = area_of(listed[-1]) if listed else reporter
        anchor_flow = (_flow_before(view, q) or flow) if change_only else flow
        if anchor_reporter is None or partner == anchor_reporter:
            continue
        product = (
            best_product(view, lexicon, q.span[0], q.span[1]) or _topic_product(view, lexicon) or ctx.last_trade_product
        )
        if product is None:
            continue
        period_m = view.period_near(q.span[0], q.span[1])
        if owned_ids and not baselines[i] and period_m is not None and id(period_m) in owned_ids:
            period_m = _unowned_period(view, q, owned_ids)
            if period_m is None and follows_trade:
                period_m = next((p for p in view.periods if p.period and id(p) not in owned_ids), None)
        period = period_m.period if period_m else None
        if period is None and period_m is None and owned_ids and not baselines[i] and follows_trade:
            period = ctx.last_period
        if period_m and period_m.kind == "day" and period:
            period = period[:7]
        if period_m is not None and period:
            period = _not_ahead(view, period_m, period, ctx)
        # Changes after this anchor (and before the next one) describe it, unless it is a
        # baseline ("from 6,146 tons in August") that only anchors a comparison.
        is_baseline = baselines[i]
        if is_baseline:
            rel = _relative_basis(view, q)
            if rel and facts and _shift(facts[-1].fields["period"], 1 if rel == "mom" else 12):
                period = _shift(facts[-1].fields["period"], 1 if rel == "mom" else 12)
            elif owned[i] is not None and facts:
                period = _same_year_before(owned[i], facts[-1].fields["period"])
                period = period[:7] if period and owned[i].kind == "day" else period
            else:
                period = _baseline_period(view, q, hi, period)
        fields: dict = {
            "flow": anchor_flow,
            "reporter": anchor_reporter,
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
                bound = _bound_to(view, c)  # "34.6％増の88トン": the change of the amount after it
                if bound is not None and bound is not q and (value_at is None or bound.span[0] != value_at):
                    continue
                if not (
                    q.span[0] <= c.span[0] < change_hi
                    or c is q
                    or (lo <= c.span[0] < q.span[0] and i == 0)
                    or bound is not None
                ):
                    continue
                b = basis(view, c)
                if b is None and period and i + 1 < len(anchors) and baselines[i + 1]:
                    # "1,613t으로 11월(1,492t)보다 8.1% 증가", "前月（1,612トン）より14.2％減"
                    nxt = anchors[i + 1]
                    b = _relative_basis(view, nxt) or (
                        owned[i + 1] and _months_apart(_same_year_before(owned[i + 1], period), period)
                    )
                if b is None and period_m is not None and period_m.kind in {"year", "quarter", "half", "range"}:
                    b = "yoy"  # "rose 7% to 412 million euros in 2024": against the year before
                elif b is None and period_m is None and carried and _span_period(carried):
                    b = "yoy"  # "le Japon ... avec 1 060 tonnes (+3,9 %)" after the year's total
                value = round((float(c.value) - 1) * 100, 6) if c.kind == "multiple" else signed_change(view, c)
                if value is None or b not in {"mom", "yoy"}:
                    continue
                key = "change_mom_pct" if b == "mom" else "change_yoy_pct"
                near = view.lower[max(0, c.span[0] - 30) : c.span[0]]
                if key == "change_yoy_pct" and (
                    (value_at is not None and (c.span[0] > value_at or q.kind == "money"))
                    or (bound is not None and bound.span[0] == value_at)
                    or any(w in near for w in ("value", "en valeur", "金额", "出口额", "进口额"))
                ):
                    key = "value_change_yoy_pct"
                if fields[key] is None:
                    fields[key] = value
        if q.kind == "percent" and fields["change_mom_pct"] is None and fields["change_yoy_pct"] is None:
            continue  # "en recul de 1,2 % sur une semaine": a weekly move is a price's, not a flow's
        if period_m is not None and period_m.period is None:
            # "in October" in a document of unknown date: no period, and none carried from before
            ctx.last_period = ctx.last_month_period = carried = None
        if period is None and fields["change_mom_pct"] is not None and ctx.last_month_period:
            fields["period"] = ctx.last_month_period
        if fields["period"] is None and carried:
            fields["period"] = carried  # "其中，对德国出口1236吨": the period of the total before
        rule = f"trade.{q.kind}.baseline" if is_baseline else f"trade.{q.kind}"
        facts.append(make_fact("trade_flow", view, fields, rule, 0.85 if stated else 0.7, raw=q.raw))
        if reporter is not None:
            ctx.last_reporter = reporter
        ctx.last_trade_product = product
        ctx.last_flow = anchor_flow
        ctx.last_trade_view = ctx.view_index
        if fields["period"] and not is_baseline:
            ctx.last_period = fields["period"]
        if fields["period"] and len(fields["period"]) == 7 and not is_baseline:
            ctx.last_month_period = fields["period"]
    return _new_in_document(view, ctx, facts, names_product)


# Nouns of goods supplied, with no side taken: "les livraisons chinoises", "Chinese shipments".
_SUPPLY_NOUNS = frozenset(
    {"livraisons", "expéditions", "shipments", "deliveries", "lieferungen", "出货", "供货", "出貨", "供貨"}
)


def _supplied_to_importer(view: SentenceView, ctx: DocContext, roles: _Roles) -> bool:
    """Whether an export-looking sentence states the imports of the document's importer: the goods
    of one origin ("les livraisons chinoises", "China's shipments") with no destination named,
    after the document gave an importer's figures ("l'Union européenne a importé ...")."""
    if ctx.last_flow != "import" or not ctx.last_reporter or roles.partners or not roles.reporters:
        return False
    fcues = _flow_cues(view)
    if not fcues or any(view.lower[c.start : c.end] not in _SUPPLY_NOUNS for c in fcues):
        return False
    return all(
        area_of(m) != ctx.last_reporter
        and (m in roles.owners or _possessive(view, m) or any(0 <= c.start - m.end <= 1 for c in fcues))
        for m in roles.reporters
    )


# "devant l'Italie (2 860 tonnes)", "followed by Japan (402 t)", "其后依次为美国（682.9吨）": a ranking
# whose members play the part of the area named before it.
_RANKED = re.compile(
    r"(?:devant|suivie?s? (?:de|par)|ahead of|followed by|gefolgt von|其后依次为|其后依次是|其次为|其次是|依次为|"
    r"依次是|其后为|次いで|に続き)\s*(?:l['’]|la |le |les |the |de |du |des )?$"
)


def _ranked(view: SentenceView, roles: _Roles) -> list[Mention]:
    """The areas of a ranking after a reporter ("l'Allemagne concentre 41 % des importations
    européennes, avec 8 870 tonnes, devant l'Italie (2 860 tonnes)"): each reports its own
    amount. After a partner ("对日出口1012.4吨；其后依次为美国（682.9吨）") they stay partners."""
    named = sorted((m for m in roles.partners + roles.reporters if m not in roles.owners), key=lambda m: m.start)
    for i, m in enumerate(named):
        if not _RANKED.search(view.lower, max(0, m.start - 24), m.start):
            continue
        head = next((h for h in reversed(named[:i]) if h.end <= m.start), None)
        if head is None or head not in roles.reporters:
            return []
        return [x for x in named[i:] if not view.breaks(m.start, x.start)]
    return []


# Japanese puts a change before its amount: "前年同月比12.4％減の1,046トン", "34.6％増の88トン".
_JOINED = re.compile(r"\s*(?:増|減|増加|減少|上昇|低下|下落|拡大|縮小)?\s*の\s*")


def _bound_to(view: SentenceView, c: Quantity) -> Quantity | None:
    """The amount a Japanese change is joined to by の, if any."""
    if view.lang != "ja":
        return None
    after = next((x for x in view.quantities if x.span[0] >= c.span[1]), None)
    if after is not None and after.kind in {"mass", "money"} and _JOINED.fullmatch(view.text, c.span[1], after.span[0]):
        return after
    return None


def _is_baseline(view: SentenceView, q: Quantity) -> bool:
    """An amount a comparison starts from: "from 6,146 tons", "较9月的5774吨", "contre 22 980 tonnes"."""
    if view.lower[max(0, q.span[0] - 16) : q.span[0]].rstrip().endswith(_BASELINE_BEFORE):
        return True
    if view.lang == "zh" and _ZH_BASELINE.search(view.text, max(0, q.span[0] - 12), q.span[0]):
        return True  # "较1月的512吨", "比上月的5300吨"
    # "11월(1,492t)보다 8.1% 증가", "前月（1,046トン）より": the amount compared against, named before 보다/より
    return view.lang in {"ko", "ja"} and bool(_THAN_AFTER.match(view.text, q.span[1]))


_ZH_BASELINE = re.compile(r"(?:较|比|相比|對比|较之)(?:\d{1,2}月|上月|上个月|上個月|去年同期|上年同期|前一个月)的?\s*$")
_BASELINE_BEFORE = ("from", "较", "contre", "von", "compared with", "compared to", "against", "versus", "gegenüber")
_THAN_AFTER = re.compile(r"\s*[)）]?\s*(?:보다|よりも?|比)")


def _flow_before(view: SentenceView, q: Quantity) -> str | None:
    """The flow word nearest before an amount: "稀土进口环比回升 未锻轧稀土金属出口增逾四成"."""
    before = [c for c in _flow_cues(view) if c.end <= q.span[0]]
    return before[-1].category if before else None


def _topic_product(view: SentenceView, lexicon: Lexicon) -> str | None:
    """The product a sentence is about when none stands in the amount's clause: "Pour les composés
    de terres rares (oxydes, chlorures, carbonates ; positions 2805 30 et 2846), les importations
    ... 12 950 tonnes"."""
    found = product_mentions(view, lexicon)
    return found[0][1] if found else None


def _span_period(period: str) -> bool:
    """A year, quarter, half or range, against which an unqualified change is year-on-year."""
    return len(period) == 4 or ".." in period or "-Q" in period or "-H" in period


_YEAR_DIGITS = re.compile(r"\d{4}|\d{2}年")


def _not_ahead(view: SentenceView, pm: PeriodMention, period: str, ctx: DocContext) -> str:
    """Trade statistics are of months gone by: a month or range named without its year that
    resolves after the document's date is of the year before ("en avril 2025 ... tombées à
    1 120 tonnes en mai", in February 2026)."""
    doc = ctx.doc_date
    if doc is None or pm.kind not in {"month", "range"} or _YEAR_DIGITS.search(view.text, *pm.span):
        return period
    last = period.split("..")[-1]
    if len(last) != 7 or last <= f"{doc.year:04d}-{doc.month:02d}":
        return period
    return re.sub(r"\d{4}", lambda m: str(int(m.group()) - 1), period)


def _same_flow(a: dict, b: dict) -> bool:
    return a["flow"] == b["flow"] and a["reporter"] == b["reporter"] and a["partner"] == b["partner"]


_CHANGE_KEYS = ("change_mom_pct", "change_yoy_pct")


def _restates(brief: dict, full: dict) -> bool:
    """Whether a change-only fact (a headline) states a change of a later full fact: the same flow,
    the same product or a generic one, and a change of the same sign and about the same size
    ("出口增逾四成" for +41.5%, "增逾两成" for +27.3%)."""
    if not _same_flow(brief, full) or (brief["period"] and full["period"] and brief["period"] != full["period"]):
        return False
    if brief["product"] != full["product"] and "rare-earths" not in {brief["product"], full["product"]}:
        return False
    for k in _CHANGE_KEYS:
        x = brief[k]
        if x is None:
            continue
        for y in (full[j] for j in _CHANGE_KEYS):
            if y is None or (x > 0) != (y > 0):
                continue
            if abs(x - y) <= max(1.5, 0.05 * abs(y)) or (x % 10 == 0 and abs(x) <= abs(y) < abs(x) + 10):
                return True  # "增逾四成", "up more than 40%": a round number below the figure
    return False


def _new_in_document(view: SentenceView, ctx: DocContext, facts: list[Fact], names_product: bool) -> list[Fact]:
    """Facts not stated before in the document. A change stated for one partner right after its
    amount ("…美国（682.9吨）…。其中，对美出口同比下降9.2%") goes on that amount's fact; a change-only
    fact that a later full one restates (a headline and its body) becomes that fact."""
    earlier = ctx.events.setdefault(("trade", "facts"), [])
    recent = [f for k in (1, 2) for f in ctx.events.get(("trade", ctx.view_index - k), [])]
    out, here = [], []
    for f in facts:
        new = f.fields
        if new["quantity"] is None and new["value"] is not None and new["partner"] == "WORLD":
            # "…수입량은 1,384t으로 … 수입액은 8,270만 달러로": the value of the one flow just stated
            sized = [e for e in recent if e.fields["quantity"] is not None]
            if len(sized) == 1 and sized[0].fields["value"] is None and sized[0].fields["flow"] == new["flow"]:
                target = sized[0].fields
                # (after a total, "The shipments were worth $318.4 million" is a fact of its own)
                if (
                    target["reporter"] == new["reporter"]
                    and target["partner"] != "WORLD"
                    and new["period"] in {None, target["period"]}
                ):
                    target.update(value=new["value"], currency=new["currency"])
                    if target["value_change_yoy_pct"] is None:
                        target["value_change_yoy_pct"] = new["value_change_yoy_pct"]
                    continue
        if new["quantity"] is None and new["value"] is None:
            target = next(
                (
                    e
                    for e in reversed(recent)
                    if _same_flow(e.fields, new)
                    and (e.fields["quantity"] is not None or e.fields["value"] is not None)
                    and (not names_product or e.fields["product"] == new["product"])
                    and all(new[k] is None or e.fields[k] is None for k in _CHANGE_KEYS)
                ),
                None,
            )
            if target is not None:
                for k in _CHANGE_KEYS:
                    if new[k] is not None:
                        target.fields[k] = new[k]
                continue
        else:
            brief = next(
                (
                    e
                    for e in earlier
                    if e.fields["quantity"] is None and e.fields["value"] is None and _restates(e.fields, new)
                ),
                None,
            )
            if brief is not None:
                brief.sentence, brief.span, brief.lang, brief.fields = f.sentence, f.span, f.lang, f.fields
                brief.raw, brief.rule, brief.confidence = f.raw, f.rule, f.confidence
                here.append(brief)
                continue
        out.append(f)
    earlier.extend(out)
    ctx.events[("trade", ctx.view_index)] = here + out
    return out
