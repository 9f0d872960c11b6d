"""How concentrated a stage of supply is: HHI, top-1 and top-3 shares, and what they mean.

**HHI** (Herfindahl-Hirschman index) is the sum of the squared percentage shares of the
holders: 0 (infinitely many tiny holders) to 10,000 (one holder has everything). Shares
70/20/10 give 70² + 20² + 10² = 5,400.

**The unknown remainder.** Published shares seldom add up to 100: "China 91%" says nothing
of the other 9%. The remainder (and any "rest of world" / "other countries" row) is treated
as *fragmented*: it is left out of the sum, as if split among many tiny holders, so the HHI
is a **lower bound**. `hhi_max` is the other extreme, the remainder held by one holder
(HHI + remainder²); the true value lies between. Shares from different sources that add
up to more than 100 are rescaled to 100 first, and the result says so.

**Readings** (`read_hhi`): above 1,800 is *highly concentrated*, the threshold of the US
DOJ/FTC Merger Guidelines of 2023 (Guideline 1); 1,000 to 1,800 is *moderately
concentrated* and below 1,000 *unconcentrated*, the bands of the 1992 DOJ/FTC Horizontal
Merger Guidelines, which used the same 1,800 line. These were written for firms in an
antitrust market; applied to countries they read supply concentration, not market power.

**top-3** is the share of the three largest holders: the measure the IEA reports for
critical minerals (e.g. Global Critical Minerals Outlook 2024).

**Gross concentration score** is HHI / 10,000, the 0-1 scale on which the EU critical raw
materials methodology uses HHI. It is NOT the EU supply-risk indicator (SR): SR weights each
country's share by its World Bank governance score (WGI) and a trade adjustment, mixes
global and EU-sourcing concentration by import reliance, and multiplies by (1 - end-of-life
recycling input rate) and a substitution index. reewatch holds none of WGI, import reliance,
EoL-RIR or substitution data, so it reports only the gross score, labelled as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

HIGHLY_CONCENTRATED = 1800.0  # US DOJ/FTC Merger Guidelines 2023: HHI above this is highly concentrated
MODERATELY_CONCENTRATED = 1000.0  # 1992 Horizontal Merger Guidelines: 1,000-1,800 moderately concentrated
SUM_TOLERANCE = 0.5  # points: shares adding up to 100.4 are rounding, not a conflict between sources

THRESHOLDS = {
    "hhi": "sum of squared percentage shares, 0-10,000, over the known holders; the unknown or rest-of-world "
    "remainder is treated as fragmented (left out), so it is a lower bound; hhi_max = if the remainder were one holder",
    "highly_concentrated": "HHI > 1,800 (US DOJ/FTC Merger Guidelines 2023, Guideline 1)",
    "moderately_concentrated": "HHI 1,000-1,800 (US DOJ/FTC Horizontal Merger Guidelines 1992)",
    "unconcentrated": "HHI < 1,000 (US DOJ/FTC Horizontal Merger Guidelines 1992)",
    "top3": "share of the three largest holders, the concentration measure the IEA reports",
    "gross_score": "HHI / 10,000 (0-1, the EU CRM methodology's HHI scale); NOT the EU supply-risk indicator SR, "
    "which also needs WGI governance weights, import reliance, end-of-life recycling input rate and substitution",
}


@dataclass(frozen=True, slots=True)
class Concentration:
    """The concentration of one stage (or of one importer's supply), with its reading."""

    hhi: float  # lower bound: the unknown remainder counted as fragmented
    hhi_max: float  # upper bound: the unknown remainder counted as one holder
    reading: str
    top1_holder: str | None
    top1_pct: float
    top3_pct: float
    known_pct: float  # sum of the known holders' shares (after any rescaling)
    unknown_pct: float  # 100 - known: rest of world / unknown
    gross_score: float  # hhi / 10,000; not the EU SR
    rescaled_from: float | None = None  # the sum the shares had before being rescaled to 100

    def to_dict(self) -> dict[str, Any]:
        digits = {"gross_score": 4}  # a 0-1 score needs more digits than a 0-10,000 index
        return {k: (round(v, digits.get(k, 2)) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def hhi(shares: Iterable[float]) -> float:
    """Sum of squared percentage shares (0-10,000). Pass only known holders: see the module doc."""
    return sum(s * s for s in shares)


def top_share(shares: Iterable[float], n: int) -> float:
    """The combined share of the `n` largest holders."""
    return sum(sorted(shares, reverse=True)[:n])


def read_hhi(value: float) -> str:
    """highly concentrated (> 1,800), moderately concentrated (1,000-1,800) or unconcentrated (< 1,000)."""
    if value > HIGHLY_CONCENTRATED:
        return "highly concentrated"
    if value >= MODERATELY_CONCENTRATED:
        return "moderately concentrated"
    return "unconcentrated"


def gross_concentration_score(hhi_value: float) -> float:
    """HHI on the 0-1 scale. A gross concentration score, not the EU supply-risk indicator SR."""
    return hhi_value / 10_000


def concentration(shares: Mapping[str, float], fragmented: Iterable[str] = ("ROW",)) -> Concentration:
    """HHI bounds, top-1 and top-3 of holder -> percentage share.

    Holders named in `fragmented` (rest of world) join the unknown remainder. Shares that add
    up to more than 100 (+ `SUM_TOLERANCE`) are rescaled to 100 and `rescaled_from` keeps
    their sum; shares below 100 leave a remainder = 100 - sum.
    """
    rest = set(fragmented)
    known = {h: float(s) for h, s in shares.items() if h not in rest and s > 0}
    total = sum(known.values())
    rescaled_from = None
    if total > 100 + SUM_TOLERANCE:
        rescaled_from = total
        known = {h: s * 100 / total for h, s in known.items()}
        total = 100.0
    unknown = max(0.0, 100.0 - total)
    low = hhi(known.values())
    high = low + unknown * unknown
    top = max(known.items(), key=lambda kv: kv[1], default=(None, 0.0))
    return Concentration(
        hhi=low,
        hhi_max=high,
        reading=_reading(low, high, unknown),
        top1_holder=top[0],
        top1_pct=top[1],
        top3_pct=top_share(known.values(), 3),
        known_pct=total,
        unknown_pct=unknown,
        gross_score=gross_concentration_score(low),
        rescaled_from=rescaled_from,
    )


def _reading(low: float, high: float, unknown: float) -> str:
    """The reading of the bounds: one band, or the span of bands the unknown remainder leaves open."""
    if read_hhi(low) == read_hhi(high):
        return read_hhi(low)
    return f"{read_hhi(low)} to {read_hhi(high)} (depends on how the unknown {unknown:.1f}% is split)"
