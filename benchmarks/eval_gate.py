"""Score extraction on the dev set and fail when a type falls below its pinned floor.

    python benchmarks/eval_gate.py            # check against benchmarks/baseline.json
    python benchmarks/eval_gate.py --update   # pin the current scores as the new floors

The dev set and scorer live in ../shared/eval (shared/ sits beside the project).
Lowering a floor needs --allow-regression, so a drop is always a visible decision.
Our own sample corpus (samples/ with tests/data/samples.gold.jsonl) and the dev2 and dev3
sets (tests/data/dev2/, dev3/, dev4/: realistic pages in en, zh, fr) are gated the same way.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASELINE = ROOT / "benchmarks" / "baseline.json"
SETS = {
    "dev": (SHARED / "eval" / "dev" / "seeds.docs.jsonl", SHARED / "eval" / "dev" / "seeds.gold.jsonl"),
    "samples": (ROOT / "samples", ROOT / "tests" / "data" / "samples.gold.jsonl"),
    # written to look like the held-out set's real pages (scraped furniture, tables, result
    # pages, summaries) by annotators who had not tuned the extractor on them
    **{
        f"{round_}-{lang}": (
            ROOT / "tests" / "data" / round_ / f"{lang}.docs.jsonl",
            ROOT / "tests" / "data" / round_ / f"{lang}.gold.jsonl",
        )
        for round_ in ("dev2", "dev3", "dev4")  # each a later round, new stories and writers
        for lang in ("en", "zh", "fr")
    },
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score_facts", SHARED / "eval" / "score_facts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            h.update(f.read_bytes())
    return h.hexdigest()


def score(name: str) -> dict:
    """Per-type F1 and provenance of the current extractor on one evaluation set."""
    from reewatch.ingest.readers import read_documents
    from reewatch.pipeline import Pipeline

    docs_path, gold_path = SETS[name]
    scorer = _scorer()
    documents = list(read_documents([docs_path]))
    facts = [f.to_dict() for f in Pipeline().extract(documents)]
    gold = scorer.load(str(gold_path))
    texts = {scorer.base(d.id): scorer.collapse(d.text) for d in documents}
    rows, provenance, _, _ = scorer.score(gold, facts, texts)
    return {
        "f1": {t: r["f1"] for t, r in rows.items() if r["gold"] or r["system"]},
        "provenance": provenance,
        "digest": _digest(docs_path, gold_path),
        "rows": rows,
    }


def check(update: bool = False, allow_regression: bool = False) -> list[str]:
    """Problems found (empty when every floor holds); with update, pins current scores."""
    base = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    problems: list[str] = []
    for name in SETS:
        if not SETS[name][1].exists():
            continue
        result = score(name)
        pinned = base.get(name, {})
        if update:
            old = pinned.get("floors", {})
            lower = {t: f for t, f in result["f1"].items() if f + 0.0005 < old.get(t, 0.0)}
            if lower and not allow_regression:
                problems.append(f"{name}: --update would lower floors {lower}; add --allow-regression")
                continue
            base[name] = {"floors": result["f1"], "provenance": result["provenance"], "digest": result["digest"]}
            continue
        if pinned.get("digest") and pinned["digest"] != result["digest"]:
            problems.append(f"{name}: evaluation data changed since the floors were pinned; run with --update")
        low = {
            t: (f, pinned["floors"][t])
            for t, f in result["f1"].items()
            if t in pinned.get("floors", {}) and f + 0.0005 < pinned["floors"][t]
        }
        missing = {t for t in pinned.get("floors", {}) if t not in result["f1"] and pinned["floors"][t] > 0}
        if low or missing:
            problems.append(f"{name}: F1 below pinned floor (now, floor): {low} {sorted(missing)}")
        if result["provenance"] is not None and result["provenance"] < 1.0:
            problems.append(f"{name}: provenance {result['provenance']} < 1.0")
        print(f"{name}: F1 all={result['f1'].get('all')} provenance={result['provenance']}")
    if update and not problems:
        BASELINE.write_text(json.dumps(base, indent=1, sort_keys=True) + "\n")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--allow-regression", action="store_true")
    a = ap.parse_args()
    problems = check(a.update, a.allow_regression)
    for p in problems:
        print(p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
