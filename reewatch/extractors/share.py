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
    "來自",
    "從",
    "从",
    "產自",
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
# "Pour les terres rares lourdes, sa part dans le raffinage atteint 98 %": a possessive before the
# share noun, after an opening phrase, means the holder named before
_PRONOUN_SHARE = re.compile(
    r"\b(?:sa|son|its|their|leur|ihr|ihren|seinen?)\s+(?:part|share|anteil)\b|其(?:份额|占比|比重)"
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
_NATIONAL = re.compile(r"全国|全國|国内|國內|nationwide|\bnational\b|\bnationale?s?\b|du pays|landesweit|국내|전국")
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
_LEVEL_HINT = re.compile("plus|至|到|to|mak|made")  # a cheap look before the search above
# "fabrique moins de 1 % des alliages", "less than 1%": a level, unless a move stands before it
_LESS_HINT = re.compile("less|moins|weniger|不到|不足")
_LESS_THAN = re.compile(r"(?:\bmoins\s+d(?:e|')|\bless\s+than|\bweniger\s+als|不到|不足)\s*$")
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
        and not any(ch in ":：" for ch in view.text[c.end : pos])  # "dependent on imports: China supplied 96%"
    ]
    return verbs[0] if verbs else None


def extract_shares(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    before = ctx.previous_view
    company = next((m for m in view.mentions if m.kind == "company"), None)
    if company is not None and (_COMPANY, name_of(company)) not in ctx.seen:
        _remember(ctx, _COMPANY, name_of(company))
    percents = [q for q in view.quantities if q.kind == "percent" and (not _is_change(view, q) or _level(view, q))]
    if percents and _HEADING.match(view.text) and not any(ch in view.text for ch in "。.!?！？"):
        percents = []  # "06 海外依赖：日本仍有六成来自中国": a section heading restates its section
    if not percents:
        first = next((m for m in view.mentions if m.kind in {"area", "company"} and m.id != "WORLD"), None)
        ctx.last_holder = first or ctx.last_holder
        return []
    holders = []
    cited_end = -10
    for m in view.mentions:
        if m.kind == "body" and (_cited(view, m) or 0 <= m.start - cited_end <= 2):
            cited_end = m.end  # a source, and its acronym: "nach Schätzung der US-Geologiebehörde USGS"
            continue
        if (
            m.kind in {"area", "body", "company", "sector"}
            and (area_of(m) != "WORLD" if m.kind == "area" else True)
            and not any(view.lower[max(0, m.start - 14) : m.start].rstrip().endswith(w) for w in _OUTSIDE)
        ):
            holders.append(m)
    if holders:
        ctx.last_holder = holders[0]
    laws = [
        c
        for c in view.cues_of("policy.legislation")
        if not _QUOTA.search(view.lower, c.start, c.end) and not _in_aside(view, c)
    ]
    if laws:
        # "a law that requires 40% ...": an aim; but "70% of the mining quota" is held, and so is a
        # share stated before the law's own clause ("le recyclage couvre 1 % des besoins, quand le
        # règlement en vise 25 %")
        percents = [q for q in percents if all(_later_clause(view, q, c) for c in laws)]
    if not percents:
        return []
    share_cue = view.has("share") or view.has("stage.self_sufficiency")
    if not share_cue and len(percents) >= 2:
        row = _chart_row(view, ctx, before, percents, holders)
        if row is not None:
            return row
    facts: list[Fact] = []
    previous: dict | None = None
    previous_end = 0
    for q in percents:
        if not 0 < q.value <= 100 or non_re_material_near(view, q.span[0], q.span[1], window=40):
            continue
        if any(
            (
                (0 <= q.span[0] - c.end <= 40 and not _comma(view, c.end, q.span[0]))
                or (0 <= c.start - q.span[1] <= 20 and not _comma(view, q.span[1], c.start))
            )
            and not (
                _QUOTA.search(view.lower, c.start, max(c.end, q.span[0])) and _own_share_phrase(view, q.span[0] - 30, q)
            )
            for c in view.cues_of("target")
        ):
            continue  # "a target of 40% of annual consumption": an aim; but "占…开采指标的约七成" is held
        if _not_a_share(view, q):
            continue
        # a name in brackets that closed before the share explains another: "马来西亚（主要为莱纳斯关丹
        # 工厂）约占4%", "Estonia (Neo's Silmet) and France"
        hs = [m for m in holders if not _bracketed(view, m, q.span[0])]
        stage = "self_sufficiency" if view.has("stage.self_sufficiency") else _stage(view, q.span[0], q.span[1])
        whole = _whole(view, q)
        told = False  # the stage comes from the sentence before, not from the share's own words
        if whole is not None:
            stage, told = _whole_stage(view, before, q, stage, whole)
        # "dont 38 % pour la mobilité électrique", "with 29% going to EV motors": the use it goes to
        used_for = next(
            (
                m
                for m in hs
                if m.kind == "sector"
                and m.start >= q.span[1]
                and (
                    _FOR_USE.fullmatch(view.lower, q.span[1], m.start)
                    # "tirés pour 40 % par les éoliennes", "driven 40% by EVs": the demand's agent
                    or (view.has("stage.demand") and _BY_AGENT.fullmatch(view.lower, q.span[1], m.start))
                )
            ),
            None,
        )
        # not an aside ("Malaysia, home to Lynas's plant, accounting for 4 percent"), nor the
        # market of an "of" phrase ("70 percent of U.S. imports ... and 98 percent of ...")
        fresh = [
            m
            for m in hs
            if previous_end <= m.start < q.span[0]
            and not _aside(view, m, q.span[0])
            and not (
                _OF_BEFORE.search(view.lower, max(0, m.start - 8), m.start)
                and not _AHEAD_OF.search(view.lower, max(0, m.start - 14), m.start)
            )
        ]
        # "La Chine fournit 98 % des aimants importés par les Vingt-Sept, et elle assure 90 % du
        # raffinage": the subject of the coordinated clause is the first clause's, not the last name
        pronoun = _PRONOUN_CLAUSE.search(view.lower, previous_end, q.span[0]) if previous_end or hs else None
        if pronoun is not None:
            fresh = [m for m in fresh if m.start > pronoun.start()]
        # "the remaining 9%", "其他3.1%": the rest of the world, unless its sources are named
        remainder = _REMAINDER.search(view.lower, max(0, q.span[0] - 16), q.span[0]) is not None
        if previous is not None and _compared(view, q):
            stage = None  # "…70% of its magnets from China, compared with 55% five years ago": the same share
        if stage is None and previous is not None:
            # "over 90% of US imports came from China, up from 70% in 2013": same stage and scope;
            # the holder too, unless a new one is named ("..., with Malaysia rising to 12%").
            fields = {**previous, "share_pct": num(q.value)}
            after = _holders_after(view, q, hs) if remainder else []
            together = fresh and _TOGETHER.match(view.lower, fresh[-1].end) and _holder_value(fresh[-1]) != "ROW"
            if together or (after and _group(view, after[0], hs)):
                continue  # "Estonia and France together were below 2%": a share of several
            if remainder:
                fields["holder"] = _holder_value(after[0]) if after else "ROW"
            elif (
                fresh
                and fresh[-1].kind != "body"
                and not _SAME_REF.search(view.lower, fresh[-1].end, q.span[0])
                and _holder_value(fresh[-1]) != previous["holder"]
                and not view.lower[max(0, q.span[0] - 12) : q.span[0]]
                .rstrip()
                .endswith(("from", "contre", "从", "从前的"))
            ):
                fields["holder"] = _holder_value(fresh[-1])
            if used_for is not None and previous["stage"] == "demand":
                fields["holder"] = _holder_value(used_for)
            period = view.period_near(q.span[0], q.span[1])
            fields["year"] = period.year if period and period.period else None
            if _forecast(view, ctx, q, period):
                fields["kind"] = "forecast"  # "… and the IEA projects that share slips to 76% by 2035"
            facts.append(make_fact("market_share", view, fields, "share.same-as-before", 0.6, raw=q.raw))
            previous_end = q.span[1]
            continue
        if stage == "production" and previous is not None and previous["stage"] not in {"production", "demand"}:
            # "China makes 92% of the world's magnets, while Japan's producers account for 5%": the
            # list goes on in the stage of its first share
            stage = previous["stage"]
        subject = best_product(view, lexicon, q.span[0], q.span[1]) or "rare-earths"
        bracketed = None
        if previous is None and _BRACKET_FIGURE.search(view.text, max(0, q.span[0] - 3), q.span[0]):
            # "about two-thirds of what America bought abroad … came from China (67% in 2025, …)":
            # the figure in brackets is the share of the name it follows, in the sentence's stage
            bracketed = view.nearest([m for m in hs if 0 <= q.span[0] - m.end <= 4], q.span[0], before_only=True)
            if stage is None and bracketed is not None:
                stage = _view_stage(view)
        if stage is None:
            stage = _STAGE_OF_PRODUCT.get(subject)
        if stage is None and not share_cue:
            # "Myanmar followed with 13%", "waren es noch gut 85 Prozent": the last sentence's share goes on
            fields = _continued(view, ctx, q, hs)
            if fields is not None:
                facts.append(make_fact("market_share", view, fields, "share.continued", 0.6, raw=q.raw))
                previous, previous_end = fields, q.span[1]
            continue
        if stage in {None, "production", "exports", "magnet", "metal"} and _DEPENDENCE.search(
            view.lower, max(0, q.span[0] - 20), q.span[0]
        ):
            stage = "imports"  # "中国依存度は9割を超える", "dependence on China at 90%": of imports
        if stage is None and share_cue:
            # "巴西以2100万吨位居第二，约占23%。" after "…储量…约占全球的48.9%。": the same stage
            last = _recall(ctx, _STAGE_BEFORE)
            if last and last[0] == ctx.view_index - 1:
                stage, told = last[1], True
            else:
                # "…化合物の輸入量が前年比6.7％減の1万3,285トン。中国産の比率は61.5％": the stage the
                # sentence before spoke of
                said = _view_stage(before)
                if (
                    said not in {None, "production"}
                    and not view.has("production")  # "China fördert knapp 70 Prozent": its own verb
                    and not view.cue_near(("revenue", "net_profit"), q.span[0], q.span[1], before=20, after=25)
                ):
                    stage, told = said, True
        defaulted = stage is None or told
        if stage is None:
            stage = "production"
        if (defaulted or used_for is not None or any(m.kind == "sector" for m in hs)) and view.cue_near(
            ("revenue", "net_profit"), q.span[0], q.span[1], before=20, after=25
        ):
            # "收入占比超过一半", "60% of its revenue", "工业电机领域收入占比约42%": a share of a
            # company's sales (by segment), not of a market
            continue
        if defaulted and _EQUITY.search(view.lower):
            continue  # "Shenghe already owns about 19.4% of Peak and is its largest shareholder"
        if whole == "sentence" and view.has("revenue", "net_profit") and _money_before(view, q):
            continue  # "Revenue from EVs was 1.752 billion yuan, half of the total": of a company's sales
        after_from = _holders_after(view, q, hs)
        verb = _share_verb_before(view, q.span[0])
        verb_at = verb.start if verb is not None else None
        anchor = verb_at if verb_at is not None else q.span[0]
        holder_m = None
        # "L'UE dépend de la Chine pour 98 % de ses importations": the supplier after "depend on"
        supplier = next(
            (
                m
                for m in hs
                if m.end <= q.span[0]
                and q.span[0] - m.end <= 40
                and m.kind == "area"
                and _DEPEND_ON.search(view.lower, max(0, m.start - 30), m.start)
            ),
            None,
        )
        if used_for is not None and (stage == "demand" or view.has("stage.demand")):
            holder_m, stage = used_for, "demand"
        elif supplier is not None:
            holder_m = supplier
            if stage in {"magnet", "production"}:
                stage = "imports"
        elif after_from and (stage in {"imports", "magnet", "production"} or verb_at is None):
            if _group(view, after_from[0], hs):
                continue  # "9% came mostly from Nigeria, Thailand, India and Russia": a share of several
            holder_m = after_from[0]
            importer_named = any(m.kind == "area" and m.end <= q.span[0] for m in hs)
            says_import = (
                view.has("stage.imports", "import")
                or "sources" in view.lower
                or "bezieht" in view.lower
                or "approvision" in view.lower
                or _BOUGHT.search(view.lower) is not None
            )
            if says_import and (stage in {"magnet", "production"} or importer_named):
                stage = "imports"
        if holder_m is None and bracketed is not None:
            holder_m = bracketed  # "… still came from China (67% in 2025)"
        if holder_m is None and verb is not None and _INSIDE_VERB.search(view.lower, max(0, verb.start - 1), verb.end):
            # "日本のレアアース輸入に占める中国の割合": the holder follows 占める
            holder_m = view.nearest(
                [m for m in hs if verb.end <= m.start and m.end <= q.span[0]], q.span[0], before_only=True
            )
        if holder_m is None and pronoun is not None and previous is None and pronoun.group(0)[0].isalpha():
            holder_m = next((m for m in hs if m.end <= pronoun.start() and m.kind in {"area", "company"}), None)
        if holder_m is None and previous is not None and not fresh:
            # "China accounts for 90% of separation capacity and 94% of sintered magnet output"
            holder_m = next((m for m in hs if _holder_value(m) == previous["holder"]), None)
        named = None
        importer = None
        if holder_m is None:
            named = _company_ref(view, ctx, hs, anchor)
        candidates = []
        if holder_m is None and named is None:
            # "dont 1 610 tonnes en provenance de Chine, soit 83 % du total": that part is the holder's
            candidates = [m for m in hs if m.end <= anchor and (whole == "sentence" or not _aside(view, m, anchor))]
            # a source body is rarely the holder when a country or company is named too
            candidates = [m for m in candidates if m.kind != "body"] or candidates
            # "China's share of EU magnet imports slipped to 89.5%": the possessor, not the market
            holder_m = next((m for m in candidates if _possessor(view, m)), None)
            if holder_m is None:
                holder_m = view.nearest(candidates, anchor, before_only=True, limit=_HOLDER_REACH)
            if holder_m is None and _WITH_SHARE.search(view.lower, max(0, q.span[0] - 30), q.span[0]):
                # "In Australia, Lynas is the only producer of separated heavy rare earths, with about
                # 5% of world supply": the share of the sentence's subject, however long its clause
                # (not of its opening place adverbial)
                holder_m = next(
                    (m for m in hs if m.end <= anchor and m.kind != "body" and not view.text.startswith(",", m.end)),
                    None,
                )
            if (
                holder_m is not None
                and holder_m.kind == "area"
                and _IMPORT_VERB.match(view.lower, holder_m.end)
                and not _DEPEND_ON.search(view.lower, max(0, holder_m.start - 30), holder_m.start)
            ):
                # "…, and Italy buys roughly 85% of its magnets from the same source": the subject of
                # an import verb is the market; the supplier is the one of the share before, or none
                if previous is None or previous["stage"] != "imports":
                    continue
                importer = area_of(holder_m) or holder_m.id
                holder_m, named, stage = None, previous["holder"], "imports"
        if holder_m is None and named is None and not candidates and _DEMONSTRATIVE.match(view.lower):
            # "Deutschland hat … aus China eingeführt. Das entspricht einem Anteil von rund 88 Prozent
            # an den deutschen Magnetimporten": the supplier of the last sentence's imports, or its subject
            source = _view_source(before)
            if source is not None:
                named = source
            elif ctx.last_holder is not None:
                holder_m = ctx.last_holder
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
                candidates = [m for m in hs if m.end <= tonnage.span[0] and not _aside(view, m, tonnage.span[0])]
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
        if (
            holder_m is None
            and named is None
            and (_PRONOUN_START.search(view.text) or _PRONOUN_SHARE.search(view.lower, 0, q.span[0]))
            and ctx.last_holder is not None
        ):
            holder_m = ctx.last_holder
        if holder_m is None and named is None and not candidates and _RECYCLING.search(view.lower, 0, q.span[0]):
            named = "recycling"  # "le recyclage couvre moins de 1 % des besoins européens": a secondary source
        if holder_m is None and named is None:
            holder_m = view.nearest([m for m in hs if m.start >= q.span[1]], q.span[1])
        if remainder and not after_from:
            holder_m, named = None, "ROW"
        if holder_m is None and named is None:
            continue
        if holder_m is not None and _TOGETHER.match(view.lower, holder_m.end) and area_of(holder_m) != "ROW":
            continue  # "Estonia and France together were below 2%": a combined share
        national = _NATIONAL.search(view.lower, max(0, q.span[0] - 30), q.span[1] + 25)
        if national and holder_m is not None and holder_m.kind == "area":
            # "Northern Rare Earth is China's largest producer and holds about 70% of the national
            # mining quota": a country holds no share of its own total; its company does
            firm = view.nearest([m for m in hs if m.kind == "company" and m.end <= anchor], anchor, before_only=True)
            holder_m = firm or holder_m
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
        if holder_m is not None and holder_m.kind == "sector" and stage != "demand" and view.has("stage.demand"):
            # "les besoins en aimants …, portés pour 45 % par la mobilité électrique": an end use
            # holds a share of demand, not of magnet output
            stage = "demand"
        scope = importer or _scope(view, q, holder, stage)
        if (
            national
            and holder_m is not None
            and holder_m.entity.area
            and not view.cue_near(("global",), national.start(), q.span[1], before=0, after=40)
        ):
            scope = holder_m.entity.area  # "北方稀土的稀土矿产量占全国的一半以上": a share of China's output
        period = view.period_near(q.span[0], q.span[1])
        year = period.year if period and period.period else None
        forecast = _forecast(view, ctx, q, period)
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
    for f in facts:
        ctx.seen.add((_FACT, f.fields["holder"], f.fields["share_pct"], f.fields["stage"]))
    if facts:
        last = facts[-1].fields
        _remember(ctx, _STAGE_BEFORE, ctx.view_index, last["stage"])
        _remember(ctx, _LAST_SHARE, ctx.view_index, last["holder"], last["stage"], last["scope"], last["subject"])
    return facts


def _forecast(view: SentenceView, ctx: DocContext, q: Quantity, period) -> bool:
    """Whether the share is a forecast: a forecast cue in its clause (not "占全球比重约为6%，并计划扩大
    产能": the plan is the next clause's), a target period, or a year after the document's."""
    if period and period.target:
        return True
    year = period.year if period and period.period else None
    if year and ctx.doc_date and year > ctx.doc_date.year:
        return True
    return any(
        (0 <= q.span[0] - c.end <= 80 and not view.breaks(c.end, q.span[0]))
        or (
            0 <= c.start - q.span[1] <= 40
            and not view.breaks(q.span[1], c.start)
            and not _comma(view, q.span[1], c.start)
        )
        for c in view.cues_of("forecast")
    )


# "…, et elle assure 90 %", "and it refines almost 90%", "tandis qu'il": a pronoun subject of a coordinated clause
_PRONOUN_CLAUSE = re.compile(
    r"(?:\b(?:et|and|mais|but|while|whereas)|tandis qu'|alors qu'|[,;])\s+(?:elle|il|it|they|ils|elles)\s"
)
_BY_AGENT = re.compile(r"\s*(?:par|by|durch)\s+(?:la |le |les |l'|the |die |den )?")
_REST_CLAUSE = re.compile(
    r"[,，]\s*(?:the rest|others?\b|remaining|le reste|les autres|der rest|其余|其餘|其他|其它|剩余)"
)
_WITH_SHARE = re.compile(
    r"[,，]\s*(?:with|avec|mit)\s+(?:about|around|roughly|nearly|some|an estimated|environ|près de|rund|etwa)?\s*$"
)
_IMPORT_VERB = re.compile(
    r"\s*(?:(?:now|still|also|only|just|encore|aussi)\s+)?(?:imports?|imported|buys?|bought|sources?|sourced|"
    r"purchases?|purchased|importe|importent|importait|achète|achètent|achetait|en achète|en importe|"
    r"s'approvisionne|bezieht|bezog|importiert)\b"
)
_RECYCLING = re.compile(r"\b(?:recycling|recyclage|wiederverwertung)\b|回收|再生")
_BRACKET_FIGURE = re.compile(r"[(（]\s*$")
_BOUGHT = re.compile(r"\b(?:bought|buys|buy|purchased|achète|achètent|achetait|a acheté|ont acheté)\b")
# ", which is building its own magnet scheme,": a relative clause about the subject
_RELATIVE = re.compile(r"[,，]\s*(?:which|who|qui|lequel|laquelle|welche[rs]?)\b[^,，]*$")


def _later_clause(view: SentenceView, q: Quantity, c: Cue) -> bool:
    """Whether cue c stands in a clause after the one of share q ("…, quand le règlement …")."""
    return c.start > q.span[1] and _comma(view, q.span[1], c.start)


def _in_aside(view: SentenceView, c: Cue) -> bool:
    """A cue inside a relative-clause aside that closes before the sentence's first percent."""
    if not _RELATIVE.search(view.lower, max(0, c.start - 60), c.start):
        return False
    close = view.lower.find(",", c.end)
    return close != -1 and any(q.kind == "percent" and q.span[0] > close for q in view.quantities)


def _level(view: SentenceView, q: Quantity) -> bool:
    """A share that a move ends at ("約6割に低下した", "85%로 낮아질"), or "ne pèsent plus que 5 %":
    a level, although an up/down word stands next to it."""
    if _LEVEL_AFTER.match(view.lower, q.span[1]):
        return True
    start = q.span[0]
    if _LESS_HINT.search(view.lower, max(0, start - 14), start):
        less = _LESS_THAN.search(view.lower, max(0, start - 14), start)
        if less and not any(c.category in _MOVES and c.end <= less.start() <= c.end + 12 for c in view.cues):
            return True  # not "fell less than 1%"
    return bool(
        _LEVEL_HINT.search(view.lower, max(0, start - 24), start)
        and _LEVEL_BEFORE.search(view.lower, max(0, start - 24), start)
    )


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
    others = [
        m
        for m in view.mentions
        if m.kind in {"area", "body"} and area_of(m) not in {holder, "WORLD"} and not view.breaks(m.start, q.span[0])
    ]
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
_LAST_SHARE = "share.last"  # (sentence, holder, stage, scope, subject) of the last share found
_STAGE_RANK = {f"stage.{stage}": rank for rank, stage in enumerate(_STAGE_ORDER)}
_FACT = "share.fact"  # (holder, share, stage) of every share found in the document


def _view_stage(view: SentenceView | None) -> str | None:
    """The most specific stage a sentence names: what "China made 92% of it" or a chart row
    under "…稀土矿产量分布（单位：%）" is a share of."""
    if view is None:
        return None
    stage, rank = None, len(_STAGE_ORDER)
    for c in view.cues:
        r = _STAGE_RANK.get(c.category, rank)
        if r < rank:
            stage, rank = _STAGE_ORDER[r], r
    return stage


def _view_source(view: SentenceView | None) -> str | None:
    """The supplier an import sentence names ("5.420 Tonnen Permanentmagnete aus China eingeführt")."""
    if view is None or not view.has("import"):
        return None
    for m in view.mentions:
        if m.kind == "area" and _FROM_BEFORE.search(view.lower, max(0, m.start - 16), m.start):
            return area_of(m)
    return None


def _remember(ctx: DocContext, tag: str, *value: object) -> None:
    for key in [k for k in ctx.seen if k[:1] == (tag,)]:
        ctx.seen.discard(key)
    ctx.seen.add((tag, *value))


def _recall(ctx: DocContext, tag: str) -> tuple | None:
    return next((k[1:] for k in ctx.seen if k[:1] == (tag,)), None)


_MOVES = frozenset({"up", "down", "mom", "yoy", "qoq", "wow"})
# "down from roughly 90 percent in 2009", "从约六成", "contre 90,5 % un an plus tôt", "versus 63%
# a year earlier": the level a move started from, or the level compared with
_FROM_LEVEL = re.compile(
    r"(?:\bfrom|从|由|较[^，。,%]{0,10}的|\bcontre|\bversus|\bvs\.?|\bcompared (?:with|to)|\bgegenüber)\s*"
    r"(?:about|around|roughly|nearly|almost|some|environ|près de|rund|etwa|约|近)?\s*$"
)
_FROM_HINT = re.compile("from|从|由|较|contre|vers|vs|compared|gegen")  # a cheap look before _FROM_LEVEL
# "前年の64.8％から低下した": in Japanese the start of a move follows its number
_FROM_AFTER = re.compile(r"\s*(?:から|より)")


def _is_change(view: SentenceView, q: Quantity) -> bool:
    """`is_change`, less two levels: the start of a move ("down from roughly 90 percent"), and a
    share right after its share verb whose only move word is past a comma ("约占全球的9%，海外新增项目")."""
    if not is_change(view, q):
        return False
    if q.signed:
        return True
    start, end = q.span
    if _compared(view, q) or (view.lang == "ja" and _FROM_AFTER.match(view.lower, end)):
        return False
    after = []
    for c in view.cues:
        if c.category not in _MOVES:
            continue
        if c.start >= end:
            if c.start - end <= 24:
                after.append(c)
            continue
        if c.end > start or start - c.end > 50:
            continue
        inside = between = False
        for x in view.quantities:
            if x.span[0] <= c.start < x.span[1]:
                inside = True  # the sign of "(+3,9 %)"
                break
            if c.end <= x.span[0] and x.span[1] <= start:
                between = True
        # not "輸入は7.9％増の512トンで、うち中国産が…89.3％を占めた": that move is the tonnage's
        if not inside and not (between and _own_share_phrase(view, c.end, q)):
            return True
    if not _own_share_phrase(view, start - 30, q):
        return True
    # "比率は59.1％と前年同月の63.3％から…低下した": the move is the next number's
    return any(
        not _comma(view, end, c.start)
        and not _quantity_between(view, end, c.start)
        and not any(0 <= x.span[0] - c.end <= 3 for x in view.quantities)  # "前年同月の63.3％": the next one's
        for c in after
    )


def _compared(view: SentenceView, q: Quantity) -> bool:
    """A level that a share is compared with: "contre 90,5 %", "versus 63%", "up from 70%"."""
    start = q.span[0]
    return bool(
        _FROM_HINT.search(view.lower, max(0, start - 20), start)
        and _FROM_LEVEL.search(view.lower, max(0, start - 20), start)
    )


def _money_before(view: SentenceView, q: Quantity) -> bool:
    """Whether the amount a "of the total" share follows is money."""
    amount = next((x for x in reversed(view.quantities) if x.span[1] <= q.span[0] and x.kind != "percent"), None)
    return amount is not None and amount.kind == "money"


def _quantity_between(view: SentenceView, a: int, b: int) -> bool:
    return any(a <= x.span[0] and x.span[1] <= b for x in view.quantities)


def _own_share_phrase(view: SentenceView, a: int, q: Quantity) -> bool:
    """A share word of q's own between a and q, not past a comma or a move word ("约占全球的9%",
    "緬甸礦料約占大陸中重稀土原料進口的一半"), or right after it ("89.3%を占めた")."""
    for c in view.cues:
        if c.category != "share":
            continue
        if max(0, a) <= c.start and c.end <= q.span[0]:
            if q.span[0] - c.end <= 8 or (
                not _comma(view, c.end, q.span[0])
                and not _quantity_between(view, c.end, q.span[0])
                and not any(m.category in _MOVES and c.end <= m.start < q.span[0] for m in view.cues)
            ):
                return True
        elif 0 <= c.start - q.span[1] <= 2:
            return True
    return False


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


_STAKE_BEFORE = re.compile(
    r"(?:(?:\bacquir\w*|\bearn\w*(?:\s+up\s+to)?|\brachet\w*|\brachat|\bacquérir|\bacquiert|\berwirbt|\berwerben|\berwarb|\bübernimmt|"
    r"\bübernehmen|收购|受让|增持)\s*(?:(?:the|a|an|its|their|remaining|une|la|le|les|l'|des|die|den|weitere|"
    r"weiteren|restlichen|其)\s*)*"
    # "sells 90% of its output" may be a share of a market; "sold its 49%" is a stake
    r"|(?:\bsell\w*|\bsold|\bdivest\w*|\bcède|\bcéd\w+|\bverkauf\w*|出售|转让|轉讓|减持)\s*"
    r"(?:(?:the|its|their|remaining|sa|la|le|les|seine|ihre|die|den|restlichen|所持|其)\s*)+)$"
)
_EQUITY = re.compile(r"shareholder|actionnaire|股东|股東|aktionär|anteilseigner|株主|주주")
_OF_THE_AFTER = re.compile(r"\s*(?:of|de|du|d'|von|der)\s*(?:the\s+|la\s+|le\s+|l'|die\s+|der\s+)?")
_POSSESSIVE_AFTER = re.compile(r"(?:'s|’s|'|’)(?:\s|$)")
_COMPARED_AFTER = re.compile(r"\s*(?:above|below|higher than|lower than|more than|less than|au-dessus|en dessous)\b")
_STAKE_AFTER = re.compile(
    r"\s*(?:stake|interest in|equity|shareholding|holding in|de participation|du capital|des parts|"
    r"beteiligung|der anteile|股权|股份|的股权|的股份|持股)"
)


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
    if _STAKE_BEFORE.search(view.lower, max(0, start - 30), start) or _STAKE_AFTER.match(view.lower, end):
        return True  # "agreed to acquire the 49% of Mkango Polska", "a 20% stake": equity, not a market
    of = _OF_THE_AFTER.match(view.lower, end)
    if of and any(
        m.start == of.end() and m.kind == "company" and not _POSSESSIVE_AFTER.match(view.lower, m.end)
        for m in view.mentions
    ):
        return True  # "owns about 19.4% of Peak", "détient 19,4 % de Peak": a stake in a company
    if _COMPARED_AFTER.match(view.lower, end):
        return True  # "about 40% above the deposit average": a difference, not a share
    # an offtake: a share of one producer's output promised to a buyer
    output = _OF_OUTPUT.search(view.lower, max(0, start - 12), min(len(view.text), end + 30))
    if output is None:
        return False
    offtake = _OFFTAKE.search(view.lower, max(0, start - 60), min(len(view.text), end + 60))
    return bool(offtake and not view.breaks(min(offtake.start(), start), max(offtake.end(), end)))


_OF_BEFORE = re.compile(r"(?:\bof|\bof the|\bde|\bde la|\bdes|\bdu|\bder)\s*$")
_DEPENDENCE = re.compile(r"依存度|依赖度|依存|依赖|dependence|dependency|reliance|dépendance|abhängigkeit|의존도")
_SUPPLY_VERB = re.compile(
    r"\s*(?:supplying|supplied|supplies|providing|provided|fournissant|fournit|供应|供给|提供|"
    r"accounting for|accounted for|accounts for|making up|représentant|représente|占|佔)"
)
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
    lead = _COMPANY_SUBJECT.match(view.text, 0) if view.lang == "en" else None
    if (
        lead is not None
        and lead.end() <= anchor
        and not view.breaks(lead.end(), anchor)
        and not any(m.start >= lead.end() and m.end <= anchor for m in holders)
    ):
        return str(company[0])  # its nationality inside the phrase is no holder
    for c in view.cues_of("company_ref"):
        word = view.lower[c.start : c.end]
        if word in _PRONOUN_REFS or c.end > anchor:
            continue
        # "Le chimiste belge estime pouvoir couvrir 30 % de la demande": the subject of the
        # sentence, however far its verb
        subject = not view.text[: c.start].strip(' "«“')
        if anchor - c.end > 20 and not (subject and not view.breaks(c.end, anchor)):
            continue
        # the nationality of the company is no other holder: "le chimiste belge", "le groupe français"
        if any(c.end <= m.start < anchor and not _epithet(view, c, m) for m in holders):
            continue
        return str(company[0])
    return None


def _epithet(view: SentenceView, c: Cue, m: Mention) -> bool:
    """A nationality adjective right after a company word: "le chimiste belge", "le groupe minier
    australien"."""
    return (
        m.kind == "area"
        and view.text[m.start : m.end].islower()
        and _EPITHET_GAP.fullmatch(view.text, c.end, m.start) is not None
    )


_EPITHET_GAP = re.compile(r"(?:\s+[a-zàâçéèêëîïôûù-]+)?\s*")
# "The Australian miner expects to supply 10%": a company word with its nationality, as the subject
_COMPANY_SUBJECT = re.compile(
    r"\W*[Tt]he\s+(?:[A-Z][\w-]+\s+)?(?:company|firm|group|miner|producer|manufacturer|magnet maker|refiner|"
    r"recycler|chemicals group|chemical maker)\b"
)


# "according to USGS", "selon l'AIE", "据中国海关", "財務省の貿易統計によると": a source, no holder
_ACCORDING_BEFORE = re.compile(
    r"(?:according to|selon|d'après|laut|gemäß|据|根据|根據|"
    r"nach (?:schätzung|schätzungen|angaben|daten|berechnungen)(?: der| des| von)?|"
    r"(?:data|figures|estimates) (?:from|by)|(?:données|chiffres|estimations) (?:de|du|des))"
    r"\s*(?:the\s+|l'|la\s+|le\s+)?$"
)
_ACCORDING_AFTER = re.compile(r"\s*(?:によると|によれば|에\s?따르면|的数据|数据显示|statistics|data)")


def _cited(view: SentenceView, m: Mention) -> bool:
    return m.kind == "body" and bool(
        _ACCORDING_BEFORE.search(view.lower, max(0, m.start - 30), m.start) or _ACCORDING_AFTER.match(view.lower, m.end)
    )


def _bracketed(view: SentenceView, m: Mention, pos: int) -> bool:
    """Whether m stands in brackets that close before pos: an explanation of the name before
    them ("马来西亚（主要为莱纳斯关丹工厂）约占4%"), not the holder of the share at pos."""
    text = view.text
    opened = max(text.rfind("(", 0, m.start), text.rfind("（", 0, m.start))
    if opened < 0 or max(text.rfind(")", 0, m.start), text.rfind("）", 0, m.start)) > opened:
        return False
    closes = [i for i in (text.find(")", m.end, pos), text.find("）", m.end, pos)) if i >= 0]
    return bool(closes)


# "soit 83 % du total", "with China accounting for 87% of the total": a share of the quantity the
# sentence stated; "China made 92% of it", "La Chine n'en fournit que 44 %": of the last sentence's
_OF_TOTAL_AFTER = re.compile(r"\s*(?:of (?:the )?total|du total|de l'ensemble|des gesamten|der gesamten|of all of it)")
_OF_IT_AFTER = re.compile(r"\s*(?:(?:of|de)\s+(?:it|them|that|this|these|those|cela|ceux-ci|celles-ci)\b|davon\b)")
_OF_WHICH_BEFORE = re.compile(
    r"(?:\bdont|\bof which|\bdavon|其中|うち)\s*"
    r"(?:about|around|roughly|nearly|almost|some|over|more than|environ|près de|plus de|rund|etwa|约|近)?\s*$"
)
_EN_BEFORE = re.compile(r"(?:\bn'en|\ben)\s*$")  # "n'en fournit que 44 %", "en représente 30 %"


def _whole(view: SentenceView, q: Quantity) -> str | None:
    """ "sentence" when the share is of the total the sentence stated ("dont 49 %", "soit 68 % du
    total"), "previous" when of what the last sentence stated ("92% of it", "n'en … 44 %")."""
    start, end = q.span
    if _OF_IT_AFTER.match(view.lower, end):
        return "previous"
    if _OF_TOTAL_AFTER.match(view.lower, end) or _OF_WHICH_BEFORE.search(view.lower, max(0, start - 20), start):
        return "sentence"
    for c in view.cues_of("share"):
        if c.end <= start and start - c.end <= 25 and _EN_BEFORE.search(view.lower, max(0, c.start - 8), c.start):
            return "previous"
    return None


def _whole_stage(
    view: SentenceView, before: SentenceView | None, q: Quantity, stage: str | None, whole: str
) -> tuple[str | None, bool]:
    """The stage of the total a share is of: the most specific one the sentence named before the
    share ("la France a importé 1 940 tonnes d'aimants …, soit 83 % du total": imports), else the
    stage of the sentence before ("Global sintered NdFeB output reached … China made 92% of it")."""
    clause, earlier = set(), set()
    for c in view.cues:
        if c.category.startswith("stage.") and c.end <= q.span[0]:
            (earlier if view.breaks(c.end, q.span[0]) else clause).add(c.category[6:])
    if stage is not None:
        clause.add(stage)
    best = next((s for s in _STAGE_ORDER if s in clause and s != "production"), None)
    if best is not None and whole == "sentence":
        return best, False
    # "Global demand for NdFeB reached 240,000 t; EVs took 31% of it": the clause before
    earlier_stage = next((s for s in _STAGE_ORDER if s in earlier and s != "production"), None)
    if earlier_stage is not None:
        return earlier_stage, False
    told = _view_stage(before)
    if told not in {None, "production"}:
        return told, True
    return best or stage, False


# what stands between a share and the use it goes to: "38 % pour la mobilité électrique"
_FOR_USE = re.compile(
    r"\s*(?:(?:is|are|was|were|go|goes|went|going)\s+)?(?:pour|for|to|für|用于|用於|来自)\s*"
    r"(?:la |le |les |l'|the |die |den |das )?"
)
_TOGETHER = re.compile(
    r"\s*(?:[(（][^)）]*[)）]\s*)?(?:together|combined|between them|ensemble|zusammen|合计|合計|共计|共計|加起来)"
)
# "In 2010 it was 85%", "waren es noch gut 85 Prozent", "ce chiffre atteignait 97 %", "这一比例为85%"
_SAME_REF = re.compile(
    r"\b(?:it was|it stood at|that figure|this figure|the figure|that share|this share|the share was|"
    r"waren es|war es|sind es|lag er|lag sie|c'était|ce chiffre|cette part|cette proportion|elle était)\b|"
    r"这一比例|该比例|這一比例|該比例|这一比重|这一数字|この比率|その比率|同比率"
)
_DEMONSTRATIVE = re.compile(
    r"\W*(?:das|dies|this|that|which|cela|ceci|ce qui|soit|这|這|此|该|該)(?:\s|\b|(?=[\u4e00-\u9fff]))"
)


def _continued(view: SentenceView, ctx: DocContext, q: Quantity, hs: list[Mention]) -> dict | None:
    """A share in a sentence with no share word of its own, right after a sentence that gave one:
    the next holder of the list ("China accounted for 61% of mined supply. Myanmar followed with
    13%, the United States with 11%"), or the same share at another time ("… waren es noch gut 85
    Prozent")."""
    last = _recall(ctx, _LAST_SHARE)
    if not last or last[0] != ctx.view_index - 1 or view.hedged():
        return None
    if any(x.kind != "percent" for x in view.quantities):
        return None  # a list of shares has nothing else to measure
    _, holder, stage, scope, subject = last
    near = [
        m
        for m in hs
        if m.end <= q.span[0]
        and q.span[0] - m.end <= 25
        and not _comma(view, m.end, q.span[0])
        and not view.breaks(m.end, q.span[0])
        and m.kind in {"area", "company"}
    ]
    if near:
        holder = _holder_value(near[-1])
        if holder == last[1]:
            return None
    elif not _SAME_REF.search(view.lower):
        return None
    period = view.period_near(q.span[0], q.span[1])
    return {
        "holder": holder,
        "share_pct": num(q.value),
        "stage": stage,
        "scope": scope,
        "subject": subject,
        "year": period.year if period and period.period else None,
        "kind": "forecast" if period and period.target else "actual",
    }


_WEAK_FROM = frozenset({"de", "en", "in"})
_POSSESSIVE_SHARE = re.compile(r"(?:'s|’s|')\s+(?:[a-z-]+\s+){0,2}?share")
# "la part de la Chine dans les importations européennes", "the share of China in global output"
_SHARE_OF_BEFORE = re.compile(
    r"(?:(?:share|part)\s+(?:of|de|d'|du|des)|anteil(?:\s+(?:von|der|des))?)\s*(?:la\s+|le\s+|l'|the\s+)?$"
)
_IN_AFTER = re.compile(r"\s*(?:dans|in|im|am|an)\b")


def _possessor(view: SentenceView, m: Mention) -> bool:
    """Whether m owns the share word next to it: "China's share of EU imports", "la part de la
    Chine dans …"."""
    if _POSSESSIVE_SHARE.match(view.lower, m.end):
        return True
    return bool(
        _IN_AFTER.match(view.lower, m.end) and _SHARE_OF_BEFORE.search(view.lower, max(0, m.start - 16), m.start)
    )


_AHEAD_OF = re.compile(r"\b(?:ahead of|in front of|instead of|followed by)\s*$")
_REMAINDER = re.compile(
    r"(?:\bremaining|\bthe rest|\bothers?|\bautres|\ble reste|\brestant|\bübrigen|\brestlichen|"
    r"其余|其餘|其他|其它|その他)"
    r"\s*(?:about|around|roughly|nearly|some|environ|près de|rund|etwa|约|約)?\s*$"
)


def _holders_after(view: SentenceView, q: Quantity, hs: list[Mention]) -> list[Mention]:
    """Holders named after the share as its source ("90% of US imports came from China", "dont 49 %
    sont situées en Chine"), in the share's clause; a plain "de/en/in" only before any comma ("95 %
    des aimants consommés en Europe viennent de Chine": China), and after the source words."""
    strong: list[Mention] = []
    weak: list[Mention] = []
    for m in hs:
        if m.start <= q.span[1] or view.breaks(q.span[1], m.start):
            continue
        before = view.lower[max(0, m.start - 16) : m.start].rstrip()
        word = next((w for w in _HOLDER_AFTER if _ends_with_word(before, w)), None)
        if word is None or _IMPORTED_INTO.search(view.lower, max(0, m.start - 30), m.start):
            continue
        if word in _WEAK_FROM:
            if not _comma(view, q.span[1], m.start):
                weak.append(m)
        elif not any(x.kind == "percent" and q.span[1] <= x.span[0] < m.start for x in view.quantities) and not (
            _comma(view, q.span[1], m.start) and _REST_CLAUSE.search(view.lower, q.span[1], m.start)
        ):
            # not the source of a later share, nor of the rest ("日本约占5%，其余来自越南、美国等地")
            strong.append(m)
    return strong + weak


def _ends_with_word(text: str, word: str) -> bool:
    """ "…viennent de" ends with "de"; "…Lieferungen" does not end with the word "en"."""
    if not text.endswith(word):
        return False
    return word[0] > "\u3000" or len(text) == len(word) or not text[-len(word) - 1].isalnum()


_LIST_JOIN = re.compile(
    r"\s*(?:,|，|、|和|及|与|與|and|et|und|y)\s*(?:(?:and|et|und)\s+)?(?:(?:the|la|le|les|l'|die|der|den)\s*)?"
)


def _group(view: SentenceView, m: Mention, hs: list[Mention]) -> bool:
    """Whether m heads a list of holders that share one figure ("from Nigeria, Thailand, India and
    Russia")."""
    nxt = next((h for h in hs if h.start >= m.end), None)
    if nxt is None or not _LIST_JOIN.fullmatch(view.lower, m.end, nxt.start):
        return False
    # not "… from China, and Japan sources roughly 60% …": the next name opens a clause with its own share
    return not any(
        x.kind == "percent" and 0 <= x.span[0] - nxt.end <= 40 and not _comma(view, nxt.end, x.span[0])
        for x in view.quantities
    )


# the label of the remainder in a chart's row: "中国92%日本6%其他2%", "China 61% | Others 9%"
_ROW_LABEL = re.compile(
    r"[\s:：|,，;；、]*(?:其他|其它|其余|其餘|others?|other countries|rest of (?:the )?world|autres|reste du monde|"
    r"sonstige|übrige|その他)[\s:：]*",
    re.IGNORECASE,
)
_ROW_GAP = re.compile(r"[\s:：|,，;；、/]*")


def _chart_row(
    view: SentenceView,
    ctx: DocContext,
    before: SentenceView | None,
    percents: list[Quantity],
    holders: list[Mention],
) -> list[Fact] | None:
    """The data row of a chart under its caption: "图表1：2023年全球稀土矿产量分布（单位：%）" then
    "中国68.6%美国12.3%缅甸10.9%澳大利亚5.1%其他3.1%". Only holder and share pairs; the stage is
    the caption's; a share the text already gave is not given twice."""
    if len(percents) != len(view.quantities):
        return None
    stage = _view_stage(before)
    if stage is None:
        return None
    pairs: list[tuple[str, Quantity]] = []
    pos = 0
    for q in percents:
        m = next((h for h in reversed(holders) if pos <= h.start and h.end <= q.span[0]), None)
        if m is not None:
            if not (_ROW_GAP.fullmatch(view.text, pos, m.start) and _ROW_GAP.fullmatch(view.text, m.end, q.span[0])):
                return None
            pairs.append((_holder_value(m), q))
        elif _ROW_LABEL.fullmatch(view.text, pos, q.span[0]):
            pairs.append(("ROW", q))
        else:
            return None
        pos = q.span[1]
    if view.text[pos:].strip(" \t。.|,，;；、"):
        return None
    stated = ctx.recent_period(1)  # the caption's year: "2023年全球稀土矿产量分布"
    year = stated.year if stated and stated.period else None
    facts = []
    for holder, q in pairs:
        key = (_FACT, holder, num(q.value), stage)
        if key in ctx.seen or (_FACT, holder, num(q.value), "production") in ctx.seen:
            continue  # "美国产量4.3万吨，占比12.3%" above it: "production" says less than the caption
        ctx.seen.add(key)
        fields = {
            "holder": holder,
            "share_pct": num(q.value),
            "stage": stage,
            "scope": "global",
            "subject": "re-magnets" if stage == "magnet" else "rare-earths",
            "year": year,
            "kind": "actual",
        }
        facts.append(make_fact("market_share", view, fields, "share.chart-row", 0.6, raw=q.raw))
    return facts
