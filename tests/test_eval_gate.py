"""The dev-set floors pinned in benchmarks/baseline.json hold (a regression fails CI)."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.mark.skipif(not (SHARED / "eval" / "score_facts.py").exists(), reason="shared/ is not beside the project")
def test_scores_stay_above_pinned_floors() -> None:
    import eval_gate

    assert eval_gate.check() == []
