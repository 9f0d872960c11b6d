"""How text becomes search terms, per language.

- English, French, German: tantivy's tokenizer, lower case, stop words out, Snowball stemmer of the language
  ("exports" and "exported" both find "export").
- Chinese: rjieba words (`cut_for_search`, which also emits the parts of long words) with a
  domain dictionary built from the lexicon, so 氧化镨钕, 中国稀土集团 and 金力永磁 stay whole,
  plus the single characters of element names inside words (镝 in 氧化镝) so a query for
  one element finds every product made of it.
- Japanese, Korean: character uni- and bigrams (no segmenter for them installs offline).
- Anything else: tantivy's default tokenizer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

import tantivy

from reewatch.lexicon import Lexicon

STEMMED = {"en": "english", "fr": "french", "de": "german"}
# A document goes to the body field of its language; CJK text also to the n-gram field.
BODY_FIELDS = ("body_en", "body_fr", "body_de", "body_zh", "body_cjk", "body_any")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_WORD = re.compile(r"[^\W_]+")


def field_for(lang: str | None) -> str:
    """The body field of a document language."""
    if lang in STEMMED:
        return f"body_{lang}"
    if lang == "zh":
        return "body_zh"
    if lang in {"ja", "ko"}:
        return "body_cjk"
    return "body_any"


def script_lang(text: str) -> str | None:
    """The language a query's script implies (zh, ja, ko), or None for Latin script."""
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh"
    return None


def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """reewatch's analyzers by tokenizer name (also used to analyse queries the same way)."""
    out = {}
    for lang, stemmer in STEMMED.items():
        out[f"{lang}_stem"] = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stopword(stemmer))  # "the", "les", "der" carry no topic
            .filter(tantivy.Filter.stemmer(stemmer))
            .build()
        )
    out["pre_segmented"] = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(tantivy.Filter.lowercase()).build()
    )
    out["cjk_bigram"] = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(1, 2, False)).filter(tantivy.Filter.lowercase()).build()
    )
    # tantivy's built-in "default" analyzer, rebuilt so that queries can be analysed like it
    out["default"] = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .build()
    )
    return out


def register(index: tantivy.Index) -> dict[str, tantivy.TextAnalyzer]:
    """Register reewatch's analyzers on an index (tantivy does not store custom tokenizers)."""
    built = analyzers()
    for name, analyzer in built.items():
        if name != "default":
            index.register_tokenizer(name, analyzer)
    return built


def tokenizer_of(field: str) -> str:
    return {
        "body_en": "en_stem",
        "body_fr": "fr_stem",
        "body_de": "de_stem",
        "body_zh": "pre_segmented",
        "body_cjk": "cjk_bigram",
    }.get(field, "default")


class ChineseSegmenter:
    """rjieba with the lexicon's Chinese names as a user dictionary."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @cached_property
    def _jieba(self) -> object:
        import rjieba

        jieba = rjieba.Jieba()
        for word in self._domain_words():
            jieba.add_word(word, 50000, None)
        return jieba

    @cached_property
    def _element_chars(self) -> frozenset[str]:
        return frozenset(f for s in self.lexicon.elements for f in self.lexicon.forms_of("element", s) if len(f) == 1)

    def _domain_words(self) -> Iterable[str]:
        lex = self.lexicon
        for forms in lex.all_entity_forms():
            yield from (f for f in forms if _HAN.search(f) and not _KANA.search(f) and " " not in f)
        for langs in lex.glossary.values():
            for lang in ("zh", "zh_hant"):
                yield from langs.get(lang, [])

    def terms(self, text: str) -> list[str]:
        """Search terms of Chinese text: dictionary words, their parts, element characters."""
        element_chars = self._element_chars
        out: list[str] = []
        # Lower-cased once for the whole text; tokens without a letter or digit (punctuation,
        # spaces) are dropped.
        for token in self._jieba.cut_for_search(text.lower()):  # type: ignore[attr-defined]
            if not token.isalnum():
                token = token.strip()
                if not token or not _WORD.search(token):
                    continue
            out.append(token)
            if len(token) > 1 and not element_chars.isdisjoint(token):
                out.extend(ch for ch in token if ch in element_chars)
        return out


def cjk_runs(text: str) -> list[list[str]]:
    """The CJK/Hangul runs of a query, each as its character bigrams (a one-character run stays whole)."""
    runs: list[list[str]] = []
    for run in dict.fromkeys(_CJK_RUN.findall(text.lower())):
        runs.append([run] if len(run) == 1 else list(dict.fromkeys(run[i : i + 2] for i in range(len(run) - 1))))
    return runs
