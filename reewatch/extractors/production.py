"""Production: output, capacity, quotas and forecasts, in physical units.

"Lynas produced 2,000 t of NdPr", "到2025年底内蒙古稀土新材料产能将超过20万吨", "China's
2024 mining quota was 270,000 t". The entity is the company, place or country named
before the tonnage; trade sentences are left to the trade extractor.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reewatch.extractors.base import DocContext, SentenceView, make_fact, non_re_material_near, num
from reewatch.extractors.corporate import unknown_subject
from reewatch.extractors.resolve import area_of, best_product
from reewatch.lexicon import Cue, Entity, Lexicon, Mention
from reewatch.models import Fact, Quantity
from reewatch.normalise.dates import PeriodMention

_MINING = ("stage.mining",)
_SMELTING = ("stage.separation", "stage.refining")
_STAT_BODIES = ("usgs", "customs", "gac", "statistics")
_REFS = ("company_ref", "project_ref")  # "the company", "the plant", 该公司, l'usine: the company named before
# Rare-earth mining and smelting/separation quotas are China's ("total amount control"):
# a quota of those stages with no one named is China's.
_QUOTA_SETTER = Entity("area", "CN", "China", "CN")
_QUOTA = re.compile(r"quota|quote|contingent|指标|指標|配额|配額|总量控制|枠|쿼터|할당량")
# What may join an amount to the stage it measures: "135,000 t of rare earth mining",
# "270 000 tonnes pour l'extraction", "254 000 t pour la fonte et la séparation".
_STAGE_LINK = re.compile(
    r"\s*(?:(?:of|for|in|the|its|pour|de|d'|du|des|la|l'|le|les|für|der|die|das|an|"
    r"rare[- ]earths?|terres rares|seltenen? erden|稀土|的)\s*)*"
)
_NOT_REF_AFTER_QI = frozenset("中他余餘次实實")  # 其中, 其他, 其余: "of which", "other"
_COORDINATION = re.compile(r"\b(?:and|et|und|or|ou|oder)\b|[,，、;；]")
# The small words between a verb and its amount: "produire 800 tonnes", "produce about 800 t".
_VERB_TO_AMOUNT = re.compile(
    r"\s*(?:(?:about|around|some|nearly|roughly|up to|environ|près de|quelque|jusqu'à|rund|etwa|约|近|約|약)\s*)?"
)
# An annual rate: "800 tonnes ... par an", "2,000 t a year", "年5000トン", "연간 2,200톤".
_PER_YEAR_AFTER = re.compile(
    r"\b(?:a year|per year|per annum|annually|a-year|par an|par année|pro jahr|jährlich|im jahr)\b"
)
# "raise capacity from 2,000 to 5,000 tonnes", "von 2.000 auf 5.000 Tonnen": a move between two
# levels, not a range; "range from 2,000 to 5,000 t" and "entre 2 000 et 5 000 t" stay ranges.
_FROM_BEFORE = re.compile(r"(?:\bfrom|\bvon|\bde|\bd'|从|由)\s*$")
_RANGE_WORD_BEFORE = re.compile(r"(?:rang\w*|vary\w*|between|entre|zwischen|anywhere)\s+(?:from\s+)?$")
_MOVE_TO = re.compile(r"(?<=\d)\s*(?:to|à|auf|至|到)\s*(?=\d)")
_BARE_TO = re.compile(r"\s*(?:to|à|auf|至|到)\s*$")
# "年产2万吨…项目", "一期年產1萬噸": a yearly rate named before the amount is a capacity; not 年产量
# (output) and not "2024年产" or 今年产 (what a year produced).
_YEARLY_RATE_BEFORE = re.compile(r"(?<![\d今去明全当當该該上下每])年[产產]能?\s*(?:约|約|近|超|达|達)?\s*$")
# "kann … pro Jahr aufbereiten", "can process … a year", "peut traiter … par an", "每年可处理": able to
_CAN = re.compile(r"\b(?:can|could|is able to|kann|können|peut|peuvent)\b|每年(?:可|能够|能|可以)")
_PER_YEAR_BEFORE = re.compile(r"(?:年产能?|年产量|年間|(?<!\d)年|연간|(?<![\d가-힣])연)\s*(?:约|約|약)?\s*$")


def _refs(view: SentenceView, *categories: str) -> list[Cue]:
    """Words that refer back to a company or project, not 其中 ("of which") or 其他 ("other")."""
    return [
        c
        for c in view.cues_of(*categories)
        if view.text[c.end : c.end + 1] not in _NOT_REF_AFTER_QI or c.end - c.start > 1
    ]


# "Vulcan Materials produced 220 million tonnes": a name the lexicon does not know, as the subject of
# the production verb, is someone else than the company the document is about.
_NAME_FIRST = re.compile(r"^\s*(?:[-•*]\s*)?([A-Z][\w&'’-]+(?:\s+[A-Z][\w&'’-]+){0,3})\s+(?:has\s+|have\s+|had\s+)?")
_NOT_NAMES = frozenset("the a an this that these its our their total annual global world output production".split())


def _unknown_producer(view: SentenceView) -> bool:
    m = _NAME_FIRST.match(view.text)
    if m is None or m.group(1).split()[0].lower() in _NOT_NAMES:
        return False
    if not any(c.start == m.end() for c in view.cues_of("production", "capacity")):
        return False
    return not any(k.start < m.end(1) and m.start(1) < k.end for k in view.mentions)


def _entity(view: SentenceView, ctx: DocContext, q_start: int, kind: str, mentions: list[Mention], quota: bool = False):
    """Who produces: a company named before the tonnage (also by the short name the document
    gave it: "de Neo" after "Neo Performance Materials"), else the nearest place or country
    (WORLD for "global output"), else the company the text refers back to. A quota names its
    company in its own sentence, or none (the country's quota)."""
    lo = max([0, *[x.span[1] for x in view.quantities if x.span[1] <= q_start and x.kind == "mass"]])
    before = [m for m in mentions if m.end <= q_start]
    companies = [m for m in before if m.kind == "company" and not view.breaks(m.end, q_start)]
    if companies:
        return max(companies, key=lambda m: m.end)
    if quota:
        return None
    refs = _refs(view, "company_ref")
    if refs and ctx.last_company is not None and any(c.end <= q_start for c in refs):
        return ctx.last_company  # "公司包头基地年产2万吨": the company is the subject, Baotou the site
    # a place before the previous amount belongs to that amount's clause, as a company named there
    # does ("In Hanau kann Vacuumschmelze … aufbereiten; bis 2027 soll die Kapazität … steigen")
    named = companies or any(m.kind == "company" for m in before)
    places = [m for m in before if m.kind in {"place", "area"} and (m.start >= lo or not named)]
    if kind == "target":  # quotas are set by a ministry: its country is the entity
        places += [m for m in before if m.kind == "body" and not any(b in m.id for b in _STAT_BODIES)]
    if places:
        return max(places, key=lambda m: m.end)
    # "The plant has a capacity of 2,000 t": the plant of the company named before
    if _refs(view, *_REFS) and ctx.last_company is not None:
        return ctx.last_company
    later = next(
        (
            m
            for m in mentions
            if m.start >= q_start
            and (
                m.kind == "company"
                or (m.kind == "area" and not any(ch in ",，" for ch in view.text[q_start : m.start]))
            )
        ),
        None,
    )  # not "…, reflecting the Malaysian shutdown"
    if later is None and ctx.last_production is not None and ctx.view_index - ctx.last_production[0] <= 2:
        return ctx.last_production[1]  # "Total rare earth oxide production was 3,540 t." after "Lynas produced ..."
    if later is None and view.has_prefix("policy.") and ctx.home_area and len(ctx.home_area) == 2:
        # "The scheme aims to build 6,000 tonnes per annum of … capacity": the country's programme
        return Mention(Entity("area", ctx.home_area, ctx.home_area, ctx.home_area), q_start, q_start, "")
    if (
        later is None
        and ctx.last_company is not None
        and not any(m.kind in {"area", "place", "body", "company"} for m in before)
        and unknown_subject(view, q_start) is None
        and not _unknown_producer(view)
    ):
        # a company report's highlights and tables ("• NdPr production of 1,884 tonnes") and outlook
        # ("NdPr production for the financial year … is now expected to be 8,000-8,500 tonnes")
        return ctx.last_company
    return later


def _carried_period(ctx: DocContext, kind: str) -> PeriodMention | None:
    """The period one of the two sentences before stated, for a sentence that refers back to
    the company with none of its own; output (`actual`) is never in a year still to come."""
    period = ctx.recent_period(2)
    if period is None or (kind == "actual" and ctx.doc_date and (period.year or 0) > ctx.doc_date.year):
        return None
    return period


def _kind(view: SentenceView, ctx: DocContext, q: Quantity, period_year: int | None, masses: list[Quantity]) -> str:
    q_start, q_end = q.span
    lo = _own_verb(view, q, masses)
    reach = q_start - lo if lo is not None else 60
    if view.cue_near(("capacity",), q_start, q_end, before=min(60, reach), after=45):
        return "capacity"
    if _YEARLY_RATE_BEFORE.search(view.lower, max(0, q_start - 12), q_start):
        return "capacity"  # "年产2万吨高性能钕铁硼项目", "一期年產1萬噸": what a plant makes a year
    can = max(_CAN.finditer(view.lower, max(0, q_start - 60), q_start), key=lambda m: m.start(), default=None)
    if can is not None and not view.breaks(can.end(), q_start) and (can.group().startswith("每") or _per_year(view, q)):
        return "capacity"  # "kann 600 Tonnen pro Jahr aufbereiten", "每年可处理1万吨"
    if view.cue_near(("target",), q_start, q_end, before=min(60, reach), after=30):
        return "target"
    after = 30 if view.lang in {"ja", "ko"} else 0  # 生産する計画だ: the plan comes after the amount
    planned = view.cue_near(("forecast",), q_start, q_end, before=45, after=after)
    if _per_year(view, q) and not planned:
        # "will recycle 1,500 t of magnets and produce 400 t a year": a plan further back still
        # governs a yearly rate
        planned = view.cue_near(("forecast",), q_start, q_end, before=100, after=after)
    # "L'usine ... doit produire 800 tonnes par an": what a plant is to make a year is its capacity
    if planned and _per_year(view, q) and any(c.end <= q_start for c in view.cues_of("project_ref")):
        return "capacity"
    if planned or (period_year and ctx.doc_date and period_year > ctx.doc_date.year):
        return "forecast"
    return "actual"


def _own_verb(view: SentenceView, q: Quantity, masses: list[Quantity]) -> int | None:
    """Where the amount before this one ends, when this one has its own production verb in
    between: "the mining quota was 270,000 t, while actual output reached 240,000 t"."""
    lo = max([x.span[1] for x in masses if x.span[1] <= q.span[0]], default=None)
    if lo is None:
        return None
    others = view.cues_of("capacity", "target", *_MINING, *_SMELTING)
    for c in view.cues_of("production"):
        if lo <= c.start and c.end <= q.span[0] and not any(o.start < c.end and c.start < o.end for o in others):
            return lo
    return None


def _per_year(view: SentenceView, q: Quantity) -> bool:
    tail = view.lower[q.span[1] : q.span[1] + 50]
    cut = min([len(tail), *[tail.index(ch) for ch in ";；。,，" if ch in tail]])
    return bool(_PER_YEAR_AFTER.search(tail[:cut]) or _PER_YEAR_BEFORE.search(view.lower, 0, q.span[0]))


# Treating or recycling an input ("kann 600 Tonnen Magnetmaterial pro Jahr aufbereiten", "每年可处理
# 废旧磁材1万吨"): a plant's measure when it is the only one its clause gives, not before "and produce
# 800 t of oxides".
_PROCESS = re.compile(
    r"\b(?:traiter|traitera|recycler|recyclera|aufbereiten|verarbeiten|recyceln|process|processing|recycle|treat)\b"
    r"|处理|處理"
)


def _processed(view: SentenceView, q: Quantity, masses: list[Quantity]) -> bool:
    verbs = [
        m
        for m in _PROCESS.finditer(view.lower)
        if (m.end() <= q.span[0] and q.span[0] - m.end() <= 30) or (q.span[1] <= m.start() <= q.span[1] + 45)
    ]
    if not verbs or any(view.breaks(min(m.start(), q.span[0]), max(m.end(), q.span[1])) for m in verbs):
        return False
    others = [x for x in masses if x is not q and not view.breaks(min(x.span[0], q.span[0]), max(x.span[1], q.span[1]))]
    return not others


def _has_cue(view: SentenceView, q: Quantity, masses: list[Quantity]) -> bool:
    """A production, capacity or target word belongs to this amount: before it, or after it
    unless it is the verb of the next amount ("treat 2,000 t of used magnets and produce 800 t")."""
    cats = ("production", "capacity", "target")
    if view.cue_near(cats, q.span[0], q.span[1], before=70, after=0):
        return True
    if _processed(view, q, masses):
        return True
    for c in view.cues_of(*cats):
        if not (q.span[1] <= c.start <= q.span[1] + 45) or view.breaks(q.span[1], c.start):
            continue
        if any(x.span[0] >= c.end and _VERB_TO_AMOUNT.fullmatch(view.lower[c.end : x.span[0]]) for x in masses):
            continue
        return True
    return False


def _stage_cue(view: SentenceView, q: Quantity, masses: list[Quantity]) -> Cue | None:
    """The mining or smelting stage an amount measures: the one it is joined to right after
    ("135,000 t of rare earth mining"), else the one before it ("mining quota at 270,000 t"),
    else one a little after, not across "and" or a comma ("135 000 t le premier lot de quotas
    d'extraction")."""
    stages = view.cues_of(*_MINING, *_SMELTING)
    if not stages:
        return None

    def free(a: int, b: int) -> bool:  # no other amount and no clause break in between
        return not view.breaks(a, b) and not any(a <= x.span[0] < b for x in masses if x is not q)

    after = [c for c in stages if q.span[1] <= c.start <= q.span[1] + 45 and free(q.span[1], c.start)]
    tight = [c for c in after if _STAGE_LINK.fullmatch(view.lower[q.span[1] : c.start])]
    if tight:
        return min(tight, key=lambda c: c.start)
    before = [c for c in stages if c.end <= q.span[0] and q.span[0] - c.end <= 50 and free(c.end, q.span[0])]
    if before:
        return max(before, key=lambda c: c.end)
    loose = [c for c in after if not _COORDINATION.search(view.lower[q.span[1] : c.start])]
    return min(loose, key=lambda c: c.start) if loose else None


def _moves(view: SentenceView) -> list[Quantity]:
    """The tonnages of a sentence, with a move "from 2,000 to 5,000 t" read as its two levels."""
    out: list[Quantity] = []
    quantities = view.quantities
    for i, q in enumerate(quantities):
        start, end = q.span
        before = view.lower[max(0, start - 24) : start]
        moving = _FROM_BEFORE.search(before) and not _RANGE_WORD_BEFORE.search(before)
        if view.lang == "fr" and moving:  # "de 2 000 à 5 000 t" is a range unless it moves ("passer de")
            moving = view.cue_near(("up", "down", "corporate.expansion"), start, end, before=40, after=0)
        if q.kind == "mass" and q.low is not None and moving:
            to = _MOVE_TO.search(view.text, start, end)
            if to is not None:
                low = replace(
                    q, value=q.low, low=None, high=None, span=(start, to.start()), raw=view.text[start : to.start()]
                )
                high = replace(
                    q, value=q.high, low=None, high=None, span=(to.end(), end), raw=view.text[to.end() : end]
                )
                out += [low, high]
                continue
        if q.kind == "mass":
            out.append(q)
        elif q.kind == "number" and moving and i + 1 < len(quantities):
            # "von 2.000 auf 5.000 Tonnen": the first level takes the unit of the second
            nxt = quantities[i + 1]
            if nxt.kind == "mass" and _BARE_TO.fullmatch(view.lower[end : nxt.span[0]]):
                out.append(replace(q, kind="mass", unit=nxt.unit))
    return out


def _told_before(ctx: DocContext, fields: dict, period: str | None, named: bool = True) -> bool:
    """Whether an earlier sentence of the document gave the same amount as the same kind (a
    headline and its article, a summary and its table): for the same entity, or one that either
    sentence only took from the context (`named` False), and for the same period or with none
    stated in the sentence (`period`). Remembers this one."""
    key = ("production", fields["quantity"], fields["unit"], fields["kind"])
    entity = fields["entity"]
    told = any(
        len(k) == 7
        and k[:4] == key
        and (k[4] == entity or not k[6] or not named)
        and (k[5] is None or period is None or k[5] == period)
        for k in ctx.seen
    )
    ctx.seen.add((*key, entity, period, named))
    return told


# A table row "Total REO production (t) 3,102 3,540": the unit in brackets, one figure a column.
_ROW = re.compile(r"^([^\d()]{3,60})\(\s*(t|tonnes|tons|kt)(?:\s+[A-Za-z]{2,5})?\s*\)((?:\s+[\d.,]+){1,4})\s*$")


def _row_masses(view: SentenceView) -> list[Quantity]:
    m = _ROW.match(view.text)
    if m is None:
        return []
    factor = 1000 if m.group(2) == "kt" else 1
    return [
        replace(q, kind="mass", unit="t", value=q.value * factor)
        for q in view.quantities
        if q.kind == "number" and q.span[0] >= m.start(3)
    ]


def _trade_words(view: SentenceView) -> bool:
    """Whether the sentence speaks of exports or imports (not of 調達資金, funds raised)."""
    return any(view.text[c.end : c.end + 2] not in _FUNDS for c in view.cues_of("export", "import"))


_FUNDS = frozenset({"資金", "资金"})
_PREVIOUSLY = re.compile(r"\b(?:previously|précédemment|auparavant|zuvor|vorher)\s*:?\s*$|此前为|此前為|原为|原為")
# "…, contre quelque 300 000 tonnes en Chine", "compared with 240,000 t in China": the same measure
# for another producer, named right after the amount.
_VERSUS = re.compile(r"(?:\bcontre|\bversus|\bvs\.?|\bcompared (?:with|to)|\bagainst|\bgegenüber)\s+(?:\w+\s+){0,2}$")
_IN_AFTER = re.compile(r"\s*(?:d'\w+\s+|of \w+\s+)?(?:en|au|aux|in|à|im|in der)\s+$")


def _versus(view: SentenceView, q: Quantity, previous: tuple | None) -> Mention | None:
    """The area or company named right after an amount that a comparison word opens, when the
    sentence gave a production amount before it."""
    if previous is None or not _VERSUS.search(view.lower, max(0, q.span[0] - 24), q.span[0]):
        return None
    for m in view.mentions:
        if (
            m.kind in {"area", "company"}
            and 0 <= m.start - q.span[1] <= 30
            and _IN_AFTER.fullmatch(view.lower[q.span[1] : m.start])
        ):
            return m
    return None


def extract_production(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    if not view.has("production", "capacity", "target") or _trade_words(view):
        return []
    masses = _moves(view) or _row_masses(view)
    # "开采、冶炼分离总量控制指标分别为12万吨、11.5万吨": stages listed, then amounts respectively
    stages = [c for c in view.cues if c.category in (*_MINING, *_SMELTING) and masses and c.end <= masses[0].span[0]]
    paired = (
        dict(zip((id(q) for q in masses), stages, strict=False))
        if (view.has("respectively") and len(stages) == len(masses) > 1)
        else {}
    )
    mentions = view.mentions
    short = ctx.alias_mentions(view)
    if short:
        mentions = sorted(mentions + short, key=lambda m: m.start)
    facts: list[Fact] = []
    previous: tuple[Quantity, str] | None = None  # the last amount of this sentence, with its kind
    last_period: PeriodMention | None = None
    previous_product: str | None = None
    previous_fields: dict | None = None
    for q in masses:
        if non_re_material_near(view, q.span[0], q.span[1], window=40):
            continue
        if previous_fields is not None and _PREVIOUSLY.search(view.lower, max(0, q.span[0] - 16), q.span[0]):
            # "expected to be 8,000-8,500 tonnes (previously 8,500-9,000 tonnes)": the earlier figure
            fields = {**previous_fields, "quantity": num(q.value), "quantity_low": None, "quantity_high": None}
            if q.low is not None:
                fields.update(quantity_low=num(q.low), quantity_high=num(q.high))
            else:
                del fields["quantity_low"], fields["quantity_high"]
            facts.append(make_fact("production", view, fields, f"production.{fields['kind']}", 0.6, raw=q.raw))
            continue
        rival = _versus(view, q, previous)
        if rival is not None:  # "…, contre quelque 300 000 tonnes en Chine"
            fields = {
                "entity": area_of(rival) if rival.kind == "area" else rival.entity.name,
                "product": previous_product,
                "quantity": num(q.value),
                "unit": q.unit,
                "period": last_period.period if last_period else None,
                "kind": previous[1],
            }
            if not _told_before(ctx, fields, fields["period"]):
                facts.append(make_fact("production", view, fields, f"production.{previous[1]}", 0.6, raw=q.raw))
            continue
        if not _has_cue(view, q, masses):
            continue  # "treat 2,000 t of used magnets and produce 800 t of oxides": only the 800 t
        period = view.period_near(q.span[0], q.span[1], allow_baseline=False)
        stated = period.period if period else None
        kind = _kind(view, ctx, q, period.year if period else None, masses)
        if kind == "actual" and previous is not None and previous[1] != "actual" and _own_verb(view, q, masses) is None:
            # "quotas ... 270 000 t pour l'extraction et 254 000 t pour la séparation": one list, one kind
            between = view.lower[previous[0].span[1] : q.span[0]]
            if _COORDINATION.search(between) and not view.cue_near(
                ("capacity", "target", "forecast"), q.span[0], q.span[1], before=len(between), after=0
            ):
                kind = previous[1]
        previous = (q, kind)
        stage = paired.get(id(q)) or _stage_cue(view, q, masses)
        quota = kind == "target" and stage is not None and bool(_QUOTA.search(view.lower))
        entity_m = _entity(view, ctx, q.span[0], kind, mentions, quota)
        if entity_m is None and quota:
            entity_m = Mention(_QUOTA_SETTER, q.span[0], q.span[0], "")
        if entity_m is None:
            continue
        entity = area_of(entity_m) if entity_m.kind in {"area", "body"} else entity_m.entity.name
        product = best_product(view, lexicon, q.span[0], q.span[1]) or "rare-earths"
        # Mining output and mining quotas are concentrate; a separation quota names no product.
        if quota and product in {"rare-earths", "re-oxides", "re-concentrate"}:
            product = "re-concentrate" if stage.category in _MINING else None
        elif stage is not None and stage.category in _MINING and product == "re-oxides":
            product = "re-concentrate"
        if period is None and ctx.last_production is not None and ctx.view_index - ctx.last_production[0] == 1:
            period = ctx.last_production[2]  # "... in 2024. The United States was second at 45,000 t"
        if period is None and entity_m is ctx.last_company and all(m is not entity_m for m in mentions):
            period = _carried_period(ctx, kind)  # "Lynas released its September quarter report. The company produced"
        ctx.last_production = (ctx.view_index, entity_m, period)
        fields = {
            "entity": entity,
            "product": product,
            "quantity": num(q.value),
            "unit": q.unit,
            "period": period.period if period else None,
            "kind": kind,
        }
        if fields["period"] is None and quota and ctx.doc_date is not None:
            fields["period"] = str(ctx.doc_date.year)  # a quota is for a year: this year's, unless stated
        if q.low is not None:
            fields.update(quantity_low=num(q.low), quantity_high=num(q.high))
        previous_product, last_period, previous_fields = product, period, fields
        if _told_before(ctx, fields, stated, named=any(m is entity_m for m in mentions)):
            continue  # the headline said it: "磁材總產能2027年底將達6萬噸" ... "總產能將提升至6萬噸"
        facts.append(make_fact("production", view, fields, f"production.{kind}", 0.7, raw=q.raw))
    return facts
