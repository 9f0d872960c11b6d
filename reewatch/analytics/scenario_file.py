"""Scenario files: the built-in examples, and a user's YAML read and checked entry by entry.

A bad file is one `InputError` at the line of the offending entry (see `datafiles.YamlLines`);
the model itself (shocks, supply shares, outcomes) lives in `scenario.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reewatch.analytics.reference import AREA_CODE
from reewatch.analytics.scenario import TRADED_STAGES, WORLD, Scenario, Shock
from reewatch.datafiles import YamlLines, read_user_yaml
from reewatch.errors import InputError

BUILTIN_DIR = Path(__file__).with_name("scenarios")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOP_KEYS = {"name", "title", "description", "basis", "elements", "importers", "stages", "year", "shocks"}
_SHOCK_KEYS = {"exporter", "importers", "stages", "elements", "cut_pct", "label"}


def builtin_scenarios() -> dict[str, Path]:
    """The scenarios shipped with reewatch, by name (the file name without .yaml)."""
    return {p.stem: p for p in sorted(BUILTIN_DIR.glob("*.yaml"))}


def resolve_scenario(name_or_path: str) -> Path:
    """A scenario file: the path given, or the built-in scenario of that name."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    builtins = builtin_scenarios()
    if name_or_path in builtins:
        return builtins[name_or_path]
    if path.is_dir():
        raise InputError(name_or_path, None, "is a folder (give a scenario .yaml file or a built-in name)")
    raise InputError(
        name_or_path, None, f"no such scenario file, nor a built-in scenario ({', '.join(builtins) or 'none'})"
    )


class _Checker(YamlLines):
    """Raises InputError at the line of the offending key; one instance per file."""

    def codes(self, value: Any, where: tuple[Any, ...], allow_world: bool = False) -> list[str]:
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            code = str(item).upper() if isinstance(item, str) else None
            if code is None or not (AREA_CODE.match(code) or (allow_world and code == WORLD)):
                spot = (*where, i) if isinstance(value, list) else where
                extra = ", EU" + (", WORLD" if allow_world else "")
                raise self.fail(spot, f"{where[-1]}: {item!r} is not an area code (ISO alpha-2 such as CN, US{extra})")
            out.append(code)
        return out

    def listed(self, value: Any, where: tuple[Any, ...], allowed: Iterable[str], what: str) -> list[str]:
        items = value if isinstance(value, list) else [value]
        by_lower = {a.lower(): a for a in allowed}
        out = []
        for i, item in enumerate(items):
            found = by_lower.get(str(item).lower())
            if found is None:
                spot = (*where, i) if isinstance(value, list) else where
                raise self.fail(spot, f"{where[-1]}: {item!r} is not {what} ({', '.join(sorted(by_lower.values()))})")
            out.append(found)
        return out


def load_scenario(path: str | Path, element_symbols: Iterable[str]) -> Scenario:
    """Read and check a scenario file; every problem is an InputError with the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), None, "no such file or folder") from None
    except UnicodeDecodeError as e:
        raise InputError(str(path), text_line(e), f"not UTF-8 text (byte 0x{e.object[e.start]:02x})") from None
    except OSError as e:
        raise InputError(str(path), None, f"cannot be read: {e.strerror or e}") from None
    return parse_scenario(text, str(path), element_symbols)


def text_line(e: UnicodeDecodeError) -> int:
    return e.object[: e.start].count(b"\n") + 1


def parse_scenario(text: str, path: str, element_symbols: Iterable[str]) -> Scenario:
    """A scenario from YAML text (see docs: the scenario file format)."""
    data, lines = read_user_yaml(path, text)
    check = _Checker(lines.path, lines.lines)
    if not isinstance(data, dict):
        raise check.fail((), "a scenario is a mapping with at least `name`, `title` and `shocks`")
    for key in data:
        if key not in _TOP_KEYS:
            raise check.fail((key,), f"unknown field {key!r} (fields: {', '.join(sorted(_TOP_KEYS))})")
    for key in ("name", "title", "shocks"):
        if not data.get(key):
            raise check.fail((), f"missing {key!r}")
    if not isinstance(data["name"], str) or not _NAME.match(data["name"]):
        raise check.fail(("name",), "name: lower-case letters, digits and hyphens (cn-halts-dy-tb-to-us)")
    symbols = list(element_symbols)
    lens = frozenset(check.listed(data.get("elements") or [], ("elements",), symbols, "an element symbol"))
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or not 1900 <= year <= 2100):
        raise check.fail(("year",), f"year: {year!r} is not a year such as 2025")
    shocks = data["shocks"]
    if not isinstance(shocks, list):
        raise check.fail(("shocks",), "shocks: a list of shocks, each starting with `- exporter: CN`")
    parsed = tuple(_shock(check, item, i, lens, symbols) for i, item in enumerate(shocks))
    return Scenario(
        name=data["name"],
        title=str(data["title"]),
        shocks=parsed,
        description=" ".join(str(data.get("description") or "").split()),
        basis=" ".join(str(data.get("basis") or "").split()),
        elements=lens,
        importers=tuple(check.codes(data["importers"], ("importers",), allow_world=True))
        if data.get("importers")
        else (),
        stages=tuple(check.listed(data["stages"], ("stages",), TRADED_STAGES, "a traded stage"))
        if data.get("stages")
        else (),
        year=year,
        path=path,
    )


def _shock(check: _Checker, item: Any, i: int, lens: frozenset[str], symbols: list[str]) -> Shock:
    where: tuple[Any, ...] = ("shocks", i)
    if not isinstance(item, dict):
        raise check.fail(where, f"shock {i + 1}: a mapping with `exporter` and `cut_pct`")
    for key in item:
        if key not in _SHOCK_KEYS:
            raise check.fail(
                (*where, key), f"shock {i + 1}: unknown field {key!r} (fields: {', '.join(sorted(_SHOCK_KEYS))})"
            )
    for key in ("exporter", "cut_pct"):
        if item.get(key) is None:
            raise check.fail(where, f"shock {i + 1}: missing {key!r}")
    cut = item["cut_pct"]
    if isinstance(cut, bool) or not isinstance(cut, int | float) or not 0 < cut <= 100:
        raise check.fail(
            (*where, "cut_pct"), f"shock {i + 1}: cut_pct {cut!r} must be a number above 0 and at most 100"
        )
    stages = check.listed(item.get("stages") or [], (*where, "stages"), TRADED_STAGES, "a traded stage")
    elements = frozenset(check.listed(item.get("elements") or [], (*where, "elements"), symbols, "an element symbol"))
    if elements and not lens:
        raise check.fail(
            (*where, "elements"),
            f"shock {i + 1} cuts only {', '.join(sorted(elements))}: set the scenario's `elements` to them, "
            "so that shares are those of these elements",
        )
    if elements and lens and (elements & lens) and not lens <= elements:
        raise check.fail(
            (*where, "elements"),
            f"shock {i + 1} cuts {', '.join(sorted(elements))} but the scenario looks at {', '.join(sorted(lens))} "
            "together: list the same elements, or split the scenario",
        )
    return Shock(
        exporter=check.codes(item["exporter"], (*where, "exporter"))[0],
        cut_pct=float(cut),
        importers=frozenset(check.codes(item.get("importers") or [], (*where, "importers"))),
        stages=frozenset(stages),
        elements=elements,
        label=str(item.get("label") or ""),
        line=check.lines.get(where),
    )
