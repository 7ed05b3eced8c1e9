"""Corpus.events filtered by a query, as the events pane and `events --query` ask for them."""

from __future__ import annotations

from datetime import date

from corpus_reader.index import Corpus


def test_events_of_the_matching_articles(corpus: Corpus) -> None:
    corpus.update()
    everything = corpus.events()
    lavrov = corpus.events(query_text="lavrov")
    assert lavrov and len(lavrov) < len(everything)
    assert {e.article for e in lavrov} == {h.id for h in corpus.search("lavrov").hits}


def test_a_word_being_typed_completes_only_when_partial(corpus: Corpus) -> None:
    corpus.update()
    assert corpus.events(query_text="lavr") == []  # no such word
    typed = corpus.events(query_text="lavr", partial=True)
    assert typed == corpus.events(query_text="lavrov")


def test_date_range_keeps_overlapping_periods(corpus: Corpus) -> None:
    corpus.update()
    march = {e.date for e in corpus.events(date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))}
    assert "2022-W09" in march  # 28 Feb - 6 Mar reaches into March
    assert "2022-03-22" in march and "2022-03-29" in march
    assert not {"2022-02", "2022-02-28", "2022-02-24", "2019"} & march
