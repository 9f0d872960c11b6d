"""Turning entity mentions into the values facts carry: product ids, area codes, names."""

from __future__ import annotations

import re

from reewatch.extractors.base import GENERIC_PRODUCTS, SentenceView
from reewatch.lexicon import Lexicon, Mention


def product_of(mention: Mention, lexicon: Lexicon) -> str | None:
    """The product id a product or element mention stands for (dysprosium -> dy)."""
    if mention.kind == "product":
        return mention.id
    if mention.kind == "element":
        return lexicon.elements.get(mention.id, {}).get("product")
    return None


def product_mentions(view: SentenceView, lexicon: Lexicon) -> list[tuple[Mention, str]]:
    out = []
    for m in view.of_kind("product", "element"):
        pid = product_of(m, lexicon)
        if pid:
            out.append((m, pid))
    return out


_OF_RIGHT_AFTER = re.compile(r"\s*(?:of|de|d'|des|du|an|der|of the|worth of)?\s*(?:high-performance |sintered )?")


def best_product(
    view: SentenceView, lexicon: Lexicon, start: int, end: int, window: tuple[int, int] | None = None
) -> str | None:
    """The most specific product named before [start, end) in the clause, else just after it."""
    lo, hi = window if window else (0, len(view.text))
    found = [(m, pid) for m, pid in product_mentions(view, lexicon) if lo <= m.start and m.end <= hi]
    # "1,618 tonnes of NdPr", "800 tonnes d'oxydes": the product named right after the amount
    for m, pid in found:
        if m.start >= end and _OF_RIGHT_AFTER.fullmatch(view.lower[end : m.start]):
            return pid
    before = [(m, pid) for m, pid in found if m.end <= start and not view.breaks(m.end, start)]
    after = [(m, pid) for m, pid in found if m.start >= end and m.start - end <= 40]
    for group in (before, after):
        if not group:
            continue
        specific = [(m, pid) for m, pid in group if pid not in GENERIC_PRODUCTS]
        pool = specific or [(m, pid) for m, pid in group if pid != "rare-earths"] or group
        if group is before:
            return max(pool, key=lambda mp: mp[0].end)[1]
        return min(pool, key=lambda mp: mp[0].start)[1]
    return None


def area_of(mention: Mention) -> str | None:
    """The area code an area, or a body acting for one, stands for."""
    if mention.kind == "area":
        return mention.id
    if mention.kind == "body":
        return mention.entity.area
    return None


def areas(view: SentenceView) -> list[Mention]:
    return [m for m in view.mentions if m.kind in {"area", "body"} and area_of(m)]


def name_of(mention: Mention) -> str:
    return mention.entity.name


def elements_and_products(view: SentenceView) -> list[str]:
    """Item list of a policy event: element symbols, then specific product ids, in order."""
    items: list[str] = []
    for m in view.of_kind("element", "product"):
        value = "prnd" if m.id == "PrNd" else m.id
        if value not in items:
            items.append(value)
    return items
