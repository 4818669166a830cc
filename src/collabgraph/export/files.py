"""Where exports go: never over an input file, always atomically, parent folders created."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from collabgraph.files.atomic import atomic_open, atomic_write_bytes, refuse_inputs
from collabgraph.loading.load import data_files

__all__ = ["protected_files", "write_outputs", "write_stream", "target"]


def protected_files(inputs: Iterable[Path | str] = ()) -> list[Path]:
    """The files no export may replace: the ontology and curated data, plus ``inputs``.

    Examples
    --------
    >>> any(p.name == "collabgraph.ttl" for p in protected_files())
    True
    """
    return [f.path for f in data_files("all")] + [Path(p) for p in inputs]


def write_outputs(outputs: Mapping[Path | str, bytes | str], *, inputs: Iterable[Path | str] = ()) -> list[Path]:
    """Write each ``path: content`` atomically, after checking that none of them is an input.

    Text is written as UTF-8. Every path is checked before the first is written, so a refused
    export leaves nothing behind.

    Raises
    ------
    CollabgraphError
        A path is one of ``inputs`` or of the curated files (see :func:`protected_files`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "new" / "a.txt"
    >>> [p.read_text() for p in write_outputs({out: "hello"})]
    ['hello']
    >>> write_outputs({out: "again"}, inputs=[out])
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: refusing to overwrite input file ...a.txt
    """
    refuse_inputs(list(outputs), protected_files(inputs))
    return [atomic_write_bytes(path, data.encode("utf-8") if isinstance(data, str) else data) for path, data in outputs.items()]


def write_stream(path: Path | str, write: Callable[[BinaryIO], object], *, inputs: Iterable[Path | str] = ()) -> list[Path]:
    """Call ``write(fh)`` on a binary file that atomically becomes ``path``; a big export streams.

    Raises
    ------
    CollabgraphError
        ``path`` is one of ``inputs`` or of the curated files (nothing is written then).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> [p.read_text() for p in write_stream(out, lambda fh: fh.write(b"streamed"))]
    ['streamed']
    """
    path = Path(path)
    refuse_inputs(path, protected_files(inputs))
    with atomic_open(path) as fh:
        write(fh)
    return [path]


def target(out: Path | str, default_name: str) -> Path:
    """The file a single-file export writes: ``out`` itself, or ``out/default_name`` for a folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> target(folder, "institutions.gexf") == folder / "institutions.gexf"
    True
    >>> target("out/network.gexf", "institutions.gexf").name
    'network.gexf'
    """
    out = Path(out)
    return out / default_name if out.is_dir() else out
