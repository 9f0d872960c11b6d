"""Fill a document's missing metadata from its text: language, title, source, date.

Only fields that are missing are inferred; what the input states is kept as stated.
The date is read from the page furniture above the story, in this order of trust:
a labelled publication date ("Publish Time: 2025-11-14", "Publié le 14/11/2025 à 18h20",
"Published: Nov. 14, 2025 6:20 p.m. ET", "发布时间：", "Veröffentlicht am"); a source line
("Boursorama avec AOF • 31/07/2025 à 08:05"); a date line or byline ("11.12.2025 - 16:05 Uhr",
"2025年11月14日 18:20", "By X | Y News | January 14, 2026"); a dateline opening the story
("Paris, le 17 juin 2025", "PEKIN, 4 avril 2025 (AFP) -", "BEIJING, Nov 14 (Reuters) -",
"北京11月14日电"); an "updated" date ("Mis à jour le", "Updated On"); the signature date
closing a notice; at last a full date in the first lines. Never a date inside the story,
which would date the article by its subject; never a price or a figure: a date here is a
whole day with its year (or a dateline's day, whose year the text's own dates give).
Numeric dates are read day first (14/11/2025), except "11/05/2025" in US English (November 5).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from reewatch.ingest.split import source_line
from reewatch.models import Document
from reewatch.normalise.dates import DateFinder, parse_iso
from reewatch.normalise.language import LanguageIdentifier

_PUBLISHED = (
    r"publish(?:ed)?(?:\s*(?:time|date|on|at))?|posted(?:\s+on)?|date\s+de\s+publication|publié(?:\s+le)?"
    r"|paru\s+le|veröffentlicht(?:\s+am)?|erschienen(?:\s+am)?|publicado(?:\s+el)?|pubblicato(?:\s+il)?"
    r"|发布时间|发布日期|发布于|发表于|發佈時間|發布時間|發表於|発行日|掲載日|公開日|配信日|게시일|입력|등록일"
    r"|date|datum|日期|时间|時間|날짜"
)
_UPDATED = (
    r"(?:last\s+)?updated(?:\s+(?:on|at))?|modifié(?:\s+le)?|mis\s+à\s+jour(?:\s+le)?|mise\s+à\s+jour"
    r"|actualisé(?:\s+le)?|aktualisiert(?:\s+am)?|更新(?:时间|時間|日期|于|於|日)?|수정"
)
# A label, then the date right after it (checked by the caller).
_LABEL = re.compile(
    rf"(?<![A-Za-zÀ-ÿ])(?:(?P<pub>{_PUBLISHED})|(?P<upd>{_UPDATED}))(?![A-Za-zÀ-ÿ])\s*[:：]?\s*"
    r"(?:(?:le|am|on|el|il)\s+)?",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\s*(?:à|at|um|,|@|-|–)?\s*\d{1,2}\s?[:hH]\s?\d{2}(?::\d{2})?"
    r"(?:\s?(?:[AaPp]\.?\s?[Mm]\.?|Uhr))?(?:\s?(?:ET|EST|EDT|GMT|UTC|CET|CEST|BST|IST|HKT|JST|SGT|AEST|AEDT)\b)?"
)
# What may follow a date line's date: nothing, a time, page furniture; not a comma or a colon
# opening a sentence ("2025年10月24日，商务部发布公告" is the story, not a timestamp).
_NOT_A_STAMP = re.compile(
    # ... but a page's labels may follow: "2026-01-15  Source: MagnetNews  Hits: 112", "来源：证券日报"
    r"(?!\s*(?:source|sources|quelle|来源|來源|出处|hits|views|vues|浏览|阅读|by|par|von|作者)\b)"
    r"(?:\s*[,，:：;、]|\s*[^\W\d_])",
    re.IGNORECASE,
)
# "Paris, le 17 juin 2025", "PEKIN, 4 avril 2025 (AFP) -", "WASHINGTON, Nov 14 (Reuters) -".
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Ý][A-Za-zÀ-ÿ'’.\- ]{1,30}(?:,\s*[A-Z][A-Za-z.]{1,12})?)\s*,\s*(?:(?:le|den|am|the)\s+)?"
)
_DAY_FIRST_ENGLISH = re.compile(r"₹|£|\b(?:IST|BST|AEST|AEDT|crores?|lakhs?|Rs|INR|GBP|A\$|AU\$)(?![\w$])")
_NO_YEAR = "????"  # a dateline's day whose year is to be found
_DAY_START = re.compile(r"\d{1,2}\b|[^\W\d_]{3,9}\.?\s+\d{1,2}\b")
_AGENCY_DASH = re.compile(r"\s*(?:\([^()\n]{2,30}\))?\s*[-–—]")
# 新华社北京11月14日电, 财联社1月23日电, SMM11月26日讯.
_CJK_DATELINE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})\s?年\s?)?(?P<mo>[01]?\d)\s?月\s?(?P<d>[0-3]?\d)\s?日\s?(?:电|電|讯|訊)"
)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_BYLINE_SEP = re.compile(r"\s*[|·•｜]\s*")
_AUTHOR = re.compile(r"(?:by|par|von|por|di|作者|文)\b", re.IGNORECASE)
_HEAD_LINES = 15  # non-blank lines looked at for the page furniture
_BODY_LINE = 150  # characters: a line this long is the story
_SOURCE_TAIL = re.compile(r"[\s\u3000]+(?:阅读|閱讀|阅读量|作者|字号|编辑|责任编辑)\b.*$")

_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})", re.IGNORECASE)
_SOURCE_WORDS = r"source|origin|来源|來源|出处|quelle|出典|출처"
_SOURCE_LABEL = re.compile(
    rf"(?im)^\s*(?:{_SOURCE_WORDS}|source\s*:)\s*[:：]\s*(?P<source>[^\n|·]{{2,60}}?)\s*(?:[|·].*)?$"
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

    def _date(self, text: str, month_first: bool = False) -> str | None:
        m = _DATE_PREFIX.match(text)
        if m:
            return m.group(1)
        best: tuple[int, str] | None = None  # (rank of trust, lower is better; the date)
        seen = long_lines = 0
        for line in text[:3000].split("\n"):
            if not line.strip():
                continue
            seen += 1
            if _DIGIT.search(line):  # every date has digits: most lines of a page head stop here
                found = self._line_date(line, text, month_first, best[0] if best else 6)
                if found:
                    best = found
            long_lines += len(line.strip()) >= _BODY_LINE
            # Past the story's first paragraph (a long menu line may come before it) its dates
            # are its subject's; a labelled date or a source line is not bettered.
            if (best and best[0] <= 2) or seen >= _HEAD_LINES or long_lines >= 2:
                break
        if best and best[1].startswith(_NO_YEAR):
            best = (best[0], self._with_year(best[1], text) or "")
        if best and best[1]:
            return best[1]
        return self._signature_date(text, month_first) or self._full_date(
            "\n".join(text[:600].split("\n")[:3])[:300], month_first
        )

    def _line_date(self, line: str, text: str, month_first: bool, worse: int) -> tuple[int, str] | None:
        """The most trusted date a line of the page head gives, with its rank, if it ranks
        better than `worse`: 1 published label, 2 source line, 3 date line or byline,
        4 dateline, 5 "updated" label."""
        short = len(line) < _BODY_LINE
        updated = None
        for m in _LABEL.finditer(line if short else line[:60]):
            rank = 1 if m.group("pub") else 5
            if rank < worse and (rank == 1 or updated is None):
                found = self._date_at(line, m.end(), month_first)
                if found and rank == 1:
                    return 1, found[0]
                if found:
                    updated = (5, found[0])
        if worse > 2:
            sm = source_line(line)
            found = self._date_at(sm.group("date"), 0, month_first) if sm else None
            if found:
                return 2, found[0]
        if worse > 3 and short:
            stamp = self._stamp(line, month_first)
            if stamp:
                return 3, stamp
        if worse > 4:
            dateline = self._dateline(line, text, month_first)
            if dateline:
                return 4, dateline
        return updated

    def _date_at(self, text: str, pos: int, month_first: bool) -> tuple[str, int] | None:
        """The whole day written at `pos` (a few spaces allowed) and where it ends, or None."""
        chunk = text[pos : pos + 40]
        if not _YEAR.search(chunk):
            return None
        for mention in self._dates.find(chunk, None, month_first):
            if mention.span[0] > 2:
                break
            if mention.kind == "day" and mention.period:
                return mention.period, pos + mention.span[1]
            break
        return None

    def _stamp(self, line: str, month_first: bool) -> str | None:
        """A date line ("11.12.2025 - 16:05 Uhr", "2026.01.23 星期五", "Jan 16, 2026 @ 10:35 GMT"),
        a byline segment ("By X | Y News | January 14, 2026") or a date with its time in a short
        header line ("原创 稀土观察员 2025年12月18日 08:05 北京")."""
        stripped = line.strip()
        segments = _BYLINE_SEP.split(stripped) if _BYLINE_SEP.search(stripped) else [stripped]
        for segment in segments:
            found = self._date_at(segment, 0, month_first)
            if found:
                end = found[1]
                tm = _TIME.match(segment, end)
                if tm:
                    end = tm.end()
                if not _NOT_A_STAMP.match(segment, end) or tm:
                    return found[0]
        if len(stripped) <= 100 and _YEAR.search(stripped) and _TIME.search(stripped):
            for mention in self._dates.find(stripped, None, month_first):
                if mention.kind == "day" and mention.period and _TIME.match(stripped, mention.span[1]):
                    return mention.period
        return None

    def _dateline(self, line: str, text: str, month_first: bool) -> str | None:
        m = _DATELINE.match(line)
        if m and _DAY_START.match(line, m.end()):
            found = self._date_at(line, m.end(), month_first)
            if found:
                return found[0]
            # "BEIJING, Nov 14 (Reuters) -": a day without its year, then the agency and a dash.
            for mention in self._dates.find(line[m.end() : m.end() + 40], None):
                if (
                    mention.span[0] <= 2
                    and mention.kind == "day"
                    and _AGENCY_DASH.match(line, m.end() + mention.span[1])
                ):
                    return self._without_year(line[m.end() :][mention.span[0] : mention.span[1]])
                break
        cm = _CJK_DATELINE.search(line)
        if cm:
            mo, day = int(cm.group("mo")), int(cm.group("d"))
            if 1 <= mo <= 12 and 1 <= day <= 31:
                if cm.group("y"):
                    return _valid(int(cm.group("y")), mo, day)
                return f"{_NO_YEAR}-{mo:02d}-{day:02d}"
        return None

    def _without_year(self, day_text: str) -> str | None:
        """A dateline's day without its year ("Nov 14") as "????-11-14": the year is looked for
        only if no better date turns up."""
        (mention,) = self._dates.find(day_text, date(2000, 12, 31))[:1] or [None]
        if mention is None or not mention.period:
            return None
        return _NO_YEAR + mention.period[4:]

    def _with_year(self, value: str, text: str) -> str | None:
        mo, day = int(value[5:7]), int(value[8:10])
        year = self._year_of(text, mo)
        return _valid(year, mo, day) if year else None

    def _year_of(self, text: str, month: int) -> int | None:
        """The year of a dateline that states none, from the story's own dates: that of the
        latest month it names with its year ("exports in October 2025"), or the next one when
        the dateline's month comes before it (a January story on December data); else a year
        it names at least twice. Baselines ("the same period of 2024") and deadlines ("by
        2030") do not count; with no such evidence the date stays unknown."""
        months, years = [], []
        head, windows = text[:3000], []
        for y in _YEAR.finditer(head):  # only the text around written years can name one
            start = max(0, y.start() - 50)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], y.end() + 12)
            else:
                windows.append((start, y.end() + 12))
        mentions = [m for s, e in windows for m in self._dates.find(head[s:e], None)]
        for mention in mentions:
            if not mention.period or mention.target or mention.baseline:
                continue
            if mention.kind in {"day", "month"}:
                months.append(mention.period[:7])
            elif mention.kind == "year":
                years.append(int(mention.period))
        if months:
            latest = max(months)
            year, last = int(latest[:4]), int(latest[5:7])
            # a January story on December data is of the year after; a March story naming May
            # (a date to come: "自2026年5月1日起") is of the same year
            return year if month >= last or last - month <= 3 else year + 1
        common = max(set(years), key=lambda y: (years.count(y), y), default=None)
        return common if common is not None and years.count(common) >= 2 else None

    def _signature_date(self, text: str, month_first: bool) -> str | None:
        """The date closing a notice or an announcement ("董事会\n2025年10月29日")."""
        tail = [line.strip() for line in text[-600:].split("\n") if line.strip()][-6:]
        for line in reversed(tail):
            if len(line) <= 25:
                found = self._date_at(line, 0, month_first)
                if found and found[1] >= len(line) - 1:
                    return found[0]
        return None

    def _full_date(self, text: str, month_first: bool = False) -> str | None:
        for mention in self._dates.find(text, None, month_first):
            if mention.kind == "day" and mention.period and not mention.target:  # not "至2026年11月10日"
                return mention.period
        return None

    @staticmethod
    def _title(text: str) -> str | None:
        """The headline: the first line that is not page furniture (menus, breadcrumbs, cookie
        banners, byline labels, one-word widgets); the first line if all of the head is."""
        lines = [stripped for line in text.split("\n") if (stripped := line.strip().lstrip("#").strip())]
        head = lines[:_TITLE_LINES]
        line = next((x for i, x in enumerate(head) if not _is_furniture(x, head[i + 1 :])), head[0] if head else None)
        if line is None:
            return None
        if len(line) <= 150 and not line.endswith((".", "。")):
            return line
        cut = re.split(r"(?<=[.!?。！？])\s", line, maxsplit=1)[0]
        return cut[:150]

    @staticmethod
    def _source(text: str) -> str | None:
        head = text[:800]
        m = _SOURCE_LABEL.search(head)
        if m:  # "来源：稀土在线 2025年11月5日", "Source : Asie Matières Premières, 15 janvier 2026"
            return _TRAILING_DATE.sub("", _SOURCE_TAIL.sub("", m.group("source"))).strip(" ,;-–") or None
        for line in head.split("\n")[:8]:
            sm = source_line(line)
            if sm:  # "By Thomas Reilly | Magnetics & Motors News | January 14, 2026": the outlet
                parts = [p for p in _BYLINE_SEP.split(sm.group("source").strip()) if p and not _AUTHOR.match(p)]
                return parts[-1] if parts else sm.group("source").strip()
        m = _LEADING_SOURCE.match(head)
        if m:
            return m.group("source").strip()
        return None

    def fill(self, doc: Document) -> Document:
        """The document with missing title, source, date and language inferred from its text."""
        lang = doc.lang or self._languages.detect(doc.text[:3000])
        # US English writes 11/05/2025 for November 5; British, Indian, Australian English
        # (and every other language here) for 11 May.
        month_first = lang == "en" and not _DAY_FIRST_ENGLISH.search(doc.text[:3000])
        published = doc.published
        if published:
            iso = parse_iso(published)
            published = iso.isoformat() if iso else self._full_date(published, month_first) or published
        else:
            published = self._date(doc.text, month_first)
        return replace(
            doc,
            lang=lang,
            title=doc.title or self._title(doc.text),
            source=doc.source or self._source(doc.text),
            published=published,
        )


