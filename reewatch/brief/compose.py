"""A cited brief: search the store, take the facts of the stories found, and write them up.

The steps, in order:
1. retrieve: `search_store` finds the stories (clusters of copies and translations) that
   answer the query, best first;
2. collect: the stored facts of every document of those stories, each scored by its
   story's rank, by how many of the query's entities it names and by whether its type is
   what the query asks about ("prices" -> price facts);
3. merge: facts that state the same thing (the same price of the same product, market and
   day; the same trade flow of the same month ...) become one insight citing every source;
   where sources give different numbers for the same thing, the insight shows each number
   with its own sources instead of picking one;
4. write: each insight is rendered from its facts by the phrasebook of the brief's
   language, so every number is a stored fact's number; the best insights (at most two per
   group) are the Core Insights, the rest fill the groups (prices, trade, policy ...).

Citations `[n]` number the sources in order of first citation; each citation carries the
document id and the exact sentence the fact came from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reewatch.brief.phrasing import Phrasebook
from reewatch.lexicon import Lexicon
from reewatch.store.base import Store
from reewatch.store.keys import elements_of, fact_day, fact_keys

GROUP_OF_TYPE = {
    "price": "prices",
    "trade_flow": "trade",
    "policy_event": "policy",
    "market_share": "supply",
    "production": "production",
    "company_metric": "companies",
    "corporate_event": "companies",
    "funding": "funding",
}
STORIES = 20  # stories retrieved per brief
CORE = 5  # Core Insights
CORE_PER_GROUP = 2
PER_GROUP = 6
# Two numbers for the same thing agree when within this much (rounding in the press).
SAME_RELATIVE = 0.005
SAME_POINTS = 0.5
# What a fact is about, per type: facts with the same identity and value are one insight.
_IDENTITY: dict[str, tuple[str, ...]] = {
    "price": ("product", "market", "currency", "unit", "as_of"),
    "trade_flow": ("flow", "reporter", "partner", "product", "period"),
    "market_share": ("holder", "stage", "scope", "subject", "year", "kind"),
    "company_metric": ("company", "metric", "period"),
    "production": ("entity", "product", "period", "kind"),
    "funding": ("funder", "recipient", "amount", "currency", "date"),
    "policy_event": ("actor", "action", "items", "targets"),
    "corporate_event": ("company", "action", "counterparties"),
}
# The field that says when; without it two documents' facts are not taken to be the same.
_WHEN = {
    "price": "as_of",
    "trade_flow": "period",
    "market_share": "year",
    "company_metric": "period",
    "production": "period",
}
_VALUE = {
    "price": "value",
    "trade_flow": "quantity",
    "market_share": "share_pct",
    "company_metric": "value",
    "production": "quantity",
}


@dataclass
class Insight:
    """One statement of a brief and the stored facts it was written from."""

    group: str
    facts: list[dict[str, Any]]  # the main statement's facts (same thing, same number)
    alternatives: list[list[dict[str, Any]]] = field(default_factory=list)  # other numbers for it
    score: float = 0.0
    story: int = 0
    tier: int = 2  # 0: names what the query names and is of the type it asks; 1: one of both; 2: context
    text: str = ""
    citations: list[dict[str, Any]] = field(default_factory=list)


def brief_language(query: str, lexicon: Lexicon, lang: str | None = None) -> str:
    """The requested language, else the query's, else English (when no phrasebook has it).

    A query is a few words, too short for a language model alone: the script decides
    for CJK, then the query's function words ("du", "des"), then which language's
    glossary terms it uses ("prix", "terres rares"), and only then lingua.
    """
    if lang:
        return lang
    from reewatch.normalise.language import LanguageIdentifier, _by_function_words, by_script

    found = by_script(query) or _by_function_words(query) or _glossary_language(query, lexicon)
    found = found or LanguageIdentifier().detect(query, default="en")
    return found if found in lexicon.brief_languages() else "en"


def _glossary_language(query: str, lexicon: Lexicon) -> str | None:
    """The language whose glossary terms cover most of the query, if one clearly does."""
    words = re.findall(r"[\w'-]+", query.casefold())
    lower = " " + " ".join(words) + " "
    votes: dict[str, int] = defaultdict(int)
    for langs in lexicon.glossary.values():
        for term_lang, terms in langs.items():
            covered = max((len(t) for t in terms if f" {t.casefold()} " in lower), default=0)
            votes[term_lang] += covered
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _query_keys(query: str, lexicon: Lexicon) -> set[tuple[str, str]]:
    """The fact keys (product/element/country/company) the query names, in any language."""
    symbols = list(lexicon.elements)
    keys: set[tuple[str, str]] = set()
    for m in lexicon.entity_matcher.find(query, query.lower()):
        if m.kind == "element":
            keys.add(("element", m.id))
        elif m.kind == "product" and m.id != "rare-earths":  # "rare earth prices" names no product
            keys.add(("product", m.id))
            keys.update(("element", e) for e in elements_of(m.id, symbols))
        elif m.kind == "area" and m.id not in ("WORLD", "ROW"):
            keys.add(("country", m.id))
        elif m.kind == "company":
            keys.add(("company", m.entity.name.casefold()))
    return keys


def _query_types(query: str, lexicon: Lexicon) -> set[str]:
    from reewatch.search.index import topic_finder

    concepts = topic_finder(lexicon).find(query)
    return {t for c in concepts if (t := lexicon.topic_fact_types.get(c))}


def _identity(record: dict[str, Any]) -> tuple[Any, ...]:
    kind = record["type"]
    values = tuple(
        tuple(sorted(v)) if isinstance(v := record.get(name), list) else (v.casefold() if isinstance(v, str) else v)
        for name in _IDENTITY[kind]
    )
    when = _WHEN.get(kind)
    if when and record.get(when) in (None, ""):
        values += (record["document"],)  # undated: only the same document's facts are the same thing
    return (kind, *values)


def _same_value(kind: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if kind == "market_share":
        return abs(a - b) <= SAME_POINTS
    return abs(a - b) <= SAME_RELATIVE * max(abs(a), abs(b))


def _value(record: dict[str, Any]) -> Any:
    field_name = _VALUE.get(record["type"])
    if not field_name:
        return None
    value = record.get(field_name)
    if value is None and record["type"] == "trade_flow":
        value = record.get("value")
    return value


def _merge(scored: list[tuple[float, int, dict[str, Any]]]) -> list[Insight]:
    """Facts saying the same thing -> one insight; different numbers for it -> alternatives."""
    by_identity: dict[tuple[Any, ...], list[tuple[float, int, dict[str, Any]]]] = defaultdict(list)
    for item in scored:
        by_identity[_identity(item[2])].append(item)
    insights = []
    for items in by_identity.values():
        items.sort(key=lambda i: -i[0])
        kind = items[0][2]["type"]
        variants: list[list[tuple[float, int, dict[str, Any]]]] = []
        for item in items:
            for variant in variants:
                if _same_value(kind, _value(variant[0][2]), _value(item[2])):
                    variant.append(item)
                    break
            else:
                variants.append([item])
        documents = {i[2]["document"] for i in items}
        if len(variants) > 1 and len(documents) == 1:
            # One document with two numbers for one thing (today's capacity and the planned
            # one, two grades): not a disagreement between sources, so separate statements.
            insights += _merge_each(variants)
            continue
        # The number most documents agree on leads; its best-scored fact breaks ties.
        variants.sort(key=lambda v: (-len({i[2]["document"] for i in v}), -v[0][0]))
        best = max(i[0] for i in items)
        insights.append(
            Insight(
                group=GROUP_OF_TYPE[kind],
                facts=[i[2] for i in variants[0]],
                alternatives=[[i[2] for i in v] for v in variants[1:]],
                score=best + 0.15 * (len(documents) - 1) + (0.1 if len(variants) > 1 else 0.0),
                story=min(i[1] for i in items),
            )
        )
    insights.sort(key=lambda i: (-i.score, i.story))
    return insights


def _merge_each(variants: list[list[tuple[float, int, dict[str, Any]]]]) -> list[Insight]:
    return [
        Insight(GROUP_OF_TYPE[v[0][2]["type"]], [i[2] for i in v], score=v[0][0], story=min(i[1] for i in v))
        for v in variants
    ]


def _tier(
    record: dict[str, Any], query_keys: set[tuple[str, str]], query_types: set[str], symbols: Sequence[str]
) -> int:
    """How directly a fact answers the query: 0 all it asks, 1 part of it, 2 neither (context)."""
    asks = [bool(query_keys), bool(query_types)]
    if not any(asks):
        return 0
    hits = [
        bool(query_keys) and bool(fact_keys(record, symbols) & query_keys),
        bool(query_types) and record["type"] in query_types,
    ]
    if hits == asks:
        return 0
    return 1 if any(hits) else 2


def _score(
    record: dict[str, Any],
    story_weight: float,
    query_keys: set[tuple[str, str]],
    query_types: set[str],
    symbols: Sequence[str],
) -> float:
    score = story_weight * (0.5 + 0.5 * float(record.get("confidence") or 0.5))
    if query_keys:
        shared = len(fact_keys(record, symbols) & query_keys)
        score *= 1.0 + 0.5 * shared if shared else 0.35
    if query_types:
        score *= 1.5 if record["type"] in query_types else 0.8
    if _value(record) is not None:
        score *= 1.1  # a number a reader can use
    return score


def _recency(scored: list[tuple[float, int, dict[str, Any]]]) -> list[tuple[float, int, dict[str, Any]]]:
    """Newer facts first among equals: up to +20 % for the newest day, nothing for a year older."""
    days = {id(r): fact_day(r, r.get("published")) for _, _, r in scored}
    known = [d for d in days.values() if d]
    if not known:
        return scored
    newest = date.fromisoformat(max(known))
    out = []
    for score, story, record in scored:
        day = days[id(record)]
        age = (newest - date.fromisoformat(day)).days if day else 365
        out.append((score * (1.0 + 0.2 * max(0.0, 1.0 - age / 365)), story, record))
    return out


def _pick_core(insights: list[Insight], per_group: int) -> list[Insight]:
    """The best insights that answer the query: first those that answer all of it, one per
    story, at most `per_group` of a kind; context (tier 2) only when nothing else is there."""
    core: list[Insight] = []
    taken: dict[str, int] = defaultdict(int)
    stories: set[int] = set()
    tiers = [0, 1] if any(i.tier < 2 for i in insights) else [2]
    for tier in tiers:
        for relax in (False, True):  # first one insight per story, then fill up
            for insight in insights:
                if len(core) == CORE or (tier > 0 and len(core) >= 3):
                    return core
                if insight.tier > tier or insight in core or taken[insight.group] >= per_group:
                    continue
                if not relax and insight.story in stories:
                    continue
                core.append(insight)
                taken[insight.group] += 1
                stories.add(insight.story)
    return core


class _Sources:
    """Numbers documents in order of first citation."""

    def __init__(self, documents: dict[str, dict[str, Any]]) -> None:
        self.documents = documents
        self.order: dict[str, int] = {}

    def number(self, doc_id: str) -> int:
        return self.order.setdefault(doc_id, len(self.order) + 1)

    def listing(self) -> list[dict[str, Any]]:
        return [{"n": n, "doc_id": doc_id, **self.documents.get(doc_id, {})} for doc_id, n in self.order.items()]


def _cite(facts: list[dict[str, Any]], sources: _Sources, citations: list[dict[str, Any]]) -> str:
    marks = []
    for record in facts:
        n = sources.number(record["document"])
        citations.append({"n": n, "doc_id": record["document"], "sentence": record["sentence"], "span": record["span"]})
        if n not in marks:
            marks.append(n)
    return "".join(f"[{n}]" for n in sorted(marks))


def _write(insight: Insight, book: Phrasebook, sources: _Sources) -> None:
    citations: list[dict[str, Any]] = []
    text = f"{book.sentence(insight.facts[0])} {_cite(insight.facts, sources, citations)}"
    if insight.alternatives:
        others = [f"{book.main_value(v[0])} {_cite(v, sources, citations)}" for v in insight.alternatives]
        separator = "；" if book.lang == "zh" else "; "
        text += f"{separator}{book.heading('differ')}: " + separator.join(others)
    insight.text = text if book.lang != "zh" else text.replace(" [", "[").replace(": ", "：")
    insight.citations = citations


def _as_dict(insight: Insight) -> dict[str, Any]:
    facts = insight.facts + [f for v in insight.alternatives for f in v]
    return {
        "text": insight.text,
        "citations": insight.citations,
        "group": insight.group,
        "sources_differ": bool(insight.alternatives),
        "facts": [{k: v for k, v in f.items() if k not in ("sentence", "span")} for f in facts],
    }


def _span_in(text: str, record: dict[str, Any]) -> list[int]:
    """The fact's sentence span in the received document (an article of a result page counts
    its offsets from the article's start)."""
    start, end = record["span"]
    sentence = record["sentence"]
    if text[start:end] == sentence:
        return [start, end]
    found = text.find(sentence)
    return [found, found + len(sentence)] if found >= 0 else [start, end]


