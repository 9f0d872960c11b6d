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


# Numeric dates are read day first (14/11/2025, 11.12.2025); a day and a month without a
# year, a decimal or a price is no date.
NUMERIC = [
    ("Publié le 14/11/2025 à 18h20", ["2025-11-14"]),
    ("am 11.12.2025 in Betrieb genommen", ["2025-12-11"]),
    ("notification dated 12-01-2026", ["2026-01-12"]),
    ("Prix au 14/11 : 562 000 yuans", []),
    ("le lot de 1.640.000 yuans", []),
    ("3/4 of the output", []),
]


@pytest.mark.parametrize("text, expected", NUMERIC)
def test_numeric_dates_are_day_first(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert [p.period for p in pipeline.dates.find(text, DOC)] == expected


def test_numeric_date_month_first_on_request(pipeline: Pipeline) -> None:
    (us,) = pipeline.dates.find("posted 11/05/2025", DOC, month_first=True)
    (eu,) = pipeline.dates.find("posted 11/05/2025", DOC)
    (only,) = pipeline.dates.find("posted 11/25/2025", DOC)  # 25 cannot be a month
    assert (us.period, eu.period, only.period) == ("2025-11-05", "2025-05-11", "2025-11-25")


# A Japanese year of two digits, in the document's century; a count of years is none.
JA_DOC = date(2025, 10, 30)
SHORT_YEARS = [
    ("24年のレアアース輸入量は約1万700トン", ["2024"]),
    ("両社は23年にも出資している", ["2023"]),
    ("24年度の販売量", ["2024"]),
    ("24年12月の輸出", ["2024-12"]),
    ("ライナスの25年7〜9月期の売上高", ["2025-Q3"]),
    ("25年3月期の純利益", ["2024-04..2025-03"]),
    ("98年の操業開始", ["1998"]),
    ("24年間で生産量は倍増した", []),
    ("24年にわたり供給してきた", []),
    ("創業24年の歴史", []),
]


@pytest.mark.parametrize("text, expected", SHORT_YEARS)
def test_two_digit_japanese_years(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert [p.period for p in pipeline.dates.find(text, JA_DOC)] == expected


# Without a year, a span that would end months after the document is last year's: a January
# report on "Jan-Nov" exports or on the fourth quarter; a span still to come keeps the year.
JAN_DOC = date(2026, 1, 9)
SPANS_IN_JANUARY = [
    ("Jan-Nov Cumulative: 51,750 tons", ["2025-01..2025-11"]),
    ("1-11月累计出口", ["2025-01..2025-11"]),
    ("in the first eleven months", ["2025-01..2025-11"]),
    ("fourth-quarter revenue", ["2025-Q4"]),
    ("second-half output", ["2025-H2"]),
    ("Outlook for Q1", ["2026-Q1"]),
    ("deliveries in March", ["2026-03"]),
    ("the highest since March", ["2025-03"]),
    ("3月以来", ["2025-03"]),
]


@pytest.mark.parametrize("text, expected", SPANS_IN_JANUARY)
def test_spans_without_a_year_in_a_january_report(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert [p.period for p in pipeline.dates.find(text, JAN_DOC)] == expected


def test_highest_since_names_a_baseline(pipeline: Pipeline) -> None:
    (since,) = pipeline.dates.find("812 tons, the highest since March", JAN_DOC)
    (plain,) = pipeline.dates.find("controls in force since March", JAN_DOC)
    assert since.baseline and not plain.baseline


# "2024-25" is a fiscal year from April to March; "2024-26" is not one.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("produced 2,900 tonnes in 2024-25", ["2024-04..2025-03"]),
        ("imports in 2024/25 rose", ["2024-04..2025-03"]),
        ("plans for 2024-26", ["2024"]),
    ],
)
def test_split_fiscal_years(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert [p.period for p in pipeline.dates.find(text, DOC)] == expected


def _periods(pipeline: Pipeline, text: str, doc: date, **kw: object) -> list[str | None]:
    return [p.period for p in pipeline.dates.find(text, doc, **kw)]  # type: ignore[arg-type]


FEB_2026 = date(2026, 2, 10)


# A month without a year takes the year of a month the sentence (or the sentence before)
# states with its year, not the document's; the same month named again, a month the
# document's year puts after the stated one, and a day still to come keep the document's.
def test_a_month_takes_the_year_stated_beside_it(pipeline: Pipeline) -> None:
    text = "entrées en vigueur en avril 2025, les importations étaient tombées à 1 120 tonnes en mai"
    assert _periods(pipeline, text, FEB_2026) == ["2025-04", "2025-05"]
    assert _periods(pipeline, "1 050 tonnes in May 2024, against 980 tonnes in May", FEB_2026) == [
        "2024-05",
        "2026-05",
    ]
    assert _periods(pipeline, "5 t in December 2025, and 7 t in January", FEB_2026) == ["2025-12", "2026-01"]
    # an announcement dated 29 December about the first quarter of next year
    assert _periods(pipeline, "12月29日公告，2026年第一季度价格上调", date(2025, 12, 30)) == ["2025-12-29", "2026-Q1"]


def test_the_sentence_before_lends_its_year(pipeline: Pipeline) -> None:
    (first,) = pipeline.dates.find("Les licences sont entrées en vigueur en avril 2025.", FEB_2026)
    anchor = pipeline.dates.anchor_of([first])
    assert _periods(pipeline, "Les importations sont tombées en mai.", FEB_2026, anchor=anchor) == ["2025-05"]
    assert _periods(pipeline, "Les importations sont tombées en mai.", FEB_2026) == ["2026-05"]
    (deadline,) = pipeline.dates.find("a goal by June 2030", FEB_2026)
    assert pipeline.dates.anchor_of([deadline]) is None  # a deadline lends no year


def test_same_period_last_year_and_a_quarter_inside_a_stated_span(pipeline: Pipeline) -> None:
    text = "从三季报看，2025年前三季度，公司实现营业收入101.3亿元；归母净利润6832.15万元，上年同期为亏损1.35亿元。"
    found = pipeline.dates.find(text, date(2026, 1, 21))
    assert [p.period for p in found] == ["2025-Q3", "2025-01..2025-09", "2024-01..2024-09"]
    assert found[-1].baseline
    (q3,) = pipeline.dates.find("其中第三季度实现营业收入36.8亿元", date(2026, 1, 21), anchor=found[1])
    assert q3.period == "2025-Q3"


def test_then_is_the_deadline_just_named(pipeline: Pipeline) -> None:
    text = "到2030年全球需求将达到约26万吨；届时新能源汽车需求占比有望提升至45%"
    assert _periods(pipeline, text, FEB_2026) == ["2030", "2030"]


# A fiscal year ends in its (second) year, with the month the sentence or the document gives
# (Lynas: June); without one a single FY is the calendar year.
FISCAL = [
    ("Lynas FY25 revenue", 6, ["2024-07..2025-06"]),
    ("in the first half of FY2026", 6, ["2025-07..2025-12"]),
    ("H1 FY26 sales", 6, ["2025-07..2025-12"]),
    ("Q1 FY26 output", 6, ["2025-Q3"]),
    ("2025-26 first half", 6, ["2025-07..2025-12"]),
    ("Sur le premier semestre de son exercice 2025-2026, clos le 31 décembre,", None, ["2025-07..2025-12"]),
    ("萊納斯公布截至今年6月底的2025財年營收5.565億澳元", None, ["2024-07..2025-06"]),
    ("FY 2025 FY 2024 Change", None, ["2025", "2024"]),
    ("au titre de l'exercice 2025", 6, ["2025"]),
]


@pytest.mark.parametrize("text, fiscal_end, expected", FISCAL)
def test_fiscal_years(pipeline: Pipeline, text: str, fiscal_end: int | None, expected: list[str]) -> None:
    assert _periods(pipeline, text, FEB_2026, fiscal_end=fiscal_end) == expected


def test_a_documents_fiscal_year_end(pipeline: Pipeline) -> None:
    assert pipeline._fiscal_end("Lynas Rare Earths said FY26 output would rise.") == 6
    assert pipeline._fiscal_end("萊納斯公布2025財年營收") == 6
    assert pipeline._fiscal_end("MP Materials said FY2025 revenue rose.") is None
    assert pipeline.dates.fiscal_end("results for the financial year ending 30 June 2025") == 6
    assert pipeline.dates.fiscal_end("premier semestre de son exercice, clos le 31 décembre") == 6


def test_german_ordinal_day_does_not_end_a_sentence(pipeline: Pipeline) -> None:
    from reewatch.models import Document

    doc = Document(id="d", text="Die Lizenz gilt vom 1. Mai 2026 an. Betroffen sind auch Flakes.", lang="de")
    assert [s.text for s in pipeline.sentences(doc)] == [
        "Die Lizenz gilt vom 1. Mai 2026 an.",
        "Betroffen sind auch Flakes.",
    ]
    assert _periods(pipeline, "Exporte im vergangenen Jahr", date(2026, 3, 12)) == ["2025"]


def test_a_year_to_come_is_no_baseline(pipeline: Pipeline) -> None:
    (start,) = pipeline.dates.find("5,500 tonnes a year from 2027", FEB_2026)
    (base,) = pipeline.dates.find("up 12% from 2024", FEB_2026)
    assert not start.baseline and base.baseline


# The months of the year gone by: up to a month the text states, else the month before the document's.
YEAR_TO_DATE = [
    ("Depuis le début de l'année, les expéditions ont atteint 7 100 tonnes", ["2025-01..2025-10"]),
    ("Exports in September fell, and year-to-date shipments reached 41,000 t", ["2025-09", "2025-01..2025-09"]),
    ("年初至今累计出口3.1万吨", ["2025-01..2025-10"]),
    ("Au début de l'année 2024, les prix ont chuté", ["2024"]),
]


@pytest.mark.parametrize("text, expected", YEAR_TO_DATE)
def test_year_to_date(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    test_periods(pipeline, text, expected)


def test_year_to_date_ends_with_the_month_of_the_sentence_before(pipeline: Pipeline) -> None:
    from reewatch.normalise.text import normalise

    before = pipeline.dates.find(normalise("Les exportations d'août ont reculé.").text, DOC)
    found = pipeline.dates.find(normalise("Depuis le début de l'année, elles progressent.").text, DOC, anchor=before[0])
    assert [p.period for p in found] == ["2025-01..2025-08"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("quoted at $900/kg on Tuesday", "2025-11-11"),  # DOC is Friday 14 November 2025
        ("s'échangeait vendredi à 98 dollars", "2025-11-14"),
        ("am Montag notierte", "2025-11-10"),
        ("上周三氧化镝报价", "2025-11-05"),
        ("周三氧化镝报价", "2025-11-12"),
        ("lundi prochain", "2025-11-17"),
        ("Friday, November 7", None),
        ("周期性波动", None),
    ],
)
def test_weekday_dates(text: str, expected: str | None) -> None:
    from reewatch.normalise.dates import weekday_date

    assert weekday_date(text, DOC) == expected
