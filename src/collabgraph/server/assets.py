"""The static files the query page loads (YASGUI and the page script), read once and served from ``/static/``.

:func:`assets` reads every file under the package's ``static/`` folder with a gzip copy and an
ETag; :func:`asset_version` digests them all into the ``?v=`` the page adds to its asset URLs, so
a browser may cache them for good.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["assets", "asset_version"]


#: Media types of the files under ``static/`` by suffix; anything else is sent as plain text.
_ASSET_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class _Asset:
    media_type: str
    body: bytes
    gzipped: bytes
    etag: str


@lru_cache(maxsize=1)
def assets() -> dict[str, _Asset]:
    """The files under the package's ``static/`` folder (YASGUI and the page script), by relative path.

    Read once, with a gzip copy and an ETag each; :func:`~collabgraph.server.routes.create_app` serves them at ``/static/``.

    Examples
    --------
    >>> found = assets()
    >>> found["yasgui/yasgui.min.js"].media_type, "yasgui/LICENSE" in found
    ('text/javascript; charset=utf-8', True)
    """
    found: dict[str, _Asset] = {}

    def walk(folder, prefix: str) -> None:
        for item in sorted(folder.iterdir(), key=lambda i: i.name):
            if item.name.startswith(".") or item.name == "__pycache__":
                continue
            if item.is_dir():
                walk(item, prefix + item.name + "/")
                continue
            body = item.read_bytes()
            kind = _ASSET_TYPES.get(Path(item.name).suffix, "text/plain; charset=utf-8")
            found[prefix + item.name] = _Asset(
                kind, body, gzip.compress(body, compresslevel=6, mtime=0), '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
            )

    walk(files("collabgraph.server") / "static", "")
    return found


@lru_cache(maxsize=1)
def asset_version() -> str:
    """A digest of every static file: the ``?v=`` the page adds to its asset URLs, so they may be cached for good.

    Examples
    --------
    >>> len(asset_version()), asset_version() == asset_version()
    (16, True)
    """
    digest = hashlib.sha256()
    for name, asset in sorted(assets().items()):
        digest.update(name.encode() + b"\0" + asset.etag.encode())
    return digest.hexdigest()[:16]
