"""The events pane and the article's highlights, driven through Pilot on the seeds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget
from tui_helpers import (
    S002,
    S004,
    focused,
    run_async,
    screen_text,
    wait_for_article,
    wait_for_events,
    wait_for_index,
    wait_for_results,
    wait_for_workers,
    wait_until,
    widget_text,
)

from corpus_reader.index import Corpus, Event, period
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.display.highlights import MENTION_META, SENTENCE_META
from corpus_reader.tui.widgets.article_view import ArticleView
from corpus_reader.tui.widgets.events_list import PAGE, EventsList
from corpus_reader.tui.widgets.status_bar import StatusBar

SIZE = (160, 48)


def by_place(event: Event) -> tuple[str, int]:
    return event.article, event.start


async def ready(pilot: Pilot[Any]) -> None:
    """The index built and the events its search asks for landed (they are asked for only
    once the results show, so ``wait_for_index`` alone may see the list of the empty index)."""
    await wait_for_index(pilot)
    pane = pilot.app.query_one(EventsList)
    await wait_until(pilot, lambda: pane.total > 0, "the events of the index")


def listed(events: EventsList) -> list[Event]:
    return events.loaded_events()


@run_async
async def test_events_pane_lists_the_seeds_events_by_date_under_headers(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        pane = await wait_for_events(pilot, "results", "")
        rows = listed(pane)
        assert sorted(rows, key=by_place) == sorted(corpus.events(), key=by_place)
        starts = [period(event.date)[0] for event in rows]
        assert starts == sorted(starts)
        assert len(rows) >= 15  # the seeds hold about twenty dated events
        assert pane.border_title == f"Events {len(rows)} · results"
        text = screen_text(pane)
        assert "2022-01-28 Fri" in text  # the day header of the 002/004 call
        assert "2022-W04 · 24–30 Jan" in text  # a week header
        assert "02/" not in text
        assert "004_" not in text  # 004 has no site: its title names it, not its file name
        assert "1997 · Macron and Putin agree" in text
        assert pane.shown is not None and "sputniknews.com" in pane.shown.sources.values()
        assert rows == corpus.events()  # the engine's order: no re-sorting in the pane
        assert pane.total == len(rows) and pane.cursor == 0
        assert text.splitlines()[1].strip("│ ") == "1997"  # the first header, then its rows


@run_async
async def test_choosing_an_event_opens_its_article_at_the_marked_sentence(
    corpus: Corpus,
) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        pane = await wait_for_events(pilot, "results", "")
        # The event whose sentence lies deepest in its article: opening it must scroll.
        index, chosen = max(enumerate(listed(pane)), key=lambda pair: pair[1].sentence_start)
        pane.focus()
        pane.cursor = index
        await pilot.press("enter")
        view = await wait_for_article(pilot, chosen.article)
        assert focused(app) is view
        assert view.shown is not None
        assert view.shown.sentence == (chosen.sentence_start, chosen.sentence_end)
        await wait_until(pilot, lambda: view.scroll_y > 0, "the scroll to the sentence")
        body = view.query_one("#article-body")
        marked_lines = [
            y
            for y, strip in enumerate(body.render_lines(body.size.region))
            if any(seg.style and seg.style.meta.get(SENTENCE_META) for seg in strip)
        ]
        assert marked_lines, "the sentence carries no mark"
        top = body.virtual_region.y + marked_lines[0]
        assert view.scroll_y <= top < view.scroll_y + view.scrollable_content_region.height
        header = widget_text(view.query_one("#article-header"))
        assert f"“{chosen.expression}”" in header and chosen.resolution in header
        words = chosen.sentence.split()
        assert " ".join(words[:3]) in " ".join(screen_text(view).split())


@run_async
async def test_toggle_switches_between_the_results_events_and_all(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        everything = listed(await wait_for_events(pilot, "results", ""))
        await pilot.press(*"de-escalation")
        await wait_for_results(pilot, "de-escalation")
        pane = await wait_for_events(pilot, "results", "de-escalation")
        mine = listed(pane)
        assert mine and {event.article for event in mine} <= {S002, S004}
        assert len(mine) < len(everything)
        assert pane.border_title == f"Events {len(mine)} · results"

        pane.focus()
        await pilot.press("a")
        pane = await wait_for_events(pilot, "all", "")
        assert len(listed(pane)) == len(everything)
        assert pane.border_title == f"Events {len(everything)} · all"
        await pilot.press("a")
        pane = await wait_for_events(pilot, "results", "de-escalation")
        assert len(listed(pane)) == len(mine)


@run_async
async def test_stepping_to_a_mention_names_its_entity(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = app.query_one(ArticleView)
        await wait_until(pilot, lambda: bool(view.entities), "the entities")
        app.open_article(S004, "")
        view = await wait_for_article(pilot, S004)
        view.focus()
        mentions = view.shown.article.mentions if view.shown else ()
        names = {key: entity.name for key, entity in view.entities.items()}
        # A short form ("Putin") whose entity has a fuller display name.
        target = next(i for i, m in enumerate(mentions) if names.get(m.key, m.text) != m.text)
        await pilot.press(*["right_square_bracket"] * (target + 1))
        assert view.current == target
        line = widget_text(view.query_one("#article-legend"))
        mention = mentions[target]
        assert f"{target + 1}/{len(mentions)} {names[mention.key]} · {mention.kind}" in line
        assert "person place org group" in line
        await pilot.press("left_square_bracket")
        assert view.current == target - 1 if target else len(mentions) - 1


def first_mention_cell(body: Widget) -> tuple[int, int, int]:
    """Where the first mention is drawn in ``body``, and its index."""
    for y, strip in enumerate(body.render_lines(body.size.region)):
        x = 0
        for segment in strip:
            index = segment.style.meta.get(MENTION_META) if segment.style else None
            if index is not None:
                return x, y, index
            x += segment.cell_length
    raise AssertionError("no mention drawn")


@run_async
async def test_hovering_a_mention_names_its_entity(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.open_article(S004, "")
        view = await wait_for_article(pilot, S004)
        body = view.query_one("#article-body")
        x, y, index = first_mention_cell(body)
        await pilot.hover("#article-body", offset=(x + 1, y))
        await wait_until(pilot, lambda: view.hovered == index, "the hovered mention")
        assert view.shown is not None
        mention = view.shown.article.mentions[index]
        assert mention.kind in widget_text(view.query_one("#article-legend"))
        assert body.tooltip is not None


@run_async
async def test_other_spellings_matched_are_named_in_the_status_line(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press(*"Kyiv")
        results = await wait_for_results(pilot, "Kyiv")
        assert results.result is not None and "Kiev" in results.result.also_matched
        status = app.query_one(StatusBar)
        await wait_until(pilot, lambda: "also matched: Kiev" in screen_text(status), "the note")


def synthetic_event(i: int) -> Event:
    """The ``i``-th of many events: fifty a day from 2000, one week value every seventh day."""
    day = date(2000, 1, 1) + timedelta(days=i // 50)
    year, week, _weekday = day.isocalendar()
    value, granularity = (f"{year}-W{week:02d}", "week") if i // 50 % 7 == 3 else (str(day), "day")
    sentence = f"Event {i} happened on that day, the report says, with more words after it."
    return Event(
        date=value,
        granularity=granularity,  # type: ignore[arg-type]
        expression="on that day",
        start=119,
        end=130,
        sentence=sentence,
        sentence_start=100,
        sentence_end=100 + len(sentence),
        resolution="relative",
        article=f"article-{i % 10}.txt",
    )


class ManyEvents(Corpus):
    """The seeds, whose events pane lists ``count`` synthetic events for any query, and which
    records the offsets of the pages it is asked for."""

    def __init__(self, corpus: Corpus, count: int) -> None:
        super().__init__(corpus.root, corpus.index_dir)
        self.count = count
        self.offsets: list[int] = []

    def event_value_counts(
        self, query_text: str | None = None, partial: bool = False
    ) -> list[tuple[str, int]]:
        values = (synthetic_event(i).date for i in range(0, self.count, 50))
        return [(value, 50) for value in values]

    def event_page(self, **kwargs: Any) -> tuple[list[Event], int]:
        offset, limit = kwargs.get("offset", 0), kwargs["limit"]
        self.offsets.append(offset)
        return [synthetic_event(i) for i in range(offset, min(self.count, offset + limit))], (
            self.count
        )


@asynccontextmanager
async def many_events_app(
    corpus: Corpus, count: int
) -> AsyncIterator[tuple[Pilot[Any], EventsList, ManyEvents]]:
    """The app over ``count`` synthetic events, its results' events shown (the first page)."""
    corpus.update()
    many = ManyEvents(corpus, count)
    async with CorpusReaderApp(many).run_test(size=SIZE) as pilot:
        await ready(pilot)
        pane = await wait_for_events(pilot, "results", "")
        await wait_for_workers(pilot)
        assert set(many.offsets) == {0}  # the first page only
        yield pilot, pane, many


