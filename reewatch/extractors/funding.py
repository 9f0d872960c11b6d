"""Funding: grants, loans, awards, equity and investments, with funder, recipient and amount.

The grammar of the field, in every language:
  FUNDER awarded RECIPIENT $X            "The DoD awarded Noveon $28.8 million"
  FUNDER awarded $X to / in RECIPIENT    "...will invest A$200 million in Arafura"
  RECIPIENT received $X from FUNDER      "Ucore received an $18.4 million award from the DoD"
  FUNDER向RECIPIENT提供/增资X             "国家开发银行向北方稀土提供50亿元专项贷款"
  PLACE安排/设立专项资金X                   a local government allocating funds is the funder
  PLACE's total investment of X          "Baotou's rare earth industry ... total investment of 25.2 billion yuan"
Money next to revenue, market size or output value is not funding; a plan that was
dropped or is still being sought is not either.
"""

from __future__ import annotations

import re

from reewatch.extractors.base import DocContext, SentenceView, currency_of, make_fact, non_re_material_near, num
from reewatch.extractors.resolve import area_of
from reewatch.lexicon import Lexicon, Mention
from reewatch.models import Fact

_RAISED_TO = re.compile(
    r"(?:increased|raised|lifted|expanded|boosted|brought|topped up)\s+(?:\w+\s+)?to"
    r"(?:\s+(?:about|approximately|around|nearly|some))?\s*$|(?:提高|增加|上调|增)至$|porté à$"
)
_RECIPIENT_PREPS = (
    "to",
    "in",
    "into",
    "for",
    "à",
    "au",
    "aux",
    "dans",
    "向",
    "给",
    "对",
    "an",
    "in die",
    "에",
    "에게",
    "に",
)
_SOURCE_PREPS = ("from", "by", "du", "de la part de", "de l'", "des", "von", "from the", "自", "から", "로부터")
_RECEIVE = re.compile(
    r"\b(?:received?|receives|receiving|won|wins|secured?|secures|obtained|obtains|got|gets|landed|"
    r"will receive|has received|a obtenu|obtient|reçoit|a reçu|recevra|erhält|erhielt|bekommt)\b"
    r"|获得|获|取得|得到|받|受け",
    re.IGNORECASE,
)
_ALLOCATE = re.compile(
    r"安排|下达|设立|拨付|拨款|earmark|allocat|set up a|établit|débloque|mobilis|设立", re.IGNORECASE
)
_DROPPED = re.compile(
    r"terminat|cancel|scrap|abandon|withdr|seeking|seeks|no lender|yet to|终止|取消|不再|放弃|"
    r"annul|renonc|gestrichen|abgesagt",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(r"government|gouvernement|regierung|政府|정부|l'état|état", re.IGNORECASE)
_ORG_AFTER = re.compile(
    r"\s*(?:the\s+)?((?:[A-Z][\w&'.-]*|of|and|de|du|des)(?:\s+(?:[A-Z][\w&'.-]*|of|and|de|du|des))*)"
)
_PARTIES = {"company", "body", "area", "place"}
_PARTICLES = ("に", "へ", "에게", "에 ")


_CJK_ORG_BEFORE = re.compile(
    r"([\u4e00-\u9fff]{2,16}?(?:基金|银行|銀行|公司|集团|集團|局|部|委员会|委員会|政府|财政厅|管委会|中心))"
    r"(?:[\u4e00-\u9fff]{0,6}?)$"
)
_LATIN_ORG_START = re.compile(
    r"^\W*(?:(?:The|Le|La|L'|Les|Die|Der|El)\s+)?((?:[A-Z][\w&'.-]*)(?:\s+(?:[A-Z][\w&'.-]*|of|and|de|du|des|d'))*)"
)


_ORG_WORDS = {
    "Bank",
    "Fund",
    "Corporation",
    "Corp",
    "Inc",
    "Ltd",
    "Group",
    "Capital",
    "Partners",
    "Agency",
    "Ministry",
    "Department",
    "Banque",
    "Fonds",
    "Agence",
    "Bund",
    "Bundesregierung",
    "Holdings",
}


def _org_before(view: SentenceView, pos: int) -> str | None:
    """The organisation named at the start of the sentence or right before a Chinese verb."""
    head = view.text[:pos]
    if view.lang in {"zh", "ja"}:
        m = _CJK_ORG_BEFORE.search(head[-30:])
        return m.group(1) if m else None
    m = _LATIN_ORG_START.match(head)
    if not m:
        return None
    name = m.group(1).strip()
    words = [w for w in name.split() if w[:1].isupper()]
    # "Venture funding ..." is not an investor: ask for a name of two capitalised words or an org word
    if len(words) >= 2 or any(w in _ORG_WORDS for w in name.split()):
        return name[:60] if name.split()[0].lower() not in {"in", "on", "at", "by", "for", "since"} else None
    return None


def _name(m: Mention) -> str:
    """Areas as codes, companies by their short name, government bodies as the text names them
    ("美国国防部", "Pentagone", "Department of Energy"): a body's display name is English only."""
    if m.kind == "area":
        return m.id
    if m.kind == "body":
        return m.surface
    return m.entity.name


def _preceded_by(view: SentenceView, m: Mention, words: tuple[str, ...]) -> bool:
    before = view.lower[max(0, m.start - 16) : m.start].rstrip()
    for article in (" the", " la", " le", " les", " l'"):
        if before.endswith(article):
            before = before[: -len(article)].rstrip()
    return any(before.endswith(w) for w in words)


def _followed_by(view: SentenceView, m: Mention, words: tuple[str, ...]) -> bool:
    return view.lower[m.end : m.end + 4].startswith(words)


def extract_funding(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    cues = view.cues_of("funding")
    if not cues or view.hedged() or _DROPPED.search(view.text):
        return []
    amounts = [
        q
        for q in view.quantities
        if (q.kind == "money" and not q.per_unit) or (q.kind == "number" and q.value >= 1_000_000)
    ]
    parties = [m for m in view.mentions if m.kind in _PARTIES and area_of(m) != "WORLD"]
    facts: list[Fact] = []
    for q in amounts:
        cue = view.cue_near(("funding",), q.span[0], q.span[1], before=70, after=45)
        if cue is None and facts and _RAISED_TO.search(view.lower[max(0, q.span[0] - 30) : q.span[0]]):
            # "... a contract worth $120 million, later increased to $258 million": same parties
            facts.append(
                make_fact(
                    "funding",
                    view,
                    {**facts[-1].fields, "amount": num(q.value), "currency": q.currency},
                    "funding.raised-to",
                    0.6,
                    raw=q.raw,
                )
            )
            continue
        if non_re_material_near(view, q.span[0], q.span[1], window=80):
            continue  # "green aluminium-based materials ... total investment of 5.31 billion yuan"
        if cue is None or view.cue_near(
            ("funding_exclude", "revenue", "net_profit", "market_value", "price"),
            q.span[0],
            q.span[1],
            before=25,
            after=12,
        ):
            continue
        receive = _RECEIVE.search(view.text, 0, q.span[0])
        funder_m = recipient_m = None
        recipient_text = None
        if receive:  # RECIPIENT received $X from FUNDER
            recipient_m = next((m for m in reversed(parties) if m.end <= receive.start() and m.kind != "place"), None)
            funder_m = next(
                (m for m in parties if m.start > receive.end() and _preceded_by(view, m, _SOURCE_PREPS)), None
            )
        else:
            # FUNDER (the first party named) ... RECIPIENT (marked by to/in/向/に, or the next one named)
            marked = [
                m
                for m in parties
                if m.kind in {"company", "body"}
                and (_preceded_by(view, m, _RECIPIENT_PREPS) or _followed_by(view, m, _PARTICLES))
            ]
            recipient_m = marked[0] if marked else None
            funders = [
                m
                for m in parties
                if m is not recipient_m and m.start < q.span[0] and (m.kind != "place" or _ALLOCATE.search(view.text))
            ]
            funder_m = funders[0] if funders else None
            if recipient_m is None:
                later = [
                    m
                    for m in parties
                    if m.kind in {"company", "body"}
                    and m is not funder_m
                    and (funder_m is None or m.start > funder_m.end)
                ]
                recipient_m = later[0] if later else None
            if funder_m is None and recipient_m is None:
                places = [m for m in parties if m.kind == "place" and m.end <= q.span[0]]
                recipient_m = places[-1] if places else None  # "Baotou's total investment of ..."
        if (recipient_m is None or recipient_m.kind == "area") and not receive:
            tail = view.text[q.span[1] : q.span[1] + 80]
            prep = re.match(r"\s*(?:in\s+\w+\s+)?(?:to|in|into|à|dans)\s+", tail)
            org = _ORG_AFTER.match(tail, prep.end()) if prep else None
            if (
                org
                and org.group(1)[:1].isupper()
                and not any(m.start == q.span[1] + org.start(1) and m.kind == "area" for m in view.mentions)
            ):
                recipient_text = org.group(1).strip()[:60]
                recipient_m = None
            elif prep and tail[prep.end() :].split(" ")[0].lower() in {
                "six",
                "five",
                "three",
                "two",
                "four",
                "several",
            }:
                recipient_text = re.split(r"\s+to\s+|,", tail[prep.end() :])[0].strip()[:60]
        if funder_m is None and view.cues_of("project_ref") and ctx.last_company is not None:
            funder_m = ctx.last_company  # "该项目…总投资12.5亿元": the project of the company just named
            if recipient_m is not None and recipient_m.kind == "place":
                recipient_m = None
        funder_text = None
        if funder_m is None:  # an investor the lexicon does not know: "Bpifrance", "国家开发银行"
            funder_text = _org_before(view, min(cue.start, q.span[0]))
        if funder_m is None and recipient_m is None and recipient_text is None and funder_text is None:
            continue
        funder = _name(funder_m) if funder_m else None
        if (
            funder_m is not None
            and funder_m.kind == "area"
            and _GOVERNMENT.search(view.text[funder_m.end : funder_m.end + 16])
        ):
            funder = funder_m.id
        date = next((p.period for p in view.periods if p.period and p.kind in {"day", "month"}), None)
        fields = {
            "funder": funder or funder_text,
            "recipient": recipient_text or (_name(recipient_m) if recipient_m else None),
            "amount": num(q.value),
            "currency": currency_of(view, q),
            "purpose": None,
            "date": date,
        }
        if q.low is not None:
            fields.update(amount_low=num(q.low), amount_high=num(q.high))
        facts.append(make_fact("funding", view, fields, "funding.amount-near-cue", 0.65, raw=q.raw))
    return facts
