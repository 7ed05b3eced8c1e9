"""The pane grid from the reader's layout choices: the arithmetic, then the keys in the app."""

from __future__ import annotations

from tui_helpers import focused, run_async, wait_for_index

from corpus_reader.index import Corpus
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.layout import LARGEST, SMALLEST, Grid, PaneLayout, grid
from corpus_reader.tui.widgets.article_view import ArticleView
from corpus_reader.tui.widgets.events_list import EventsList
from corpus_reader.tui.widgets.results_list import ResultsList
from corpus_reader.tui.widgets.search_box import SearchBox


def test_default_grids() -> None:
    assert grid(PaneLayout(), wide=True) == Grid(3, 1, "30% 45% 25%", "1fr", 1)
    assert grid(PaneLayout(), wide=False) == Grid(2, 2, "40% 60%", "3fr 2fr", 2)


def test_hidden_panes_give_their_room_to_the_others() -> None:
    no_events = PaneLayout().toggled("events")
    assert grid(no_events, wide=True) == Grid(2, 1, "55% 45%", "1fr", 1)
    assert grid(no_events, wide=False) == Grid(2, 1, "40% 60%", "1fr", 1)
    no_results = PaneLayout().toggled("results")
    assert grid(no_results, wide=True) == Grid(2, 1, "45% 55%", "1fr", 1)
    assert grid(no_results, wide=False) == Grid(2, 1, "60% 40%", "1fr", 1)
    alone = no_events.toggled("results")
    assert grid(alone, wide=True) == grid(alone, wide=False) == Grid(1, 1, "100%", "1fr", 1)
    assert alone.toggled("results").toggled("events") == PaneLayout()


def test_widening_is_bounded() -> None:
    layout = PaneLayout()
    assert (
        grid(layout.widened(10), wide=True).column_widths == "24% 55% 21%"
    )  # the side panes share the rest 30:25
    assert layout.widened(-100).article == SMALLEST
    assert layout.widened(100).article == LARGEST
    assert grid(layout.widened(100), wide=False).column_widths == "15% 85%"


@run_async
async def test_keys_hide_resize_and_zoom_the_panes(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_index(pilot)
        results, view, events = (
            app.query_one(ResultsList),
            app.query_one(ArticleView),
            app.query_one(EventsList),
        )
        await pilot.press("R")  # typed in the search box, not a layout key there
        assert app.query_one(SearchBox).value == "R" and results.display
        await pilot.press("backspace", "tab")  # to the results
        assert focused(app) is results
        await pilot.press("E")
        await pilot.pause()
        assert not events.display and view.region.right == 160
        await pilot.press("R")  # hiding the focused pane hands the focus to the article
        await pilot.pause()
        assert not results.display and focused(app) is view and view.region.width == 160
        await pilot.press("R", "E")
        await pilot.pause()
        width = view.region.width
        await pilot.press(">", ">")
        await pilot.pause()
        assert view.region.width == width + 16  # 10% of 160 columns
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is view
        await pilot.press("z")
        assert app.screen.maximized is None
        await pilot.press("z", "escape")  # Esc un-zooms first, then goes to the search box
        assert app.screen.maximized is None and focused(app) is view
        await pilot.press("escape")
        assert isinstance(focused(app), SearchBox)
