"""The app's part that feeds the events pane and the entity names: workers and their handlers.

A mixin of ``CorpusReaderApp`` (kept apart so that ``app.py`` stays readable). Engine calls run
in thread workers (exclusive per group) that post messages from ``messages``; handlers on the
event loop hand the results down to the panes as attributes. Imports the engine only through
``corpus_reader.index``.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import on, work
from textual.app import App
from textual.worker import get_current_worker

from corpus_reader.index import Corpus, CorpusError

from .messages import EntitiesLoaded, EventsFailed, EventsLoaded
from .widgets.article_view import ArticleView
from .widgets.events_list import EventsList, EventsShown, Scope

EVENTS_LIMIT = 5_000
"""Events listed at most (the earliest first): the list is built in about 0.2 s and reads the
documents of these events only, whatever the size of the corpus."""


class EventWorkers(App[int]):
    """Events of the current search (or all of them) and the corpus's entities."""

    corpus: Corpus
    query_text: str

    def __init__(self) -> None:
        super().__init__()
        self.events_scope: Scope = "results"
        """Whether the events pane lists the results' events or every event."""
        self._sources: dict[str, str] = {}
        """Article id -> its source, or its title if it has none, for the event rows; per
        index state."""

    def refresh_events(self) -> None:
        """Fetch the events for the current query and scope."""
        query = "" if self.events_scope == "all" else self.query_text
        self.run_events(query, self.events_scope)

    @work(thread=True, exclusive=True, group="events", exit_on_error=False)
    def run_events(self, query: str, scope: Scope) -> None:
        """Events of the articles matching ``query`` (all when empty), with what names their
        articles: the source (site) or, for a file without one, the title."""
        worker = get_current_worker()
        try:
            found, total = self.corpus.event_page(
                query_text=query or None, partial=True, limit=EVENTS_LIMIT
            )
            sources = self.fetch_sources({event.article for event in found})
        except CorpusError as exc:
            if not worker.is_cancelled:
                self.post_message(EventsFailed(query, str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(EventsLoaded(query, scope, found, sources, total))

    def fetch_sources(self, article_ids: set[str]) -> dict[str, str]:
        """What the rows name these articles by (source, else title), with those known
        already; from the engine's catalog, without reading the articles."""
        labels = self.corpus.labels(article_ids - self._sources.keys())
        sources = {article: source or title for article, (title, source) in labels.items()}
        return {**self._sources, **sources}

    def remember_sources(self, sources: Mapping[str, str]) -> None:
        """Keep what the rows name articles by, for the next lists."""
        self._sources.update(sources)

    @on(EventsLoaded)
    def _events_loaded(self, message: EventsLoaded) -> None:
        self._sources.update(message.sources)
        scope: Scope = "all" if message.scope == "all" else "results"
        if scope != self.events_scope or (scope == "results" and message.query != self.query_text):
            return  # overtaken by a toggle or a newer query
        shown = EventsShown(
            message.events, dict(self._sources), scope, message.query, message.total
        )
        for pane in self.query(EventsList):  # none left if the app is shutting down
            pane.shown = shown

    @on(EventsFailed)
    def _events_failed(self, message: EventsFailed) -> None:
        self.notify(message.error, title="Events unavailable", severity="error", markup=False)

    @on(EventsList.ScopeToggled)
    def _scope_toggled(self, message: EventsList.ScopeToggled) -> None:
        self.events_scope = message.scope
        self.refresh_events()

    def forget_sources(self) -> None:
        """The index changed: article sources may have too."""
        self._sources = {}

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def load_entities(self) -> None:
        """Every entity by key, for the names the article pane gives its mentions."""
        try:
            found = {entity.key: entity for entity in self.corpus.entities()}
        except CorpusError:
            return  # the names fall back to the mentions' own text
        if not get_current_worker().is_cancelled:
            self.post_message(EntitiesLoaded(found))

    @on(EntitiesLoaded)
    def _entities_loaded(self, message: EntitiesLoaded) -> None:
        for pane in self.query(ArticleView):  # none left if the app is shutting down
            pane.entities = message.entities
