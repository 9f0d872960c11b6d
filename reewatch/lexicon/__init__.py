"""The one loader of domain knowledge: elements, products, areas, companies, units, cues.

Everything reewatch knows about the field lives in YAML files under `lexicon/data/`, which
a domain expert edits without touching Python. This module reads them on first use,
validates them (a `ConfigError` names the file and the entry), and builds the lookup
structures the extractors use:

- `EntityMatcher`: one Aho-Corasick pass over a sentence finds every product, element,
  area, company, body, place and sector it names, in any language;
- `CueSet`: the cue phrases of one language (plus English, which appears everywhere in
  this trade's press), found in one pass as well.

A `Lexicon` is created once per run and passed in; nothing here is a module global.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from reewatch.datafiles import read_data_yaml
from reewatch.errors import ConfigError

DATA_DIR = Path(__file__).with_name("data")
# Prepositions that precede a one-character country name in Chinese and Japanese (对美, 対中, 赴日).
_SHORT_FORM_PREPS = frozenset("对向至往赴自从對從対")
LANGS: tuple[str, ...] = ("en", "zh", "fr", "ja", "de", "ko", "es", "it")

# The product ids of FACTS.md §3; a product file naming anything else is an error.
PRODUCT_IDS: frozenset[str] = frozenset(
    """rare-earths re-concentrate re-compounds re-oxides re-metals mixed-re-carbonate la-oxide ce-oxide
    pr-oxide nd-oxide prnd-oxide sm-oxide eu-oxide gd-oxide tb-oxide dy-oxide ho-oxide er-oxide y-oxide
    lu-oxide la-metal ce-metal pr-metal nd-metal prnd-metal sm-metal tb-metal dy-metal dy-fe-alloy gd-fe-alloy
    ho-fe-alloy re-magnets ndfeb-magnet smco-magnet ferrite-magnet prnd dy tb nd""".split()
)


@dataclass(frozen=True, slots=True)
class Entity:
    """Something the lexicon knows: a product, element, area, company, body, place or sector."""

    kind: str
    id: str
    name: str  # display name used in facts
    area: str | None = None  # the area code it belongs to (companies, bodies, places)


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a sentence names an entity (offsets into the normalised sentence)."""

    entity: Entity
    start: int
    end: int
    surface: str

    @property
    def kind(self) -> str:
        return self.entity.kind

    @property
    def id(self) -> str:
        return self.entity.id


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue phrase found in a sentence: its category (e.g. "up", "stage.magnet") and span."""

    category: str
    start: int
    end: int


def _script_needs_boundary(ch: str) -> bool:
    """Latin, Greek, Cyrillic letters and digits need word boundaries; CJK, kana, hangul do not."""
    if ch.isdigit():
        return True
    if not ch.isalpha():
        return False
    code = ord(ch)
    return code < 0x2E80 and not (0xAC00 <= code <= 0xD7AF)


def _case_sensitive(form: str) -> bool:
    """Cue phrases written with a capital (MoM, Act, German nouns) match only as written."""
    return any(c.isupper() for c in form)


def _acronym(form: str) -> bool:
    """Names match in any case, except acronyms of 2-5 capitals (US, EU, PRC, ASM, GM)."""
    return 2 <= len(form) <= 5 and form.isupper() and form.isalpha()


class _AliasIndex:
    """Aho-Corasick matching of every form, keeping matches that stand on word boundaries.

    Two automata: one over the lower-cased sentence for forms matched in any case, one over
    the sentence as written for forms matched exactly (US, EU, MoM) - so "us" in "thus" is
    never even looked at. Boundary needs are worked out once per form, not per hit.
    """

    def __init__(self, names: bool = False) -> None:
        self._payloads: dict[tuple[str, bool], list[Any]] = defaultdict(list)
        self._exact = _acronym if names else _case_sensitive
        # Cues (not names) may touch a digit after their last letter: "up0.8%", "down1.2%".
        self._digit_ends_word = not names
        self._folded: Any = None
        self._as_written: Any = None

    def add(self, form: str, payload: Any) -> None:
        form = unicodedata.normalize("NFC", form.strip())
        if not form:
            return
        keys = [(form, True), (form.upper(), True)] if self._exact(form) else [(form.lower(), False)]
        for key in keys:
            if payload not in self._payloads[key]:
                self._payloads[key].append(payload)

    def build(self) -> None:
        import ahocorasick  # a C extension; imported here so `import reewatch` stays light

        self._folded, self._as_written = ahocorasick.Automaton(), ahocorasick.Automaton()
        for (key, exact), entries in self._payloads.items():
            named = [e for e in entries if getattr(e, "kind", None) != "blocker"]
            if named and len(named) < len(entries):  # a name beats a blocker of the same words
                entries[:] = named
            value = (len(key), _script_needs_boundary(key[0]), _script_needs_boundary(key[-1]), tuple(entries))
            (self._as_written if exact else self._folded).add_word(key, value)
        for automaton in (self._folded, self._as_written):
            if len(automaton):
                automaton.make_automaton()

    def iter_matches(self, text: str, lower: str) -> list[tuple[int, int, Any]]:
        """All boundary-respecting matches as (start, end, payload), overlapping ones included."""
        # The hot loop of every sentence: _is_word_char is written out here (a letter, digit or _
        # below U+2E80; hangul is above it, so a Korean particle never blocks a match).
        n = len(lower)
        digit_ends_word = self._digit_ends_word
        found: list[tuple[int, int, Any]] = []
        for automaton, haystack in ((self._folded, lower), (self._as_written, text)):
            if not len(automaton):
                continue
            for last, (length, left, right, entries) in automaton.iter(haystack):
                end = last + 1
                start = end - length
                if left and start:
                    ch = lower[start - 1]
                    if ch < "\u2e80" and (ch.isalnum() or ch == "_"):
                        continue
                if right and end < n:
                    ch = lower[end]
                    if (
                        ch < "\u2e80"
                        and (ch.isalnum() or ch == "_")
                        and not (digit_ends_word and ch.isdigit() and lower[last].isalpha())
                    ):
                        continue
                if len(entries) == 1:
                    found.append((start, end, entries[0]))
                else:
                    found.extend((start, end, payload) for payload in entries)
        return found


def leftmost_longest(matches: Iterable[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping matches, preferring the one that starts first and then the longest."""
    ordered = sorted(matches, key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, Any]] = []
    reach = -1
    for m in ordered:
        if m[0] >= reach:
            kept.append(m)
            reach = m[1]
    return kept


