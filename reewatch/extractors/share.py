"""Market shares: who holds what percentage of which stage, in which market.

"China still dominates 90% of global rare earth magnet output and 80% of processing
capacity", "中国稀土冶炼分离产能占全球的90%以上", "over 90% of US rare earth imports came
from China", "a self-sufficiency rate above 20%". A percentage is a share when it is a
level (not "up 21%"), the sentence has a share cue or names a stage next to it, and a
holder (country, company or sector) is named.
"""

from __future__ import annotations

import re

from reewatch.extractors.base import DocContext, SentenceView, is_change, make_fact, non_re_material_near, num
from reewatch.extractors.resolve import area_of, best_product, name_of
from reewatch.lexicon import Lexicon, Mention
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
        if end <= c.start <= limit and not view.breaks(end, c.start):
            after.add(stage)
        elif c.end <= start and start - c.end <= 40 and not view.breaks(c.end, start):
            before.add(stage)
    # "China's share of global refining is 77%": a stage named before, in the "share of" phrase
    for found in (after, before):
        for stage in _STAGE_ORDER:
            if stage in found:
                return stage
    return None


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
_PRONOUN_START = re.compile(r"^\W*(?:its|their|it|elle|il|son|sa|ses|leur|其|它|该国|ihr|seine)\b", re.IGNORECASE)
_STAGE_OF_PRODUCT = {
    "re-metals": "metal",
    "prnd-metal": "metal",
    "re-magnets": "magnet",
    "ndfeb-magnet": "magnet",
    "smco-magnet": "magnet",
    "re-oxides": "separation",
}


def _share_verb_before(view: SentenceView, pos: int) -> int | None:
    """Where "占 / accounts for / représente" stands before a share: its holder precedes it."""
    verbs = [
        c
        for c in view.cues
        if c.category == "share"
        and c.end <= pos
        and pos - c.end <= 30
        and view.lower[c.start : c.end] not in {"% of", "of global", "% de", "% der", "% des"}
    ]
    return verbs[-1].start if verbs else None


def extract_shares(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    percents = [q for q in view.quantities if q.kind == "percent" and not is_change(view, q)]
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
    if not percents or view.has("policy.legislation", "target"):
        return []
    share_cue = view.has("share") or view.has("stage.self_sufficiency")
    facts: list[Fact] = []
    previous: dict | None = None
    previous_end = 0
    for q in percents:
        if not 0 < q.value <= 100 or non_re_material_near(view, q.span[0], q.span[1], window=40):
            continue
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
        after_from = [
            m
            for m in holders
            if m.start > q.span[1]
            and any(view.lower[max(0, m.start - 16) : m.start].rstrip().endswith(w) for w in _HOLDER_AFTER)
        ]
        verb_at = _share_verb_before(view, q.span[0])
        anchor = verb_at if verb_at is not None else q.span[0]
        holder_m = None
        if after_from and (stage in {"imports", "magnet", "production"} or verb_at is None):
            holder_m = after_from[0]
            importer_named = any(m.kind == "area" and m.end <= q.span[0] for m in holders)
            says_import = view.has("stage.imports", "import") or "sources" in view.lower or "bezieht" in view.lower
            if says_import and (stage in {"magnet", "production"} or importer_named):
                stage = "imports"
        if holder_m is None:
            holder_m = view.nearest(
                [m for m in holders if m.end <= anchor], anchor, before_only=True, limit=_HOLDER_REACH
            )
        if holder_m is None and _PRONOUN_START.search(view.text) and ctx.last_holder is not None:
            holder_m = ctx.last_holder
        if holder_m is None:
            holder_m = view.nearest([m for m in holders if m.start >= q.span[1]], q.span[1])
        if holder_m is None:
            continue
        holder = _holder_value(holder_m)
        if defaulted and view.lower[holder_m.end : holder_m.end + 16].lstrip(" '’s").startswith(_FIRMS):
            continue  # "25% of EU firms' licence applications": a share of firms, not of a market
        scope = _scope(view, q, holder, stage)
        period = view.period_near(q.span[0], q.span[1])
        year = period.year if period and period.period else None
        forecast = view.cue_near(("forecast",), q.span[0], q.span[1], before=80, after=40) is not None
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
