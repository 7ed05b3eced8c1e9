"""One index state as readers see it: its Whoosh searcher and what is kept beside it.

A ``Snapshot`` is made for one searcher, so for one index state (one Whoosh generation). It
makes what that state's readers ask for on first use, once: the catalog, the timeline, the
document sets, the spellings, the relations. When a commit lands the ``Corpus`` replaces the
snapshot as a whole, so nothing of one state is ever read with another's searcher. Like its
searcher, a snapshot is not safe to share between threads: the ``Corpus`` uses it under its
lock.

Readers read the files the writer leaves beside the state. Only when one is missing (an index
written by a version before it, or a lost file) does a snapshot gather it and write it, once,
through ``state.files.fill_missing``: readers write nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from whoosh import query
from whoosh.searching import Searcher

from .errors import ArticleNotFound
from .models import Article, Event, Link, Span
from .relate.derive import Relations, compute
from .search import query as search_mod
from .search.entity_search import rewrite
from .state import catalog, files, links_file, spellings, timeline
from .state.catalog import Catalog
from .state.spellings import Spelled
from .state.timeline import Timeline
from .whoosh_ext.docsets import DocSets
from .whoosh_ext.reader import generation_of
from .whoosh_ext.schema import stored_article, stored_events


class Snapshot:
    """One searcher's index state and what was made of it, each thing once."""

    def __init__(
        self,
        ix: Any,
        parser: Any,
        writing: Callable[[], bool],
        shown_partial: Callable[[], None],
    ) -> None:
        """A new searcher of the Whoosh index ``ix`` (its newest state) and ``parser`` for its
        schema; ``writing()`` tells whether an update is running (which writes the files a
        state lacks); ``shown_partial()`` is told when the state is read without its files
        (``Corpus.took_partial_state``)."""
        self.searcher: Searcher = ix.searcher()
        self.parser = parser
        self.folder = Path(ix.storage.folder)
        """The folder of the index, where the state's files are kept."""
        self.generation = generation_of(self.searcher.reader())
        self._writing = writing
        self._shown_partial = shown_partial
        self._catalog: Catalog | None = None
        self._timeline: Timeline | None = None
        self._relations: Relations | None = None
        self._docsets: DocSets | None = None
        self._spellings: spellings.Spellings | None = None
        self._selected: tuple[tuple[Any, ...], list[int]] | None = None

    def close(self) -> None:
        """Release the searcher's files."""
        self.searcher.close()

    # -- what is kept beside the state -----------------------------------------------------

    def catalog(self) -> Catalog:
        """Entities and article labels, from the file the writer left beside the state."""
        if self._catalog is None:
            if self._being_written():
                return Catalog(self.generation, ())
            found = catalog.load(self.folder, self.generation)
            if found is None:
                found = files.fill_missing(self.folder, catalog.gather(self.searcher.reader()))
            self._catalog = found
        return self._catalog

    def timeline(self) -> Timeline:
        """Every event in date order, as compact arrays, from the file the writer left."""
        if self._timeline is None:
            if self._being_written():
                return timeline.empty(self.generation)
            found = timeline.load(self.folder, self.generation)
            if found is None:
                gathered = timeline.gather(self.searcher.reader(), stored_events, self.relations())
                found = files.fill_missing(self.folder, gathered)
            self._timeline = found
        return self._timeline

    def relations(self) -> Relations:
        """Event groups and links, computed: only for a state whose writer left no files for
        it (the timeline keeps the groups, the links file the links)."""
        if self._relations is None:
            self._relations = files.fill_missing(self.folder, compute(self.searcher.reader()))
        return self._relations

    def spelled(self) -> Spelled:
        """Which entity a word spells: looked up in the file the writer left (a search reads
        the rows of its own words), else the catalog's table (an index from before the file)."""
        if self._spellings is None:
            path = spellings.path_for(self.folder, self.generation)
            if not path.exists():
                return self.catalog().table  # kept by the catalog, itself kept here
            self._spellings = spellings.Spellings(path)
        return self._spellings

    def docsets(self) -> DocSets:
        """The document sets of the state (counts, filters, date order)."""
        if self._docsets is None:
            self._docsets = DocSets(self.searcher)
        return self._docsets

    def links(self, article_id: str) -> list[Link]:
        """The article's links, from its row of the links file."""
        found = links_file.links_of(self.folder, self.generation, article_id)
        if found is not None:
            return list(found)
        if self._being_written():
            return []
        # An index from before the links file: its relations, which write the file.
        return list(self.relations().links.get(article_id, ()))

    def _being_written(self) -> bool:
        """Whether the state has no files yet because an update is writing them now (it
        committed, then was stopped before writing them, and runs again). Then the state is
        shown without them (no entities, events or links) rather than gathered here, which
        would take as long as the update's own relating, and ``shown_partial`` is told."""
        if files.written(self.folder, self.generation) or not self._writing():
            return False
        self._shown_partial()
        return True

    # -- articles and events ---------------------------------------------------------------

    def article(self, ident: str) -> Article:
        """The article with this id, or with the only id that starts with ``ident``; its
        events' groups and disputed dates from the timeline (not the large links file)."""
        docnum = self.searcher.document_number(id=ident)
        if docnum is None:
            matches = list(self.searcher.docs_for_query(query.Prefix("id", ident)))[:6]
            if not matches:
                raise ArticleNotFound(f"no article with id {ident!r}")
            if len(matches) > 1:
                ids = sorted(self.searcher.stored_fields(n)["id"] for n in matches)[:5]
                raise ArticleNotFound(f"id {ident!r} is ambiguous: {', '.join(ids)}")
            docnum = matches[0]
        return _with_groups(self.timeline(), docnum, self.searcher.stored_fields(docnum))

    def articles(self) -> list[Article]:
        """Every article with its mentions and events, in id order."""
        line = self.timeline()
        found = [
            _with_groups(line, docnum, fields)
            for docnum, fields in self.searcher.reader().iter_docs()
        ]
        return sorted(found, key=lambda a: a.id)

    def positions(
        self,
        query_text: str | None,
        partial: bool,
        date_from: date | None,
        date_to: date | None,
    ) -> list[int]:
        """The timeline positions of a query's events; the last one asked for is kept, as a
        list scrolled page by page asks for the same positions again and again."""
        line = self.timeline()
        text = query_text.strip() if query_text else ""
        # The timeline's length too: the state read without its file, then with it.
        key = (len(line), text, partial and bool(text), date_from, date_to)
        if self._selected is not None and self._selected[0] == key:
            return self._selected[1]
        docs = self.matching(text, partial) if text else None
        positions = line.select(docs, date_from, date_to)
        self._selected = (key, positions)
        return positions

    def events_at(self, positions: list[int]) -> list[Event]:
        """The events at these timeline positions, reading each of their documents once; their
        groups and disputed dates come from the timeline (not the large links file)."""
        line = self.timeline()
        by_doc: dict[int, tuple[Event, ...]] = {}
        found = []
        for i in positions:
            docnum = line.docnum[i]
            if docnum not in by_doc:
                by_doc[docnum] = stored_events(self.searcher.stored_fields(docnum))
            event = by_doc[docnum][line.ordinal[i]]
            found.append(grouped(event, line.group[i], line.other_dates.get(i, ())))
        return found

    def marks(self, text: str, query_text: str, partial: bool) -> tuple[Span, ...]:
        """Spans of ``text`` that match the query's words (``Corpus.marks``)."""
        if not query_text.strip():
            return ()
        q, _notice = search_mod.parse(self.parser, query_text, partial)
        if q is None:
            return ()
        schema = self.searcher.schema
        q = search_mod.bound_expansions(q, self.searcher.reader(), schema)
        terms = {
            t.decode("utf-8") if isinstance(t, bytes) else t
            for f, t in q.iter_all_terms()
            if f in search_mod.TEXT_FIELDS
        }
        return search_mod.term_spans(schema, text, terms)

    def matching(self, query_text: str, partial: bool) -> frozenset[int]:
        """Document numbers of the articles that match a query (alias-aware, as a search)."""
        widened, _also = rewrite(query_text, self.spelled())
        q, _notice = search_mod.parse(self.parser, widened, partial)
        if q is None:
            return frozenset()
        q = search_mod.bound_expansions(q, self.searcher.reader(), self.searcher.schema)
        return self.docsets().of(q)


def grouped(event: Event, group: int, others: tuple[str, ...]) -> Event:
    """``event`` with its event group (-1: none) and disputed dates, as the timeline keeps them."""
    if group < 0 and not others:
        return event
    return replace(event, group=group if group >= 0 else None, other_dates=others)


def _with_groups(line: Timeline, docnum: int, fields: dict[str, Any]) -> Article:
    """The stored article of document ``docnum``, its events grouped as the timeline says."""
    article = stored_article(fields)
    found = line.of_document(docnum)
    events = (grouped(e, *found.get(n, (-1, ()))) for n, e in enumerate(article.events))
    return replace(article, events=tuple(events))
