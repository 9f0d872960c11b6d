"""Reading YAML, the two ways reewatch needs it.

- Files that ship with reewatch (the lexicon, pricing assumptions, reference stages): a bad
  one is a fault of the installation or of a domain expert's edit, a `ConfigError` that
  names the file and line.
- Files a user gives (scenarios, alert rules): a bad one is bad input, an `InputError` with
  `path:line` and exit status 2; `read_user_yaml` also returns the line of every key and
  list item, so that a check further down can point at the offending entry.

PyYAML is imported here, inside the functions: `import reewatch` must stay light.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reewatch.errors import ConfigError, InputError


def _yaml_problem(e: Exception) -> tuple[int | None, str]:
    mark = getattr(e, "problem_mark", None)
    return (mark.line + 1 if mark is not None else None), f"not valid YAML: {getattr(e, 'problem', None) or e}"


def read_data_yaml(path: str | Path, what: str = "data file") -> Any:
    """A YAML file of reewatch's own data, with libyaml's loader where PyYAML has it (~8x faster)."""
    import yaml

    path = Path(path)
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as e:
        raise ConfigError(f"{path}: {what} is missing") from e
    except OSError as e:
        raise ConfigError(f"{path}: {what} cannot be read ({e.strerror or e})") from e
    except yaml.YAMLError as e:
        line, problem = _yaml_problem(e)
        raise ConfigError(f"{path}{f':{line}' if line else ''}: {problem}") from e


def key_lines(node: Any, where: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """1-based line of every key and list item of a composed YAML node, by its path."""
    import yaml

    lines: dict[tuple[Any, ...], int] = {where: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[(*where, key.value)] = key.start_mark.line + 1
            lines.update({k: v for k, v in key_lines(value, (*where, key.value)).items() if k != (*where, key.value)})
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(key_lines(item, (*where, i)))
    return lines


class YamlLines:
    """Where the entries of a user's YAML file are, for errors that point at them."""

    def __init__(self, path: str, lines: dict[tuple[Any, ...], int]) -> None:
        self.path, self.lines = path, lines

    def line(self, where: tuple[Any, ...]) -> int | None:
        """The line of the entry at `where`, or of its nearest enclosing entry that has one."""
        for n in range(len(where), -1, -1):
            if where[:n] in self.lines:
                return self.lines[where[:n]]
        return None

    def fail(self, where: tuple[Any, ...], problem: str) -> InputError:
        return InputError(self.path, self.line(where), problem)


def read_user_yaml(path: str, text: str) -> tuple[Any, YamlLines]:
    """The data of a user's YAML text and where each of its entries is; bad YAML is an InputError."""
    import yaml

    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        line, problem = _yaml_problem(e)
        raise InputError(path, line, problem) from None
    return data, YamlLines(path, key_lines(node) if node is not None else {})
