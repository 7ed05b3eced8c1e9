"""The Whoosh schema: which fields an article has in the index and how each is analysed.

Besides what search needs, every article document carries the stamp of the file it came from
(``file``, ``size``, ``mtime_ns``, ``digest``) in columns, so that an update can compare the
corpus with the index without reading any stored body.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from whoosh import columns, fields
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.lang.porter2 import stem as porter2_stem

from ..models import Article, Event, Mention
from .text_field import ArticleText

ENTITY_FIELDS = ("person", "place", "org", "group")

SCHEMA_VERSION = 4
"""Bump when the schema or what goes into it changes: an index of another version is rebuilt."""

TITLE_BOOST = 2.0

# Porter2 (Snowball English) conflates more forms than Whoosh's default Porter stemmer
# ("evacuating" and "evacuation" both give "evacu"). Stop words are dropped as Whoosh does by
# default; positions are renumbered both at index and query time, so phrases still match.
_text_analyzer = StemmingAnalyzer(stemfn=porter2_stem)
_source_analyzer = RegexTokenizer(r"[^\s./:]+") | LowercaseFilter()


def build_schema() -> fields.Schema:
    """A new instance of the article schema (Whoosh schemas are mutable objects)."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        file=fields.ID(stored=True, sortable=True),
        title=ArticleText(
            analyzer=_text_analyzer,
            stored=True,
            field_boost=TITLE_BOOST,
            multitoken_query="phrase",
        ),
        body=ArticleText(analyzer=_text_analyzer, stored=True, multitoken_query="phrase"),
        source=fields.TEXT(analyzer=_source_analyzer, stored=True, multitoken_query="phrase"),
        url=fields.ID(stored=True),
        date=fields.DATETIME(stored=True),
        # YYYYMMDD, 0 when undated: sorting on it puts undated articles last, newest first.
        day=fields.NUMERIC(int, bits=32, sortable=True),
        date_source=fields.STORED(),
        # Entity slugs by kind ("kyiv", "vladimir-putin"), and all of them in `entity`: a
        # field query is resolved to the entity's slug first, so any spelling finds it.
        person=fields.KEYWORD(lowercase=True, scorable=True),
        place=fields.KEYWORD(lowercase=True, scorable=True),
        org=fields.KEYWORD(lowercase=True, scorable=True),
        group=fields.KEYWORD(lowercase=True, scorable=True),
        entity=fields.KEYWORD(lowercase=True, scorable=True),
        # Each event's day, month and year ("2022-02-24 2022-02 2022"), or ISO week and year.
        event=fields.KEYWORD(lowercase=True),
        mentions=fields.STORED(),
        events=fields.STORED(),
        # Read as columns only, never searched: a NUMERIC field would also index 16 terms of
        # each (8% of a build's postings, and a term per distinct mtime).
        size=fields.COLUMN(columns.NumericColumn("q")),
        mtime_ns=fields.COLUMN(columns.NumericColumn("q")),
        digest=fields.ID(sortable=True),
    )


def article_document(
    article: Article,
    size: int,
    mtime_ns: int,
    digest: str,
    mentions: tuple[Mention, ...] = (),
    events: tuple[Event, ...] = (),
    event_terms: str = "",
) -> dict[str, Any]:
    """The Whoosh document for one article, stamped with its file's size, mtime and digest."""
    doc: dict[str, Any] = {
        "id": article.id,
        "file": article.path,
        "title": article.title,
        "body": article.body,
        "date_source": article.date_source,
        "size": size,
        "mtime_ns": mtime_ns,
        "digest": digest,
    }
    if article.source:
        doc["source"] = article.source
    if article.url:
        doc["url"] = article.url
    if article.published is not None:
        doc["date"] = to_datetime(article.published)
    doc["day"] = day_number(article.published)
    slugs: dict[str, dict[str, None]] = {kind: {} for kind in ENTITY_FIELDS}
    for mention in mentions:
        slugs[mention.kind].setdefault(entity_slug(mention.key), None)
    for kind, kind_slugs in slugs.items():
        if kind_slugs:
            doc[kind] = " ".join(kind_slugs)
    if mentions:
        doc["entity"] = " ".join(s for kind_slugs in slugs.values() for s in kind_slugs)
        doc["mentions"] = [(m.start, m.end, m.text, m.kind, m.key) for m in mentions]
    if events:
        doc["event"] = event_terms
        doc["events"] = [_event_row(e) for e in events]
    return doc


def entity_slug(key: str) -> str:
    """The index term of an entity key: ``place:kyiv`` → ``kyiv``."""
    return key.split(":", 1)[-1]


_EVENT_FIELDS = (
    "date",
    "granularity",
    "expression",
    "start",
    "end",
    "sentence",
    "sentence_start",
    "sentence_end",
    "resolution",
    "anchor",
    "entities",
)


def _event_row(event: Event) -> tuple[Any, ...]:
    return tuple(getattr(event, name) for name in _EVENT_FIELDS)


def stored_mentions(fields_: dict[str, Any]) -> tuple[Mention, ...]:
    """The mentions stored with a document."""
    return tuple(Mention(*row) for row in fields_.get("mentions") or ())


def stored_events(fields_: dict[str, Any]) -> tuple[Event, ...]:
    """The events stored with a document, each naming its article."""
    article = fields_["id"]
    return tuple(
        Event(**dict(zip(_EVENT_FIELDS, row, strict=True)), article=article)
        for row in fields_.get("events") or ()
    )


def day_number(day: date | None) -> int:
    """The sort key of a date: YYYYMMDD, or 0 for none."""
    return 0 if day is None else day.year * 10000 + day.month * 100 + day.day


def to_datetime(day: date) -> datetime:
    """Whoosh DATETIME fields hold datetimes; an article's date is a day."""
    return datetime(day.year, day.month, day.day)


def stored_article(fields_: dict[str, Any]) -> Article:
    """Rebuild an Article from a document's stored fields (the body is read back, not re-parsed)."""
    when = fields_.get("date")
    return Article(
        id=fields_["id"],
        path=fields_["file"],
        title=fields_.get("title", ""),
        body=fields_.get("body", ""),
        url=fields_.get("url"),
        source=fields_.get("source"),
        published=when.date() if isinstance(when, datetime) else None,
        date_source=fields_.get("date_source", "unknown"),
        mentions=stored_mentions(fields_),
        events=stored_events(fields_),
    )
