"""Print results as a table, JSON or CSV.

Tables fit the terminal they are printed to: the width is ``$COLUMNS`` when set, else the
terminal's width when standard output is one, else :data:`PIPE_WIDTH` (a file, a pipe, ``less``).
Short columns (dates, statuses) keep their width; long ones share what is left, wrap at spaces and
end a word too long for them with ``…``; columns a command marks optional are left out, and named,
when even that does not fit. Every table says how many rows it holds, and how to see the rest when
``--limit`` cut it. JSON and CSV are never wrapped or cut, except by an explicit ``--limit``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["FORMATS", "PIPE_WIDTH", "TABLE_LIMIT", "render", "table_width", "limit_note"]

FORMATS = ("table", "json", "csv")
#: The width of a table whose output is not a terminal (a file, a pipe) and ``$COLUMNS`` is unset.
PIPE_WIDTH = 120
#: Rows a long table shows by default (``--limit`` changes it; JSON and CSV list every row).
TABLE_LIMIT = 50
#: Narrowest terminal tables are laid out for.
MIN_WIDTH = 40
#: A column whose widest cell is at most this wide is never wrapped.
_SHORT = 12
#: A long column is never narrower than this (or its widest cell).
_MIN_LONG = 12
#: A long column keeps words up to this long whole (longer ones end with …).
_MAX_WORD = 24
#: Between two columns: padding, the rule, padding.
_GAP = 3


def table_width(stream=None) -> int:
    """The width tables are printed at: ``$COLUMNS``, else the terminal's, else :data:`PIPE_WIDTH`.

    ``stream`` (standard output by default) decides whether output goes to a terminal; never less
    than :data:`MIN_WIDTH`.

    Examples
    --------
    >>> import io, os
    >>> os.environ["COLUMNS"] = "80"
    >>> table_width()
    80
    >>> del os.environ["COLUMNS"]
    >>> table_width(io.StringIO()) == PIPE_WIDTH
    True
    """
    stream = sys.stdout if stream is None else stream
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        width = int(columns)
    else:
        try:
            terminal = stream.isatty()
        except (AttributeError, ValueError):
            terminal = False
        width = shutil.get_terminal_size((PIPE_WIDTH, 24)).columns if terminal else PIPE_WIDTH
    return max(width, MIN_WIDTH)


def limit_note(shown: int, total: int | None, *, more: bool = False) -> str:
    """The line under a table: how many rows it holds, and how to see the rest when cut.

    ``total`` is every row there is (None when unknown); ``more`` says rows were left out even
    though their number is unknown.

    Examples
    --------
    >>> limit_note(3, 3), limit_note(1, None)
    ('3 rows', '1 row')
    >>> limit_note(50, 67)
    'showing 50 of 67 rows; --limit N to see more, --limit 0 for all'
    >>> limit_note(20, None, more=True)
    'showing the first 20 rows; --limit N to see more, --limit 0 for all'
    """
    total = shown if total is None else total
    if total > shown or more:
        which = f"{shown} of {total}" if total > shown else f"the first {shown}"
        return f"showing {which} rows; --limit N to see more, --limit 0 for all"
    return f"{shown} row{'' if shown == 1 else 's'}"


def _cell(value: Any, digits: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v, digits) for v in value)
    if digits is not None and isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _measure(texts: Sequence[str], header: str) -> tuple[int, int, int]:
    """A column's natural width (its widest cell, or its header on one line), the narrowest it may
    get (a short column keeps its width, a long one keeps words up to :data:`_MAX_WORD`; a header
    wraps at its spaces), and the width at which no word of it is cut.

    Examples
    --------
    >>> _measure(["2020-09-20", "2015"], "date")
    (10, 10, 10)
    >>> _measure(["3", "12"], "new institutions")
    (16, 12, 12)
    >>> _measure(["Young European Research Universities Network"], "via")
    (44, 12, 12)
    >>> _measure(["mou-ukm-muenster-tanjungpura-soedarso"], "fact")
    (37, 24, 37)
    """
    from rich.cells import cell_len

    lines = [line for text in texts for line in text.splitlines()] or [""]
    cells = max(cell_len(line) for line in lines)
    word = max([cell_len(w) for line in lines for w in line.split()] + [cell_len(w) for w in header.split()])
    content = max([cells, *(cell_len(w) for w in header.split())])
    natural = max(cells, cell_len(header))
    if content <= _SHORT:
        return natural, content, content
    return natural, min(content, max(_MIN_LONG, min(word, _MAX_WORD))), min(word, natural)


def _share(widths: list[int], targets: list[int], spare: int) -> int:
    """Raise ``widths`` toward ``targets`` with ``spare`` cells, max-min fairly: a column that
    needs little gets all it needs, the others share the rest equally. Returns what is left."""
    lacking = sorted((t - w, i) for i, (t, w) in enumerate(zip(targets, widths, strict=True)) if t > w)
    while lacking and spare > 0:
        fair = spare // len(lacking)
        lack, i = lacking[0]
        if lack <= fair:  # the one that needs least gets all of it
            widths[i] += lack
            spare -= lack
            lacking.pop(0)
            continue
        extra = spare - fair * len(lacking)
        for k, (_, j) in enumerate(lacking):  # the rest share equally, leftovers to the first
            widths[j] += fair + (1 if k < extra else 0)
        return 0
    return spare


def _layout(naturals: list[int], floors: list[int], width: int, whole: list[int] | None = None) -> list[int] | None:
    """Column widths that fit ``width`` (gaps included), or None if the floors alone do not fit.

    Spare room first goes to columns whose words would be cut (``whole``: the width that keeps
    each word whole; an identifier cannot wrap, a sentence can), then to every column still below
    its widest cell; each time max-min fairly.

    Examples
    --------
    >>> _layout([10, 50, 60], [10, 12, 12], 80)
    [10, 32, 32]
    >>> _layout([27, 50, 200], [24, 24, 24], 120)
    [27, 44, 43]
    >>> _layout([37, 50], [24, 12], 70, whole=[37, 12])  # the identifier whole, the sentence wraps
    [37, 30]
    >>> _layout([10, 50], [10, 40], 40) is None
    True
    """
    available = width - _GAP * (len(naturals) - 1)
    widths = list(floors)
    if sum(widths) > available:
        return None
    spare = available - sum(widths)
    for targets in ([max(f, w) for f, w in zip(floors, whole, strict=True)] if whole else [], naturals):
        if targets:
            spare = _share(widths, targets, spare)
    return widths


def _squeeze(floors: list[int], available: int) -> list[int]:
    """Widths at most ``floors`` that fit ``available``: the widest columns are cut to a common
    width, so narrow ones (a year, a count) stay whole.

    Examples
    --------
    >>> _squeeze([4, 12, 12, 6, 15], 40)
    [4, 10, 10, 6, 10]
    """
    if sum(floors) <= available:
        return list(floors)
    cap = max(floors)
    while cap > 1 and sum(min(f, cap) for f in floors) > available:
        cap -= 1
    widths = [min(f, cap) for f in floors]
    spare = available - sum(widths)
    for i, f in enumerate(floors):  # what is left goes to the columns that were cut
        if spare > 0 and f > cap:
            widths[i] += 1
            spare -= 1
    return widths


def render(
    rows: Sequence[dict],
    columns: Sequence[str],
    fmt: str,
    *,
    records: Any = None,
    title: str | None = None,
    limit: int | None = None,
    total: int | None = None,
    more: bool = False,
    headers: Mapping[str, str] | None = None,
    optional: Sequence[str] = (),
    notes: Sequence[str] = (),
    width: int | None = None,
) -> str:
    """Render ``rows`` (flat dicts) in ``fmt``; JSON renders ``records`` when given (nested).

    Parameters
    ----------
    rows : sequence of dict
        One dict per row; ``columns`` picks and orders the keys shown.
    fmt : {"table", "json", "csv"}
    records : optional
        What JSON shows instead of ``rows`` (a list is cut by ``limit`` too).
    title : str, optional
        A line above a table (tables only).
    limit : int, optional
        Show at most this many rows (entries of ``records`` in JSON); None or 0: all.
    total, more : optional
        When the caller already cut ``rows``: how many there are in all, or that there are more.
    headers : mapping, optional
        Column → header a table shows (by default the column's name, ``_`` read as a space).
    optional : sequence of str
        Columns a table may leave out, last first, when the terminal is too narrow for them.
    notes : sequence of str
        Lines under a table (after the row count).
    width : int, optional
        The table's width; by default :func:`table_width`.

    Examples
    --------
    >>> print(render([{"a": 1, "b": None}], ["a", "b"], "csv"), end="")
    a,b
    1,
    >>> render([{"a": 1}], ["a"], "json")
    '[\\n  {\\n    "a": 1\\n  }\\n]'
    >>> print(render([{"a": i, "b": "x" * 30} for i in range(3)], ["a", "b"], "table", limit=2, width=40))
    a ┃ b
    ━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
    0 │ xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    1 │ xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    showing 2 of 3 rows; --limit N to see more, --limit 0 for all
    """
    everything = len(rows) if total is None else total
    if limit:
        more = more or len(rows) > limit
        rows = rows[:limit]
        if isinstance(records, list):
            records = records[:limit]
    if fmt == "json":
        return json.dumps(rows if records is None else records, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buf.getvalue()
    return _table(
        rows,
        columns,
        title=title,
        headers=headers or {},
        optional=optional,
        notes=[limit_note(len(rows), everything, more=more), *notes],
        width=width or table_width(),
    )


def _table(
    rows: Sequence[dict],
    columns: Sequence[str],
    *,
    title: str | None,
    headers: Mapping[str, str],
    optional: Sequence[str],
    notes: list[str],
    width: int,
) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    cells = {c: [_cell(row.get(c), digits=4) for row in rows] for c in columns}
    head = {c: headers.get(c, c.replace("_", " ")) for c in columns}  # headers wrap at spaces
    sizes = {c: _measure(cells[c], head[c]) for c in columns}
    shown: list[str] = list(columns)
    left_out: list[str] = []
    droppable = [c for c in reversed(optional) if c in columns]
    while True:
        naturals = [sizes[c][0] for c in shown]
        widths = _layout(naturals, [sizes[c][1] for c in shown], width, [sizes[c][2] for c in shown])
        if widths is not None or not droppable:
            break
        drop = droppable.pop(0)
        shown.remove(drop)
        left_out.insert(0, drop)
    if widths is None:  # too many columns even at their narrowest: the widest give way first
        widths = _squeeze([sizes[c][1] for c in shown], width - _GAP * (len(shown) - 1))
    table = Table(box=box.HEAVY_HEAD, show_edge=False, pad_edge=False, expand=False)
    for c, w in zip(shown, widths, strict=True):
        table.add_column(Text(head[c], overflow="fold"), width=w, overflow="ellipsis")  # a header is never cut
    for i in range(len(rows)):
        table.add_row(*(Text(cells[c][i]) for c in shown))
    console = Console(record=True, width=width, file=io.StringIO(), color_system=None, force_terminal=False, legacy_windows=False)
    if title:
        console.print(Text(title), overflow="fold")
    if shown:
        console.print(table)
    if left_out:
        notes = [
            *notes,
            f"left out to fit {width} columns: {', '.join(left_out)} (a wider terminal, COLUMNS=…, or --format csv shows them)",
        ]
    for note in notes:
        console.print(Text(note), overflow="fold")
    text = console.export_text()
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
