"""The engine's public API: open a corpus, keep its index up to date, search it, read articles.

The CLI and the TUI use only what ``__all__`` lists here. The engine imports no Textual or Rich
and hands out plain frozen dataclasses, never Whoosh objects.
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
from .whoosh_ext.segment_files import install as _read_segments_in_place
from .whoosh_ext.writer_speedups import install as _speed_up_the_writer
from .write.progress import throttled

_read_segments_in_place()  # before any index is opened
_speed_up_the_writer()

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
