"""Files kept beside a Whoosh generation (catalog, timeline, relations): written atomically,
one per index state, the others removed by the writer."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write ``path`` through a temporary file renamed over it: a reader sees the old file or
    the whole new one, never part of it."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    try:
        with open(tmp, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(path: Path, data: object) -> None:
    """``data`` as compact JSON, atomically (``json.dumps``: ``json.dump`` streams through
    the pure-Python encoder, five times slower)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    write_atomic(path, lambda fh: fh.write(text))


def remove_others(folder: Path, prefix: str, keep: Path) -> None:
    """Delete the files named ``prefix*`` other than ``keep``, and leftover temporary files
    of theirs (writer only)."""
    suffix = keep.suffix
    for path in folder.glob(f"{prefix}*{suffix}"):
        if path.name != keep.name:
            path.unlink(missing_ok=True)
    for path in folder.glob(f".{prefix}*"):
        path.unlink(missing_ok=True)
