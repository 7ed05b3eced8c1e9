"""Every event of the corpus in date order, as compact arrays kept beside the index.

The events pane and the date views list events by date across the whole corpus. Reading them
from the stored documents means reading every document, and holding an object per event, both
of which grow with the corpus. So the writer sorts them once after each commit into
``timeline-<generation>.bin``: per event, the index of its date value, its document number in
that index state, its position among the document's stored events and its event group (-1
for none), four arrays of machine integers (sixteen bytes an event), with the few disputed
dates and each group's date beside them: the file is where the event groups are kept. A
reader loads the arrays whole, selects positions (by articles, by period) without touching a
document, and reads only the documents of the events it is asked to show.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Collection, Container, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import accumulate, chain
from pathlib import Path
from typing import Any, BinaryIO, cast

from ..models import Granularity
from ..periods import overlaps, period
from ..whoosh_ext.reader import generation_of
from . import sidecars

TIMELINE_VERSION = 3
"""Bump when the file's layout or order changes: older files are gathered again."""

_PREFIX = "timeline-"
MAGIC = b"corpus-reader timeline\n"


@dataclass(frozen=True)
class Timeline:
    """The events of one index state by the start of their period, then article, position."""

    generation: int
    values: tuple[str, ...]
    """The distinct date values, referred to by position."""
    value_of: array[int]
    docnum: array[int]
    ordinal: array[int]
    group: array[int]
    """Per event: its event group, or -1."""
    other_dates: dict[int, tuple[str, ...]]
    """Position -> the dates other sources give for the same happening (rare)."""
    group_dates: dict[int, tuple[str, Granularity]] = field(default_factory=dict)
    """Event group -> its date value and granularity."""

    def __len__(self) -> int:
        return len(self.docnum)

    def select(
        self,
        docs: Container[int] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[int]:
        """Positions of the events of documents ``docs`` (all when None) whose period meets
        ``[date_from, date_to]``, in timeline order."""
        values = None
        if date_from is not None or date_to is not None:
            values = {n for n, v in enumerate(self.values) if overlaps(v, date_from, date_to)}
        if isinstance(docs, Collection) and len(docs) * 3 < self.documents:
            # Few articles of many: their events, found by document, not by a scan of all.
            starts, positions = self.by_doc
            found = sorted(
                chain.from_iterable(
                    positions[starts[d] : starts[d + 1]] for d in docs if d + 1 < len(starts)
                )
            )
            return found if values is None else [i for i in found if self.value_of[i] in values]
        return [
            i
            for i in range(len(self.docnum))
            if (docs is None or self.docnum[i] in docs)
            and (values is None or self.value_of[i] in values)
        ]

    def of_document(self, docnum: int) -> dict[int, tuple[int, tuple[str, ...]]]:
        """One document's events by their stored position: (group or -1, disputed dates)."""
        starts, positions = self.by_doc
        if docnum + 1 >= len(starts):
            return {}
        return {
            self.ordinal[i]: (self.group[i], self.other_dates.get(i, ()))
            for i in positions[starts[docnum] : starts[docnum + 1]]
        }

    @cached_property
    def documents(self) -> int:
        """One more than the largest document number with events."""
        return max(self.docnum, default=-1) + 1

    @cached_property
    def by_doc(self) -> tuple[array[int], array[int]]:
        """Every position grouped by document: document ``d``'s events are
        ``positions[starts[d]:starts[d + 1]]`` (a counting sort, made on first use)."""
        starts = array("i", bytes(4 * (self.documents + 1)))
        for docnum in self.docnum:
            starts[docnum + 1] += 1
        starts = array("i", accumulate(starts))
        following = array("i", starts)
        positions = array("i", bytes(4 * len(self.docnum)))
        for position, docnum in enumerate(self.docnum):
            positions[following[docnum]] = position
            following[docnum] += 1
        return starts, positions


class Gathering:
    """A timeline being gathered, one stored document at a time (the writer feeds the
    catalog, the timeline and the relations from one pass over the documents).

    ``events_of(fields)`` gives a document's stored events (``schema.stored_events``); the
    event groups are known only once every document is read, so ``finish`` takes them.
    """

    def __init__(self, generation: int, events_of: Any) -> None:
        self.generation = generation
        self.events_of = events_of
        self.found: list[tuple[date, str, int, str, int]] = []
        self.starts: dict[str, date] = {}

    def add(self, docnum: int, fields: dict[str, Any]) -> None:
        article = fields["id"]
        for ordinal, event in enumerate(self.events_of(fields)):
            start = self.starts.get(event.date)
            if start is None:
                start = self.starts[event.date] = period(event.date)[0]
            self.found.append((start, article, ordinal, event.date, docnum))

    def finish(
        self,
        group_of: Mapping[tuple[str, int], int],
        disputed: Mapping[tuple[str, int], tuple[str, ...]],
        group_dates: Mapping[int, tuple[str, Granularity]],
    ) -> Timeline:
        """The timeline, with each event's group (``group_of``), disputed dates and the
        groups' dates."""
        self.found.sort(key=lambda row: row[:3])
        values: dict[str, int] = {}
        value_of, docnums, ordinals, groups = array("i"), array("i"), array("i"), array("i")
        others: dict[int, tuple[str, ...]] = {}
        for position, (_start, article, ordinal, value, docnum) in enumerate(self.found):
            value_of.append(values.setdefault(value, len(values)))
            docnums.append(docnum)
            ordinals.append(ordinal)
            groups.append(group_of.get((article, ordinal), -1))
            if (article, ordinal) in disputed:
                others[position] = disputed[(article, ordinal)]
        return Timeline(
            self.generation,
            tuple(values),
            value_of,
            docnums,
            ordinals,
            groups,
            others,
            dict(group_dates),
        )


def gather(reader: Any, events_of: Any, related: Any) -> Timeline:
    """Sort the events of every document of the reader's index state; ``related`` are its
    relations (``relations.Relations``: event groups and disputed dates)."""
    gathering = Gathering(generation_of(reader), events_of)
    for docnum, fields in reader.iter_docs():
        gathering.add(docnum, fields)
    return gathering.finish(related.group_of, related.other_dates, related.group_dates)


def path_for(folder: Path, generation: int) -> Path:
    return folder / f"{_PREFIX}{generation}.bin"


def load(folder: Path, generation: int) -> Timeline | None:
    """The timeline stored for ``generation``; None when missing, damaged or of another version."""
    try:
        with open(path_for(folder, generation), "rb") as fh:
            if fh.readline() != MAGIC:
                return None
            head = json.loads(fh.readline())
            if head.get("version") != TIMELINE_VERSION or head.get("generation") != generation:
                return None
            count = int(head["count"])
            arrays = []
            for _ in range(4):
                column = array("i")
                column.fromfile(fh, count)
                arrays.append(column)
        others = {int(k): tuple(v) for k, v in head["other_dates"].items()}
        group_dates = {int(k): (str(v[0]), cast(Granularity, v[1])) for k, v in head["groups"]}
        value_of, docnum, ordinal, group = arrays
        return Timeline(
            generation, tuple(head["values"]), value_of, docnum, ordinal, group, others, group_dates
        )
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def save(folder: Path, timeline: Timeline) -> None:
    """Write the timeline atomically (temporary file, then rename)."""
    path = path_for(folder, timeline.generation)
    head = {
        "version": TIMELINE_VERSION,
        "generation": timeline.generation,
        "count": len(timeline),
        "values": list(timeline.values),
        "other_dates": {str(k): list(v) for k, v in timeline.other_dates.items()},
        "groups": [[k, list(v)] for k, v in sorted(timeline.group_dates.items())],
    }

    def write(fh: BinaryIO) -> None:
        fh.write(MAGIC)
        fh.write(json.dumps(head, separators=(",", ":")).encode() + b"\n")
        for column in (timeline.value_of, timeline.docnum, timeline.ordinal, timeline.group):
            column.tofile(fh)

    sidecars.write_atomic(path, write)


def is_current(folder: Path, generation: int) -> bool:
    """Whether ``generation``'s timeline file is there, of this version (its head alone is
    read: the writer asks after every update)."""
    try:
        with open(path_for(folder, generation), "rb") as fh:
            if fh.readline() != MAGIC:
                return False
            head = json.loads(fh.readline())
        return bool(
            head.get("version") == TIMELINE_VERSION and head.get("generation") == generation
        )
    except (OSError, ValueError, AttributeError):
        return False


def remove_others(folder: Path, generation: int) -> None:
    """Delete the files of other generations and leftover temporary files (writer only)."""
    sidecars.remove_others(folder, _PREFIX, path_for(folder, generation))


def empty(generation: int) -> Timeline:
    """A timeline without events (an index state whose file is not written yet)."""
    return Timeline(generation, (), array("i"), array("i"), array("i"), array("i"), {}, {})


def documents(timeline: Timeline, positions: Iterable[int]) -> list[int]:
    """The distinct documents of these events, in first-seen order."""
    seen: dict[int, None] = {}
    for i in positions:
        seen.setdefault(timeline.docnum[i], None)
    return list(seen)
