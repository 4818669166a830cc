"""Load the ontology and data files into a dataset of named graphs, with cached inference.

:func:`load` ties the steps together: the files to read (:mod:`collabgraph.loading.sources`),
the store to fill (:mod:`collabgraph.loading.stores`), parsing each file
(:mod:`collabgraph.store.parse`), checking the user's files, and inference
(:mod:`collabgraph.loading.inference`). The names those modules define that other code uses
(``DataFile``, ``data_files``, ``parse_file``, ``OWLRL_LIMIT``…) are importable from here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import NamedTuple

from rdflib import Dataset

from collabgraph.loading.inference import AFTER_TIME_LIMIT, OWLRL_LIMIT, REASONERS, fill_inferred
from collabgraph.loading.parsed import parsed
from collabgraph.loading.sources import ONTOLOGY_FILES, SOURCES, DataFile, data_files, user_files
from collabgraph.loading.stores import CACHED_STORES, check_loaded, open_local, open_remote
from collabgraph.reasoning.reason import content_key
from collabgraph.store import choose_store, is_remote, lend_memory_copy, new_dataset
from collabgraph.store.parse import load_in_bulk, parse_file

__all__ = [
    "load",
    "DataFile",
    "data_files",
    "user_files",
    "parse_file",
    "SOURCES",
    "ONTOLOGY_FILES",
    "REASONERS",
    "OWLRL_LIMIT",
    "CACHED_STORES",
]


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
    keep_copy: bool = False,
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
        Reuse cached inference for unchanged inputs, and a small dataset as a whole: one that
        fits rdflib's memory store is kept parsed and reasoned, and the next load of the same
        files with the same options unpickles it (:mod:`collabgraph.loading.parsed`).
    check : bool
        Check ``data`` against the graph it joins, right after parsing, and refuse it on the first
        mistake: unknown collabgraph IRIs, impossible dates, statuses and roles the ontology does
        not have (:func:`collabgraph.checks.user_data.check_user_data`). ``False`` leaves that to the caller
        (``collabgraph validate`` reports every problem, not the first).
    factory : type
        The Dataset class to build (``collabgraph.loading.load`` builds a
        :class:`~collabgraph.api.KnowledgeGraph`).
    keep_copy : bool
        A persistent store is filled from a copy in Oxigraph's memory (parsing, the checks and the
        rules run there, several times faster than on disk; the store gets the inferences in one
        bulk load, and its own parse of the files from a second thread meanwhile). ``True``
        keeps that copy of the asserted graphs for the first
        :func:`collabgraph.store.memory_copy` of the dataset (validation makes one) instead of
        dropping it (at 100,000 institutions it holds 1.2 GB).

    Raises
    ------
    DataFileError
        A file is missing or malformed, or a user's file fails the checks of ``check`` (message
        names the file and line). Nothing is kept: a persistent store is emptied again.

    Examples
    --------
    >>> from collabgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
    >>> ds = load(sources="seeds")
    >>> str(ONTOLOGY_GRAPH) in {str(g.identifier) for g in ds.graphs()}
    True
    >>> len(ds.graph(INFERRED_GRAPH)) > 0
    True
    """
    if is_remote(store):
        return open_remote(store, sources=sources, data=data, curated=curated, factory=factory)
    files = data_files(sources, data, curated=curated)
    content = content_key(f.path for f in files)
    plan = _Plan(files, content, reason, cache, reasoner, check)
    if cache and choose_store(store, [f.path for f in files]) == "memory":  # small: kept parsed
        # The files' names and bytes, the graph each goes into (a curated file given as --data is
        # a user's file: its own graph, and checked), and the options.
        options = [
            content,
            *(f"{f.path.name}={f.graph}" for f in files),
            f"reasoner={reasoner if reason else 'none'}",
            f"check={check}",
        ]
        return parsed(options, factory, lambda: _fill(store, plan, factory, keep_copy))
    return _fill(store, plan, factory, keep_copy)[0]