@run_async
async def test_a_hundred_thousand_events_open_and_scroll_reading_only_the_pages_shown(
    corpus: Corpus,
) -> None:
    count = 120_000
    async with many_events_app(corpus, count) as (pilot, pane, many):
        assert pane.border_title == "Events 120,000 · results"
        text = screen_text(pane)
        assert "2000-01-01 Sat" in text and "Event 0 happened" in text
        assert pane.current_event == synthetic_event(0)

        pane.focus()
        await pilot.press("end")
        await wait_until(pilot, lambda: pane.current_event is not None, "the last page")
        assert pane.current_event == synthetic_event(count - 1)
        assert pane.cursor == count - 1
        text = screen_text(pane)
        assert f"Event {count - 1} happened" in text
        assert set(many.offsets) == {0, count - PAGE}

        await pilot.press("home", *["pagedown"] * 20)
        await wait_until(pilot, lambda: pane.current_event is not None, "a page further down")
        await wait_for_workers(pilot)
        assert pane.cursor > PAGE  # past the first page, so the second was read
        shown = {int(word) for word in screen_text(pane).split() if word.isdigit()}
        assert pane.cursor in shown
        assert set(many.offsets) == {0, PAGE, count - PAGE}
        assert len(pane.loaded_events()) == 3 * PAGE


