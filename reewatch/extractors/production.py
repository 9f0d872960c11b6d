"""Production: output, capacity, quotas and forecasts, in physical units.

"Lynas produced 2,000 t of NdPr", "到2025年底内蒙古稀土新材料产能将超过20万吨", "China's
2024 mining quota was 270,000 t". The entity is the company, place or country named
before the tonnage; trade sentences are left to the trade extractor.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from reewatch.extractors.base import CLAUSE_BREAKS, DocContext, SentenceView, make_fact, non_re_material_near, num
from reewatch.extractors.corporate import unknown_subject
from reewatch.extractors.resolve import area_of, best_product, product_of
from reewatch.lexicon import PRODUCT_IDS, Cue, Entity, Lexicon, Mention
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
_YEARLY_RATE_BEFORE = re.compile(
    r"(?<![\d今去明全当當该該上下每])年(?:[产產]能?|处理|處理)\s*(?:约|約|近|超|达|達)?\s*$"
)
# "kann … pro Jahr aufbereiten", "can process … a year", "peut traiter … par an", "每年可处理": able to
_CAN = re.compile(
    r"\b(?:can|could|is able to|will be able to|kann|können|peut|peuvent|pourra|pourront|pourrait)\b"
    r"|每年(?:可|能够|能|可以)"
)
_PER_YEAR_BEFORE = re.compile(
    r"(?:年产能?|年产量|年間|(?<!\d)年|연간|(?<![\d가-힣])연|\bchaque année|\bevery year|\beach year|\bjedes jahr)"
    r"\s*(?:约|約|약)?\s*$"
)


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
_NOT_NAMES = frozenset(
    """the a an this that these its our their total annual global world output production
    la le les l un une des du de sa son ses leur leurs cette ce ces
    die der das den dem ein eine el los las""".split()
)

# A study, report or plan names no producer: it is the company's.
_DOCUMENT_WORDS = frozenset("study studies report estimate update plan scoping".split())


def _unknown_producer(view: SentenceView) -> bool:
    m = _NAME_FIRST.match(view.text)
    if m is None or re.split(r"['’]", m.group(1).split()[0].lower())[0] in _NOT_NAMES:
        return False  # "La production de NdPr s'est élevée à …", "L'usine produira …": no name
    if m.group(1).split()[-1].lower() in _DOCUMENT_WORDS:
        return False  # "Pre-Feasibility Study plant design: 13,700 tpa": a study of the company's
    if not any(c.start == m.end() for c in view.cues_of("production", "capacity")):
        return False
    return not any(k.start < m.end(1) and m.start(1) < k.end for k in view.mentions)


# "China (excluding Hong Kong)", "hors Chine", "不含香港": a place left out is no producer.
_EXCLUDED = re.compile(r"(?:\bexcluding|\bexcept|\bexcl\.?|\bsauf|\bausgenommen|\bohne|不含|不包括|除)\s*$")
# The rest of the world named as one producer: "ex-China capacity", "outside China", "hors de Chine",
# 海外规划新增产能 (overseas), 境外. It stands in for the "China" inside it.
_ROW_PHRASE = re.compile(
    r"\bex-china\b|\bnon-china\b|\boutside (?:of )?(?:mainland )?china\b|\bhors (?:de (?:la )?)?chine\b"
    r"|\baußerhalb chinas\b|海外|境外|中国以外|中國以外|中国之外|中國之外"
)
_ROW_HINTS = ("china", "chine", "海外", "境外", "以外", "之外")
_REST_OF_WORLD = Entity("area", "ROW", "Rest of world", "ROW")


def _row_mentions(view: SentenceView, mentions: list[Mention]) -> list[Mention]:
    """The mentions with each rest-of-world phrase as one ROW mention (in place of its "China")."""
    if not any(w in view.lower for w in _ROW_HINTS):
        return mentions
    found = [Mention(_REST_OF_WORLD, m.start(), m.end(), m.group()) for m in _ROW_PHRASE.finditer(view.lower)]
    if not found:
        return mentions
    kept = [m for m in mentions if not any(r.start < m.end and m.start < r.end for r in found)]
    return sorted(kept + found, key=lambda m: m.start)


# A company the lexicon does not know, heading the clause of the amount: a Chinese legal name
# ("；格林美股份有限公司与长汀县签约，…年处理1万吨"), a Latin one with its legal form ("In Germany, HyPro
# Mag GmbH has formed …"), or the head of a list entry with its address ("Momentum Technologies
# (Dallas, Texas) — $44.5 million to build a line able to produce 300 tonnes a year").
_CJK_LEGAL = re.compile(
    r"(?:^|(?<=[，,：:；;。\s]))([\u4e00-\u9fff]{2,12}?(?:股份有限公司|有限责任公司|有限責任公司|有限公司))"
)
_LATIN_LEGAL = re.compile(
    r"\b([A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3}\s+"
    r"(?:GmbH|Ltd|Limited|Inc|Corp|Corporation|LLC|plc|PLC|AG|SAS|Pty Ltd|Co\., Ltd))(?![\w])"
)
_LATIN_HEADER = re.compile(
    r"^\s*(?:[-•*]\s*)?([A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&|of|and|de)){0,5})\s*\(([^()]{2,60})\)\s*[—–:-]"
)


def _clause_start(view: SentenceView, pos: int) -> int:
    return max((i + 1 for i in range(pos) if view.text[i] in CLAUSE_BREAKS), default=0)


_ANY_KIND = ("company", "area", "place", "body", "product", "element", "material", "sector")


def _unnamed_company(view: SentenceView, q_start: int, mentions: list[Mention]) -> Mention | None:
    """A company name the lexicon does not know, heading the clause of the amount at q_start."""
    lo = _clause_start(view, q_start)

    def known(a: int, b: int, kinds: tuple[str, ...] = ("company",)) -> bool:
        return any(m.start < b and a < m.end and m.kind in kinds for m in mentions)

    found = None
    if view.lang in {"zh", "ja"}:
        found = next((m for m in _CJK_LEGAL.finditer(view.text, lo, q_start) if not known(m.start(1), m.end(1))), None)
    elif view.lang in {"en", "fr", "de", "es", "it"}:
        header = _LATIN_HEADER.match(view.text) if lo == 0 else None
        # "Name (City, State) —", not "China (excluding Hong Kong) —": a name that is no lexicon name
        if header is not None and header.end() <= q_start and not known(header.start(1), header.end(1), _ANY_KIND):
            address = [m for m in mentions if header.start(2) <= m.start and m.end <= header.end(2)]
            if address and all(m.kind in {"place", "area"} for m in address):
                found = header
        if found is None:
            found = next(
                (m for m in _LATIN_LEGAL.finditer(view.text, lo, q_start) if not known(m.start(1), m.end(1))), None
            )
    if found is None:
        return None
    name = found.group(1)
    return Mention(Entity("company", name, name, None), found.start(1), found.end(1), name)


_JOINT_VENTURE = re.compile(
    r"\bthe (?:joint venture|jv)\b|\bla co-?entreprise\b|\bdas gemeinschaftsunternehmen\b"
    r"|合资公司|合資公司|合资企业|合資企業"
)
# "全县稀土永磁材料产能将突破5万吨": the whole county (city, province) the document is about.
_WHOLE_PLACE = re.compile(r"全([县縣市省区區旗州])(?![场場域份面])")  # not 全市场 (the whole market)


def _whole_place(view: SentenceView, ctx: DocContext, q_start: int, after: int) -> Mention | None:
    if "全" not in view.text:
        return None
    lo = max(after, _clause_start(view, q_start))
    m = next((m for m in _WHOLE_PLACE.finditer(view.text, lo, q_start)), None)
    if m is None:
        return None
    level = m.group(1)
    here = [p for p in view.mentions if p.kind == "place" and p.end <= m.start() and p.surface.endswith(level)]
    if here:
        return here[-1]
    seen = [k for k in ctx.seen if len(k) == 4 and k[0] == "production.place" and k[2] == level]
    if not seen:
        return None
    name = max(seen, key=lambda k: k[1])[3]
    return Mention(Entity("place", name, name, None), m.start(), m.end(), m.group())


def _note_places(view: SentenceView, ctx: DocContext) -> None:
    """Remember the counties, cities and provinces a sentence names, for a later 全县, 全市."""
    if view.lang != "zh":
        return
    for p in view.mentions:
        if p.kind == "place" and p.surface[-1:] in "县縣市省区區旗州":
            ctx.seen.add(("production.place", ctx.view_index, p.surface[-1], p.entity.name))


def _entity(view: SentenceView, ctx: DocContext, q_start: int, kind: str, mentions: list[Mention], quota: bool = False):
    """Who produces: a company named before the tonnage (also by the short name the document
    gave it: "de Neo" after "Neo Performance Materials"), else the nearest place or country
    (WORLD for "global output"), else the company the text refers back to. A quota names its
    company in its own sentence, or none (the country's quota)."""
    lo = max([0, *[x.span[1] for x in view.quantities if x.span[1] <= q_start and x.kind == "mass"]])
    before = [m for m in mentions if m.end <= q_start]
    companies = [m for m in before if m.kind == "company" and not view.breaks(m.end, q_start)]
    whole = _whole_place(view, ctx, q_start, max((m.end for m in companies), default=0))
    if whole is not None:
        return whole  # "县负责人表示，全县…产能将突破5万吨": the county
    if companies:
        return max(companies, key=lambda m: m.end)
    if quota:
        return None
    unnamed = _unnamed_company(view, q_start, mentions)
    if unnamed is not None:
        return unnamed
    refs = _refs(view, "company_ref")
    if ctx.last_company is not None and (
        any(c.end <= q_start for c in refs) or _JOINT_VENTURE.search(view.lower, 0, q_start)
    ):
        # "公司包头基地年产2万吨": the company is the subject, Baotou the site; "The joint venture will
        # build a 1,000 t plant": the venture of the company named before
        return ctx.last_company
    # a place before the previous amount belongs to that amount's clause, as a company named there
    # does ("In Hanau kann Vacuumschmelze … aufbereiten; bis 2027 soll die Kapazität … steigen")
    # and a place before a company of an earlier clause is where that company is ("澳洲方面，萊納斯公布
    # …營收…；氧化鐠釹產量6,558公噸": Lynas's output, not Australia's)
    earlier = [m for m in before if m.kind == "company"]
    after_company = max((m.end for m in earlier), default=0)
    places = [
        m
        for m in before
        if m.kind in {"place", "area"}
        and (m.start >= lo or not earlier)
        and m.start >= after_company
        and not _EXCLUDED.search(view.lower, max(0, m.start - 14), m.start)
    ]
    if (
        kind == "capacity"
        and ctx.last_company is not None
        and not earlier
        and _PLANT_BEFORE.search(view.lower, max(0, q_start - 70), q_start)
    ):
        # "the planned 10X magnet plant, which is designed for 10,000 tons per year of capacity",
        # "a plant in Malaysia with capacity of …": the plant of the company the text is about
        return ctx.last_company
    if kind == "target":  # quotas are set by a ministry: its country is the entity
        places += [m for m in before if m.kind == "body" and not any(b in m.id for b in _STAT_BODIES)]
    if places:
        return max(places, key=lambda m: m.end)
    if view.lang == "zh":
        home = _DOMESTIC.search(view.text, max(lo, _clause_start(view, q_start), q_start - 30), q_start)
        if home is not None:  # "2月份国内氧化镨钕产量约为8900吨": China's
            return Mention(_QUOTA_SETTER, home.start(), home.end(), home.group())
    if earlier:
        return max(earlier, key=lambda m: m.end)  # the subject of the sentence's first clause
    # "The plant has a capacity of 2,000 t": the plant of the company named before
    if ctx.last_company is not None and any(c.end <= q_start for c in _refs(view, *_REFS)):
        return ctx.last_company
    later = next(
        (
            m
            for m in mentions
            if m.start >= q_start
            and (
                m.kind == "company"
                or (m.kind == "area" and m.id != "ROW" and not any(ch in ",，" for ch in view.text[q_start : m.start]))
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


# China's own output in Chinese news: 国内, 我国, 全国 (not 国内外, at home and abroad).
_DOMESTIC = re.compile(r"(?:国内|國內|我国|我國|全国|全國)(?!外)")
_PLANT_BEFORE = re.compile(r"\b(?:plant|facility|factory|refinery|usine|unité|werk|anlage)\b|工厂|工廠")


# "…a coulé ses premiers lingots en 2024 et dispose aujourd'hui d'une capacité de 400 tonnes": now
_NOW = re.compile(
    r"\b(?:today|currently|now|at present|aujourd'hui|actuellement|désormais|heute|derzeit)\b|目前|现有|現有|当前|當前"
)


def _period_for(view: SentenceView, ctx: DocContext, q: Quantity, masses: list[Quantity]) -> PeriodMention | None:
    """The period of an amount: the nearest one, but not one past another amount ("212 t, compared
    with 32 t in 2024"), not one before a "today" ("en 2024 et dispose aujourd'hui de 400 t"), and
    for 全年 ("the whole year") the year the sentence (or the one before) named ("2024年，…全年合计27万吨")."""
    p = view.period_near(q.span[0], q.span[1], allow_baseline=False)
    if p is None:
        return None
    if p.span[0] >= q.span[1] and view.breaks(q.span[1], p.span[0]):
        return None  # "13,700 tpa MREC; first production targeted for 2027": the next clause's date
    if p.span[0] >= q.span[1]:
        if any(q.span[1] <= x.span[0] < p.span[0] for x in masses if x is not q):
            earlier = [x for x in view.periods if x.span[1] <= q.span[0] and not x.baseline]
            return earlier[-1] if earlier else None
    elif _NOW.search(view.lower, p.span[1], q.span[0]):
        return None
    if p.kind == "year" and not any(ch.isdigit() for ch in view.text[p.span[0] : p.span[1]]):
        stated = [
            x
            for x in view.periods
            if x.span[1] <= p.span[0]
            and x.kind == "year"
            and any(ch.isdigit() for ch in view.text[x.span[0] : x.span[1]])
        ]
        if stated and not stated[-1].baseline:
            return stated[-1]
        recent = ctx.recent_period(1)  # "2024年，…下达指标。…北方稀土全年获得开采指标189160吨"
        if not stated and recent is not None and recent.kind == "year":
            return recent
    return p


def _carried_period(ctx: DocContext, kind: str) -> PeriodMention | None:
    """The period one of the two sentences before stated, for a sentence that refers back to
    the company with none of its own; output (`actual`) is never in a year still to come."""
    period = ctx.recent_period(2)
    if period is None or (kind == "actual" and ctx.doc_date and (period.year or 0) > ctx.doc_date.year):
        return None
    if kind in {"capacity", "target"}:
        return None  # a plant's capacity is a rate, not the output of the period named before
    return period


def _kind(view: SentenceView, ctx: DocContext, q: Quantity, period_year: int | None, masses: list[Quantity]) -> str:
    q_start, q_end = q.span
    lo = _own_verb(view, q, masses)
    reach = q_start - lo if lo is not None else 60
    if view.cue_near(("capacity",), q_start, q_end, before=min(60, reach), after=45) or _rate_adjective(view, q):
        return "capacity"
    if _YEARLY_RATE_BEFORE.search(view.lower, max(0, q_start - 12), q_start):
        return "capacity"  # "年产2万吨高性能钕铁硼项目", "一期年產1萬噸": what a plant makes a year
    can = max(_CAN.finditer(view.lower, max(0, q_start - 60), q_start), key=lambda m: m.start(), default=None)
    if can is not None and not view.breaks(can.end(), q_start) and (can.group().startswith("每") or _per_year(view, q)):
        return "capacity"  # "kann 600 Tonnen pro Jahr aufbereiten", "每年可处理1万吨"
    if view.cue_near(("target",), q_start, q_end, before=min(60, reach), after=30):
        return "target"
    if _process_input(view, q):
        end = min([len(view.text), *[i for i in range(q_end, len(view.text)) if view.text[i] in CLAUSE_BREAKS]])
        if (
            _per_year(view, q)
            or _PER_YEAR_AFTER.search(view.lower, q_end, end)
            or _YEARLY_PROCESS.search(view.lower, max(0, q_start - 45), q_start)
        ):
            return "capacity"  # "doit traiter 2 000 tonnes d'aimants … par an": what the plant takes in a year
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


# A yearly rate in the unit itself: "13,700 tpa", "1,200 t/yr".
_PER_YEAR_UNIT = re.compile(r"\b(?:tpa|tpy|t/yr|t/y|t/a)\b")


def _per_year(view: SentenceView, q: Quantity) -> bool:
    if _PER_YEAR_UNIT.search(view.lower, q.span[0], q.span[1]):
        return True
    tail = view.lower[q.span[1] : q.span[1] + 50]
    cut = min([len(tail), *[tail.index(ch) for ch in ";；。,，" if ch in tail]])
    return bool(_PER_YEAR_AFTER.search(tail[:cut]) or _PER_YEAR_BEFORE.search(view.lower, 0, q.span[0]))


# Treating or recycling an input ("kann 600 Tonnen Magnetmaterial pro Jahr aufbereiten", "每年可处理
# 废旧磁材1万吨"): a plant's measure when it is the only one its clause gives, not before "and produce
# 800 t of oxides".
_PROCESS = re.compile(
    r"\b(?:traiter|traitera|traiterait|traiteront|recycler|recyclera|recyclerait|aufbereiten|verarbeiten|recyceln"
    r"|process|processing|recycle|treat)\b|处理|處理"
)


# What a plant takes in to recycle: "1万吨废旧磁材", "2 000 tonnes d'aimants usagés", "of magnet scrap".
_SCRAP = re.compile(r"[^,，;；]*?(?:废旧|廢舊|废料|廢料|\bscrap|end-of-life|\bspent\b|usagés|en fin de vie|altmagnet)")
_YEARLY_PROCESS = re.compile(r"年(?:处理|處理)|每年|\bchaque année|\bevery year|\beach year")


def _process_input(view: SentenceView, q: Quantity) -> bool:
    """Whether the amount is what a plant treats or recycles ("traiter 2 000 tonnes", "年处理1万吨")."""
    return any(
        q.span[0] - m.end() <= 30 and not view.breaks(m.end(), q.span[0])
        for m in _PROCESS.finditer(view.lower, max(0, q.span[0] - 45), q.span[0])
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


def _rate_adjective(view: SentenceView, q: Quantity) -> bool:
    """A yearly rate written into the amount as an adjective: "a 750-tonne-a-year refinery"."""
    return any(c.start < q.span[1] and q.span[0] < c.end for c in view.cues_of("capacity"))


def _has_cue(view: SentenceView, q: Quantity, masses: list[Quantity]) -> bool:
    """A production, capacity or target word belongs to this amount: before it, or after it
    unless it is the verb of the next amount ("treat 2,000 t of used magnets and produce 800 t")."""
    cats = ("production", "capacity", "target")
    # not "A German magnet producer said it had paid USD 905/kg for a 200kg lot" (what was bought),
    # not "China produced 240,000 t and Lynas sold 10,000 t" (another verb's amount)
    between = [x.span for x in view.quantities if x.kind == "money"]
    between += [(c.start, c.end) for c in view.cues_of(*_OTHER_FIGURES)]
    if view.cue_near(
        cats,
        q.span[0],
        q.span[1],
        before=70,
        after=0,
        accept=(lambda c: not any(c.end <= a and b <= q.span[0] for a, b in between)) if between else None,
    ):
        return True
    if _processed(view, q, masses) or _rate_adjective(view, q):
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


def _told_before(ctx: DocContext, fields: dict, period: str | None, named: bool = True, feed: bool = False) -> bool:
    """Whether an earlier sentence of the document gave the same amount as the same kind (a
    headline and its article, a summary and its table): for the same entity, or one that either
    sentence only took from the context (`named` False), and for the same period or with none
    stated in the sentence (`period`). A plant's feed (`feed`: "1万吨废旧磁材") is not its output.
    Remembers this one."""
    key = ("production", fields["quantity"], fields["unit"], fields["kind"] + (".feed" if feed else ""))
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
    return any(
        view.text[c.end : c.end + 2] not in _FUNDS
        # not a word of a name: "Export Finance Australia", "Export-Import Bank of Korea"
        and not any(m.start <= c.start and c.end <= m.end and m.kind in _NAMED for m in view.mentions)
        for c in view.cues_of("export", "import")
    )


_FUNDS = frozenset({"資金", "资金"})
_NAMED = frozenset({"body", "company"})
_PREVIOUSLY = re.compile(r"\b(?:previously|précédemment|auparavant|zuvor|vorher)\s*:?\s*$|此前为|此前為|原为|原為")
# "…, contre quelque 300 000 tonnes en Chine", "compared with 240,000 t in China": the same measure
# for another producer, named right after the amount.
# "…376 000 tonnes, dont 255 000 tonnes en Chine", "including 240,000 t in China": a part of it, for
# the producer named right after the amount.
_VERSUS = re.compile(
    r"(?:\bcontre|\bversus|\bvs\.?|\bcompared (?:with|to)|\bagainst|\bgegenüber"
    r"|\bdont|\bof which|\bincluding|\bdarunter|\bdavon)\s+(?:\w+\s+){0,2}$"
)
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


# An amount listed after another one of the sentence, under the same verb: "2 000 tonnes d'aimants
# … et 5 000 tonnes de concentrés", "4 000 tonnes d'oxydes, dont 1 100 tonnes", "2,000 tonnes a year of
# oxides, including about 250 tonnes", "年产2万吨…及1万吨".
_LIST_LINK = re.compile(
    r"(?:,\s*|\s)(?:and|et|und|as well as|plus|including|of which|among them|dont|parmi lesquel(?:le)?s|darunter"
    r"|davon)\s+(?:(?:about|around|some|nearly|roughly|up to|another|environ|près de|quelque|jusqu'à|rund|etwa)\s+)?$"
    r"|(?:其中|包括|以及|及|和|、)\s*(?:约|近|約)?\s*$"
)
# "from 200 tonnes per year to 1,200 tonnes per year by 2028": the level moved from, then the one moved to.
_MOVE_LINK = re.compile(
    r"\s*(?:(?:per|a|/)\s*(?:year|yr|annum)|par an|/an|pro jahr|/y|/a)?\s*(?:to|à|auf|至|到)\s*"
    r"(?:(?:about|around|some|nearly|roughly|environ|près de|rund|etwa)\s+)?"
)
# "12 000 tonnes de concentré par an pour produire 4 000 tonnes d'oxydes": the output of that input.
_PURPOSE_LINK = re.compile(
    r"\b(?:pour|afin d'|afin de|to|in order to|um)\s+(?:en\s+)?(?:produire|produce|make|fabriquer|herzustellen|erzeugen"
    r"|extraire|extract|récupérer|recover|obtenir)\s+"
    r"(?:(?:about|around|some|up to|environ|près de|jusqu'à|rund|etwa)\s+)?$"
)
# What a listed amount may not stand after: another kind of figure ("and sold 183 tonnes").
_OTHER_FIGURES = ("sales_volume", "export", "import", "price", "revenue", "stage.demand", "stage.reserves")


# What stands between an amount and the product it measures, past a rate and a describing word or
# two: "150 t/an de dysprosium", "300 tonnes per year of recycled rare earth oxides".
_RATE_OF = re.compile(
    r"\s*(?:/\s*(?:an|a|y|yr|year)\b|per year|a year|par an|pro jahr|per annum)?\s*(?:of|de|d'|des|du)\s*"
    r"(?:[a-zà-ÿ-]+\s+){0,2}"
)


def _product_after(view: SentenceView, lexicon: Lexicon, q: Quantity) -> str | None:
    """The product named right after an amount and its rate, the "of" phrase that says what it
    measures; else None (best_product decides)."""
    named = view.of_kind("product", "element")
    for i, m in enumerate(named):
        if m.start < q.span[1] or m.start > q.span[1] + 40:
            continue
        if not _RATE_OF.fullmatch(view.lower, q.span[1], m.start):
            break
        pid = product_of(m, lexicon)
        nxt = named[i + 1] if i + 1 < len(named) else None
        if pid and m.kind == "element" and nxt is not None and _AND_OF.fullmatch(view.lower, m.end, nxt.start):
            # "dysprosium and terbium oxides", "dysprosium et de terbium métal": the form of both
            form = (product_of(nxt, lexicon) or "").partition("-")[2]
            if form and f"{pid}-{form}" in PRODUCT_IDS:
                return f"{pid}-{form}"
        return pid
    return None


_AND_OF = re.compile(r"\s*(?:and|et|und|和|及|、)\s*(?:de\s+|d')?")


def _linked(view: SentenceView, a: Quantity, b: Quantity) -> str | None:
    """How amount b follows amount a of the same sentence: "list" (a part or another item of one
    statement) or "move" (from a to b), else None."""
    between = view.lower[a.span[1] : b.span[0]]
    if view.breaks(a.span[1], b.span[0]):
        return None
    if len(between) > 90:
        # "traitera 1 200 tonnes d'aimants usagés par an, issus de …, pour en extraire 350 tonnes"
        purpose = len(between) <= 160 and _PURPOSE_LINK.search(between)
        if not purpose or any(a.span[1] <= c.start < b.span[0] for c in view.cues_of(*_OTHER_FIGURES)):
            return None
        return "list"
    if any(a.span[1] <= c.start < b.span[0] for c in view.cues_of(*_OTHER_FIGURES)):
        return None
    if _FROM_BEFORE.search(view.lower[max(0, a.span[0] - 24) : a.span[0]]) and _MOVE_LINK.fullmatch(between):
        return "move"
    return "list" if _LIST_LINK.search(between) or _PURPOSE_LINK.search(between) else None


def extract_production(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    if not view.has("production", "capacity", "target"):
        return [] if _trade_words(view) else _continued(view, ctx)
    if _trade_words(view):
        return []
    _note_places(view, ctx)
    masses = _moves(view) or _row_masses(view)
    if not masses:
        return []
    # "开采、冶炼分离总量控制指标分别为12万吨、11.5万吨": stages listed, then amounts respectively
    stages = [c for c in view.cues if c.category in (*_MINING, *_SMELTING) and masses and c.end <= masses[0].span[0]]
    paired = (
        dict(zip((id(q) for q in masses), stages, strict=False))
        if (view.has("respectively") and len(stages) == len(masses) > 1)
        else {}
    )
    mentions = _row_mentions(view, view.mentions)
    short = ctx.alias_mentions(view)
    if short:
        mentions = sorted(mentions + short, key=lambda m: m.start)
    # the level a move starts from, with the level it moves to
    moved_to = {id(a): b for a, b in itertools.pairwise(masses) if _linked(view, a, b) == "move"}
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
        linked = _linked(view, previous[0], q) if previous is not None else None
        if linked is None and not _has_cue(view, q, masses):
            continue  # "sold 183 tonnes", "a 200kg lot"
        period = _period_for(view, ctx, q, masses)
        target = moved_to.get(id(q))
        if period is not None and target is not None and period.span[0] >= target.span[1]:
            period = None  # "from 200 t a year to 1,200 t a year by 2028": 2028 is the second level's
        stated = period.period if period else None
        kind = _kind(view, ctx, q, period.year if period else None, masses)
        if kind == "capacity" and period is not None and period.kind == "day":
            period = stated = None  # "天和磁材12月29日披露…年产8000吨": the day of the news, not a period
        if (target is not None or linked == "move") and _per_year(view, q):
            kind = "capacity"  # a plant's yearly rate, before and after the move
        elif linked == "list" and kind == "actual" and previous[1] != "actual":
            kind = previous[1]  # "capacité de 4 000 tonnes d'oxydes, dont 1 100 tonnes de NdPr"
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
        product = _product_after(view, lexicon, q) or best_product(view, lexicon, q.span[0], q.span[1])
        if product is None:
            product = _product_before(ctx, entity) or "rare-earths"
        # Mining output and mining quotas are concentrate; a separation quota names no product.
        if quota and product in {"rare-earths", "re-oxides", "re-concentrate"}:
            product = "re-concentrate" if stage.category in _MINING else None
        elif stage is not None and stage.category in _MINING and product == "re-oxides":
            product = "re-concentrate"
        if (
            period is None
            and kind == "actual"
            and ctx.last_production is not None
            and ctx.view_index - ctx.last_production[0] == 1
        ):
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
        feed = _process_input(view, q) or bool(_SCRAP.match(view.lower, q.span[1], q.span[1] + 30))
        if _told_before(ctx, fields, stated, named=any(m is entity_m for m in mentions), feed=feed):
            continue  # the headline said it: "磁材總產能2027年底將達6萬噸" ... "總產能將提升至6萬噸"
        facts.append(make_fact("production", view, fields, f"production.{kind}", 0.7, raw=q.raw))
    if facts:
        ctx.events[_LAST] = facts[-1:]
    return facts


def _product_before(ctx: DocContext, entity: str) -> str | None:
    """The product of the same producer's amount in the sentence just before, for an amount that
    names none: "first line … 1,200 tons of magnets a year. The company aims to quadruple that to
    4,800 tons a year"."""
    last = ctx.events.get(_LAST)
    if not last or ctx.last_production is None or ctx.last_production[0] != ctx.view_index - 1:
        return None
    fields = last[-1].fields
    return fields.get("product") if fields.get("entity") == entity else None


_LAST = ("production", "last")  # the last production fact of the document, for a list that goes on
# What joins a producer to its amount in a list: "les États-Unis (45 000 t)", "the US with 45,000 t",
# "Myanmar at 38,000 t", "缅甸（3.8万吨）".
_PAIR_GAP = re.compile(
    r"\s*(?:[(（:：,，]|\bwith\b|\bat\b|\bavec\b|\bmit\b|为|為)?\s*"
    r"(?:(?:about|around|some|nearly|roughly|environ|près de|quelque|rund|etwa|约|近|約)\s*)?"
)
_NOT_CONTINUED = ("price", "revenue", "net_profit", "sales_volume", "stage.demand", "stage.reserves", "stage.imports")


def _continued(view: SentenceView, ctx: DocContext) -> list[Fact]:
    """A sentence right after a production fact that goes on with its list, naming no verb of its
    own: "Suivent les États-Unis (45 000 t) et la Birmanie (31 000 t)." Each producer named right
    before an amount, with the kind, product and period of the fact before."""
    last = ctx.events.get(_LAST)
    if not last or ctx.last_production is None or ctx.last_production[0] != ctx.view_index - 1:
        return []
    if view.has(*_NOT_CONTINUED) or not any(q.kind == "mass" for q in view.quantities):
        return []
    before = last[-1].fields
    facts = []
    for q in view.quantities:
        if q.kind != "mass":
            continue
        who = [
            m
            for m in view.mentions
            if m.kind in {"area", "company"}
            and m.end <= q.span[0] <= m.end + 14
            and _PAIR_GAP.fullmatch(view.lower[m.end : q.span[0]])
        ]
        if not who:
            continue
        m = who[-1]
        fields = {
            "entity": area_of(m) if m.kind == "area" else m.entity.name,
            "product": before.get("product"),
            "quantity": num(q.value),
            "unit": q.unit,
            "period": before.get("period"),
            "kind": before.get("kind"),
        }
        if q.low is not None:
            fields.update(quantity_low=num(q.low), quantity_high=num(q.high))
        if not _told_before(ctx, fields, fields["period"]):
            facts.append(make_fact("production", view, fields, "production.list", 0.6, raw=q.raw))
    if facts:
        ctx.last_production = (ctx.view_index, *ctx.last_production[1:])
        ctx.events[_LAST] = facts[-1:]
    return facts
