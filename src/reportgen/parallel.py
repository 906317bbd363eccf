"""One function over many files, on worker processes for long runs; results in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

A = TypeVar("A")
R = TypeVar("R")


def ordered_map(
    fn: Callable[[A], R],
    work: Iterable[A],
    count: int,
    *,
    jobs: int | None,
    parallel_after: int,
    chunksize: int,
) -> Iterator[R]:
    """`map(fn, work)` on `jobs` processes (default: every core) once there are at least
    `parallel_after` items (`count` of them), else in this process. Results come back as
    they are ready, in input order; an exception in `fn` comes out at its item's place.
    `fn` and the items must be picklable (module-level function, plain data)."""
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs <= 1 or count < parallel_after:
        yield from map(fn, work)
        return
    import multiprocessing as mp  # only for long runs: costs ~10 ms to import
    from concurrent.futures import ProcessPoolExecutor

    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    try:
        yield from pool.map(fn, work, chunksize=chunksize)
    finally:
        # On a failure, or when the caller stops early, what has not started is dropped.
        pool.shutdown(wait=True, cancel_futures=True)
