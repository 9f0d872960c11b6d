"""Readers for JSON Lines, text, Markdown and HTML files, and folders of them.

Every document keeps its origin (file, and line for JSON Lines). Anything that cannot be
read raises `InputError` naming the file and line, before a single document of a bad
file is handed on: a half-read file is worse than none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reewatch.errors import InputError
from reewatch.models import Document, Origin

SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
_OPTIONAL_FIELDS = ("title", "url", "source", "published", "lang")


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), None, "no such file or folder") from None
    except IsADirectoryError:
        raise InputError(str(path), None, "is a folder") from None
    except OSError as e:
        raise InputError(str(path), None, f"cannot be read: {e.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(str(path), line, f"not UTF-8 text (byte 0x{data[e.start]:02x})") from None


OnError = Callable[[InputError], None]


def read_jsonl(path: Path, on_error: OnError | None = None) -> list[Document]:
    """Documents of a JSON Lines file (FACTS.md §1); every line is checked before any is returned.

    With `on_error`, a bad line is reported to it and skipped instead of failing the file.
    """
    docs: list[Document] = []
    for number, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            docs.append(_jsonl_document(path, number, line))
        except InputError as e:
            if on_error is None:
                raise
            on_error(e)
    return docs


def _jsonl_document(path: Path, number: int, line: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(str(path), number, f"not JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(record, dict):
        raise InputError(str(path), number, "a document must be a JSON object")
    for key in ("id", "text"):
        if key not in record or record[key] is None:
            raise InputError(str(path), number, f"missing {key!r}")
    if not isinstance(record["text"], str):
        raise InputError(str(path), number, "'text' must be a string")
    if not isinstance(record["id"], str | int) or not str(record["id"]).strip():
        raise InputError(str(path), number, "'id' must be a non-empty string")
    extra = {k: (str(record[k]) if record.get(k) not in (None, "") else None) for k in _OPTIONAL_FIELDS}
    return Document(id=str(record["id"]), text=record["text"], origin=Origin(str(path), number), **extra)


def read_html(path: Path, doc_id: str) -> Document:
    """The main text of an HTML page (trafilatura), with the page's title, date and site."""
    html = _read_text(path)
    import trafilatura  # heavy; only HTML input pays for it

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    if not text:
        raise InputError(str(path), None, "no article text found in this HTML page")
    meta = trafilatura.extract_metadata(html)
    return Document(
        id=doc_id,
        text=text,
        title=getattr(meta, "title", None) or None,
        source=getattr(meta, "sitename", None) or None,
        url=getattr(meta, "url", None) or None,
        published=getattr(meta, "date", None) or None,
        origin=Origin(str(path)),
    )


def read_file(path: Path, doc_id: str, on_error: OnError | None = None) -> list[Document]:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind == "jsonl":
        return read_jsonl(path, on_error)
    if kind == "html":
        return [read_html(path, doc_id)]
    if kind in {"text", "markdown"}:
        return [Document(id=doc_id, text=_read_text(path), origin=Origin(str(path)))]
    raise InputError(str(path), None, f"unknown file type {path.suffix!r} (expected .jsonl, .txt, .md or .html)")


def read_documents(paths: Iterable[str | Path], on_error: OnError | None = None) -> Iterator[Document]:
    """Documents from files and folders (recursive; id = path relative to the folder, no extension).

    A folder's README files describe the folder, not news, and are left out; name one to read it.

    Without `on_error` the first bad file or record raises `InputError`; with it, each is
    reported to `on_error` and skipped, and the good documents still come.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.stem.upper().startswith("README")
            )
            named = [(file, file.relative_to(path).with_suffix("").as_posix()) for file in files]
        elif path.exists():
            named = [(path, path.stem)]
        else:
            named = []
            _report(InputError(str(path), None, "no such file or folder"), on_error)
        for file, doc_id in named:
            try:
                yield from read_file(file, doc_id, on_error)
            except InputError as e:
                _report(e, on_error)


def _report(error: InputError, on_error: OnError | None) -> None:
    if on_error is None:
        raise error
    on_error(error)


def unique_documents(docs: Iterable[Document], on_error: OnError | None = None) -> list[Document]:
    """The documents with each id once: an exact repeat is dropped, the same id with other
    text is bad input (which of the two should a store or a story keep?)."""
    seen: dict[str, Document] = {}
    out: list[Document] = []
    for doc in docs:
        first = seen.get(doc.id)
        if first is None:
            seen[doc.id] = doc
            out.append(doc)
        elif first.text != doc.text:
            where = doc.origin or Origin(doc.id)
            _report(
                InputError(where.path, where.line, f"id {doc.id!r} again, with other text (first at {first.origin})"),
                on_error,
            )
    return out
