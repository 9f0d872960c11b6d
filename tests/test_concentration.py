"""Concentration as a user reads it: HHI on known shares, top-1 and top-3, and the threshold readings."""

from __future__ import annotations

import pytest

from reewatch.analytics.concentration import concentration, gross_concentration_score, hhi, read_hhi, top_share

KNOWN_INPUTS = [
    pytest.param({"CN": 70, "MY": 20, "JP": 10}, 5400.0, id="70-20-10"),  # 4,900 + 400 + 100
    pytest.param({"CN": 100}, 10_000.0, id="monopoly"),
    pytest.param({"A": 25, "B": 25, "C": 25, "D": 25}, 2500.0, id="four-equal"),  # 4 x 625
    pytest.param({f"C{i}": 10 for i in range(10)}, 1000.0, id="ten-equal"),  # 10 x 100
    pytest.param({"CN": 90}, 8100.0, id="unknown-remainder-left-out"),  # the 10 % unknown adds nothing
]


@pytest.mark.parametrize("shares, expected", KNOWN_INPUTS)
def test_hhi_on_known_inputs(shares: dict[str, float], expected: float) -> None:
    assert hhi(shares.values()) == pytest.approx(expected)
    assert concentration(shares).hhi == pytest.approx(expected)


def test_unknown_remainder_gives_a_lower_and_an_upper_bound() -> None:
    c = concentration({"CN": 90})
    # lower bound: the unknown 10 % is fragmented (0); upper bound: it is one holder, 8,100 + 10² = 8,200
    assert (c.hhi, c.hhi_max, c.unknown_pct, c.known_pct) == pytest.approx((8100, 8200, 10, 90))


def test_rest_of_world_row_counts_as_unknown() -> None:
    c = concentration({"CN": 71, "MY": 13, "JP": 5, "EE": 5, "ROW": 6})
    # 71² + 13² + 5² + 5² = 5,041 + 169 + 25 + 25 = 5,260; ROW's 6 % is fragmented
    assert c.hhi == pytest.approx(5260)
    assert c.unknown_pct == pytest.approx(6)
    assert c.top3_pct == pytest.approx(89)  # 71 + 13 + 5; ROW is not a holder
    assert c.top1_holder == "CN"


def test_shares_above_100_are_rescaled_and_say_so() -> None:
    c = concentration({"CN": 99, "MY": 5, "AU": 1})  # from different sources: 105 %
    assert c.rescaled_from == pytest.approx(105)
    assert c.known_pct == pytest.approx(100)
    # (99² + 5² + 1²) x (100/105)² = 9,827 x 0.907029... = 8,913.4
    assert c.hhi == pytest.approx(9827 * (100 / 105) ** 2)


def test_rounding_is_not_a_conflict() -> None:
    assert concentration({"CN": 69.2, "US": 13.1, "AU": 7.4, "MM": 5.6, "TH": 4.9}).rescaled_from is None  # 100.2


@pytest.mark.parametrize(
    "shares, n, expected",
    [({"CN": 62, "AU": 13, "MM": 10, "US": 9}, 3, 85), ({"CN": 92, "MY": 5}, 3, 97), ({"CN": 90}, 1, 90)],
)
def test_top_share(shares: dict[str, float], n: int, expected: float) -> None:
    assert top_share(shares.values(), n) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value, reading",
    [
        (10_000, "highly concentrated"),
        (1_801, "highly concentrated"),  # DOJ/FTC 2023: above 1,800
        (1_800, "moderately concentrated"),  # 1992 band: 1,000-1,800
        (1_000, "moderately concentrated"),
        (999, "unconcentrated"),
        (0, "unconcentrated"),
    ],
)
def test_threshold_readings(value: float, reading: str) -> None:
    assert read_hhi(value) == reading


def test_reading_spans_bands_when_the_unknown_decides() -> None:
    c = concentration({"A": 30, "B": 10})  # lower 1,000; with the unknown 60 % as one holder 1,000 + 3,600
    assert c.reading == "moderately concentrated to highly concentrated (depends on how the unknown 60.0% is split)"


def test_gross_score_is_hhi_on_a_0_to_1_scale() -> None:
    assert gross_concentration_score(5400) == pytest.approx(0.54)
    assert concentration({"CN": 100}).gross_score == pytest.approx(1.0)
