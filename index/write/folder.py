"""The index folder of one corpus: which generation is live, opening it, its update lock, and
clearing what killed or damaged writes left.

Layout of an index folder::

    CURRENT                  JSON naming the live generation, its schema version and corpus
    gen-N/                   a Whoosh index (one generation)
    gen-N/catalog-G.json     its entities and article labels, as of Whoosh commit G (catalog.py)
    gen-N/timeline-G.bin     its events in date order, with their event groups (timeline.py)
    gen-N/links-G.sqlite     its links, one row per article (derive.py)
    update.lock              held (flock) by whoever is writing

A rebuild, or a first build, writes a new generation and then replaces CURRENT atomically, so
readers never see an empty or half-built index. The lock is an flock: the kernel releases it
when a writer dies, even by kill -9, so there is never a stale lock to delete.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from ..errors import IndexBusy, IndexUnavailable
from ..whoosh_ext.patches import open_index
from ..whoosh_ext.reader import generation_of
from ..whoosh_ext.schema import SCHEMA_VERSION

_CURRENT = "CURRENT"
_LOCK = "update.lock"
_GEN_PREFIX = "gen-"


class IndexDamaged(Exception):
    """The live generation cannot be opened; the next update rebuilds it."""


class IndexFolder:
    """The index folder of one corpus, as readers and the writer see it."""

    def __init__(self, index_dir: Path, lock_timeout: float = 10.0) -> None:
        self.dir = index_dir
        self.lock_timeout = lock_timeout

    # -- reading ---------------------------------------------------------------------------

    def _meta(self) -> dict[str, Any]:
        """What CURRENT says of the live generation ({} when there is none or it is unreadable)."""
        try:
            meta = json.loads((self.dir / _CURRENT).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}

    def current_generation(self) -> Path | None:
        """The live generation's folder, or None if there is none of this schema version."""
        meta = self._meta()
        if meta.get("schema") != SCHEMA_VERSION:
            return None
        name = meta.get("generation")
        if not isinstance(name, str) or not name.startswith(_GEN_PREFIX) or "/" in name:
            return None
        return self.dir / name

    def open(self) -> whoosh_index.Index | None:
        """Open the live index; None when there is none yet. Raises IndexDamaged."""
        return self._open(readonly=True)

    def follows_symlinks(self) -> bool:
        """Whether the live index was built following symbolic links (``update``). Indexes
        written before the key was renamed say ``follow_links``."""
        meta = self._meta()
        return meta.get("follow_symlinks", meta.get("follow_links")) is True

    def writing(self) -> bool:
        """Whether an update holds the folder's lock now (in any process, this one too)."""
        try:
            fd = os.open(self.dir / _LOCK, os.O_RDONLY)
        except OSError:
            return False  # no lock file: no update ever ran here
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)

    # -- for the writer, under the lock ----------------------------------------------------

    def _open(self, readonly: bool) -> whoosh_index.Index | None:
        """The live index, checked to be readable; None when there is none yet."""
        gen = self.current_generation()
        if gen is None:
            return None
        try:
            ix = open_index(str(gen), readonly=readonly)
            with ix.reader() as reader:
                reader.doc_count()
        except Exception as exc:  # Whoosh raises many kinds on damaged files
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        return ix

    def _open_writable(self) -> whoosh_index.Index | None:
        """The live index to update; None when there is none yet. Raises IndexDamaged."""
        return self._open(readonly=False)

    def _other_schema(self) -> bool:
        """Whether CURRENT names a generation of another schema version (kept: rebuilt)."""
        return bool(self._meta().get("schema", SCHEMA_VERSION) != SCHEMA_VERSION)

    def _current_unreadable(self) -> bool:
        """Whether CURRENT is there but says nothing usable (then the index is built again)."""
        return (self.dir / _CURRENT).exists() and "generation" not in self._meta()

    def _extracted_otherwise(self) -> bool:
        """Whether the live generation was extracted by other rules or aliases than these."""
        # The fingerprint reads the extraction rules: only a writer needs it, not a search.
        from .fingerprint import extraction_fingerprint

        meta = self._meta()
        return meta.get("schema") == SCHEMA_VERSION and meta.get("extraction") != (
            extraction_fingerprint()
        )

    def _remove_damaged_files(self, ix: whoosh_index.Index) -> list[str]:
        """Delete the files beside the live state that are not what they should be (this
        update's relating writes them again) and name them. A damaged relating store is
        written again by relating every article: the state's other files go with it."""
        # The side files' checks are only the writer's: a search does not import them.
        from ..state import check as sidecar_check
        from ..state import files as relate
        from ..state import relate_store

        folder = Path(ix.storage.folder)
        with ix.reader() as reader:
            generation = generation_of(reader)
        damaged = sidecar_check.damaged(folder, generation)
        doomed = list(damaged)
        if relate_store.path_for(folder) in damaged:
            doomed += relate.paths(folder, generation)
        for path in doomed:
            for gone in (path, *sidecar_check.companions(path)):
                gone.unlink(missing_ok=True)
        return [path.name for path in damaged]

    def _new_generation(self) -> Path:
        """A new, empty generation folder, numbered after every one there."""
        numbers = [
            int(p.name[len(_GEN_PREFIX) :])
            for p in self.dir.glob(_GEN_PREFIX + "*")
            if p.name[len(_GEN_PREFIX) :].isdigit()
        ]
        gen = self.dir / f"{_GEN_PREFIX}{max(numbers, default=0) + 1}"
        gen.mkdir()
        return gen

    def _publish(self, gen: Path, corpus: Path, follow_symlinks: bool) -> None:
        """Make ``gen`` the live generation with one atomic rename."""
        from .fingerprint import extraction_fingerprint  # the writer's only, as above

        meta: dict[str, Any] = {
            "generation": gen.name,
            "schema": SCHEMA_VERSION,
            "extraction": extraction_fingerprint(),
            "corpus": str(corpus.resolve()),
            "follow_symlinks": follow_symlinks,
        }
        tmp = self.dir / f".{_CURRENT}.{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(meta, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.dir / _CURRENT)

    def _remove_orphans(self) -> None:
        """Delete generations that are not live (left by a rebuild, or a build killed midway)
        and the temporary files of writes killed midway: the next ``CURRENT``, and in the
        live generation the ``.name.pid.thread`` files of side files being written (under the
        lock, no write of this update has started yet)."""
        live = self.current_generation()
        for path in self.dir.glob(_GEN_PREFIX + "*"):
            if path != live and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
        for tmp in self.dir.glob(f".{_CURRENT}.*"):
            tmp.unlink(missing_ok=True)
        for tmp in live.glob(".*") if live is not None and live.is_dir() else ():
            tmp.unlink(missing_ok=True)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the folder's update lock, waiting up to ``lock_timeout`` for another writer."""
        try:
            fd = os.open(self.dir / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise IndexUnavailable(f"cannot write to the index folder {self.dir}: {exc}") from exc
        try:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy(
                            "another corpus-reader is updating this index; try again when it "
                            "has finished"
                        ) from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def write_failed(index_dir: Path, exc: OSError | sqlite3.Error) -> str:
    """One line for an update that could not write: what happened and what to do. The state
    readers see is the last one committed whole (a build in a new generation is only made
    live once complete; an update's commit is atomic)."""
    stays = "the last complete index stays in use"
    code = exc.errno if isinstance(exc, OSError) else None
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or (
        getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL"
    ):
        return (
            f"no room to write the index in {index_dir} ({_reason(exc)}); "
            f"{stays}: free some space, then run 'corpus-reader index' again"
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"cannot write to the index folder {index_dir} ({_reason(exc)}); "
            f"{stays}: make the folder writable, or pass --index to use another"
        )
    return (
        f"could not write the index in {index_dir} ({_reason(exc)}); {stays}: "
        "run 'corpus-reader index' again"
    )


def _reason(exc: OSError | sqlite3.Error) -> str:
    """The OS's words for ``exc`` when it has them, else its text."""
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
