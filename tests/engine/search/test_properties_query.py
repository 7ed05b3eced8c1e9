"""Property tests of the query box: whatever the reader types, a search answers quickly.

Any string (syntax, field names, broken ranges, huge numbers, control characters) given to
``Corpus.search``, as typed or as still being typed (``partial``), gives results or a one-line
notice, never an exception; and no query reaches Whoosh with an expansion left unbounded
(``a*``, ``*``, ``?*``, a word range), which at 100,000 articles takes seconds. A hang shows
up as a failed deadline, not a stuck suite.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query

from corpus_reader.index import Corpus
from corpus_reader.index.search import query as search
from corpus_reader.index.whoosh_ext.keyword_terms import (
    KeywordPrefix,
    KeywordRange,
    KeywordWildcard,
)

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EXAMPLES = 600
"""Per test; the three tests run 1,800 queries (as typed or partial) in about 4 s."""
LIMIT = 5

SYNTAX = [
    "title:", "body:", "date:", "person:", "place:", "org:", "group:", "entity:", "event:",
    "source:", "id:", "url:", "day:", '"', "'", "(", ")", "[", "]", "{", "}", "*", "?", "~",
    " * ", " title:* ", "(*)", " why? ",
    "~2", "^", "^99999999999999999999", "-", "+", ":", "\\", " ", " ", " TO ", " OR ", " AND ",
    " NOT ", "AND", "ANDNOT", "2020", "2022-02-24", "2022-13", "2022-02-30", "0000",
    "99999999999999999999", "date:[2020 TO", "date:[2020 TO 2022]", "date:>", "date:>=2022-03",
    "date:<", "putin", "Kyiv", "Kiev", "Le Drian", "macron", "escal", "why", "a*", "?*", "*a",
    "e", "the", "\n", "\t", "\x00", "\x1b[31m", "\x9b", "\u202e", "é", "ß", "İ", "ﬁ", "世界",
    "😀", "ǅ",
]  # fmt: skip
"""Pieces a reader may type, chosen to meet the parser's syntax more often than text() does."""

queries = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=6)), max_size=12).map("".join),
)


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """The seeds indexed once for the module (the conftest's corpus is built per test)."""
    base = tmp_path_factory.mktemp("query-properties")
    folder = base / "corpus"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy2(path, folder / path.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(base / "cache"))
        patch.setenv("XDG_CONFIG_HOME", str(base / "config"))
        with Corpus(folder, base / "index") as corpus:
            corpus.update()
            yield corpus


def check_result(corpus: Corpus, text: str, partial: bool) -> None:
    result = corpus.search(text, partial=partial, limit=LIMIT)
    assert result.query == text
    assert 0 <= len(result.hits) <= min(LIMIT, result.total)
    if result.notice is not None:
        assert result.notice.strip(), "an empty notice"
        assert FORBIDDEN.search(result.notice) is None, "a notice on more than one line"


QUICK = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=2),  # a query takes milliseconds; a hang fails here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@QUICK
@given(text=queries, partial=st.booleans())
def test_any_query_gives_results_or_a_notice(seeds_index: Corpus, text: str, partial: bool) -> None:
    check_result(seeds_index, text, partial)


UNBOUNDED = (query.Prefix, query.Wildcard, query.FuzzyTerm, query.Regex, query.TermRange)


ONE_SET = (KeywordPrefix, KeywordRange, KeywordWildcard)
"""Expansions over ids, dates, keys and sources, matched as one set of documents
(``keyword_terms``): every term, but one matcher, not one a term (``id:[0 TO 9]`` 150 s)."""


def unbounded_leaves(q: Any) -> list[Any]:
    """Leaves Whoosh would expand over the whole term list (a range of dates is bounded) into
    a matcher a term, and ``Every`` of one field ("title:*", "*"), which reads each posting of
    the field: "*" took 2.7 s at 4,000 articles, a minute at 100,000."""
    if q.is_leaf():
        expands = isinstance(q, UNBOUNDED) and not isinstance(q, ONE_SET)
        every = isinstance(q, query.Every) and q.fieldname not in (None, "*")
        return [q] if expands or every else []
    return [leaf for child in q.children() for leaf in unbounded_leaves(child)]


