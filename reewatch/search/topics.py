"""Language-free keys of a text: the entities the lexicon recognises and the glossary topics.

A document about 镝 出口 and one about "dysprosium exports" both carry the keys
`element:Dy` and `topic:export`; a query in any language is turned into the same keys.
This is what makes search work across languages without translation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cached_property

import ahocorasick

from reewatch.lexicon import Lexicon, Mention
from reewatch.normalise.text import lower_same_length
from reewatch.store.keys import elements_of

_ENTITY_KINDS = {"element", "product", "area", "company", "body", "place", "sector"}
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


class TopicFinder:
    """Finds glossary topics (export, price, magnet ...) in text of any language."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.compounds = CompoundSplitter(lexicon)
        self.months = MonthFinder(lexicon)

    @cached_property
    def _automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        by_term: dict[str, set[str]] = {}
        for concept, langs in self.lexicon.glossary.items():
            for terms in langs.values():
                for term in terms:
                    by_term.setdefault(term.lower(), set()).add(concept)
        for term, concepts in by_term.items():
            # (length, whether it is a Latin term that must stand as a whole word, its concepts)
            automaton.add_word(term, (len(term), bool(_LATIN.match(term[0])), tuple(sorted(concepts))))
        automaton.make_automaton()
        return automaton

    def find(self, text: str) -> Counter[str]:
        """Topic -> number of mentions. Latin terms must be whole words; CJK terms may sit in words."""
        lower = text.lower()
        if len(self.lexicon.glossary) == 0:
            return Counter()
        n = len(lower)
        hits: list[tuple[str, ...]] = []
        for end, (length, whole_word, concepts) in self._automaton.iter(lower):
            if whole_word:
                start = end - length + 1
                if (start > 0 and lower[start - 1].isalnum()) or (end + 1 < n and lower[end + 1].isalnum()):
                    continue  # an apostrophe or hyphen ends a word: "d'aimants", "Seltene-Erden-Magnete"
            hits.append(concepts)
        return Counter(concept for concepts in hits for concept in concepts)

    def forms(self, concept: str) -> list[str]:
        return [t for terms in self.lexicon.glossary.get(concept, {}).values() for t in terms]


def entity_keys(mentions: Iterable[Mention], symbols: Iterable[str]) -> Counter[str]:
    """Keys of recognised entities; a product also names its elements (dy-oxide -> element:Dy)."""
    symbols = list(symbols)
    keys: Counter[str] = Counter()
    for m in mentions:
        if m.kind not in _ENTITY_KINDS:
            continue
        keys[f"{m.kind}:{m.id}"] += 1
        if m.kind == "product":
            keys.update(f"element:{e}" for e in elements_of(m.id, symbols))
    return keys


_LONG_WORD = re.compile(r"[A-Za-zÀ-ÿ]{9,}")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
_MIN_PART = 4
# What may join or end the parts of a German compound: Dysprosium|s|preis, Magnet|exporte.
_LINKS = ("", "s")
_ENDINGS = ("", "e", "en", "n", "s", "es")


class CompoundSplitter:
    """Known words inside German-style compounds, which the lexicon cannot list one by one:
    "Dysprosiumpreis" = dysprosium + preis, "Magnetexporte" = magnet + export(e).

    A long word that is no known form itself is split where both parts are known forms
    (entity names and glossary terms of any Latin-script language, four letters at least),
    allowing a linking "s" and the usual endings on the second part."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @cached_property
    def _known(self) -> frozenset[str]:
        words = {f for forms in self.lexicon.all_entity_forms() for f in forms}
        words.update(t for langs in self.lexicon.glossary.values() for terms in langs.values() for t in terms)
        return frozenset(w.lower() for w in words if len(w) >= _MIN_PART and _LATIN_WORD.fullmatch(w))

    def parts(self, text: str) -> list[str]:
        """The known parts of the compounds of a text, in order (nothing for a text without any)."""
        known = self._known
        found: list[str] = []
        for word in _LONG_WORD.findall(text):
            word = word.lower()
            if word in known:
                continue
            for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
                head = word[:cut]
                if head not in known:
                    continue
                tail = self._known_tail(word[cut:], known)
                if tail:
                    found += [head, tail]
                    break
        return found

    @staticmethod
    def _known_tail(rest: str, known: frozenset[str]) -> str | None:
        for link in _LINKS:
            if link and not rest.startswith(link):
                continue
            body = rest[len(link) :]
            for ending in _ENDINGS:
                if ending and not body.endswith(ending):
                    continue
                stem = body[: len(body) - len(ending)]
                if len(stem) >= _MIN_PART and stem in known:
                    return stem
        return None


# Months a title names: "October", "Oktober", "10月", "10월" (not "10月9日", a day). Names of three
# letters or fewer ("May", "mai", "Oct") count only beside a year: "may" is also a verb.
_CJK_MONTH = re.compile(r"(?<![\d.\-~～/])(1[0-2]|0?[1-9])\s*[月월](?!\s*\d{1,2}\s*[日일])")


class MonthFinder:
    """The months a short text (a title, a query) names, as keys `month:10`."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @cached_property
    def _names(self) -> tuple[dict[str, int], re.Pattern[str]]:
        ambiguous = {str(w).lower() for w in self.lexicon.dates.get("ambiguous_months") or []}
        month_of = {
            str(name).lower(): int(month)
            for month, names in self.lexicon.dates["months"].items()
            for name in names
            if str(name).lower() not in ambiguous
        }
        long = [n for n in month_of if len(n) > 3]
        short = [n for n in month_of if len(n) <= 3]
        alternation = "|".join(re.escape(n) for n in sorted(long, key=len, reverse=True))
        if short:
            alternation += r"|(?:" + "|".join(re.escape(n) for n in short) + r")(?=\.?\s+(?:19|20)\d\d)"
        return month_of, re.compile(rf"(?<![\w])(?:{alternation})(?![\w])", re.IGNORECASE)

    def keys(self, text: str) -> Counter[str]:
        month_of, pattern = self._names
        found: Counter[str] = Counter()
        for m in pattern.finditer(text):
            found[f"month:{month_of[m.group().lower()]}"] += 1
        for m in _CJK_MONTH.finditer(text):
            found[f"month:{int(m.group(1))}"] += 1
        return found


def text_keys(lexicon: Lexicon, topics: TopicFinder, text: str) -> Counter[str]:
    """Entity and topic keys of a text (a query, or a document without sentence views).

    The known parts of compounds count as words of the text ("Dysprosiumpreis": dysprosium, price)."""
    parts = topics.compounds.parts(text)
    if parts:
        text = f"{text}\n{' '.join(parts)}"
    mentions = lexicon.entity_matcher.find(text, lower_same_length(text))
    keys = entity_keys(mentions, lexicon.elements)
    keys.update({f"topic:{t}": n for t, n in topics.find(text).items()})
    return keys
