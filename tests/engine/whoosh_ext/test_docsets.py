"""Document sets: the same documents Whoosh's own matching finds, counted without it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from corpus_reader.index import Corpus
from corpus_reader.index.search.query import bound_expansions, date_filter, parse
from corpus_reader.index.whoosh_ext import ranking
from corpus_reader.index.whoosh_ext.docsets import DocSets

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
    '"oil crude"',
    '"oil crude"~3 gold',
    '"rates crude oil" OR "oil gold"',
    '"crude oil" -"oil crude"',
    "title:wheat",
    "oil date:[2021-01-01 TO 2021-12-31]",
    "date:2021-03-15",
    "date:>2021-06",
    "date:<=2020",
    "date:2021-05 OR date:[2020-02-15 TO 2020-03-01]",
    "date:[TO 2021-02-10]",
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


@contextmanager
def made_corpus(
    tmp_path: Path, count: int, extra: dict[str, str] | None = None
) -> Iterator[Corpus]:
    """``count`` made-up articles (and ``extra`` files), indexed."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_articles(folder, count)
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, "utf-8")
    with Corpus(folder, tmp_path / "index") as corpus:
        corpus.update()
        yield corpus


def searcher_of(corpus: Corpus) -> Any:
    searcher = corpus._current_searcher()
    assert searcher is not None
    return searcher


def same_as_whoosh(corpus: Corpus) -> None:
    searcher = searcher_of(corpus)
    sets = DocSets(searcher)
    for text in QUERIES:
        q, _notice = parse(corpus._parser, text)
        assert q is not None, text
        q = bound_expansions(q, searcher.reader(), searcher.schema)
        expected = set(searcher.docs_for_query(q))
        assert sets.of(q) == expected, text
        assert sets.of(q) == expected, f"{text} (kept)"


def test_sets_match_whoosh_before_and_after_changes(tmp_path: Path) -> None:
    with made_corpus(tmp_path, 40) as corpus:
        same_as_whoosh(corpus)
        for n in (3, 8, 21):  # removed and replaced articles leave deleted documents behind
            (corpus.root / f"a{n:03d}.txt").unlink()
        (corpus.root / "a010.txt").write_text(
            "Gold rush\n\n2021-05-05. gold silver rates.\n", "utf-8"
        )
        write_articles(corpus.root, 5, start=40)
        corpus.update()
        same_as_whoosh(corpus)


def test_newest_first_ties_in_reverse_document_order(tmp_path: Path) -> None:
    with made_corpus(tmp_path, 40) as corpus:
        searcher = searcher_of(corpus)
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
    with made_corpus(tmp_path, 40) as corpus:
        searcher = searcher_of(corpus)
        q, _notice = parse(corpus._parser, text)
        expected = len(searcher.search(q, limit=None))
        assert corpus.search(text).total == expected > 0


RANKED = ["oil", "oil crude", "oil OR gold", "oil -corn", "(gold OR silver) rates -bank", "ban*"]
RANKED += ["title:wheat OR corn^2", "NOT oil", "zebra", "oil ANDMAYBE gold", "(oil gold)^3 crude"]
RANKED += ["oil date:[2021-01-01 TO 2021-12-31]", "date:>2021-06 gold -corn"]


@pytest.mark.parametrize("limit", [5, 100])
def test_ranking_is_whooshs_ranking(tmp_path: Path, limit: int) -> None:
    with made_corpus(tmp_path, 60) as corpus:
        same_ranking_as_whoosh(corpus, limit)
        for n in (3, 8, 21):  # deleted documents and a second segment
            (corpus.root / f"a{n:03d}.txt").unlink()
        write_articles(corpus.root, 5, start=60)
        corpus.update()
        same_ranking_as_whoosh(corpus, limit)


def same_ranking_as_whoosh(corpus: Corpus, limit: int) -> None:
    searcher = searcher_of(corpus)
    sets = DocSets(searcher)
    for text in RANKED:
        q, _notice = parse(corpus._parser, text)
        q = bound_expansions(q, searcher.reader(), searcher.schema)
        ours = ranking.best(q, searcher, sets, sets.of(q), limit)
        assert ours is not None, text
        theirs = [(hit.docnum, hit.score) for hit in searcher.search(q, limit=limit)]
        assert [d for d, _ in ours] == [d for d, _ in theirs], text
        assert [s for _, s in ours] == pytest.approx([s for _, s in theirs]), text


def test_partial_nots_are_left_to_whoosh(tmp_path: Path) -> None:
    with made_corpus(tmp_path, 10) as corpus:
        searcher = searcher_of(corpus)
        some_matches, _notice = parse(corpus._parser, "oil OR NOT gold")  # NOT adds to some
        assert ranking.scoring_terms(some_matches, 1.0) is None
        assert ranking.best(some_matches, searcher, DocSets(searcher), frozenset({1}), 5) is None


def test_phrase_hits_rank_by_their_words(tmp_path: Path) -> None:
    """Whoosh scores a phrase by its span matcher; here by the BM25 of its words, the same
    for every hit of the phrase as for a search of the words among those hits."""
    with made_corpus(tmp_path, 40) as corpus:
        phrase, words = corpus.search('"crude oil"'), corpus.search("crude oil")
        assert phrase.total == 10 == words.total  # "crude oil" is added to every fourth
        assert [h.id for h in phrase.hits] == [h.id for h in words.hits]
        assert [h.score for h in phrase.hits] == [h.score for h in words.hits]
        assert corpus.search('"oil crude"').total == 2


def test_date_filters_are_whooshs(tmp_path: Path) -> None:
    undated = {"undated.txt": "Oil and gold\n\noil gold rates.\n"}
    with made_corpus(tmp_path, 60, undated) as corpus:
        searcher = searcher_of(corpus)
        sets = DocSets(searcher)
        spans = [(date(2021, 3, 15), date(2021, 3, 15)), (None, date(2021, 2, 1))]
        spans += [(date(2021, 11, 30), None), (date(2020, 1, 1), date(2020, 12, 31))]
        for start, end in spans:
            q = date_filter(start, end)
            assert sets.of(q) == set(searcher.docs_for_query(q)), (start, end)
            assert sets.of(q), (start, end)
        hits = corpus.search("oil", date_from=date(2021, 1, 1), date_to=date(2021, 6, 30))
        whoosh = searcher.search(
            parse(corpus._parser, "oil")[0],
            filter=date_filter(date(2021, 1, 1), date(2021, 6, 30)),
            limit=None,
        )
        assert hits.total == len(whoosh) > 0
