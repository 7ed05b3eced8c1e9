"""The app's part that opens what the reader chooses: articles, and the entity and date views.

A mixin of ``CorpusReaderApp`` (kept apart so that ``app.py`` stays readable). An article is
chosen in the results, the events, the links, a view or the palette; a view from a mention in
the article, a date in the events or the palette. Each is fetched in a thread worker that posts
a message from ``messages``; the handlers show it. Every opening is a step in the history (the
app's ``leave``); that and the rest of the app are reached through ``host``
(``reader_host.ReaderHost``).
"""

from __future__ import annotations

import time

from textual import on, work
from textual.worker import get_current_worker

from corpus_reader.index import Article, CorpusError, Event, Span

from .messages import ArticleFailed, ArticleHitsCounted, ArticleLoaded, ViewFailed, ViewLoaded
from .reader_host import AppPart
from .screens.date_screen import DateScreen, DateShown
from .screens.entity_screen import EntityScreen, EntityShown
from .screens.view_screen import ViewScreen
from .widgets.article_view import ArticleView, ShownArticle, display_cut, pieces
from .widgets.events_list import EventsList
from .widgets.links_list import LinksList
from .widgets.results_list import ResultsList

COUNT_PIECE = 20_000
"""Characters of a long body the engine marks at a time (one short hold of the lock)."""
COUNT_PAUSE = 0.02
"""Seconds between two pieces: the app's turn to run (keys are answered while a long body is
counted; without pauses the app stalled until the count was done)."""


