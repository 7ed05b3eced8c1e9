"""Is each file kept beside an index generation what it should be? The writer asks before an
update, removes the damaged ones and writes them again from the index.

The checks read only each file's head and tail and its size (an update of a large index must
not parse the whole catalog or open every SQLite page to ask): they catch a file truncated,
overwritten or replaced by something else. Damage deep inside a file that keeps its shape is
met when the file is read; readers then gather what they need from the index themselves.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from array import array
from collections.abc import Callable
from pathlib import Path

from . import catalog, links_file, relate_store, spellings, timeline

_SQLITE_MAGIC = b"SQLite format 3\x00"


def damaged(folder: Path, generation: int) -> list[Path]:
    """The files of ``generation`` (and the relating store) that are there but damaged."""
    checks: list[tuple[Path, Callable[[Path], bool]]] = [
        (catalog.path_for(folder, generation), _json_object),
        (timeline.path_for(folder, generation), _timeline),
        (links_file.links_path(folder, generation), _sqlite),
        (spellings.path_for(folder, generation), _sqlite),
        (relate_store.path_for(folder), _sqlite),
    ]
    return [path for path, whole in checks if path.exists() and not _safely(whole, path)]


def companions(path: Path) -> list[Path]:
    """The files SQLite keeps beside a database while it writes (removed with it)."""
    return [path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm")]


def _safely(check: Callable[[Path], bool], path: Path) -> bool:
    try:
        return check(path)
    except (OSError, ValueError, KeyError, TypeError, sqlite3.Error):
        return False


def _json_object(path: Path) -> bool:
    """A JSON object written whole: it opens with its version and ends with its brace."""
    with open(path, "rb") as fh:
        head = fh.read(16)
        fh.seek(-1, 2)
        tail = fh.read(1)
    return head.startswith(b'{"version":') and tail == b"}"


def _timeline(path: Path) -> bool:
    """The timeline's magic line and head, then exactly its four columns of ``count`` ints."""
    with open(path, "rb") as fh:
        if fh.readline() != timeline.MAGIC:
            return False
        head = json.loads(fh.readline())
        columns_at = fh.tell()
    count = int(head["count"])
    return path.stat().st_size == columns_at + 4 * array("i").itemsize * count


def _sqlite(path: Path) -> bool:
    """An SQLite database file: its header's magic, and as many pages as the header counts
    (when the count is valid: its change counter matches the one it was counted at). A
    transaction left by a writer killed midway is rolled back first, as SQLite does when it
    opens the file: the file is whole again after that, not damaged."""
    if any(companion.exists() for companion in companions(path)):
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA schema_version").fetchone()
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        return False
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    size = path.stat().st_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and header[24:28] == header[92:96]:
        return size == pages * page
    return page >= 512 and size % page == 0
