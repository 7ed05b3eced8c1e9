"""The date view: every event of a day (week, month, year) across the corpus, grouped by event.

The app fetches it as a ``DateShown`` (``Corpus.events_on``). Events that several articles
report as one happening (the same ``group``) sit under one "same event" header; the others
under a header per date. A source that dates the happening otherwise is flagged on its row
("other sources: …"). Choosing an event posts ``DateScreen.EventChosen``: the app opens its
article at its sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets.option_list import Option

from corpus_reader.index import Event, period

from ..display.dates import group_label, value_label
from ..display.excerpt import excerpt_around
from ..display.fixed_row import FixedRow
from ..display.safe_text import line, marked, plain
from .view_list import RowBuilder, ViewList
from .view_screen import META_STYLE, ViewScreen, plural

EXPRESSION_STYLE = "bold underline $text-accent"
"""The date expression: underlined too, so it shows without colour and on the cursor row."""
HEADER_STYLE = "bold $text-primary"
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


class DateScreen(ViewScreen[DateShown, Event]):
    """Every event of a day or period across the corpus, grouped by reported happening."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="date.close"),
    ]
    HEADER_ID = "date-header"
    LOADING = LOADING
    EMPTY = "No dated events in it."
    item_type = Event

    class EventChosen(ViewScreen.ArticleChosen):
        """The reader chose an event: open its article at its sentence."""

        def __init__(self, view: DateScreen, event: Event) -> None:
            super().__init__(view, event.article)
            self.event = event

    def make_list(self) -> ViewList:
        return DateEventList(id="date-events")

    def header(self, shown: DateShown) -> Content:
        return header_content(shown)

    def list_title(self, shown: DateShown) -> str:
        return f"Events {len(shown.events):,}"

    def row_builder(self, shown: DateShown) -> RowBuilder:
        grouped = sections(shown.events)

        def build(budget: int) -> list[tuple[Option, Any]]:
            options: list[tuple[Option, Any]] = []
            for section in grouped:
                options.append((Option(section_header(section), disabled=True), None))
                for event in section.events:
                    source = shown.sources.get(event.article) or short_id(event.article)
                    options.append((Option(event_row(event, source, budget)), event))
            return options

        return build

    def chosen(self, shown: DateShown, item: Event) -> DateScreen.EventChosen:
        return self.EventChosen(self, item)
