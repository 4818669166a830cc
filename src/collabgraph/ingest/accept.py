"""Accept a reviewed file: write the accepted candidates as Turtle, after checking everything.

:func:`accept` reads a review file (:mod:`collabgraph.ingest.review`), builds one RDF graph per
source in the model of the curated data (``data/seeds``), and writes each as
``INTO/<source>.ttl``, but only after every check passed; on any problem it writes nothing and
raises :class:`~collabgraph.errors.AcceptError`, one line per problem. The checks:

- the review file itself: YAML, kinds, statuses, roles, dates, party names, and every party
  ``iri`` defined in the graph (:func:`~collabgraph.ingest.review.read_review`);
- per source: its language is known; the file is still where ingest read it (its ``path``;
  a relative path from the working directory, else beside the review file) and its SHA-256
  is unchanged; every accepted quote occurs in the text read from it again
  (:func:`collabgraph.checks.verify.find_quote` on the text
  :func:`~collabgraph.ingest.text.document_text` gives, tables included);
- per candidate: an English gloss for a quote that is not in English (never invented), every
  party either known or accepted as new, and the parties a kind needs (two for an agreement;
  member and alliance for a membership; funder or recipient for a grant; person,
  organisation and role for a post);
- the new files in the context of the graph: the user-data checks a load makes
  (:func:`collabgraph.checks.user_data.check_user_data`) and the SHACL shapes
  (:func:`collabgraph.checks.validate.validate`), on the curated graph plus the new files;
- no output file exists already (unless ``overwrite``) or is one of the inputs.

How facts are written (as the curated data does): agreements ``a cg:<kind>`` with
``rdfs:label``, ``cg:hasParty``, ``cg:status``, ``cg:startDate`` (a signing date is the start,
as in the seeds) and ``cg:endDate``; with no date ``cg:undated true``, plus ``cg:reportedDate``
of the page when its published date is known (the page reports the fact then); a relative date
keeps the text as ``cg:dateText`` with a ``skos:editorialNote`` saying what it was resolved
against, and is ``cg:curationStatus cgs:inferred``. Memberships are one ``cg:Membership`` per
member (``org:member``, ``org:organization``, ``org:role``); grants ``cg:funder`` and
``cg:recipient``; posts ``org:postIn``, ``org:heldBy`` (a ``cg:Person``) and ``org:role``. Each
fact is ``cg:curationStatus cgs:stated``, or ``cgs:edited`` when the curator changed a field.
Each quote is an ``oa:Annotation`` whose target has a ``TextQuoteSelector`` (``oa:exact`` in
the source's language) and a ``TextPositionSelector`` (offsets in the text read), and a
``cg:gloss`` in English when given. New institutions are minted in ``cgr:`` from their name.

Hand-written because the mapping from a candidate to the curated model (which property, which
date, which IRI) is collabgraph's own; the checks reuse the project's loader, checker,
validator and quote finder. The code lives in modules named after what they do:
:mod:`~collabgraph.ingest.accept_checks` (the checks), :mod:`~collabgraph.ingest.triples`
(building the graph), :mod:`~collabgraph.ingest.iris` (slugs and minted IRIs); :func:`accept`
runs them in order and writes.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from collabgraph.errors import AcceptError, CollabgraphError, ReviewError
from collabgraph.files.atomic import atomic_write_text, refuse_inputs
from collabgraph.ingest.accept_checks import _check_candidate, _check_source, _graph_problems, _resolve_path, _where
from collabgraph.ingest.iris import _Minter, slugify
from collabgraph.ingest.review_read import _read
from collabgraph.ingest.triples import _Builder
from collabgraph.loading.load import load
from collabgraph.namespaces import SRC

__all__ = ["accept", "slugify"]


def accept(review_path: Path | str, into: Path | str, *, overwrite: bool = False, base: Dataset | None = None) -> list[Path]:
    """Write the accepted candidates of a review file as Turtle, one file per source, in ``into``.

    Everything is checked before anything is written (see the module docstring); on any
    problem nothing is written. Candidates with ``accept: no`` are left out; a source with no
    accepted candidate gets no file.

    Parameters
    ----------
    review_path : Path or str
        The review file (:func:`collabgraph.ingest.review.write_review`, edited by a curator).
    into : Path or str
        The folder for the Turtle files (created if needed): ``INTO/<source>.ttl``, the
        source's file name as a slug (with a short hash where two sources share a name).
    overwrite : bool
        Replace files that exist already (atomically). Without it, an existing file is refused.
    base : Dataset, optional
        The graph the facts join: every party ``iri`` must be defined in it, minted IRIs avoid
        its IRIs, and the new files are checked and validated together with its asserted
        graphs. Default: the curated data (``collabgraph.loading.load.load(reason=False)``).

    Returns
    -------
    list of Path
        The files written, in the order of the sources.

    Raises
    ------
    AcceptError
        Any problem (one line each, naming the review file and line): the review file's own
        (:class:`~collabgraph.errors.ReviewError`), nothing accepted, a missing English gloss, a
        source changed or missing, a quote not in the source, a party neither known nor new, the
        user-data checks and the SHACL shapes on the new files, an output file that exists.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from collabgraph.ingest.model import Candidate, Party, Reading, sha256_of
    >>> from collabgraph.ingest.review import write_review
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> page = folder / "news.txt"
    >>> text = "Universität Münster and Aurora Institute signed an MoU in July 2024."
    >>> _ = page.write_text(text, encoding="utf-8")
    >>> mou = Candidate(id="c-1a2b3c4d", kind="MemorandumOfUnderstanding", status="signed", quote=text[:-1],
    ...                 start=0, end=len(text) - 1, date="2024-07", confidence=0.9, parties=[
    ...                     Party("Universität Münster", iri="https://w3id.org/collabgraph/id/university-of-muenster"),
    ...                     Party("Aurora Institute", new=True, type="ResearchInstitute")])
    >>> review = write_review([Reading(source="news.txt", text=text, language="en", path=str(page),
    ...                                sha256=sha256_of(page.read_bytes()), candidates=[mou])], folder / "review.yaml")
    >>> [p.name for p in accept(review, folder / "accepted")]
    ['news.ttl']
    >>> accept(review, folder / "accepted")
    Traceback (most recent call last):
    ...
    collabgraph.errors.AcceptError: .../accepted/news.ttl exists: refusing to overwrite it (pass --overwrite...
    .../review.yaml: nothing written (1 problem)
    """
    review = Path(review_path)
    into = Path(into)
    if base is None:
        base = load(reason=False)
    try:
        sources = _read(review, base)
    except ReviewError as exc:
        raise AcceptError(str(review), [f"{_where(review, line)}: {message}" for line, message in exc.problems]) from None
    chosen = [(s, [rc for rc in s.reviewed if rc.accept]) for s in sources]
    chosen = [(s, accepted) for s, accepted in chosen if accepted]
    if not chosen:
        raise AcceptError(str(review), [f"{review}: no candidate is accepted (set `accept: yes` on those to add)"])
    problems: list[str] = []
    checked = []
    for s, accepted in chosen:
        for rc in accepted:
            _check_candidate(review, s.reading, rc, problems)
        found = _check_source(review, s, accepted, problems)
        if found is not None:
            checked.append((s, *found))
    # Output files: the source's name as a slug, with its hash where two sources share one.
    stems: dict[str, int] = {}
    for s, _ in chosen:
        stem = slugify(Path(s.reading.source).stem)
        stems[stem] = stems.get(stem, 0) + 1
    targets: dict[int, Path] = {}
    for s, _ in chosen:
        stem = slugify(Path(s.reading.source).stem)
        if stems[stem] > 1:
            stem = f"{stem}-{(s.reading.sha256 or '')[:8] or s.line}"
        targets[id(s)] = into / f"{stem}.ttl"
    for target in targets.values():
        if target.exists() and not overwrite:
            problems.append(f"{target} exists: refusing to overwrite it (pass --overwrite, or overwrite=True in Python)")
    inputs = [review] + [p for s, _ in chosen if s.reading.path and (p := _resolve_path(review, s.reading.path))]
    try:
        refuse_inputs(list(targets.values()), inputs)
    except CollabgraphError as exc:
        problems.append(str(exc))
    if problems:
        raise AcceptError(str(review), problems)
    minter = _Minter(base)
    texts: dict[Path, str] = {}
    builders: dict[Path, _Builder] = {}
    for s, digest, located in checked:
        r = s.reading
        assert r.language  # a source without a language was reported as a problem above
        source_iri = SRC[f"{slugify(Path(r.source).stem)}-{digest[:8]}"]
        builder = _Builder(minter, review, r, source_iri, r.language)
        builder.source(digest)
        for item in located:
            builder.fact(item)
        target = targets[id(s)]
        texts[target] = builder.turtle(review)
        builders[target] = builder
    problems = _graph_problems(base, texts, builders, review)
    if problems:
        raise AcceptError(str(review), problems)
    return [atomic_write_text(path, text) for path, text in texts.items()]
