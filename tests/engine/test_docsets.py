"""Document sets: the same documents Whoosh's own matching finds, counted without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_reader.index import Corpus
from corpus_reader.index.docsets import DocSets
from corpus_reader.index.search import bound_expansions, parse

WORDS = ["oil", "price", "bank", "wheat", "corn", "opec", "gold", "silver", "rates", "crude"]
QUERIES = [
    "oil",
    "oil price",
    "oil OR gold",
    "oil -corn",
    "oil NOT (corn OR wheat)",
    "NOT oil",
    '"crude oil"',
    "ban*",
    "title:wheat",
    "oil date:[2021-01-01 TO 2021-12-31]",
    "(gold OR silver) rates -bank",
    "zebra",
    "",
]


def write_articles(folder: Path, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        words = [WORDS[(n * k) % len(WORDS)] for k in (1, 3, 7)]
        body = " ".join(words) + (" crude oil" if n % 4 == 0 else "") + f" number{n}."
        day = f"2021-{1 + n % 12:02d}-{1 + n % 27:02d}" if n % 5 else f"2020-0{1 + n % 9}-15"
        text = f"{words[0].title()} report {n}\n\n{day}. {body}\n"
        (folder / f"a{n:03d}.txt").write_text(text, "utf-8")


def same_as_whoosh(corpus: Corpus) -> None:
    searcher = corpus._current_searcher()
    assert searcher is not None
    sets = DocSets(searcher)
    for text in QUERIES:
        q, _notice = parse(corpus._parser, text)
        assert q is not None, text
        q = bound_expansions(q, searcher.reader(), searcher.schema)
        expected = set(searcher.docs_for_query(q))
        assert sets.of(q) == expected, text
        assert sets.of(q) == expected, f"{text} (kept)"


def test_sets_match_whoosh_before_and_after_changes(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_articles(folder, 40)
    with Corpus(folder, tmp_path / "index") as corpus:
        corpus.update()
        same_as_whoosh(corpus)
        for n in (3, 8, 21):  # removed and replaced articles leave deleted documents behind
            (folder / f"a{n:03d}.txt").unlink()
        (folder / "a010.txt").write_text("Gold rush\n\n2021-05-05. gold silver rates.\n", "utf-8")
        write_articles(folder, 5, start=40)
        corpus.update()
        same_as_whoosh(corpus)


def test_newest_first_ties_in_reverse_document_order(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_articles(folder, 40)
    with Corpus(folder, tmp_path / "index") as corpus:
        corpus.update()
        searcher = corpus._current_searcher()
        assert searcher is not None
        sets = DocSets(searcher)
        everything = sets.every()
        every = parse(corpus._parser, "")[0]
        hits = searcher.search(every, limit=None, sortedby="day", reverse=True)
        expected = [hit.docnum for hit in hits]
        assert sets.newest(everything, 40, "day") == expected
        few = frozenset(expected[5:8])  # few of many: picked by rank, not by a walk
        assert sets.newest(few, 2, "day") == expected[5:7]
        assert sets.newest(few, 0, "day") == [] and sets.newest(frozenset(), 3, "day") == []


@pytest.mark.parametrize("text", ["oil", "crude oil", "oil -corn"])
def test_search_totals_are_the_set_sizes(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_articles(folder, 40)
    with Corpus(folder, tmp_path / "index") as corpus:
        corpus.update()
        searcher = corpus._current_searcher()
        assert searcher is not None
        q, _notice = parse(corpus._parser, text)
        expected = len(searcher.search(q, limit=None))
        assert corpus.search(text).total == expected > 0
