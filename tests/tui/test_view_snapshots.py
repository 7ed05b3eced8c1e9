"""Screenshots of the entity view and the date view, compared with reviewed SVGs.

Each screen is pushed by a small host app with data fetched beforehand from a private copy of
the seeds, as the app does from a worker. Review the report before ``--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from test_views import Host, date_shown, entity_shown
from textual.pilot import Pilot

from corpus_reader.index import Corpus
from corpus_reader.tui.screens.date_screen import DateScreen
from corpus_reader.tui.screens.entity_screen import EntityScreen

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.pause()


@SIZES
def test_entity_view(snap_compare: SnapCompare, corpus: Corpus, size: tuple[int, int]) -> None:
    app = Host(EntityScreen(entity_shown(corpus, "person:jean-yves-le-drian")))
    assert snap_compare(app, terminal_size=size, run_before=settle)


@SIZES
@pytest.mark.parametrize("value", ["2022-01-28", "2022-02"])
def test_date_view(
    snap_compare: SnapCompare, corpus: Corpus, size: tuple[int, int], value: str
) -> None:
    app = Host(DateScreen(date_shown(corpus, value)))
    assert snap_compare(app, terminal_size=size, run_before=settle)
