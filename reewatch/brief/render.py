"""A brief (the dict `make_brief` returns) as Markdown or as a table for a terminal."""

from __future__ import annotations

from typing import Any

from reewatch.brief.phrasing import Phrasebook


def _source_line(source: dict[str, Any]) -> str:
    title = source.get("title") or source["doc_id"]
    details = ", ".join(str(source[k]) for k in ("source", "published") if source.get(k))
    return f"{source['n']}. {title}" + (f" ({details})" if details else "") + f" `{source['doc_id']}`"


def to_markdown(brief: dict[str, Any], book: Phrasebook) -> str:
    """Readable Markdown: title, Core Insights, one section per group, numbered sources."""
    lines = [f"# {book.heading('title', query=brief['query'])}", ""]
    if not brief["insights"]:
        return "\n".join([*lines, book.heading("empty"), ""])
    facts = sum(len(i["facts"]) for i in brief["insights"]) + sum(
        len(i["facts"]) for g in brief["groups"] for i in g["insights"]
    )
    lines += [f"*{book.heading('generated', n=len(brief['sources']), facts=facts)}*", ""]
    lines += [f"## {book.heading('core')}", ""]
    lines += [f"{n}. {i['text']}" for n, i in enumerate(brief["insights"], 1)]
    for group in brief["groups"]:
        lines += ["", f"## {group['title']}", ""]
        lines += [f"- {i['text']}" for i in group["insights"]]
    lines += ["", f"## {book.heading('sources')}", ""]
    lines += [_source_line(s) for s in brief["sources"]]
    return "\n".join(lines) + "\n"


def table_rows(brief: dict[str, Any], book: Phrasebook) -> list[dict[str, Any]]:
    """One row per insight: where it stands in the brief, its text."""
    rows = [{"section": book.heading("core"), "insight": i["text"]} for i in brief["insights"]]
    rows += [{"section": g["title"], "insight": i["text"]} for g in brief["groups"] for i in g["insights"]]
    return rows
