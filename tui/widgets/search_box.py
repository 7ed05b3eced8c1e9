"""The search box: the query as typed, reported upward once typing pauses.

It owns the debounce, so the app hears one ``QueryChanged`` per burst of keys instead of one
per key: a key that comes after a pause is reported at once (the reader sees its results
without waiting out a timer), keys that follow it within ``DEBOUNCE_SECONDS`` are reported
together when the burst ends. It flushes a pending query on Enter so that Enter never acts on
stale results.
It knows nothing of the engine or of the other panes.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

DEBOUNCE_SECONDS = 0.04
"""Keys closer together than this are a burst (a fast typist, keys typed ahead while the app
was busy): the first is searched at once, the rest as one query when the burst ends."""


class SearchBox(Input):
    """A one-line query input that posts ``QueryChanged`` after a short pause in typing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Results", id="search.submit"),
        Binding("down", "app.focus_results", "Results", id="search.to_results", show=False),
    ]

    class QueryChanged(Message):
        """The query settled on new text (after the debounce, or at once on Enter)."""

        def __init__(self, search_box: SearchBox, query: str) -> None:
            super().__init__()
            self.search_box = search_box
            self.query = query

        @property
        def control(self) -> SearchBox:
            return self.search_box

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder='Search: words, "a phrase", -word, title:word, source:site',
            id=id,
            select_on_focus=False,
        )
        self._timer: Timer | None = None
        self._last_change = float("-inf")
        """When the text last changed (monotonic seconds)."""
        self._reported = ""
        self._leaving = False
        """Enter was pressed: the focus is on its way to the results."""

    @on(Input.Changed)
    def _debounce(self, event: Input.Changed) -> None:
        """Report a change that follows a pause now; one inside a burst when the burst ends."""
        event.stop()
        now = time.monotonic()
        in_burst = now - self._last_change < DEBOUNCE_SECONDS
        self._last_change = now
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if in_burst:
            self._timer = self.set_timer(DEBOUNCE_SECONDS, self.flush, name="search-debounce")
        else:
            self.flush()

    async def action_submit(self) -> None:
        """Enter: report the query now and move to its results. Focus moves only after the
        keys already typed are read, so a second Enter typed ahead still lands here: it is
        meant for the results, and goes there."""
        if self._leaving:
            await self.run_action("app.choose_result")
            return
        self.flush()
        self._leaving = True
        await self.run_action("app.focus_results")

    def on_focus(self) -> None:
        self._leaving = False

    def on_blur(self) -> None:
        self._leaving = False

    def set_query(self, query: str) -> None:
        """Show ``query`` as if it had been typed and reported (going back to a search)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._reported = query
        with self.prevent(Input.Changed):
            self.value = query
        self.cursor_position = len(query)

    def flush(self) -> None:
        """Report the current text now if it differs from the last one reported."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.value != self._reported:
            self._reported = self.value
            self.post_message(self.QueryChanged(self, self.value))
