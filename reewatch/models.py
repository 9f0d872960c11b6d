"""The nouns of reewatch: documents, sentences, quantities, facts.

Every stage takes and returns these dataclasses. A fact never loses its sentence: it keeps
the span of the sentence in the document text and the number exactly as written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FACT_TYPES: tuple[str, ...] = (
    "price",
    "trade_flow",
    "market_share",
    "policy_event",
    "company_metric",
    "production",
    "funding",
    "corporate_event",
)

# The type-specific fields of FACTS.md §2, in the order they are printed.
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "price": ("product", "value", "currency", "unit", "market", "change_pct", "change_abs", "direction", "as_of"),
    "trade_flow": (
        "flow",
        "reporter",
        "partner",
        "product",
        "quantity",
        "quantity_unit",
        "value",
        "currency",
        "period",
        "change_mom_pct",
        "change_yoy_pct",
        "value_change_yoy_pct",
    ),
    "market_share": ("holder", "share_pct", "stage", "scope", "subject", "year", "kind"),
    "policy_event": ("actor", "action", "targets", "items", "date"),
    "company_metric": (
        "company",
        "metric",
        "value",
        "currency",
        "unit",
        "period",
        "change_yoy_pct",
        "change_qoq_pct",
    ),
    "production": ("entity", "product", "quantity", "unit", "period", "kind"),
    "funding": ("funder", "recipient", "amount", "currency", "purpose", "date"),
    "corporate_event": ("company", "action", "counterparties", "place", "date"),
}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a document came from: the file, and the line for JSON Lines input."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(slots=True)
class Document:
    """One article. `text` is kept exactly as received; everything else may be inferred."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    lang: str | None = None  # ISO 639-1
    origin: Origin | None = None

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "lang": self.lang,
            "origin": str(self.origin) if self.origin else None,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: its text as it stands and its offsets in the document text."""

    doc_id: str
    text: str
    span: tuple[int, int]
    lang: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in a sentence, with what it measures and the text it came from.

    `value` is the midpoint of a range; `low`/`high` hold the ends. `kind` is one of
    money, mass, percent, points, multiple, number. `span` is in the normalised sentence.
    """

    value: Decimal
    kind: str
    raw: str
    span: tuple[int, int]
    currency: str | None = None
    unit: str | None = None  # mass unit (t, kg, lb) or, for a price, the unit it is per
    per_unit: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    signed: bool = False  # written with an explicit + or - sign


@dataclass(slots=True)
class Fact:
    """One typed record from one sentence (FACTS.md §2)."""

    type: str
    doc_id: str
    sentence: str
    span: tuple[int, int]
    lang: str
    fields: dict[str, Any]
    confidence: float = 0.8
    raw: str | None = None  # the number as written ("9.2亿元")
    rule: str = ""

    def get(self, name: str) -> Any:
        return self.fields.get(name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "doc_id": self.doc_id}
        for name in FACT_FIELDS[self.type]:
            out[name] = self.fields.get(name)
        for name, value in self.fields.items():  # range ends and other extras after the fixed fields
            if name not in out:
                out[name] = value
        out.update(
            sentence=self.sentence,
            span=list(self.span),
            lang=self.lang,
            confidence=round(self.confidence, 2),
            raw=self.raw,
            rule=self.rule,
        )
        return out
