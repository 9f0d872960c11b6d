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
    ("R$250 million", "en", [("money", "250000000", "BRL", None, False)]),
    ("R$ 1,2 bilhão", "fr", [("money", "1200000000", "BRL", None, False)]),
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


# A price joins its unit by a sign ("/", 每) or by a word followed by a space ("per t", "la
# tonne"): "yuan at the end" is no "yuan a t".
PER_UNIT = [
    ("2.1 billion yuan at the end of June", "en", [("money", "2100000000", "CNY", None, False)]),
    ("$850 per kg", "en", [("money", "850", "USD", "kg", True)]),
    ("US$62 a kg", "en", [("money", "62", "USD", "kg", True)]),
    ("1 500 euros la tonne", "fr", [("money", "1500", "EUR", "t", True)]),
    ("38 millions d'euros au total", "fr", [("money", "38000000", "EUR", None, False)]),
]
# A range whose scale word is written once, after its second end, still takes the currency
# or unit after "de": "entre 750 et 850 millions de yuans".
SCALED_RANGES = [
    ("entre 750 et 850 millions de yuans", "fr", [("money", "800000000", "CNY", None, False)]),
    ("between 750 and 850 million yuan", "en", [("money", "800000000", "CNY", None, False)]),
    ("entre 1,5 et 2 milliards d'euros", "fr", [("money", "1750000000", "EUR", None, False)]),
    ("de 750 à 850 millions de yuans", "fr", [("money", "800000000", "CNY", None, False)]),
    ("entre 2 et 3 millions de tonnes", "fr", [("mass", "2500000", None, "t", False)]),
]
# Price-sheet lines glue a currency code or a move word to the digits.
GLUED = [
    ("USD62.5-63.5/kg", "en", [("money", "63", "USD", "kg", True)]),
    ("CNY1,620,000/t", "en", [("money", "1620000", "CNY", "t", True)]),
    ("RMB500/kg,down1.2%", "en", [("money", "500", "CNY", "kg", True), ("percent", "1.2", None, None, False)]),
    ("up0.8%", "en", [("percent", "0.8", None, None, False)]),
    ("XUSD62 and N52", "en", []),
    ("CO2 output", "en", []),
]
# Korean scale words glued to the currency, the Swiss franc, a fraction word beside its figure.
KOREAN_AND_FRANCS = [
    ("비축 예산으로 2,340억원을 배정했다", "ko", [("money", "234000000000", "KRW", None, False)]),
    ("약 1,200만 호주달러에 인수한다", "ko", [("money", "12000000", "AUD", None, False)]),
    ("environ 95 francs le kilo", "fr", [("money", "95", "CHF", "kg", True)]),
    ("2,5 millions de francs suisses", "fr", [("money", "2500000", "CHF", None, False)]),
    (
        "two-thirds of it (66% in 2024)",
        "en",
        [("percent", "66", None, None, False), ("number", "2024", None, None, False)],
    ),
    (
        "les deux tiers, contre 55 % en 2020",
        "fr",
        [
            ("percent", "66.7", None, None, False),
            ("percent", "55", None, None, False),
            ("number", "2020", None, None, False),
        ],
    ),
]


@pytest.mark.parametrize("text, lang, expected", KOREAN_AND_FRANCS)
def test_korean_scales_francs_and_fractions(pipeline: Pipeline, text: str, lang: str, expected: list[tuple]) -> None:
    test_quantities(pipeline, text, lang, expected)


@pytest.mark.parametrize("text, lang, expected", PER_UNIT + SCALED_RANGES + GLUED)
def test_quantity_forms(pipeline: Pipeline, text: str, lang: str, expected: list[tuple]) -> None:
    test_quantities(pipeline, text, lang, expected)


def test_scaled_range_keeps_both_ends(pipeline: Pipeline) -> None:
    (q,) = pipeline.quantities.find("compris entre 750 et 850 millions de yuans.", "fr")
    assert (q.low, q.high, q.currency, q.raw) == (
        Decimal(750000000),
        Decimal(850000000),
        "CNY",
        "750 et 850 millions de yuans",
    )


def test_a_move_word_glued_to_its_figure_is_a_cue(pipeline: Pipeline) -> None:
    text = "NdPr oxide(fob China)USD62.5-63.5/kg,up0.8%, Dy oxide down1.2%"
    categories = {text[c.start : c.end]: c.category for c in pipeline.lexicon.cues("en").find(text, text.lower())}
    assert categories.get("up") == "up" and categories.get("down") == "down"
    # names still need a boundary: no "US" entity in "USD62"
    assert not [m for m in pipeline.lexicon.entity_matcher.find("USD62", "usd62") if m.surface == "US"]


