"""The app's part that feeds the events pane and the entity names: workers and their handlers.

A mixin of ``CorpusReaderApp`` (kept apart so that ``app.py`` stays readable). Engine calls run
in thread workers (exclusive per group) that post messages from ``messages``; handlers on the
event loop hand the results down to the panes as attributes. It reads the corpus and the query
through ``host`` (``reader_host.ReaderHost``).
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import on, work
from textual.worker import get_current_worker

from corpus_reader.index import CorpusError

from .display.safe_text import display_text
from .messages import EntitiesLoaded, EventsFailed, EventsLoaded, EventsPageLoaded
from .reader_host import AppPart
from .widgets.article_view import ArticleView
from .widgets.events_list import PAGE, EventsList, EventsPage, EventsShown, Scope


class EventWorkers(AppPart):
    """Events of the current search (or all of them) and the corpus's entities."""

    def __init__(self) -> None:
        super().__init__()
        self.events_scope: Scope = "results"
        """Whether the events pane lists the results' events or every event."""
        self._sources: dict[str, str] = {}
        """Article id -> its source, or its title if it has none, for the event rows; per
        index state."""

    def refresh_events(self) -> None:
        """Fetch the events for the current query and scope."""
        query = "" if self.events_scope == "all" else self.host.query_text
        self.run_events(query, self.events_scope)

    @work(thread=True, exclusive=True, group="events", exit_on_error=False)
    def run_events(self, query: str, scope: Scope) -> None:
        """How many events of each date value the articles matching ``query`` (all when
        empty) have, and the first page of them with what names their articles: the source
        (site) or, for a file without one, the title. The pane asks for the other pages."""
        worker = get_current_worker()
        try:
            runs = self.host.corpus.event_value_counts(query or None, partial=True)
            found, _total = self.host.corpus.event_page(
                query_text=query or None, partial=True, limit=PAGE
            )
            sources = self.fetch_sources({event.article for event in found})
        except CorpusError as exc:
            if not worker.is_cancelled:
                self.post_message(EventsFailed(query, str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(EventsLoaded(query, scope, runs, found, sources))

    @on(EventsList.PagesWanted)
    def _pages_wanted(self, message: EventsList.PagesWanted) -> None:
        self.run_event_pages(message.shown, message.offsets)

    @work(thread=True, exclusive=True, group="event-pages", exit_on_error=False)
    def run_event_pages(self, shown: EventsShown, offsets: tuple[int, ...]) -> None:
        """Pages of the listed events, each posted as soon as it is read; a newer request
        (the reader scrolled on) cancels the rest."""
        worker = get_current_worker()
        for offset in offsets:
            if worker.is_cancelled:
                return
            try:
                found, _total = self.host.corpus.event_page(
                    query_text=shown.query or None, partial=True, limit=PAGE, offset=offset
                )
                sources = self.fetch_sources({event.article for event in found})
            except CorpusError as exc:
                if not worker.is_cancelled:
                    self.post_message(EventsFailed(shown.query, str(exc)))
                return
            if not worker.is_cancelled:
                self.post_message(EventsPageLoaded(shown, offset, found, sources))

    def fetch_sources(self, article_ids: set[str]) -> dict[str, str]:
        """What the rows name these articles by (source, else title), with those known
        already; from the engine's catalog, without reading the articles."""
        labels = self.host.corpus.labels(article_ids - self._sources.keys())
        sources = {article: source or title for article, (title, source) in labels.items()}
        return {**self._sources, **sources}

    def remember_sources(self, sources: Mapping[str, str]) -> None:
        """Keep what the rows name articles by, for the next lists."""
        self._sources.update(sources)

    @on(EventsLoaded)
    def _events_loaded(self, message: EventsLoaded) -> None:
        self._sources.update(message.sources)
        scope: Scope = "all" if message.scope == "all" else "results"
        if scope != self.events_scope or (
            scope == "results" and message.query != self.host.query_text
        ):
            return  # overtaken by a toggle or a newer query
        shown = EventsShown(message.runs, scope, message.query, message.events, dict(self._sources))
        for pane in self.query(EventsList):  # none left if the app is shutting down
            pane.shown = shown

    @on(EventsPageLoaded)
    def _events_page_loaded(self, message: EventsPageLoaded) -> None:
        self._sources.update(message.sources)
        if not isinstance(message.shown, EventsShown):
            return
        page = EventsPage(message.shown, message.offset, message.events, message.sources)
        for pane in self.query(EventsList):  # the pane drops a page of an older list
            pane.page = page

    @on(EventsFailed)
    def _events_failed(self, message: EventsFailed) -> None:
        error = display_text(message.error)
        self.notify(error, title="Events unavailable", severity="error", markup=False)

    @on(EventsList.ScopeToggled)
    def _scope_toggled(self, message: EventsList.ScopeToggled) -> None:
        self.events_scope = message.scope
        self.refresh_events()

    def forget_sources(self) -> None:
        """The index changed: article sources may have too."""
        self._sources = {}

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def load_entities(self) -> None:
        """Every entity by key, for the names the article pane gives its mentions; and the
        spellings table searches use, built now rather than at the first keystroke."""
        try:
            found = {entity.key: entity for entity in self.host.corpus.entities()}
            self.host.corpus.prepare_search()
        except CorpusError:
            return  # the names fall back to the mentions' own text
        if not get_current_worker().is_cancelled:
            self.post_message(EntitiesLoaded(found))

    @on(EntitiesLoaded)
    def _entities_loaded(self, message: EntitiesLoaded) -> None:
        for pane in self.query(ArticleView):  # none left if the app is shutting down
            pane.entities = message.entities