def _parse_all(files: list[DataFile], ds: Dataset) -> None:
    """Parse each file into its graph of ``ds`` (user files were vetted by data_files, the curated
    ones ship with collabgraph)."""
    for f in files:
        parse_file(f.path, into=ds.graph(f.graph), vetted=True)


def _load_beside(files: list[DataFile], ds: Dataset) -> list[DataFile]:
    """Bulk-load ``files`` into the persistent store ``ds`` from a second thread (the loader runs
    without Python's lock and binds no prefix: the copy's are bound afterwards); returns the files
    its loader could not take, for the main thread to parse."""
    left = []
    for f in files:
        try:
            if load_in_bulk(f.path, ds.graph(f.graph)):
                continue
        except Exception:  # noqa: S110 - a bad file: the copy's parse of it names the file and line
            pass
        left.append(f)
    return left


class _Plan(NamedTuple):
    """What one load reads and does: its files, their content key, and the options of :func:`load`."""

    files: list[DataFile]
    content: str
    reason: bool
    cache: bool
    reasoner: str
    check: bool


def _fill_in_place(ds: Dataset, plan: _Plan, *, into: Dataset | None = None) -> bool:
    """Parse, check and reason in ``ds``; the inferences go to ``into`` if given (the store ``ds``
    is a copy in memory for). False if owlrl ran out of time (the rules reasoned instead: a
    result that depends on the machine's speed)."""
    files, content = plan.files, plan.content
    _parse_all(files, ds)
    if plan.check:  # before reasoning, so bad data costs no inference
        check_loaded(ds, files)
    if not plan.reason:
        return True
    return fill_inferred(ds, files, plan.reasoner, content if plan.cache else None, into=into) != AFTER_TIME_LIMIT


def _fill(store: str, plan: _Plan, factory: type[Dataset], keep_copy: bool) -> tuple[Dataset, bool]:
    """Open the local store for ``files`` and fill it (or reopen a persistent one that holds them);
    the dataset, and whether it may be kept (see :func:`_fill_in_place`)."""
    files, content, reason, check = plan.files, plan.content, plan.reason, plan.check
    ds, kept = open_local(store, [f.path for f in files], content, factory)
    key = f"{content}:reasoned-{plan.reasoner}" if reason else f"{content}:asserted"
    if kept is not None and kept.holds(key, content, reasoned=reason):
        kept.reopen(ds, files, content, check=check)
        return ds, True  # a persistent store already holding exactly these files: reopen, no parsing
    if kept is None:
        return ds, _fill_in_place(ds, plan)
    kept.start(ds)
    # A persistent store is filled from a copy in memory: RocksDB answers the checks' and the
    # rules' queries several times slower than Oxigraph's memory (load and reasoning of 100,000
    # institutions: 155 s filling the store directly). Meanwhile a second thread bulk-loads the
    # same files into the store (Oxigraph's loader runs without Python's lock): the store's blank
    # nodes get names of their own, as every parse gives them, and nothing inferred mentions a
    # blank node of the data (reasoning.reason.informative, the rules' filters; only owlrl's
    # inconsistency reports hang off blank nodes of their own), so the two never meet.
    stage = new_dataset("oxigraph")
    with ThreadPoolExecutor(1, thread_name_prefix="collabgraph-load") as beside:
        filling = beside.submit(_load_beside, files, ds)
        try:
            settled = _fill_in_place(stage, plan, into=ds)
            _parse_all(filling.result(), ds)  # what the loader could not take, parsed here
        except BaseException:
            wait([filling])  # nothing is kept: the store is emptied once its loader has stopped
            kept.discard(ds)
            raise
    if check:
        kept.checked(content)
    for prefix, namespace in stage.namespaces():
        ds.bind(prefix, namespace, override=False)
    kept.finish(ds, key)
    if keep_copy:
        lend_memory_copy(ds, stage)
    return ds, settled
