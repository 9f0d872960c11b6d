"""The full-text index (tantivy, BM25) beside the store, and the search over it.

One tantivy document per stored document: its text in the body field of its language
(stemmed for en/fr/de, segmented for zh, n-grams for ja/ko), its language-free keys
(entities, products, elements, topics, fact types) and the filters (language, source, day).

A query is searched three ways at once and the BM25 scores add up:
its own words in every body field; the entities and topics it names as keys, which any
document in any language carries when it names them; and the names of its entities in the
other languages (`dysprosium` also searches 镝, ジスプロシウム, 디스프로슘).
Hits of one story cluster are folded into the best one.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy

from reewatch.lexicon import Lexicon
from reewatch.models import Document
from reewatch.normalise.text import normalise
from reewatch.search.analyzers import (
    BODY_FIELDS,
    STEMMED,
    ChineseSegmenter,
    cjk_runs,
    field_for,
    register,
    script_lang,
    tokenizer_of,
)
from reewatch.search.topics import TopicFinder, text_keys

_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff\d\w]*")
_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_KANA_HANGUL_RUN = re.compile(f"[{_CJK_CHARS}]*[\u3040-\u30ff\uac00-\ud7af][{_CJK_CHARS}]*")
_SAFE = re.compile(r"[^\w\s]+")  # the query parser's syntax characters, apostrophes and hyphens go
KEY_BOOST = 2.0  # a named entity (element, product, country, company, body), recognised in any language
TOPIC_BOOST = 1.0  # a topic of the glossary (export, price, quota ...), recognised in any language
TITLE_BOOST = 1.0  # the same, in the title: the document is about it, not merely mentioning it
FORM_BOOST = 0.5  # the query's entities and topics in other languages, matched as text
_FORMS_PER_SCRIPT = 2
_TERMS_PER_LANGUAGE = 3
LATIN_FIELDS = ("body_en", "body_fr", "body_de", "body_any")
_RULES_OF_EXPORT = frozenset({"topic:export_control", "topic:export_ban", "topic:licence"})
MONTH_BOOST = 2.0  # a month the query names, in a document's title ("October exports", "10月出口")
# Which keys `search_fields` writes; an index written with other keys is rebuilt from the store.
KEYS_VERSION = 2  # 2: title months, parts of compounds
_KEYS_VERSION_FILE = "reewatch-keys-version"


@dataclass
class Hit:
    """A story found: its best document, and its other documents among the hits.

    Titles, dates and snippets come from the store, which holds them once."""

    doc_id: str
    score: float
    cluster: str
    also: list[tuple[str, float]] = field(default_factory=list)  # other documents of the story, with scores


@dataclass(frozen=True)
class SearchFilter:
    lang: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    type: str | None = None


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    b.add_text_field("cluster", stored=True, tokenizer_name="raw")
    b.add_text_field("lang", tokenizer_name="raw", index_option="basic")  # filters only
    b.add_text_field("source", tokenizer_name="raw", index_option="basic")
    b.add_integer_field("day", stored=False, indexed=True, fast=True)
    b.add_text_field("keys", tokenizer_name="raw", index_option="freq")
    for name in BODY_FIELDS:
        b.add_text_field(name, tokenizer_name=tokenizer_of(name))
    return b.build()


def _day_number(iso: str | None) -> int | None:
    if not iso or not re.match(r"\d{4}-\d{2}-\d{2}", iso):
        return None
    return int(iso[:10].replace("-", ""))


# The Chinese dictionary (~90 ms to build) and the topic automaton, built once per lexicon
# and shared by every SearchIndex of a process (a server opens one per request).
_HELPERS: dict[int, tuple[Lexicon, ChineseSegmenter, TopicFinder]] = {}


def topic_finder(lexicon: Lexicon) -> TopicFinder:
    """The glossary topic finder of this lexicon, built once per process."""
    return _helpers(lexicon)[1]


def _helpers(lexicon: Lexicon) -> tuple[ChineseSegmenter, TopicFinder]:
    if id(lexicon) not in _HELPERS:
        _HELPERS[id(lexicon)] = (lexicon, ChineseSegmenter(lexicon), TopicFinder(lexicon))
    _, segmenter, topics = _HELPERS[id(lexicon)]
    return segmenter, topics


def search_fields(doc: Document, lexicon: Lexicon, fact_types: set[str]) -> dict[str, Any]:
    """The index fields of a document but its cluster: body in its language's field, keys, filters.

    The keys are those of the document's (normalised) text, the same whether it is indexed
    now or re-added from the store later. Pure and a little costly (Chinese segmentation,
    topics), so the indexer runs it in workers. `fact_types` holds `type` or
    `type:product`/`type:element` of its facts.
    """
    segmenter, topics = _helpers(lexicon)
    all_keys = text_keys(lexicon, topics, normalise(doc.text).text)  # entities and topics
    all_keys.update({f"type:{t}": 1 for t in fact_types})  # price, price:dy-oxide, price:Dy
    title = doc.title or doc.text.strip().split("\n", 1)[0][:200]
    all_keys.update({f"title:{k}": 1 for k in text_keys(lexicon, topics, title)})
    all_keys.update({f"title:{k}": 1 for k in topics.months.keys(title)})
    text = doc.text if not doc.title or doc.title in doc.text[:300] else f"{doc.title}\n{doc.text}"
    body = field_for(doc.lang)
    fields: dict[str, Any] = {
        "doc_id": doc.id,
        "lang": doc.lang or "",
        "source": (doc.source or "").casefold(),
        "keys": [k for k, n in all_keys.items() for _ in range(min(n, 5))],
        body: " ".join(segmenter.terms(text)) if body == "body_zh" else text,
    }
    # Pages that mix scripts (a Chinese headline over an English summary, as search-result
    # pages have) also get their CJK passages in the CJK fields, so a Chinese query finds them.
    if body != "body_zh":
        han = " ".join(_HAN_RUN.findall(text)) if not _KANA.search(text) else ""
        if han:
            fields["body_zh"] = " ".join(segmenter.terms(han))
    if body != "body_cjk":
        kana_hangul = " ".join(_KANA_HANGUL_RUN.findall(text))
        if kana_hangul:
            fields["body_cjk"] = kana_hangul
    day = _day_number(doc.published)
    if day is not None:
        fields["day"] = day
    return fields


class SearchIndex:
    """A tantivy index in a folder; written by the indexer, read by `search`."""

    def __init__(self, path: str | Path, lexicon: Lexicon) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.lexicon = lexicon
        self.schema = _schema()
        try:
            self.index = tantivy.Index(self.schema, str(self.path), reuse=True)
        except ValueError as e:
            if "schema does not match" not in str(e):
                raise
            # written by another version of reewatch: derived data, so start afresh (the
            # indexer or search refills it from the store)
            self.index = self._afresh()
        version = self.path / _KEYS_VERSION_FILE
        if not version.exists() or version.read_text().strip() != str(KEYS_VERSION):
            if version.exists() or self.count():
                self.index = self._afresh()  # keys of an older reewatch: rebuilt from the store
            version.write_text(f"{KEYS_VERSION}\n")
        self.analyzers = register(self.index)
        self.segmenter, self.topics = _helpers(lexicon)
        self._writer: Any = None

    def _afresh(self) -> tantivy.Index:
        shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        return tantivy.Index(self.schema, str(self.path), reuse=True)

    # ------------------------------------------------------------------ writing
    def add(self, doc: Document, cluster: str, fact_types: set[str]) -> None:
        """Add (or replace) one document (see `search_fields`)."""
        self.add_fields(search_fields(doc, self.lexicon, fact_types), cluster)

    def add_fields(self, fields: dict[str, Any], cluster: str) -> None:
        """Add (or replace) a document from its `search_fields` (computed in a worker process)."""
        if self._writer is None:
            self._writer = self.index.writer(heap_size=128_000_000, num_threads=1)
        self._writer.delete_documents_by_term("doc_id", fields["doc_id"])
        self._writer.add_document(tantivy.Document(cluster=cluster, **fields))

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self.index.reload()

    # ------------------------------------------------------------------ reading
    def _text_clauses(
        self, text: str, latin_fields: tuple[str, ...] = LATIN_FIELDS, expansion: bool = False
    ) -> list[tantivy.Query]:
        """Term queries for a text in the body fields. The user's own words also search Chinese
        documents for their Latin words ("JL Mag" in 金力永磁 articles); expansions do not."""
        clauses = []
        clean = " ".join(_SAFE.sub(" ", text).split())
        if not clean:
            return clauses
        latin = " ".join(w for w in clean.split() if not script_lang(w))
        if latin:
            for name in latin_fields:
                # analysed as the field is, each term once: "rare earth" and "rare earths" are one term
                terms = dict.fromkeys(self.analyzers[tokenizer_of(name)].analyze(latin))
                clauses += [tantivy.Query.term_query(self.schema, name, t) for t in terms]
        cjk = " ".join(w for w in clean.split() if script_lang(w)) if expansion else clean
        zh_terms = self.segmenter.terms(cjk) if cjk else []
        for term in dict.fromkeys(zh_terms):
            clauses.append(tantivy.Query.term_query(self.schema, "body_zh", term))
        for grams in cjk_runs(clean):
            # a word must match whole (all its bigrams), and counts about as much as one term
            terms = [tantivy.Query.term_query(self.schema, "body_cjk", g) for g in grams]
            if len(terms) == 1:
                clauses.append(terms[0])
            else:
                whole = tantivy.Query.boolean_query([(tantivy.Occur.Must, t) for t in terms])
                clauses.append(tantivy.Query.boost_query(whole, 1 / len(terms)))
        return clauses

    def _phrase_clauses(self, name: str) -> list[tantivy.Query]:
        """A Latin name of several words as a phrase ("Department of Energy"), in each Latin field."""
        phrase = '"' + " ".join(_SAFE.sub(" ", name).lower().split()) + '"'
        return [self.index.parse_query(phrase, [f]) for f in LATIN_FIELDS]

    def other_names(self, text: str) -> list[str]:
        """Names of the query's entities (not countries: too many generic forms) in other scripts."""
        forms: list[str] = []
        lower = text.lower()
        for m in self.lexicon.entity_matcher.find(text, lower):
            if m.kind not in {"element", "product", "company", "body"}:
                continue
            per_script: Counter[str] = Counter()
            for form in self.lexicon.forms_of(m.kind, m.id):
                script = script_lang(form) or "latin"
                name = form.lower()
                # "Lynas Rare Earths" for "Lynas" would search "rare" and "earths": only other names
                if name in lower or m.surface.lower() in name or per_script[script] >= _FORMS_PER_SCRIPT:
                    continue
                per_script[script] += 1
                forms.append(form)
        return forms

    def _key_terms(self, text: str) -> list[tuple[str, float]]:
        """Language-free keys of a query with their weights: entities, topics, the same in titles,
        and the facts they imply (a "price" topic with dysprosium: documents with a Dy price fact)."""
        keys = list(text_keys(self.lexicon, self.topics, text))
        if _RULES_OF_EXPORT.intersection(keys):
            # "export controls", "出口管制", "export licences": the rules, not the trade figures
            # ("export" is a word of the phrase, not a second topic of the query)
            keys = [k for k in keys if k != "topic:export"]
        out: list[tuple[str, float]] = []
        for key in keys:
            out.append((key, TOPIC_BOOST if key.startswith("topic:") else KEY_BOOST))
            out.append((f"title:{key}", TITLE_BOOST))
        types = {self.lexicon.topic_fact_types.get(k[6:]) for k in keys if k.startswith("topic:")} - {None}
        subjects = [k.split(":", 1)[1] for k in keys if k.startswith(("product:", "element:"))]
        implied = [e for k in keys if k.startswith("topic:") for e in self.lexicon.topic_elements.get(k[6:], [])]
        for fact_type in sorted(types):  # type: ignore[type-var]
            out.append((f"type:{fact_type}", TOPIC_BOOST))
            out += [(f"type:{fact_type}:{s}", KEY_BOOST) for s in subjects]
            # "heavy rare earth prices": the price facts of Dy, Tb ..., each weighing less
            out += [(f"type:{fact_type}:{e}", KEY_BOOST / len(implied)) for e in implied]
        # A month named in the query is looked for in titles only: bodies name many months.
        out += [(f"title:{k}", MONTH_BOOST) for k in self.topics.months.keys(text)]
        return out

    def _topic_clauses(self, text: str) -> list[tantivy.Query]:
        """The glossary words of the query's topics, a few per language, each searched in the
        body field of its own language only (French words in French documents)."""
        by_lang: dict[str, list[str]] = {}
        for topic in self.topics.find(text):
            for lang, terms in self.lexicon.glossary.get(topic, {}).items():
                by_lang.setdefault(lang, []).extend(terms[:_TERMS_PER_LANGUAGE])
        clauses = []
        for lang, words in by_lang.items():
            fields = (f"body_{lang}",) if lang in STEMMED else ("body_any",)
            clauses += self._text_clauses(" ".join(words), fields, expansion=True)
        return clauses

    def query(self, text: str, filters: SearchFilter | None = None) -> tantivy.Query:
        """The tantivy query for a user query in any language, with its filters."""
        should: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for clause in self._text_clauses(text):
            should.append((tantivy.Occur.Should, clause))
        for name, weight in self._key_terms(text):
            term = tantivy.Query.term_query(self.schema, "keys", name)
            should.append((tantivy.Occur.Should, tantivy.Query.boost_query(term, weight)))
        # The query's entities and topics in the other languages, searched as text, so that a
        # Chinese query scores English documents by their words too, not only by their keys.
        names = self.other_names(text)
        phrases = [n for n in names if not script_lang(n) and len(_SAFE.sub(" ", n).split()) > 1]
        words = [n for n in names if n not in phrases]
        expansions = self._text_clauses(" ".join(words), expansion=True) + self._topic_clauses(text)
        expansions += [c for p in phrases for c in self._phrase_clauses(p)]
        for clause in expansions:
            should.append((tantivy.Occur.Should, tantivy.Query.boost_query(clause, FORM_BOOST)))
        if not should:
            return tantivy.Query.empty_query()
        query = tantivy.Query.boolean_query(should)
        must = self._filter_clauses(filters or SearchFilter())
        if not must:
            return query
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query)] + [(tantivy.Occur.Must, m) for m in must])

    def _filter_clauses(self, f: SearchFilter) -> list[tantivy.Query]:
        out = []
        if f.lang:
            out.append(tantivy.Query.term_query(self.schema, "lang", f.lang))
        if f.source:
            out.append(tantivy.Query.term_query(self.schema, "source", f.source.casefold()))
        if f.type:
            out.append(tantivy.Query.term_query(self.schema, "keys", f"type:{f.type}"))
        if f.since or f.until:
            out.append(
                tantivy.Query.range_query(
                    self.schema,
                    "day",
                    tantivy.FieldType.Integer,
                    _day_number(f.since) or 0,
                    _day_number(f.until) or 99991231,
                )
            )
        return out

    def search(self, text: str, limit: int = 10, filters: SearchFilter | None = None) -> list[Hit]:
        """The best `limit` stories for a query: one hit per cluster, its other documents in `also`."""
        searcher = self.index.searcher()
        if searcher.num_docs == 0:
            return []
        found = searcher.search(self.query(text, filters), limit * 4).hits
        hits: list[Hit] = []
        by_cluster: dict[str, Hit] = {}
        for score, address in found:
            stored = searcher.doc(address)
            cluster = stored.get_first("cluster")
            doc_id = stored.get_first("doc_id")
            if cluster in by_cluster:
                by_cluster[cluster].also.append((doc_id, round(float(score), 4)))
                continue
            hit = Hit(doc_id=doc_id, score=round(float(score), 4), cluster=cluster)
            by_cluster[cluster] = hit
            hits.append(hit)
        return hits[:limit]

    def count(self) -> int:
        return self.index.searcher().num_docs
