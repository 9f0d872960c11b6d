"""The command line as a user meets it: formats, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DOC = {
    "id": "d1",
    "text": "Dysprosium oxide: CNY 1,650,000/t (unchanged). China exported 5,210 tonnes of "
    "rare earth magnets in October, down 4.2% month-on-month.",
    "published": "2025-11-20",
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reewatch", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    f = tmp_path / "docs.jsonl"
    f.write_text(json.dumps(DOC) + "\n", encoding="utf-8")
    return f


def test_extract_jsonl_is_facts_md_shape(docs: Path) -> None:
    out = run("extract", str(docs), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    facts = [json.loads(line) for line in out.stdout.splitlines()]
    price = next(f for f in facts if f["type"] == "price")
    assert (price["product"], price["value"], price["currency"], price["unit"]) == ("dy-oxide", 1650000, "CNY", "t")
    trade = next(f for f in facts if f["type"] == "trade_flow")
    assert (trade["reporter"], trade["partner"], trade["quantity"], trade["period"], trade["change_mom_pct"]) == (
        "CN",
        "WORLD",
        5210,
        "2025-10",
        -4.2,
    )
    for f in facts:
        assert DOC["text"][f["span"][0] : f["span"][1]] == f["sentence"]
        assert {"doc_id", "sentence", "span", "lang", "confidence", "raw", "rule"} <= set(f)


def test_extract_table_is_for_people(docs: Path) -> None:
    out = run("extract", str(docs), "--format", "table")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["doc", "type", "fact", "sentence"]
    assert lines[-1].endswith("facts")


def test_extract_json_and_csv(docs: Path) -> None:
    assert isinstance(json.loads(run("extract", str(docs), "--format", "json").stdout), list)
    assert run("extract", str(docs), "--format", "csv").stdout.startswith("type,doc_id,")


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"id": "x", "text": "a"}\nnot json\n', ":2: not JSON"),
        ('{"id": "x"}\n', ":1: missing 'text'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(content, encoding="utf-8")
    out = run("extract", str(f))
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and message in out.stderr and str(f) in out.stderr
    assert out.stdout == ""


def test_unknown_flag_and_missing_file_exit_2(docs: Path) -> None:
    flag = run("extract", str(docs), "--nope")
    missing = run("extract", "/nonexistent.jsonl")
    assert (flag.returncode, missing.returncode) == (2, 2)
    assert "Traceback" not in flag.stderr + missing.stderr
    assert missing.stderr.strip() == "/nonexistent.jsonl: no such file or folder"


def test_closing_the_pipe_early_is_not_an_error(docs: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "reewatch", "extract", "samples", "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # like "| head -1"
    assert proc.wait(timeout=120) == 0
    assert b"Traceback" not in proc.stderr.read()
