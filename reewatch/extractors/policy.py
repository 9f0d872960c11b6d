"""Policy events: who did what to which exports, and when.

"China's Ministry of Commerce on April 4 placed seven rare earths under export licensing",
"India asked IREL to halt rare earth exports to Japan", "MOFCOM clarified that motor rotors
are not subject to the controls". The actor is the country or body that acts (named before
the action); targets are areas named after "to/on/against"; hypotheticals are skipped.
A sentence may report two measures, each with its own date ("MOFCOM announced controls on
holmium on Oct 9, and on Nov 7 suspended them"): it is read clause by clause (`_parts`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise

from reewatch.extractors.base import GENERIC_PRODUCTS, DocContext, SentenceView, make_fact
from reewatch.extractors.resolve import area_of, areas
from reewatch.lexicon import Cue, Entity, Lexicon, Mention
from reewatch.models import Fact
from reewatch.normalise.dates import PeriodMention

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
    "à",
    "aux",
    "on",
    "against",
    "originating in",
    "originaires de",
    "en provenance de",
    "de",
    "自",
    "来自",
    "对",
    "對",
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
    "對",
    "向",
    "针对",
    "針對",
    "nach",
    "gegen",
    "に対し",
    "向け",
    "에",
    "에 대한",
)


_TECHNOLOGY = re.compile(r"technolog|techniques?\b|Techniken|技术|技術|기술|Technologie", re.IGNORECASE)
# "suspended exports" halts; "suspended the export control measures" acts on a control.
_EXPORT_NEXT = re.compile(
    r"\s*(?:its\s+|the\s+|all\s+|their\s+)?(?:exports?|shipments?|出口|輸出|수출|exportations?|Ausfuhr)"
    r"(?!\s*(?:controls?|restrictions?|curbs?|licen[cs]|measures?|管制|许可|規制|통제))",
    re.IGNORECASE,
)


# Words that ease a market as often as a measure ("magnet exports ease"): a relaxation only
# where the sentence names a measure for them to act on.
_WEAK_EASING = frozenset({"ease", "eased", "eases", "easing", "loosen", "loosened", "loosening"})
# Words that lift or restore anything ("lifting capacity to 1,500 tons", "deliveries resumed"):
# a relaxation only where the sentence names a measure or exports for them to act on.
_WEAK_LIFTING = frozenset(
    {
        "lift",
        "lifted",
        "lifting",
        "resume",
        "resumed",
        "resumption",
        "resuming",
        "restored",
        "reprise",
        "repris",
        "reprend",
        "levée",
        "levé",
        "levées",
        "lève",
        "恢复",
        "恢復",
    }
)
# "clarified", "a précisé" report what a ministry said: a relaxation only where what it said does
# not impose a control ("a précisé que le samarium ... étaient désormais soumis à un régime de
# licences" is a control; "clarified that rotors fall outside the scope of its controls" eases).
_CLARIFYING = frozenset({"clarified", "clarification", "clarifications", "précisé", "précisions", "澄清"})
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
        "suspendue",
        "suspendus",
        "suspendues",
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
        "proscrit",
        "proscrire",
        "proscrivent",
    }
)
# "announced controls on ... and on Nov 7 suspended them", "puis les a suspendues": a halt verb
# acting on the controls named before it.
_PRONOUN_AFTER = re.compile(r"\s+(?:them|those)\b", re.IGNORECASE)
_PRONOUN_BEFORE = re.compile(r"\b(?:les|la|l['’])\s*(?:a|ont|avait|avaient|aura|auront)\s+$", re.IGNORECASE)
_HANGS_ON = re.compile(r"\s+(?:à|aux|au)\b", re.IGNORECASE)
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


def _pronoun_object(view: SentenceView, halt: Cue) -> bool:
    return bool(
        _PRONOUN_AFTER.match(view.text, halt.end)
        or _PRONOUN_BEFORE.search(view.text, max(0, halt.start - 14), halt.start)
    )


def _halts_export(view: SentenceView, halt: Cue, export: Cue) -> bool:
    """Whether an export word is the object (or subject) of a bare halt verb next to it."""
    if export.start < halt.end and halt.start < export.end:
        return True
    gap = view.text[halt.end : export.start] if export.start >= halt.end else view.text[export.end : halt.start]
    # German puts the verb last, after the objects ("die Lieferungen nach Japan im Streit um eine
    # Inselgruppe vorübergehend stoppte"); an incidental phrase may stand between commas ("interdit
    # en outre, avec effet immédiat, le transfert à l'étranger").
    reach = 72 if view.lang == "de" and export.end <= halt.start else 48
    if gap.count(",") % 2:
        return False  # "suspended production, exports fell": a clause of its own
    return len(gap) <= reach and bool(_HALT_GAP.fullmatch(gap.replace(",", " "))) and not _CLAUSE_WORD.search(gap)


# Licence words that name an export licence only where the sentence is about exports or enacts
# a measure: "brauchen Exporteure ... eine Genehmigung", "Les licences imposées en avril 2025".
_WEAK_LICENCE = frozenset("""licence licences license licenses genehmigung genehmigungen lizenz lizenzen""".split())
_GRANTING = frozenset({"issued", "issue", "issues", "granted", "approved", "signed"})
_REQUIRED = re.compile(  # on the lower-cased sentence: no IGNORECASE, which is slow here
    r"brauch|benötig|müssen|\bneeds?\b|\bneeded|requir|must obtain|doivent obtenir|doit obtenir|obligatoire|必须|需要"
)


def _licence_for_export(view: SentenceView) -> bool:
    """Whether a bare licence word names a licensing requirement: imposed, in force (since a
    date) or required ("brauchen Exporteure ... eine Genehmigung"); not "as licences speed up"."""
    enacted = any(
        c.category == "enact" and view.lower[c.start : c.end] not in _GRANTING for c in view.cues
    )  # "licences were issued faster" grants licences, imposes none
    return bool(enacted or _since_dated(view) or _IN_FORCE_LOWER.search(view.lower) or _REQUIRED.search(view.lower))


def _since_dated(view: SentenceView) -> bool:
    return any(_SINCE_BEFORE.search(view.lower, max(0, p.span[0] - 10), p.span[0]) for p in view.periods)


# A German participle or infinitive at the end of its clause, with its object before it:
# "einen Teil der Beschränkungen für ein Jahr ausgesetzt."
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?\"“”]|$|(?:hat|hatte|haben|hatten|wird|wurde|werden|worden|sei|ist|war)\b)")


def _verb_final(view: SentenceView, obj: Cue, verb: Cue) -> bool:
    """Whether `verb` closes a German clause whose object `obj` stands before it."""
    if view.lang != "de" or not 0 <= verb.start - obj.end <= 45:
        return False
    between = view.text[obj.end : verb.start]
    return "," not in between and not view.breaks(obj.end, verb.start) and bool(_CLAUSE_END.match(view.text, verb.end))


def _policy_cues(
    view: SentenceView, named_control: bool, allowed: frozenset[tuple[int, str]] | None = None
) -> tuple[list[Cue], set[int]]:
    """The sentence's policy cues, less the ones its wording shows are no measure here, and the
    starts of the area mentions that only own a background measure."""
    names = [m for m in view.mentions if m.kind in {"body", "company"}]
    # 美国地质调查局 (USGS), 国务院关税税则委员会: a policy word inside an agency's name is part of
    # the name (the National Defense Stockpile, though, is the stockpile).
    cues = [
        c
        for c in view.cues_with_prefix("policy.")
        if (c.category == "policy.stockpile" or not any(m.start <= c.start and c.end <= m.end for m in names))
        and (allowed is None or (c.start, c.category) in allowed)  # a part keeps what the sentence kept
    ]
    measures = [c for c in view.cues if c.category == "control_objects" or c.category.startswith("policy.")]
    out = []
    licensing: bool | None = None  # whether a bare licence word names a requirement (asked once)
    for c in cues:
        word = view.lower[c.start : c.end]
        if c.category == "policy.relaxation" and any(
            o.category.startswith("policy.")
            and o.category != "policy.relaxation"
            and o.start <= c.start
            and c.end <= o.end
            and o.end - o.start > c.end - c.start
            for o in cues
        ):
            continue  # "nicht genehmigt", 輸出許可制: the approval word inside a denial or a licensing regime
        if word in _WEAK_LICENCE:
            if licensing is None:
                licensing = _licence_for_export(view)
            if not licensing:
                continue  # "the mine's operating licence", "eine Genehmigung für den Tagebau"
        if c.category == "policy.relaxation":
            if word in _WEAK_EASING and not any(
                m.category != "policy.relaxation" and not view.breaks(m.start, c.start) for m in measures
            ):
                continue  # "China's October magnet exports ease"
            if word in _WEAK_LIFTING and not any(
                m.category in {"control_objects", "export"}
                or (m.category.startswith("policy.") and m.category != "policy.relaxation")
                for m in view.cues
                if not view.breaks(m.start, c.start)
            ):
                continue  # "lifting capacity to 1,500 tons a year"
            if word == "scrap" and not _SCRAP_VERB.match(view.text, c.end):
                continue  # "restrictions on exports of permanent-magnet scrap"
            if word in _CLARIFYING and _imposes_after(view, cues, c):
                continue  # "a précisé que ... étaient désormais soumis à un régime de licences"
        if c.category == "policy.export_halt" and word.startswith("suspendu") and _HANGS_ON.match(view.text, c.end):
            continue  # "l'Europe reste suspendue aux livraisons chinoises": hangs on, not halted
        if (
            c.category == "policy.export_halt"
            and word in _BARE_HALT_VERBS
            and not any(
                o.category == "control_objects"
                and (
                    o.start >= c.end
                    or (o.end <= c.start and _PASSIVE_GAP.fullmatch(view.text, o.end, c.start))
                    or _verb_final(view, o, c)
                )
                for o in view.cues
            )  # "suspended the controls", "controls are paused": an easing, decided below
            and not (named_control and _pronoun_object(view, c))
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


def _imposes_after(view: SentenceView, cues: list[Cue], clarifying: Cue) -> bool:
    """Whether what follows a clarifying word imposes a control: a control, halt or quota cue
    after it with an enacting word ("soumis à", "require") after it too, and no other easing."""
    if any(c.category == "policy.relaxation" and view.lower[c.start : c.end] not in _CLARIFYING for c in cues):
        return False
    return any(
        c.category in {"policy.export_control", "policy.export_halt", "policy.export_quota"}
        and c.start > clarifying.end
        for c in cues
    ) and any(e.category == "enact" and e.start > clarifying.end for e in view.cues)


def _action(
    view: SentenceView, named_control: bool | None = None, allowed: frozenset[tuple[int, str]] | None = None
) -> tuple[str, int, int, set[int]] | None:
    """The action a sentence reports, where its last and first cue stand, and the starts of the
    area mentions that only own a background measure."""
    if named_control is None:
        named_control = view.has("policy.export_control")
    cues, background = _policy_cues(view, named_control, allowed)
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
        and (
            (named_control and _pronoun_object(view, halt))
            or any(
                c.category == "control_objects"
                and (
                    c.start >= halt.end
                    or (view.lang in {"ja", "ko"} and 0 <= halt.start - c.end <= 30)
                    or _verb_final(view, c, halt)
                    or (c.end <= halt.start and _PASSIVE_GAP.fullmatch(view.text, c.end, halt.start))
                )
                for c in view.cues
            )
        )
    ):  # Japanese and Korean put the object first: 輸出規制…の実施を停止, 수출 통제…시행을 유예;
        # so does the passive: "after controls are paused"
        found["relaxation"] = halt
    # A ban or licence on exporting technology is a technology ban.
    control = halt or found.get("export_control")
    if (
        control
        and "technology_ban" not in found
        and "relaxation" not in found  # "기술 수출통제를 … 유예했다": the easing of a technology control
        and _TECHNOLOGY.search(view.text, max(0, control.start - 80), control.end + 90)
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
            first = found[action].start
            if action == "relaxation" and halt is not None and "relaxation" in found:
                first = min(first, halt.start)  # "suspended ... curbs announced on Oct. 9, after ... a truce"
            return action, last.start, first, background
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


# Laws whose name says whose they are: "Le règlement ... (CRMA), en vigueur depuis mai 2024",
# "Der Critical Raw Materials Act der EU sieht vor".
_LAW_AREAS = (
    (
        re.compile(
            r"\bCRMA\b|Critical Raw Materials Act|matières premières critiques|kritischen? Rohstoffe|关键原材料法",
            re.IGNORECASE,
        ),
        "EU",
    ),
    (re.compile(r"Inflation Reduction Act|Defense Production Act|\bNDAA\b"), "US"),
)
# A law named as the name of something else: "Defense Production Act (DPA) Title III awards",
# "Critical Raw Materials Act impact assessment (2023)" - a programme or a document, no event.
_LAW_AS_MODIFIER = re.compile(
    r"\s*(?:\([A-Z]{2,6}\)\s*)?(?:Title\s+[IVX]+\s+)?(?:awards?|grants?|funding|funds?|loans?|programmes?|programs?"
    r"|projects?|impact assessment|assessment|report|office|tax credits?|credits?|consultation)\b",
    re.IGNORECASE,
)
# A production quota (mining, smelting and separation) is a mandate, not an export quota.
_PRODUCTION_QUOTA = re.compile(r"quota|指标|配额|Quote", re.IGNORECASE)
# What puts a measure in force or keeps it there, for a sentence that names no actor of its own.
_IN_FORCE = re.compile(
    r"remains? in (?:place|force|effect)|remained in (?:place|force)|entered into force|took effect|takes effect"
    r"|came into (?:force|effect)|en vigueur|in Kraft|仍然有效|继续有效|生效|起实施|起施行",
    re.IGNORECASE,
)
_IN_FORCE_LOWER = re.compile(_IN_FORCE.pattern.lower())  # the same, for the lower-cased sentence
# "shipments to the United States recovered strongly after Beijing paused ...": a date before
# a subordinate clause dates the main clause, not the measure in it.
_SUBORDINATE_BEFORE = re.compile(
    r"\b(?:after|as|when|following|since|once|because|après que|après|lorsque|quand|depuis que|nachdem|als|weil)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "suspended ... until November 10, 2026", "jusqu'au 10 novembre 2026", "暂停实施至2026年11月10日":
# when a measure ends, not when it was taken.
_UNTIL_BEFORE = re.compile(
    r"(?:\buntil|\btill|\bthrough|jusqu['’](?:au|à|en)|至|直至|\bbis(?:\s+(?:zum|zur|Ende))?)\s*$", re.IGNORECASE
)
# "suspended the curbs announced on Oct. 9", "les mesures annoncées le 9 octobre": the date of
# the measure being eased, not of the easing.
_OBJECT_DATED_BEFORE = re.compile(
    r"(?:announced|imposed|introduced|unveiled|rolled out|adopted|annoncée?s?|imposée?s?|instaurée?s?|introduite?s?"
    r"|décidée?s?|angekündigten?|verhängten?)\s+(?:on|in|le|en|du|au|am|im)?\s*$",
    re.IGNORECASE,
)
_OBJECT_DATED_AFTER = re.compile(
    r"\s*(?:(?:公告|宣布|发布|出台|实施)的|(?:에\s?)?(?:발표|시행|도입|발효)(?:한|된|했던)\s|(?:に)?(?:発表|導入|発動|実施)(?:した|された))"
)  # "10月9日公告的", "10월 9일 발표한", "10月9日に発表した": the date of the measure eased
# An area that names the firms a measure is aimed at: "16 entités américaines", "US defense
# companies", "28家美国实体".
_FIRMS_AFTER = re.compile(
    r"(?:\s*(?:'s|’s))?\s+(?:defen[cs]e\s+|military\s+|chip\s+|tech\s+)?(?:companies|firms|entities|entity|contractors"
    r"|end[- ]users)\b|(?:军工|军事)?(?:实体|企业|公司|用户)",
    re.IGNORECASE,
)
_FIRMS_BEFORE = re.compile(
    r"(?:entités|entreprises|sociétés|firmes|utilisateurs)\s+$"
    # "militärische Endnutzer in den USA", "military end users in the US": firms in an area
    r"|(?:end[- ]?users?|users|companies|firms|entities|contractors|endnutzer|endabnehmer|unternehmen|firmen"
    r"|utilisateurs finaux|entreprises|entités)\s+(?:in|im|based in|in den|in der|en|aux|au)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Who reports the measure, after it: "..., hieß es in Peking", "..., officials said in Beijing".
_SOURCE_BEFORE = re.compile(
    r"(?:hieß es (?:in|aus)|verlautete aus|said in|announced in|a-t-on (?:appris|indiqué) à|indique-t-on à)\s*$",
    re.IGNORECASE,
)
# Denials: "würden grundsätzlich nicht genehmigt", "will not be approved", 不予许可 - a decision.
_DENIAL = re.compile(r"nicht|keine|\bnot\b|\bpas\b|不予", re.IGNORECASE)
# "seit April 2025", "since April", "depuis avril 2025": a measure in force since a date.
_SINCE_BEFORE = re.compile(r"(?:\bsince|\bseit|\bdepuis|自)\s*(?:dem\s+|le\s+|l['’]\s*)?$", re.IGNORECASE)
# "importés des Etats-Unis", "imported from India": the origin of imports acts on nothing.
_IMPORTED_FROM = re.compile(
    r"(?:import\w*|importé\w*|进口)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:from|des|de|du|d['’]|en provenance de|aus)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "应依法向商务部申请出口许可", "apply to MOFCOM for a licence": the body applied to grants the
# licences, it is not what the measure is aimed at.
_APPLIED_TO = re.compile(r"\s*(?:申请|提出申请|提交|报送|備案|备案|に申請|for (?:a |an )?(?:licen[cs]e|permit))")
# The agent of a passive: "les contrôles instaurés par Pékin", "controls imposed by China".
_AGENT_BEFORE = re.compile(r"(?:\bpar|\bby|\bvon|由)$", re.IGNORECASE)
# "restrictions on exports of magnet scrap from the EU": the area exports leave from.
_FROM_BEFORE = re.compile(r"(?:\bfrom|\bout of|\bdepuis|\baus)\s*(?:the\s+)?$", re.IGNORECASE)
# "une enquête de la Commission européenne": a body after "de" is whose measure it is, not its target.
_GENITIVE_BEFORE = re.compile(r"(?:\bde|\bdu|\bdes|\bd['’])$")
# An area adjective of the goods or prices it qualifies: "European NdPr oxide benchmarks",
# "Chinese and European prices".
_QUALIFIES_GOODS = re.compile(
    r"(?:\s+(?:and|or|et|ou)\s+[A-Z]\w+)?\s+(?:[\w-]+\s+){0,3}?(?:benchmarks?|prices?|quotes?|quotations?|indices|index|market)\b"
)
# A control named as why a price moved: "supported by slow export licence approvals", "amid tight
# export controls", "soutenus par les restrictions à l'exportation" (a few words before the cue).
_CAUSE_BEFORE = re.compile(
    r"(?:(?:supported|underpinned|buoyed|driven|pressured|weighed(?: down)?|boosted|propped up) by"
    r"|\bamid|on the back of|due to|because of|owing to"
    r"|soutenus? par|portés? par|tirés? par|sur fond d[e']|en raison d[ue'])"
    r"(?:\s+[\w'’-]+){0,4}\s*$"
)
_DEFINITE_BEFORE = re.compile(r"(?:\ble|\bla|\bdu|\bde la|\bau)\s+(?:règlement|directive|loi)\s+$")
_NATIONAL = re.compile(r"\bnational|\bnationale|国家|국가")
_EXPORT_ACTIONS = frozenset({"export_control", "export_halt", "export_quota", "technology_ban"})
# "La Chine, qui assure près de 70% de l'extraction mondiale de terres rares ..., avait déjà
# interdit ...": what a clause about the actor names is not what the measure covers.
_ABOUT_ACTOR = re.compile(
    r"\s*[,，]\s*(?:which|who|qui|dont|die|der|das|the world's|the (?:largest|biggest|top|main|dominant))\b"
    r"[^,，;；]*[,，]",
    re.IGNORECASE,
)
# Other minerals a measure may cover, by their symbols.
_MATERIAL_SYMBOLS = {
    **dict.fromkeys(("gallium", "镓", "ガリウム", "갈륨"), "Ga"),
    **dict.fromkeys(("germanium", "锗", "ゲルマニウム", "게르마늄"), "Ge"),
    **dict.fromkeys(("antimony", "antimoine", "antimon", "锑", "アンチモン", "안티모니"), "Sb"),
    **dict.fromkeys(("tungsten", "tungstène", "wolfram", "钨", "タングステン", "텅스텐"), "W"),
    **dict.fromkeys(("indium", "铟"), "In"),
    **dict.fromkeys(("bismuth", "铋"), "Bi"),
    **dict.fromkeys(("molybdenum", "molybdène", "钼"), "Mo"),
}
_MATERIAL_CODES = frozenset(_MATERIAL_SYMBOLS.values())
# Where a sentence may report a second measure: a comma, a semicolon, or a coordinating or
# concessive word ("..., and on Nov 7 suspended them", "... restent en vigueur, même si ...").
_BOUNDARY = re.compile(
    r"(?P<punct>[,，;；])\s*(?P<conj>(?:and|but|while|whereas|then|et|mais|puis|même si|alors que|tandis que|und|aber"
    r"|während|并且|并|同时|但|après avoir|after having|having already|nachdem|此前)(?!\w))?"
    r"|\s(?:and|but|while|whereas|et|mais|puis|même si|alors que|tandis que|und|aber|während)\s",
    re.IGNORECASE,
)
# A clause that tells an earlier measure of the same kind: "…, après avoir déjà proscrit en
# décembre 2023 …", "…, after having banned … in 2023", "…，此前已于2023年…".
_PRIOR = re.compile(r"[,，;；]\s*(?:après avoir|after having|having already|nachdem|此前)", re.IGNORECASE)
# A clause joined to the one before by a conjunction shares its subject.
_COORDINATED = re.compile(
    r"\s*[,，;；]?\s*(?:and|but|while|whereas|then|et|mais|puis|même si|alors que|tandis que|und|aber|während"
    r"|并且|并|且|同时|但)(?!\w)",
    re.IGNORECASE,
)
# "..., en représailles aux surtaxes annoncées par Donald Trump": the measure answered is background.
_ANSWERED = re.compile(
    r"\s*[,，]?\s*(?:in retaliation (?:for|against|to)|in response to|en représailles (?:à|aux|au|contre)"
    r"|en réponse (?:à|aux|au)|als (?:Vergeltung|Reaktion) auf|作为对|以反制|回应)",
    re.IGNORECASE,
)
# A control and a halt (or a technology ban) in one sentence describe one measure more often than two.
_ONE_MEASURE = frozenset(
    {
        frozenset({"export_control", "export_halt"}),
        frozenset({"export_control", "technology_ban"}),
        frozenset({"export_halt", "technology_ban"}),
    }
)
_CONDITIONAL = frozenset({"if", "whether", "si", "falls", "wenn", "若", "如果", "假如"})
_NEGATION = re.compile(r"\bnot?\b|n't|never|nicht|kein|\bpas\b|jamais|aucun|没|未|否|无|않|없|ない|せず", re.IGNORECASE)
_CONCESSIVE_BEFORE = re.compile(r"(?:même|even|auch)\s*$", re.IGNORECASE)
# "Le règlement ... prévoit qu'aucun pays tiers ne fournisse plus de 65 %": what a law provides.
_PROVIDES_THAT = re.compile(
    r"\b(?:prévoi(?:en)?t qu|stipule qu|dispose qu|provides? that|stipulates? that|requires? that|mandates? that"
    r"|sieht vor, dass|schreibt vor, dass)|规定",
    re.IGNORECASE,
)


def _adjective_after_cue(view: SentenceView, m: Mention) -> bool:
    """An area adjective right after the measure it owns, as French puts it: "les restrictions
    chinoises", "le règlement européen", "les droits de douane américains"."""
    if m.kind != "area" or not m.surface[:1].islower():
        return False
    return any(
        c.category.startswith("policy.") and c.end <= m.start and not view.text[c.end : m.start].strip()
        for c in view.cues
    )


