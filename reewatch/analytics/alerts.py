"""Alert rules over stored facts: price moves, new facts of a kind, trade swings.

A rules file (YAML) lists rules; each rule has a `name`, a kind (`when`) and the fields of
that kind. Every alert carries the facts that triggered it, each with its sentence,
document, source and date, so a reader can check it in one step.

Kinds:
- `price_move`: a product's price (one market, on one basis — see `series.price_series`)
  moved by more than `threshold_pct` against the price `over` a day, week or month
  earlier. The earlier price is the latest one at least that long before, and not more
  than twice that long before (a price three months old says nothing about a week).
- `new_fact`: a fact of `type` whose fields match `where` (a value, or a list of accepted
  values; list fields such as `targets` or `items` match when they contain one of them).
- `trade_change`: a monthly trade flow (`reporter`, `partner`, `product`, `flow`) changed
  by more than `threshold_pct` month on month (`basis: mom`) or year on year (`yoy`): the
  change computed from two months of the series where both exist, else the one the
  source states.

`direction` (`up`, `down`, `any`; default `any`) narrows price and trade rules. An alert's
date is the day of its newest triggering fact; `since` keeps alerts dated on or after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from reewatch.datafiles import read_user_yaml
from reewatch.errors import InputError
from reewatch.store.base import FactQuery, Store
from reewatch.store.keys import fact_day

KINDS: dict[str, tuple[set[str], set[str]]] = {  # kind -> (required fields, optional fields)
    "price_move": ({"product", "threshold_pct"}, {"market", "over", "direction", "currency", "unit"}),
    "new_fact": ({"type"}, {"where"}),
    "trade_change": (
        {"reporter", "product", "threshold_pct"},
        {"partner", "flow", "basis", "direction"},
    ),
}
_COMMON = {"name", "when", "description"}
WINDOWS = {"day": 1, "week": 7, "month": 30}
DIRECTIONS = ("up", "down", "any")


@dataclass(frozen=True)
class Rule:
    """One rule of a rules file, checked; `line` is where it starts in the file."""

    name: str
    when: str
    params: dict[str, Any]
    line: int | None = None


@dataclass
class Alert:
    """A rule that fired, with its message and the facts that made it fire."""

    rule: str
    when: str
    date: str | None
    message: str
    facts: list[dict[str, Any]] = field(default_factory=list)
    change_pct: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.when,
            "date": self.date,
            "message": self.message,
            "change_pct": None if self.change_pct is None else round(self.change_pct, 2),
            "facts": self.facts,
        }


# ------------------------------------------------------------------------- the rules file
def load_rules(path: str | Path) -> list[Rule]:
    """The rules of a YAML file; a bad file or rule is an `InputError` naming file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), None, "no such rules file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), None, f"cannot be read ({e})") from None
    data, lines = read_user_yaml(str(path), text)
    entries = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError(str(path), 1, "expected `rules:` with a list of rules")
    rules, names = [], set()
    for i, entry in enumerate(entries):
        line = lines.line(("rules", i))
        rule = _check_rule(path, entry, line)
        if rule.name in names:
            raise InputError(str(path), line, f"rule {rule.name!r} is listed twice")
        names.add(rule.name)
        rules.append(rule)
    return rules


def _check_rule(path: Path, entry: Any, line: int | None) -> Rule:
    def bad(problem: str) -> InputError:
        return InputError(str(path), line, problem)

    if not isinstance(entry, dict):
        raise bad("a rule is a mapping with `name` and `when`")
    name, when = entry.get("name"), entry.get("when")
    if not name:
        raise bad("a rule needs a `name`")
    if when not in KINDS:
        raise bad(f"rule {name!r}: `when` must be one of {', '.join(KINDS)} (got {when!r})")
    required, optional = KINDS[when]
    missing = sorted(required - set(entry))
    if missing:
        raise bad(f"rule {name!r}: missing {', '.join(missing)}")
    unknown = sorted(set(entry) - required - optional - _COMMON)
    if unknown:
        raise bad(f"rule {name!r}: unknown field(s) {', '.join(unknown)} for {when}")
    if "threshold_pct" in entry and not isinstance(entry["threshold_pct"], int | float):
        raise bad(f"rule {name!r}: threshold_pct must be a number")
    if entry.get("direction", "any") not in DIRECTIONS:
        raise bad(f"rule {name!r}: direction must be up, down or any")
    if entry.get("over", "week") not in WINDOWS:
        raise bad(f"rule {name!r}: over must be day, week or month")
    if entry.get("basis", "mom") not in ("mom", "yoy"):
        raise bad(f"rule {name!r}: basis must be mom or yoy")
    if "where" in entry and not isinstance(entry["where"], dict):
        raise bad(f"rule {name!r}: where must be a mapping of fact fields to values")
    params = {k: v for k, v in entry.items() if k not in _COMMON}
    return Rule(str(name), str(when), params, line)


