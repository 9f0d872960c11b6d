"""The bundled reference figures of the supply-chain analytics, read and checked in one place.

The files live in `reewatch/analytics/data/`, so the package works from a clean clone, and a
domain expert edits them without Python:

- `chain.yaml`: the stages of the mine-to-magnet chain, which FACTS.md market_share stages and
  product ids belong to each, and notes per element group (heavy, light);
- `mine_production.csv`: USGS mine production by country (t REO), per edition and year; the
  mining shares are computed from it (`Reference.mining_shares`);
- `supply_chain.csv`: country shares of the other stages, of the world (`scope` global) or of
  one importer's imports (`scope` US, EU), each row with its source name, URL, year and
  confidence.

Every figure keeps its source, so whatever `reewatch chain` prints leads back to where it was
published. A row that does not validate is a `ConfigError` naming the file and line: bad
reference data must stop the command rather than quietly bend a concentration figure.
`ShareFigure` is also how a stored market_share fact enters the analytics (`figure_from_fact`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from reewatch.datafiles import read_data_yaml
from reewatch.errors import ConfigError

DATA_DIR = Path(__file__).with_name("data")
CONFIDENCE_LEVELS = ("high", "medium-high", "medium", "low")
AREA_CODE = re.compile(r"^(?:[A-Z]{2}|EU|ROW)$")
REST_OF_WORLD = "ROW"  # a holder that stands for many small ones: counted as fragmented, never as one holder
_SHARE_COLUMNS = (
    "stage holder share_pct share_raw year kind scope subject elements source_name source_url confidence note".split()
)
_MINE_COLUMNS = "area year tonnes_reo status edition source_name source_url confidence note".split()
_ELEMENT_SYMBOL = re.compile(r"^(?:[A-Z][a-z]?|PrNd)$")


@dataclass(frozen=True, slots=True)
class ShareFigure:
    """One holder's share of one stage, with where it comes from.

    From the bundled data (`origin` "reference", `where` = file:line) or from a stored
    market_share fact (`origin` "store", with `doc_id` and `sentence`). `year_basis` is
    "stated" when the source gives the year, "published" when a fact gave none and the
    publication year of its document stands in for it.
    """

    stage: str
    holder: str
    share_pct: float
    year: int
    scope: str = "global"
    subject: str = "rare-earths"
    elements: frozenset[str] = frozenset()
    kind: str = "actual"
    source: str = ""
    url: str | None = None
    confidence: str | None = None
    note: str = ""
    share_raw: str | None = None
    origin: str = "reference"
    doc_id: str | None = None
    sentence: str | None = None
    year_basis: str = "stated"
    published: str | None = None  # publication date of a stored fact's document: the later wins a tie
    where: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["elements"] = sorted(self.elements)
        out["share_pct"] = round(self.share_pct, 4)
        return out


@dataclass(frozen=True, slots=True)
class MineOutput:
    """One row of mine_production.csv: a country's (or the world's) mine output in one year."""

    area: str
    year: int
    tonnes: float
    status: str
    edition: int
    source: str
    url: str
    confidence: str
    note: str
    where: str


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage of the chain and what belongs to it (chain.yaml)."""

    id: str
    label: str
    fact_stages: frozenset[str]
    products: frozenset[str]
    about: str = ""


@dataclass(frozen=True, slots=True)
class ElementGroup:
    """Elements that share a supply story (heavy, light), with a note per stage."""

    id: str
    elements: frozenset[str]
    notes: Mapping[str, str] = field(default_factory=dict)


