"""The preview: a small HTML page about one institution, for the client's ``<iframe>``.

:func:`preview_html` shows its name, kinds, countries, other names, alliances and identifiers,
every label escaped, with no script and nothing to load; an IRI no institution has gets a short
"unknown institution" page instead (``/reconcile/preview`` answers it with a 404).
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, StrictUndefined

from collabgraph.server.reconciliation.index import Index, _expand

__all__ = ["preview_html"]


_PREVIEW = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ e.name }}</title>
<style nonce="{{ nonce }}">
body { font: 13px/1.4 system-ui, sans-serif; margin: 6px 8px; color: #222; }
h1 { font-size: 15px; margin: 0 0 2px; } p { margin: 2px 0; } .k { color: #666; }
code { font-size: 11px; color: #555; word-break: break-all; }
</style></head>
<body>
<h1>{{ e.name }}</h1>
<p>{{ kinds }}{% if countries %} · {{ countries }}{% endif %}</p>
{% if e.other_names %}<p><span class="k">Also:</span> {{ e.other_names | join(", ") }}</p>{% endif %}
{% if alliances %}<p><span class="k">Member of:</span> {{ alliances | join(", ") }}</p>{% endif %}
{% if e.ror or e.wikidata %}<p>{% if e.ror %}<span class="k">ROR:</span> {{ e.ror | join(", ") }} {% endif %}
{% if e.wikidata %}<span class="k">Wikidata:</span> {{ e.wikidata | join(", ") }}{% endif %}</p>{% endif %}
<p><code>{{ e.iri }}</code></p>
</body></html>
"""


_UNKNOWN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Unknown institution</title></head>
<body><p>No institution has the IRI <code>{{ iri }}</code>.</p></body></html>
"""


@lru_cache(maxsize=1)
def _templates():
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_PREVIEW), env.from_string(_UNKNOWN)


def preview_html(index: Index, iri: str, nonce: str = "") -> str | None:
    """A small HTML page about the institution ``iri`` (an alias gives its canonical one), or None.

    Every label is escaped; the page loads nothing and runs no script. ``nonce`` is the
    Content-Security-Policy nonce of its one ``<style>`` element.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> from collabgraph.server.reconciliation import build_index
    >>> index = build_index(load(sources="seeds"))
    >>> page = preview_html(index, "https://w3id.org/collabgraph/id/ukm")
    >>> "<h1>University Hospital Münster</h1>" in page, "UKM" in page, "<script" in page
    (True, True, False)
    >>> preview_html(index, "https://example.org/nobody") is None
    True
    """
    entity = index.entities.get(index.canonical(_expand(iri)))
    if entity is None:
        return None
    return _templates()[0].render(
        e=entity,
        nonce=nonce,
        kinds=", ".join(t["name"] for t in index.type_refs(entity)) or "institution",
        countries=", ".join(index.countries[c][1] for c in entity.countries if c in index.countries),
        alliances=[index.alliances.get(a, a) for a in entity.alliances],
    )
