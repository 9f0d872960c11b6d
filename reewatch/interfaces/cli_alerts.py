"""`reewatch alerts`: rules over stored facts, each alert with the facts that fired it."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

import click

from reewatch.interfaces.common import db_option, existing_store, iso_day, print_json, render_table, shorten

EXAMPLE_RULES = "example"


def _rules_path(value: str) -> Path:
    """A rules file, or `example` for the rules that ship with reewatch."""
    if value == EXAMPLE_RULES and not Path(value).exists():
        return Path(str(resources.files("reewatch.analytics") / "rules" / "example.yaml"))
    return Path(value)


@click.command()
@db_option
@click.option("--rules", "rules_file", required=True, help="A rules file (YAML), or `example` for the shipped one.")
@click.option("--since", help="Only alerts dated on or after this day (YYYY[-MM[-DD]]).")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]))
def alerts(db: str, rules_file: str, since: str | None, fmt: str) -> None:
    """Alerts from rules over the stored facts: price moves, new facts, trade swings.

    Each alert lists the facts that fired it with their sentences and documents.
    See reewatch/analytics/rules/example.yaml for the rule kinds and their fields.
    """
    from reewatch.analytics.alerts import evaluate, load_rules
    from reewatch.lexicon import Lexicon

    rules = load_rules(_rules_path(rules_file))  # checked before the store is opened
    lexicon = Lexicon()
    store = existing_store(db, lexicon)
    try:
        found = evaluate(store, rules, since=iso_day(since, "--since"))
    finally:
        store.close()
    if fmt == "json":
        print_json({"rules": [r.name for r in rules], "alerts": [a.to_dict() for a in found]})
        return
    rows: list[dict[str, Any]] = [
        {
            "date": a.date or "",
            "rule": shorten(a.rule, 40),
            "alert": shorten(a.message, 90),
            "sources": ", ".join(dict.fromkeys(f.get("document") or f.get("doc_id") or "" for f in a.facts)),
        }
        for a in found
    ]
    if rows:
        sys.stdout.write(render_table(rows, ["date", "rule", "alert", "sources"]) + "\n")
    sys.stdout.write(f"{len(found)} alerts from {len(rules)} rules\n")


COMMANDS: list[click.Command] = [alerts]
