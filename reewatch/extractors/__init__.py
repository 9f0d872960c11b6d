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
from reewatch.extractors.price import extract_prices
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

__all__ = ["EXTRACTORS", "DocContext", "Extractor", "SentenceView"]
