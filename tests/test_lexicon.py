"""The lexicon files validate, cover the vocabularies of FACTS.md, and say one thing per name."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from reewatch.errors import ConfigError
from reewatch.lexicon import DATA_DIR, LANGS, PRODUCT_IDS, Lexicon
from tests.conftest import SHARED

KNOWN_CUE_CATEGORIES = {
    "export", "import", "to", "from", "up", "down", "flat", "mom", "yoy", "qoq", "wow", "price", "share", "stage",
    "global", "forecast", "capacity", "target", "production", "revenue", "net_profit", "loss", "sales_volume",
    "orders", "market_value", "policy", "control_objects", "hedge", "corporate", "funding", "funding_exclude",
    "company_ref", "market", "multiple", "respectively", "destination", "enact", "project_ref",
}  # fmt: skip


def test_every_file_loads_and_every_index_builds() -> None:
    Lexicon().validate()


@pytest.mark.parametrize("path", sorted((DATA_DIR / "cues").glob("*.yaml")), ids=lambda p: p.name)
def test_cue_files_use_only_known_categories(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert set(data) <= KNOWN_CUE_CATEGORIES, f"unknown categories: {set(data) - KNOWN_CUE_CATEGORIES}"


def test_every_fact_product_id_has_names() -> None:
    lexicon = Lexicon()
    named = {pid for _, pid in lexicon.product_forms()}
    unnamed = PRODUCT_IDS - named - {"prnd", "dy", "tb", "nd"}  # these four are named through elements.yaml
    assert not unnamed


def test_no_company_alias_names_two_companies() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for cid, entry in Lexicon().companies.items():
        for lang in LANGS:
            for form in entry.get(lang) or []:
                owners[str(form).lower()].add(cid)
    assert {form: ids for form, ids in owners.items() if len(ids) > 1} == {}


def test_no_area_form_names_two_areas() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for code, entry in Lexicon().areas.items():
        for lang in LANGS:
            for form in entry.get(lang) or []:
                owners[str(form)].add(str(code))
    assert {form: codes for form, codes in owners.items() if len(codes) > 1} == {}


@pytest.mark.skipif(not (SHARED / "reference" / "companies.csv").exists(), reason="shared/ is not beside the project")
def test_every_reference_company_is_in_the_lexicon() -> None:
    with (SHARED / "reference" / "companies.csv").open(encoding="utf-8") as f:
        reference = {row["company_id"] for row in csv.DictReader(f)}
    assert reference - set(Lexicon().companies) == set()


def test_a_broken_file_is_named_with_its_line(tmp_path: Path) -> None:
    for item in DATA_DIR.rglob("*.yaml"):
        target = tmp_path / item.relative_to(DATA_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.read_bytes())
    (tmp_path / "units.yaml").write_text("mass: [t, kg\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"units.yaml:\d+: not valid YAML"):
        Lexicon(tmp_path).validate()
