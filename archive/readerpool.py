"""Reader processes for the import that never leave it waiting for ever when one dies.

Python's ``ProcessPoolExecutor`` (3.11) notices a dead worker at once in most cases, but not
in all (measured here, ``kill -9`` of a worker at chosen moments):

- a worker killed while it sends its results leaves the pool's own thread waiting for the
  rest of the message: no future ever completes, and ``shutdown(wait=True)`` never returns;
- a worker killed just before the pool is shut down leaves ``shutdown(wait=True)`` joining
  the other worker, most likely waiting for a lock the dead one held.

So the import waits for results with a clock (``result_of``) and ends a pool with a
deadline (``end_pool``): whatever the stdlib misses becomes a ``BrokenProcessPool``, which
the import already meets by reading the files again one at a time.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

T = TypeVar("T")

#: How often a wait for results looks at the readers (and at any progress to pass on).
POLL_SECONDS = 0.25
#: The pool notices a dead reader within milliseconds; this long after one died with no
#: word from the pool, the pool is stuck and is ended by the import.
STUCK_SECONDS = 3.0
#: How long a finished pool's readers get to end by themselves before they are killed.
END_SECONDS = 10.0


@contextmanager
def reader_pool(
    workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    """Reader processes (``spawn``ed, so this process's own children) that end with this
    block, however it ends: killed at once when it ends early, given ``END_SECONDS`` to
    finish otherwise."""
    pool = concurrent.futures.ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=initializer,
        initargs=initargs,
    )
    try:
        yield pool
    except BaseException:
        end_pool(pool, kill=True)
        raise
    end_pool(pool, kill=False)


def result_of(
    pool: concurrent.futures.ProcessPoolExecutor,
    future: concurrent.futures.Future[T],
    meanwhile: Callable[[], None] | None = None,
) -> T:
    """The future's result, calling ``meanwhile`` every ``POLL_SECONDS`` while it waits.

    Raises ``BrokenProcessPool`` when a reader died: as the pool reports it, or, when the
    pool has not noticed within ``STUCK_SECONDS``, after ending the pool.
    """
    dead_since: float | None = None
    while True:
        try:
            result = future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            if meanwhile is not None:
                meanwhile()
            if not _a_reader_died(pool):
                continue
            now = time.monotonic()
            dead_since = now if dead_since is None else dead_since
            if now - dead_since < STUCK_SECONDS:
                continue
            end_pool(pool, kill=True)
            raise BrokenProcessPool("a reader process died and its pool did not notice") from None
        if meanwhile is not None:
            meanwhile()
        return result


def end_pool(pool: concurrent.futures.ProcessPoolExecutor, *, kill: bool) -> None:
    """Shut the pool down and wait for its processes and its thread, never for ever.

    ``kill``: the results being worked on are not wanted, so the readers are killed now.
    """
    # What shutdown forgets (it drops its references even when it does not wait).
    processes = _readers(pool)
    results: Any = pool._result_queue
    thread: Any = pool._executor_manager_thread
    if kill:
        _kill(processes)
    pool.shutdown(wait=False, cancel_futures=kill)
    deadline = time.monotonic() + END_SECONDS
    for process in processes:
        with suppress(OSError, ValueError, AssertionError):
            process.join(timeout=max(0.0, deadline - time.monotonic()))
    _kill([process for process in processes if process.exitcode is None])
    # The readers are gone. A reader killed while sending left the pool's thread reading
    # the rest of its message from a pipe whose last open end is this process's: closing
    # it ends that read (the thread then finds the pool broken and finishes).
    if results is not None:
        with suppress(OSError):
            results._writer.close()
    if thread is not None:
        thread.join(timeout=END_SECONDS)


def _a_reader_died(pool: concurrent.futures.ProcessPoolExecutor) -> bool:
    return any(process.exitcode is not None for process in _readers(pool))


def _readers(pool: concurrent.futures.ProcessPoolExecutor) -> list[Any]:
    # Copied in one step (tuple of a dict view): the pool's thread may change it meanwhile.
    return list(tuple((pool._processes or {}).values()))


def _kill(processes: list[Any]) -> None:
    for process in processes:
        with suppress(OSError, ValueError):
            process.kill()
    for process in processes:
        with suppress(OSError, ValueError, AssertionError):
            process.join(timeout=5)
