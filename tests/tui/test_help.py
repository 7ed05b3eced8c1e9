"""The help screen: the focused pane's keys and the app's, opened with F1 or ?."""

from __future__ import annotations

from tui_helpers import focused, run_async, wait_for_index, widget_text

from corpus_reader.index import Corpus
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.screens.help_screen import HelpScreen
from corpus_reader.tui.widgets.article_view import ArticleView
from corpus_reader.tui.widgets.search_box import SearchBox


def help_shown(app: CorpusReaderApp) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return widget_text(screen.query_one("#help Static"))


@run_async
async def test_help_lists_the_keys_of_the_focused_pane(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_index(pilot)
        app.query_one(ArticleView).focus()
        await pilot.press("?")
        text = help_shown(app)
        assert text.startswith("Article")
        for line in ("n  ", "Next hit", "Previous hit", "Next mention", "Previous mention"):
            assert line in text
        assert "Everywhere" in text and "Quit" in text and "Help" in text
        assert "Back" not in text  # nowhere to go back to yet: not listed
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert focused(app) is app.query_one(ArticleView)


@run_async
async def test_question_mark_types_in_the_search_box_where_f1_opens_help(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_index(pilot)
        await pilot.press("?")
        assert app.query_one(SearchBox).value == "?"
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert help_shown(app).startswith("Search box")
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen)
