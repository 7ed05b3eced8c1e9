"""The status line: index state and progress on the left, a message, the result count right.

The app sets its attributes; it renders them and posts nothing. The message slot shows an
error flash first, then the current search's notice, then any other flash (index summary).
Nothing here shows a clock or animates once indexing is over, so screenshots are stable.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label, ProgressBar

from corpus_reader.index import Progress

from ..display.safe_text import line

Severity = Literal["information", "warning", "error"]

_PHASES = {
    "scan": "scanning",
    "read": "indexing",
    "commit": "writing index",
    "links": "linking articles",
}
_COUNTED = frozenset({"scan", "read", "commit"})
"""Phases whose done/total mean files; "links" counts steps, shown as a percentage (and
without numbers while its total is not known)."""
_STYLES: dict[Severity, str] = {
    "information": "$text-success",
    "warning": "$text-warning",
    "error": "bold $text-error",
}


class StatusBar(Horizontal):
    """One line: ``indexing 12/40 [bar]  message  5 results``."""

    progress: reactive[Progress | None] = reactive(None)
    """The running index update, or None when none runs."""
    index_state: reactive[str] = reactive("")
    """What the index holds, e.g. ``5 articles · 2 files skipped``."""
    index_severity: reactive[Severity] = reactive[Severity]("information")
    notice: reactive[str | None] = reactive(None)
    """The current search's notice (a repaired query); shown before a non-error flash."""
    flash: reactive[tuple[str, Severity] | None] = reactive(None)
    """A passing message: the index summary, an error."""
    count: reactive[str] = reactive("")
    """The result count of the current search."""

    def compose(self) -> ComposeResult:
        yield Label(id="status-index")
        yield ProgressBar(id="status-progress", show_eta=False, show_percentage=False)
        yield Label(id="status-message")
        yield Label(id="status-count")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    def watch_progress(self, progress: Progress | None) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = progress is not None
        if progress is not None:
            known = progress.phase in ("read", "links") and progress.total > 0
            bar.update(total=progress.total if known else None, progress=progress.done)
        self._show_index()

    def watch_index_state(self) -> None:
        self._show_index()

    def watch_index_severity(self) -> None:
        self._show_index()

    def _show_index(self) -> None:
        progress = self.progress
        if progress is not None:
            phase = _PHASES.get(progress.phase, progress.phase)
            if not progress.total:
                text = f"{phase}…"
            elif progress.phase in _COUNTED:
                text = f"{phase} {progress.done}/{progress.total}"
            else:
                text = f"{phase} {100 * progress.done // progress.total}%"
            content = Content(text).stylize("$text-accent")
        else:
            content = line(self.index_state, _STYLES[self.index_severity])
        self.query_one("#status-index", Label).update(content)

    def watch_notice(self) -> None:
        self._show_message()

    def watch_flash(self) -> None:
        self._show_message()

    def _show_message(self) -> None:
        label = self.query_one("#status-message", Label)
        flash, notice = self.flash, self.notice
        if flash and (flash[1] == "error" or not notice):
            label.update(line(flash[0], _STYLES[flash[1]]))
        elif notice:
            label.update(line(notice, _STYLES["warning"]))
        else:
            label.update("")

    def watch_count(self, count: str) -> None:
        self.query_one("#status-count", Label).update(line(count))
