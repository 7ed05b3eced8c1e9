"""Names that mean the same thing: normalisation, entity keys and the reviewed alias table.

Entity keys must not depend on how an outlet spells a name ("Elysée", "Elysee", "ÉLYSÉE"), so
every lookup goes through :func:`normalise`, and keys are ASCII slugs of the canonical name with
the kind in front (``place:kyiv``). What no gazetteer carries ("Atlantic Alliance" → NATO) comes
from a small reviewed table shipped as package data; a user's own ``aliases.json`` in the user
config dir, of the same shape, adds entries or overrides shipped ones.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from platformdirs import user_config_dir

from ..models import EntityKind

__all__ = [
    "Alias",
    "AliasTable",
    "entity_key",
    "load_aliases",
    "normalise",
    "slug",
    "user_alias_path",
]

KINDS: tuple[EntityKind, ...] = ("person", "place", "org", "group")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Fold case, accents and punctuation so that spellings of one name compare equal.

    "Élysée" and "Elysee" both give ``elysee``; "U.S." gives ``us``; "Le Drian" gives
    ``le drian``. Letters outside Latin scripts are kept (casefolded) rather than dropped.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES).casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("'s ", " ").replace(".", "").replace("'", "")
    words = re.split(r"[\W_]+", stripped)
    return " ".join(w for w in words if w)


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """An ASCII slug of ``name``: lowercase, accents dropped, words joined by hyphens."""
    ascii_name = normalise(name).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", ascii_name).strip("-") or "unnamed"


@lru_cache(maxsize=65536)
def entity_key(kind: EntityKind, name: str) -> str:
    """The stable key of an entity: its kind and the slug of its canonical name."""
    return f"{kind}:{slug(name)}"


@dataclass(frozen=True)
class Alias:
    """What an alias stands for: the canonical name and its kind."""

    name: str
    kind: EntityKind


@dataclass(frozen=True)
class AliasTable:
    """Normalised alias → canonical entity, and demonyms (normalised form → group name)."""

    names: dict[str, Alias]
    demonyms: dict[str, str]

    def lookup(self, surface: str) -> Alias | None:
        """The canonical entity ``surface`` is an alias of, if the table knows it."""
        return self.names.get(normalise(surface))

    def demonym(self, surface: str) -> str | None:
        """The group name (singular adjective) if ``surface`` is a nationality word."""
        return self.demonyms.get(normalise(surface))


def user_alias_path() -> Path:
    """Where a user's own alias file lives (it need not exist)."""
    return Path(user_config_dir("corpus-reader")) / "aliases.json"


def _plurals(word: str) -> list[str]:
    """Plural nouns of a nationality word: "Russian" → "Russians"; "French", "Swiss" stay."""
    last = word.split()[-1]
    if last.endswith(("ese", "ss", "ch", "sh", "i")) and not last.endswith("li"):
        return [word + "s"] if last.endswith("i") else []
    return [word + "s"]


def _add_entries(table: dict[str, Alias], data: dict[str, Any]) -> None:
    for entry in data.get("entries", []):
        kind = entry.get("kind")
        name = entry.get("name")
        if kind not in KINDS or not isinstance(name, str) or not name.strip():
            continue
        alias = Alias(name, cast(EntityKind, kind))
        for surface in [name, *entry.get("aliases", [])]:
            if isinstance(surface, str) and normalise(surface):
                table[normalise(surface)] = alias


def _add_demonyms(demonyms: dict[str, str], data: dict[str, Any]) -> None:
    for adjective in data.get("demonyms", {}):
        demonyms[normalise(adjective)] = adjective
        for plural in _plurals(adjective):
            demonyms.setdefault(normalise(plural), adjective)
    for plural, adjective in data.get("plural_demonyms", {}).items():
        demonyms[normalise(plural)] = adjective


def _read_json(path: Path) -> dict[str, Any]:
    """A user alias file; one that cannot be read or parsed is ignored, never fatal."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_aliases(user_file: Path | None = None) -> AliasTable:
    """The shipped table, then the user's file (default :func:`user_alias_path`) over it."""
    shipped = (Path(__file__).parent / "data" / "aliases.json").read_text("utf-8")
    names: dict[str, Alias] = {}
    demonyms: dict[str, str] = {}
    for data in (json.loads(shipped), _read_json(user_file or user_alias_path())):
        _add_demonyms(demonyms, data)
        _add_entries(names, data)
    return AliasTable(names, demonyms)
