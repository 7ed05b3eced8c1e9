"""The app driven through Pilot: search as you type, open, focus moves, errors, untrusted text."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input
from tui_helpers import (
    S002,
    S004,
    TITLES,
    focused,
    run_async,
    screen_text,
    wait_for_article,
    wait_for_index,
    wait_for_results,
    wait_until,
    widget_text,
)

from corpus_reader.index import Corpus, IndexBusy, Progress, SearchResult, UpdateSummary
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.index_updates import PROGRESS_INTERVAL
from corpus_reader.tui.messages import IndexUpdated
from corpus_reader.tui.search_runner import BUILDING_NOTICE
from corpus_reader.tui.widgets.article_view import ArticleView
from corpus_reader.tui.widgets.events_list import EventsList
from corpus_reader.tui.widgets.results_list import ResultsList
from corpus_reader.tui.widgets.search_box import DEBOUNCE_SECONDS, SearchBox
from corpus_reader.tui.widgets.status_bar import StatusBar

SIZE = (120, 40)


def status_text(app: CorpusReaderApp) -> str:
    return screen_text(app.query_one(StatusBar))


@run_async
async def test_search_as_you_type_then_open_with_enter(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        results = app.query_one(ResultsList)
        assert results.result is not None and results.result.total == 5
        assert isinstance(focused(app), SearchBox)

        await pilot.press(*"de-escalation")
        await wait_for_results(pilot, "de-escalation")
        assert results.result is not None
        assert sorted(hit.id for hit in results.result.hits) == [S002, S004]
        assert results.border_title == "Results 2"
        assert "2 results" in status_text(app)

        await pilot.press("enter")
        assert focused(app) is results
        first = results.current_hit
        assert first is not None
        await pilot.press("enter")
        view = await wait_for_article(pilot, first.id)
        assert view.shown is not None
        assert view.shown.article.title == TITLES[first.id]
        assert TITLES[first.id] in screen_text(view)
        # The query's words are marked in the body, and the marks cover "de-escalation".
        body = view.shown.article.body
        assert view.shown.body_marks
        assert all("escalation" in body[s:e].lower() for s, e in view.shown.body_marks)

        await pilot.press("escape")  # from the article ("/" there finds in the text)
        assert isinstance(focused(app), SearchBox)
        await pilot.press("tab", "slash")  # from the results
        assert isinstance(focused(app), SearchBox)


@run_async
async def test_keys_move_between_panes_and_results(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        results = app.query_one(ResultsList)
        view = app.query_one(ArticleView)
        await pilot.press("tab")
        assert focused(app) is results
        await pilot.press("tab")
        assert focused(app) is view
        await pilot.press("tab")
        assert focused(app) is app.query_one(EventsList)
        await pilot.press("tab")
        assert isinstance(focused(app), SearchBox)  # and round again
        await pilot.press("tab", "tab")
        assert focused(app) is view
        await pilot.press("escape")
        assert isinstance(focused(app), SearchBox)

        await pilot.press("down")  # from the search box into the results
        assert focused(app) is results
        assert results.highlighted == 0
        await pilot.press("j", "j", "k")
        assert results.highlighted == 1
        second = results.current_hit
        assert second is not None
        await wait_for_article(pilot, second.id)  # moving the cursor previews
        await pilot.press("escape")
        assert isinstance(focused(app), SearchBox)


def searches_of(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries ``corpus.search`` is called with from now on, in order."""
    queries: list[str] = []
    search = corpus.search

    def counting_search(text: str, **kwargs: Any) -> SearchResult:
        queries.append(text)
        return search(text, **kwargs)

    monkeypatch.setattr(corpus, "search", counting_search)
    return queries


