"""Reading the review file's YAML nodes, each scalar by the type its field has, collecting every problem with its line.

The review file is read with PyYAML's compose API (``yaml.compose``), not ``safe_load``: the
nodes carry line numbers for every message, and each scalar is read here by the type its
field has. That keeps ``name: NO`` (Norway) a string and ``date: 2023-07-01`` the text
``2023-07-01``, where YAML 1.1 resolution would give ``False`` and a ``datetime.date``.
:class:`_NodeReader` converts one node at a time (a mapping with known keys, text, yes/no,
whole numbers, numbers, lists, a choice among allowed values, a date) and records a problem,
with its line, for every value that is not what its field needs.
"""

from __future__ import annotations

import difflib

import yaml

from collabgraph.dates import parse_partial_date
from collabgraph.errors import BadDate

_TRUE = {"yes", "y", "true", "on"}
_FALSE = {"no", "n", "false", "off"}
_NULLS = {"", "~", "null", "Null", "NULL"}


def _line(node) -> int:
    return node.start_mark.line + 1


class _NodeReader:
    """Converts composed YAML nodes by the type of their field, collecting problems."""

    problems: list[tuple[int | None, str]]

    def problem(self, node, message: str) -> None:
        self.problems.append((_line(node) if node is not None else None, message))

    # -- node helpers ------------------------------------------------------------------------

    def mapping(self, node, what: str, keys: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} should be a mapping of `key: value` lines")
            return {}
        found: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in keys:
                close = difflib.get_close_matches(str(key), keys, n=3, cutoff=0.6)
                hint = f"; did you mean: {', '.join(close)}?" if close else f" (known: {', '.join(keys)})"
                self.problem(key_node, f"unknown key {key!r} in {what}{hint}")
                continue
            if key in found:
                self.problem(key_node, f"{key!r} given twice in {what}")
                continue
            found[key] = value_node
        for key in required:
            if key not in found:
                self.problem(node, f"{what} has no `{key}`")
        return found

    def scalar(self, node, key: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"`{key}` should be a single value, not a list or mapping")
            return None
        if node.style is None and node.value in _NULLS:
            return None
        return node.value

    def text(self, node, key: str, *, required: bool = False) -> str | None:
        value = self.scalar(node, key)
        if required and (value is None or not value.strip()):
            self.problem(node, f"`{key}` is empty")
        return value

    def flag(self, node, key: str, default: bool | None = None) -> bool | None:
        value = self.scalar(node, key)
        if value is None:
            if default is None:
                self.problem(node, f"`{key}` must be yes or no")
            return default
        if value.casefold() in _TRUE:
            return True
        if value.casefold() in _FALSE:
            return False
        self.problem(node, f"`{key}` must be yes or no, not {value!r}")
        return default

    def integer(self, node, key: str) -> int | None:
        value = self.scalar(node, key)
        if value is None:
            self.problem(node, f"`{key}` must be a whole number")
            return None
        try:
            return int(value, 10)
        except ValueError:
            self.problem(node, f"`{key}` must be a whole number, not {value!r}")
            return None

    def number(self, node, key: str) -> float | None:
        value = self.scalar(node, key)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            self.problem(node, f"`{key}` must be a number, not {value!r}")
            return None

    def texts(self, node, key: str) -> list[str]:
        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"`{key}` should be a list (lines starting with '- ')")
            return []
        return [v for item in node.value if (v := self.text(item, key)) is not None]

    def choice(self, node, key: str, allowed: tuple[str, ...], *, required: bool = True) -> str | None:
        if node is not None and not isinstance(node, yaml.ScalarNode):
            return self.scalar(node, key)  # says it should be a single value
        value = self.scalar(node, key)
        if value is None:
            if required:
                self.problem(node, f"`{key}` is empty; choose one of: {', '.join(allowed)}")
            return None
        by_fold = {a.casefold(): a for a in allowed}
        if value.strip().casefold() in by_fold:
            return by_fold[value.strip().casefold()]
        close = difflib.get_close_matches(value.strip().casefold(), list(by_fold), n=3, cutoff=0.6)
        hint = f"; did you mean: {', '.join(by_fold[c] for c in close)}?" if close else f"; choose one of: {', '.join(allowed)}"
        self.problem(node, f"unknown {key} {value!r}{hint}")
        return None

    def date(self, node, key: str) -> str | None:
        value = self.scalar(node, key)
        if value is None:
            return None
        try:
            return parse_partial_date(value)
        except BadDate as exc:
            self.problem(node, f"`{key}`: {exc}")
            return None
