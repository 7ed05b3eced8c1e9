"""What the index learns of an article beyond its words: publication date, mentions, events.

Runs at index time, once per new or changed article, so that opening an article or listing
events needs no extraction. Imports no Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from . import dates, pubdate
from .entities import RuleExtractor
from .models import Article, Event, Mention


@dataclass(frozen=True)
class Analysis:
    """An article with its publication date settled, its mentions and its dated events."""

    article: Article
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]


def settle_dates(articles: Sequence[Article], known_dates: Sequence[date]) -> list[Article]:
    """Infer missing publication dates: from the text first, then from the corpus.

    Runs over the whole batch at once: an article naming only "Friday" can lean on another
    that the rules dated before it (see ``pubdate.infer_dates``).
    """
    known = {f"#corpus-{n}": day for n, day in enumerate(known_dates)}
    known.update({a.id: a.published for a in articles if a.published is not None})
    undated = {a.id: (a.title, a.body, a.url) for a in articles if a.published is None}
    found = pubdate.infer_dates(undated, known) if undated else {}
    return [
        replace(a, published=found[a.id][0], date_source=found[a.id][1])  # type: ignore[arg-type]
        if a.id in found
        else a
        for a in articles
    ]


def analyse(articles: Sequence[Article], known_dates: Sequence[date] = ()) -> list[Analysis]:
    """Everything extraction gives for a batch of articles, in order.

    ``known_dates`` are the publication dates of the rest of the corpus. The batch is one
    unit for the entity extractor: its word statistics and its unification (a surname joins
    the full name another article gives) span the batch.
    """
    settled = settle_dates(articles, known_dates)
    found = RuleExtractor().extract_corpus({a.id: a.body for a in settled})
    results = []
    for article in settled:
        mentions = tuple(found.get(article.id, ()))
        events = tuple(
            replace(
                event,
                article=article.id,
                entities=_keys_within(mentions, event.sentence_start, event.sentence_end),
            )
            for event in dates.extract_events(article.body, article.published)
        )
        results.append(Analysis(article, mentions, events))
    return results


def _keys_within(mentions: tuple[Mention, ...], start: int, end: int) -> tuple[str, ...]:
    """The distinct entity keys mentioned in ``[start, end)``, in order of appearance."""
    seen: dict[str, None] = {}
    for mention in mentions:
        if start <= mention.start and mention.end <= end:
            seen.setdefault(mention.key, None)
    return tuple(seen)


def event_terms(events: Sequence[Event]) -> str:
    """The ``event`` field's terms: each event's day, month and year (or week and year)."""
    terms: dict[str, None] = {}
    for event in events:
        value = event.date.lower()
        if event.granularity == "week":
            terms.setdefault(value, None)
            terms.setdefault(value[:4], None)
            continue
        for length in (10, 7, 4):
            if len(value) >= length:
                terms.setdefault(value[:length], None)
    return " ".join(terms)
