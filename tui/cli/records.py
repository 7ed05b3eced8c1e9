"""The JSON objects the commands print with ``--json`` (and ``export`` writes a line each).

Their keys are a promise to scripts: one function per kind of record, so that the
commands print each kind the same way.
"""

from __future__ import annotations

import sys
from typing import Any

from corpus_reader.index import (
    Article,
    Entity,
    Event,
    EventGroup,
    Link,
    SearchResult,
    UpdateSummary,
)

from .escaping import json_text


def print_json(obj: dict[str, Any]) -> None:
    """``obj`` on standard output, indented and terminal-safe."""
    sys.stdout.write(json_text(obj) + "\n")


def summary_json(summary: UpdateSummary) -> dict[str, Any]:
    """The ``index --json`` object."""
    return {
        "articles": summary.articles,
        "added": summary.added,
        "updated": summary.updated,
        "removed": summary.removed,
        "skipped": [{"path": s.path, "reason": s.reason} for s in summary.not_read],
        "cut": [{"path": s.path, "reason": s.reason} for s in summary.cut],
        "seconds": summary.seconds,
    }


def search_json(result: SearchResult) -> dict[str, Any]:
    """The ``search --json`` object."""
    out: dict[str, Any] = {
        "query": result.query,
        "total": result.total,
        "hits": [
            {
                "id": h.id,
                "title": h.title,
                "date": h.published.isoformat() if h.published else None,
                "source": h.source,
                "url": h.url,
                "score": h.score,
                "snippet": {
                    "text": h.snippet.text,
                    "highlights": [list(span) for span in h.snippet.highlights],
                },
            }
            for h in result.hits
        ],
    }
    if result.notice:
        out["notice"] = result.notice
    if result.also_matched:
        out["also_matched"] = list(result.also_matched)
    return out


def link_json(link: Link) -> dict[str, Any]:
    """One linked article of ``show --json``."""
    return {"id": link.id, "title": link.title, "score": link.score, "reasons": list(link.reasons)}


def article_json(article: Article) -> dict[str, Any]:
    """The ``show --json`` object (and one line of ``export``)."""
    return {
        "id": article.id,
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "date_source": article.date_source,
        "source": article.source,
        "url": article.url,
        "body": article.body,
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "key": m.key}
            for m in article.mentions
        ],
        "events": [event_json(e) for e in article.events],
    }


def entity_json(entity: Entity) -> dict[str, Any]:
    """One entity of ``entities --json``."""
    return {
        "key": entity.key,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": list(entity.aliases),
        "articles": entity.articles,
        "mentions": entity.mentions,
    }


def event_json(event: Event) -> dict[str, Any]:
    """One event of ``events --json``."""
    return {
        "date": event.date,
        "granularity": event.granularity,
        "expression": event.expression,
        "start": event.start,
        "end": event.end,
        "sentence": event.sentence,
        "article": event.article,
        "entities": list(event.entities),
        "resolution": event.resolution,
        "anchor": event.anchor,
        "group": event.group,
        "other_dates": list(event.other_dates),
    }


def group_json(group: EventGroup) -> dict[str, Any]:
    """One group of ``events --groups --json``."""
    return {
        "group": group.group,
        "date": group.date,
        "granularity": group.granularity,
        "articles": list(group.articles),
        "events": [event_json(e) for e in group.events],
        "other_dates": list(group.other_dates),
    }
