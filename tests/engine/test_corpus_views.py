"""What the entity view and the date view ask of the engine: exact expectations on the seeds."""

from __future__ import annotations

from datetime import date

import pytest

from corpus_reader.index import Corpus, EntityMention, EntityNotFound

S000 = "000_97abde8a9f432db6.txt"
S001 = "001_413afbb7d4f14754.txt"
S002 = "002_dc3610e44bff4c5d.txt"
S003 = "003_7b698886cd674502.txt"
S004 = "004_65e64c825baad34a.txt"
LE_DRIAN = "person:jean-yves-le-drian"


def test_entity_by_key_has_its_aliases_and_counts(corpus: Corpus) -> None:
    corpus.update()
    entity = corpus.entity(LE_DRIAN)
    assert entity.name == "Jean-Yves Le Drian"
    assert entity.kind == "person"
    assert entity.aliases == ("Jean-Yves Le Drian", "Le Drian")
    assert (entity.articles, entity.mentions) == (2, 3)
    assert corpus.entity("place:kyiv").aliases == ("Kiev", "Kyiv")


def test_unknown_entity_key_raises_not_found(corpus: Corpus) -> None:
    with pytest.raises(EntityNotFound, match="no index"):
        corpus.entity(LE_DRIAN)
    corpus.update()
    with pytest.raises(EntityNotFound, match="person:nobody"):
        corpus.entity("person:nobody")
    assert corpus.mentions_of("person:nobody") == []


def test_mentions_of_gives_one_row_per_article_newest_first(corpus: Corpus) -> None:
    corpus.update()
    rows = corpus.mentions_of(LE_DRIAN)
    assert rows == [
        EntityMention(
            article=S000,
            title="'We Are Not at War': French FM Says 'Absolutely Necessary' to Maintain "
            "Communication With Russia",
            published=date(2022, 3, 7),
            source="sputniknews.com",
            mention=7,
            start=256,
            end=264,
            text="Le Drian",
            sentence='"it is absolutely necessary to keep a channel of communication with '
            'Vladimir Putin," Le Drian said on the France 2 television channel on Sunday '
            'night, pointing out that "we are not at war against Russia, we are in solidarity '
            'with the Ukrainians".',
            sentence_start=171,
            sentence_end=417,
            count=1,
        ),
        EntityMention(
            article=S002,
            title="Putin and Macron agree on the need for a “de-escalation” in Ukraine, "
            "according to France",
            published=date(2022, 1, 28),
            source=None,
            mention=36,
            start=1793,
            end=1811,
            text="Jean-Yves Le Drian",
            sentence="“Now the ball is in Putin’s court,” Foreign Minister Jean-Yves Le Drian "
            "told RTL radio on Friday ahead of the phone call between the leaders.",
            sentence_start=1740,
            sentence_end=1881,
            count=2,
        ),
    ]


def test_mention_rows_point_into_the_article(corpus: Corpus) -> None:
    corpus.update()
    for row in corpus.mentions_of("place:kyiv"):
        article = corpus.article(row.article)
        mention = article.mentions[row.mention]
        assert (mention.start, mention.end, mention.key) == (row.start, row.end, "place:kyiv")
        assert article.body[row.start : row.end] == row.text
        assert article.body[row.sentence_start : row.sentence_end] == row.sentence
        assert row.sentence_start <= row.start < row.end <= row.sentence_end
        assert row.count == sum(m.key == "place:kyiv" for m in article.mentions)


def test_every_spelling_finds_the_entity_and_ties_go_by_id(corpus: Corpus) -> None:
    corpus.update()
    kyiv = corpus.mentions_of("place:kyiv")
    assert [(r.article, r.text, r.count) for r in kyiv] == [
        (S003, "Kyiv", 3),
        (S000, "Kiev", 5),
        (S001, "Kyiv", 1),
        (S004, "Kiev", 1),
    ]
    putin = corpus.mentions_of("person:vladimir-putin")
    assert [r.article for r in putin] == [S003, S000, S001, S002, S004]  # 002, 004: same day
    assert [r.article for r in corpus.mentions_of("person:vladimir-putin", limit=2)] == [
        S003,
        S000,
    ]


def test_events_on_a_day_include_the_periods_that_hold_it(corpus: Corpus) -> None:
    corpus.update()
    found = corpus.events_on("2022-01-28")
    assert [(e.date, e.article, e.group, e.expression) for e in found] == [
        ("2022-W04", S002, None, "earlier this week"),
        ("2022-W04", S004, None, "this week"),
        ("2022-01-28", S002, 1, "on Friday"),
        ("2022-01-28", S002, None, "on Friday morning"),
        ("2022-01-28", S002, None, "on Friday"),
        ("2022-01-28", S002, None, "on Friday"),
        ("2022-01-28", S002, None, "Later Friday"),
        ("2022-01-28", S004, 1, "this Friday, January 28"),
    ]


def test_events_in_a_month_week_and_year(corpus: Corpus) -> None:
    corpus.update()
    february = corpus.events_on("2022-02")
    assert [(e.date, e.article, e.group) for e in february] == [
        ("2022-02", S001, None),
        ("2022-02-24", S000, 2),
        ("2022-02-24", S003, 2),
        ("2022-W09", S000, None),  # 28 Feb - 6 Mar reaches into February
        ("2022-02-28", S001, None),
        ("2022-02-28", S001, None),
        ("2022-02-28", S001, None),
    ]
    week = {e.date for e in corpus.events_on("2022-W09")}
    assert week == {"2022-02", "2022-W09", "2022-02-28", "2022-03-06"}
    assert len(corpus.events_on("2022")) == 22
    assert corpus.events_on("2018") == []


def test_events_on_rejects_what_is_not_a_date_value(corpus: Corpus) -> None:
    corpus.update()
    with pytest.raises(ValueError):
        corpus.events_on("Friday")
