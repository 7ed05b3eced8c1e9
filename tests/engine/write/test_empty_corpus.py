"""A corpus that becomes empty (every file removed) and fills again: no crash anywhere."""

from __future__ import annotations

from pathlib import Path

from corpus_reader.index import Corpus


def test_a_corpus_emptied_then_filled_again(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    article = root / "a.txt"
    article.write_text("A title\n\nOn March 3, 2021, Angela Merkel visited Paris.\n")
    with Corpus(root, tmp_path / "index") as corpus:
        assert corpus.update().added == 1
        article.unlink()
        summary = corpus.update()
        assert (summary.articles, summary.removed) == (0, 1)
        assert corpus.search("Merkel").total == 0
        assert corpus.search("", limit=10).total == 0
        assert corpus.events() == []
        assert corpus.entities() == []
        assert corpus.event_page(limit=20) == ([], 0)
        assert corpus.update().articles == 0  # and again, nothing to do
        article.write_text("Back again\n\nOn May 1, 2022, Angela Merkel spoke in Berlin.\n")
        assert corpus.update().added == 1
        assert corpus.search("Merkel").total == 1
        assert [e.date for e in corpus.events()] == ["2022-05-01"]


def test_an_empty_corpus_from_the_start(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    with Corpus(root, tmp_path / "index") as corpus:
        assert corpus.update().articles == 0
        assert corpus.update().articles == 0
        assert corpus.search("anything").total == 0
        assert corpus.events() == []
