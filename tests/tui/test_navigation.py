"""Browsing the corpus: links, entity and date views, and back, through Pilot on the seeds.

The first test is the walk the issue names: 002 → 004 by the shared call, to Jean-Yves
Le Drian's entity view, to 000, and back three steps to where the reader began.
"""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from tui_helpers import (
    S002,
    S004,
    focused,
    run_async,
    wait_for_article,
    wait_for_index,
    wait_for_results,
    wait_for_workers,
    wait_until,
)

from corpus_reader.index import Corpus
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.screens.date_screen import DateScreen
from corpus_reader.tui.screens.entity_screen import EntityScreen, MentionList
from corpus_reader.tui.widgets.article_view import ArticleView
from corpus_reader.tui.widgets.events_list import EventsList
from corpus_reader.tui.widgets.links_list import LinksList

LE_DRIAN = "person:jean-yves-le-drian"


async def open_from_results(pilot: Pilot[Any], query: str, article_id: str) -> ArticleView:
    await pilot.press(*query, "enter")
    results = await wait_for_results(pilot, query)
    assert results.result is not None
    ids = [hit.id for hit in results.result.hits]
    await pilot.press(*["j"] * ids.index(article_id), "enter")
    return await wait_for_article(pilot, article_id)


async def entity_screen(pilot: Pilot[Any]) -> EntityScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, EntityScreen), "the entity view")
    screen = app.screen
    assert isinstance(screen, EntityScreen)
    await wait_until(pilot, lambda: screen.shown is not None, "the entity's articles")
    return screen


@run_async
async def test_the_walk_from_002_to_000_and_back(corpus: Corpus) -> None:
    corpus.update()
    s000 = next(a.id for a in corpus.articles() if a.id.startswith("000_"))
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        view = await open_from_results(pilot, "title:putin", S002)
        links = app.query_one(LinksList)
        await wait_until(pilot, lambda: bool(links.links), "the links")
        await pilot.press("l", "enter")  # the shared call
        await wait_for_article(pilot, S004)

        await pilot.press("ctrl+p")  # Le Drian by name, from the palette
        await wait_until(pilot, lambda: CommandPalette.is_open(app), "the palette")
        await pilot.press(*"Le Drian")
        await wait_until(
            pilot,
            lambda: "Jean-Yves Le Drian" in str(app.screen.query("CommandList").first().options),
            "Le Drian in the palette",
        )
        await pilot.press("enter")
        screen = await entity_screen(pilot)
        assert screen.shown is not None and screen.shown.entity.key == LE_DRIAN
        rows = [m.article for m in screen.shown.mentions]
        assert set(rows) == {s000, S002}
        assert screen.query_one(MentionList).highlighted == 0
        await pilot.press(*["j"] * rows.index(s000), "enter")
        await wait_for_article(pilot, s000)
        assert not isinstance(app.screen, EntityScreen)
        await wait_until(pilot, lambda: view.current is not None, "the mention stepped to")
        assert view.current is not None
        assert view.mentions[view.current].key == LE_DRIAN

        await pilot.press("alt+left")  # 1: the entity view
        await entity_screen(pilot)
        await pilot.press("alt+left")  # 2: 004
        await wait_for_article(pilot, S004)
        await wait_until(pilot, lambda: app.screen is app.default_screen, "the view closed")
        await pilot.press("alt+left")  # 3: 002, on its links, where the walk began
        await wait_for_article(pilot, S002)
        await wait_until(pilot, lambda: focused(app) is links, "the focus on the links")


@run_async
async def test_a_mention_opens_its_entity_view(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        view = await open_from_results(pilot, "title:putin", S002)
        await pilot.press("right_square_bracket")
        assert view.current is not None
        key = view.mentions[view.current].key
        await pilot.press("enter")
        screen = await entity_screen(pilot)
        assert screen.shown is not None and screen.shown.entity.key == key
        await pilot.press("escape")  # closing the view is not a step
        await wait_until(pilot, lambda: app.screen is app.default_screen, "the view closed")
        assert focused(app) is view


@run_async
async def test_an_event_opens_its_date_view_then_an_article_at_the_sentence(
    corpus: Corpus,
) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_index(pilot)
        await wait_for_workers(pilot)
        events = app.query_one(EventsList)
        index = next(i for i, e in enumerate(events.loaded_events()) if e.date == "2022-01-28")
        events.focus()
        events.cursor = index
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DateScreen), "the date view")
        screen = app.screen
        assert isinstance(screen, DateScreen)
        await wait_until(pilot, lambda: screen.shown is not None, "the day's events")
        assert screen.shown is not None
        assert {e.article for e in screen.shown.events} >= {S002, S004}
        await pilot.press("enter")
        view = await wait_for_article(pilot)
        assert view.shown is not None and view.shown.event is not None
        assert view.shown.event.date in ("2022-01-28", "2022-W04")
        await pilot.press("alt+left")
        await wait_until(pilot, lambda: isinstance(app.screen, DateScreen), "back to the view")
