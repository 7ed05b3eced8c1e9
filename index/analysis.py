"""What the index learns of an article beyond its words: publication date, mentions, events.

Runs at index time, once per new or changed article, so that opening an article or listing
events needs no extraction. Imports no Textual or Rich.

A large batch is extracted in worker processes (:class:`Workers`), with the same results as
in one process: only the per-article steps run in the workers (reading and parsing files,
counting words for the corpus statistics, an article's entity candidates and its dated
events); the steps over the whole batch (settling publication dates, merging the statistics,
unifying entities across articles) stay in the calling process, and so does the index writer.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from multiprocessing.pool import IMapIterator, Pool
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from . import dates, ingest, pubdate
from .aliases import AliasTable, load_aliases
from .entities import CorpusStats, RuleExtractor, to_mentions, unify_corpus
from .entity_classify import Candidate
from .gazetteer import Gazetteer, load_gazetteer
from .models import Article, Event, Mention

PARALLEL_FROM = 300
"""Batches of at least this many files (to read) or articles (to extract) use the workers;
smaller ones run in the calling process, where starting workers would cost more than it saves."""

MAX_WORKERS = 4

ExtractionProgress = Callable[[int, int], None]
"""Called with (articles extracted, articles in the batch) as extraction proceeds."""

_Job = tuple[str, str, date | None, bool]
"""One article to extract: id, body, publication date, whether its entity candidates are
wanted (not for an earlier article whose id a later one reuses: the corpus step keeps one
body per id)."""

_Found = tuple[list[Candidate] | None, list[Event]]
"""What one article gives before the corpus steps: its candidates and its events."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class Analysis:
    """An article with its publication date settled, its mentions and its dated events."""

    article: Article
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]


class WorkerLost(RuntimeError):
    """An extraction worker process died (killed, out of memory) before finishing its work."""


