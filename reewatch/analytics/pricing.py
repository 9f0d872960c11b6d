"""Prices made comparable: VAT, exchange rate and unit, with every assumption stated.

A Chinese domestic quote ("CNY 1,510,000/t", VAT included) and a European one ("USD
880-920/kg CIF", ex-VAT) measure the same oxide on different bases. `Pricing.convert`
turns a price from its stated basis to a target basis in three steps, in this order:

1. remove the VAT the quote includes (÷ 1.13 for a Chinese domestic price);
2. change currency at the average rate of the price's month or year (÷ 7.10 CNY per USD);
3. change unit (÷ 1,000 from per tonne to per kilogram);

and then add the target's VAT if the target basis includes it. So 1,510,000 CNY/t incl.
13 % VAT at 7.10 CNY/USD is 1,510,000 / 1.13 / 7.10 / 1,000 = 188.21 USD/kg ex-VAT.

Which quotes include VAT, the VAT rates, the exchange rates and the unit factors are
domain knowledge: they live in `data/pricing.yaml`, loaded once by `PricingTables.load`.
Every conversion keeps the rates it used (`Conversion.rates`) so that the output can say
exactly what was assumed; `--fx USDCNY=7.12` and `--vat 13` override the file for one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reewatch.datafiles import read_data_yaml
from reewatch.errors import ConfigError

DATA_FILE = Path(__file__).with_name("data") / "pricing.yaml"
_PAIR = re.compile(r"^([A-Z]{3})/?([A-Z]{3})$")
_PERIOD = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")


class NoRate(LookupError):
    """No exchange rate links two currencies (neither in pricing.yaml nor given with --fx)."""


def _number(value: float) -> str:
    """13.0 -> "13", 12.5 -> "12.5": percentages and factors as a reader writes them."""
    return f"{value:g}"


def _rate_text(rate: float) -> str:
    """An exchange rate with 2 to 4 decimals: 7.1 -> "7.10", 7.0809 -> "7.0809"."""
    text = f"{rate:.4f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return f"{rate:.{max(2, decimals)}f}"


# ------------------------------------------------------------------------------ records
@dataclass(frozen=True, slots=True)
class FxRate:
    """One exchange rate as used: 1 `base` = `rate` `quote` (USDCNY 7.10: 1 USD = 7.10 CNY)."""

    pair: str
    rate: float
    period: str | None  # the period it is the average of ("2025-11", "2025"); None when given with --fx
    source: str
    note: str = ""  # "approximate", "carried forward from 2025-12", ...

    @property
    def base(self) -> str:
        return self.pair[:3]

    @property
    def quote(self) -> str:
        return self.pair[3:]

    def describe(self) -> str:
        """`USD/CNY 7.10 (2025-11, approximate; US Federal Reserve ... averages)`."""
        what = self.period or "given with --fx"
        extra = f", {self.note}" if self.note else ""
        source = f"; {self.source}" if self.period else ""
        return f"{self.base}/{self.quote} {_rate_text(self.rate)} ({what}{extra}{source})"

    def short(self) -> str:
        """`7.10 (2025-11, approximate)`: the rate without pair and source, for compact footnotes."""
        extra = f", {self.note}" if self.note else ""
        return f"{_rate_text(self.rate)} ({self.period or 'given with --fx'}{extra})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "pair": self.pair,
            "rate": self.rate,
            "means": f"1 {self.base} = {_rate_text(self.rate)} {self.quote}",
            "period": self.period,
            "source": self.source,
            "note": self.note or None,
            "overridden": self.period is None,
        }


@dataclass(frozen=True, slots=True)
class PriceBasis:
    """What a price number means: currency per unit, with or without VAT (and at what rate)."""

    currency: str
    unit: str
    vat_included: bool
    vat_rate: float = 0.0  # percent; 0 for an ex-VAT basis

    def label(self) -> str:
        """`CNY/t incl. 13 % VAT`, `USD/kg ex-VAT`."""
        vat = f"incl. {_number(self.vat_rate)} % VAT" if self.vat_included else "ex-VAT"
        return f"{self.currency}/{self.unit} {vat}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "unit": self.unit,
            "vat_included": self.vat_included,
            "vat_rate_pct": self.vat_rate if self.vat_included else None,
            "label": self.label(),
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """How a stated price is quoted, as pricing.yaml reads its currency and market."""

    basis: PriceBasis
    market: str  # as stated; or inferred from the currency ("China domestic"); or ""
    market_inferred: bool
    why: str  # the pricing.yaml reason for the VAT treatment
    vat_source: str = ""  # where the VAT rate comes from, when VAT is included


@dataclass(frozen=True, slots=True)
class Conversion:
    """One price's way from its stated basis to the target basis, with what it assumed."""

    source: PriceBasis
    target: PriceBasis
    rates: tuple[FxRate, ...] = ()
    fx_factor: float = 1.0  # target currency per source currency
    unit_factor: float = 1.0  # source units per target unit (per t -> per kg: 1/1000)
    vat_sources: tuple[str, ...] = ()

    @property
    def factor(self) -> float:
        """value in target basis = value in source basis x factor."""
        out = self.fx_factor * self.unit_factor
        if self.source.vat_included:
            out /= 1 + self.source.vat_rate / 100
        if self.target.vat_included:
            out *= 1 + self.target.vat_rate / 100
        return out

    @property
    def is_identity(self) -> bool:
        return self.source == self.target

    def apply(self, value: float | None) -> float | None:
        return None if value is None else value * self.factor

    def steps(self) -> list[str]:
        """The arithmetic in words: ["÷ 1.13 (remove 13 % VAT)", "÷ 7.10 (USD/CNY)", "÷ 1,000 (t -> kg)"]."""
        out: list[str] = []
        if self.source.vat_included:
            out.append(f"÷ {_number(1 + self.source.vat_rate / 100)} (remove {_number(self.source.vat_rate)} % VAT)")
        currency = self.source.currency
        for rate in self.rates:  # in order along the path: base -> quote multiplies, quote -> base divides
            op = "×" if rate.base == currency else "÷"
            currency = rate.quote if rate.base == currency else rate.base
            out.append(f"{op} {_rate_text(rate.rate)} ({rate.base}/{rate.quote})")
        if self.unit_factor != 1:
            if self.unit_factor < 1:
                out.append(f"÷ {1 / self.unit_factor:,.8g} ({self.source.unit} -> {self.target.unit})")
            else:
                out.append(f"× {self.unit_factor:,.8g} ({self.source.unit} -> {self.target.unit})")
        if self.target.vat_included:
            out.append(f"× {_number(1 + self.target.vat_rate / 100)} (add {_number(self.target.vat_rate)} % VAT)")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.source.label(),
            "to": self.target.label(),
            "factor": self.factor,
            "steps": self.steps(),
            "rates": [r.to_dict() for r in self.rates],
        }


