"""App-wide messages: what the background workers report to the app, in the past tense.

Workers run in threads and must not touch widgets; they post these to the app, whose handlers
run on the event loop and pass the news down to the panes as attributes. Widget-local messages
(a query typed, an article chosen) live nested in the widget that sends them.

Each is a dataclass: Textual's ``Message.__post_init__`` sets up what ``Message.__init__``
would, so the generated ``__init__`` needs no ``super().__init__()``.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass
class SearchCompleted(Message):
    """A search finished; ``query`` is the text it was run for (results may be stale)."""

    query: str
    result: SearchResult


@dataclass
class SearchFailed(Message):
    """A search raised an engine error; ``error`` is its one-line message."""

    query: str
    error: str


@dataclass
class IndexProgressed(Message):
    """The index update moved on (throttled: not every file posts one)."""

    progress: Progress


@dataclass
class IndexUpdated(Message):
    """The index update finished; searches now see every article."""

    summary: UpdateSummary
    partial: bool = False
    """The app read the index while its files were being written (without them)."""

    @property
    def changed(self) -> bool:
        """Whether the index differs from what was read: what was read is to be read again."""
        s = self.summary
        return bool(s.added or s.updated or s.removed or s.rebuilt or self.partial)


@dataclass
class IndexFailed(Message):
    """The index update failed; the app keeps working on whatever index exists."""

    error: str


@dataclass
class ArticleLoaded(Message):
    """An article was fetched, with the spans of the query's words in its title and body;
    ``event`` is the event it was opened for (its sentence is to be shown), if any;
    ``scroll_y`` where the reader had left it, when going back to it; ``links`` the articles
    linked to it; ``mention`` the mention to step to."""

    article: Article
    query: str
    title_marks: tuple[Span, ...]
    body_marks: tuple[Span, ...]
    event: Event | None = None
    scroll_y: float | None = None
    links: tuple[Link, ...] = ()
    mention: int | None = None
    counted: bool = True
    """Whether ``body_marks`` covers the whole body (else its shown part only)."""


@dataclass
class ArticleHitsCounted(Message):
    """The query's words were found in the whole of a body cut for display (the article was
    shown with the hits of its shown part first: marking a long body takes the engine a while)."""

    article_id: str
    query: str
    body_marks: tuple[Span, ...]


@dataclass
class ArticleFailed(Message):
    """An article could not be fetched (removed since the search, or the index is damaged)."""

    article_id: str
    error: str


@dataclass
class EventsLoaded(Message):
    """The events of a query's articles (or of all, ``scope == "all"``) were counted: ``runs``
    are (value, events) of each run of equal date values in date order, ``events`` the first
    page of them, ``sources`` the sources of their articles not named before (article id ->
    source)."""

    query: str
    scope: str
    runs: list[tuple[str, int]]
    events: list[Event]
    sources: dict[str, str]


@dataclass
class EventsPageLoaded(Message):
    """A page of the events pane's list was read: ``events`` from the ``offset``-th of the
    list ``shown`` (the pane's ``EventsShown``), with their articles' sources."""

    shown: object
    offset: int
    events: list[Event]
    sources: dict[str, str]


@dataclass
class EventsFailed(Message):
    """Fetching the events raised an engine error; ``error`` is its one-line message."""

    query: str
    error: str


@dataclass
class EntitiesLoaded(Message):
    """The corpus's entities were fetched (after an index update), by key."""

    entities: dict[str, Entity]


@dataclass
class ViewLoaded(Message):
    """The data of an entity or date view was fetched; ``view`` is ("entity", key) or
    ("date", value), ``shown`` what its screen shows (EntityShown or DateShown)."""

    view: tuple[str, str]
    shown: object


@dataclass
class ViewFailed(Message):
    """An entity or date view could not be fetched; ``error`` is its one-line message."""

    view: tuple[str, str]
    error: str
