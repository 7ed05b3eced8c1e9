"""Extraction in worker processes: the same results as in one process, and no orphan workers.

The corpus is a few hundred generated articles (recombined Reuters text, as the benchmark
makes them; some without their date line) plus the seeds, so that every extraction step —
settling dates over the batch, corpus statistics, unification across articles — is exercised.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from corpus_reader.index import Corpus
from corpus_reader.index.extract.analysis import Analysis, analyse
from corpus_reader.index.ingest import read as ingest
from corpus_reader.index.ingest import walk
from corpus_reader.index.models import Article, Progress
from corpus_reader.index.state import catalog, links_file, timeline
from corpus_reader.index.state import files as relate
from corpus_reader.index.write import relate_process
from corpus_reader.index.write import workers as pool
from corpus_reader.index.write.relate_process import RelateAhead
from corpus_reader.index.write.store import IndexStore
from corpus_reader.index.write.workers import Workers

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "seeds"
GENERATED = 240
THRESHOLD = 200
"""The tests lower the batch size that starts the workers, to stay quick."""


@pytest.fixture(scope="module", autouse=True)
def _module_setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Module fixtures run before conftest's per-test cache folder is set: give them their own.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        patch.setattr(pool, "PARALLEL_FROM", THRESHOLD)
        yield


def _make_corpus_module() -> object:
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "bench" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    make_corpus = _make_corpus_module()
    source = make_corpus.DEFAULT_SOURCE  # type: ignore[attr-defined]
    root = tmp_path_factory.mktemp("big") / "corpus"
    if source.exists():
        sources = make_corpus.load_sources(source)  # type: ignore[attr-defined]
        generated = make_corpus.generate(sources, GENERATED, 7)  # type: ignore[attr-defined]
    else:  # a checkout without ../shared (as in CI): recombine the seeds instead
        generated = _from_seeds(GENERATED)
    for n, (rel, text) in enumerate(generated):
        if n % 9 == 4:  # no date line: the date comes from the text or from the corpus
            text = text.split("\n", 1)[1]
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    for path in sorted(SEEDS.glob("*.txt")):
        (root / path.name).write_bytes(path.read_bytes())
    return root


def _from_seeds(count: int) -> Iterator[tuple[str, str]]:
    """Articles made of the seeds' paragraphs, shuffled, each with its own date line."""
    rng = random.Random(7)
    paragraphs = [
        p.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for p in path.read_text("utf-8").split("\n\n")[1:]
        if len(p.split()) > 12
    ]
    for n in range(count):
        day = date(2022, 1, 3) + timedelta(days=rng.randrange(120))
        body = "\n\n".join(rng.sample(paragraphs, min(4, len(paragraphs))))
        title = f"Report {n}: " + " ".join(body.split()[:8])
        header = f" date {day.isoformat()} https://example.org/{n}"
        yield f"gen/{n // 50:02d}/{n:04d}.txt", f"{header}\n\n{title}\n\n{body}\n"


def _articles(root: Path) -> list[Article]:
    entries, _ = walk.scan(root)
    return [a for e in entries for a in ingest.read_file(root, e.path).articles]


def test_workers_are_used_only_for_large_batches() -> None:
    workers = Workers(2)
    assert not workers.wanted(THRESHOLD - 1)
    assert workers.wanted(THRESHOLD)
    assert not Workers(1).wanted(10**6)
    assert 1 <= pool.worker_count() <= pool.MAX_WORKERS


@pytest.fixture(scope="module")
def sequential(big_corpus: Path) -> list[Analysis]:
    """The reference: extraction in this process, as for a small batch."""
    articles = _articles(big_corpus)
    assert len(articles) >= pool.PARALLEL_FROM
    assert sum(a.published is None for a in articles) > 20
    return analyse(articles)


def test_parallel_extraction_equals_sequential(
    big_corpus: Path, sequential: list[Analysis]
) -> None:
    articles = _articles(big_corpus)
    progress: list[tuple[int, int]] = []
    with Workers(2) as workers:
        # No statistics given (as for many articles from few files): the workers count them.
        parallel = analyse(
            articles,
            workers=workers,
            progress=lambda done, total: progress.append((done, total)),
        )
        assert workers.started
    assert parallel == sequential
    assert any(a.mentions for a in parallel) and any(a.events for a in parallel)
    assert any(a.article.date_source not in ("header", "unknown") for a in parallel)
    assert progress == sorted(progress) and progress[-1] == (len(articles), len(articles))


def test_parallel_build_equals_sequential_extraction(
    big_corpus: Path, sequential: list[Analysis], tmp_path: Path
) -> None:
    """A build reads the files in the workers, which count the statistics as they read."""
    steps: list[Progress] = []
    with Corpus(big_corpus, tmp_path / "index") as corpus:
        corpus.update(progress=steps.append)
        stored = {a.id: a for a in corpus.articles()}
    assert len(stored) == len(sequential)
    for expected in sequential:
        got = stored[expected.article.id]
        assert (got.published, got.date_source) == (
            expected.article.published,
            expected.article.date_source,
        )
        assert got.mentions == expected.mentions
        # Stored events also carry their event groups, which extraction alone does not know.
        assert tuple(replace(e, group=None, other_dates=()) for e in got.events) == expected.events
    files = GENERATED + 5
    reads = [(p.done, p.total) for p in steps if p.phase == "read"]
    assert reads == sorted(reads) and reads[-1] == (3 * files, 3 * files)
    assert (2 * files, 3 * files) in reads  # extraction reported its progress


