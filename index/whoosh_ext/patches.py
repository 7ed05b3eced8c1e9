"""The changes this engine makes to Whoosh's classes, in one place, installed on first open.

Importing the engine changes nothing in Whoosh: another library in the same process that
uses Whoosh gets Whoosh as published until this engine opens or creates an index
(:func:`open_index`, :func:`create_index`), which installs every patch once. Each patch names
the Whoosh attribute it replaces and a digest of the source it was written against; a test
compares that digest with the installed Whoosh, so an upgrade that changes a replaced
function fails loudly instead of being silently overridden.
"""

from __future__ import annotations

import hashlib
import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh import externalsort, writing
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.fields import Schema
from whoosh.filedb import structfile

from . import segment_files, writer_speedups


@dataclass(frozen=True)
class Patch:
    """One Whoosh attribute replaced: where it lives, by what, and the upstream it fits."""

    owner: type
    name: str
    replacement: Callable[..., Any]
    upstream: str
    """``source_digest`` of Whoosh's own function when the replacement was written."""

    @property
    def label(self) -> str:
        return f"{self.owner.__module__}.{self.owner.__qualname__}.{self.name}"


PATCHES = (
    Patch(structfile.BufferFile, "__init__", segment_files.init_in_place, "92f1c0a5b1a2fd70"),
    Patch(externalsort.SortingPool, "_write_run", writer_speedups.write_run, "32c02452baf934a2"),
    Patch(externalsort.SortingPool, "_read_run", writer_speedups.read_run, "54e7f07017c9712e"),
    Patch(
        whoosh3.W3PerDocReader,
        "_cached_reader",
        writer_speedups.cached_reader,
        "2e27976f892aee8f",
    ),
    Patch(writing.PostingPool, "add", writer_speedups.pool_add, "6b73def050008daf"),
    Patch(
        writing.SegmentWriter, "_flush_segment", writer_speedups.flush_segment, "a4b79c8a3687febd"
    ),
)

ORIGINALS: dict[tuple[type, str], Callable[..., Any]] = {
    (patch.owner, patch.name): patch.owner.__dict__[patch.name] for patch in PATCHES
}
"""Whoosh's own functions, as this module found them (for tests that compare)."""

_lock = threading.Lock()
_installed = False


def source_digest(function: Callable[..., Any]) -> str:
    """A short digest of a function's source: it changes when upstream changes the code."""
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def install() -> None:
    """Install every patch (once per process; later calls do nothing)."""
    global _installed
    with _lock:
        if _installed:
            return
        for patch in PATCHES:
            setattr(patch.owner, patch.name, patch.replacement)
        _installed = True


def installed() -> bool:
    """Whether this process's Whoosh carries the patches."""
    return _installed


def open_index(folder: str, readonly: bool = False) -> whoosh_index.Index:
    """Open the Whoosh index in ``folder``, the patches installed first."""
    install()
    return whoosh_index.open_dir(folder, readonly=readonly)


def create_index(folder: str, schema: Schema) -> whoosh_index.Index:
    """Create an empty Whoosh index in ``folder``, the patches installed first."""
    install()
    return whoosh_index.create_in(folder, schema)
