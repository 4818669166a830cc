"""Tables of agreements (CSV or XLSX) read as candidate facts, one per row, each row its own quote.

:func:`read_table` reads a table whose columns the caller names (parties, kind, date, status,
end date), and proposes one :class:`~collabgraph.ingest.model.Candidate` per row: its quote is
the row's line of :func:`table_text`, verbatim, with its offsets, so ``collabgraph accept``
verifies it against the same text as any page. :func:`table_text` is what ``read_document``
returns as the text of a ``.csv``/``.tsv``/``.xlsx`` file: a CSV's content decoded (UTF-8,
else Windows-1252), an XLSX's first worksheet as one line per row, cells joined by tabs.


What is hand-written, and why, is said where it is done: row offsets and the delimiter in
:mod:`~collabgraph.files.tables` (reading CSV and XLSX), the kind, status and date
words of the cells in :mod:`~collabgraph.ingest.table_words`; here, :func:`read_table` maps the
named columns of each row to a candidate.
"""

from __future__ import annotations

import csv
import difflib
import functools
from dataclasses import replace
from pathlib import Path

from collabgraph.errors import TableError
from collabgraph.files.tables import (
    _XLSX,
    TABLE_SUFFIXES,
    _choose_delimiter,
    _columns,
    _csv_rows,
    _key,
    _xlsx_rows,
    table_text,
)
from collabgraph.ingest.model import Candidate, Party, Reading, candidate_id, sha256_of
from collabgraph.ingest.table_words import kind_of, status_of, table_date

__all__ = ["read_table", "table_text", "kind_of", "status_of", "table_date", "TABLE_SUFFIXES"]


def _cell(cells: list[str], columns: dict[str, str], position: dict[str, int], name: str | None) -> str:
    """The stripped cell of the column the caller named ``name`` ("" when none or missing)."""
    if not name:
        return ""
    i = position[columns[name]]
    return cells[i].strip() if i < len(cells) else ""


