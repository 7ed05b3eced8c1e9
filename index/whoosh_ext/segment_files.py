"""Whoosh's segment files read in place from the memory map, not copied into memory.

Whoosh maps a segment's compound file and hands each part out as a ``BufferFile``, whose
constructor wraps the part in ``io.BytesIO``, which copies it: opening a reader copies the
whole postings file and terms index into memory. The reader here serves the same sequential
calls (``read``, ``readline``, ``seek``, ``tell``) from the mapped view, so only the pages a
search touches are read. ``patches`` installs :func:`init_in_place` as
``BufferFile.__init__`` when the engine first opens an index.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any


class ViewReader(io.RawIOBase):
    """A read-only, seekable file over a buffer (a ``memoryview`` of the map), without a copy."""

    def __init__(self, buf: Any) -> None:
        super().__init__()
        self._view = memoryview(buf).cast("B")
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        self._pos = max(end, start)
        return bytes(self._view[start:end])

    def peek(self, size: int = 0) -> bytes:
        """The next bytes without moving (lets the unpickler read ahead in one call)."""
        return bytes(self._view[self._pos : self._pos + max(size, 1)])

    def readinto(self, target: Any) -> int:
        out = memoryview(target).cast("B")
        data = self.read(len(out))
        out[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        view = self._view
        start = self._pos
        limit = len(view) if size is None or size < 0 else min(start + size, len(view))
        end = start
        while end < limit:
            chunk = bytes(view[end : min(end + 256, limit)])
            newline = chunk.find(b"\n")
            if newline >= 0:
                end += newline + 1
                break
            end += len(chunk)
        self._pos = end
        return bytes(view[start:end])

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        if not self.closed:
            self._view.release()
        super().close()


def init_in_place(
    self: Any, buf: Any, name: str | None = None, onclose: Callable[..., Any] | None = None
) -> None:
    self._buf = buf
    self._name = name
    self.file = ViewReader(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False
