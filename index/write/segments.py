"""How the index writer holds postings and merges segments at commit.

An update replacing files deletes their old documents; without a policy that drops deleted
documents, an index updated often grows without bound.
"""

from __future__ import annotations

from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

WRITER_LIMIT_MB = 256
"""Whoosh's writer pools postings in memory up to this many MB, then sorts them into a run
on disk; its commit merges the runs."""


def merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's small-segment merging, plus: drop segments whose documents are all deleted and
    rewrite those mostly deleted, so that updates replacing files do not grow the index forever.
    """
    kept = []
    for segment in segments:
        total, dead = segment.doc_count_all(), segment.deleted_count()
        if dead >= total:
            continue
        if dead * 2 > total:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)  # copies the live documents only
            reader.close()
        else:
            kept.append(segment)
    return list(MERGE_SMALL(writer, kept))
