"""What relating derived from every article, kept so that an update relates only its own.

Relating reads every article; an update of a few hundred files must not.
So the writer keeps, beside the generation, an SQLite file of what relating derived per
article: the link vectors (top TF-IDF terms, entity weights) with their inverted lists and
the stems' document frequencies, the entities' spellings with their counts, each event as
grouping compares it (its date, words and key entities, with the lists of the events that
say each word on each date, to find its likes), the event groups, the disputed dates and which
articles link to which.
An update (``relate_delta``) takes out the articles it removes, puts in the ones it writes and
relates those to the rest through these tables, in one transaction that also records the
Whoosh generation the file now describes. A file that describes another generation than the
one an update starts from is of no use to it: that update relates everything and writes the
file anew. Only the writer reads or writes it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..relate.derive import Derived

STORE_VERSION = 3
"""Bump when the tables change: an older file is written anew by the next full relate."""

STORED_LIST = 120
"""A term or entity in more articles' link vectors than this proposes no link candidates
(``links.LIST_CAP`` is half of it): its list is not kept, the term is marked long."""

TOKEN_CAP = 50
"""Events kept per token: a word more events of a date share proposes no likes (grouping's
``LIST_CAP`` is half of it); a full token's list is kept as it was (enough to find the group
of a key entity)."""

_NAME = "relate.sqlite"

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE terms (tid INTEGER PRIMARY KEY, term TEXT UNIQUE NOT NULL, df INTEGER NOT NULL);
CREATE TABLE articles (
    num INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, url TEXT, cited TEXT NOT NULL,
    text BLOB NOT NULL, ents BLOB NOT NULL);
CREATE INDEX articles_url ON articles(url);
CREATE TABLE postings (tid INTEGER, num INTEGER, w REAL, PRIMARY KEY (tid, num)) WITHOUT ROWID;
CREATE TABLE long_terms (tid INTEGER PRIMARY KEY);
CREATE TABLE entities (key TEXT PRIMARY KEY, forms TEXT NOT NULL, articles INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE cites (url TEXT, num INTEGER, PRIMARY KEY (url, num)) WITHOUT ROWID;
CREATE TABLE backlinks (dst INTEGER, src INTEGER, PRIMARY KEY (dst, src)) WITHOUT ROWID;
CREATE TABLE groups (grp INTEGER PRIMARY KEY, value TEXT NOT NULL, granularity TEXT NOT NULL);
CREATE TABLE items (
    item INTEGER PRIMARY KEY, num INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    value TEXT NOT NULL, granularity TEXT NOT NULL, words TEXT NOT NULL, keys TEXT NOT NULL,
    grp INTEGER);
CREATE INDEX items_num ON items(num);
CREATE INDEX items_grp ON items(grp);
CREATE TABLE tokens (token TEXT PRIMARY KEY, items BLOB NOT NULL, full INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE disputes (a INTEGER, b INTEGER, PRIMARY KEY (a, b)) WITHOUT ROWID;
"""
"""``terms`` numbers the stems (with their document frequencies) and entity keys that link
vectors use; a vector is stored as its term numbers then its weights (``pack``), heaviest
first; ``postings`` are the short inverted lists of those vectors; ``backlinks`` say which
articles' links name an article (the links themselves are in the generation's links file);
``tokens`` list the events (``items``) that say a word, or name an entity, on a date."""


def pack(vector: dict[int, float]) -> bytes:
    """A link vector by term number, as bytes: the numbers, then the weights (32-bit)."""
    return array("i", vector).tobytes() + array("f", vector.values()).tobytes()


def unpack(blob: bytes) -> dict[int, float]:
    """The vector ``pack`` stored, heaviest first."""
    half = len(blob) // 2
    tids, weights = array("i"), array("f")
    tids.frombytes(blob[:half])
    weights.frombytes(blob[half:])
    return dict(zip(tids, weights, strict=True))


def path_for(folder: Path) -> Path:
    return folder / _NAME


def word_token(value: str, word: str) -> str:
    """The full-text token of a word said of a date value: an event's likes are found by
    the words of its sentence on the dates that meet its own."""
    return f"{value}_{word}"


def key_token(value: str, key: str) -> str:
    """The full-text token of an entity named on a date value."""
    return f"{value}_k_{key}"


def tokens(value: str, words: Iterable[str], keys: Iterable[str]) -> list[str]:
    """An event's tokens: its words and entities, each said of its date value."""
    return [word_token(value, w) for w in words] + [key_token(value, k) for k in keys]


def pack_items(items: Iterable[int]) -> bytes:
    return array("i", items).tobytes()


def unpack_items(blob: bytes) -> array[int]:
    items = array("i")
    items.frombytes(blob)
    return items