# ------------------------------------------------------------------------------ the data file
@dataclass(frozen=True, slots=True)
class VatRate:
    area: str
    rate: float
    since: str | None
    source: str


@dataclass(frozen=True, slots=True)
class MarketRule:
    """A pricing.yaml `markets` rule: markets naming one of `words` are (or are not) VAT-inclusive."""

    words: tuple[str, ...]
    vat_included: bool
    area: str | None
    why: str
    pattern: re.Pattern[str]

    def matches(self, market: str) -> bool:
        return bool(self.pattern.search(market.casefold()))


@dataclass(frozen=True, slots=True)
class CurrencyRule:
    vat_included: bool
    area: str | None
    market: str | None
    why: str


@dataclass(frozen=True, slots=True)
class FxSeries:
    """The averages of one currency pair by period ("2025", "2025-11")."""

    pair: str
    means: str
    source: str
    rates: dict[str, FxRate]

    def at(self, day: str | None) -> FxRate:
        """The rate for a day: its month's average, else its year's, else the nearest period before it."""
        if day:
            for period in (day[:7], day[:4]):
                if period in self.rates:
                    return self.rates[period]
        starts = sorted(self.rates, key=lambda p: (p if len(p) == 7 else f"{p}-01", len(p)))
        before = [p for p in starts if day is None or (p if len(p) == 7 else f"{p}-01") <= day[:7]]
        period = before[-1] if before else starts[0]
        rate = self.rates[period]
        why = "no date: latest listed" if day is None else ("carried forward" if before else "earliest listed")
        note = ", ".join(n for n in (rate.note, f"{why} for {day[:7] if day else 'undated prices'}") if n)
        return FxRate(rate.pair, rate.rate, rate.period, rate.source, note)


