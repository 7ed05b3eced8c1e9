"""Files that change, vanish or appear while a build runs: the next update picks each up,
and no article is recorded with text its file does not have."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_reader.index import Corpus, Progress


def write(root: Path, count: int) -> list[Path]:
    root.mkdir()
    paths = []
    for n in range(count):
        path = root / f"a{n:03d}.txt"
        path.write_text(f"Article {n}\n\nThe original text of article {n} says alpha.\n")
        paths.append(path)
    return paths


@pytest.mark.parametrize("phase", ["scan", "read", "commit", "links"])
def test_changes_while_building_are_picked_up_next(tmp_path: Path, phase: str) -> None:
    root = tmp_path / "corpus"
    paths = write(root, 12)
    first, last, gone = paths[0], paths[-1], paths[5]
    done: list[str] = []

    def meddle(progress: Progress) -> None:
        if progress.phase == phase and not done:
            done.append(phase)
            first.write_text("Article 0\n\nRewritten during the build: beta.\n")
            last.write_text("Article 11\n\nRewritten during the build, longer: beta beta.\n")
            gone.unlink()
            (root / "new.txt").write_text("Appeared\n\nA file that appeared: gamma.\n")

    with Corpus(root, tmp_path / "index") as corpus:
        corpus.update(progress=meddle)
        assert done
        corpus.update()  # the next update catches up
        assert corpus.search("", limit=100).total == 12
        assert corpus.search("beta").total == 2
        assert corpus.search("gamma").total == 1
        assert corpus.search("alpha").total == 9  # 12 - 2 rewritten - 1 gone
        for hit in corpus.search("", limit=100).hits:  # each as its file says now
            assert corpus.article(hit.id).body in (root / hit.id).read_text()
        assert corpus.update().added == 0
