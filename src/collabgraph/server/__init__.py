"""A read-only SPARQL 1.1 endpoint over the loaded dataset, with a query page and the network view.

Needs the ``server`` extra (Starlette and uvicorn): ``pip install 'collabgraph[server]'``.

Examples
--------
>>> from collabgraph.server import Settings, create_app, serve
>>> Settings().timeout
10.0
"""

from collabgraph.server.app import Settings, create_app, serve
from collabgraph.server.background import Answer, RunningServer, start_server

__all__ = ["create_app", "serve", "Settings", "start_server", "RunningServer", "Answer"]
