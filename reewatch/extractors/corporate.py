"""Corporate events: first production, plant openings, agreements, acquisitions, offtakes,
expansions and closures, with the company, its counterparties and the place.

"USA Rare Earth ... successfully producing its first batch of magnets at Stillwater,
Oklahoma", "...has signed agreements with Australian Strategic Materials and American
Resources Corporation". The company is the first one named (or the one the document is
about, for "the company"); the others named after the action are its counterparties.

Many actors of this news are not in the lexicon (recyclers, subsidiaries, short names the
lexicon leaves out because they are everyday phrases, like 中国稀土). The grammar names
them anyway:

- the subject of the action verb at the start of the sentence: "Molycorp idled ...",
  "Ionic Rare Earths completed its acquisition of ...", "X a conclu un accord ...";
- in Chinese, an organisation name (ending in 公司, 集团, 稀土, 磁材, 科技 ...) at the start of
  a clause, followed by a reporting verb or the action (中国稀土公告，拟...收购, 四川江铜稀土宣布
  停产), or named after 旗下 (北方稀土旗下包头华美稀土...停产: the subsidiary acts);
- the short form of the company the document is about ("Neo has signed ...", "MP's").
"""

from __future__ import annotations

import re

from reewatch.extractors.base import DocContext, SentenceView, make_fact
from reewatch.lexicon import Lexicon, Mention
from reewatch.models import Fact

_PRIORITY = ("offtake", "acquisition", "first_production", "expansion", "plant_opening", "closure", "agreement")
_PLANNED = ("first_production", "plant_opening")

# ------------------------------------------------------------------ counterparties
# A company the lexicon does not know, named after "with", "of", 与, 收购:
# "Base Resources", "avec l'équipementier allemand Schaeffler", "with German supplier Schaeffler".
_LATIN_ORG = re.compile(
    r"\b(?:with|of|from|de|avec|du|mit)\s+"
    r"(?:(?:the|l'|d'|la|le|les|its|[A-Z][a-z]+(?:an|ese|ish|ch)(?=\s+[a-zà-ÿ])|(?:l'|d')?[a-zà-ÿ-]+)\s+){0,4}"
    r"((?:[A-Z][\w&.-]+)(?:\s+(?:[A-Z][\w&.-]+|and|&|et))*)"
)
_CJK_ORG = re.compile(r"(?:与|和|同|收购|并购)([\u4e00-\u9fff]{2,20}?(?:有限责任公司|股份有限公司|有限公司|公司|集团))")
_CJK_PARTNER = re.compile(r"(?:与|和|同)([\u4e00-\u9fffA-Za-z]{2,14}?)(?:签订|签署|达成|签约|共同|合作)")
# Korean: "미국 리엘리먼트 테크놀로지스와 ... 협약", "재활용 업체 이그니오홀딩스를 인수".
_KO_PARTNER = re.compile(r"(?:^|(?<=\s))((?:[가-힣A-Za-z]+ ){0,3}[가-힣A-Za-z]+?)(?:와|과|를|을|로부터|에서)\s")
_KO_NOT_PARTY = re.compile(r"(?:프로젝트|광산|사업|공장|단지|기지)$")  # a project, mine or plant
_KO_DESCRIPTOR = re.compile(r"(?:업체|기업|회사|제조사|자회사|업체인|기업인|그룹사)$")
_AND = re.compile(r"\s+(?:and|et|und|&)\s+|,\s*")
_NOT_NAMES = {"the", "its", "their", "several", "companies", "china", "chine"}
# 上市公司, 子公司, 该公司: a kind of company, not a party's name
_CJK_GENERIC = re.compile(
    r"(?:上市|子|母|该|該|这|這|本|合资|合資|控股|参股|參股|相关|相關)?(?:公司|集团|集團|企业|企業)"
)


def _other_companies(
    view: SentenceView, subject_key: str, subject_name: str, after: int, unknown: bool = True
) -> list[str]:
    """Counterparties: companies and government bodies named after the subject, and (for a deal,
    `unknown`) names the lexicon does not know ("with Hyundai and Kia", "avec l'équipementier
    Schaeffler", "与舍弗勒签订")."""
    names = [
        m.entity.name if m.kind == "company" else m.surface
        for m in view.mentions
        if m.kind in {"company", "body"} and m.id != subject_key and m.start >= after
    ]
    for pattern in (_LATIN_ORG, _CJK_ORG, _CJK_PARTNER) if unknown else ():
        for m in pattern.finditer(view.text, after):
            offset = m.start(1)
            for part in _AND.split(m.group(1)):
                start = view.text.find(part, offset)
                offset = start + len(part)
                part = _unknown_part(view, part, start)
                if (
                    part
                    and len(part) > 1
                    and part.lower() not in _NOT_NAMES
                    and not _CJK_GENERIC.fullmatch(part)
                    and part[:1] not in "0123456789"
                    and view.text[start + len(part) : start + len(part) + 1] != "$"  # "of US$60/kg"
                    and part != subject_name
                ):
                    names.append(part)
    if view.lang == "ko":
        names.extend(_korean_partners(view, subject_name, after))
    return list(dict.fromkeys(names))


