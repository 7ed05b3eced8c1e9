"""What the entity and date views share: a header over a list of rows, Esc or ``q`` to go
back, and a chosen row posted as a message the app answers by opening its article.

A view is a full screen pushed over the main one. The app fetches its data in a worker and
hands it down through ``shown`` (to the constructor, or later); the screen never calls the
engine. Subclasses say what the header reads and which rows the list holds. Text is built
from plain strings and spans, never markup.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from .view_list import RowBuilder, ViewList

ShownT = TypeVar("ShownT")
"""What a view shows (``EntityShown``, ``DateShown``)."""
ItemT = TypeVar("ItemT")
"""What one of its rows stands for (``EntityMention``, ``Event``)."""

META_STYLE = "$foreground-muted"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class ViewScreen(Screen[None], Generic[ShownT, ItemT]):
    """A header and a ``ViewList``; "Loading…" until ``shown`` arrives."""

    CSS_PATH = "views.tcss"
    HEADER_ID: ClassVar[str]
    LOADING: ClassVar[str]
    EMPTY: ClassVar[str]
    """The one (disabled) row of a view with nothing to list."""
    item_type: type[ItemT]
    """What a row must be to be chosen (header rows stand for None)."""

    shown: reactive[ShownT | None] = reactive(None, always_update=True, init=False)
    """What the view shows; None while it is being fetched."""

    class ArticleChosen(Message):
        """The reader chose a row: the app opens ``article_id`` (each view says where)."""

        def __init__(self, view: Screen[None], article_id: str) -> None:
            super().__init__()
            self.view = view
            self.article_id = article_id

        @property
        def control(self) -> Screen[None]:
            return self.view

    def __init__(self, shown: ShownT | None = None) -> None:
        super().__init__()
        # The descriptor itself, read off the class: mypy cannot type it per subclass.
        self.set_reactive(ViewScreen.shown, shown)  # type: ignore[misc]

    # -- what a view says -------------------------------------------------------------------

    def make_list(self) -> ViewList:
        """The list widget, with its own bindings and id."""
        raise NotImplementedError

    def header(self, shown: ShownT) -> Content:
        """The text above the list."""
        raise NotImplementedError

    def list_title(self, shown: ShownT) -> str:
        """The list's border title."""
        raise NotImplementedError

    def row_builder(self, shown: ShownT) -> RowBuilder:
        """The rows for a budget of excerpt characters (work done once goes outside it)."""
        raise NotImplementedError

    def chosen(self, shown: ShownT, item: ItemT) -> ArticleChosen:
        """The message that opens the article of ``item``."""
        raise NotImplementedError

    # -- shared -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self.LOADING, id=self.HEADER_ID, markup=False)
        yield self.make_list()
        yield Footer()

    @property
    def rows(self) -> ViewList:
        return self.query_one(ViewList)

    def on_mount(self) -> None:
        self._show(self.shown)
        self.rows.focus()

    def watch_shown(self, shown: ShownT | None) -> None:
        self._show(shown)

    def _show(self, shown: ShownT | None) -> None:
        header = self.query_one(f"#{self.HEADER_ID}", Static)
        rows = self.rows
        if shown is None:
            header.update(self.LOADING)
            rows.show(lambda budget: [])
            return
        header.update(self.header(shown))
        rows.border_title = self.list_title(shown)
        build = self.row_builder(shown)

        def build_or_empty(budget: int) -> list[tuple[Option, Any]]:
            options = list(build(budget))
            return options or [(Option(Content(self.EMPTY), disabled=True), None)]

        rows.show(build_or_empty)

    @property
    def current(self) -> ItemT | None:
        """What the row under the cursor stands for."""
        item = self.rows.current
        return item if isinstance(item, self.item_type) else None

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self.rows:
            return
        event.stop()
        item = self.rows.item_at(event.option_index)
        if isinstance(item, self.item_type) and self.shown is not None:
            self.post_message(self.chosen(self.shown, item))
