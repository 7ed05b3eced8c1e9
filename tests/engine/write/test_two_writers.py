"""Two ``corpus-reader index`` processes at once on one corpus: one waits for the other or says
that an update is running; neither crashes, and the index ends complete."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus_reader.index import Corpus, IndexBusy

pytestmark = pytest.mark.slow  # several processes racing for the lock, each a build

COMMAND = [str(Path(sys.executable).parent / "corpus-reader"), "index"]
BUSY = "another corpus-reader is updating this index"


def write_corpus(root: Path, count: int) -> None:
    root.mkdir()
    for n in range(count):
        words = " ".join(f"w{(n * 7 + k) % 97}" for k in range(40))
        (root / f"a{n:04d}.txt").write_text(f"Article {n}\n\n{words} u{n}.\n")


@pytest.mark.parametrize("count", [40, 320])
def test_two_indexers_at_once(tmp_path: Path, count: int) -> None:
    root, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(root, count)
    args = [*COMMAND, "--corpus", str(root), "--index", str(index_dir)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    procs.append(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outcomes = [(proc.wait(timeout=300), *proc.communicate()) for proc in procs]
    for code, _out, err in outcomes:
        assert "Traceback" not in err, err
        if code != 0:  # the one that gave up waiting says why, in one line
            assert BUSY in err and len(err.strip().splitlines()) == 1, err
    assert any(code == 0 for code, _out, _err in outcomes)
    with Corpus(root, index_dir) as corpus:
        ids = [hit.id for hit in corpus.search("", limit=10_000).hits]
        assert len(ids) == len(set(ids)) == count
        assert corpus.update().added == 0
    assert len(list(index_dir.glob("gen-*"))) == 1


def test_the_app_and_the_command_at_once(tmp_path: Path) -> None:
    """The app's update (in a child process, as the TUI runs it) beside ``corpus-reader
    index``: one waits for the other, or the one that gives up says why; the index ends whole."""
    root, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(root, 320)
    args = [*COMMAND, "--corpus", str(root), "--index", str(index_dir)]
    command = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Corpus(root, index_dir) as corpus:
        try:
            corpus.update(in_child=True)
        except IndexBusy as exc:
            assert BUSY in str(exc)
        code = command.wait(timeout=300)
        _out, err = command.communicate()
        assert "Traceback" not in err, err
        assert code == 0 or BUSY in err, err
        ids = [hit.id for hit in corpus.search("", limit=10_000).hits]
        assert len(ids) == len(set(ids)) == 320