def _dated(view: SentenceView) -> bool:
    return any(p.kind in {"day", "month"} for p in view.periods)


def _named_or_dated(view: SentenceView) -> bool:
    # a month or day named, even one whose year is unknown ("Seit April verlangt Peking ...")
    return bool(_NAMED_LAW.search(view.text)) or any(p.kind in {"day", "month"} for p in view.periods)


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


# Chinese 或 right after a measure: "may" (加征关税或推高成本), not "or" (或者, 或是).
_MAY_AFTER = re.compile(r"或(?![者是])")


def _cue_length(view: SentenceView, at: int) -> int:
    return max((c.end - c.start for c in view.cues if c.start == at and c.category.startswith("policy.")), default=0)


def _hedged(view: SentenceView, at: int) -> bool:
    """A hedge cue that is one: not the month in "on May 23" (未经许可 "without a
    licence" is no hedge cue at all), not the concessive "même si", "even if"; not inside
    what a law provides ("prévoit qu'aucun pays tiers ne fournisse ..."); and, but for a
    conditional, not in a later clause than the action ("the price floor ..., agreed in July
    2025, address the price risk")."""
    provides = _PROVIDES_THAT.search(view.lower)
    if view.lang == "zh" and _MAY_AFTER.match(view.text, at + _cue_length(view, at)):
        return True  # "加征关税或推高…成本": what a measure may do, not the measure
    for c in view.cues:
        if c.category != "hedge":
            continue
        if any(p.span[0] <= c.start < p.span[1] for p in view.periods):
            continue
        if any(o.category.startswith("policy.") and o.start <= c.start and c.end <= o.end for o in view.cues):
            continue  # "nicht genehmigt", "will not be approved": the negation is the measure
        word = view.lower[c.start : c.end]
        if word in _CONDITIONAL and _CONCESSIVE_BEFORE.search(view.lower, max(0, c.start - 8), c.start):
            continue
        if provides and c.start >= provides.end():
            continue
        if (
            word not in _CONDITIONAL
            and not _NEGATION.search(word)
            and c.start > at
            and any(ch in ",，;；" for ch in view.text[at : c.start])
        ):
            continue
        return True
    return False