def read_table(
    path: Path | str,
    *,
    parties: str,
    kind: str | None = None,
    date: str | None = None,
    status: str | None = None,
    end_date: str | None = None,
    url: str | None = None,
    separator: str = ";",
    gazetteer=None,
    language: str | None = None,
    published: str | None = None,
) -> Reading:
    """Read a table of agreements (CSV, TSV or XLSX): one candidate per row, its line as the quote.

    Parameters
    ----------
    path : Path or str
        The table. A CSV's delimiter (``, ; TAB |``) is found from its header and rows.
    parties : str
        The column of the parties (several names in a cell separated by ``separator``); several
        columns separated by commas (``"Partner 1,Partner 2"``) when no column has that name.
    kind, date, status, end_date : str, optional
        The columns of the agreement's kind (words in German, Dutch, English or French, see
        :func:`kind_of`; without a column, or a word not understood, ``Agreement``), its date
        (:func:`table_date`), its status (:func:`status_of`; ``signed`` only where the cell says
        so, else ``reported``) and its end date.
    url : str, optional
        Where the table was published (the source's URL).
    separator : str
        What separates several parties in one cell.
    gazetteer : optional
        A :class:`collabgraph.ingest.gazetteer.Gazetteer`: each party name is matched with
        ``gazetteer.match(name)``. Without one, parties are left unreconciled (the review then
        proposes ``accept: no``).
    language : str, optional
        The table's language; default: the language of the kind and status words, where they
        agree on one.
    published : str, optional
        When the table was published (``YYYY[-MM[-DD]]``).

    Returns
    -------
    Reading
        ``text`` is :func:`table_text`; each candidate's ``quote`` is ``text[start:end]``.

    Raises
    ------
    TableError
        A column that is not in the header (with close matches, and the header's line), no
        header, or a file that is not a table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> table = pathlib.Path(tempfile.mkdtemp()) / "partners.csv"
    >>> _ = table.write_text("Partner,Art,Datum,Status\\n"
    ...                      "Universität Münster; Universiteit Twente,Kooperationsvertrag,01.07.2023,unterzeichnet\\n",
    ...                      encoding="utf-8")
    >>> reading = read_table(table, parties="Partner", kind="Art", date="Datum", status="Status")
    >>> c = reading.candidates[0]
    >>> c.kind, c.status, c.date, [p.name for p in c.parties], reading.language
    ('CooperationAgreement', 'signed', '2023-07-01', ['Universität Münster', 'Universiteit Twente'], 'de')
    >>> reading.text[c.start:c.end] == c.quote
    True
    >>> read_table(table, parties="Partners")
    Traceback (most recent call last):
    ...
    collabgraph.errors.TableError: .../partners.csv:1: no column 'Partners'; did you mean: Partner? (columns: ...)
    """
    path = Path(path)
    if not path.is_file():
        raise TableError(str(path), "no such file")
    text = table_text(path)
    party_columns = [parties]
    named = {"kind": kind, "date": date, "status": status, "end_date": end_date}
    wanted = [parties] + [c for c in named.values() if c]
    if path.suffix.lower() in _XLSX:
        rows = _xlsx_rows(text)
    else:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else _choose_delimiter(text, wanted + parties.split(","))
        try:
            rows = _csv_rows(text, delimiter)
        except csv.Error as exc:
            raise TableError(str(path), f"not a CSV table: {exc}") from None
    if not rows:
        raise TableError(str(path), "no header row: the table is empty")
    header, _, _, header_line = rows[0]
    header = [h.strip() for h in header]
    if _columns([parties], header)[0] is None and "," in parties:
        party_columns = [p.strip() for p in parties.split(",") if p.strip()]
    columns: dict[str, str] = {}
    for name in [*party_columns, *(v for v in named.values() if v)]:
        found = _columns([name], header)[0]
        if found is None:
            close = (
                difflib.get_close_matches(name, header, n=3, cutoff=0.5)
                or [h for h in header if _key(name) in _key(h) or _key(h) in _key(name)][:3]
            )
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise TableError(str(path), f"no column {name!r}{hint} (columns: {', '.join(header)})", line=header_line)
        columns[name] = found
    position = {h: i for i, h in reversed(list(enumerate(header)))}
    votes: dict[str, int] = {}
    candidates = []
    source = path.name
    for cells, start, end, line in rows[1:]:
        cell = functools.partial(_cell, cells, columns, position)
        quote = text[start:end]
        reasons = [f"table row on line {line}"]
        confidence = 0.9
        names = []
        for column in party_columns:
            names += [n.strip() for n in cell(column).split(separator) if n.strip()]
        if not names:
            continue
        party_list, cursor = [], 0
        for name in dict.fromkeys(names):
            at = quote.find(name, cursor)
            offsets = (start + at, start + at + len(name)) if at >= 0 else (None, None)
            if at >= 0:
                cursor = at + len(name)
            party = gazetteer.match(name) if gazetteer is not None else Party(name=name)
            party_list.append(replace(party, name=name, role="party", start=offsets[0], end=offsets[1]))
        if len(party_list) < 2:
            confidence -= 0.4
            reasons.append("one party only: add the other (often the institution publishing the table) in review")
        found_kind = kind_of(cell(kind)) if kind and cell(kind) else None
        if found_kind:
            the_kind = found_kind[0]
            reasons.append(f"kind {cell(kind)!r} → {the_kind}")
            if found_kind[1]:
                votes[found_kind[1]] = votes.get(found_kind[1], 0) + 1
        else:
            the_kind = "Agreement"
            if kind and cell(kind):
                confidence -= 0.4
                reasons.append(f"kind {cell(kind)!r} not understood: Agreement")
            else:
                reasons.append("no kind given: Agreement")
        the_status = "reported"
        if status and cell(status):
            found_status = status_of(cell(status))
            if found_status:
                the_status = found_status[0]
                reasons.append(f"status {cell(status)!r} → {the_status}")
                if found_status[1]:
                    votes[found_status[1]] = votes.get(found_status[1], 0) + 1
            else:
                reasons.append(f"status {cell(status)!r} not understood: reported")
        dates, date_text = {}, None
        for what, date_column in (("date", date), ("end_date", end_date)):
            raw = cell(date_column)
            if raw:
                dates[what] = table_date(raw)
                if dates[what] is None:
                    confidence -= 0.1
                    reasons.append(f"{what.replace('_', ' ')} {raw!r} not understood")
                    if what == "date":
                        date_text = raw
        candidates.append(
            Candidate(
                id=candidate_id(source, the_kind, start, end),
                kind=the_kind,
                status=the_status,
                quote=quote,
                start=start,
                end=end,
                date=dates.get("date"),
                end_date=dates.get("end_date"),
                date_text=date_text,
                parties=party_list,
                confidence=round(max(confidence, 0.0), 2),
                reasons=reasons,
            )
        )
    if language is None and len(votes) == 1:
        language = next(iter(votes))
    news: dict[str, Party] = {}
    for c in candidates:
        for p in c.parties:
            if p.new:
                news.setdefault(p.label or p.name, p)
    return Reading(
        source=source,
        text=text,
        language=language,
        published=published,
        path=str(path),
        sha256=sha256_of(path.read_bytes()),
        url=url,
        title=None,
        candidates=candidates,
        new_institutions=list(news.values()),
    )
