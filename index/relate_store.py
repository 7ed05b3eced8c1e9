"""What relating derived from every article, kept so that an update relates only its own.

Relating reads every article (280 s at 100,000); an update of a few hundred files must not.
So the writer keeps, beside the generation, an SQLite file of what relating derived per
article: the link vectors (top TF-IDF terms, entity weights) with their inverted lists and
the stems' document frequencies, the entities' spellings with their counts, each event as
grouping compares it (its date, words and key entities, with a full-text table of
date-and-word tokens to find its likes), the event groups, the disputed dates and the links.
An update (``relate_delta``) takes out the articles it removes, puts in the ones it writes and
relates those to the rest through these tables, in one transaction that also records the
Whoosh generation the file now describes. A file that describes another generation than the
one an update starts from is of no use to it: that update relates everything and writes the
file anew. Only the writer reads or writes it. Imports no Textual or Rich.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .relations import Derived

STORE_VERSION = 1
"""Bump when the tables change: an older file is written anew by the next full relate."""

_NAME = "relate.sqlite"

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE articles (
    num INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, url TEXT, cited TEXT NOT NULL,
    text TEXT NOT NULL, ents TEXT NOT NULL);
CREATE INDEX articles_url ON articles(url);
CREATE TABLE text_postings (term TEXT, num INTEGER, w REAL, PRIMARY KEY (term, num))
    WITHOUT ROWID;
CREATE TABLE entity_postings (term TEXT, num INTEGER, w REAL, PRIMARY KEY (term, num))
    WITHOUT ROWID;
CREATE TABLE stem_df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE entities (key TEXT PRIMARY KEY, forms TEXT NOT NULL, articles INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE cites (url TEXT, num INTEGER, PRIMARY KEY (url, num)) WITHOUT ROWID;
CREATE TABLE links (
    src INTEGER, dst INTEGER, score REAL NOT NULL, reasons TEXT NOT NULL,
    PRIMARY KEY (src, dst)) WITHOUT ROWID;
CREATE INDEX links_dst ON links(dst);
CREATE TABLE groups (grp INTEGER PRIMARY KEY, value TEXT NOT NULL, granularity TEXT NOT NULL);
CREATE TABLE items (
    item INTEGER PRIMARY KEY, num INTEGER NOT NULL, ordinal INTEGER NOT NULL,
    value TEXT NOT NULL, granularity TEXT NOT NULL, words TEXT NOT NULL, keys TEXT NOT NULL,
    grp INTEGER);
CREATE INDEX items_num ON items(num);
CREATE INDEX items_grp ON items(grp);
CREATE VIRTUAL TABLE item_tokens USING fts5(
    tokens, content='', tokenize="unicode61 remove_diacritics 0 tokenchars '-_:.'");
CREATE TABLE disputes (a INTEGER, b INTEGER, PRIMARY KEY (a, b)) WITHOUT ROWID;
"""


def path_for(folder: Path) -> Path:
    return folder / _NAME


def word_token(value: str, word: str) -> str:
    """The full-text token of a word said of a date value: an event's likes are found by
    the words of its sentence on the dates that meet its own."""
    return f"{value}_{word}"


def key_token(value: str, key: str) -> str:
    """The full-text token of an entity named on a date value."""
    return f"{value}_k_{key}"


def tokens(value: str, words: Iterable[str], keys: Iterable[str]) -> str:
    return " ".join(
        [word_token(value, w) for w in sorted(words)] + [key_token(value, k) for k in sorted(keys)]
    )


def create(folder: Path, generation: int, derived: Derived) -> None:
    """Write the store of index state ``generation`` from a full relate, atomically."""
    from .links import url_key

    path = path_for(folder)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    sources, features, grouping = derived.sources, derived.features, derived.grouping
    num = {source.id: n for n, source in enumerate(sources)}
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(SCHEMA)
            db.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (
                        n,
                        s.id,
                        url_key(s.url) if s.url else None,
                        json.dumps(s.cited),
                        json.dumps(features.text[n]),
                        json.dumps(features.entities[n]),
                    )
                    for n, s in enumerate(sources)
                ),
            )
            for table, vectors in (
                ("text_postings", features.text),
                ("entity_postings", features.entities),
            ):
                rows = sorted((t, n, w) for n, v in enumerate(vectors) for t, w in v.items())
                db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", rows)
            db.executemany("INSERT INTO stem_df VALUES (?, ?)", sorted(features.text_df.items()))
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
                ((c, n) for n, s in enumerate(sources) for c in s.cited),
            )
            db.executemany(
                "INSERT INTO links VALUES (?, ?, ?, ?)",
                (
                    (num[article], num[link.target], link.score, json.dumps(link.reasons))
                    for article, found in derived.scored.items()
                    for link in found
                ),
            )
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
            db.executemany(
                "INSERT INTO item_tokens(rowid, tokens) VALUES (?, ?)",
                ((r[0], tokens(r[3], r[5].split(), r[6].split())) for r in items),
            )
            del items
            db.executemany(
                "INSERT OR IGNORE INTO disputes VALUES (?, ?)",
                ((item_of[a], item_of[b]) for a, b in grouping.disputes),
            )
            set_meta(db, generation, len(sources))
            db.commit()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


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