def _year_of_event(view: SentenceView, ctx: DocContext, at: int, periods: list[PeriodMention]) -> str | None:
    """A bare year that dates the measure: "En 2010, Pékin avait réduit ses quotas" - named before
    the action, not a deadline or a comparison, not after the document's year ("2030 benchmarks",
    "from 2027" are what the measure aims at)."""
    for p in periods:
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


def _event_date(
    view: SentenceView, ctx: DocContext, action: str, at: int, first: int, actor_m: Mention | None
) -> str | None:
    """The first day named, else the first month, else a year that dates the measure; not the day
    a suspension ends, not the date of the measure a relaxation eases, not a date of the main
    clause when the measure is told in a subordinate one."""

    def dates_this(p: PeriodMention) -> bool:
        before = view.text[max(0, p.span[0] - 16) : p.span[0]]
        if _UNTIL_BEFORE.search(before):
            return False
        if action == "relaxation" and (
            (p.span[0] > first and _OBJECT_DATED_BEFORE.search(before))
            or _OBJECT_DATED_AFTER.match(view.text, p.span[1])  # before the verb too: "10월 9일 발표한 … 유예"
        ):
            return False
        return not (
            actor_m is not None
            and p.span[1] <= actor_m.start
            and _SUBORDINATE_BEFORE.search(view.text[p.span[1] : actor_m.start])
        )

    periods = [p for p in view.periods if dates_this(p)]
    return (
        next((p.period for p in periods if p.period and p.kind == "day"), None)
        or next((p.period for p in periods if p.period and p.kind == "month"), None)
        or _year_of_event(view, ctx, at, periods)
    )  # "10월 발표한 … 7일 밝혔다": the day it was announced, not the month it refers to


