"""What an index was extracted with, so that an index built by other rules is rebuilt.

The articles' entities, events and inferred dates are computed at index time; when the rules
change (a new version of this package) or the user's alias file does, an existing index holds
what the old rules found. The fingerprint is a digest of the engine's sources and data that
decide what goes into the index, plus the user's alias file; the index records it when it is
published and the next update rebuilds an index whose fingerprint differs. Searching, ranking
and reading code is left out: changing them needs no rebuild. Imports no Textual or Rich.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from .aliases import user_alias_path

PACKAGE = Path(__file__).parent
NOT_EXTRACTION = frozenset(
    {"__init__.py", "corpus.py", "search.py", "entity_search.py", "errors.py", "periods.py"}
    | {"catalog.py", "timeline.py", "relations.py", "links.py", "event_groups.py", "stems.py"}
    | {"entity_mentions.py", "snippets.py", "sidecars.py", "segment_files.py", "docsets.py"}
    | {"ranking.py", "update_process.py", "store.py", "relate.py", "relate_process.py"}
    | {"writer_speedups.py", "progress.py", "entity_counts.py", "relate_store.py"}
    | {"relate_delta.py", "spellings.py", "gc_pause.py", "sidecar_check.py", "keyword_terms.py"}
)
"""Modules that read an index but do not decide its content. The files kept beside the
index (catalog, timeline, relations) carry versions of their own and are gathered again,
without a rebuild, when those change. ``store.py`` decides which files are read again and
when, not what is extracted from them (``ingest``, ``analysis`` and ``schema`` do): a
change to how updates run must not rebuild every index (23 minutes at 100,000 articles)."""


def extraction_fingerprint(user_aliases: Path | None = None) -> str:
    """A short digest of the extraction rules and data in use (and the user's aliases)."""
    digest = hashlib.sha256()
    sources = sorted(PACKAGE.glob("*.py")) + sorted((PACKAGE / "data").glob("*.json"))
    for path in sources:
        if path.name not in NOT_EXTRACTION and path.name != "fingerprint.py":
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    user = user_aliases or user_alias_path()
    with contextlib.suppress(OSError):  # no alias file of the user's: the shipped table alone
        digest.update(b"user aliases" + user.read_bytes())
    return digest.hexdigest()[:16]
