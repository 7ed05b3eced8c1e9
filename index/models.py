"""Frozen dataclasses that cross the engine boundary.

The engine hands these, never Whoosh objects, to the CLI and the TUI: Whoosh hits and results
die with their searcher. Nothing here imports Whoosh, Textual or Rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

DateSource = Literal["header", "metadata", "unknown"]
"""Where an article's publication date came from."""

Span = tuple[int, int]
"""A half-open character range ``[start, end)`` into a string."""


@dataclass(frozen=True)
class Article:
    """One news article as ingested: the body is the text that character offsets index."""

    id: str
    path: str
    title: str
    body: str
    url: str | None = None
    source: str | None = None
    published: date | None = None
    date_source: DateSource = "unknown"


@dataclass(frozen=True)
class Skipped:
    """A file (or one record of it) that could not be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Progress:
    """How far an update has come; ``phase`` is ``scan``, ``read`` or ``commit``."""

    phase: str
    done: int
    total: int


@dataclass(frozen=True)
class UpdateSummary:
    """What one index update did."""

    articles: int
    added: int
    updated: int
    removed: int
    skipped: tuple[Skipped, ...] = ()
    seconds: float = 0.0
    rebuilt: bool = False
    notice: str | None = None


@dataclass(frozen=True)
class Snippet:
    """The best fragment of a body as plain text, with the spans of matched terms in it."""

    text: str
    highlights: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Hit:
    """One search result: what the result list needs, no body."""

    id: str
    title: str
    published: date | None
    source: str | None
    url: str | None
    score: float
    snippet: Snippet


@dataclass(frozen=True)
class SearchResult:
    """The hits of one query; ``notice`` explains a query that had to be repaired."""

    query: str
    total: int
    hits: tuple[Hit, ...] = ()
    notice: str | None = None
    terms: tuple[str, ...] = field(default=())