def _eased_date(view: SentenceView, ctx: DocContext, first: int) -> str | None:
    """The date of the measure a relaxation eases, where the sentence dates it ("suspendre … les
    restrictions annoncées le 9 octobre 2025") months before the document: a wire story's
    background measure, a fact of its own."""
    if ctx.doc_date is None:
        return None
    for p in view.periods:
        if not p.period or p.kind not in {"day", "month"}:
            continue
        before = view.text[max(0, p.span[0] - 16) : p.span[0]]
        named = (p.span[0] > first and _OBJECT_DATED_BEFORE.search(before)) or _OBJECT_DATED_AFTER.match(
            view.text, p.span[1]
        )
        if named and _long_before(p.period, ctx.doc_date):
            return p.period
    return None


def _items(view: SentenceView, actor_m: Mention | None) -> list[str]:
    """Element symbols, product ids and other minerals the measure names, in order; not those of
    a clause about the actor ("China, which makes about 90% of the world's magnets, ...")."""
    about = _ABOUT_ACTOR.match(view.text, actor_m.end) if actor_m is not None else None
    items: list[str] = []
    for m in view.of_kind("element", "product", "material"):
        if about and about.start() <= m.start < about.end():
            continue
        if m.kind == "material":
            value = _MATERIAL_SYMBOLS.get(m.id.lower())
            if value is None:
                continue
        else:
            value = "prnd" if m.id == "PrNd" else m.id
        if value not in items:
            items.append(value)
    return items


