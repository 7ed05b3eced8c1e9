"""The cyclic garbage collector paused while the index is written.

Writing allocates millions of small objects (rows, tuples, dicts) beside large tables that
live through it (the manifest, the catalog, the timeline): each time the heap grows, the
collector walks all of them again. With the collector paused an update and its catalog's
saving run markedly faster (bench/RESULTS.md); peak memory is unchanged, since reference
counting still frees everything outside a cycle. The collector is switched back on (as it
was) when the last writer of the process is done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_writers = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection in this process until every ``paused()`` entered has been left
    (the switch is the process's, so writers in several threads share one)."""
    global _writers, _was_enabled
    with _lock:
        if _writers == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _writers += 1
    try:
        yield
    finally:
        with _lock:
            _writers -= 1
            if _writers == 0 and _was_enabled:
                gc.enable()