def _korean_partners(view: SentenceView, subject_name: str, after: int) -> list[str]:
    """Korean names before 와/과 (with) or 를/을 (object), after the subject: the words after the
    last descriptor (업체, 기업 ...) or country ("미국 전자폐기물 재활용 업체 이그니오홀딩스를")."""
    cues = [c.start for c in view.cues_with_prefix("corporate.")]
    acquired = [c.start for c in view.cues_of("corporate.acquisition")]
    out = []
    for m in _KO_PARTNER.finditer(view.text, after):
        if not cues or m.end() > max(cues) or not any(0 <= c - m.end() <= 40 for c in cues):
            continue
        if view.text[m.end(1)] in "를을" and not any(0 <= c - m.end() <= 3 for c in acquired):
            continue  # an object is a counterparty only of 인수 (acquired): not "공급망 구축을"
        words, start = m.group(1).split(" "), m.start(1)
        offsets = []
        for w in words:
            offsets.append(start)
            start += len(w) + 1
        keep = 0
        for i, (w, off) in enumerate(zip(words, offsets, strict=True)):
            if _KO_DESCRIPTOR.search(w) or any(k.start == off and k.kind in {"area", "place"} for k in view.mentions):
                keep = i + 1
        part = " ".join(words[keep:])
        if (
            part
            and not _KO_NOT_PARTY.search(part)
            and part != subject_name
            and _unknown_part(view, part, offsets[keep]) == part
            and not any(k.start <= offsets[keep] < k.end and k.kind != "company" for k in view.mentions)
        ):
            out.append(part)
    return out


def _unknown_part(view: SentenceView, part: str, start: int) -> str | None:
    """A name the lexicon does not know, or None. A known company or body inside it is listed
    already; a country in front of it is dropped (德国舍弗勒, "German Schaeffler"); a city, a
    sector or a product inside it is part of the name (包头金山磁材有限公司, 联合汽车电子)."""
    part = part.rstrip(".")  # "de NdPr." at the end of the sentence
    if not part:
        return None
    end = start + len(part)
    inside = [k for k in view.mentions if k.start < end and start < k.end]
    if any(k.kind in {"company", "body"} for k in inside) or _covered(view, start, end):
        return None  # a company listed already, or lexicon words only: "de NdPr", "de Mt Weld"
    lead = next((k for k in inside if k.start == start and k.kind == "area"), None)
    if lead is not None:
        if lead.end >= end:
            return None
        part = view.text[lead.end : end]
    elif any(k.kind in {"area", "place"} and k.start <= start and k.end >= end for k in view.mentions):
        return None  # "son usine d'aimants de Narva": a place, not a party
    return part.strip(" .,'’") or None


# ------------------------------------------------------------------ subjects
# Sentence openers that are not names ("Under the agreement ...", "Prices closed higher").
_NOT_SUBJECTS = frozenset(
    """the a an this that these those it its in on at under after before as with from for by
    meanwhile however separately also but and last earlier later today yesterday shares stocks prices
    price markets market exports imports output production demand supply sales trading futures analysts
    traders officials sources authorities customs operations plants plant mines mine smelters talks
    investors buyers sellers producers companies firms workers government governments according while
    le la les un une des en au aux dans selon pour par sur depuis après avant lors cette ce ces
    der die das ein eine im am nach laut""".split()
)
# What may stand between the subject and the action: "Ionic Rare Earths completed its acquisition",
# "Arafura a conclu un accord", "Neo has signed".
_FILLER = (
    r"(?:has|have|had|will|is|was|were|are|also|officially|formally|successfully|finally|recently|now|"
    r"said|says|announced|announces|reported|confirmed|completed|completes|closed|finalised|finalized|"
    r"agreed|to|it|that|its|their|the|a|an|formed|forms|form|created|creates|established|establishes|entered|"
    r"enters|into|set|up|struck|inked|reached|signed|signs|plans|planned|intends|aims|expects|wants|seeks|"
    r"binding|strategic|exclusive|definitive|new|long-term|\d+[:/-]\d+|[a-z]+-year|"
    r"a|ont|va|vont|vient|de|d'|également|officiellement|annoncé|annonce|finalisé|finalise|conclu|signé|"
    r"un|une|des|le|la|les|l'|"
    r"hat|haben|wird|werden|offiziell|nun|die|das|den|eine|einen|ein)"
)
_LATIN_SUBJECT = re.compile(
    r"\s*((?:[A-Z]|[a-z](?=[A-Z]))[\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|&)){0,4})\s+(?:" + _FILLER + r"\s+){0,4}$"
)  # "eVAC has signed": a name may start with a lower-case letter before a capital
_CJK_SUFFIX = "有限责任公司|股份有限公司|有限公司|集团|公司|科技|稀土|磁材|磁业|材料|新材|矿业|资源|实业|股份|电子|控股"
_CJK_FOLLOW = (
    "公告|宣布|发布|披露|表示|称|近日|日前|今日|正式|已经|已|完成|拟|计划|将|于|因|与|和|同|旗下|也|还|"
    "今年|上半年|下半年|前三季度|一季度|二季度|三季度|四季度|全年|实现|\\d"
)
_CJK_SUBJECT = re.compile(
    r"(?:^|(?<=[，,：:；;]))\s*([\u4e00-\u9fff]{1,8}?(?:" + _CJK_SUFFIX + r"))(?=" + _CJK_FOLLOW + r"|$)"
)
_CJK_SUBSIDIARY = re.compile(r"旗下(?:的)?([\u4e00-\u9fff]{2,8}?(?:" + _CJK_SUFFIX + r"))")
# After a name made of lexicon words only (中国稀土 = China + rare earths), a verb only a company
# has: 中国稀土公告, 中国稀土上半年实现营业收入.
_CJK_STRONG = re.compile(r"公告|发布公告|披露|宣布|表示|称|实现|上半年|下半年|前三季度|[一二三四]季度|全年")
# Phrases that are no company of their own: 国内稀土企业, 我国稀土, 该公司.
_CJK_NOT_NAME = re.compile(
    r"^(?:国内|海外|全球|中国的|我国|部分|多家|一些|各|其|该|該|这|這|此|本|公司|企业|行业|市场|据|受|在|由于|随着|"
    r"今年|本周|近日|目前|其中|此外|同时|另外|相关|上述|多个|主要|稀土|重稀土|轻稀土)"
)


