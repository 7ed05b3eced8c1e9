"""What the index knows of the corpus, read from its columns, and what an update changes.

An update re-reads only the files whose size or modification time differ from the stamps the
index keeps of them (``FileStamp``), and deletes the documents of files no longer there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index

from ..whoosh_ext.reader import column_values, generation_of

if TYPE_CHECKING:
    from ..ingest import walk
    from .relate_delta import Delta


@dataclass(frozen=True)
class FileStamp:
    """What the index knows of one corpus file: enough to tell whether it changed."""

    size: int
    mtime_ns: int
    digest: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Indexed:
    """What an update compares the corpus with, read from the index's columns (no stored body
    is touched): each column read whole and once, the live documents listed once.

    A lookup per document costs several times as much once the index has several segments;
    and the manifest, the known days and the delta each read ``file`` again."""

    live: list[int]
    files: list[str]
    ids: list[str]
    days: list[int]
    sizes: list[int]
    mtimes: list[int]
    digests: list[str]

    @classmethod
    def read(cls, ix: whoosh_index.Index) -> Indexed:
        """The columns of the committed state of ``ix``."""
        with ix.reader() as reader:
            names = ("file", "id", "day", "size", "mtime_ns", "digest")
            files, ids, days, sizes, mtimes, digests = (
                column_values(reader, name) for name in names
            )
            return cls(list(reader.all_doc_ids()), files, ids, days, sizes, mtimes, digests)


def load_manifest(indexed: Indexed) -> dict[str, FileStamp]:
    """File stamps of every indexed file."""
    stamps: dict[str, FileStamp] = {}
    ids: dict[str, list[str]] = {}
    files, doc_ids = indexed.files, indexed.ids
    for docnum in indexed.live:
        path = files[docnum]
        ids.setdefault(path, []).append(doc_ids[docnum])
        if path not in stamps:
            stamps[path] = FileStamp(
                indexed.sizes[docnum], indexed.mtimes[docnum], indexed.digests[docnum], ()
            )
    return {
        path: FileStamp(s.size, s.mtime_ns, s.digest, tuple(sorted(ids[path])))
        for path, s in stamps.items()
    }


@dataclass(frozen=True)
class Diff:
    """The corpus against the index: the files to read again and those to delete."""

    indexed: Indexed | None
    """The index's columns; None for a fresh build."""
    manifest: dict[str, FileStamp]
    changed: list[walk.FileEntry]
    """Files new, or of another size or modification time than indexed."""
    gone: list[str]
    """Indexed files no longer in the corpus, sorted."""
    articles: int
    """Articles in the index before the update."""

    @classmethod
    def of(cls, ix: whoosh_index.Index, entries: list[walk.FileEntry], fresh: bool) -> Diff:
        """What ``entries`` (the corpus scanned) change in ``ix`` (empty when ``fresh``)."""
        indexed = None if fresh else Indexed.read(ix)
        manifest = {} if indexed is None else load_manifest(indexed)
        present = {entry.path for entry in entries}
        changed = [
            e
            for e in entries
            if (stamp := manifest.get(e.path)) is None
            or (stamp.size, stamp.mtime_ns) != (e.size, e.mtime_ns)
        ]
        gone = sorted(set(manifest) - present)
        articles = sum(len(s.ids) for s in manifest.values())
        return cls(indexed, manifest, changed, gone, articles)

    def known_days(self, except_files: set[str]) -> list[date]:
        """Publication dates already in the index, but for the files about to be replaced."""
        if self.indexed is None:
            return []
        days: list[date] = []
        files, numbers = self.indexed.files, self.indexed.days
        for docnum in self.indexed.live:
            number = numbers[docnum]
            if number and files[docnum] not in except_files:
                days.append(date(number // 10000, number // 100 % 100, number % 100))
        return days

    def delta(
        self, ix: whoosh_index.Index, replaced: set[str], written: list[dict[str, Any]]
    ) -> Delta | None:
        """What the update changes, for ``relate_delta`` (None: relate in full instead)."""
        # Read before the commit: the stored fields of the articles of the files replaced or
        # removed, and each document's id. None for a fresh build, or an update too large.
        # relate_delta brings the relating code, which opening an index to search never needs.
        from .relate_delta import SHARE, Delta

        indexed = self.indexed
        if indexed is None:
            return None
        taken = sum(len(self.manifest[path].ids) for path in replaced)
        if taken + len(written) > SHARE * max(self.articles - taken + len(written), 1):
            return None
        live = set(indexed.live)
        old_ids = [doc_id if n in live else None for n, doc_id in enumerate(indexed.ids)]
        with ix.reader() as reader:
            removed = [
                reader.stored_fields(n) for n in indexed.live if indexed.files[n] in replaced
            ]
            return Delta(generation_of(reader), old_ids, removed, written)
