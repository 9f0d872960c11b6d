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
    stops = [q.span[0] for q in view.quantities if q.span[0] > end]
    limit = min([end + 55, *stops])
    for c in view.cues_with_prefix("stage."):
        stage = c.category.split(".", 1)[1]
        if end <= c.start <= limit and not view.breaks(end, c.start) and not _comma(view, end, c.start):
            # not past the comma ("占全球比重约为12%，但几乎不具备分离能力"), and not the verb of the
            # next share ("mines 60% of the world's rare earths and refines almost 90%")
            if not any(
                x.kind == "percent" and c.end <= x.span[0] and _QUALIFIER.fullmatch(view.lower[c.end : x.span[0]])
                for x in view.quantities
            ):
                after.add(stage)
        elif c.end <= start and start - c.end <= 40 and not view.breaks(c.end, start):
            before.add(stage)
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
    percents = [q for q in view.quantities if q.kind == "percent" and (not is_change(view, q) or _level(view, q))]
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
    ]
    if holders:
        ctx.last_holder = holders[0]
    if not percents or view.has("policy.legislation"):
        return []
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
        stage = "self_sufficiency" if view.has("stage.self_sufficiency") else _stage(view, q.span[0], q.span[1])
        fresh = [m for m in holders if previous_end <= m.start < q.span[0]]
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
        if holder_m is None:
            candidates = [m for m in holders if m.end <= anchor and not _aside(view, m, anchor)]
            holder_m = view.nearest(candidates, anchor, before_only=True, limit=_HOLDER_REACH)
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
        if holder_m is None and _PRONOUN_START.search(view.text) and ctx.last_holder is not None:
            holder_m = ctx.last_holder
        if holder_m is None:
            holder_m = view.nearest([m for m in holders if m.start >= q.span[1]], q.span[1])
        if holder_m is None:
            continue
        holder = _holder_value(holder_m) if holder_m.kind != "product" else holder_m.id
        if defaulted and view.lower[holder_m.end : holder_m.end + 16].lstrip(" '’s").startswith(_FIRMS):
            continue  # "25% of EU firms' licence applications": a share of firms, not of a market
        scope = _scope(view, q, holder, stage)
        national = _NATIONAL.search(view.lower, max(0, q.span[0] - 30), q.span[0])
        if (
            national
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
    if any(c.kind == "company" and c.end <= left and not view.text[c.end : left].strip() for c in view.mentions):
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
    if stage in {"imports", "demand", "exports"} and others:
        return area_of(others[0]) or "global"
    return "global"
