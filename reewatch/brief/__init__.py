"""Cited briefs: the facts of the stories that answer a query, written up in one language."""

from reewatch.brief.compose import make_brief

__all__ = ["make_brief"]
