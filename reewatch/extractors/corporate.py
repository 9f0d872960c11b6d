"""Corporate events: first production, plant openings, agreements, acquisitions, offtakes,
expansions and closures, with the company, its counterparties and the place.

"USA Rare Earth ... successfully producing its first batch of magnets at Stillwater,
Oklahoma", "...has signed agreements with Australian Strategic Materials and American
Resources Corporation". The company is the first one named (or the one the document is
about, for "the company"); the others named after the action are its counterparties.
"""

from __future__ import annotations

import re

from reewatch.extractors.base import DocContext, SentenceView, make_fact
from reewatch.lexicon import Lexicon
from reewatch.models import Fact

_PRIORITY = ("offtake", "acquisition", "first_production", "expansion", "plant_opening", "closure", "agreement")
_PLANNED = ("first_production", "plant_opening")
# A company the lexicon does not know, named after "with", "of", 与, 收购:
# "Base Resources", "湖南稀土新材料有限责任公司".
_LATIN_ORG = re.compile(
    r"(?:with|of|from|de|avec|du|mit)\s+(?:the\s+)?((?:[A-Z][\w&.-]+)(?:\s+(?:[A-Z][\w&.-]+|and|&))*)"
)
_CJK_ORG = re.compile(r"(?:与|和|同|收购|并购)([\u4e00-\u9fff]{2,20}?(?:有限责任公司|股份有限公司|有限公司|公司|集团))")


def _other_companies(view: SentenceView, subject_id: str, after: int) -> list[str]:
    names = [m.entity.name for m in view.of_kind("company") if m.id != subject_id and m.start >= after]
    known_spans = [(m.start, m.end) for m in view.mentions]
    for pattern in (_LATIN_ORG, _CJK_ORG):
        for m in pattern.finditer(view.text, after):
            start = m.start(1)
            if any(s <= start < e for s, e in known_spans):
                continue
            name = m.group(1).strip(" .,")
            if len(name) > 3 and not name.lower().startswith(("the ", "its ")):
                names.append(name)
    return list(dict.fromkeys(names))


def extract_corporate(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    found = {c.category.split(".", 1)[1]: c for c in reversed(view.cues_with_prefix("corporate."))}
    if not found or view.hedged():
        return []
    companies = view.of_kind("company")
    action = next(a for a in _PRIORITY if a in found)
    cue = found[action]
    if action in _PLANNED and view.cue_near(("forecast",), cue.start, cue.end, before=25, after=25):
        return []  # "production expected to commence in 2026" has not happened
    subject = next((m for m in companies if m.start < cue.start), None)
    if subject is None and view.cues_of("company_ref") and ctx.last_company is not None:
        subject = ctx.last_company
    if subject is None:
        return []
    counterparties = _other_companies(view, subject.id, subject.end if subject.end <= cue.start else 0)
    places = view.of_kind("place")
    place = ", ".join(dict.fromkeys(m.entity.name for m in places)) if places else None
    date = next((p.period for p in view.periods if p.period and p.kind in {"day", "month", "year"}), None)
    key = ("corporate", subject.id, action)
    ctx.last_company = subject
    if key in ctx.seen:
        return []
    ctx.seen.add(key)
    fields = {
        "company": subject.entity.name,
        "action": action,
        "counterparties": counterparties,
        "place": place,
        "date": date,
    }
    return [make_fact("corporate_event", view, fields, f"corporate.{action}", 0.7)]
