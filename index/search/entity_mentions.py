"""The articles that mention one entity, for the entity view: one row per article.

Articles are found through the index's entity keyword fields (an entity's kind field holds the
slugs of that kind), never by reading every stored document, and come newest first. Each row
carries the article's first mention of the entity and its sentence, so the reader sees the
context and can open the article at that spot.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from whoosh import query, sorting
from whoosh.searching import Searcher

from ..extract.sentences import sentence_spans
from ..models import EntityMention
from ..whoosh_ext.schema import ENTITY_FIELDS, entity_slug, stored_mentions

__all__ = ["entity_query", "mention_row", "mentions_of"]


def entity_query(key: str) -> Any:
    """The articles carrying the entity's slug, in its kind's field (``entity`` for others).

    The kind's field keeps ``person:georgia`` apart from ``place:georgia``.
    """
    kind = key.split(":", 1)[0]
    field = kind if kind in ENTITY_FIELDS else "entity"
    return query.Term(field, entity_slug(key).lower())


def mentions_of(searcher: Searcher, key: str, limit: int | None) -> list[EntityMention]:
    """One row per article mentioning ``key``: newest first, undated last, then by id."""
    order = sorting.MultiFacet([sorting.FieldFacet("day", reverse=True), sorting.FieldFacet("id")])
    results = searcher.search(entity_query(key), limit=limit, sortedby=order)
    rows = []
    for hit in results:
        row = mention_row(hit.fields(), key)
        if row is not None:
            rows.append(row)
    return rows


def mention_row(fields: dict[str, Any], key: str) -> EntityMention | None:
    """The row of one stored article for ``key``, or None when it does not mention it."""
    mentions = stored_mentions(fields)
    indexes = [i for i, m in enumerate(mentions) if m.key == key]
    if not indexes:
        return None
    first = mentions[indexes[0]]
    body: str = fields.get("body", "")
    start, end = _sentence_of(body, first.start, first.end)
    when = fields.get("date")
    return EntityMention(
        article=fields["id"],
        title=fields.get("title", ""),
        published=when.date() if isinstance(when, datetime) else None,
        source=fields.get("source"),
        mention=indexes[0],
        start=first.start,
        end=first.end,
        text=first.text,
        sentence=body[start:end],
        sentence_start=start,
        sentence_end=end,
        count=len(indexes),
    )


def _sentence_of(body: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding ``[start, end)``; the mention itself if none does."""
    for s_start, s_end in sentence_spans(body):
        if s_start <= start < s_end:
            return s_start, max(s_end, end)
    return start, end
