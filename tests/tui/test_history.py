"""Back and forward over searches, articles and events, through Pilot on the seeds."""

from __future__ import annotations

from typing import Any

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
from corpus_reader.tui.history import History, Place
from corpus_reader.tui.widgets.article_view import ArticleView
from corpus_reader.tui.widgets.events_list import EventsList
from corpus_reader.tui.widgets.results_list import ResultsList
from corpus_reader.tui.widgets.search_box import SearchBox


def test_history_is_two_stacks() -> None:
    history = History(limit=3)
    a, b, c, d = (Place(query=q) for q in "abcd")
    assert history.back(a) is None and history.forward(a) is None
    history.visit(a)
    history.visit(b)
    assert history.back(c) == b
    assert history.back(b) == a
    assert history.forward(a) == b and history.forward(b) == c
    assert history.forward(c) is None
    history.back(c)  # at b, c ahead
    history.visit(b)  # going somewhere new forgets what was ahead
    assert not history.can_go_forward
    for place in (a, b, c, d):
        history.visit(place)
    assert [history.back(a), history.back(a), history.back(a), history.back(a)] == [d, c, b, None]


def test_visiting_the_same_place_twice_is_one_step() -> None:
    history = History()
    history.visit(Place(query="x"))
    history.visit(Place(query="x"))
    assert history.back(Place()) == Place(query="x")
    assert not history.can_go_back


async def settle(pilot: Pilot[Any]) -> None:
    await wait_for_workers(pilot)
    await pilot.pause()


@run_async
async def test_back_and_forward_restore_search_article_scroll_and_focus(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_index(pilot)
        view = app.query_one(ArticleView)
        results = app.query_one(ResultsList)
        events = app.query_one(EventsList)
        await pilot.press(*"de-escalation", "enter")
        await wait_for_results(pilot, "de-escalation")
        await pilot.press("j")  # the second result, previewed
        second = results.current_hit
        assert second is not None and results.highlighted == 1
        await pilot.press("enter")  # step 1: open it
        await wait_for_article(pilot, second.id)
        assert focused(app) is view
        await pilot.press("space", "space")
        await wait_until(pilot, lambda: view.scroll_y > 0, "scrolling the article")
        scrolled = view.scroll_y

        # Step 2: an event of the other article, from the events pane.
        other = S004 if second.id == S002 else S002
        index = next(i for i, e in enumerate(events.loaded_events()) if e.article == other)
        events.focus()
        events.cursor = index
        await pilot.press("enter")
        await wait_for_article(pilot, other)
        await settle(pilot)

        await pilot.press("alt+left")  # back to the scrolled article, focus on the events
        await wait_for_article(pilot, second.id)
        await wait_until(pilot, lambda: view.scroll_y == scrolled, "the scroll position")
        assert focused(app) is events

        await pilot.press("alt+left")  # back to the results, the second one under the cursor
        await settle(pilot)
        assert focused(app) is results and results.highlighted == 1
        assert view.shown is not None and view.shown.article.id == second.id
        assert view.scroll_y == 0

        await pilot.press("backspace")  # back to where the reader began: no search
        await wait_for_results(pilot, "")
        await settle(pilot)
        assert app.query_one(SearchBox).value == ""
        assert isinstance(focused(app), SearchBox)
        assert view.shown is None
        assert not app.history.can_go_back

        for _ in range(3):
            await pilot.press("alt+right")
            await settle(pilot)
        assert app.query_one(SearchBox).value == "de-escalation"
        await wait_for_article(pilot, other)
        assert view.shown is not None and view.shown.event is not None
        assert not app.history.can_go_forward
