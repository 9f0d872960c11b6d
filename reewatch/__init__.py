"""reewatch: rare-earth news intelligence on your own machine.

    >>> import reewatch
    >>> facts = reewatch.extract("Dysprosium oxide: CNY 1,650,000/t, unchanged.")
    >>> facts[0].type, facts[0].fields["value"]
    ('price', 1650000)

Nothing heavy is imported here: the lexicon, lingua and trafilatura load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from reewatch.errors import ConfigError, InputError, MissingExtra, ReewatchError
from reewatch.models import FACT_TYPES, Document, Fact, Sentence

if _TYPE_CHECKING:
    from reewatch.pipeline import Pipeline

__version__ = "0.1.0"
__all__ = [
    "FACT_TYPES",
    "ConfigError",
    "Document",
    "Fact",
    "InputError",
    "MissingExtra",
    "Pipeline",
    "ReewatchError",
    "Sentence",
    "__version__",
    "extract",
    "read_documents",
]


def extract(text_or_document: str | Document, pipeline: Pipeline | None = None) -> list[Fact]:
    """Typed facts from a text or a Document (see `reewatch.pipeline.extract`)."""
    from reewatch.pipeline import extract as _extract

    return _extract(text_or_document, pipeline)


def read_documents(paths: _Any) -> _Any:
    """Documents from files and folders (JSON Lines, .txt, .md, .html); see `reewatch.ingest`."""
    from reewatch.ingest.readers import read_documents as _read

    return _read(paths)


def __getattr__(name: str) -> _Any:
    if name == "Pipeline":
        from reewatch.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