def test_future_is_no_hedge_but_not_yet_is(pipeline: Pipeline) -> None:
    cues = pipeline.lexicon.cues("zh")

    def hedged(text: str) -> bool:
        return any(c.category == "hedge" for c in cues.find(text, text))

    assert not hedged("市场对未来需求的信心增强")
    assert hedged("公司尚未作出最终决定")
    assert hedged("定增方案未获深交所审核通过")
    assert hedged("项目未能按期投产")


@pytest.mark.parametrize(
    ("text", "lang", "value", "kind"),
    [
        ("un chiffre d'affaires de 4,69 Md€ en 2024", "fr", 4690000000, "money"),  # short scale before its currency
        ("une aide de 250 M€ pour l'usine", "fr", 250000000, "money"),
        ("Il a 5 M de clients", "fr", 5, "number"),  # a bare M is no scale without a currency
        ("a 10,000-ton magnet plant", "en", 10000, "mass"),  # a hyphenated unit
        ("a 1,500-tonne-a-year line", "en", 1500, "mass"),
    ],
)
def test_short_scales_before_currency_and_hyphenated_units(text: str, lang: str, value: float, kind: str) -> None:
    found = [q for q in Pipeline().quantities.find(text, lang) if q.kind == kind]
    assert found and float(found[0].value) == value


# A dollar marked as Australian or Canadian ("M$ A", "$ CAN", 澳元) is AUD or CAD; the marker
# is matched as written, so "500 $ a tonne" stays a US dollar.
MARKED_DOLLARS = [
    ("un bénéfice de 58,3 M$ A", "fr", [("money", "58300000", "AUD", None, False)]),
    ("un prix moyen de 88,2 $ A/kg", "fr", [("money", "88.2", "AUD", "kg", True)]),
    ("une contribution de 56 M$ CA", "fr", [("money", "56000000", "CAD", None, False)]),
    ("une participation de 38 M$ CAN", "fr", [("money", "38000000", "CAD", None, False)]),
    ("un coût de 1,4 milliard de dollars canadiens", "fr", [("money", "1400000000", "CAD", None, False)]),
    ("a $A12m placement", "en", [("money", "12000000", "AUD", None, False)]),
    ("16.5億澳元的無追索權貸款", "zh", [("money", "1650000000", "AUD", None, False)]),
    ("about 500 $ a tonne", "en", [("money", "500", "USD", "t", True)]),
]
# Scraped pages glue words to figures ("with13%", "88%of", "11%and"); "2.1pc" is per cent
# (Argus style) but "100pcs" is a count; Korean "3%p" stays percentage points.
GLUED_WORDS = [
    ("followed with13%,the United States", "en", [("percent", "13", None, None, False)]),
    ("separated about 88%of the world's oxides", "en", [("percent", "88", None, None, False)]),
    ("with 11%and Australia", "en", [("percent", "11", None, None, False)]),
    ("rose by 2.1pc on the week", "en", [("percent", "2.1", None, None, False)]),
    ("a lot of 100pcs", "en", [("number", "100", None, None, False)]),
    ("3%p 상승", "ko", [("points", "3", None, None, False)]),
]
# Amounts whose number is a word, and tenths in words.
IN_WORDS = [
    ("mit einer Milliarde Euro ausgestattet", "de", [("money", "1000000000", "EUR", None, False)]),
    ("un milliard d'euros", "fr", [("money", "1000000000", "EUR", None, False)]),
    ("a billion dollars", "en", [("money", "1000000000", "USD", None, False)]),
    ("about a million people", "en", []),
    ("les neuf dixièmes de la transformation mondiale", "fr", [("percent", "90", None, None, False)]),
    ("nine-tenths of refining", "en", [("percent", "90", None, None, False)]),
]
# Traditional Chinese units; 元 at the head of 元素 (element) is no yuan.
CJK_FORMS = [
    ("產量達45,455公噸", "zh", [("mass", "45455", None, "t", False)]),
    ("約3.1萬公噸", "zh", [("mass", "31000", None, "t", False)]),
    ("中重希土類7元素を輸出許可制の対象とし", "ja", [("number", "7", None, None, False)]),
    ("2.716 tonnes en janvier", "fr", [("mass", "2716", None, "t", False)]),
    ("2,7 tonnes en janvier", "fr", [("mass", "2.7", None, "t", False)]),
    ("une teneur de 0.125 tonne", "fr", [("mass", "0.125", None, "t", False)]),
]


@pytest.mark.parametrize("text, lang, expected", MARKED_DOLLARS + GLUED_WORDS + IN_WORDS + CJK_FORMS)
def test_marked_dollars_glued_words_and_words(pipeline: Pipeline, text: str, lang: str, expected: list[tuple]) -> None:
    test_quantities(pipeline, text, lang, expected)
