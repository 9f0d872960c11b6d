"""Wires the stages: ingest -> normalise -> extract. The CLI and the API call only this.

A `Pipeline` owns everything that is built once per run (the lexicon's indexes, the
language detector, compiled number and date patterns) and is passed around, never kept
in a module global.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from reewatch.extractors import EXTRACTORS, UNIT_CAPTION, DocContext, SentenceView, worth_running
from reewatch.ingest.metadata import MetadataInferrer, doc_date
from reewatch.ingest.split import split_page
from reewatch.lexicon import PRODUCT_IDS, Lexicon, Mention
from reewatch.models import Document, Fact, Sentence
from reewatch.normalise.dates import DateFinder
from reewatch.normalise.language import LanguageIdentifier
from reewatch.normalise.quantities import QuantityParser
from reewatch.normalise.sentences import split_spans
from reewatch.normalise.text import lower_same_length, normalise

if TYPE_CHECKING:
    from reewatch.normalise.text import NormText

T = TypeVar("T")
_STATED_PERIODS = frozenset({"month", "quarter", "half", "year"})


@dataclass(slots=True)
class Analysis:
    """One article as the pipeline sees it: its sentences, what was found in them, its facts."""

    article: Document
    views: list[SentenceView]
    facts: list[Fact]


@dataclass
class Pipeline:
    """The extraction pipeline with its once-per-run state."""

    lexicon: Lexicon = field(default_factory=Lexicon)
    languages: LanguageIdentifier = field(default_factory=LanguageIdentifier)

    def __post_init__(self) -> None:
        self.dates = DateFinder(self.lexicon.dates)
        self.quantities = QuantityParser(self.lexicon.units)
        self.metadata = MetadataInferrer(self.languages, self.dates)

    # ------------------------------------------------------------------ ingest
    def prepare(self, doc: Document) -> list[Document]:
        """Split a multi-article page and fill in missing metadata."""
        return [self.metadata.fill(article) for article in split_page(doc)]

    # --------------------------------------------------------------- normalise
    def _views(self, doc: Document, cues: bool = True) -> list[SentenceView]:
        """The sentence views of a prepared document; `cues=False` leaves out the cue phrases
        (story signatures need only numbers, periods and entities)."""
        norm: NormText = normalise(doc.text)
        when = doc_date(doc)
        views = []
        fiscal_end = _Once(lambda: self._fiscal_end(norm.text))  # asked only where a fiscal year is named
        anchor = None  # the last sentence's dated month: "en avril 2025 … Puis en mai" is May 2025
        for s, e in split_spans(norm):
            text = norm.text[s:e]
            o_start, o_end = norm.to_original(s, e)
            lang = self.languages.sentence_lang(text, doc.lang)
            lower = lower_same_length(text)
            found = self.quantities.find(text, lang)
            measured = [q for q in found if q.kind != "number"]
            # "1906吨" is a tonnage, not the year 1906: a period inside a measured quantity goes.
            periods = [
                p
                for p in self.dates.find(text, when, anchor=anchor, fiscal_end=fiscal_end)
                if not any(q.span[0] <= p.span[0] < q.span[1] for q in measured)
            ]
            anchor = self.dates.anchor_of(periods) if periods else None
            quantities = [
                q
                for q in found
                if not (q.kind == "number" and any(p.span[0] <= q.span[0] < p.span[1] for p in periods))
                and not any(p.span[0] <= q.span[0] and q.span[1] <= p.span[1] for p in periods)
            ]
            views.append(
                SentenceView(
                    doc_id=doc.id,
                    text=text,
                    lower=lower,
                    lang=lang,
                    original=doc.text[o_start:o_end],
                    span=(o_start, o_end),
                    quantities=quantities,
                    periods=periods,
                    mentions=_resolved_mentions(
                        self.lexicon, text, lang, self.lexicon.entity_matcher.find(text, lower)
                    ),
                    cues=self.lexicon.cues(lang).find(text, lower) if cues else [],
                )
            )
        return views

    def sentences(self, doc: Document) -> list[Sentence]:
        """The sentences of a document with their spans and languages."""
        return [Sentence(v.doc_id, v.original, v.span, v.lang) for v in self._views(doc)]

    # ----------------------------------------------------------------- extract
    def extract_document(self, doc: Document) -> list[Fact]:
        """Facts of one prepared document, in sentence order."""
        return self._facts(doc, self._views(doc))

    def analyse(self, doc: Document) -> list[Analysis]:
        """Each article of a received document with its sentence views and facts (for the store)."""
        out = []
        for article in self.prepare(doc):
            views = self._views(article)
            out.append(Analysis(article, views, self._facts(article, views)))
        return out

    def _facts(self, doc: Document, views: list[SentenceView]) -> list[Fact]:
        ctx = DocContext(
            doc.id, doc_date(doc), home_area=DocContext.home_of(views), main_company=DocContext.main_of(views)
        )
        facts: list[Fact] = []
        for index, view in enumerate(views):
            ctx.view_index = index
            ctx.previous_view = views[index - 1] if index else None
            # else nothing any extractor could use, except a table's unit line ("单位：元/吨")
            if view.quantities or view.cues or view.mentions or UNIT_CAPTION.match(view.text):
                companies = view.of_kind("company")
                if not companies and ctx.main_company is not None and view.has("company_ref"):
                    # "目前公司拥有…", "The Company will…": the extractors' "company named before"
                    ctx.last_company = ctx.referent(view)
                for fact_type, extractor in EXTRACTORS.items():
                    if worth_running(fact_type, view, ctx):
                        facts.extend(extractor(view, ctx, self.lexicon))
                if companies:
                    ctx.note_companies(view, companies, self._is_name)
                self._note_materials(view, ctx, index)
            for p in view.periods:  # "Lynas released its September quarter report." for the next sentences
                if p.period and p.kind in _STATED_PERIODS and not p.baseline and not p.target:
                    ctx.last_stated_period, ctx.last_stated_view = p, index
                    break
        return facts

    def _note_materials(self, view: SentenceView, ctx: DocContext, index: int) -> None:
        """The last product and the last material a sentence names: a rare-earth element, by
        itself or in a product ("terbium oxide"), is what a later "its oxide" means; another
        material (gallium) ends it."""
        noted_product = noted_element = False
        for m in reversed(view.mentions):
            kind = m.entity.kind
            if kind == "product":
                if not noted_product:
                    ctx.last_product, noted_product = m.id, True
                element = self._product_element.get(m.id)
            elif kind == "element":
                element = m.id
            elif kind == "material":
                element = None
            else:
                continue
            if not noted_element and (element is not None or kind == "material"):
                ctx.last_element, ctx.last_element_view, noted_element = element, index, True
            if noted_product and noted_element:
                return

    def _fiscal_end(self, text: str) -> int | None:
        """The month the fiscal years of a document end: where it says so, else that of the first
        company it names whose year the lexicon knows (Lynas: June), else unknown."""
        stated = self.dates.fiscal_end(text)
        if stated is not None:
            return stated
        ends = self.lexicon.fiscal_year_ends
        if not ends:
            return None
        mentions = self.lexicon.entity_matcher.find(text, lower_same_length(text))
        return next((ends[m.id] for m in mentions if m.kind == "company" and m.id in ends), None)

    def _is_name(self, word: str) -> bool:
        """Whether the lexicon knows a word as a name by itself ("China", "Baotou")."""
        return bool(self.lexicon.entity_matcher.find(word, word.lower()))

    @cached_property
    def _product_element(self) -> dict[str, str]:
        """Product id -> the element it is a form of: dy-oxide -> Dy, prnd-metal -> PrNd."""
        stems = {element.lower(): element for element in self.lexicon.elements}
        return {pid: stems[pid.split("-", 1)[0]] for pid in PRODUCT_IDS if pid.split("-", 1)[0] in stems}

    def extract(
        self, docs: Iterable[Document], on_document: Callable[[Document], None] | None = None
    ) -> Iterator[Fact]:
        """Facts of every document (multi-article pages split first)."""
        for doc in docs:
            for article in self.prepare(doc):
                yield from self.extract_document(article)
            if on_document:
                on_document(doc)


class _Once:
    """A value worked out the first time it is asked for, then kept."""

    __slots__ = ("_done", "_fn", "_value")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn, self._value, self._done = fn, None, False

    def __call__(self) -> Any:
        if not self._done:
            self._value, self._done = self._fn(), True
        return self._value


def with_page_metadata(doc: Document, articles: list[Document]) -> Document:
    """A received document with its metadata filled in: its own when it is one article, else,
    where it states none, its first (lead) article's: that article stands for the page."""
    first = articles[0] if articles else doc
    if len(articles) == 1 and first.id == doc.id:
        return first
    return replace(
        doc,
        lang=doc.lang or first.lang,
        published=doc.published or first.published,
        title=doc.title or first.title,
        source=doc.source or first.source,
    )