class Subject:
    """Who acts: a lexicon company, or a name as the text writes it."""

    __slots__ = ("end", "key", "mention", "name", "start", "subsidiary")

    def __init__(
        self, name: str, key: str, start: int, end: int, mention: Mention | None = None, subsidiary: bool = False
    ) -> None:
        self.name, self.key, self.start, self.end, self.mention = name, key, start, end, mention
        self.subsidiary = subsidiary  # named after 旗下: the subsidiary of a company named before


def _of_mention(m: Mention) -> Subject:
    return Subject(m.entity.name, m.id, m.start, m.end, m)


def _covered(view: SentenceView, start: int, end: int) -> bool:
    """Whether [start, end) is all lexicon names (an area, a body, a product ...): no new name."""
    pos = start
    for m in sorted(view.mentions, key=lambda m: m.start):
        if m.end <= pos or m.start >= end:
            continue
        if view.text[pos : m.start].strip(" -'’s"):
            return False
        pos = max(pos, m.end)
    return not view.text[pos:end].strip(" -'’s")


def short_form(view: SentenceView, company: Mention | None, before: int | None = None) -> Subject | None:
    """The document's company under a short possessive form: "MP's" for MP Materials."""
    if company is None or not company.entity.name[:1].isascii():
        return None
    head = company.entity.name.split()[0]
    if len(head) < 2 or head == company.entity.name or head.lower() in _NOT_SUBJECTS:
        return None
    # possessive only ("MP's NdPr products"): a bare "Energy" or "Rare" is an ordinary word; the
    # subject position ("Neo has signed") is checked by the caller against the unknown subject.
    for m in re.finditer(rf"\b{re.escape(head)}(?='s|’s)", view.text[:before]):
        if not any(k.start <= m.start() < k.end for k in view.mentions):
            return Subject(company.entity.name, company.id, m.start(), m.end(), company)
    return None


_ARTICLES = frozenset({"the", "le", "la", "les", "l'", "l’"})
_WORD = re.compile(r"(?:l['’])?[\w-]+|\S")


def _after_descriptor(view: SentenceView, before: int) -> int:
    """Where the name starts after a describing phrase: "Le recycleur lyonnais | MagREEsource",
    "Australian miner | Lynas", "US magnet maker | Vulcan Elements" (0 when there is none)."""
    words = list(_WORD.finditer(view.text, 0, before))
    i, described = 0, False
    if words and words[0].group().lower() in _ARTICLES:
        i, described = 1, True
    elif words and words[0].group().lower().startswith(("l'", "l’")) and words[0].group()[2:3].islower():
        return 0
    skipped = 0
    while i < len(words) and skipped < 5:
        w = words[i]
        area = any(k.start == w.start() and k.kind == "area" for k in view.mentions)
        if area:
            described = True
        elif not (w.group()[:1].islower() or w.group().lower().startswith(("l'", "l’"))):
            break
        i, skipped = i + 1, skipped + 1
    if not described or not skipped or i >= len(words):
        return 0
    return words[i].start()


# "European Metal Recycling (EMR), which has signed": the subject of a relative clause, before it.
_RELATIVE_SUBJECT = re.compile(
    r"((?:[A-Z][\w&.'’-]*)(?:\s+(?:[A-Z][\w&.'’-]*|&)){0,4})(?:\s*\([A-Z][\w&.-]{1,8}\))?,\s+"
    r"(?:which|who|qui|die|der|das)\s+(?:" + _FILLER + r"\s+){0,4}$"
)
# "On the customer side, GKN Automotive has agreed", "In Germany, HyProMag GmbH has formed",
# "…, which HyProMag plans to raise": the subject after an opening phrase or a relative pronoun.
_CLAUSE_OPENING = re.compile(r"[,:]\s+(?:(?:which|that|where|qui|que|où|die|der|das|wo)\s+)?")


def _latin_subject(view: SentenceView, before: int) -> re.Match[str] | None:
    text = view.text[:before]
    m = _LATIN_SUBJECT.match(text, _after_descriptor(view, before))
    if m is not None:
        return m
    opening = max(_CLAUSE_OPENING.finditer(text), key=lambda o: o.start(), default=None)
    if opening is not None:
        m = _LATIN_SUBJECT.match(text, opening.end())
        if m is not None and m.group(1).split()[0].lower() not in _NOT_SUBJECTS:
            return m
    return _RELATIVE_SUBJECT.search(text)


def unknown_subject(view: SentenceView, before: int) -> Subject | None:
    """A name the lexicon does not know, standing as the subject before position `before`."""
    if view.lang in {"zh", "ja"}:
        candidates = [
            m
            for pattern in (_CJK_SUBSIDIARY, _CJK_SUBJECT)
            for m in pattern.finditer(view.text, 0, before)
            if not _CJK_NOT_NAME.match(m.group(1))
            and (not _covered(view, m.start(1), m.end(1)) or _CJK_STRONG.match(view.text, m.end(1)))
        ]
        if not candidates:
            return None
        sub = [m for m in candidates if m.re is _CJK_SUBSIDIARY]
        m = sub[-1] if sub else min(candidates, key=lambda m: m.start(1))
        name = m.group(1)  # a place in front belongs to the name: 中国稀土, 四川江铜稀土
        return Subject(name, name, m.start(1), m.end(1), subsidiary=bool(sub))
    if view.lang not in {"en", "fr", "de", "es", "it"}:
        return None
    m = _latin_subject(view, before)
    if m is None:
        return None
    name = m.group(1).rstrip(".")
    if name.endswith(("'s", "’s")) or name.split()[0].lower() in _NOT_SUBJECTS:
        return None
    if _covered(view, m.start(1), m.start(1) + len(name)):
        return None
    return Subject(name, name, m.start(1), m.start(1) + len(name))


_PLANT_ACTIONS = frozenset({"first_production", "plant_opening", "expansion", "closure"})