@run_async
async def test_every_event_of_the_corpus_reads_its_last_page_ahead(corpus: Corpus) -> None:
    """The corpus's events change only with the index: 'end' draws without waiting."""
    count = 120_000
    async with many_events_app(corpus, count) as (pilot, pane, many):
        pane.focus()
        await pilot.press("a")
        pane = await wait_for_events(pilot, "all", "")
        await wait_for_workers(pilot)
        assert count - PAGE in many.offsets  # read ahead
        asked = len(many.offsets)
        await pilot.press("end")
        await pilot.pause()
        assert pane.current_event == synthetic_event(count - 1)  # held already
        assert f"Event {count - 1} happened" in screen_text(pane)
        await wait_for_workers(pilot)
        assert len(many.offsets) == asked


@run_async
async def test_other_spellings_are_marked_in_the_article(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press(*"Kyiv")
        await wait_for_results(pilot, "Kyiv")
        app.open_article(S004, app.marks_query)  # 004 writes "Kiev"
        view = await wait_for_article(pilot, S004)
        assert view.shown is not None
        body = view.shown.article.body
        assert "Kiev" in {body[s:e] for s, e in view.shown.body_marks}


@run_async
async def test_events_follow_a_word_still_being_typed(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press(*"lavr")
        await wait_for_results(pilot, "lavr")
        pane = await wait_for_events(pilot, "results", "lavr")
        assert listed(pane) == corpus.events(query_text="lavrov")