def _same_event(fields: dict, date: str | None, items: list[str], doc_date: dt.date | None = None) -> bool:
    """Whether an earlier event of the same actor, action and targets is this one: its date agrees
    (or one of them is unstated, or one is the other at a finer precision) and it does not name
    other elements only ("adds holmium, erbium ..." after "the controls of April on samarium ...").
    In one sentence (`doc_date` given), an undated measure told first is the news of the day: a
    measure dated months before the document is another one ("interdit …, après avoir déjà
    proscrit en décembre 2023 …")."""
    known = fields["date"]
    if known and date and not (known.startswith(date) or date.startswith(known)):
        return False
    if not known and date and doc_date is not None and _long_before(date, doc_date):
        return False
    mine = {i for i in items if i not in GENERIC_PRODUCTS}
    theirs = {i for i in fields["items"] or [] if i not in GENERIC_PRODUCTS}
    return not (mine and theirs and not mine & theirs)


def _long_before(date: str, doc_date: dt.date) -> bool:
    """Whether a date (a year, month or day) ended more than four months before the document."""
    try:
        year = int(date[:4])
        month = int(date[5:7]) if len(date) >= 7 else 12
        day = int(date[8:10]) if len(date) >= 10 else 28
        return (doc_date - dt.date(year, month, day)).days > 120
    except ValueError:
        return False


