"""Split pages that hold several articles (search-result lists, press reviews) into one document each.

A result list looks like: a few lines of page chrome, then for each article a short title
line, a source line and a summary. A source line is a source name and a date, as pages
write them: "Sou Hu Cai Jing· 2025-09-03 09:03", "La Tribune · 27/11/2025", "Reuters ·
26/11/2025 14:05", "Boursorama avec AOF • 31/07/2025 à 08:05", "Les Echos - 28 nov. 2025",
"Nikkei Asia | Nov 28, 2025", "来源：财联社 2025-11-26 09:31", "新浪财经 · 2025年11月28日".
An article may lack its source line; it is still recognised by a short title followed by a
long summary, after the end of the previous article (its summary, a "Read more →" link or
a separator rule). A page is split only when at least two source lines are found, so a
single article is never split, and a story above a list of related articles is kept as the
first article. Each article's language is detected again, on its own text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from reewatch.models import Document

_TIME = (
    r"(?:\s*(?:à|at|um|,|@|-)?\s*\d{1,2}\s?[:hH]\s?\d{2}(?::\d{2})?"
    r"(?:\s?(?:[AaPp]\.?[Mm]\.?|Uhr|(?:ET|EST|EDT|GMT|UTC|CET|CEST|BST|IST|HKT|JST|SGT|AEST|AEDT)\b))?"
    r"(?:\s?(?:ET|EST|EDT|GMT|UTC|CET|CEST|BST|IST|HKT|JST|SGT|AEST|AEDT)\b)?)?"
)
# A month is a word here (checked against the month names of dates.yaml in `source_line`).
_WORD = r"[^\W\d_]{3,10}\.?"
DATE = (
    r"(?:\d{4}\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}(?:\s?日)?"  # 2025-11-28, 2025.11.28, 2025年11月28日
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"  # 28/11/2025, 28.11.2025, 28-11-2025
    rf"|\d{{1,2}}(?:er|\.)?\s+(?P<m1>{_WORD})\s+\d{{4}}"  # 28 nov. 2025, 28. November 2025
    rf"|(?P<m2>{_WORD})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"  # Nov 28, 2025
)
SOURCE_LINE = re.compile(
    r"^\s*(?P<label>(?:来源|來源|source|quelle|origin)\s*[:：]\s*)?"
    r"(?P<source>[^\n]{1,80}?)\s*(?:[·•|｜]|\s[-–—]\s|(?(label)(?<=\S)[\s\u3000]+|(?!)))\s*"
    rf"(?P<date>{DATE}){_TIME}\s*$",
    re.IGNORECASE,
)
# The date first: "27/11/2025 · La Tribune", "Nov 28, 2025 | Mining Weekly".
SOURCE_AFTER = re.compile(
    rf"^\s*(?P<date>{DATE}){_TIME}\s*(?:[·•|｜]|\s[-–—]\s)\s*(?P<source>[^\W\d_][^\n]{{0,79}}?)\s*$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d{4}")  # every source line's date has its year
_SUMMARY_MIN = 150  # characters: a line this long is an article body, not a title
_TITLE_MAX = 120
# A line that closes an article in a list: a rule of dashes or box-drawing, a "Read more →" link.
_END_OF_ITEM = re.compile(r"^\s*(?:[\W_]{3,}|[^\n]{0,40}(?:→|»|›|>>)\s*)$")


@cache
def _month_words() -> frozenset[str]:
    from reewatch.datafiles import read_data_yaml
    from reewatch.lexicon import DATA_DIR

    data = read_data_yaml(DATA_DIR / "dates.yaml", "lexicon file")
    return frozenset(str(n).lower() for names in data["months"].values() for n in names)


def source_line(line: str) -> re.Match[str] | None:
    """The match of a source line ("Reuters · 26/11/2025 14:05"), or None."""
    if len(line) > 140 or not _DIGITS.search(line):
        return None
    m = SOURCE_LINE.match(line) or SOURCE_AFTER.match(line)
    if not m:
        return None
    word = m.group("m1") or m.group("m2")
    if word and word.rstrip(".").lower() not in _month_words():
        return None
    return m


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _is_title(line: str) -> bool:
    stripped = line.strip()
    return 4 <= len(stripped) <= _TITLE_MAX and not _END_OF_ITEM.match(stripped) and source_line(stripped) is None


def _ends_item(line: str) -> bool:
    return len(line.strip()) >= _SUMMARY_MIN or bool(_END_OF_ITEM.match(line))


def split_page(doc: Document) -> list[Document]:
    """The articles of a result page as documents `<id>#1`, `<id>#2`, ...; else [doc]."""
    lines = _lines(doc.text)
    is_source = [source_line(t) is not None for _, _, t in lines]
    if sum(is_source) < 2:
        return [doc]
    starts: list[int] = []  # index of each article's title line
    for i, (_, _, text) in enumerate(lines):
        if not _is_title(text):
            continue
        j = next((k for k in range(i + 1, len(lines)) if lines[k][2].strip()), None)
        if j is None:
            continue
        if not is_source[j]:
            if len(lines[j][2].strip()) < _SUMMARY_MIN:
                continue
            prev = next((t for _, _, t in reversed(lines[:i]) if t.strip()), "")
            if starts and not _ends_item(prev):
                continue  # the line before a title must end the previous article
        starts.append(i)
    if len(starts) < 2:
        return [doc]
    if starts and any(len(t.strip()) >= _SUMMARY_MIN for _, _, t in lines[: starts[0]]):
        # A story above the list ("Related articles" under it): it is an article too, not chrome.
        starts.insert(0, next(k for k, (_, _, t) in enumerate(lines) if t.strip()))
    articles: list[Document] = []
    for n, first in enumerate(starts, 1):
        last = starts[n] if n < len(starts) else len(lines)
        begin, end = lines[first][0], lines[last - 1][1]
        text = doc.text[begin:end].rstrip()
        title = lines[first][2].strip()
        source = published = None
        for k in range(first + 1, last):
            if is_source[k]:
                m = source_line(lines[k][2])
                assert m is not None
                source = m.group("source").strip()
                published = m.group("date")  # the metadata step reads it (day or month first)
                break
        articles.append(
            replace(
                doc,
                id=f"{doc.id}#{n}",
                text=text,
                title=title,
                source=source,
                published=published,
                lang=None,
            )
        )
    return articles
