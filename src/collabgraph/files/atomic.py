"""Atomic output: write to a temporary file beside the target, fsync it, then rename over it.

Every output collabgraph writes goes through :func:`atomic_open`. It refuses a target that is one
of the inputs being protected (:func:`protecting`), removes temporary files a killed writer left
beside the target, and turns an ``OSError`` into a :class:`~collabgraph.errors.CollabgraphError`
that names the file.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO

from collabgraph.errors import CollabgraphError

__all__ = ["atomic_open", "atomic_write_bytes", "atomic_write_text", "refuse_inputs", "protecting", "WriteError", "STALE_SECONDS"]

#: A temporary file whose writer is still alive is only removed once untouched for this long
#: (a writer may build a big document for minutes before its first byte; a dead one never comes back).
STALE_SECONDS = 3600
#: Temporary files from before the writer's PID was in the name: removed after a minute.
_LEGACY_STALE_SECONDS = 60

_PROTECTED: ContextVar[tuple[Path | str, ...]] = ContextVar("collabgraph_protected", default=())


class WriteError(CollabgraphError, OSError):
    """An output could not be written; the one-line message names the file.

    Still an ``OSError`` (``errno``, ``strerror`` and ``filename`` are kept), so callers that
    tolerate a failed write (an unwritable cache) go on catching ``OSError``.

    Examples
    --------
    >>> str(WriteError("out/x.gexf", OSError(28, "No space left on device")))
    'out/x.gexf: No space left on device'
    """

    def __init__(self, path: Path | str, cause: OSError):
        super().__init__(f"{path}: {cause.strerror or cause}")
        self.errno, self.strerror, self.filename = cause.errno, cause.strerror, str(path)

    def __str__(self) -> str:
        return self.args[0]


def _temp_pattern(name: str) -> re.Pattern[str]:
    """``.NAME.PID.XXXXXXXX.tmp`` (PID optional: older versions did not write it)."""
    return re.compile(re.escape(f".{name}.") + r"(?:(\d+)\.)?[A-Za-z0-9_]{8}\.tmp")


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` may be running (this one is; someone else's, if unknowable, too).

    Examples
    --------
    >>> pid_alive(os.getpid())
    True
    """
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError, ValueError):
        return True  # someone else's process, or no way to tell: assume alive
    return True


def _remove_stale_temps(path: Path) -> None:
    """Remove temporary files of ``path`` left by a killed writer (only collabgraph's own pattern)."""
    pattern = _temp_pattern(path.name)
    now = time.time()
    try:
        candidates = [(p, m) for p in path.parent.iterdir() if (m := pattern.fullmatch(p.name))]
    except OSError:
        return
    for tmp, match in candidates:
        pid = match.group(1)
        try:
            age = now - tmp.lstat().st_mtime
            if age > _LEGACY_STALE_SECONDS if pid is None else not pid_alive(int(pid)) or age > STALE_SECONDS:
                tmp.unlink()
        except OSError:
            pass  # gone already, or not ours to remove: never fail a write over it


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable, where the OS lets a directory be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the file itself was synced
    finally:
        os.close(fd)


@contextmanager
def atomic_open(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: it replaces ``path`` only when the block ends well.

    Parent directories are created. Readers see either the old file or the whole new one, never
    a half-written file; if the block raises, the temporary file is removed and ``path`` is left
    as it was. The file is fsynced before the rename and the directory after it, so a crash
    never leaves an empty output. Writers that stream (GraphML, GEXF) never hold the whole output
    in memory. Temporary files (``.NAME.PID.XXXXXXXX.tmp``) that a killed writer left beside
    ``path`` are removed first: those whose PID is dead, or untouched for :data:`STALE_SECONDS`.

    Raises
    ------
    CollabgraphError
        ``path`` is an input being protected (see :func:`protecting`).
    WriteError
        The file system refused (a :class:`CollabgraphError` and an ``OSError`` whose message
        names ``path``: ``out/x.gexf: No space left on device``).

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
    refuse_inputs(path, _PROTECTED.get())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(path, exc) from exc
    try:
        # mkstemp creates owner-only files; outputs get the usual permissions (umask applies).
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise WriteError(path, exc) from exc
        raise
    _fsync_dir(path.parent)


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
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> atomic_write_text(pathlib.Path(tempfile.mkdtemp()) / "x.txt", "héllo").read_bytes()
    b'h\\xc3\\xa9llo'
    """
    return atomic_write_bytes(path, text.encode("utf-8"))


def _identity(path: Path) -> tuple[int, int] | None:
    """Device and inode of the file ``path`` names (links followed), if it exists."""
    try:
        st = path.stat()
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def refuse_inputs(output: Path | str | Iterable[Path | str], inputs: Iterable[Path | str]) -> None:
    """Raise if an ``output`` would replace one of ``inputs``: collabgraph never writes over a user's data.

    ``output`` is one path or several (checked all before any is written). ``inputs`` are files
    or directories; a directory protects every file under it, as ``--data`` loads them. A file
    is recognised however it is named: relative or absolute, through ``..``, a symbolic link or
    a hard link (same device and inode).

    Raises
    ------
    CollabgraphError
        An output is an input file (the message names the input).

    Examples
    --------
    >>> refuse_inputs("out/a.ttl", ["data/a.ttl"])
    >>> refuse_inputs("data/a.ttl", ["data/a.ttl"])
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: refusing to overwrite input file data/a.ttl
    >>> refuse_inputs(["out/x.csv", "data/../data/a.ttl"], ["data/a.ttl"])
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: refusing to overwrite input file data/a.ttl (as data/../data/a.ttl)
    """
    outputs = [Path(output)] if isinstance(output, (str, os.PathLike)) else [Path(o) for o in output]
    wanted = {o.resolve(): o for o in outputs}
    # Only a file that exists can be overwritten; it is then matched by identity (links too).
    ids = {ident: o for o in outputs if (ident := _identity(o)) is not None}
    for item in inputs:
        item = Path(item)
        found: Iterable[tuple[Path, Path]]
        if item.is_dir():
            found = ((p, ids[i]) for p in item.rglob("*") if (i := _identity(p)) in ids) if ids else ()
        else:
            ident = _identity(item) if ids else None
            out = wanted.get(item.resolve()) or (ids.get(ident) if ident is not None else None)
            found = [(item, out)] if out is not None else []
        for p, out in found:
            alias = "" if str(out) == str(p) else f" (as {out})"
            raise CollabgraphError(f"refusing to overwrite input file {p}{alias}")


@contextmanager
def protecting(inputs: Iterable[Path | str]) -> Iterator[None]:
    """Within the block, every :func:`atomic_open` refuses to replace one of ``inputs``.

    For commands that write many files (``build``), so that no writer, however deep, can replace
    an input (see :func:`refuse_inputs` for how files are recognised).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> mine = pathlib.Path(tempfile.mkdtemp()) / "mine.ttl"
    >>> _ = mine.write_text("# my data")
    >>> with protecting([mine.parent]):
    ...     atomic_write_text(mine, "replaced")
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: refusing to overwrite input file .../mine.ttl
    >>> mine.read_text()
    '# my data'
    """
    token = _PROTECTED.set((*_PROTECTED.get(), *inputs))
    try:
        yield
    finally:
        _PROTECTED.reset(token)
