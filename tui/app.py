"""The corpus-reader Textual app: layout, key bindings and the workers that call the engine.

Every engine call (index update, search, article fetch) runs in a thread worker that posts a
message from ``messages``; handlers here run on the event loop and hand the results down to the
panes as attributes. Panes never talk to each other or to the engine. The events pane and the
entity names are fed by the ``EventWorkers`` mixin, the palette's lists by ``PaletteWorkers``.

Layout: results | article | events side by side from 140 columns (the screen gets ``-wide``);
below that the events pane sits under the results, in the left column (``-narrow``).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Footer, OptionList
from textual.worker import Worker, WorkerState, get_current_worker

from corpus_reader.index import (
    Article,
    Corpus,
    CorpusError,
    Event,
    SearchResult,
    Span,
    throttled,
)

from .display.safe_text import display_text, one_line
from .event_workers import EventWorkers
from .history import History, Place
from .keymap import apply_user_keymap
from .layout import PaneLayout, grid
from .messages import (
    ArticleFailed,
    ArticleHitsCounted,
    ArticleLoaded,
    IndexFailed,
    IndexProgressed,
    IndexUpdated,
    SearchCompleted,
    SearchFailed,
    ViewFailed,
    ViewLoaded,
)
from .palette import PALETTE_PROVIDERS
from .palette_data import PaletteWorkers
from .reader_host import ReaderHost
from .screens.date_screen import DateScreen, DateShown
from .screens.entity_screen import EntityScreen, EntityShown
from .screens.help_screen import HelpScreen, key_rows
from .screens.view_screen import ViewScreen
from .settings import persist_theme
from .widgets.article_view import ArticleView, ShownArticle, display_cut, pieces
from .widgets.events_list import EventsList
from .widgets.links_list import LinksList
from .widgets.results_list import ResultsList
from .widgets.search_box import SearchBox
from .widgets.status_bar import Severity, StatusBar

SEARCH_LIMIT = 50
EVENTS_DELAY = 0.3
"""Seconds the results stand before the events pane follows them."""
PROGRESS_INTERVAL = 0.05
"""Seconds between progress messages: a 100k-file update must not flood the event loop."""
UPDATE_IN_CHILD_FROM = 2000
"""Articles from which the index update runs in a child process: even a no-op update of a
large index holds the interpreter lock long enough to stall painting."""
LOADS_AFTER_PAINT = 0.25
"""Seconds between the first results and loading the entities (reading the catalog holds the
interpreter lock a while on a large corpus): the paint goes first."""
BACKGROUND_AT_THE_LATEST = 2.0
"""Seconds after launch by which the background work starts even without first results."""
COUNT_PIECE = 20_000
"""Characters of a long body the engine marks at a time (one short hold of the lock)."""
COUNT_PAUSE = 0.02
"""Seconds between two pieces: the app's turn to run (keys are answered while a long body is
counted; without pauses the app stalled until the count was done)."""
FLASH_SECONDS = 6.0
BUILDING_NOTICE = "Building the index: results appear as soon as it is ready."
WIDE = 140
"""From this many columns the three panes stand side by side."""
TYPED_IN_SEARCH = frozenset({"focus_search", "help_key", "zoom", "toggle_pane", "widen"})
"""Actions on keys that the search box needs for typing: disabled while it has focus."""
MAIN_SCREEN_ONLY = frozenset({"focus_search", "zoom", "toggle_pane", "widen"})
"""Actions on the panes: disabled while a view (entity, date) or the help covers them."""
PANE_NAMES = {
    "search": "Search box",
    "results": "Results",
    "article": "Article",
    "events": "Events",
}


class CorpusReaderApp(PaletteWorkers, EventWorkers):
    """Search a corpus as you type, read the articles, while the index updates behind."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | PALETTE_PROVIDERS
    TITLE = "corpus-reader"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 (Textual's API)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("slash", "focus_search", "Search", id="focus_search"),
        Binding("alt+left", "go_back", "Back", id="back"),
        Binding("backspace", "go_back", "Back", id="back.backspace", show=False),
        Binding("alt+right", "go_forward", "Forward", id="forward"),
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help_key", "Help", id="help.question", show=False),
        Binding("z", "zoom", "Zoom", id="zoom"),
        Binding("R", "toggle_pane('results')", "Results pane", id="layout.results", show=False),
        Binding("E", "toggle_pane('events')", "Events pane", id="layout.events", show=False),
        Binding(">", "widen(5)", "Wider article", id="layout.wider", show=False),
        Binding("<", "widen(-5)", "Narrower article", id="layout.narrower", show=False),
    ]

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus
        self.query_text = ""
        """The query the results are (or are about to be) for."""
        self.marks_query = ""
        """What the article pane marks: the query, and the other spellings it matched."""
        self._flash_timer_serial = 0
        self.index_done = False
        """Whether the index update of this session has finished (well or not)."""
        self.history = History()
        self._view: tuple[str, str] | None = None
        """The entity or date view open over the panes, if any."""
        self.pane_layout = PaneLayout()
        """Which side panes show and the article's share of the width (R, E, <, >)."""
        self._typing = False
        """Whether the reader is typing a new search (its first change was put in history)."""
        self._events_timer: Timer | None = None
        self._pending_focus: str | None = None
        """The pane to focus once the article gone back to is shown."""
        self._pending_result: tuple[str, int | None] | None = None
        self._background_started = False
        """The result to put the cursor on when the search for this query completes."""

    @property
    def host(self) -> ReaderHost:
        """The app as its mixins need it: mypy checks here that it has what they read."""
        return self

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        with Container(id="panes"):
            yield ResultsList(id="results")
            yield ArticleView(id="article")
            yield EventsList(id="events")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.apply_layout()
        self.query_one(SearchBox).focus()
        self.run_search(self.query_text)  # an existing index answers at once
        for warning in apply_user_keymap(self):
            self.notify(warning, title="Keymap", severity="warning", markup=False)
        persist_theme(self)
        self.set_timer(BACKGROUND_AT_THE_LATEST, self._start_background)

    def _start_background(self) -> None:
        """Start what the first screen does not show: the index update, the entities' names,
        the palette's lists. Started once the first results are painted (threads share one
        interpreter lock, so on a large corpus they had delayed the first results), or after
        ``BACKGROUND_AT_THE_LATEST`` whatever happened to the search."""
        if self._background_started:
            return
        self._background_started = True
        self.update_index()  # in a child process for a large index: no lock taken here
        self.set_timer(LOADS_AFTER_PAINT, self.load_entities)  # then the palette's lists

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide "/ Search" and "? Help" while the search box has focus (there they type
        themselves), and Back / Forward when there is nowhere to go."""
        if action in MAIN_SCREEN_ONLY and self.screen is not self.default_screen:
            return False
        if action in TYPED_IN_SEARCH:
            return not isinstance(self.focused, SearchBox)
        if action == "go_back":
            return self.history.can_go_back
        if action == "go_forward":
            return self.history.can_go_forward
        return True

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    def action_choose_result(self) -> None:
        """Enter in the results (typed ahead while the focus was moving there)."""
        self.query_one(ResultsList).action_select()

    def action_focus_results(self) -> None:
        """To the results; if they are not yet those of the query typed, the list knows that
        its hits are still to come (an Enter typed ahead then opens the first of them)."""
        results = self.query_one(ResultsList)
        typed = self.query_one(SearchBox).value
        results.searching = results.result is None or results.result.query != typed
        results.focus()

    def action_help(self) -> None:
        """The keys of the focused pane and of the whole app, on a screen of their own."""
        if isinstance(self.screen, HelpScreen):
            return
        focused = self.focused
        name = PANE_NAMES.get(focused.id or "", "This pane") if focused else "This pane"
        pane, everywhere = key_rows(self, self.screen.active_bindings.values())
        self.push_screen(HelpScreen(name, pane, everywhere))

    # -- layout -----------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.apply_layout()

    def apply_layout(self) -> None:
        """Lay the panes out for the reader's choices and the terminal's width."""
        shape = grid(self.pane_layout, wide=self.size.width >= WIDE)
        panes = self.query_one("#panes").styles
        panes.grid_size_columns, panes.grid_size_rows = shape.columns, shape.rows
        panes.grid_columns = shape.column_widths
        panes.grid_rows = shape.row_heights
        self.query_one(ArticleView).styles.row_span = shape.article_row_span
        self.query_one(ResultsList).display = self.pane_layout.results
        self.query_one(EventsList).display = self.pane_layout.events

    def action_toggle_pane(self, pane: str) -> None:
        """Hide or show the results or the events pane; a hidden pane gives up the focus."""
        self.pane_layout = self.pane_layout.toggled(pane)
        self.apply_layout()
        focused = self.focused
        if focused is not None and not focused.display:
            self.query_one(ArticleView).focus()

    def action_widen(self, step: int) -> None:
        self.pane_layout = self.pane_layout.widened(step)
        self.apply_layout()

    def action_zoom(self) -> None:
        """The focused pane fills the screen, or goes back to its place."""
        if self.screen.maximized is not None:
            self.screen.minimize()
        elif self.focused is not None:
            self.screen.maximize(self.focused)

    def action_help_key(self) -> None:
        self.action_help()

    def action_go_back(self) -> None:
        self._go(self.history.back(self.current_place()))

    def action_go_forward(self) -> None:
        self._go(self.history.forward(self.current_place()))

    async def action_quit(self) -> None:
        self.exit(0)

    def notify_error(self, title: str, message: str) -> None:
        """A toast for an error; its text may quote file names or queries, so no markup."""
        self.notify(display_text(message), title=title, severity="error", markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker died of an unexpected error (a bug): say so instead of failing silently."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.log.error(f"worker {event.worker.name} failed", error)
            self.notify_error(
                f"Internal error in {event.worker.name}", f"{type(error).__name__}: {error}"
            )

    # -- history ----------------------------------------------------------------------------

    def current_place(self) -> Place:
        """What the screen shows now, as a place to come back to."""
        view = self.query_one(ArticleView)
        shown = view.shown
        focused = self.focused
        return Place(
            query=self.query_text,
            marks=self.marks_query,
            article_id=shown.article.id if shown else None,
            event=shown.event if shown else None,
            scroll_y=view.scroll_y,
            result_index=self.query_one(ResultsList).highlighted,
            focus=focused.id if focused else None,
            view=self._view,
        )

    def leave(self, **changes: Any) -> None:
        """The reader goes somewhere new: the place being left (with ``changes``, for what
        has already moved on) goes into the history."""
        self._pending_focus = None
        self.history.visit(replace(self.current_place(), **changes))
        self._typing = False
        self.refresh_bindings()

    def _go(self, place: Place | None) -> None:
        """Put the screen back as it was at ``place``: search, result, article, scroll, focus."""
        if place is None:
            return
        self._close_view()
        self._typing = False
        self.query_one(SearchBox).set_query(place.query)
        if place.query != self.query_text:
            self.query_text = place.query
            self._pending_result = (place.query, place.result_index)
            self.run_search(place.query)
        else:
            self._put_result_cursor(place.result_index)
        self.marks_query = place.marks
        if place.article_id is None:
            self.query_one(ArticleView).shown = None
        else:
            self.open_article(place.article_id, place.marks, place.event, place.scroll_y)
        self._pending_focus = place.focus
        self._focus_pending()  # again once the article is shown: its links are rebuilt then
        if place.view is not None:
            self._show_view(place.view)
        self.refresh_bindings()

    def _focus_pending(self, last: bool = False) -> None:
        """Focus the pane of the place gone back to (if it is still on screen); ``last``:
        the article is shown, nothing more to wait for."""
        if self._pending_focus:
            with contextlib.suppress(NoMatches):  # a pane of a layout no longer shown
                self.query_one(f"#{self._pending_focus}").focus()
        if last:
            self._pending_focus = None

    def _put_result_cursor(self, index: int | None) -> None:
        """Move the results' cursor without previewing the article under it."""
        results = self.query_one(ResultsList)
        if index is not None and 0 <= index < results.option_count:
            with results.prevent(OptionList.OptionHighlighted):
                results.highlighted = index

    # -- entity and date views --------------------------------------------------------------

    def open_entity_view(self, key: str) -> None:
        """Open the view of an entity: who or what it is, and every article naming it."""
        self.leave()
        self._show_view(("entity", key))

    def open_date_view(self, value: str) -> None:
        """Open the view of a date or period (a TimeML value): every event in it."""
        self.leave()
        self._show_view(("date", value))

    def open_article_by_id(self, article_id: str) -> None:
        """Open an article chosen by name (from the palette)."""
        self._open_from_elsewhere(article_id)
        self.query_one(ArticleView).focus()

    def _open_from_elsewhere(
        self, article_id: str, event: Event | None = None, mention: int | None = None
    ) -> None:
        """Leave the open view (or palette) for an article, as a new step in the history."""
        self.leave()
        self._close_view()
        self.open_article(article_id, self.marks_query, event, mention=mention)

    def _show_view(self, view: tuple[str, str]) -> None:
        """Push the view's screen at once ("Loading…"), then fill it from a worker."""
        self._close_view()
        screen: EntityScreen | DateScreen = EntityScreen() if view[0] == "entity" else DateScreen()
        self._view = view
        self.push_screen(screen, callback=self._view_dismissed)
        self.fetch_view(view)

    def _view_dismissed(self, _result: None) -> None:
        self._view = None
        self.refresh_bindings()

    def _close_view(self) -> None:
        """Take the open view off the screen (going elsewhere, or back)."""
        if self._view is not None and isinstance(self.screen, ViewScreen):
            self._view = None
            self.pop_screen()

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def fetch_view(self, view: tuple[str, str]) -> None:
        """What the entity or date view shows, fetched off the event loop."""
        kind, value = view
        shown: EntityShown | DateShown
        try:
            if kind == "entity":
                shown = EntityShown(self.corpus.entity(value), self.corpus.mentions_of(value))
            else:
                found = self.corpus.events_on(value)
                shown = DateShown(value, found, self.fetch_sources({e.article for e in found}))
        except (CorpusError, ValueError) as exc:
            if not get_current_worker().is_cancelled:
                self.post_message(ViewFailed(view, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ViewLoaded(view, shown))

    @on(ViewLoaded)
    def _view_loaded(self, message: ViewLoaded) -> None:
        screen, shown = self.screen, message.shown
        if message.view != self._view:
            return  # the reader has gone elsewhere
        if isinstance(screen, EntityScreen) and isinstance(shown, EntityShown):
            screen.shown = shown
        elif isinstance(screen, DateScreen) and isinstance(shown, DateShown):
            self.remember_sources(shown.sources)
            screen.shown = shown

    @on(ViewFailed)
    def _view_failed(self, message: ViewFailed) -> None:
        if message.view == self._view:
            self._close_view()
        self.notify_error("Cannot open the view", message.error)

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

    # -- index ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def update_index(self) -> None:
        """Bring the index up to date, posting throttled progress, then the summary."""
        progress = throttled(lambda p: self.post_message(IndexProgressed(p)), PROGRESS_INTERVAL)

        try:
            in_child = self.corpus.article_count() >= UPDATE_IN_CHILD_FROM
            summary = self.corpus.update(progress=progress, in_child=in_child)
        except CorpusError as exc:
            self.post_message(IndexFailed(str(exc)))
        except Exception as exc:  # a bug or an OS error: report it, keep the app usable
            self.log.error("index update failed", exc)
            self.post_message(IndexFailed(f"index update failed: {type(exc).__name__}: {exc}"))
        else:
            self.post_message(IndexUpdated(summary, self.corpus.took_partial_state()))

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        self.query_one(StatusBar).progress = message.progress

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        summary = message.summary
        self.index_done = True
        status = self.query_one(StatusBar)
        status.progress = None
        skipped, cut = len(summary.not_read), len(summary.cut)
        state = f"{summary.articles:,} article{'s' if summary.articles != 1 else ''}"
        if skipped:
            state += f" · {skipped} skipped"
        if cut:
            state += f" · {cut} cut short"
        status.index_state = state
        status.index_severity = "warning" if skipped or cut else "information"
        changes = summary.added + summary.updated + summary.removed
        flash = (
            f"index updated: {summary.added} added, {summary.updated} changed, "
            f"{summary.removed} removed"
            if changes
            else "index up to date"
        )
        self.show_flash(summary.notice or flash, "warning" if summary.notice else "information")
        if message.changed:  # a no-op update leaves what was read from the index true
            self.forget_sources()
            self.load_entities()
            self.run_search(self.query_text)

    @on(IndexFailed)
    def _index_failed(self, message: IndexFailed) -> None:
        self.index_done = True
        status = self.query_one(StatusBar)
        status.progress = None
        status.index_state = "index not updated"
        status.index_severity = "error"
        self.show_flash(message.error, "error", seconds=None)
        self.notify_error("Index update failed", message.error)
        self.run_search(self.query_text)  # whatever index exists still answers

    def show_flash(
        self, text: str, severity: Severity, seconds: float | None = FLASH_SECONDS
    ) -> None:
        """Show a passing message in the status line (until the next query, or ``seconds``)."""
        status = self.query_one(StatusBar)
        status.flash = (text, severity)
        self._flash_timer_serial += 1
        if seconds is not None:
            serial = self._flash_timer_serial
            self.set_timer(seconds, lambda: self._clear_flash(serial))

    def _clear_flash(self, serial: int | None = None) -> None:
        """Clear the flash (its timer may fire while the app shuts down: no status bar)."""
        if serial is None or serial == self._flash_timer_serial:
            with contextlib.suppress(NoMatches):
                self.query_one(StatusBar).flash = None

    # -- search -----------------------------------------------------------------------------

    @on(SearchBox.QueryChanged)
    def _query_changed(self, message: SearchBox.QueryChanged) -> None:
        if self._events_timer is not None:  # the events follow the newest results only
            self._events_timer.stop()
            self._events_timer = None
        if not self._typing:  # a new search: one history step, however many keys it takes
            self.leave(focus="search")  # (Enter may already have sent the focus on)
            self._typing = True
        self.query_text = self.marks_query = message.query
        self.query_one(ResultsList).searching = True
        self._clear_flash()
        self.run_search(message.query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str) -> None:
        """Search in a thread; a newer search cancels this one, which then posts nothing."""
        try:
            if not self.index_done and not self.corpus.has_index():
                result = SearchResult(query=text, total=0, notice=BUILDING_NOTICE)
            else:
                result = self.corpus.search(text, partial=True, limit=SEARCH_LIMIT)
        except CorpusError as exc:
            if not get_current_worker().is_cancelled:
                self.post_message(SearchFailed(text, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(SearchCompleted(text, result))

    @on(SearchCompleted)
    def _search_completed(self, message: SearchCompleted) -> None:
        if not self._background_started:
            self.call_after_refresh(self._start_background)
        if message.query != self.query_text:
            return  # overtaken by a newer query
        result = message.result
        self.query_one(ResultsList).searching = False
        self.query_one(ResultsList).result = result
        if self._pending_result is not None and self._pending_result[0] == message.query:
            self._put_result_cursor(self._pending_result[1])
            self._pending_result = None
        status = self.query_one(StatusBar)
        status.notice = result.notice
        count = f"{result.total:,} result{'s' if result.total != 1 else ''}"
        spellings = [f'"{spelling}"' for spelling in result.also_matched if '"' not in spelling]
        self.marks_query = " ".join([result.query, *spellings])
        if result.also_matched:
            count = f"also matched: {', '.join(result.also_matched)} · {count}"
        status.count = one_line(count)
        if self.events_scope == "results":
            self._follow_with_events()

    def _follow_with_events(self) -> None:
        """Refresh the events pane once the results have stood for ``EVENTS_DELAY``: while
        the reader types, each next search goes first (the engine answers one call at a
        time, and the events read documents)."""
        if self._events_timer is not None:
            self._events_timer.stop()
        self._events_timer = self.set_timer(EVENTS_DELAY, self._events_due)

    def _events_due(self) -> None:
        self._events_timer = None
        self.refresh_events()

    @property
    def events_pending(self) -> bool:
        """Whether the events pane is yet to follow the latest results."""
        return self._events_timer is not None

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        if not self._background_started:
            self.call_after_refresh(self._start_background)  # the update may mend the index
        if message.query == self.query_text:
            self.query_one(StatusBar).notice = message.error
            self.notify_error("Search failed", message.error)

    # -- article ----------------------------------------------------------------------------

    @on(ResultsList.ArticleChosen)
    def _article_chosen(self, message: ResultsList.ArticleChosen) -> None:
        self.leave()
        self.open_article(message.hit.id, self.marks_query)
        self.query_one(ArticleView).focus()

    @on(ResultsList.ArticleHighlighted)
    def _article_highlighted(self, message: ResultsList.ArticleHighlighted) -> None:
        if message.results.has_focus:  # preview while the reader moves through the results
            self.open_article(message.hit.id, self.marks_query)

    @on(EventsList.EventChosen)
    def _event_chosen(self, message: EventsList.EventChosen) -> None:
        self.leave()
        self.open_article(message.event.article, self.marks_query, message.event)

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
        try:
            article = self.corpus.article(article_id)
            cut = display_cut(article.body)
            title_marks = self.corpus.marks(article.title, query, partial=True)
            body_marks = self.corpus.marks(article.body[:cut], query, partial=True)
            links = tuple(self.corpus.links(article.id))
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
                marks = self.corpus.marks(article.body[start:end], query, partial=True)
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
            self.call_after_refresh(self._focus_pending, True)
        elif event is not None:
            view.focus()

    @on(ArticleHitsCounted)
    def _article_hits_counted(self, message: ArticleHitsCounted) -> None:
        view = self.query_one(ArticleView)
        view.hits_counted(message.article_id, message.query, message.body_marks)

    @on(LinksList.LinkFollowed)
    def _link_followed(self, message: LinksList.LinkFollowed) -> None:
        self.leave()
        self.open_article(message.link.id, self.marks_query)
        self.query_one(ArticleView).focus()

    @on(ArticleFailed)
    def _article_failed(self, message: ArticleFailed) -> None:
        self.show_flash(message.error, "error")
        self.notify_error("Cannot open the article", message.error)
