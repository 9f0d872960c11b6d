"""Numbers with what they measure: money, mass, prices per unit, percentages, ranges.

Handles thousand separators in every convention (2,582 / 2 582 / 2.582 in German), decimal
commas, scale words (万, 亿, million, milliard, Mrd., crore), currencies written before or
after the number (¥, US$, 元, yuan, euros), per-unit prices (¥1,510,000/ton, 51.2万元/吨,
$850/kg, 1 500 euros la tonne), ranges ("1.64-1.66 million yuan/t", 6.6亿至7.6亿元, 7%-9%)
and signs. The words come from `lexicon/data/units.yaml`; this module is the grammar.
Values are `Decimal`, so 9.2亿 is exactly 920000000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from reewatch.models import Quantity

_CJK_LANGS = frozenset({"zh", "ja", "ko"})
# Languages that write thousands with a space or a dot and decimals with a comma.
DECIMAL_COMMA_LANGS = frozenset({"fr", "de", "es", "it", "pt", "nl", "ru"})

_NUMBER = r"(?P<int>\d{1,3}(?:(?P<sep>[,. ])\d{3})(?:(?P=sep)\d{3})*(?!\d)|\d+)(?:(?P<dec>[.,])(?P<frac>\d+))?"
_NUMBER_NO_SPACE = _NUMBER.replace("[,. ]", "[,.]")
_SIGN = re.compile(r"(?:^|(?<=[\s(（:：,，;\u4e00-\u9fff]))([+-])\s?$")
_RANGE_RE = re.compile(r"\s*(-|–|—|~|～|〜|to|至|到|à|bis|から|and|et|und|y|e)\s*")
_CJK_REST = re.compile(r"\s?(\d{1,3},\d{3}|\d{1,4})(?![\d.,])")
_CURRENCY_RANGE = re.compile(r"\s*(?:-|–|~|～|至|到|to|à)\s*")
_CN_DIGITS = {
    "一": "1",
    "二": "2",
    "两": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_FRACTION_WORDS = {
    "一半": Decimal(50),
    "半数": Decimal(50),
    "two-thirds": Decimal("66.7"),
    "two thirds": Decimal("66.7"),
    "three-quarters": Decimal(75),
    "three quarters": Decimal(75),
    "half": Decimal(50),
    "a third": Decimal("33.3"),
    "one-third": Decimal("33.3"),
    "la moitié": Decimal(50),
    "deux tiers": Decimal("66.7"),
    "trois quarts": Decimal(75),
    "un tiers": Decimal("33.3"),
    "die hälfte": Decimal(50),
    "zwei drittel": Decimal("66.7"),
    "三分之二": Decimal("66.7"),
    "三分之一": Decimal("33.3"),
    "四分之三": Decimal(75),
    "半分": Decimal(50),
}
# Tenths in words: "neuf dixièmes" (90 %), "nine-tenths", "neun Zehntel", "eight in ten".
_TENTHS = {
    w: Decimal(10 * i)
    for i, ws in enumerate(
        [
            ["one", "un", "ein"],
            ["two", "deux", "zwei"],
            ["three", "trois", "drei"],
            ["four", "quatre", "vier"],
            ["five", "cinq", "fünf"],
            ["six", "sechs"],
            ["seven", "sept", "sieben"],
            ["eight", "huit", "acht"],
            ["nine", "neuf", "neun"],
        ],
        start=1,
    )
    for w in ws
}
_TENTH_WORD = "|".join(sorted(_TENTHS, key=len, reverse=True))
# Words without which a sentence has no fraction, per script (checked before the pattern runs).
_FRACTION_HINTS_CJK = ("成", "割", "半", "分之")
_FRACTION_HINTS = (
    "third", "quarter", "half", "moiti", "tiers", "älfte", "rittel", "dixième", "tenth", "ehntel", " ten",
)  # fmt: skip
_FRACTION = re.compile(
    rf"(?i:\b(?P<tn>{_TENTH_WORD})(?:\s+dixièmes?|[- ]tenths?|\s?zehntel|\s+(?:out\s+of|in)\s+ten)\b)|"
    r"(?:(?P<n>[1-9一二两三四五六七八九])\s?(?:成(?![本为為交功立长長品都果员員])|割(?!引|安|高)))"
    r"|一半|半数|三分之[一二]|四分之三|半分(?=以上|近く|程度|を)"
    r"|(?i:two[- ]thirds|three[- ]quarters|one-third|a third|(?<=\s)half(?=\s+of)"
    r"|la moitié|deux tiers|trois quarts|un tiers|die hälfte|zwei drittel)"
)
# "einer Milliarde", "un milliard", "a billion": one of a scale word, written out.
_ONE_SCALE = re.compile(
    r"(?<![\w])(?i:a|one|un|une|ein|eine|einer|einem|einen)\s+(?P<s>(?i:billion|million|milliard|milliarde|trillion))(?![a-z])"
)
_SCALE_OF = re.compile(r"\s?(?:de|d'|of|di|des)\s?", re.IGNORECASE)
_RANGE_AND = frozenset({"and", "et", "und", "y", "e"})
_BETWEEN = re.compile(r"(?:between|entre|zwischen|tra)\s+\S*$", re.IGNORECASE)
_LATIN_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NOT_A_QUANTITY = re.compile(r"\.[A-Z]{2}\b|:\d|[./]\d|-\d{1,2}-\d")


# "$ A", "M$ CA", "$ CAN", "$A": a dollar marked as Australian or Canadian by capitals, which
# are matched as written ("500 $ a tonne" is no Australian dollar).
_MARKED_DOLLAR = re.compile(r"\$\s?[A-Z]")
# What may not follow a unit that is not a Latin word: 元素 (element), 元件 (component) and
# 元旦 are no yuan; "3%p" is percentage points (Korean), not percent.
_NOT_AFTER = {"元": "[素件器旦首]", "%": "p(?![a-z])", "％": "p(?![a-z])"}


def _form(form: str, word: bool) -> str:
    """One form of an alternation: a form ending in a Latin letter must not run into another
    ("t" is not "tons"; "%" may: "88%of" in scraped text), a capitalised dollar is exact."""
    pattern = re.escape(form)
    if _MARKED_DOLLAR.search(form):
        pattern = f"(?-i:{pattern})"
    if word and form[-1] in _LATIN_LETTERS:
        pattern += "(?![A-Za-z])"
    elif word and form in _NOT_AFTER:
        pattern += f"(?!{_NOT_AFTER[form]})"
    return pattern


def _alternation(forms: list[str], word: bool = False) -> str:
    ordered = sorted({f for f in forms if f}, key=len, reverse=True)
    return "|".join(_form(f, word) for f in ordered)


def _word(forms: list[str]) -> str:
    """An alternation of unit words, each guarded against running into a following word."""
    return f"(?:{_alternation(forms, word=True)})"


def _per_pattern(forms: list[str]) -> re.Pattern[str]:
    """What joins a price to its unit: a sign ("/", 每) glued or not, a word ("per", "a", "la")
    only with a space after it, so "yuan at the end" is not "yuan a t"."""
    words = [f for f in forms if f.isascii() and f.isalpha()]
    signs = [f for f in forms if f not in words]
    return re.compile(rf"\s?(?:(?:{_alternation(signs)})\s?|(?:{_alternation(words)})\s+)(?:metric\s)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Tables:
    scale: dict[str, Decimal]
    scale_re: re.Pattern[str]
    currency_prefix: dict[str, str]
    prefix_re: re.Pattern[str]
    currency_suffix: dict[str, str]
    suffix_re: re.Pattern[str]
    mass: dict[str, tuple[str, Decimal]]
    mass_re: re.Pattern[str]
    per_re: re.Pattern[str]
    percent_re: re.Pattern[str]
    points_re: re.Pattern[str]
    times_re: re.Pattern[str]
    per_before_re: re.Pattern[str]


def _build_tables(units: dict[str, Any]) -> _Tables:
    scale: dict[str, Decimal] = {}
    for factor, forms in units["scale"].items():
        for form in forms:
            scale.setdefault(str(form).lower(), Decimal(str(factor)))
    prefix: dict[str, str] = {}
    suffix: dict[str, str] = {}
    written: dict[str, list[str]] = {"prefix": [], "suffix": []}  # as written: "$ A" is exact
    for code, entry in units["currency"].items():
        for side, table in (("prefix", prefix), ("suffix", suffix)):
            for form in entry.get(side) or []:
                table.setdefault(str(form).lower(), code)
                written[side].append(str(form))
    mass: dict[str, tuple[str, Decimal]] = {}
    for unit_id, entry in units["mass"].items():
        unit = entry.get("unit", unit_id)
        for form in entry["forms"]:
            mass.setdefault(str(form).lower(), (unit, Decimal(str(entry.get("factor", 1)))))
    flags = re.IGNORECASE
    return _Tables(
        scale=scale,
        scale_re=re.compile(rf"\s?({_word(list(scale))})", flags),
        currency_prefix=prefix,
        prefix_re=re.compile(rf"({_alternation(written['prefix'])})\s?$", flags),
        currency_suffix=suffix,
        suffix_re=re.compile(rf"\s?({_word(written['suffix'])})", flags),
        mass=mass,
        mass_re=re.compile(rf"(?:\s|-)?({_word(list(mass))})", flags),
        per_re=_per_pattern(units["per"]),
        percent_re=re.compile(rf"\s?({_word(units['percent'])})", flags),
        points_re=re.compile(rf"\s?({_word(units['points'])})", flags),
        times_re=re.compile(rf"\s?({_word(units['times'])})", flags),
        per_before_re=re.compile(
            rf"(?:1\s?)?({_alternation(list(mass))})\s?(?:{_alternation(units.get('per_before') or [])})?\s?$", flags
        ),
    )


class QuantityParser:
    """Finds the quantities of a sentence. Built once per lexicon (its tables are compiled)."""

    def __init__(self, units: dict[str, Any]) -> None:
        self._t = _build_tables(units)
        # A number may touch a letter before it only in _read's two glued forms (USD62.5, up0.8%).
        # (The digit lookahead first lets the scan skip non-digits quickly.)
        self._number_space = re.compile(r"(?=\d)(?<![0-9.,])" + _NUMBER)
        self._number = re.compile(r"(?=\d)(?<![0-9.,])" + _NUMBER_NO_SPACE)
        self._prefix_at = re.compile(rf"({_alternation(list(self._t.currency_prefix))})\s?", re.IGNORECASE)

    # ------------------------------------------------------------- numbers
    @staticmethod
    def _to_decimal(m: re.Match[str], lang: str) -> Decimal | None:
        integer, sep, dec, frac = m.group("int"), m.group("sep"), m.group("dec"), m.group("frac")
        comma_decimal = lang in DECIMAL_COMMA_LANGS
        try:
            if sep and not dec:
                groups = integer.split(sep)
                if len(groups) == 2 and (
                    (sep == "," and comma_decimal)  # "2,582 Tonnen" is 2.582 t in German
                    or (sep == "." and not comma_decimal)  # "1.916 billion", "2.582" in English
                    or (groups[0] == "0" and sep != " ")  # "0.125", "0,125": no thousands group starts with 0
                ):
                    return Decimal(f"{groups[0]}.{groups[1]}")
                return Decimal("".join(groups))
            whole = integer.replace(sep, "") if sep else integer
            if dec:
                if sep and dec == sep:
                    return None  # "1,234,5": not a number anyone writes
                if not sep and dec == "," and not comma_decimal and len(frac) == 3:
                    return Decimal(whole + frac)  # "2,582" read as integer+fraction: thousands
                return Decimal(f"{whole}.{frac}")
            return Decimal(whole)
        except InvalidOperation:
            return None

    @staticmethod
    def _glued_ok(text: str, start: int, end: int, prefix_m: re.Match[str] | None) -> bool:
        """A number glued to the letters before it: a currency code (USD62.5, CNY1,620,000/t)
        standing as a word of its own, or a percent after a lower-case word (up0.8%, down1.2%)."""
        if prefix_m is not None and prefix_m.end() == start:
            return not (prefix_m.start() and text[prefix_m.start() - 1] in _LATIN_LETTERS)
        return text[start - 1].islower() and text[end : end + 1] in ("%", "％")

    def _scale_at(self, text: str, pos: int, has_currency: bool) -> tuple[Decimal, int] | None:
        m = self._t.scale_re.match(text, pos)
        if not m:
            return None
        word = m.group(1)
        before_currency = bool(self._t.suffix_re.match(text, m.end()))
        short = len(word) <= 2 and word.isascii()
        if short and (not has_currency or m.group(0) != word) and not before_currency:
            # "m", "bn", "k", "Md" only when glued to a money amount ("$38m", "€1.2bn") or
            # right before its currency ("4,69 Md€", "250 M€")
            return None
        if word == "M" and not has_currency and not before_currency:
            return None
        return self._t.scale[word.lower()], m.end()

    # ---------------------------------------------------------------- find
    def find(self, text: str, lang: str) -> list[Quantity]:
        """Every quantity in `text` (a normalised sentence), left to right."""
        pattern = self._number_space if lang in DECIMAL_COMMA_LANGS else self._number
        out: list[Quantity] = []
        pos = 0
        while True:
            m = pattern.search(text, pos)
            if not m:
                break
            q = self._read(text, m, lang, pattern)
            if q is None:
                pos = m.end()
                continue
            out.append(q)
            pos = q.span[1]
        if "illi" in text:
            out = self._one_scale(text, out)
        out = self._fractions(text, out, lang)
        # "1キロ当たり850ドル": the "1 kg" is the unit of the price that follows, not a quantity.
        return [
            q
            for i, q in enumerate(out)
            if not (
                q.kind == "mass"
                and q.value == 1
                and i + 1 < len(out)
                and out[i + 1].per_unit
                and out[i + 1].span[0] - q.span[1] <= 4
            )
        ]

    def _one_scale(self, text: str, found: list[Quantity]) -> list[Quantity]:
        """An amount whose number is a word: "einer Milliarde Euro", "un milliard d'euros",
        "a billion dollars" (only with its currency or unit: "a million people" is none)."""
        extra = []
        t = self._t
        for m in _ONE_SCALE.finditer(text):
            pos = m.end()
            of = _SCALE_OF.match(text, pos)
            sm = t.suffix_re.match(text, of.end() if of else pos) or t.suffix_re.match(text, pos)
            um = None if sm else (t.mass_re.match(text, of.end() if of else pos) or t.mass_re.match(text, pos))
            if sm is None and um is None:
                continue
            value = t.scale[m.group("s").lower()]
            if sm is not None:
                q = Quantity(
                    value=value,
                    kind="money",
                    raw=text[m.start() : sm.end()],
                    span=(m.start(), sm.end()),
                    currency=t.currency_suffix[sm.group(1).lower()],
                )
            else:
                unit, factor = t.mass[um.group(1).lower()]
                q = Quantity(
                    value=_tidy(value * factor),
                    kind="mass",
                    raw=text[m.start() : um.end()],
                    span=(m.start(), um.end()),
                    unit=unit,
                )
            if not any(f.span[0] < q.span[1] and q.span[0] < f.span[1] for f in found):
                extra.append(q)
        return sorted(found + extra, key=lambda q: q.span[0]) if extra else found

    @staticmethod
    def _fractions(text: str, found: list[Quantity], lang: str) -> list[Quantity]:
        """Shares written as words: 九成 (90%), 6割 (60%), 一半, two-thirds, la moitié."""
        extra = []
        hints = _FRACTION_HINTS_CJK if lang in _CJK_LANGS else _FRACTION_HINTS
        if not any(word in text for word in hints):
            return found
        for m in _FRACTION.finditer(text):
            if any(q.span[0] < m.end() and m.start() < q.span[1] and q.kind != "number" for q in found):
                continue
            found = [q for q in found if not (q.span[0] < m.end() and m.start() < q.span[1])]  # "9" of 9割
            word = m.group(0)
            if m.group("tn") is not None:
                value = _TENTHS[m.group("tn").lower()]
            elif m.group("n") is not None:
                digit = m.group("n")
                value = Decimal(_CN_DIGITS.get(digit, digit)) * 10
            else:
                value = _FRACTION_WORDS[word.lower()]
            if any(q.kind == "percent" and abs(q.value - value) <= 2 for q in found):
                continue  # "about two-thirds … (67% in 2025)": the figure written beside it is the share
            extra.append(Quantity(value=value, kind="percent", raw=word, span=m.span()))
        return sorted(found + extra, key=lambda q: q.span[0]) if extra else found

    def _read(self, text: str, m: re.Match[str], lang: str, pattern: re.Pattern[str]) -> Quantity | None:
        t = self._t
        start, pos = m.start(), m.end()
        after_colon = start > 1 and text[start - 1] == ":" and text[start - 2].isdigit()
        if _NOT_A_QUANTITY.match(text, pos) or after_colon:
            return None  # a ticker (300224.SZ), a time (09:03), a date (2025/9/3)
        prefix_m = t.prefix_re.search(text, max(0, start - 8), start)
        if start and text[start - 1] in _LATIN_LETTERS and not self._glued_ok(text, start, m.end(), prefix_m):
            return None  # N52, Q3, H1, CO2: a letter joined to digits is a name, not an amount
        currency = t.currency_prefix[prefix_m.group(1).lower()] if prefix_m else None
        q_start = prefix_m.start() if prefix_m else start
        sign_m = _SIGN.search(text, max(0, q_start - 2), q_start)
        if sign_m:
            q_start = sign_m.start(1)

        scale_hit = self._scale_at(text, pos, currency is not None)
        value = self._to_decimal(m, lang)
        if value is None:
            return None
        scale = Decimal(1)
        if scale_hit:
            scale, pos = scale_hit
            rest = _CJK_REST.match(text, pos)
            if rest and scale in (Decimal(10000), Decimal(100000000), Decimal(10**12)):
                smaller = self._scale_at(text, rest.end(), currency is not None)
                if smaller and smaller[0] < scale:  # 1兆2500億円
                    value = value + Decimal(rest.group(1).replace(",", "")) * smaller[0] / scale
                    pos = smaller[1]
                else:  # 1万2000円, 54만5000위안
                    value = value + Decimal(rest.group(1).replace(",", "")) / scale
                    pos = rest.end()

        # a range: "52.3-52.8万元", "6.6亿至7.6亿元", "$1.5-$1.7", "7%-9%"
        low = high = None
        scaled = scale_hit is not None  # a scale word ends the number: "millions de yuans" may follow
        pct_first = t.percent_re.match(text, pos)
        rm = _RANGE_RE.match(text, pct_first.end() if pct_first else pos)
        if rm and (rm.group(1) not in _RANGE_AND or _BETWEEN.search(text, max(0, q_start - 12), q_start)):
            p2 = self._prefix_at.match(text, rm.end())
            m2 = pattern.match(text, p2.end() if p2 else rm.end())
            if m2:
                scale2_hit = self._scale_at(text, m2.end(), currency is not None)
                v2 = self._to_decimal(m2, lang)
                is_years = v2 is not None and all(1900 <= v <= 2100 for v in (value, v2))
                if v2 is not None and not is_years and (not pct_first or t.percent_re.match(text, m2.end())):
                    if scale2_hit and not scale_hit:  # "52.3-52.8万": the scale is written once
                        scale = scale2_hit[0]
                    lo, hi = value * scale, v2 * (scale2_hit[0] if scale2_hit else scale)
                    if lo <= hi:
                        low, high = lo, hi
                        pos = scale2_hit[1] if scale2_hit else m2.end()
                        scaled = scaled or scale2_hit is not None
        amount = value * scale

        kind, unit, per_unit = "number", None, False
        of = _SCALE_OF.match(text, pos) if scaled else None  # "1,5 milliard d'euros", "2 millions de tonnes"
        if of and (t.suffix_re.match(text, of.end()) or t.mass_re.match(text, of.end())):
            pos = of.end()
        sm = t.suffix_re.match(text, pos)
        if sm:
            currency = currency or t.currency_suffix[sm.group(1).lower()]
            pos = sm.end()
            rm2 = _CURRENCY_RANGE.match(text, pos) if low is None else None
            m3 = pattern.match(text, rm2.end()) if rm2 else None
            if m3:  # "21.76亿元至23.56亿元": both ends written in full
                scale3 = self._scale_at(text, m3.end(), True)
                end3 = scale3[1] if scale3 else m3.end()
                sm3 = t.suffix_re.match(text, end3)
                v3 = self._to_decimal(m3, lang)
                if v3 is not None and sm3 and t.currency_suffix[sm3.group(1).lower()] == currency:
                    hi = v3 * (scale3[0] if scale3 else Decimal(1))
                    if amount <= hi:
                        low, high, pos = amount, hi, sm3.end()
        if currency:
            kind = "money"
            before = t.per_before_re.search(text, max(0, q_start - 12), q_start)
            if before and (before.group(0).strip() != before.group(1) or text[max(0, before.start() - 1)] == "1"):
                unit, _ = t.mass[before.group(1).lower()]
                per_unit = True
            per = t.per_re.match(text, pos)
            um = t.mass_re.match(text, per.end()) if per else None
            if um:
                unit, factor = t.mass[um.group(1).lower()]
                per_unit = True
                if factor != 1:
                    amount, low, high = (None if v is None else v / factor for v in (amount, low, high))
                pos = um.end()
        elif pm := t.percent_re.match(text, pos):
            kind, pos = "percent", pm.end()
        elif pct_first and low is not None:
            kind = "percent"
        elif um := t.mass_re.match(text, pos):
            unit, factor = t.mass[um.group(1).lower()]
            kind, pos = "mass", um.end()
            amount, low, high = (None if v is None else v * factor for v in (amount, low, high))
        elif ptm := t.points_re.match(text, pos):
            kind, pos = "points", ptm.end()
        elif tm := t.times_re.match(text, pos):
            kind, pos = "multiple", tm.end()
        elif pct_first:
            kind, pos = "percent", pct_first.end()

        if sign_m and sign_m.group(1) == "-":
            amount = -amount
            if low is not None and high is not None:
                low, high = -high, -low
        if low is not None and high is not None:
            amount = (low + high) / 2
        return Quantity(
            value=_tidy(amount),
            kind=kind,
            raw=text[q_start:pos],
            span=(q_start, pos),
            currency=currency,
            unit=unit,
            per_unit=per_unit,
            low=None if low is None else _tidy(low),
            high=None if high is None else _tidy(high),
            signed=bool(sign_m),
        )


def _tidy(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def as_number(value: Decimal | None) -> int | float | None:
    """A Decimal as the plain JSON number FACTS.md asks for (2582, not 2582.0)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