def _subject(view: SentenceView, ctx: DocContext, cue_start: int, action: str = "") -> Subject | None:
    """Who does what the cue says (see the module docstring for the order of the rules)."""
    companies = view.of_kind("company")
    last = ctx.last_company
    if (
        action in _DEALS
        and last is not None
        and companies
        and _UNDER.match(view.lower)
        and all(m.id != last.id for m in companies)
    ):
        # "Under the binding agreement, thyssenkrupp will purchase 1,500 tpa": the deal of the
        # company told before; the buyer named is its counterparty
        return Subject(last.entity.name, last.id, 0, 0, last)
    unknown = unknown_subject(view, cue_start)
    known = next((m for m in companies if m.start < cue_start), None)
    if unknown is not None and known is not None:
        # The subsidiary named after 旗下 acts, not its parent; 四川江铜稀土 holds the alias 江铜
        # but is a company of its own.
        inside = view.lang in {"zh", "ja"} and unknown.start <= known.start and known.end <= unknown.end
        inside = inside and unknown.end - unknown.start > known.end - known.start
        if unknown.subsidiary or inside:
            return unknown
    if known is not None:
        return _of_mention(known)
    if unknown is not None:
        last = ctx.last_company
        if last is not None and last.entity.name.split()[0] == unknown.name and len(unknown.name) >= 2:
            return Subject(last.entity.name, last.id, unknown.start, unknown.end, last)  # "Neo has signed"
        return unknown
    short = short_form(view, ctx.last_company)
    if short is not None:
        return short
    ref = next((c for c in view.cues_of("company_ref") if c.start < cue_start), None)
    previous = _previous_subject(ctx)
    if ref is not None and previous is not None and ref.start <= 2:
        # "eVAC has signed offtake agreements with Lynas … . It has also agreed to take …": the
        # subject of the event just told, not the last company named (Lynas)
        return Subject(previous, previous, ref.start, ref.end)
    # "the company", 該公司, "le groupe": the document's main company or the one just named
    referent = ctx.referent(view, ref) if ref is not None else None
    if ref is not None and referent is not None:
        return Subject(referent.entity.name, referent.id, ref.start, ref.end, referent)
    if (
        action in _DEALS
        and ctx.last_company is not None
        and _DEAL_OPENING.match(view.lower)
        and any(m.start > cue_start for m in companies)
        and all(m.id != ctx.last_company.id for m in companies)
    ):
        # "Un second contrat, avec le belge Umicore, porte sur …", "Another agreement, with Toyota
        # Tsusho, covers …": a deal of the company the text is about, with the one named
        last = ctx.last_company
        return Subject(last.entity.name, last.id, cue_start, cue_start, last)
    if (
        ctx.last_company is not None
        and not companies
        and (
            _UNDER.match(view.lower)
            or (action in _PLANT_ACTIONS and _PLANT_WORDS.search(view.lower))
            or (action == "offtake" and any(m.kind == "body" and m.start < cue_start for m in view.mentions))
        )
    ):
        # "Under an offtake agreement, …", "la nouvelle ligne …, inaugurée en avril", "The Department of
        # Defense has also committed to purchase 100% of the output"
        last = ctx.last_company
        recent = ctx.last_production
        if (
            action == "offtake"
            and recent is not None
            and ctx.view_index - recent[0] <= 2
            and recent[1].kind == "company"
        ):
            last = recent[1]  # an offtake buys output: the company whose output was just given
        return Subject(last.entity.name, last.id, cue_start, cue_start, last)
    return None


_WITH = re.compile(r"\s*(?:with|avec|mit|auprès de|与|和|同)\s*$")
# "der Autozulieferer Schaeffler", "le constructeur Stellantis", "the automaker Stellantis": a name
# after a describing noun.
_DESCRIBED = re.compile(
    r"\b(?:der|die|das|le|la|l'|the)\s+(?:[a-zäöüßà-ÿ-]+\s+){0,2}?([A-Z][\w&'’-]+(?:\s+[A-Z][\w&'’-]+){0,2})"
)
_NOUN = re.compile(r"\b(?:der|die|das)\s+([A-ZÄÖÜ][a-zäöüß]+)\s+([A-Z][\w&'’-]+(?:\s+[A-Z][\w&'’-]+){0,2})")


def _supplier_after(view: SentenceView, cue) -> Mention | None:
    """A lexicon company named right after "with/mit/avec" following the agreement word, when no
    company of the lexicon stands before it: the party the deal is signed with."""
    if any(m.kind == "company" and m.start < cue.start for m in view.mentions):
        return None
    for m in view.of_kind("company"):
        if m.start >= cue.end and m.start - cue.end <= 40 and _WITH.search(view.lower, cue.end, m.start):
            return m
    return None


def _described_name(view: SentenceView, before: int) -> str | None:
    """The capitalised name after a describing noun before `before` ("der Autozulieferer Schaeffler")."""
    text = view.text[:before]
    m = _NOUN.search(text) if view.lang == "de" else None
    if m is None:
        m = _DESCRIBED.search(text)
        if m is None or not any(ch.islower() for ch in text[m.start() : m.start(1)].split(None, 1)[-1]):
            return None
        return m.group(1)
    return m.group(2)


# ------------------------------------------------------------------ actions
# A plant to be built is an expansion once the building is decided or under way, not while planned.
_BUILD = re.compile(
    r"build|construct|broke ground|breaks ground|groundbreaking|construire|construction|construira|pose de"
    r"|bau |spatenstich|开工|动工|動工|奠基|着工"
)
# Noun phrases that name an expansion only with a verb that creates it: "added a new line",
# not "the new line was ramping up on schedule".
_WEAK_EXPANSION = ("new line", "new production line", "nouvelle ligne", "phase 2", "second phase")
_CREATES = re.compile(
    r"\b(?:add|adds|added|adding|build|builds|built|building|install|installs|installed|launch|launches|"
    r"launched|ajoute|ajouté|ajouter|construit|construire|installe|installé|lance|lancé|lancer)\b"
)


