"""The files kept beside one index state (catalog, timeline, relations), from one pass over
its documents.

The writer writes them after each commit from what the index holds; a fresh build also
writes them in a child process from the documents it is writing (``relate_process``), while
it writes the index. Imports no Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import catalog, relations, timeline
from .relations import Documents, Relations
from .schema import stored_events


def write_all(
    folder: Path,
    generation: int,
    docs: Documents,
    text_of: Callable[[str], str],
    related: Relations | None = None,
) -> None:
    """Write the catalog, the timeline and (unless ``related`` are given: they were kept)
    the relations of the documents ``docs`` of index state ``generation``."""
    listed = catalog.Gathering(generation)
    dated = timeline.Gathering(generation, stored_events)

    def visit(docnum: int, fields: dict[str, Any]) -> None:
        listed.add(docnum, fields)
        dated.add(docnum, fields)

    if related is None:
        related = relations.compute_from(generation, docs, text_of, visit)
        relations.save(folder, related)
    else:
        for docnum, fields in docs:
            visit(docnum, fields)
    catalog.save(folder, listed.finish())
    timeline.save(folder, dated.finish(related.group_of, related.other_dates))


def paths(folder: Path, generation: int) -> tuple[Path, ...]:
    """The files ``write_all`` writes for ``generation``."""
    return (
        catalog.path_for(folder, generation),
        timeline.path_for(folder, generation),
        relations.sidecar_path(folder, generation),
        relations.links_path(folder, generation),
    )