# What a named law is, for telling two laws of one sentence or document apart: its name, less a
# law named as the basis of another ("依据《稀土管理条例》…制定本办法", "pursuant to the Act").
_BASIS_BEFORE = re.compile(
    r"(?:依据|根据|依照|按照|贯彻落实|为落实|落实|贯彻|under|pursuant to|in accordance with|conformément à"
    r"|en application d[eu]|gemäß|auf Grundlage d(?:es|er))\s*(?:the\s+|le\s+|la\s+|l['’]|du\s+|des\s+)?$",
    re.IGNORECASE,
)


_THIS_LAW = re.compile(r"[本该該此](?:办法|辦法|法|条例|條例|规定|規定)")
_LAW_LIST_GAP = re.compile(r"[\s、，,和及与]*|\s*(?:and|et|und)\s*(?:the\s+|le\s+|la\s+)?")


def _law_identity(view: SentenceView) -> str | None:
    """The law a legislation sentence enacts, or "quota" for a production quota issued without a
    named law; None where it names neither."""
    basis_end = -1
    for m in _NAMED_LAW.finditer(view.text):
        if _BASIS_BEFORE.search(view.text, max(0, m.start() - 12), m.start()) or (
            basis_end >= 0 and _LAW_LIST_GAP.fullmatch(view.text, basis_end, m.start())
        ):
            basis_end = m.end()  # "依据《矿产资源法》《稀土管理条例》等": both are the basis
            continue
        if _THIS_LAW.search(m.group()):
            continue  # "制定本办法": the measure the text is, named before
        return m.group().strip("《》«» ").lower()
    if any(_PRODUCTION_QUOTA.search(view.text, c.start, c.end) for c in view.cues_of("policy.legislation")):
        return "quota"
    return None


@dataclass(slots=True)
class _Event:
    fields: dict
    actor_m: Mention
    law: str | None = None
    eased: str | None = None  # the date of the measure a relaxation eases, where it is background


def _kept(view: SentenceView, named: bool) -> frozenset[tuple[int, str]]:
    """The policy cues the whole sentence keeps ("a précisé que ... soumis à" drops "précisé")."""
    return frozenset((c.start, c.category) for c in _policy_cues(view, named)[0])


def _parts(view: SentenceView) -> list[tuple[int, int]] | None:
    """Where a sentence reports two measures or more ("Les contrôles instaurés par Pékin le 4 avril
    ... restent en vigueur, même si le ministère ... a suspendu ... les mesures ... du 9 octobre";
    "商务部10月9日公告…实施出口管制，11月7日宣布暂停实施"), the span of each. The clauses between
    boundaries that report a measure are found first; two runs of clauses with different measures
    are cut at the strongest boundary between them (", and" before "," before a bare "and": not in
    the list "tungsten, tellurium and molybdenum")."""
    prior = _PRIOR.search(view.text)
    if len({c.category for c in view.cues if c.category.startswith("policy.")}) < 2 and not prior:
        return None
    named = view.has("policy.export_control")
    allowed = _kept(view, named)
    if prior is not None:
        cut, n = prior.start(), len(view.text)
        before, after = view.part(0, cut), view.part(cut, n)
        if _dated(after) and _action(before, named, allowed) and _action(after, named, allowed):
            return [(0, cut), (cut, n)]
    inside = [p.span for p in view.periods] + [q.span for q in view.quantities]
    bounds = [
        (m.start(), 3 if m.group("conj") or m.group("punct") in (";", "；") else 2 if m.group("punct") else 1)
        for m in _BOUNDARY.finditer(view.text)
        if not any(a < m.start() < b for a, b in inside)
    ]
    cuts = [0, *(b for b, _ in bounds), len(view.text)]
    runs: list[list] = []  # [start of its first clause, start of its last clause, action]
    for lo, hi in pairwise(cuts):
        hit = _action(view.part(lo, hi), named, allowed) if hi > lo else None
        if hit is None:
            continue
        if runs and (runs[-1][2] == hit[0] or frozenset({runs[-1][2], hit[0]}) in _ONE_MEASURE):
            runs[-1][1] = lo
        else:
            runs.append([lo, lo, hit[0]])
    if len(runs) < 2:
        return None
    spans, start = [], 0
    for before, after in pairwise(runs):
        cut = max((strength, b) for b, strength in bounds if before[1] < b <= after[0])[1]
        spans.append((start, cut))
        start = cut
    spans.append((start, len(view.text)))
    return spans


