"""The one exception tree of reewatch. Every interface maps it in one place.

ReewatchError
├── InputError     unreadable file, broken JSON line, missing field (path, line)  exit 2
├── ConfigError    bad lexicon entry or setting, named with file and entry          exit 2
└── MissingExtra   optional dependency absent; names the extra to install            exit 1
"""

from __future__ import annotations


class ReewatchError(Exception):
    """Base of every error reewatch raises on purpose."""

    exit_code = 1
    http_status = 500


class InputError(ReewatchError):
    """Input that cannot be read as documents. The message starts with `path:line:`."""

    exit_code = 2
    http_status = 400

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")


class ConfigError(ReewatchError):
    """A lexicon file or setting that does not validate; names the file and the entry."""

    exit_code = 2
    http_status = 500


class MissingExtra(ReewatchError):
    """An optional dependency is not installed; the message names the pip command."""

    exit_code = 1
    http_status = 501
