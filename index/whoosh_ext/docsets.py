"""Exact sets of the documents a query matches, read from postings a block at a time.

Whoosh counts a query's hits (``len(results)``) by walking its matcher tree one document at a
time in Python, and sorts by date the same way: in a large corpus that was most of a search.
Here a term's postings are read a block at a
time into a set, and ``And``/``Or``/``Not`` are set operations in C; what has no set form
here (phrases, ranges) falls back to Whoosh's own matching. A ``DocSets`` belongs to one
searcher (one index state) and keeps the last few sets it made, so a date filter or the
query typed so far costs nothing the second time.
"""

from __future__ import annotations

import heapq
import struct
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import time, timedelta
from itertools import accumulate
from typing import Any

from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.columns import NumericColumn
from whoosh.fields import DATETIME
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import length_to_byte
from whoosh.util.times import long_to_datetime

from .schema import day_number

KEPT = 16
"""How many sets a ``DocSets`` keeps (the last queries, filters and their parts)."""
HELD_POSTINGS = 4_000_000
"""How many decoded postings a ``DocSets`` keeps (12 bytes each), the least recent dropped."""


@dataclass(frozen=True)
class Postings:
    """A term's live documents, ascending, and the term's frequency (weight) in each."""

    ids: array[int]
    weights: array[float]


