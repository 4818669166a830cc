"""Atomic output: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import CollabgraphError

__all__ = ["atomic_open", "atomic_write_bytes", "atomic_write_text", "refuse_inputs"]


@contextmanager
def atomic_open(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: it replaces ``path`` only when the block ends well.

    Parent directories are created. Readers see either the old file or the whole new one, never
    a half-written file; if the block raises, the temporary file is removed and ``path`` is left
    as it was. Writers that stream (GraphML, GEXF) never hold the whole output in memory.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out" / "x.txt"
    >>> with atomic_open(p) as fh:
    ...     _ = fh.write(b"hello")
    >>> p.read_bytes()
    b'hello'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates owner-only files; outputs get the usual permissions (umask applies).
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, creating parent directories (see :func:`atomic_open`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out" / "x.txt"
    >>> atomic_write_bytes(p, b"hello").read_bytes()
    b'hello'
    """
    with atomic_open(path) as fh:
        fh.write(data)
    return Path(path)


def atomic_write_text(path: Path | str, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def refuse_inputs(output: Path | str, inputs: Iterable[Path | str]) -> None:
    """Raise if ``output`` is one of ``inputs``: collabgraph never writes over a user's data.

    Examples
    --------
    >>> refuse_inputs("out/a.ttl", ["data/a.ttl"])
    >>> refuse_inputs("data/a.ttl", ["data/a.ttl"])
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: refusing to overwrite input file data/a.ttl
    """
    out = Path(output).resolve()
    for p in inputs:
        if Path(p).resolve() == out:
            raise CollabgraphError(f"refusing to overwrite input file {p}")
