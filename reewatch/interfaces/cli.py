"""The `reewatch` command line: a thin layer over the library.

Each command parses its arguments, calls one library function and prints. Records are
printed through one `--format` option: `table` for people, `json`/`jsonl`/`csv` for
programs. Errors of the `ReewatchError` tree are mapped here, and only here, to one
stderr line and their exit code; a bad flag also exits 2 with one line.
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

from reewatch.errors import ReewatchError
from reewatch.models import FACT_FIELDS, Fact

# A progress bar appears when stderr is a terminal and there are more documents than this.
PROGRESS_THRESHOLD = 200


class Group(click.Group):
    """Maps reewatch errors and usage errors to one line on stderr and the right exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # "reewatch extract ... | head": the reader has all it wanted; that is success.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("standalone_mode", False)
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as e:
            where = f"{e.ctx.command_path}: " if e.ctx else "reewatch: "
            click.echo(f"{where}{e.format_message()}", err=True)
            sys.exit(2)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(130)
        except ReewatchError as e:
            click.echo(str(e), err=True)
            sys.exit(e.exit_code)
        except BrokenPipeError:
            sys.exit(0)


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        default="table",
        show_default=True,
        type=click.Choice(["table", "json", "jsonl", "csv"]),
        help="table for people; json, jsonl or csv for programs.",
    )(fn)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _display_width(text: str) -> int:
    return sum(2 if ord(c) >= 0x1100 and not (0xFF61 <= ord(c) <= 0xFFDC) else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_width(text))


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """An aligned text table (CJK characters count double)."""
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max([_display_width(c)] + [_display_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
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
    """Print facts in the chosen format; returns how many were printed."""
    out = out or sys.stdout
    count = 0
    if fmt == "jsonl":
        for fact in facts:
            out.write(json.dumps(fact.to_dict(), ensure_ascii=False) + "\n")
            count += 1
        return count
    records = [f.to_dict() for f in facts]
    if fmt == "json":
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
        facts_list = list(facts) if not records else None
        del facts_list
        rows = [
            {
                "doc": r["doc_id"],
                "type": r["type"],
                "fact": _shorten(_fact_summary(_to_fact(r)), 70),
                "sentence": _shorten(r["sentence"], 60),
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


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reewatch")
def cli() -> None:
    """reewatch: rare-earth news in, typed facts with their source sentences out."""


@cli.command()
@click.argument("docs", nargs=-1, required=True)
@output_options
def extract(docs: tuple[str, ...], fmt: str) -> None:
    """Extract typed facts, each with the sentence it came from.

    DOCS are JSON Lines files, .txt/.md/.html files or folders of them.
    """
    from reewatch.ingest.readers import read_documents
    from reewatch.pipeline import Pipeline

    documents = list(read_documents(docs))  # reads (and checks) every input before any output
    pipeline = Pipeline()
    show_progress = sys.stderr.isatty() and len(documents) > PROGRESS_THRESHOLD
    if show_progress:
        with click.progressbar(length=len(documents), label="extracting", file=sys.stderr) as bar:
            facts = list(pipeline.extract(documents, on_document=lambda _d: bar.update(1)))
    else:
        facts = pipeline.extract(documents)
    emit_facts(facts, fmt)


def main() -> None:
    cli.main(prog_name="reewatch")


if __name__ == "__main__":
    main()
