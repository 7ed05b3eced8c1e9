"""Screenshots of the main screen, compared with reviewed SVGs in ``__snapshots__``.

Deterministic by construction: a private copy of the seeds, a temporary index, every worker
waited for, focus out of the search box (no blinking cursor), no clock on screen.
Review the report before accepting changes with ``--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import (
    wait_for_article,
    wait_for_events,
    wait_for_index,
    wait_for_results,
    wait_for_workers,
)

from corpus_reader.index import Corpus
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.widgets.events_list import EventsList
from corpus_reader.tui.widgets.status_bar import StatusBar

SnapCompare = Callable[..., bool]


async def search_macron_and_open_first(pilot: Pilot[Any]) -> None:
    await wait_for_index(pilot)
    await pilot.press(*"Macron")
    await wait_for_results(pilot, "Macron")
    await pilot.press("enter", "enter")
    await wait_for_article(pilot)
    await wait_for_workers(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_main_screen_after_search_and_open(
    snap_compare: SnapCompare, corpus: Corpus, size: tuple[int, int]
) -> None:
    app = CorpusReaderApp(corpus)
    assert snap_compare(app, terminal_size=size, run_before=search_macron_and_open_first)


async def focus_events_and_move(pilot: Pilot[Any]) -> None:
    await wait_for_index(pilot)
    await wait_for_events(pilot, "results", "")
    await wait_for_workers(pilot)
    pilot.app.query_one(StatusBar).flash = None  # the index summary times out: not on screen
    pilot.app.query_one(EventsList).focus()
    await pilot.press("down", "down")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_events_pane(snap_compare: SnapCompare, corpus: Corpus, size: tuple[int, int]) -> None:
    app = CorpusReaderApp(corpus)
    assert snap_compare(app, terminal_size=size, run_before=focus_events_and_move)


async def open_event_and_step_mentions(pilot: Pilot[Any]) -> None:
    await focus_events_and_move(pilot)
    await pilot.press("enter")
    await wait_for_article(pilot)
    await wait_for_workers(pilot)
    await pilot.press("right_square_bracket")
    await pilot.pause()


def test_event_opened_with_sentence_and_current_mention(
    snap_compare: SnapCompare, corpus: Corpus
) -> None:
    app = CorpusReaderApp(corpus)
    assert snap_compare(app, terminal_size=(160, 48), run_before=open_event_and_step_mentions)


async def open_article_then_help(pilot: Pilot[Any]) -> None:
    await search_macron_and_open_first(pilot)
    pilot.app.query_one(StatusBar).flash = None
    await pilot.press("question_mark")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_help_screen(snap_compare: SnapCompare, corpus: Corpus, size: tuple[int, int]) -> None:
    app = CorpusReaderApp(corpus)
    assert snap_compare(app, terminal_size=size, run_before=open_article_then_help)
