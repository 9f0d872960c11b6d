"""Policy events: who did what to which exports, and when.

"China's Ministry of Commerce on April 4 placed seven rare earths under export licensing",
"India asked IREL to halt rare earth exports to Japan", "MOFCOM clarified that motor rotors
are not subject to the controls". The actor is the country or body that acts (named before
the action); targets are areas named after "to/on/against"; hypotheticals are skipped.
"""

from __future__ import annotations

import re

from reewatch.extractors.base import DocContext, SentenceView, make_fact
from reewatch.extractors.resolve import area_of, areas, elements_and_products
from reewatch.lexicon import Lexicon
from reewatch.models import Fact

# When a sentence names several actions, the first listed here is the one it reports.
_PRIORITY = (
    "technology_ban",
    "price_floor",
    "relaxation",
    "export_halt",
    "export_quota",
    "export_control",
    "import_tariff",
    "stockpile",
    "investigation",
    "legislation",
)
_TARGET_AFTER = re.compile(r"\s?(?:向け|への|に対し|に対する|に|에\s?대한|에\s?대해|로의|으로의|에)")
_IMPORT_TARGET_PREPS = (
    "from",
    "on",
    "against",
    "originating in",
    "originaires de",
    "en provenance de",
    "de",
    "自",
    "来自",
    "对",
    "aus",
    "gegen",
    "から",
    "에서",
    "sur",
)
_TARGET_PREPS = (
    "bound for",
    "destined for",
    "to",
    "on",
    "against",
    "toward",
    "towards",
    "targeting",
    "for",
    "vers",
    "à",
    "au",
    "aux",
    "contre",
    "对",
    "向",
    "针对",
    "nach",
    "gegen",
    "に対し",
    "向け",
    "에",
    "에 대한",
)


_TECHNOLOGY = re.compile(r"technolog|技术|技術|기술|Technologie", re.IGNORECASE)
_EXPORT_NEXT = re.compile(
    r"\s*(?:its\s+|the\s+|all\s+|their\s+)?(?:exports?|shipments?|出口|輸出|수출|exportations?|Ausfuhr)", re.IGNORECASE
)


def _action(view: SentenceView) -> tuple[str, int] | None:
    found = {c.category.split(".", 1)[1]: c for c in reversed(view.cues_with_prefix("policy."))}
    # "suspended the controls": a halt word acting on a control word is an easing;
    # "suspended exports": it is a halt.
    halt = found.get("export_halt")
    halt_names_exports = halt is not None and (
        _EXPORT_NEXT.match(view.text, halt.end) or _EXPORT_NEXT.search(view.text[halt.start : halt.end])
    )
    if (
        halt
        and "relaxation" not in found
        and not halt_names_exports
        and any(
            c.category == "control_objects"
            and (c.start >= halt.end or (view.lang in {"ja", "ko"} and 0 <= halt.start - c.end <= 30))
            for c in view.cues
        )
    ):  # Japanese and Korean put the object first: 輸出規制…の実施を停止, 수출 통제…시행을 유예
        found["relaxation"] = halt
    # A ban or licence on exporting technology is a technology ban.
    control = halt or found.get("export_control")
    if (
        control
        and "technology_ban" not in found
        and _TECHNOLOGY.search(view.text, max(0, control.start - 80), control.end + 60)
    ):
        found["technology_ban"] = control
    # A law named in the sentence ("《两用物项出口管制条例》") is the legislation, not a control.
    law = _NAMED_LAW.search(view.text)
    if law and "legislation" in found and "relaxation" not in found:
        for action in ("export_control", "export_halt"):
            c = found.get(action)
            if c and law.start() <= c.start < law.end():
                del found[action]
    for action in _PRIORITY:
        if action in found:
            if action == "export_halt" and not (view.has("export") or "出口" in view.text or "禁运" in view.text):
                continue
            if action == "export_quota" and not (view.has("export") or "出口" in view.text):
                continue
            # the last mention of the action: "Export Restrictions Escalate: China's export permits ..."
            last = max(
                (c for c in view.cues if c.category == f"policy.{action}"), key=lambda c: c.start, default=found[action]
            )
            return action, last.start
    return None


