"""The audit hook that keeps the endpoint offline; the query checks it shares with the CLI and API.

What a query may do is decided in the query layer, for every path that runs SPARQL:
:func:`~collabgraph.sparql.guard.parse_query` refuses updates and
:func:`~collabgraph.sparql.guard.check_query` refuses ``SERVICE`` and ``FROM`` (re-exported here).
As a second layer, :func:`install_network_guard` adds a :func:`sys.addaudithook` hook that denies
outbound connections, name lookups and ``urllib`` requests for the rest of the server's life.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

from collabgraph.sparql.guard import Refused, check_query, parse_query, update_operations

__all__ = [
    "Refused",
    "parse_query",
    "check_query",
    "update_operations",
    "network_policy",
    "install_network_guard",
    "DENIED_EVENTS",
]

#: Audit events that reach outside the process: connections, name lookups, URL and mail clients.
DENIED_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "socket.sendto",
        "socket.sendmsg",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
        "poplib.connect",
        "imaplib.open",
        "nntplib.connect",
        "telnetlib.Telnet.open",
        "webbrowser.open",
    }
)


def network_policy(allow_hosts: Iterable[str] = ()) -> Callable[[str, tuple], None]:
    """An audit hook that raises :class:`PermissionError` on every event in :data:`DENIED_EVENTS`.

    Name lookups (``socket.getaddrinfo``) of a host in ``allow_hosts`` pass, so a server can
    resolve the address it listens on.

    Examples
    --------
    >>> hook = network_policy(allow_hosts=["127.0.0.1"])
    >>> hook("socket.getaddrinfo", ("127.0.0.1", 8000, 0, 0, 0))
    >>> hook("socket.connect", (None, ("93.184.216.34", 80)))
    Traceback (most recent call last):
    ...
    PermissionError: network access is disabled in the collabgraph SPARQL server (socket.connect)
    """
    allowed = frozenset(allow_hosts)

    def hook(event: str, args: tuple) -> None:
        if event not in DENIED_EVENTS:
            return
        if event == "socket.getaddrinfo" and args and args[0] in allowed:
            return
        raise PermissionError(f"network access is disabled in the collabgraph SPARQL server ({event})")

    return hook


def install_network_guard(allow_hosts: Iterable[str] = ()) -> None:
    """Deny network access in this process from now on (an audit hook cannot be removed).

    Call it in the server process and in each query worker; never in a process that still
    needs the network. Listening sockets are unaffected (``bind``/``accept`` are not denied).

    Examples
    --------
    >>> import subprocess, sys
    >>> code = ("from collabgraph.server.guard import install_network_guard; install_network_guard(); "
    ...         "import urllib.request; urllib.request.urlopen('file:///etc/hostname')")
    >>> done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    >>> done.returncode, done.stderr.strip().splitlines()[-1]
    (1, 'PermissionError: network access is disabled in the collabgraph SPARQL server (urllib.Request)')
    """
    sys.addaudithook(network_policy(allow_hosts))
