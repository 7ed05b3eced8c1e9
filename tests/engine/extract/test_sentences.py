"""sentence_spans: news sentences, abbreviations, glued sentences, lines."""

from __future__ import annotations

import pytest

from corpus_reader.index.extract.sentences import sentence_spans


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Mr. Smith met Dr. Jones. They spoke.", ["Mr. Smith met Dr. Jones.", "They spoke."]),
        ("He met U.S. officials at 10 a.m. Friday.", ["He met U.S. officials at 10 a.m. Friday."]),
        ("He flew to the U.S. The talks began.", ["He flew to the U.S.", "The talks began."]),
        ("John F. Kennedy spoke.", ["John F. Kennedy spoke."]),
        ("It was on Jan. 5 that he left.", ["It was on Jan. 5 that he left."]),
        ('He said "yes." Then he left.', ['He said "yes."', "Then he left."]),
        ("“Open.” During the call", ["“Open.”", "During the call"]),
        ('with the Ukrainians".The Russian army', ['with the Ukrainians".', "The Russian army"]),
        ("the process again.On Sunday, Macron", ["the process again.", "On Sunday, Macron"]),
        ("Visit sputniknews.com today.", ["Visit sputniknews.com today."]),
        ("A caption line\nA body line", ["A caption line", "A body line"]),
        ("  Para one.\n\n  Para two.  ", ["Para one.", "Para two."]),
    ],
)
def test_sentences(text: str, sentences: list[str]) -> None:
    assert split(text) == sentences


def test_spans_index_the_text_and_are_trimmed() -> None:
    text = " A b.  C d. \n E f "
    spans = sentence_spans(text)
    assert spans == [(1, 5), (7, 11), (14, 17)]
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)


def test_empty() -> None:
    assert sentence_spans("") == []
    assert sentence_spans(" \n\n ") == []
