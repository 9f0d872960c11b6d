"""Policy events: who did what to which exports, and when.

"China's Ministry of Commerce on April 4 placed seven rare earths under export licensing",
"India asked IREL to halt rare earth exports to Japan", "MOFCOM clarified that motor rotors
are not subject to the controls". The actor is the country or body that acts (named before
the action); targets are areas named after "to/on/against"; hypotheticals are skipped.
"""

from __future__ import annotations

import re

from reewatch.extractors.base import GENERIC_PRODUCTS, DocContext, SentenceView, make_fact
from reewatch.extractors.resolve import area_of, areas, elements_and_products
from reewatch.lexicon import Cue, Entity, Lexicon, Mention
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
# "日本の軍事ユーザー向け", "일본 방산업체에 대한": the target marker after a noun the area qualifies.
_TARGET_AFTER_NOUN = re.compile(
    r"(?:の(?:(?!輸出)[^、。，,の]){1,12}?(?:向け|への|に対し|に対する))"
    r"|(?:의?\s?(?:(?!수출)[^,.。]){1,12}?(?:에\s?대한|에\s?대해|대상으로|을 대상|를 대상))"
)  # not "中国の輸出に対する規制", "중국의 수출에 대한 통제": the area's own exports
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
    "made in",
    "produced in",
    "mined in",
    "refined in",
    "processed in",
    "manufactured in",
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


# Words that ease a market as often as a measure ("magnet exports ease"): a relaxation only
# where the sentence names a measure for them to act on.
_WEAK_EASING = frozenset({"ease", "eased", "eases", "easing"})
# "scrap the quotas" eases; "magnet scrap" is a material.
_SCRAP_VERB = re.compile(
    r"\s+(?:the|its|their|a|an|all|plans?|rules?|tariffs?|duties|controls?|restrictions?|quotas?|curbs?|limits?)\b",
    re.IGNORECASE,
)
_PASSIVE_GAP = re.compile(
    r"\s+(?:(?:are|were|was|is|have been|has been|had been|will be|sont|ont été|a été|seront|werden|wurden|wird)\s+)?",
    re.IGNORECASE,
)
# Verbs that stop anything (production, a plant, talks): a halt of exports only with an export
# word as their object or subject.
_BARE_HALT_VERBS = frozenset(
    {
        "suspend",
        "suspended",
        "suspending",
        "cease",
        "ceased",
        "ceasing",
        "suspendent",
        "cesser",
        "cessent",
        "arrêter",
        "arrête",
        "interrompu",
        "interrompre",
        "interrompt",
        "interdit",
        "interdire",
        "interdisent",
        "stopped",
        "stop",
        "halted",
        "halt",
        "paused",
        "pause",
        "froze",
        "suspendu",
        "suspendre",
        "cessé",
        "cesse",
        "coupé",
        "couper",
        "gestoppt",
        "stoppt",
        "stoppte",
        "ausgesetzt",
        "verbietet",
        "verbieten",
        "verbot",
        "eingestellt",
        "einzustellen",
    }
)
# An area right before a control names whose control it is: "Chinese export controls".
_OWNER_GAP = re.compile(r"\s*(?:'s|’s)?\s*$")


# What may stand between a bare halt verb and the exports it stops: "suspend its 13-year-old
# arrangement to export", "exports of rare earth concentrate to China were halted" - a few words,
# no clause of their own ("suspend its plant expansion while it reviews export plans").
_HALT_GAP = re.compile(r"(?:[\w\s'’-]|(?<=\d)\.)*")  # "seit dem 1. Januar die Ausfuhr"
_CLAUSE_WORD = re.compile(
    r"\b(?:while|as|because|after|before|when|and|but|since|until|pending|amid|despite|pendant|alors|"
    r"tandis|après|avant|mais|et|während|nachdem|bevor|und|aber)\b",
    re.IGNORECASE,
)


def _halts_export(view: SentenceView, halt: Cue, export: Cue) -> bool:
    """Whether an export word is the object (or subject) of a bare halt verb next to it."""
    if export.start < halt.end and halt.start < export.end:
        return True
    gap = view.text[halt.end : export.start] if export.start >= halt.end else view.text[export.end : halt.start]
    return len(gap) <= 48 and bool(_HALT_GAP.fullmatch(gap)) and not _CLAUSE_WORD.search(gap)


