"""The events pane and the article's highlights, driven through Pilot on the seeds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
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
    wait_until,
    widget_text,
)

from corpus_reader.index import Corpus, Event, period
from corpus_reader.tui import event_workers
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.highlights import MENTION_META, SENTENCE_META
from corpus_reader.tui.widgets.article_view import ArticleView
from corpus_reader.tui.widgets.events_list import EventsList, EventsShown
from corpus_reader.tui.widgets.status_bar import StatusBar

SIZE = (160, 48)


def by_place(event: Event) -> tuple[str, int]:
    return event.article, event.start


def listed(events: EventsList) -> list[Event]:
    return [row for row in events._rows if row is not None]


@run_async
async def test_events_pane_lists_the_seeds_events_by_date_under_headers(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
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
        headers = [i for i, row in enumerate(pane._rows) if row is None]
        assert headers[0] == 0 and pane.highlighted == 1  # the cursor starts on an event


@run_async
async def test_choosing_an_event_opens_its_article_at_the_marked_sentence(
    corpus: Corpus,
) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_index(pilot)
        pane = await wait_for_events(pilot, "results", "")
        # The event whose sentence lies deepest in its article: opening it must scroll.
        index, chosen = max(
            ((i, row) for i, row in enumerate(pane._rows) if row is not None),
            key=lambda pair: pair[1].sentence_start,
        )
        pane.focus()
        pane.highlighted = index
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
        await wait_for_index(pilot)
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
        await wait_for_index(pilot)
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
        await wait_for_index(pilot)
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
        await wait_for_index(pilot)
        await pilot.press(*"Kyiv")
        results = await wait_for_results(pilot, "Kyiv")
        assert results.result is not None and "Kiev" in results.result.also_matched
        status = app.query_one(StatusBar)
        await wait_until(pilot, lambda: "also matched: Kiev" in screen_text(status), "the note")


def synthetic_events(n: int) -> list[Event]:
    """``n`` events over about a year of days, weeks and months, in ten articles."""
    found = []
    for i in range(n):
        day = date(2021, 1, 1) + timedelta(days=i % 365)
        value, granularity = (
            (day.isoformat(), "day")
            if i % 7
            else (f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}", "week")
        )
        sentence = f"Event {i} happened on that day, the report says, with more words after it."
        found.append(
            Event(
                date=value,
                granularity=granularity,  # type: ignore[arg-type]
                expression="on that day",
                start=100 + 19,
                end=100 + 30,
                sentence=sentence,
                sentence_start=100,
                sentence_end=100 + len(sentence),
                resolution="relative",
                article=f"article-{i % 10}.txt",
            )
        )
    return found


@run_async
async def test_thousands_of_events_list_and_scroll(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        pane = await wait_for_events(pilot, "results", "")
        pane.shown = EventsShown(synthetic_events(5000), {}, "all", "")
        await pilot.pause()
        assert len(listed(pane)) == 5000
        assert pane.border_title == "Events 5000 · all"
        pane.focus()
        await pilot.press("end")
        assert pane.current_event is listed(pane)[-1]
        assert "article-" in screen_text(pane)


@run_async
async def test_other_spellings_are_marked_in_the_article(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
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
        await wait_for_index(pilot)
        await pilot.press(*"lavr")
        await wait_for_results(pilot, "lavr")
        pane = await wait_for_events(pilot, "results", "lavr")
        assert listed(pane) == corpus.events(query_text="lavrov")


@run_async
async def test_a_long_list_shows_its_first_events_and_says_how_many_more(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_workers, "EVENTS_LIMIT", 4)
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        pane = await wait_for_events(pilot, "results", "")
        total = len(corpus.events())
        assert listed(pane) == corpus.events()[:4]
        assert pane.border_title == f"Events 4 of {total} · results"
        pane.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert f"… {total - 4} more: narrow the search" in screen_text(pane)
