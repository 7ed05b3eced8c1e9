"""Polling helpers for Pilot tests: wait for a condition, never for a fixed time.

Searches are debounced and run in thread workers, so "the results show" is a state to wait
for; ``wait_for_complete`` alone would return before the debounce timer starts the worker.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.widgets.article_view import ArticleView
from corpus_reader.tui.widgets.events_list import EventsList
from corpus_reader.tui.widgets.results_list import ResultsList

P = ParamSpec("P")


def run_async(test: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an ``async def`` test on its own event loop (the project has no async plugin)."""

    @functools.wraps(test)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


S002 = "002_dc3610e44bff4c5d.txt"
S004 = "004_65e64c825baad34a.txt"
TITLES = {
    S002: (
        "Putin and Macron agree on the need for a “de-escalation” in Ukraine, according to France"
    ),
    S004: "Macron and Putin agree “on the need for de-escalation”",
}


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, timeout: float = 20.0
) -> None:
    """Let the app run until ``condition()`` holds; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def wait_for_results(pilot: Pilot[Any], query: str) -> ResultsList:
    """Wait until the results pane shows the results of ``query``."""
    app = pilot.app
    assert isinstance(app, CorpusReaderApp)
    results = app.query_one(ResultsList)

    def shown() -> bool:
        result = results.result
        return result is not None and result.query == query and app.query_text == query

    await wait_until(pilot, shown, f"results for {query!r}")
    return results


async def wait_for_index(pilot: Pilot[Any]) -> None:
    """Wait until the index update has finished and its re-run search has landed."""
    app = pilot.app
    assert isinstance(app, CorpusReaderApp)
    await wait_until(pilot, lambda: app.index_done, "the index update")
    await wait_for_workers(pilot)
    await wait_for_results(pilot, app.query_text)
    await wait_until(pilot, lambda: not app.events_pending, "the events to follow")
    await wait_for_workers(pilot)


async def wait_for_workers(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs (``wait_for_complete`` raises on a cancelled one)."""
    workers = pilot.app.workers
    await wait_until(pilot, lambda: all(w.is_finished for w in workers), "the workers")


async def wait_for_article(pilot: Pilot[Any], article_id: str | None = None) -> ArticleView:
    """Wait until the article pane shows an article (``article_id`` if given)."""
    view = pilot.app.query_one(ArticleView)

    def shown() -> bool:
        return view.shown is not None and article_id in (None, view.shown.article.id)

    await wait_until(pilot, shown, f"article {article_id or ''}")
    await pilot.pause()
    return view


def focused(app: App[Any]) -> Widget | None:
    """The focused widget (a function, so that type checkers do not narrow it across keys)."""
    return app.focused


def screen_text(widget: Widget) -> str:
    """What ``widget``'s part of the screen shows (children included), as plain text.

    Reads the screen's composited lines, the segments that go to the terminal, cropped to the
    widget's region; the compositor is private API, acceptable in a test helper.
    """
    region = widget.region
    strips = widget.screen._compositor.render_strips()
    lines = strips[region.y : region.bottom]
    return "\n".join(strip.crop(region.x, region.right).text for strip in lines)


def widget_text(widget: Widget) -> str:
    """What a leaf widget renders, whatever may cover it on screen (a toast, say)."""
    lines = widget.render_lines(widget.size.region)
    return "\n".join(strip.text for strip in lines)


async def wait_for_events(pilot: Pilot[Any], scope: str, query: str) -> EventsList:
    """Wait until the events pane lists the events of ``query`` in ``scope``."""
    events = pilot.app.query_one(EventsList)

    def shown() -> bool:
        return (
            events.shown is not None and events.shown.scope == scope and events.shown.query == query
        )

    await wait_until(pilot, shown, f"the events of {query!r} ({scope})")
    await pilot.pause()
    return events