# Page furniture above a headline, in any language: a menu or breadcrumb ("Home | News | Contact",
# "Accueil > Matières premières", "当前位置：首页 > 行业动态"), a cookie banner, a byline label
# ("Views: 0 Author: Site Editor Publish Time:", "发布时间：", "Publié le"), a line of short
# menu words spaced apart ("网站首页 新闻中心 行业动态", "Menu  Actualités  Industrie"), or a
# widget of one or two words ("Workflow", "Search documents", "Advertisement", "icon").
_TITLE_LINES = 12
_MENU_SEPARATORS = re.compile(r"\s[|>»＞›/·]\s|[|＞»›]|\s>\s?|当前位置")
_COOKIES = re.compile(r"cookie", re.IGNORECASE)
_BYLINE_LABEL = re.compile(  # the labels of the date and source lines, and a few of their own
    rf"^(?:{_PUBLISHED}|{_UPDATED}|{_SOURCE_WORDS}|views?|author|by|par|von|作者|浏览|阅读|點擊|点击|責任編輯|责任编辑|投稿)"
    r"(?=\s*[:：]|\s|$)|(?:views|author|publish time)\s*:",
    re.IGNORECASE,
)
_SPACED_ITEMS = re.compile(r"\S+(?:\s{2,}|\u3000)")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD_RUN = re.compile(r"[^\W\d_]+")


