"""Growth of the network over the years as a static chart (PNG or SVG) with matplotlib.

matplotlib is imported when a chart is drawn, not at import, and the figure is drawn on its own
Agg canvas: no global backend is set and no pyplot state is touched.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

from collabgraph.files.atomic import atomic_write_bytes

__all__ = ["growth_chart", "GROWTH_SERIES"]

#: (row key, legend label, colour) for each series, added per year and running total.
GROWTH_SERIES = (
    ("institutions", "institutions", "#1f77b4"),
    ("ties", "ties", "#ff7f0e"),
    ("agreements", "agreements", "#2ca02c"),
)
_FORMATS = {".png": "png", ".svg": "svg"}


def _as_dict(row) -> Mapping:
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return dataclasses.asdict(row)
    if isinstance(row, Mapping):
        return row
    raise ValueError(f"a growth row must be a mapping or a dataclass, not {type(row).__name__}")


def growth_chart(
    rows: Iterable, path: Path | str, *, undated: int = 0, title: str = "Growth of the collaboration network"
) -> Path:
    """Draw yearly growth: running totals above, additions per year below.

    Parameters
    ----------
    rows : iterable of mappings or dataclasses
        One per year with ``year``, ``institutions_added``, ``ties_added``, ``agreements_added``,
        ``institutions_total``, ``ties_total`` and ``agreements_total`` (dicts, or the
        ``GrowthYear`` items of :func:`collabgraph.network.growth.growth`); drawn in year order.
    path : path-like
        Where to write; the suffix picks the format, ``.png`` or ``.svg``.
    undated : int
        Ties without a date, which no year can show; noted under the chart when non-zero.
    title : str
        The chart's title.

    Returns
    -------
    pathlib.Path
        ``path``, written atomically (parent directories are created).

    Raises
    ------
    ValueError
        If the suffix is neither ``.png`` nor ``.svg``, or a row lacks a key.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> rows = [dict(year=2019, institutions_added=2, ties_added=1, agreements_added=1,
    ...              institutions_total=2, ties_total=1, agreements_total=1),
    ...         dict(year=2020, institutions_added=1, ties_added=2, agreements_added=0,
    ...              institutions_total=3, ties_total=3, agreements_total=1)]
    >>> out = growth_chart(rows, pathlib.Path(tempfile.mkdtemp()) / "growth.svg", undated=4)
    >>> out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    True
    """
    path = Path(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot write a chart as {path.suffix or 'no suffix'!r}: use .png or .svg")
    rows = sorted((_as_dict(r) for r in rows), key=lambda r: int(r["year"]))
    keys = [f"{name}_{part}" for name, _, _ in GROWTH_SERIES for part in ("added", "total")]
    for row in rows:
        missing = [k for k in keys if k not in row]
        if missing:
            raise ValueError(f"growth row for {row['year']} lacks {', '.join(missing)}")

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    years = [int(r["year"]) for r in rows]
    with matplotlib.rc_context({"svg.hashsalt": "collabgraph", "svg.fonttype": "none", "font.size": 9}):
        fig = Figure(figsize=(8, 6), layout="constrained")
        FigureCanvasAgg(fig)
        totals, added = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        width = 0.8 / len(GROWTH_SERIES)
        for i, (name, label, colour) in enumerate(GROWTH_SERIES):
            totals.plot(years, [r[f"{name}_total"] for r in rows], marker="o", color=colour, label=label)
            added.bar(
                [y + (i - 1) * width for y in years], [r[f"{name}_added"] for r in rows], width=width, color=colour, label=label
            )
        totals.set_title(title)
        totals.set_ylabel("total")
        totals.legend(loc="upper left", frameon=False)
        added.set_ylabel("added in year")
        added.set_xlabel("year")
        for ax in (totals, added):
            ax.grid(axis="y", alpha=0.3)
            ax.spines[["top", "right"]].set_visible(False)
        added.xaxis.set_major_locator(MaxNLocator(integer=True))
        if not years:
            totals.text(0.5, 0.5, "no dated ties", transform=totals.transAxes, ha="center", color="#777")
        if undated:
            fig.supxlabel(
                f"{undated} undated tie{'s' if undated != 1 else ''} not shown: the sources give no date for them.",
                x=0.01,
                ha="left",
                fontsize=8,
                color="#555",
            )
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=150, metadata={"Date": None} if fmt == "svg" else None)
    return atomic_write_bytes(path, buffer.getvalue())