def _governs(view: SentenceView, cue, forecast) -> bool:
    """Whether a forecast word is about the action: before it, or after it in the same phrase
    ("inaugurée en septembre, doit produire": the plan is the next verb's)."""
    if forecast.end <= cue.start:
        return True
    return not any(ch in ",，" for ch in view.text[cue.end : forecast.start])


# A plant's event told with the plant as subject ("la nouvelle ligne … inaugurée en avril", "the
# plant came online"): the company is the one the document is about.
_PLANT_WORDS = re.compile(
    r"\b(?:usine|ligne|site|unité|plant|line|facility|factory|refinery|werk|anlage)s?\b|工厂|工廠|产线|產線|生产线|生產線|基地"
)
# "Under an offtake agreement, Japanese customers …", "Dans le cadre de cet accord, …": the deal of
# the company named before.
# A sentence that opens on the deal itself: "Un second contrat, avec …", "Another offtake agreement
# with …", "The supply contract with …".
_DEAL_OPENING = re.compile(
    r"[-•*·]?\s*(?:un|une|le|la|l['’]|ce|cet|cette|a|an|the|another|this|ein|eine|der|die|das)\s*"
    r"(?:(?:second|seconde|deuxième|troisième|autre|nouvel|nouveau|nouvelle|third|new|further|separate|zweiter|weiterer"
    r"|binding|supply|offtake)\s+)*"
    r"(?:contrat|accord|agreement|contract|deal|offtake|vertrag|liefervertrag|abkommen)s?\b"
)
_UNDER = re.compile(r"^[-•*·]?\s*(?:under|as part of|dans le cadre d|aux termes d|en vertu d|im rahmen|unter)\b")


def _action(view: SentenceView, found: dict) -> str | None:
    for action in _PRIORITY:
        cue = found.get(action)
        if cue is None:
            continue
        planned = action in _PLANNED or (action == "expansion" and _BUILD.match(view.lower, cue.start, cue.end))
        if planned and view.cue_near(
            ("forecast", "target"),
            cue.start,
            cue.end,
            before=25,
            after=25,
            accept=lambda c, cue=cue: _governs(view, cue, c),
        ):
            continue  # "production expected to commence in 2026", "prévoit de construire une usine": not yet
        if (
            action == "expansion"
            and view.lower[cue.start : cue.end] in _WEAK_EXPANSION
            and (len(found) > 1 or not _CREATES.search(view.lower))
        ):
            continue  # "inaugure sa nouvelle ligne" is the opening; a ramp-up is no new event
        if action == "expansion" and _funded(view, cue):
            continue
        if action == "closure" and _passing(view, cue):
            continue
        if action == "acquisition" and _minority(view):
            continue  # "acquire a 9.9% stake", "지분 9.9%를 인수": an investment, not a takeover
        return action
    return None


# "The Malaysia shutdown was planned and completed on schedule", "can halt production lines": a
# stop that was scheduled, or what could happen, is no closure.
_PASSING = re.compile(r"\b(?:planned|scheduled|programmée?|prévue?|geplante?)\b")
_MODAL = re.compile(r"\b(?:can|could|peut|kann)\s+$")


# A stake under half: "a 9.9% stake", "지분 9.9%", "15%股权", "une participation de 20 %".
_STAKE = re.compile(
    r"(?:지분|股权|股權|stake of|participation de|beteiligung von)\s*(?:약\s*)?(\d+(?:[.,]\d+)?)\s?%"
    r"|(\d+(?:[.,]\d+)?)\s?%\s*(?:stake|interest|equity|股权|股權|지분|participation|beteiligung)"
)


def _minority(view: SentenceView) -> bool:
    if "%" not in view.text:
        return False
    for m in _STAKE.finditer(view.lower):
        value = float((m.group(1) or m.group(2)).replace(",", "."))
        return value < 50
    return False


def _passing(view: SentenceView, cue) -> bool:
    window = view.lower[max(0, cue.start - 30) : cue.end + 40]
    return bool(_PASSING.search(window) or _MODAL.search(view.lower, max(0, cue.start - 8), cue.start))


def _funded(view: SentenceView, cue) -> bool:
    """Whether an expansion is what money is given for: after a grant or loan ("une aide de 25
    millions d'euros pour l'extension"), or an investment in another company ("to invest ¥30
    billion in Lynas … expansion"), not the company's own investment (拟投资扩产)."""
    funding = [c for c in view.cues_of("funding") if c.end <= cue.start]
    if not funding:
        return False
    last = max(funding, key=lambda c: c.end)
    if view.lower[last.start : last.end] in _GRANTS:
        return True
    first = min(c.end for c in funding)
    return any(m.kind == "company" and first <= m.start < cue.start for m in view.mentions)


_GRANTS = frozenset(
    """aide aides subvention subventions prêt prêts grant grants loan loans zuschuss zuschüsse darlehen
    förderung fördermittel 补贴 补助 资助 贷款 補貼 補助 資助 貸款""".split()
)


def _new_party(ctx: DocContext, key: tuple, counterparties: list[str]) -> bool:
    """Whether a deal of the same company and kind as one told before is another deal: its
    counterparties are new, and the one before named some ("has signed offtake agreements with
    Lynas …. It has also agreed to take recycled oxide from Cyclic Materials")."""
    if key[2] not in _DEALS or not counterparties:
        return False
    before = {k[4] for k in ctx.seen if len(k) == 5 and k[0] == "corporate-party" and k[1:4] == key}
    return bool(before) and not before & {c.lower() for c in counterparties}


