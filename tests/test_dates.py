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


# Relative years are found wherever their words are, in every script: Korean 지난해/올해 carry
# no 年 or 월, "Gesamtjahr" and "full year" are whole-year words; a year written beside the
# phrase ("2024年全年", "full year 2024") is the year meant.
RELATIVE = [
    ("성림첨단산업은 지난해 매출 2,465억 원을 올렸다", ["2024"]),
    ("올해 생산량은 늘었다", ["2025"]),
    ("작년 수출", ["2024"]),
    ("MP Materials erwartet für das Gesamtjahr eine Produktion", ["2025"]),
    ("the company kept its full-year guidance", ["2025"]),
    ("2024年全年，中国稀土出口量为5.58万吨", ["2024"]),
    ("full year 2024 revenue", ["2024"]),
    ("全年产量突破3万吨", ["2025"]),
    ("the yard was full of trucks last week", []),
]


@pytest.mark.parametrize("text, expected", RELATIVE)
def test_relative_years(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert [p.period for p in pipeline.dates.find(text, DOC)] == expected


def test_relative_gate_follows_the_phrases_in_dates_yaml(pipeline: Pipeline) -> None:
    from reewatch.normalise.dates import DateFinder

    data = dict(pipeline.lexicon.dates)
    data["relative"] = {**data["relative"], "this_year": [*data["relative"]["this_year"], "calendar twelvemonth"]}
    finder = DateFinder(data)
    assert [p.period for p in finder.find("output over the calendar twelvemonth rose", DOC)] == ["2025"]


# A Korean day may carry a particle: 27일부터 (from), 10일까지 (until), 5일자 (dated), 3일에 (on).
KOREAN_DAYS = [
    ("공급망안정화법이 27일부터 시행됨에 따라", ["2025-10-27"]),
    ("신청은 10일까지 받는다", ["2025-11-10"]),
    ("5일자 관보에 게재됐다", ["2025-11-05"]),
    ("3일에 발표했다", ["2025-11-03"]),
    ("14일 밝혔다", ["2025-11-14"]),
    ("3일간 조업을 중단했다", []),
]


@pytest.mark.parametrize("text, expected", KOREAN_DAYS)
def test_korean_day_with_particle(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert [p.period for p in pipeline.dates.find(text, DOC)] == expected


# French "sept" is seven unless written "sept." or beside a number.
SEPT = [
    ("les sept terres rares lourdes soumises à licence", []),
    ("Sept terres rares lourdes sont concernées", []),
    ("le 12 sept 2025", ["2025-09-12"]),
    ("fin sept. 2025", ["2025-09"]),
    ("Sept 30, 2025", ["2025-09-30"]),
    ("Sept-Oct shipments", ["2025-09..2025-10"]),
    ("les sept premiers mois", ["2025-01..2025-07"]),
]


@pytest.mark.parametrize("text, expected", SEPT)
def test_sept_is_a_month_only_with_a_dot_or_a_number(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert [p.period for p in pipeline.dates.find(text, DOC)] == expected


# A range opened by its own word ("from ... to", "de ... à", 从 ... 到) is the period stated;
# "from January-October 2024" (a dash, no closing word) is still the period compared against.
RANGES = [
    ("From January to October, China exported 4,500 tons", "2025-01..2025-10", False),
    ("exports rose 5% from January to October 2024", "2024-01..2024-10", False),
    ("de janvier à octobre, la Chine a exporté", "2025-01..2025-10", False),
    ("d'avril à juin 2025", "2025-04..2025-06", False),
    ("Von Januar bis Oktober exportierte China", "2025-01..2025-10", False),
    ("从1月到10月，中国出口稀土", "2025-01..2025-10", False),
    ("2025年1月至10月，中国出口稀土", "2025-01..2025-10", False),
    ("up 5% from January-October 2024", "2024-01..2024-10", True),
    ("较2024年1月至10月增长", "2024-01..2024-10", True),
]


@pytest.mark.parametrize("text, period, baseline", RANGES)
def test_range_opened_by_its_own_word_is_stated(pipeline: Pipeline, text: str, period: str, baseline: bool) -> None:
    from reewatch.normalise.text import normalise

    (found,) = pipeline.dates.find(normalise(text).text, DOC)
    assert (found.period, found.baseline) == (period, baseline)
