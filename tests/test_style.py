"""The code is ruff clean, and `import reewatch` pulls in nothing heavy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from types import ModuleType

import reewatch
from tests.conftest import ROOT


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    out = subprocess.run([ruff, "check", "reewatch", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_import_pulls_in_nothing_heavy() -> None:
    code = "import sys, reewatch; print(*sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not set(out.stdout.split()) & {"trafilatura", "lingua", "ahocorasick", "yaml", "wordninja", "click"}


def test_all_is_the_public_api() -> None:
    public = {n for n, v in vars(reewatch).items() if n[:1] != "_" and type(v) is not ModuleType}
    public.discard("annotations")
    assert public | {"Pipeline", "__version__"} == set(reewatch.__all__)


def test_extract_is_the_function_even_after_the_pipeline_is_imported() -> None:
    import reewatch.pipeline  # importing submodules must not shadow the API

    facts = reewatch.extract("Terbium oxide: CNY 7,030/kg, unchanged.")
    assert [(f.type, f.fields["product"], f.fields["value"]) for f in facts] == [("price", "tb-oxide", 7030)]