def _word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Whole-word alternation for Latin words; CJK words match anywhere (no spaces between words)."""
    parts = []
    for word in sorted({w.casefold() for w in words}, key=len, reverse=True):
        escaped = re.escape(word)
        parts.append(escaped if re.search(r"[\u2e80-\uffff]", word) else rf"(?<!\w){escaped}(?!\w)")
    return re.compile("|".join(parts) or "(?!)")


@dataclass(frozen=True)
class PricingTables:
    """pricing.yaml, validated: VAT rates, market and currency rules, unit factors, exchange rates."""

    path: Path
    vat: dict[str, VatRate]
    markets: tuple[MarketRule, ...]
    currencies: dict[str, CurrencyRule]
    units: dict[str, float]
    fx: dict[str, FxSeries]

    @classmethod
    def load(cls, path: str | Path | None = None) -> PricingTables:
        path = Path(path or DATA_FILE)
        data = read_data_yaml(path, "pricing file")
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected sections vat, markets, currencies, units, fx")
        return cls(
            path,
            _vat(path, data.get("vat") or {}),
            _markets(path, data.get("markets") or []),
            _currencies(path, data.get("currencies") or {}),
            _units(path, data.get("units") or {}),
            _fx(path, data.get("fx") or {}),
        )


def _fail(path: Path, entry: str, problem: str) -> ConfigError:
    return ConfigError(f"{path}: {entry}: {problem}")


def _vat(path: Path, section: Mapping[str, Any]) -> dict[str, VatRate]:
    out = {}
    for area, entry in section.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("rate"), int | float):
            raise _fail(path, f"vat.{area}", "needs a numeric `rate` (percent)")
        since = entry.get("since")
        out[str(area)] = VatRate(
            str(area), float(entry["rate"]), str(since) if since else None, str(entry.get("source") or "")
        )
    return out


def _markets(path: Path, section: list[Any]) -> tuple[MarketRule, ...]:
    out = []
    for n, entry in enumerate(section, 1):
        if not isinstance(entry, dict) or not entry.get("words") or not isinstance(entry.get("vat_included"), bool):
            raise _fail(path, f"markets[{n}]", "needs `words` (a list) and `vat_included` (true/false)")
        if entry["vat_included"] and not entry.get("area"):
            raise _fail(path, f"markets[{n}]", "a VAT-inclusive market needs the `area` whose VAT applies")
        words = tuple(str(w) for w in entry["words"])
        out.append(
            MarketRule(
                words, entry["vat_included"], entry.get("area"), str(entry.get("why") or ""), _word_pattern(words)
            )
        )
    return tuple(out)


def _currencies(path: Path, section: Mapping[str, Any]) -> dict[str, CurrencyRule]:
    out = {}
    for code, entry in section.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("vat_included"), bool):
            raise _fail(path, f"currencies.{code}", "needs `vat_included` (true/false)")
        if entry["vat_included"] and not entry.get("area"):
            raise _fail(path, f"currencies.{code}", "a VAT-inclusive currency needs the `area` whose VAT applies")
        out[str(code)] = CurrencyRule(
            entry["vat_included"], entry.get("area"), entry.get("market"), str(entry.get("why") or "")
        )
    return out


def _units(path: Path, section: Mapping[str, Any]) -> dict[str, float]:
    out = {}
    for unit, kg in section.items():
        if not isinstance(kg, int | float) or kg <= 0:
            raise _fail(path, f"units.{unit}", "expected the kilograms in one unit (a positive number)")
        out[str(unit)] = float(kg)
    if "kg" not in out:
        raise _fail(path, "units", "must list kg")
    return out


def _fx(path: Path, section: Mapping[str, Any]) -> dict[str, FxSeries]:
    out = {}
    for pair, entry in section.items():
        if not _PAIR.match(str(pair)) or not isinstance(entry, dict) or not isinstance(entry.get("rates"), dict):
            raise _fail(path, f"fx.{pair}", "expected a pair like USDCNY with `rates` by period")
        source = str(entry.get("source") or "")
        rates = {}
        for period, value in entry["rates"].items():
            period = str(period)
            if not _PERIOD.match(period):
                raise _fail(path, f"fx.{pair}.{period}", "a period is YYYY or YYYY-MM")
            item = value if isinstance(value, dict) else {"rate": value}
            rate = item.get("rate")
            if not isinstance(rate, int | float) or rate <= 0:
                raise _fail(path, f"fx.{pair}.{period}", "expected a positive rate")
            rates[period] = FxRate(
                str(pair), float(rate), period, str(item.get("source") or source), str(item.get("note") or "")
            )
        out[str(pair)] = FxSeries(str(pair), str(entry.get("means") or ""), source, rates)
    return out


# ------------------------------------------------------------------------------ conversion
def parse_fx(text: str) -> tuple[str, float]:
    """`USDCNY=7.12` (or `USD/CNY=7.12`) -> ("USDCNY", 7.12): 1 USD = 7.12 CNY. ValueError if not."""
    pair, _, rate = text.replace(" ", "").partition("=")
    m = _PAIR.match(pair.upper())
    try:
        value = float(rate)
    except ValueError:
        value = 0.0
    if not m or value <= 0 or m.group(1) == m.group(2):
        raise ValueError(f"{text!r} is not PAIR=RATE (e.g. USDCNY=7.12: 1 USD = 7.12 CNY)")
    return m.group(1) + m.group(2), value


@dataclass
class Pricing:
    """pricing.yaml plus this run's overrides; converts prices and says what it assumed.

    `fx`: pair -> rate given by the user (USDCNY=7.12), used for every date instead of the
    file's averages. `vat`: a VAT rate (percent) used for every VAT-inclusive basis.
    """

    tables: PricingTables
    fx: dict[str, float] = field(default_factory=dict)
    vat: float | None = None

    @classmethod
    def load(
        cls, path: str | Path | None = None, fx: Mapping[str, float] | Iterable[str] = (), vat: float | None = None
    ) -> Pricing:
        """pricing.yaml (or another file) with overrides: `fx` as {"USDCNY": 7.12} or ["USDCNY=7.12"]."""
        items = [f"{k}={v}" for k, v in fx.items()] if isinstance(fx, Mapping) else list(fx)
        overrides = dict(parse_fx(item) for item in items)
        if vat is not None and not 0 <= vat < 100:
            raise ValueError(f"--vat {vat}: a VAT rate is a percentage from 0 to 100")
        return cls(PricingTables.load(path), overrides, vat)

    # ------------------------------------------------------------------ what a quote means
    def vat_rate(self, area: str | None) -> tuple[float, str]:
        """(percent, where it comes from) of an area's VAT, or of --vat when given."""
        if self.vat is not None:
            return self.vat, "given with --vat"
        if area and area in self.tables.vat:
            entry = self.tables.vat[area]
            return entry.rate, f"{area} VAT {_number(entry.rate)} %" + (f", {entry.source}" if entry.source else "")
        raise ValueError(f"no VAT rate for {area or 'this basis'} in {self.tables.path.name}; give one with --vat")

    def quote(self, currency: str, unit: str, market: str | None) -> Quote:
        """How a stated price is quoted: the market rule that matches, else its currency's convention."""
        text = " ".join((market or "").split())
        rule = next((r for r in self.tables.markets if text and r.matches(text)), None)
        if rule is not None:
            included, area, why, label, inferred = rule.vat_included, rule.area, rule.why, text, False
        elif currency in self.tables.currencies:
            cur = self.tables.currencies[currency]
            included, area, why = cur.vat_included, cur.area, cur.why
            label, inferred = (text, False) if text else (cur.market or "", bool(cur.market))
        else:
            included, area, why, label, inferred = (
                False,
                None,
                f"{currency} is not in pricing.yaml: taken as ex-VAT",
                text,
                False,
            )
        rate, vat_source = self.vat_rate(area) if included else (0.0, "")
        return Quote(PriceBasis(currency, unit, included, rate), label, inferred, why, vat_source)

    def target(self, currency: str, unit: str, vat_included: bool | None = None) -> PriceBasis:
        """A target basis; VAT follows the currency's convention (CNY incl., USD ex) unless given."""
        if unit not in self.tables.units:
            raise ValueError(f"unknown unit {unit!r} (known: {', '.join(self.tables.units)})")
        rule = self.tables.currencies.get(currency)
        included = (rule.vat_included if rule else False) if vat_included is None else vat_included
        rate = self.vat_rate(rule.area if rule else None)[0] if included else 0.0
        return PriceBasis(currency, unit, included, rate)

    # ------------------------------------------------------------------ exchange rates
    def _direct(self, base: str, quote: str, day: str | None) -> tuple[float, FxRate] | None:
        """1 base = x quote from an override or the file, either way round."""
        for pair, invert in ((base + quote, False), (quote + base, True)):
            if pair in self.fx:
                rate = FxRate(pair, self.fx[pair], None, "given with --fx")
            elif pair in self.tables.fx:
                rate = self.tables.fx[pair].at(day)
            else:
                continue
            return (1 / rate.rate if invert else rate.rate), rate
        return None

    def fx_factor(self, source: str, target: str, day: str | None) -> tuple[float, tuple[FxRate, ...]]:
        """Target currency units per source currency unit on a day, and the rates used (direct, or via USD)."""
        if source == target:
            return 1.0, ()
        direct = self._direct(source, target, day)
        if direct:
            return direct[0], (direct[1],)
        first = self._direct(source, "USD", day)
        second = self._direct("USD", target, day)
        if first and second:
            return first[0] * second[0], (first[1], second[1])
        raise NoRate(f"no exchange rate from {source} to {target}: add it to pricing.yaml or give --fx")

    # ------------------------------------------------------------------ converting
    def conversion(self, quote: Quote, target: PriceBasis, day: str | None) -> Conversion:
        """The conversion of a quote to the target basis on a day (raises NoRate, ValueError)."""
        source = quote.basis
        if source.unit not in self.tables.units:
            raise ValueError(f"unknown unit {source.unit!r}")
        fx_factor, rates = self.fx_factor(source.currency, target.currency, day)
        units = self.tables.units
        vat_sources = [quote.vat_source] if source.vat_included and quote.vat_source else []
        if target.vat_included:
            rule = self.tables.currencies.get(target.currency)
            vat_sources.append(self.vat_rate(rule.area if rule else None)[1])
        return Conversion(
            source,
            target,
            rates,
            fx_factor,
            units[target.unit] / units[source.unit],
            tuple(dict.fromkeys(vat_sources)),
        )
