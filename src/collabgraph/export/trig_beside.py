"""``dataset.trig`` written by a second process while the main job goes on.

Dumping 5.7 million quads from a persistent (RocksDB) store takes about 40 s at 100,000
institutions, nearly all of it reading the store, and pyoxigraph holds the GIL while it dumps, so
a thread does not overlap it with anything. The network steps after validation are Python on one
core. So :func:`start` takes a checkpoint of the store (RocksDB hard-links its files: instant), and
a second process dumps that checkpoint, all but the graphs the job still writes (``later``: the
metrics), to a temporary file beside the output; :meth:`TrigBeside.finish` waits for it and
writes ``dataset.trig`` atomically: that dump, then the ``later`` graphs as they are by then (TriG
allows ``@prefix`` lines between graph blocks). Where there is no persistent store, or the second
process fails, the dump is made in this process as before (:func:`collabgraph.export.rdf.write_rdf`).

Hand-written because no library runs a pyoxigraph dump out of process; it is this module run by
:mod:`subprocess` (``python -m collabgraph.export.trig_beside``: :mod:`multiprocessing`'s spawn
would import the caller's main script again in the child) and pyoxigraph's own ``backup`` and
``dump``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import Dataset

from collabgraph.cache import cache_dir
from collabgraph.export.files import write_stream
from collabgraph.export.rdf import write_rdf
from collabgraph.files.atomic import pid_alive
from collabgraph.store import native_oxigraph

__all__ = ["TrigBeside", "start"]


class TrigBeside:
    """A dump of ``ds`` running in a second process; :meth:`finish` writes ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from collabgraph.loading.load import load
    >>> from collabgraph.namespaces import METRICS_GRAPH
    >>> ds = load(sources="seeds", reason=False, store=f"oxigraph:{tempfile.mkdtemp()}/kg")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "dataset.trig"
    >>> pending = start(ds, out, later=[METRICS_GRAPH])
    >>> pending.process is not None  # a persistent store: dumped beside this process
    True
    >>> [p.name for p in pending.finish()]
    ['dataset.trig']
    >>> from rdflib import Dataset
    >>> len(Dataset().parse(out, format="trig")) == len(ds)
    True
    """

    def __init__(
        self,
        ds: Dataset,
        path: Path,
        later: list,
        process: Any = None,
        partial: Path | None = None,
        checkpoint: Path | None = None,
    ):
        self.ds, self.path, self.later = ds, path, later
        self.process, self.partial, self.checkpoint = process, partial, checkpoint

    def __enter__(self) -> TrigBeside:
        return self

    def __exit__(self, *exc) -> None:
        """Stop the second process and remove its file if :meth:`finish` was not reached."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # killed: it does not get to remove its checkpoint
            self.process.wait()
            if self.checkpoint is not None:
                shutil.rmtree(self.checkpoint.parent, ignore_errors=True)
        if self.partial is not None:
            self.partial.unlink(missing_ok=True)

    def finish(self, *, inputs: Iterable[Path | str] = ()) -> list[Path]:
        """Wait for the second process and write ``path``: its dump and then the ``later`` graphs
        as the store holds them now; if it failed (or never ran), the whole dump from here."""
        done = self.process is not None and self.process.wait() == 0
        try:
            if done and self.partial is not None:
                return write_stream(self.path, self._write, inputs=inputs)
            return write_rdf(self.ds, self.path, "trig", inputs=inputs)
        finally:
            if self.partial is not None:
                self.partial.unlink(missing_ok=True)

    def _write(self, stream) -> None:
        import pyoxigraph as ox

        assert self.partial is not None
        with open(self.partial, "rb") as dumped:
            shutil.copyfileobj(dumped, stream, 1 << 20)
        store, prefixes = native_oxigraph(self.ds), _prefixes(self.ds)
        for graph in self.later:
            name = ox.NamedNode(str(graph))
            if store.contains_named_graph(name):
                quads = store.quads_for_pattern(None, None, None, name)
                ox.serialize(quads, stream, format=ox.RdfFormat.TRIG, prefixes=prefixes)


def start(ds: Dataset, path: Path | str, *, later: Iterable = ()) -> TrigBeside:
    """Start dumping ``ds`` but the graphs ``later`` to a file beside ``path``, in a second process,
    when ``ds`` is a persistent Oxigraph store; else nothing starts and :meth:`TrigBeside.finish`
    dumps it all then (a persistent store: see :class:`TrigBeside`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from collabgraph.loading.load import load
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "dataset.trig"
    >>> with start(load(sources="seeds", reason=False), out) as pending:  # in memory: nothing to start
    ...     pending.process is None, [p.name for p in pending.finish()]
    (True, ['dataset.trig'])
    """
    path, later = Path(path), list(later)
    store = native_oxigraph(ds)
    if store is None:
        return TrigBeside(ds, path, later)
    path.parent.mkdir(parents=True, exist_ok=True)
    checkpoint = _checkpoint_dir()
    try:
        store.backup(str(checkpoint))
    except (RuntimeError, OSError):  # in memory: nothing to hard-link, nothing slow to read
        shutil.rmtree(checkpoint.parent, ignore_errors=True)
        return TrigBeside(ds, path, later)
    # Named as the atomic writer names its temporary files, so a killed run's is cleaned up.
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    job = json.dumps({"checkpoint": str(checkpoint), "target": name, "later": [str(g) for g in later], "prefixes": _prefixes(ds)})
    # Quiet: if it fails, finish() dumps from here, and the user sees one result, not two.
    quiet = subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, "-m", __name__, job], stdin=quiet, stdout=quiet, stderr=quiet)
    return TrigBeside(ds, path, later, process, Path(name), checkpoint)


def _checkpoint_dir() -> Path:
    """A new name for a checkpoint in the cache directory (where cached stores are: hard links
    need the same file system), after removing those of runs that are no longer running."""
    folder = cache_dir() / "checkpoints"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*-*"):
        pid = old.name.split("-", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=folder)) / "store"  # backup creates it


def _prefixes(ds: Dataset) -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in ds.namespaces() if prefix}


def _dump_checkpoint(checkpoint: str, target: str, later: list[str], prefixes: dict[str, str]) -> None:
    """In the second process: the checkpoint without the ``later`` graphs, as TriG, into ``target``;
    the checkpoint is removed after."""
    import pyoxigraph as ox

    try:
        store = ox.Store(checkpoint)
        for graph in later:  # a reopened store holds the previous run's (the checkpoint is a copy)
            if store.contains_named_graph(ox.NamedNode(graph)):
                store.clear_graph(ox.NamedNode(graph))
        store.dump(target, format=ox.RdfFormat.TRIG, prefixes=prefixes)
        del store
    finally:
        shutil.rmtree(Path(checkpoint).parent, ignore_errors=True)


if __name__ == "__main__":  # the second process
    _dump_checkpoint(**json.loads(sys.argv[1]))
