"""The index store: incremental updates, atomic rebuilds, recovery after kill -9, one writer."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from corpus_reader.index import Corpus, IndexBusy, Progress
from corpus_reader.index.write.store import IndexStore

S002 = "002_dc3610e44bff4c5d.txt"


def every_id(corpus: Corpus) -> list[str]:
    return [hit.id for hit in corpus.search("", limit=100_000).hits]


def test_first_update_builds_then_nothing_to_do(corpus: Corpus) -> None:
    assert not corpus.has_index()
    first = corpus.update()
    assert (first.articles, first.added, first.updated, first.removed) == (5, 5, 0, 0)
    assert first.skipped == ()
    assert corpus.has_index()
    again = corpus.update()
    assert (again.articles, again.added, again.updated, again.removed) == (5, 0, 0, 0)
    assert not again.rebuilt


def test_added_changed_and_removed_files(corpus: Corpus, seeds_copy: Path) -> None:
    corpus.update()
    (seeds_copy / "new.txt").write_text("Zelensky speaks\n\nZelensky addressed parliament.\n")
    changed = seeds_copy / S002
    changed.write_text(changed.read_text("utf-8") + "\nA quokka appeared.\n", "utf-8")
    (seeds_copy / "004_65e64c825baad34a.txt").unlink()

    summary = corpus.update()
    assert (summary.articles, summary.added, summary.updated, summary.removed) == (5, 1, 1, 1)
    assert [h.id for h in corpus.search("quokka").hits] == [S002]
    assert [h.id for h in corpus.search("parliament").hits] == ["new.txt"]
    assert "004_65e64c825baad34a.txt" not in {h.id for h in corpus.search("Macron").hits}
    assert sorted(every_id(corpus)) == sorted(p.name for p in seeds_copy.iterdir())


def test_touched_file_with_same_content_is_not_counted(corpus: Corpus, seeds_copy: Path) -> None:
    corpus.update()
    path = seeds_copy / S002
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    summary = corpus.update()
    assert (summary.added, summary.updated, summary.removed) == (0, 0, 0)
    assert summary.articles == 5


def test_only_changed_files_are_read(corpus: Corpus, seeds_copy: Path) -> None:
    corpus.update()
    (seeds_copy / S002).write_text("Title\n\nBody text.\n", "utf-8")
    reads: list[Progress] = []
    corpus.update(progress=reads.append)
    # One file: read it, then analyse and index it.
    assert [(p.done, p.total) for p in reads if p.phase == "read"] == [(1, 2), (2, 2)]


def test_jsonl_records_are_replaced_as_a_file(corpus: Corpus, seeds_copy: Path) -> None:
    feed = seeds_copy / "feed.jsonl"
    feed.write_text('{"id": "a", "title": "Alpha", "text": "one"}\n{"id": "b", "text": "two"}\n')
    corpus.update()
    assert {"feed.jsonl#a", "feed.jsonl#b"} <= set(every_id(corpus))
    feed.write_text('{"id": "b", "text": "two again"}\n{"id": "c", "text": "three"}\n')
    summary = corpus.update()
    assert (summary.added, summary.updated, summary.removed) == (1, 1, 1)
    ids = set(every_id(corpus))
    assert "feed.jsonl#a" not in ids and {"feed.jsonl#b", "feed.jsonl#c"} <= ids


def test_corpus_folder_is_never_written(corpus: Corpus, seeds_copy: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in seeds_copy.rglob("*")}
    corpus.update()
    corpus.search("Macron")
    corpus.update(rebuild=True)
    assert {p: p.stat().st_mtime_ns for p in seeds_copy.rglob("*")} == before


def test_rebuild_swaps_generations_and_cleans_up(corpus: Corpus) -> None:
    corpus.update()
    old = sorted(p.name for p in corpus.index_dir.glob("gen-*"))
    summary = corpus.update(rebuild=True)
    assert summary.rebuilt and summary.articles == 5
    new = sorted(p.name for p in corpus.index_dir.glob("gen-*"))
    assert len(new) == 1 and new != old
    assert corpus.search("de-escalation").total == 2


def test_damaged_index_is_rebuilt_with_a_notice(corpus: Corpus) -> None:
    corpus.update()
    corpus.close()
    (gen,) = corpus.index_dir.glob("gen-*")
    for toc in gen.glob("*.toc"):
        toc.write_bytes(b"not a table of contents")
    summary = corpus.update()
    assert summary.rebuilt
    assert summary.notice is not None and "damaged" in summary.notice
    assert corpus.search("de-escalation").total == 2


def test_second_writer_waits_then_says_busy(corpus: Corpus, tmp_path: Path) -> None:
    corpus.update()
    other = Corpus(corpus.root, corpus.index_dir)
    other._store.lock_timeout = 0.3
    started, release = threading.Event(), threading.Event()

    def hold(progress: Progress) -> None:
        if progress.phase == "scan":
            started.set()
            release.wait(10)

    writer = threading.Thread(target=lambda: corpus.update(progress=hold, rebuild=True))
    writer.start()
    try:
        assert started.wait(10)
        with pytest.raises(IndexBusy, match="another corpus-reader is updating"):
            other.update()
        assert other.search("de-escalation").total == 2  # the old index still answers
    finally:
        release.set()
        writer.join()
    assert other.update().articles == 5


def test_readers_keep_the_last_whole_state_while_an_update_relates(
    corpus: Corpus, seeds_copy: Path
) -> None:
    """An update commits, then writes the new state's files (minutes at 100,000 articles):
    meanwhile a reader answers from the state before; once they are written, from the new."""
    corpus.update()
    reader = Corpus(corpus.root, corpus.index_dir)
    assert reader.search("").total == 5
    copy = "Wire copy\n\n" + (seeds_copy / "002_dc3610e44bff4c5d.txt").read_text("utf-8")
    (seeds_copy / "005_wire.txt").write_text(copy, "utf-8")
    relating, release = threading.Event(), threading.Event()

    def hold(progress: Progress) -> None:
        if progress.phase == "links" and not relating.is_set():
            relating.set()  # committed, about to relate
            release.wait(10)

    writer = threading.Thread(target=lambda: corpus.update(progress=hold))
    writer.start()
    try:
        assert relating.wait(10)
        assert reader.search("").total == 5  # not the commit whose files are not written
        assert reader.events()  # the old state's timeline, not gathered here
    finally:
        release.set()
        writer.join()
    assert reader.search("").total == 6
    assert reader.links("005_wire.txt")
    reader.close()


def test_a_state_whose_files_an_update_is_writing_is_read_without_them(
    corpus: Corpus, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update stopped between its commit and the files leaves a commit without them; while
    the next update writes them, a new reader shows that state without them, not gathering
    them itself (minutes at 100,000 articles), and says so."""
    corpus.update()
    (seeds_copy / "005_wire.txt").write_text("Wire copy\n\nA short report.", "utf-8")

    def stopped(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(IndexStore, "_relate", stopped)
        with pytest.raises(KeyboardInterrupt):
            corpus.update()
    corpus.close()
    with open(corpus.index_dir / "update.lock", "rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the next update, writing the files
        reader = Corpus(corpus.root, corpus.index_dir)
        assert reader.search("").total == 6
        assert reader.events() == [] and reader.links("005_wire.txt") == []
        assert reader.took_partial_state() and not reader.took_partial_state()
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert reader.events()  # no update running: the reader gathers what is missing
    assert not reader.took_partial_state()
    reader.close()


def test_replaced_files_do_not_leave_dead_segments(tmp_path: Path) -> None:
    root, index_dir = tmp_path / "corpus", tmp_path / "index"
    for tag in ("one", "two", "three", "four"):
        make_corpus(root, 120, tag)
        with Corpus(root, index_dir) as corpus:
            corpus.update()
            assert corpus.search(tag).total == 120
            assert len(every_id(corpus)) == 120
    (gen,) = index_dir.glob("gen-*")
    assert len(list(gen.glob("*.seg"))) == 1


KILLER = textwrap.dedent(
    """
    import os, sys
    from corpus_reader.index import Corpus
    phase, at = sys.argv[3], int(sys.argv[4])
    def progress(p):
        if p.phase == phase and p.done >= at:
            print("KILL ME", flush=True)
            os.kill(os.getpid(), 9)
    Corpus(sys.argv[1], sys.argv[2]).update(progress=progress)
    """
)


def make_corpus(root: Path, count: int, tag: str) -> None:
    root.mkdir(exist_ok=True)
    for n in range(count):
        words = " ".join(f"w{(n * 7 + k) % 97}" for k in range(60))
        (root / f"a{n:04d}.txt").write_text(f"Article {n} {tag}\n\n{words} unique{n}.\n")


@pytest.mark.slow
@pytest.mark.parametrize(("phase", "at"), [("read", 1), ("read", 150), ("commit", 0)])
def test_killed_writer_loses_nothing(tmp_path: Path, phase: str, at: int) -> None:
    root, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_corpus(root, 300, "first")
    with Corpus(root, index_dir) as corpus:
        corpus.update()
    make_corpus(root, 300, "second")  # every file changes
    for n in range(300, 340):
        (root / f"a{n:04d}.txt").write_text(f"Added {n}\n\nextra{n} text.\n")
    for n in range(0, 20):
        (root / f"a{n:04d}.txt").unlink()
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(root), str(index_dir), phase, str(at)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr

    with Corpus(root, index_dir) as corpus:
        before = corpus.search("", limit=1000).total
        assert before in (300, 320)  # the old state, or the new one: never half
        corpus.update()
        ids = every_id(corpus)
        assert len(ids) == len(set(ids)) == 320
        assert corpus.search("second").total == 280
        assert corpus.search("first").total == 0


def test_killed_first_build_leaves_no_index_and_recovers(tmp_path: Path) -> None:
    root, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_corpus(root, 200, "only")
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(root), str(index_dir), "read", "100"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with Corpus(root, index_dir) as corpus:
        assert not corpus.has_index()
        assert corpus.update().articles == 200
        assert len(list(index_dir.glob("gen-*"))) == 1
        assert corpus.search("only").total == 200


def test_a_changed_alias_file_rebuilds_the_index(corpus: Corpus) -> None:
    first = corpus.update()
    assert first.rebuilt and corpus.update().rebuilt is False
    assert corpus.entities(kind="org")
    assert "org:fake-widget" not in {e.key for e in corpus.entities()}

    # The user's alias file turns "Kremlin" into another name: the next update re-extracts.
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "corpus-reader"
    config.mkdir(parents=True)
    entry = {"kind": "org", "name": "Fake Widget", "aliases": ["Kremlin"]}
    (config / "aliases.json").write_text(json.dumps({"entries": [entry]}), "utf-8")
    again = corpus.update()
    assert again.rebuilt and again.notice is not None and "alias" in again.notice
    assert again.added == 5
    assert corpus.update().rebuilt is False  # once only
    assert "org:fake-widget" in {e.key for e in corpus.entities(kind="org")}


def test_an_index_without_a_fingerprint_is_rebuilt(corpus: Corpus, tmp_path: Path) -> None:
    corpus.update()
    current = tmp_path / "index" / "CURRENT"
    meta = json.loads(current.read_text("utf-8"))
    del meta["extraction"]  # as written by an earlier version
    current.write_text(json.dumps(meta), "utf-8")
    assert corpus.search("putin").total == 5  # readers keep using it meanwhile
    assert corpus.update().rebuilt


def test_an_index_of_another_version_is_rebuilt_with_a_notice(corpus: Corpus) -> None:
    corpus.update()
    corpus.close()
    current = corpus.index_dir / "CURRENT"
    meta = json.loads(current.read_text("utf-8"))
    current.write_text(json.dumps({**meta, "schema": meta["schema"] - 1}), "utf-8")
    summary = corpus.update()
    assert summary.rebuilt and summary.notice is not None and "version" in summary.notice
    assert corpus.search("de-escalation").total == 2
    assert corpus.update().notice is None  # once only