# ------------------------------------------------------------------------------ evaluate
def _fact_ref(record: dict[str, Any]) -> dict[str, Any]:
    """What an alert shows of a fact: the fact itself, its sentence and where it was said."""
    return {k: v for k, v in record.items() if k not in ("confidence", "rule", "raw")}


def _moved(change: float, threshold: float, direction: str) -> bool:
    if direction == "up":
        return change > threshold
    if direction == "down":
        return change < -threshold
    return abs(change) > threshold


def _matches(record: dict[str, Any], where: dict[str, Any]) -> bool:
    for key, wanted in where.items():
        accepted = {str(v) for v in (wanted if isinstance(wanted, list) else [wanted])}
        value = record.get(key)
        values = {str(v) for v in (value if isinstance(value, list) else [value]) if v is not None}
        if not values & accepted:
            return False
    return True


def _new_facts(store: Store, rule: Rule) -> list[Alert]:
    alerts = []
    where = rule.params.get("where") or {}
    for record in store.facts(FactQuery(type=rule.params["type"])):
        if not _matches(record, where):
            continue
        day = fact_day(record, record.get("published"))
        summary = ", ".join(f"{k}={record.get(k)}" for k in where) or record["type"]
        alerts.append(
            Alert(
                rule.name,
                rule.when,
                day,
                f"new {record['type']} ({summary}): {record['sentence']}",
                [_fact_ref(record)],
            )
        )
    return alerts


def _price_moves(store: Store, rule: Rule) -> list[Alert]:
    from reewatch.analytics.series import price_series

    p = rule.params
    series = price_series(store, p["product"], market=p.get("market"), currency=p.get("currency"), unit=p.get("unit"))
    window = WINDOWS[p.get("over", "week")]
    threshold, direction = float(p["threshold_pct"]), p.get("direction", "any")
    alerts = []
    by_market: dict[str, list[Any]] = {}
    for point in series.points:
        by_market.setdefault(point.market, []).append(point)
    for market, points in by_market.items():
        points.sort(key=lambda pt: pt.day)
        for point in points:
            day = date.fromisoformat(point.day)
            earliest, latest = day - timedelta(days=2 * window), day - timedelta(days=window)
            earlier = [q for q in points if earliest <= date.fromisoformat(q.day) <= latest]
            if not earlier or not earlier[-1].value:
                continue
            before = earlier[-1]
            change = (point.value / before.value - 1.0) * 100.0
            if not _moved(change, threshold, direction):
                continue
            unit = f"{series.target.currency}/{series.target.unit}"
            message = (
                f"{p['product']}{f' ({market})' if market else ''} {change:+.1f} % over a {p.get('over', 'week')}: "
                f"{before.value:,.2f} {unit} on {before.day} -> {point.value:,.2f} {unit} on {point.day}"
            )
            facts = [
                {**before.provenance.to_dict(), "date": before.day},
                {**point.provenance.to_dict(), "date": point.day},
            ]
            alerts.append(Alert(rule.name, rule.when, point.day, message, facts, change))
    return alerts


def _trade_changes(store: Store, rule: Rule) -> list[Alert]:
    from reewatch.analytics.series import trade_series

    p = rule.params
    series = trade_series(
        store, p["product"], reporter=p["reporter"], partner=p.get("partner", "WORLD"), flow=p.get("flow")
    )
    basis = p.get("basis", "mom")
    threshold, direction = float(p["threshold_pct"]), p.get("direction", "any")
    alerts = []
    for row in series.rows:
        check = row.mom if basis == "mom" else row.yoy
        change = check.computed if check.computed is not None else check.stated
        if change is None or not _moved(change, threshold, direction):
            continue
        how = f"computed against {check.against}" if check.computed is not None else "as the source states"
        quantity = f"; {row.quantity_t:,.0f} t" if row.quantity_t is not None else ""
        message = (
            f"{row.reporter}->{row.partner} {row.product} {row.flow} {row.period}: {change:+.1f} % "
            f"{'month on month' if basis == 'mom' else 'year on year'} ({how}){quantity}"
        )
        facts = [{**row.provenance.to_dict(), "date": row.period}]
        alerts.append(Alert(rule.name, rule.when, row.period, message, facts, change))
    return alerts


_EVALUATORS = {"price_move": _price_moves, "new_fact": _new_facts, "trade_change": _trade_changes}


def evaluate(store: Store, rules: Sequence[Rule], since: str | None = None) -> list[Alert]:
    """Every alert of every rule, newest first; with `since` (ISO day), only those dated from it."""
    alerts: list[Alert] = []
    for rule in rules:
        alerts += _EVALUATORS[rule.when](store, rule)
    if since:
        alerts = [a for a in alerts if a.date and _day(a.date) >= since]
    alerts.sort(key=lambda a: (_day(a.date or ""), a.rule), reverse=True)
    return alerts


def _day(value: str) -> str:
    """A period or day as a comparable ISO day: 2025-10 -> 2025-10-01."""
    return fact_day({"period": value}, None) or "" if value else ""
