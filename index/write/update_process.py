"""An index update run in a child process, so that the caller's interpreter stays free.

Python threads share one interpreter lock: an update running in a thread of the app (even a
no-op one: at 100,000 articles, 1.5 s of listing files and reading file stamps) slowed every
paint and keystroke of the app while it ran. Here the update runs in a fresh ("spawn")
interpreter on the other core; its progress comes back over a pipe, a few times a second,
and its summary or error at the end. The child watches a second pipe that this process
never writes: when this process ends, even by kill -9, the pipe closes and the child exits
(the index is safe against an update stopped at any point). Imports no Textual or Rich.
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
from pathlib import Path

from ..errors import CorpusError
from ..models import Progress, UpdateSummary
from .progress import throttled

PROGRESS_EVERY = 0.1
"""Seconds between the progress messages the child sends (and always the last of a step)."""


class UpdateFailed(CorpusError):
    """The child process ended without a summary, or failed with an error not the engine's."""


def update_in_child(
    root: Path,
    index_dir: Path,
    progress: Callable[[Progress], None] | None = None,
    rebuild: bool = False,
    follow_links: bool | None = None,
) -> UpdateSummary:
    """Update the index of ``root`` in ``index_dir`` as ``IndexStore.update`` does, in a child
    process; the engine's errors are raised here as they were there."""
    ready_to_spawn()
    context = multiprocessing.get_context("spawn")
    results, child_results = context.Pipe(duplex=False)
    alive_reader, alive_writer = context.Pipe(duplex=False)
    child = context.Process(
        target=_run,
        args=(str(root), str(index_dir), (rebuild, follow_links), child_results, alive_reader),
        name="corpus-reader index update",
    )
    child.start()
    child_results.close()
    alive_reader.close()
    try:
        while True:
            try:
                kind, payload = results.recv()
            except EOFError:
                child.join()
                raise UpdateFailed(
                    f"the index update stopped (exit code {child.exitcode}); the index is "
                    "as it was before it or after its last commit"
                ) from None
            if kind == "progress":
                if progress is not None:
                    progress(payload)
            elif kind == "done":
                return payload  # type: ignore[no-any-return]
            else:
                raise payload
    finally:
        results.close()
        alive_writer.close()  # a child still running (this caller stopped) ends here
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()
            child.join()


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


def _run(
    root: str,
    index_dir: str,
    options: tuple[bool, bool | None],
    out: Connection,
    alive: Connection,
) -> None:
    """The child: update (``options``: rebuild, follow links), sending throttled progress,
    then the summary or the error."""
    threading.Thread(target=exit_with_parent, args=(alive,), daemon=True).start()
    from .store import IndexStore

    report = throttled(lambda p: out.send(("progress", p)), PROGRESS_EVERY)
    try:
        rebuild, follow_links = options
        summary = IndexStore(Path(index_dir)).update(
            Path(root), progress=report, rebuild=rebuild, follow_links=follow_links
        )
    except CorpusError as exc:
        out.send(("error", exc))
    except Exception as exc:  # a bug or an OS error: its text, in an error the parent can raise
        out.send(("error", UpdateFailed(f"index update failed: {type(exc).__name__}: {exc}")))
    else:
        out.send(("done", summary))
    finally:
        out.close()


def exit_with_parent(alive: Connection) -> None:
    """Wait for the parent's end of ``alive`` to close (the parent ended), then exit."""
    with contextlib.suppress(EOFError, OSError):
        alive.recv()
    os._exit(1)