def _policy_cues(view: SentenceView) -> tuple[list[Cue], set[int]]:
    """The sentence's policy cues, less the ones its wording shows are no measure here, and the
    starts of the area mentions that only own a background measure."""
    cues = view.cues_with_prefix("policy.")
    measures = [c for c in view.cues if c.category == "control_objects" or c.category.startswith("policy.")]
    out = []
    for c in cues:
        word = view.lower[c.start : c.end]
        if c.category == "policy.relaxation":
            if word in _WEAK_EASING and not any(
                m.category != "policy.relaxation" and not view.breaks(m.start, c.start) for m in measures
            ):
                continue  # "China's October magnet exports ease"
            if word == "scrap" and not _SCRAP_VERB.match(view.text, c.end):
                continue  # "restrictions on exports of permanent-magnet scrap"
        if (
            c.category == "policy.export_halt"
            and word in _BARE_HALT_VERBS
            and not any(
                o.category == "control_objects"
                and (o.start >= c.end or (o.end <= c.start and _PASSIVE_GAP.fullmatch(view.text, o.end, c.start)))
                for o in view.cues
            )  # "suspended the controls", "controls are paused": an easing, decided below
            and not any(e.category == "export" and _halts_export(view, c, e) for e in view.cues)
        ):
            continue  # a bare "suspended"/"halted"/"interdit" halts exports only next to an export word
        out.append(c)
    # "presented a plan to build joint stockpiles ... against Chinese export controls": a control
    # owned by another country than the sentence's first actor is the background of another measure.
    owners = [m for m in view.mentions if m.kind in {"area", "body"} and area_of(m)]
    first = area_of(owners[0]) if owners else None
    kept, background = [], set()
    for c in out:
        if c.category in {"policy.export_control", "policy.export_halt"}:
            owner = next(
                (m for m in owners if m.end <= c.start and _OWNER_GAP.fullmatch(view.text[m.end : c.start])), None
            )
            others = {o.category for o in out if o.category != c.category}
            if owner is not None and first is not None and area_of(owner) != first and others:
                background.add(owner.start)
                continue
        kept.append(c)
    return kept, background


def _action(view: SentenceView) -> tuple[str, int, set[int]] | None:
    cues, background = _policy_cues(view)
    found = {c.category.split(".", 1)[1]: c for c in reversed(cues)}
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
            and (
                c.start >= halt.end
                or (view.lang in {"ja", "ko"} and 0 <= halt.start - c.end <= 30)
                or (c.end <= halt.start and _PASSIVE_GAP.fullmatch(view.text, c.end, halt.start))
            )
            for c in view.cues
        )
    ):  # Japanese and Korean put the object first: 輸出規制…の実施を停止, 수출 통제…시행을 유예;
        # so does the passive: "after controls are paused"
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
                (c for c in cues if c.category == f"policy.{action}"), key=lambda c: c.start, default=found[action]
            )
            return action, last.start, background
    return None


_DIRECTED_BEFORE = re.compile(
    r"(?:\b(?:ordered|directed|instructed|asked|told|tasked|requested)(?:\s+the)?|"
    r"(?:demandé|ordonné|enjoint)\s+(?:à\s+)?(?:la\s+|le\s+|l'|au\s+)?|"
    r"\b(?:beauftragte?|wies|forderte)(?:\s+(?:das|die|den))?|"
    r"要求|责成|責成|指示|命令|授权|授權)\s*$",
    re.IGNORECASE,
)
_DIRECTED_AFTER = re.compile(r"\s?(?:に対し|に|에게|에)\s?(?:指示|要請|命じ|지시|요청)")
_OWN_GOVERNMENT = {"ja": ("政府", "JP"), "ko": ("정부", "KR")}
_LICENCE = re.compile(r"licen[cs]|许可|許可|Lizenz|허가", re.IGNORECASE)
_NAMED_LAW = re.compile(
    r"\b[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*\s+(?:Act|Law|Regulation|Directive)\b|《[^》]+》|«[^»]+»"
    r"|\b(?:CRMA|NDAA|IRA)\b"
    # 経済安全保障推進法に基づく, 공급망안정화법이: a law's name ends in 法/법 (not 方法, 방법, 불법)
    r"|[\u4e00-\u9fff\u30a0-\u30ff・]{3,}(?<![方手製用違])法(?=[にはがのを」』（(、。]|$)"
    r"|[\uac00-\ud7a3]{2,}(?<![방불해문용편위수])법(?=[(（\s이은을에의과와]|$)"
)


