"""Periods in the forms of FACTS.md §4, resolved against the document date."""

from __future__ import annotations

from datetime import date

import pytest

from reewatch.pipeline import Pipeline

DOC = date(2025, 11, 14)

PERIODS = [
    ("exports surged to 2,582 tons in August", ["2025-08"]),
    ("Jan-Sep Cumulative: 39,817 tons", ["2025-01..2025-09"]),
    ("On October 7, 2024, the European Parliament approved", ["2024-10-07"]),
    ("since April 2025", ["2025-04"]),
    ("In the first quarter of 2025, China imported", ["2025-Q1"]),
    ("Q3 revenue reached", ["2025-Q3"]),
    ("3Q25 results", ["2025-Q3"]),
    ("H1 2025 output", ["2025-H1"]),
    ("中国1-9月出口稀土4.5万吨", ["2025-01..2025-09"]),
    ("前三季度营收", ["2025-01..2025-09"]),
    ("2025年一季度", ["2025-Q1"]),
    ("2025年6月13日", ["2025-06-13"]),
    ("上半年", ["2025-H1"]),
    ("９月份出口", ["2025-09"]),
    ("de janvier à septembre 2025", ["2025-01..2025-09"]),
    ("au troisième trimestre", ["2025-Q3"]),
    ("le 16 septembre", ["2025-09-16"]),
    ("16. September 2025", ["2025-09-16"]),
    ("第3四半期", ["2025-Q3"]),
    ("3분기", ["2025-Q3"]),
    ("China may restrict exports", []),
    ("May exports rose", ["2025-05"]),
    ("last year", ["2024"]),
]


@pytest.mark.parametrize("text, expected", PERIODS)
def test_periods(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    from reewatch.normalise.text import normalise

    found = [p.period for p in pipeline.dates.find(normalise(text).text, DOC)]
    assert found == expected


def test_month_without_year_takes_the_document_year_or_the_one_before(pipeline: Pipeline) -> None:
    (dec,) = pipeline.dates.find("exports in December", date(2026, 1, 20))
    (mar,) = pipeline.dates.find("deliveries in March", date(2026, 1, 20))
    assert (dec.period, mar.period) == ("2025-12", "2026-03")


def test_unknown_document_date_leaves_the_period_null(pipeline: Pipeline) -> None:
    (m,) = pipeline.dates.find("exports in August", None)
    assert m.period is None


def test_baseline_and_target_years_are_marked(pipeline: Pipeline) -> None:
    base, target = pipeline.dates.find("a 7.5% decrease compared to 2024, and a goal by 2030", DOC)
    assert base.baseline and not base.target
    assert target.target and not target.baseline
