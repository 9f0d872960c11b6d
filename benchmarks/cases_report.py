"""Pass rate of the example tables (tests/cases) per type and language, and the gap list.

python benchmarks/cases_report.py                 # table of pass rates
python benchmarks/cases_report.py --show TYPE     # the failing rows of one type
python benchmarks/cases_report.py --write-gaps    # rewrite tests/cases/known_gaps.txt
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reewatch.pipeline import Pipeline  # noqa: E402
from tests.test_cases import CASES, run_case  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", default=None)
    ap.add_argument("--write-gaps", action="store_true")
    a = ap.parse_args()
    pipeline = Pipeline()
    passed: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    gaps = []
    for path in sorted(CASES.glob("*.yaml")):
        fact_type = path.stem
        for row in yaml.safe_load(path.read_text(encoding="utf-8")):
            missing, extra = run_case(pipeline, fact_type, row)
            key = (fact_type, row.get("lang", "?"))
            total[key] += 1
            if not missing and not extra:
                passed[key] += 1
                continue
            gaps.append(f"{fact_type}:{row['id']}")
            if a.show == fact_type:
                print(f"--- {row['id']}: {row['text']}")
                for m in missing:
                    print("  missing:", json.dumps(m, ensure_ascii=False, default=str))
                for e in extra:
                    print(
                        "  got:    ",
                        json.dumps(
                            {
                                k: v
                                for k, v in e.items()
                                if k not in {"sentence", "span", "raw", "rule", "confidence", "lang", "doc_id"}
                                and v not in (None, [])
                            },
                            ensure_ascii=False,
                        ),
                    )
    types = sorted({t for t, _ in total})
    langs = sorted({lang for _, lang in total})
    print(f"{'type':16}" + "".join(f"{lang:>9}" for lang in langs) + f"{'all':>10}")
    for t in types:
        cells = []
        for lang in langs:
            n = total[(t, lang)]
            cells.append(f"{passed[(t, lang)]:>4}/{n:<4}" if n else " " * 9)
        p, n = sum(passed[(t, lang)] for lang in langs), sum(total[(t, lang)] for lang in langs)
        print(f"{t:16}" + "".join(cells) + f"{p:>5}/{n:<4}")
    p, n = sum(passed.values()), sum(total.values())
    print(f"{'all':16}" + " " * 9 * len(langs) + f"{p:>5}/{n:<4} ({p / n:.0%})")
    if a.write_gaps:
        (CASES / "known_gaps.txt").write_text("\n".join(sorted(gaps)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
