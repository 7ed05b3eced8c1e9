"""Symbolic links followed on request (``--follow-symlinks``): what they lead to outside the
corpus is read as if it were there, each file and folder once, loops end, and the choice is
kept with the index so that an update without the option does not drop the linked files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus_reader.index import Corpus, Skipped
from corpus_reader.index.ingest.walk import scan
from corpus_reader.index.write.workers import PARALLEL_FROM, Workers
from corpus_reader.tui.cli import main


def _text(path: Path, title: str, body: str) -> None:
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A corpus with links out to a folder (twice), to a file, back into itself, to its own
    parent (a loop through the corpus), to a file inside it, and one broken link."""
    corpus, outside, other = tmp_path / "corpus", tmp_path / "outside", tmp_path / "other"
    for folder in (corpus / "sub", outside / "deep", other):
        folder.mkdir(parents=True)
    _text(corpus / "in.txt", "Inside", "The council met in Paris on 3 March 2022.")
    _text(outside / "out.txt", "Outside", "The talks resumed in Berlin on 4 March 2022.")
    _text(outside / "deep" / "deep.txt", "Deep", "A deep walrus note.")
    _text(other / "lone.txt", "Lone", "A lone narwhal file.")
    (corpus / "ext").symlink_to("../outside")
    (corpus / "ext2").symlink_to(outside)
    (corpus / "sub" / "lone.txt").symlink_to("../../other/lone.txt")
    (corpus / "sub" / "twice.txt").symlink_to(other / "lone.txt")
    (corpus / "up").symlink_to(tmp_path)
    (outside / "back").symlink_to(corpus)
    (outside / "deep" / "up").symlink_to("..")
    (corpus / "again.txt").symlink_to("in.txt")
    (corpus / "broken.txt").symlink_to("nowhere.txt")
    return corpus


def test_scan_follows_symlinks_out_once_each_and_ends_loops(tree: Path) -> None:
    entries, skipped = scan(tree, follow_symlinks=True)
    assert [e.path for e in entries] == [
        "ext/deep/deep.txt",
        "ext/out.txt",
        "in.txt",
        "sub/lone.txt",
    ]
    assert skipped == [
        Skipped("again.txt", "symbolic link to a file in the corpus (read at its own path)"),
        Skipped("broken.txt", "broken symbolic link"),
        Skipped("ext/back", "symbolic link to a folder in the corpus (read at its own path)"),
        Skipped("ext/deep/up", "same folder as ext (read there)"),
        Skipped("ext2", "same folder as ext (read there)"),
        Skipped("sub/twice.txt", "same file as sub/lone.txt (read there)"),
        Skipped("up/corpus", "same folder as the corpus (read there)"),
        Skipped("up/other/lone.txt", "same file as sub/lone.txt (read there)"),
        Skipped("up/outside", "same folder as ext (read there)"),
    ]
    linked = next(e for e in entries if e.path == "sub/lone.txt")
    target = (tree.parent / "other" / "lone.txt").stat()
    assert (linked.size, linked.mtime_ns) == (target.st_size, target.st_mtime_ns)


def test_scan_does_not_follow_symlinks_by_default(tree: Path) -> None:
    entries, skipped = scan(tree)
    assert [e.path for e in entries] == ["in.txt"]
    assert [s.path for s in skipped] == [
        "again.txt",
        "broken.txt",
        "ext",
        "ext2",
        "sub/lone.txt",
        "sub/twice.txt",
        "up",
    ]


def _ids(corpus: Corpus, text: str) -> list[str]:
    return sorted(hit.id for hit in corpus.search(text, limit=50).hits)


def test_the_choice_is_kept_with_the_index(tree: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    with Corpus(tree, index, follow_symlinks=True) as corpus:
        summary = corpus.update()
        assert (summary.articles, summary.added) == (4, 4)
        assert _ids(corpus, "walrus OR narwhal") == ["ext/deep/deep.txt", "sub/lone.txt"]
    with Corpus(tree, index) as corpus:  # no option: as the index was made
        assert corpus.update().articles == 4
        _text(tree.parent / "other" / "lone.txt", "Lone", "A lone narwhal and a beluga.")
        summary = corpus.update()  # the linked file changed: read again
        assert (summary.articles, summary.updated) == (4, 1)
        assert _ids(corpus, "beluga") == ["sub/lone.txt"]
    with Corpus(tree, index, follow_symlinks=False) as corpus:
        summary = corpus.update()
        assert (summary.articles, summary.removed) == (1, 3)
    with Corpus(tree, index) as corpus:
        assert corpus.update().articles == 1
        assert _ids(corpus, "walrus OR narwhal") == []


def test_an_update_in_a_child_follows_symlinks_too(tree: Path, tmp_path: Path) -> None:
    with Corpus(tree, tmp_path / "index", follow_symlinks=True) as corpus:
        assert corpus.update(in_child=True).articles == 4  # the app updates in a child
        assert _ids(corpus, "walrus") == ["ext/deep/deep.txt"]


def test_workers_read_symlinked_files(tmp_path: Path) -> None:
    outside, corpus = tmp_path / "outside", tmp_path / "corpus"
    outside.mkdir()
    corpus.mkdir()
    for n in range(PARALLEL_FROM):
        _text(outside / f"{n}.txt", f"Note {n}", f"Linked note number {n}.")
        os.symlink(outside / f"{n}.txt", corpus / f"{n}.txt")
    paths = [e.path for e in scan(corpus, follow_symlinks=True)[0]]
    with Workers(2) as workers:
        assert workers.wanted(len(paths))
        reads = list(workers.read(corpus, paths, follow_symlinks=True))
    assert [r.skipped for r in reads] == [()] * PARALLEL_FROM
    assert sorted(r.articles[0].title for r in reads) == sorted(
        f"Note {n}" for n in range(PARALLEL_FROM)
    )


def test_cli_option_and_what_index_prints(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--corpus", str(tree), "--index", str(tmp_path / "index")]
    assert main(["index", *where, "--follow-symlinks"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("4 articles in the index (4 added,")
    assert "  ext2: same folder as ext (read there)" in out
    assert main(["search", "walrus", *where]) == 0  # updates first, keeping the choice
    assert capsys.readouterr().out.splitlines()[0] == "1 article match 'walrus'"
    assert main(["index", *where, "--no-follow-symlinks"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("1 article in the index (0 added, 0 updated, 3 removed)")
    assert "  ext: symbolic link to outside the corpus (not followed)" in out