_DEALS = frozenset({"agreement", "offtake", "acquisition"})
# A name right before the deal word: "GKN offtake", "Toyota supply deal" (headline style).
_NAME_BEFORE_DEAL = re.compile(
    r"\b([A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+){0,2})\s+(?:offtake|off-take|supply deal|deal|agreement|JV|joint venture"
    r"|MoU|contract)\b"
)


_DEAL_ADJECTIVES = frozenset(
    """binding strategic new supply offtake joint long exclusive definitive framework cooperation preliminary
    conditional formal major first landmark the this that""".split()
)


def _told_from_other_side(
    ctx: DocContext, subject: Subject, action: str, counterparties: list[str]
) -> tuple[Fact, str] | None:
    """The deal told already from the other party's side: "HyProMag … GKN offtake" in the
    headline, "GKN Automotive has agreed to take … under a three-year offtake agreement" below
    (naming no other party, or the first one); not the same company's deal with someone else."""
    if action not in _DEALS:
        return None
    for seen in ctx.seen:
        if len(seen) != 5 or seen[0] != "corporate-party" or seen[3] != action:
            continue
        if _prefix_match({subject.name.lower()}, {seen[4]}):
            earlier = ctx.events.get(("corporate-fact", seen[2], action))
            if not earlier:
                continue
            if counterparties and not _prefix_match(
                {c.lower() for c in counterparties}, {earlier[0].fields["company"].lower()}
            ):
                continue
            return earlier[0], seen[2]
    return None


def _prefix_match(a: set[str], b: set[str]) -> bool:
    return any(x == y or x.startswith(y + " ") or y.startswith(x + " ") for x in a for y in b)


def _seen_short(ctx: DocContext, subject: Subject, action: str) -> bool:
    """Whether the headline told this event already under a short name ("Neo opens ..." before
    "Neo Performance Materials ... opened"), or the other way round."""
    name = subject.name.lower()
    for seen in ctx.seen:
        if len(seen) != 3 or seen[0] != "corporate-name" or seen[2] != action:
            continue
        other = seen[1]
        if other != name and (name.startswith(other + " ") or other.startswith(name + " ")):
            return True
    return False


# "first" and "premiers" name a first production only in "produced its first dysprosium oxide",
# "a coulé ses premiers lingots": after a verb that makes something, before what was made.
_WEAK_FIRST = frozenset({"first", "premier", "premiers", "première", "premières", "erste", "ersten", "erstes"})
_MADE_BEFORE = re.compile(
    r"\b(?:produced|produces|producing|poured|pours|cast|casts|shipped|ships|delivered|delivers|separated|made"
    r"|achieved|produit|coulé|coule|livré|livre|sorti|expédié|fabriqué|séparé|obtenu|produziert|hergestellt"
    r"|geliefert|gegossen)\b[^.;,]{0,32}$",
    re.IGNORECASE,
)
_MADE_THING = re.compile(r"\b(?:ingots?|lingots?|batch(?:es)?|lots?|Barren|Charge)\b", re.IGNORECASE)
# "raise", "lift" name an expansion only as "plans to raise [capacity] to 350 t/y" in a sentence
# about capacity.
_WEAK_RAISE = frozenset(
    """raise raises raised raising lift lifts lifted lifting boost boosts boosted boosting increase increases
    increased increasing double doubles doubled doubling triple triples tripled tripling""".split()
)
_TO_AMOUNT = re.compile(r"\b(?:to|à|auf)\s+(?:about\s+|around\s+|some\s+|environ\s+|rund\s+)?$|至$|到$", re.IGNORECASE)
# "Its existing offtake partners include …", "ses accords existants": deals of the past, no event.
_EXISTING_BEFORE = re.compile(r"\b(?:existing|current|previous|former|bestehenden?|bisherigen?)\s+(?:[a-z-]+\s+)?$")
_STATE_KEYS = (
    "remain",
    "仍",
    "依然",
    "reste",
    "bleibt",
    "existing",
    "current",
    "previous",
    "former",
    "bestehend",
    "bisherig",
)
# Buying words are a takeover only of a company, a stake or a plant: "bought Vital Metals' plant",
# "l'achat de l'usine", not "bought 500 tonnes of carbonate".
_WEAK_BUY = frozenset({"purchase of", "purchased", "bought", "buys", "achat de", "l'achat de", "a acheté", "gekauft"})
_DETERMINERS = re.compile(
    r"\s*(?:(?:the|a|an|l['’]|le|la|les|das|die|den)\s*)?(?:\d+(?:[.,]\d+)?\s?%\s+(?:of|de|an)\s+)?"
)
_ASSET_AFTER = re.compile(
    r"\s+(?:(?:the|a|an|its|their|le|la|l['’]|les|son|sa|ses|das|die|den|\d+(?:[.,]\d+)?\s?%\s+(?:of|de|an)?)\s*)*"
    r"(?:[\w'’-]+\s+){0,3}?(?:stake|shares|interest|plant|facility|refinery|mine|business|assets|operations|subsidiary"
    r"|company|usine|site|participation|raffinerie|mine|filiale|Werk|Anlage|Beteiligung|Anteile)\b",
    re.IGNORECASE,
)
# 签约企业, 签约项目: "signing" as a noun's modifier (the companies that signed), no event here.
_CJK_MODIFIER_AFTER = re.compile(r"企业|企業|项目|項目|方|单位|單位|嘉宾")
# 控股股东, 控股子公司: a controlling shareholder is a state, not a takeover; so is "remains".
_HOLDING_NOUN_AFTER = re.compile(r"股东|股東|子公司|公司|集团|集團")
# "remained on track to raise capacity": the state of a plan told before, no new event.
_REMAINS_BEFORE = re.compile(  # on the lower-cased sentence
    r"(?:仍为|仍是|仍然是|依然是|仍然为|\bremains?\b|\bremained\b|\breste\b|\brestera\b|\bbleibt\b)[^,，。;；]{0,24}$"
)


