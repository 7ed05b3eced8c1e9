"""Corpus.events filtered by a query, as the events pane and `events --query` ask for them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest

from corpus_reader.index import Corpus, Event
from corpus_reader.index.snapshot import Snapshot
from corpus_reader.index.state import links_file
from corpus_reader.index.state.timeline import Timeline


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


def test_a_page_of_events_reads_only_its_documents(corpus: Corpus) -> None:
    corpus.update()
    everything = corpus.events()
    page, total = corpus.event_page(limit=5)
    assert total == len(everything) and page == everything[:5]
    lavrov, total = corpus.event_page(query_text="lavrov", limit=2)
    assert total == len(corpus.events(query_text="lavrov")) and len(lavrov) == 2
    assert corpus.event_page(query_text="no-such-word")[1] == 0


def test_event_dates_count_events_and_articles(corpus: Corpus) -> None:
    corpus.update()
    dates = {value: (events, articles) for value, events, articles in corpus.event_dates()}
    everything = corpus.events()
    for value, (events, articles) in dates.items():
        assert events == sum(e.date == value for e in everything)
        assert articles == len({e.article for e in everything if e.date == value})
    assert dates["2022-01-28"][1] == 2  # 002 and 004 both date the call
    assert set(dates) == {e.date for e in everything}


def test_the_timeline_file_is_used_and_gathered_again_when_lost(
    corpus: Corpus, tmp_path: Path
) -> None:
    corpus.update()
    expected = corpus.events()
    [stored] = sorted((tmp_path / "index").glob("gen-*/timeline-*.bin"))
    for damage in (b"", b"corpus-reader timeline\n{}\n"):
        stored.write_bytes(damage)
        with Corpus(corpus.root, corpus.index_dir) as other:
            assert other.events() == expected
        assert stored.read_bytes().startswith(b"corpus-reader timeline\n")
        assert len(stored.read_bytes()) > 100  # written back whole


def test_pages_follow_each_other(corpus: Corpus) -> None:
    corpus.update()
    everything = corpus.events()
    pages = [corpus.event_page(limit=7, offset=n)[0] for n in range(0, len(everything), 7)]
    assert [e for page in pages for e in page] == everything
    assert corpus.event_page(limit=7, offset=len(everything)) == ([], len(everything))


def runs_of(events: list[Event]) -> list[tuple[str, int]]:
    return [(value, len(list(run))) for value, run in groupby(e.date for e in events)]


def test_value_counts_are_the_runs_of_the_pages_values(corpus: Corpus) -> None:
    corpus.update()
    everything = corpus.events()
    counts = corpus.event_value_counts()
    assert counts == runs_of(everything)
    assert sum(n for _v, n in counts) == len(everything)
    assert [(v, n) for v, n, _a in corpus.event_dates()] == counts  # the seeds: no interleaving
    typed = corpus.event_value_counts("lavr", partial=True)
    assert typed == runs_of(corpus.events(query_text="lavrov")) and typed != counts
    assert corpus.event_value_counts("nosuchwordanywhere") == []


def test_pages_of_one_query_select_once(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus.update()
    calls: list[int] = []
    select = Timeline.select

    def counted(self: Timeline, *args: Any, **kwargs: Any) -> list[int]:
        calls.append(1)
        return select(self, *args, **kwargs)

    monkeypatch.setattr(Timeline, "select", counted)
    first = corpus.event_page(query_text="putin", limit=3)
    second = corpus.event_page(query_text="putin", limit=3, offset=3)
    assert len(calls) == 1 and first[1] == second[1]
    corpus.event_page(query_text="macron", limit=3)
    assert len(calls) == 2


def test_events_carry_their_groups_without_the_links_file(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus.update()
    expected = corpus.events()
    assert any(e.group is not None for e in expected)  # 002 and 004 report the same call
    with Corpus(corpus.root, corpus.index_dir) as other:

        def refuse(*args: object) -> None:
            raise AssertionError("the links file was read or the relations computed")

        monkeypatch.setattr(links_file, "links_of", refuse)
        monkeypatch.setattr(Snapshot, "relations", refuse)
        assert other.events() == expected


def snapshot_of(corpus: Corpus) -> Snapshot:
    snapshot = corpus._snapshot
    assert snapshot is not None
    return snapshot


def test_an_article_is_read_without_the_links_file(corpus: Corpus) -> None:
    """Its events' groups come from the timeline: the same as the relations give them."""
    corpus.update()
    articles = [corpus.article(hit.id) for hit in corpus.search("").hits]
    snapshot = snapshot_of(corpus)
    assert snapshot._relations is None  # the relations were not computed
    grouped = [e for a in articles for e in a.events if e.group is not None]
    assert len(grouped) >= 2
    related = snapshot.relations()
    for article in articles:
        plain = tuple(replace(e, group=None, other_dates=()) for e in article.events)
        assert article.events == related.grouped(plain), article.id


def test_links_come_from_the_links_file(corpus: Corpus) -> None:
    corpus.update()
    ids = [hit.id for hit in corpus.search("").hits]
    found = {article: corpus.links(article) for article in ids}
    snapshot = snapshot_of(corpus)
    assert snapshot._relations is None and any(found.values())
    related = snapshot.relations()
    assert found == {article: list(related.links.get(article, ())) for article in ids}
    (path,) = snapshot.folder.glob("links-*.sqlite")
    path.unlink()  # an index written before the file existed: made by the first reader
    fresh = Corpus(corpus.root, corpus.index_dir)
    assert {article: fresh.links(article) for article in ids} == found
    assert path.exists()
    assert fresh.links("no such article") == []
