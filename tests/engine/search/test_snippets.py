"""Snippets: the passage with the most distinct matched terms, the words marked, no markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_reader.index import Corpus
from corpus_reader.index.search import query as search
from corpus_reader.index.search import snippets
from corpus_reader.index.search.snippets import (
    HEAD,
    SNIPPET_CHARS,
    best_snippet,
    stem_of,
    word_heads,
)
from corpus_reader.index.whoosh_ext.schema import build_schema


def marked(text: str, terms: set[str]) -> list[str]:
    snippet = best_snippet(text, terms)
    assert snippet is not None
    return [snippet.text[s:e] for s, e in snippet.highlights]


def test_words_are_stemmed_as_the_index_stems_them() -> None:
    assert stem_of("Evacuating") == stem_of("evacuation") == "evacu"
    assert stem_of("the") is None and stem_of("a") is None


def test_the_window_with_most_distinct_terms_wins() -> None:
    filler = "nothing to see here " * 20
    text = f"Oil rose. {filler} Oil prices fell as price talks ended. {filler}"
    snippet = best_snippet(text, {"oil", "price"})
    assert snippet is not None
    assert "Oil prices fell" in snippet.text and snippet.text.startswith("… ")
    assert len(snippet.text) <= SNIPPET_CHARS + 4
    assert marked(text, {"oil", "price"})[0] == "Oil prices"  # one mark across the space


def test_no_term_in_the_body_gives_none() -> None:
    assert best_snippet("Nothing here.", {"oil"}) is None
    assert best_snippet("Oil here.", set()) is None


def test_negated_words_are_not_marked(corpus: Corpus) -> None:
    corpus.update()
    hits = corpus.search("putin OR (macron NOT zelensky)").hits
    naming_zelensky = [h for h in hits if "zelensky" in corpus.article(h.id).body.lower()]
    assert naming_zelensky  # they match through "putin"
    for hit in hits:
        words = {hit.snippet.text[s:e].lower() for s, e in hit.snippet.highlights}
        assert words and "zelensky" not in words


def test_the_terms_to_mark_leave_out_negated_ones() -> None:
    parser = search.make_parser(build_schema())
    for text in ("putin OR (macron NOT zelensky)", "putin -zelensky", "putin ANDNOT zelensky"):
        q, _notice = search.parse(parser, text)
        terms = {t for f, t in search.positive_terms(q) if f == "body"}
        assert "putin" in terms and stem_of("zelensky") not in terms, text


TRICKY = "dying lying Tying try using going icing Skies U.S added awful Flying escalation de"
TRICKY += " petroleum countries ugly news"


@pytest.mark.parametrize("word", TRICKY.split())
def test_a_word_is_stemmed_when_its_head_could_give_the_term(word: str) -> None:
    term = stem_of(word)
    assert term is not None
    assert word[:HEAD].lower() in word_heads({term})
    assert best_snippet(f"Some text. {word} here.", {term}) is not None


def test_words_of_other_heads_are_not_stemmed() -> None:
    assert word_heads({"petroleum", "die"}) == {"pe", "di", "dy"}


def _window_by_hand(body: str, found: list[tuple[int, int, str]]) -> tuple[int, int]:
    """The window rule, read literally: every candidate against every match."""
    best: tuple[int, int] | None = None
    start = anchor = 0
    for first, _end, _term in found:
        begin = max(0, first - snippets.SURROUND)
        inside = [t for s, e, t in found if s >= begin and e <= begin + snippets.SNIPPET_CHARS]
        score = (len(set(inside)), len(inside))
        if best is None or score > best:
            best, start, anchor = score, begin, first
    if start > 0:
        space = body.find(" ", start, anchor)
        start = space + 1 if space != -1 else anchor
    end = min(len(body), start + snippets.SNIPPET_CHARS)
    if end < len(body):
        space = body.rfind(" ", anchor, end)
        end = space if space > anchor else end
    return start, end


@given(st.lists(st.sampled_from(["oil", "gas", "x", "the", "a" * 300, "\n"]), max_size=400))
@settings(max_examples=300, deadline=None)
def test_the_window_is_the_one_the_rule_names(words: list[str]) -> None:
    body = " ".join(words)
    found = [
        (m.start(), m.end(), m.group()) for m in re.finditer(r"\w+", body) if m.group() != "the"
    ]
    if found:
        assert snippets._window(body, found) == _window_by_hand(body, found)


def test_a_body_dense_with_the_term_takes_one_pass() -> None:
    body = "padding word Merkel " * 12_500
    found = [(m.start(), m.end(), "merkel") for m in re.finditer("Merkel", body)]
    assert snippets._window(body, found) == _window_by_hand(body[:3000], found[:100])
