"""Event groups and linked articles of one index state, computed once and kept beside it.

Computing them reads every article; opening an article must not. So after each commit the
single writer computes them and writes ``relations-G.json`` into the generation folder, G being
the Whoosh generation (table of contents) they were computed from. A reader uses only the file
of the generation its own searcher reads, so links never pair with another index state. A
missing or unreadable file (an index older than this file, a crash between the commit and the
write) is computed again by the reader and written if the folder allows. Files are written
under a temporary name and renamed into place: a reader sees a whole file or none.
Imports no Textual or Rich.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .event_groups import EventRef

from . import sidecars
from .models import Event, Granularity, Link, Mention
from .schema import stored_events, stored_mentions

SIDECAR_VERSION = 1
"""Bump when what the file holds or how it is computed changes: older files are recomputed."""

_PREFIX = "relations-"


@dataclass(frozen=True)
class Relations:
    """The event groups and links of one index state (one Whoosh generation)."""

    generation: int
    links: dict[str, tuple[Link, ...]]
    group_of: dict[EventRef, int]
    group_dates: dict[int, tuple[str, Granularity]]
    other_dates: dict[EventRef, tuple[str, ...]]

    def grouped(self, events: tuple[Event, ...]) -> tuple[Event, ...]:
        """One article's events (in stored order) with their groups and disputed dates."""
        out = []
        for n, event in enumerate(events):
            ref = (event.article, n)
            group, others = self.group_of.get(ref), self.other_dates.get(ref, ())
            out.append(
                replace(event, group=group, other_dates=others) if group or others else event
            )
        return tuple(out)


Documents = Iterable[tuple[int, dict[str, Any]]]
"""Stored documents as (document number, stored fields), one per article id."""


def compute(reader: Any) -> Relations:
    """The relations of the index state a Whoosh reader reads: groups first, then links."""
    docs, text_of = reader_documents(reader)
    return compute_from(sidecars.generation_of(reader), docs, text_of)


def reader_documents(reader: Any) -> tuple[Documents, Callable[[str], str]]:
    """Every document of a reader's index state (the last one of an id that is there twice),
    and the text (title and body) of an article by id, read again when asked."""
    ids = reader.column_reader("id")
    docnums = {ids[n]: n for n in reader.all_doc_ids()}
    return (
        ((n, reader.stored_fields(n)) for n in docnums.values()),
        lambda article: _text(reader.stored_fields(docnums[article])),
    )


def listed_documents(docs: Sequence[dict[str, Any]]) -> tuple[Documents, Callable[[str], str]]:
    """Documents about to be written, numbered as a fresh index numbers them (in order), the
    last one of an id that is there twice, and an article's text by id."""
    last = {fields["id"]: n for n, fields in enumerate(docs)}
    return ((n, docs[n]) for n in last.values()), lambda article: _text(docs[last[article]])


def compute_from(
    generation: int,
    docs: Documents,
    text_of: Callable[[str], str],
    visit: Callable[[int, dict[str, Any]], object] | None = None,
) -> Relations:
    """The relations of the documents ``docs`` of index state ``generation``.

    ``visit(docnum, fields)`` is called for every document as it is read, so that the
    catalog and the timeline are gathered in the same pass (reading every stored document
    is a large part of the work: 40 s of it at 100,000 articles)."""
    # Imported here: reading an index state's links needs none of the computing.
    from .entities import build_entities
    from .event_groups import group_events
    from .links import LinkSource, link_articles, link_source

    events: dict[str, tuple[Event, ...]] = {}
    mentions: dict[str, list[Mention]] = {}
    about: dict[str, tuple[str, date | None]] = {}
    sources: list[LinkSource] = []
    for n, fields in docs:
        if visit is not None:
            visit(n, fields)
        article = fields["id"]
        events[article] = stored_events(fields)
        mentions[article] = list(stored_mentions(fields))
        when = fields.get("date")
        published = when.date() if isinstance(when, datetime) else None
        about[article] = (fields.get("title", ""), published)
        keys = Counter(m.key for m in mentions[article])
        sources.append(link_source(article, _text(fields), fields.get("url"), keys))
    entities = build_entities(mentions)
    del mentions
    grouping = group_events(events, {e.key: e.articles for e in entities})
    groups_of: dict[str, dict[int, str]] = {}
    for (article, _n), group in grouping.group_of.items():
        groups_of.setdefault(article, {})[group] = grouping.dates[group][0]
    sources = [replace(s, groups=groups_of.get(s.id)) for s in sources]
    scored = link_articles(sources, {e.key: e.name for e in entities}, text_of)
    links = {
        article: tuple(
            Link(s.target, about[s.target][0], s.score, s.reasons, about[s.target][1])
            for s in found
        )
        for article, found in scored.items()
        if found
    }
    return Relations(generation, links, grouping.group_of, grouping.dates, grouping.other_dates)


def _text(fields: dict[str, Any]) -> str:
    return f"{fields.get('title', '')}\n{fields.get('body', '')}"


