"""Numbers as the field writes them, in every convention, parsed to what they mean."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reewatch.pipeline import Pipeline

# (text, lang, [(kind, value, currency, unit, per_unit)], grouped by where the form is seen)
CUSTOMS_AND_PRICES = [
    ("¥1,510,000/ton", "en", [("money", "1510000", "CNY", "t", True)]),
    ("报价52.3-52.8万元/吨", "zh", [("money", "525500", "CNY", "t", True)]),
    ("$850/kg", "en", [("money", "850", "USD", "kg", True)]),
    ("US$ 62.5/kg", "en", [("money", "62.5", "USD", "kg", True)]),
    ("1 500 euros la tonne", "fr", [("money", "1500", "EUR", "t", True)]),
    ("CNY 2,120/kg", "en", [("money", "2120", "CNY", "kg", True)]),
    ("512 000 yuans la tonne", "fr", [("money", "512000", "CNY", "t", True)]),
    ("1,64-1,66 million yuan/t", "fr", [("money", "1650000", "CNY", "t", True)]),
    ("2,582 tons", "en", [("mass", "2582", None, "t", False)]),
    ("2 582 tonnes", "fr", [("mass", "2582", None, "t", False)]),
    ("2.582 Tonnen", "de", [("mass", "2582", None, "t", False)]),
    ("14,177.6吨", "zh", [("mass", "14177.6", None, "t", False)]),
    ("4.4万吨", "zh", [("mass", "44000", None, "t", False)]),
    ("2 millions de tonnes", "fr", [("mass", "2000000", None, "t", False)]),
    ("1,200 short tons", "en", [("mass", "1088.621688", None, "t", False)]),
    ("３，５００吨", "zh", [("mass", "3500", None, "t", False)]),
]
COMPANY_RESULTS = [
    ("¥1.916 billion", "en", [("money", "1916000000", "CNY", None, False)]),
    ("9.2亿元", "zh", [("money", "920000000", "CNY", None, False)]),
    ("6.6亿至7.6亿元", "zh", [("money", "710000000", "CNY", None, False)]),
    ("1,5 milliard d'euros", "fr", [("money", "1500000000", "EUR", None, False)]),
    ("38 millions de dollars", "fr", [("money", "38000000", "USD", None, False)]),
    ("Rs 7,280 crore", "en", [("money", "72800000000", "INR", None, False)]),
    ("A$200 million", "en", [("money", "200000000", "AUD", None, False)]),
    ("$38m grant", "en", [("money", "38000000", "USD", None, False)]),
    ("3.2 Mrd. Euro", "de", [("money", "3200000000", "EUR", None, False)]),
]
CHANGES = [
    ("(-6.1%)", "en", [("percent", "-6.1", None, None, False)]),
    ("+50.76% YoY", "en", [("percent", "50.76", None, None, False)]),
    ("7%-9%", "en", [("percent", "8", None, None, False)]),
    ("en hausse de 5,2 %", "fr", [("percent", "5.2", None, None, False)]),
    ("2.6倍", "zh", [("multiple", "2.6", None, None, False)]),
    ("3个百分点", "zh", [("points", "3", None, None, False)]),
]
NOT_QUANTITIES = [
    ("(300224.SZ)", "en", []),
    ("Q3 revenue", "en", []),
    ("N52 grade", "en", []),
]


@pytest.mark.parametrize("text, lang, expected", CUSTOMS_AND_PRICES + COMPANY_RESULTS + CHANGES + NOT_QUANTITIES)
def test_quantities(pipeline: Pipeline, text: str, lang: str, expected: list[tuple]) -> None:
    from reewatch.normalise.text import normalise

    found = pipeline.quantities.find(normalise(text).text, lang)
    got = [(q.kind, q.value, q.currency, q.unit, q.per_unit) for q in found]
    want = [(k, Decimal(v), c, u, p) for k, v, c, u, p in expected]
    assert [(k, round(v, 4), c, u, p) for k, v, c, u, p in got] == [(k, round(v, 4), c, u, p) for k, v, c, u, p in want]


def test_range_keeps_both_ends(pipeline: Pipeline) -> None:
    (q,) = pipeline.quantities.find("1.64-1.66 million yuan/t", "en")
    assert (q.low, q.high, q.value) == (Decimal(1640000), Decimal(1660000), Decimal(1650000))
    assert q.raw == "1.64-1.66 million yuan/t"
