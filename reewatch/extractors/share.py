"""Market shares: who holds what percentage of which stage, in which market.

"China still dominates 90% of global rare earth magnet output and 80% of processing
capacity", "中国稀土冶炼分离产能占全球的90%以上", "over 90% of US rare earth imports came
from China", "a self-sufficiency rate above 20%". A percentage is a share when it is a
level (not "up 21%"), the sentence has a share cue or names a stage next to it, and a
holder (country, company or sector) is named.
"""

from __future__ import annotations

import re

from reewatch.extractors.base import (
    GENERIC_PRODUCTS,
    DocContext,
    SentenceView,
    is_change,
    make_fact,
    non_re_material_near,
    num,
)
from reewatch.extractors.resolve import area_of, best_product, name_of
from reewatch.lexicon import Cue, Lexicon, Mention
from reewatch.models import Fact, Quantity

# More specific stages win over "production" when several are named next to a share.
_STAGE_ORDER = (
    "self_sufficiency",
    "imports",
    "exports",
    "reserves",
    "demand",
    "magnet",
    "metal",
    "separation",
    "refining",
    "processing",
    "mining",
    "production",
)
_HOLDER_REACH = 65  # characters between a holder and its share: further away, it is the subject of something else
_SOURCE_HOLDER = ("from", "来自", "de", "aus", "から", "에서")


def _holder_value(m: Mention) -> str:
    if m.kind in {"area", "body"}:
        return area_of(m) or m.id
    return name_of(m)


def _stage(view: SentenceView, start: int, end: int) -> str | None:
    """The stage named right after the share ("90% of global magnet output"), else before it
    ("China's share of refining is 90%"); the most specific one where several are named."""
    after: set[str] = set()
    before: set[str] = set()
    near_before: set[str] = set()  # in the share's own comma clause
    stops = [q.span[0] for q in view.quantities if q.span[0] > end]
    limit = min([end + 55, *stops])
    for c in view.cues_with_prefix("stage."):
        stage = c.category.split(".", 1)[1]
        if end <= c.start <= limit and not view.breaks(end, c.start) and not _comma(view, end, c.start):
            # not past the comma ("占全球比重约为12%，但几乎不具备分离能力"), not the verb of the
            # next share ("mines 60% of the world's rare earths and refines almost 90%"), and not
            # the stage of the next "share of" ("76 percent by 2030 and its share of magnet production")
            if not any(
                x.kind == "percent" and c.end <= x.span[0] and _QUALIFIER.fullmatch(view.lower[c.end : x.span[0]])
                for x in view.quantities
            ) and not any(
                end <= x.start and x.end <= c.start and view.lower[x.start : x.end] in _SHARE_WORDS
                for x in view.cues_of("share")
            ):
                after.add(stage)
        elif c.end <= start and start - c.end <= 40 and not view.breaks(c.end, start):
            before.add(stage)
            if not any(ch in ",，、" for ch in view.text[c.end : start]):
                near_before.add(stage)
    # "储量不到一半，开采接近七成，冶炼分离九成以上": each share takes the stage of its own clause
    if near_before - {"production"}:
        before = near_before
    # "JL Mag, the world's largest NdFeB producer, holds 8% of the global market": "market" or
    # "output" after the share says less than the magnets named before it
    if after == {"production"} and before - {"production"}:
        after = set()
    # "China's share of global refining is 77%": a stage named before, in the "share of" phrase
    for found in (after, before):
        for stage in _STAGE_ORDER:
            if stage in found:
                return stage
    return None


def _comma(view: SentenceView, a: int, b: int) -> bool:
    """A comma between a and b, other than one that an "of" phrase goes on after ("soit 99 %, de
    la séparation")."""
    return any(ch in ",，" for ch in _OF_AFTER_COMMA.sub("", view.lower[a:b]))


_QUOTA = re.compile(r"quota|配额|指标|quote|contingent|kontingent|枠|쿼터")
_SHARE_WORDS = frozenset(
    {"share", "shares", "market share", "part", "parts", "份额", "比重", "占比", "シェア", "anteil"}
)
_OF_AFTER_COMMA = re.compile(r"[,，](?=\s*(?:of|de|du|des|d'|der)\b)")


