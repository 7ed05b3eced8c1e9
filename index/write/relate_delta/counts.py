"""An update's relating (``relate_delta``): the catalog's delta. The stored spellings and counts
of the entities the changed articles name are brought up to date (those of the removed
articles taken away, those of the written ones added), and the labels likewise: exact."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass

from ...extract.entity_counts import EntityCounts
from ...models import Entity
from ...state import catalog
from ...state.catalog import Catalog
from ...whoosh_ext.schema import stored_mentions
from .store_rows import Change, rows


@dataclass(frozen=True)
class Entities:
    """The entities an update's articles name, as the update leaves them."""

    counts: EntityCounts
    """Their stored counts, brought up to date (their article counts weigh the new links and
    tell key entities from common ones)."""
    changed: dict[str, Entity | None]
    """Each one now (None for one no article names any more)."""


def counted(db: sqlite3.Connection, change: Change) -> Entities:
    """Bring the stored counts of the entities the changed articles name up to date."""
    removed = [stored_mentions(f) for f in change.removed.values()]
    added = [stored_mentions(f) for f in change.added.values()]
    keys = sorted({m.key for ms in removed + added for m in ms})
    counts = EntityCounts()
    for key, forms, articles in rows(
        db, "SELECT key, forms, articles FROM entities WHERE key IN ({})", keys
    ):
        counts.forms[key] = Counter(json.loads(forms))
        counts.articles[key] = articles
    for mentions in removed:
        counts.add(mentions, -1)
    for mentions in added:
        counts.add(mentions)
    for key in keys:
        if key in counts.forms:
            db.execute(
                "INSERT OR REPLACE INTO entities VALUES (?, ?, ?)",
                (key, json.dumps(counts.forms[key]), counts.articles[key]),
            )
        else:
            db.execute("DELETE FROM entities WHERE key = ?", (key,))
    return Entities(counts, {key: counts.entity(key) for key in keys})


def updated(old: Catalog, entities: Entities, change: Change) -> Catalog:
    """The previous catalog with the changed entities and articles replaced."""
    changed = entities.changed
    found = [e for e in old.entities if e.key not in changed]
    found.extend(e for e in changed.values() if e is not None)
    labels, published = dict(old.labels), dict(old.published)
    for article in change.removed:
        labels.pop(article, None)
        published.pop(article, None)
    for article, fields in change.added.items():
        labels[article], day = catalog.about(fields)
        if day is not None:
            published[article] = day
    return Catalog(change.generation, catalog.ordered(found), labels, published)