# The pipeline of a worker process: set before the pool forks, so workers inherit it built.
_WORKER: tuple[Pipeline, Callable[..., Any]] | None = None
_WARM_UP = "China exported 5,210 t of magnets in May. 9月对美国出口稀土磁体590吨。Le prix a baissé de 2 %."


def _in_worker(doc: Document) -> Any:
    assert _WORKER is not None
    pipeline, fn = _WORKER
    return fn(doc, pipeline)


def map_documents(
    fn: Callable[[Document, Pipeline], T], docs: list[Document], pipeline: Pipeline, jobs: int = 1
) -> Iterator[T]:
    """`fn(doc, pipeline)` for every document, in order, in `jobs` forked processes.

    The pipeline is warmed up (lexicon indexes, language models) before forking, so the
    workers share it instead of each building their own.
    """
    if jobs <= 1 or len(docs) < 50:
        for doc in docs:
            yield fn(doc, pipeline)
        return
    global _WORKER
    fn(Document(id="warm-up", text=_WARM_UP, lang="zh"), pipeline)
    _WORKER = (pipeline, fn)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(_in_worker, docs, chunksize=8)


def extract(text_or_document: str | Document, pipeline: Pipeline | None = None) -> list[Fact]:
    """Typed facts from a text or a Document, each with its sentence and span.

    Pass a `Pipeline` when calling this many times: building one loads the lexicon.
    """
    pipeline = pipeline or Pipeline()
    doc = text_or_document if isinstance(text_or_document, Document) else Document(id="text", text=text_or_document)
    return list(pipeline.extract([doc]))


def _resolved_mentions(lexicon: Lexicon, text: str, lang: str, mentions: list[Mention]) -> list[Mention]:
    """Entity mentions plus one-character country names after a preposition (对美, 対中), with a
    country written in front of its own ministry folded into it ("US Department of Defense",
    "美国商务部" = one body, not a country and a body)."""
    extra = lexicon.short_area_mentions(text, lang, mentions)
    if extra:
        mentions = sorted(mentions + extra, key=lambda m: m.start)
    out: list[Mention] = []
    for m in mentions:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "area"
            and m.kind == "body"
            and m.entity.area == previous.id
            and m.start - previous.end <= 1
            and text[previous.end : m.start].strip() in {"", "'s", "’s"}
        ):
            out[-1] = Mention(m.entity, previous.start, m.end, text[previous.start : m.end])
            continue
        out.append(m)
    return out
