"""Fill a document's missing metadata from its text: language, title, source, date.

Only fields that are missing are inferred; what the input states is kept as stated.
Dates are taken from labelled lines ("Publish Time: 2025-11-14", "发布时间：", "Publié le"),
a source line ("Sou Hu Cai Jing· 2025-09-03 09:03"), a `date YYYY-MM-DD` prefix, or a
full date near the top of the text (2025年6月13日, 14 March 2025); never from a date
inside the story, which would date the article by its subject.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from reewatch.ingest.split import SOURCE_LINE
from reewatch.models import Document
from reewatch.normalise.dates import DateFinder, parse_iso
from reewatch.normalise.language import LanguageIdentifier

_LABELLED_DATE = re.compile(
    r"(?im)^[^\n]{0,40}?(?:publish(?:ed)?\s*(?:time|date|on)?|date|posted|updated|发布时间|发布日期|日期|時間|"
    r"publié\s+le|date de publication|veröffentlicht(?:\s+am)?|datum|掲載日|게시일|날짜)"
    r"\s*[:：]?\s*(?P<rest>[^\n]{4,60})"
)
_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})", re.IGNORECASE)
_SOURCE_LABEL = re.compile(
    r"(?im)^\s*(?:source|origin|来源|來源|出处|source\s*:|quelle|出典|출처)\s*[:：]\s*(?P<source>[^\n|·]{2,60}?)\s*(?:[|·].*)?$"
)
# A date written after the source name on a "Source:" line (any language: it starts with a digit or a
# day/month word followed by digits, and holds a year).
_TRAILING_DATE = re.compile(r"[\s,，;]+(?=[^\n]*(?:\d{4}|[０-９]{4}))(?:\d|[０-９]|[A-Za-zéû]+\.?\s+\d)[^\n]*$")
_LEADING_SOURCE = re.compile(
    r"^\s*(?P<source>[A-Z][A-Za-z.&]{1,20}(?:\s[A-Z][A-Za-z.&]{1,20}){0,2})[,:]?\s+"
    r"(?:\w+\s+\d{1,2}\s+)?(?:News|Reports?|Says|reported|,)"
)


class MetadataInferrer:
    """Infers missing fields. Holds the language identifier and date patterns it builds once."""

    def __init__(self, languages: LanguageIdentifier, dates: DateFinder) -> None:
        self._languages = languages
        self._dates = dates

    def _date(self, text: str) -> str | None:
        head = text[:600]
        m = _DATE_PREFIX.match(head)
        if m:
            return m.group(1)
        for line in head.split("\n")[:8]:
            sm = SOURCE_LINE.match(line)
            if sm:
                found = self._full_date(sm.group("date"))
                if found:
                    return found
        for m in _LABELLED_DATE.finditer(head):
            found = self._full_date(m.group("rest"))
            if found:
                return found
        # A full date in the first lines (a dateline), not one deep inside the story.
        return self._full_date("\n".join(head.split("\n")[:3])[:300])

    def _full_date(self, text: str) -> str | None:
        for mention in self._dates.find(text, None):
            if mention.kind == "day" and mention.period:
                return mention.period
        return None

    @staticmethod
    def _title(text: str) -> str | None:
        for line in text.split("\n"):
            line = line.strip().lstrip("#").strip()
            if not line:
                continue
            if len(line) <= 150 and not line.endswith((".", "。")):
                return line
            cut = re.split(r"(?<=[.!?。！？])\s", line, maxsplit=1)[0]
            return cut[:150]
        return None

    @staticmethod
    def _source(text: str) -> str | None:
        head = text[:800]
        m = _SOURCE_LABEL.search(head)
        if m:  # "来源：稀土在线 2025年11月5日", "Source : Asie Matières Premières, 15 janvier 2026"
            return _TRAILING_DATE.sub("", m.group("source")).strip(" ,;-–") or None
        for line in head.split("\n")[:8]:
            sm = SOURCE_LINE.match(line)
            if sm:
                return sm.group("source").strip()
        m = _LEADING_SOURCE.match(head)
        if m:
            return m.group("source").strip()
        return None

    def fill(self, doc: Document) -> Document:
        """The document with missing title, source, date and language inferred from its text."""
        published = doc.published
        if published:
            iso = parse_iso(published)
            published = iso.isoformat() if iso else self._full_date(published) or published
        else:
            published = self._date(doc.text)
        return replace(
            doc,
            lang=doc.lang or self._languages.detect(doc.text[:3000]),
            title=doc.title or self._title(doc.text),
            source=doc.source or self._source(doc.text),
            published=published,
        )


def doc_date(doc: Document) -> date | None:
    return parse_iso(doc.published)
