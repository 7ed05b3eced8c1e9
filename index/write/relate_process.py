"""The catalog, timeline and relations of a fresh build, computed in a child process while
the build writes the index.

A build's last step, relating every article to the others (entities, event groups, links),
is pure Python and long, after the index is written. But every document is known before the
first one is written, and a fresh index numbers them in the order written; so a child process
on the other core (``child``) computes the files from the documents while this one writes the
index. After the commit the writer checks that the index is the state the child was told of
(its generation, every document where expected) and keeps the files, or deletes them and
relates as usual. The child ends when this process does.
"""

from __future__ import annotations

from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..relate import derive
from ..state import files as relate
from ..state import relate_store
from ..whoosh_ext.reader import column_values
from . import gc_pause
from .child import SPAWN, Child, watch_parent

BYTES_PER_ARTICLE = 80 * 1024
"""What the child holds per article at its peak (the documents, their words, the link
vectors, the event items, the store's rows), on top of the writer's own memory."""


def affordable(articles: int) -> bool:
    """Whether the machine has the memory for the child beside the writer now (with room to
    spare): else the build relates after its commit, in this process, as an update does."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            free = next(
                int(line.split()[1]) * 1024 for line in fh if line.startswith("MemAvailable:")
            )
    except (OSError, StopIteration, ValueError, IndexError):
        return False
    return free > 2 * articles * BYTES_PER_ARTICLE


class RelateAhead:
    """The child computing the files of a fresh build's first state."""

    def __init__(self, docs: Sequence[dict[str, Any]], folder: Path, generation: int) -> None:
        self.folder = folder
        self.generation = generation
        self.ids = [fields["id"] for fields in docs]
        docs_reader, docs_writer = SPAWN.Pipe(duplex=False)
        self._child = Child(_run, (docs_reader, str(folder), generation), "corpus-reader relate")
        docs_reader.close()
        # The documents go over a pipe of which this process keeps no reading end, not as
        # the child's arguments: "spawn" writes those while it still holds the pipe's reading
        # end itself, so a child that died early (killed, out of memory) hung the build.
        try:
            docs_writer.send(list(docs))
        except OSError:
            pass  # the child is gone: finish() says so and the build relates as usual
        finally:
            docs_writer.close()

    def finish(self, reader: Any) -> str | None:
        """Wait for the child; keep its files if ``reader`` reads the state they describe.
        Returns why they were not kept, or None."""
        try:
            why = self._outcome()
        finally:
            self.close()
        if why is None and reader.generation() != self.generation:
            why = f"the index is at generation {reader.generation()}, not {self.generation}"
        if why is None and (
            reader.has_deletions()
            or reader.doc_count_all() != len(self.ids)
            or column_values(reader, "id")[: len(self.ids)] != self.ids
        ):
            why = "the index numbers its documents otherwise"
        if why is not None:
            for path in relate.paths(self.folder, self.generation):
                path.unlink(missing_ok=True)
            relate_store.remove(self.folder)
        return why

    def close(self) -> None:
        """Stop waiting: a child still running ends."""
        self._child.close()

    def _outcome(self) -> str | None:
        """None when the child wrote the files, else why not."""
        message = self._child.receive()
        if message is None:
            return f"the relating process stopped (exit code {self._child.exitcode})"
        kind, payload = message
        return None if kind == "done" else str(payload)


def _run(
    source: Connection, folder: str, generation: int, out: Connection, alive: Connection
) -> None:
    """The child: read the documents from ``source``, write the files, then say so (or what
    failed)."""
    watch_parent(alive)
    try:
        with gc_pause.paused():
            docs: list[dict[str, Any]] = source.recv()
            source.close()
            relate.write_all(Path(folder), generation, *derive.listed_documents(docs))
    except Exception as exc:  # reported, and the writer relates as usual
        out.send(("error", f"{type(exc).__name__}: {exc}"))
    else:
        out.send(("done", None))
    finally:
        out.close()
