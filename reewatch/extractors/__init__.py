"""Extract: one extractor per fact type, each a cascade of lexicon-driven rules.

Every extractor is a function `(SentenceView, DocContext, Lexicon) -> list[Fact]`; the
registry below fixes the order they run in (trade before production, so a tonnage in an
export sentence is a trade flow).
"""

from __future__ import annotations

from collections.abc import Callable

from reewatch.extractors.base import DocContext, SentenceView
from reewatch.extractors.company import extract_company_metrics
from reewatch.extractors.corporate import extract_corporate
from reewatch.extractors.funding import extract_funding
from reewatch.extractors.policy import extract_policy
from reewatch.extractors.price import UNIT_CAPTION, extract_prices
from reewatch.extractors.production import extract_production
from reewatch.extractors.share import extract_shares
from reewatch.extractors.trade import extract_trade
from reewatch.lexicon import Lexicon
from reewatch.models import Fact

Extractor = Callable[[SentenceView, DocContext, Lexicon], list[Fact]]

EXTRACTORS: dict[str, Extractor] = {
    "price": extract_prices,
    "trade_flow": extract_trade,
    "market_share": extract_shares,
    "policy_event": extract_policy,
    "company_metric": extract_company_metrics,
    "production": extract_production,
    "funding": extract_funding,
    "corporate_event": extract_corporate,
}

_METRIC_CUES = ("revenue", "net_profit", "sales_volume", "orders", "market_value")


def worth_running(fact_type: str, view: SentenceView, ctx: DocContext) -> bool:
    """A cheap test of whether an extractor could find anything in this sentence: most
    sentences of an article carry none of the words a given fact type needs."""
    if fact_type == "price":
        return (
            view.has("price")
            or any(q.kind == "money" for q in view.quantities)
            or (view.text.count("|") >= 3 and bool(view.quantities))  # a row of a price table
            or ("\t" in view.text and bool(view.quantities))  # a row of a table pasted with tabs
            or (ctx.table_unit is None and "|" in view.text)  # its header
            or UNIT_CAPTION.match(view.text) is not None  # a unit line above a table: "单位：元/吨"
            # a row of a table whose unit was given once, in a caption or a header
            or (ctx.table_unit is not None and bool(view.quantities) and bool(view.of_kind("product", "element")))
        )
    if fact_type == "trade_flow":
        return view.has("export", "import") or (
            ctx.last_trade_view == ctx.view_index - 1 and any(q.kind == "mass" for q in view.quantities)
        )
    if fact_type == "market_share":  # also keeps track of the holder a later "Its share" means
        return bool(view.mentions) or any(q.kind == "percent" for q in view.quantities)
    if fact_type == "policy_event":
        return view.has_prefix("policy.")
    if fact_type == "company_metric":
        return view.has(*_METRIC_CUES)
    if fact_type == "production":
        return view.has("production", "capacity", "target") or (
            # a list going on from the sentence before: "Suivent les États-Unis (45 000 t) …"
            ctx.last_production is not None
            and ctx.last_production[0] == ctx.view_index - 1
            and any(q.kind == "mass" for q in view.quantities)
        )
    if fact_type == "funding":
        return view.has("funding")
    if fact_type == "corporate_event":
        return view.has_prefix("corporate.")
    return True


__all__ = [
    "EXTRACTORS",
    "UNIT_CAPTION",
    "DocContext",
    "Extractor",
    "SentenceView",
    "worth_running",
]
