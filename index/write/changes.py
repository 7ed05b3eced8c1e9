"""The steps of writing an update's changes into the index: remove the files gone, read and
extract the changed ones, make their documents, write them and commit (``IndexStore._apply``
runs them in order).

Every changed file is read before any article is analysed: undated articles take their dates
from the corpus, so all dates must be known first. A large batch is read and extracted in
worker processes; the writer stays in this process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from ..extract.analysis import Analysis, analyse, event_terms
from ..extract.entities import CorpusStats
from ..ingest import read as ingest
from ..ingest.walk import FileEntry
from ..models import Progress, Skipped
from ..whoosh_ext.schema import article_document
from . import relate_process
from .manifest import Diff
from .progress import ProgressCallback
from .segments import merge_policy
from .workers import Workers

Reads = list[tuple[FileEntry, ingest.FileRead]]
"""The changed files read, each with what it yielded."""

Documents = list[list[dict[str, Any]]]
"""The index documents of each file read, in the order of its ``Reads``."""


@dataclass(frozen=True)
class Steps:
    """The ``read`` phase's progress: per changed file a read and a write, and an extraction
    when the workers extract (only they report it)."""

    report: ProgressCallback
    files: int
    parallel: bool

    @property
    def total(self) -> int:
        """Progress steps in the phase."""
        return (3 if self.parallel else 2) * self.files

    def read(self, done: int) -> None:
        """``done`` steps of the phase are done."""
        self.report(Progress("read", done, self.total))

    def extracted(self, done: int, total: int) -> None:
        """The workers extracted ``done`` of ``total`` articles."""
        self.read(self.files + self.files * done // total)

    def written(self, done: int) -> None:
        """``done`` files were written."""
        self.read(self.total - self.files + done)


@dataclass
class Counts:
    """Articles an update added, updated (changed in place) and removed."""

    added: int = 0
    updated: int = 0
    removed: int = 0


def remove_gone(writer: Any, diff: Diff, counts: Counts) -> None:
    """Delete the documents of the files gone from the corpus."""
    for path in diff.gone:
        writer.delete_by_term("file", path)
        counts.removed += len(diff.manifest[path].ids)


def read_changed(
    workers: Workers,
    corpus: Path,
    diff: Diff,
    follow_symlinks: bool,
    skipped: list[Skipped],
    steps: Steps,
) -> tuple[Reads, CorpusStats | None]:
    """Read the changed files, but keep what was indexed of one unreadable now."""
    # Also returns the words the workers counted, unless they counted articles not kept.
    reads: Reads = []
    dropped_articles = False
    paths = [entry.path for entry in diff.changed]
    for done, (entry, read) in enumerate(
        zip(diff.changed, workers.read(corpus, paths, follow_symlinks), strict=True), 1
    ):
        skipped.extend(read.skipped)
        if read.digest or entry.path not in diff.manifest:
            reads.append((entry, read))
        else:
            dropped_articles = dropped_articles or bool(read.articles)
        steps.read(done)
    return reads, None if dropped_articles else workers.stats


def extract(
    workers: Workers, reads: Reads, diff: Diff, stats: CorpusStats | None, steps: Steps
) -> list[Analysis]:
    """Extract every article read, its dates settled by those of the rest of the index."""
    known = diff.known_days({e.path for e, _ in reads} | set(diff.gone))
    return analyse(
        [a for _, r in reads for a in r.articles],
        known,
        workers=workers,
        stats=stats,
        progress=steps.extracted if steps.parallel else None,
    )


def documents(reads: Reads, found: list[Analysis]) -> Documents:
    """Each file read's index documents: its articles with what was extracted of them."""
    analysed = iter(found)
    return [
        [
            article_document(
                one.article,
                entry.size,
                entry.mtime_ns,
                read.digest,
                one.mentions,
                one.events,
                event_terms(one.events),
            )
            for one in (next(analysed) for _ in read.articles)
        ]
        for entry, read in reads
    ]


def replaced(diff: Diff, reads: Reads) -> set[str]:
    """The indexed files whose documents the update deletes: gone, or read again."""
    return set(diff.gone) | {e.path for e, _ in reads if e.path in diff.manifest}


def relate_ahead(
    ix: whoosh_index.Index, written: list[dict[str, Any]], fresh_in_parallel: bool
) -> relate_process.RelateAhead | None:
    """Start relating a parallel fresh build's documents in a child, if memory allows."""
    if not fresh_in_parallel or not relate_process.affordable(len(written)):
        return None
    return relate_process.RelateAhead(written, Path(ix.storage.folder), ix.latest_generation() + 1)


def write_files(
    writer: Any, diff: Diff, reads: Reads, docs_of: Documents, counts: Counts, steps: Steps
) -> None:
    """Replace each file read's documents, counting the articles added, updated and removed."""
    for done, ((entry, read), docs) in enumerate(zip(reads, docs_of, strict=True), 1):
        old = diff.manifest.get(entry.path)
        if old is not None:
            writer.delete_by_term("file", entry.path)
        new_ids = {a.id for a in read.articles}
        old_ids = set(old.ids) if old else set()
        counts.added += len(new_ids - old_ids)
        if old is None or old.digest != read.digest:
            counts.updated += len(new_ids & old_ids)
        counts.removed += len(old_ids - new_ids)
        for doc in docs:
            writer.add_document(**doc)
        steps.written(done)


def commit(writer: Any, report: ProgressCallback) -> None:
    """Commit what was written, merging segments by ``merge_policy``."""
    report(Progress("commit", 0, 1))
    writer.commit(mergetype=merge_policy)


def by_path(skipped: list[Skipped]) -> tuple[Skipped, ...]:
    """What was skipped, by path: the walk's skips and the reads' in one order (a file's
    own notices in the order they arose)."""
    return tuple(sorted(skipped, key=lambda s: s.path))
