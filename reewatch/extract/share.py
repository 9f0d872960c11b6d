"""Market shares: who holds what percentage of which stage, in which market.

"China still dominates 90% of global rare earth magnet output and 80% of processing
capacity", "中国稀土冶炼分离产能占全球的90%以上", "over 90% of US rare earth imports came
from China", "a self-sufficiency rate above 20%". A percentage is a share when it is a
level (not "up 21%"), the sentence has a share cue or names a stage next to it, and a
holder (country, company or sector) is named.
"""

from __future__ import annotations

from reewatch.extract.base import DocContext, SentenceView, is_change, make_fact, num
from reewatch.extract.resolve import area_of, best_product, name_of
from reewatch.lexicon import Lexicon, Mention
from reewatch.models import Fact

# More specific stages win over "production" when several are named next to a share.
_STAGE_ORDER = ("self_sufficiency", "imports", "exports", "reserves", "demand", "magnet", "metal",
                "separation", "refining", "processing", "mining", "production")
_HOLDER_REACH = 65  # characters between a holder and its share: further away, it is the subject of something else
_NOT_HOLDER_NEXT = ("firms", "companies", "buyers", "importers", "manufacturers", "makers", "users", "企业", "entreprises")
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
    for found in (after, before):
        for stage in _STAGE_ORDER:
            if stage in found:
                return stage
    return None


def extract_shares(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    percents = [q for q in view.quantities if q.kind == "percent" and not is_change(view, q)]
    if not percents or view.has("policy.legislation", "target"):
        return []
    share_cue = view.has("share") or view.has("stage.self_sufficiency")
    holders = [m for m in view.mentions if m.kind in {"area", "body", "company", "sector"}
               and (area_of(m) != "WORLD" if m.kind == "area" else True)]
    holders = [m for m in holders if not view.lower[m.end : m.end + 14].lstrip(" '’s").startswith(_NOT_HOLDER_NEXT)]
    facts: list[Fact] = []
    previous: dict | None = None
    for q in percents:
        if not 0 < q.value <= 100:
            continue
        stage = _stage(view, q.span[0], q.span[1])
        if stage is None and previous is not None:
            # "over 90% of US imports came from China, up from 70% in 2013": same stage, holder, scope
            fields = {**previous, "share_pct": num(q.value)}
            period = view.period_near(q.span[0], q.span[1])
            fields["year"] = period.year if period and period.period else None
            facts.append(make_fact("market_share", view, fields, "share.same-as-before", 0.6, raw=q.raw))
            continue
        if stage is None and not view.has("share"):
            continue
        if not share_cue and stage is None:
            continue
        if stage is None:
            stage = "production"
        # The holder: "came from China" names it after; otherwise the nearest one before.
        after_from = [m for m in holders if m.start > q.span[1] and any(
            view.lower[max(0, m.start - 12) : m.start].rstrip().endswith(w) for w in _SOURCE_HOLDER)]
        holder_m = after_from[0] if after_from else view.nearest(
            [m for m in holders if m.end <= q.span[0]], q.span[0], before_only=True, limit=_HOLDER_REACH)
        if holder_m is None:
            holder_m = view.nearest([m for m in holders if m.start >= q.span[1]], q.span[1])
        if holder_m is None:
            continue
        holder = _holder_value(holder_m)
        # Scope: "global" words near the number, else another area the sentence names (whose
        # imports or demand are meant), else global.
        scope = None
        if view.cue_near(("global",), q.span[0], q.span[1], before=30, after=45):
            scope = "global"
        else:
            others = [m for m in view.mentions if m.kind in {"area", "body"} and area_of(m) not in {holder, "WORLD"}]
            if stage in {"imports", "demand", "self_sufficiency", "exports"} and others:
                scope = area_of(others[0])
            elif stage == "self_sufficiency":
                scope = holder
            else:
                scope = "global"
        if stage == "self_sufficiency" and holder_m.kind == "area":
            scope = holder
        period = view.period_near(q.span[0], q.span[1])
        year = period.year if period and period.period else None
        forecast = view.cue_near(("forecast",), q.span[0], q.span[1], before=80, after=40) is not None
        if period and period.target:
            forecast = True
        if year and ctx.doc_date and year > ctx.doc_date.year:
            forecast = True
        subject = best_product(view, lexicon, q.span[0], q.span[1]) or "rare-earths"
        if stage == "magnet" and subject in {"rare-earths"}:
            subject = "re-magnets"
        fields = {
            "holder": holder, "share_pct": num(q.value), "stage": stage, "scope": scope,
            "subject": subject, "year": year, "kind": "forecast" if forecast else "actual",
        }
        if q.low is not None:
            fields.update(share_pct_low=num(q.low), share_pct_high=num(q.high))
        facts.append(make_fact("market_share", view, fields, "share.percent-of-stage", 0.75, raw=q.raw))
        previous = fields
    return facts
