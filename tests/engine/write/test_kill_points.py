"""kill -9 of ``corpus-reader index`` at seeded random moments: the next run recovers by itself.

Each kill point starts the installed command on a corpus that needs work (a first build big
enough for the worker processes and the relating child, or an update that changes, adds and
removes files), kills it after a random delay within the length of an uninterrupted run, then
runs the command again and counts: every article searchable exactly once, each in its newest
version, one generation left and no temporary file. ``CORPUS_READER_KILL_SEED`` picks other
moments (the seed is in each failure's message).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from corpus_reader.index import Corpus
from corpus_reader.index.write.store import IndexStore

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("CORPUS_READER_KILL_SEED", "20261202"))
BUILDS = 10
"""Kill points in a first build (320 files: read and extracted in workers, related in a child)."""
UPDATES = 12
"""Kill points in an update (40 files changed, 30 added, 20 removed)."""
APP_UPDATES = 4
"""Kill points in a process updating as the app does: in a child process, which must end too."""
FIRST = 320
COMMAND = [str(Path(sys.executable).parent / "corpus-reader"), "index", "--json"]
APP_UPDATE = [
    sys.executable,
    "-c",
    "import sys; from corpus_reader.index import Corpus;"
    " Corpus(sys.argv[1], sys.argv[2]).update(in_child=True)",
]


def write_corpus(root: Path, count: int, tag: str, start: int = 0) -> None:
    """``count`` short articles tagged ``tag``, each with words of its own."""
    root.mkdir(exist_ok=True)
    for n in range(start, start + count):
        words = " ".join(f"w{(n * 7 + k) % 97}" for k in range(40))
        text = f"Article {n} {tag}\n\nReuters reported on March {n % 28 + 1}, 2020. {words} u{n}.\n"
        (root / f"a{n:04d}.txt").write_text(text)


def change_corpus(root: Path) -> None:
    """The update every update kill point interrupts: 40 changed, 30 added, 20 removed."""
    write_corpus(root, 40, "second")
    write_corpus(root, 30, "second", start=FIRST)
    for n in range(FIRST - 20, FIRST):
        (root / f"a{n:04d}.txt").unlink()


def run_index(root: Path, index_dir: Path, why: str = "") -> dict[str, object]:
    done = subprocess.run(
        [*COMMAND, "--corpus", str(root), "--index", str(index_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{why}: {done.stderr}"
    summary: dict[str, object] = json.loads(done.stdout)
    return summary


def killed_after(
    root: Path, index_dir: Path, delay: float, command: list[str] | None = None
) -> bool:
    """Start the command and kill -9 it after ``delay`` seconds; whether it was still running."""
    args = command or [*COMMAND, "--corpus", str(root), "--index", str(index_dir)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True
    return False


def check_recovered(root: Path, index_dir: Path, firsts: int, seconds: int, why: str) -> None:
    """The next run ends with every article searchable once, in its newest version."""
    left = sorted(str(p.relative_to(index_dir)) for p in index_dir.rglob("*"))
    why = f"{why}; the killed run left {left}"
    run_index(root, index_dir, why)
    with Corpus(root, index_dir) as corpus:
        ids = [hit.id for hit in corpus.search("", limit=10_000).hits]
        assert len(ids) == len(set(ids)) == firsts + seconds, why
        assert corpus.search("first").total == firsts, why
        assert corpus.search("second").total == seconds, why
        assert corpus.update().added == 0, why  # nothing left for a later run
    generations = list(index_dir.glob("gen-*"))
    assert len(generations) == 1, f"{why}: generations {generations}"
    generation = generations[0]
    leftovers = [p.name for p in index_dir.rglob(".*")]
    assert not leftovers, f"{why}: temporary files left: {leftovers}"
    ix = whoosh_index.open_dir(str(generation))
    live = {f"{segment.segment_id()}.seg" for segment in ix._segments()}
    assert {p.name for p in generation.glob("*.seg")} == live, f"{why}: orphan segments"


@dataclass
class Tally:
    killed: int = 0
    finished: int = 0


def kill_points(
    tmp_path: Path,
    seed: int,
    points: int,
    prepare: Callable[[Path, Path], object],
    delays: tuple[float, float],
    expected: tuple[int, int],
    what: str,
    app: bool = False,
) -> Tally:
    """``points`` runs on corpora ``prepare`` makes, each killed after a delay drawn from
    ``delays``, then checked to recover to ``expected`` (firsts, seconds) articles. ``app``:
    the run updates as the app does, in a child process that must end with it."""
    rng = random.Random(seed)
    tally = Tally()
    for point in range(points):
        root, index_dir = tmp_path / f"c{point}", tmp_path / f"i{point}"
        prepare(root, index_dir)
        delay = rng.uniform(*delays)
        command = [*APP_UPDATE, str(root), str(index_dir)] if app else None
        if killed_after(root, index_dir, delay, command):
            tally.killed += 1
        else:
            tally.finished += 1
        why = f"{what} killed at {delay:.2f} s (seed {seed})"
        deadline = time.monotonic() + 30  # an app's child notices within a second, unloaded
        while IndexStore(index_dir).writing():
            assert time.monotonic() < deadline, f"{why}: the child still writes"
            time.sleep(0.05)
        check_recovered(root, index_dir, *expected, why)
        shutil.rmtree(root)
        shutil.rmtree(index_dir)
    print(f"{what}: {tally.killed} killed midway, {tally.finished} done before the kill")
    return tally


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float, float]:
    """The first state's corpus and index, and how long a build and an update take here."""
    folder = tmp_path_factory.mktemp("kill")
    root, index_dir = folder / "corpus", folder / "index"
    write_corpus(root, FIRST, "first")
    started = time.monotonic()
    run_index(root, index_dir)
    build = time.monotonic() - started
    changed, changed_index = folder / "changed", folder / "changed-index"
    shutil.copytree(root, changed)
    shutil.copytree(index_dir, changed_index)
    change_corpus(changed)
    started = time.monotonic()
    run_index(changed, changed_index)
    update = time.monotonic() - started
    return root, index_dir, build, update