def _event(
    view: SentenceView,
    ctx: DocContext,
    lexicon: Lexicon,
    prior: _Event | None = None,
    part: bool = False,
    named_control: bool | None = None,
    allowed: frozenset[tuple[int, str]] | None = None,
) -> _Event | None:
    """The measure a sentence (or, with `part`, one part of it) reports. A part names its own
    actor or takes the one of the measure before it (`prior`) - never one of earlier sentences;
    `named_control` says whether the whole sentence names a control ("... suspended them")."""
    hit = _action(view, named_control, allowed)
    if hit is None:
        return None
    action, at, first, background = hit
    if _hedged(view, at) or _since_background(view, at):
        return None
    if part and _ANSWERED.match(view.text):
        return None  # "..., en représailles aux surtaxes annoncées par Donald Trump"
    in_force = bool(
        view.has("enact")
        or _IN_FORCE.search(view.lower)
        or _since_dated(view)
        or any(
            _DENIAL.search(view.lower, c.start, c.end)
            for c in view.cues
            if c.start == at and c.category.startswith("policy.")
        )
    )
    if action == "export_control" and not (_named_or_dated(view) or in_force or view.of_kind("body")):
        return None  # "buyers follow the pace of Chinese export licences": background, not an event
    if (
        action == "export_control"
        and view.has("price")
        and not view.has("enact")
        and _CAUSE_BEFORE.search(view.lower, max(0, at - 48), at)
    ):
        return None  # "heavy rare earths supported by slow export licence approvals": why a price moved
    law = _NAMED_LAW.search(view.text) if action == "legislation" else None
    if action == "legislation":
        laws = view.cues_of("policy.legislation")
        if (
            law
            and all(law.start() <= c.start < law.end() for c in laws)
            and _LAW_AS_MODIFIER.match(view.text, law.end())
        ):
            return None  # "two Defense Production Act (DPA) Title III awards"
        if law and any(q.kind == "money" for q in view.quantities) and all(_money_basis(view, c.start) for c in laws):
            return None  # "awarded $41.5 million under the Defense Production Act": where money comes from
        # a production quota issued ("下达…总量控制指标"), not one expected ("预计约27万吨")
        quota = view.has("enact") and any(_PRODUCTION_QUOTA.search(view.text, c.start, c.end) for c in laws)
        known_law = any(
            pattern.search(view.text) for pattern, _ in _LAW_AREAS
        )  # "le règlement … matières premières critiques"
        # "le règlement européen en vise 25 %": the one law of an area, named by the article
        owned_law = any(
            _adjective_after_cue(view, m) and _DEFINITE_BEFORE.search(view.lower, max(0, m.start - 24), m.start)
            for m in view.of_kind("area")
        )
        if not (_named_or_dated(view) or quota or known_law or owned_law):
            return None  # "stringent environmental regulations", "has passed legislation": no event to date
    actors, targets, origins, later = [], [], [], []
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
        if _adjective_after_cue(view, m) or (m.kind == "body" and _GENITIVE_BEFORE.search(before)):
            actors.append((m, code))  # "les droits de douane américains", "une enquête de la Commission"
            continue
        if action == "price_floor" and m.kind == "area" and _QUALIFIES_GOODS.match(view.text, m.end):
            continue  # "priced against Chinese and European NdPr oxide benchmarks": a market, no actor
        marked_after = view.lang in {"ja", "ko"} and (
            _TARGET_AFTER.match(view.text, m.end) or _TARGET_AFTER_NOUN.match(view.text, m.end)
        )
        imported_from = m.kind == "area" and _IMPORTED_FROM.search(view.lower, max(0, m.start - 40), m.start)
        firms = m.kind == "area" and (
            _FIRMS_AFTER.match(view.text, m.end) or _FIRMS_BEFORE.search(view.lower, max(0, m.start - 32), m.start)
        )
        if (
            (any(before.endswith(p) for p in preps) and not _APPLIED_TO.match(view.text, m.end))
            or marked_after
            or (import_measure and m.kind == "area" and (m.start > at - 5 or imported_from))
            or (firms and action in _EXPORT_ACTIONS)  # "inscrit 16 entités américaines sur sa liste"
        ):
            targets.append((m, code))
        elif imported_from or firms:
            continue  # "produits importés des Etats-Unis": neither acts
        elif (
            m.start < at
            or m.kind == "body"
            or _AGENT_BEFORE.search(before)
            or _SOURCE_BEFORE.search(view.lower, max(0, m.start - 24), m.start)
        ):
            actors.append((m, code))  # after the action: "les contrôles instaurés par Pékin"
        elif (
            action in _EXPORT_ACTIONS
            and _FROM_BEFORE.search(view.lower, max(0, m.start - 10), m.start)
            and any(e.category == "export" and 0 <= m.start - e.end <= 60 for e in view.cues)
        ):
            origins.append((m, code))  # "restrictions on exports of magnet scrap from the EU"
        elif (
            law is not None
            and re.search(r"(?:\bof(?: the)?|\bder|\bdes|\bde l['’]|\bde la|\bdu)\s*$", view.lower[law.end() : m.start])
            and m.start - law.end() <= 12
        ):
            actors.append((m, code))  # "Der Critical Raw Materials Act der EU"
        else:
            later.append((m, code))
    if not actors and action == "stockpile" and len({c for _, c in later}) == 1 and _NATIONAL.search(view.lower):
        # "un stock stratégique national ..., géré par la Caisse française des métaux critiques": the
        # one state named with a national stock is whose stock it is
        actors = later[:1]
    if not actors and action == "legislation":
        # "Le règlement sur les matières premières critiques (CRMA), en vigueur depuis mai 2024"
        for pattern, code in _LAW_AREAS:
            named = pattern.search(view.text)
            if named:
                entity = Entity("area", code, lexicon.area_name(code), code)
                actors = [(Mention(entity, named.start(), named.end(), named.group()), code)]
                break
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
    if not actors and origins:
        actors = origins[:1]
    own_actor = bool(actors)
    if not actors and prior is not None and (_COORDINATED.match(view.text) or _dated(view)):
        # "..., and on Nov 7 suspended them", "…实施出口管制，11月7日宣布暂停实施": the subject of the
        # measure before it; not a clause of its own ("…目录显示，稀土不再实行出口配额管理")
        actors = [(prior.actor_m, prior.fields["actor"])]
        at = len(view.text)
    if (
        not actors
        and not part
        and ctx.last_policy is not None
        and ctx.view_index - ctx.last_policy[0] <= 2
        and (action not in _EXPORT_ACTIONS or in_force)
        and not (action == "stockpile" and _export_actor(ctx, ctx.last_policy[2]))
    ):
        # "商务部…表示。今年4月4日起实施的…出口管制仍然有效"; not a trader's "cleared licensing"
        actors = [(ctx.last_policy[1], ctx.last_policy[2])]
        at = len(view.text)
    if not actors:
        return None
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
    if own_actor and tail.lstrip(" '’s").startswith(("firms", "companies", "buyers", "importers", "manufacturers")):
        return None
    here = actor_m if own_actor else None
    # "shipments to the United States recovered after Beijing paused ...": an area named before
    # the actor that acts before the action is in another clause than the measure.
    subject = own_actor and actor_m.start < at
    targets = [
        t for t in dict.fromkeys(c for m, c in targets if not (subject and m.end <= actor_m.start)) if t != actor
    ]
    items = _items(view, here)
    if action in {"legislation", "export_quota"} and items and set(items) <= _MATERIAL_CODES:
        return None  # "下达…第一批钨矿开采总量控制指标": a quota of another mineral
    if not items and prior is not None and not own_actor and not view.has("control_objects"):
        items = list(prior.fields["items"] or [])  # "11月7日宣布暂停实施": the measure before it
    date = _event_date(view, ctx, action, at, first, here)
    eased = _eased_date(view, ctx, first) if action == "relaxation" else None
    fields = {"actor": actor, "action": action, "targets": targets, "items": items, "date": date}
    return _Event(fields, actor_m, _law_identity(view) if action == "legislation" else None, eased)


