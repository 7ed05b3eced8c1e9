"""Where things live: the bundled seeds corpus and the per-corpus index folder.

An index lives under the user's cache directory, keyed by the corpus's absolute path, so that
the corpus folder itself is never written to.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

from platformdirs import user_cache_dir

from ..errors import CorpusNotFound

APP_NAME = "corpus-reader"


def default_corpus_path() -> Path:
    """The five bundled seed articles, shipped inside the package.

    ``seeds/`` holds only the articles (no ``__init__.py``), so it is a namespace package:
    its folder is found through the import system, installed or editable alike.
    """
    spec = importlib.util.find_spec("corpus_reader.seeds")
    if spec is None or not spec.submodule_search_locations:
        raise CorpusNotFound("the bundled seeds are missing from this installation")
    return Path(next(iter(spec.submodule_search_locations)))


def cache_root() -> Path:
    """The user cache folder for all of corpus-reader's indexes (XDG_CACHE_HOME is honoured)."""
    return Path(user_cache_dir(APP_NAME))


def default_index_dir(corpus: Path) -> Path:
    """The index folder for ``corpus``: its name plus a hash of its absolute path."""
    absolute = str(corpus.resolve())
    key = hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", corpus.resolve().name)[:40] or "corpus"
    return cache_root() / "indexes" / f"{name}-{key}"