_HOLDER_AFTER = (
    "from",
    "come from",
    "came from",
    "coming from",
    "sourced from",
    "depend on",
    "dependent on",
    "rely on",
    "relies on",
    "reliant on",
    "made in",
    "produced in",
    "manufactured in",
    "来自",
    "依赖",
    "依存",
    "产自",
    "viennent de",
    "vient de",
    "proviennent de",
    "en provenance de",
    "fabriqués en",
    "produits en",
    "de",
    "aus",
    "stammen aus",
    "から",
    "에서",
    "en",
    "in",
)
_FIRMS = ("firms", "companies", "buyers", "importers", "applicants", "entreprises", "企业", "Unternehmen")
_OUTSIDE = ("outside", "excluding", "except", "beyond", "hors de", "en dehors de", "außerhalb", "以外", "之外")
_PRONOUN_START = re.compile(
    r"^\W*(?:(?:its|their|it|elle|il|son|sa|ses|leur|ihr|seine)\b|其(?![中他余它实次])|它|该国|該國)", re.IGNORECASE
)
# "depends on China for 98%", "dépend de la Chine pour 98 %", "angewiesen auf China"
_DEPEND_ON = re.compile(
    r"(?:depends? on|dependent on|dependence on|reliance on|relies on|rely on|reliant on|"
    r"dépend(?:ent|ait|aient)? (?:de|du|des|d')|dépendance (?:à l'égard )?(?:de|du|des|d')|"
    r"dépendante?s? (?:de|du|des|d')|"
    r"abhängig von|abhängigkeit von|angewiesen auf)\s*(?:la |le |les |l'|the |der |den |dem )?$"
)
# "Xに占める中国の割合": in Japanese the holder follows 占める
_INSIDE_VERB = re.compile(r"に占め")
# words that make a share one of a country's own total: "占全国的一半", "nationwide", "du pays"
_NATIONAL = re.compile(r"全国|全國|国内|國內|nationwide|national total|du pays|landesweit|국내|전국")
# what may stand between a verb and its share: "refines almost 90%"
_QUALIFIER = re.compile(
    r"\s*(?:about|around|roughly|nearly|almost|some|over|more than|up to|an estimated|environ|près de|plus de|"
    r"rund|etwa|über|约|近|超过)?\s*"
)
_LEVEL_AFTER = re.compile(r"\s*(?:程度|前後|左右)?\s*(?:に|まで|へ|로|으로|까지)")
# "ne pèsent plus que 5 %" (only), "已升至约20%" and "rose to about 20%" (the level reached),
# "make up around 30%" (a share verb): levels, although "plus", "升", "up" stand next to them
_LEVEL_BEFORE = re.compile(
    r"(?:\bplus\s+qu(?:e|')|至|到|\bto|\bmake\s+up|\bmakes\s+up|\bmade\s+up|\bmaking\s+up)\s*"
    r"(?:约|近|about|around|roughly|nearly|almost|some|environ|près de|rund|etwa)?\s*$"
)
_ASIDE = re.compile(
    r"en tête|such as|including|led by|notamment|comme|among them|dont|wie|darunter|例如|比如|包括|など"
)
_STAGE_OF_PRODUCT = {
    "re-metals": "metal",
    "prnd-metal": "metal",
    "re-magnets": "magnet",
    "ndfeb-magnet": "magnet",
    "smco-magnet": "magnet",
    "re-oxides": "separation",
}


def _share_verb_before(view: SentenceView, pos: int) -> Cue | None:
    """Where "占 / accounts for / représente" stands before a share: its holder precedes it.
    The first of a chain wins: "缅甸占中国稀土进口总量的比重约为45%" is Myanmar's share."""
    verbs = [
        c
        for c in view.cues
        if c.category == "share"
        and c.end <= pos
        and pos - c.end <= 30
        and view.lower[c.start : c.end] not in {"% of", "of global", "% de", "% der", "% des"}
        and not _comma(view, c.end, pos)
    ]
    return verbs[0] if verbs else None