def test_killed_builds_recover(built: tuple[Path, Path, float, float], tmp_path: Path) -> None:
    source, _index, build, _update = built

    def prepare(root: Path, _index_dir: Path) -> None:
        shutil.copytree(source, root)

    tally = kill_points(tmp_path, SEED, BUILDS, prepare, (0.0, build), (FIRST, 0), "build")
    assert tally.killed >= BUILDS // 2, tally


def changed_copy(source: Path, source_index: Path) -> Callable[[Path, Path], None]:
    """A copy of the built corpus and its index, the corpus then changed."""

    def prepare(root: Path, index_dir: Path) -> None:
        shutil.copytree(source, root)
        shutil.copytree(source_index, index_dir)
        change_corpus(root)

    return prepare


def test_killed_updates_recover(built: tuple[Path, Path, float, float], tmp_path: Path) -> None:
    source, source_index, _build, update = built
    prepare = changed_copy(source, source_index)
    expected = (FIRST - 60, 70)
    tally = kill_points(tmp_path, SEED + 1, UPDATES, prepare, (0.0, update), expected, "update")
    assert tally.killed >= UPDATES // 2, tally


def test_killed_app_updates_end_their_child_and_recover(
    built: tuple[Path, Path, float, float], tmp_path: Path
) -> None:
    """kill -9 of the app while its update runs in a child: the child ends with it (no
    writer left holding the lock), and the next run completes the update."""
    source, source_index, _build, update = built
    prepare = changed_copy(source, source_index)
    delays = (0.5, 0.5 + 0.8 * update)  # once the interpreter has started the child
    expected = (FIRST - 60, 70)
    tally = kill_points(
        tmp_path, SEED + 2, APP_UPDATES, prepare, delays, expected, "app update", app=True
    )
    assert tally.killed >= 1, tally
