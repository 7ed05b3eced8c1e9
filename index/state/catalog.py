"""The corpus's entities and what names each article, kept beside the index.

Searching needs the spellings of every entity (``Kyiv`` also finds "Kiev"), the entity lists
and views need the entities with their counts, and list rows name articles by source or title.
Gathering these means reading every stored document, which grows with the corpus; so the
writer gathers them once after each commit and leaves them in ``catalog-<generation>.json``
beside the index, as it does the relations. A reader loads the file for the state it reads
(or gathers it, for an index written before the file existed, or a lost file, and writes it
through ``files.fill_missing``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, cast

from ..models import Entity, EntityKind, Mention
from ..whoosh_ext.reader import generation_of
from ..whoosh_ext.schema import stored_mentions
from . import sidecars
from .spellings import EntityTable

CATALOG_VERSION = 2
"""Bump when what the file holds changes: older files are gathered again."""

_PREFIX = "catalog-"


@dataclass(frozen=True)
class Catalog:
    """Entities (most mentioned first) and article labels of one index state."""

    generation: int
    entities: tuple[Entity, ...]
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Article id -> (title, source)."""
    published: dict[str, str] = field(default_factory=dict)
    """Article id -> publication date (ISO), for the dated ones."""

    @cached_property
    def table(self) -> EntityTable:
        """Every spelling of every entity, for alias-aware search."""
        return EntityTable.of(self.entities)

    @cached_property
    def by_key(self) -> dict[str, Entity]:
        return {entity.key: entity for entity in self.entities}


class Gathering:
    """A catalog being gathered, one stored document at a time (the writer feeds the
    catalog and the timeline from one pass over the documents). ``with_entities=False``:
    the caller counts the entities itself (``relate.write_all``: relating counts them) and
    hands them to ``finish``; the mentions are not kept twice."""

    def __init__(self, generation: int, with_entities: bool = True) -> None:
        self.generation = generation
        self.with_entities = with_entities
        self.mentions: dict[str, list[Mention]] = {}
        self.labels: dict[str, tuple[str, str]] = {}
        self.published: dict[str, str] = {}

    def add(self, _docnum: int, fields: dict[str, Any]) -> None:
        article = fields["id"]
        if self.with_entities:
            self.mentions[article] = list(stored_mentions(fields))
        self.labels[article], day = about(fields)
        if day is not None:
            self.published[article] = day

    def finish(self, entities: Iterable[Entity] | None = None) -> Catalog:
        """The catalog, with ``entities`` when the caller counted them."""
        if entities is None:
            from ..extract.entities import build_entities

            entities = build_entities(self.mentions)
        return Catalog(self.generation, ordered(entities), self.labels, self.published)


def ordered(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """Entities in catalog order: most mentioned, then named by most articles, then by name
    (and key: two kinds of one name)."""
    return tuple(sorted(entities, key=lambda e: (-e.mentions, -e.articles, e.name, e.key)))


def about(fields: dict[str, Any]) -> tuple[tuple[str, str], str | None]:
    """An article's label (title, source) and publication date (ISO), from its fields."""
    when = fields.get("date")
    day = when.date().isoformat() if isinstance(when, datetime) else None
    return (fields.get("title", ""), fields.get("source", "")), day


def gather(reader: Any) -> Catalog:
    """Read every stored document of the reader's index state once."""
    gathering = Gathering(generation_of(reader))
    for docnum, fields in reader.iter_docs():
        gathering.add(docnum, fields)
    return gathering.finish()


def path_for(folder: Path, generation: int) -> Path:
    return folder / f"{_PREFIX}{generation}.json"


def load(folder: Path, generation: int) -> Catalog | None:
    """The catalog stored for ``generation``; None when missing, damaged or of another version."""
    try:
        with open(path_for(folder, generation), encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("version") != CATALOG_VERSION or data.get("generation") != generation:
            return None
        entities = tuple(
            Entity(key, name, cast(EntityKind, kind), tuple(aliases), int(n_art), int(n_men))
            for key, name, kind, aliases, n_art, n_men in data["entities"]
        )
        labels = {article: (title, source) for article, title, source in data["labels"]}
        published = {str(article): str(day) for article, day in data["published"].items()}
        return Catalog(generation, entities, labels, published)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(folder: Path, catalog: Catalog) -> None:
    """Write the catalog atomically (temporary file, then rename)."""
    path = path_for(folder, catalog.generation)
    data = {
        "version": CATALOG_VERSION,
        "generation": catalog.generation,
        "entities": [
            [e.key, e.name, e.kind, list(e.aliases), e.articles, e.mentions]
            for e in catalog.entities
        ],
        "labels": [[article, title, source] for article, (title, source) in catalog.labels.items()],
        "published": catalog.published,
    }
    sidecars.write_json(path, data)


def remove_others(folder: Path, generation: int) -> None:
    """Delete the files of other generations and leftover temporary files (writer only)."""
    sidecars.remove_others(folder, _PREFIX, path_for(folder, generation))