class Opening(AppPart):
    """Open articles and the entity and date views, each a new step in the history."""

    def __init__(self) -> None:
        super().__init__()
        self.current_view: tuple[str, str] | None = None
        """The entity or date view open over the panes, if any."""

    # -- entity and date views --------------------------------------------------------------

    def open_entity_view(self, key: str) -> None:
        """Open the view of an entity: who or what it is, and every article naming it."""
        self.host.leave()
        self.show_view(("entity", key))

    def open_date_view(self, value: str) -> None:
        """Open the view of a date or period (a TimeML value): every event in it."""
        self.host.leave()
        self.show_view(("date", value))

    def open_article_by_id(self, article_id: str) -> None:
        """Open an article chosen by name (from the palette)."""
        self._open_from_elsewhere(article_id)
        self.query_one(ArticleView).focus()

    def _open_from_elsewhere(
        self, article_id: str, event: Event | None = None, mention: int | None = None
    ) -> None:
        """Leave the open view (or palette) for an article, as a new step in the history."""
        self.host.leave()
        self.close_view()
        self.open_article(article_id, self.host.marks_query, event, mention=mention)

    def show_view(self, view: tuple[str, str]) -> None:
        """Push the view's screen at once ("Loading…"), then fill it from a worker."""
        self.close_view()
        screen: EntityScreen | DateScreen = EntityScreen() if view[0] == "entity" else DateScreen()
        self.current_view = view
        self.push_screen(screen, callback=self._view_dismissed)
        self.fetch_view(view)

    def _view_dismissed(self, _result: None) -> None:
        self.current_view = None
        self.refresh_bindings()

    def close_view(self) -> None:
        """Take the open view off the screen (going elsewhere, or back)."""
        if self.current_view is not None and isinstance(self.screen, ViewScreen):
            self.current_view = None
            self.pop_screen()

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def fetch_view(self, view: tuple[str, str]) -> None:
        """What the entity or date view shows, fetched off the event loop."""
        kind, value = view
        corpus = self.host.corpus
        shown: EntityShown | DateShown
        try:
            if kind == "entity":
                shown = EntityShown(corpus.entity(value), corpus.mentions_of(value))
            else:
                found = corpus.events_on(value)
                shown = DateShown(value, found, self.host.fetch_sources({e.article for e in found}))
        except (CorpusError, ValueError) as exc:
            if not get_current_worker().is_cancelled:
                self.post_message(ViewFailed(view, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ViewLoaded(view, shown))

    @on(ViewLoaded)
    def _view_loaded(self, message: ViewLoaded) -> None:
        screen, shown = self.screen, message.shown
        if message.view != self.current_view:
            return  # the reader has gone elsewhere
        if isinstance(screen, EntityScreen) and isinstance(shown, EntityShown):
            screen.shown = shown
        elif isinstance(screen, DateScreen) and isinstance(shown, DateShown):
            self.host.remember_sources(shown.sources)
            screen.shown = shown

    @on(ViewFailed)
    def _view_failed(self, message: ViewFailed) -> None:
        if message.view == self.current_view:
            self.close_view()
        self.host.notify_error("Cannot open the view", message.error)

    @on(EntityScreen.MentionChosen)
    def _mention_chosen(self, message: EntityScreen.MentionChosen) -> None:
        self._open_from_elsewhere(message.article_id, mention=message.mention_index)
        self.query_one(ArticleView).focus()

    @on(DateScreen.EventChosen)
    def _date_event_chosen(self, message: DateScreen.EventChosen) -> None:
        self._open_from_elsewhere(message.article_id, message.event)

    @on(ArticleView.EntityRequested)
    def _entity_requested(self, message: ArticleView.EntityRequested) -> None:
        self.open_entity_view(message.key)

    @on(EventsList.DateRequested)
    def _date_requested(self, message: EventsList.DateRequested) -> None:
        self.open_date_view(message.value)

    # -- article ----------------------------------------------------------------------------

    @on(ResultsList.ArticleChosen)
    def _article_chosen(self, message: ResultsList.ArticleChosen) -> None:
        self.host.leave()
        self.open_article(message.hit.id, self.host.marks_query)
        self.query_one(ArticleView).focus()

    @on(ResultsList.ArticleHighlighted)
    def _article_highlighted(self, message: ResultsList.ArticleHighlighted) -> None:
        if message.results.has_focus:  # preview while the reader moves through the results
            self.open_article(message.hit.id, self.host.marks_query)

    @on(EventsList.EventChosen)
    def _event_chosen(self, message: EventsList.EventChosen) -> None:
        self.host.leave()
        self.open_article(message.event.article, self.host.marks_query, message.event)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def open_article(
        self,
        article_id: str,
        query: str,
        event: Event | None = None,
        scroll_y: float | None = None,
        mention: int | None = None,
    ) -> None:
        """Fetch an article and the marks of the query's words in it, off the event loop.

        ``event``: the article is opened for this event, to be shown at its sentence;
        ``scroll_y``: where to scroll to, going back to where the reader was; ``mention``:
        the mention to step to (opened from an entity view). A body cut for display is
        shown with the hits of its shown part, then those of the whole text are counted."""
        corpus = self.host.corpus
        try:
            article = corpus.article(article_id)
            cut = display_cut(article.body)
            title_marks = corpus.marks(article.title, query, partial=True)
            body_marks = corpus.marks(article.body[:cut], query, partial=True)
            links = tuple(corpus.links(article.id))
        except CorpusError as exc:
            if not get_current_worker().is_cancelled:
                self.post_message(ArticleFailed(article_id, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(
                ArticleLoaded(
                    article,
                    query,
                    title_marks,
                    body_marks,
                    event,
                    scroll_y,
                    links,
                    mention,
                    counted=cut == len(article.body) or not query.strip(),
                )
            )

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def count_hits(self, article: Article, query: str, shown: tuple[Span, ...]) -> None:
        """The query's words in the rest of a cut body (``shown``: those of its shown part),
        once that part is painted. The engine holds the interpreter lock while it marks: read
        piece by piece with a pause between, so that the app keeps answering keys (a phrase
        across two pieces is missed). In the article group: opening another article cancels
        it."""
        worker = get_current_worker()
        found = list(shown)
        for start, end in pieces(article.body, display_cut(article.body), COUNT_PIECE):
            if worker.is_cancelled:
                return
            try:
                marks = self.host.corpus.marks(article.body[start:end], query, partial=True)
            except CorpusError:
                return  # the hits of the shown part stay
            found.extend((s + start, e + start) for s, e in marks)
            time.sleep(COUNT_PAUSE)
        if not worker.is_cancelled:
            self.post_message(ArticleHitsCounted(article.id, query, tuple(found)))

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        event = message.event
        view = self.query_one(ArticleView)
        view.shown = ShownArticle(
            message.article,
            message.query,
            message.title_marks,
            message.body_marks,
            event=event,
            scroll_y=message.scroll_y,
            links=message.links,
            mention=message.mention,
            counted=message.counted,
        )
        if not message.counted:
            body_marks = message.body_marks
            self.call_after_refresh(self.count_hits, message.article, message.query, body_marks)
        if message.scroll_y is not None:  # gone back to: the focus as the reader left it
            self.call_after_refresh(self.host.focus_pending, True)
        elif event is not None:
            view.focus()

    @on(ArticleHitsCounted)
    def _article_hits_counted(self, message: ArticleHitsCounted) -> None:
        view = self.query_one(ArticleView)
        view.hits_counted(message.article_id, message.query, message.body_marks)

    @on(LinksList.LinkFollowed)
    def _link_followed(self, message: LinksList.LinkFollowed) -> None:
        self.host.leave()
        self.open_article(message.link.id, self.host.marks_query)
        self.query_one(ArticleView).focus()

    @on(ArticleFailed)
    def _article_failed(self, message: ArticleFailed) -> None:
        self.host.show_flash(message.error, "error")
        self.host.notify_error("Cannot open the article", message.error)
