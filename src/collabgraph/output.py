"""Print results as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

__all__ = ["FORMATS", "render"]

FORMATS = ("table", "json", "csv")


def _cell(value: Any, digits: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v, digits) for v in value)
    if digits is not None and isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def render(rows: Sequence[dict], columns: Sequence[str], fmt: str, *,
           records: Any = None, title: str | None = None) -> str:
    """Render ``rows`` (flat dicts) in ``fmt``; JSON renders ``records`` when given (nested).

    Examples
    --------
    >>> print(render([{"a": 1, "b": None}], ["a", "b"], "csv"), end="")
    a,b
    1,
    >>> render([{"a": 1}], ["a"], "json")
    '[\\n  {\\n    "a": 1\\n  }\\n]'
    """
    if fmt == "json":
        return json.dumps(rows if records is None else records, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buf.getvalue()
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*(Text(_cell(row.get(c), digits=4)) for c in columns))
    console = Console(record=True, width=160, file=io.StringIO())
    console.print(table)
    return console.export_text()