# A law named as where money comes from: "$41.5 million under the Defense Production Act",
# "tax credits created by the Inflation Reduction Act", "au titre de la loi de programmation".
_MONEY_BASIS_BEFORE = re.compile(
    r"(?:\bunder|\bcreated by|\bfunded by|\bfinanced by|\bthrough|\bvia|\bfrom"
    r"|au titre d[eu]|en vertu d[eu]|dans le cadre d[eu])"
    r"\s*(?:the\s+|its\s+|la\s+|le\s+|l['’]|du\s+|de la\s+)?$",
    re.IGNORECASE,
)


def _money_basis(view: SentenceView, at: int) -> bool:
    """Whether the named law around the legislation cue at `at` is named as a source of money."""
    for m in _NAMED_LAW.finditer(view.text):
        if m.start() <= at < m.end():
            return bool(_MONEY_BASIS_BEFORE.search(view.text, max(0, m.start() - 24), m.start()))
    return False


def _export_actor(ctx: DocContext, actor: str) -> bool:
    """Whether the document told export measures of `actor`: the country that stockpiles is seldom
    the one whose export controls the sentence before told ("Depuis la restriction chinoise … ;
    l'absence de stock stratégique national")."""
    return any(key[0] == "policy" and key[1] == actor and key[2] in _EXPORT_ACTIONS for key in ctx.events)


def _same_law(ctx: DocContext, earlier: Fact, law: str | None) -> bool:
    """Whether an earlier legislation fact may be the same as one enacting `law`: two different
    laws (or a law and a quota) are two events."""
    if law is None or ("policy-law", id(earlier)) not in ctx.seen:
        return True
    return ("policy-law", id(earlier), law) in ctx.seen


def _record(view: SentenceView, ctx: DocContext, event: _Event) -> list[Fact]:
    """The fact of an event, unless the document reported it before: one event per (actor,
    action, targets) and date - a headline and the paragraph that dates it are one event, and
    the dated sentence is the better source for it (with the items of both)."""
    fields = event.fields
    fact = make_fact("policy_event", view, fields, f"policy.{fields['action']}", 0.7)
    ctx.last_policy = (ctx.view_index, event.actor_m, fields["actor"])
    key = ("policy", fields["actor"], fields["action"], tuple(fields["targets"]))
    earlier = ctx.events.get(key, [])
    date, items = fields["date"], fields["items"]
    same = next(
        (
            e
            for e in earlier
            # two measures of one sentence: "interdit …, après avoir déjà proscrit en décembre 2023 …"
            if _same_event(e.fields, date, items, ctx.doc_date if e.span == fact.span else None)
            and _same_law(ctx, e, event.law)
        ),
        None,
    )
    if same is None:
        ctx.events.setdefault(key, []).append(fact)
        if event.law:
            ctx.seen.update({("policy-law", id(fact)), ("policy-law", id(fact), event.law)})
        return [fact]
    if event.law and ("policy-law", id(same)) not in ctx.seen:
        ctx.seen.update({("policy-law", id(same)), ("policy-law", id(same), event.law)})
    union = list(dict.fromkeys([*(same.fields["items"] or []), *items]))
    if len(date or "") > len(same.fields["date"] or "") or len(items) > len(same.fields["items"] or []):
        same.sentence, same.span, same.fields, same.lang = fact.sentence, fact.span, dict(fields), fact.lang
    same.fields["items"] = union
    return []


def extract_policy(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    if all(view.lower[c.start : c.end] in _WEAK_LICENCE for c in view.cues_with_prefix("policy.")) and not (
        _licence_for_export(view)
    ):
        return []  # only a licence word, and no requirement: "as licences speed up"
    events: list[_Event] = []
    parts = _parts(view)
    if parts:
        named, prior = view.has("policy.export_control"), None
        allowed = _kept(view, named)
        for lo, hi in parts:
            event = _event(view.part(lo, hi), ctx, lexicon, prior, True, named, allowed)
            if event is not None:
                events.append(event)
                prior = event
        if len(events) < 2:
            events = []  # one measure after all: read the sentence whole
    if not events:
        event = _event(view, ctx, lexicon)
        events = [event] if event is not None else []
    for event in list(events):
        if event.eased:
            fields = {**event.fields, "action": "export_control", "date": event.eased}
            events.append(_Event(fields, event.actor_m))
    return [fact for event in events for fact in _record(view, ctx, event)]