def test_relating_ahead_writes_what_relating_after_the_commit_writes(
    big_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh parallel build relates in a child while it writes; the files are the ones the
    writer computes from the committed index."""
    outcomes: list[str | None] = []
    finish = RelateAhead.finish

    def recorded(self: RelateAhead, reader: Any) -> str | None:
        outcomes.append(finish(self, reader))
        return outcomes[-1]

    monkeypatch.setattr(RelateAhead, "finish", recorded)
    store = IndexStore(tmp_path / "index")
    store.update(big_corpus)
    assert outcomes == [None]  # the child's files were kept
    folder = store.current_generation()
    assert folder is not None
    generation = 1
    ahead = _sidecars(folder, generation)
    for path in relate.paths(folder, generation):
        path.unlink()
    store.update(big_corpus)  # nothing changed: the writer relates the committed state
    assert outcomes == [None]
    assert _sidecars(folder, generation) == ahead


def test_without_the_memory_for_it_the_build_relates_after_the_commit(
    big_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert relate_process.affordable(10) and not relate_process.affordable(10**9)

    def refuse(*args: Any) -> None:
        raise AssertionError("a child was started")

    monkeypatch.setattr(relate_process, "affordable", lambda articles: False)
    monkeypatch.setattr(RelateAhead, "__init__", refuse)
    store = IndexStore(tmp_path / "index")
    store.update(big_corpus)
    folder = store.current_generation()
    assert folder is not None and relate.written(folder, 1)


def _sidecars(folder: Path, generation: int) -> tuple[Any, ...]:
    found = (catalog.load(folder, generation), timeline.load(folder, generation))
    assert all(item is not None for item in found)
    links = links_file.links_path(folder, generation)
    with contextlib.closing(sqlite3.connect(links)) as db:
        rows = sorted(db.execute("SELECT article, found FROM links"))
    return (*found, rows)


KILLER = textwrap.dedent(
    """
    import multiprocessing, os, sys
    from corpus_reader.index import Corpus
    from corpus_reader.index.write import workers as pool
    pool.PARALLEL_FROM = int(sys.argv[3])
    def progress(p):
        # Past reading, in the middle of extraction (the workers are busy) or of writing
        # (the child relating what is written is).
        if p.phase == "read" and p.done > p.total * int(sys.argv[4]) // 3 + 20:
            pids = [c.pid for c in multiprocessing.active_children()]
            print("WORKERS", *pids, flush=True)
            os.kill(os.getpid(), 9)
    Corpus(sys.argv[1], sys.argv[2]).update(progress=progress)
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its (new) parent to reap it is dead
        return " Z " not in Path(f"/proc/{pid}/stat").read_text().split(")", 1)[1][:3]
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("third", [1, 2], ids=["extracting", "writing"])
def test_workers_exit_when_the_build_is_killed(
    big_corpus: Path, tmp_path: Path, third: int
) -> None:
    index_dir = tmp_path / "index"
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(big_corpus), str(index_dir), str(THRESHOLD), str(third)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    pids = [int(p) for p in proc.stdout.split("WORKERS", 1)[1].split()]
    assert len(pids) >= (2 if third == 1 else 1)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if _alive(pid)]
    # The lock died with the build: the next update would not wait (a forked worker would
    # have kept it). That update itself is tested in test_store.py.
    with open(index_dir / "update.lock", "rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert IndexStore(index_dir).current_generation() is None


def test_a_relating_child_killed_at_its_start_does_not_hang_the_build(tmp_path: Path) -> None:
    """The child dies (killed, out of memory) while the documents are still being sent: the
    build goes on and relates as usual. Passed as the child's arguments, they were written by
    "spawn" into a pipe whose reading end it kept open itself: the build hung for good."""
    docs = [{"id": f"a{n}", "body": "word " * 40_000} for n in range(200)]  # 40 MB
    started: list[RelateAhead] = []

    killer = threading.Thread(target=_kill_first_spawned)
    killer.start()
    builder = threading.Thread(target=lambda: started.append(RelateAhead(docs, tmp_path, 1)))
    builder.daemon = True  # a hang must not keep the test run alive
    builder.start()
    builder.join(timeout=60)
    killer.join()
    assert not builder.is_alive(), "starting the child hung"
    (ahead,) = started
    try:
        assert ahead._outcome() == "the relating process stopped (exit code -9)"
    finally:
        ahead.close()


def test_a_worker_killed_at_its_start_does_not_hang_the_build(
    big_corpus: Path, tmp_path: Path
) -> None:
    """The workers' tables (a couple of MB) go through a file in ``scratch``: as spawn
    arguments, a worker killed as it started hung its pool's start for good."""
    paths = [e.path for e in walk.scan(big_corpus)[0]]
    outcome: list[object] = []

    def read() -> None:
        with Workers(2, scratch=tmp_path) as workers:
            try:
                outcome.append(len(list(workers.read(big_corpus, paths))))
            except pool.WorkerLost as lost:
                outcome.append(lost)

    killer = threading.Thread(target=_kill_first_spawned)
    killer.start()
    reader = threading.Thread(target=read, daemon=True)  # a hang must not keep the run alive
    reader.start()
    reader.join(timeout=60)
    killer.join()
    assert not reader.is_alive(), "starting the workers hung"
    assert outcome == [len(paths)] or isinstance(outcome[0], pool.WorkerLost)
    assert list(tmp_path.iterdir()) == []  # the tables' file is gone


def _kill_first_spawned() -> None:
    """Kill the first "spawn" child of this process as soon as it exists (read from /proc:
    ``multiprocessing`` lists a child only once its arguments are written)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for pid in _spawned_children():
            os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.001)


def _spawned_children() -> list[int]:
    """The pids of this process's children started by multiprocessing's "spawn"."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == os.getpid() and b"spawn_main" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found
