"""Split pages that hold several articles (search-result lists) into one document each.

A result list looks like: a few lines of page chrome, then for each article a short title
line, a source line ("Sou Hu Cai Jing· 2025-09-03 09:03", "news flash· 2025-06-13 10:33")
and a long summary. An article may lack its source line; it is still recognised by a
short title followed by a long summary. A page is split only when at least two source
lines are found, so a single article is never split.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reewatch.models import Document

SOURCE_LINE = re.compile(
    r"^\s*(?P<source>[^\n]{1,80}?)\s*[·•|｜]\s*"
    r"(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*$"
)
_SUMMARY_MIN = 150  # characters: a line this long is an article body, not a title
_TITLE_MAX = 120


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _is_title(line: str) -> bool:
    stripped = line.strip()
    return 4 <= len(stripped) <= _TITLE_MAX and not SOURCE_LINE.match(stripped)


def split_page(doc: Document) -> list[Document]:
    """The articles of a result page as documents `<id>#1`, `<id>#2`, ...; else [doc]."""
    lines = _lines(doc.text)
    if sum(1 for _, _, t in lines if SOURCE_LINE.match(t)) < 2:
        return [doc]
    starts: list[int] = []  # index of each article's title line
    for i, (_, _, text) in enumerate(lines):
        if not _is_title(text):
            continue
        nxt = next((t for _, _, t in lines[i + 1 :] if t.strip()), "")
        if SOURCE_LINE.match(nxt) or len(nxt.strip()) >= _SUMMARY_MIN:
            prev = next((t for _, _, t in reversed(lines[:i]) if t.strip()), "")
            if starts and not (len(prev.strip()) >= _SUMMARY_MIN):
                continue  # the line before a title must end the previous article's summary
            starts.append(i)
    if len(starts) < 2:
        return [doc]
    articles: list[Document] = []
    for n, first in enumerate(starts, 1):
        last = starts[n] if n < len(starts) else len(lines)
        begin, end = lines[first][0], lines[last - 1][1]
        text = doc.text[begin:end].rstrip()
        title = lines[first][2].strip()
        source = published = None
        for _, _, line in lines[first + 1 : last]:
            m = SOURCE_LINE.match(line)
            if m:
                source = m.group("source").strip()
                published = _iso(m.group("date"))
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


def _iso(value: str) -> str | None:
    m = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", value)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