def _is_furniture(line: str, below: list[str]) -> bool:
    """Whether a line above the story is page furniture; `below` are the lines after it."""
    if len(_MENU_SEPARATORS.findall(line)) >= 2 or _COOKIES.search(line) or _BYLINE_LABEL.search(line):
        return True
    if len(_SPACED_ITEMS.findall(line)) >= 3:
        return True  # items set apart by wide spaces: a menu bar
    cjk = len(_CJK_CHAR.findall(line))
    words = line.split()
    # "网站首页 新闻中心 行业动态 政策法规": four short words or more, no punctuation between
    if cjk and len(words) >= 4 and all(len(w) <= 6 for w in words) and not re.search(r"[，。：:、！？]", line):
        return True
    short = cjk < 6 and len(_WORD_RUN.findall(line)) < 3 if cjk else len(_WORD_RUN.findall(line)) < 3
    # "Workflow", "Search documents", "icon": a widget, when a headline follows (else a short headline)
    return short and any(_headline_like(x) for x in below[:4])


def _headline_like(line: str) -> bool:
    return len(line) <= 150 and not line.endswith((".", "。", ":", "：")) and len(_WORD_RUN.findall(line)) >= 3


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def doc_date(doc: Document) -> date | None:
    return parse_iso(doc.published)
