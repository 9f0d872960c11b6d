"""Search as the CLI and the API see it: hits from the index, titles and snippets from the store."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from reewatch.lexicon import Lexicon
from reewatch.search.analyzers import script_lang
from reewatch.search.index import SearchFilter, SearchIndex
from reewatch.store import Store

SNIPPET_CHARS = 240


def highlight_terms(index: SearchIndex, query: str) -> list[str]:
    """The strings a snippet should show in bold: query words, their names in other languages, topic words."""
    # short Latin words (the, to, of, US) would light up every sentence; names are added below
    terms = [w for w in re.findall(r"[^\W_]+", query) if len(w) > 3 or script_lang(w)]
    terms += index.other_names(query)
    for topic in index.topics.find(query):
        terms += index.topics.forms(topic)
    for m in index.lexicon.entity_matcher.find(query, query.lower()):
        if m.kind == "area":
            terms += index.lexicon.forms_of("area", m.id)[:6]
    return list(dict.fromkeys(t for t in terms if t.strip()))


@lru_cache(maxsize=64)  # one query's terms serve every result's snippet
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        escaped = re.escape(term)
        if script_lang(term):
            parts.append(escaped)  # CJK: no word boundaries
        else:
            stem = re.escape(term[: max(4, len(term) - 2)]) if len(term) > 5 else escaped
            parts.append(rf"(?<!\w){stem}\w*")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


@lru_cache(maxsize=64)
def _needles(terms: tuple[str, ...]) -> Any:
    """An automaton of the lower-cased term stems: most sentences hold none of them, and one
    pass of it is far cheaper than the boundary-checking pattern, which then runs only where
    a stem occurs."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in terms:
        needle = term if script_lang(term) or len(term) <= 5 else term[: max(4, len(term) - 2)]
        automaton.add_word(needle.lower(), True)
    automaton.make_automaton()
    return automaton


def snippet(sentences: list[str], terms: list[str], fallback: str = "") -> str:
    """The sentence with the most distinct query terms, cut to size, terms in <b></b>."""
    pattern = _pattern(tuple(terms))
    best, best_score = (sentences[0] if sentences else fallback), 0
    if pattern:
        needles = _needles(tuple(terms))
        for sentence in sentences:
            if next(needles.iter(sentence.lower()), None) is None:
                continue
            score = len({m.group(0).lower() for m in pattern.finditer(sentence)})
            if score > best_score:
                best, best_score = sentence, score
    text = " ".join(best.split())
    if len(text) > SNIPPET_CHARS:
        first = pattern.search(text) if pattern else None
        start = max(0, (first.start() if first else 0) - SNIPPET_CHARS // 3)
        text = ("…" if start else "") + text[start : start + SNIPPET_CHARS].rstrip() + "…"
    return pattern.sub(lambda m: f"<b>{m.group(0)}</b>", text) if pattern else text


def search_store(
    store: Store,
    db_path: str | Path,
    query: str,
    lexicon: Lexicon,
    limit: int = 10,
    lang: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    fact_type: str | None = None,
) -> list[dict[str, Any]]:
    """Results of FACTS.md §5 (`doc_id`, `score`, `title`, `snippet`) plus date, source, language, story.

    `limit` counts stories. Each story's documents come together, best first: its lead
    (`lead: true`, the others' ids in `also`), then its copies and translations with the
    same `story` number. A reader sees stories; a program can keep only the leads.
    """
    from reewatch.indexing import search_path, sync_search

    index = SearchIndex(search_path(db_path), lexicon)
    sync_search(store, index, thorough=False)  # derived data: caught up here if behind the store
    hits = index.search(query, limit, SearchFilter(lang, source, since, until, fact_type))
    members = [
        (story, hit, doc_id, score)
        for story, hit in enumerate(hits, 1)
        for doc_id, score in [(hit.doc_id, hit.score), *hit.also]
    ]
    docs = {d.id: d for d in store.documents([doc_id for _, _, doc_id, _ in members])}
    terms = highlight_terms(index, query)
    results = []
    for story, hit, doc_id, score in members:
        doc = docs.get(doc_id)
        sentences = [s.text for s in store.sentences(doc_id)]
        lead = doc_id == hit.doc_id
        results.append(
            {
                "doc_id": doc_id,
                "score": score,
                "title": doc.title if doc else None,
                "snippet": snippet(sentences, terms, doc.text[:SNIPPET_CHARS] if doc else ""),
                "published": doc.published if doc else None,
                "source": doc.source if doc else None,
                "lang": doc.lang if doc else None,
                "cluster": hit.cluster,
                "story": story,
                "lead": lead,
                "also": [d for d, _ in hit.also] if lead else [],
            }
        )
    return results
