"""The fixed set of 50 benchmark queries, in our syntax and in each peer's.

Every engine must answer the same question, so each query is written twice: in our syntax
(``ours``) and in Whoosh's default syntax (``peer``), which bare Whoosh parses as is and which
``fts5_query`` and ``tantivy_query`` translate. Peers have no entity fields: an entity query is
given to them as its plain word, which is the nearest thing a bare index can answer. "as
typed" queries are run by our engine with ``partial=True`` (the search box's last word still
being typed) and given to the peers with an explicit trailing ``*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    """One benchmark query: its kind (for the per-kind table) and its text per engine."""

    kind: str
    ours: str
    peer: str
    partial: bool = False


def _q(kind: str, ours: str, peer: str | None = None, partial: bool = False) -> Query:
    return Query(kind, ours, ours if peer is None else peer, partial)


QUERIES: tuple[Query, ...] = (
    *(_q("word", w) for w in ("oil", "wheat", "cocoa", "dividend", "bundesbank")),
    *(_q("word", w) for w in ("inflation", "yen")),
    *(_q("two words", w) for w in ("oil prices", "interest rates", "trade deficit")),
    *(_q("two words", w) for w in ("gold mine", "sugar exports", "takeover bid")),
    *(_q("phrase", f'"{p}"') for p in ("interest rates", "federal reserve", "net income")),
    *(_q("phrase", f'"{p}"') for p in ("per share", "crude oil prices")),
    *(_q("title:", f"title:{w}") for w in ("oil", "dividend", "opec", '"trade surplus"')),
    *(_q("prefix*", w) for w in ("export*", "bank*", "compu*")),
    *(_q("as typed", w, w + "*", partial=True) for w in ("petro", "crude pri", "acqui")),
    *(_q("OR", w) for w in ("cocoa OR coffee", "gold OR silver", "opec OR crude")),
    _q("NOT / -word", "oil NOT opec"),
    _q("NOT / -word", "bank -loans", "bank NOT loans"),
    _q("NOT / -word", "wheat -corn", "wheat NOT corn"),
    _q("NOT / -word", "shares -dividend", "shares NOT dividend"),
    _q("date range", "oil date:[2020-01-01 TO 2020-12-31]"),
    _q("date range", "wheat date:[2022-01-01 TO 2022-06-30]"),
    _q("date range", '"interest rates" date:[2019-01-01 TO 2019-12-31]'),
    _q("date range", "dollar date:[2023-03-01 TO 2023-03-31]"),
    *(
        _q("entity field", f"{field}:{word}", word)
        for field, word in (
            ("person", "reagan"),
            ("person", "baker"),
            ("place", "japan"),
            ("place", "brazil"),
            ("org", "treasury"),
        )
    ),
    _q("mixed", "title:oil prices"),
    _q("mixed", '"federal reserve" rates'),
    _q("mixed", "japan trade -tariffs", "japan trade NOT tariffs"),
    _q("mixed", "(gold OR silver) prices"),
    _q("mixed", "grain export*"),
    _q("mixed", "title:bank*"),
)

assert len(QUERIES) == 50, len(QUERIES)

_DATE_RANGE = re.compile(r"\s*date:\[(\d{4}-\d{2}-\d{2}) TO (\d{4}-\d{2}-\d{2})\]\s*")
_NOT = re.compile(r"\bNOT\s+")
_AFTER_GROUP = re.compile(r"\)\s+(?!AND\b|OR\b|NOT\b)(?=[\w\"(])")


def split_dates(peer: str) -> tuple[str, tuple[str, str] | None]:
    """The query without its ``date:[A TO B]`` range, and the range's two ISO days."""
    match = _DATE_RANGE.search(peer)
    if not match:
        return peer, None
    rest = (peer[: match.start()] + " " + peer[match.end() :]).strip()
    return rest, (match.group(1), match.group(2))


def fts5_query(peer: str) -> tuple[str, tuple[str, str] | None]:
    """FTS5 MATCH text and the date range for a WHERE clause.

    FTS5's syntax already has ``col:term``, ``"phrases"``, ``term*``, ``OR``, ``NOT`` (binary,
    as in our queries), parentheses and implicit AND between phrases; after a parenthesis the
    AND must be written, and the date range moves out.
    """
    rest, dates = split_dates(peer)
    return _AFTER_GROUP.sub(") AND ", rest), dates


def tantivy_query(peer: str) -> str:
    """tantivy's query language: ``-term`` for NOT, RFC 3339 bounds on the date range.

    Parsed with ``conjunction_by_default=True`` so that words must all match, as in ours.
    """
    rest, dates = split_dates(peer)
    rest = _NOT.sub("-", rest)
    if dates is None:
        return rest
    lo, hi = dates
    return f"{rest} date:[{lo}T00:00:00Z TO {hi}T23:59:59Z]".strip()
