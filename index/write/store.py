"""The single writer of one corpus's index folder: an update, from the corpus scanned to the
state published.

Incremental updates commit inside the live generation (Whoosh swaps its table of contents
atomically, so a searcher sees the old or the new state, never half). A rebuild, or a first
build, writes a new generation and publishes it once complete (``folder``). After the commit
the update relates the new state (catalog, timeline, links), so that a crash in between leaves
an index whose readers compute them themselves.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index

from ..errors import CorpusNotFound, IndexUnavailable
from ..models import Progress, Skipped, UpdateSummary
from ..whoosh_ext.patches import create_index
from ..whoosh_ext.reader import generation_of
from ..whoosh_ext.schema import build_schema
from . import gc_pause
from .folder import IndexDamaged, IndexFolder, write_failed
from .manifest import Diff
from .progress import ProgressCallback
from .segments import WRITER_LIMIT_MB

if TYPE_CHECKING:
    from ..ingest import walk
    from .relate_delta import Delta
    from .relate_process import RelateAhead

__all__ = [
    "IndexDamaged",
    "IndexStore",
    "ProgressCallback",
    "write_failed",
]

# Writing needs scanning, extraction, the side files and worker processes; opening an index to
# search it needs none of them, so they are imported where an update uses them (a search
# command starts sooner).


class IndexStore(IndexFolder):
    """The index folder of one corpus, and its single writer."""

    def update(
        self,
        corpus: Path,
        progress: ProgressCallback | None = None,
        rebuild: bool = False,
        follow_symlinks: bool | None = None,
    ) -> UpdateSummary:
        """Bring the index in line with the corpus folder, re-reading only what changed.

        ``follow_symlinks`` says whether symbolic links in the corpus are followed
        (``walk.scan``); the choice is kept with the index, and None means the kept one
        (not followed if none was ever made): an update that forgot the option must not drop
        every linked file from the index."""
        started = time.monotonic()
        report = progress or (lambda _p: None)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexUnavailable(f"cannot create the index folder {self.dir}: {exc}") from exc
        with self._locked(), gc_pause.paused():
            try:
                summary, fresh, notice = self._update(corpus, report, rebuild, follow_symlinks)
            except (OSError, sqlite3.Error) as exc:
                raise IndexUnavailable(write_failed(self.dir, exc)) from exc
        return UpdateSummary(
            articles=summary.articles,
            added=summary.added,
            updated=summary.updated,
            removed=summary.removed,
            skipped=summary.skipped,
            seconds=round(time.monotonic() - started, 3),
            rebuilt=fresh,
            notice=notice,
        )

    def _update(
        self, corpus: Path, report: ProgressCallback, rebuild: bool, follow_symlinks: bool | None
    ) -> tuple[UpdateSummary, bool, str | None]:
        """``update`` under the lock: the summary, whether it built afresh, and its notice."""
        from ..ingest import walk

        kept = self.follows_symlinks()
        follow = kept if follow_symlinks is None else follow_symlinks
        ix, notice = self._live_or_why_not(rebuild)
        fresh = ix is None
        self._remove_orphans()
        report(Progress("scan", 0, 0))
        if not corpus.is_dir():
            raise CorpusNotFound(f"the corpus folder {corpus} is gone or is not a folder now")
        entries, skipped = walk.scan(corpus, follow)
        gen = self._new_generation() if fresh else None
        try:
            if gen is not None:
                ix = create_index(str(gen), build_schema())
            assert ix is not None
            summary, ahead, delta = self._apply(
                ix, corpus, (entries, skipped, follow), report, fresh
            )
        except BaseException:
            if gen is not None:  # a build leaves nothing behind
                shutil.rmtree(gen, ignore_errors=True)
            raise
        if ahead is not None:
            report(Progress("links", 0, 0))  # waiting for the child: no count
            with ix.reader() as reader:
                if ahead.finish(reader) is None:  # else no files: related below
                    report(Progress("links", 1, 1))
        self._relate(ix, report, delta)
        if fresh or follow != kept:  # a new generation, or the new choice of links, kept
            self._publish(Path(ix.storage.folder), corpus, follow)
        if fresh:
            self._remove_orphans()
        return summary, fresh, notice

    def _live_or_why_not(self, rebuild: bool) -> tuple[whoosh_index.Index | None, str | None]:
        """The live index to update, or None to build afresh; and the notice saying why."""
        notice = None
        if not rebuild and self._other_schema():
            notice = "the index was made by another version of corpus-reader; rebuilt it"
        elif not rebuild and self._current_unreadable():
            notice = "the index's CURRENT file was damaged; rebuilt the index from the corpus"
        elif not rebuild and self._extracted_otherwise():
            rebuild = True
            notice = (
                "the extraction rules or your alias file changed since the index was built; "
                "rebuilt it"
            )
        if rebuild:
            return None, notice
        try:
            ix = self._open_writable()
        except IndexDamaged as exc:
            return None, f"the index was damaged ({exc}); rebuilt it from the corpus"
        if ix is not None and (damaged := self._remove_damaged_files(ix)):
            notice = f"damaged beside the index: {', '.join(damaged)}; made again from it"
        return ix, notice

    def _apply(
        self,
        ix: whoosh_index.Index,
        corpus: Path,
        scanned: tuple[list[walk.FileEntry], list[Skipped], bool],
        report: ProgressCallback,
        fresh: bool,
    ) -> tuple[UpdateSummary, RelateAhead | None, Delta | None]:
        """Diff the corpus (``scanned``: its files, what was skipped, whether symbolic links
        were followed) against the index's file stamps and write the difference; a fresh
        build returns the child relating what it wrote, if it started one, and a small update
        what it changed (for ``relate_delta``)."""
        from . import changes  # with the workers: only an update's (see above)
        from .workers import Workers

        entries, skipped, follow_symlinks = scanned
        diff = Diff.of(ix, entries, fresh)
        if not diff.changed and not diff.gone and not fresh:
            return UpdateSummary(diff.articles, 0, 0, 0, changes.by_path(skipped)), None, None
        counts, ahead = changes.Counts(), None
        writer = ix.writer(limitmb=WRITER_LIMIT_MB)
        try:
            changes.remove_gone(writer, diff, counts)
            with Workers(scratch=Path(ix.storage.folder)) as workers:
                steps = changes.Steps(report, len(diff.changed), workers.wanted(len(diff.changed)))
                reads, stats = changes.read_changed(
                    workers, corpus, diff, follow_symlinks, skipped, steps
                )
                found = changes.extract(workers, reads, diff, stats, steps)
            documents = changes.documents(reads, found)
            written = [doc for docs in documents for doc in docs]
            delta = diff.delta(ix, changes.replaced(diff, reads), written)
            ahead = changes.relate_ahead(ix, written, fresh and steps.parallel)
            changes.write_files(writer, diff, reads, documents, counts, steps)
            changes.commit(writer, report)
        except BaseException:
            writer.cancel()
            if ahead is not None:
                ahead.close()
            raise
        report(Progress("commit", 1, 1))
        articles = diff.articles + counts.added - counts.removed
        summary = UpdateSummary(
            articles, counts.added, counts.updated, counts.removed, changes.by_path(skipped)
        )
        return summary, ahead, delta

    def _relate(
        self, ix: whoosh_index.Index, report: ProgressCallback, delta: Delta | None
    ) -> None:
        """Gather the catalog (entities, article labels) and compute the event groups and
        links of the committed state, unless already stored: from the previous state's and
        the update's ``delta`` when that is small (``relate_delta``), else from every article.

        After the commit, so that a crash in between leaves an index whose readers compute
        them themselves; an unchanged index keeps its file.
        """
        from ..relate import derive
        from ..state import catalog, links_file, spellings, timeline
        from ..state import files as relate
        from . import relate_delta

        folder = Path(ix.storage.folder)
        with ix.reader() as reader:
            generation = generation_of(reader)

            def linking(done: int, total: int) -> None:
                report(Progress("links", done, total))

            if not relate.written(folder, generation) and delta is not None:
                report(Progress("links", 0, 1))
                if relate_delta.apply(folder, generation, reader, delta, linking) is None:
                    report(Progress("links", 1, 1))
            if not relate.written(folder, generation):
                relate.write_all(folder, generation, *derive.reader_documents(reader), linking)
                report(Progress("links", 1, 1))
        for module in (catalog, timeline, links_file, spellings):
            module.remove_others(folder, generation)