def _named_or_dated(view: SentenceView) -> bool:
    return bool(_NAMED_LAW.search(view.text)) or any(p.kind in {"day", "month"} and p.period for p in view.periods)


_SINCE_OPENING = re.compile(r"\s*(?:ever since|since|depuis|seit(?:dem)?|自从|自|从)(?![a-z])", re.IGNORECASE)


def _since_background(view: SentenceView, at: int) -> bool:
    """ "Since the controls took effect in April, prices have tripled", "Seit Einführung der
    chinesischen Exportkontrollen ... verdreifacht", "自出口管制实施以来，…价格…": a measure named
    in an opening "since" phrase dates a market move; the sentence reports the move, not the measure."""
    opening = _SINCE_OPENING.match(view.lower)
    if not opening:
        return False
    if opening.group().strip() in {"自", "从"} and "以来" not in view.text:
        return False  # 自2026年1月1日起: "from January 1", the date the measure takes effect
    return any(
        (c.category in {"price", "up", "down"} or c.category.startswith("multiple.")) and c.start > at
        for c in view.cues
    )


def _hedged(view: SentenceView) -> bool:
    """A hedge cue that is one: not the month in "on May 23", not 未 in 未经许可/未经加工
    ("without a licence", "unprocessed")."""
    for c in view.cues:
        if c.category != "hedge":
            continue
        if any(p.span[0] <= c.start < p.span[1] for p in view.periods):
            continue
        if view.text.startswith(("未经", "未經", "未加工"), c.start):
            continue
        return True
    return False


def _year_of_event(view: SentenceView, ctx: DocContext, at: int) -> str | None:
    """A bare year that dates the measure: "En 2010, Pékin avait réduit ses quotas" - named before
    the action, not a deadline or a comparison, not after the document's year ("2030 benchmarks",
    "from 2027" are what the measure aims at)."""
    for p in view.periods:
        if p.kind != "year" or not p.period or p.baseline or p.target or p.span[0] >= at:
            continue
        if not any(ch.isdigit() for ch in view.text[p.span[0] : p.span[1]]):
            continue  # "this year's budget", 今年: the year of the report, not of a measure
        if view.text.startswith(("第", " No", "-"), p.span[1]):
            continue  # 公告2025年第18号, "Announcement 2025 No. 18": a document number
        if ctx.doc_date is not None and int(p.period[:4]) > ctx.doc_date.year:
            continue
        return p.period
    return None


def _same_event(fields: dict, date: str | None, items: list[str]) -> bool:
    """Whether an earlier event of the same actor, action and targets is this one: its date agrees
    (or one of them is unstated, or one is the other at a finer precision) and it does not name
    other elements only ("adds holmium, erbium ..." after "the controls of April on samarium ...")."""
    known = fields["date"]
    if known and date and not (known.startswith(date) or date.startswith(known)):
        return False
    mine = {i for i in items if i not in GENERIC_PRODUCTS}
    theirs = {i for i in fields["items"] or [] if i not in GENERIC_PRODUCTS}
    return not (mine and theirs and not mine & theirs)


