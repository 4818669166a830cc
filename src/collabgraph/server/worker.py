"""Run jobs in forked worker processes, each under a deadline that really stops it.

rdflib has no query timeout and evaluates in pure Python, so a slow query cannot be interrupted
from another thread. :class:`WorkerPool` forks its workers once the dataset is loaded (the copy is
shared copy-on-write; :func:`gc.freeze` keeps the collector from touching it) and hands each job
to an idle worker over a socket pair. The event loop only waits on that socket: when the deadline
passes it kills the worker with ``SIGKILL``, answers with :class:`DeadlineExceeded` and forks a
replacement, so a runaway query costs one worker for at most the time limit.

Quick jobs never queue behind slow ones: a job still running after ``slow_after`` seconds moves to
the *slow lane* and a fresh worker is forked in its place, so the pool always keeps ``size``
workers for jobs that have not proven slow. The slow lane holds ``slow_lane`` jobs; a job that
turns slow while it is full is stopped at once (:class:`SlowLaneFull`), and when it empties the
extra workers exit. A worker also arms ``SIGALRM`` for each job, so it ends itself should the server
be gone. Workers deny themselves the network (:func:`~collabgraph.server.guard.install_network_guard`)
and close every descriptor they inherited but their socket, so they keep no client connection or
listening socket open. Needs ``os.fork`` (Linux, macOS).
"""

from __future__ import annotations

import asyncio
import gc
import os
import pickle
import signal
import socket
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from collabgraph.errors import CollabgraphError
from collabgraph.server.guard import install_network_guard

__all__ = ["WorkerPool", "DeadlineExceeded", "Busy", "SlowLaneFull", "WorkerFailed", "default_size"]

#: Seconds past its deadline after which a worker ends itself if nobody killed it.
GRACE = 5.0
_HEADER = 8


class DeadlineExceeded(CollabgraphError):
    """A job ran past its time limit and its worker was killed."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"query exceeded the {seconds:g} s time limit and was stopped; narrow it or add LIMIT")


class Busy(CollabgraphError):
    """No worker became free within the time limit."""


class SlowLaneFull(Busy):
    """A job turned slow while the slow lane was full; it was stopped so quick jobs keep their workers."""

    def __init__(self, seconds: float, lane: int):
        self.seconds, self.lane = seconds, lane
        super().__init__(
            f"the server is already running {lane} slow {'query' if lane == 1 else 'queries'}, "
            f"its limit; this one was stopped after {seconds:g} s; try again later or add LIMIT"
        )


class WorkerFailed(CollabgraphError):
    """A worker died or raised while running a job."""


def default_size() -> int:
    """Workers to fork by default: one per CPU, at least 2 (so one slow query never blocks the rest), at most 8.

    Examples
    --------
    >>> 2 <= default_size() <= 8
    True
    """
    return min(8, max(2, os.cpu_count() or 2))


def _send(sock: socket.socket, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(len(data).to_bytes(_HEADER, "big") + data)


def _recv_exactly(sock: socket.socket, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _detach(keep: int) -> None:
    """In a fresh worker: default signals, no network, and only stdio and ``keep`` left open."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server ends us
    for sig in (signal.SIGTERM, signal.SIGALRM):
        signal.signal(sig, signal.SIG_DFL)
    try:
        signal.set_wakeup_fd(-1)  # the server loop's self-pipe is not ours to write to
    except ValueError:
        pass
    # Point inherited descriptors at /dev/null rather than closing them, so a number an object
    # still holds is never reused under it.
    null = os.open(os.devnull, os.O_RDWR)
    try:
        inherited = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:
        inherited = list(range(3, 1024))
    for fd in inherited:
        if fd > 2 and fd not in (keep, null):
            try:
                os.dup2(null, fd)
            except OSError:
                pass
    install_network_guard()


def _worker_main(sock: socket.socket, handler: Callable[[Any], Any]) -> None:
    _detach(sock.fileno())
    while True:
        header = _recv_exactly(sock, _HEADER)
        if header is None:
            return
        job, timeout = pickle.loads(_recv_exactly(sock, int.from_bytes(header, "big")) or b"")
        signal.setitimer(signal.ITIMER_REAL, timeout + GRACE)
        try:
            outcome = ("ok", handler(job))
        except Exception as exc:
            outcome = ("error", f"{type(exc).__name__}: {exc}")
        signal.setitimer(signal.ITIMER_REAL, 0)
        _send(sock, outcome)


@dataclass(eq=False)
class _Worker:
    pid: int
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    async def ask(self, job: Any, timeout: float) -> tuple[str, Any]:
        data = pickle.dumps((job, timeout), protocol=pickle.HIGHEST_PROTOCOL)
        self.writer.write(len(data).to_bytes(_HEADER, "big") + data)
        await self.writer.drain()
        size = int.from_bytes(await self.reader.readexactly(_HEADER), "big")
        return pickle.loads(await self.reader.readexactly(size))


