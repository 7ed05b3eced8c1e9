"""Event groups: the events of different articles that report the same happening.

Two events of different articles are the same happening when their dates meet (the same value,
or a day inside the other's week) and their sentences share a key entity (a person, organisation
or place that few articles name) or enough content words. A group holds at most one day, so a
week cannot chain two different days together. When sources tell what reads as the same
happening on days a little apart, both events are flagged with the other's date: a
disagreement for the reader to check.

Pure functions over stored events. Comparisons go through inverted lists of bounded length, so
that a busy day of a large corpus costs about linear work, not all pairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ..models import Event, Granularity
from ..periods import period
from .stems import content_stems

EventRef = tuple[str, int]
"""An event by its article's id and its position in that article's events."""

KEY_KINDS = ("person:", "org:", "place:")
KEY_SHARE = 0.05
"""An entity named in at most this share of the articles (and at least two) is a key entity:
"Le Drian" identifies a happening, "Ukraine" in a corpus about Ukraine does not."""
MIN_SHARED_WORDS = 3
MIN_OVERLAP = 0.4
"""Sentences share enough words: at least this many stems, and this share of the shorter."""
DISPUTE_SHARED_WORDS = 4
DISPUTE_OVERLAP = 0.6
DISPUTE_DAYS = 3
"""A disagreement: stricter likeness than a group, days at most this far apart."""
LIST_CAP = 25
"""Words or entities carried by more events than this do not propose candidate pairs."""

_CALENDAR_WORDS = frozenset(
    content_stems(
        "monday tuesday wednesday thursday friday saturday sunday january february march april"
        " may june july august september october november december week month today yesterday"
        " tomorrow morning evening night earlier later"
    )
)


@dataclass(frozen=True)
class Grouping:
    """Which group each grouped event is in, each group's date, and disputed dates."""

    group_of: dict[EventRef, int]
    dates: dict[int, tuple[str, Granularity]]
    other_dates: dict[EventRef, tuple[str, ...]]
    items: list[Item] = field(default_factory=list)
    """What the grouping compared of each event (an update compares new events with them)."""
    disputes: list[tuple[EventRef, EventRef]] = field(default_factory=list)
    """Pairs of events that disagree on their day, each pair both ways."""


@dataclass(frozen=True)
class Item:
    """One event as grouping compares it: its date, its words and its key entities."""

    ref: EventRef
    article: str
    value: str
    granularity: Granularity
    words: frozenset[str]
    keys: frozenset[str]


def group_events(
    events_by_article: Mapping[str, Sequence[Event]], entity_articles: Mapping[str, int]
) -> Grouping:
    """Group the events of a corpus; ``entity_articles`` counts the articles naming each entity."""
    most = key_share(len(events_by_article))
    items = [
        _item((article, n), event, entity_articles, most)
        for article, events in sorted(events_by_article.items())
        for n, event in enumerate(events)
    ]
    merged = _DayUnion(items)
    for together, probes in _comparison_sets(items):
        _join_alike(together, probes, merged)
    pairs = _dispute_pairs(items)
    others: dict[EventRef, set[str]] = defaultdict(set)
    for a, b in pairs:
        others[a.ref].add(b.value)
    disputed = {ref: tuple(sorted(values)) for ref, values in sorted(others.items())}
    return Grouping(*_numbered(merged), disputed, items, [(a.ref, b.ref) for a, b in pairs])


def key_share(articles: int) -> float:
    """The most articles an entity may be named by and still be a key entity."""
    return max(2.0, KEY_SHARE * articles)


def _item(ref: EventRef, event: Event, df: Mapping[str, int], most: float) -> Item:
    found = unfiltered_item(ref, event)
    return replace(found, keys=frozenset(k for k in found.keys if df.get(k, 0) <= most))


def unfiltered_item(ref: EventRef, event: Event) -> Item:
    """An event as grouping compares it, with every person, organisation and place it names
    (which of them are key entities depends on the corpus: see ``key_share``)."""
    sentence = event.sentence.replace(event.expression, " ", 1)
    words = frozenset(content_stems(sentence)) - _CALENDAR_WORDS
    keys = frozenset(k for k in event.entities if k.startswith(KEY_KINDS))
    return Item(ref, ref[0], event.date, event.granularity, words, keys)


def _comparison_sets(items: list[Item]) -> Iterable[tuple[list[Item], list[Item]]]:
    """Events whose dates meet, and which of them to compare with the rest: those of one value
    with each other, and each week's events with the days inside it."""
    by_value: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_value[item.value].append(item)
    for value, same in sorted(by_value.items()):
        yield same, same
        if len(value) == 8:  # an ISO week, 2022-W04
            first, last = period(value)
            days = [
                i
                for d in range((last - first).days + 1)
                for i in by_value.get(date.fromordinal(first.toordinal() + d).isoformat(), [])
            ]
            if days:
                yield same + days, same


