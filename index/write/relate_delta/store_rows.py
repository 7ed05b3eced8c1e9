"""What the pieces of an update's relating (``relate_delta``) share: the update as they see it,
queries over many keys, the store's term numbers and its lists of events by token."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ...state import relate_store

CHUNK = 500
"""Keys per ``IN (...)`` query: well under the host parameters SQLite accepts."""


@dataclass(frozen=True)
class Change:
    """An update as its relating sees it, once the store's article numbers are read."""

    folder: Path
    generation: int
    old_generation: int
    old_ids: list[str | None]
    """The previous state's article id by document number (None for a deleted document)."""
    removed: dict[str, dict[str, Any]]
    """Stored fields of the articles taken out (the old versions of replaced ones too), by id."""
    added: dict[str, dict[str, Any]]
    """The documents written, by id."""
    reader: Any
    """A reader of the new state (for the text of the articles linking compares)."""
    docnum: dict[str, int]
    """The new state's document number of each article."""
    total: int
    """Articles in the new state."""


def rows(db: sqlite3.Connection, sql: str, keys: Sequence[Any]) -> list[tuple[Any, ...]]:
    """``sql`` with ``IN ({})`` over ``keys``, in chunks SQLite accepts."""
    found: list[tuple[Any, ...]] = []
    for at in range(0, len(keys), CHUNK):
        chunk = keys[at : at + CHUNK]
        found += db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
    return found


def each(db: sqlite3.Connection, sql: str, keys: Sequence[Any]) -> None:
    """Run ``sql`` with ``IN ({})`` over ``keys``, in chunks SQLite accepts."""
    for at in range(0, len(keys), CHUNK):
        chunk = keys[at : at + CHUNK]
        db.execute(sql.format(",".join("?" * len(chunk))), chunk)


class Terms:
    """The store's numbers of stems and entity keys, their document frequencies and which
    are too common to list: read once, numbered here as new ones come."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.tid: dict[str, int] = dict(db.execute("SELECT term, tid FROM terms").fetchall())
        self.long = {cast(int, tid) for (tid,) in db.execute("SELECT tid FROM long_terms")}

    def number(self, term: str) -> int:
        """The number of a stem or entity key, numbered now if new."""
        tid = self.tid.get(term)
        if tid is None:
            cursor = self.db.execute("INSERT INTO terms VALUES (NULL, ?, 0)", (term,))
            tid = self.tid[term] = cast(int, cursor.lastrowid)
        return tid

    def count(self, terms: Sequence[Iterable[str]], sign: int) -> dict[str, int]:
        """Add (or take away) articles' stems to the document frequencies; the frequencies
        of those stems now."""
        stems = sorted({t for ts in terms for t in ts})
        df = dict(
            cast(
                list[tuple[str, int]],
                rows(self.db, "SELECT term, df FROM terms WHERE term IN ({})", stems),
            )
        )
        for ts in terms:
            for t in set(ts):
                df[t] = max(df.get(t, 0) + sign, 0)
        self.db.executemany(
            "UPDATE terms SET df = ? WHERE tid = ?", [(df[t], self.number(t)) for t in stems]
        )
        return df

    def shorten(self, listed: Iterable[int]) -> None:
        """Drop the lists grown too long: such a term proposes no candidates any more."""
        for tid in sorted(listed):
            (count,) = self.db.execute(
                "SELECT COUNT(*) FROM postings WHERE tid = ?", (tid,)
            ).fetchone()
            if count > relate_store.STORED_LIST:
                self.db.execute("DELETE FROM postings WHERE tid = ?", (tid,))
                self.db.execute("INSERT OR IGNORE INTO long_terms VALUES (?)", (tid,))
                self.long.add(tid)

    def names(self) -> dict[int, str]:
        """Each number's stem or entity key."""
        return {tid: term for term, tid in self.tid.items()}


class TokenLists:
    """The events listed under each token (a word or key entity on a date) and whether the
    list is full: read once, then kept and changed here until ``save`` writes them."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.listed: dict[str, tuple[array[int], bool]] = {}
        self.dirty: set[str] = set()

    def lists(self, tokens: list[str]) -> dict[str, tuple[array[int], bool]]:
        """The list of each token, and whether it is full."""
        missing = [t for t in dict.fromkeys(tokens) if t not in self.listed]
        for token, blob, full in rows(
            self.db, "SELECT token, items, full FROM tokens WHERE token IN ({})", missing
        ):
            self.listed[token] = (relate_store.unpack_items(blob), bool(full))
        for token in missing:
            self.listed.setdefault(token, (array("i"), False))
        return {token: self.listed[token] for token in tokens}

    def drop(self, item: int, tokens: list[str]) -> None:
        """Take an event out of its tokens' lists."""
        for token, (found, _full) in self.lists(tokens).items():
            if item in found:
                found.remove(item)
                self.dirty.add(token)

    def add(self, item: int, tokens: list[str]) -> None:
        """List an event under its tokens; a list that reaches the cap is full and kept as it
        was (the word is too common to list)."""
        for token, (found, full) in self.lists(tokens).items():
            if full:
                continue
            if len(found) < relate_store.TOKEN_CAP:
                found.append(item)
            else:
                self.listed[token] = (found, True)
            self.dirty.add(token)

    def save(self) -> None:
        """Write the lists this update changed (an empty one goes)."""
        for token in sorted(self.dirty):
            found, full = self.listed[token]
            if found or full:
                self.db.execute(
                    "INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)",
                    (token, found.tobytes(), int(full)),
                )
            else:
                self.db.execute("DELETE FROM tokens WHERE token = ?", (token,))
