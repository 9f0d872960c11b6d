"""Shared fixtures: one pipeline per test session (building it loads the lexicon)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reewatch.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()
