"""The Whoosh schema: which fields an article has in the index and how each is analysed.

Besides what search needs, every article document carries the stamp of the file it came from
(``file``, ``size``, ``mtime_ns``, ``digest``) in columns, so that an update can compare the
corpus with the index without reading any stored body. Imports no Textual or Rich.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from whoosh import fields
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.lang.porter2 import stem as porter2_stem

from .models import Article

SCHEMA_VERSION = 1
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
        title=fields.TEXT(
            analyzer=_text_analyzer,
            stored=True,
            field_boost=TITLE_BOOST,
            multitoken_query="phrase",
        ),
        body=fields.TEXT(analyzer=_text_analyzer, stored=True, multitoken_query="phrase"),
        source=fields.TEXT(analyzer=_source_analyzer, stored=True, multitoken_query="phrase"),
        url=fields.ID(stored=True),
        date=fields.DATETIME(stored=True),
        # YYYYMMDD, 0 when undated: sorting on it puts undated articles last, newest first.
        day=fields.NUMERIC(int, bits=32, sortable=True),
        date_source=fields.STORED(),
        size=fields.NUMERIC(int, bits=64, sortable=True),
        mtime_ns=fields.NUMERIC(int, bits=64, sortable=True),
        digest=fields.ID(sortable=True),
    )


def article_document(article: Article, size: int, mtime_ns: int, digest: str) -> dict[str, Any]:
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
    return doc


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
    )
