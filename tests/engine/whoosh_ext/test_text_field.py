"""The article text field's postings, computed in one pass: Whoosh's, byte for byte."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import fields
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer

from corpus_reader.index.whoosh_ext import text_field
from corpus_reader.index.whoosh_ext.schema import TITLE_BOOST, build_schema
from corpus_reader.index.whoosh_ext.text_field import ArticleText

SEEDS = Path(__file__).resolve().parents[3] / "seeds"

TRICKY = [
    "",
    "   \n\t ",
    "the of and a",  # stop words only
    "The war began. The the THE war",  # stop words first: the first kept word keeps its place
    "U.S. e.g. 3.5 a.b..c end. Mr.Smith x y z",  # dotted words, one-letter words
    "ship* *star a*b ** wild*card",  # Whoosh's default pattern keeps asterisks in words
    "İstanbul ǅemal ÀÉÎ straße ﬁne Kelvin\u212a",  # lower case that changes length or letters
    "١٢٣ ٤ 中文 テスト 한국어 ΑΘΗΝΑ Αθήνα",
    "don't won't it's O'Brien's",
    "running runs ran runner RUNNING Running",
]


def _whoosh_postings(field: ArticleText, text: str) -> list[tuple[bytes, int, float, bytes]]:
    """What Whoosh's own TEXT field gives for the same analyzer, format and boost."""
    plain = fields.TEXT(analyzer=field.analyzer, field_boost=field.format.field_boost)
    return list(plain.index(text))


def _texts() -> list[str]:
    rng = random.Random(11)
    seeds = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    words = " ".join(seeds).split()
    shuffled = [" ".join(rng.choices(words, k=rng.randint(1, 400))) for _ in range(60)]
    return TRICKY + seeds + shuffled


@pytest.mark.parametrize("name", ["title", "body"])
def test_postings_are_whooshs_byte_for_byte(name: str) -> None:
    field = build_schema()[name]
    assert isinstance(field, ArticleText)
    assert text_field.chain_of(field.analyzer) is not None  # the fast path is taken
    for text in _texts():
        assert list(field.index(text)) == _whoosh_postings(field, text), text[:80]


def test_the_title_weighs_its_boost() -> None:
    postings = build_schema()["title"].index("Kyiv talks, Kyiv")
    assert [(term, freq, weight) for term, freq, weight, _ in postings] == [
        (b"kyiv", 2, 2 * TITLE_BOOST),
        (b"talk", 1, TITLE_BOOST),
    ]


def test_the_stop_filter_renumbers_positions() -> None:
    field = build_schema()["body"]
    positions = {
        term: field.format.decode_positions(value)
        for term, _, _, value in field.index("The war in the east: the war goes on")
    }
    # "the", "in", "on" are stop words: the first word kept keeps position 1, the rest follow
    assert positions == {b"war": [1, 3], b"east": [2], b"goe": [4]}


def test_other_analyzers_take_whooshs_path() -> None:
    for analyzer in (StandardAnalyzer(), StemmingAnalyzer(minsize=4, stoplist=None)):
        assert text_field.chain_of(analyzer) is None
        field = ArticleText(analyzer=analyzer)
        for text in TRICKY:
            assert list(field.index(text)) == _whoosh_postings(field, text)


def test_a_chain_with_its_own_settings_matches_whoosh() -> None:
    analyzer = StemmingAnalyzer(minsize=3, maxsize=8, ignore={"running"})
    assert text_field.chain_of(analyzer) is not None
    field = ArticleText(analyzer=analyzer, field_boost=1.5)
    for text in _texts():
        assert list(field.index(text)) == _whoosh_postings(field, text), text[:80]


def test_analyzers_that_analyse_alike_share_one_chain_and_few_are_kept() -> None:
    first, second = StemmingAnalyzer(), StemmingAnalyzer()  # as two openings of one index give
    chain = text_field.chain_of(first)
    assert chain is not None and text_field.chain_of(second) is chain
    assert text_field.chain_of(StemmingAnalyzer(minsize=3)) is not chain
    for _ in range(3 * text_field.MAX_SEEN):
        text_field.chain_of(StemmingAnalyzer())
    assert len(text_field._SEEN) <= text_field.MAX_SEEN
