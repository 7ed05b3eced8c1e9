"""The corpus's entities from counts of their spellings: built once from every article's
mentions, then kept up to date article by article (an update subtracts the articles it
removes and adds the ones it writes, without reading the rest).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import cast

from ..models import Entity, EntityKind, Mention
from .aliases import slug


class EntityCounts:
    """Per entity key: how often each spelling is written, and by how many articles."""

    def __init__(self) -> None:
        self.forms: dict[str, Counter[str]] = {}
        self.articles: Counter[str] = Counter()

    @classmethod
    def of(cls, mentions_by_article: Mapping[str, Iterable[Mention]]) -> EntityCounts:
        counts = cls()
        for mentions in mentions_by_article.values():
            counts.add(mentions)
        return counts

    def add(self, mentions: Iterable[Mention], sign: int = 1) -> set[str]:
        """Count one article's mentions (``sign=-1``: take them away); returns their keys."""
        keys = set()
        for m in mentions:
            seen = self.forms.setdefault(m.key, Counter())
            seen[m.text] += sign
            if seen[m.text] <= 0:
                del seen[m.text]
            keys.add(m.key)
        for key in keys:
            self.articles[key] += sign
            if self.articles[key] <= 0 or not self.forms.get(key):
                self.articles.pop(key, None)
                self.forms.pop(key, None)
        return keys

    def entity(self, key: str) -> Entity | None:
        """The entity of ``key``; its display name is the canonical form if the corpus
        writes it ("Kyiv", "NATO"), else the fullest form seen; ties go by spelling."""
        seen = self.forms.get(key)
        if not seen:
            return None
        canonical = key.split(":", 1)[1]
        name = max(seen, key=lambda s: (slug(s) == canonical, len(s.split()), len(s), seen[s], s))
        kind = cast(EntityKind, key.split(":", 1)[0])
        return Entity(key, name, kind, tuple(sorted(seen)), self.articles[key], sum(seen.values()))

    def entities(self) -> list[Entity]:
        """Every entity, most mentioned first, then by key."""
        found = (self.entity(key) for key in self.forms)
        return sorted((e for e in found if e is not None), key=lambda e: (-e.mentions, e.key))
