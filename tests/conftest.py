"""Shared fixtures: a private copy of the seeds and an index in a temporary folder.

Every test runs with XDG_CACHE_HOME and XDG_CONFIG_HOME pointing into its own temporary
folders, so no test reads or writes the user's real index cache or their alias file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_reader.index import Corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the five seed articles."""
    target = tmp_path / "corpus"
    target.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy2(path, target / path.name)
    return target


@pytest.fixture
def corpus(seeds_copy: Path, tmp_path: Path) -> Iterator[Corpus]:
    """The seeds copy with its index in a temporary folder (not yet built)."""
    with Corpus(seeds_copy, tmp_path / "index") as opened:
        yield opened