def _usable(view: SentenceView, cue) -> bool:
    """Whether a corporate cue says what it seems to in this sentence (see the words above)."""
    word = view.lower[cue.start : cue.end]
    action = cue.category.split(".", 1)[1]
    window = view.lower[max(0, cue.start - 40) : cue.start]
    if any(k in window for k in _STATE_KEYS) and (
        _REMAINS_BEFORE.search(window) or _EXISTING_BEFORE.search(view.lower, max(0, cue.start - 24), cue.start)
    ):
        return False
    if word in _WEAK_FIRST:
        if not _MADE_BEFORE.search(view.text, max(0, cue.start - 60), cue.start):
            return False
        nxt = view.text[cue.end : cue.end + 48]
        return any(
            m.kind in {"product", "element"} and cue.end <= m.start <= cue.end + 48 for m in view.mentions
        ) or bool(_MADE_THING.search(nxt))
    if word in _WEAK_RAISE:
        if not view.has("capacity"):
            return False
        return any(
            q.kind == "mass"
            and cue.end <= q.span[0] <= cue.end + 48
            and _TO_AMOUNT.search(view.lower, cue.end, q.span[0])
            for q in view.quantities
        )
    if word in _WEAK_BUY:
        # "completed the purchase of Vital Metals' Saskatoon plant", not "bought 500 tonnes of carbonate"
        return any(
            m.kind == "company" and cue.end <= m.start and _DETERMINERS.fullmatch(view.text, cue.end, m.start)
            for m in view.mentions
        ) or bool(_ASSET_AFTER.match(view.text, cue.end))
    if action == "agreement" and _CJK_MODIFIER_AFTER.match(view.text, cue.end):
        return False
    return not (action == "acquisition" and word == "控股" and _HOLDING_NOUN_AFTER.match(view.text, cue.end))


# A relative clause after the action, where a hedge is about something else: "(VAC), qui pourrait
# acheter jusqu'à 30 %", "the 49% of Mkango Polska it does not already own".
_RELATIVE_BEFORE_HEDGE = re.compile(
    r"\b(?:which|who|whom|qui|dont|lequel|laquelle|welche[rsn]?)\b|\b(?:it|they|il|elle|ils|elles)\s+$", re.IGNORECASE
)


def _hedged(view: SentenceView, cue) -> bool:
    """A hedge in the sentence ("talks … continuing, with no agreement expected"), but not the month
    in "in May" nor one inside a relative clause after the action, nor the condition a capacity plan
    is told with ("plans to double capacity to 3,000 t by 2029 if demand materializes")."""
    expansion = cue.category == "corporate.expansion"
    for c in view.cues:
        if c.category != "hedge" or any(p.span[0] <= c.start < p.span[1] for p in view.periods):
            continue
        if c.start >= cue.end and _RELATIVE_BEFORE_HEDGE.search(view.text, cue.end, c.start):
            continue
        if expansion and c.start >= cue.end and view.lower[c.start : c.end] in _CONDITIONS:
            continue
        return True
    return False


_CONDITIONS = frozenset({"if", "si", "wenn", "falls", "如果", "若"})


_CLAUSE_SPLIT = re.compile(r"[;；]")
_LATER_START = re.compile(
    r"(?:beginning|starting|commencing|from|à partir d['’e]\s*(?:l['’]|la\s+)?|dès|ab|von|从|自)\s*(?:in\s+|en\s+)?$"
)
# "…in May 2025, followed by terbium oxide in June", "suivis de l'oxyde de terbium en juin": a
# second first, with its own date.
_FOLLOWED = re.compile(
    r"\b(?:followed by|then|suivie?s? (?:de|par)|puis|gefolgt von|danach)\b|随后|其后|之后", re.IGNORECASE
)


def _clauses(view: SentenceView) -> list[tuple[int, int]] | None:
    """The clauses of a sentence that tells one event per clause ("英洛华…与长汀县签约，…；格林美…
    与长汀县签约，…"): cut at semicolons, where two clauses or more hold a corporate cue."""
    cuts = [m.start() for m in _CLAUSE_SPLIT.finditer(view.text)]
    if not cuts:
        return None
    bounds = list(zip([0, *(c + 1 for c in cuts)], [*cuts, len(view.text)], strict=True))
    with_cue = [(lo, hi) for lo, hi in bounds if any(lo <= c.start < hi for c in view.cues_with_prefix("corporate."))]
    return with_cue if len(with_cue) >= 2 else None


