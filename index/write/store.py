"""The index folder of one corpus: the single writer that builds and updates it, and opening it.

Layout of an index folder::

    CURRENT                  JSON naming the live generation, its schema version and corpus
    gen-N/                   a Whoosh index (one generation)
    gen-N/catalog-G.json     its entities and article labels, as of Whoosh commit G (catalog.py)
    gen-N/timeline-G.bin     its events in date order, with their event groups (timeline.py)
    gen-N/links-G.sqlite     its links, one row per article (derive.py)
    update.lock              held (flock) by whoever is writing

Incremental updates commit inside the live generation (Whoosh swaps its table of contents
atomically, so a searcher sees the old or the new state, never half). A rebuild, or a first
build, writes a new generation and then replaces CURRENT atomically, so readers never see an
empty or half-built index. The lock is an flock: the kernel releases it when a writer dies,
even by kill -9, so there is never a stale lock to delete. Imports no Textual or Rich.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

from ..errors import CorpusNotFound, IndexBusy, IndexUnavailable
from ..models import Progress, Skipped, UpdateSummary
from ..whoosh_ext.reader import column_values, generation_of
from ..whoosh_ext.schema import SCHEMA_VERSION, article_document, build_schema
from . import gc_pause

if TYPE_CHECKING:
    from ..ingest import read as ingest
    from .relate_delta import Delta
    from .relate_process import RelateAhead

# Writing needs extraction, the sidecar files and worker processes; opening an index to search
# it needs none of them, so they are imported where an update uses them (a search command
# starts in half the time).

ProgressCallback = Callable[[Progress], None]

WRITER_LIMIT_MB = 256
"""Whoosh's writer pools postings in memory up to this many MB, then sorts them into a run
on disk; its commit merges the runs."""

_CURRENT = "CURRENT"
_LOCK = "update.lock"
_GEN_PREFIX = "gen-"


@dataclass(frozen=True)
class FileStamp:
    """What the index knows of one corpus file: enough to tell whether it changed."""

    size: int
    mtime_ns: int
    digest: str
    ids: tuple[str, ...]


class IndexDamaged(Exception):
    """The live generation cannot be opened; the next update rebuilds it."""


class IndexStore:
    """The index folder of one corpus."""

    def __init__(self, index_dir: Path, lock_timeout: float = 10.0) -> None:
        self.dir = index_dir
        self.lock_timeout = lock_timeout

    # -- reading ---------------------------------------------------------------------------

    def _meta(self) -> dict[str, Any]:
        """What CURRENT says of the live generation ({} when there is none or it is unreadable)."""
        try:
            meta = json.loads((self.dir / _CURRENT).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}

    def current_generation(self) -> Path | None:
        """The live generation's folder, or None if there is none of this schema version."""
        meta = self._meta()
        if meta.get("schema") != SCHEMA_VERSION:
            return None
        name = meta.get("generation")
        if not isinstance(name, str) or not name.startswith(_GEN_PREFIX) or "/" in name:
            return None
        return self.dir / name

    def open(self) -> whoosh_index.Index | None:
        """Open the live index; None when there is none yet. Raises IndexDamaged."""
        gen = self.current_generation()
        if gen is None:
            return None
        try:
            ix = whoosh_index.open_dir(str(gen), readonly=True)
            with ix.reader() as reader:
                reader.doc_count()
        except Exception as exc:  # Whoosh raises many kinds on damaged files
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        return ix

    def follows_links(self) -> bool:
        """Whether the live index was built following symbolic links (``update``)."""
        return self._meta().get("follow_links") is True

    def writing(self) -> bool:
        """Whether an update holds the folder's lock now (in any process, this one too)."""
        try:
            fd = os.open(self.dir / _LOCK, os.O_RDONLY)
        except OSError:
            return False  # no lock file: no update ever ran here
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)

    # -- writing ---------------------------------------------------------------------------

    def update(
        self,
        corpus: Path,
        progress: ProgressCallback | None = None,
        rebuild: bool = False,
        follow_links: bool | None = None,
    ) -> UpdateSummary:
        """Bring the index in line with the corpus folder, re-reading only what changed.

        ``follow_links`` says whether symbolic links in the corpus are followed
        (``ingest.scan``); the choice is kept with the index, and None means the kept one
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
                summary, fresh, notice = self._update(corpus, report, rebuild, follow_links)
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
        self, corpus: Path, report: ProgressCallback, rebuild: bool, follow_links: bool | None
    ) -> tuple[UpdateSummary, bool, str | None]:
        """``update`` under the lock: the summary, whether it built afresh, and its notice."""
        from ..ingest import read as ingest

        kept = self.follows_links()
        follow = kept if follow_links is None else follow_links
        notice = None
        ix: whoosh_index.Index | None = None
        if not rebuild and self._meta().get("schema", SCHEMA_VERSION) != SCHEMA_VERSION:
            notice = "the index was made by another version of corpus-reader; rebuilt it"
        elif not rebuild and self._current_unreadable():
            notice = "the index's CURRENT file was damaged; rebuilt the index from the corpus"
        elif not rebuild and self._extracted_otherwise():
            rebuild = True
            notice = (
                "the extraction rules or your alias file changed since the index was built; "
                "rebuilt it"
            )
        if not rebuild:
            try:
                ix = self._open_writable()
            except IndexDamaged as exc:
                notice = f"the index was damaged ({exc}); rebuilt it from the corpus"
        if ix is not None and (damaged := self._remove_damaged_files(ix)):
            notice = f"damaged beside the index: {', '.join(damaged)}; made again from it"
        fresh = ix is None
        self._remove_orphans()
        report(Progress("scan", 0, 0))
        if not corpus.is_dir():
            raise CorpusNotFound(f"the corpus folder {corpus} is gone or is not a folder now")
        entries, skipped = ingest.scan(corpus, follow)
        gen = self._new_generation() if fresh else None
        try:
            if gen is not None:
                ix = whoosh_index.create_in(str(gen), build_schema())
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
        if fresh:
            self._publish(Path(ix.storage.folder), corpus, follow)
            self._remove_orphans()
        elif follow != kept:
            self._publish(Path(ix.storage.folder), corpus, follow)  # the new choice, kept
        return summary, fresh, notice

    def _apply(
        self,
        ix: whoosh_index.Index,
        corpus: Path,
        scanned: tuple[list[ingest.FileEntry], list[Skipped], bool],
        report: ProgressCallback,
        fresh: bool,
    ) -> tuple[UpdateSummary, RelateAhead | None, Delta | None]:
        """Diff the corpus (``scanned``: its files, what was skipped, whether links were
        followed) against the index's file stamps and write the difference; a fresh build
        returns the child relating what it wrote (``RelateAhead``), if it started one, and a
        small update what it changed (for ``relate_delta``)."""
        from ..extract.analysis import analyse, event_terms
        from .relate_process import RelateAhead, affordable
        from .workers import Workers

        entries, skipped, follow_links = scanned
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
        added = updated = removed = 0
        if not changed and not gone and not fresh:
            return UpdateSummary(articles, 0, 0, 0, _by_path(skipped)), None, None

        ahead: RelateAhead | None = None
        writer = ix.writer(limitmb=WRITER_LIMIT_MB)
        try:
            for path in gone:
                writer.delete_by_term("file", path)
                removed += len(manifest[path].ids)
            # Read every changed file first: undated articles take their dates from the
            # corpus, so all dates must be known before any article is analysed. A large batch
            # is read and extracted in worker processes; the writer stays here.
            with Workers(scratch=Path(ix.storage.folder)) as workers:
                parallel = workers.wanted(len(changed))
                # Progress steps per file: read and write, and extract when that reports.
                steps = (3 if parallel else 2) * len(changed)
                reads: list[tuple[ingest.FileEntry, ingest.FileRead]] = []
                dropped_articles = False
                paths = [entry.path for entry in changed]
                for done, (entry, read) in enumerate(
                    zip(changed, workers.read(corpus, paths, follow_links), strict=True), 1
                ):
                    skipped.extend(read.skipped)
                    if read.digest or entry.path not in manifest:
                        reads.append((entry, read))
                    else:  # unreadable now but indexed before: keep what we had, lose nothing.
                        dropped_articles = dropped_articles or bool(read.articles)
                    report(Progress("read", done, steps))
                known = _known_days(indexed, {e.path for e, _ in reads} | set(gone))

                def extracted(done: int, total: int) -> None:
                    report(Progress("read", len(changed) + len(changed) * done // total, steps))

                analysed = iter(
                    analyse(
                        [a for _, r in reads for a in r.articles],
                        known,
                        workers=workers,
                        stats=None if dropped_articles else workers.stats,
                        progress=extracted if parallel else None,
                    )
                )
            documents = [
                [
                    article_document(
                        found.article,
                        entry.size,
                        entry.mtime_ns,
                        read.digest,
                        found.mentions,
                        found.events,
                        event_terms(found.events),
                    )
                    for found in (next(analysed) for _ in read.articles)
                ]
                for entry, read in reads
            ]
            written_docs = [doc for docs in documents for doc in docs]
            replaced = set(gone) | {e.path for e, _ in reads if e.path in manifest}
            delta = (
                None
                if indexed is None
                else _delta(ix, indexed, manifest, replaced, written_docs, articles)
            )
            if fresh and parallel and affordable(len(written_docs)):
                # relate on the other core while this one writes
                ahead = RelateAhead(
                    written_docs, Path(ix.storage.folder), ix.latest_generation() + 1
                )
            written = steps - len(changed)
            for done, ((entry, read), docs) in enumerate(
                zip(reads, documents, strict=True), written + 1
            ):
                old = manifest.get(entry.path)
                if old is not None:
                    writer.delete_by_term("file", entry.path)
                new_ids = {a.id for a in read.articles}
                old_ids = set(old.ids) if old else set()
                added += len(new_ids - old_ids)
                if old is None or old.digest != read.digest:
                    updated += len(new_ids & old_ids)
                removed += len(old_ids - new_ids)
                for doc in docs:
                    writer.add_document(**doc)
                report(Progress("read", done, steps))
            report(Progress("commit", 0, 1))
            writer.commit(mergetype=merge_policy)
        except BaseException:
            writer.cancel()
            if ahead is not None:
                ahead.close()
            raise
        report(Progress("commit", 1, 1))
        summary = UpdateSummary(
            articles + added - removed, added, updated, removed, _by_path(skipped)
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

    def _open_writable(self) -> whoosh_index.Index | None:
        gen = self.current_generation()
        if gen is None:
            return None
        try:
            ix = whoosh_index.open_dir(str(gen))
            with ix.reader() as reader:
                reader.doc_count()
        except Exception as exc:
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        return ix

    def _current_unreadable(self) -> bool:
        """Whether CURRENT is there but says nothing usable (then the index is built again)."""
        return (self.dir / _CURRENT).exists() and "generation" not in self._meta()

    def _remove_damaged_files(self, ix: whoosh_index.Index) -> list[str]:
        """Delete the files beside the live state that are not what they should be (this
        update's relating writes them again) and name them. A damaged relating store is
        written again by relating every article: the state's other files go with it."""
        from ..state import check as sidecar_check
        from ..state import files as relate
        from ..state import relate_store

        folder = Path(ix.storage.folder)
        with ix.reader() as reader:
            generation = generation_of(reader)
        damaged = sidecar_check.damaged(folder, generation)
        doomed = list(damaged)
        if relate_store.path_for(folder) in damaged:
            doomed += relate.paths(folder, generation)
        for path in doomed:
            for gone in (path, *sidecar_check.companions(path)):
                gone.unlink(missing_ok=True)
        return [path.name for path in damaged]

    def _new_generation(self) -> Path:
        numbers = [
            int(p.name[len(_GEN_PREFIX) :])
            for p in self.dir.glob(_GEN_PREFIX + "*")
            if p.name[len(_GEN_PREFIX) :].isdigit()
        ]
        gen = self.dir / f"{_GEN_PREFIX}{max(numbers, default=0) + 1}"
        gen.mkdir()
        return gen

    def _extracted_otherwise(self) -> bool:
        """Whether the live generation was extracted by other rules or aliases than these."""
        from .fingerprint import extraction_fingerprint

        meta = self._meta()
        return meta.get("schema") == SCHEMA_VERSION and meta.get("extraction") != (
            extraction_fingerprint()
        )

    def _publish(self, gen: Path, corpus: Path, follow_links: bool) -> None:
        """Make ``gen`` the live generation with one atomic rename."""
        from .fingerprint import extraction_fingerprint

        meta: dict[str, Any] = {
            "generation": gen.name,
            "schema": SCHEMA_VERSION,
            "extraction": extraction_fingerprint(),
            "corpus": str(corpus.resolve()),
            "follow_links": follow_links,
        }
        tmp = self.dir / f".{_CURRENT}.{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(meta, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.dir / _CURRENT)

    def _remove_orphans(self) -> None:
        """Delete generations that are not live (left by a rebuild, or a build killed midway)
        and the temporary files of writes killed midway: the next ``CURRENT``, and in the
        live generation the ``.name.pid.thread`` files of side files being written (under the
        lock, no write of this update has started yet)."""
        live = self.current_generation()
        for path in self.dir.glob(_GEN_PREFIX + "*"):
            if path != live and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
        for tmp in self.dir.glob(f".{_CURRENT}.*"):
            tmp.unlink(missing_ok=True)
        for tmp in live.glob(".*") if live is not None and live.is_dir() else ():
            tmp.unlink(missing_ok=True)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the folder's update lock, waiting up to ``lock_timeout`` for another writer."""
        try:
            fd = os.open(self.dir / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise IndexUnavailable(f"cannot write to the index folder {self.dir}: {exc}") from exc
        try:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy(
                            "another corpus-reader is updating this index; try again when it "
                            "has finished"
                        ) from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class Indexed:
    """What an update compares the corpus with, read from the index's columns (no stored body
    is touched): each column read whole and once, the live documents listed once.

    A lookup per document costs four times as much once the index has several segments; and
    the manifest, the known days and the delta each read ``file`` again (at 100,000 articles
    in five segments, 0.7–1.0 s of an update, 0.4 s with each column read once)."""

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


def _delta(
    ix: whoosh_index.Index,
    indexed: Indexed,
    manifest: dict[str, FileStamp],
    replaced: set[str],
    written: list[dict[str, Any]],
    articles: int,
) -> Delta | None:
    """What an update is about to change, read before its commit: the stored fields of the
    articles of the files it replaces or removes, and each document's id (None when the
    update is too large to be related but in full)."""
    from .relate_delta import SHARE, Delta

    taken = sum(len(manifest[path].ids) for path in replaced)
    if taken + len(written) > SHARE * max(articles - taken + len(written), 1):
        return None
    live = set(indexed.live)
    old_ids = [doc_id if n in live else None for n, doc_id in enumerate(indexed.ids)]
    with ix.reader() as reader:
        removed = [reader.stored_fields(n) for n in indexed.live if indexed.files[n] in replaced]
        return Delta(generation_of(reader), old_ids, removed, written)


def _known_days(indexed: Indexed | None, except_files: set[str]) -> list[date]:
    """Publication dates already in the index, but for the files about to be replaced."""
    if indexed is None:
        return []
    days: list[date] = []
    files, numbers = indexed.files, indexed.days
    for docnum in indexed.live:
        number = numbers[docnum]
        if number and files[docnum] not in except_files:
            days.append(date(number // 10000, number // 100 % 100, number % 100))
    return days


def _by_path(skipped: list[Skipped]) -> tuple[Skipped, ...]:
    """What was skipped, by path: the walk's skips and the reads' in one order (a file's
    own notices in the order they arose)."""
    return tuple(sorted(skipped, key=lambda s: s.path))


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


def write_failed(index_dir: Path, exc: OSError | sqlite3.Error) -> str:
    """One line for an update that could not write: what happened and what to do. The state
    readers see is the last one committed whole (a build in a new generation is only made
    live once complete; an update's commit is atomic)."""
    stays = "the last complete index stays in use"
    code = exc.errno if isinstance(exc, OSError) else None
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or (
        getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL"
    ):
        return (
            f"no room to write the index in {index_dir} ({_reason(exc)}); "
            f"{stays}: free some space, then run 'corpus-reader index' again"
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"cannot write to the index folder {index_dir} ({_reason(exc)}); "
            f"{stays}: make the folder writable, or pass --index to use another"
        )
    return (
        f"could not write the index in {index_dir} ({_reason(exc)}); {stays}: "
        "run 'corpus-reader index' again"
    )


def _reason(exc: OSError | sqlite3.Error) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