def extract_policy(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    hit = _action(view)
    if hit is None or _hedged(view):
        return []
    action, at, background = hit
    if _since_background(view, at):
        return []
    if action == "export_control" and not (_named_or_dated(view) or view.has("enact") or view.of_kind("body")):
        return []  # "buyers follow the pace of Chinese export licences": background, not an event
    if action == "legislation" and not _named_or_dated(view):
        return []  # "stringent environmental regulations", "has passed legislation": no event to date
    actors, targets = [], []
    import_measure = action in {"import_tariff", "investigation"}
    preps = _IMPORT_TARGET_PREPS if import_measure else _TARGET_PREPS
    for m in areas(view):
        code = area_of(m)
        if code in {None, "WORLD"} or m.start in background:
            continue
        before = view.lower[max(0, m.start - 18) : m.start].rstrip()
        for art in ("the", "l'", "la", "le", "les"):
            if before.endswith(" " + art) or (before.endswith(art) and art.endswith("'")):
                before = before[: -len(art)].rstrip()
        marked_after = view.lang in {"ja", "ko"} and (
            _TARGET_AFTER.match(view.text, m.end) or _TARGET_AFTER_NOUN.match(view.text, m.end)
        )
        if (
            any(before.endswith(p) for p in preps)
            or marked_after
            or (import_measure and m.kind == "area" and m.start > at - 5)
        ):
            targets.append(code)
        elif m.start < at or m.kind == "body":
            actors.append((m, code))
    if not actors and view.lang in _OWN_GOVERNMENT:
        # "政府は…閣議決定した", "정부 지원": a bare "the government" in Japanese or Korean news is the
        # writer's own (a foreign one is named: 中国政府, 미국 정부, and is an actor already).
        word, code = _OWN_GOVERNMENT[view.lang]
        i = view.text.find(word)
        if i >= 0 and not any(m.end == i for m in view.mentions):  # not 中国政府, 미국 정부
            actors = [(Mention(Entity("area", code, lexicon.area_name(code), code), i, i + len(word), word), code)]
    if not actors and action == "relaxation" and (view.has("policy.export_control") or _LICENCE.search(view.text)):
        # "金力永磁…已取得…出口许可证", "Ningbo Yunsheng has obtained general licences": the state that
        # licenses a company's exports is the company's own.
        licensee = next((m for m in view.of_kind("company") if m.entity.area and m.start < at), None)
        if licensee is not None:
            actors = [(licensee, licensee.entity.area)]
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
    # "Trump ordered the Commerce Department to open a probe", "要求商务部…启动232调查": a body told
    # to act by a head of state or government works for that government.
    if actor_m.kind == "body" and (
        _DIRECTED_BEFORE.search(view.text, max(0, actor_m.start - 16), actor_m.start)
        or _DIRECTED_AFTER.match(view.text, actor_m.end)
    ):
        boss = next((a for a in reversed(before_action) if a[0].end <= actor_m.start), None)
        if boss is not None and boss[1] != actor:
            actor_m, actor = boss
    # "EU firms' licence applications": an area used as an adjective of firms is not an actor.
    tail = view.lower[actor_m.end : actor_m.end + 12]
    if tail.lstrip(" '’s").startswith(("firms", "companies", "buyers", "importers", "manufacturers")):
        return []
    targets = [t for t in dict.fromkeys(targets) if t != actor]
    items = elements_and_products(view)
    date = (
        next((p.period for p in view.periods if p.period and p.kind == "day"), None)
        or next((p.period for p in view.periods if p.period and p.kind == "month"), None)
        or _year_of_event(view, ctx, at)
    )  # "10월 발표한 … 7일 밝혔다": the day it was announced, not the month it refers to
    fields = {"actor": actor, "action": action, "targets": targets, "items": items, "date": date}
    fact = make_fact("policy_event", view, fields, f"policy.{action}", 0.7)
    ctx.last_policy = (ctx.view_index, actor_m, actor)
    # One event per (actor, action, targets) and date: a headline and the paragraph that dates
    # it are one event, and the dated sentence is the better source for it.
    key = ("policy", actor, action, tuple(targets))
    earlier = ctx.events.get(key, [])
    same = next((e for e in earlier if _same_event(e.fields, date, items)), None)
    if same is not None:
        if len(date or "") > len(same.fields["date"] or "") or len(items) > len(same.fields["items"] or []):
            same.sentence, same.span, same.fields, same.lang = fact.sentence, fact.span, fact.fields, fact.lang
        return []
    ctx.events.setdefault(key, []).append(fact)
    return [fact]
