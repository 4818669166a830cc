"""A partnership portfolio: the one printable page an international-relations office gives its board.

:func:`~collabgraph.render.portfolio.portfolio` gathers what the card shows for one institution
at one date (its partners, alliances, agreements on a timeline, position in the network, recent
ties and suggested partners; see :mod:`collabgraph.render.portfolio`).

:func:`render_card` writes it as one HTML page (``templates/card.html.j2``, Jinja2 with every
value autoescaped): inline CSS, no script, no request of any kind (a Content-Security-Policy
says so to the browser), and a print stylesheet for A4 with a page break between sections, so
the browser's *Print → Save as PDF* gives the board's copy. :func:`write_card` writes it atomically.
"""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Dataset

from collabgraph.files.atomic import atomic_write_text, refuse_inputs
from collabgraph.render.portfolio import (
    KIND_LABELS,
    AllianceRole,
    Portfolio,
    Position,
    TimelineItem,
    _country_name,
    _via_record,
    portfolio,
)

__all__ = ["KIND_LABELS", "TimelineItem", "AllianceRole", "Position", "Portfolio", "portfolio", "render_card", "write_card"]


def _short_source(source: str) -> str:
    """A source as a printed table has room for: a page's host, a document's file name.

    Examples
    --------
    >>> _short_source("https://en.wikipedia.org/wiki/WUN"), _short_source("002_52faaff7f3b55cd9.txt")
    ('en.wikipedia.org', '002_52faaff7f3b55cd9.txt')
    """
    from urllib.parse import urlsplit

    if source.startswith(("https://", "http://")):
        return urlsplit(source).hostname or source
    return source


@functools.lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).with_name("templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["link"] = lambda s: s if s.startswith(("https://", "http://")) else None  # only web pages are links
    env.filters["short"] = _short_source
    return env.get_template("card.html.j2")


def render_card(card: Portfolio) -> str:
    """The card as one offline, printable HTML page; every label, quote and source escaped.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> page = render_card(portfolio(load(sources="seeds"), "UKM"))
    >>> page.startswith("<!DOCTYPE html>"), "@media print" in page, "<script" in page
    (True, True, False)
    """
    partners_rows = [
        _via_record(p, v, card.countries.get(p.iri)) | {"iri": p.iri, "first": i == 0, "span": len(p.via)}
        for p in card.partners
        for i, v in enumerate(p.via)
    ]
    countries = {c for c in card.countries.values() if c}
    return _template().render(
        card=card,
        rows=partners_rows,
        countries=len(countries),
        institutions=sum(1 for p in card.partners if not p.alliance),
        country_name=_country_name,
        widest=max((len(v) for _, v in card.by_country), default=1),
    )


def write_card(ds: Dataset, name: str, path: Path | str, *, as_of: str | None = None, inputs=()) -> Path:
    """Write the card of ``name`` at ``as_of`` to ``path`` atomically; never over one of ``inputs``.

    Raises
    ------
    CollabgraphError
        ``path`` is one of ``inputs`` (a ``--data`` file), or cannot be written (the message names it).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from collabgraph.loading.load import load
    >>> out = write_card(load(sources="seeds"), "UKM", pathlib.Path(tempfile.mkdtemp()) / "ukm.html")
    >>> "University Hospital Münster" in out.read_text(encoding="utf-8")
    True
    """
    refuse_inputs(path, inputs)
    return atomic_write_text(path, render_card(portfolio(ds, name, as_of=as_of)))
