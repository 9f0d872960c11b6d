"""Corporate events: first production, plant openings, agreements, acquisitions, offtakes,
expansions and closures, with the company, its counterparties and the place.

"USA Rare Earth ... successfully producing its first batch of magnets at Stillwater,
Oklahoma", "...has signed agreements with Australian Strategic Materials and American
Resources Corporation". The company is the first one named (or the one the document is
about, for "the company"); the others named after the action are its counterparties.
"""

from __future__ import annotations

from reewatch.extract.base import DocContext, SentenceView, make_fact
from reewatch.lexicon import Lexicon
from reewatch.models import Fact

_PRIORITY = ("offtake", "acquisition", "first_production", "plant_opening", "expansion", "closure", "agreement")


def extract_corporate(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    found = {c.category.split(".", 1)[1]: c for c in reversed(view.cues_with_prefix("corporate."))}
    if not found or view.hedged():
        return []
    companies = view.of_kind("company")
    action = next(a for a in _PRIORITY if a in found)
    cue = found[action]
    subject = next((m for m in companies if m.start < cue.start), None)
    if subject is None and view.cues_of("company_ref") and ctx.last_company is not None:
        subject = ctx.last_company
    if subject is None:
        return []
    counterparties = [m.entity.name for m in companies if m.start > cue.start and m.id != subject.id]
    counterparties = list(dict.fromkeys(counterparties))
    places = view.of_kind("place")
    place = ", ".join(dict.fromkeys(m.entity.name for m in places)) if places else None
    date = next((p.period for p in view.periods if p.period and p.kind in {"day", "month"}), None)
    key = ("corporate", subject.id, action)
    ctx.last_company = subject
    if key in ctx.seen:
        return []
    ctx.seen.add(key)
    fields = {"company": subject.entity.name, "action": action, "counterparties": counterparties,
              "place": place, "date": date}
    return [make_fact("corporate_event", view, fields, f"corporate.{action}", 0.7)]
