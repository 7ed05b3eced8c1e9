"""The events pane's pages, apart from the widget: what it is handed and which pages it holds.

The pane lists however many events but holds only a bounded number of pages of them (the
least recently drawn go first), asks for the pages on screen it lacks, and not again for
those it already asked for. Pure bookkeeping: no Textual, no engine calls.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from corpus_reader.index import Event

Scope = Literal["results", "all"]
PAGE = 200
"""Events fetched at a time."""
CACHED_PAGES = 24
"""Pages kept (the least recently drawn go first): a few thousand events, whatever the total."""


@dataclass(frozen=True)
class EventsShown:
    """Events to list: ``runs`` are (value, events) of each run of equal date values of all of
    them, in order (``Corpus.event_value_counts``); ``first`` the first page of them, and
    ``sources`` what the rows name their articles by (article id -> source)."""

    runs: Sequence[tuple[str, int]]
    scope: Scope = "results"
    query: str = ""
    first: Sequence[Event] = ()
    sources: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EventsPage:
    """``events`` of ``shown`` from its ``offset``-th, with their articles' sources."""

    shown: EventsShown
    offset: int
    events: Sequence[Event]
    sources: Mapping[str, str] = field(default_factory=dict)


class HeldPages:
    """The pages of one ``EventsShown`` the pane holds, the sources of their articles and
    the pages last asked for."""

    def __init__(self, shown: EventsShown | None = None) -> None:
        self._pages: OrderedDict[int, Sequence[Event]] = OrderedDict()
        """Offset -> the events of that page, the most recently drawn last."""
        self.sources: dict[str, str] = dict(shown.sources) if shown else {}
        self.asked: frozenset[int] = frozenset()
        """The pages of the last request: asked again only when the screen needs others."""
        if shown is not None and shown.first:
            self._pages[0] = shown.first

    def add(self, page: EventsPage) -> None:
        """Hold ``page`` as the most recently drawn, dropping the oldest past the bound."""
        self._pages[page.offset] = page.events
        self._pages.move_to_end(page.offset)
        self.sources.update(page.sources)
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)

    def event_at(self, index: int) -> Event | None:
        """The ``index``-th event, if its page is held."""
        found = self._pages.get(index - index % PAGE)
        if found is None or not 0 <= index % PAGE < len(found):
            return None
        return found[index % PAGE]

    def events(self) -> list[Event]:
        """The events of the pages held, in list order."""
        return [event for offset in sorted(self._pages) for event in self._pages[offset]]

    def to_ask(self, on_screen: range) -> tuple[int, ...]:
        """The pages of the events ``on_screen`` to ask for: those not held, unless all of
        them were asked for last time (then none). The held ones count as drawn now."""
        offsets = range(on_screen.start - on_screen.start % PAGE, on_screen.stop, PAGE)
        for offset in offsets:
            if offset in self._pages:
                self._pages.move_to_end(offset)
        missing = frozenset(offset for offset in offsets if offset not in self._pages)
        if not missing or missing <= self.asked:
            return ()
        self.asked = missing
        return tuple(sorted(missing))
