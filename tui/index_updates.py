"""The app's part that brings the index up to date and keeps the status line's news.

A mixin of ``CorpusReaderApp`` (kept apart so that ``app.py`` stays readable). The update runs
in a thread worker (in a child process for a large index) that posts throttled progress, then
its summary; the handlers show them in the status bar, and after a change reload what was read
from the index. The passing messages of the status line (``show_flash``) live here too: the
update's summary is the first of them. The rest of the app is reached through ``host``
(``reader_host.ReaderHost``).
"""

from __future__ import annotations

import contextlib

from textual import on, work
from textual.css.query import NoMatches

from corpus_reader.index import CorpusError, throttled

from .messages import IndexFailed, IndexProgressed, IndexUpdated
from .reader_host import AppPart
from .widgets.status_bar import Severity, StatusBar

PROGRESS_INTERVAL = 0.05
"""Seconds between progress messages: a 100k-file update must not flood the event loop."""
UPDATE_IN_CHILD_FROM = 2000
"""Articles from which the index update runs in a child process: even a no-op update of a
large index holds the interpreter lock long enough to stall painting."""
FLASH_SECONDS = 6.0


class IndexUpdates(AppPart):
    """The session's index update, its progress and summary; the status line's flash."""

    def __init__(self) -> None:
        super().__init__()
        self.index_done = False
        """Whether the index update of this session has finished (well or not)."""
        self._flash_timer_serial = 0

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def update_index(self) -> None:
        """Bring the index up to date, posting throttled progress, then the summary."""
        progress = throttled(lambda p: self.post_message(IndexProgressed(p)), PROGRESS_INTERVAL)
        corpus = self.host.corpus

        try:
            in_child = corpus.article_count() >= UPDATE_IN_CHILD_FROM
            summary = corpus.update(progress=progress, in_child=in_child)
        except CorpusError as exc:
            self.post_message(IndexFailed(str(exc)))
        except Exception as exc:  # a bug or an OS error: report it, keep the app usable
            self.log.error("index update failed", exc)
            self.post_message(IndexFailed(f"index update failed: {type(exc).__name__}: {exc}"))
        else:
            self.post_message(IndexUpdated(summary, corpus.took_partial_state()))

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
            self.host.forget_sources()
            self.host.load_entities()
            self.host.run_search(self.host.query_text)

    @on(IndexFailed)
    def _index_failed(self, message: IndexFailed) -> None:
        self.index_done = True
        status = self.query_one(StatusBar)
        status.progress = None
        status.index_state = "index not updated"
        status.index_severity = "error"
        self.show_flash(message.error, "error", seconds=None)
        self.host.notify_error("Index update failed", message.error)
        self.host.run_search(self.host.query_text)  # whatever index exists still answers

    def show_flash(
        self, text: str, severity: Severity, seconds: float | None = FLASH_SECONDS
    ) -> None:
        """Show a passing message in the status line (until the next query, or ``seconds``)."""
        status = self.query_one(StatusBar)
        status.flash = (text, severity)
        self._flash_timer_serial += 1
        if seconds is not None:
            serial = self._flash_timer_serial
            self.set_timer(seconds, lambda: self.clear_flash(serial))

    def clear_flash(self, serial: int | None = None) -> None:
        """Clear the flash (its timer may fire while the app shuts down: no status bar)."""
        if serial is None or serial == self._flash_timer_serial:
            with contextlib.suppress(NoMatches):
                self.query_one(StatusBar).flash = None
