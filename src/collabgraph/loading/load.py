"""Load the ontology and data files into a dataset of named graphs, with cached inference."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

import collabgraph.reasoning.reason as reasoning
from collabgraph.cache import STORE_CACHE
from collabgraph.errors import CollabgraphError, DataFileError
from collabgraph.files.atomic import atomic_write_text
from collabgraph.files.safe_input import utf8_error_line, vet
from collabgraph.namespaces import GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, graph_iri
from collabgraph.reasoning.reason import cached_infer, content_key
from collabgraph.resources import data_dir, ontology_dir
from collabgraph.store import backend, choose_store, count_triples, endpoint_url, is_remote, new_dataset, store_path

__all__ = ["load", "DataFile", "data_files", "user_files", "parse_file", "SOURCES", "ONTOLOGY_FILES", "REASONERS"]

#: Which curated graphs a source selection includes.
SOURCES = {"seeds": ("seed",), "all": ("seed", "public")}

#: Ontology files loaded into the ontology graph (the shapes are loaded only to validate).
ONTOLOGY_FILES = ("collabgraph.ttl", "concepts.ttl", "places.ttl")

_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".trix": "trix",
    ".xml": "xml",
}
#: What a directory given as data contributes (a folder's other .xml files may be anything).
_FOLDER_SUFFIXES = frozenset(_FORMATS) - {".xml"}


_QUAD_FORMATS = frozenset({"trig", "nquads", "trix"})


def _format(path: Path) -> str:
    return _FORMATS.get(path.suffix.lower(), "turtle")


@dataclass(frozen=True)
class DataFile:
    """A file and the named graph it loads into."""

    path: Path
    graph: URIRef


def data_files(sources: str = "all", data: Iterable[Path | str] = (), *, curated: bool = True) -> list[DataFile]:
    """List the files a load reads, each with its named graph.

    Parameters
    ----------
    sources : {"seeds", "all"}
        ``"seeds"`` for the five curated source documents only, ``"all"`` to add public sources.
    data : paths
        A user's own RDF files or directories, loaded read-only into ``graph/user/<stem>``.
        Each file is vetted first (:func:`collabgraph.files.safe_input.vet`): readable, not empty,
        and nothing in it that would make a parser expand entities or fetch or open anything.
    curated : bool
        Include the curated data (``False`` loads the ontology and the user's files only).

    Raises
    ------
    DataFileError
        A file is missing, unreadable, empty or refused, or a directory holds no RDF file.

    Examples
    --------
    >>> [f.graph.split("/graph/")[1] for f in data_files("seeds")][:2]
    ['ontology', 'ontology']
    """
    if sources not in SOURCES:
        raise CollabgraphError(f"unknown source selection {sources!r}; choose seeds or all")
    files = [DataFile(ontology_dir() / name, ONTOLOGY_GRAPH) for name in ONTOLOGY_FILES]
    if curated:
        for kind in SOURCES[sources]:
            for path in sorted((data_dir() / f"{kind}s" if kind == "seed" else data_dir() / kind).glob("*.ttl")):
                files.append(DataFile(path, graph_iri(kind, path.stem)))
    for path in _user_paths(data):
        vet(path, _format(path))
        files.append(DataFile(path, graph_iri("user", path.stem)))
    return files


def _user_paths(data: Iterable[Path | str]) -> list[Path]:
    """The files ``data`` names: each file, and each directory's RDF files (whatever the
    directory is called: ``x.ttl/`` is a directory too)."""
    paths = []
    for item in map(Path, data):
        if item.is_dir():
            found = sorted(p for p in item.rglob("*") if p.suffix.lower() in _FOLDER_SUFFIXES and p.is_file())
            if not found:
                raise DataFileError(
                    item, f"a directory with no RDF files in it (looked for {', '.join(sorted(_FOLDER_SUFFIXES))})"
                )
            paths += found
        elif item.exists():
            paths.append(item)
        else:
            raise DataFileError(item, "no such file or directory")
    return paths


def user_files(data: Iterable[Path | str]) -> list[DataFile]:
    """The user's files among ``data`` (files or directories), each with its named graph.

    Examples
    --------
    >>> user_files(["data/seeds/000_b86e7fc7cd7be3f7.ttl"])[0].graph.split("/graph/")[1]
    'user/000_b86e7fc7cd7be3f7'
    """
    return [DataFile(p, graph_iri("user", p.stem)) for p in _user_paths(data)]


def parse_file(path: Path | str, into: Graph | None = None, *, vetted: bool = False) -> Graph:
    """Parse one RDF file, turning syntax errors into a :class:`DataFileError` with file and line.

    Parameters
    ----------
    path : Path or str
        The file; its suffix names the format (Turtle if unknown).
    into : Graph, optional
        Add the triples here (default: a new graph).
    vetted : bool
        The file was already vetted (:func:`data_files` does it) or ships with collabgraph;
        otherwise :func:`collabgraph.files.safe_input.vet` runs first.

    Raises
    ------
    DataFileError
        The file is refused by the vetting, is not valid in its format (with the line: for a
        missing ``.`` the line the statement ends on), or holds no triples.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.ttl"
    >>> _ = bad.write_text('@prefix ex: <http://example.org/> .\\nex:a ex:b "open .\\n')
    >>> parse_file(bad)
    Traceback (most recent call last):
    ...
    collabgraph.errors.DataFileError: .../bad.ttl:2: newline found in string literal
    """
    path = Path(path)
    graph = Graph() if into is None else into
    fmt = _format(path)
    if not vetted:
        vet(path, fmt)
    quads = fmt in _QUAD_FORMATS and graph.store.context_aware  # these fill the graphs they name
    before = len(graph.store) if quads else _is_empty(graph)
    try:
        if _has_bom(path):  # a UTF-8 byte-order mark, which some parsers take for text
            with open(path, "rb") as stream:
                stream.seek(3)
                graph.parse(file=stream, format=fmt, publicID=path.absolute().as_uri())
        elif not backend(graph).bulk_load(path, fmt):  # Oxigraph's loader: ~10x rdflib's parser
            graph.parse(path, format=fmt)
    except BadSyntax as exc:
        text = exc._str.decode("utf-8", "replace")[: exc._i]
        raise DataFileError(path, exc._why, line=_statement_line(text, exc._why)) from None
    except SyntaxError as exc:  # Oxigraph's loader
        line = exc.lineno
        message = exc.msg
        if line and _MISSING_DOT[1] in message:
            with open(path, encoding="utf-8", errors="replace") as lines:
                before = list(islice(lines, line))
            before[-1] = before[-1][: max((exc.offset or 1) - 1, 0)]
            line = _statement_line("".join(before), message)
            message = message.rpartition(": ")[2]  # its own "at line N" named the next token's line
        raise DataFileError(path, message, line=line) from None
    except FileNotFoundError:
        raise DataFileError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text ({exc.reason})", line=utf8_error_line(path)) from None
    except Exception as exc:  # other parsers (RDF/XML, JSON-LD) raise their own types
        raise DataFileError(path, f"not valid {fmt}: {exc}") from None
    if (len(graph.store) == before) if quads else (before and _is_empty(graph)):
        raise DataFileError(path, "no triples in this file")
    return graph


#: How rdflib and Oxigraph say a statement lacks its closing dot.
_MISSING_DOT = ("at end of statement", "A dot is expected")


def _statement_line(before: str, message: str) -> int:
    """The line to report for a syntax error found at the end of ``before`` (the text up to it).

    A parser finds a missing ``.`` only at the next token, often lines later; the mistake is on
    the line where the statement ended, the last one before it holding more than a comment.
    """
    lines = before.split("\n")
    if not any(cue in message for cue in _MISSING_DOT) or lines[-1].strip():
        return len(lines)
    for index in range(len(lines) - 2, -1, -1):
        text = lines[index].strip()
        if text and not text.startswith("#"):
            return index + 1
    return len(lines)


def _is_empty(graph: Graph) -> bool:
    return next(iter(graph.triples((None, None, None))), None) is None


def _has_bom(path: Path) -> bool:
    with open(path, "rb") as stream:
        return stream.read(3) == b"\xef\xbb\xbf"


#: Reasoners :func:`load` can use; ``auto`` picks owlrl up to :data:`OWLRL_LIMIT` asserted triples.
REASONERS = ("auto", "owlrl", "rules")
OWLRL_LIMIT = 20_000


def load(
    *,
    sources: str = "all",
    data: Sequence[Path | str] = (),
    curated: bool = True,
    reason: bool = True,
    store: str = "auto",
    cache: bool = True,
    reasoner: str = "auto",
    check: bool = True,
    factory: type[Dataset] = Dataset,
) -> Dataset:
    """Load the ontology and data into a :class:`rdflib.Dataset` of named graphs.

    Graphs: ``cgg:ontology`` (ontology, concept schemes, places), ``cgg:seed/<source>`` (one per
    source document), ``cgg:public/<name>`` (public reference facts, with ``sources="all"``),
    ``cgg:user/<stem>`` (``data``), and ``cgg:inferred`` (OWL 2 RL entailments from owlrl).
    The default graph is their union. Inference is cached by the content of the inputs, so a
    second load of unchanged files skips the reasoner.

    Parameters
    ----------
    sources : {"seeds", "all"}
        Curated graphs to include.
    data : sequence of paths
        A user's own RDF files or directories, read-only.
    curated : bool
        Include the curated data; ``False`` loads only the ontology and ``data``.
    reason : bool
        Add the ``cgg:inferred`` graph.
    reasoner : {"auto", "owlrl", "rules"}
        ``owlrl``: every OWL 2 RL rule, in Python (the reference; its result is cached by content).
        ``rules``: the rules the ontology uses as SPARQL run in the store
        (:mod:`collabgraph.reasoning.rules`; same triples on the curated graph, minutes faster at 10,000
        institutions). ``auto``: owlrl up to 20,000 asserted triples, rules above unless the
        data uses OWL the rules do not cover (:func:`collabgraph.reasoning.rules.unsupported_axioms`).
    store : str
        ``auto`` (memory up to 5 MiB of input; above, when Oxigraph is installed, a persistent
        Oxigraph store in the cache directory named by the inputs' content, reopened by the next
        run on the same files, or Oxigraph in memory if that store is in use), ``memory``,
        ``oxigraph``, ``oxigraph:PATH`` or ``sparql:URL`` (see
        :mod:`collabgraph.store`). A persistent store that already holds these exact files is
        reopened without parsing; a remote endpoint is queried as it is (fill it with
        :func:`collabgraph.export.push.push`), so ``sources``, ``data`` and ``reason`` were chosen
        when it was pushed.
    cache : bool
        Reuse cached inference for unchanged inputs.
    check : bool
        Check ``data`` against the graph it joins, right after parsing, and refuse it on the first
        mistake: unknown collabgraph IRIs, impossible dates, statuses and roles the ontology does
        not have (:func:`collabgraph.checks.user_data.check_user_data`). ``False`` leaves that to the caller
        (``collabgraph validate`` reports every problem, not the first).
    factory : type
        The Dataset class to build (``collabgraph.loading.load`` builds a
        :class:`~collabgraph.api.KnowledgeGraph`).

    Raises
    ------
    DataFileError
        A file is missing or malformed, or a user's file fails the checks of ``check`` (message
        names the file and line). Nothing is kept: a persistent store is emptied again.

    Examples
    --------
    >>> ds = load(sources="seeds")
    >>> str(ONTOLOGY_GRAPH) in {str(g.identifier) for g in ds.graphs()}
    True
    >>> len(ds.graph(INFERRED_GRAPH)) > 0
    True
    """
    if is_remote(store):
        return _open_remote(store, sources=sources, data=data, curated=curated, factory=factory)
    files = data_files(sources, data, curated=curated)
    content = content_key(f.path for f in files)
    ds, kept = _open_local(store, [f.path for f in files], content, factory)
    key = f"{content}:reasoned-{reasoner}" if reason else f"{content}:asserted"
    if kept is not None and kept.holds(key, content, reasoned=reason):
        kept.reopen(ds, files, content, check=check)
        return ds  # a persistent store already holding exactly these files: reopen, no parsing
    if kept is not None:
        kept.start(ds)
    for f in files:  # user files were vetted by data_files, the curated ones ship with collabgraph
        parse_file(f.path, into=ds.graph(f.graph), vetted=True)
    if check:  # before reasoning, so bad data costs no inference
        _check_loaded(ds, files, content, kept)
    if reason:
        _reason(ds, files, reasoner, content if cache else None)
    if kept is not None:
        kept.finish(ds, key)
    return ds


def _open_remote(store: str, *, sources: str, data: Sequence[Path | str], curated: bool, factory: type[Dataset]) -> Dataset:
    """A remote endpoint, queried as it is: what it holds was chosen when it was pushed."""
    if data or sources != "all" or not curated:
        raise CollabgraphError(
            f"{endpoint_url(store)} holds what was pushed to it; choose sources and data files "
            "with collabgraph push, not when reading"
        )
    return new_dataset(store, factory=factory)


def _open_local(store: str, paths: list[Path], content: str, factory: type[Dataset]) -> tuple[Dataset, _Kept | None]:
    """The dataset to load into, and the bookkeeping beside it if it persists.

    ``auto`` for big inputs opens a persistent store in the cache (:func:`_cached_store`); if
    another process holds that one, Oxigraph in memory instead.
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
    return ds, None if path is None else _Kept(path)