class _RecordingIndex(_AliasIndex):
    """An alias index that also remembers every form of every entity, for query expansion."""

    def __init__(self, names: bool = False) -> None:
        super().__init__(names)
        self.forms: dict[tuple[str, str], list[str]] = {}

    def add(self, form: str, payload: Any) -> None:
        super().add(form, payload)
        if isinstance(payload, Entity) and payload.kind != "blocker":
            forms = self.forms.setdefault((payload.kind, payload.id), [])
            if form not in forms:
                forms.append(form)


class EntityMatcher:
    """Finds every entity a sentence names, in one pass, whatever its language."""

    def __init__(self, index: _AliasIndex) -> None:
        self._index = index

    def find(self, text: str, lower: str) -> list[Mention]:
        found = leftmost_longest(self._index.iter_matches(text, lower))
        # A blocker is a longer phrase that contains a name without naming it ("Latin America").
        return [Mention(entity, s, e, text[s:e]) for s, e, entity in found if entity.kind != "blocker"]


# Prepositions are everywhere ("to", "de", "à"): they are not matched in every sentence but
# asked about where they matter, just before (or, in Japanese and Korean, just after) a name.
POSITIONAL_CATEGORIES = frozenset({"to", "from"})
_ARTICLE_TAIL = r"(?:\s*(?:the|l'|la|le|les|die|den|der|das)\s*)?"


