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


def script_counts(text: str) -> tuple[int, int, int, int]:
    """Counts of (Han, kana, hangul, Latin letters) in text."""
    han = kana = hangul = latin = 0
    for ch in text:
        code = ord(ch)
        if code < 0x250:
            if ch.isalpha():
                latin += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            han += 1
        elif 0x3040 <= code <= 0x30FF:
            kana += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
            hangul += 1
    return han, kana, hangul, latin


def by_script(text: str) -> str | None:
    """The language the script alone proves, or None for Latin-script text."""
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


def _by_function_words(text: str) -> str | None:
    words = [w.lower() for w in _WORDS.findall(text)]
    votes = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    lang, count = max(votes.items(), key=lambda kv: kv[1])
    return lang if count and list(votes.values()).count(count) == 1 else None


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
        sample = text[:2000]
        letters = sum(c.isalpha() for c in sample)
        if letters < 12:
            return default
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
        if sum(c.isalpha() for c in text) >= 40:
            return self.detect(text, default="en") or "en"
        return "en"