def _check_loaded(ds: Dataset, files: list[DataFile], content: str, kept: _Kept | None) -> None:
    """Check the user's files just loaded; on a problem empty a persistent store, then raise it."""
    try:
        _check_user_files(ds, files)
    except DataFileError:
        if kept is not None:
            kept.discard(ds)
        raise
    if kept is not None:
        kept.checked(content)


def _reason(ds: Dataset, files: list[DataFile], reasoner: str, key: str | None) -> None:
    """Fill ``cgg:inferred``: owlrl (cached under ``key``) or, chosen or after owlrl's time
    limit, the rules."""
    graphs = list(dict.fromkeys(f.graph for f in files))
    engine, schema = _reasoner(reasoner, ds, graphs)
    if engine == "owlrl" and _owlrl(ds, graphs, key):
        return
    from collabgraph.reasoning.rules import materialise

    materialise(ds, None if schema is None else [schema])


def _owlrl(ds: Dataset, graphs: list[URIRef], key: str | None) -> bool:
    """Add owlrl's inferences to ``cgg:inferred``; False if owlrl ran out of time on a big graph."""
    big = sum(count_triples(ds, g) for g in graphs) > reasoning.OWLRL_SLOW_TRIPLES
    try:
        inferred, _ = cached_infer([ds.graph(g) for g in graphs], key, seconds=reasoning.OWLRL_TIME_LIMIT if big else None)
    except reasoning.ReasoningTimeout as exc:  # owlrl has no brake: stopped, then the rules
        print(f"warning: {exc}; reasoning with the rules instead (--reasoner rules)", file=sys.stderr, flush=True)
        return False
    target = ds.graph(INFERRED_GRAPH)
    target.addN((s, p, o, target) for s, p, o in inferred)
    return True


