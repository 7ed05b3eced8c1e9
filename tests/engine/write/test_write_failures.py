"""An index that cannot be written (disk full, read-only folder): the old index stays usable,
the user gets one clear line, nothing is left half-written, and the next run completes.

A full disk is simulated with a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored): every write
past it fails with EFBIG, wherever the update is, as writes to a full disk fail with ENOSPC.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_reader.index import Corpus, CorpusNotFound, IndexUnavailable
from corpus_reader.index.state import files as relate
from corpus_reader.index.write.store import write_failed

COMMAND = [str(Path(sys.executable).parent / "corpus-reader"), "index"]
S000 = "000_97abde8a9f432db6.txt"


def index_with_limit(root: Path, index_dir: Path, limit: int) -> subprocess.CompletedProcess[str]:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [*COMMAND, "--corpus", str(root), "--index", str(index_dir)],
        preexec_fn=limited,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_clear_line(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    # EFBIG where Python writes; SQLite reports its own failed writes as a disk I/O error
    assert "no room to write the index" in lines[0] or "(disk I/O error)" in lines[0], lines[0]
    assert "the last complete index stays in use" in lines[0], lines[0]


@pytest.mark.parametrize("limit", [0, 4096, 16384, 65536])
def test_a_full_disk_during_an_update_keeps_the_old_index(
    seeds_copy: Path, tmp_path: Path, limit: int
) -> None:
    index_dir = tmp_path / "index"
    with Corpus(seeds_copy, index_dir) as corpus:
        corpus.update()
    with open(seeds_copy / S000, "a", encoding="utf-8") as fh:
        fh.write("\nA late paragraph about bananas.\n")
    (seeds_copy / "005_new.txt").write_text("A new article\n\nIt mentions kumquats.\n")

    one_clear_line(index_with_limit(seeds_copy, index_dir, limit))
    with Corpus(seeds_copy, index_dir) as corpus:  # the old state or the new one, whole
        assert corpus.search("de-escalation").total == 2
        total = corpus.search("", limit=100).total
        assert (total, corpus.search("bananas").total) in ((5, 0), (6, 1))
    with Corpus(seeds_copy, index_dir) as corpus:  # room again: the update completes
        corpus.update()
        assert corpus.search("bananas").total == 1
        assert corpus.search("kumquats").total == 1
        ids = [hit.id for hit in corpus.search("", limit=100).hits]
        assert len(ids) == len(set(ids)) == 6
    (gen,) = index_dir.glob("gen-*")
    assert relate.written(gen, max(int(p.stem.split("-")[1]) for p in gen.glob("catalog-*")))
    assert not [p.name for p in gen.glob(".*")]


@pytest.mark.parametrize("limit", [0, 65536])
def test_a_full_disk_during_a_first_build_leaves_nothing(
    seeds_copy: Path, tmp_path: Path, limit: int
) -> None:
    index_dir = tmp_path / "index"
    one_clear_line(index_with_limit(seeds_copy, index_dir, limit))
    assert not list(index_dir.glob("gen-*"))
    with Corpus(seeds_copy, index_dir) as corpus:
        assert not corpus.has_index()
        assert corpus.update().articles == 5


def test_a_folder_that_cannot_be_written_says_so_and_still_searches(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus.update()
    (corpus.root / "005_new.txt").write_text("A new article\n\nIt mentions kumquats.\n")
    real_open = os.open

    def read_only(path: object, flags: int, *args: object) -> int:
        if str(path).startswith(str(corpus.index_dir)) and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(IndexUnavailable, match="cannot write to the index folder") as caught:
        corpus.update()
    assert "\n" not in str(caught.value)
    assert corpus.search("de-escalation").total == 2
    monkeypatch.undo()
    assert corpus.update().added == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_index_folder(corpus: Corpus) -> None:
    corpus.update()
    (corpus.root / "005_new.txt").write_text("A new article\n\nIt mentions kumquats.\n")
    modes = {path: path.stat().st_mode for path in [corpus.index_dir, *corpus.index_dir.rglob("*")]}
    for path in modes:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        with pytest.raises(IndexUnavailable, match="index folder"):
            corpus.update()
        assert corpus.search("de-escalation").total == 2
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert corpus.update().added == 1


@pytest.mark.parametrize(
    ("exc", "says"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "no room to write the index"),
        (OSError(errno.EROFS, "Read-only file system"), "cannot write to the index folder"),
        (OSError(errno.EIO, "Input/output error"), "could not write the index"),
    ],
)
def test_write_failures_read_as_one_line(exc: OSError, says: str, tmp_path: Path) -> None:
    line = write_failed(tmp_path, exc)
    assert says in line and str(tmp_path) in line and "\n" not in line
    assert exc.strerror is not None and exc.strerror in line


def test_a_corpus_folder_gone_is_said_plainly(corpus: Corpus) -> None:
    corpus.update()
    shutil.rmtree(corpus.root)
    with pytest.raises(CorpusNotFound, match=r"corpus folder .* is gone"):
        corpus.update()
    assert corpus.search("de-escalation").total == 2  # the index still answers
