"""What every extractor sees: a sentence with its quantities, periods, entities and cues.

A `SentenceView` is built once per sentence and shared by the eight extractors, so the
sentence is scanned once. `DocContext` carries what a document has established so far
(the reporter of its trade figures, the company it is about), because news writes
"September volume: 5,774 t" right after naming China's exports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reewatch.lexicon import Cue, Entity, Mention
from reewatch.models import Fact, Quantity
from reewatch.normalise.dates import PeriodMention
from reewatch.normalise.quantities import as_number

# A short company name: a capitalised word of three letters or more ("Neo", "Vulcan", "IREL").
_SHORT_NAME = re.compile(r"[A-Z][A-Za-z\u00c0-\u024f'’-]{2,}")
_LATIN = r"[A-Za-z0-9\u00c0-\u024f]"  # a short name may touch a CJK character: "Neo公司"
_NEXT_NAME = re.compile(r"[ -][A-Z]")  # "Vulcan Materials": the head of another name
# Common words that head company names ("Rare Element Resources", "Energy Fuels", "Groupe
# Renault"): never short names ("*"), or not in a sentence of that language.
_NOT_SHORT_NAMES: dict[str, frozenset[str]] = {
    "*": frozenset(
        """The Rare Earth Earths Energy General Golden Critical Northern Southern Eastern Western Inner Less Peak
        Rising Star Urban Vital Defense Defence National New United Global First Great Advanced Metal Metals
        Mining Magnet Magnets Green Clean Royal International Pacific Atlantic Central North South East West
        Electron Group Groupe Gruppe Société Compagnie Robert San Saint Santa Shin Zhong""".split()
    ),
    "en": frozenset("This That These Its Our China Chinese Nation State Power Material Materials".split()),
    "fr": frozenset("Les Terres Nouvelle Générale Française Européenne Chine Matériaux Énergie".split()),
    "de": frozenset("Die Der Das Seltene Neue Deutsche Bayerische Energie Materialien".split()),
}

# A document's lead: its first few lines (furniture, headline, dateline, first sentence).
_LEAD_VIEWS = 4
_SUBJECT_REACH = 20  # a company named within this many characters of a sentence's start leads it
# References that are pronouns ("it", "son", 其): they follow the sentence before, never the main company.
_PRONOUN_REFS = frozenset("it its son sa ses il elle 其".split())
# Characters before 公司 that make it some other company: 上市公司, 子公司, 该公司, 合资公司, 矿业公司.
_NOT_BARE = frozenset("市子母股资資新该該这這此本业業土分属屬家型类類团團材方营營eE")


def _pronoun(view: SentenceView, cue: Cue) -> bool:
    return view.lower[cue.start : cue.end] in _PRONOUN_REFS


def _always_main(view: SentenceView, cue: Cue) -> bool:
    """A bare 公司 ("公司预计…", "取得公司控股权") or a release's capitalised "the Company": the
    company the document is about."""
    surface = view.text[cue.start : cue.end]
    if surface == "公司":
        return not (cue.start and view.text[cue.start - 1] in _NOT_BARE)
    return surface.endswith("Company") and surface[:1] in "tT"


GENERIC_PRODUCTS = frozenset({"rare-earths", "re-magnets", "re-oxides", "re-metals", "re-compounds"})
CLAUSE_BREAKS = ";；。!?！？"


@dataclass(slots=True)
class SentenceView:
    """One sentence, normalised, with everything found in it (spans in `text`)."""

    doc_id: str
    text: str
    lower: str
    lang: str
    original: str  # the sentence as it stands in the document
    span: tuple[int, int]  # of `original` in the document text
    quantities: list[Quantity]
    periods: list[PeriodMention]
    mentions: list[Mention]
    cues: list[Cue]
    _categories: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._categories = {c.category for c in self.cues}

    def part(self, lo: int, hi: int) -> SentenceView:
        """The view of one part of the sentence (a clause): the same offsets, the rest blanked
        out, and only what was found inside it."""
        n = len(self.text)

        def blank(text: str) -> str:
            return " " * lo + text[lo:hi] + " " * (n - hi)

        def inside(a: int, b: int) -> bool:
            return lo <= a and b <= hi

        return SentenceView(
            doc_id=self.doc_id,
            text=blank(self.text),
            lower=blank(self.lower),
            lang=self.lang,
            original=self.original,
            span=self.span,
            quantities=[q for q in self.quantities if inside(*q.span)],
            periods=[p for p in self.periods if inside(*p.span)],
            mentions=[m for m in self.mentions if inside(m.start, m.end)],
            cues=[c for c in self.cues if inside(c.start, c.end)],
        )

    # ------------------------------------------------------------- cues
    def has(self, *categories: str) -> bool:
        return any(c in self._categories for c in categories)

    def has_prefix(self, prefix: str) -> bool:
        return any(c.startswith(prefix) for c in self._categories)

    def cues_of(self, *categories: str) -> list[Cue]:
        return [c for c in self.cues if c.category in categories]

    def cues_with_prefix(self, prefix: str) -> list[Cue]:
        return [c for c in self.cues if c.category.startswith(prefix)]

    def cue_near(
        self,
        categories: Iterable[str],
        start: int,
        end: int,
        before: int,
        after: int,
        accept: Callable[[Cue], bool] | None = None,
    ) -> Cue | None:
        """The cue of `categories` closest to [start, end), within `before`/`after` characters
        (and, with `accept`, one that it accepts)."""
        cats = set(categories)
        best: tuple[int, Cue] | None = None
        for c in self.cues:
            if c.category not in cats or (accept is not None and not accept(c)):
                continue
            if c.end <= start and start - c.end <= before and not self.breaks(c.end, start):
                dist = start - c.end
            elif c.start >= end and c.start - end <= after and not self.breaks(end, c.start):
                dist = c.start - end
            else:
                continue
            if best is None or dist < best[0]:
                best = (dist, c)
        return best[1] if best else None

    def breaks(self, a: int, b: int) -> bool:
        """Whether a clause break (; 。) lies between positions a and b."""
        return any(ch in CLAUSE_BREAKS for ch in self.text[min(a, b) : max(a, b)])

    # --------------------------------------------------------- entities
    def of_kind(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind in kinds]

    def nearest(
        self, mentions: Sequence[Mention], pos: int, before_only: bool = False, limit: int = 10_000
    ) -> Mention | None:
        best: tuple[int, Mention] | None = None
        for m in mentions:
            if m.end <= pos:
                dist = pos - m.end
            elif before_only:
                continue
            else:
                dist = m.start - pos + 1  # on a tie, the mention before wins
            if dist <= limit and (best is None or dist < best[0]):
                best = (dist, m)
        return best[1] if best else None

    def period_near(self, start: int, end: int, allow_baseline: bool = False) -> PeriodMention | None:
        best: tuple[int, PeriodMention] | None = None
        for p in self.periods:
            if p.baseline and not allow_baseline:
                continue
            dist = start - p.span[1] if p.span[1] <= start else p.span[0] - end + 1
            if dist < 0:
                dist = 0
            if best is None or dist < best[0]:
                best = (dist, p)
        return best[1] if best else None

    def hedged(self, start: int = 0, end: int | None = None) -> bool:
        """Whether the sentence speaks of something that may or may not happen."""
        end = len(self.text) if end is None else end
        return any(c.category == "hedge" and start <= c.start < end for c in self.cues)


@dataclass(slots=True)
class DocContext:
    """What a document has established so far, for sentences that leave it implicit."""

    doc_id: str
    doc_date: date | None
    home_area: str | None = None  # the area the document mentions most
    last_reporter: str | None = None
    last_trade_product: str | None = None
    last_flow: str | None = None
    last_month_period: str | None = None
    last_period: str | None = None
    last_trade_view: int | None = None  # index of the last sentence that gave trade flows
    view_index: int = 0
    previous_view: SentenceView | None = None  # the sentence before this one ("China made 92% of it")
    last_company: Mention | None = None
    last_company_view: int = -1  # the sentence that named it
    last_company_led: bool = False  # named at the head of that sentence, as its subject
    main_company: Mention | None = None  # the company the document is about (see main_of)
    last_holder: Mention | None = None
    last_production: tuple[int, Mention, PeriodMention | None] | None = None  # (sentence, entity, period)
    last_product: str | None = None
    table_unit: tuple[str, str] | None = None  # from a price table's header: ("CNY", "t")
    seen: set[tuple[Any, ...]] = field(default_factory=set)
    events: dict[tuple[Any, ...], list[Fact]] = field(default_factory=dict)  # policy events so far
    last_policy: tuple[int, Mention, str] | None = None  # (sentence, actor mention, actor code)
    # The pipeline's record of every sentence, facts or not:
    last_element: str | None = None  # the rare-earth element last named ("Dy", "PrNd"), by itself or in a product
    last_element_view: int = -1  # the sentence that named it
    last_stated_period: PeriodMention | None = None  # the last month, quarter, half or year a sentence stated
    last_stated_view: int = -1  # the sentence that stated it
    aliases: dict[str, Entity | None] = field(default_factory=dict)  # "Neo" -> Neo Performance Materials
    _alias_pattern: re.Pattern[str] | None = None

    @staticmethod
    def home_of(views: Sequence[SentenceView]) -> str | None:
        counts = Counter((m.entity.area or m.id) for v in views for m in v.mentions if m.kind in {"area", "body"})
        counts.pop("WORLD", None)
        return counts.most_common(1)[0][0] if counts else None

    @staticmethod
    def main_of(views: Sequence[SentenceView]) -> Mention | None:
        """The company a document is about: the one its headline or lead names, where it is
        named in at least 40% of the sentences that name a company, or else one named in at
        least 60% of them (and in two sentences or more). None for a page about several
        (a news digest, a market overview): there "the company" is the company just named."""
        counts: Counter[str] = Counter()
        first: dict[str, tuple[int, Mention]] = {}
        lead: list[str] = []
        naming = 0
        for i, view in enumerate(views):
            ids: list[str] = []
            for m in view.mentions:
                if m.kind == "company" and m.id not in ids:
                    ids.append(m.id)
                    first.setdefault(m.id, (i, m))
            if not ids:
                continue
            if not naming and i <= _LEAD_VIEWS:
                lead = ids
            naming += 1
            counts.update(ids)
        if not naming:
            return None
        best = max(counts, key=lambda cid: (counts[cid], cid in lead, -first[cid][0]))
        share = counts[best] / naming
        if (best in lead and share >= 0.4) or (counts[best] >= 2 and share >= 0.6):
            return first[best][1]
        return None

    def note_companies(self, view: SentenceView, companies: Sequence[Mention], is_known: Callable[[str], bool]) -> None:
        """A sentence named companies: the first is the one a later "the company" may mean."""
        self.last_company = companies[0]
        self.last_company_view = self.view_index
        main = self.main_company
        # the subject of its sentence, unless that sentence is about the main company as well
        # ("中国稀土集团…取得公司控股权，公司随后更名": the listed company is still the topic)
        self.last_company_led = companies[0].start <= max(_SUBJECT_REACH, len(view.text) * 0.3) and not (
            main is not None
            and (
                any(m.id == main.id for m in companies)
                or any(_always_main(view, c) for c in view.cues_of("company_ref"))
            )
        )
        for m in companies:
            self.learn_alias(m, is_known)

    def referent(self, view: SentenceView, ref: Cue | None = None) -> Mention | None:
        """The company a reference in `view` means ("the company", 公司, "la société", 该公司;
        `ref`, else the sentence's first such cue that is not a pronoun).

        Without a main company (`main_of`), the company named last. With one: a bare 公司 and
        a press release's "the Company" are always the main company; "the company", 该公司 or
        "la société" are the company named just before it in the sentence, or at the head of
        the sentence before, else the main company (not a shareholder or partner named in
        passing: "中国稀土集团…取得公司控股权。目前公司拥有…产能" is the listed company's)."""
        main, last = self.main_company, self.last_company
        if ref is None:
            ref = next((c for c in view.cues_of("company_ref") if not _pronoun(view, c)), None)
        if ref is None or main is None:
            return last  # a pronoun ("it", "son", 其) follows the sentence before
        if _always_main(view, ref):
            return main
        before = [m for m in view.mentions if m.kind == "company" and m.end <= ref.start]
        if before:
            return before[-1]
        if last is not None and self.last_company_led and 0 < self.view_index - self.last_company_view <= 1:
            return last
        return main

    def recent_element(self, within: int = 2) -> str | None:
        """The element one of the last `within` sentences named: what "its oxide", "son oxyde",
        "其氧化物" refer to."""
        return self.last_element if 0 < self.view_index - self.last_element_view <= within else None

    def recent_period(self, within: int = 2) -> PeriodMention | None:
        """The period one of the last `within` sentences stated ("Lynas released its September
        quarter report. The company produced ...")."""
        return self.last_stated_period if 0 < self.view_index - self.last_stated_view <= within else None

    def learn_alias(self, mention: Mention, is_known: Callable[[str], bool]) -> None:
        """Learn the short form of a company the document names by a longer name: "Neo" after
        "Neo Performance Materials". The short form is the first word of its name (as written
        or in the lexicon), capitalised, at least three letters, and not a name the lexicon
        knows as something else (`is_known`: "China" of China Northern Rare Earth)."""
        for name in (mention.entity.name, mention.surface):
            head = name.split(None, 1)[0] if " " in name else ""
            if not _SHORT_NAME.fullmatch(head) or head in _NOT_SHORT_NAMES["*"]:
                continue
            known = self.aliases.get(head, mention.entity)
            if known is not None and known.id != mention.entity.id:
                self.aliases[head] = None  # two companies of the document share it: neither's
            elif head not in self.aliases:
                self.aliases[head] = None if is_known(head) else mention.entity
            else:
                continue
            names = sorted((h for h, e in self.aliases.items() if e is not None), key=len, reverse=True)
            alternation = "|".join(map(re.escape, names))
            self._alias_pattern = re.compile(rf"(?<!{_LATIN})(?:{alternation})(?!{_LATIN})") if names else None

    def alias_mentions(self, view: SentenceView) -> list[Mention]:
        """Where a sentence names a company of the document by its short form ("de Neo",
        "Neo's plant"), outside the names the lexicon found and not at the head of another
        capitalised name ("Vulcan Materials" is not Vulcan Elements)."""
        if self._alias_pattern is None:
            return []
        out = []
        common = _NOT_SHORT_NAMES.get(view.lang, frozenset())
        for m in self._alias_pattern.finditer(view.text):
            word, start, end = m.group(), m.start(), m.end()
            entity = self.aliases.get(word)
            if entity is None or word in common or _NEXT_NAME.match(view.text, end):
                continue
            if any(k.start < end and start < k.end for k in view.mentions):
                continue
            out.append(Mention(entity, start, end, word))
        return out


def num(value: Any) -> int | float | None:
    return as_number(value) if value is not None else None


def make_fact(
    kind: str, view: SentenceView, fields: dict[str, Any], rule: str, confidence: float, raw: str | None = None
) -> Fact:
    return Fact(
        type=kind,
        doc_id=view.doc_id,
        sentence=view.original,
        span=view.span,
        lang=view.lang,
        fields=fields,
        confidence=confidence,
        raw=raw,
        rule=rule,
    )


def currency_of(view: SentenceView, q: Quantity, *areas: str | None) -> str | None:
    """The currency of an amount; "¥" is yuan in Chinese news but yen in Japanese news, or
    next to a Japanese company or country (`areas` adds those known from context)."""
    if (
        q.currency == "CNY"
        and q.raw.lstrip("+-").startswith(("¥", "￥"))
        and (view.lang == "ja" or "JP" in areas or any(m.entity.area == "JP" for m in view.mentions))
    ):
        return "JPY"
    return q.currency


def signed_change(view: SentenceView, q: Quantity) -> float | None:
    """A percentage as a signed change: "down 6.1%" is -6.1, "(+50.76%)" is 50.76."""
    if q.kind != "percent":
        return None
    value = float(q.value)
    if q.signed:
        return value
    reach = 50 if _BY_BEFORE.search(view.lower, max(0, q.span[0] - 6), q.span[0]) else 22
    cue = view.cue_near(("up", "down", "flat"), q.span[0], q.span[1], before=reach, after=14)
    if cue is None:
        return None
    if cue.category == "down":
        return -abs(value)
    if cue.category == "up":
        return abs(value)
    return None


# "stieg binnen einer Woche um 5,4 %", "rose by 3%", "en hausse de 2 %": the amount of a move
_BY_BEFORE = re.compile(r"(?:\bum|\bby|\bde|了)\s*$")
_APPROXIMATELY = re.compile(
    r"(?:more than|over|above|almost|nearly|about|around|up to|plus de|près de|environ|jusqu'à|mehr als|über|rund|"
    r"超过|超|逾|近|约|達|约为)\s*$"
)


def is_change(view: SentenceView, q: Quantity) -> bool:
    """Whether a percentage is a change rather than a level ("up 21%" vs "90% of output")."""
    if q.kind != "percent":
        return False
    before = view.lower[max(0, q.span[0] - 8) : q.span[0]]
    if before.rstrip().endswith((" from", " to", "从", "至", " à", " auf")):
        return False  # "rose to 90%", "up from 70%": levels
    if q.signed:
        return True
    qualifier = _APPROXIMATELY.search(view.lower, max(0, q.span[0] - 14), q.span[0])
    if (
        qualifier
        and not view.cue_near(("mom", "yoy", "qoq", "wow"), q.span[0], q.span[1], before=14, after=24)
        and not any(c.category in {"up", "down"} and 0 <= qualifier.start() - c.end <= 4 for c in view.cues)
    ):
        return False  # "more than 90%", "plus de 90 %", "超过90%" are levels; "rose about 2%" is a change
    reach = 50 if _BY_BEFORE.search(view.lower, max(0, q.span[0] - 6), q.span[0]) else 22
    return bool(
        view.cue_near(("up", "down"), q.span[0], q.span[1], before=reach, after=14)
        or view.cue_near(("mom", "yoy", "qoq", "wow"), q.span[0], q.span[1], before=14, after=24)
    )


def basis(view: SentenceView, q: Quantity) -> str | None:
    """Which comparison a change is: mom, yoy, qoq or wow (None when unstated).

    Chinese, Japanese and Korean put the comparison first (环比增长9%, 前年同月比35%減),
    European languages after (21% month-on-month, 5 % sur un an); a comma or another
    number between them ends the search. "down 9.7% from September" compares months.
    """
    kinds = ("mom", "yoy", "qoq", "wow")
    before = [
        c
        for c in view.cues
        if c.category in kinds
        and c.end <= q.span[0]
        and q.span[0] - c.end <= 14
        and not _separated(view, c.end, q.span[0])
    ]
    after = [
        c
        for c in view.cues
        if c.category in kinds
        and c.start >= q.span[1]
        and c.start - q.span[1] <= 40
        and not _separated(view, q.span[1], c.start)
    ]
    first, second = (before, after) if view.lang in {"zh", "ja", "ko"} else (after, before)
    if first:
        return min(first, key=lambda c: abs(c.start - q.span[0])).category
    if second:
        return min(second, key=lambda c: abs(c.start - q.span[0])).category
    for p in view.periods:
        if p.baseline and q.span[1] <= p.span[0] <= q.span[1] + 40 and not _separated(view, q.span[1], p.span[0]):
            return {"year": "yoy", "month": "mom", "quarter": "qoq"}.get(p.kind)
    # "a 5.1% increase in quantity but a 9.8% decrease in value year-on-year": one basis for all
    stated = {c.category for c in view.cues if c.category in kinds}
    if len(stated) == 1:
        return stated.pop()
    return None


def _separated(view: SentenceView, a: int, b: int) -> bool:
    """A comma, clause break or another number between a and b."""
    between = view.text[a:b]
    return any(ch in ",，;；。" for ch in between) or any(a <= q.span[0] < b for q in view.quantities)


# What may stand between a number and the material it measures: "98% of the world's primary gallium".
_OF_THE = re.compile(
    r"\s*(?:(?:of|de|d'|du|des|der|of the|的|t|tonnes?|tons?)\s*)*"
    r"(?:(?:the|world's|global|primary|refined|total|all|la|les|le|mondiale?s?|weltweiten)\s+)*"
)


def non_re_material_near(view: SentenceView, start: int, end: int, window: int = 30) -> bool:
    """Whether a non-rare-earth material (lithium, gallium, silicon...) is named next to a number."""
    for m in view.of_kind("material"):
        # before the number ("lithium output reached 5,000 t"), or right after it ("5,000 t of
        # lithium"); not further on ("200,000 t of capacity, with silicon materials at ...")
        after = end <= m.start <= end + 40 and bool(_OF_THE.fullmatch(view.lower[end : m.start]))
        if (start - window <= m.end <= start and not view.breaks(m.end, start)) or after:
            products = [p for p in view.of_kind("product", "element") if abs(p.start - start) < abs(m.start - start)]
            if not products:
                return True
    return False
