"""Funding: grants, loans, awards and investments, with funder, recipient and amount.

"the DOE launched a programme awarding $38 million to six tech companies", "美国政府计划拨款
13亿美元用于稀土开采和加工", "the DoD signed a contract worth $120 million with Lynas". The
funder is named before the funding word, the recipient after "to/with/for" or as the
place whose investment it is.
"""

from __future__ import annotations

import re

from reewatch.extract.base import DocContext, SentenceView, make_fact, num
from reewatch.extract.resolve import area_of
from reewatch.lexicon import Lexicon, Mention
from reewatch.models import Fact

_RAISED_TO = re.compile(r"(?:increased|raised|lifted|expanded|boosted|brought|topped up)\s+(?:\w+\s+)?to"
                        r"(?:\s+(?:about|approximately|around|nearly|some))?\s*$|(?:提高|增加|上调|增)至$|porté à$")
_RECIPIENT_PREPS = ("to", "with", "for", "in", "into", "à", "au", "aux", "pour", "dans", "向", "给", "为", "对")


def _name(m: Mention) -> str:
    if m.kind == "area":
        return m.id
    return m.entity.name


def extract_funding(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    cues = view.cues_of("funding")
    if not cues or view.hedged():
        return []
    amounts = [q for q in view.quantities if (q.kind == "money" and not q.per_unit)
               or (q.kind == "number" and q.value >= 1_000_000)]
    facts: list[Fact] = []
    for q in amounts:
        cue = view.cue_near(("funding",), q.span[0], q.span[1], before=60, after=40)
        if cue is None and facts and _RAISED_TO.search(view.lower[max(0, q.span[0] - 30) : q.span[0]]):
            # "... a contract worth $120 million, later increased to $258 million": same parties
            facts.append(make_fact("funding", view, {**facts[-1].fields, "amount": num(q.value),
                                                      "currency": q.currency}, "funding.raised-to", 0.6, raw=q.raw))
            continue
        if cue is None or view.cue_near(("funding_exclude", "revenue", "net_profit", "market_value", "price"),
                                        q.span[0], q.span[1], before=25, after=12):
            continue
        parties = [m for m in view.mentions if m.kind in {"company", "body", "area", "place"} and area_of(m) != "WORLD"]
        funder_m = recipient_m = None
        for m in parties:
            before = view.lower[max(0, m.start - 10) : m.start].rstrip()
            if m.start > min(cue.start, q.span[0]) and any(before.endswith(p) for p in _RECIPIENT_PREPS):
                recipient_m = recipient_m or m
            elif m.end <= cue.start and funder_m is None:
                funder_m = m
            elif m.start > q.span[1] and recipient_m is None and m.kind == "company":
                recipient_m = m
        recipient_text = None
        if recipient_m is None:
            tail = view.text[q.span[1] : q.span[1] + 60]
            if tail.lower().lstrip().startswith("to "):
                recipient_text = tail.lstrip()[3:].split(" to ")[0].split(",")[0].strip()[:50] or None
        if funder_m is not None and funder_m.kind == "place" and recipient_m is None:
            funder_m, recipient_m = None, funder_m  # "Baotou's investment": the place receives it
        if funder_m is None and recipient_m is None and recipient_text is None:
            continue
        date = next((p.period for p in view.periods if p.period and p.kind in {"day", "month", "year"}), None)
        fields = {
            "funder": _name(funder_m) if funder_m else None,
            "recipient": _name(recipient_m) if recipient_m else recipient_text,
            "amount": num(q.value), "currency": q.currency, "purpose": None, "date": date,
        }
        if q.low is not None:
            fields.update(amount_low=num(q.low), amount_high=num(q.high))
        facts.append(make_fact("funding", view, fields, "funding.amount-near-cue", 0.65, raw=q.raw))
    return facts
