"""A child process started with "spawn" that ends with this one: starting it, hearing from it,
ending it.

"spawn" starts a fresh interpreter, which inherits nothing of this process: not the index's
update lock (a forked child would keep the flock alive after this process died), not its
threads. The child watches a pipe that this process never writes: when this process ends,
even by kill -9, the pipe closes and the child exits. Its results come back over another pipe.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from typing import Any

SPAWN = multiprocessing.get_context("spawn")


class Child:
    """One spawned child: ``target(*args, out, alive)`` sends its messages on ``out`` and
    calls :func:`watch_parent` with ``alive``."""

    def __init__(self, target: Callable[..., None], args: tuple[Any, ...], name: str) -> None:
        ready_to_spawn()
        self._results, child_results = SPAWN.Pipe(duplex=False)
        alive_reader, self._alive = SPAWN.Pipe(duplex=False)
        self.process = SPAWN.Process(
            target=target, args=(*args, child_results, alive_reader), name=name
        )
        self.process.start()
        child_results.close()
        alive_reader.close()

    def receive(self) -> tuple[str, Any] | None:
        """The child's next message, or None when it ended without one (then it is joined)."""
        try:
            message: tuple[str, Any] = self._results.recv()
        except EOFError:
            self.process.join()
            return None
        return message

    @property
    def exitcode(self) -> int | None:
        """How the child ended (negative: the signal that ended it), None while it runs."""
        return self.process.exitcode

    def close(self) -> None:
        """Stop listening: a child still running ends (it watches the pipe closed here)."""
        self._results.close()
        self._alive.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()


def watch_parent(alive: Connection) -> None:
    """In the child: exit as soon as the parent ends (its end of ``alive`` closes)."""
    threading.Thread(target=exit_with_parent, args=(alive,), daemon=True).start()


def exit_with_parent(alive: Connection) -> None:
    """Wait for the parent's end of ``alive`` to close (the parent ended), then exit."""
    with contextlib.suppress(EOFError, OSError):
        alive.recv()
    os._exit(1)


def ready_to_spawn() -> None:
    """Let this process start "spawn" children even where ``sys.stderr`` has no file (an
    app that captures output: Textual's gives -1), which multiprocessing's resource tracker
    passes on and fails with "bad value(s) in fds_to_keep". The tracker is started once,
    with the process's real stderr; every later child finds it running."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        return
    with _tracker_lock:
        captured, sys.stderr = sys.stderr, sys.__stderr__
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = captured


_tracker_lock = threading.Lock()