_NAMED_LAW = re.compile(
    r"\b[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*\s+(?:Act|Law|Regulation|Directive)\b|《[^》]+》|«[^»]+»"
    r"|\b(?:CRMA|NDAA|IRA)\b"
)


def _named_or_dated(view: SentenceView) -> bool:
    return bool(_NAMED_LAW.search(view.text)) or any(p.kind in {"day", "month"} and p.period for p in view.periods)


def extract_policy(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    hit = _action(view)
    if hit is None or view.hedged():
        return []
    action, at = hit
    if action == "export_control" and not (_named_or_dated(view) or view.has("enact") or view.of_kind("body")):
        return []  # "buyers follow the pace of Chinese export licences": background, not an event
    if action == "legislation" and not _named_or_dated(view):
        return []  # "stringent environmental regulations", "has passed legislation": no event to date
    actors, targets = [], []
    import_measure = action in {"import_tariff", "investigation"}
    preps = _IMPORT_TARGET_PREPS if import_measure else _TARGET_PREPS
    for m in areas(view):
        code = area_of(m)
        if code in {None, "WORLD"}:
            continue
        before = view.lower[max(0, m.start - 18) : m.start].rstrip()
        for art in ("the", "l'", "la", "le", "les"):
            if before.endswith(" " + art) or (before.endswith(art) and art.endswith("'")):
                before = before[: -len(art)].rstrip()
        marked_after = view.lang in {"ja", "ko"} and _TARGET_AFTER.match(view.text, m.end)
        if (
            any(before.endswith(p) for p in preps)
            or marked_after
            or (import_measure and m.kind == "area" and m.start > at - 5)
        ):
            targets.append(code)
        elif m.start < at or m.kind == "body":
            actors.append((m, code))
    if not actors and ctx.last_policy is not None and ctx.view_index - ctx.last_policy[0] <= 2:
        actors = [(ctx.last_policy[1], ctx.last_policy[2])]  # "商务部…表示。今年4月4日起实施的…出口管制仍然有效"
        at = len(view.text)
    if not actors:
        return []
    before_action = [a for a in actors if a[0].start < at]
    # The actor nearest before the action: "The US Chamber of Commerce said China relaxed ..." -
    # unless the sentence opens with a country and a ministry of another country follows it
    # ("美国总统...要求商务部...启动232调查": a bare "commerce ministry" is read as MOFCOM).
    actor_m, actor = before_action[-1] if before_action else actors[0]
    if before_action and actor_m.kind == "body" and before_action[0][0].kind == "area" and before_action[0][1] != actor:
        actor_m, actor = before_action[0]
    # "EU firms' licence applications": an area used as an adjective of firms is not an actor.
    tail = view.lower[actor_m.end : actor_m.end + 12]
    if tail.lstrip(" '’s").startswith(("firms", "companies", "buyers", "importers", "manufacturers")):
        return []
    targets = [t for t in dict.fromkeys(targets) if t != actor]
    items = elements_and_products(view)
    date = next((p.period for p in view.periods if p.period and p.kind == "day"), None) or next(
        (p.period for p in view.periods if p.period and p.kind == "month"), None
    )  # "10월 발표한 … 7일 밝혔다": the day it was announced, not the month it refers to
    fields = {"actor": actor, "action": action, "targets": targets, "items": items, "date": date}
    fact = make_fact("policy_event", view, fields, f"policy.{action}", 0.7)
    ctx.last_policy = (ctx.view_index, actor_m, actor)
    # One event per (actor, action, targets) and date: a headline and the paragraph that dates
    # it are one event, and the dated sentence is the better source for it.
    key = ("policy", actor, action, tuple(targets))
    earlier = ctx.events.get(key, [])
    same = next((e for e in earlier if e.fields["date"] in (None, date) or date is None), None)
    if same is not None:
        if (date and not same.fields["date"]) or len(items) > len(same.fields["items"] or []):
            same.sentence, same.span, same.fields, same.lang = fact.sentence, fact.span, fact.fields, fact.lang
        return []
    ctx.events.setdefault(key, []).append(fact)
    return [fact]
