"""The `reewatch` command line: a thin layer over the library.

Each command parses its arguments, calls one library function and prints. Records are
printed through one `--format` option: `table` for people, `json`/`jsonl`/`csv` for
programs. Errors of the `ReewatchError` tree are mapped here, and only here, to one
stderr line and their exit code; a bad flag also exits 2 with one line.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from reewatch.errors import ReewatchError
from reewatch.interfaces import cli_alerts, cli_briefs, cli_chain, cli_series
from reewatch.interfaces.common import (
    PROGRESS_THRESHOLD,
    db_option,
    emit_facts,
    emit_records,
    existing_store,
    iso_day,
    jobs_option,
    new_db_option,
    output_options,
    print_json,
    progress,
    render_table,
    resolve_filter,
    shorten,
)
from reewatch.models import FACT_TYPES


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
    with progress(len(documents), "indexing") as bar:
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
        print_json(report.to_dict())
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
        product=resolve_filter(lexicon, "product", filters["product"]),
        element=resolve_filter(lexicon, "element", filters["element"]),
        country=resolve_filter(lexicon, "area", filters["country"]),
        company=resolve_filter(lexicon, "company", filters["company"]),
        since=iso_day(filters["since"], "--since"),
        until=iso_day(filters["until"], "--until", end=True),
        lang=filters["lang"],
        limit=filters["limit"],
    )
    store = existing_store(filters["db"], lexicon)
    records = list(store.facts(query))
    store.close()
    emit_records(records, fmt, doc_key="document")


@cli.command()
@db_option
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
def stats(db: str, fmt: str) -> None:
    """What the store holds: documents by language and source, facts by type, clusters."""
    from reewatch.lexicon import Lexicon

    store = existing_store(db, Lexicon())
    data = store.stats()
    store.close()
    if fmt == "json":
        print_json(data)
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
    with progress(len(documents), "comparing") as bar:
        for doc, signature in map_documents(sign_document, documents, Pipeline(), jobs or os.cpu_count() or 1):
            clusterer.add(doc.id, signature)
            titles[doc.id] = doc.title or ""
            bar.update(1)
    clusters = clusterer.clusters()
    if fmt == "json":
        print_json({"clusters": clusters})
        return
    rows = [
        {"cluster": n, "documents": len(c), "ids": shorten(", ".join(c), 60), "title": shorten(titles[c[0]], 50)}
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
    store = existing_store(db, lexicon)
    try:
        results = search_store(
            store,
            db,
            query,
            lexicon,
            limit=limit,
            lang=filters["lang"],
            since=iso_day(filters["since"], "--since"),
            until=iso_day(filters["until"], "--until", end=True),
            source=filters["source"],
            fact_type=filters["fact_type"],
        )
    finally:
        store.close()
    if fmt == "json":
        print_json({"query": query, "results": results})
        return
    bold = sys.stdout.isatty()
    leads = [r for r in results if r["lead"]]
    rows = [
        {
            "#": n,
            "doc": r["doc_id"] + (f" +{len(r['also'])}" if r["also"] else ""),
            "score": f"{r['score']:.2f}",
            "date": r.get("published") or "",
            "title": shorten(r.get("title") or "", 40),
            "snippet": _highlight(r["snippet"], 90, bold),
        }
        for n, r in enumerate(leads, 1)
    ]
    if rows:
        sys.stdout.write(render_table(rows, ["#", "doc", "score", "date", "title", "snippet"]) + "\n")
    sys.stdout.write(f"{len(rows)} stories\n")


def _highlight(snippet: str, width: int, bold: bool) -> str:
    """<b>term</b> as bold on a terminal, else as *term*; shortened without cutting a marker in two."""
    short = shorten(snippet.replace("<b>", "\x01").replace("</b>", "\x02"), width)
    if short.count("\x01") > short.count("\x02"):
        short += "\x02"
    on, off = ("\033[1m", "\033[0m") if bold else ("*", "*")
    return short.replace("\x01", on).replace("\x02", off)


# The analyst's commands live in one module per area; each lists its commands in COMMANDS.
for _area in (cli_briefs, cli_series, cli_chain, cli_alerts):
    for _command in _area.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    cli.main(prog_name="reewatch")


if __name__ == "__main__":
    main()
