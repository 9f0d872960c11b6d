"""Sentence splitting for Latin and CJK text, with spans into the original document.

Rules, in order: a line break always ends a sentence; CJK full stops (。！？；) end one;
a Latin full stop, ! or ? followed by a space and a capital, digit or quote ends one
unless the word before it is an abbreviation (U.S., Inc., Jan.); in search-result
summaries, a citation marker ("[1][3]") or a " - " bullet before a capital ends one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reewatch.normalise.text import NormText

# Abbreviations that end in a full stop without ending the sentence (case-insensitive).
ABBREVIATIONS = frozenset(
    """u.s u.k u.n e.u mr mrs ms dr prof inc corp co ltd llc plc no nos vol fig e.g i.e etc vs approx est jan
    feb mar apr jun jul aug sep sept oct nov dec st mt jr sr gov dept ave av bros cie mio mrd ca bzw z.b usw
    nr s.a n.v p.a""".split()
)

_CJK_END = "。！？!?"
_CJK_END_RE = re.compile(r"[。！？!?][\"'”’」』）)\]】]*")
_CLOSERS = "\"'”’」』）)]】"
_LATIN_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“(\[A-Z0-9À-ÖØ-Þ\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af])")
_CITATION_END = re.compile(r"(?:\[\d+\])+(?=\s+\S)")
_BULLET = re.compile(r"\s[-–•]\s(?=[A-Z\u4e00-\u9fff])")
_ORDINAL_DAY = re.compile(r"(?<![\d.,])[0-3]?\d\.$")
_WORD_BEFORE = re.compile(r"([A-Za-zÀ-ÖØ-öø-ÿ.]+)$")  # "année." is a word, not the initial "e."


def _ends_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "J. Smith", "U.S" handled above


def _line_breaks(text: str, start: int, end: int) -> Iterator[int]:
    """Positions (exclusive ends) where sentences end inside text[start:end]."""
    for m in _CJK_END_RE.finditer(text, start, end):
        if m.group()[0] in "!?" and not _is_cjk_context(text, m.start()):
            continue  # a Latin "!" or "?" is handled below
        yield m.end()
    for m in _LATIN_END.finditer(text, start, end):
        if text[m.start()] == "." and _ends_abbreviation(text, m.start()):
            continue
        if text[m.start()] == "." and m.start() > 0 and text[m.start() - 1].isdigit():
            nxt = text[m.end() : m.end() + 2].strip()
            if nxt[:1].isdigit():  # "No. 18. 2" style numbering is rare; decimals have no space
                continue
            if _ORDINAL_DAY.search(text, max(0, m.start() - 4), m.start() + 1):
                continue  # "am 4. April", "le 1. mars": a German-style day, not a sentence end
        yield m.end()
    for m in _CITATION_END.finditer(text, start, end):
        yield m.end()
    for m in _BULLET.finditer(text, start, end):
        yield m.start()


def _is_cjk_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    return bool(before) and ord(before) >= 0x2E80


def split_spans(norm: NormText) -> list[tuple[int, int]]:
    """Sentence spans in the normalised text, stripped of surrounding white space."""
    text = norm.text
    spans: list[tuple[int, int]] = []
    # The end patterns run once over the whole text, not once per line: none of them matches
    # across a line break in a way that matters (a match reaching into the next line ends at
    # or before the break, and the break is a cut anyway).
    all_cuts = sorted(set(_line_breaks(text, 0, len(text))))
    next_cut = 0
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        cuts = []
        while next_cut < len(all_cuts) and all_cuts[next_cut] <= line_end:
            cuts.append(all_cuts[next_cut])
            next_cut += 1
        cuts.append(line_end)
        prev = line_start
        for cut in cuts:
            if cut <= prev:
                continue
            s, e = prev, cut
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s and any(c.isalnum() for c in text[s:e]):
                spans.append((s, e))
            prev = cut
        line_start = line_end + 1
    return spans
