"""Memos that live for one ``with`` block: :func:`collabgraph.questions.labels.reading` and
:func:`collabgraph.export.flatten.flattening` keep what a block reads or makes, and nothing
outlives it.

A memo is a ``ContextVar`` holding a dict (or None outside every block), so each thread has its
own; this is the stdlib's ``contextvars``, written here once so both blocks open and close the
same way, nested blocks included.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["memo_scope"]


@contextmanager
def memo_scope(memo: ContextVar) -> Iterator[None]:
    """Give ``memo`` a fresh dict for the block, unless an outer block gave it one already.

    Examples
    --------
    >>> from contextvars import ContextVar
    >>> seen: ContextVar[dict | None] = ContextVar("seen", default=None)
    >>> with memo_scope(seen):
    ...     seen.get()["a"] = 1
    ...     with memo_scope(seen):
    ...         inner = dict(seen.get())
    >>> inner, seen.get()
    ({'a': 1}, None)
    """
    if memo.get() is not None:
        yield
        return
    token = memo.set({})
    try:
        yield
    finally:
        memo.reset(token)