def _data_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a CSV file, without comment (#) and blank lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: reference file cannot be read ({e.strerror or e})") from e
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def read_csv(path: Path, columns: Iterable[str]) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows of a reference CSV as ("path:line", {column: value}); the header must hold `columns`."""
    lines = list(_data_lines(path))
    if not lines:
        raise ConfigError(f"{path}: no header row")
    header = next(csv.reader([lines[0][1]]))
    missing = [c for c in columns if c not in header]
    if missing:
        raise ConfigError(f"{path}:{lines[0][0]}: header lacks column(s) {', '.join(missing)}")
    for number, line in lines[1:]:
        cells = next(csv.reader([line]))
        where = f"{path}:{number}"
        if len(cells) != len(header):
            raise ConfigError(f"{where}: {len(cells)} cells for {len(header)} columns (quote a field with a comma)")
        yield where, {h: c.strip() for h, c in zip(header, cells, strict=True)}


def _short(where: str) -> str:
    """ "/…/reewatch/analytics/data/supply_chain.csv:17" -> "supply_chain.csv:17": where a figure is, for a reader."""
    return Path(where).name


def _number(where: str, column: str, value: str, low: float = 0.0, high: float | None = None) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(f"{where}: {column} {value!r} is not a number") from None
    if number < low or (high is not None and number > high):
        raise ConfigError(f"{where}: {column} {value} is outside {low:g}..{high if high is not None else 'inf'}")
    return number


def _year(where: str, value: str) -> int:
    if not re.fullmatch(r"(19|20)\d\d", value):
        raise ConfigError(f"{where}: year {value!r} is not a four-digit year")
    return int(value)


def _confidence(where: str, value: str) -> str:
    if value not in CONFIDENCE_LEVELS:
        raise ConfigError(f"{where}: confidence {value!r} is not one of {', '.join(CONFIDENCE_LEVELS)}")
    return value


class Reference:
    """The bundled reference data, read on first use and validated; one per run, passed in.

    `element_symbols` (the lexicon's elements) checks the `elements` cells; without it any
    symbol-shaped cell is accepted.
    """

    def __init__(self, data_dir: Path = DATA_DIR, element_symbols: Iterable[str] | None = None) -> None:
        self.data_dir = Path(data_dir)
        self._symbols = frozenset(element_symbols) if element_symbols is not None else None

    # ------------------------------------------------------------------ chain.yaml
    @cached_property
    def _chain_file(self) -> dict[str, Any]:
        path = self.data_dir / "chain.yaml"
        data = read_data_yaml(path, "reference file")
        if not isinstance(data, dict) or not isinstance(data.get("stages"), dict):
            raise ConfigError(f"{path}: needs a `stages` mapping")
        return data

    @cached_property
    def stages(self) -> dict[str, Stage]:
        """The chain's stages in order: mining, separation, metal, magnet, end_use."""
        from reewatch.lexicon import PRODUCT_IDS

        path = self.data_dir / "chain.yaml"
        out: dict[str, Stage] = {}
        claimed: dict[str, str] = {}
        for sid, entry in self._chain_file["stages"].items():
            if not isinstance(entry, dict) or not entry.get("label"):
                raise ConfigError(f"{path}: stage {sid!r} needs a `label`")
            products = frozenset(entry.get("products") or [])
            unknown = sorted(products - PRODUCT_IDS)
            if unknown:
                raise ConfigError(f"{path}: stage {sid!r}: unknown product id(s) {', '.join(unknown)}")
            for product in products:  # one stage per product, or a trade flow would count twice
                if product in claimed:
                    raise ConfigError(f"{path}: product {product!r} is in stages {claimed[product]!r} and {sid!r}")
                claimed[product] = sid
            out[str(sid)] = Stage(
                str(sid),
                str(entry["label"]),
                frozenset(entry.get("fact_stages") or []),
                products,
                str(entry.get("about") or ""),
            )
        return out

    @cached_property
    def element_groups(self) -> list[ElementGroup]:
        path = self.data_dir / "chain.yaml"
        groups = []
        for gid, entry in (self._chain_file.get("element_groups") or {}).items():
            if not isinstance(entry, dict) or not isinstance(entry.get("elements"), list):
                raise ConfigError(f"{path}: element group {gid!r} needs an `elements` list")
            notes = {str(k): " ".join(str(v).split()) for k, v in (entry.get("notes") or {}).items()}
            bad = sorted(set(notes) - set(self.stages))
            if bad:
                raise ConfigError(f"{path}: element group {gid!r}: notes for unknown stage(s) {', '.join(bad)}")
            groups.append(ElementGroup(str(gid), frozenset(map(str, entry["elements"])), notes))
        return groups

    def stage_of_product(self, product: str | None) -> str | None:
        """The stage that makes this product (dy-oxide -> separation), or None."""
        return next((s.id for s in self.stages.values() if product in s.products), None)

    def stage_of_fact(self, fact_stage: str | None, subject: str | None) -> str | None:
        """The chain stage of a market_share fact: by its stage; for `imports`, by its subject."""
        for stage in self.stages.values():
            if fact_stage in stage.fact_stages:
                return stage.id
        if fact_stage == "imports":
            return self.stage_of_product(subject)
        return None  # "production", "exports", "reserves" ... say too little about the stage

    def element_notes(self, element: str, stage: str) -> list[str]:
        return [g.notes[stage] for g in self.element_groups if element in g.elements and stage in g.notes]

    # ------------------------------------------------------------ mine_production.csv
    @cached_property
    def mine_output(self) -> list[MineOutput]:
        path = self.data_dir / "mine_production.csv"
        out = []
        for where, row in read_csv(path, _MINE_COLUMNS):
            area = row["area"]
            if not (AREA_CODE.match(area) or area == "WORLD"):
                raise ConfigError(f"{where}: area {area!r} is not an area code (ISO alpha-2, ROW or WORLD)")
            out.append(
                MineOutput(
                    area,
                    _year(where, row["year"]),
                    _number(where, "tonnes_reo", row["tonnes_reo"]),
                    row["status"],
                    _year(where, row["edition"]),
                    row["source_name"],
                    row["source_url"],
                    _confidence(where, row["confidence"]),
                    row["note"],
                    where,
                )
            )
        return out

    def mining_shares(self) -> list[ShareFigure]:
        """Mining shares for every year in mine_production.csv: t / world total x 100.

        For each year the newest USGS edition that reports it is used (MCS 2026 revised
        2024), and the world total as printed is the denominator, so the shares of one year
        add up to about 100. Zero rows stay in, so that a country that stopped mining is not
        represented by an older, non-zero year.
        """
        newest: dict[int, int] = {}
        for row in self.mine_output:
            if row.area == "WORLD":
                newest[row.year] = max(newest.get(row.year, 0), row.edition)
        world = {(r.year, r.edition): r.tonnes for r in self.mine_output if r.area == "WORLD"}
        out = []
        for row in self.mine_output:
            if row.area == "WORLD" or newest.get(row.year) != row.edition:
                continue
            total = world[(row.year, row.edition)]
            if total <= 0:
                raise ConfigError(f"{row.where}: the world total for {row.year} must be positive")
            note = f"{row.tonnes:,.0f} t of {total:,.0f} t REO; share computed by reewatch"
            out.append(
                ShareFigure(
                    stage="mining",
                    holder=row.area,
                    share_pct=100.0 * row.tonnes / total,
                    year=row.year,
                    subject="re-concentrate",
                    source=f"{row.source} (share computed)",
                    url=row.url,
                    confidence=row.confidence,
                    note=f"{note}; {row.note}" if row.note else note,
                    share_raw=f"{row.tonnes:,.0f} t",
                    where=_short(row.where),
                )
            )
        return out

    # -------------------------------------------------------------- supply_chain.csv
    @cached_property
    def shares(self) -> list[ShareFigure]:
        """Every row of supply_chain.csv, validated."""
        path = self.data_dir / "supply_chain.csv"
        out = []
        for where, row in read_csv(path, _SHARE_COLUMNS):
            if row["stage"] not in self.stages:
                raise ConfigError(f"{where}: stage {row['stage']!r} is not one of {', '.join(self.stages)}")
            for column in ("holder",) + (("scope",) if row["scope"] != "global" else ()):
                if not AREA_CODE.match(row[column]):
                    raise ConfigError(f"{where}: {column} {row[column]!r} is not an area code (ISO alpha-2, EU, ROW)")
            if row["kind"] not in ("actual", "forecast"):
                raise ConfigError(f"{where}: kind {row['kind']!r} must be actual or forecast")
            elements = frozenset(e.strip() for e in row["elements"].split(";") if e.strip())
            for symbol in elements:
                if not _ELEMENT_SYMBOL.match(symbol) or (self._symbols is not None and symbol not in self._symbols):
                    raise ConfigError(f"{where}: {symbol!r} is not an element symbol")
            if not row["source_name"] or not row["source_url"]:
                raise ConfigError(f"{where}: every figure needs a source_name and a source_url")
            out.append(
                ShareFigure(
                    stage=row["stage"],
                    holder=row["holder"],
                    share_pct=_number(where, "share_pct", row["share_pct"], 0, 100),
                    year=_year(where, row["year"]),
                    scope=row["scope"],
                    subject=row["subject"] or "rare-earths",
                    elements=elements,
                    kind=row["kind"],
                    source=row["source_name"],
                    url=row["source_url"],
                    confidence=_confidence(where, row["confidence"]),
                    note=row["note"],
                    share_raw=row["share_raw"] or None,
                    where=_short(where),
                )
            )
        return out

    def figures(self) -> list[ShareFigure]:
        """All bundled figures: the computed mining shares and the rows of supply_chain.csv."""
        return self.mining_shares() + self.shares


def figure_from_fact(
    record: Mapping[str, Any], reference: Reference, element_symbols: Iterable[str]
) -> ShareFigure | None:
    """A stored market_share fact as a figure of the chain, or None when it is not one.

    Kept: a holder that is an area code (a country, EU; ROW as rest of world), a share, a
    stage that maps to a chain stage (`imports` through its subject), and a year: the one the
    sentence states, else the year before its document's publication (`year_basis` "published").
    Forecasts are kept with `kind` forecast; callers use actual figures only.
    """
    from reewatch.store.keys import elements_of

    holder, share = record.get("holder"), record.get("share_pct")
    if not isinstance(holder, str) or not AREA_CODE.match(holder) or not isinstance(share, int | float):
        return None
    if not 0 <= share <= 100:
        return None
    subject = record.get("subject") or "rare-earths"
    stage = reference.stage_of_fact(record.get("stage"), subject)
    if stage is None:
        return None
    year, basis = record.get("year"), "stated"
    if not isinstance(year, int):
        published = str(record.get("published") or "")
        if not re.match(r"\d{4}", published):
            return None  # a share with no date at all cannot be put beside dated figures
        # A share given without a year ("China mines about 70 %") repeats the latest full
        # year of statistics, which appear the year after: the year before publication.
        year, basis = int(published[:4]) - 1, "published"
    scope = record.get("scope") or "global"
    if scope not in ("global", "WORLD") and not (isinstance(scope, str) and AREA_CODE.match(scope)):
        return None
    # A magnet is not an element's figure even when its id starts with one (ndfeb-magnet).
    specific = stage != "magnet" and reference.stage_of_product(str(subject)) != "magnet"
    return ShareFigure(
        stage=stage,
        holder=holder,
        share_pct=float(share),
        year=year,
        scope="global" if scope in ("global", "WORLD") else str(scope),
        subject=str(subject),
        elements=frozenset(elements_of(str(subject), element_symbols)) if specific else frozenset(),
        kind=str(record.get("kind") or "actual"),
        source=str(record.get("source") or record.get("title") or "stored document"),
        confidence=f"extracted ({record.get('confidence')})" if record.get("confidence") is not None else "extracted",
        share_raw=record.get("raw"),
        origin="store",
        doc_id=str(record.get("doc_id")),
        sentence=record.get("sentence"),
        year_basis=basis,
        published=str(record.get("published") or "") or None,
    )
