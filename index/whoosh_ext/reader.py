"""What the engine reads off a Whoosh reader besides documents: its generation and columns."""

from __future__ import annotations

from typing import Any


def generation_of(reader: Any) -> int:
    """The Whoosh generation (table of contents) a reader reads, which names the files kept
    beside it; -1 for an index that has none."""
    generation = reader.generation()
    return -1 if generation is None else int(generation)


def column_values(reader: Any, name: str) -> list[Any]:
    """Every document's value of a column, in document order: none for an index without
    documents (Whoosh's reader of an empty index has no columns and raises)."""
    if reader.doc_count_all() == 0:
        return []
    return list(reader.column_reader(name))
