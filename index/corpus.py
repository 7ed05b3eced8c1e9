"""A corpus and its index, as callers see them: open, update, search, fetch an article.

``Corpus`` is the facade the CLI and the TUI share. It keeps one Whoosh searcher, used under a
lock (Whoosh searchers are not safe to share between threads) and refreshed when a commit lands.
Imports no Textual or Rich.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from whoosh import query
from whoosh.searching import Searcher

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
from .periods import overlaps, period
from .relate.derive import Relations
from .search import entity_mentions
from .search import query as search_mod
from .search.entity_search import rewrite
from .state import catalog, links_file, spellings, timeline
from .state import files as relate
from .state.catalog import Catalog
from .state.spellings import Spelled
from .state.timeline import Timeline
from .whoosh_ext.docsets import DocSets
from .whoosh_ext.reader import generation_of
from .whoosh_ext.schema import stored_article, stored_events
from .write.locations import default_corpus_path, default_index_dir
from .write.store import IndexDamaged, IndexStore, ProgressCallback
from .write.update_process import ready_to_spawn, update_in_child

__all__ = ["Corpus", "default_corpus_path"]


class Corpus:
    """One corpus folder and its index folder."""

    def __init__(
        self,
        root: Path | str | None = None,
        index_dir: Path | str | None = None,
        follow_links: bool | None = None,
    ):
        """``follow_links``: follow symbolic links in the corpus (True), stop following them
        (False), or do as the index was last updated (None; not followed by default)."""
        self.follow_links = follow_links
        self.root = Path(root) if root is not None else default_corpus_path()
        if not self.root.is_dir():
            what = "does not exist" if not self.root.exists() else "is not a folder"
            raise CorpusNotFound(f"corpus folder {self.root} {what}")
        self.root = self.root.resolve()
        self.index_dir = Path(index_dir) if index_dir is not None else default_index_dir(self.root)
        self._store = IndexStore(self.index_dir)
        self._lock = threading.RLock()
        self._ix: Any = None
        self._searcher: Searcher | None = None
        self._parser: Any = None
        self._lined: tuple[Searcher, Timeline] | None = None
        self._selected: tuple[tuple[Any, ...], list[int]] | None = None
        self._related: tuple[Searcher, Relations] | None = None
        self._partial = False
        self._catalogued: tuple[Searcher, Catalog] | None = None
        self._sets: tuple[Searcher, DocSets] | None = None

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
                self.root, self.index_dir, progress, rebuild, self.follow_links
            )
        else:
            summary = self._store.update(
                self.root, progress=progress, rebuild=rebuild, follow_links=self.follow_links
            )
        with self._lock:
            if summary.rebuilt:
                self._close_searcher()
                self._ix = None
        return summary

    def close(self) -> None:
        """Release the searcher's files."""
        with self._lock:
            self._close_searcher()
            self._ix = None

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
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return SearchResult(query=text, total=0, notice="The corpus has no index yet.")
            # Every article (the empty query) needs no spellings: the app's first screen
            # does not wait for the catalog.
            widened, also = rewrite(text, self._spelled(searcher)) if text.strip() else (text, ())
            result = search_mod.run(
                searcher,
                self._parser,
                widened,
                docsets=self._docsets(searcher),
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
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                raise ArticleNotFound("the corpus has no index yet")
            docnum = searcher.document_number(id=ident)
            if docnum is None:
                matches = list(searcher.docs_for_query(query.Prefix("id", ident)))[:6]
                if not matches:
                    raise ArticleNotFound(f"no article with id {ident!r}")
                if len(matches) > 1:
                    ids = sorted(searcher.stored_fields(n)["id"] for n in matches)[:5]
                    raise ArticleNotFound(f"id {ident!r} is ambiguous: {', '.join(ids)}")
                docnum = matches[0]
            article = stored_article(searcher.stored_fields(docnum))
            found = self._timeline(searcher).of_document(docnum)
            events = (_grouped(e, *found.get(n, (-1, ()))) for n, e in enumerate(article.events))
            return replace(article, events=tuple(events))

    def marks(self, text: str, query_text: str, partial: bool = False) -> tuple[Span, ...]:
        """Spans of ``text`` that match the query's words, as the article pane marks them.

        ``partial`` reads the query as ``search`` does for a word still being typed.
        """
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None or not query_text.strip():
                return ()
            q, _notice = search_mod.parse(self._parser, query_text, partial)
            if q is None:
                return ()
            q = search_mod.bound_expansions(q, searcher.reader(), searcher.schema)
            terms = {
                t.decode("utf-8") if isinstance(t, bytes) else t
                for f, t in q.iter_all_terms()
                if f in search_mod.TEXT_FIELDS
            }
            return search_mod.term_spans(searcher.schema, text, terms)

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
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return [], 0
            line = self._timeline(searcher)
            positions = self._positions(searcher, line, query_text, partial, date_from, date_to)
            shown = positions[offset:] if limit is None else positions[offset : offset + limit]
            return self._events_at(searcher, line, shown), len(positions)

    def _positions(
        self,
        searcher: Searcher,
        line: Timeline,
        query_text: str | None,
        partial: bool,
        date_from: date | None,
        date_to: date | None,
    ) -> list[int]:
        """The timeline positions of a query's events; the last one asked for is kept, as a
        list scrolled page by page asks for the same positions again and again (a million
        events take ~0.1 s to select)."""
        text = query_text.strip() if query_text else ""
        # The timeline's length too: a state read without its file, then with it.
        key = (
            searcher,
            line.generation,
            len(line),
            text,
            partial and bool(text),
            date_from,
            date_to,
        )
        if self._selected is not None and self._selected[0] == key:
            return self._selected[1]
        docs = self._matching_docnums(searcher, text, partial) if text else None
        positions = line.select(docs, date_from, date_to)
        self._selected = (key, positions)
        return positions

    def event_value_counts(
        self, query_text: str | None = None, partial: bool = False
    ) -> list[tuple[str, int]]:
        """The runs of equal date values among the events ``event_page`` would give for this
        query: (value, events) in timeline order, without reading a document.

        The counts add up to the page's total; ``sum`` of the first ``k`` counts is the offset
        of run ``k``. A value comes back as several runs when the events of different values
        that start the same day (a week and its Monday) interleave by article.
        """
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            line = self._timeline(searcher)
            positions = self._positions(searcher, line, query_text, partial, None, None)
        picked = (line.value_of[i] for i in positions)  # the pages then reuse these positions
        return [(line.values[v], sum(1 for _ in run)) for v, run in itertools.groupby(picked)]

    def event_dates(self) -> list[tuple[str, int, int]]:
        """Every date value events have: (value, events, articles), in timeline order."""
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            line = self._timeline(searcher)
        events = [0] * len(line.values)
        docs: list[set[int]] = [set() for _ in line.values]
        for value, docnum in zip(line.value_of, line.docnum, strict=True):
            events[value] += 1
            docs[value].add(docnum)
        return [(v, events[n], len(docs[n])) for n, v in enumerate(line.values)]

    def entities(self, kind: str | None = None) -> list[Entity]:
        """Every entity of the corpus (or of one kind), most mentioned first."""
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            entities = self._catalog(searcher).entities
        return [e for e in entities if kind is None or e.kind == kind]

    def titles(self, limit: int | None = None) -> list[tuple[str, str, date | None]]:
        """Every article's (id, title, publication date), newest first (undated last), from
        the catalog: no document is read."""
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            found = self._catalog(searcher)
        rows = [
            (article, title, found.published.get(article, ""))
            for article, (title, _source) in found.labels.items()
        ]
        rows.sort(key=lambda row: (row[2], row[0]), reverse=True)
        return [
            (article, title, date.fromisoformat(day) if day else None)
            for article, title, day in rows[:limit]
        ]

    def labels(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """What names these articles in a list: id -> (title, source), without reading them."""
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return {}
            known = self._catalog(searcher).labels
        return {a: known[a] for a in article_ids if a in known}

    def entity(self, key: str) -> Entity:
        """The entity with this key (``person:jean-yves-le-drian``), with its aliases and counts."""
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                raise EntityNotFound("the corpus has no index yet")
            found = self._catalog(searcher).by_key.get(key)
        if found is None:
            raise EntityNotFound(f"no entity with key {key!r}")
        return found

    def mentions_of(self, key: str, *, limit: int | None = 500) -> list[EntityMention]:
        """The articles mentioning the entity, newest first (undated last): one row each, with
        its first mention, that mention's sentence and how often the article mentions it.

        ``limit`` bounds the rows (None: all); an unknown key has none.
        """
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            return entity_mentions.mentions_of(searcher, key, limit)

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
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            line = self._timeline(searcher)
            found = []
            for docnum, fields in searcher.reader().iter_docs():
                article = stored_article(fields)
                groups = line.of_document(docnum)
                events = (
                    _grouped(e, *groups.get(n, (-1, ()))) for n, e in enumerate(article.events)
                )
                found.append(replace(article, events=tuple(events)))
        return sorted(found, key=lambda a: a.id)

    def links(self, article_id: str) -> list[Link]:
        """The articles linked to this one (by exact id), best first, each with its reasons."""
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            folder = Path(self._ix.storage.folder)
            found = links_file.links_of(folder, generation_of(searcher.reader()), article_id)
            if found is not None:
                return list(found)
            if self._being_written(searcher):
                return []
            # An index from before the links file: its relations, which write the file.
            return list(self._relations(searcher).links.get(article_id, ()))

    def event_groups(
        self, *, date_from: date | None = None, date_to: date | None = None
    ) -> list[EventGroup]:
        """Events of several articles that report the same happening, by date.

        The date range keeps the groups whose date overlaps it.
        """
        members: dict[int, list[Event]] = {}
        for event in self.events(date_from=date_from, date_to=date_to):
            if event.group is not None:
                members.setdefault(event.group, []).append(event)
        with self._lock:
            searcher = self._current_searcher()
            if searcher is None:
                return []
            group_dates = self._timeline(searcher).group_dates
        groups = []
        # By date: an update numbers the groups it makes after the others (relate_delta).
        by_date = sorted(group_dates.items(), key=lambda g: (period(g[1][0])[0], g[1][0], g[0]))
        for number, (value, granularity) in by_date:
            events = tuple(members.get(number, ()))
            if not events or not overlaps(value, date_from, date_to):
                continue
            others = sorted({d for e in events for d in e.other_dates})
            articles = tuple(sorted({e.article for e in events}))
            groups.append(EventGroup(number, value, granularity, articles, events, tuple(others)))
        return groups

    def _timeline(self, searcher: Searcher) -> Timeline:
        """Every event of the searcher's index state in date order, as compact arrays, from
        the file the writer left beside it (gathered and written when missing or stale)."""
        if self._lined is None or self._lined[0] is not searcher:
            folder = Path(self._ix.storage.folder)
            if self._being_written(searcher):
                return timeline.empty(generation_of(searcher.reader()))
            found = timeline.load_or_gather(
                folder, searcher.reader(), stored_events, lambda: self._relations(searcher)
            )
            self._lined = (searcher, found)
        return self._lined[1]

    def _events_at(self, searcher: Searcher, line: Timeline, positions: list[int]) -> list[Event]:
        """The events at these timeline positions, reading each of their documents once; their
        groups and disputed dates come from the timeline (not the large links file)."""
        by_doc: dict[int, tuple[Event, ...]] = {}
        found = []
        for i in positions:
            docnum = line.docnum[i]
            if docnum not in by_doc:
                by_doc[docnum] = stored_events(searcher.stored_fields(docnum))
            event = by_doc[docnum][line.ordinal[i]]
            found.append(_grouped(event, line.group[i], line.other_dates.get(i, ())))
        return found

    def _spelled(self, searcher: Searcher) -> Spelled:
        """The entity spellings of the searcher's index state: looked up in the file the
        writer left beside it (a search reads the rows of its own words), else the table of
        the catalog (an index from before the file)."""
        path = spellings.path_for(Path(self._ix.storage.folder), generation_of(searcher.reader()))
        if path.exists():
            return spellings.Spellings(path)
        return self._catalog(searcher).table

    def _catalog(self, searcher: Searcher) -> Catalog:
        """Entities and article labels of the searcher's index state, from the file the writer
        left beside it (gathered and written when it is missing or stale)."""
        if self._catalogued is None or self._catalogued[0] is not searcher:
            if self._being_written(searcher):
                return Catalog(generation_of(searcher.reader()), ())
            folder = Path(self._ix.storage.folder)
            self._catalogued = (searcher, catalog.load_or_gather(folder, searcher.reader()))
        return self._catalogued[1]

    def _being_written(self, searcher: Searcher) -> bool:
        """Whether the searcher's state has no files yet because an update is writing them
        now (it committed, then was stopped before writing them, and runs again). Then this
        state is shown without them (no entities, events or links, for the minutes that takes
        at 100,000 articles) rather than gathered here; ``took_partial_state`` tells so."""
        folder = Path(self._ix.storage.folder)
        if relate.written(folder, generation_of(searcher.reader())) or not self._store.writing():
            return False
        self._partial = True
        return True

    def took_partial_state(self) -> bool:
        """Whether a state without its files was shown since the last call: what was read
        then is to be read again once the update that writes them is done."""
        partial, self._partial = self._partial, False
        return partial

    def _relations(self, searcher: Searcher) -> Relations:
        """Event groups and links of the searcher's index state, computed (and its links file
        written): only for an index whose writer left no files for it."""
        if self._related is None or self._related[0] is not searcher:
            folder = Path(self._ix.storage.folder)
            self._related = (searcher, links_file.load_or_compute(folder, searcher.reader()))
        return self._related[1]

    def _docsets(self, searcher: Searcher) -> DocSets:
        """The document sets of the searcher's index state (counts, filters, date order)."""
        if self._sets is None or self._sets[0] is not searcher:
            self._sets = (searcher, DocSets(searcher))
        return self._sets[1]

    def _matching_docnums(
        self, searcher: Searcher, query_text: str, partial: bool
    ) -> frozenset[int]:
        """Document numbers of the articles that match a query (alias-aware, as ``search``)."""
        widened, _also = rewrite(query_text, self._spelled(searcher))
        q, _notice = search_mod.parse(self._parser, widened, partial)
        if q is None:
            return frozenset()
        q = search_mod.bound_expansions(q, searcher.reader(), searcher.schema)
        return self._docsets(searcher).of(q)

    def prepare_search(self) -> None:
        """Load what a search needs beyond the index (the table of entity spellings, built
        from the catalog, for an index without a spellings file), so that the reader's first
        keystroke does not wait for it."""
        with self._lock:
            searcher = self._current_searcher()
            if searcher is not None:
                self._spelled(searcher)

    def article_count(self) -> int:
        """How many articles the index holds (0 without an index)."""
        with self._lock:
            searcher = self._current_searcher()
            return 0 if searcher is None else int(searcher.doc_count())

    # -- internals -------------------------------------------------------------------------

    def _current_searcher(self) -> Searcher | None:
        """The shared searcher, reopened when another commit or a rebuild has landed."""
        gen = self._store.current_generation()
        if gen is None:
            self._close_searcher()
            self._ix = None
            return None
        if self._ix is not None and Path(self._ix.storage.folder) != gen:
            self._close_searcher()
            self._ix = None
        if self._ix is None:
            try:
                self._ix = self._store.open()
            except IndexDamaged as exc:
                raise IndexUnavailable(
                    f"the index is damaged ({exc}); run 'corpus-reader index --rebuild'"
                ) from exc
            if self._ix is None:
                return None
            self._parser = search_mod.make_parser(self._ix.schema)
        if (
            self._searcher is not None
            and not self._searcher.up_to_date()
            and self._readable_whole(self._ix)
        ):
            # Not Searcher.refresh(): it reuses segment readers by segment id and so keeps
            # their old deletions, showing replaced documents twice. Open afresh instead.
            self._close_searcher()
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        return self._searcher

    def _readable_whole(self, ix: Any) -> bool:
        """Whether the index's newest commit can be read with its files (catalog, timeline,
        links): they are written, or no update is running that will write them (an index
        from before them: a reader gathers them). An update commits before it relates, and
        relating 100,000 articles takes minutes; a reader that moved to the new commit in
        the meantime gathered those files itself, as long again, in the reader's process. So
        until they are there, searches keep the state they had."""
        folder = Path(ix.storage.folder)
        return relate.written(folder, ix.latest_generation()) or not self._store.writing()

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


def _grouped(event: Event, group: int, others: tuple[str, ...]) -> Event:
    """``event`` with its event group (-1: none) and disputed dates, as the timeline keeps them."""
    if group < 0 and not others:
        return event
    return replace(event, group=group if group >= 0 else None, other_dates=others)
