"""Frozen dataclasses that cross the engine boundary.

The engine hands these, never Whoosh objects, to the CLI and the TUI: Whoosh hits and results
die with their searcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

DateSource = Literal["header", "metadata", "text", "corpus", "unknown"]
"""Where an article's publication date came from: a header line, file metadata (JSON, HTML),
inferred from the text (a dateline, a caption), inferred from the corpus, or unknown."""

EntityKind = Literal["person", "place", "org", "group"]
Granularity = Literal["day", "week", "month", "year"]
Resolution = Literal["explicit", "relative", "year inferred"]
"""How an event's date was resolved: written in full, relative to the anchor (the publication
date), or a day/month whose year was taken from the anchor."""

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
    mentions: tuple[Mention, ...] = ()
    """Named-entity mentions in the body, by position (filled by the index)."""
    events: tuple[Event, ...] = ()
    """Dated events in the body, by position (filled by the index)."""


@dataclass(frozen=True)
class Skipped:
    """A file (or one record of it) that could not be read, and why; or, with ``partial``,
    one that was read only in part (cut to a size limit), and how much."""

    path: str
    reason: str
    partial: bool = False


@dataclass(frozen=True)
class Progress:
    """How far an update has come; ``phase`` is ``scan``, ``read``, ``commit`` or ``links``."""

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

    @property
    def not_read(self) -> tuple[Skipped, ...]:
        """The files and records skipped: nothing of them is in the index."""
        return tuple(s for s in self.skipped if not s.partial)

    @property
    def cut(self) -> tuple[Skipped, ...]:
        """The files and texts read only in part (to a size limit): searchable up to it."""
        return tuple(s for s in self.skipped if s.partial)


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
    also_matched: tuple[str, ...] = ()
    """Other spellings of entities named in the query that the search matched too."""


@dataclass(frozen=True)
class Mention:
    """One mention of a named entity: a span of the body, its kind and its entity's key."""

    start: int
    end: int
    text: str
    kind: EntityKind
    key: str


@dataclass(frozen=True)
class Entity:
    """One thing named in the corpus, however spelled: display name, aliases and counts."""

    key: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    articles: int = 0
    mentions: int = 0


@dataclass(frozen=True)
class EntityMention:
    """One article that mentions an entity: where it first does, in which sentence, how often.

    One row per article, as a reader scanning "who else reports this" wants them; ``mention``
    is the index of that first mention in the article's ``mentions``, so the article can be
    opened scrolled to it. Offsets index the article's body.
    """

    article: str
    title: str
    published: date | None
    source: str | None
    mention: int
    start: int
    end: int
    text: str
    sentence: str
    sentence_start: int
    sentence_end: int
    count: int = 1
    """How many times the article mentions the entity."""


@dataclass(frozen=True)
class Event:
    """A date expression in a body, resolved to the calendar, with its sentence.

    ``date`` is a TimeML-style value (``2022-01-28``, ``2022-W04``, ``2022-01``, ``2022``);
    ``anchor`` is the date a relative expression was resolved against, so a reader can check it.
    """

    date: str
    granularity: Granularity
    expression: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    resolution: Resolution
    anchor: str | None = None
    article: str = ""
    entities: tuple[str, ...] = ()
    group: int | None = None
    """The event group: events of other articles that report the same happening share it."""
    other_dates: tuple[str, ...] = ()
    """Other dates that other sources give for what reads as the same happening."""


@dataclass(frozen=True)
class EventGroup:
    """Events of several articles that report the same happening, on one date (or period).

    ``other_dates`` are dates that other sources give for it: a disagreement to check.
    """

    group: int
    date: str
    granularity: Granularity
    articles: tuple[str, ...]
    events: tuple[Event, ...]
    other_dates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """An article linked to another, with its score and the evidence for it.

    Each reason names its evidence: ``same event 2022-01-28``, ``shared: Jean-Yves Le Drian``,
    ``similar text``, ``near-duplicate``, ``cites``, ``cited by``.
    """

    id: str
    title: str
    score: float
    reasons: tuple[str, ...]
    published: date | None = None
