"""An update's relating (``relate_delta``): the event groups' delta.

Removed events leave their groups (a group left with one article's events is no group); each
new event joins the events it is like, found through the store's lists of the events saying
each word (or naming each key entity) on each date, by the rules of a full grouping. Close, not
exact: a group that only a removed event held together stays one, and key entities are judged
by today's counts for the new events only.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, TypeAlias, cast

from ...models import Granularity
from ...periods import period, week_of
from ...relate.event_groups import (
    DISPUTE_DAYS,
    DISPUTE_SHARED_WORDS,
    LIST_CAP,
    MIN_OVERLAP,
    MIN_SHARED_WORDS,
    Item,
    alike,
    disputed,
    key_share,
    unfiltered_item,
)
from ...state import relate_store
from ...whoosh_ext.schema import stored_events
from .store_rows import TokenLists, each, rows

Numbered: TypeAlias = tuple[int, Item]
"""An event as the store numbers it (its item), and as grouping compares it."""


class Events:
    """The store's events as this update takes some out and puts others in; which of them
    changed group (the timeline's patch)."""

    def __init__(self, db: sqlite3.Connection, tokens: TokenLists) -> None:
        self.db = db
        self.tokens = tokens
        self.regrouped: set[int] = set()
        """Events (items) whose group this update changed."""
        self.new: list[Numbered] = []
        """The written articles' events, in the order they were stored."""

    def take_out(self, nums: list[int]) -> None:
        """Take the events of articles ``nums`` out of the lists, the disputes and their
        groups."""
        items = rows(
            self.db, "SELECT item, value, words, keys, grp FROM items WHERE num IN ({})", nums
        )
        for item, value, words, keys, _ in items:
            self.tokens.drop(item, relate_store.tokens(value, words.split(), keys.split()))
        gone = [row[0] for row in items]
        each(self.db, "DELETE FROM items WHERE item IN ({})", gone)
        each(self.db, "DELETE FROM disputes WHERE a IN ({})", gone)
        each(self.db, "DELETE FROM disputes WHERE b IN ({})", gone)
        for group in sorted({row[4] for row in items if row[4] is not None}):
            self._left(group)

    def _left(self, group: int) -> None:
        """A group some events left: no group when it holds one article's events only."""
        (articles,) = self.db.execute(
            "SELECT COUNT(DISTINCT num) FROM items WHERE grp = ?", (group,)
        ).fetchone()
        if articles >= 2:
            return
        self.moved(group)
        self.db.execute("UPDATE items SET grp = NULL WHERE grp = ?", (group,))
        self.db.execute("DELETE FROM groups WHERE grp = ?", (group,))

    def moved(self, group: int) -> None:
        """Note that every event of ``group`` changes group."""
        self.regrouped.update(
            item for (item,) in self.db.execute("SELECT item FROM items WHERE grp = ?", (group,))
        )

    def put_in(self, num: int, article: str, fields: dict[str, Any]) -> None:
        """Store a written article's events, listed under their tokens, in no group yet."""
        for ordinal, event in enumerate(stored_events(fields)):
            item = unfiltered_item((article, ordinal), event)
            cursor = self.db.execute(
                "INSERT INTO items VALUES (NULL, ?, ?, ?, ?, ?, ?, NULL)",
                (
                    num,
                    ordinal,
                    item.value,
                    item.granularity,
                    " ".join(sorted(item.words)),
                    " ".join(sorted(item.keys)),
                ),
            )
            rowid = cast(int, cursor.lastrowid)
            self.tokens.add(rowid, relate_store.tokens(item.value, item.words, item.keys))
            self.new.append((rowid, item))


class Grouping:
    """Joining each new event to the events it is like; recording disputed days."""

    def __init__(
        self,
        db: sqlite3.Connection,
        events: Events,
        id_of: Mapping[int, str],
        key_counts: Mapping[str, int],
        total: int,
    ) -> None:
        self.db = db
        self.events = events
        self.id_of = id_of
        self.key_counts = key_counts
        self.most = key_share(total)
        """The most articles a key entity may be named by."""
        self.grp: dict[int, int | None] = {}
        """The group of each event read or stored (None: none)."""
        self.cache: dict[int, Item] = {}
        (first,) = db.execute("SELECT COALESCE(MAX(grp), 0) + 1 FROM groups").fetchone()
        self.next_group: int = first
        """The number the next new group takes (after those taking out left)."""

    def run(self) -> None:
        """Group every new event, in the order they were stored."""
        for rowid, item in self.events.new:
            self.grp.setdefault(rowid, None)
            values = _meeting(item.value)
            keys = [k for k in item.keys if self.key_counts.get(k, 0) <= self.most]
            for other in self._keyed(values, keys):
                if other[1].article != item.article:
                    self._join((rowid, item), other)
            for other in self._likes(item, values, MIN_SHARED_WORDS):
                if other[1].article != item.article and alike(
                    item, other[1], MIN_SHARED_WORDS, MIN_OVERLAP
                ):
                    self._join((rowid, item), other)
            if item.granularity == "day":
                for other in self._likes(item, _nearby(item.value), DISPUTE_SHARED_WORDS):
                    if disputed(item, other[1]):
                        self.db.executemany(
                            "INSERT OR IGNORE INTO disputes VALUES (?, ?)",
                            [(rowid, other[0]), (other[0], rowid)],
                        )

    def _keyed(self, values: list[str], keys: list[str]) -> list[Numbered]:
        """Events on ``values`` that name one of ``keys`` (as many as are listed)."""
        lists = self.events.tokens.lists(
            [relate_store.key_token(value, key) for key in keys for value in values]
        )
        return self._items(sorted({item for found, _ in lists.values() for item in found}))

    def _likes(self, item: Item, values: list[str], shared: int) -> list[Numbered]:
        """Events on ``values`` that may share ``shared`` words with ``item``: through the
        lists of words at most ``LIST_CAP`` events say, the rest counted as shared."""
        lists = self.events.tokens.lists(
            [relate_store.word_token(value, word) for word in item.words for value in values]
        )
        listed: Counter[int] = Counter()
        unlisted = 0
        for word in item.words:
            found = [lists[relate_store.word_token(value, word)] for value in values]
            if any(full for _, full in found) or sum(len(f) for f, _ in found) > LIST_CAP:
                unlisted += 1
            else:
                for events, _ in found:
                    listed.update(events)
        return self._items(sorted(n for n, c in listed.items() if c + unlisted >= shared))

    def _items(self, rowids: list[int]) -> list[Numbered]:
        """The events (items) of these numbers, read once an update."""
        cache, id_of = self.cache, self.id_of
        for item, ordinal, value, granularity, words, keys, grp, num in rows(
            self.db,
            "SELECT item, ordinal, value, granularity, words, keys, grp, num"
            " FROM items WHERE item IN ({})",
            [n for n in rowids if n not in cache],
        ):
            article = id_of[num]
            self.grp.setdefault(item, grp)
            cache[item] = Item(
                (article, ordinal),
                article,
                value,
                cast(Granularity, granularity),
                frozenset(words.split()),
                frozenset(keys.split()),
            )
        return [(n, cache[n]) for n in rowids if n in cache]

    def _join(self, a: Numbered, b: Numbered) -> None:
        """Put two events in one group, unless that group would hold two different days."""
        ga, gb = self.grp[a[0]], self.grp[b[0]]
        if ga is not None and ga == gb:
            return
        da, db = self._day(ga, a[1]), self._day(gb, b[1])
        if da is not None and db is not None and da != db:
            return
        day = da or db
        if ga is None and gb is None:
            group = self._new_group(day or a[1].value, "day" if day else a[1].granularity)
            members = [a[0], b[0]]
        elif ga is None or gb is None:
            group = cast(int, ga if gb is None else gb)
            members = [a[0] if ga is None else b[0]]
        else:
            group = self._merge(min(ga, gb), max(ga, gb))
            members = []
        for item in members:
            self.grp[item] = group
            self.db.execute("UPDATE items SET grp = ? WHERE item = ?", (group, item))
            self.events.regrouped.add(item)
        if day is not None:
            self.db.execute(
                "UPDATE groups SET value = ?, granularity = 'day' WHERE grp = ?", (day, group)
            )

    def _new_group(self, value: str, granularity: str) -> int:
        group = self.next_group
        self.next_group += 1
        self.db.execute("INSERT INTO groups VALUES (?, ?, ?)", (group, value, granularity))
        return group

    def _merge(self, group: int, other: int) -> int:
        """Move the events of group ``other`` into ``group``."""
        self.events.moved(other)
        self.db.execute("UPDATE items SET grp = ? WHERE grp = ?", (group, other))
        self.db.execute("DELETE FROM groups WHERE grp = ?", (other,))
        for item, g in self.grp.items():
            if g == other:
                self.grp[item] = group
        return group

    def _day(self, group: int | None, item: Item) -> str | None:
        """The day an event (or else its group) is on, if a day."""
        if group is None:
            return item.value if item.granularity == "day" else None
        value, granularity = self.db.execute(
            "SELECT value, granularity FROM groups WHERE grp = ?", (group,)
        ).fetchone()
        return cast(str, value) if granularity == "day" else None


def _meeting(value: str) -> list[str]:
    """The date values an event of ``value`` is compared with: its own, a day's week and a
    week's days (as ``event_groups`` compares them)."""
    if len(value) == 10:
        return [value, week_of(date.fromisoformat(value))]
    if len(value) == 8 and value[4:6].upper() == "-W":
        first, _ = period(value)
        return [value] + [(first + timedelta(days=d)).isoformat() for d in range(7)]
    return [value]


def _nearby(day: str) -> list[str]:
    """The other days at most ``DISPUTE_DAYS`` from ``day``."""
    when = date.fromisoformat(day)
    return [
        (when + timedelta(days=d)).isoformat()
        for d in range(-DISPUTE_DAYS, DISPUTE_DAYS + 1)
        if d != 0
    ]