def make_brief(
    store: Store,
    db_path: str | Path,
    query: str,
    lexicon: Lexicon,
    lang: str | None = None,
    since: str | None = None,
    until: str | None = None,
    stories: int = STORIES,
) -> dict[str, Any]:
    """The brief of FACTS.md §5: query, insights, groups, sources (plus lang and each insight's facts)."""
    from reewatch.search.service import search_store

    lang = brief_language(query, lexicon, lang)
    book = Phrasebook(lexicon, lang)
    results = search_store(store, db_path, query, lexicon, limit=stories, since=since, until=until)
    symbols = list(lexicon.elements)
    query_keys, query_types = _query_keys(query, lexicon), _query_types(query, lexicon)
    top = max((r["score"] for r in results), default=1.0) or 1.0
    documents = {r["doc_id"]: {k: r.get(k) for k in ("title", "published", "source", "lang")} for r in results}
    scored: list[tuple[float, int, dict[str, Any]]] = []
    texts = {d.id: d.text for d in store.documents(list(documents))}
    for r in results:
        doc_id = r["doc_id"]
        story_weight = max(r["score"], 0.0) / top / (1.0 + 0.1 * (r["story"] - 1))
        for record in store.facts_of(doc_id):
            record = {**record, "document": doc_id, "span": _span_in(texts.get(doc_id, ""), record)}
            scored.append((_score(record, story_weight, query_keys, query_types, symbols), r["story"], record))
    insights = _merge(_recency(scored))
    for insight in insights:
        facts = insight.facts + [f for v in insight.alternatives for f in v]
        insight.tier = min(_tier(f, query_keys, query_types, symbols) for f in facts)
    insights.sort(key=lambda i: (i.tier, -i.score, i.story))
    # A query that asks for a kind of fact ("prices") may fill the Core Insights with it.
    core = _pick_core(insights, CORE if query_types else CORE_PER_GROUP)
    rest = [i for i in insights if i not in core]
    sources = _Sources(documents)
    for insight in core:
        _write(insight, book, sources)
    groups = []
    for group in book.group_order:
        members = [i for i in rest if i.group == group][:PER_GROUP]
        for insight in members:
            _write(insight, book, sources)
        if members:
            groups.append({"key": group, "title": book.group_title(group), "insights": [_as_dict(i) for i in members]})
    return {
        "query": query,
        "lang": lang,
        "insights": [_as_dict(i) for i in core],
        "groups": groups,
        "sources": sources.listing(),
    }
