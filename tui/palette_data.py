"""What the command palette searches: entities, event dates and article titles, gathered off
the event loop.

The palette's providers run on the event loop at every key, so they must never call the
engine: ``PaletteWorkers`` (a mixin of the app) gathers everything once per index state in a
thread worker and keeps it as ``palette_data``, which the providers only read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from textual import on, work
from textual.message import Message
from textual.worker import get_current_worker

from corpus_reader.index import Corpus, CorpusError, Entity

from .date_query import spelled_out
from .fuzzy_match import lower
from .heap import freeze_long_lived
from .messages import EntitiesLoaded, IndexUpdated
from .reader_host import AppPart

TITLE_LIMIT = 20_000
"""Titles offered at most (the newest): beyond that the palette would be a poor search box."""


@dataclass(frozen=True)
class TitleEntry:
    """An article as the palette offers it."""

    id: str
    title: str
    published: date | None = None


@dataclass(frozen=True)
class DateEntry:
    """An event date of the corpus, with the words it matches and how much happened then."""

    value: str
    words: str
    events: int
    articles: int


@dataclass(frozen=True)
class PaletteData:
    """Everything the palette's providers search, for one index state.

    ``entity_text`` and ``title_text`` are the same lists lower-cased for ``prefilter`` (an
    entity's spellings one a line), computed here once rather than at every key.
    """

    entities: tuple[Entity, ...] = ()
    dates: tuple[DateEntry, ...] = ()
    titles: tuple[TitleEntry, ...] = ()
    dates_by_value: dict[str, DateEntry] = field(default_factory=dict, compare=False)
    entity_text: tuple[str, ...] = ()
    title_text: tuple[str, ...] = ()


def gather(corpus: Corpus, title_limit: int = TITLE_LIMIT) -> PaletteData:
    """Read the palette's data from the engine (blocking: call it from a thread)."""
    entities = tuple(corpus.entities())
    dates = tuple(
        DateEntry(value, f"{value} {spelled_out(value)}", events, articles)
        for value, events, articles in sorted(corpus.event_dates())
    )
    found = corpus.titles(limit=title_limit)  # from the catalog: no article is read
    titles = tuple(TitleEntry(article, title, day) for article, title, day in found)
    return PaletteData(
        entities,
        dates,
        titles,
        {entry.value: entry for entry in dates},
        tuple(lower("\n".join((e.name, *e.aliases))) for e in entities),
        tuple(lower(entry.title) for entry in titles),
    )


class PaletteWorkers(AppPart):
    """Keeps ``palette_data`` current: loaded once the entities are (at start, the app loads
    them after its first paint; the palette reuses the catalog they read) and after each
    index update."""

    palette_data: PaletteData = PaletteData()
    palette_requested = False

    class PaletteDataLoaded(Message):
        """The palette's data was gathered for the current index state."""

        def __init__(self, data: PaletteData) -> None:
            super().__init__()
            self.data = data

    @on(EntitiesLoaded)
    def _palette_after_entities(self) -> None:
        if not self.palette_requested:
            self.load_palette_data()

    @work(thread=True, exclusive=True, group="palette", exit_on_error=False)
    def load_palette_data(self) -> None:
        """Gather the palette's data in a thread; on an engine error keep what was there."""
        self.palette_requested = True
        try:
            data = gather(self.host.corpus)
        except CorpusError as exc:
            self.log.warning("palette data unavailable", exc)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.PaletteDataLoaded(data))

    @on(PaletteDataLoaded)
    def _palette_data_loaded(self, message: PaletteDataLoaded) -> None:
        self.palette_data = message.data
        freeze_long_lived()  # the last of the loads of an index state

    @on(IndexUpdated)
    def _palette_index_updated(self, message: IndexUpdated) -> None:
        if message.changed:
            self.load_palette_data()