def terms_per_field(q: Any) -> int:
    """The most terms the query searches in one text field."""
    counts: dict[str, int] = {}
    for field, _term in q.iter_all_terms():
        counts[field] = counts.get(field, 0) + 1
    return max((n for f, n in counts.items() if f in search.TEXT_FIELDS), default=0)


@QUICK
@given(text=queries, partial=st.booleans())
def test_expansions_are_bounded(seeds_index: Corpus, text: str, partial: bool) -> None:
    """After ``bound_expansions`` nothing expands inside Whoosh; each expansion is a few terms."""
    searcher = seeds_index._current_searcher()
    assert searcher is not None
    q, _notice = search.parse(seeds_index._parser, text, partial)
    if q is None:
        return
    bounded = search.bound_expansions(q, searcher.reader(), searcher.schema)
    assert unbounded_leaves(bounded) == []
    pieces = max(1, len(re.findall(r"[*?\[{]", text)) + 1)  # each expansion adds at most ...
    assert terms_per_field(bounded) <= pieces * (search.MAX_PREFIX_TERMS + len(text))


@pytest.mark.parametrize(
    "text", ["*", "title:*", "a*", "?*", "*?*?*", "e*", "[a TO z]", "{a TO b]", "putin *"]
)
def test_huge_expansions_take_few_terms(seeds_index: Corpus, text: str) -> None:
    searcher = seeds_index._current_searcher()
    assert searcher is not None
    q, _notice = search.parse(seeds_index._parser, text)
    assert q is not None
    bounded = search.bound_expansions(q, searcher.reader(), searcher.schema)
    assert unbounded_leaves(bounded) == []
    assert terms_per_field(bounded) <= search.MAX_PREFIX_TERMS


@pytest.mark.parametrize(
    "typed", ["why?", "Why?", "is Putin ready?", "Le Drian?", "putin?!", "(Kyiv?)", "Putin?."]
)
def test_a_question_mark_ending_a_word_is_punctuation(seeds_index: Corpus, typed: str) -> None:
    """ "is Putin ready?" is a question, not "ready" plus one letter: it searches the words
    (the "?" ends the word, as a space would: it is not completed as still being typed)."""
    plain = typed.rstrip("?!") + " "
    for partial in (False, True):
        got = seeds_index.search(typed, partial=partial)
        want = seeds_index.search(plain, partial=partial)
        assert {h.id for h in got.hits} == {h.id for h in want.hits}, typed
        assert got.notice == want.notice


def test_a_question_mark_inside_a_word_is_one_letter(seeds_index: Corpus) -> None:
    assert seeds_index.search("Dr?an").total == seeds_index.search("Drian").total > 0
    # Before a dot or a hyphen too: an id's "a01?.txt", an event date's "2022-0?-07".
    assert seeds_index.search("id:00?_97abde8a9f432db6.txt").total == 1
    assert (
        seeds_index.search("event:2022-0?-07").total
        == seeds_index.search("event:2022-03-07").total
        > 0
    )


def test_a_very_long_query_is_searched_quickly(seeds_index: Corpus) -> None:
    """Whoosh's tagger is quadratic in a word's length (20,000 letters took 2 s): the query
    is cut, and says so."""
    result = seeds_index.search("x" * 50_000, partial=True)
    assert result.notice is not None and "characters" in result.notice


@QUICK
@given(text=queries, partial=st.booleans())
def test_marks_never_fail(seeds_index: Corpus, text: str, partial: bool) -> None:
    """The article pane marks the query's words in the text: any query, any text."""
    body = "Putin met Macron in Kyiv (Kiev) on 24 February 2022; Le Drian? de-escalation."
    for start, end in seeds_index.marks(body, text, partial):
        assert 0 <= start < end <= len(body)
