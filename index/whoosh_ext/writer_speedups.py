"""Costs of Whoosh's writer that are not Whoosh's design, removed.

A profile of a build's commit showed (figures in bench/RESULTS.md):

- The posting pool sorts postings into runs on disk and merges them at the commit; it wrote
  and read them one ``marshal`` call per posting, on an unbuffered file, and ``marshal``
  reads a file a field at a time: system calls per posting. Runs are written here in chunks
  of ``CHUNK`` postings, each marshalled to bytes and written after its length, and read
  back a chunk per read: the same postings in the same order.
- Writing a posting asks the new segment for the document's field length; for a field that
  keeps no lengths (ids, keywords), ``W3PerDocReader._cached_reader`` asked the file system
  whether the length column exists every time, not only the first. A segment's files never
  change once written, so the answer is kept here. Even so, each posting still looked its
  document's length up in the column file (a seek and a read): the commit here reads each
  length column whole, once, and looks lengths up in memory.
- Adding a posting to the pool checked its types and summed its size from eleven constants:
  the same size is summed here from one, unchecked (the fields give bytes).

``patches`` installs them when the engine first opens an index.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from marshal import dumps, loads
from typing import Any

from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

CHUNK = 1024
"""Postings per ``marshal`` call in a run file."""
_LENGTH = struct.Struct("<Q")

_ORIGINAL_CACHED_READER = whoosh3.W3PerDocReader._cached_reader


def write_run(self: Any, f: Any, items: Iterable[Any]) -> None:
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


def read_run(self: Any, path: str) -> Iterator[Any]:
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


def cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    """The column reader of a field's lengths, or None: both kept once known."""
    readers = self._readers
    if fieldname in readers:
        return readers[fieldname]
    reader = _ORIGINAL_CACHED_READER(self, fieldname, column)
    readers[fieldname] = reader
    return reader


_POSTING_SIZE = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21
"""What ``PostingPool.add`` counts for a posting besides its field name, term and value."""


def pool_add(self: Any, item: tuple[str, bytes, int, float, bytes | None]) -> None:
    """Whoosh's ``PostingPool.add`` without its type checks: the same size counted."""
    self.fieldnames.add(item[0])
    self.currentsize += _POSTING_SIZE + len(item[0]) + len(item[1]) * 2 + len(item[4] or b"")
    if self.currentsize > self.limit:
        self.save()
    self.current.append(item)


class _Lengths:
    """A new segment's field lengths for its postings: each column read once, whole."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[str, list[int] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        """What ``W3PerDocReader.doc_field_length`` answers (None for a length of 0)."""
        if fieldname not in self._columns:
            found = self._reader._cached_reader(
                whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN
            )
            self._columns[fieldname] = None if found is None else list(found)
        column = self._columns[fieldname]
        if column is None:
            return default
        lbyte = column[docnum]
        return byte_to_length(lbyte) if lbyte else None


def flush_segment(self: Any) -> None:
    """Whoosh's ``SegmentWriter._flush_segment``, its lengths looked up in memory."""
    self.perdocwriter.close()
    reader = self.per_document_reader() if self.codec.length_stats else None
    lengths = _Lengths(reader) if reader is not None else None
    self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
    self.fieldwriter.close()
    if reader is not None:
        reader.close()
