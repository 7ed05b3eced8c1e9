"""Ranges, prefixes and wildcards over keyword fields (``id:[0100 TO 0200]``, ``id:0001/*``,
``event:2022-0?-01``, ``person:mac*``), each found as one set of documents, all of them.

Whoosh ORs a matcher for every term such a query expands to: ``id:[0 TO 9]`` in a large
corpus (a term an article) took minutes. Here a query over a field with a column (``id``,
``file``, ``digest``: one value an article) tests each article's value once; over any other
keyword field it joins the postings of its terms into one list (there are a few thousand
event dates). Every match scores the same: which ids or dates an article has says
nothing of its relevance. The words of the text are bounded otherwise: a prefix there takes
its most frequent completions (``query.bound_expansions``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from whoosh import fields, matching, query

ValueTest = Callable[[bytes], bool]


class _OneSet:
    """The matcher of a query over a keyword field: its documents, found as a set."""

    fieldname: str
    boost: float

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        if self.fieldname not in reader.schema:
            return matching.NullMatcher()
        docs = sorted(self._docs(reader))
        if not docs:
            return matching.NullMatcher()
        return matching.ListMatcher(docs, all_weights=self.boost)

    def _docs(self, reader: Any) -> set[int]:
        """The live documents of one segment (``reader``) that the query matches."""
        field = reader.schema[self.fieldname]
        if _single_valued(field) and reader.has_column(self.fieldname):
            test = self._value_test(field)
            if test is None:
                return set()
            values = reader.column_reader(self.fieldname, translate=False)
            return {doc for doc in reader.all_doc_ids() if test(values[doc])}
        docs: set[int] = set()
        deletions = reader.has_deletions()
        for btext in self._btexts(reader):  # type: ignore[attr-defined]
            info = reader.term_info(self.fieldname, btext)
            if info.doc_frequency() == 1:  # its document is in the term's record: a third of
                doc = info.min_id()  # the time of reading its postings (url:* at 100,000)
                if not (deletions and reader.is_deleted(doc)):
                    docs.add(doc)
            else:
                docs.update(reader.postings(self.fieldname, btext).all_ids())
        return docs

    def _value_test(self, field: Any) -> ValueTest | None:
        """Whether one encoded value matches, as Whoosh tests a term; None: nothing can."""
        raise NotImplementedError


class KeywordRange(_OneSet, query.TermRange):  # type: ignore[misc]
    """``field:[start TO end]`` (``{}`` excludes an end; either may be left out)."""

    def _value_test(self, field: Any) -> ValueTest | None:
        try:
            start = b"" if self.start is None else field.to_bytes(self.start)
            end = None if self.end is None else field.to_bytes(self.end)
        except ValueError:
            return None
        start_excl, end_excl = self.startexcl, self.endexcl

        def inside(value: bytes) -> bool:
            if value < start or (start_excl and value == start):
                return False
            return end is None or value < end or (value == end and not end_excl)

        return inside


class KeywordPrefix(_OneSet, query.Prefix):  # type: ignore[misc]
    """``field:text*``; ``field:*`` (no text) is every document with a value in the field."""

    def _value_test(self, field: Any) -> ValueTest | None:
        start = field.to_bytes(self.text)
        return lambda value: bool(value) and value.startswith(start)  # b"": no value


class KeywordWildcard(_OneSet, query.Wildcard):  # type: ignore[misc]
    """``field:te?t*``: ``?`` one character, ``*`` any run of them."""

    def _value_test(self, field: Any) -> ValueTest | None:
        pattern = re.compile(self._get_pattern())
        return lambda value: bool(pattern.match(field.from_bytes(value)))


def _single_valued(field: Any) -> bool:
    """Whether each document has at most one term in ``field``, equal to its column value
    (an ``ID`` field: the whole value, unchanged)."""
    return isinstance(field, fields.ID) and not getattr(field, "lowercase", False)


def has_terms(schema: Any, fieldname: str | None) -> bool:
    """Whether ``fieldname`` is searched by its terms (text, ids, keys), not by numbers."""
    return fieldname in schema and isinstance(
        schema[fieldname], (fields.ID, fields.KEYWORD, fields.TEXT)
    )


def one_set(q: Any) -> Any:
    """``q`` (a range, prefix, wildcard or ``field:*`` over a keyword field) matched as one set
    of documents; any other query as it is."""
    kind = type(q)
    if kind is query.TermRange:
        return KeywordRange(q.fieldname, q.start, q.end, q.startexcl, q.endexcl, boost=q.boost)
    if kind is query.Prefix:
        return KeywordPrefix(q.fieldname, q.text, boost=q.boost)
    if kind is query.Wildcard:
        return KeywordWildcard(q.fieldname, q.text, boost=q.boost)
    if kind is query.Every:
        return KeywordPrefix(q.fieldname, "", boost=q.boost)
    return q
