"""What the app's mixins need of the app they are mixed into, typed by a ``Protocol``.

``EventWorkers`` and ``PaletteWorkers`` are parts of ``CorpusReaderApp`` kept in modules of
their own; they read the corpus and the current query, which the app holds. They reach them
through ``host``, typed ``ReaderHost``; the app's ``host`` returns the app itself, so that mypy
checks, there, that the app has what its parts expect (bare annotations in the mixins would
declare the attributes without anything checking that they are ever set).
"""

from __future__ import annotations

from typing import Protocol

from textual.app import App

from corpus_reader.index import Corpus


class ReaderHost(Protocol):
    """The app's state its mixins read."""

    @property
    def corpus(self) -> Corpus: ...

    @property
    def query_text(self) -> str:
        """The query the results are (or are about to be) for."""
        ...


class AppPart(App[int]):
    """Base of the app's mixins: ``host`` is the app as they need it."""

    @property
    def host(self) -> ReaderHost:
        raise NotImplementedError("the app that mixes this part in provides its host")
