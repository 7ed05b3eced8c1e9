"""The events pane: every dated event of the search by date, under one header per date value.

A virtual list: it is handed an ``EventsShown`` (attribute down: the runs of equal date values
of all the events, however many, and the first page of them) and draws only the lines on
screen. Rows whose page it does not hold yet are drawn as a dim placeholder; it asks for the
pages on screen with ``PagesWanted`` (message up) and is handed each as ``page`` (attribute
down), keeping a bounded number of them. It never calls the engine. Rows are built from plain
strings and offsets, never from markup.

The pages held and asked for are kept by ``event_pages.HeldPages`` (with what the pane is
handed: ``EventsShown``, ``EventsPage``, ``Scope``, ``PAGE``, still exported from here); where
each header and row lies among the lines by ``event_rows.Layout``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from corpus_reader.index import Event

from ..display.dates import value_label
from ..display.fixed_row import FixedRow
from ..display.safe_text import plain
from .event_pages import CACHED_PAGES, HeldPages
from .event_pages import PAGE as PAGE
from .event_pages import EventsPage as EventsPage
from .event_pages import EventsShown as EventsShown
from .event_pages import Scope as Scope
from .event_rows import (
    EXCERPT_LINES,
    HEADER_STYLE,
    ROW_LINES,
    Layout,
    event_prompt,
    groups_of,
    short_id,
)

EVENT_META = "event"
"""Strip meta key: the position of the event a cell draws (for clicks)."""


class EventsList(ScrollView, can_focus=True):
    """The events of the results (or of every article); Enter or a click opens one."""

    DEFAULT_CSS = """
    EventsList {
        color: $foreground;
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        & > .events-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .events-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .events-list--header {
            color: $text-disabled;
        }
        & > .events-list--pending {
            color: $text-disabled;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "events-list--row",
        "events-list--cursor",
        "events-list--header",
        "events-list--pending",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", id="events.down", show=False),
        Binding("k", "cursor_up", "Up", id="events.up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", id="events.open"),
        Binding("a", "toggle_scope", "All/results", id="events.toggle_scope"),
        Binding("d", "date_view", "Date view", id="events.date"),
        Binding("escape", "app.focus_search", "Search", id="events.search", show=False),
    ]

    shown: reactive[EventsShown | None] = reactive(None, always_update=True)
    """The events on display; None until the first list arrives."""
    page: reactive[EventsPage | None] = reactive(None, always_update=True)
    """A page of ``shown`` asked for with ``PagesWanted``; one of another list is dropped."""
    cursor: reactive[int] = reactive(0, init=False)
    """The position of the event under the cursor."""

    class EventChosen(Message):
        """The reader chose an event: open its article at its sentence."""

        def __init__(self, events_list: EventsList, event: Event) -> None:
            super().__init__()
            self.events_list = events_list
            self.event = event

        @property
        def control(self) -> EventsList:
            return self.events_list

    class DateRequested(Message):
        """The reader asked for the date view of the event's date (every event then)."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    class ScopeToggled(Message):
        """The reader asked for the other scope (all events / the results' events)."""

        def __init__(self, events_list: EventsList, scope: Scope) -> None:
            super().__init__()
            self.events_list = events_list
            self.scope = scope

        @property
        def control(self) -> EventsList:
            return self.events_list

    class PagesWanted(Message):
        """The pane draws rows of these pages (offsets of ``PAGE`` events) of ``shown``
        without holding them: hand each down as ``page``. A newer request supersedes it."""

        def __init__(self, events_list: EventsList, shown: EventsShown, offsets: tuple[int, ...]):
            super().__init__()
            self.events_list = events_list
            self.shown = shown
            self.offsets = offsets

        @property
        def control(self) -> EventsList:
            return self.events_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Events"
        self._layout = Layout([])
        self._held = HeldPages()
        self._strips: dict[tuple[object, ...], list[Strip]] = {}

    # -- what is listed ---------------------------------------------------------------------

    @property
    def scope(self) -> Scope:
        return self.shown.scope if self.shown else "results"

    @property
    def total(self) -> int:
        """How many events the list holds (drawn or not)."""
        return self._layout.total

    def watch_shown(self, shown: EventsShown | None) -> None:
        self._layout = Layout(groups_of(shown.runs) if shown else [])
        self._held = HeldPages(shown)
        self._strips.clear()
        if shown is not None and shown.scope == "all" and self.total > PAGE:
            # Every event of the corpus changes only with the index: its last page is read
            # ahead, so that 'end' draws at once (not per keystroke, as the results' events).
            last = (self.total - 1) - (self.total - 1) % PAGE
            self._held.asked = frozenset({last})
            self.call_later(self._want, shown, (last,))
        if shown is None:
            self.border_title = "Events"
        else:
            self.border_title = f"Events {self.total:,} · {shown.scope}"
        self.virtual_size = Size(self.scrollable_content_region.width, max(1, self._layout.lines))
        self.set_reactive(EventsList.cursor, 0)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def watch_page(self, page: EventsPage | None) -> None:
        if page is None or page.shown is not self.shown:
            return
        self._held.add(page)
        self._strips.clear()
        self.refresh()

    def event_at(self, index: int) -> Event | None:
        """The ``index``-th event, if its page is held."""
        return self._held.event_at(index)

    def loaded_events(self) -> list[Event]:
        """The events of the pages held, in list order (for tests and benchmarks): their
        indices are their positions while the pages held run on from the first."""
        return self._held.events()

    @property
    def current_event(self) -> Event | None:
        """The event under the cursor, if its page is held."""
        return self.event_at(self.cursor) if self.total else None

    @property
    def current_value(self) -> str | None:
        """The date value of the event under the cursor, held or not."""
        if not self.total:
            return None
        if (event := self.current_event) is not None:
            return event.date
        return self._layout.groups[self._layout.group_of(self.cursor)].values[0]

    # -- drawing ----------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._ask_for_pages()
        return super().render_lines(crop)

    def _ask_for_pages(self) -> None:
        """Ask for the pages of the rows on screen that are not held."""
        if self.shown is None or not self.total:
            return
        top = round(self.scroll_offset.y)
        on_screen = self._layout.events_between(top, top + self.scrollable_content_region.height)
        if missing := self._held.to_ask(on_screen):
            # Posted from the pane's own queue: a message made while the screen draws would
            # have the screen as its sender, and stop bubbling there.
            self.call_later(self._want, self.shown, missing)

    def _want(self, shown: EventsShown, offsets: tuple[int, ...]) -> None:
        if shown is self.shown:
            self.post_message(self.PagesWanted(self, shown, offsets))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        spot = self._layout.at(round(self.scroll_offset.y) + y)
        if spot is None:
            if y == 0 and self.shown is not None and not self.total:
                return self._strip(("none",), Content("No dated events."), "events-list--header")
            return Strip.blank(width, self.get_visual_style("events-list--row").rich_style)
        group, index, offset = spot
        if index is None:
            header = Content(self._layout.groups[group].label).stylize(HEADER_STYLE)
            return self._strip(("header", group), header, "events-list--header")
        return self._row(index, width)[offset]

    def _strip(self, key: tuple[object, ...], content: Content, component: str) -> Strip:
        return self._rendered(key, FixedRow.of(content), component, {})[0]

    def _row(self, index: int, width: int) -> list[Strip]:
        event = self.event_at(index)
        component = "events-list--cursor" if index == self.cursor else "events-list--row"
        meta = {EVENT_META: index}
        if event is None:
            group = self._layout.groups[self._layout.group_of(index)]
            dots = plain(f"{value_label(group.values[0])} · …")
            row = FixedRow(lambda: (dots, None), EXCERPT_LINES)
            if index != self.cursor:
                component = "events-list--pending"
            return self._rendered(("pending", index), row, component, meta)
        source = self._held.sources.get(event.article) or short_id(event.article)
        budget = max(30, width * EXCERPT_LINES - 2)
        return self._rendered(("row", index), event_prompt(event, source, budget), component, meta)

    def _rendered(
        self, key: tuple[object, ...], row: FixedRow, component: str, meta: dict[str, int]
    ) -> list[Strip]:
        """The row's strips at the current width and style, drawn once."""
        width = self.scrollable_content_region.width
        style = self.get_visual_style("events-list--row", component)
        full_key = (*key, width, style)
        if (strips := self._strips.get(full_key)) is None:
            if len(self._strips) > 4 * CACHED_PAGES * ROW_LINES:
                self._strips.clear()
            drawn = Visual.to_strips(self, row, width, row.height, style)
            strips = [strip.extend_cell_length(width, style.rich_style) for strip in drawn]
            if meta:
                strips = [strip.apply_meta(meta) for strip in strips]
            self._strips[full_key] = strips
        return strips

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, max(1, self._layout.lines))
        self._strips.clear()
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # -- the cursor ---------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, self.total - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()  # a scroll redraws the whole pane
        for index in (old, new):
            if 0 <= index < self.total:
                self.refresh_lines(self._layout.line_of(index), ROW_LINES)

    def _scroll_to_cursor(self) -> None:
        if not self.total:
            return
        top = self._layout.line_of(self.cursor)
        height = ROW_LINES
        group = self._layout.group_of(self.cursor)
        if self._layout.first_event[group] == self.cursor:  # show its header too
            top, height = top - 1, height + 1
        region = Region(0, top, max(1, self.scrollable_content_region.width), height)
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_LINES)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += self._page_rows()

    def action_page_up(self) -> None:
        self.cursor -= self._page_rows()

    def action_first(self) -> None:
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        self.cursor = self.total - 1

    def action_select(self) -> None:
        if (event := self.current_event) is not None:
            self.post_message(self.EventChosen(self, event))

    def action_date_view(self) -> None:
        if (value := self.current_value) is not None:
            self.post_message(self.DateRequested(value))

    def action_toggle_scope(self) -> None:
        other: Scope = "all" if self.scope == "results" else "results"
        self.post_message(self.ScopeToggled(self, other))

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get(EVENT_META)
        if isinstance(index, int):
            self.cursor = index
            self.action_select()
