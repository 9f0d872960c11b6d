"""Normalised views of a document's text that keep a map back to the original offsets.

The document text is never altered. Matching runs on a normalised copy, in which
full-width characters are half-width, exotic spaces and minus signs are plain, and glued
words ("InSeptember2024,theU.S.DepartmentofEnergy") are pulled apart; `offsets[i]` is the
position in the original text of normalised character `i`, so every match maps back to
the exact original sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Characters replaced one for one (so offsets stay aligned before insertions).
_SPACES = "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_ONE_FOR_ONE = str.maketrans(
    {
        **{c: " " for c in _SPACES},
        "\u2212": "-",  # minus sign
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",  # en dash: ranges and "Jan–Sep"
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\uff0e": ".",
        "\u00b7": "·",
    }
)

_DIGIT_COMMA = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")

# Where glued text hides a word boundary. Each pattern marks the position of a missing space.
# Safe anywhere in Latin text: a lower-case word running into a capitalised one
# ("EscalateChina", "TrendsDysprosium", "DivergenceUS") or into the next sentence
# ("approved.Only"). Two lower-case letters at least, so NdFeB, SmCo, iPhone stay whole; and a
# capitalised word of four letters at least, so brand names built of short syllables
# (HyProMag, InfraVia, FactSet) stay whole while "DataNovember", "SurgeZhenghai" come apart.
_CAMEL = re.compile(
    r"(?<=[a-z]{2})(?=[A-Z][a-z]{3,})|(?<=[a-z]{3})(?=[A-Z]{2,}\b)|(?<=[a-zà-ÿ]{2}[.!?])(?=[A-ZÀ-Þ][a-zà-ÿ])"
    # "in 2024.China", "6%.Estonia", "(-21,3% sur un mois).Les États-Unis"
    r"|(?<=\d{4}[.!?])(?=[A-Z][a-z]{2,})|(?<=[%)][.!?])(?=[A-ZÀ-Þ][a-zà-ÿ]{2,})"
)
# Every _CAMEL gap sits at a capital right after a lower-case letter or . ! ?: _CAMEL is tried
# only there (its look-behinds at every position of every text were a hot spot). The pattern
# starts with a character class, which the regex engine scans for quickly; the gap is after it.
_CAMEL_AT = re.compile(r"[a-zà-ÿ.!?](?=[A-ZÀ-Þ])")  # (a gap after "2024." or "6%." sits after a . too)
# Only inside tokens long enough to be several glued words ("InSeptember2024,theU.S.Department"),
# tried where a token starts (not again from each of its characters).
_GLUED_TOKEN = re.compile(r"(?<!\S)\S{18,}")
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_GLUE = re.compile(
    r"(?<=\bthe)(?=[A-Z])|(?<=\Wthe)(?=[A-Z])"  # "theU.S."
    r"|(?<=[A-Za-z]{3})(?=\d)"  # "September2024", "awarding38" (not Q3, H1, N52)
    r"|(?<=\d)(?=[a-z]{3,})(?!(?:th|st|nd|rd)\b)"  # "38million" (not 3rd, 10kg)
    r"|(?<=[a-z0-9][,;:])(?=[A-Za-z])"  # ",the"
    r"|(?<=\b[A-Z][a-z])(?=[A-Z][a-z]{2,})"  # "InSeptember"
    r"|(?<=[A-Z]\.)(?=[A-Z][a-z]{2,})"  # "U.S.Department"
    r"|(?<=\))(?=[A-Za-z])"  # "(DOE)launched"
    r'|(?<=[,.]")(?=[a-z])'  # '...Program,"awarding'
    r'|(?<=[a-z])(?=")'  # 'launchedthe"Closed'
)
# A run of letters this long with no space is almost always several glued words.
_LONG_RUN = re.compile(r"[A-Za-z][a-z]{7,}")


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised string and, per character, its offset in the original text."""

    text: str
    offsets: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original text."""
        if start >= len(self.offsets):
            return self.original_length, self.original_length
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1 if end > start else o_start
        return o_start, o_end


# Full-width ASCII (digits, letters, %, /) to half-width, in the same one-for-one table.
# CJK punctuation stays as it is: （），：；！？ split sentences and clauses.
_HALF_WIDTH = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code) not in "（），：；！？"}
)


# Both tables as one: the characters to replace, and a pattern that finds them. Most text has
# few of them, and str.translate walks every character of non-ASCII text through a dict.
_REPLACE = {chr(k): v for table in (_HALF_WIDTH, _ONE_FOR_ONE) for k, v in table.items()}
_REPLACEABLE = re.compile("[" + re.escape("".join(_REPLACE)) + "]+")


def _half_width(text: str) -> str:
    text = _REPLACEABLE.sub(lambda m: "".join(_REPLACE[c] for c in m.group()), text)
    # A full-width comma between digit groups is a thousands separator (３，５００吨).
    return _DIGIT_COMMA.sub(",", text) if "，" in text else text


@lru_cache(maxsize=1)
def _splitter():
    import wordninja  # only glued text needs it, so it loads only then

    return wordninja.DEFAULT_LANGUAGE_MODEL


def _glue_gaps(text: str) -> set[int]:
    """Positions in `text` where a space is missing between two words."""
    gaps = {m.end() for m in _CAMEL_AT.finditer(text) if _CAMEL.match(text, m.end())}
    if max(map(len, text.split()), default=0) < 18:
        return gaps  # no long token (str.split is much quicker than the pattern below)
    for token in _GLUED_TOKEN.finditer(text):
        word = token.group()
        if sum(map(len, _ASCII_LETTERS.findall(word))) < 14:
            continue  # a URL, a number, a CJK run: not glued English
        inner = [token.start() + m.start() for m in _GLUE.finditer(word)]
        inner += [g for g in gaps if token.start() < g < token.end()]
        if len(inner) < 2:
            continue  # one long word ("neodymium-praseodymium"), not several glued ones
        gaps.update(inner)
        for run in _LONG_RUN.finditer(word):
            pos = token.start() + run.start()
            for piece in _splitter().split(run.group())[:-1]:
                pos += len(piece)
                gaps.add(pos)
    return gaps


# The same document text is normalised by the sentence views and by the dedup signature;
# NormText is immutable, so the second call can have the first one's result.
@lru_cache(maxsize=16)
def normalise(text: str) -> NormText:
    """Half-width, plain spaces and dashes, and spaces where glued words meet."""
    base = _half_width(text)
    gaps = _glue_gaps(base)
    if not gaps:
        return NormText(base, tuple(range(len(base))), len(text))
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(base):
        if i in gaps and chars and chars[-1] != " " and ch != " ":
            chars.append(" ")
            offsets.append(i)
        chars.append(ch)
        offsets.append(i)
    return NormText("".join(chars), tuple(offsets), len(text))


def lower_same_length(text: str) -> str:
    """Lower-case without changing the length (a few characters grow when lower-cased)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
