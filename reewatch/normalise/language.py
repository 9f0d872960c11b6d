"""Language identification per document and per sentence.

Script decides first, because it is certain and free: kana means Japanese, hangul
Korean, Han characters without kana Chinese (simplified or traditional). Latin-script
text goes to lingua, restricted to the languages this field publishes in, which keeps
it accurate on short text and fast; its models ship inside the wheel.
"""

from __future__ import annotations

import re
from typing import Any

# Latin-script languages lingua chooses among; more languages cost accuracy on short text.
LATIN_LANGS = ("en", "fr", "de", "es", "it", "pt")
_MARGIN = 0.15  # lingua's lead over the runner-up that we trust on short text
# Function words, to settle short lines where lingua hesitates ("L'oxyde de dysprosium est stable à 235 $/kg").
_FUNCTION_WORDS = {
    "en": {"the", "of", "and", "to", "in", "is", "was", "for", "on", "at", "with", "from", "by", "per"},
    "fr": {"le", "la", "les", "de", "des", "du", "et", "est", "à", "en", "sur", "au", "aux", "une", "l", "d"},
    "de": {"der", "die", "das", "und", "ist", "von", "im", "mit", "auf", "für", "den", "dem", "des", "ein"},
    "es": {"el", "los", "las", "y", "en", "del", "por", "con", "una", "un", "se"},
    "it": {"il", "di", "e", "che", "della", "dei", "nel", "per", "con", "una", "gli", "al"},
    "pt": {"o", "os", "as", "do", "da", "dos", "e", "em", "no", "na", "um", "uma", "com"},
}
_WORDS = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def script_counts(text: str) -> tuple[int, int, int, int]:
    """Counts of (Han, kana, hangul, Latin letters) in text."""
    return len(_HAN.findall(text)), len(_KANA.findall(text)), len(_HANGUL.findall(text)), len(_LATIN.findall(text))


def by_script(text: str) -> str | None:
    """The language the script alone proves, or None for Latin-script text."""
    if not _EAST_ASIAN.search(text):
        return None  # no Han, kana or hangul at all: a Latin-script text
    han, kana, hangul, latin = script_counts(text)
    total = han + kana + hangul + latin
    if not total:
        return None
    if kana and kana * 20 >= total:
        return "ja"
    if hangul and hangul * 5 >= total:
        return "ko"
    # Chinese text carries many Latin product names and units (NdFeB, kg); a modest
    # share of Han characters is enough, because each stands for a whole word.
    if han and han * 4 >= latin:
        return "zh"
    return None


def _by_function_words(text: str, decisive: bool = False) -> str | None:
    """The language whose function words the text uses most; with `decisive`, only a clear
    winner (at least 8 hits and three times the runner-up), else None."""
    words = [w.lower() for w in _WORDS.findall(text)]
    votes = sorted(((sum(w in vocab for w in words), lang) for lang, vocab in _FUNCTION_WORDS.items()), reverse=True)
    (best, lang), (second, _) = votes[0], votes[1]
    if decisive:
        return lang if best >= 8 and best >= 3 * second else None
    return lang if best and best > second else None


class LanguageIdentifier:
    """Detects ISO 639-1 codes. Holds the lingua detector, built on first use."""

    def __init__(self, latin_langs: tuple[str, ...] = LATIN_LANGS) -> None:
        self._latin_langs = latin_langs
        self._detector: Any = None

    def _lingua(self) -> Any:
        if self._detector is None:
            from lingua import IsoCode639_1, LanguageDetectorBuilder

            codes = [getattr(IsoCode639_1, code.upper()) for code in self._latin_langs]
            self._detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
        return self._detector

    def detect(self, text: str, default: str | None = None) -> str | None:
        """The language of `text`; `default` when it is too short to tell."""
        script = by_script(text)
        if script:
            return script
        sample = text[:600]  # enough for lingua; the cost grows with the length
        letters = len(_LETTER.findall(sample))
        if letters < 12:
            return default
        clear = _by_function_words(sample, decisive=True)
        if clear:
            return clear  # a paragraph full of "the/of/and" or "le/de/et" needs no model
        ranked = self._lingua().compute_language_confidence_values(sample)
        if not ranked:
            return default
        best = str(ranked[0].language.iso_code_639_1.name).lower()
        lead = ranked[0].value - (ranked[1].value if len(ranked) > 1 else 0.0)
        # On a short line ("Terbium oxide: CNY 7,030/kg, unchanged.") lingua's guess is weak,
        # and it decides how "7,030" is read: settle close calls by function words.
        if letters < 300 and lead < _MARGIN:
            return _by_function_words(sample) or default or "en"
        return best

    def sentence_lang(self, text: str, doc_lang: str | None) -> str:
        """A sentence's language. Short Latin sentences inherit the document's language:
        lingua is unreliable on "Dysprosium Iron: ¥1,510,000/ton", and mixing is rare."""
        script = by_script(text)
        if script == "zh" and doc_lang == "ja":
            return "ja"  # a Japanese headline in kanji only
        if script:
            return script
        if doc_lang in self._latin_langs:
            return doc_lang
        # A Latin sentence inside a CJK document: an English summary, a quote, a table row.
        if len(_LETTER.findall(text)) >= 40:
            return self.detect(text, default="en") or "en"
        return "en"