@run_async
async def test_typing_is_debounced(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = searches_of(corpus, monkeypatch)
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        queries.clear()
        for char in "Macron":  # a burst of keys, as from a fast typist or a paste
            app.post_message(events.Key(char, char))
        await wait_for_results(pilot, "Macron")
        assert len(queries) < 3, queries  # one search per pause, not one per key
        assert queries[-1] == "Macron"


@run_async
async def test_a_key_after_a_pause_is_searched_at_once(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = searches_of(corpus, monkeypatch)
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        await pilot.pause(DEBOUNCE_SECONDS * 2)
        queries.clear()
        box = app.query_one(SearchBox)
        app.post_message(events.Key("M", "M"))
        await wait_until(pilot, lambda: box.value == "M", "the key typed")
        # Reported with the key itself: no debounce timer left to wait out.
        assert box._timer is None
        await wait_for_results(pilot, "M")
        assert queries == ["M"]


@run_async
async def test_article_pane_scrolls_by_keyboard(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_index(pilot)
        await pilot.press("enter", "enter")
        view = await wait_for_article(pilot)
        view.focus()
        await pilot.pause()
        assert view.max_scroll_y > 0
        await pilot.press("space")
        await wait_until(pilot, lambda: view.scroll_y > 0, "scroll down")
        await pilot.press("end")
        await wait_until(pilot, lambda: view.scroll_y == view.max_scroll_y, "scroll to end")
        await pilot.press("home")
        await wait_until(pilot, lambda: view.scroll_y == 0, "scroll home")


@pytest.mark.parametrize("query", ["[bold]x", '"unclosed (phrase', "title:", "[/]"])
@run_async
async def test_markup_and_broken_queries_do_not_crash(corpus: Corpus, query: str) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        app.query_one(SearchBox).value = query
        await wait_for_results(pilot, query)
        results = app.query_one(ResultsList)
        assert results.result is not None
        if not results.result.hits:
            assert f"No articles match “{query}”" in screen_text(results)
        assert app.is_running


@run_async
async def test_control_characters_and_markup_in_articles_are_shown_literally(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.txt").write_text(
        "Evil [bold]title[/bold]\n\n"
        "Some \x1b[31mred\x1b]0;title\x07 [bold]not markup[/bold] here.\n",
        encoding="utf-8",
    )
    app = CorpusReaderApp(Corpus(folder, tmp_path / "index"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        results = app.query_one(ResultsList)
        assert "Evil [bold]title[/bold]" in screen_text(results)
        await pilot.press("enter", "enter")
        view = await wait_for_article(pilot, "evil.txt")
        shown = screen_text(view)
        assert "Evil [bold]title[/bold]" in shown
        assert "red [bold]not markup[/bold] here." in shown
        assert "\x1b" not in shown and "\x07" not in shown
        body = view.query_one("#article-body")
        for strip in body.render_lines(body.region.reset_offset):
            for segment in strip:
                if "not markup" in segment.text:
                    assert segment.style is None or not segment.style.bold


@run_async
async def test_index_failure_is_reported_not_fatal(corpus: Corpus) -> None:
    class FailingCorpus(Corpus):
        def update(
            self, progress: Any = None, rebuild: bool = False, in_child: bool = False
        ) -> UpdateSummary:
            if progress:
                progress(Progress("scan", 0, 0))
            raise IndexBusy("another corpus-reader is updating this index [/]")

    failing = FailingCorpus(corpus.root, corpus.index_dir)
    app = CorpusReaderApp(failing)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: app.index_done, "the failed update")
        await pilot.pause()
        assert app.is_running
        status = app.query_one(StatusBar)
        assert "index not updated" in widget_text(status.query_one("#status-index"))
        message = widget_text(status.query_one("#status-message"))
        assert "another corpus-reader is updating this index [/]" in message
        await wait_until(pilot, lambda: bool(app.screen.query("Toast")), "the error toast")
        await pilot.pause()
        assert "updating this index [/]" in screen_text(app.screen.query("Toast").first())
        await pilot.press(*"Macron")  # still usable: searching reports the missing index
        await wait_for_results(pilot, "Macron")


@run_async
async def test_first_build_shows_progress_and_then_the_results(corpus: Corpus) -> None:
    release = threading.Event()
    linking = threading.Event()
    counted = threading.Event()

    class SlowCorpus(Corpus):
        def update(
            self,
            progress: Callable[[Progress], None] | None = None,
            rebuild: bool = False,
            in_child: bool = False,
        ) -> UpdateSummary:
            assert progress is not None
            progress(Progress("read", 3, 40))
            release.wait(timeout=20)
            progress(Progress("links", 400, 0))  # reading the articles: no total yet
            linking.wait(timeout=20)
            time.sleep(2 * PROGRESS_INTERVAL)  # the app shows at most one step per interval
            progress(Progress("links", 3, 4))
            counted.wait(timeout=20)
            return super().update(progress, rebuild)

    app = CorpusReaderApp(SlowCorpus(corpus.root, corpus.index_dir))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "indexing 3/40" in status_text(app), "the progress")
        await pilot.press(*"Macron")
        results = await wait_for_results(pilot, "Macron")
        assert results.result is not None and results.result.notice == BUILDING_NOTICE
        assert "No articles match “Macron”" in screen_text(results)
        assert "Building the index" in screen_text(results)
        release.set()
        await wait_until(pilot, lambda: "linking articles…" in status_text(app), "linking")
        assert "400" not in status_text(app)
        linking.set()
        await wait_until(pilot, lambda: "linking articles 75%" in status_text(app), "75%")
        counted.set()
        await wait_for_index(pilot)
        assert results.result is not None and results.result.total == 5
        assert "indexing" not in status_text(app)
        assert "5 articles" in status_text(app)


@run_async
async def test_skipped_and_cut_files_are_counted_in_the_status_line(
    corpus: Corpus, seeds_copy: Path
) -> None:
    (seeds_copy / "broken.json").write_text("{", encoding="utf-8")
    long_text = "calm " * 52_000  # over the 250,000 characters an article keeps
    (seeds_copy / "long.jsonl").write_text(json.dumps({"text": long_text}), encoding="utf-8")
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        assert "6 articles · 1 skipped · 1 cut short" in status_text(app)


@run_async
async def test_existing_index_shows_results_before_the_update_finishes(corpus: Corpus) -> None:
    corpus.update()
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        results = await wait_for_results(pilot, "")
        shown = results.result
        assert shown is not None and shown.total == 5  # the five seeds, from the index as it was
        assert len({hit.id for hit in shown.hits}) == 5
        await wait_for_index(pilot)


@run_async
async def test_ctrl_q_quits_with_status_zero(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        app.query_one(Input).focus()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


@run_async
async def test_enter_typed_ahead_of_the_results_opens_the_first(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        # Keys arriving in one burst, as from a fast typist or a paste: each is read before
        # the previous one's effects (the focus moving to the results, the search) are done.
        for key, char in [*((c, c) for c in "kharkiv"), ("enter", "\r"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        results = await wait_for_results(pilot, "kharkiv")
        assert results.result is not None
        first = results.result.hits[0].id
        view = await wait_for_article(pilot, first)
        assert focused(app) is view
        await pilot.press("escape", "ctrl+u", *"nothingmatches", "enter", "enter")
        await wait_for_results(pilot, "nothingmatches")
        await pilot.press("escape", "ctrl+u", *"putin")  # no Enter left over to open a hit
        await wait_for_results(pilot, "putin")
        await pilot.pause(0.3)
        assert view.shown is not None and view.shown.article.id == first


@run_async
async def test_a_large_index_is_updated_in_a_child_process(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("corpus_reader.tui.index_updates.UPDATE_IN_CHILD_FROM", 5)
    corpus.update()
    asked: list[bool] = []

    class Recording(Corpus):
        def update(
            self, progress: Any = None, rebuild: bool = False, in_child: bool = False
        ) -> UpdateSummary:
            asked.append(in_child)
            return super().update(progress, rebuild, in_child)

    app = CorpusReaderApp(Recording(corpus.root, corpus.index_dir))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        assert asked == [True]
        assert "5 articles" in status_text(app)
        assert "index up to date" in status_text(app)


def test_an_update_after_a_partial_read_reloads_what_was_read() -> None:
    """Nothing changed in the corpus, but the app had read the index while its files were
    being written: what it read then is read again."""
    noop = UpdateSummary(articles=5, added=0, updated=0, removed=0, skipped=())
    assert not IndexUpdated(noop).changed
    assert IndexUpdated(noop, partial=True).changed
