"""Two costs of Whoosh's writer that are not Whoosh's design, removed.

A profile of a build's commit (10,000 articles, 36 s) showed:

- The posting pool sorts postings into runs on disk and merges them at the commit; it wrote
  and read them one ``marshal`` call per posting, on an unbuffered file, and ``marshal``
  reads a file a field at a time: system calls per posting (a fifth of the commit). Runs
  are written here in chunks of ``CHUNK`` postings, each marshalled to bytes and written
  after its length, and read back a chunk per read: the same postings in the same order.
- Writing a posting asks the new segment for the document's field length; for a field that
  keeps no lengths (ids, keywords), ``W3PerDocReader._cached_reader`` asked the file system
  whether the length column exists every time, not only the first (another fifth). A
  segment's files never change once written, so the answer is kept here.

``install`` patches both once, at the engine's import. Imports no Textual or Rich.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from marshal import dumps, loads
from typing import Any

from whoosh import externalsort
from whoosh.codec import whoosh3

CHUNK = 1024
"""Postings per ``marshal`` call in a run file."""
_LENGTH = struct.Struct("<Q")

_ORIGINAL_CACHED_READER = whoosh3.W3PerDocReader._cached_reader


def _write_run(self: Any, f: Any, items: Iterable[Any]) -> None:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            _write_chunk(f, chunk)
            chunk = []
    if chunk:
        _write_chunk(f, chunk)
    f.close()


def _write_chunk(f: Any, chunk: list[Any]) -> None:
    data = dumps(chunk, 2)
    f.write(_LENGTH.pack(len(data)) + data)


def _read_run(self: Any, path: str) -> Iterator[Any]:
    f = self._open_run(path)
    try:
        while head := f.read(_LENGTH.size):
            (size,) = _LENGTH.unpack(head)
            data = f.read(size)
            if len(data) != size:
                raise EOFError(f"a truncated run file: {path}")
            yield from loads(data)
    finally:
        f.close()
        self._remove_run(path)


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    """The column reader of a field's lengths, or None: both kept once known."""
    readers = self._readers
    if fieldname in readers:
        return readers[fieldname]
    reader = _ORIGINAL_CACHED_READER(self, fieldname, column)
    readers[fieldname] = reader
    return reader


def install() -> None:
    """Patch Whoosh's run files and length-column lookups (idempotent)."""
    externalsort.SortingPool._write_run = _write_run
    externalsort.SortingPool._read_run = _read_run
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
