"""An update's relating (``relate_delta``): the timeline's delta. Every event of the other
articles is kept in order (their documents renumbered to the new state) and the new articles'
events are merged in: exact. The events whose group changed, and the disputed days, are
patched in from the store."""

from __future__ import annotations

import sqlite3
from array import array
from bisect import bisect_left
from collections.abc import Collection
from datetime import date
from itertools import compress
from typing import TypeAlias, cast

from ...models import Granularity
from ...periods import period
from ...state import timeline
from ...state.timeline import Timeline
from ...whoosh_ext.schema import stored_events
from .store_rows import Change, rows

Columns: TypeAlias = "tuple[array[int], array[int], array[int], array[int]]"
"""A timeline's columns: value, document, position (ordinal) and group of each event."""
NewEvent: TypeAlias = tuple[date, str, int, int]
"""A written event: the start of its period, its article, position and value's number."""


def save(db: sqlite3.Connection, change: Change, old: Timeline, regrouped: Collection[int]) -> None:
    """Write the old timeline without the removed articles' events, its documents renumbered,
    the new articles' events merged in, and the changed groups and disputes."""
    values = {value: n for n, value in enumerate(old.values)}
    starts = [period(value)[0] for value in old.values]
    new = _new_events(change, values, starts)
    columns = _merged(change, old, new, starts)
    others = _patch(columns, _group_patch(db, change, regrouped), _disputes(db, change))
    group_dates = {
        g: (value, cast(Granularity, granularity))
        for g, value, granularity in db.execute("SELECT grp, value, granularity FROM groups")
    }
    line = Timeline(change.generation, tuple(values), *columns, others, group_dates)
    timeline.save(change.folder, line)


def _new_events(change: Change, values: dict[str, int], starts: list[date]) -> list[NewEvent]:
    """The written articles' events in timeline order, their new date values numbered (into
    ``values`` and ``starts``) after the old."""
    new = []
    for article, fields in change.added.items():
        for ordinal, event in enumerate(stored_events(fields)):
            if event.date not in values:
                values[event.date] = len(values)
                starts.append(period(event.date)[0])
            new.append((starts[values[event.date]], article, ordinal, values[event.date]))
    new.sort()
    return new


def _kept(change: Change, old: Timeline) -> tuple[list[int], Columns]:
    """The old positions of the events kept, and their columns in the new state (gathered at
    C speed: an update keeps nearly every event)."""
    old_ids = change.old_ids
    remap = array("i", [-1]) * len(old_ids)
    for n, article in enumerate(old_ids):
        if article is not None and article not in change.removed and article in change.docnum:
            remap[n] = change.docnum[article]
    keep = bytes(int(d >= 0) for d in remap)
    kept = list(compress(range(len(old)), map(keep.__getitem__, old.docnum)))
    return kept, (
        array("i", map(old.value_of.__getitem__, kept)),
        array("i", map(remap.__getitem__, map(old.docnum.__getitem__, kept))),
        array("i", map(old.ordinal.__getitem__, kept)),
        array("i", map(old.group.__getitem__, kept)),
    )


def _merged(change: Change, old: Timeline, new: list[NewEvent], starts: list[date]) -> Columns:
    """The kept events' columns with the new events inserted where they sort."""
    kept, kept_columns = _kept(change, old)
    old_ids = change.old_ids

    def key(p: int) -> tuple[date, str, int]:
        return (starts[old.value_of[p]], cast(str, old_ids[old.docnum[p]]), old.ordinal[p])

    columns: Columns = (array("i"), array("i"), array("i"), array("i"))
    at = 0
    for start, article, ordinal, value in new:
        end = bisect_left(kept, (start, article, ordinal), at, key=key)
        for column, kept_column in zip(columns, kept_columns, strict=True):
            column.extend(kept_column[at:end])
        for column, cell in zip(columns, (value, change.docnum[article], ordinal, -1), strict=True):
            column.append(cell)
        at = end
    for column, kept_column in zip(columns, kept_columns, strict=True):
        column.extend(kept_column[at:])
    return columns


def _patch(
    columns: Columns,
    patch: dict[tuple[int, int], int],
    disputes: dict[tuple[int, int], tuple[str, ...]],
) -> dict[int, tuple[str, ...]]:
    """Set the changed groups into ``columns``; the other dates of the disputed events, by
    position (only the events of the documents concerned are looked at)."""
    _, docnums, ordinals, groups = columns
    marked = bytearray(max(docnums, default=-1) + 1)
    for d, _ in [*patch, *disputes]:
        marked[d] = 1
    others: dict[int, tuple[str, ...]] = {}
    for k in compress(range(len(docnums)), map(marked.__getitem__, docnums)):
        ref = (docnums[k], ordinals[k])
        groups[k] = patch.get(ref, groups[k])
        if ref in disputes:
            others[k] = disputes[ref]
    return others


def _group_patch(
    db: sqlite3.Connection, change: Change, regrouped: Collection[int]
) -> dict[tuple[int, int], int]:
    """(document, position) -> group, for the events whose group this update changed."""
    patch = {}
    for article, ordinal, grp in rows(
        db,
        "SELECT id, ordinal, grp FROM items JOIN articles ON articles.num = items.num"
        " WHERE item IN ({})",
        sorted(regrouped),
    ):
        patch[(change.docnum[article], ordinal)] = -1 if grp is None else grp
    return patch


def _disputes(db: sqlite3.Connection, change: Change) -> dict[tuple[int, int], tuple[str, ...]]:
    """(document, position) -> the other dates given for a disputed event."""
    found: dict[tuple[int, int], set[str]] = {}
    for article, ordinal, value in db.execute(
        "SELECT articles.id, ia.ordinal, ib.value FROM disputes"
        " JOIN items ia ON ia.item = disputes.a JOIN items ib ON ib.item = disputes.b"
        " JOIN articles ON articles.num = ia.num"
    ):
        found.setdefault((change.docnum[article], ordinal), set()).add(value)
    return {ref: tuple(sorted(values)) for ref, values in found.items()}