class CueSet:
    """The cue phrases of one language (with English), found in one pass over a sentence."""

    def __init__(self, lang: str, index: _AliasIndex, phrases: dict[str, list[str]]) -> None:
        self.lang = lang
        self._index = index
        self.phrases = phrases  # category -> phrases, for code that needs a regex of one category
        self._before: dict[str, re.Pattern[str]] = {}
        self._after: dict[str, re.Pattern[str]] = {}

    def _alternation(self, category: str) -> str:
        words = sorted({w.lower() for w in self.phrases.get(category, [])}, key=len, reverse=True)
        return "|".join(re.escape(w) for w in words) or "(?!)"

    def precedes(self, category: str, lower: str, pos: int) -> bool:
        """Whether a phrase of `category` ends right before `pos` ("to the | EU", "对|美国")."""
        if category not in self._before:
            self._before[category] = re.compile(
                rf"(?:^|(?<=[\W\d_])|(?<=[\u3040-\u9fff\uac00-\ud7af]))"
                rf"(?:{self._alternation(category)}){_ARTICLE_TAIL}\s*$"
            )
        return bool(self._before[category].search(lower, max(0, pos - 30), pos))

    def follows(self, category: str, lower: str, pos: int) -> bool:
        """Whether a phrase of `category` starts at `pos` (Japanese/Korean particles: 米国|向け)."""
        if category not in self._after:
            self._after[category] = re.compile(rf"\s?(?:{self._alternation(category)})")
        return bool(self._after[category].match(lower, pos))

    def find(self, text: str, lower: str) -> list[Cue]:
        # Cues of different categories may overlap ("export controls" is both a policy cue
        # and contains "export"); keep, per category, the longest non-overlapping matches.
        by_category: dict[str, list[tuple[int, int, Any]]] = defaultdict(list)
        for s, e, category in self._index.iter_matches(text, lower):
            by_category[category].append((s, e, category))
        cues = [
            Cue(c, s, e)
            for group in by_category.values()
            for s, e, c in (group if len(group) == 1 else leftmost_longest(group))
        ]
        cues.sort(key=lambda c: (c.start, c.end))
        return cues


def _missing_keys(reference: dict[str, Any], data: Any, prefix: str = "") -> list[str]:
    """Dotted keys of `reference` (nested mappings) that `data` lacks; open maps like `names` may differ."""
    if not isinstance(data, dict):
        return [prefix.rstrip(".") or "(everything)"]
    missing = []
    for key, value in reference.items():
        if key not in data:
            missing.append(prefix + str(key))
        elif isinstance(value, dict) and key not in ("names", "currencies", "units"):
            missing += _missing_keys(value, data[key], f"{prefix}{key}.")
    return missing


