"""The HTML pages' common ground: their templates, Content Security Policy and the shipped example queries.

The pages (``templates/query.html.j2``, ``templates/describe.html.j2``) are rendered by a Jinja2
environment that autoescapes every value; :func:`page_csp` is their policy (scripts and styles by
nonce only, nothing but this server), :func:`examples` the competency queries the query page
offers, and :func:`_script_json` the page's configuration as JSON safe inside ``<script>``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from collabgraph.sparql.query import named_queries

__all__ = ["examples", "page_csp", "DEFAULT_EXAMPLE"]


#: The example the page opens with: a competency question that needs no binding.
DEFAULT_EXAMPLE = "institutions_in_alliances"


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("collabgraph.server", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def examples() -> list[dict[str, str]]:
    """The shipped competency queries for the page: name, description (the leading comments) and text.

    Examples
    --------
    >>> found = {e["name"]: e for e in examples()}
    >>> found["graph_sizes"]["description"]
    'Triples and quotes per named graph.'
    """
    found = []
    for name, path in named_queries().items():
        text = path.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("# ").strip())
        found.append({"name": name, "description": " ".join(comments), "text": text})
    return found


def _script_json(value: Any) -> Markup:
    """JSON safe inside a ``<script>`` element (no ``</script>``, no HTML comment openers)."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def page_csp(nonce: str) -> str:
    """The Content Security Policy of the HTML pages: nothing but this server, scripts and styles by nonce.

    YASGUI needs no ``'unsafe-eval'`` (its one ``eval`` is a JSON polyfill browsers never reach) and
    no ``'unsafe-inline'``: its editor and tables set styles through the CSSOM, which CSP does not
    govern, and the ``<style>`` elements its column resizer adds get the page's nonce from the page
    script. The one inline ``style=`` attribute it writes (the underline in the syntax-error tooltip)
    is dropped. ``connect-src 'self'`` keeps queries on this server (no CORS proxy, no prefix.cc, no
    LOV); ``img-src data:`` is CodeMirror's drag image. The HTTP header adds
    ``frame-ancestors 'none'``, which a ``<meta>`` policy cannot carry.

    Examples
    --------
    >>> page_csp("abc").split("; ")[:3]
    ["default-src 'none'", "script-src 'nonce-abc'", "style-src 'nonce-abc'"]
    >>> "unsafe" in page_csp("abc")
    False
    """
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'"
    )
