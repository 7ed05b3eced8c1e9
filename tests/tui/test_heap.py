"""Freezing the long-lived heap: later collections skip it, and a replaced state is freed."""

from __future__ import annotations

import gc
import weakref

from corpus_reader.tui.heap import freeze_long_lived


class _State:
    """Stands for an index state's loaded data; a cycle, so only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_survivors_are_frozen_and_a_replaced_state_is_collected() -> None:
    try:
        state: _State | None = _State()
        alive = weakref.ref(state)
        freeze_long_lived()
        assert gc.get_freeze_count() > 0
        state = None
        gc.collect()
        assert alive() is not None  # frozen: a collection does not look at it
        freeze_long_lived()  # the next load: what was replaced is collected now
        assert alive() is None
    finally:
        gc.unfreeze()
