"""What the index learns of an article beyond its words: publication date, mentions, events.

Runs at index time, once per new or changed article, so that opening an article or listing
events needs no extraction.

A large batch may be extracted in worker processes (:class:`Parallel`, which the writer
provides), with the same results as in one process: only the per-article step
(:func:`extract_one`: an article's entity candidates and its dated events) runs there; the
steps over the whole batch (settling publication dates, unifying entities across articles)
stay in the calling process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from ..models import Article, Event, Mention
from . import dates, pubdate
from .entities import CorpusStats, RuleExtractor, to_mentions, unify_corpus
from .entity_classify import Candidate

ExtractionProgress = Callable[[int, int], None]
"""Called with (articles extracted, articles in the batch) as extraction proceeds."""

Job = tuple[str, str, date | None, bool]
"""One article to extract: id, body, publication date, whether its entity candidates are
wanted (not for an earlier article whose id a later one reuses: the corpus step keeps one
body per id)."""

Found = tuple[list[Candidate] | None, list[Event]]
"""What one article gives before the corpus steps: its candidates and its events."""


@dataclass(frozen=True)
class Analysis:
    """An article with its publication date settled, its mentions and its dated events."""

    article: Article
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]


class Parallel(Protocol):
    """Extraction spread over worker processes (``write.workers.Workers``), with the same
    results as in one process."""

    def wanted(self, size: int) -> bool: ...

    def extract(
        self,
        jobs: Sequence[Job],
        stats: CorpusStats | Iterable[str],
        progress: ExtractionProgress | None,
    ) -> list[Found]: ...


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


def analyse(
    articles: Sequence[Article],
    known_dates: Sequence[date] = (),
    *,
    workers: Parallel | None = None,
    stats: CorpusStats | None = None,
    progress: ExtractionProgress | None = None,
) -> list[Analysis]:
    """Everything extraction gives for a batch of articles, in order.

    ``known_dates`` are the publication dates of the rest of the corpus. The batch is one
    unit for the entity extractor: its word statistics and its unification (a surname joins
    the full name another article gives) span the batch. ``stats``, if given, must be the
    word statistics of exactly these articles' bodies (as :meth:`Workers.read` counts them);
    ``workers`` extract a large batch in worker processes, with the same results.
    """
    settled = settle_dates(articles, known_dates)
    texts = {a.id: a.body for a in settled}
    last = {a.id: n for n, a in enumerate(settled)}
    jobs: list[Job] = [(a.id, a.body, a.published, last[a.id] == n) for n, a in enumerate(settled)]
    if len(texts) != len(settled):
        stats = None  # counted every body, but the extractor keeps one body per id
    if workers is not None and workers.wanted(len(jobs)):
        found = workers.extract(jobs, texts.values() if stats is None else stats, progress)
    else:
        extractor = RuleExtractor(
            stats if stats is not None else CorpusStats.from_texts(texts.values())
        )
        found = []
        for done, job in enumerate(jobs, 1):
            found.append(extract_one(extractor, job))
            if progress is not None:
                progress(done, len(jobs))
    return _finish(settled, found, last)


def extract_one(extractor: RuleExtractor, job: Job) -> Found:
    """The per-article part of extraction: what a worker process does for each article."""
    _, body, published, wants_candidates = job
    candidates = extractor.candidates(body) if wants_candidates else None
    return candidates, dates.extract_events(body, published)


def _finish(settled: list[Article], found: list[Found], last: dict[str, int]) -> list[Analysis]:
    """The corpus steps: unify entities across the batch, then give events their entities."""
    candidates: dict[str, list[Candidate]] = {}
    for article_id, n in last.items():  # ids in first-seen order, as extract_corpus has them
        cands = found[n][0]
        assert cands is not None
        candidates[article_id] = cands
    mentions = {key: tuple(to_mentions(c)) for key, c in unify_corpus(candidates).items()}
    results = []
    for article, (_, found_events) in zip(settled, found, strict=True):
        article_mentions = mentions.get(article.id, ())
        events = tuple(
            replace(
                event,
                article=article.id,
                entities=_keys_within(article_mentions, event.sentence_start, event.sentence_end),
            )
            for event in found_events
        )
        results.append(Analysis(article, article_mentions, events))
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