class _Kept:
    """What collabgraph keeps beside a persistent store's own files, in its directory.

    ``collabgraph-content-key``: the key of the files it holds and whether reasoned (written last,
    so an interrupted load never passes for a finished one); ``collabgraph-checked``: the content
    key of the files whose user-data checks passed; ``collabgraph-prefixes.json``: the prefixes to
    bind on reopening (Oxigraph keeps triples, not prefixes, and messages, exports and the
    validation cache's keys use them).
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


def _reasoner(name: str, ds: Dataset, graphs: list[URIRef]) -> tuple[str, Graph | None]:
    """The reasoner to run, and the TBox when deciding needed it (so it is not read twice)."""
    if name not in REASONERS:
        raise CollabgraphError(f"unknown reasoner {name!r}; choose one of: {', '.join(REASONERS)}")
    if name != "auto":
        return name, None
    if sum(count_triples(ds, g) for g in graphs) <= OWLRL_LIMIT:
        return "owlrl", None
    from collabgraph.reasoning.rules import tbox, unsupported_axioms

    # Axioms the rules do not cover, beyond the ontology's own (cg:status is functional), need owlrl.
    schema = tbox(ds)
    extra = set(unsupported_axioms(schema)) - set(unsupported_axioms(ds.graph(ONTOLOGY_GRAPH)))
    return ("owlrl" if extra else "rules"), schema
