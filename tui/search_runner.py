"""The app's part that runs the searches and hands their results to the results pane.

A mixin of ``CorpusReaderApp`` (kept apart so that ``app.py`` stays readable). It holds the
query the screen is for and runs each search in a thread worker (a newer one cancels it);
the events pane follows the results once they have stood a moment. What it needs of the app
and its other parts (history, status line, events pane) it reaches through ``host``
(``reader_host.ReaderHost``).
"""

from __future__ import annotations

from textual import on, work
from textual.timer import Timer
from textual.widgets import OptionList
from textual.worker import get_current_worker

from corpus_reader.index import CorpusError, SearchResult

from .display.safe_text import one_line
from .messages import SearchCompleted, SearchFailed
from .reader_host import AppPart
from .widgets.results_list import ResultsList
from .widgets.search_box import SearchBox
from .widgets.status_bar import StatusBar

SEARCH_LIMIT = 50
EVENTS_DELAY = 0.3
"""Seconds the results stand before the events pane follows them."""
BUILDING_NOTICE = "Building the index: results appear as soon as it is ready."


class SearchRunner(AppPart):
    """Search as the reader types; show the results, their count and what else they matched."""

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        """The query the results are (or are about to be) for."""
        self.marks_query = ""
        """What the article pane marks: the query, and the other spellings it matched."""
        self.pending_result: tuple[str, int | None] | None = None
        """The result to put the cursor on when the search for this query completes."""
        self._events_timer: Timer | None = None

    @on(SearchBox.QueryChanged)
    def _query_changed(self, message: SearchBox.QueryChanged) -> None:
        if self._events_timer is not None:  # the events follow the newest results only
            self._events_timer.stop()
            self._events_timer = None
        self.host.note_typing()
        self.query_text = self.marks_query = message.query
        self.query_one(ResultsList).searching = True
        self.host.clear_flash()
        self.run_search(message.query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str) -> None:
        """Search in a thread; a newer search cancels this one, which then posts nothing."""
        try:
            if not self.host.index_done and not self.host.corpus.has_index():
                result = SearchResult(query=text, total=0, notice=BUILDING_NOTICE)
            else:
                result = self.host.corpus.search(text, partial=True, limit=SEARCH_LIMIT)
        except CorpusError as exc:
            if not get_current_worker().is_cancelled:
                self.post_message(SearchFailed(text, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(SearchCompleted(text, result))

    @on(SearchCompleted)
    def _search_completed(self, message: SearchCompleted) -> None:
        if not self.host.background_started:
            self.call_after_refresh(self.host.start_background)
        if message.query != self.query_text:
            return  # overtaken by a newer query
        result = message.result
        self.query_one(ResultsList).searching = False
        self.query_one(ResultsList).result = result
        if self.pending_result is not None and self.pending_result[0] == message.query:
            self.put_result_cursor(self.pending_result[1])
            self.pending_result = None
        status = self.query_one(StatusBar)
        status.notice = result.notice
        count = f"{result.total:,} result{'s' if result.total != 1 else ''}"
        spellings = [f'"{spelling}"' for spelling in result.also_matched if '"' not in spelling]
        self.marks_query = " ".join([result.query, *spellings])
        if result.also_matched:
            count = f"also matched: {', '.join(result.also_matched)} · {count}"
        status.count = one_line(count)
        if self.host.events_scope == "results":
            self._follow_with_events()

    def put_result_cursor(self, index: int | None) -> None:
        """Move the results' cursor without previewing the article under it."""
        results = self.query_one(ResultsList)
        if index is not None and 0 <= index < results.option_count:
            with results.prevent(OptionList.OptionHighlighted):
                results.highlighted = index

    def _follow_with_events(self) -> None:
        """Refresh the events pane once the results have stood for ``EVENTS_DELAY``: while
        the reader types, each next search goes first (the engine answers one call at a
        time, and the events read documents)."""
        if self._events_timer is not None:
            self._events_timer.stop()
        self._events_timer = self.set_timer(EVENTS_DELAY, self._events_due)

    def _events_due(self) -> None:
        self._events_timer = None
        self.host.refresh_events()

    @property
    def events_pending(self) -> bool:
        """Whether the events pane is yet to follow the latest results."""
        return self._events_timer is not None

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        if not self.host.background_started:
            self.call_after_refresh(self.host.start_background)  # the update may mend the index
        if message.query == self.query_text:
            self.query_one(StatusBar).notice = message.error
            self.host.notify_error("Search failed", message.error)
