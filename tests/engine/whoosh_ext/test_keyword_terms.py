"""Ranges, prefixes and wildcards over keyword fields: the same documents as Whoosh's own
queries, found as sets.

Whoosh ORs one matcher per term (``id:[0 TO 9]`` took 150 s at 100,000 articles); the
``keyword_terms`` queries must match exactly what it would, across segments and deletions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import query

from corpus_reader.index import Corpus
from corpus_reader.index.whoosh_ext.keyword_terms import (
    KeywordPrefix,
    KeywordRange,
    KeywordWildcard,
    one_set,
)
from corpus_reader.index.write.store import IndexStore

DAYS = ("1 March 2022", "2 March 2022", "15 March 2022", "4 April 2022", "9 May 2023")


def _write(folder: Path, n: int) -> None:
    day = DAYS[n % len(DAYS)]
    site = ("example.org", "news.example.com", "harbour-times.net")[n % 3]
    (folder / f"a{n:03d}.txt").write_text(
        f" date 2022-06-{n % 28 + 1:02d} https://{site}/{n}\n\nReport {n}\n\n"
        f"The council met on {day} to discuss the harbour.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def segmented(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path]:
    """A corpus indexed in three updates (several segments), some files removed since."""
    root = tmp_path_factory.mktemp("ranges")
    folder = root / "corpus"
    folder.mkdir()
    corpus = Corpus(folder, root / "index")
    for batch in (range(0, 30), range(30, 45), range(45, 52)):
        for n in batch:
            _write(folder, n)
        corpus.update()
    for n in (3, 31, 47):
        (folder / f"a{n:03d}.txt").unlink()
    corpus.update()
    gen = IndexStore(root / "index").current_generation()
    assert gen is not None
    return corpus, gen


RANGES = [
    ("id", "a010.txt", "a020.txt", False, False),
    ("id", "a010.txt", "a020.txt", True, True),
    ("id", "a0", "a05", False, False),
    ("id", None, "a004.txt", False, False),
    ("id", "a049.txt", None, True, False),
    ("id", "b", "z", False, False),
    ("file", "a000.txt", "a099.txt", False, True),
    ("digest", "0", "8", False, False),
    ("event", "2022-03", "2022-04", False, False),
    ("event", "2022-03-01", "2022-03-15", True, False),
    ("event", "2022", None, False, False),
    ("event", None, "2022-03-02", False, True),
    ("place", "a", "m", False, False),
    ("url", "https://example.org/1", "https://example.org/3", False, False),  # one each
    ("url", None, None, False, False),
    ("source", "example", "news", False, True),
]


def same_documents(gen: Path, whoosh_query: query.Query, kind: type) -> None:
    ix = whoosh_index.open_dir(str(gen), readonly=True)
    with ix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1  # the queries cross segments
        assert searcher.reader().has_deletions()
        ours = one_set(whoosh_query)
        assert type(ours) is kind
        expected = set(searcher.docs_for_query(whoosh_query))
        assert set(searcher.docs_for_query(ours)) == expected


@pytest.mark.parametrize(("field", "start", "end", "start_excl", "end_excl"), RANGES)
def test_ranges_match_what_whoosh_matches(
    segmented: tuple[Corpus, Path],
    field: str,
    start: str | None,
    end: str | None,
    start_excl: bool,
    end_excl: bool,
) -> None:
    _, gen = segmented
    same_documents(gen, query.TermRange(field, start, end, start_excl, end_excl), KeywordRange)


PATTERNS = [
    ("id", "a01", query.Prefix, KeywordPrefix),
    ("id", "", query.Prefix, KeywordPrefix),
    ("file", "zz", query.Prefix, KeywordPrefix),
    ("event", "2022-03", query.Prefix, KeywordPrefix),
    ("place", "", query.Prefix, KeywordPrefix),
    ("id", "a0?5.txt", query.Wildcard, KeywordWildcard),
    ("id", "*4.t*", query.Wildcard, KeywordWildcard),
    ("event", "2022-0?-01", query.Wildcard, KeywordWildcard),
    ("event", "*-15", query.Wildcard, KeywordWildcard),
    ("url", "https://news.", query.Prefix, KeywordPrefix),
    ("url", "*/4?", query.Wildcard, KeywordWildcard),
    ("source", "harbour", query.Prefix, KeywordPrefix),
]


@pytest.mark.parametrize(("field", "text", "whoosh_kind", "kind"), PATTERNS)
def test_prefixes_and_wildcards_match_what_whoosh_matches(
    segmented: tuple[Corpus, Path], field: str, text: str, whoosh_kind: type, kind: type
) -> None:
    _, gen = segmented
    same_documents(gen, whoosh_kind(field, text), kind)


def test_search_uses_it_and_finds_the_articles(segmented: tuple[Corpus, Path]) -> None:
    corpus, _ = segmented
    result = corpus.search("id:[a010.txt TO a014.txt]", limit=50)
    assert sorted(hit.id for hit in result.hits) == [f"a{n:03d}.txt" for n in range(10, 15)]
    result = corpus.search("id:{a000.txt TO a005.txt}", limit=50)
    assert sorted(hit.id for hit in result.hits) == ["a001.txt", "a002.txt", "a004.txt"]
    # Every fifth report mentions 9 May 2023, less the removed a047.
    in_2023 = corpus.search("event:[2023 TO 2024]", limit=50)
    assert sorted(hit.id for hit in in_2023.hits) == [
        f"a{n:03d}.txt" for n in range(4, 52, 5) if n != 47
    ]
    assert in_2023.total == len(in_2023.hits)
    both = corpus.search("harbour event:[2023 TO 2024] id:[a000.txt TO a020.txt]", limit=50)
    assert sorted(hit.id for hit in both.hits) == ["a004.txt", "a009.txt", "a014.txt", "a019.txt"]


def test_prefixes_and_wildcards_match_every_value_not_the_most_frequent(
    segmented: tuple[Corpus, Path],
) -> None:
    corpus, _ = segmented
    # A word prefix takes its 8 most frequent completions; an id prefix means every id.
    assert corpus.search("id:a0*", limit=100).total == 49
    assert corpus.search("id:a01?.txt", limit=100).total == 10
    # 1, 2 and 15 March 2022: reports n % 5 in (0, 1, 2), less the removed a031 and a047
    assert corpus.search("event:2022-03*", limit=100).total == 30
    assert corpus.search("event:*", limit=100).total == 49
