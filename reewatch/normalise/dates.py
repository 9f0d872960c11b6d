"""Dates and periods in a sentence, resolved against the document date (FACTS.md §4).

Periods come out as "2025", "2025-Q1", "2025-H1", "2025-08", "2025-01..2025-09" or
"2025-08-15". A month without a year takes the document's year (the year before, when
that would put it more than six months after the document: a January report on
"December exports"; or when it is after the document's month and the text says "since
March"); with no document date it stays unresolved (None). A span without a year is
likewise last year's when it would end well after the document: a sum from January that
ends after the document's month ("Jan-Nov" in a January report), a quarter or half that
ends more than eight months after it (fourth-quarter results in February).
Numeric dates are read day first (14/11/2025, 11.12.2025), month first only when asked
(US English). A CJK year may have two digits ("24年の輸入量", "25年3月期"): the document's
century. "2024-25" is a fiscal year from April to March.
Month names and period words are in `lexicon/data/dates.yaml`; the grammar is here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

# Small numbers in words, for "first ten months", "huit premiers mois", 前十个月.
_NUMBER_WORDS = {
    w: i
    for i, ws in enumerate(
        [
            [],
            [],
            ["two", "deux", "zwei", "二", "两"],
            ["three", "trois", "drei", "三"],
            ["four", "quatre", "vier", "四"],
            ["five", "cinq", "fünf", "五"],
            ["six", "sechs", "六"],
            ["seven", "sept", "sieben", "七"],
            ["eight", "huit", "acht", "八"],
            ["nine", "neuf", "neun", "九"],
            ["ten", "dix", "zehn", "十"],
            ["eleven", "onze", "elf", "十一"],
            ["twelve", "douze", "zwölf", "十二"],
        ]
    )
    for w in ws
}
_DIGIT = re.compile(r"\d")
# A year written beside a separator and more digits: "14/11/2025", "11.12.2025", "2024-25".
_NUMERIC = re.compile(r"[/.-](?:19|20)\d\d(?!\d)|(?:19|20)\d\d\s?[-–/]\s?\d\d(?!\d)")
_CJK_WORDS = re.compile(
    r"季|半年|半期|上期|下期|前[一二三四五六七八九十\d]|今年|去年|上年|本年|上月|当月|本月|上个月|分期|분기|반기|올해|작년|지난|月期"
)
_TOKEN = re.compile(r"[^\W\d_]+")
_CJK_DATE = re.compile(r"[年月季期분기월일半前]")
# Patterns that begin with a month name: tried only where one starts.
_MONTH_LED = frozenset({"latin_range", "latin_day_y", "latin_day", "month_y", "month"})
# Words whose presence makes a family of patterns worth running (most sentences have none).
_GATE_TOKENS = {
    "quarter": {"quarter", "quarters", "trimestre", "trimestres", "quartal", "quartals", "quartalen"},
    "half": {"half", "semestre", "semestres", "halbjahr", "halbjahres", "semester"},
    "months": {"months", "mois", "monaten", "monate", "meses", "mesi", "quarters", "trimestres"},
    "fiscal": {"fiscal", "ended", "ending", "exercice", "geschäftsjahr"},
}
_GATE_CJK = {
    "quarter": re.compile(r"季|四半期|분기|月期|截至"),
    "half": re.compile(r"半年|半期|上期|下期|반기"),
    "months": re.compile(r"前[一二三四五六七八九十\d]|月期"),
}
_TOKEN_GATES: dict[str, set[str]] = {}
for _gate, _tokens in _GATE_TOKENS.items():
    for _token in _tokens:
        _TOKEN_GATES.setdefault(_token, set()).add(_gate)
# Scripts written without spaces between words (CJK, kana, hangul with its glued particles).
_UNSPACED = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# What a pattern needs in the sentence before it is worth running.
_NEEDS = {
    "fiscal_year": frozenset({"digit", "month", "fiscal"}),
    "cjk_fiscal": frozenset({"digit", "cjk"}),
    "ko_day": frozenset({"digit", "cjk"}),
    "cjk_month_span": frozenset({"digit", "cjk"}),
    "month_quarter": frozenset({"quarter"}),
    "iso": frozenset({"digit"}),
    "numeric_day": frozenset({"numeric"}),
    "cjk_short_year": frozenset({"digit", "cjk"}),
    "cjk_day": frozenset({"digit", "cjk"}),
    "cjk_range": frozenset({"digit", "cjk"}),
    "first_n": frozenset({"months"}),
    "nine": frozenset({"months"}),
    "cjk_quarter": frozenset({"quarter"}),
    "cjk_month": frozenset({"digit", "cjk"}),
    "latin_range": frozenset({"month"}),
    "latin_day_y": frozenset({"digit", "month"}),
    "day_month_y": frozenset({"digit", "month"}),
    "latin_day": frozenset({"digit", "month"}),
    "day_month": frozenset({"digit", "month"}),
    "month_y": frozenset({"digit", "month"}),
    "quarter_code": frozenset({"digit"}),
    "quarter_word": frozenset({"quarter"}),
    "half_code": frozenset({"digit"}),
    "half_word": frozenset({"half"}),
    "month": frozenset({"month"}),
    "this_year": frozenset({"relative"}),
    "last_year": frozenset({"relative"}),
    "last_month": frozenset({"relative"}),
    "split_year": frozenset({"numeric"}),
    "year": frozenset({"digit"}),
}
# A year written right beside a relative phrase ("2024年全年", "full year 2024") names it.
# Not an amount: "rose to 2000 last year", "全年2000吨" keep their relative year.
_YEAR_BEFORE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s?[年년]\s?$")
_YEAR_AFTER = re.compile(
    r"\s?(?:(?:of|de|in|im|del)\s)?(?:19|20)\d{2}(?:\s?[年년]|(?=[\s,;:)]|\.(?!\d)|$))", re.IGNORECASE
)
_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A date or period named in a sentence (span in the normalised sentence)."""

    span: tuple[int, int]
    period: str | None  # FACTS.md §4 form; None when the year cannot be known
    kind: str  # day, month, quarter, half, year, range
    baseline: bool = False  # "compared with 2024": the period compared against
    target: bool = False  # "by 2030": a deadline

    @property
    def year(self) -> int | None:
        return int(self.period[:4]) if self.period else None


