"""Event groups and linked articles of one index state, computed from its stored documents.

Computing them reads every article; opening an article must not. So after each commit the
single writer computes them here, and ``state`` keeps them in the generation folder, named by
G, the Whoosh generation (table of contents) they were computed from: the event groups in the
timeline (``state.timeline``), the links in ``links-G.sqlite`` (``state.links_file``), one row
per article. A reader uses only the files of the generation its own searcher reads, so links
never pair with another index state; a missing file is computed again (:func:`compute`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..extract.entity_counts import EntityCounts
    from .event_groups import EventRef, Grouping
    from .links import Features, LinkSource, ScoredLink

from ..models import Event, Granularity, Link, Mention
from ..whoosh_ext.reader import column_values, generation_of
from ..whoosh_ext.schema import stored_events, stored_mentions


@dataclass(frozen=True)
class Relations:
    """The event groups and links of one index state (one Whoosh generation)."""

    generation: int
    links: dict[str, tuple[Link, ...]]
    group_of: dict[EventRef, int]
    group_dates: dict[int, tuple[str, Granularity]]
    other_dates: dict[EventRef, tuple[str, ...]]

    def grouped(self, events: tuple[Event, ...]) -> tuple[Event, ...]:
        """One article's events (in stored order) with their groups and disputed dates."""
        out = []
        for n, event in enumerate(events):
            ref = (event.article, n)
            group, others = self.group_of.get(ref), self.other_dates.get(ref, ())
            out.append(
                replace(event, group=group, other_dates=others) if group or others else event
            )
        return tuple(out)


Documents = Iterable[tuple[int, dict[str, Any]]]
"""Stored documents as (document number, stored fields), one per article id."""


class _Counted:
    """Documents read one at a time, whose number is known before (for progress)."""

    def __init__(self, docs: Iterable[tuple[int, dict[str, Any]]], count: int) -> None:
        self._docs = docs
        self._count = count

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        return iter(self._docs)

    def __len__(self) -> int:
        return self._count


def compute(reader: Any) -> Relations:
    """The relations of the index state a Whoosh reader reads: groups first, then links."""
    docs, text_of = reader_documents(reader)
    return compute_from(generation_of(reader), docs, text_of)


def reader_documents(reader: Any) -> tuple[Documents, Callable[[str], str]]:
    """Every document of a reader's index state (the last one of an id that is there twice),
    and the text (title and body) of an article by id, read again when asked."""
    ids = column_values(reader, "id")
    docnums = {ids[n]: n for n in reader.all_doc_ids()}
    return (
        _Counted(((n, reader.stored_fields(n)) for n in docnums.values()), len(docnums)),
        lambda article: article_text(reader.stored_fields(docnums[article])),
    )


def listed_documents(docs: Sequence[dict[str, Any]]) -> tuple[Documents, Callable[[str], str]]:
    """Documents about to be written, numbered as a fresh index numbers them (in order), the
    last one of an id that is there twice, and an article's text by id."""
    last = {fields["id"]: n for n, fields in enumerate(docs)}
    return (
        _Counted(((n, docs[n]) for n in last.values()), len(last)),
        lambda article: article_text(docs[last[article]]),
    )


@dataclass(frozen=True)
class Derived:
    """Everything relating derived from one index state, the relations and what led to them
    (what an update keeps to relate its few articles without reading the rest: see
    ``state.relate_store``)."""

    relations: Relations
    sources: list[LinkSource]
    features: Features
    counts: EntityCounts
    grouping: Grouping
    scored: dict[str, list[ScoredLink]]


def compute_from(
    generation: int,
    docs: Documents,
    text_of: Callable[[str], str],
    visit: Callable[[int, dict[str, Any]], object] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Relations:
    """The relations of the documents ``docs`` of index state ``generation`` (see
    ``derive``)."""
    return derive(generation, docs, text_of, visit, progress).relations


def derive(
    generation: int,
    docs: Documents,
    text_of: Callable[[str], str],
    visit: Callable[[int, dict[str, Any]], object] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Derived:
    """The relations of the documents ``docs`` of index state ``generation``, with what they
    were derived from.

    ``visit(docnum, fields)`` is called for every document as it is read, so that the
    catalog and the timeline are gathered in the same pass (reading every stored document
    is a large part of the work). ``progress(done, total)`` counts two steps an article
    (read, linked); for documents of unknown number (not ``Sized``) the total is 0 until
    every one is read."""
    # Imported here: reading an index state's links needs none of the computing.
    from ..extract.entity_counts import EntityCounts
    from .event_groups import group_events
    from .links import Features, link_articles

    read = _read_documents(docs, visit, progress)
    counts = EntityCounts.of(read.mentions)
    entities = counts.entities()
    read.mentions.clear()  # no longer needed: the largest of what was read
    grouping = group_events(read.events, {e.key: e.articles for e in entities})
    groups_of: dict[str, dict[int, str]] = {}
    for (article, _n), group in grouping.group_of.items():
        groups_of.setdefault(article, {})[group] = grouping.dates[group][0]
    sources = [replace(s, groups=groups_of.get(s.id)) for s in read.sources]
    count = len(sources)
    features = Features.of(sources)
    scored = link_articles(
        sources,
        {e.key: e.name for e in entities},
        text_of,
        progress=None if progress is None else lambda linked: progress(count + linked, 2 * count),
        features=features,
    )
    links = _links(scored, read.about)
    related = Relations(generation, links, grouping.group_of, grouping.dates, grouping.other_dates)
    return Derived(related, sources, features, counts, grouping, scored)


@dataclass
class _Read:
    """What one pass over the stored documents gathers, by article id."""

    events: dict[str, tuple[Event, ...]]
    mentions: dict[str, list[Mention]]
    about: dict[str, tuple[str, date | None]]  # title and publication day, for the links
    sources: list[LinkSource]


def _read_documents(
    docs: Documents,
    visit: Callable[[int, dict[str, Any]], object] | None,
    progress: Callable[[int, int], object] | None,
) -> _Read:
    """Read every stored document once: its events, mentions, title, date and link source."""
    from .links import PROGRESS_EVERY, link_source

    read = _Read({}, {}, {}, [])
    expected = len(docs) if isinstance(docs, Sized) else 0
    for done, (n, fields) in enumerate(docs):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, 2 * expected)
        if visit is not None:
            visit(n, fields)
        article = fields["id"]
        read.events[article] = stored_events(fields)
        read.mentions[article] = list(stored_mentions(fields))
        when = fields.get("date")
        published = when.date() if isinstance(when, datetime) else None
        read.about[article] = (fields.get("title", ""), published)
        keys = Counter(m.key for m in read.mentions[article])
        read.sources.append(link_source(article, article_text(fields), fields.get("url"), keys))
    return read


def _links(
    scored: dict[str, list[ScoredLink]], about: dict[str, tuple[str, date | None]]
) -> dict[str, tuple[Link, ...]]:
    """The links of each article that has any, with their targets' titles and dates."""
    return {
        article: tuple(
            Link(s.target, about[s.target][0], s.score, s.reasons, about[s.target][1])
            for s in found
        )
        for article, found in scored.items()
        if found
    }


def article_text(fields: dict[str, Any]) -> str:
    """An article's title and body, as relating reads them."""
    return f"{fields.get('title', '')}\n{fields.get('body', '')}"