# -- the sidecar file ------------------------------------------------------------------------


def sidecar_path(folder: Path, generation: int) -> Path:
    """The file that holds the relations of one generation of the index in ``folder``."""
    return folder / f"{_PREFIX}{generation}.json"


def load_or_compute(folder: Path, reader: Any) -> Relations:
    """The relations of the reader's index state: from its file, else computed and written."""
    generation = sidecars.generation_of(reader)
    found = load(folder, generation)
    if found is None:
        found = compute(reader)
        with contextlib.suppress(OSError):  # a read-only folder: keep them for this state only
            save(folder, found)
    return found


def load(folder: Path, generation: int) -> Relations | None:
    """The relations stored for ``generation``; None when missing, damaged or of another version."""
    try:
        with open(sidecar_path(folder, generation), encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("version") != SIDECAR_VERSION or data.get("generation") != generation:
            return None
        return _from_json(data)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def save(folder: Path, relations: Relations) -> None:
    """Write the relations atomically (temporary file, then rename), and their links by
    article (``save_links``)."""
    sidecars.write_json(sidecar_path(folder, relations.generation), _to_json(relations))
    save_links(folder, relations)


def remove_others(folder: Path, generation: int) -> None:
    """Delete the files of other generations and leftover temporary files (writer only)."""
    sidecars.remove_others(folder, _PREFIX, sidecar_path(folder, generation))
    sidecars.remove_others(folder, _LINKS_PREFIX, links_path(folder, generation))


# -- links by article --------------------------------------------------------------------------

_LINKS_PREFIX = "links-"


def links_path(folder: Path, generation: int) -> Path:
    """An SQLite file of one generation's links, one row per article: opening an article reads
    its row, not the relations file (106 MB of JSON and seconds to load at 100,000 articles)."""
    return folder / f"{_LINKS_PREFIX}{generation}.sqlite"


def save_links(folder: Path, relations: Relations) -> None:
    """Write the links by article atomically (a temporary database, then rename)."""
    path = links_path(folder, relations.generation)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            db.execute("CREATE TABLE links (article TEXT PRIMARY KEY, found TEXT NOT NULL)")
            db.executemany(
                "INSERT INTO links VALUES (?, ?)",
                (
                    (article, json.dumps([_link_row(link) for link in found]))
                    for article, found in relations.links.items()
                    if found
                ),
            )
            db.commit()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def links_of(folder: Path, generation: int, article: str) -> tuple[Link, ...] | None:
    """One article's links from the generation's links file; None when there is no such file
    (an index written before it existed) or it cannot be read."""
    path = links_path(folder, generation)
    if not path.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT found FROM links WHERE article = ?", (article,)).fetchone()
        if row is None:
            return ()
        return tuple(
            Link(
                target,
                title,
                float(score),
                tuple(reasons),
                date.fromisoformat(day) if day else None,
            )
            for target, title, score, reasons, day in json.loads(row[0])
        )
    except (sqlite3.Error, ValueError, TypeError):
        return None


def _link_row(link: Link) -> list[Any]:
    return [link.id, link.title, link.score, list(link.reasons), _iso(link.published)]


def _to_json(relations: Relations) -> dict[str, Any]:
    """Article ids once in a table, referred to by position: the file stays compact."""
    table = sorted(
        set(relations.links)
        | {link.id for found in relations.links.values() for link in found}
        | {article for article, _n in relations.group_of}
        | {article for article, _n in relations.other_dates}
    )
    pos = {article: n for n, article in enumerate(table)}
    titles = {link.id: (link.title, link.published) for f in relations.links.values() for link in f}
    return {
        "version": SIDECAR_VERSION,
        "generation": relations.generation,
        "articles": table,
        "titles": [titles.get(a, ("", None))[0] for a in table],
        "dates": [_iso(titles.get(a, ("", None))[1]) for a in table],
        "links": {
            str(pos[article]): [[pos[k.id], k.score, list(k.reasons)] for k in found]
            for article, found in relations.links.items()
            if found
        },
        "groups": {str(g): list(v) for g, v in relations.group_dates.items()},
        "events": [[pos[a], n, g] for (a, n), g in relations.group_of.items()],
        "other_dates": [[pos[a], n, list(d)] for (a, n), d in relations.other_dates.items()],
    }


def _from_json(data: dict[str, Any]) -> Relations:
    table: list[str] = data["articles"]
    titles: list[str] = data["titles"]
    dates = [date.fromisoformat(d) if d else None for d in data["dates"]]
    links = {
        table[int(a)]: tuple(
            Link(table[t], titles[t], float(score), tuple(reasons), dates[t])
            for t, score, reasons in found
        )
        for a, found in data["links"].items()
    }
    return Relations(
        generation=int(data["generation"]),
        links=links,
        group_of={(table[a], int(n)): int(g) for a, n, g in data["events"]},
        group_dates={int(g): (v[0], v[1]) for g, v in data["groups"].items()},
        other_dates={(table[a], int(n)): tuple(d) for a, n, d in data["other_dates"]},
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
