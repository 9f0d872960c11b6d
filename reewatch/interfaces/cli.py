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
from reewatch.models import FACT_FIELDS, FACT_TYPES, Fact

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


def _progress(total: int, label: str) -> Any:
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


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


@cli.command()
@click.argument("docs", nargs=-1, required=True)
@new_db_option
@click.option("--keep-going", is_flag=True, help="Skip bad records (listed and counted) instead of stopping.")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1), help="Documents per transaction.")
@jobs_option("analyse documents")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
def index(docs: tuple[str, ...], db: str, keep_going: bool, batch_size: int, jobs: int, fmt: str) -> None:
    """Ingest, extract, dedup and index documents into the store.

    Every input is read and checked first: a bad record stops the run with the store
    untouched (exit 2), unless --keep-going. Documents already stored are skipped.
    """
    from reewatch.indexing import index_documents, read_for_index

    documents, rejects = read_for_index(docs, keep_going)
    with _progress(len(documents), "indexing") as bar:
        report = index_documents(
            db,
            documents,
            rejects,
            keep_going=keep_going,
            batch_size=batch_size,
            jobs=jobs or os.cpu_count() or 1,
            on_document=lambda _d: bar.update(1),
        )
    if fmt == "json":
        _print_json(report.to_dict())
    else:
        data = report.to_dict()
        rows = [
            {"": k.replace("_", " "), "count": v} for k, v in data.items() if k not in {"rejects", "seconds_by_phase"}
        ]
        rows += [{"": f"seconds {phase}", "count": v} for phase, v in data["seconds_by_phase"].items()]
        sys.stdout.write(render_table(rows, ["", "count"]) + "\n")
        for line in data["rejects"]:
            sys.stdout.write(f"rejected {line}\n")
    for r in report.rejects:
        click.echo(f"{r} (skipped)", err=True)


@cli.command()
@db_option
@click.option("--type", "fact_type", type=click.Choice(list(FACT_TYPES)), help="Only facts of this type.")
@click.option("--product", help="Product id (dy-oxide) or name in any language.")
@click.option("--element", help="Element symbol (Dy) or name in any language.")
@click.option("--country", help="Area code (CN, EU) or name in any language.")
@click.option("--company", help="Company name or alias.")
@click.option("--since", help="Facts about this day or later (YYYY-MM-DD).")
@click.option("--until", help="Facts about this day or earlier (YYYY-MM-DD).")
@click.option("--lang", help="Language of the source sentence (en, zh, fr ...).")
@click.option("--limit", type=click.IntRange(1), help="At most this many facts.")
@output_options
def facts(fmt: str, **filters: Any) -> None:
    """Stored facts, each with its source sentence and document."""
    from reewatch.lexicon import Lexicon
    from reewatch.store import FactQuery

    lexicon = Lexicon()
    query = FactQuery(
        type=filters["fact_type"],
        product=_resolve(lexicon, "product", filters["product"]),
        element=_resolve(lexicon, "element", filters["element"]),
        country=_resolve(lexicon, "area", filters["country"]),
        company=_resolve(lexicon, "company", filters["company"]),
        since=_iso_day(filters["since"], "--since"),
        until=_iso_day(filters["until"], "--until", end=True),
        lang=filters["lang"],
        limit=filters["limit"],
    )
    store = _existing_store(filters["db"], lexicon)
    records = list(store.facts(query))
    store.close()
    emit_records(records, fmt, doc_key="document")


def _existing_store(db: str, lexicon: Any) -> Any:
    from reewatch.errors import InputError
    from reewatch.store import open_store

    if not os.path.exists(db):
        raise InputError(db, None, "no such store (create it with `reewatch index DOCS --db PATH`)")
    return open_store(db, list(lexicon.elements))


def _iso_day(value: str | None, flag: str, end: bool = False) -> str | None:
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


def _resolve(lexicon: Any, kind: str, value: str | None) -> str | None:
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


@cli.command()
@db_option
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
def stats(db: str, fmt: str) -> None:
    """What the store holds: documents by language and source, facts by type, clusters."""
    from reewatch.lexicon import Lexicon

    store = _existing_store(db, Lexicon())
    data = store.stats()
    store.close()
    if fmt == "json":
        _print_json(data)
        return
    rows = []
    for key, value in data.items():
        if isinstance(value, dict):
            rows += [{"what": f"{key.replace('_', ' ')}: {k}", "count": n} for k, n in value.items()]
        else:
            rows.append({"what": key.replace("_", " "), "count": value})
    sys.stdout.write(render_table(rows, ["what", "count"]) + "\n")


