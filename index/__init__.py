"""The engine's public API: open a corpus, keep its index up to date, search it, read articles.

The CLI and the TUI use only what ``__all__`` lists here. The engine hands out plain frozen
dataclasses, never Whoosh objects, and importing it leaves Whoosh as published: its patches to
Whoosh are installed when it first opens an index (``whoosh_ext.patches``).
"""

from __future__ import annotations

from .corpus import Corpus, default_corpus_path
from .errors import (
    ArticleNotFound,
    CorpusError,
    CorpusNotFound,
    EntityNotFound,
    IndexBusy,
    IndexUnavailable,
)
from .models import (
    Article,
    Entity,
    EntityMention,
    Event,
    EventGroup,
    Hit,
    Link,
    Mention,
    Progress,
    SearchResult,
    Skipped,
    Snippet,
    Span,
    UpdateSummary,
)
from .periods import period
from .text import ESCAPES, INVISIBLE, clean_text
from .write.progress import throttled

__all__ = [
    "ESCAPES",
    "INVISIBLE",
    "Article",
    "ArticleNotFound",
    "Corpus",
    "CorpusError",
    "CorpusNotFound",
    "Entity",
    "EntityMention",
    "EntityNotFound",
    "Event",
    "EventGroup",
    "Hit",
    "IndexBusy",
    "IndexUnavailable",
    "Link",
    "Mention",
    "Progress",
    "SearchResult",
    "Skipped",
    "Snippet",
    "Span",
    "UpdateSummary",
    "clean_text",
    "default_corpus_path",
    "period",
    "throttled",
]
