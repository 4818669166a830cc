"""Commands that ask the graph: ``query`` (named or ad-hoc SPARQL), ``partners``, ``members``,
``stats`` and ``facts`` (what one source supports).
"""

from __future__ import annotations

from typing import Annotated

import typer

from collabgraph.cli.app import (
    AsOfOpt,
    DataOpt,
    Fmt,
    FormatOpt,
    FormerOpt,
    LimitOpt,
    Sources,
    SourcesOpt,
    app,
    echo,
    load_graph,
    row_limit,
)
from collabgraph.errors import CollabgraphError

_PARAMETER_NOTE = r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)"


def _query_parameters(text: str) -> list[tuple[str, str]]:
    r"""The parameters of a named query: ``(variable, what it takes)``, in order of mention.

    A parameter is a variable the header comment tells the caller to bind (``Bind ?x``), a
    variable the header names that the query never binds itself (only a ``FILTER`` uses it), or a
    ``VALUES ?x { UNDEF }`` placeholder. What it takes is the header's parenthesis after it.

    Examples
    --------
    >>> _query_parameters("# Agreements dated in ?year (a string such as \"2019\").\n"
    ...                   "SELECT ?a WHERE { ?a cg:startDate ?d FILTER(STR(?d) = ?year) }")
    [('year', 'a string such as "2019"')]
    >>> _query_parameters("# Members of ?alliance. Bind ?alliance.\nSELECT ?m WHERE { ?x cg:a ?alliance ; cg:m ?m }")
    [('alliance', '')]
    >>> _query_parameters("# Labels.\nSELECT ?l WHERE { VALUES ?resource { UNDEF } ?resource cg:l ?l }")
    [('resource', 'IRIs; collabgraph fills in many at a time')]
    """
    import re

    lines = text.splitlines()
    header = " ".join(line.lstrip("#").strip() for line in lines if line.startswith("#"))
    body = "\n".join(line for line in lines if not line.startswith("#"))
    notes = {m.group(1): m.group(2) for m in re.finditer(r"\?(\w+)\s*" + _PARAMETER_NOTE, header)}
    found: dict[str, str] = {}
    for m in re.finditer(r"\bbind\s+\?(\w+)", header, flags=re.I):
        found.setdefault(m.group(1), notes.get(m.group(1), ""))
    where = body[body.find("{") :]
    unbound = re.sub(r"FILTER\b[^\n]*", "", where, flags=re.I)  # what FILTERs alone use is not bound
    for var in dict.fromkeys(re.findall(r"\?(\w+)", header)):
        if var not in found and f"?{var}" in where and not re.search(rf"\?{var}\b", unbound):
            found[var] = notes.get(var, "")
    for m in re.finditer(r"VALUES\s+\?(\w+)\s*\{\s*UNDEF\s*\}", body):
        found.setdefault(m.group(1), "IRIs; collabgraph fills in many at a time")
    return list(found.items())


def _named_query_list() -> list[dict]:
    """Every named query with its parameters and the first sentence of its header comment."""
    import re

    from collabgraph.sparql.query import named_queries

    found = []
    for name, path in named_queries().items():
        text = path.read_text(encoding="utf-8")
        header = " ".join(line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#"))
        first = re.split(r"(?<=[.:])\s+(?=[A-Z(])", header, maxsplit=1)[0] if header else ""
        params = _query_parameters(text)
        found.append(
            {
                "name": name,
                "parameters": [{"name": p, "takes": n} for p, n in params],
                "usage": f"collabgraph query {name}" + "".join(f" --bind {p}=…" for p, _ in params),
                "about": first,
                "file": str(path),
            }
        )
    return found


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="SPARQL text, a .rq file, or a named query (--list shows them).")] = None,
    fmt: FormatOpt = Fmt.table,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    bind: Annotated[
        list[str] | None, typer.Option("--bind", help="VAR=VALUE for a query variable (an IRI, a cgr: name, or a literal).")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries with their parameters, and run nothing.")] = False,
    limit: LimitOpt = None,
) -> None:
    """Run a SPARQL SELECT or ASK query.

    Examples: collabgraph query 'SELECT ?a WHERE { ?a a cg:Alliance }' --format csv;
    collabgraph query agreements_in_year --bind year=2019; collabgraph query --list
    """
    from collabgraph.cli.tables import render
    from collabgraph.sparql.query import parse_binding, query_text, run

    if list_:
        found = _named_query_list()
        rows = [
            {
                "query": q["name"],
                "parameters": ", ".join(f"?{p['name']}" + (f" ({p['takes']})" if p["takes"] else "") for p in q["parameters"])
                or "-",
                "about": q["about"],
            }
            for q in found
        ]
        echo(
            render(
                rows,
                ["query", "parameters", "about"],
                fmt.value,
                records=found,
                limit=limit,
                title="Named queries: collabgraph query NAME --bind VAR=VALUE (one --bind per parameter)",
                optional=("about",),
            )
        )
        return
    if sparql is None:
        raise CollabgraphError("give a SPARQL query, a .rq file or a named query; collabgraph query --list shows the named ones")
    bindings = dict(parse_binding(b) for b in bind or ())
    result = run(load_graph(sources, data), query_text(sparql), **bindings)
    echo(render(result.rows, result.vars, fmt.value, limit=row_limit(limit, fmt)))


