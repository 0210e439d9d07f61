"""Every process and thread cpc starts, under one policy: the only module that imports
multiprocessing, concurrent.futures, signal or gc (pyproject.toml's import contract).

A batch of renders, a report's charts and PDFs, and `cpc check` over a folder all use the
same three calls:

    with processes(workers, share=data) as pool:        # None: do the work here instead
        for item, result in unordered(pool, func, items, died="…"):
            …

`func` is a module-level function (sent to the workers by name) and `items` its arguments;
what every call needs and cannot travel with each item (a loaded glossary, a report's chart
closures) is given once as `share` and read in a worker with `shared()`.

The policy, and why:

- Workers are forked when `fork_is_safe()`: they start at once and share this process's
  imports and data. Elsewhere (threads running, Typst loaded) they are spawned: slower to
  start, never stuck. Work that cannot be pickled (closures) asks `fork_only`, and is done
  in this process when forking is unsafe.
- The garbage collector is frozen while a forked pool lives: it writes to every object it
  scans, which would give each worker a private copy of the whole heap.
- Ctrl-C is held while workers start, then ignored by them: it is this process's to handle
  (it stops the work, the CLI says "Aborted!" once). On Ctrl-C, or any error here, the work
  not yet started is cancelled and the jobs under way finish, so that no file is left half
  written.
- A worker exits when this process is gone (killed, say), instead of waiting for work
  forever and keeping the pipes of a `cpc … | tee` open.
- A worker that dies (killed for memory, crashed) is a `ChildDied` error naming what it was
  doing, not a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from cpc_docs.errors import ChildDied

if TYPE_CHECKING:
    from concurrent.futures import Executor as Executor
    from concurrent.futures import Future as Future

T = TypeVar("T")
R = TypeVar("R")

# In a worker: the `share` of its pool, set once by `_start_worker` (None in the main process).
_SHARED: Any = None


def fork_is_safe() -> bool:
    """Forking copies one thread: safe in a fresh `cpc` process, not in one running other
    threads (their locks are copied held) or one where Typst is loaded (its worker threads
    are gone in the child, which then waits for them forever)."""
    return os.name == "posix" and threading.active_count() == 1 and "typst" not in sys.modules


@contextlib.contextmanager
def processes(
    count: int,
    *,
    share: object = None,
    fork_only: bool = False,
    before_fork: Callable[[], None] | None = None,
    prepare: Callable[[], None] | None = None,
) -> Iterator[Executor | None]:
    """`count` worker processes, started now; None when no process can be had (a container's
    process limit, memory), or when `fork_only` and forking is unsafe: the caller then does
    the work itself. `share` is given to each worker once (inherited when forked, pickled
    when spawned); a worker reads it with `shared()`. `before_fork()` is called once the
    start method is chosen, when it is fork: it imports what the workers will all need, so
    that they share it (even Typst, which, once imported, makes forking unsafe later).
    `prepare()`, a module-level function or a functools.partial of one, runs in each worker
    once it is set up, before its first job."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = fork_is_safe()
    if fork_only and not fork:
        yield None
        return
    if fork and before_fork is not None:
        before_fork()
    if fork:
        gc.freeze()
    try:
        pool = ProcessPoolExecutor(
            count,
            multiprocessing.get_context("fork" if fork else "spawn"),
            initializer=_start_worker,
            initargs=(os.getpid(), share, prepare),
        )
        try:
            with _interrupts_held():
                pool.submit(int)  # starts the workers now (every one, when forked)
        except OSError:
            pool.shutdown(wait=False)
            yield None
            return
        try:
            yield pool
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    finally:
        if fork:
            gc.unfreeze()


def unordered(
    pool: Executor,
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    died: str,
    hint: str = "",
    failed: Callable[[T, Exception], R] | None = None,
) -> Iterator[tuple[T, R]]:
    """(item, func(item)) for each item, as its worker finishes.

    A worker that died raises `ChildDied(died, hint=hint)`; so does an error raised by
    `func` in the worker, as itself. With `failed`, either becomes `failed(item, error)`
    instead, and the other items go on (those of a dead pool fail the same way)."""
    from concurrent.futures import as_completed

    with _interrupts_held():  # a spawned worker starts with the job that needs it
        futures = {pool.submit(func, item): item for item in items}
    for future in as_completed(futures):
        item = futures[future]
        try:
            result = outcome(future, died, hint)
        except Exception as exc:
            if failed is None:
                raise
            result = failed(item, exc)
        yield item, result


def outcome(future: Future[R], died: str, hint: str = "") -> R:
    """The result of a job given to a worker: its value, the error it raised, or
    `ChildDied(died, hint=hint)` when the worker died."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        # Killed (the system out of memory?), crashed, or raised what cannot be sent back.
        raise ChildDied(died, hint=hint) from None


def in_child(func: Callable[..., R], *args: Any, died: str, hint: str = "") -> R:
    """`func(*args)` in a child process forked for it, which exits once done, giving back
    whatever memory the work held; here, when forking is unsafe or no process can be had.
    An error raised there is raised here; a child that died is `ChildDied(died, hint)`."""
    with processes(1, fork_only=True) as child:
        if child is None:
            return func(*args)
        return outcome(child.submit(func, *args), died, hint)


@contextlib.contextmanager
def thread(name: str, workers: int = 1) -> Iterator[Executor]:
    """A second thread of this process (or `workers` more), for work that runs outside the
    GIL (Typst): it overlaps what this thread does meanwhile."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name) as executor:
        yield executor


def exit_uncollected() -> None:
    """Before this process exits: every object frozen out of the garbage collector's reach.
    The interpreter's last collection then scans nothing, which was ~50 ms of every `cpc
    render` (a heap of pydantic's models, the word lists, the document trees) for memory the
    system takes back anyway. Exit handlers still run, and objects that only reference counts
    keep are still freed; what is caught in reference cycles is left to the system, with
    whatever it holds (a buffered file in a cycle would not be flushed: cpc writes every file
    whole and closes it, `outputs.files.write_atomic`)."""
    gc.freeze()


def shared() -> Any:
    """In a worker of `processes(…, share=x)`: x."""
    return _SHARED


def _start_worker(parent: int, share: object, prepare: Callable[[], None] | None) -> None:
    """In a worker process started by `parent`:

    - Ctrl-C is the main process's to handle; the worker, which gets the signal too (the
      terminal sends it to the whole group), would print a traceback.
    - The worker exits when `parent` is gone: a forked worker holds both ends of its job
      pipe, so it would wait for work forever, and keep the pipes of a `cpc … | tee` open, so
      that their reader would never finish either.
    """
    global _SHARED
    _SHARED = share
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # see _interrupts_held

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, name="cpc-parent-watch", daemon=True).start()
    if prepare is not None:
        prepare()


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back while workers start: a worker inherits the hold and gets the signal
    only once it has set it aside (`_start_worker`), instead of dying with a traceback in
    between; this process gets it as soon as they are started. (Not on Windows, which has
    no signal masks.)"""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
