"""Pause Python's cyclic garbage collector while a step builds millions of acyclic objects.

The projection and the exports at 100,000 institutions allocate millions of dicts, tuples and
strings that hold no reference cycles and live until the step ends. Each time the
allocations pass the collector's thresholds it walks the young objects, and now and then all of
them: at 100,000 institutions that walk was a tenth of the projection (today's cut 12.7 s with the
collector, 7.5 s without). Reference counting still frees everything these steps drop; only
cycles wait: when the step ends its objects join the oldest generation without a walk, and the
next full collection finds them.

This is a stdlib toggle (``gc.disable``/``gc.enable``), not a library's job; it is written here
once so every bulk step pauses the same way, nested pauses included.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused", "gc_frozen"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the ``with`` block with the cyclic collector paused; its objects then join the oldest
    generation (no walk over them now).

    Nested pauses collect only when the outermost ends; a collector the caller had turned off
    stays off.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     inside = gc.isenabled()
    ...     with gc_paused():
    ...         pass
    ...     still = gc.isenabled()
    >>> inside, still, gc.isenabled()
    (False, False, True)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # The step's objects go to the oldest generation unvisited (freeze, then unfreeze, moves
            # lists, not objects): collecting them here walked millions of objects (4.6 s after
            # the projection at 100,000 institutions), and left in the young generation the next
            # automatic collection would walk them instead. Their few cycles wait for the next full
            # collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


@contextmanager
def gc_frozen() -> Iterator[None]:
    """Run the ``with`` block with every object alive at its start left out of collections.

    The network steps after the projection (metrics, pictures, exports) keep the two projected
    graphs alive, millions of dicts and lists, and allocate enough for the collector to walk the
    oldest generation now and then: each walk visits all of them again. Frozen (``gc.freeze``),
    they are skipped; the block's own objects are collected as usual, and when it ends the frozen
    ones go back to the oldest generation (``gc.unfreeze``), their cycles found by the next full
    collection.

    Examples
    --------
    >>> import gc
    >>> before = gc.get_freeze_count()
    >>> with gc_frozen():
    ...     inside = gc.get_freeze_count() > before
    >>> inside, gc.get_freeze_count() == before
    (True, True)
    """
    if gc.get_freeze_count():  # an outer block (or the caller) froze already: leave it be
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
