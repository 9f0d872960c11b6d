"""Facts as sentences of one language, from the phrasebook in `lexicon/data/brief/<lang>.yaml`.

Every number an insight shows is formatted here from a fact field, never copied from the
source sentence: that is what lets a brief promise that each number equals a stored fact.
Names come from the lexicon (areas, products, elements, companies, sectors) in the brief's
language; what a language says about a fact lives in its phrasebook, not in this code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reewatch.lexicon import Lexicon

_SLOT = re.compile(r"\{(\w+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_AREA_CODE = re.compile(r"^(?:[A-Z]{2}|EU|WORLD|ROW)$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-H([12]))?$")
_CHANGE_FIELDS = (
    ("change_mom_pct", "mom"),
    ("change_yoy_pct", "yoy"),
    ("change_qoq_pct", "qoq"),
    ("change_pct", "plain"),
)


def fill(template: str, slots: dict[str, str]) -> str:
    """A template with its slots filled; an optional `[...]` part goes when a slot in it is empty."""

    def optional(m: re.Match[str]) -> str:
        names = _SLOT.findall(m.group(1))
        return "" if any(not slots.get(n) for n in names) else m.group(1)

    text = _OPTIONAL.sub(optional, template)
    return _SLOT.sub(lambda m: slots.get(m.group(1), ""), text).strip()


class Phrasebook:
    """How facts, numbers, dates and names are written in one language."""

    def __init__(self, lexicon: Lexicon, lang: str) -> None:
        self.lexicon = lexicon
        self.lang = lang
        self.book = lexicon.phrasebook(lang)
        self.words: dict[str, Any] = self.book["words"]
        self._fallback = lexicon.phrasebook("en") if lang != "en" else self.book

    # ---------------------------------------------------------------- headings
    def heading(self, key: str, **slots: Any) -> str:
        return str(self.book["headings"][key]).format(**slots)

    def group_title(self, group: str) -> str:
        return str(self.book["groups"][group])

    @property
    def group_order(self) -> list[str]:
        return list(self.book["groups"])

    # ----------------------------------------------------------------- numbers
    def number(self, value: float | int, decimals: int | None = None) -> str:
        """A number with this language's separators; as many decimals as the fact has (up to 2)."""
        d = Decimal(str(value))
        if decimals is None:
            decimals = min(2, max(0, -d.normalize().as_tuple().exponent))  # type: ignore[operator]
        text = f"{abs(d):,.{decimals}f}"
        fmt = self.book["numbers"]
        text = text.replace(",", "\x00").replace(".", fmt["decimal"]).replace("\x00", fmt["thousands"])
        return ("-" if d < 0 else "") + text

    def percent(self, value: float) -> str:
        return str(self.book["numbers"]["percent"]).format(n=self.number(value))

    def _scaled(self, amount: float) -> str:
        for threshold, word in self.book["numbers"]["scales"]:
            if abs(amount) >= threshold:
                scaled = amount / threshold
                text = self.number(round(scaled, 2))
                return f"{text}{word}" if self.lang == "zh" else f"{text} {word}"
        return self.number(amount)

    def currency(self, code: str | None) -> str:
        if not code:
            return ""
        return str(self.book.get("currencies", {}).get(code) or code)

    def unit(self, unit: str | None) -> str:
        if not unit:
            return ""
        return str(self.book.get("units", {}).get(unit) or unit)

    def money(self, amount: float | None, currency: str | None) -> str:
        if amount is None:
            return ""
        return str(self.book["numbers"]["money"]).format(amount=self._scaled(amount), currency=self.currency(currency))

    def quantity(self, amount: float | str | None, unit: str | None) -> str:
        """An amount (a number, or a range already written) with its unit."""
        if amount is None or amount == "":
            return ""
        text = amount if isinstance(amount, str) else self.number(amount)
        return str(self.book["numbers"]["quantity"]).format(amount=text, unit=self.unit(unit) or "")

    def value_range(self, record: dict[str, Any], name: str, render: Any) -> str:
        """A value, or a stated range as "low–high", each end through `render`."""
        low, high = record.get(f"{name}_low"), record.get(f"{name}_high")
        if low is not None and high is not None and low != high:
            return str(self.book["numbers"]["range"]).format(low=render(low), high=render(high))
        value = record.get(name)
        return render(value) if value is not None else ""

    def amount_range(self, record: dict[str, Any], name: str) -> str:
        """The bare number (or "low–high") of a field, to be put before one unit: 1,580,000–1,600,000."""
        return self.value_range(record, name, self.number)

    # ------------------------------------------------------------------- dates
    def period(self, value: Any) -> str:
        """FACTS.md §4 periods and ISO days in words: "2025-09" -> "September 2025" / "2025年9月"."""
        if value in (None, ""):
            return ""
        text = str(value)
        dates = self.book["dates"]
        months = dates["months"]
        if ".." in text:
            first, last = text.split("..", 1)
            a, b = _PERIOD.match(first), _PERIOD.match(last)
            if a and b and a.group(1) == b.group(1) and a.group(2) and b.group(2) and not a.group(3):
                return str(dates["months_range"]).format(
                    first=months[int(a.group(2)) - 1], last=months[int(b.group(2)) - 1], year=a.group(1)
                )
            return str(dates["range"]).format(first=self.period(first), last=self.period(last))
        m = _PERIOD.match(text)
        if not m:
            return text
        year, month, day, quarter, half = m.groups()
        if day:
            return str(dates["day"]).format(day=int(day), month=months[int(month) - 1], year=year)
        if month:
            return str(dates["month"]).format(month=months[int(month) - 1], year=year)
        if quarter:
            return str(dates["quarter"]).format(n=quarter, year=year)
        if half:
            halves = dates.get("halves") or ["H1", "H2"]
            return str(dates["half"]).format(n=half, half=halves[int(half) - 1], year=year)
        return str(dates["year"]).format(year=year)

    # ------------------------------------------------------------------- names
    def name(self, kind: str, key: str | None) -> str:
        """An entity's display name in this language: area code, product id, element, company."""
        if not key:
            return ""
        override = (self.book.get("names") or {}).get(kind, {}) or {}
        if key in override:
            return str(override[key])
        lexicon = self.lexicon
        if kind == "area" and key in lexicon.areas:
            entry = lexicon.areas[key]
            return str(entry["name"]) if self.lang == "en" else str((entry.get(self.lang) or [entry["name"]])[0])
        if kind == "product":
            return self._product_name(key)
        if kind == "holder":  # a share holder is an area, a company or a sector
            if _AREA_CODE.match(key):
                return self.name("area", key)
            if key in lexicon.sectors:
                entry = lexicon.sectors[key]
                return str(entry["name"]) if self.lang == "en" else str((entry.get(self.lang) or [entry["name"]])[0])
            return self.name("company", key)
        if kind == "company":
            for entry in lexicon.companies.values():
                if entry["name"] == key or entry["id"] == key:
                    forms = entry.get(self.lang) if self.lang != "en" else None
                    return str(forms[0]) if forms else str(entry["name"])
            return self._named(key)
        if kind == "element" and key in lexicon.elements:
            return self._element_name(key)
        return key

    def _named(self, text: str) -> str:
        """A name as a fact holds it ("工业和信息化部", "Département du Commerce") in this
        language, when the whole text names one body, company or area the lexicon knows."""
        mentions = self.lexicon.entity_matcher.find(text, text.lower())
        if len(mentions) != 1 or mentions[0].end - mentions[0].start != len(text.strip()):
            return text
        entity = mentions[0]
        if entity.kind == "area":
            return self.name("area", entity.id)
        entry = {"body": self.lexicon.bodies, "company": self.lexicon.companies}.get(entity.kind, {}).get(entity.id)
        if not entry:
            return text
        if self.lang == "en":
            forms = entry.get("en") if entity.kind == "body" else None
            return str(forms[0]) if forms else str(entry["name"])
        return str((entry.get(self.lang) or [entry["name"]])[0])

    def _element_name(self, symbol: str) -> str:
        entry = self.lexicon.elements.get(symbol) or {}
        names = entry.get(self.lang) or entry.get("en") or [symbol]
        return str(names[0])

    def _product_name(self, pid: str) -> str:
        """An element product by its form template ("dysprosium oxide", 氧化镝), others by their first name."""
        products = self.lexicon.products
        entry = (products.get("products") or {}).get(pid) or {}
        head, _, form = pid.partition("-")
        symbol = next((s for s in self.lexicon.elements if s.lower() == head), None)
        templates = ((products.get("forms") or {}).get(form) or {}).get(self.lang) or [] if symbol else []
        if symbol and not form:
            return self._element_name(symbol)
        if templates:
            return str(templates[0]).replace("{el}", self._element_name(symbol or head))
        names = entry.get(self.lang) or entry.get("en") or [pid]
        return str(names[0])

    def market(self, market: str | None) -> str:
        """A price's market ("China domestic") in this language where the phrasebook knows it."""
        if not market:
            return ""
        known = (self.book.get("names") or {}).get("market") or {}
        return str(known.get(market.casefold(), market))

    def item(self, key: str) -> str:
        """A policy item: an element symbol or a product id."""
        if key in self.lexicon.elements:
            return self._element_name(key)
        return self.name("product", key)

    def listing(self, names: Sequence[str]) -> str:
        """Names as a list of this language: "a, b and c", "a、b、c"."""
        names = [n for n in names if n]
        if len(names) < 2:
            return "".join(names)
        return str(self.words["list_sep"]).join(names[:-1]) + str(self.words["list_and"]) + names[-1]

    # ----------------------------------------------------------------- changes
    def changes(self, record: dict[str, Any]) -> str:
        """Stated changes in words: "down 6.1% month-on-month, up 9.6% year-on-year"."""
        parts = []
        book = self.book["changes"]
        for field, basis in _CHANGE_FIELDS:
            value = record.get(field)
            if value is None:
                continue
            if value == 0:
                change = str(book["flat"])
            else:
                change = str(book["up" if value > 0 else "down"]).format(n=self.percent(abs(value)))
            parts.append(str(book[basis]).format(change=change))
        if not parts and record.get("direction") in ("up", "down", "flat") and record.get("type") == "price":
            return ""  # a direction without a number adds nothing a reader can check
        return str(book["join"]).join(parts)

    # ------------------------------------------------------------------- facts
    def template(self, fact_type: str, variant: str | None = None) -> str:
        entry = self.book["templates"][fact_type]
        if isinstance(entry, dict):
            return str(entry.get(variant or "", next(iter(entry.values()))))
        return str(entry)

    def main_value(self, record: dict[str, Any]) -> str:
        """The fact's headline number as written in a sentence (for "sources differ" lists)."""
        slots = self.slots(record)
        for key in ("price", "quantity", "share", "value", "amount"):
            if slots.get(key):
                return slots[key]
        return ""

    def slots(self, record: dict[str, Any]) -> dict[str, str]:
        """The template slots of one fact record, in this language."""
        kind = record["type"]
        words = self.words
        if kind == "price":
            unit = self.unit(record.get("unit"))
            currency = self.currency(record.get("currency"))

            amount = self.amount_range(record, "value")
            price = str(self.book["numbers"]["price"]).format(amount=amount, currency=currency, unit=unit)
            return {
                "product": self.name("product", record.get("product")),
                "market": self.market(record.get("market")),
                "price": price if amount else "",
                "date": self.period(record.get("as_of")),
                "changes": self.changes(record),
            }
        if kind == "trade_flow":
            partner = record.get("partner")
            return {
                "reporter": self.name("area", record.get("reporter")),
                "partner": "" if partner in (None, "WORLD") else self.name("area", partner),
                "product": self.name("product", record.get("product")),
                "quantity": self.value_range(
                    record, "quantity", lambda v: self.quantity(v, record.get("quantity_unit"))
                ),
                "value": self.value_range(record, "value", lambda v: self.money(v, record.get("currency"))),
                "period": self.period(record.get("period")),
                "changes": self.changes(record),
            }
        if kind == "market_share":
            scope = record.get("scope") or "global"
            subject = record.get("subject") or "rare-earths"
            return {
                "holder": self.name("holder", record.get("holder")),
                "share": self._share(record),
                "stage": str(words["stages"].get(record.get("stage") or "production", record.get("stage") or "")),
                "scope": str(words["scope_global"])
                if scope in ("global", "WORLD")
                else str(words["scope_area"]).format(area=self.name("area", scope)),
                # "90% of global magnet production" needs no "of rare earth magnets" after it
                "subject": ""
                if subject == words.get("subject_default") or (record.get("stage") == "magnet" and "magnet" in subject)
                else self.name("product", subject),
                "year": self.period(record.get("year")),
                "kind": str(words["share_kinds"].get(record.get("kind") or "actual", "")),
            }
        if kind == "policy_event":
            return {
                "actor": self.name("area", record.get("actor"))
                if _AREA_CODE.match(record.get("actor") or "")
                else str(record.get("actor") or ""),
                "action": str(words["actions"].get(record.get("action"), record.get("action") or "")),
                "items": self.listing([self.item(i) for i in record.get("items") or []]),
                "targets": self.listing([self.name("area", t) for t in record.get("targets") or []]),
                "date": self.period(record.get("date")),
            }
        if kind == "company_metric":
            unit = record.get("unit")
            render = (
                (lambda v: self.quantity(v, unit))
                if unit and not record.get("currency")
                else (lambda v: self.money(v, record.get("currency")))
            )
            return {
                "company": self.name("company", record.get("company")),
                "metric": str(words["metrics"].get(record.get("metric"), record.get("metric") or "")),
                "value": self.value_range(record, "value", render),
                "period": self.period(record.get("period")),
                "changes": self.changes(record),
            }
        if kind == "production":
            entity = record.get("entity") or ""
            return {
                "entity": self.name("area", entity) if _AREA_CODE.match(entity) else self.name("company", entity),
                "product": self.name("product", record.get("product")),
                "quantity": self.quantity(self.amount_range(record, "quantity"), record.get("unit")),
                "period": self.period(record.get("period")),
                "kind": str(words["production_kinds"].get(record.get("kind") or "actual", "")),
            }
        if kind == "funding":
            return {
                "funder": self._party(record.get("funder")),
                "recipient": self._party(record.get("recipient")),
                "amount": self.value_range(record, "amount", lambda v: self.money(v, record.get("currency"))),
                "date": self.period(record.get("date")),
            }
        if kind == "corporate_event":
            return {
                "company": self.name("company", record.get("company")),
                "action": str(words["corporate_actions"].get(record.get("action"), record.get("action") or "")),
                "counterparties": self.listing([self._party(c) for c in record.get("counterparties") or []]),
                "place": str(record.get("place") or ""),
                "date": self.period(record.get("date")),
            }
        return {}

    def _share(self, record: dict[str, Any]) -> str:
        amount = self.amount_range(record, "share_pct")
        return str(self.book["numbers"]["percent"]).format(n=amount) if amount else ""

    def _party(self, value: str | None) -> str:
        if not value:
            return ""
        return self.name("area", value) if _AREA_CODE.match(value) else self.name("company", value)

    def sentence(self, record: dict[str, Any]) -> str:
        """One fact as a sentence of this language, without its citation marks."""
        slots = self.slots(record)
        variant = None
        if record["type"] == "trade_flow":
            flow = record.get("flow") or "export"
            variant = flow if slots.get("quantity") else f"{flow}_value"
        elif record["type"] == "funding":
            variant = (
                "both" if slots["funder"] and slots["recipient"] else ("funder" if slots["funder"] else "recipient")
            )
        text = fill(self.template(record["type"], variant), slots)
        return text[:1].upper() + text[1:] if self.lang != "zh" else text
