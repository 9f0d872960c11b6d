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


def text_keys(lexicon: Lexicon, topics: TopicFinder, text: str) -> Counter[str]:
    """Entity and topic keys of a text (a query, or a document without sentence views)."""
    mentions = lexicon.entity_matcher.find(text, lower_same_length(text))
    keys = entity_keys(mentions, lexicon.elements)
    keys.update({f"topic:{t}": n for t, n in topics.find(text).items()})
    return keys