class WorkerPool:
    """Forked processes running ``handler(job)`` one job at a time, each job under a deadline.

    Parameters
    ----------
    handler : callable
        Called in a worker with each job; its return value is pickled back. It sees the memory of
        the process that called :meth:`start` as it was then (the loaded dataset, say).
    size : int, optional
        Workers kept for jobs that have not proven slow; default :func:`default_size`.
    slow_after : float, optional
        Seconds after which a running job counts as slow: it moves to the slow lane and a fresh
        worker takes its place. ``None`` (the default) never moves a job.
    slow_lane : int
        Slow jobs allowed at once (each holds one extra worker); a job that turns slow while
        ``slow_lane`` others are running is stopped with :class:`SlowLaneFull`.

    Examples
    --------
    >>> import asyncio, time
    >>> async def demo():
    ...     pool = WorkerPool(lambda seconds: time.sleep(seconds) or os.getpid(), size=2)
    ...     await pool.start()
    ...     try:
    ...         quick = await pool.call(0, timeout=5)
    ...         try:
    ...             await pool.call(60, timeout=0.5)
    ...         except DeadlineExceeded as exc:
    ...             print(exc)
    ...         return quick != os.getpid()
    ...     finally:
    ...         await pool.close()
    >>> asyncio.run(demo())
    query exceeded the 0.5 s time limit and was stopped; narrow it or add LIMIT
    True
    """

    def __init__(
        self, handler: Callable[[Any], Any], *, size: int | None = None, slow_after: float | None = None, slow_lane: int = 2
    ):
        self.handler = handler
        self.size = size or default_size()
        self.slow_after = slow_after
        self.slow_lane = slow_lane
        self.slow = 0  # jobs in the slow lane now
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False

    async def start(self) -> None:
        """Fork the workers. Call from the event loop that will :meth:`call` them."""
        self._idle = asyncio.Queue()
        gc.collect()
        gc.freeze()  # objects so far are never scanned again, so workers keep sharing their pages
        for _ in range(self.size):
            await self._spawn()

    async def _spawn(self) -> None:
        ours, theirs = socket.socketpair()
        with warnings.catch_warnings():
            # Python 3.12+ warns on fork with threads; the worker only runs the handler and the
            # standard library, never a lock another thread could hold (no logging, no pyparsing
            # in the server process).
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker side, reported back over the socket
            code = 0
            try:
                ours.close()
                _worker_main(theirs, self.handler)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        if self._closed:  # closed while this replacement was being forked
            os.kill(pid, signal.SIGKILL)
            ours.close()
            await _reap(pid)
            return
        reader, writer = await asyncio.open_unix_connection(sock=ours)
        worker = _Worker(pid, reader, writer)
        self._workers.add(worker)
        assert self._idle is not None
        self._idle.put_nowait(worker)

    async def call(self, job: Any, *, timeout: float, queue_timeout: float | None = None) -> Any:
        """Run ``handler(job)`` in a worker and return its result.

        Parameters
        ----------
        job
            Passed to the handler (pickled).
        timeout : float
            Seconds the job may run.
        queue_timeout : float, optional
            Seconds to wait for a free worker; default ``timeout``.

        Raises
        ------
        DeadlineExceeded
            The job ran longer than ``timeout`` seconds; its worker was killed and replaced.
        SlowLaneFull
            The job turned slow while the slow lane was full; its worker was killed and replaced.
        Busy
            No worker became free within ``queue_timeout`` seconds.
        WorkerFailed
            The handler raised, or the worker died (its message says which).
        """
        if self._idle is None or self._closed:
            raise WorkerFailed("the worker pool is not running")
        wait = timeout if queue_timeout is None else queue_timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), wait)
        except asyncio.TimeoutError:
            raise Busy(f"all {self.size} query workers stayed busy for {wait:g} s; try again later") from None
        task = asyncio.ensure_future(worker.ask(job, timeout))
        promoted = False
        try:
            if self.slow_after is not None and self.slow_after < timeout:
                await asyncio.wait({task}, timeout=self.slow_after)
                if not task.done():
                    if self.slow >= self.slow_lane:
                        raise SlowLaneFull(self.slow_after, self.slow_lane)
                    promoted = True
                    self.slow += 1
                    self._start(self._spawn())  # a fresh worker takes this one's place among the quick
            status, value = await asyncio.wait_for(
                asyncio.shield(task), timeout - (self.slow_after or 0) if promoted else timeout
            )
        except asyncio.TimeoutError:
            self._retire(worker, replace=not promoted)
            raise DeadlineExceeded(timeout) from None
        except (asyncio.IncompleteReadError, ConnectionError):
            self._retire(worker, replace=not promoted)
            raise WorkerFailed("the query worker died (out of memory?) and was replaced") from None
        except BaseException:  # the slow lane is full, or cancelled mid-job: the worker's state is unknown
            self._retire(worker, replace=not promoted)
            raise
        finally:
            task.cancel()
            if promoted:
                self.slow -= 1
        if promoted:  # its replacement is already serving quick jobs
            self._retire(worker, replace=False)
        else:
            self._idle.put_nowait(worker)
        if status != "ok":
            raise WorkerFailed(value)
        return value

    def _start(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _retire(self, worker: _Worker, *, replace: bool = True) -> None:
        """Kill a worker, reap it, and fork its replacement if ``replace`` and the pool is not closing."""
        self._workers.discard(worker)
        try:
            os.kill(worker.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        worker.writer.close()
        self._start(self._reap_and_replace(worker.pid, replace))

    async def _reap_and_replace(self, pid: int, replace: bool) -> None:
        await _reap(pid)
        if replace and not self._closed:
            await self._spawn()

    async def close(self) -> None:
        """Stop every worker (idle ones see their socket close, busy ones are killed) and reap them."""
        self._closed = True
        for worker in list(self._workers):
            worker.writer.close()
            try:
                os.kill(worker.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        await asyncio.gather(*(_reap(w.pid) for w in self._workers), *self._tasks, return_exceptions=True)
        self._workers.clear()


async def _reap(pid: int) -> None:
    """Wait for a child to exit without blocking the event loop."""
    for _ in range(1000):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        await asyncio.sleep(0.01)
