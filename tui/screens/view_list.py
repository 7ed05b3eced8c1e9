"""The list of the entity and date views: rows built for the list's width, headers skipped.

A row shows a window of its sentence sized to the width, so the rows are rebuilt when the
width changes (the cursor stays). The screen hands the list a ``RowBuilder`` (attribute down):
given a budget of characters, it returns the options, each with what it stands for (None for a
header). The list never calls the engine; choosing a row is OptionList's ``OptionSelected``,
which the screen turns into its own message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import events, on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

RowBuilder = Callable[[int], Sequence[tuple[Option, Any]]]
"""Options for a budget of excerpt characters, each with its item (None: a header)."""
MIN_BUDGET = 30


def excerpt_budget(width: int, lines: int) -> int:
    """Characters of a sentence that fit in ``lines`` lines of ``width``, less the ellipses."""
    return max(MIN_BUDGET, width * lines - 2)


class ViewList(OptionList):
    """An OptionList whose rows are rebuilt for its width; the cursor skips header rows."""

    EXCERPT_LINES = 2

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._builder: RowBuilder | None = None
        self._items: list[Any] = []
        """Per option index: what the row stands for, or None for a header."""
        self._budget = 0

    def show(self, builder: RowBuilder) -> None:
        """List the rows ``builder`` makes; the cursor goes to the first item."""
        self._builder = builder
        self._rebuild(keep_cursor=False)

    @property
    def items(self) -> list[Any]:
        """What the rows stand for, without the headers."""
        return [item for item in self._items if item is not None]

    @property
    def current(self) -> Any:
        """The item under the cursor, if any."""
        return self.item_at(self.highlighted)

    def item_at(self, index: int | None) -> Any:
        """The item of the row at ``index`` (None for a header or no row)."""
        if index is None or not 0 <= index < len(self._items):
            return None
        return self._items[index]

    def _width_budget(self) -> int:
        return excerpt_budget(self.scrollable_content_region.width or 0, self.EXCERPT_LINES)

    def _rebuild(self, keep_cursor: bool) -> None:
        if self._builder is None:
            return
        self._budget = self._width_budget()
        highlighted = self.highlighted if keep_cursor else None
        rows = self._builder(self._budget)
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self._items = [item for _option, item in rows]
            self.add_options([option for option, _item in rows])
        first = next((i for i, item in enumerate(self._items) if item is not None), None)
        self.highlighted = highlighted if highlighted is not None else first

    def on_resize(self, event: events.Resize) -> None:
        if self._builder is not None and self._width_budget() != self._budget:
            self._rebuild(keep_cursor=True)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
