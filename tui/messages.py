"""App-wide messages: what the background workers report to the app, in the past tense.

Workers run in threads and must not touch widgets; they post these to the app, whose handlers
run on the event loop and pass the news down to the panes as attributes. Widget-local messages
(a query typed, an article chosen) live nested in the widget that sends them.
"""

from __future__ import annotations

from textual.message import Message

from corpus_reader.index import (
    Article,
    Entity,
    Event,
    Link,
    Progress,
    SearchResult,
    Span,
    UpdateSummary,
)


class SearchCompleted(Message):
    """A search finished; ``query`` is the text it was run for (results may be stale)."""

    def __init__(self, query: str, result: SearchResult) -> None:
        super().__init__()
        self.query = query
        self.result = result


class SearchFailed(Message):
    """A search raised an engine error; ``error`` is its one-line message."""

    def __init__(self, query: str, error: str) -> None:
        super().__init__()
        self.query = query
        self.error = error


class IndexProgressed(Message):
    """The index update moved on (throttled: not every file posts one)."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress


class IndexUpdated(Message):
    """The index update finished; searches now see every article."""

    def __init__(self, summary: UpdateSummary, partial: bool = False) -> None:
        super().__init__()
        self.summary = summary
        self.partial = partial
        """The app read the index while its files were being written (without them)."""

    @property
    def changed(self) -> bool:
        """Whether the index differs from what was read: what was read is to be read again."""
        s = self.summary
        return bool(s.added or s.updated or s.removed or s.rebuilt or self.partial)


class IndexFailed(Message):
    """The index update failed; the app keeps working on whatever index exists."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ArticleLoaded(Message):
    """An article was fetched, with the spans of the query's words in its title and body;
    ``event`` is the event it was opened for (its sentence is to be shown), if any;
    ``scroll_y`` where the reader had left it, when going back to it; ``links`` the articles
    linked to it; ``mention`` the mention to step to."""

    def __init__(
        self,
        article: Article,
        query: str,
        title_marks: tuple[Span, ...],
        body_marks: tuple[Span, ...],
        event: Event | None = None,
        scroll_y: float | None = None,
        links: tuple[Link, ...] = (),
        mention: int | None = None,
        counted: bool = True,
    ) -> None:
        super().__init__()
        self.counted = counted
        """Whether ``body_marks`` covers the whole body (else its shown part only)."""
        self.links = links
        self.mention = mention
        self.article = article
        self.query = query
        self.title_marks = title_marks
        self.body_marks = body_marks
        self.event = event
        self.scroll_y = scroll_y


class ArticleHitsCounted(Message):
    """The query's words were found in the whole of a body cut for display (the article was
    shown with the hits of its shown part first: a 5 MB body takes the engine 1.5 s)."""

    def __init__(self, article_id: str, query: str, body_marks: tuple[Span, ...]) -> None:
        super().__init__()
        self.article_id = article_id
        self.query = query
        self.body_marks = body_marks


class ArticleFailed(Message):
    """An article could not be fetched (removed since the search, or the index is damaged)."""

    def __init__(self, article_id: str, error: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.error = error


class EventsLoaded(Message):
    """The events of a query's articles (or of all, ``scope == "all"``) were counted: ``runs``
    are (value, events) of each run of equal date values in date order, ``events`` the first
    page of them, ``sources`` the sources of their articles not named before (article id ->
    source)."""

    def __init__(
        self,
        query: str,
        scope: str,
        runs: list[tuple[str, int]],
        events: list[Event],
        sources: dict[str, str],
    ) -> None:
        super().__init__()
        self.query = query
        self.scope = scope
        self.runs = runs
        self.events = events
        self.sources = sources


class EventsPageLoaded(Message):
    """A page of the events pane's list was read: ``events`` from the ``offset``-th of the
    list ``shown`` (the pane's ``EventsShown``), with their articles' sources."""

    def __init__(
        self, shown: object, offset: int, events: list[Event], sources: dict[str, str]
    ) -> None:
        super().__init__()
        self.shown = shown
        self.offset = offset
        self.events = events
        self.sources = sources


class EventsFailed(Message):
    """Fetching the events raised an engine error; ``error`` is its one-line message."""

    def __init__(self, query: str, error: str) -> None:
        super().__init__()
        self.query = query
        self.error = error


class EntitiesLoaded(Message):
    """The corpus's entities were fetched (after an index update), by key."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        super().__init__()
        self.entities = entities


class ViewLoaded(Message):
    """The data of an entity or date view was fetched; ``view`` is ("entity", key) or
    ("date", value), ``shown`` what its screen shows (EntityShown or DateShown)."""

    def __init__(self, view: tuple[str, str], shown: object) -> None:
        super().__init__()
        self.view = view
        self.shown = shown


class ViewFailed(Message):
    """An entity or date view could not be fetched; ``error`` is its one-line message."""

    def __init__(self, view: tuple[str, str], error: str) -> None:
        super().__init__()
        self.view = view
        self.error = error