@dataclass
class Lexicon:
    """Aliases, units and cues from `lexicon/data`. One per run, passed in; never a module global."""

    data_dir: Path = field(default=DATA_DIR)
    _cue_sets: dict[str, CueSet] = field(default_factory=dict, init=False, repr=False)
    _entity_forms: dict[tuple[str, str], list[str]] = field(default_factory=dict, init=False, repr=False)
    _short_patterns: dict[str, tuple[Any, dict[str, str]]] = field(default_factory=dict, init=False, repr=False)
    _phrasebooks: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False)

    # ----------------------------------------------------------------- loading
    def _load(self, relative: str) -> Any:
        return read_data_yaml(self.data_dir / relative, "lexicon file")

    @staticmethod
    def _forms(path: str, key: str, entry: dict[str, Any], langs: Iterable[str] = LANGS) -> Iterator[str]:
        for lang in langs:
            values = entry.get(lang) or []
            if not isinstance(values, list) or not all(isinstance(v, str | int | float) for v in values):
                raise ConfigError(f"{path}: entry {key!r}, language {lang!r}: expected a list of names")
            yield from (str(v) for v in values)

    # ------------------------------------------------------------ vocabularies
    @cached_property
    def elements(self) -> dict[str, dict[str, Any]]:
        data = self._load("elements.yaml")
        if not isinstance(data, dict):
            raise ConfigError(f"{self.data_dir / 'elements.yaml'}: expected a mapping of symbols")
        for symbol, entry in data.items():
            product = entry.get("product")
            if product is not None and product not in PRODUCT_IDS:
                raise ConfigError(f"elements.yaml: {symbol}: unknown product id {product!r}")
        return data

    @cached_property
    def products(self) -> dict[str, Any]:
        data = self._load("products.yaml")
        for pid in data.get("products", {}):
            if pid not in PRODUCT_IDS:
                raise ConfigError(f"{self.data_dir / 'products.yaml'}: unknown product id {pid!r}")
        return data

    @cached_property
    def areas(self) -> dict[str, dict[str, Any]]:
        data = self._load("areas.yaml")
        for code, entry in data.items():
            if not re.fullmatch(r"[A-Z]{2}|EU|WORLD|ROW", str(code)):
                raise ConfigError(f"areas.yaml: {code!r} is not an area code (ISO alpha-2, EU, WORLD, ROW)")
            if not isinstance(entry, dict) or "name" not in entry:
                raise ConfigError(f"areas.yaml: {code}: needs a `name`")
        return data

    @cached_property
    def companies(self) -> dict[str, dict[str, Any]]:
        data = self._load("companies.yaml")
        out: dict[str, dict[str, Any]] = {}
        for entry in data:
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
                raise ConfigError(f"companies.yaml: every entry needs `id` and `name` (got {entry!r:.80})")
            if entry["id"] in out:
                raise ConfigError(f"companies.yaml: {entry['id']}: listed twice")
            out[entry["id"]] = entry
        return out

    @cached_property
    def fiscal_year_ends(self) -> dict[str, int]:
        """Company id -> the month its fiscal year ends, for companies whose entry says
        (`fiscal_year_end`): "lynas" -> 6, so "FY25" in a Lynas report is July 2024 to June 2025."""
        out: dict[str, int] = {}
        for cid, entry in self.companies.items():
            month = entry.get("fiscal_year_end")
            if month is None:
                continue
            if not isinstance(month, int) or not 1 <= month <= 12:
                raise ConfigError(f"companies.yaml: {cid}: fiscal_year_end must be a month number (1-12)")
            out[cid] = month
        return out

    def _list_file(self, name: str) -> list[dict[str, Any]]:
        try:
            data = self._load(name)
        except ConfigError:
            if not (self.data_dir / name).exists():
                return []
            raise
        if isinstance(data, dict):  # mapping id -> entry
            return [{"id": k, **v} for k, v in data.items()]
        return list(data or [])

    @cached_property
    def bodies(self) -> dict[str, dict[str, Any]]:
        return {str(e.get("id") or e["name"]): e for e in self._list_file("bodies.yaml")}

    @cached_property
    def places(self) -> dict[str, dict[str, Any]]:
        return {str(e["name"]): e for e in self._list_file("places.yaml")}

    @cached_property
    def sectors(self) -> dict[str, dict[str, Any]]:
        return {str(e["id"]): e for e in self._list_file("sectors.yaml")}

    @cached_property
    def units(self) -> dict[str, Any]:
        return self._load("units.yaml")

    @cached_property
    def dates(self) -> dict[str, Any]:
        return self._load("dates.yaml")

    # -------------------------------------------------------------- entities
    def product_forms(self) -> Iterator[tuple[str, str]]:
        """(name, product id) pairs: explicit product names and element x form compositions."""
        products = self.products
        for pid, entry in (products.get("products") or {}).items():
            for form in self._forms("products.yaml", pid, entry or {}):
                yield form, pid
        for form_id, templates in (products.get("forms") or {}).items():
            for symbol, element in self.elements.items():
                pid = f"{symbol.lower()}-{form_id}"
                if pid not in PRODUCT_IDS:
                    continue
                for lang in LANGS:
                    for template in templates.get(lang) or []:
                        for name in element.get(lang) or []:
                            yield template.replace("{el}", name), pid
                        if lang == "en":  # "Dy oxide", "Tb metal": symbols work in every language
                            yield template.replace("{el}", symbol), pid

    @cached_property
    def entity_matcher(self) -> EntityMatcher:
        index = _RecordingIndex(names=True)
        blocker = Entity("blocker", "", "")
        entity_by_product = {pid: Entity("product", pid, pid) for pid in PRODUCT_IDS}
        for form, pid in self.product_forms():
            index.add(form, entity_by_product[pid])
        for symbol, entry in self.elements.items():
            entity = Entity("element", symbol, str(entry.get("en", [symbol])[0]))
            for form in self._forms("elements.yaml", symbol, entry):
                index.add(form, entity)
        for code, entry in self.areas.items():
            entity = Entity("area", str(code), str(entry["name"]), str(code))
            for form in self._forms("areas.yaml", code, entry):
                index.add(form, entity)
            for capital in entry.get("capital") or []:
                index.add(str(capital), entity)
            for phrase in entry.get("exclude") or []:
                index.add(str(phrase), blocker)
        for cid, entry in self.companies.items():
            entity = Entity("company", cid, str(entry["name"]), entry.get("country"))
            for form in self._forms("companies.yaml", cid, entry):
                index.add(form, entity)
            for ticker in entry.get("tickers") or []:
                ticker = str(ticker)
                index.add(ticker, entity)
                bare = re.fullmatch(r"(\d{6})\.(?:SH|SZ|SS)", ticker)
                if bare:  # Chinese A-share codes are written bare as often as with a suffix
                    index.add(bare.group(1), entity)
        for bid, entry in self.bodies.items():
            entity = Entity("body", bid, str(entry["name"]), entry.get("area"))
            for form in self._forms("bodies.yaml", bid, entry):
                index.add(form, entity)
            for phrase in entry.get("exclude") or []:
                index.add(str(phrase), blocker)
        for name, entry in self.places.items():
            entity = Entity("place", name, name, entry.get("country"))
            for form in self._forms("places.yaml", name, entry):
                index.add(form, entity)
        for sid, entry in self.sectors.items():
            entity = Entity("sector", sid, str(entry.get("name", sid)))
            for form in self._forms("sectors.yaml", sid, entry):
                index.add(form, entity)
        for forms in (self.products.get("other_materials") or {}).values():
            for form in forms:
                index.add(str(form), Entity("material", str(form), str(form)))
        index.build()
        self._entity_forms = index.forms
        return EntityMatcher(index)

    def all_entity_forms(self) -> Iterator[list[str]]:
        """The names of each entity (for a segmenter's dictionary)."""
        self.entity_matcher  # noqa: B018  (built on first use; it collects the names)
        yield from self._entity_forms.values()

    def forms_of(self, kind: str, entity_id: str) -> list[str]:
        """Every name of an entity in every language (dysprosium, 镝, ジスプロシウム, 디스프로슘 ...)."""
        self.entity_matcher  # noqa: B018  (built on first use; it collects the names)
        return self._entity_forms.get((kind, entity_id), [])

    @cached_property
    def _glossary_file(self) -> dict[str, Any]:
        return self._load("glossary.yaml") or {}

    @cached_property
    def topic_fact_types(self) -> dict[str, str]:
        """Topic -> the fact type it is about (glossary.yaml `fact_types`)."""
        from reewatch.models import FACT_TYPES

        mapping = self._glossary_file.get("fact_types") or {}
        for topic, fact_type in mapping.items():
            if topic not in self.glossary or fact_type not in FACT_TYPES:
                raise ConfigError(f"glossary.yaml: fact_types: {topic}: {fact_type} (unknown topic or fact type)")
        return {str(k): str(v) for k, v in mapping.items()}

    @cached_property
    def topic_elements(self) -> dict[str, list[str]]:
        """Topic -> the elements it stands for (glossary.yaml `topic_elements`)."""
        mapping = self._glossary_file.get("topic_elements") or {}
        for topic, symbols in mapping.items():
            unknown = [s for s in symbols or [] if s not in self.elements]
            if topic not in self.glossary or unknown:
                raise ConfigError(f"glossary.yaml: topic_elements: {topic}: unknown topic or element {unknown}")
        return {str(k): [str(s) for s in v] for k, v in mapping.items()}

    @cached_property
    def glossary(self) -> dict[str, dict[str, list[str]]]:
        """Topic words per concept and language (glossary.yaml), for cross-language search."""
        data = self._glossary_file
        concepts = data.get("concepts") or {}
        out: dict[str, dict[str, list[str]]] = {}
        for concept, langs in concepts.items():
            if not isinstance(langs, dict):
                raise ConfigError(f"glossary.yaml: concept {concept!r} must map languages to lists of terms")
            for lang, terms in langs.items():
                if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
                    raise ConfigError(
                        f"glossary.yaml: {concept}.{lang} must be a list of terms, e.g. [magnet, magnets]"
                    )
            out[str(concept)] = {str(lang): list(terms) for lang, terms in langs.items()}
        return out

    def area_name(self, code: str) -> str:
        return str(self.areas.get(code, {}).get("name", code))

    def short_area_mentions(self, text: str, lang: str, taken: list[Mention]) -> list[Mention]:
        """One-character country forms after a preposition: 对美出口 (US), 対中輸出 (CN), 对华 (CN)."""
        if lang not in self._short_patterns:
            forms = self.short_area_forms(lang)
            chars = "".join(sorted(re.escape(f) for f in forms if len(f) == 1))
            preps = "".join(sorted(_SHORT_FORM_PREPS))
            self._short_patterns[lang] = (re.compile(f"(?<=[{preps}])[{chars}]"), forms) if chars else (None, forms)
        pattern, forms = self._short_patterns[lang]
        if pattern is None:
            return []
        found = []
        for m in pattern.finditer(text):
            i = m.start()
            code = forms[m.group()]
            if any(t.start <= i < t.end for t in taken) or text.startswith(self._short_not.get(code, ()), i):
                continue
            found.append(Mention(Entity("area", code, self.area_name(code), code), i, i + 1, m.group()))
        return found

    @cached_property
    def _short_not(self) -> dict[str, tuple[str, ...]]:
        """Per area, the words that start with its one-character form without naming it (areas.yaml `short_not`)."""
        return {code: tuple(str(w) for w in entry.get("short_not") or ()) for code, entry in self.areas.items()}

    def short_area_forms(self, lang: str) -> dict[str, str]:
        """One-character country abbreviations used in Chinese/Japanese compounds (美 -> US)."""
        key = "short_zh" if lang == "zh" else "short_ja" if lang == "ja" else None
        if key is None:
            return {}
        out: dict[str, str] = {}
        for code, entry in self.areas.items():
            forms = entry.get(key) or []
            for form in [forms] if isinstance(forms, str) else forms:
                out.setdefault(str(form), str(code))
        return out

    # ------------------------------------------------------------------ cues
    def _cue_phrases(self, lang: str) -> dict[str, list[str]]:
        path = f"cues/{lang}.yaml"
        if not (self.data_dir / path).exists():
            return {}
        data = self._load(path) or {}
        flat: dict[str, list[str]] = {}

        def walk(prefix: str, value: Any) -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(f"{prefix}.{k}" if prefix else str(k), v)
            elif isinstance(value, list):
                if not all(isinstance(v, str) for v in value):
                    raise ConfigError(f"{self.data_dir / path}: {prefix}: expected a list of phrases")
                flat[prefix] = value
            elif value is not None:
                raise ConfigError(f"{self.data_dir / path}: {prefix}: expected a list of phrases")

        walk("", data)
        return flat

    def cues(self, lang: str) -> CueSet:
        """The cue set for a sentence in `lang`: that language's phrases plus English ones."""
        if lang not in self._cue_sets:
            phrases: dict[str, list[str]] = defaultdict(list)
            for source in dict.fromkeys([lang, "en"]):
                for category, values in self._cue_phrases(source).items():
                    phrases[category].extend(values)
            index = _AliasIndex()
            for category, values in phrases.items():
                if category in POSITIONAL_CATEGORIES:
                    continue
                for phrase in values:
                    index.add(phrase, category)
            index.build()
            self._cue_sets[lang] = CueSet(lang, index, dict(phrases))
        return self._cue_sets[lang]

    # ----------------------------------------------------------------- briefs
    def brief_languages(self) -> list[str]:
        """Languages a brief can be written in: one phrasebook file each in `brief/`."""
        return sorted(p.stem for p in (self.data_dir / "brief").glob("*.yaml"))

    def phrasebook(self, lang: str) -> dict[str, Any]:
        """Headings, names, number formats and sentence templates of briefs in `lang`.

        Every phrasebook must have the keys of the English one, so a translator who
        forgets one learns it from the error, not from a half-English brief.
        """
        if lang not in self._phrasebooks:
            data = self._load(f"brief/{lang}.yaml") or {}
            if lang != "en":
                missing = _missing_keys(self.phrasebook("en"), data)
                if missing:
                    raise ConfigError(f"{self.data_dir / 'brief' / (lang + '.yaml')}: missing {', '.join(missing)}")
            self._phrasebooks[lang] = data
        return self._phrasebooks[lang]

    def validate(self) -> None:
        """Load every file and build every index, so a bad entry fails now and by name."""
        _ = self.entity_matcher
        _ = self.glossary, self.topic_fact_types, self.topic_elements
        for lang in LANGS:
            self.cues(lang)
        for lang in self.brief_languages():
            self.phrasebook(lang)
        for name, data, keys in (
            ("units.yaml", self.units, ("mass", "currency", "scale", "per", "percent")),
            ("dates.yaml", self.dates, ("months", "quarters", "halves", "relative")),
        ):
            missing = [k for k in keys if k not in (data or {})]
            if missing:
                raise ConfigError(f"{self.data_dir / name}: missing section(s) {', '.join(missing)}")