def worker_count() -> int:
    """How many worker processes to use: one per core this process may run on, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


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
    workers: Workers | None = None,
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
    jobs: list[_Job] = [(a.id, a.body, a.published, last[a.id] == n) for n, a in enumerate(settled)]
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
            found.append(_extract(extractor, job))
            if progress is not None:
                progress(done, len(jobs))
    return _finish(settled, found, last)


def _extract(extractor: RuleExtractor, job: _Job) -> _Found:
    """The per-article part of extraction: what a worker process does for each article."""
    _, body, published, wants_candidates = job
    candidates = extractor.candidates(body) if wants_candidates else None
    return candidates, dates.extract_events(body, published)


def _finish(settled: list[Article], found: list[_Found], last: dict[str, int]) -> list[Analysis]:
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


# -- worker processes --------------------------------------------------------------------------


class Workers:
    """Worker processes for one batch, started on first use (only for a large batch).

    Use as a context manager; leaving it ends the processes. They are started with "spawn",
    a fresh interpreter, so they inherit nothing of this process: not the index's update lock
    (a forked child would keep the flock alive after this process died), not its threads. A
    worker waits for work on a pipe this process writes; when this process dies, even by
    kill -9, the pipe closes and the worker exits.
    """

    def __init__(self, processes: int | None = None, scratch: Path | None = None) -> None:
        """``scratch``: a folder for the file that hands the workers their tables (default:
        the system's temporary folder); the index writer gives its own, which its next run
        clears of what a killed run left."""
        self.processes = processes if processes is not None else worker_count()
        self.stats: CorpusStats | None = None
        """The word statistics of the articles :meth:`read` read, once it has read them all."""
        self._pool: Pool | None = None
        self._pids: set[int] = set()
        self._scratch = scratch
        self._tables: Path | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close(wait=kind is None)

    def close(self, wait: bool = True) -> None:
        """End the worker processes: let them finish (``wait``) or stop them now."""
        pool, self._pool = self._pool, None
        if pool is not None:
            if wait:
                pool.close()
            else:
                pool.terminate()
            pool.join()
        tables, self._tables = self._tables, None
        if tables is not None:
            tables.unlink(missing_ok=True)

    @property
    def started(self) -> bool:
        """Whether the worker processes have been started (and not yet ended)."""
        return self._pool is not None

    def wanted(self, size: int) -> bool:
        """Whether a batch of ``size`` files or articles is worth the worker processes."""
        return self.processes >= 2 and size >= PARALLEL_FROM

    def read(
        self, root: Path, paths: Sequence[str], follow_links: bool = False
    ) -> Iterator[ingest.FileRead]:
        """Read and parse the files, in order, as :func:`ingest.read_file` does.

        Many files are read in the workers, which also count their articles' words: once all
        are read, :attr:`stats` holds the statistics of every article read.
        """
        self.stats = None
        if not self.wanted(len(paths)):
            for path in paths:
                yield ingest.read_file(root, path, follow_links)
            return
        stats = CorpusStats()
        size = _chunk_size(len(paths), self.processes, 64)
        tasks = ((root, paths[i : i + size], follow_links) for i in range(0, len(paths), size))
        for reads, counted in self._run(_read_chunk, tasks):
            stats.merge(counted)
            yield from reads
        self.stats = stats

    def extract(
        self,
        jobs: Sequence[_Job],
        stats: CorpusStats | Iterable[str],
        progress: ExtractionProgress | None,
    ) -> list[_Found]:
        """Each article's candidates and events, extracted in the workers, in order.

        ``stats`` are the corpus statistics, or the bodies to count them over.
        """
        if not isinstance(stats, CorpusStats):
            bodies = list(stats)
            stats = CorpusStats()
            size = _chunk_size(len(bodies), self.processes, 200)
            chunks = (bodies[i : i + size] for i in range(0, len(bodies), size))
            for counted in self._run(CorpusStats.from_texts, chunks):
                stats.merge(counted)
        # Every task carries the statistics, pickled once here; a worker unpickles them only
        # the first time it sees this token.
        token, blob = uuid.uuid4().hex, pickle.dumps(stats, pickle.HIGHEST_PROTOCOL)
        size = _chunk_size(len(jobs), self.processes, 200)
        tasks = ((token, blob, jobs[i : i + size]) for i in range(0, len(jobs), size))
        found: list[_Found] = []
        for part in self._run(_extract_chunk, tasks):
            found.extend(part)
            if progress is not None:
                progress(len(found), len(jobs))
        return found

    def _start(self) -> Pool:
        if self._pool is None:
            # The workers get this process's tables (a couple of MB), not their own copies
            # from the cache: the same tables for the same results, whatever the cache holds.
            # They go through a file: as spawn arguments, "spawn" writes them into a pipe
            # whose reading end it holds itself while it writes, and a worker killed as it
            # started would hang this process for good.
            fd, name = tempfile.mkstemp(prefix=".tables.", suffix=".pickle", dir=self._scratch)
            self._tables = Path(name)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((load_aliases(), load_gazetteer()), fh, pickle.HIGHEST_PROTOCOL)
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.processes, _start_worker, (name,))
            self._pids = {process.pid for process in getattr(self._pool, "_pool", [])}
        return self._pool

    def _run(self, function: Callable[[Any], _T], tasks: Iterable[Any]) -> Iterator[_T]:
        """``function`` over ``tasks`` in the workers, results in order.

        A Pool waits forever for the result of a worker that died; this notices it instead.
        """
        results: IMapIterator[_T] = self._start().imap(function, tasks)
        while True:
            try:
                yield results.next(timeout=1.0)
            except StopIteration:
                return
            except multiprocessing.TimeoutError:
                if not self._alive():
                    raise WorkerLost("an extraction worker process died") from None

    def _alive(self) -> bool:
        """Whether the workers started are all still running (a Pool replaces a dead one)."""
        processes = getattr(self._pool, "_pool", [])
        running = {process.pid for process in processes if process.exitcode is None}
        return self._pids <= running


def _chunk_size(count: int, processes: int, largest: int) -> int:
    """Items per task: about 16 tasks per worker, so that none idles long at the end."""
    return max(1, min(largest, count // (processes * 16)))


_WORKER: dict[str, Any] = {}
"""A worker process's state: the alias and place tables, the statistics' token, its extractor."""


def _start_worker(tables: str) -> None:
    # Ctrl+C in a terminal reaches the whole process group: the parent handles it and ends
    # the workers, which must not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with open(tables, "rb") as fh:
        loaded: tuple[AliasTable, Gazetteer] = pickle.load(fh)
    _WORKER["tables"] = loaded


def _read_chunk(
    task: tuple[Path, Sequence[str], bool],
) -> tuple[list[ingest.FileRead], CorpusStats]:
    root, paths, follow_links = task
    reads = [ingest.read_file(root, path, follow_links) for path in paths]
    return reads, CorpusStats.from_texts(a.body for read in reads for a in read.articles)


def _extract_chunk(task: tuple[str, bytes, Sequence[_Job]]) -> list[_Found]:
    token, blob, jobs = task
    if _WORKER.get("token") != token:
        _WORKER["extractor"] = RuleExtractor(pickle.loads(blob), *_WORKER["tables"])
        _WORKER["token"] = token
    extractor: RuleExtractor = _WORKER["extractor"]
    return [_extract(extractor, job) for job in jobs]