def extract_shares(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    company = next((m for m in view.mentions if m.kind == "company"), None)
    if company is not None:
        _remember(ctx, _COMPANY, name_of(company))
    percents = [q for q in view.quantities if q.kind == "percent" and (not _is_change(view, q) or _level(view, q))]
    if percents and _HEADING.match(view.text) and not any(ch in view.text for ch in "。.!?！？"):
        percents = []  # "06 海外依赖：日本仍有六成来自中国": a section heading restates its section
    if not percents:
        first = next((m for m in view.mentions if m.kind in {"area", "company"} and m.id != "WORLD"), None)
        ctx.last_holder = first or ctx.last_holder
        return []
    holders = [
        m
        for m in view.mentions
        if m.kind in {"area", "body", "company", "sector"}
        and (area_of(m) != "WORLD" if m.kind == "area" else True)
        and not any(view.lower[max(0, m.start - 14) : m.start].rstrip().endswith(w) for w in _OUTSIDE)
        and not _cited(view, m)
    ]
    if holders:
        ctx.last_holder = holders[0]
    if not percents or any(not _QUOTA.search(view.lower, c.start, c.end) for c in view.cues_of("policy.legislation")):
        return []  # "a law that requires 40% ...": an aim; but "70% of the mining quota" is held
    share_cue = view.has("share") or view.has("stage.self_sufficiency")
    facts: list[Fact] = []
    previous: dict | None = None
    previous_end = 0
    for q in percents:
        if not 0 < q.value <= 100 or non_re_material_near(view, q.span[0], q.span[1], window=40):
            continue
        if any(
            (0 <= q.span[0] - c.end <= 40 and not _comma(view, c.end, q.span[0]))
            or (0 <= c.start - q.span[1] <= 20 and not _comma(view, q.span[1], c.start))
            for c in view.cues_of("target")
        ):
            continue  # "a target of 40% of annual consumption": an aim, not a share held
        if _not_a_share(view, q):
            continue
        stage = "self_sufficiency" if view.has("stage.self_sufficiency") else _stage(view, q.span[0], q.span[1])
        # not an aside ("Malaysia, home to Lynas's plant, accounting for 4 percent"), nor the
        # market of an "of" phrase ("70 percent of U.S. imports ... and 98 percent of ...")
        fresh = [
            m
            for m in holders
            if previous_end <= m.start < q.span[0]
            and not _aside(view, m, q.span[0])
            and not _OF_BEFORE.search(view.lower, max(0, m.start - 8), m.start)
        ]
        if stage is None and previous is not None:
            # "over 90% of US imports came from China, up from 70% in 2013": same stage and scope;
            # the holder too, unless a new one is named ("..., with Malaysia rising to 12%").
            fields = {**previous, "share_pct": num(q.value)}
            if (
                fresh
                and _holder_value(fresh[-1]) != previous["holder"]
                and not view.lower[max(0, q.span[0] - 12) : q.span[0]]
                .rstrip()
                .endswith(("from", "contre", "从", "从前的"))
            ):
                fields["holder"] = _holder_value(fresh[-1])
            period = view.period_near(q.span[0], q.span[1])
            fields["year"] = period.year if period and period.period else None
            facts.append(make_fact("market_share", view, fields, "share.same-as-before", 0.6, raw=q.raw))
            previous_end = q.span[1]
            continue
        subject = best_product(view, lexicon, q.span[0], q.span[1]) or "rare-earths"
        if stage is None:
            stage = _STAGE_OF_PRODUCT.get(subject)
        if stage is None and not share_cue:
            continue
        if stage is None and _DEPENDENCE.search(view.lower, max(0, q.span[0] - 20), q.span[0]):
            stage = "imports"  # "中国依存度は9割を超える", "dependence on China at 90%": of imports
        if stage is None and share_cue:
            # "巴西以2100万吨位居第二，约占23%。" after "…储量…约占全球的48.9%。": the same stage
            last = _recall(ctx, _STAGE_BEFORE)
            if last and last[0] == ctx.view_index - 1:
                stage = last[1]
        defaulted = stage is None
        if stage is None:
            stage = "production"
        if defaulted and view.cue_near(("revenue", "net_profit"), q.span[0], q.span[1], before=20, after=25):
            continue  # "收入占比超过一半", "60% of its revenue": a share of a company's sales
        after_from = [
            m
            for m in holders
            if m.start > q.span[1]
            and any(view.lower[max(0, m.start - 16) : m.start].rstrip().endswith(w) for w in _HOLDER_AFTER)
            and not _IMPORTED_INTO.search(view.lower, max(0, m.start - 30), m.start)
        ]
        verb = _share_verb_before(view, q.span[0])
        verb_at = verb.start if verb is not None else None
        anchor = verb_at if verb_at is not None else q.span[0]
        holder_m = None
        # "L'UE dépend de la Chine pour 98 % de ses importations": the supplier after "depend on"
        supplier = next(
            (
                m
                for m in holders
                if m.end <= q.span[0]
                and q.span[0] - m.end <= 40
                and m.kind == "area"
                and _DEPEND_ON.search(view.lower, max(0, m.start - 30), m.start)
            ),
            None,
        )
        if supplier is not None:
            holder_m = supplier
            if stage in {"magnet", "production"}:
                stage = "imports"
        elif after_from and (stage in {"imports", "magnet", "production"} or verb_at is None):
            holder_m = after_from[0]
            importer_named = any(m.kind == "area" and m.end <= q.span[0] for m in holders)
            says_import = (
                view.has("stage.imports", "import")
                or "sources" in view.lower
                or "bezieht" in view.lower
                or "approvision" in view.lower
            )
            if says_import and (stage in {"magnet", "production"} or importer_named):
                stage = "imports"
        if holder_m is None and verb is not None and _INSIDE_VERB.search(view.lower, max(0, verb.start - 1), verb.end):
            # "日本のレアアース輸入に占める中国の割合": the holder follows 占める
            holder_m = view.nearest(
                [m for m in holders if verb.end <= m.start and m.end <= q.span[0]], q.span[0], before_only=True
            )
        if holder_m is None and previous is not None and not fresh:
            # "China accounts for 90% of separation capacity and 94% of sintered magnet output"
            holder_m = next((m for m in holders if _holder_value(m) == previous["holder"]), None)
        named = None
        if holder_m is None:
            named = _company_ref(view, ctx, holders, anchor)
        if holder_m is None and named is None:
            candidates = [m for m in holders if m.end <= anchor and not _aside(view, m, anchor)]
            holder_m = view.nearest(candidates, anchor, before_only=True, limit=_HOLDER_REACH)
        if holder_m is None and named is None:
            # "China manufactured about 300,000 tons of magnets in 2024, an estimated 94 percent of
            # world output": the share restates the tonnage of the subject named before it
            tonnage = next(
                (
                    x
                    for x in reversed(view.quantities)
                    if x.kind == "mass"
                    and x.span[1] <= q.span[0] <= x.span[1] + 80
                    and not view.breaks(x.span[1], q.span[0])
                ),
                None,
            )
            if tonnage is not None:
                candidates = [m for m in holders if m.end <= tonnage.span[0] and not _aside(view, m, tonnage.span[0])]
                holder_m = view.nearest(candidates, tonnage.span[0], before_only=True, limit=_HOLDER_REACH)
        if holder_m is None and stage == "demand":
            # "Permanent magnets account for 38% of rare earth consumption": a use of rare earths
            uses = [
                m
                for m in view.of_kind("product")
                if _STAGE_OF_PRODUCT.get(m.id) == "magnet" and m.end <= anchor and anchor - m.end <= _HOLDER_REACH
            ]
            specific = [m for m in uses if m.id not in GENERIC_PRODUCTS]  # "Sintered NdFeB magnets"
            holder_m = view.nearest(specific or uses, anchor, before_only=True)
            if holder_m is not None:
                subject = best_product(view, lexicon, q.span[1], q.span[1], window=(q.span[1], len(view.text)))
                subject = subject or "rare-earths"
        if holder_m is None and named is None and _PRONOUN_START.search(view.text) and ctx.last_holder is not None:
            holder_m = ctx.last_holder
        if holder_m is None and named is None:
            holder_m = view.nearest([m for m in holders if m.start >= q.span[1]], q.span[1])
        if holder_m is None and named is None:
            continue
        if holder_m is not None:
            holder = _holder_value(holder_m) if holder_m.kind != "product" else holder_m.id
        else:
            holder = named or ""
        if (
            holder_m is not None
            and defaulted
            and view.lower[holder_m.end : holder_m.end + 16].lstrip(" '’s").startswith(_FIRMS)
        ):
            continue  # "25% of EU firms' licence applications": a share of firms, not of a market
        if (
            holder_m is not None
            and holder_m.kind == "area"
            and stage in {"magnet", "metal", "production"}
            and _supplier_in_imports(view, holder_m, q)
        ):
            stage = "imports"  # "Les Etats-Unis importent de Chine environ 70% des composés et métaux"
        scope = _scope(view, q, holder, stage)
        national = _NATIONAL.search(view.lower, max(0, q.span[0] - 30), q.span[0])
        if (
            national
            and holder_m is not None
            and holder_m.entity.area
            and not view.cue_near(("global",), national.start(), q.span[1], before=0, after=40)
        ):
            scope = holder_m.entity.area  # "北方稀土的稀土矿产量占全国的一半以上": a share of China's output
        period = view.period_near(q.span[0], q.span[1])
        year = period.year if period and period.period else None
        forecast = any(
            (0 <= q.span[0] - c.end <= 80 and not view.breaks(c.end, q.span[0]))
            or (
                0 <= c.start - q.span[1] <= 40
                and not view.breaks(q.span[1], c.start)
                and not _comma(view, q.span[1], c.start)
            )
            for c in view.cues_of("forecast")
        )  # not "占全球比重约为6%，并计划扩大产能": the plan is the next clause's
        if period and period.target:
            forecast = True
        if year and ctx.doc_date and year > ctx.doc_date.year:
            forecast = True
        if stage == "magnet" and subject == "rare-earths":
            subject = "re-magnets"
        fields = {
            "holder": holder,
            "share_pct": num(q.value),
            "stage": stage,
            "scope": scope,
            "subject": subject,
            "year": year,
            "kind": "forecast" if forecast else "actual",
        }
        if q.low is not None:
            fields.update(share_pct_low=num(q.low), share_pct_high=num(q.high))
        facts.append(make_fact("market_share", view, fields, "share.percent-of-stage", 0.75, raw=q.raw))
        previous = fields
        previous_end = q.span[1]
    if facts:
        _remember(ctx, _STAGE_BEFORE, ctx.view_index, facts[-1].fields["stage"])
    return facts


def _level(view: SentenceView, q: Quantity) -> bool:
    """A share that a move ends at ("約6割に低下した", "85%로 낮아질"), or "ne pèsent plus que 5 %":
    a level, although an up/down word stands next to it."""
    if _LEVEL_AFTER.match(view.lower, q.span[1]):
        return True
    return bool(_LEVEL_BEFORE.search(view.lower, max(0, q.span[0] - 24), q.span[0]))


def _aside(view: SentenceView, m: Mention, pos: int) -> bool:
    """A name in an aside between commas: examples of the holder ("Les fabricants japonais,
    Shin-Etsu et Proterial en tête, ne pèsent plus que 5 %"), or a description of the company
    just named ("Shin-Etsu, Japan's largest magnet maker, holds 10%")."""
    left = max(view.text.rfind(",", 0, m.start), view.text.rfind("，", 0, m.start))
    right = min([i for i in (view.text.find(",", m.end), view.text.find("，", m.end)) if i >= 0] or [-1])
    if left < 0 or right < 0 or right > pos:
        return False
    if any(
        c.kind in {"company", "area", "body"} and c.end <= left and not view.text[c.end : left].strip()
        for c in view.mentions
    ):
        return True
    return bool(_ASIDE.search(view.lower, left, right))


def _scope(view: SentenceView, q: Quantity, holder: str, stage: str) -> str:
    """ "global" when the share is of the world market; else the area whose imports, demand or
    self-sufficiency are meant ("90% of US imports" -> US)."""
    if stage == "self_sufficiency":
        return holder if holder.isupper() and len(holder) <= 5 else "global"
    if view.cue_near(("global",), q.span[0], q.span[1], before=30, after=45):
        return "global"
    others = [m for m in view.mentions if m.kind in {"area", "body"} and area_of(m) not in {holder, "WORLD"}]
    # "98 percent of the EU's magnet imports": the market named right after the share
    right_after = [m for m in others if q.span[1] <= m.start <= q.span[1] + 25 and not view.breaks(q.span[1], m.start)]
    if stage in {"imports", "demand", "exports"} and right_after:
        return area_of(right_after[0]) or "global"
    if stage in {"imports", "demand", "exports"} and others:
        return area_of(others[0]) or "global"
    home = _HOME_BY_LANG.get(view.lang)
    if stage == "imports" and home and home != holder:
        return home  # "重希土類に限れば中国依存度は9割を超える": Japan's imports, in Japanese news
    return "global"


_HOME_BY_LANG = {"zh": "CN", "ja": "JP", "ko": "KR"}


# "06 海外依赖：…", "3. Magnets: …", "一、…", "（二）…": a numbered section heading.
_HEADING = re.compile(r"^\s*(?:\d{1,2}(?:\.|、|\s)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])\s*\S")
_COMPANY = "share.company"  # the company the document named last (ctx.seen tag)
_STAGE_BEFORE = "share.stage"  # (sentence, stage) of the last share found (ctx.seen tag)


def _remember(ctx: DocContext, tag: str, *value: object) -> None:
    for key in [k for k in ctx.seen if k[:1] == (tag,)]:
        ctx.seen.discard(key)
    ctx.seen.add((tag, *value))


def _recall(ctx: DocContext, tag: str) -> tuple | None:
    return next((k[1:] for k in ctx.seen if k[:1] == (tag,)), None)


_MOVES = ("up", "down", "mom", "yoy", "qoq", "wow")
# "down from roughly 90 percent in 2009", "从约六成": the level a move started from
_FROM_LEVEL = re.compile(
    r"(?:\bfrom|从|由)\s*(?:about|around|roughly|nearly|almost|some|environ|près de|rund|etwa|约|近)?\s*$"
)


def _is_change(view: SentenceView, q: Quantity) -> bool:
    """`is_change`, less two levels: the start of a move ("down from roughly 90 percent"), and a
    share right after its share verb whose only move word is past a comma ("约占全球的9%，海外新增项目")."""
    if not is_change(view, q):
        return False
    if q.signed:
        return True
    if _FROM_LEVEL.search(view.lower, max(0, q.span[0] - 20), q.span[0]):
        return False
    if any(c.category in _MOVES and c.end <= q.span[0] and q.span[0] - c.end <= 50 for c in view.cues):
        return True
    if not any(c.category == "share" and 0 <= q.span[0] - c.end <= 8 for c in view.cues):
        return True
    return any(
        c.category in _MOVES and 0 <= c.start - q.span[1] <= 24 and not _comma(view, q.span[1], c.start)
        for c in view.cues
    )


# What a percentage of a product's own make-up, a plant's running rate or an offtake is:
# "99% REO min", "75% Nd2O3", "running at maybe 60% of normal", "up to 65% of the output".
_PURITY_AFTER = re.compile(r"\s*(?:t?reo\b|min\b|minimum\b|purity|pure\b|[a-z]{1,2}2o3|[a-z]{2}6o11|纯度|純度|品位)")
_PURITY_BEFORE = re.compile(r"(?:纯度|純度|purity|pureté|≥|>=)\s*(?:of\s*)?$")
_RUNNING = re.compile(
    r"(?:running at|operating at|operate at|run at|utili[sz]ation(?: rate)?(?: of)?|capacity utili[sz]ation|"
    r"taux d'utilisation|tourne à|开工率|产能利用率|稼働率|가동률)[^,，;；。\d]{0,12}$"
)
_OF_NORMAL = re.compile(r"\s*(?:of|de)\s+(?:normal|capacity|nameplate|sa capacité|la capacité)")
_OFFTAKE = re.compile(
    r"offtake|off-take|purchase|to buy|priority|優先|优先|包销|承购|引き取|購入|"
    r"achat|acheter|priorité|enlèvement|abnahme"
)
_OF_OUTPUT = re.compile(r"\b(?:of|de|du|des)\s+(?:[\w'’-]+\s+){0,3}?(?:output|production|produit)|生産分|产量|產量")


# "importés en Corée du Sud", "imported into the EU": the market, not the supplier
_IMPORTED_INTO = re.compile(
    r"(?:import\w*|进口到|进口至)\s*(?:en|dans|in|into|to|au|aux)?\s*(?:l'|la\s+|le\s+|les\s+|the\s+)?$"
)


def _not_a_share(view: SentenceView, q: Quantity) -> bool:
    start, end = q.span
    if any(
        0 <= start - c.end <= 40 and not _comma(view, c.end, start) and not view.breaks(c.end, start)
        for c in view.cues_of("policy.import_tariff")
    ):
        return True  # "des droits de douane supplémentaires de 34%": a tariff rate
    if _PURITY_AFTER.match(view.lower, end) or _PURITY_BEFORE.search(view.lower, max(0, start - 10), start):
        return True
    if _RUNNING.search(view.lower, max(0, start - 40), start) or _OF_NORMAL.match(view.lower, end):
        return True
    # an offtake: a share of one producer's output promised to a buyer
    output = _OF_OUTPUT.search(view.lower, max(0, start - 12), min(len(view.text), end + 30))
    if output is None:
        return False
    offtake = _OFFTAKE.search(view.lower, max(0, start - 60), min(len(view.text), end + 60))
    return bool(offtake and not view.breaks(min(offtake.start(), start), max(offtake.end(), end)))


_OF_BEFORE = re.compile(r"(?:\bof|\bof the|\bde|\bde la|\bdes|\bdu|\bder)\s*$")
_DEPENDENCE = re.compile(r"依存度|依赖度|依存|依赖|dependence|dependency|reliance|dépendance|abhängigkeit|의존도")
_SUPPLY_VERB = re.compile(r"\s*(?:supplying|supplied|supplies|providing|provided|fournissant|fournit|供应|供给|提供)")
_PRONOUN_REFS = frozenset({"its", "it", "son", "sa", "ses", "il", "elle", "其"})


def _supplier_in_imports(view: SentenceView, m: Mention, q: Quantity) -> bool:
    """An area that supplies a share of what the sentence says is imported: "importent de Chine
    environ 70%", "imported 54,000 tonnes ..., with China supplying more than 90%"."""
    flow = next((c for c in view.cues_of("import") if c.end <= m.start), None)
    if flow is None or view.breaks(flow.end, q.span[0]) or m.end > q.span[0] or q.span[0] - m.end > 30:
        return False
    return bool(_FROM_BEFORE.search(view.lower, max(0, m.start - 16), m.start) or _SUPPLY_VERB.match(view.lower, m.end))


_FROM_BEFORE = re.compile(r"(?:\bfrom|\bde|\bd'|\bdu|\baus|从|自)\s*(?:la\s+|le\s+|l'|the\s+)?$")


def _company_ref(view: SentenceView, ctx: DocContext, holders: list[Mention], anchor: int) -> str | None:
    """ "with the company holding more than 70%", "该公司占…": the company the document named."""
    company = _recall(ctx, _COMPANY)
    if company is None:
        return None
    for c in view.cues_of("company_ref"):
        word = view.lower[c.start : c.end]
        if word in _PRONOUN_REFS or c.end > anchor or anchor - c.end > 20:
            continue
        if any(c.end <= m.start < anchor for m in holders):
            continue
        return str(company[0])
    return None


# "according to USGS", "selon l'AIE", "据中国海关", "財務省の貿易統計によると": a source, no holder
_ACCORDING_BEFORE = re.compile(r"(?:according to|selon|d'après|laut|gemäß|据|根据|根據)\s*(?:the\s+|l'|la\s+|le\s+)?$")
_ACCORDING_AFTER = re.compile(r"\s*(?:によると|によれば|에\s?따르면|的数据|数据显示|statistics|data)")


def _cited(view: SentenceView, m: Mention) -> bool:
    return m.kind == "body" and bool(
        _ACCORDING_BEFORE.search(view.lower, max(0, m.start - 16), m.start) or _ACCORDING_AFTER.match(view.lower, m.end)
    )
