"""Example tables (tests/cases/*.yaml): sentence in, expected facts out, in eight types.

Rows are grouped by where their pattern comes from (`origin`). Rows the extractor does
not get right yet are listed in tests/cases/known_gaps.txt and run as strict xfails: a
fixed row fails until it is taken off the list, so the list only shrinks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from reewatch.models import Document
from reewatch.pipeline import Pipeline
from tests.factmatch import match_all

CASES = Path(__file__).with_name("cases")
KNOWN_GAPS = (
    set((CASES / "known_gaps.txt").read_text(encoding="utf-8").split())
    if (CASES / "known_gaps.txt").exists()
    else set()
)


def _rows() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        fact_type = path.stem
        for row in yaml.safe_load(path.read_text(encoding="utf-8")):
            case_id = f"{fact_type}:{row['id']}"
            marks = [pytest.mark.xfail(strict=True, reason="known gap")] if case_id in KNOWN_GAPS else []
            params.append(pytest.param(fact_type, row, id=f"{row.get('origin', 'misc')}/{case_id}", marks=marks))
    return params


def run_case(pipeline: Pipeline, fact_type: str, row: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    doc_date = row.get("doc_date")
    doc = Document(
        id="case",
        text=row["text"],
        lang=row.get("lang"),
        published=doc_date.isoformat() if hasattr(doc_date, "isoformat") else doc_date,
    )
    facts = [f.to_dict() for f in pipeline.extract([doc]) if f.type == fact_type]
    return match_all(row.get("expect") or [], facts)


@pytest.mark.parametrize("fact_type, row", _rows())
def test_case(pipeline: Pipeline, fact_type: str, row: dict[str, Any]) -> None:
    missing, extra = run_case(pipeline, fact_type, row)
    assert not missing and not extra, f"missing: {missing}\nextra: {extra}"
