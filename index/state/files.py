"""The files kept beside one index state (catalog, timeline, links, spellings), from one pass
over its documents.

The writer writes them after each commit from what the index holds; a fresh build also
writes them in a child process from the documents it is writing (``relate_process``), while
it writes the index. Readers only read them, but for one fallback: ``fill_missing``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..relate import derive
from ..relate.derive import Documents, Relations
from ..whoosh_ext.schema import stored_events
from . import catalog, links_file, relate_store, spellings, timeline
from .catalog import Catalog
from .timeline import Timeline

Gathered = TypeVar("Gathered", Catalog, Timeline, Relations)


def write_all(
    folder: Path,
    generation: int,
    docs: Documents,
    text_of: Callable[[str], str],
    progress: Callable[[int, int], object] | None = None,
) -> None:
    """Write the catalog (and its spellings), the timeline (with the event groups) and the
    links of the documents ``docs`` of index state ``generation``, and the store an update
    relates from (``relate_store``); ``progress`` as ``derive.derive``."""
    listed = catalog.Gathering(generation, with_entities=False)
    dated = timeline.Gathering(generation, stored_events)

    def visit(docnum: int, fields: dict[str, Any]) -> None:
        listed.add(docnum, fields)
        dated.add(docnum, fields)

    derived = derive.derive(generation, docs, text_of, visit, progress)
    related = derived.relations
    relate_store.create(folder, generation, derived)
    links_file.save_links(folder, related)
    listing = listed.finish(derived.counts.entities())
    catalog.save(folder, listing)
    spellings.save(folder, generation, listing.entities)
    timeline.save(folder, dated.finish(related.group_of, related.other_dates, related.group_dates))


def paths(folder: Path, generation: int) -> tuple[Path, ...]:
    """The files ``write_all`` writes for ``generation``."""
    return (
        catalog.path_for(folder, generation),
        timeline.path_for(folder, generation),
        links_file.links_path(folder, generation),
        spellings.path_for(folder, generation),
    )


def written(folder: Path, generation: int) -> bool:
    """Whether ``generation``'s files are all there (the timeline of this version)."""
    return timeline.is_current(folder, generation) and all(
        path.exists() for path in paths(folder, generation)
    )


def fill_missing(folder: Path, gathered: Gathered) -> Gathered:
    """Write what a reader gathered because its state's file was missing, and return it.

    The one place a reader writes beside the index. An index written by a version before
    one of these files, or one whose file was lost or damaged, has its catalog, timeline or
    relations gathered by the first reader that needs them (reading every document); that
    reader writes them here once (the relations as their links file), so the next one loads
    them. A folder that cannot be written is left as it is: the reader keeps what it gathered
    for this state only. The spellings are not written: without their file a search uses the
    catalog's table.
    """
    with contextlib.suppress(OSError, sqlite3.Error):  # a read-only folder
        if isinstance(gathered, Catalog):
            catalog.save(folder, gathered)
        elif isinstance(gathered, Timeline):
            timeline.save(folder, gathered)
        else:
            links_file.save_links(folder, gathered)
    return gathered