class DocSets:
    """What one searcher's queries ask for again and again: the documents a query matches,
    a term's decoded postings, field lengths, the date order."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._kept: OrderedDict[Any, frozenset[int]] = OrderedDict()
        self._every: frozenset[int] | None = None
        self._orders: dict[str, tuple[list[int], array[int]]] = {}
        self._sorted: dict[str, tuple[list[int], list[int]]] = {}
        self._postings: OrderedDict[tuple[str, bytes], Postings] = OrderedDict()
        self._held = 0
        self._lengths: dict[str, bytes] = {}

    def of(self, q: Any) -> frozenset[int]:
        """The documents ``q`` matches (deleted ones excluded), kept for the next call."""
        key = repr(q)
        found = self._kept.get(key)
        if found is None:
            found = frozenset(self._compute(q))
            self._kept[key] = found
            if len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(key)
        return found

    def every(self) -> frozenset[int]:
        """Every live document."""
        if self._every is None:
            self._every = frozenset(self._reader.all_doc_ids())
        return self._every

    def newest(self, docs: Collection[int], limit: int, column: str) -> list[int]:
        """The ``limit`` documents of ``docs`` with the largest ``column`` value, largest
        first, ties in reverse document order (as Whoosh's reversed sort gives them)."""
        if limit <= 0 or not docs:
            return []
        order, rank = self._by_column_descending(column)
        if len(docs) * 50 >= len(order):  # many: walk the corpus's order until enough are seen
            picked = []
            for docnum in order:
                if docnum in docs:
                    picked.append(docnum)
                    if len(picked) == limit:
                        break
            return picked
        return heapq.nsmallest(limit, docs, key=rank.__getitem__)

    # -- internals -------------------------------------------------------------------------

    def _compute(self, q: Any) -> Iterable[int]:
        kind = type(q)
        if kind is query.Term:
            return self._term(q.fieldname, q.text)
        if kind is query.Every:
            return self.every()
        if q is query.NullQuery or kind is type(query.NullQuery):
            return ()
        if kind is query.Or and getattr(q, "minmatch", 0) <= 1:
            return frozenset().union(*(self.of(child) for child in q.children()))
        if kind is query.And:
            return self._all_of(list(q.children()))
        if kind is query.AndNot:
            return self.of(q.a) - self.of(q.b)
        if kind is query.AndMaybe:
            return self.of(q.a)
        if kind is query.Require:
            return self.of(q.a) & self.of(q.b)
        if kind is query.Not:
            return self.every() - self.of(q.query)
        if kind is query.Phrase and self._has_positions(q.fieldname):
            return self._phrase(q.fieldname, list(q.words), q.slop)
        if isinstance(q, query.NumericRange) and q.fieldname == "date" and self._has_days():
            return self._published_between(q)
        found: Iterable[int] = self._searcher.docs_for_query(q)  # ranges and the rest: Whoosh's
        return found

    def _all_of(self, children: list[Any]) -> frozenset[int]:
        wanted = [c for c in children if type(c) is not query.Not]
        unwanted = [c.query for c in children if type(c) is query.Not]
        if not wanted:
            found = self.every()
        else:
            sets = sorted((self.of(c) for c in wanted), key=len)  # smallest first
            found = sets[0].intersection(*sets[1:])
        for child in unwanted:
            found = found - self.of(child)
        return found

    def _term(self, field: str, text: Any) -> frozenset[int]:
        found = self.postings(field, text)
        return frozenset(found.ids) if found is not None else frozenset()

    def _has_days(self) -> bool:
        schema = self._reader.schema
        return "day" in schema and isinstance(schema["date"], DATETIME)

    def _published_between(self, q: Any) -> Iterable[int]:
        """The documents whose publication date (midnight of its day, as stored) is in the
        range, found by bisecting the ``day`` column (YYYYMMDD; 0, undated, never matches):
        Whoosh would expand the range into its numeric terms' postings."""
        first, last = 1, 99_999_999
        if q.start is not None:
            start = long_to_datetime(q.start)
            after = q.startexcl or start.time() != time.min  # its day's midnight is too early
            first = day_number(start.date() + timedelta(days=1) if after else start.date())
        if q.end is not None:
            end = long_to_datetime(q.end)
            before = q.endexcl and end.time() == time.min  # its day's midnight is the end
            last = day_number(end.date() - timedelta(days=1) if before else end.date())
        docnums, values = self._ascending("day")  # in the column's sortable form
        to_column = self._reader.schema["day"].to_column_value
        low, high = bisect_left(values, to_column(first)), bisect_right(values, to_column(last))
        found = docnums[low:high]  # deleted documents keep their column values
        return self.every().intersection(found) if self._reader.has_deletions() else found

    def _has_positions(self, field: str) -> bool:
        schema = self._reader.schema
        return field in schema and bool(schema[field].format.supports("positions"))

    def _phrase(self, field: str, words: list[str], slop: int) -> frozenset[int]:
        """Documents with ``words`` in order, each within ``slop`` positions of the one
        before (Whoosh's ``Phrase``, which is ``SpanNear2(ordered, mindist=1)``): the words'
        documents intersected first, then only those documents' positions read."""
        candidates = self._all_of([query.Term(field, word) for word in words])
        if not candidates or not words:
            return frozenset()
        places = [self._positions(field, word, candidates) for word in words]
        found = set()
        for docnum in candidates:
            reached = places[0].get(docnum, ())
            for following in places[1:]:
                if slop == 1:
                    ends = set(reached)
                    reached = [p for p in following.get(docnum, ()) if p - 1 in ends]
                else:
                    reached = [
                        p
                        for p in following.get(docnum, ())
                        if any(1 <= p - r <= slop for r in reached)
                    ]
                if not reached:
                    break
            if reached:
                found.add(docnum)
        return frozenset(found)

    def _positions(self, field: str, word: str, docs: Collection[int]) -> dict[int, list[int]]:
        """Where ``word`` occurs in each of ``docs`` (token positions in ``field``)."""
        fieldtype = self._reader.schema[field]
        btext = fieldtype.to_bytes(word)
        decode = fieldtype.format.decode_positions
        found: dict[int, list[int]] = {}
        for sub, offset in self._reader.leaf_readers():
            if (field, btext) not in sub:
                continue
            matcher = sub.postings(field, btext)
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child  # deleted documents are not in ``docs``
            for block_ids, values in _blocks(matcher, values=True):
                for docnum, value in zip(block_ids, values, strict=True):
                    if docnum + offset in docs:
                        found[docnum + offset] = decode(value)
        return found

    def postings(self, field: str, text: Any) -> Postings | None:
        """A term's live documents and frequencies in it, decoded once for this searcher
        (a word typed stays in the query for several keystrokes)."""
        schema = self._reader.schema
        if field not in schema:
            return None
        try:
            btext = schema[field].to_bytes(text)
        except ValueError:
            return None
        key = (field, btext)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        ids, weights = array("q"), array("d")
        for sub, offset in self._reader.leaf_readers():
            if key not in sub:
                continue
            matcher = sub.postings(field, btext)
            deleted: Collection[int] = ()
            if isinstance(matcher, FilterMatcher):
                deleted, matcher = sub.deleted_docs_set, matcher.child
            for block_ids, block_weights in _blocks(matcher):
                if deleted:
                    pairs = zip(block_ids, block_weights, strict=True)
                    kept = [(d, w) for d, w in pairs if d not in deleted]
                    block_ids, block_weights = [d for d, _ in kept], [w for _, w in kept]
                ids.extend(map(offset.__add__, block_ids) if offset else block_ids)
                weights.extend(block_weights)
        found = Postings(ids, weights)
        self._postings[key] = found
        self._held += len(ids)
        while self._held > HELD_POSTINGS and len(self._postings) > 1:
            _key, dropped = self._postings.popitem(last=False)
            self._held -= len(dropped.ids)
        return found

    def lengths(self, field: str) -> bytes:
        """Each document's length of ``field`` in Whoosh's one-byte form (what its scorer
        reads one document at a time), read once from the segments' lengths columns."""
        if field not in self._lengths:
            self._lengths[field] = b"".join(
                _length_bytes(sub, field) for sub, _offset in self._reader.leaf_readers()
            )
        return self._lengths[field]

    def _ascending(self, column: str) -> tuple[list[int], list[int]]:
        """Document numbers by ``column`` (ties in document order), and their values."""
        if column not in self._sorted:
            values = _column_values(self._reader, column)
            order = sorted(range(len(values)), key=values.__getitem__)
            self._sorted[column] = (order, [values[d] for d in order])
        return self._sorted[column]

    def _by_column_descending(self, column: str) -> tuple[list[int], array[int]]:
        """Document numbers by ``column``, largest first, and each document's place there."""
        if column not in self._orders:
            order = self._ascending(column)[0][::-1]  # ties in reverse document order, as
            rank = array("q", bytes(8 * len(order)))  # Whoosh's reversed sort gives them
            for position, docnum in enumerate(order):
                rank[docnum] = position
            self._orders[column] = (order, rank)
        return self._orders[column]


def _blocks(matcher: Any, values: bool = False) -> Iterable[tuple[list[int], Sequence[Any]]]:
    """A term's postings as runs of (docnums, weights), or (docnums, values) where the values
    hold the positions: a block at a time where the matcher is Whoosh 3's leaf (its block data
    read directly: ids delta-coded unless bytes, weights None when all are 1), else one posting
    at a time."""
    if not all(hasattr(matcher, a) for a in ("_read_data", "_read_values", "_byteids")):
        while matcher.is_active():
            yield [matcher.id()], [matcher.value() if values else matcher.weight()]
            matcher.next()
        return
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        raw_ids, raw_weights = matcher._data[0], matcher._data[1]
        start, count = matcher._i, matcher._blocklength
        ids = list(raw_ids if matcher._byteids else accumulate(raw_ids))
        extra: Sequence[Any]
        if values:
            matcher._read_values()
            extra = matcher._values
        elif raw_weights is None or isinstance(raw_weights, float):
            extra = [1.0 if raw_weights is None else raw_weights] * count
        else:
            extra = raw_weights
        yield (ids[start:], extra[start:]) if start else (ids, extra)
        matcher._next_block()


def _length_bytes(sub: Any, field: str) -> bytes:
    """One segment's lengths of ``field``, one byte per document, read in one call."""
    count = sub.doc_count_all()
    perdoc = getattr(sub, "_perdoc", None)
    column = perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN) if perdoc else None
    if column is None or not hasattr(column, "_dbfile"):
        return bytes(
            length_to_byte(sub.doc_field_length(docnum, field, 0) or 0) for docnum in range(count)
        )
    data = bytes(column._dbfile.get(column._basepos, min(column._count, count)))
    return data + bytes(count - len(data))


def _column_values(reader: Any, column: str) -> list[int]:
    """Every document's value of a numeric column in its sortable form (order-preserving),
    unpacked in one call from the column's bytes where it is one fixed-width segment column."""
    leaves = reader.leaf_readers()
    if len(leaves) == 1:
        raw = leaves[0][0].column_reader(column, translate=False)
        if isinstance(raw, NumericColumn.Reader) and raw._count == raw._doccount:
            data = raw._dbfile.get(raw._basepos, raw._count * raw._fixedlen)
            return list(struct.unpack(f"!{raw._count}{raw._typecode}", data))
    values = reader.column_reader(column, translate=False)
    return [int(values[d] or 0) for d in range(reader.doc_count_all())]