@app.command()
def partners(
    name: Annotated[str, typer.Argument(help="Any label or alternative label, any case.")],
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="Only these kinds of tie (repeat): mou, cooperation_agreement, "
            "strategic_partnership, strategic_network, joint_programme, agreement, "
            "collaboration, funding, alliance (a shared alliance), membership (the "
            "alliance itself).",
        ),
    ] = None,
    include_planned: Annotated[bool, typer.Option("--include-planned", help="Also planned and announced agreements.")] = False,
    former: FormerOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Who an institution collaborates with, and through what: every kind of tie, one row each.

    Example: collabgraph partners "Maastricht University" --as-of 2020 --format json
    """
    from collections import Counter

    from collabgraph.cli.tables import render
    from collabgraph.questions.partners import KINDS
    from collabgraph.questions.partners import partners as find

    unknown = sorted(set(kind or ()) - set(KINDS))
    if unknown:
        raise CollabgraphError(f"unknown kind {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    found = find(
        load_graph(sources, data),
        name,
        as_of=as_of,
        include_planned=include_planned,
        kinds=set(kind) if kind else None,
        former=former,
    )
    flat = [
        {
            "partner": p.label,
            "kind": v.kind,
            "via": v.label,
            "date": v.date,
            "status": v.status + (" (former)" if v.former else "") if v.status else None,
            "curation": v.curation,
            "source": v.source,
        }
        for p in found
        for v in p.via
    ]
    counts = Counter(v.kind for p in found for v in p.via)
    title = (
        f"Partners of {name}{f' as of {as_of}' if as_of else ''}: {len(found)} partners, "
        f"{len(flat)} ties (" + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) + ")"
    )
    echo(
        render(
            flat,
            ["partner", "kind", "via", "date", "status", "curation", "source"],
            fmt.value,
            records=[p.to_dict() for p in found],
            title=title,
            limit=row_limit(limit, fmt),
            optional=("curation", "source"),
        )
    )


@app.command()
def members(
    alliance: Annotated[str, typer.Argument(help="Any label or alternative label of an alliance.")],
    as_of: AsOfOpt = None,
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
    former: FormerOpt = False,
    limit: LimitOpt = None,
) -> None:
    """Members of an alliance (each institution once) with roles, join date, status and sources.

    Example: collabgraph members CHARM-EU --format json
    """
    from collabgraph.cli.tables import render
    from collabgraph.questions.members import members as find

    found = find(load_graph(sources, data), alliance, as_of=as_of, former=former)
    records = [m.to_dict() for m in found]
    flat = [{**r, "status": r["status"] + (" (former)" if r["former"] else "") if r["status"] else None} for r in records]
    echo(
        render(
            flat,
            ["label", "role", "since", "status", "curation", "source"],
            fmt.value,
            records=records,
            limit=row_limit(limit, fmt),
            optional=("curation", "source"),
            title=f"Members of {alliance}{f' as of {as_of}' if as_of else ''}: {len(found)}",
        )
    )


@app.command()
def stats(
    sources: SourcesOpt = Sources.all,
    fmt: FormatOpt = Fmt.table,
    data: DataOpt = None,
) -> None:
    """Counts by type (institutions, agreements, memberships, quotes, triples) per source."""
    from dataclasses import asdict

    from collabgraph.cli.tables import render
    from collabgraph.questions.stats import CATEGORIES
    from collabgraph.questions.stats import stats as compute

    found = compute(load_graph(sources, data))
    flat = [{"graph": s.graph, "triples": s.triples, "quotes": s.quotes, **s.counts} for s in found]
    echo(
        render(
            flat,
            ["graph", "triples", "quotes", *CATEGORIES],
            fmt.value,
            records=[asdict(s) for s in found],
            optional=list(CATEGORIES),
        )
    )


@app.command()
def facts(
    source: Annotated[str, typer.Argument(help="A source: its stem, file name or IRI.")],
    fmt: FormatOpt = Fmt.table,
    sources: SourcesOpt = Sources.all,
    data: DataOpt = None,
    limit: LimitOpt = None,
) -> None:
    """Every fact one source supports: type, label, links, date, status, quotes (curators).

    The table names types and IRIs by their last segment; JSON and CSV give them whole.
    Example: collabgraph facts 000_b86e7fc7cd7be3f7
    """
    from dataclasses import asdict

    from collabgraph.cli.tables import render
    from collabgraph.questions.coverage import source_facts

    found = source_facts(load_graph(sources, data), source)
    records = [asdict(f) for f in found]
    columns = ["type", "iri", "label", "links", "date", "status", "curation", "quotes"]
    if fmt is Fmt.table:
        short = lambda iri: iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]  # noqa: E731
        rows = [
            {
                "type": short(f.type),
                "iri": short(f.iri),
                "label": f.label,
                "links": ", ".join(short(x) for x in f.links),
                "date": f.date or "undated",
                "status": f.status or "",
                "curation": f.curation or "stated",
                "quotes": f.quotes,
            }
            for f in found
        ]
        echo(
            render(
                rows,
                columns,
                "table",
                limit=row_limit(limit, fmt),
                optional=("iri", "curation", "links"),
                headers={"iri": "fact"},
                title=f"Facts {source} supports: {len(found)}",
            )
        )
    else:
        echo(render(records, columns, fmt.value, records=records, limit=limit))