@cli.command()
@click.argument("docs", nargs=-1, required=True)
@jobs_option("read and sign documents")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
def dedup(docs: tuple[str, ...], jobs: int, fmt: str) -> None:
    """Group documents that tell the same story (copies, excerpts, translations).

    Every document id appears in exactly one cluster.
    """
    from reewatch.dedup import StoryClusterer
    from reewatch.dedup.signature import sign_document
    from reewatch.ingest.readers import read_documents, unique_documents
    from reewatch.pipeline import Pipeline, map_documents

    documents = unique_documents(read_documents(docs))
    clusterer = StoryClusterer()
    titles = {}
    with _progress(len(documents), "comparing") as bar:
        for doc, signature in map_documents(sign_document, documents, Pipeline(), jobs or os.cpu_count() or 1):
            clusterer.add(doc.id, signature)
            titles[doc.id] = doc.title or ""
            bar.update(1)
    clusters = clusterer.clusters()
    if fmt == "json":
        _print_json({"clusters": clusters})
        return
    rows = [
        {"cluster": n, "documents": len(c), "ids": _shorten(", ".join(c), 60), "title": _shorten(titles[c[0]], 50)}
        for n, c in enumerate(clusters, 1)
    ]
    sys.stdout.write(render_table(rows, ["cluster", "documents", "ids", "title"]) + "\n")
    sys.stdout.write(f"{len(documents)} documents in {len(clusters)} stories\n")


@cli.command()
@click.argument("query")
@db_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1))
@click.option("--lang", help="Only documents in this language.")
@click.option("--since", help="Only documents published on or after this day (YYYY-MM-DD).")
@click.option("--until", help="Only documents published on or before this day.")
@click.option("--source", help="Only documents from this source (exact name, any case).")
@click.option(
    "--type", "fact_type", type=click.Choice(list(FACT_TYPES)), help="Only documents with facts of this type."
)
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
def search(query: str, db: str, limit: int, fmt: str, **filters: Any) -> None:
    """Search the store in any language; results grouped by story, with highlighted snippets.

    --limit counts stories. JSON lists each story's documents together, its lead first
    (`lead`, `also`); the table shows one row per story (+n: its other documents).
    """
    from reewatch.lexicon import Lexicon
    from reewatch.search.service import search_store

    lexicon = Lexicon()
    store = _existing_store(db, lexicon)
    try:
        results = search_store(
            store,
            db,
            query,
            lexicon,
            limit=limit,
            lang=filters["lang"],
            since=_iso_day(filters["since"], "--since"),
            until=_iso_day(filters["until"], "--until", end=True),
            source=filters["source"],
            fact_type=filters["fact_type"],
        )
    finally:
        store.close()
    if fmt == "json":
        _print_json({"query": query, "results": results})
        return
    bold = sys.stdout.isatty()
    leads = [r for r in results if r["lead"]]
    rows = [
        {
            "#": n,
            "doc": r["doc_id"] + (f" +{len(r['also'])}" if r["also"] else ""),
            "score": f"{r['score']:.2f}",
            "date": r.get("published") or "",
            "title": _shorten(r.get("title") or "", 40),
            "snippet": _highlight(r["snippet"], 90, bold),
        }
        for n, r in enumerate(leads, 1)
    ]
    if rows:
        sys.stdout.write(render_table(rows, ["#", "doc", "score", "date", "title", "snippet"]) + "\n")
    sys.stdout.write(f"{len(rows)} stories\n")


def _highlight(snippet: str, width: int, bold: bool) -> str:
    """<b>term</b> as bold on a terminal, else as *term*; shortened without cutting a marker in two."""
    short = _shorten(snippet.replace("<b>", "\x01").replace("</b>", "\x02"), width)
    if short.count("\x01") > short.count("\x02"):
        short += "\x02"
    on, off = ("\033[1m", "\033[0m") if bold else ("*", "*")
    return short.replace("\x01", on).replace("\x02", off)


def main() -> None:
    cli.main(prog_name="reewatch")


if __name__ == "__main__":
    main()
