"""collabgraph's version, from the installed distribution's metadata (a module of its own, so that any
module can import it without importing the package root)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

__all__ = ["__version__"]

try:
    __version__ = _version("collabgraph")
except PackageNotFoundError:  # running from a checkout without installation
    __version__ = "0+unknown"
