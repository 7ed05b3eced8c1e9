"""The links of one index state, one SQLite row per article, kept beside it.

Opening an article reads its row, not every article's links. Written by the single writer,
atomically (a temporary database, then rename); read-only for everyone else, but for the
reader of an index without the file (``files.fill_missing``).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from datetime import date
from pathlib import Path
from typing import Any

from ..models import Link
from ..relate.derive import Relations
from . import sidecars


def remove_others(folder: Path, generation: int) -> None:
    """Delete the links files of other generations, leftover temporary files, and the
    relations files older versions wrote (writer only)."""
    sidecars.remove_others(folder, _LINKS_PREFIX, links_path(folder, generation))
    sidecars.remove_others(folder, _OLD_PREFIX, folder / f"{_OLD_PREFIX}none.json")


_OLD_PREFIX = "relations-"
"""Versions before 2026-12 kept the relations in ``relations-G.json``, every article's links
in one file read whole; the timeline keeps the groups now and the links file the links."""


_LINKS_PREFIX = "links-"


def links_path(folder: Path, generation: int) -> Path:
    """An SQLite file of one generation's links, one row per article: opening an article reads
    its row, not every article's links."""
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
        with contextlib.closing(
            sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        ) as db:
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


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
