"""Reading CSV, TSV and XLSX files: the table's text, and its rows with where each stands in that text.

:func:`table_text` is the text ingest quotes from and accept verifies against: a CSV's content
decoded (UTF-8, else Windows-1252), an XLSX's first worksheet as one line per row, cells
joined by tabs. What is hand-written, and why: **row offsets**, because the csv module does not
say where a record is in the text, so the text is cut into physical lines here and fed to
``csv.reader`` one at a time, the lines a record consumed being its span (a quoted cell may
hold line breaks); and **the delimiter**, chosen by parsing the first rows with each of
``, ; TAB |`` and keeping the one whose header has the named columns and whose rows agree with
the header in length, because ``csv.Sniffer`` picks ``;`` for a comma table whose party cells
are separated by ``;``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from itertools import islice
from pathlib import Path

from collabgraph.errors import TableError

__all__ = ["table_text", "TABLE_SUFFIXES"]

#: File suffixes read as tables.
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
_XLSX = (".xlsx", ".xlsm")
_DELIMITERS = (",", ";", "\t", "|")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_CELL_SPACE = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _CELL_SPACE.sub(" ", str(value)).strip()


def _xlsx_lines(path: Path) -> list[str]:
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and its own errors for a file that is not a workbook
        raise TableError(str(path), f"not an XLSX workbook ({type(exc).__name__}: {exc})") from None
    try:
        if not workbook.worksheets:
            raise TableError(str(path), "the workbook has no worksheet")
        lines = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            lines.append("\t".join(cells))
    finally:
        workbook.close()
    while lines and not lines[-1]:
        lines.pop()
    return lines


def table_text(path: Path | str) -> str:
    """The text of a table, as ingest reads it and accept verifies quotes against.

    A CSV or TSV: the file decoded (UTF-8, a byte-order mark dropped; else Windows-1252). An
    XLSX: the first worksheet, one line per row (cells joined by tabs, trailing empty cells
    dropped; a cell's own tabs and line breaks as spaces; dates as ``YYYY-MM-DD``).
    ``read_document`` returns this as the text of such files.

    Raises
    ------
    TableError
        An XLSX file that is not a workbook.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> table = pathlib.Path(tempfile.mkdtemp()) / "partners.csv"
    >>> _ = table.write_bytes("Partner;Art\\r\\nUniversität Münster;MoU\\r\\n".encode("utf-8-sig"))
    >>> table_text(table)
    'Partner;Art\\r\\nUniversität Münster;MoU\\r\\n'
    """
    path = Path(path)
    if path.suffix.lower() in _XLSX:
        lines = _xlsx_lines(path)
        return "\n".join(lines) + ("\n" if lines else "")
    return _decode(path.read_bytes())


def _line_spans(text: str) -> list[tuple[int, int, int]]:
    """Each physical line: (start, end without its line break, end with it)."""
    spans, pos = [], 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        spans.append((pos, m.start(), m.end()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text), len(text)))
    return spans


def _csv_rows(text: str, delimiter: str) -> list[tuple[list[str], int, int, int]]:
    """Records of a CSV text with their spans: (cells, start, end, line number)."""
    spans = _line_spans(text)
    consumed = 0

    def lines():
        nonlocal consumed
        for start, _, stop in spans:
            consumed += 1
            yield text[start:stop]

    rows, done = [], 0
    for cells in csv.reader(lines(), delimiter=delimiter):  # csv.Error for a broken record
        first, last, done = done, consumed - 1, consumed
        if any(c.strip() for c in cells):
            rows.append((cells, spans[first][0], spans[last][1], first + 1))
    return rows


def _xlsx_rows(text: str) -> list[tuple[list[str], int, int, int]]:
    rows = []
    for number, (start, end, _) in enumerate(_line_spans(text), 1):
        line = text[start:end]
        if line.strip():
            rows.append((line.split("\t"), start, end, number))
    return rows


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _columns(wanted: list[str], header: list[str]) -> list[str | None]:
    index = {_key(h): h for h in header}
    return [index.get(_key(w)) for w in wanted]


def _choose_delimiter(text: str, wanted: list[str]) -> str:
    best, best_score = ",", None
    for delimiter in _DELIMITERS:
        try:
            sample = [
                r for r in islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 50) if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        if not sample:
            continue
        header = sample[0]
        found = sum(c is not None for c in _columns(wanted, header))
        agree = sum(len(r) == len(header) for r in sample[1:])
        score = (found, len(header) > 1, agree, len(header))
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best
