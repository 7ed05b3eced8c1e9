"""An index update run in a child process, so that the caller's interpreter stays free.

Python threads share one interpreter lock: an update running in a thread of the app (even a
no-op one, listing files and reading file stamps) slowed every paint and keystroke of the app
while it ran. Here the update runs in a fresh ("spawn") interpreter on the other core
(``child``); its progress comes back over a pipe, a few times a second, and its summary or
error at the end. The child ends when this process does (the index is safe against an update
stopped at any point).
"""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from ..errors import CorpusError
from ..models import Progress, UpdateSummary
from .child import Child, watch_parent
from .progress import throttled
from .store import IndexStore

__all__ = ["PROGRESS_EVERY", "UpdateFailed", "update_in_child"]

PROGRESS_EVERY = 0.1
"""Seconds between the progress messages the child sends (and always the last of a step)."""


class UpdateFailed(CorpusError):
    """The child process ended without a summary, or failed with an error not the engine's."""


def update_in_child(
    root: Path,
    index_dir: Path,
    progress: Callable[[Progress], None] | None = None,
    rebuild: bool = False,
    follow_symlinks: bool | None = None,
) -> UpdateSummary:
    """Update the index of ``root`` in ``index_dir`` as ``IndexStore.update`` does, in a child
    process; the engine's errors are raised here as they were there."""
    options = (rebuild, follow_symlinks)
    child = Child(_run, (str(root), str(index_dir), options), "corpus-reader index update")
    try:
        while (message := child.receive()) is not None:
            kind, payload = message
            if kind == "progress":
                if progress is not None:
                    progress(payload)
            elif kind == "done":
                return payload  # type: ignore[no-any-return]
            else:
                raise payload
        raise UpdateFailed(
            f"the index update stopped (exit code {child.exitcode}); the index is "
            "as it was before it or after its last commit"
        )
    finally:
        child.close()  # a child still running (this caller stopped) ends here


def _run(
    root: str,
    index_dir: str,
    options: tuple[bool, bool | None],
    out: Connection,
    alive: Connection,
) -> None:
    """The child: update (``options``: rebuild, follow symbolic links), sending throttled
    progress, then the summary or the error."""
    watch_parent(alive)
    report = throttled(lambda p: out.send(("progress", p)), PROGRESS_EVERY)
    try:
        rebuild, follow_symlinks = options
        summary = IndexStore(Path(index_dir)).update(
            Path(root), progress=report, rebuild=rebuild, follow_symlinks=follow_symlinks
        )
    except CorpusError as exc:
        out.send(("error", exc))
    except Exception as exc:  # a bug or an OS error: its text, in an error the parent can raise
        out.send(("error", UpdateFailed(f"index update failed: {type(exc).__name__}: {exc}")))
    else:
        out.send(("done", summary))
    finally:
        out.close()
