"""What an index was extracted with, so that an index built by other rules is rebuilt.

The articles' entities, events and inferred dates are computed at index time; when the rules
change (a new version of this package) or the user's alias file does, an existing index holds
what the old rules found. The fingerprint is a digest of the engine's sources and data that
decide what goes into the index, plus the user's alias file; the index records it when it is
published and the next update rebuilds an index whose fingerprint differs. Searching, ranking
and reading code is left out: changing them needs no rebuild.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from ..extract.aliases import user_alias_path

ENGINE = Path(__file__).parents[1]
EXTRACTION = (
    *("ingest/*.py", "extract/*.py", "extract/data/*.json", "models.py", "text.py"),
    *("whoosh_ext/schema.py", "whoosh_ext/text_field.py"),
)
"""The sources and data that decide what goes into an index: reading files (``ingest/``),
extraction (``extract/``), the records they make and the schema they are written in. The
files kept beside the index (catalog, timeline, links) carry versions of their own and are
gathered again, without a rebuild, when those change; how updates run (``write/``) decides
which files are read again and when, not what is extracted from them, so changing it must
not rebuild every index."""


def extraction_fingerprint(user_aliases: Path | None = None) -> str:
    """A short digest of the extraction rules and data in use (and the user's aliases)."""
    digest = hashlib.sha256()
    for pattern in EXTRACTION:
        for path in sorted(ENGINE.glob(pattern)):
            digest.update(path.relative_to(ENGINE).as_posix().encode())
            digest.update(path.read_bytes())
    user = user_aliases or user_alias_path()
    with contextlib.suppress(OSError):  # no alias file of the user's: the shipped table alone
        digest.update(b"user aliases" + user.read_bytes())
    return digest.hexdigest()[:16]
