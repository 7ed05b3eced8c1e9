"""What the event, date and article views show, made from a state's timeline and catalog.

Plain functions over what a ``Snapshot`` already holds: no document is read here, so the
``Corpus`` calls them outside its lock.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date

from .models import Event, EventGroup, Granularity
from .periods import overlaps, period
from .state.catalog import Catalog
from .state.timeline import Timeline


def value_runs(line: Timeline, positions: Iterable[int]) -> list[tuple[str, int]]:
    """The runs of equal date values among the events at these positions: (value, events)."""
    picked = (line.value_of[i] for i in positions)
    return [(line.values[v], sum(1 for _ in run)) for v, run in itertools.groupby(picked)]


def date_counts(line: Timeline) -> list[tuple[str, int, int]]:
    """Every date value of the timeline: (value, events, articles), in timeline order."""
    events = [0] * len(line.values)
    docs: list[set[int]] = [set() for _ in line.values]
    for value, docnum in zip(line.value_of, line.docnum, strict=True):
        events[value] += 1
        docs[value].add(docnum)
    return [(v, events[n], len(docs[n])) for n, v in enumerate(line.values)]


def newest_first(found: Catalog, limit: int | None) -> list[tuple[str, str, date | None]]:
    """The catalog's articles as (id, title, publication date), newest first (undated last)."""
    rows = [
        (article, title, found.published.get(article, ""))
        for article, (title, _source) in found.labels.items()
    ]
    rows.sort(key=lambda row: (row[2], row[0]), reverse=True)
    return [
        (article, title, date.fromisoformat(day) if day else None)
        for article, title, day in rows[:limit]
    ]


def event_groups(
    events: Iterable[Event],
    group_dates: Mapping[int, tuple[str, Granularity]],
    date_from: date | None,
    date_to: date | None,
) -> list[EventGroup]:
    """The groups of these events whose date overlaps the range, by date (an update numbers
    the groups it makes after the others: ``relate_delta``)."""
    members: dict[int, list[Event]] = {}
    for event in events:
        if event.group is not None:
            members.setdefault(event.group, []).append(event)
    groups = []
    by_date = sorted(group_dates.items(), key=lambda g: (period(g[1][0])[0], g[1][0], g[0]))
    for number, (value, granularity) in by_date:
        grouped = tuple(members.get(number, ()))
        if not grouped or not overlaps(value, date_from, date_to):
            continue
        others = sorted({d for e in grouped for d in e.other_dates})
        articles = tuple(sorted({e.article for e in grouped}))
        groups.append(EventGroup(number, value, granularity, articles, grouped, tuple(others)))
    return groups
