"""What a fact can be found by: its products, elements, countries, companies and day.

These keys are computed once when a fact is stored, so that `reewatch facts --element Dy`
is an index lookup, not a scan of every record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from reewatch.models import Fact

# Fields whose values are area codes (CN, EU, WORLD) when they look like one.
_AREA_FIELDS = ("reporter", "partner", "holder", "actor", "targets", "scope", "entity", "funder", "recipient")
# Fields that name companies or organisations.
_COMPANY_FIELDS = ("company", "entity", "funder", "recipient", "counterparties", "holder")
_PRODUCT_FIELDS = ("product", "items", "subject")
_DAY_FIELDS = ("as_of", "date", "period", "year")
_AREA_CODE = re.compile(r"^(?:[A-Z]{2}|EU|WORLD|ROW)$")
_PERIOD_START = {"Q1": "01", "Q2": "04", "Q3": "07", "Q4": "10", "H1": "01", "H2": "07"}


def _values(record: dict[str, Any], names: Iterable[str]) -> Iterable[str]:
    for name in names:
        value = record.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item:
                yield item


def elements_of(product: str, symbols: Iterable[str]) -> list[str]:
    """Rare-earth elements named by a product id or item: "dy-oxide" -> Dy, "prnd-metal" -> PrNd, Pr, Nd."""
    by_lower = {s.lower(): s for s in symbols}
    if product in by_lower.values():
        return [product]
    head = product.split("-")[0].lower()
    found: list[str] = [by_lower[head]] if head in by_lower and len(head) > 2 else []  # PrNd itself
    while head:
        for size in (2, 1):
            if head[:size] in by_lower:
                found.append(by_lower[head[:size]])
                head = head[size:]
                break
        else:
            break  # "ndfeb": Nd, then Fe is not a rare earth
    return found


def fact_day(record: dict[str, Any], published: str | None) -> str | None:
    """The first day a fact is about: its date, price date or period start; else the document's date."""
    for value in _values(record, _DAY_FIELDS):
        m = re.match(r"(\d{4})(?:-(\d{2}|Q[1-4]|H[12]))?(?:-(\d{2}))?", value)
        if m:
            year, part, day = m.groups()
            month = _PERIOD_START.get(part or "", part or "01")
            return f"{year}-{month}-{day or '01'}"
    return published


def fact_keys(record: dict[str, Any], element_symbols: Iterable[str]) -> set[tuple[str, str]]:
    """(key, value) pairs a fact is filtered by; values are lower case except codes and symbols."""
    symbols = list(element_symbols)
    keys: set[tuple[str, str]] = set()
    for value in _values(record, _PRODUCT_FIELDS):
        elements = elements_of(value, symbols)
        if value not in symbols:
            keys.add(("product", value))
        keys.update(("element", e) for e in elements)
    for value in _values(record, _AREA_FIELDS):
        if _AREA_CODE.match(value):
            keys.add(("country", value))
    for value in _values(record, _COMPANY_FIELDS):
        if not _AREA_CODE.match(value):
            keys.add(("company", value.casefold()))
    return keys


class FactRow(NamedTuple):
    """A fact as a store writes it: where it stands, its record as JSON, its first day and its
    filter keys. Made where the fact is made (in an indexing worker), so that the one process
    that writes the store only inserts rows. A named tuple of plain values: unpickling one is
    several times cheaper than a dataclass, and every fact crosses from a worker to the writer."""

    doc_id: str  # the article's id (a split page's `page#2`)
    type: str
    lang: str
    sentence: str
    start: int
    end: int
    record: str
    day: str | None
    keys: tuple[tuple[str, str], ...]


def fact_row(fact: Fact, published: str | None, element_symbols: Iterable[str]) -> FactRow:
    """The stored form of a fact of a document published on `published`."""
    record = fact.to_dict()
    return FactRow(
        fact.doc_id,
        fact.type,
        fact.lang,
        fact.sentence,
        fact.span[0],
        fact.span[1],
        json.dumps(record, ensure_ascii=False),
        fact_day(record, published),
        tuple(fact_keys(record, element_symbols)),
    )
