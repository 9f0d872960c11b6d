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
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
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
    "fiscal": {"fiscal", "ended", "ending", "exercice", "geschäftsjahr", "geschäftsjahres", "fy", "financial"},
    "ytd": {"date", "ytd", "far", "depuis", "jahresbeginn", "jahresanfang", "anfang"},
}
# Days of the week (Monday = 0): "on Friday", "ce jeudi", "am Montag", 上周五.
_WEEKDAYS = {
    w: i
    for i, ws in enumerate(
        [
            ["monday", "lundi", "montag"],
            ["tuesday", "mardi", "dienstag"],
            ["wednesday", "mercredi", "mittwoch"],
            ["thursday", "jeudi", "donnerstag"],
            ["friday", "vendredi", "freitag"],
            ["saturday", "samedi", "samstag"],
            ["sunday", "dimanche", "sonntag"],
        ]
    )
    for w in ws
}
_CJK_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# A weekday to come: "next Monday", "lundi prochain", "nächsten Montag", 下周一.
_NEXT_BEFORE = re.compile(r"(?:\bnext|\bthis coming|\bnächsten|\bkommenden|下)\s*$", re.IGNORECASE)
_NEXT_AFTER = re.compile(r"\s+prochain", re.IGNORECASE)
# A weekday of the document's week: "ce jeudi", "this Wednesday", 本周三.
_THIS_WEEK_BEFORE = re.compile(r"(?:\bce|\bthis|\bdiesen|本|这|這)\s*$", re.IGNORECASE)
_GATE_CJK = {
    "quarter": re.compile(r"季|四半期|분기|月期|截至"),
    "half": re.compile(r"半年|半期|上期|下期|반기"),
    "months": re.compile(r"前[一二三四五六七八九十\d]|月期"),
    "fiscal": re.compile(r"[财財]年|[会會][计計]年度|[财財]政年度"),
    "ytd": re.compile(r"年初|今年以[来來]|年明け以降|연초"),
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
    "fy_code": frozenset({"digit", "fiscal"}),
    "fiscal_word": frozenset({"digit", "fiscal"}),
    "fiscal_split": frozenset({"digit", "fiscal"}),
    "cjk_fy": frozenset({"digit", "fiscal"}),
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
    "ytd": frozenset({"ytd"}),
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
_FY = "FY"
_FY_YEARS = r"(?P<fy>(?:19|20)?\d{2})(?:\s?[-–/]\s?(?P<fy2>(?:19|20)?\d{2}))?(?![\d%])"
_FISCAL_NAMES = frozenset({"fy_code", "fiscal_word", "fiscal_split", "cjk_fy", "split_year"})
# Patterns whose year may be left unwritten (then the document's, or the text's around it).
_YEAR_OPTIONAL = frozenset(
    """cjk_day latin_day day_month cjk_range latin_range first_n nine cjk_quarter cjk_month month_quarter
    quarter_code quarter_word half_code half_word month cjk_month_span""".split()
)
_SUB_YEAR = frozenset({"day", "month", "quarter", "half", "range"})
# "the same period last year", "上年同期", "la même période de l'an dernier": the stated period, a year back.
_SAME_PERIOD_BEFORE = re.compile(
    r"(?i:same\s+period\s+(?:of\s+|in\s+)?|même\s+période\s+(?:de\s+)?|gleichen\s+Zeitraum\s+(?:des\s+)?)$"
)
_SAME_PERIOD_AFTER = re.compile(r"\s?同期")
# What may join a half or quarter to the fiscal year it is of: "first half of FY2026",
# "premier semestre de son exercice 2025-2026", "H1 FY26", "FY26 first half", "2025財年上半年".
_FISCAL_JOIN = re.compile(r"(?i:\s*(?:(?:of|in|de|du|des|d'|l'|son|sa|leur|the|its|im|des|der)\s*)*)")
# "..., clos le 31 décembre", "first half ended 31 December": the end of the half just named.
_CLOSED = re.compile(
    r"\s*,?\s*(?i:clos|closed|clôturé|achevé|terminé|ended|ending)\s+(?:le\s+|on\s+|au\s+)?\d{1,2}(?:er|\.)?\s+([^\W\d_]+)"
)


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A date or period named in a sentence (span in the normalised sentence)."""

    span: tuple[int, int]
    period: str | None  # FACTS.md §4 form; None when the year cannot be known
    kind: str  # day, month, quarter, half, year, range
    baseline: bool = False  # "compared with 2024": the period compared against
    target: bool = False  # "by 2030": a deadline
    implicit: bool = False  # its year is not written: taken from the document date or the text around

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
        self._months_data: dict[Any, list[str]] = {k: [str(n) for n in v] for k, v in data["months"].items()}
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
            # A fiscal year named by the year it ends in: FY25, FY 2026, fiscal 2025, FY2025-26,
            # "exercice 2025-2026", 2025財年 (its months: see _fiscal_range).
            ("fy_code", re.compile(rf"(?<![A-Za-z]){_FY}\s?'?{_FY_YEARS}")),
            ("fiscal_word", re.compile(rf"(?i:fiscal(?:\s+year)?|financial\s+year)\s+{_FY_YEARS}")),
            (
                "fiscal_split",
                re.compile(
                    r"(?i:exercice(?:\s+fiscal)?|Geschäftsjahr(?:es)?)\s+(?P<fy>(?:19|20)\d{2})\s?[-–/]\s?(?P<fy2>(?:19|20)?\d{2})(?![\d%])"
                ),
            ),
            (
                "cjk_fy",
                re.compile(
                    r"(?:截至\s?(?:今年|去年|本年|\d{2,4}\s?年)?\s?(?P<cmo>[01]?\d)\s?月(?:底|末|\s?\d{1,2}\s?日)?的?\s?)?"
                    rf"{_FY_YEARS}\s?(?:[财財]年|[会會][计計]年度|[财財]政年度)"
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
            # The months of this year gone by: "year to date", "Depuis le début de l'année", 年初至今.
            (
                "ytd",
                re.compile(
                    r"(?i:year[\s-]to[\s-]date|\bYTD\b|so\s+far\s+this\s+year|depuis\s+le\s+d[ée]but\s+de\s+l'ann[ée]e(?!\s+(?:19|20)\d\d)"
                    r"|seit\s+(?:Jahresbeginn|Jahresanfang|Anfang\s+des\s+Jahres))"
                    r"|年初至今|年初以[来來]|今年以[来來]|연초\s?이후"
                ),
            ),
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
        if name == "ytd":  # up to the month before the document's (see _ytd_end for a stated one)
            if doc is None:
                return None, "range"
            end = max(1, doc.month - 1)
            return (f"{doc.year}-01..{doc.year}-{end:02d}" if end > 1 else f"{doc.year}-01"), "range"
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
    def find(
        self,
        text: str,
        doc_date: date | None,
        month_first: bool = False,
        anchor: PeriodMention | None = None,
        fiscal_end: int | Callable[[], int | None] | None = None,
    ) -> list[PeriodMention]:
        """The periods named in `text`, left to right, without overlaps. `month_first` reads an
        ambiguous "11/05/2025" the US way (November 5); by default it is 11 May.

        A period whose year is not written takes the year of a month (quarter, day, span) the
        sentence states with its year, or else the previous sentence does (`anchor`, see
        `anchor_of`): "en avril 2025 … tombées … en mai" is May 2025 whatever the document's
        date. A fiscal year (FY25, 2025財年, exercice 2025-2026) ends with the month
        `fiscal_end` (the document's, see `fiscal_end`; a function is asked only when a fiscal
        year is named) unless the sentence says which.
        """
        taken: list[tuple[int, int]] = []
        out: list[PeriodMention] = []
        fiscal: dict[tuple[int, int], tuple[int, int | None]] = {}  # span -> (end year, end month)
        same_period: list[tuple[int, int]] = []
        ytd: list[tuple[int, int]] = []
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
                if name in _FISCAL_NAMES:
                    resolved = self._fiscal(name, m, before, fiscal_end, fiscal)
                else:
                    past = bool(_SINCE.search(before)) or text.startswith(("以来", "以來"), e)
                    resolved = self._resolve(name, m, doc_date, month_first, past)
                if resolved is None:
                    continue
                period, kind = resolved
                gd = m.groupdict()
                implicit = name in _YEAR_OPTIONAL and not any(gd.get(g) for g in ("y", "ys", "y2", "yy"))
                if name == "ytd" and period:
                    ytd.append((s, e))
                if name == "last_year" and (_SAME_PERIOD_BEFORE.search(before) or _SAME_PERIOD_AFTER.match(text, e)):
                    same_period.append((s, e))
                out.append(
                    PeriodMention(
                        span=(s, e),
                        period=period,
                        kind=kind,
                        baseline=kind != "day"
                        and bool(self._comparison.search(before))
                        and not (kind == "range" and _opens_range(before, m))
                        and not _to_come(period, doc_date),  # "5,500 t a year from 2027": a start
                        target=bool(self._target.search(before)),
                        implicit=implicit,
                    )
                )
                taken.append((s, e))
        out.sort(key=lambda p: p.span)
        if ytd:
            out = _ytd_end(out, ytd, anchor)
        if fiscal:
            out = _fiscal_parts(text, out, fiscal, self._month_of)
        if anchor is not None or len(out) > 1:
            out = _anchored(out, anchor, same_period, doc_date)
        if any(p.target for p in out):
            out = _then(text, out)
        return out

    @staticmethod
    def _fiscal(
        name: str,
        m: re.Match[str],
        before: str,
        fiscal_end: int | Callable[[], int | None] | None,
        fiscal: dict[tuple[int, int], tuple[int, int | None]],
    ) -> tuple[str | None, str] | None:
        if callable(fiscal_end):
            fiscal_end = fiscal_end()
        """A fiscal year: FY25, fiscal 2025, FY2025-26, exercice 2025-2026, 2025財年, 2024-25.

        It ends in its (second) year, with the month the sentence gives ("截至6月底的2025財年")
        or else the document's fiscal year end; without either, a single year is the calendar
        year and a split one ("2024-25") runs from April to March."""
        gd = m.groupdict()
        first = gd.get("fy") or gd.get("y")
        second = gd.get("fy2") or gd.get("ye")
        year = _two_digit_year(first)
        if year is None:
            return None
        if second:
            end = _two_digit_year(second) if len(second) == 4 else year // 100 * 100 + int(second)
            if end != year + 1:
                return None
            year = end
        last_month = int(gd["cmo"]) if gd.get("cmo") else fiscal_end
        if last_month is None and second:
            last_month = 3  # "2024-25": April to March, as India and Japan count
        if not (last_month and 1 <= last_month <= 12):
            last_month = None
        fiscal[m.span()] = (year, last_month)
        if last_month is None or last_month == 12:
            return str(year), "year"
        return _fiscal_year(last_month, year), "range"

    def fiscal_end(self, text: str) -> int | None:
        """The month a document's fiscal year ends, where it says so ("financial year ending 30
        June", "exercice clos le 30 juin", "截至6月底的2025財年", "first half ended 31 December")."""
        if not FISCAL_HINT.search(text):
            return None
        m = self._fiscal_end_re.search(text)
        if m is None:
            return None
        gd = m.groupdict()
        if gd.get("cmo"):
            month = int(gd["cmo"])
            return month if 1 <= month <= 12 else None
        if gd.get("hm"):  # a first half ending in December: the year ends in June
            return (self._month(m, "hm") + 5) % 12 + 1
        return self._month(m, "fm")

    @cached_property
    def _fiscal_end_re(self) -> re.Pattern[str]:
        names = [n for ns in self._months_data.values() for n in ns]
        month = _alt(names)
        fm, hm = month, month
        return re.compile(
            rf"(?i:(?:financial|fiscal)\s+year\s+(?:ending|ended|ends|to)|exercice\s+(?:clos|achevé|clôturé|se\s+terminant)"
            rf"|Geschäftsjahr\s+(?:zum|bis\s+zum|endet\s+am))\s+(?:le\s+|au\s+|on\s+)?(?:\d{{1,2}}(?:er|\.)?\s+)?"
            rf"(?P<fm>{fm})(?![A-Za-z])"
            rf"|(?i:(?:first\s+half|premier\s+semestre|half[- ]year)[^.\n]{{0,60}}?"
            rf"(?:ended|ending|clos|clôturé|achevé|to))"
            rf"\s+(?:le\s+|au\s+|on\s+)?(?:\d{{1,2}}(?:er)?\s+)?(?P<hm>{hm})(?![A-Za-z])"
            rf"|截至\s?(?:今年|去年|本年|\d{{2,4}}\s?年)?\s?(?P<cmo>[01]?\d)\s?月(?:底|末|\s?\d{{1,2}}\s?日)?的?\s?(?:\d{{2,4}})?\s?[财財]年"
        )

    @staticmethod
    def anchor_of(periods: list[PeriodMention]) -> PeriodMention | None:
        """The period a sentence states with its year that the next sentence's unwritten years
        follow: its last month, quarter, half, day or span (not one compared against, nor a
        deadline)."""
        for p in reversed(periods):
            if _anchors(p):
                return p
        return None


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


_WEEKDAY_RE = re.compile(
    r"(?i:\b(?P<w>" + "|".join(_WEEKDAYS) + r")\b)(?!\s*(?:,\s*)?(?:\d|[A-Z][a-z]+\s+\d))"
    r"|(?:周|星期|週)(?P<cw>[一二三四五六日天])(?![\d一二三四五六七八九十]|年|期|内|內)"
)


def weekday_date(text: str, doc: date | None) -> str | None:
    """The day a weekday named without its date means ("on Friday", "ce jeudi", "am Montag",
    上周五): the last such day up to the document's, the next one after "next"/"prochain"/下,
    the one of the document's week after "this"/"ce"/本. Not a period of `DateFinder.find`
    (a weekday dates a price quote; an event keeps the dates its sentence writes)."""
    if doc is None:
        return None
    m = _WEEKDAY_RE.search(text)
    if m is None:
        return None
    cw = m.group("cw")
    wd = _CJK_WEEKDAYS[cw] if cw else _WEEKDAYS[m.group("w").lower()]
    s, e = m.span()
    if _NEXT_BEFORE.search(text, max(0, s - 12), s) or _NEXT_AFTER.match(text, e):
        day = doc + timedelta(days=(wd - doc.weekday()) % 7 or 7)
    elif _THIS_WEEK_BEFORE.search(text, max(0, s - 8), s):
        day = doc + timedelta(days=wd - doc.weekday())
    elif cw and text[max(0, s - 1) : s] == "上":  # 上周三: the Wednesday of the week before
        day = doc + timedelta(days=wd - doc.weekday() - 7)
    else:
        day = doc - timedelta(days=(doc.weekday() - wd) % 7)
    return day.isoformat()


def _ytd_end(
    out: list[PeriodMention], spans: list[tuple[int, int]], anchor: PeriodMention | None
) -> list[PeriodMention]:
    """ "Depuis le début de l'année" ends with the month the text reports on: a month of the
    document's year stated in the sentence or the one before ("en février … Depuis le début de
    l'année"), else the month before the document's."""
    year = next(p.period[:4] for p in out if p.span in spans and p.period)
    months = [p for p in out if p.kind in ("month", "day") and p.period and not p.baseline]
    if not months and anchor is not None and anchor.kind in ("month", "day"):
        months = [anchor]
    stated = next((p.period[:7] for p in months if p.period.startswith(f"{year}-")), None)
    if stated is None:
        return out
    period = f"{year}-01..{stated}" if stated[5:7] != "01" else stated
    return [replace(p, period=period) if p.span in spans else p for p in out]


def _opens_range(before: str, m: re.Match[str]) -> bool:
    """Whether the text before a range is the opening word its own connector closes."""
    connector = (m.groupdict().get("to") or "").lower()
    opener = _RANGE_OPENER.search(before)
    return bool(opener and connector in _RANGE_CLOSERS[opener.group(1).lower()])


# Words that a document speaks of fiscal years or halves with (what makes `fiscal_end` worth asking).
FISCAL_HINT = re.compile(
    r"FY\s?'?\d|[财財]年|(?i:fiscal|financial\s+year|exercice|geschäftsjahr|first\s+half|premier\s+semestre"
    r"|half[- ]year)"
)
_PERIOD_START = re.compile(r"(?P<y>\d{4})(?:-(?:(?P<mo>\d\d)|Q(?P<q>[1-4])|H(?P<h>[12])))?")


def _start(period: str) -> tuple[int, int]:
    """(year, month) a period starts with: "2025-Q3" -> (2025, 7), "2024-07..2025-06" -> (2024, 7)."""
    m = _PERIOD_START.match(period)
    assert m is not None
    if m.group("mo"):
        month = int(m.group("mo"))
    elif m.group("q"):
        month = 3 * int(m.group("q")) - 2
    elif m.group("h"):
        month = 6 * int(m.group("h")) - 5
    else:
        month = 1
    return int(m.group("y")), month


def _end_year(period: str) -> int:
    """The year a period ends in: "2024-07..2025-06" -> 2025."""
    return int(period.rsplit("..", 1)[-1][:4])


def _shift(period: str, years: int) -> str:
    """A period moved by whole years: ("2025-01..2025-09", -1) -> "2024-01..2024-09"."""
    return re.sub(r"(?<!\d)(\d{4})(?!\d)", lambda m: str(int(m.group(1)) + years), period)


def _to_come(period: str | None, doc: date | None) -> bool:
    """Whether a period begins after the document's year: no figure is compared with it."""
    return bool(period and doc and period[:4].isdigit() and int(period[:4]) > doc.year)


def _anchors(p: PeriodMention) -> bool:
    """Whether a period can lend its year to periods around it that do not write theirs: a
    month, quarter, half, day or span within one calendar year (a fiscal year across two
    lends none), not one compared against, nor a deadline."""
    return (
        bool(p.period)
        and not p.implicit
        and p.kind in _SUB_YEAR
        and not p.baseline
        and not p.target
        and (".." not in p.period or p.period[:4] == p.period[-7:-3])  # type: ignore[operator,index]
    )


# "到2030年…；届时…占比有望提升至45%", "by 2030 … by then": the deadline just named.
_THEN = re.compile(r"届时|屆時|届時|(?i:by\s+then|by\s+that\s+time|d'ici\s+là|à\s+cette\s+échéance|bis\s+dahin)")


def _then(text: str, out: list[PeriodMention]) -> list[PeriodMention]:
    extra = []
    for m in _THEN.finditer(text):
        targets = [p for p in out if p.target and p.span[1] <= m.start()]
        if targets and not any(p.span[0] < m.end() and m.start() < p.span[1] for p in out):
            extra.append(replace(targets[-1], span=m.span()))
    return sorted(out + extra, key=lambda p: p.span) if extra else out


def _anchored(
    out: list[PeriodMention],
    previous: PeriodMention | None,
    same_period: list[tuple[int, int]],
    doc: date | None,
) -> list[PeriodMention]:
    """Unwritten years taken from the sentence's own dated periods (the nearest before, else a
    span after that holds it: "三季报…2025年前三季度"), else from the previous sentence's
    (`previous`); "上年同期", "the same period last year": that stated period a year back, the
    period compared against (a baseline)."""
    if not same_period and not any(p.implicit for p in out):
        return out
    anchors = [p for p in out if _anchors(p)]
    if not anchors and previous is None:
        return out
    result = []
    for p in out:
        if p.implicit or p.span in same_period:
            before = [a for a in anchors if a.span[1] <= p.span[0]]
            after = [a for a in anchors if a.span[0] >= p.span[1] and _holds(a, p)]
            anchor = before[-1] if before else after[0] if after else previous
            if anchor is not None and anchor.period:
                p = _with_year(p, anchor, p.span in same_period, doc)
        result.append(p)
    return result


def _holds(span: PeriodMention, p: PeriodMention) -> bool:
    """Whether a dated span holds the months of a period without a year (Q3 in Jan-Sep)."""
    if not (span.period and p.period and ".." in span.period):
        return False
    (y0, m0), (y1, m1) = _start(span.period), _start(span.period.rsplit("..", 1)[1])
    return y0 == y1 and m0 <= _start(p.period)[1] <= m1


def _with_year(p: PeriodMention, anchor: PeriodMention, same_period: bool, doc: date | None) -> PeriodMention:
    assert anchor.period is not None
    if same_period:
        return replace(p, period=_shift(anchor.period, -1), kind=anchor.kind, baseline=True)
    if p.period is None:
        return p  # no document date: the month alone is known, and that is kept as it is
    year, month = _start(p.period)
    a_year, a_month = _start(anchor.period)
    if p.kind == anchor.kind and month == a_month and ".." not in p.period:
        return p  # "May 2024 ... May": the same month named again is another year's
    # "December 2025 … January": the January after it, where the document's year says so
    new = year if month < a_month and year == a_year + 1 else a_year
    if new == year or (doc is not None and (new, month) > (doc.year, doc.month) and new > year):
        return p  # not a month still to come where the document's year put it in the past
    return replace(p, period=_shift(p.period, new - year), implicit=False)


def _fiscal_parts(
    text: str,
    out: list[PeriodMention],
    fiscal: dict[tuple[int, int], tuple[int, int | None]],
    month_of: dict[str, int],
) -> list[PeriodMention]:
    """A half or quarter of a fiscal year named beside it ("first half of FY2026", "H1 FY26",
    "premier semestre de son exercice 2025-2026, clos le 31 décembre", "2025-26 first half"):
    one period, the months of that part of that fiscal year."""
    result: list[PeriodMention] = []
    skip: set[int] = set()
    for i, p in enumerate(out):
        if i in skip:
            continue
        if p.kind not in {"half", "quarter"} or not p.implicit:
            result.append(p)
            continue
        partner = None
        for j in (i + 1, i - 1):
            if 0 <= j < len(out) and j not in skip and out[j].span in fiscal:
                a, b = sorted((p.span, out[j].span))
                if _FISCAL_JOIN.fullmatch(text, a[1], b[0]) and b[0] - a[1] <= 16:
                    partner = j
                    break
        if partner is None:
            result.append(p)
            continue
        fy = out[partner]
        year, last_month = fiscal[fy.span]
        part = int(p.period[-1]) if p.period else 0
        end = max(p.span[1], fy.span[1])
        closed = _CLOSED.match(text, end)
        if closed and p.kind == "half" and part:
            closing = month_of.get(closed.group(1).lower())
            if closing:  # "…, clos le 31 décembre" is part of the period, not a date of its own
                last_month = (closing + 6 * (2 - part) - 1) % 12 + 1
                end = closed.end()
                skip.update(k for k, q in enumerate(out) if k > i and q.span[0] < end)
        if not part:
            result.append(p)
            continue
        last_month = last_month or 12
        first_month = last_month % 12 + 1
        start_year = year - 1 if last_month < 12 else year
        size = 6 if p.kind == "half" else 3
        m0 = first_month + size * (part - 1) - 1
        y0, mo0 = start_year + m0 // 12, m0 % 12 + 1
        m1 = m0 + size - 1
        y1, mo1 = start_year + m1 // 12, m1 % 12 + 1
        if size == 3 and mo0 % 3 == 1:  # a fiscal quarter that is a calendar one
            period = f"{y0}-Q{(mo0 + 2) // 3}"
        elif last_month == 12:  # the first half of a calendar fiscal year is H1
            period = f"{y0}-H{part}"
        else:
            period = f"{y0}-{mo0:02d}..{y1}-{mo1:02d}"
        span = (min(p.span[0], fy.span[0]), end)
        result = [r for r in result if r is not fy]
        kind = "quarter" if size == 3 else "half" if last_month == 12 else "range"
        result.append(replace(p, span=span, period=period, kind=kind, implicit=False))
        skip.add(partner)
    return sorted(result, key=lambda q: q.span)


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