def _alt(names: list[str]) -> str:
    """Alternation that matches capitalised names as written and lower-case ones in any case."""
    exact = sorted({n for n in names if n[:1].isupper()}, key=len, reverse=True)
    loose = sorted({n for n in names if not n[:1].isupper()}, key=len, reverse=True)
    parts = [re.escape(n) for n in exact]
    if loose:
        parts.append("(?i:" + "|".join(re.escape(n) for n in loose) + ")")
    return "|".join(parts)


class DateFinder:
    """Finds periods in sentences. Built once per lexicon: its patterns are compiled here."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._month_of: dict[str, int] = {}
        for month, names in data["months"].items():
            for name in names:
                self._month_of.setdefault(str(name).lower(), int(month))
        # Month names that are also common words (French "sept", seven) are months only with
        # their abbreviation dot, beside a number or opening a range of months: "sept. 2025",
        # "12 sept", "Sept 30", "Sept-Oct".
        ambiguous = {str(w).lower() for w in data.get("ambiguous_months") or []}
        names = [n for ns in data["months"].values() for n in ns if str(n).lower() not in ambiguous]
        guarded = "|".join(
            rf"(?i:{re.escape(w)})(?=\.|\s?\d|\s?[-–/]\s?[A-Z])|(?<=\d\s)(?i:{re.escape(w)})" for w in sorted(ambiguous)
        )
        month = rf"(?P<m>{_alt(names)}{'|' + guarded if guarded else ''})\.?(?![A-Za-z])"
        month2 = month.replace("(?P<m>", "(?P<m2>")
        month3 = month.replace("(?P<m>", "(?P<m3>")
        self._quarter_of = {str(w).lower(): int(q) for q, ws in data["quarters"].items() for w in ws}
        self._half_of = {str(w).lower(): int(h) for h, ws in data["halves"].items() for w in ws}
        quarter_words = _alt([w for ws in data["quarters"].values() for w in ws])
        half_words = _alt([w for ws in data["halves"].values() for w in ws])
        nine = _alt(list(data["nine_months"]))
        rel = {k: _alt(v) for k, v in data["relative"].items()}
        self._comparison = re.compile(
            r"(?:" + _alt(list(data["comparison"])) + r")\s*(?:in\s+)?(?:the\s+same\s+period\s+(?:of|in|last)\s+)?$"
        )
        self._target = re.compile(r"(?:" + _alt(list(data["target"])) + r")\s*(?:the\s+end\s+of\s+)?$")
        y = r"(?P<y>(?:19|20)\d{2})"
        # A CJK year may be written with two digits ("24年12月", "25年3月期"): the year of the
        # document's century (see _short_year).
        cy = r"(?:(?P<y>(?:19|20)\d{2})|(?<![\d.,/–-])(?P<ys>\d{2}))"
        y2 = r"(?P<y2>(?:19|20)\d{2})"
        of_year = rf"(?:\s*(?:of|de|en|in|du|des|im|del|di)?\s*{y2})?"
        d = r"(?P<d>[0-3]?\d)"
        self._month_tokens = {
            t for names in data["months"].values() for n in names for t in _TOKEN.findall(str(n).lower())
        }
        self._relative_gate(data["relative"])
        self._eligible_by_gates: dict[frozenset[str], list[tuple[str, re.Pattern[str]]]] = {}
        self._patterns: list[tuple[str, re.Pattern[str]]] = [
            (
                "fiscal_year",
                re.compile(
                    rf"(?i:(?:fiscal\s+)?year\s+(?:ended|ending|to)|exercice\s+(?:clos|achevé)\s+(?:le|au|fin))\s+"
                    rf"(?:(?P<d>[0-3]?\d)\s+)?{month}(?:\s+(?P<d2>[0-3]?\d))?,?\s+{y}"
                ),
            ),
            ("cjk_fiscal", re.compile(rf"{cy}\s?年\s?(?P<mo>[01]?\d)\s?月期")),
            ("cjk_month_span", re.compile(rf"(?:{cy}\s?年\s?)?(?P<mo>[01]?\d)\s?[~～〜-]\s?(?P<mo2>[01]?\d)\s?月期")),
            (
                "month_quarter",
                re.compile(
                    rf"{month}\s+quarter|(?i:quarter\s+(?:ended|ending|to|to\s+end-?|through))\s+{month2}"
                    rf"|(?i:trimestre\s+(?:clos|achevé|terminé)\s+(?:fin|à\s+fin|en|le\s+\d+)?\s*){month3}"
                    rf"|截至\s?(?P<mo>[01]?\d)\s?月(?:底|末)?的?季度"
                ),
            ),
            ("iso", re.compile(rf"(?<!\d){y}[-/.](?P<mo>[01]?\d)[-/.]{d}(?!\d)")),
            # 14/11/2025, 11.12.2025, 14-11-2025: day first (month first only where the day
            # cannot be one); a year of four digits, so a price "14/11" or a ratio is no date.
            (
                "numeric_day",
                re.compile(
                    r"(?<![\d.,/:-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d{2})(?![\d%]|[.,/-]\d)"
                ),
            ),
            ("cjk_day", re.compile(rf"(?:{cy}\s?[年년]\s?)?(?P<mo>[01]?\d)\s?[月월]\s?{d}\s?[日号일]")),
            (
                "cjk_range",
                re.compile(
                    rf"(?:{cy}\s?[年년]\s?)?(?P<mo>[01]?\d)\s?[月월]?\s?(?P<to>[-~～〜至到—–])\s?(?P<mo2>[01]?\d)\s?[月월](?!期)"
                ),
            ),
            (
                "first_n",
                re.compile(
                    rf"(?:{y}\s?年?\s?)?(?:前\s?(?P<n>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s?个?月"
                    rf"|(?i:first|the\s+first)\s+(?P<nw>\w+)\s+months|(?P<nf>\w+)\s+premiers\s+mois"
                    rf"|(?i:ersten)\s+(?P<nd>\w+)\s+Monat(?:e|en))(?:\s*(?:of|de|de l'année|in)?\s*{y2})?"
                ),
            ),
            ("nine", re.compile(rf"(?:{y}\s?年?\s?)?(?:the\s+)?(?:{nine}){of_year}")),
            ("ko_day", re.compile(r"(?<![\d월.])(?P<d>[0-3]?\d)일(?=\s|$|[,.]|부터|까지|자|에|께)")),
            ("cjk_quarter", re.compile(rf"(?:{cy}\s?[年년]\s?)?(?:第)?(?P<q>[一二三四1-4])\s?(?:季度|분기|四半期)")),
            ("cjk_month", re.compile(rf"(?:{cy}\s?[年년]\s?)?(?P<mo>[01]?\d)\s?(?:[月월](?:份)?)(?![\d期])")),
            # A Japanese year of two digits on its own: "24年の輸入量", "24年度", "23年に出資";
            # not a count of years ("24年間", "24年にわたり", "創業24年の歴史").
            (
                "cjk_short_year",
                re.compile(
                    r"(?<![\d.,０-９/–-])(?<!創業)(?<!設立)(?<!過去)(?<!この)(?<!ここ)(?<!約)(?<!満)(?<!第)(?<!計)"
                    r"(?P<ys>\d{2})\s?年(?=度|の(?!間|歴史|歳月|節目|実績|経験|時)|に(?!わた|一|1|１))"
                ),
            ),
            (
                "latin_range",
                re.compile(
                    rf"{month}\s*(?P<to>-|–|/|(?i:to|through|until|till|à|au|a|bis|and|et|und))\s*"
                    rf"{month2}(?:\s+{y})?"
                ),
            ),
            ("latin_day_y", re.compile(rf"{month}\s+{d}(?:st|nd|rd|th)?,?\s+{y}")),
            ("day_month_y", re.compile(rf"(?<!\d){d}(?:er|\.)?\s+{month}\s+{y}")),
            ("latin_day", re.compile(rf"{month}\s+{d}(?:st|nd|rd|th)?(?![\d,.]?\d)")),
            ("day_month", re.compile(rf"(?<![\d.,]){d}(?:er|\.)?\s+{month}")),
            ("month_y", re.compile(rf"{month}\s+(?:(?:of|de|del|di)\s+)?{y}")),
            (
                "quarter_code",
                re.compile(
                    r"(?<![A-Za-z0-9])(?:[QqT](?P<q>[1-4])|(?P<qb>[1-4])Q)(?:\s?'?\s?(?P<yy>(?:19|20)?\d{2})(?!\d))?(?![A-Za-z0-9])"
                ),
            ),
            ("quarter_word", re.compile(rf"(?:{y}\s?年?\s?)?(?P<qw>{quarter_words}){of_year}")),
            (
                "half_code",
                re.compile(
                    r"(?<![A-Za-z0-9])(?:H(?P<h>[12])|(?P<hb>[12])H)(?:\s?'?\s?(?P<yy>(?:19|20)?\d{2})(?!\d))?(?![A-Za-z0-9])"
                ),
            ),
            ("half_word", re.compile(rf"(?:{y}\s?年?\s?)?(?P<hw>{half_words}){of_year}")),
            ("month", re.compile(month)),
            ("this_year", re.compile(rf"(?:{rel['this_year']})")),
            ("last_year", re.compile(rf"(?:{rel['last_year']})")),
            ("last_month", re.compile(rf"(?:{rel['last_month']})")),
            ("split_year", re.compile(r"(?<![\d.,:/-])(?P<y>(?:19|20)\d{2})\s?[-–/]\s?(?P<ye>\d{2})(?![\d%]|[.,]\d)")),
            (
                "year",
                re.compile(r"(?<![\d.,:/-])(?P<y>(?:19[7-9]|20\d)\d)(?:\s?[年년])?(?![\d%]|[.,]\d|\s?(?:年\d|月))"),
            ),
        ]

    def _relative_gate(self, relative: dict[str, list[str]]) -> None:
        """The "relative" gate, from the same phrases the relative patterns are built of.

        A spaced phrase ("last year", Gesamtjahr) is looked for by its longest word and then
        confirmed by all its words; an unspaced one (去年, 지난해, 올해는) by one regex.
        """
        self._token_gates = {token: frozenset(gates) for token, gates in _TOKEN_GATES.items()}
        self._relative_phrases: list[frozenset[str]] = []  # of two words or more
        unspaced = []
        for phrases in relative.values():
            for phrase in map(str, phrases):
                if _UNSPACED.search(phrase):
                    unspaced.append(phrase)
                    continue
                words = _TOKEN.findall(phrase.lower())
                if not words:
                    continue
                key = max(words, key=len)
                if len(set(words)) > 1:
                    self._relative_phrases.append(frozenset(words))
                gate = "relative" if len(set(words)) == 1 else "relative?"
                self._token_gates[key] = self._token_gates.get(key, frozenset()) | {gate}
        alternation = "|".join(re.escape(p) for p in sorted(set(unspaced), key=len, reverse=True))
        self._relative_unspaced = re.compile(alternation or "(?!)")

    # -------------------------------------------------------------- helpers
    @staticmethod
    def _year_for_month(month: int, doc: date | None) -> int | None:
        if doc is None:
            return None
        return doc.year - 1 if month - doc.month > 6 else doc.year

    def _month(self, m: re.Match[str], group: str = "m") -> int:
        return self._month_of[m.group(group).lower()]

    def _resolve(
        self, name: str, m: re.Match[str], doc: date | None, month_first: bool = False, past: bool = False
    ) -> tuple[str | None, str] | None:
        gd = m.groupdict()
        year = int(gd["y"]) if gd.get("y") else None
        if gd.get("ys"):
            year = _short_year(int(gd["ys"]), doc)
        if gd.get("y2"):
            year = int(gd["y2"])

        def y_or(default_month: int) -> int | None:
            if year is not None or doc is None:
                return year
            if past:  # "since March": the last March before the document
                return doc.year if default_month <= doc.month else doc.year - 1
            return self._year_for_month(default_month, doc)

        def plain_year() -> int | None:
            return year if year is not None else (doc.year if doc else None)

        def ended_by(last_month: int, slack: int) -> int | None:
            """The year of a span without one that ends with `last_month`: the document's, or the
            one before when the span would end more than `slack` months after the document (a
            January report on "Jan-Nov" exports or on fourth-quarter results)."""
            if year is not None or doc is None:
                return year
            return doc.year - 1 if last_month - doc.month > slack else doc.year

        if name in {"iso", "cjk_day"}:
            mo, day = int(gd["mo"]), int(gd["d"])
            yy = y_or(mo)
            if not (1 <= mo <= 12 and 1 <= day <= 31):
                return None
            return (f"{yy}-{mo:02d}-{day:02d}" if yy else None), "day"
        if name == "numeric_day":
            mo_day = _day_and_month(int(gd["a"]), int(gd["b"]), month_first and gd["sep"] == "/")
            if not mo_day:
                return None
            return f"{year}-{mo_day[0]:02d}-{mo_day[1]:02d}", "day"
        if name == "cjk_short_year":
            return str(year), "year"
        if name in {"latin_day_y", "day_month_y", "latin_day", "day_month"}:
            mo, day = self._month(m), int(gd["d"])
            if not 1 <= day <= 31:
                return None
            yy = y_or(mo)
            return (f"{yy}-{mo:02d}-{day:02d}" if yy else None), "day"
        if name == "cjk_range":
            a, b = int(gd["mo"]), int(gd["mo2"])
            if not (1 <= a < b <= 12):
                return None
            yy = ended_by(b, 0 if a == 1 else 6)  # a sum from January is of months gone by
            return (f"{yy}-{a:02d}..{yy}-{b:02d}" if yy else None), "range"
        if name == "latin_range":
            a, b = self._month(m), self._month(m, "m2")
            if not a < b:
                return None
            yy = ended_by(b, 0 if a == 1 else 6)
            return (f"{yy}-{a:02d}..{yy}-{b:02d}" if yy else None), "range"
        if name in {"cjk_month", "month_y", "month"}:
            mo = int(gd["mo"]) if gd.get("mo") else self._month(m)
            if not 1 <= mo <= 12:
                return None
            yy = y_or(mo)
            return (f"{yy}-{mo:02d}" if yy else None), "month"
        if name == "fiscal_year":
            return _fiscal_year(self._month(m), int(gd["y"])), "range"
        if name == "cjk_fiscal":  # 2025年3月期: the fiscal year ending in March 2025
            mo = int(gd["mo"])
            return (_fiscal_year(mo, year), "range") if 1 <= mo <= 12 else None
        if name == "ko_day":  # "21일 밝혔다": a day of the document's month
            day = int(gd["d"])
            if doc is None or not 1 <= day <= 31:
                return None
            yy, mo = (
                (doc.year, doc.month)
                if day <= doc.day
                else ((doc.year, doc.month - 1) if doc.month > 1 else (doc.year - 1, 12))
            )
            return f"{yy}-{mo:02d}-{day:02d}", "day"
        if name == "cjk_month_span":
            a, b = int(gd["mo"]), int(gd["mo2"])
            if not 1 <= a < b <= 12:
                return None
            yy = plain_year()
            if b - a == 2 and a % 3 == 1:
                return (f"{yy}-Q{(a + 2) // 3}" if yy else None), "quarter"
            return (f"{yy}-{a:02d}..{yy}-{b:02d}" if yy else None), "range"
        if name == "month_quarter":
            group = next(g for g in ("m", "m2", "m3", "mo") if gd.get(g))
            mo = int(gd["mo"]) if group == "mo" else self._month(m, group)
            yy = y_or(mo)
            return (f"{yy}-Q{(mo - 1) // 3 + 1}" if yy else None), "quarter"
        if name in {"cjk_quarter", "quarter_code", "quarter_word"}:
            q = _CN_NUM.get(gd.get("q") or gd.get("qb") or "") or self._quarter_of.get((gd.get("qw") or "").lower())
            if not q:
                return None
            yy = _two_digit_year(gd.get("yy")) or ended_by(3 * q, 8)
            return (f"{yy}-Q{q}" if yy else None), "quarter"
        if name in {"half_code", "half_word"}:
            h = int(gd.get("h") or gd.get("hb") or 0) or self._half_of.get((gd.get("hw") or "").lower())
            if not h:
                return None
            yy = _two_digit_year(gd.get("yy")) or ended_by(6 * h, 8)
            return (f"{yy}-H{h}" if yy else None), "half"
        if name == "first_n":
            word = (gd.get("n") or gd.get("nw") or gd.get("nf") or gd.get("nd") or "").lower()
            n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
            if not n or not 1 < n <= 12:
                return None
            yy = ended_by(n, 0)
            return (f"{yy}-01..{yy}-{n:02d}" if yy else None), "range"
        if name == "nine":
            yy = ended_by(9, 0)
            return (f"{yy}-01..{yy}-09" if yy else None), "range"
        if name in {"this_year", "last_year"} and (
            _YEAR_BEFORE.search(m.string, max(0, m.start() - 8), m.start()) or _YEAR_AFTER.match(m.string, m.end())
        ):
            return None  # "2024年全年", "full year 2024": the year is the one written beside it
        if name == "this_year":
            return (str(doc.year) if doc else None), "year"
        if name == "last_year":
            return (str(doc.year - 1) if doc else None), "year"
        if name == "last_month":
            if not doc:
                return None, "month"
            yy, mo = (doc.year, doc.month - 1) if doc.month > 1 else (doc.year - 1, 12)
            return f"{yy}-{mo:02d}", "month"
        if name == "split_year":  # "2024-25": a fiscal year from April to March
            if int(gd["ye"]) != (year + 1) % 100:
                return None
            return f"{year}-04..{year + 1}-03", "range"
        if name == "year":
            return str(year), "year"
        return None

    def _present(self, text: str) -> tuple[frozenset[str], list[int]]:
        """Which kinds of date words the sentence has at all (so patterns that cannot match are
        skipped), and where month names start (so month-led patterns are tried only there)."""
        found = set()
        if _DIGIT.search(text):
            found.add("digit")
            if _NUMERIC.search(text):
                found.add("numeric")
        if _CJK_DATE.search(text):
            found.add("cjk")
            found.update(gate for gate, pattern in _GATE_CJK.items() if pattern.search(text))
        if not text.isascii() and self._relative_unspaced.search(text):
            found.add("relative")  # 지난해, 올해: no 年 or 월 to open the CJK gate above
        lower = text.lower()
        tokens = _TOKEN.findall(lower)
        token_gates = self._token_gates
        for token in tokens:
            gates = token_gates.get(token)
            if gates:
                found.update(gates)
        if "relative?" in found:  # the longest word of a phrase is there: are all the others?
            found.discard("relative?")
            words = set(tokens)
            if any(phrase <= words for phrase in self._relative_phrases):
                found.add("relative")
        month_starts = []
        if not self._month_tokens.isdisjoint(tokens):
            month_starts = [m.start() for m in _TOKEN.finditer(lower) if m.group() in self._month_tokens]
        if month_starts:
            found.add("month")
        return frozenset(found), month_starts

    def _eligible(self, present: frozenset[str]) -> list[tuple[str, re.Pattern[str]]]:
        """The patterns whose gates a sentence opens: most sentences name no month and no quarter.
        There are few distinct sets of gates, so the list is worked out once per set."""
        eligible = self._eligible_by_gates.get(present)
        if eligible is None:
            eligible = [(n, p) for n, p in self._patterns if _NEEDS.get(n, frozenset()) <= present]
            self._eligible_by_gates[present] = eligible
        return eligible

    # ----------------------------------------------------------------- find
    def find(self, text: str, doc_date: date | None, month_first: bool = False) -> list[PeriodMention]:
        """The periods named in `text`, left to right, without overlaps. `month_first` reads an
        ambiguous "11/05/2025" the US way (November 5); by default it is 11 May."""
        taken: list[tuple[int, int]] = []
        out: list[PeriodMention] = []
        present, month_starts = self._present(text)
        for name, pattern in self._eligible(present):
            if name in _MONTH_LED:
                matches = [m for m in (pattern.match(text, p) for p in month_starts) if m]
            else:
                matches = list(pattern.finditer(text))
            for m in matches:
                s, e = m.span()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                before = text[max(0, s - 30) : s]
                past = bool(_SINCE.search(before)) or text.startswith(("以来", "以來"), e)
                resolved = self._resolve(name, m, doc_date, month_first, past)
                if resolved is None:
                    continue
                period, kind = resolved
                out.append(
                    PeriodMention(
                        span=(s, e),
                        period=period,
                        kind=kind,
                        baseline=kind != "day"
                        and bool(self._comparison.search(before))
                        and not (kind == "range" and _opens_range(before, m)),
                        target=bool(self._target.search(before)),
                    )
                )
                taken.append((s, e))
        out.sort(key=lambda p: p.span)
        return out


# "since March", "depuis mars", "seit April": a month gone by, never one still to come.
_SINCE = re.compile(
    r"(?:since|depuis|seit|desde|dal|自)\s*(?:(?:early|late|mid|début|fin|mi|Anfang|Ende|Mitte)[\s-]+)?$", re.I
)

# "From January to October", "de janvier à octobre", "从1月到10月": a range opened by its own
# word is the period stated, even where that word ("from") elsewhere marks a baseline.
# "from January-October 2024" (no closing word of its own) stays a baseline.
_RANGE_OPENER = re.compile(
    r"(?:^|(?<=[\W\d_])|(?<=[\u4e00-\u9fff]))(from|de|d'|du|von|vom|between|entre|zwischen|从|自)\s*$",
    re.IGNORECASE,
)
_RANGE_CLOSERS = {
    "from": {"to", "through", "until", "till"},
    "de": {"à", "a", "au"},
    "d'": {"à", "a", "au"},
    "du": {"au"},
    "von": {"bis"},
    "vom": {"bis"},
    "between": {"and"},
    "entre": {"et", "y", "e"},
    "zwischen": {"und"},
    "从": {"到", "至"},
    "自": {"到", "至"},
}


def _opens_range(before: str, m: re.Match[str]) -> bool:
    """Whether the text before a range is the opening word its own connector closes."""
    connector = (m.groupdict().get("to") or "").lower()
    opener = _RANGE_OPENER.search(before)
    return bool(opener and connector in _RANGE_CLOSERS[opener.group(1).lower()])


def _fiscal_year(last_month: int, year: int) -> str:
    """The twelve months ending with `last_month` of `year`: (6, 2025) -> "2024-07..2025-06"."""
    start_mo, start_y = (last_month + 1, year - 1) if last_month < 12 else (1, year)
    return f"{start_y}-{start_mo:02d}..{year}-{last_month:02d}"


def _short_year(yy: int, doc: date | None) -> int:
    """A year written with two digits, in the document's century ("24年" in 2025 is 2024); one
    more than ten years after the document is of the century before ("98年" in 2025 is 1998).
    Without a document date, 00-50 are this century's years and the others the last's."""
    if doc is None:
        return 2000 + yy if yy <= 50 else 1900 + yy
    year = doc.year // 100 * 100 + yy
    return year - 100 if year > doc.year + 10 else year


def _day_and_month(a: int, b: int, month_first: bool) -> tuple[int, int] | None:
    """(month, day) of a numeric date "a/b/yyyy": day first unless `month_first` (US "11/14/2025");
    where one order is impossible (14/11, 11/14) the other is taken."""
    if month_first:
        a, b = b, a  # now (day, month)
    if 1 <= a <= 31 and 1 <= b <= 12:
        return b, a
    if 1 <= b <= 31 and 1 <= a <= 12:
        return a, b
    return None


def _two_digit_year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


def parse_iso(value: str | None) -> date | None:
    """A date from 'YYYY-MM-DD' (or a longer timestamp); None if it is not one."""
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