def create(folder: Path, generation: int, derived: Derived) -> None:
    """Write the store of index state ``generation`` from a full relate, atomically."""
    path = path_for(folder)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(SCHEMA)
            num = {source.id: n for n, source in enumerate(derived.sources)}
            _write_vectors(db, derived)
            _write_entities_and_links(db, derived, num)
            _write_groups(db, derived, num)
            set_meta(db, generation, len(derived.sources))
            db.commit()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_vectors(db: sqlite3.Connection, derived: Derived) -> None:
    """The terms (numbered), each article's link vectors, and the inverted lists of the
    terms few enough articles carry."""
    from ..relate.links import url_key

    features = derived.features
    tid: dict[str, int] = {}
    for vector in (*features.text, *features.entities):
        for term in vector:
            tid.setdefault(term, len(tid))
    for term in features.text_df:
        tid.setdefault(term, len(tid))
    db.executemany(
        "INSERT INTO terms VALUES (?, ?, ?)",
        ((n, term, features.text_df.get(term, 0)) for term, n in tid.items()),
    )
    db.executemany(
        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                n,
                s.id,
                url_key(s.url) if s.url else None,
                json.dumps(s.cited),
                pack({tid[t]: w for t, w in features.text[n].items()}),
                pack({tid[t]: w for t, w in features.entities[n].items()}),
            )
            for n, s in enumerate(derived.sources)
        ),
    )
    lists: dict[int, list[tuple[int, float]]] = {}
    for vectors in (features.text, features.entities):
        for n, vector in enumerate(vectors):
            for term, w in vector.items():
                lists.setdefault(tid[term], []).append((n, w))
    db.executemany(
        "INSERT INTO postings VALUES (?, ?, ?)",
        (
            (t, n, w)
            for t, postings in sorted(lists.items())
            if len(postings) <= STORED_LIST
            for n, w in postings
        ),
    )
    db.executemany(
        "INSERT INTO long_terms VALUES (?)",
        ((t,) for t, postings in lists.items() if len(postings) > STORED_LIST),
    )


def _write_entities_and_links(
    db: sqlite3.Connection, derived: Derived, num: dict[str, int]
) -> None:
    """The entities' spellings and article counts, the citations and the backlinks."""
    counts = derived.counts
    db.executemany(
        "INSERT INTO entities VALUES (?, ?, ?)",
        (
            (key, json.dumps(forms), counts.articles[key])
            for key, forms in sorted(counts.forms.items())
        ),
    )
    db.executemany(
        "INSERT OR IGNORE INTO cites VALUES (?, ?)",
        ((c, n) for n, s in enumerate(derived.sources) for c in s.cited),
    )
    db.executemany(
        "INSERT OR IGNORE INTO backlinks VALUES (?, ?)",
        (
            (num[link.target], num[article])
            for article, found in derived.scored.items()
            for link in found
        ),
    )


def _write_groups(db: sqlite3.Connection, derived: Derived, num: dict[str, int]) -> None:
    """The event groups, their items (one event each) with their tokens, and the disputes."""
    grouping = derived.grouping
    db.executemany(
        "INSERT INTO groups VALUES (?, ?, ?)",
        ((g, value, granularity) for g, (value, granularity) in grouping.dates.items()),
    )
    item_of = {}
    items = []
    for n, item in enumerate(grouping.items, 1):
        item_of[item.ref] = n
        items.append(
            (
                n,
                num[item.article],
                item.ref[1],
                item.value,
                item.granularity,
                " ".join(sorted(item.words)),
                " ".join(sorted(item.keys)),
                grouping.group_of.get(item.ref),
            )
        )
    db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?)", items)
    db.executemany("INSERT INTO tokens VALUES (?, ?, ?)", _token_rows(items))
    db.executemany(
        "INSERT OR IGNORE INTO disputes VALUES (?, ?)",
        ((item_of[a], item_of[b]) for a, b in grouping.disputes),
    )


def _token_rows(items: list[tuple[Any, ...]]) -> Iterator[tuple[str, bytes, int]]:
    """The rows of ``tokens`` for the item rows ``items``, a date value at a time (the
    tokens of one value come from its events only)."""
    by_value: dict[str, list[tuple[Any, ...]]] = {}
    for row in items:
        by_value.setdefault(row[3], []).append(row)
    for value, rows in sorted(by_value.items()):
        lists: dict[str, list[int]] = {}
        for item, _num, _ordinal, _value, _granularity, words, keys, _grp in rows:
            for token in tokens(value, words.split(), keys.split()):
                lists.setdefault(token, []).append(item)
        for token, found in lists.items():
            yield token, pack_items(found[:TOKEN_CAP]), int(len(found) > TOKEN_CAP)


def set_meta(db: sqlite3.Connection, generation: int, articles: int) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [
            ("version", str(STORE_VERSION)),
            ("generation", str(generation)),
            ("articles", str(articles)),
        ],
    )


@contextlib.contextmanager
def opened(folder: Path, generation: int) -> Iterator[sqlite3.Connection | None]:
    """The store if it describes index state ``generation`` (else None), in a transaction
    that the caller commits; closed after."""
    path = path_for(folder)
    if not path.exists():
        yield None
        return
    try:
        db = sqlite3.connect(path, isolation_level="DEFERRED")
    except sqlite3.Error:
        yield None
        return
    with contextlib.closing(db):
        try:
            meta = dict(db.execute("SELECT k, v FROM meta").fetchall())
        except sqlite3.Error:
            meta = {}
        current = meta.get("version") == str(STORE_VERSION) and meta.get("generation") == str(
            generation
        )
        yield db if current else None


def remove(folder: Path) -> None:
    """Delete the store (a full relate writes it again)."""
    path_for(folder).unlink(missing_ok=True)
