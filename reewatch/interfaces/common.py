"""What every reewatch command shares: output formats, tables, the --db and --jobs options,
date and filter parsing, the progress bar.

Commands live in `cli.py` and in one module per area (`cli_*.py`); they all print through
these helpers, so a table or a JSON document looks the same whichever command made it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from reewatch.models import FACT_FIELDS, Fact

# A progress bar appears when stderr is a terminal and there are more documents than this.
PROGRESS_THRESHOLD = 200


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        default="table",
        show_default=True,
        type=click.Choice(["table", "json", "jsonl", "csv"]),
        help="table for people; json, jsonl or csv for programs.",
    )(fn)


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def display_width(text: str) -> int:
    return sum(2 if ord(c) >= 0x1100 and not (0xFF61 <= ord(c) <= 0xFFDC) else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """An aligned text table (CJK characters count double)."""
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max([display_width(c)] + [display_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, widths[i]) for i, c in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells]
    return "\n".join(lines)


def _fact_summary(fact: Fact) -> str:
    """The type-specific fields of a fact on one line: "CN->EU re-magnets 2582 t 2025-08"."""
    parts = []
    for name in FACT_FIELDS[fact.type]:
        value = fact.fields.get(name)
        if value in (None, [], ""):
            continue
        if isinstance(value, list):
            value = ",".join(map(str, value))
        parts.append(f"{name}={value}")
    return " ".join(parts)


def emit_facts(facts: Iterable[Fact], fmt: str, out: Any = None) -> int:
    """Print facts in the chosen format; returns how many were printed. jsonl streams."""
    out = out or sys.stdout
    if fmt == "jsonl":
        count = 0
        for fact in facts:
            out.write(json.dumps(fact.to_dict(), ensure_ascii=False) + "\n")
            count += 1
        return count
    return emit_records([f.to_dict() for f in facts], fmt, out)


def emit_records(records: list[dict[str, Any]], fmt: str, out: Any = None, doc_key: str = "doc_id") -> int:
    """Print fact records (dicts as `Fact.to_dict` makes them) in the chosen format."""
    out = out or sys.stdout
    if fmt == "jsonl":
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    elif fmt == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        columns = list(dict.fromkeys(k for r in records for k in r))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for r in records:
            writer.writerow(
                {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in r.items()}
            )
        out.write(buf.getvalue())
    else:
        rows = [
            {
                "doc": r[doc_key],
                "type": r["type"],
                "fact": shorten(_fact_summary(_to_fact(r)), 70),
                "sentence": shorten(r["sentence"], 60),
            }
            for r in records
        ]
        if rows:
            out.write(render_table(rows, ["doc", "type", "fact", "sentence"]) + "\n")
        out.write(f"{len(records)} facts\n")
    return len(records)


def _to_fact(record: dict[str, Any]) -> Fact:
    return Fact(
        record["type"],
        record["doc_id"],
        record["sentence"],
        tuple(record["span"]),
        record["lang"],
        {k: v for k, v in record.items() if k in FACT_FIELDS[record["type"]]},
    )


def progress(total: int, label: str) -> Any:
    """A progress bar on stderr for long runs in a terminal; a no-op otherwise."""
    if sys.stderr.isatty() and total > PROGRESS_THRESHOLD:
        return click.progressbar(length=total, label=label, file=sys.stderr)
    return _NoProgress()


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def db_option(fn: Callable[..., Any], creates: bool = False) -> Callable[..., Any]:
    what = "created if absent" if creates else "made by `reewatch index`"
    return click.option(
        "--db",
        "db",
        required=True,
        type=click.Path(dir_okay=False),
        help=f"The store: a SQLite file ({what}); its search index is the folder <db>.search/.",
    )(fn)


def jobs_option(work: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--jobs N: worker processes for the per-document work (0: one per CPU)."""
    return click.option(
        "--jobs",
        default=1,
        show_default=True,
        type=click.IntRange(0),
        help=f"Processes that {work} in parallel (0: one per CPU).",
    )


def new_db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return db_option(fn, creates=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def existing_store(db: str, lexicon: Any) -> Any:
    from reewatch.errors import InputError
    from reewatch.store import open_store

    if not os.path.exists(db):
        raise InputError(db, None, "no such store (create it with `reewatch index DOCS --db PATH`)")
    return open_store(db, list(lexicon.elements))


def iso_day(value: str | None, flag: str, end: bool = False) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as a day: the first day of the period, or its last with `end`."""
    if value is None:
        return None
    import calendar
    import re

    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m or not 1 <= int(m.group(2) or 1) <= 12:
        raise click.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", param_hint=flag)
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if day:
        return f"{year}-{month}-{day}"
    if not end:
        return f"{year}-{month or '01'}-01"
    last_month = int(month or 12)
    return f"{year}-{last_month:02d}-{calendar.monthrange(year, last_month)[1]:02d}"


def resolve_filter(lexicon: Any, kind: str, value: str | None) -> str | None:
    """A filter value as the store keeps it: an id, code or symbol, found from any alias."""
    if not value:
        return None
    lower = value.lower()
    if kind == "company" and lower in lexicon.companies:  # an id of companies.yaml (jl-mag)
        return str(lexicon.companies[lower]["name"])
    for m in lexicon.entity_matcher.find(value, lower):
        if m.kind == kind and m.end - m.start == len(value.strip()):
            return m.entity.name if kind == "company" else m.id
    if kind == "element":
        return next((s for s in lexicon.elements if s.lower() == lower), value)
    if kind == "area":
        return value.upper()
    return value
