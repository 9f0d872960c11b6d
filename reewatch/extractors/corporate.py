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
    r"(?:with|of|from|de|avec|du|mit)\s+(?:(?:the|l'|la|le|les|its|[a-zé]+)\s+){0,3}"
    r"((?:[A-Z][\w&.-]+)(?:\s+(?:[A-Z][\w&.-]+|and|&|et))*)"
)
_CJK_ORG = re.compile(r"(?:与|和|同|收购|并购)([\u4e00-\u9fff]{2,20}?(?:有限责任公司|股份有限公司|有限公司|公司|集团))")
_CJK_PARTNER = re.compile(r"(?:与|和|同)([\u4e00-\u9fffA-Za-z]{2,14}?)(?:签订|签署|达成|签约|共同|合作)")
_AND = re.compile(r"\s+(?:and|et|und|&)\s+|,\s*")


def _other_companies(view: SentenceView, subject_id: str, after: int) -> list[str]:
    """Counterparties: companies and government bodies named after the subject, and names the
    lexicon does not know ("with Hyundai and Kia", "avec l'équipementier Schaeffler", "与舍弗勒签订")."""
    names = [
        m.entity.name if m.kind == "company" else m.surface
        for m in view.mentions
        if m.kind in {"company", "body"} and m.id != subject_id and m.start >= after
    ]
    known = [(m.start, m.end) for m in view.mentions]
    for pattern in (_LATIN_ORG, _CJK_ORG, _CJK_PARTNER):
        for m in pattern.finditer(view.text, after):
            offset = m.start(1)
            for part in _AND.split(m.group(1)):
                start = view.text.find(part, offset)
                offset = start + len(part)
                if not part or any(s <= start < e or start <= s < start + len(part) for s, e in known):
                    # a known name inside: keep only what follows a country prefix (德国舍弗勒)
                    area = next((k for k in view.mentions if k.start == start and k.kind == "area"), None)
                    if area is None or area.end >= start + len(part):
                        continue
                    part = part[area.end - start :]
                part = part.strip(" .,")
                if len(part) > 1 and part.lower() not in _NOT_NAMES and part[:1] not in "0123456789":
                    names.append(part)
    return list(dict.fromkeys(names))


_NOT_NAMES = {"the", "its", "their", "several", "companies", "china", "chine"}


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
