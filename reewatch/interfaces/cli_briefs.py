"""`reewatch brief`: a cited brief of what the store knows about a query."""

from __future__ import annotations

import sys
from typing import Any

import click

from reewatch.interfaces.common import db_option, existing_store, iso_day, print_json, render_table, shorten


@click.command()
@click.argument("query")
@db_option
@click.option("--lang", help="Language of the brief (en, zh, fr); default: the query's.")
@click.option("--since", help="Only documents published on or after this day (YYYY[-MM[-DD]]).")
@click.option("--until", help="Only documents published on or before this day.")
@click.option("--stories", default=20, show_default=True, type=click.IntRange(1), help="Stories to read.")
@click.option("--format", "fmt", default="md", show_default=True, type=click.Choice(["md", "json", "table"]))
def brief(query: str, db: str, lang: str | None, since: str | None, until: str | None, stories: int, fmt: str) -> None:
    """A brief with citations: Core Insights and groups, every number from a stored fact.

    Each insight ends with [n] marks; source n is listed at the end with its title, outlet
    and date, and JSON gives each citation's document and exact sentence. Where sources
    give different numbers for the same thing, the brief shows each with its sources.
    """
    from reewatch.brief import make_brief
    from reewatch.brief.phrasing import Phrasebook
    from reewatch.brief.render import table_rows, to_markdown
    from reewatch.lexicon import Lexicon

    lexicon = Lexicon()
    if lang and lang not in lexicon.brief_languages():
        raise click.BadParameter(
            f"{lang!r}: briefs are written in {', '.join(lexicon.brief_languages())}", param_hint="--lang"
        )
    store = existing_store(db, lexicon)
    try:
        result: dict[str, Any] = make_brief(
            store,
            db,
            query,
            lexicon,
            lang=lang,
            since=iso_day(since, "--since"),
            until=iso_day(until, "--until", end=True),
            stories=stories,
        )
    finally:
        store.close()
    book = Phrasebook(lexicon, result["lang"])
    if fmt == "json":
        print_json(result)
    elif fmt == "md":
        sys.stdout.write(to_markdown(result, book))
    else:
        rows = [{"section": r["section"], "insight": shorten(r["insight"], 150)} for r in table_rows(result, book)]
        if rows:
            sys.stdout.write(render_table(rows, ["section", "insight"]) + "\n")
        sys.stdout.write(f"{len(rows)} insights, {len(result['sources'])} sources\n")


COMMANDS: list[click.Command] = [brief]
