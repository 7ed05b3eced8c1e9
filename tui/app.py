"""The corpus-reader Textual app: layout, key bindings and the workers that call the engine.

Every engine call (index update, search, article fetch) runs in a thread worker that posts a
message from ``messages``; handlers run on the event loop and hand the results down to the
panes as attributes. Panes never talk to each other or to the engine. Those workers and their
handlers live in mixins (``reader_host`` says what they need of the app): the searches in
``SearchRunner``, the index update and the status line's flash in ``IndexUpdates``, the
articles and the entity and date views in ``Opening``, the events pane and the entity names
in ``EventWorkers``, the palette's lists in ``PaletteWorkers``. Here: the layout, the keys,
the start-up and the history.

Layout: results | article | events side by side from 140 columns (the screen gets ``-wide``);
below that the events pane sits under the results, in the left column (``-narrow``).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.css.query import NoMatches
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from corpus_reader.index import Corpus

from .display.safe_text import display_text
from .event_workers import EventWorkers
from .history import History, Place
from .index_updates import IndexUpdates
from .keymap import apply_user_keymap
from .layout import PaneLayout, grid
from .opening import Opening
from .palette import PALETTE_PROVIDERS
from .palette_data import PaletteWorkers
from .reader_host import ReaderHost
from .screens.help_screen import HelpScreen, key_rows
from .search_runner import SearchRunner
from .settings import persist_theme
from .widgets.article_view import ArticleView
from .widgets.events_list import EventsList
from .widgets.results_list import ResultsList
from .widgets.search_box import SearchBox
from .widgets.status_bar import StatusBar

LOADS_AFTER_PAINT = 0.25
"""Seconds between the first results and loading the entities (reading the catalog holds the
interpreter lock a while on a large corpus): the paint goes first."""
BACKGROUND_AT_THE_LATEST = 2.0
"""Seconds after launch by which the background work starts even without first results."""
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


class CorpusReaderApp(SearchRunner, IndexUpdates, Opening, PaletteWorkers, EventWorkers):
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
        self.history = History()
        self.pane_layout = PaneLayout()
        """Which side panes show and the article's share of the width (R, E, <, >)."""
        self._typing = False
        """Whether the reader is typing a new search (its first change was put in history)."""
        self._pending_focus: str | None = None
        """The pane to focus once the article gone back to is shown."""
        self.background_started = False
        """Whether the background work (index update, entities, palette) has been started."""

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
        self.set_timer(BACKGROUND_AT_THE_LATEST, self.start_background)

    def start_background(self) -> None:
        """Start what the first screen does not show: the index update, the entities' names,
        the palette's lists. Started once the first results are painted (threads share one
        interpreter lock, so on a large corpus they had delayed the first results), or after
        ``BACKGROUND_AT_THE_LATEST`` whatever happened to the search."""
        if self.background_started:
            return
        self.background_started = True
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
            view=self.current_view,
        )

    def note_typing(self) -> None:
        """The reader typed in the search box: a new search is one history step, however
        many keys it takes."""
        if not self._typing:
            self.leave(focus="search")  # (Enter may already have sent the focus on)
            self._typing = True

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
        self.close_view()
        self._typing = False
        self.query_one(SearchBox).set_query(place.query)
        if place.query != self.query_text:
            self.query_text = place.query
            self.pending_result = (place.query, place.result_index)
            self.run_search(place.query)
        else:
            self.put_result_cursor(place.result_index)
        self.marks_query = place.marks
        if place.article_id is None:
            self.query_one(ArticleView).shown = None
        else:
            self.open_article(place.article_id, place.marks, place.event, place.scroll_y)
        self._pending_focus = place.focus
        self.focus_pending()  # again once the article is shown: its links are rebuilt then
        if place.view is not None:
            self.show_view(place.view)
        self.refresh_bindings()

    def focus_pending(self, last: bool = False) -> None:
        """Focus the pane of the place gone back to (if it is still on screen); ``last``:
        the article is shown, nothing more to wait for."""
        if self._pending_focus:
            with contextlib.suppress(NoMatches):  # a pane of a layout no longer shown
                self.query_one(f"#{self._pending_focus}").focus()
        if last:
            self._pending_focus = None
