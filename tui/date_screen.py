"""The date view: every event of a day (week, month, year) across the corpus, grouped by event.

A full screen pushed over the main one. The app fetches the events in a worker
(``Corpus.events_on``) and hands them down as a ``DateShown`` (to the constructor, or later
through ``shown``); the screen never calls the engine. Events that several articles report as
one happening (the same ``group``) sit under one "same event" header; the others under a header
per date. A source that dates the happening otherwise is flagged on its row ("other sources:
…"). Choosing an event posts ``DateScreen.EventChosen``. Esc or ``q`` goes back. Text is built
from plain strings and spans, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from corpus_reader.index import Event, period

from .dates_display import group_label, value_label
from .excerpt import excerpt_around
from .fixed_row import FixedRow
from .safe_text import line, marked, plain
from .view_list import ViewList

EXPRESSION_STYLE = "bold underline $text-accent"
"""The date expression: underlined too, so it shows without colour and on the cursor row."""
HEADER_STYLE = "bold $text-primary"
META_STYLE = "$foreground-muted"
WARNING_STYLE = "bold $text-warning"
LOADING = "Loading the events…"
_COARSE_FIRST = {"year": 0, "month": 1, "week": 2, "day": 3}


@dataclass(frozen=True)
class DateShown:
    """What the date view shows: the value asked for, its events (``Corpus.events_on``) and
    what the rows name their articles by (article id -> source or title)."""

    value: str
    events: Sequence[Event]
    sources: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """The events under one header: one reported happening (``group``), or one date."""

    date: str
    group: int | None
    events: tuple[Event, ...]

    @property
    def articles(self) -> int:
        return len({event.article for event in self.events})

    @property
    def other_dates(self) -> tuple[str, ...]:
        return tuple(sorted({d for event in self.events for d in event.other_dates}))


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def sections(found: Sequence[Event]) -> list[Section]:
    """The events by happening (group) or else by date, in time order, coarser periods first
    when they start the same day, a group before the loose events of its date."""
    members: dict[tuple[str, int | None], list[Event]] = {}
    for event in found:
        members.setdefault((event.date, event.group), []).append(event)

    def order(key: tuple[str, int | None]) -> tuple[Any, ...]:
        value, group = key
        coarse = _COARSE_FIRST[members[key][0].granularity]
        return (period(value)[0], coarse, value, group is None, group or 0)

    return [Section(v, g, tuple(members[(v, g)])) for v, g in sorted(members, key=order)]


def header_content(shown: DateShown) -> Content:
    """The date or period, then how many events, articles and shared happenings."""
    found = shown.events
    articles = len({event.article for event in found})
    happenings = len({event.group for event in found if event.group is not None})
    label = plain(group_label(shown.value), "bold")
    counts = f"{plural(len(found), 'event')} in {plural(articles, 'article')}"
    if happenings:
        counts += f" · {plural(happenings, 'happening')} reported by several articles"
    note = "Events dated on it, or in a period that overlaps it."
    return Content("\n").join([label, plain(counts, META_STYLE), plain(note, META_STYLE)])


def section_header(section: Section) -> FixedRow:
    """``2022-01-28 Fri · same event · 2 articles``, ``2022-02-28 Mon · 3 events in 1 article``."""
    label = group_label(section.date)
    if section.group is not None:
        text = f"{label} · same event · {plural(section.articles, 'article')}"
    else:
        counts = f"{plural(len(section.events), 'event')} in {plural(section.articles, 'article')}"
        text = f"{label} · {counts}"
    head = plain(text, HEADER_STYLE)
    if section.other_dates:
        head += plain(f" · other sources: {', '.join(section.other_dates)}", WARNING_STYLE)
    return FixedRow.of(head)


def event_row(event: Event, source: str, budget: int) -> FixedRow:
    """``date · source`` (and other sources' dates), then the sentence, expression marked."""

    def parts() -> tuple[Content, Content]:
        head = line(f"{value_label(event.date)} · {source}", META_STYLE)
        if event.other_dates:
            others = ", ".join(event.other_dates)
            head = plain(f"other sources: {others} · ", WARNING_STYLE) + head
        span = (event.start - event.sentence_start, event.end - event.sentence_start)
        text, moved = excerpt_around(event.sentence, span, budget)
        return head, marked(text, [moved], mark=EXPRESSION_STYLE)

    return FixedRow(parts, ViewList.EXCERPT_LINES)


def short_id(article_id: str) -> str:
    """What names an article whose source is unknown: its file name without extension."""
    return article_id.rsplit("/", 1)[-1].rsplit(".", 1)[0] or article_id


class DateEventList(ViewList):
    """The events of the date, under their headers; Enter or a click opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="date.down", show=False),
        Binding("k", "cursor_up", "Up", id="date.up", show=False),
        Binding("enter", "select", "Open at the sentence", id="date.open"),
    ]


class DateScreen(Screen[None]):
    """Every event of a day or period across the corpus, grouped by reported happening."""

    CSS_PATH = "views.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="date.close"),
    ]

    shown: reactive[DateShown | None] = reactive(None, always_update=True, init=False)
    """The date and its events; None while they are being fetched."""

    class EventChosen(Message):
        """The reader chose an event: open its article at its sentence."""

        def __init__(self, date_screen: DateScreen, event: Event) -> None:
            super().__init__()
            self.date_screen = date_screen
            self.event = event

        @property
        def control(self) -> DateScreen:
            return self.date_screen

    def __init__(self, shown: DateShown | None = None) -> None:
        super().__init__()
        self.set_reactive(DateScreen.shown, shown)

    def compose(self) -> ComposeResult:
        yield Static(LOADING, id="date-header", markup=False)
        yield DateEventList(id="date-events")
        yield Footer()

    def on_mount(self) -> None:
        self._show(self.shown)
        self.query_one(DateEventList).focus()

    def watch_shown(self, shown: DateShown | None) -> None:
        self._show(shown)

    def _show(self, shown: DateShown | None) -> None:
        header = self.query_one("#date-header", Static)
        rows = self.query_one(DateEventList)
        if shown is None:
            header.update(LOADING)
            rows.show(lambda budget: [])
            return
        header.update(header_content(shown))
        rows.border_title = f"Events {len(shown.events):,}"
        grouped = sections(shown.events)

        def build(budget: int) -> list[tuple[Option, Any]]:
            if not grouped:
                return [(Option(Content("No dated events in it."), disabled=True), None)]
            options: list[tuple[Option, Any]] = []
            for section in grouped:
                options.append((Option(section_header(section), disabled=True), None))
                for event in section.events:
                    source = shown.sources.get(event.article) or short_id(event.article)
                    options.append((Option(event_row(event, source, budget)), event))
            return options

        rows.show(build)

    @property
    def current(self) -> Event | None:
        """The event under the cursor."""
        item = self.query_one(DateEventList).current
        return item if isinstance(item, Event) else None

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#date-events")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = self.query_one(DateEventList).item_at(event.option_index)
        if isinstance(chosen, Event):
            self.post_message(self.EventChosen(self, chosen))
