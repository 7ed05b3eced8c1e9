"""Worker processes that read and extract a large batch of articles beside the writer.

Only per-article steps run in the workers (reading and parsing files, counting words for the
corpus statistics, :func:`extract.analysis.extract_one`); the steps over the whole batch stay
in the writer's process. Workers are started with "spawn" and end with their parent.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.pool import IMapIterator, Pool
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from ..extract.aliases import AliasTable, load_aliases
from ..extract.analysis import ExtractionProgress, Found, Job, extract_one
from ..extract.entities import CorpusStats, RuleExtractor
from ..extract.gazetteer import Gazetteer, load_gazetteer
from ..ingest import read as ingest
from .child import SPAWN

PARALLEL_FROM = 300
"""Batches of at least this many files (to read) or articles (to extract) use the workers;
smaller ones run in the calling process, where starting workers would cost more than it saves."""

MAX_WORKERS = 4

_T = TypeVar("_T")


class WorkerLost(RuntimeError):
    """An extraction worker process died (killed, out of memory) before finishing its work."""


def worker_count() -> int:
    """How many worker processes to use: one per core this process may run on, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


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
        self, root: Path, paths: Sequence[str], follow_symlinks: bool = False
    ) -> Iterator[ingest.FileRead]:
        """Read and parse the files, in order, as :func:`ingest.read_file` does.

        Many files are read in the workers, which also count their articles' words: once all
        are read, :attr:`stats` holds the statistics of every article read.
        """
        self.stats = None
        if not self.wanted(len(paths)):
            for path in paths:
                yield ingest.read_file(root, path, follow_symlinks)
            return
        stats = CorpusStats()
        size = _chunk_size(len(paths), self.processes, 64)
        tasks = ((root, paths[i : i + size], follow_symlinks) for i in range(0, len(paths), size))
        for reads, counted in self._run(_read_chunk, tasks):
            stats.merge(counted)
            yield from reads
        self.stats = stats

    def extract(
        self,
        jobs: Sequence[Job],
        stats: CorpusStats | Iterable[str],
        progress: ExtractionProgress | None,
    ) -> list[Found]:
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
        found: list[Found] = []
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
            self._pool = SPAWN.Pool(self.processes, _start_worker, (name,))
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
    """A worker's start: load the tables the parent handed over in the file ``tables``."""
    # Ctrl+C in a terminal reaches the whole process group: the parent handles it and ends
    # the workers, which must not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with open(tables, "rb") as fh:
        loaded: tuple[AliasTable, Gazetteer] = pickle.load(fh)
    _WORKER["tables"] = loaded


def _read_chunk(
    task: tuple[Path, Sequence[str], bool],
) -> tuple[list[ingest.FileRead], CorpusStats]:
    """In a worker: read ``task``'s files and count their articles' words."""
    root, paths, follow_symlinks = task
    reads = [ingest.read_file(root, path, follow_symlinks) for path in paths]
    return reads, CorpusStats.from_texts(a.body for read in reads for a in read.articles)


def _extract_chunk(task: tuple[str, bytes, Sequence[Job]]) -> list[Found]:
    """In a worker: extract ``task``'s jobs, with the statistics it carries (unpickled once)."""
    token, blob, jobs = task
    if _WORKER.get("token") != token:
        _WORKER["extractor"] = RuleExtractor(pickle.loads(blob), *_WORKER["tables"])
        _WORKER["token"] = token
    extractor: RuleExtractor = _WORKER["extractor"]
    return [extract_one(extractor, job) for job in jobs]
