"""The best-scoring page of a query: Whoosh's BM25F, computed a term at a time.

Whoosh's collector walks the query's matcher tree one document at a time, scoring each match
through several Python calls: in a large corpus a word being typed (``pet*``, sixteen
terms over title and body) or ``bank*`` took most of a keystroke. Here each scoring
term's postings are read a block at a time (document numbers and term frequencies), scored
with Whoosh's own formula, idf and average field length, and summed per document over the
documents the query matches (its ``DocSets`` set); the page is the top ``limit`` by score,
ties in document order, as Whoosh's collector gives them. One difference: a phrase's hits
rank by the scores of its words (Whoosh scores its span matcher, slowly in a large
corpus). A query with a part that has no term form here (a range, a NOT under OR)
returns ``None``: Whoosh ranks it.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from whoosh import query
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from .docsets import DocSets

_LENGTHS = [float(byte_to_length(b)) if b else 1.0 for b in range(256)]
"""A field's length as Whoosh decodes its one-byte form (0: no length, which Whoosh reads
as 1 when scoring)."""


@dataclass(frozen=True)
class Scored:
    """One term that adds to a document's score, with the product of its ancestors' boosts."""

    field: str
    text: Any
    boost: float


def best(
    q: Any, searcher: Any, docsets: DocSets, matched: Collection[int], limit: int
) -> list[tuple[int, float]] | None:
    """The ``limit`` best (docnum, score) of ``matched`` for ``q``, or None when ``q`` has a
    part ranked only by Whoosh (or Whoosh is set to another scoring model)."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F or weighting._field_B:
        return None
    terms = scoring_terms(q, 1.0)
    if terms is None:
        return None
    constant = sum(term.boost for term in terms if not term.field)
    scores = dict.fromkeys(matched, constant)
    for term in terms:
        if term.field:
            _add_scores(scores, searcher, docsets, term, weighting.B, weighting.K1)
    return heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))


def scoring_terms(q: Any, boost: float, every_match: bool = True) -> list[Scored] | None:
    """The terms whose scores add up to a match's score (not those under NOT), or None.

    A NOT or a date range that every match passes through (under AND, or the whole query)
    adds Whoosh's constant score (1, times the boosts), as ``Scored("", None, boost)``; one
    under OR would add it to some matches only, and is left to Whoosh.
    """
    kind = type(q)
    if kind is query.Term or len(list(q.children())) > 1:  # Whoosh drops a lone child's parent
        boost *= getattr(q, "boost", 1.0)
    if kind is query.Term:
        return [Scored(q.fieldname, q.text, boost)]
    if kind is query.Phrase:  # its hits rank by their words (Whoosh: by its span matcher)
        return [Scored(q.fieldname, word, boost * q.boost) for word in q.words]
    if q is query.NullQuery:
        return []
    if kind is query.Not:
        return [Scored("", None, boost)] if every_match else None
    if isinstance(q, query.NumericRange) and q.constantscore:  # a date range: its boost
        return [Scored("", None, boost * q.boost)] if every_match else None
    if kind is query.Or and (getattr(q, "minmatch", 0) > 1 or getattr(q, "scale", None)):
        return None
    if kind in (query.Or, query.And):
        parts = [scoring_terms(c, boost, every_match and kind is query.And) for c in q.children()]
        return None if any(p is None for p in parts) else [t for p in parts if p for t in p]
    if kind is query.AndMaybe:
        a, b = scoring_terms(q.a, boost, every_match), scoring_terms(q.b, boost, False)
        return None if a is None or b is None else a + b
    if kind in (query.AndNot, query.Require):
        return scoring_terms(q.a, boost, every_match)
    return None


def _add_scores(
    scores: dict[int, float], searcher: Any, docsets: DocSets, term: Scored, b: float, k1: float
) -> None:
    """Add ``term``'s score to each document of ``scores`` holding it, as Whoosh's BM25F
    scorer computes it (or its frequency, in a field that is not scored)."""
    postings = docsets.postings(term.field, term.text)
    if postings is None or not postings.ids:
        return
    fieldtype = searcher.schema[term.field]
    pairs = zip(postings.ids, postings.weights, strict=True)
    if not fieldtype.scorable:
        for docnum, tf in pairs:
            if docnum in scores:
                scores[docnum] += tf * term.boost
        return
    idf = searcher.idf(term.field, fieldtype.to_bytes(term.text))
    avgfl = searcher.avg_field_length(term.field) or 1
    # bm25 = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgfl)), by length byte
    norms = [k1 * ((1 - b) + b * length / avgfl) for length in _LENGTHS]
    top = idf * (k1 + 1) * term.boost
    lengths = docsets.lengths(term.field)
    for docnum, tf in pairs:
        if docnum in scores:
            scores[docnum] += top * tf / (tf + norms[lengths[docnum]])
