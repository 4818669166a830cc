"""The dataset a load fills: a remote endpoint as it is, or a local store, which for big inputs is
a persistent Oxigraph store in the cache directory named by the inputs' content (the most recently
used are kept, reopened by the next load of the same files without parsing), and the bookkeeping
collabgraph keeps beside a persistent store so that an interrupted or refused load never passes
for a finished one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from rdflib import Dataset

from collabgraph.cache import STORE_CACHE
from collabgraph.errors import CollabgraphError
from collabgraph.files.atomic import atomic_write_text
from collabgraph.loading.sources import DataFile
from collabgraph.namespaces import GRAPH
from collabgraph.store import backend, choose_store, endpoint_url, new_dataset, store_path

__all__ = ["open_remote", "open_local", "check_loaded", "Kept", "CACHED_STORES"]


def open_remote(store: str, *, sources: str, data: Sequence[Path | str], curated: bool, factory: type[Dataset]) -> Dataset:
    """A remote endpoint, queried as it is: what it holds was chosen when it was pushed.

    Examples
    --------
    >>> open_remote("sparql:http://localhost:1/query", sources="seeds", data=[], curated=True, factory=Dataset)
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: http://localhost:1/query holds what was pushed to it; ...
    """
    if data or sources != "all" or not curated:
        raise CollabgraphError(
            f"{endpoint_url(store)} holds what was pushed to it; choose sources and data files "
            "with collabgraph push, not when reading"
        )
    return new_dataset(store, factory=factory)


def open_local(store: str, paths: list[Path], content: str, factory: type[Dataset]) -> tuple[Dataset, Kept | None]:
    """The dataset to load into, and the bookkeeping beside it if it persists.

    ``auto`` for big inputs opens a persistent store in the cache (:func:`_cached_store`); if
    another process holds that one, Oxigraph in memory instead.

    Examples
    --------
    >>> ds, kept = open_local("memory", [], "no-content", Dataset)
    >>> len(ds), kept is None
    (0, True)
    """
    chosen = choose_store(store, paths)
    cached = store == "auto" and chosen == "oxigraph"
    spec = _cached_store(content) if cached else chosen
    try:
        ds = new_dataset(spec, factory=factory)
    except OSError as exc:  # RocksDB's lock: another process has the store open
        if not cached:
            raise CollabgraphError(f"cannot open {spec}: {exc}") from None
        return new_dataset("oxigraph", factory=factory), None  # work in memory instead
    path = store_path(spec)
    return ds, None if path is None else Kept(path)


def check_loaded(ds: Dataset, files: list[DataFile]) -> None:
    """Raise the first problem in the user's files just loaded into ``ds`` (a persistent store's
    bookkeeping, emptying it or recording the files as checked, is the caller's: :class:`Kept`).

    Examples
    --------
    >>> check_loaded(Dataset(), [])  # no user files: nothing to check
    """
    _check_user_files(ds, files)


class Kept:
    """What collabgraph keeps beside a persistent store's own files, in its directory.

    ``collabgraph-content-key``: the key of the files it holds and whether reasoned (written last,
    so an interrupted load never passes for a finished one); ``collabgraph-checked``: the content
    key of the files whose user-data checks passed; ``collabgraph-prefixes.json``: the prefixes to
    bind on reopening (Oxigraph keeps triples, not prefixes, and messages, exports and the
    validation cache's keys use them).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> kept = Kept(pathlib.Path(tempfile.mkdtemp()))
    >>> kept.holds("abc:asserted", "abc", reasoned=False)  # nothing finished there yet
    False
    """

    def __init__(self, folder: Path):
        self.marker = folder / "collabgraph-content-key"
        self.checked_file = folder / "collabgraph-checked"
        self.prefixes_file = folder / "collabgraph-prefixes.json"

    def holds(self, key: str, content: str, *, reasoned: bool) -> bool:
        """Whether the store holds what a load of ``key`` needs (a reasoned load serves an
        unreasoned one of the same files)."""
        held = self.marker.read_text() if self.marker.is_file() else None
        return held == key or bool(held and not reasoned and held.startswith(f"{content}:reasoned"))

    def reopen(self, ds: Dataset, files: list[DataFile], content: str, *, check: bool) -> None:
        """Bind the saved prefixes; check the user's files if the load that filled it did not."""
        _rebind(ds, self.prefixes_file)
        if check and not (self.checked_file.is_file() and self.checked_file.read_text() == content):
            _check_user_files(ds, files)
            atomic_write_text(self.checked_file, content)

    def start(self, ds: Dataset) -> None:
        """Empty the store for a reload, forgetting what it held first."""
        self.marker.unlink(missing_ok=True)  # an interrupted reload must not pass for a finished one
        self.checked_file.unlink(missing_ok=True)
        backend(ds).clear()

    def checked(self, content: str) -> None:
        """Record that the user's files passed their checks: a second run skips them."""
        atomic_write_text(self.checked_file, content)

    def discard(self, ds: Dataset) -> None:
        """Keep nothing, and let the next load open the store."""
        backend(ds).clear()
        ds.close()

    def finish(self, ds: Dataset, key: str) -> None:
        """Compact the store, save its prefixes, and mark it as holding ``key``."""
        backend(ds).settle()
        atomic_write_text(self.prefixes_file, json.dumps({prefix: str(ns) for prefix, ns in ds.namespaces()}, sort_keys=True))
        atomic_write_text(self.marker, key)


def _check_user_files(ds: Dataset, files: list[DataFile]) -> None:
    """Raise the first problem :func:`collabgraph.checks.user_data.check_user_data` finds in the user's files
    (no user files: nothing to do, nothing imported)."""
    mine = [f for f in files if f.graph.startswith(GRAPH["user/"])]
    if mine:
        from collabgraph.checks.user_data import check_user_data

        problems = check_user_data(ds, mine)
        if problems:
            raise problems[0].error(more=len(problems) - 1)


def _rebind(ds: Dataset, saved: Path) -> None:
    """Bind the prefixes saved beside a persistent store when it was filled."""
    try:
        prefixes = json.loads(saved.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # a store filled before prefixes were saved: rdflib's and collabgraph's own only
    for prefix, ns in prefixes.items():
        ds.bind(prefix, ns, override=False)


#: Persistent stores ``auto`` keeps in the cache directory, the most recently used
#: (:data:`collabgraph.cache.STORE_CACHE`).
CACHED_STORES = STORE_CACHE.keep


def _cached_store(content: str) -> str:
    """``auto`` for big inputs: a persistent Oxigraph store in the cache directory named by the
    inputs' content, so the next run on the same files reopens it instead of parsing and
    reasoning again; the cache keeps the most recently used (``stores/`` in :mod:`collabgraph.cache`)."""
    path = STORE_CACHE.entry(content[:24])
    try:
        path.mkdir(parents=True, exist_ok=True)
        path.touch()  # most recently used
    except OSError:
        return "oxigraph"  # no writable cache: in memory
    STORE_CACHE.prune(spare=path)
    return f"oxigraph:{path / 'store'}"
