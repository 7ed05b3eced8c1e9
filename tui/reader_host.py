"""What the app's mixins need of the app they are mixed into, typed by a ``Protocol``.

``CorpusReaderApp`` is put together from parts kept in modules of their own: ``SearchRunner``
(search_runner.py), ``IndexUpdates`` (index_updates.py), ``Opening`` (opening.py),
``EventWorkers`` (event_workers.py) and ``PaletteWorkers`` (palette_data.py). What a part reads
of the app or calls on another part, it reaches through ``host``, typed ``ReaderHost``; the
app's ``host`` returns the app itself, so that mypy checks, there, that the app has what its
parts expect (bare annotations in the mixins would declare the attributes without anything
checking that they are ever set).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from textual.app import App
from textual.worker import Worker

from corpus_reader.index import Corpus

from .widgets.events_list import Scope
from .widgets.status_bar import Severity


class ReaderHost(Protocol):
    """The app's state its mixins read, and what they call on each other."""

    @property
    def corpus(self) -> Corpus: ...

    # -- the search (SearchRunner) ----------------------------------------------------------

    @property
    def query_text(self) -> str:
        """The query the results are (or are about to be) for."""
        ...

    @property
    def marks_query(self) -> str:
        """What the article pane marks: the query, and the other spellings it matched."""
        ...

    def run_search(self, text: str) -> Worker[None]: ...

    # -- the app: start-up and history --------------------------------------------------------

    @property
    def background_started(self) -> bool: ...

    def start_background(self) -> None: ...
    def note_typing(self) -> None: ...
    def leave(self, **changes: Any) -> None: ...
    def focus_pending(self, last: bool = False) -> None: ...
    def notify_error(self, title: str, message: str) -> None: ...

    # -- the index update and the status line (IndexUpdates) ----------------------------------

    @property
    def index_done(self) -> bool:
        """Whether the index update of this session has finished (well or not)."""
        ...

    def show_flash(self, text: str, severity: Severity, seconds: float | None = ...) -> None: ...
    def clear_flash(self, serial: int | None = None) -> None: ...

    # -- the events pane and the entities (EventWorkers) --------------------------------------

    @property
    def events_scope(self) -> Scope: ...

    def refresh_events(self) -> None: ...
    def load_entities(self) -> Worker[None]: ...
    def forget_sources(self) -> None: ...
    def fetch_sources(self, article_ids: set[str]) -> dict[str, str]: ...
    def remember_sources(self, sources: Mapping[str, str]) -> None: ...


class AppPart(App[int]):
    """Base of the app's mixins: ``host`` is the app as they need it."""

    @property
    def host(self) -> ReaderHost:
        raise NotImplementedError("the app that mixes this part in provides its host")
