"""The events pane: dated events sorted by date, under one header row per day, week, month, year.

It is handed an ``EventsShown`` (attribute down: the events, the sources of their articles and
the scope) and reports the event the reader chooses and the scope toggle (messages up); it
never calls the engine. An OptionList renders only the rows on screen, so thousands of events
stay fast. Rows are built from plain strings and offsets, never from markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corpus_reader.index import Event, period

from ..dates_display import group_label, value_label
from ..fixed_row import FixedRow
from ..safe_text import marked, plain

Scope = Literal["results", "all"]
EXPRESSION_STYLE = "bold $text-accent"
HEADER_STYLE = "bold $text-primary"
EXCERPT_LINES = 2
ID_WIDTH = 13
_COARSE_FIRST = {"year": 0, "month": 1, "week": 2, "day": 3}


@dataclass(frozen=True)
class EventsShown:
    """Events to list: ``sources`` maps article ids to what the rows name them by."""

    events: Sequence[Event]
    sources: Mapping[str, str] = field(default_factory=dict)
    scope: Scope = "results"
    query: str = ""
    total: int | None = None
    """How many events there are in all, when ``events`` are only the first of them."""

    @property
    def more(self) -> int:
        """How many events are not listed."""
        return 0 if self.total is None else max(0, self.total - len(self.events))


def sort_events(found: Sequence[Event]) -> list[Event]:
    """By period start, coarser periods first when they start the same day, then by value.

    Equal values end up adjacent, so each gets exactly one header; the sort is stable, so the
    engine's order (article, position) is kept within a value.
    """
    return sorted(found, key=lambda e: (period(e.date)[0], _COARSE_FIRST[e.granularity], e.date))


def excerpt(event: Event, budget: int) -> tuple[str, tuple[int, int]]:
    """At most ``budget`` characters of the sentence around the expression, cut at spaces,
    and the expression's span in the excerpt."""
    text = event.sentence
    start = max(0, event.start - event.sentence_start)
    end = min(len(text), event.end - event.sentence_start)
    if len(text) <= budget:
        return text, (start, end)
    left = max(0, start - (budget - (end - start)) // 3)
    if left:
        cut = text.find(" ", left, start)
        left = cut + 1 if cut != -1 else left
    right = min(len(text), left + budget)
    if right < len(text):
        cut = text.rfind(" ", end, right)
        right = cut if cut != -1 else right
    head = "…" if left else ""
    tail = "…" if right < len(text) else ""
    shift = len(head) - left
    return head + text[left:right] + tail, (start + shift, end + shift)


def short_id(article_id: str, width: int = ID_WIDTH) -> str:
    """An article id short enough for a row: ``004_65e64c825baad34a.txt`` -> ``004_65e64c82…``."""
    stem = article_id.rsplit("/", 1)[-1].rsplit(".", 1)[0] or article_id
    return stem if len(stem) <= width else stem[: width - 1] + "…"


def event_prompt(event: Event, source: str, budget: int) -> FixedRow:
    """Dim ``date · source`` on one line, then the excerpt with the expression marked."""

    def parts() -> tuple[Content, Content]:
        text, span = excerpt(event, budget)
        meta = plain(f"{value_label(event.date)} · {source}", "$foreground-muted")
        return meta, marked(text, [span], mark=EXPRESSION_STYLE)

    return FixedRow(parts, EXCERPT_LINES)


class EventsList(OptionList):
    """The events of the results (or of every article); Enter or a click opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="events.down", show=False),
        Binding("k", "cursor_up", "Up", id="events.up", show=False),
        Binding("enter", "select", "Open", id="events.open"),
        Binding("a", "toggle_scope", "All/results", id="events.toggle_scope"),
        Binding("d", "date_view", "Date view", id="events.date"),
        Binding("escape", "app.focus_search", "Search", id="events.search", show=False),
    ]

    shown: reactive[EventsShown | None] = reactive(None, always_update=True)
    """The events on display; None until the first list arrives."""

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Events"
        self._rows: list[Event | None] = []
        """Per option index: its event, or None for a header row."""
        self._budget = 0

    @property
    def scope(self) -> Scope:
        return self.shown.scope if self.shown else "results"

    def watch_shown(self, shown: EventsShown | None) -> None:
        self._rebuild(keep_cursor=False)

    def _rebuild(self, keep_cursor: bool) -> None:
        shown = self.shown
        self._budget = max(30, (self.scrollable_content_region.width or 30) * EXCERPT_LINES - 2)
        highlighted = self.highlighted if keep_cursor else None
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self._rows = []
            if shown is None:
                self.border_title = "Events"
                return
            count = (
                f"{len(shown.events):,} of {shown.total:,}"
                if shown.more
                else f"{len(shown.events)}"
            )
            self.border_title = f"Events {count} · {shown.scope}"
            if not shown.events:
                self._rows.append(None)
                self.add_option(Option(Content("No dated events."), disabled=True))
                return
            options: list[Option] = []
            value = None
            for event in sort_events(shown.events):
                if event.date != value:
                    value = event.date
                    header = Content(group_label(value)).stylize(HEADER_STYLE)
                    options.append(Option(FixedRow.of(header), disabled=True))
                    self._rows.append(None)
                source = shown.sources.get(event.article) or short_id(event.article)
                options.append(Option(event_prompt(event, source, self._budget)))
                self._rows.append(event)
            if shown.more:
                hint = f"… {shown.more:,} more: narrow the search"
                options.append(
                    Option(FixedRow.of(Content(hint).stylize("$text-muted")), disabled=True)
                )
                self._rows.append(None)
            self.add_options(options)
            first = next(i for i, row in enumerate(self._rows) if row is not None)
            self.highlighted = highlighted if highlighted is not None else first

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width or 30
        if self._rows and max(30, width * EXCERPT_LINES - 2) != self._budget:
            self._rebuild(keep_cursor=True)

    @property
    def current_event(self) -> Event | None:
        """The event under the cursor, if any."""
        return self._event_at(self.highlighted)

    def _event_at(self, index: int | None) -> Event | None:
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index]

    def action_date_view(self) -> None:
        if (event := self.current_event) is not None:
            self.post_message(self.DateRequested(event.date))

    def action_toggle_scope(self) -> None:
        other: Scope = "all" if self.scope == "results" else "results"
        self.post_message(self.ScopeToggled(self, other))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (chosen := self._event_at(event.option_index)) is not None:
            self.post_message(self.EventChosen(self, chosen))
