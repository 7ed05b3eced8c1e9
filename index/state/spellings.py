"""Every spelling of every entity, kept beside one index state for alias-aware search.

A search rewrites the words of its query that name an entity (``entity_search.rewrite``), so it
needs to know, for a few words, which entity each spells. Loading the catalog and folding every
alias to answer that costs a search process more than the search, and grows with the corpus;
so the writer keeps ``spellings-<generation>.sqlite``, folded spellings to entities, and a
search looks up its own words. Readers never write it: without it they use the catalog's table.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

from ..extract.aliases import normalise
from ..models import Entity, EntityKind
from . import sidecars

_PREFIX = "spellings-"

_SCHEMA = """
CREATE TABLE entities (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, aliases TEXT NOT NULL,
    articles INTEGER NOT NULL, mentions INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE spellings (spelling TEXT, key TEXT, PRIMARY KEY (spelling, key)) WITHOUT ROWID;
"""

_FIND = """
SELECT entities.* FROM spellings JOIN entities ON entities.key = spellings.key
WHERE spelling = ? ORDER BY mentions DESC, articles DESC, name, entities.key LIMIT 1
"""
"""A spelling two entities share goes to the most mentioned (as ``EntityTable.of``)."""


def path_for(folder: Path, generation: int) -> Path:
    return folder / f"{_PREFIX}{generation}.sqlite"


def save(folder: Path, generation: int, entities: Iterable[Entity]) -> None:
    """Write the spellings of ``entities`` for index state ``generation``, atomically."""
    _write(path_for(folder, generation), None, {e.key: e for e in entities})


def update(
    folder: Path, old_generation: int, generation: int, changed: Mapping[str, Entity | None]
) -> None:
    """The spellings of ``generation``: those of ``old_generation`` with the ``changed``
    entities replaced (None: no article names it any more)."""
    _write(path_for(folder, generation), path_for(folder, old_generation), changed)


def _write(path: Path, old: Path | None, entities: Mapping[str, Entity | None]) -> None:
    tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    try:
        if old is not None:
            shutil.copyfile(old, tmp)
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            if old is None:
                db.executescript(_SCHEMA)
            db.executemany("DELETE FROM entities WHERE key = ?", ((k,) for k in entities))
            db.executemany("DELETE FROM spellings WHERE key = ?", ((k,) for k in entities))
            kept = [e for e in entities.values() if e is not None]
            db.executemany(
                "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (e.key, e.name, e.kind, json.dumps(e.aliases), e.articles, e.mentions)
                    for e in kept
                ),
            )
            db.executemany(
                "INSERT OR IGNORE INTO spellings VALUES (?, ?)",
                ((normalise(alias), e.key) for e in kept for alias in (e.name, *e.aliases)),
            )
            if old is None:
                db.execute("CREATE INDEX spellings_key ON spellings(key)")
            db.commit()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class Spelled(Protocol):
    """Which entity a spelling names: ``EntityTable`` in memory, or ``Spellings`` looked up in
    the file the writer keeps."""

    def find(self, surface: str) -> Entity | None: ...


@dataclass(frozen=True)
class EntityTable:
    """Every spelling the corpus uses for each entity, folded for lookup."""

    by_alias: dict[str, Entity]

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> EntityTable:
        table: dict[str, Entity] = {}
        # Most-mentioned first, so a spelling shared by two entities goes to the main one.
        for entity in sorted(entities, key=lambda e: -e.mentions):
            for alias in (entity.name, *entity.aliases):
                table.setdefault(normalise(alias), entity)
        return cls(table)

    def find(self, surface: str) -> Entity | None:
        return self.by_alias.get(normalise(surface))


class Spellings:
    """One index state's spellings, looked up one at a time (``EntityTable.find``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def find(self, surface: str) -> Entity | None:
        """The entity ``surface`` spells, or None (also when the file cannot be read)."""
        try:
            with contextlib.closing(
                sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True)
            ) as db:
                row = db.execute(_FIND, (normalise(surface),)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        key, name, kind, aliases, articles, mentions = row
        return Entity(
            key, name, cast(EntityKind, kind), tuple(json.loads(aliases)), articles, mentions
        )


def remove_others(folder: Path, generation: int) -> None:
    """Delete the files of other generations and leftover temporary files (writer only)."""
    sidecars.remove_others(folder, _PREFIX, path_for(folder, generation))