def extract_corporate(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    clauses = _clauses(view)
    if clauses is None:
        return _extract(view, ctx)
    return [fact for lo, hi in clauses for fact in _extract(view.part(lo, hi), ctx)]


def _extract(view: SentenceView, ctx: DocContext) -> list[Fact]:
    cues = [c for c in view.cues_with_prefix("corporate.") if _usable(view, c)]
    found = {c.category.split(".", 1)[1]: c for c in reversed(cues)}
    if not found:
        return []
    action = _action(view, found)
    if action is None:
        return []
    cue = found[action]
    if _hedged(view, cue):
        return []
    subject = _subject(view, ctx, cue.start, action)
    customer = None
    if action in {"agreement", "offtake"}:
        supplier = _supplier_after(view, cue)
        if supplier is not None and (subject is None or subject.mention is None):
            # "Als erster Großkunde hat der Autozulieferer Schaeffler einen Liefervertrag mit Heraeus
            # Remloy unterzeichnet": the company named after "mit" supplies; the customer is the other
            # party (not a government body: "The U.S. Department of Defense signed a contract with")
            customer = subject.name if subject is not None else _described_name(view, cue.start)
            body = next((m for m in view.of_kind("body") if m.start < cue.start), None)
            bare = subject is None and not any(
                m.start < cue.start for m in view.mentions if m.kind in {"company", "body", "area"}
            )  # "• Binding offtake agreement signed with Japan Australia Rare Earths"
            if (customer and body is None) or bare:
                subject = _of_mention(supplier)
            elif body is not None and action == "offtake":
                subject, customer = _of_mention(supplier), body.surface  # "DOW has entered into an offtake with"
            else:
                customer = None
    if subject is None:
        return []
    after = subject.end if subject.end <= cue.start else 0
    counterparties = _other_companies(view, subject.key, subject.name, after, unknown=action in _DEALS)
    if customer and customer not in counterparties:
        counterparties.insert(0, customer)
    if action in _DEALS:
        for named in _NAME_BEFORE_DEAL.finditer(view.text, after):  # "lines up German JV and GKN offtake"
            name = named.group(1)
            if (
                named.start(1) > 0
                and name != subject.name
                and name.split()[0].lower() not in _DEAL_ADJECTIVES
                and name not in counterparties
                and not _covered(view, *named.span(1))
            ):
                counterparties.append(name)
    places = view.of_kind("place")
    place = ", ".join(dict.fromkeys(m.entity.name for m in places)) if places else None
    date = next(
        (
            p.period
            for p in view.periods
            if p.period
            and p.kind in {"day", "month", "year"}
            and not p.target
            and not p.baseline
            and not _LATER_START.search(view.lower, max(0, p.span[0] - 16), p.span[0])
        ),
        None,
    )  # not "supply beginning in 2027", "to 1,200 t by 2028": the event's own date
    key = ("corporate", subject.key, action)
    if subject.mention is not None:
        ctx.last_company = subject.mention
    if _seen_short(ctx, subject, action):
        return []
    if key in ctx.seen and not _new_party(ctx, key, counterparties):
        earlier = ctx.events.get(("corporate-fact", *key[1:]))
        if earlier and _title_line(earlier[0].sentence) and not _title_line(view.original):
            # the headline's event told again: the body's sentence is the better source
            fields = {"company": subject.name, "action": action, "counterparties": counterparties}
            _restate(ctx, earlier[0], key, view, fields, place, date)
        return []
    other_side = _told_from_other_side(ctx, subject, action, counterparties)
    ctx.seen.add(key)
    ctx.seen.update(("corporate-party", *key, c.lower()) for c in counterparties)
    ctx.seen.add(("corporate-name", subject.name.lower(), action))
    fields = {
        "company": subject.name,
        "action": action,
        "counterparties": counterparties,
        "place": place,
        "date": date,
    }
    fact = make_fact("corporate_event", view, fields, f"corporate.{action}", 0.7)
    if other_side is not None:
        # one deal: the sentence that tells it from the buyer's or seller's side is the better
        # source than a headline that only named the other party; what the headline said of that
        # party's deals is told again below ("Apple deal and Pentagon price floor")
        earlier, earlier_key = other_side
        old = ("corporate", earlier_key, action)
        ctx.seen.difference_update(
            {k for k in ctx.seen if k == old or (len(k) == 5 and k[0] == "corporate-party" and k[1:4] == old)}
        )
        ctx.seen.discard(("corporate-name", earlier.fields["company"].lower(), action))
        ctx.events.pop(("corporate-fact", earlier_key, action), None)
        earlier.sentence, earlier.span, earlier.lang = fact.sentence, fact.span, fact.lang
        parties = list(dict.fromkeys([*counterparties, earlier.fields["company"]]))
        earlier.fields = {**fields, "counterparties": parties}
        fact = earlier
    ctx.events[("corporate-fact", subject.key, action)] = [fact]
    _note_subject(ctx, customer or subject.name)
    facts = [fact] if other_side is None else []
    later = _followed_date(view, cue, date) if action == "first_production" else None
    if later is not None and (*key, later) not in ctx.seen:
        ctx.seen.add((*key, later))
        facts.append(make_fact("corporate_event", view, {**fields, "date": later}, f"corporate.{action}", 0.7))
    return facts


def _previous_subject(ctx: DocContext) -> str | None:
    """The grammatical subject of the corporate event of the sentence just before this one."""
    return next((k[2] for k in ctx.events if k[0] == "corporate-last" and k[1] == ctx.view_index - 1), None)


def _note_subject(ctx: DocContext, name: str) -> None:
    for key in [k for k in ctx.events if k[0] == "corporate-last"]:
        del ctx.events[key]
    ctx.events[("corporate-last", ctx.view_index, name)] = []


def _title_line(sentence: str) -> bool:
    """A headline: no sentence-final stop ("eVAC opens South Carolina magnet plant, signs …")."""
    return not sentence.rstrip().endswith((".", "。", "!", "?", "！", "？", ")", "）", "]"))


def _restate(ctx: DocContext, earlier: Fact, key: tuple, view: SentenceView, fields: dict, place, date) -> None:
    """Move a headline's fact to the body sentence that tells it again, with the body's parties."""
    ctx.seen.difference_update({k for k in ctx.seen if len(k) == 5 and k[0] == "corporate-party" and k[1:4] == key})
    ctx.seen.update(("corporate-party", *key, c.lower()) for c in fields["counterparties"])
    earlier.sentence, earlier.span, earlier.lang = view.original, view.span, view.lang
    earlier.fields = {
        **fields,
        "place": place or earlier.fields.get("place"),
        "date": date or earlier.fields.get("date"),
    }


def _followed_date(view: SentenceView, cue, date: str | None) -> str | None:
    """The date of a second first told after "followed by" in the same sentence."""
    followed = _FOLLOWED.search(view.text, cue.end)
    if followed is None:
        return None
    for p in view.periods:
        if p.span[0] >= followed.end() and p.period and p.kind in {"day", "month"} and p.period != date:
            return p.period
    return None
