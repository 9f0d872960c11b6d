"""Compare extracted facts with expected ones, the way shared/eval/score_facts.py does.

Numbers agree within 0.5 % (shares within 0.5 points); name fields agree when one
contains the other after folding case and punctuation; a list in a single-valued field
lists acceptable alternatives; `targets`, `items` and `counterparties` are sets whose
expected members must all be present.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

NAME_FIELDS = {"company", "holder", "entity", "funder", "recipient", "actor"}
SET_FIELDS = {"targets", "items", "counterparties"}
POINT_FIELDS = {"share_pct", "share_pct_low", "share_pct_high"}


def _norm(value: Any) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", str(value)).lower())


def _options(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def same_name(expected: Any, actual: Any) -> bool:
    if actual is None:
        return False
    a = _norm(actual)
    for option in _options(expected):
        e = _norm(option)
        if e and (e == a or (len(e) >= 4 and e in a) or (len(a) >= 4 and a in e)):
            return True
    return False


def same_number(expected: Any, actual: Any, field: str) -> bool:
    try:
        e, a = float(expected), float(actual)
    except (TypeError, ValueError):
        return False
    if field in POINT_FIELDS:
        return abs(e - a) <= 0.5
    return abs(e - a) <= 0.005 * abs(e) if e else abs(a) < 1e-9


def field_matches(field: str, expected: Any, actual: Any) -> bool:
    if isinstance(expected, date):
        expected = expected.isoformat()
    if expected is None:
        return actual in (None, [], "")
    if field in SET_FIELDS:
        got = actual or []
        if field == "counterparties":
            return all(any(same_name(e, g) for g in got) for e in expected)
        return {_norm(x) for x in expected} <= {_norm(x) for x in got}
    if field in NAME_FIELDS:
        return same_name(expected, actual)
    options = _options(expected)
    if all(isinstance(o, int | float) and not isinstance(o, bool) for o in options):
        return any(same_number(o, actual, field) for o in options)
    return actual is not None and any(_norm(o) == _norm(actual) for o in options)


def fact_matches(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    return all(field_matches(k, v, actual.get(k)) for k, v in expected.items())


def match_all(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """(expected facts not found, actual facts left over), pairing one to one."""
    left = list(actual)
    missing = []
    for e in expected:
        hit = next((a for a in left if fact_matches(e, a)), None)
        if hit is None:
            missing.append(e)
        else:
            left.remove(hit)
    return missing, left
