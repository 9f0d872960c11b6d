"""The docs keep up with the code: every command is in docs/cli.md, every lexicon file in docs/lexicon.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from reewatch.interfaces.cli import cli
from tests.conftest import ROOT

DOCS = ROOT / "docs"
LEXICON_DATA = ROOT / "reewatch" / "lexicon" / "data"
COMMAND_HEADING = re.compile(r"^## reewatch (\S+)\s*$", re.MULTILINE)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _lexicon_files() -> list[Path]:
    return sorted(p for p in LEXICON_DATA.rglob("*") if p.suffix in {".yaml", ".yml"})


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_is_documented(name: str) -> None:
    assert name in COMMAND_HEADING.findall(_read(DOCS / "cli.md")), f"docs/cli.md needs a '## reewatch {name}' section"
    assert (cli.commands[name].help or "").strip(), f"reewatch {name} has no help text"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output


def test_cli_docs_describe_only_registered_commands() -> None:
    documented = set(COMMAND_HEADING.findall(_read(DOCS / "cli.md")))
    unknown = documented - set(cli.commands)
    assert not unknown, f"docs/cli.md documents commands that do not exist: {sorted(unknown)}"


def test_lexicon_files_exist() -> None:
    assert _lexicon_files(), f"no YAML files found under {LEXICON_DATA}"


@pytest.mark.parametrize("path", _lexicon_files(), ids=lambda p: p.relative_to(LEXICON_DATA).as_posix())
def test_lexicon_file_is_in_the_guide(path: Path) -> None:
    assert path.name in _read(DOCS / "lexicon.md"), f"docs/lexicon.md does not mention {path.name}"
