"""What story dedup knows about a document: its text shingles and its language-free anchors.

Two kinds of evidence:

- **Text**: a MinHash (rensa) of shingles over the normalised text (full-width folded,
  lower case). Latin text gives word 3-shingles; Chinese and Japanese give character
  4-shingles, because they have no spaces to find words by. Plus "lead" hashes of the
  first words, which a truncated copy shares with its original.
- **Anchors**, which do not depend on the language: the measured numbers of the article
  (2,582 t = 2582吨 = 2 582 tonnes, 21 % = 21%), the periods it is about, and the
  entities the lexicon recognises (areas, companies, bodies, products). A translation
  shares these with its original; next month's report of the same series does not.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import rensa

from reewatch.normalise.text import normalise
from reewatch.pipeline import with_page_metadata

if TYPE_CHECKING:
    from reewatch.extractors import SentenceView
    from reewatch.models import Document
    from reewatch.pipeline import Pipeline

NUM_PERM = 128
_SEED = 20251124
LEAD_TOKENS = 24
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_MEASURED = {"money", "mass", "percent", "points", "multiple"}
_ENTITY_KINDS = {"area", "company", "body", "product", "element", "place"}
_TO_TONNES = {"t": Decimal(1), "kg": Decimal("0.001"), "lb": Decimal("0.00045359237"), "kt": Decimal(1000)}


@dataclass(slots=True)
class StorySignature:
    """Everything dedup compares; stored with the document so later runs can compare with it."""

    minhash: Any  # rensa.RMinHash
    leads: frozenset[str]
    numbers: frozenset[str]
    periods: frozenset[str]
    entities: frozenset[str]
    days: frozenset[str] = frozenset()  # days the text names (2025-10-09): an announcement's date
    published: str | None = None
    lang: str | None = None

    def to_bytes(self) -> bytes:
        # pickle: the signature is written and read only by reewatch, in the user's own store
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def from_bytes(data: bytes) -> StorySignature:
        return pickle.loads(data)


def tokens(text: str) -> list[str]:
    """Words of Latin/Hangul text and single characters of Chinese/Japanese, normalised and lower case."""
    return _TOKEN.findall(normalise(text).text.lower())


def shingles(toks: list[str]) -> list[str]:
    """Word 3-shingles, or character 4-shingles when most tokens are CJK characters."""
    # A CJK token is one character, which no other token is: count the CJK characters in one pass.
    cjk = len(_CJK.findall("".join(toks)))
    k = 4 if cjk * 2 > len(toks) else 3
    if len(toks) <= k:
        return [" ".join(toks)] if toks else []
    return list(map(" ".join, zip(*(toks[i:] for i in range(k)), strict=False)))  # the shorter tails end it


def lead_keys(normalised: str) -> frozenset[str]:
    """Hashes of the first words, with and without a title line, which a truncated copy keeps.

    `normalised` is the lower-cased normalised text."""
    keys = set()
    candidates = [normalised]
    first, _, rest = normalised.strip().partition("\n")
    if rest.strip() and len(first) < 150:
        candidates.append(rest)
    for candidate in candidates:
        toks = _TOKEN.findall(candidate[: LEAD_TOKENS * 20])[:LEAD_TOKENS]
        if len(toks) >= LEAD_TOKENS // 2:
            keys.add(hashlib.blake2b(" ".join(toks).encode(), digest_size=8).hexdigest())
    return frozenset(keys)


def _number_anchor(q: Any) -> str | None:
    if q.kind not in _MEASURED:
        return None
    value = q.value
    unit = q.unit or ""
    if q.kind == "mass" and unit in _TO_TONNES:
        value, unit = value * _TO_TONNES[unit], "t"
    if q.kind == "money":
        unit = f"{q.currency or ''}/{q.unit}" if q.per_unit else (q.currency or "")
    if q.kind in {"percent", "points"}:
        value = abs(value)  # "fell 6.1%" and "-6,1 %" are the same figure
    return f"{q.kind}:{unit}:{float(value):.4g}"


def sign_document(doc: Document, pipeline: Pipeline) -> tuple[Document, StorySignature]:
    """A received document (metadata filled in) and its signature, without extracting facts."""
    articles = pipeline.prepare(doc)
    doc = with_page_metadata(doc, articles)
    return doc, signature_of(doc, [v for a in articles for v in pipeline._views(a, cues=False)])


def signature_of(doc: Document, views: list[SentenceView]) -> StorySignature:
    """The signature of a received document from the sentence views of its articles."""
    normalised = normalise(doc.text).text.lower()
    toks = _TOKEN.findall(normalised)
    minhash = rensa.RMinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update(shingles(toks))
    numbers, periods, entities, days = set(), set(), set(), set()
    for view in views:
        numbers.update(a for a in map(_number_anchor, view.quantities) if a)
        periods.update(p.period for p in view.periods if p.period and p.kind in {"month", "quarter", "half"})
        days.update(p.period for p in view.periods if p.period and p.kind == "day")
        entities.update(f"{m.kind}:{m.id}" for m in view.mentions if m.kind in _ENTITY_KINDS)
    return StorySignature(
        minhash=minhash,
        leads=lead_keys(normalised),
        numbers=frozenset(numbers),
        periods=frozenset(periods),
        entities=frozenset(entities),
        days=frozenset(days),
        published=doc.published,
        lang=doc.lang,
    )
