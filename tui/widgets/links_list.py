"""The linked articles under the article: each with its score and the evidence for the link.

It is handed the links of the article on display (attribute down) and reports the one the
reader follows (message up); it never calls the engine. Titles are plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corpus_reader.index import Link

from ..display.dates import day_label
from ..display.safe_text import line, plain

NEAR_DUPLICATE = "near-duplicate"
TITLE = "Linked articles"


def link_prompt(link: Link) -> Content:
    """Title, then ``0.48 · 2022-01-28 · same event 2022-01-28 · shared: NATO · similar text``
    (a near-duplicate said first and in warning colour: it is the same text, not a new one)."""
    reasons = sorted(link.reasons, key=lambda reason: reason != NEAR_DUPLICATE)
    parts = [plain(f"{link.score:.2f}", "bold")]
    if link.published:
        parts.append(plain(day_label(link.published), "$foreground-muted"))
    for reason in reasons:
        style = "bold $text-warning" if reason == NEAR_DUPLICATE else "$text-muted"
        parts.append(plain(reason, style))
    meta = Content(" · ").join(parts)
    return Content("\n").join([line(link.title or link.id, "bold $text-primary"), meta])


class LinksList(OptionList):
    """Up to ten linked articles, best first; Enter follows one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="links.down", show=False),
        Binding("k", "cursor_up", "Up", id="links.up", show=False),
        Binding("enter", "select", "Follow link", id="links.follow"),
        Binding("escape", "leave", "Back to the text", id="links.leave"),
    ]

    links: reactive[tuple[Link, ...]] = reactive((), always_update=True)

    class LinkFollowed(Message):
        """The reader chose a linked article to read."""

        def __init__(self, links_list: LinksList, link: Link) -> None:
            super().__init__()
            self.links_list = links_list
            self.link = link

        @property
        def control(self) -> LinksList:
            return self.links_list

    class Left(Message):
        """The reader left the list for the article text above it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = TITLE

    def watch_links(self, links: Sequence[Link]) -> None:
        self.clear_options()
        self.border_title = f"{TITLE} {len(links)}" if links else TITLE
        self.display = bool(links)
        options: list[Option | None] = []
        for i, link in enumerate(links):
            if i:
                options.append(None)
            options.append(Option(link_prompt(link), id=link.id))
        self.add_options(options)
        if links:
            self.highlighted = 0

    def action_leave(self) -> None:
        self.post_message(self.Left())

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.links):
            self.post_message(self.LinkFollowed(self, self.links[event.option_index]))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Scroll the pane around the list (the list is as tall as its rows and never
        scrolls itself) so that the row under the cursor shows, while the list has focus."""
        super().scroll_to_highlight(top)
        parent, index = self.parent, self.highlighted
        if not self.has_focus or index is None or not isinstance(parent, Widget):
            return
        self._update_lines()
        line = self._index_to_line.get(index)
        if line is None:
            return
        y = self.virtual_region.y + self.styles.gutter.top + line
        region = Region(0, y, 1, self._heights[index])
        parent.scroll_to_region(region, animate=False, immediate=True)

    def on_focus(self) -> None:
        self.scroll_to_highlight()
