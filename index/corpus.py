"""A corpus and its index, as callers see them: open, update, search, fetch an article.

``Corpus`` is the facade the CLI and the TUI share. It keeps one ``Snapshot`` of the index
state it reads (its Whoosh searcher and what was made of it), used under a lock (Whoosh
searchers are not safe to share between threads) and replaced as a whole when a commit lands.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from . import views
from .errors import ArticleNotFound, CorpusNotFound, EntityNotFound, IndexUnavailable
from .models import (
    Article,
    Entity,
    EntityMention,
    Event,
    EventGroup,
    Link,
    SearchResult,
    Span,
    UpdateSummary,
)
from .periods import period
from .search import entity_mentions
from .search import query as search_mod
from .search.entity_search import rewrite
from .snapshot import Snapshot
from .state import files
from .write.child import ready_to_spawn
from .write.locations import default_corpus_path, default_index_dir
from .write.store import IndexDamaged, IndexStore, ProgressCallback
from .write.update_process import update_in_child

__all__ = ["Corpus", "default_corpus_path"]


class Corpus:
    """One corpus folder and its index folder."""

    def __init__(
        self,
        root: Path | str | None = None,
        index_dir: Path | str | None = None,
        follow_symlinks: bool | None = None,
    ):
        """``follow_symlinks``: follow symbolic links in the corpus (True), stop following them
        (False), or do as the index was last updated (None; not followed by default)."""
        self.follow_symlinks = follow_symlinks
        self.root = Path(root) if root is not None else default_corpus_path()
        if not self.root.is_dir():
            what = "does not exist" if not self.root.exists() else "is not a folder"
            raise CorpusNotFound(f"corpus folder {self.root} {what}")
        self.root = self.root.resolve()
        self.index_dir = Path(index_dir) if index_dir is not None else default_index_dir(self.root)
        self._store = IndexStore(self.index_dir)
        self._lock = threading.RLock()
        self._ix: Any = None
        self._parser: Any = None
        self._snapshot: Snapshot | None = None
        self._partial = False

    # -- index -----------------------------------------------------------------------------

    def has_index(self) -> bool:
        """Whether a complete index exists, so searches can run while an update proceeds."""
        return self._store.current_generation() is not None

    def update(
        self,
        progress: ProgressCallback | None = None,
        rebuild: bool = False,
        in_child: bool = False,
    ) -> UpdateSummary:
        """Build the index on first use, else re-read only added, changed and removed files.

        ``in_child`` runs the update in a child process (``update_process``), leaving this
        interpreter free for the caller's other threads (an app painting as it runs).
        """
        ready_to_spawn()  # a large update starts worker processes (here or in the child)
        if in_child:
            summary = update_in_child(
                self.root, self.index_dir, progress, rebuild, self.follow_symlinks
            )
        else:
            summary = self._store.update(
                self.root, progress=progress, rebuild=rebuild, follow_symlinks=self.follow_symlinks
            )
        with self._lock:
            if summary.rebuilt:
                self._close_index()
        return summary

    def close(self) -> None:
        """Release the searcher's files."""
        with self._lock:
            self._close_index()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        sort: search_mod.SortOrder = "score",
        date_from: date | None = None,
        date_to: date | None = None,
        partial: bool = False,
    ) -> SearchResult:
        """Search the corpus. ``partial`` treats the last word as still being typed."""
        with self._reading() as snap:
            if snap is None:
                return SearchResult(query=text, total=0, notice="The corpus has no index yet.")
            # Every article (the empty query) needs no spellings: the app's first screen
            # does not wait for the catalog.
            widened, also = rewrite(text, snap.spelled()) if text.strip() else (text, ())
            result = search_mod.run(
                snap.searcher,
                snap.parser,
                widened,
                docsets=snap.docsets(),
                limit=limit,
                sort=sort,
                date_from=date_from,
                date_to=date_to,
                partial=partial,
            )
            return replace(result, query=text, also_matched=also if result.total else ())

    def article(self, ident: str) -> Article:
        """The article with this id, or with the only id that starts with ``ident``.

        Its events' groups and disputed dates come from the timeline, not the (large) file of
        links: opening an article reads one document.
        """
        with self._reading() as snap:
            if snap is None:
                raise ArticleNotFound("the corpus has no index yet")
            return snap.article(ident)

    def marks(self, text: str, query_text: str, partial: bool = False) -> tuple[Span, ...]:
        """Spans of ``text`` that match the query's words, as the article pane marks them.

        ``partial`` reads the query as ``search`` does for a word still being typed.
        """
        with self._reading() as snap:
            return () if snap is None else snap.marks(text, query_text, partial)

    def events(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        query_text: str | None = None,
        partial: bool = False,
    ) -> list[Event]:
        """Dated events, by the start of their period, then article and position.

        With ``query_text``, only the events of the articles that match it (``partial`` reads
        it as ``search`` does, the last word still being typed); the date range keeps the
        events whose period overlaps it.
        """
        return self.event_page(
            date_from=date_from, date_to=date_to, query_text=query_text, partial=partial
        )[0]

    def event_page(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        query_text: str | None = None,
        partial: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[Event], int]:
        """``limit`` events of those ``events`` would give, from the ``offset``-th, and how
        many it would give.

        Only the documents of the events returned are read: a page of a million events costs
        what the page costs.
        """
        with self._reading() as snap:
            if snap is None:
                return [], 0
            positions = snap.positions(query_text, partial, date_from, date_to)
            shown = positions[offset:] if limit is None else positions[offset : offset + limit]
            return snap.events_at(shown), len(positions)

    def event_value_counts(
        self, query_text: str | None = None, partial: bool = False
    ) -> list[tuple[str, int]]:
        """The runs of equal date values among the events ``event_page`` would give for this
        query: (value, events) in timeline order, without reading a document.

        The counts add up to the page's total; ``sum`` of the first ``k`` counts is the offset
        of run ``k``. A value comes back as several runs when the events of different values
        that start the same day (a week and its Monday) interleave by article.
        """
        with self._reading() as snap:
            if snap is None:
                return []
            line = snap.timeline()
            positions = snap.positions(query_text, partial, None, None)
        return views.value_runs(line, positions)  # the pages then reuse these positions

    def event_dates(self) -> list[tuple[str, int, int]]:
        """Every date value events have: (value, events, articles), in timeline order."""
        with self._reading() as snap:
            if snap is None:
                return []
            line = snap.timeline()
        return views.date_counts(line)

    def entities(self, kind: str | None = None) -> list[Entity]:
        """Every entity of the corpus (or of one kind), most mentioned first."""
        with self._reading() as snap:
            if snap is None:
                return []
            entities = snap.catalog().entities
        return [e for e in entities if kind is None or e.kind == kind]

    def titles(self, limit: int | None = None) -> list[tuple[str, str, date | None]]:
        """Every article's (id, title, publication date), newest first (undated last), from
        the catalog: no document is read."""
        with self._reading() as snap:
            if snap is None:
                return []
            found = snap.catalog()
        return views.newest_first(found, limit)

    def labels(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """What names these articles in a list: id -> (title, source), without reading them."""
        with self._reading() as snap:
            if snap is None:
                return {}
            known = snap.catalog().labels
        return {a: known[a] for a in article_ids if a in known}

    def entity(self, key: str) -> Entity:
        """The entity with this key (``person:jean-yves-le-drian``), with its aliases and counts."""
        with self._reading() as snap:
            if snap is None:
                raise EntityNotFound("the corpus has no index yet")
            found = snap.catalog().by_key.get(key)
        if found is None:
            raise EntityNotFound(f"no entity with key {key!r}")
        return found

    def mentions_of(self, key: str, *, limit: int | None = 500) -> list[EntityMention]:
        """The articles mentioning the entity, newest first (undated last): one row each, with
        its first mention, that mention's sentence and how often the article mentions it.

        ``limit`` bounds the rows (None: all); an unknown key has none.
        """
        with self._reading() as snap:
            if snap is None:
                return []
            return entity_mentions.mentions_of(snap.searcher, key, limit)

    def events_on(self, value: str) -> list[Event]:
        """The events whose period overlaps that of a TimeML value (``2022-02-24``,
        ``2022-W09``, ``2022-02``, ``2022``), in the order of ``events``.

        A month holds its days and weeks, and is held by its year: the date view of a day
        lists "this week" and "in 2022" too. ValueError when ``value`` names no period.
        """
        first, last = period(value)
        return self.events(date_from=first, date_to=last)

    def articles(self) -> list[Article]:
        """Every article with its mentions and events, in id order (for export)."""
        with self._reading() as snap:
            return [] if snap is None else snap.articles()

    def links(self, article_id: str) -> list[Link]:
        """The articles linked to this one (by exact id), best first, each with its reasons."""
        with self._reading() as snap:
            return [] if snap is None else snap.links(article_id)

    def event_groups(
        self, *, date_from: date | None = None, date_to: date | None = None
    ) -> list[EventGroup]:
        """Events of several articles that report the same happening, by date.

        The date range keeps the groups whose date overlaps it.
        """
        with self._reading() as snap:
            if snap is None:
                return []
            events = snap.events_at(snap.positions(None, False, date_from, date_to))
            group_dates = snap.timeline().group_dates
        return views.event_groups(events, group_dates, date_from, date_to)

    def took_partial_state(self) -> bool:
        """Whether a state without its files was shown since the last call: what was read
        then is to be read again once the update that writes them is done."""
        partial, self._partial = self._partial, False
        return partial

    def prepare_search(self) -> None:
        """Load what a search needs beyond the index (the table of entity spellings, built
        from the catalog, for an index without a spellings file), so that the reader's first
        keystroke does not wait for it."""
        with self._reading() as snap:
            if snap is not None:
                snap.spelled()

    def article_count(self) -> int:
        """How many articles the index holds (0 without an index)."""
        with self._reading() as snap:
            return 0 if snap is None else int(snap.searcher.doc_count())

    # -- internals -------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Snapshot | None]:
        """The current snapshot (None without an index), held under the lock: its searcher
        is used by one thread at a time."""
        with self._lock:
            yield self._current()

    def _current_searcher(self) -> Searcher | None:
        """The current snapshot's searcher (for tests that ask Whoosh directly)."""
        with self._reading() as snap:
            return None if snap is None else snap.searcher

    def _current(self) -> Snapshot | None:
        """The snapshot of the state to read, replaced when another commit or a rebuild has
        landed (call under the lock)."""
        gen = self._store.current_generation()
        if gen is None or (self._ix is not None and Path(self._ix.storage.folder) != gen):
            self._close_index()
        if gen is None or self._open_index() is None:
            return None
        snap = self._snapshot
        if snap is not None and not snap.searcher.up_to_date() and self._readable_whole():
            # Not Searcher.refresh(): it reuses segment readers by segment id and so keeps
            # their old deletions, showing replaced documents twice. Open afresh instead.
            self._close_snapshot()
        if self._snapshot is None:
            self._snapshot = Snapshot(
                self._ix, self._parser, self._store.writing, self._shown_partial
            )
        return self._snapshot

    def _open_index(self) -> Any:
        """The live index, opened on first use (None: there is none)."""
        if self._ix is None:
            try:
                self._ix = self._store.open()
            except IndexDamaged as exc:
                raise IndexUnavailable(
                    f"the index is damaged ({exc}); run 'corpus-reader index --rebuild'"
                ) from exc
            if self._ix is not None:
                self._parser = search_mod.make_parser(self._ix.schema)
        return self._ix

    def _readable_whole(self) -> bool:
        """Whether the index's newest commit can be read with its files (catalog, timeline,
        links): they are written, or no update is running that will write them (an index
        from before them: a reader gathers them). An update commits before it relates, which
        is slow on a large corpus; a reader that moved to the new commit in the meantime
        would gather those files itself, as long again, in the reader's process. So until
        they are there, searches keep the state they had."""
        folder = Path(self._ix.storage.folder)
        return files.written(folder, self._ix.latest_generation()) or not self._store.writing()

    def _shown_partial(self) -> None:
        """A snapshot showed its state without its files (``took_partial_state``)."""
        self._partial = True

    def _close_snapshot(self) -> None:
        if self._snapshot is not None:
            self._snapshot.close()
            self._snapshot = None

    def _close_index(self) -> None:
        self._close_snapshot()
        self._ix = None
