"""The worker pool: deadlines that stop a job, replacements, and what a worker may touch."""

from __future__ import annotations

import asyncio
import os
import socket
import time
import urllib.request
from pathlib import Path

import pytest

from collabgraph.server.worker import Busy, DeadlineExceeded, WorkerFailed, WorkerPool


def with_pool(handler, body, size: int = 1):
    """Run ``await body(pool)`` with a started pool of ``size`` workers, then close it."""

    async def main():
        pool = WorkerPool(handler, size=size)
        await pool.start()
        try:
            return await body(pool)
        finally:
            await pool.close()

    return asyncio.run(main())


def job(kind: str):
    if kind == "pid":
        return os.getpid()
    if kind == "sleep":
        time.sleep(60)
    if kind == "raise":
        raise ValueError("bad job")
    if kind == "die":
        os._exit(3)
    if kind == "url":
        return urllib.request.urlopen("file:///etc/hostname").read()
    if kind.startswith("fd:"):
        return os.readlink(f"/proc/self/fd/{kind[3:]}")
    raise AssertionError(kind)


def test_deadline_kills_the_job_and_a_new_worker_takes_over():
    async def body(pool):
        first = await pool.call("pid", timeout=5)
        with pytest.raises(DeadlineExceeded, match="exceeded the 0.3 s time limit"):
            # 60 s only guards against a hang: the job sleeps 60 s unless the deadline kills it
            await asyncio.wait_for(pool.call("sleep", timeout=0.3), 60)
        return first, await pool.call("pid", timeout=5)

    first, second = with_pool(job, body)
    assert first != second  # the one worker was replaced
    with pytest.raises(ProcessLookupError):  # and the one that ran the job was killed and reaped
        os.kill(first, 0)


def test_busy_when_no_worker_frees_in_time():
    async def body(pool):
        slow = asyncio.ensure_future(pool.call("sleep", timeout=2))
        await asyncio.sleep(0.1)
        with pytest.raises(Busy, match="busy"):
            await pool.call("pid", timeout=0.2)
        with pytest.raises(DeadlineExceeded):
            await slow

    with_pool(job, body)


def test_a_job_that_raises_is_reported_and_the_worker_stays():
    async def body(pool):
        before = await pool.call("pid", timeout=5)
        with pytest.raises(WorkerFailed, match="ValueError: bad job"):
            await pool.call("raise", timeout=5)
        return before, await pool.call("pid", timeout=5)

    before, after = with_pool(job, body)
    assert before == after


def test_a_worker_that_dies_is_replaced():
    async def body(pool):
        with pytest.raises(WorkerFailed, match="died"):
            await pool.call("die", timeout=5)
        return await pool.call("pid", timeout=5)

    assert with_pool(job, body) > 0


def test_workers_cannot_open_urls():
    async def body(pool):
        with pytest.raises(WorkerFailed, match=r"PermissionError: network access is disabled .*urllib.Request"):
            await pool.call("url", timeout=5)

    with_pool(job, body)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
def test_workers_do_not_keep_the_servers_sockets_open():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    try:

        async def body(pool):
            return await pool.call(f"fd:{listener.fileno()}", timeout=5)

        assert with_pool(job, body) == os.devnull
    finally:
        listener.close()
