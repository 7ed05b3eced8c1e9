"""An update's relating: the new state's files from the previous state's and the store.

A full relate reads every article, far too slow for an update that changes a few. When an
update touches few articles (at most ``SHARE`` of them), the writer instead brings the
previous state's files and the store (``state.relate_store``) up to date, one module of
this package each (``store_rows`` holds what they share):

- ``counts``: the entities' counts and spellings, the article labels. Exact.
- ``articles``: the store's articles, their link vectors and citations.
- ``grouping``: removed events leave their groups, new ones join those they are like.
  Close (see there).
- ``linking``: links to removed articles go, new articles are linked to the rest and put
  into their targets' lists. Close (see there).
- ``timeline_merge``: the old events renumbered, the new ones merged in. Exact.

Everything happens in one store transaction that ends by recording the new generation; if
anything fails the store still describes the old one, and the caller relates in full.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from ...relate import derive
from ...relate.links import LinkSource, link_source
from ...state import catalog, links_file, relate_store, spellings, timeline
from ...state import files as relate
from ...state.catalog import Catalog
from ...whoosh_ext.reader import column_values
from . import counts, timeline_merge
from .articles import Articles
from .grouping import Events, Grouping
from .linking import Linker, Links, copied
from .store_rows import Change, Terms, TokenLists

SHARE = 0.05
"""An update touching more than this share of the articles relates them all again."""
STEPS = 6
"""The steps ``progress`` counts."""

Progress: TypeAlias = Callable[[int, int], object]


@dataclass(frozen=True)
class Delta:
    """What an update changed, as the writer knew it before its commit."""

    old_generation: int
    old_ids: list[str | None]
    """The previous state's article id by document number (None for a deleted document)."""
    removed: list[dict[str, Any]]
    """Stored fields of the articles taken out (the old versions of replaced ones too)."""
    added: list[dict[str, Any]]
    """The documents written."""


@dataclass(frozen=True)
class Previous:
    """The previous state's files an update's relating starts from."""

    catalog: Catalog
    line: timeline.Timeline
    links: Path


def apply(
    folder: Path, generation: int, reader: Any, delta: Delta, progress: Progress | None = None
) -> str | None:
    """Write the files of index state ``generation`` (which ``reader`` reads) from those of
    ``delta.old_generation`` and the store; None when done, else why it was not (the caller
    relates in full). ``progress(done, total)`` counts its steps."""
    previous = _previous(folder, delta.old_generation)
    if previous is None:
        return "the previous state's files are missing"
    with relate_store.opened(folder, delta.old_generation) as db:
        if db is None:
            return "no store of the previous state"
        try:
            return _update(db, folder, generation, reader, delta, previous, progress or _quiet)
        except Exception as exc:  # whatever went wrong, relating everything still works
            db.rollback()
            for path in relate.paths(folder, generation):
                path.unlink(missing_ok=True)
            return f"{type(exc).__name__}: {exc}"


def _update(
    db: sqlite3.Connection,
    folder: Path,
    generation: int,
    reader: Any,
    delta: Delta,
    previous: Previous,
    step: Progress,
) -> str | None:
    """The steps, in the order they write the store (which numbers new terms, events and
    groups in that order); None when done, else why the update cannot be related alone."""
    articles = Articles(db)
    change = _change(folder, generation, reader, delta, len(articles.num))
    why = _why_not(change, articles)
    if why is not None:
        return why
    entities = counts.counted(db, change)
    now = counts.updated(previous.catalog, entities, change)
    terms, tokens = Terms(db), TokenLists(db)
    events = Events(db, tokens)
    step(1, STEPS)
    with copied(db, previous.links, links_file.links_path(folder, generation)) as links:
        _take_out(change, articles, terms, links, events)
        sources = _put_in(change, articles, terms, events, entities.counts.articles)
        step(2, STEPS)
        Grouping(db, events, articles.id_of, entities.counts.articles, change.total).run()
        tokens.save()
        step(3, STEPS)
        Linker(db, change, articles, terms, links, now).link(sources)
        step(4, STEPS)
        timeline_merge.save(db, change, previous.line, events.regrouped)
        step(5, STEPS)
        catalog.save(folder, now)
        spellings.update(folder, delta.old_generation, generation, entities.changed)
    relate_store.set_meta(db, generation, change.total)
    db.commit()
    return None


def _quiet(_done: int, _total: int) -> None:
    """No progress to report."""


def _take_out(
    change: Change, articles: Articles, terms: Terms, links: Links, events: Events
) -> None:
    """Take the removed (and replaced) articles out: their link vectors and stems, the links
    from and to them, their events, then the articles themselves."""
    nums = articles.numbers(change.removed)
    articles.unlist(nums)
    removed = change.removed.values()
    terms.count([link_source(f["id"], derive.article_text(f)).terms for f in removed], -1)
    links.take_out(change.removed, articles, nums)
    events.take_out(nums)
    articles.forget(change.removed, nums)


def _put_in(
    change: Change, articles: Articles, terms: Terms, events: Events, key_counts: dict[str, int]
) -> dict[int, LinkSource]:
    """Put the written articles in (their stems counted first, to weigh their vectors); their
    link sources by number."""
    sources = articles.number(change.added)
    df = terms.count([s.terms for s in sources.values()], 1)
    listed: set[int] = set()
    for num, source in sources.items():
        listed.update(articles.put_in(num, source, terms, df, key_counts, change.total))
        events.put_in(num, source.id, change.added[source.id])
    terms.shorten(listed)
    return sources


def _previous(folder: Path, generation: int) -> Previous | None:
    """The previous state's catalog, timeline and links (None if one of its files is
    missing)."""
    old_catalog = catalog.load(folder, generation)
    old_line = timeline.load(folder, generation)
    old_links = links_file.links_path(folder, generation)
    if (
        old_catalog is None
        or old_line is None
        or not old_links.exists()
        or not spellings.path_for(folder, generation).exists()
    ):
        return None
    return Previous(old_catalog, old_line, old_links)


def _change(folder: Path, generation: int, reader: Any, delta: Delta, stored: int) -> Change:
    """The update as its pieces see it (``stored``: the articles the store holds)."""
    ids = column_values(reader, "id")  # at once: far faster than a lookup each
    added = {fields["id"]: fields for fields in delta.added}
    removed = {fields["id"]: fields for fields in delta.removed}
    return Change(
        folder,
        generation,
        delta.old_generation,
        delta.old_ids,
        removed,
        added,
        reader,
        {ids[n]: n for n in reader.all_doc_ids()},
        stored - len(removed) + len(added),
    )


def _why_not(change: Change, articles: Articles) -> str | None:
    """Why the update cannot be related alone, if it cannot."""
    if any(article not in articles.num for article in change.removed):
        return "an article taken out is not in the store"
    if any(a in articles.num and a not in change.removed for a in change.added):
        return "an article written is in the store already"
    if len(change.removed) + len(change.added) > SHARE * max(change.total, 1):
        return "too many articles changed"
    return None