def _join_alike(together: list[Item], probes: list[Item], merged: _DayUnion) -> None:
    """Join the events of different articles that share a key entity or enough words.

    Each of ``probes`` is compared with the rest of ``together``; candidates come from the
    inverted lists of rarer words, and a pair is checked in full only when those lists, plus
    the words too common to be listed, could reach the threshold.
    """
    if len({i.article for i in together}) < 2:
        return
    by_key: dict[str, list[Item]] = defaultdict(list)
    by_word: dict[str, list[int]] = defaultdict(list)
    for n, item in enumerate(together):
        for key in item.keys:
            by_key[key].append(item)
        for word in item.words:
            by_word[word].append(n)
    for _key, named in sorted(by_key.items()):
        first = named[0]
        other = next((i for i in named if i.article != first.article), None)
        if other is None:
            continue
        for item in named[1:]:
            merged.join(item, first if item.article != first.article else other)
    for k, item in enumerate(probes):
        listed, unlisted = _shared_words(item.words, by_word)
        for n, count in listed.items():
            c = together[n]
            if (
                (probes is not together or n > k)
                and count + unlisted >= MIN_SHARED_WORDS
                and c.article != item.article
                and merged.root(c.ref) != merged.root(item.ref)
                and alike(item, c, MIN_SHARED_WORDS, MIN_OVERLAP)
            ):
                merged.join(item, c)


def _shared_words(
    words: Iterable[str], by_word: Mapping[str, list[int]]
) -> tuple[Counter[int], int]:
    """How many of ``words`` each other item shares (through the postings of words at most
    ``LIST_CAP`` items have), and how many words were too common to list (they may be
    shared by anyone)."""
    listed: Counter[int] = Counter()
    unlisted = 0
    for word in words:
        postings = by_word[word]
        if len(postings) <= LIST_CAP:
            listed.update(postings)
        else:
            unlisted += 1
    return listed, unlisted


def alike(a: Item, b: Item, shared: int, overlap: float) -> bool:
    common = len(a.words & b.words)
    smaller = min(len(a.words), len(b.words))
    return common >= shared and common >= overlap * smaller


def _dispute_pairs(items: list[Item]) -> list[tuple[Item, Item]]:
    """Day events of different articles that read alike but fall on nearby different days,
    each pair both ways, in order."""
    days = [i for i in items if i.granularity == "day"]
    by_word: dict[str, list[int]] = defaultdict(list)
    for n, item in enumerate(days):
        for word in item.words:
            by_word[word].append(n)
    pairs = []
    for item in days:
        listed, unlisted = _shared_words(item.words, by_word)
        for n, count in listed.items():
            c = days[n]
            if count + unlisted >= DISPUTE_SHARED_WORDS and disputed(item, c):
                pairs.append((item, c))
    return pairs


def disputed(a: Item, b: Item) -> bool:
    """Whether two day events of different articles read alike but fall on nearby days."""
    return (
        a.value != b.value
        and a.article != b.article
        and abs((date.fromisoformat(a.value) - date.fromisoformat(b.value)).days) <= DISPUTE_DAYS
        and alike(a, b, DISPUTE_SHARED_WORDS, DISPUTE_OVERLAP)
    )


class _DayUnion:
    """Union-find over events that refuses to join two groups holding different days."""

    def __init__(self, items: list[Item]) -> None:
        self.items = {i.ref: i for i in items}
        self.parent: dict[EventRef, EventRef] = {i.ref: i.ref for i in items}
        self.day: dict[EventRef, str | None] = {
            i.ref: i.value if i.granularity == "day" else None for i in items
        }

    def root(self, ref: EventRef) -> EventRef:
        while self.parent[ref] != ref:
            self.parent[ref] = self.parent[self.parent[ref]]
            ref = self.parent[ref]
        return ref

    def join(self, a: Item, b: Item) -> None:
        ra, rb = self.root(a.ref), self.root(b.ref)
        if ra == rb:
            return
        da, db = self.day[ra], self.day[rb]
        if da is not None and db is not None and da != db:
            return
        ra, rb = min(ra, rb), max(ra, rb)
        self.parent[rb] = ra
        self.day[ra] = da or db


def _numbered(
    merged: _DayUnion,
) -> tuple[dict[EventRef, int], dict[int, tuple[str, Granularity]]]:
    """Groups of at least two articles, numbered by date, then by their first event."""
    members: dict[EventRef, list[EventRef]] = defaultdict(list)
    for ref in merged.parent:
        members[merged.root(ref)].append(ref)
    groups = []
    for root, refs in members.items():
        if len({article for article, _ in refs}) < 2:
            continue
        day = merged.day[root]
        item = merged.items[root]
        granularity: Granularity = "day" if day else item.granularity
        value = day or item.value
        groups.append((period(value)[0], value, min(refs), granularity, refs))
    groups.sort(key=lambda g: g[:3])
    group_of: dict[EventRef, int] = {}
    dates: dict[int, tuple[str, Granularity]] = {}
    for number, (_start, value, _first, granularity, refs) in enumerate(groups, 1):
        dates[number] = (value, granularity)
        for ref in refs:
            group_of[ref] = number
    return group_of, dates
