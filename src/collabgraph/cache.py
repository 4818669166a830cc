"""One cache for what collabgraph computes once and reuses: where it lives, how entries are keyed,
and what is kept.

Where
-----
``$COLLABGRAPH_CACHE``, else ``~/.cache/collabgraph`` (:func:`cache_dir`), one folder per kind of
entry (:class:`Folder`):

``inferred/<key>.nt.gz`` (:data:`INFERRED_CACHE`)
    owlrl's inferences from one set of input files, gzipped N-Triples
    (:func:`collabgraph.reasoning.reason.cached_infer`). Keyed by the files' names and bytes
    (:func:`collabgraph.reasoning.reason.content_key`). Versions before this layout kept them as
    ``inferred-<key>.nt.gz`` in the root; the first prune removes those.
``stores/<key>/store/`` (:data:`STORE_CACHE`)
    A persistent Oxigraph store that ``load(store="auto")`` fills for inputs above 5 MiB
    (:mod:`collabgraph.loading.load`) and the next load of the same files reopens. ``<key>`` is the first
    24 characters of the inputs' content key (the one ``inferred/`` uses); beside the store's own
    files, ``collabgraph-content-key`` says what it holds (written last: a store without it is
    refilled), ``collabgraph-checked`` that the user's files in it passed their checks, and
    ``collabgraph-prefixes.json`` the prefixes to bind on reopening.
``parsed/<key>.pickle`` (:data:`PARSED_CACHE`)
    A small dataset as loaded (parsed, checked, reasoned) in rdflib's memory store
    (:mod:`collabgraph.loading.parsed`), so a command on the curated graph opens it instead of
    parsing. Keyed by the inputs' content key and the options of the load.
``validation/<key>.json`` (:data:`VALIDATION_CACHE`)
    The violations of one validation chunk, a JSON list (:mod:`collabgraph.checks.validate`). Keyed by
    the chunk's canonical N-Triples, the shapes, the prefixes and the nodes whose violations count.

Keys
----
One rule (:func:`key`): the SHA-256 of the installed versions of the libraries that produced the
entry, the source of the collabgraph modules that produced it (as imported, not as on disk later),
then the content, each part NUL-terminated. An upgrade or a code change never reads a stale entry:
it computes another key, and the old entry ages out.

What is kept
------------
An entry counts as used when it is written or read (its modification time is set then). After
each write to a folder (:meth:`Folder.prune`) the folder keeps its ``keep`` most recently used
entries (inferred 20, stores 3, parsed 5, validation 2,000: enough for a few graphs of 100,000 institutions)
and removes the others, and any entry unused for :data:`MAX_AGE_DAYS` days. Nothing else removes
entries. A cache that cannot be read, written or pruned (a read-only home) is skipped: the same
answers, later.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

__all__ = ["cache_dir", "key", "Folder", "INFERRED_CACHE", "STORE_CACHE", "PARSED_CACHE", "VALIDATION_CACHE", "MAX_AGE_DAYS"]

#: Entries unused for this many days are removed by the next prune of their folder.
MAX_AGE_DAYS = 90


def cache_dir() -> Path:
    """The cache's root: ``$COLLABGRAPH_CACHE``, else ``~/.cache/collabgraph``.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"COLLABGRAPH_CACHE": "/tmp/cg-cache"}):
    ...     cache_dir()
    PosixPath('/tmp/cg-cache')
    """
    env = os.environ.get("COLLABGRAPH_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "collabgraph"


def key(parts: Iterable[bytes | str], *, libraries: Iterable[str] = (), code: bytes = b"") -> str:
    """The key of a cache entry: SHA-256 (hex) of ``libraries``' installed versions, ``code`` (the
    source that produced the entry), then each of ``parts``, NUL-terminated (read one at a time:
    a part may be a whole input file).

    Examples
    --------
    >>> len(key(["content"]))
    64
    >>> key(["a"], code=b"v1") == key(["a"], code=b"v2"), key(["a", "b"]) == key(["ab"])
    (False, False)
    """
    h = hashlib.sha256()
    for name in libraries:
        try:
            h.update(f"{name}={version(name)};".encode())
        except PackageNotFoundError:
            h.update(f"{name}=?;".encode())
    h.update(code)
    for part in parts:
        h.update((part.encode("utf-8") if isinstance(part, str) else part) + b"\0")
    return h.hexdigest()


class Folder:
    """One folder of the cache: where its entries go, how they are keyed, how many are kept.

    Parameters
    ----------
    name : str
        The subfolder of :func:`cache_dir`.
    keep : int
        Entries kept by :meth:`prune`, the most recently used.
    pattern : str
        What counts as an entry (a glob; names starting with ``.``, temporary files, never do).
    libraries : tuple of str
        Distributions whose versions go into every key.
    modules : tuple of str
        collabgraph's modules (paths inside the package) whose source goes into every key; a
        folder stands for every module and query (``.rq``) in it and below.
    legacy : str
        Where older versions of collabgraph kept these entries (a glob in :func:`cache_dir`):
        removed by :meth:`prune`.

    Examples
    --------
    >>> import tempfile
    >>> from unittest import mock
    >>> folder = Folder("example", keep=2, pattern="*.txt")
    >>> with mock.patch.dict(os.environ, {"COLLABGRAPH_CACHE": tempfile.mkdtemp()}):
    ...     folder.path.mkdir()
    ...     for n in range(3):
    ...         path = folder.entry(folder.key([str(n)]), ".txt")
    ...         _ = path.write_text(str(n))
    ...         os.utime(path, (time.time() - 10 + n,) * 2)  # used one after the other
    ...     folder.prune()
    ...     sorted(p.read_text() for p in folder.path.iterdir())
    ['1', '2']
    """

    def __init__(
        self,
        name: str,
        *,
        keep: int,
        pattern: str = "*",
        libraries: tuple[str, ...] = (),
        modules: tuple[str, ...] = (),
        legacy: str = "",
    ):
        self.name, self.keep, self.pattern, self.libraries, self.legacy = name, keep, pattern, libraries, legacy
        package = Path(__file__).parent
        files = [_sources(package / m) if (package / m).is_dir() else [package / m] for m in modules]
        self.code = b"".join(f.read_bytes() for group in files for f in group)

    def __repr__(self) -> str:
        return f"Folder({self.name!r}, keep={self.keep})"

    @property
    def path(self) -> Path:
        """This folder under the current :func:`cache_dir` (not created)."""
        return cache_dir() / self.name

    def key(self, parts: Iterable[bytes | str]) -> str:
        """The key of the entry made from ``parts`` (:func:`key` with this folder's libraries and code)."""
        return key(parts, libraries=self.libraries, code=self.code)

    def entry(self, name: str, suffix: str = "") -> Path:
        """The path of the entry ``name`` (a key, or a prefix of one); nothing is created."""
        return self.path / f"{name}{suffix}"

    @staticmethod
    def used(path: Path) -> None:
        """Mark an entry as just used, so that pruning removes it last (silently skipped if it cannot)."""
        try:
            os.utime(path)
        except OSError:
            pass

    def prune(self, *, spare: Path | None = None) -> None:
        """Remove the entries beyond the :attr:`keep` most recently used, and those unused for
        :data:`MAX_AGE_DAYS` days; ``spare`` (the entry in use) is kept whatever its age."""
        try:
            if self.legacy:
                for old in cache_dir().glob(self.legacy):
                    _remove(old)
            entries = [(p.stat().st_mtime, p) for p in self.path.glob(self.pattern) if not p.name.startswith(".")]
        except OSError:
            return  # a cache that cannot be pruned is still a correct cache
        oldest = time.time() - MAX_AGE_DAYS * 86400
        entries.sort(key=lambda e: (e[1] != spare, -e[0]))
        for rank, (used, path) in enumerate(entries):
            if path != spare and (rank >= self.keep or used < oldest):
                _remove(path)


def _sources(folder: Path) -> list[Path]:
    return sorted(p for pattern in ("*.py", "*.rq") for p in folder.rglob(pattern))


def _remove(path: Path) -> None:
    try:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


#: owlrl's inferences (:func:`collabgraph.reasoning.reason.cached_infer`).
INFERRED_CACHE = Folder(
    "inferred",
    keep=20,
    pattern="*.nt.gz",
    libraries=("owlrl", "rdflib", "collabgraph"),
    modules=("reasoning/reason.py",),
    legacy="inferred-*.nt.gz",
)
#: Persistent Oxigraph stores of ``load(store="auto")``, named by the inputs' content key.
STORE_CACHE = Folder("stores", keep=3)
#: Small parsed and reasoned datasets (:mod:`collabgraph.loading.parsed`).
PARSED_CACHE = Folder(
    "parsed",
    keep=5,
    pattern="*.pickle",
    libraries=("rdflib", "owlrl", "pyoxigraph", "oxrdflib", "collabgraph"),
    modules=(
        "loading",
        "reasoning",
        "store",
        "sparql",
        "queries",
        "checks/user_data.py",
        "files/safe_input.py",
        "dates.py",
        "namespaces.py",
    ),
)
#: Validation chunks' violations (:mod:`collabgraph.checks.validate`).
VALIDATION_CACHE = Folder(
    "validation",
    keep=2000,
    pattern="*.json",
    libraries=("pyshacl", "rdflib", "collabgraph"),
    modules=("checks/chunks.py", "checks/report.py"),
)
