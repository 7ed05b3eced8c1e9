"""An update's relating: the new state's files from the previous state's and the store.

A full relate reads every article (280 s at 100,000). When an update touches few articles
(at most ``SHARE`` of them), the writer instead:

- **catalog**: subtracts the spellings of the articles it removed (or replaced) from the
  stored counts and adds those of the articles it wrote; labels likewise. Exact.
- **timeline**: keeps every event of the other articles in order (their documents renumbered
  to the new state) and merges in the new articles' events. Exact.
- **event groups**: removed events leave their groups (a group left with one article is no
  group); each new event joins the events it is like, found through the store's lists of
  the events saying each word on each date, by the rules of a full grouping. Close:
  a group that only a removed event held together stays one, and key entities are judged by
  today's counts for the new events only.
- **links**: links to removed articles go; each new article is linked to the rest through the
  stored inverted lists, as a full relate does, and put into its targets' lists where it
  ranks. Close: the other articles keep the weights (and candidates) of the last full relate.

Everything happens in one store transaction that ends by recording the new generation; if
anything fails the store still describes the old one, and the caller relates in full. Imports
no Textual or Rich.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import threading
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress
from pathlib import Path
from typing import Any, cast

from ..extract.entity_counts import EntityCounts
from ..models import Granularity
from ..periods import period, week_of
from ..relate import derive
from ..relate.event_groups import (
    DISPUTE_SHARED_WORDS,
    LIST_CAP,
    MIN_OVERLAP,
    MIN_SHARED_WORDS,
    Item,
    alike,
    disputed,
    key_share,
    unfiltered_item,
)
from ..relate.links import (
    CANDIDATES,
    CITE_WEIGHT,
    ENTITY_WEIGHT,
    EVENT_WEIGHT,
    PROBES,
    TEXT_WEIGHT,
    TOP_TERMS,
    Features,
    LinkSource,
    ScoredLink,
    Shingles,
    idf_of,
    link_source,
    score_pair,
    url_key,
    weigh,
)
from ..relate.links import LIST_CAP as LINK_LIST_CAP
from ..state import catalog, links_file, relate_store, spellings, timeline
from ..state import files as relate
from ..state.catalog import Catalog
from ..whoosh_ext.reader import column_values
from ..whoosh_ext.schema import stored_events, stored_mentions

SHARE = 0.05
"""An update touching more than this share of the articles relates them all again."""
LINKS = 10
"""Links kept per article (as ``links.link_articles``)."""


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


def apply(
    folder: Path,
    generation: int,
    reader: Any,
    delta: Delta,
    progress: Callable[[int, int], object] | None = None,
) -> str | None:
    """Write the files of index state ``generation`` (which ``reader`` reads) from those of
    ``delta.old_generation`` and the store; None when done, else why it was not (the caller
    relates in full). ``progress(done, total)`` counts its steps."""
    old_catalog = catalog.load(folder, delta.old_generation)
    old_line = timeline.load(folder, delta.old_generation)
    old_links = links_file.links_path(folder, delta.old_generation)
    old_spellings = spellings.path_for(folder, delta.old_generation)
    if (
        old_catalog is None
        or old_line is None
        or not old_links.exists()
        or not old_spellings.exists()
    ):
        return "the previous state's files are missing"
    with relate_store.opened(folder, delta.old_generation) as db:
        if db is None:
            return "no store of the previous state"
        try:
            return _Update(db, folder, generation, reader, delta, SHARE, progress).run(
                old_catalog, old_line, old_links
            )
        except Exception as exc:  # whatever went wrong, relating everything still works
            db.rollback()
            for path in relate.paths(folder, generation):
                path.unlink(missing_ok=True)
            return f"{type(exc).__name__}: {exc}"


class _Update:
    """One update's relating, inside one store transaction."""

    def __init__(
        self,
        db: sqlite3.Connection,
        folder: Path,
        generation: int,
        reader: Any,
        delta: Delta,
        share: float,
        progress: Callable[[int, int], object] | None,
    ) -> None:
        self.db = db
        self.folder = folder
        self.generation = generation
        self.reader = reader
        self.delta = delta
        self.share = share
        self.progress = progress or (lambda _done, _total: None)
        ids = column_values(reader, "id")  # at once: ten times faster than a lookup each
        self.docnum = {ids[n]: n for n in reader.all_doc_ids()}
        self.added = {fields["id"]: fields for fields in delta.added}
        self.removed = {fields["id"]: fields for fields in delta.removed}
        self.regrouped: set[int] = set()
        """Events (items) whose group this update changed."""
        self.item_cache: dict[int, Item] = {}
        self.rows: dict[str, list[list[Any]]] = {}
        """Links file rows read (and changed) by this update, by article."""
        self.tokens: dict[str, tuple[array[int], bool]] = {}
        self.dirty: set[str] = set()

    def run(self, old_catalog: Catalog, old_line: timeline.Timeline, old_links: Path) -> str | None:
        path = links_file.links_path(self.folder, self.generation)
        tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
        try:
            shutil.copyfile(old_links, tmp)
            with contextlib.closing(sqlite3.connect(tmp)) as self.out:
                why = self._run(old_catalog, old_line)
                if why is None:
                    self._save_links()
            if why is None:
                os.replace(tmp, path)
                relate_store.set_meta(self.db, self.generation, self.total)
                self.db.commit()
            return why
        finally:
            tmp.unlink(missing_ok=True)

    def _run(self, old_catalog: Catalog, old_line: timeline.Timeline) -> str | None:
        self.num = dict(self.db.execute("SELECT id, num FROM articles").fetchall())
        if any(article not in self.num for article in self.removed):
            return "an article taken out is not in the store"
        if any(a in self.num and a not in self.removed for a in self.added):
            return "an article written is in the store already"
        self.total = len(self.num) - len(self.removed) + len(self.added)
        if len(self.removed) + len(self.added) > self.share * max(self.total, 1):
            return "too many articles changed"
        counts, self.entities = self._entities(old_catalog)
        new_catalog = self._catalog(old_catalog, self.entities)
        self.tid = dict(self.db.execute("SELECT term, tid FROM terms").fetchall())
        self.long = {tid for (tid,) in self.db.execute("SELECT tid FROM long_terms")}
        steps = 6
        self.progress(1, steps)
        self._take_out()
        sources = self._put_in(counts)
        self.progress(2, steps)
        self._group()
        self._save_tokens()
        self.progress(3, steps)
        self._link(sources, new_catalog)
        self.progress(4, steps)
        self._save_timeline(old_line)
        self.progress(5, steps)
        catalog.save(self.folder, new_catalog)
        spellings.update(self.folder, self.delta.old_generation, self.generation, self.entities)
        return None

    # -- entities and the catalog ----------------------------------------------------------

    def _entities(self, old: Catalog) -> tuple[EntityCounts, dict[str, Any]]:
        """The stored counts of the entities the changed articles name, brought up to date;
        and their entities now (None for one no article names any more)."""
        removed = [stored_mentions(f) for f in self.removed.values()]
        added = [stored_mentions(f) for f in self.added.values()]
        keys = sorted({m.key for ms in removed + added for m in ms})
        counts = EntityCounts()
        for key, forms, articles in self._rows(
            "SELECT key, forms, articles FROM entities WHERE key IN ({})", keys
        ):
            counts.forms[key] = Counter(json.loads(forms))
            counts.articles[key] = articles
        for mentions in removed:
            counts.add(mentions, -1)
        for mentions in added:
            counts.add(mentions)
        for key in keys:
            if key in counts.forms:
                self.db.execute(
                    "INSERT OR REPLACE INTO entities VALUES (?, ?, ?)",
                    (key, json.dumps(counts.forms[key]), counts.articles[key]),
                )
            else:
                self.db.execute("DELETE FROM entities WHERE key = ?", (key,))
        return counts, {key: counts.entity(key) for key in keys}

    def _catalog(self, old: Catalog, changed: dict[str, Any]) -> Catalog:
        found = [e for e in old.entities if e.key not in changed]
        found.extend(e for e in changed.values() if e is not None)
        labels, published = dict(old.labels), dict(old.published)
        for article in self.removed:
            labels.pop(article, None)
            published.pop(article, None)
        for article, fields in self.added.items():
            labels[article], day = catalog.about(fields)
            if day is not None:
                published[article] = day
        return Catalog(self.generation, catalog.ordered(found), labels, published)

    # -- taking articles out ---------------------------------------------------------------

    def _take_out(self) -> None:
        nums = sorted(self.num[a] for a in self.removed)
        for num, cited, text, ents in self._rows(
            "SELECT num, cited, text, ents FROM articles WHERE num IN ({})", nums
        ):
            self.db.executemany(
                "DELETE FROM postings WHERE tid = ? AND num = ?",
                ((t, num) for t in [*relate_store.unpack(text), *relate_store.unpack(ents)]),
            )
            self.db.executemany(
                "DELETE FROM cites WHERE url = ? AND num = ?", ((c, num) for c in json.loads(cited))
            )
        self._count_stems(
            [link_source(f["id"], derive.article_text(f)).terms for f in self.removed.values()],
            -1,
        )
        # Links: the removed articles' own go (a replaced article is linked again), and so do
        # the links to them in the lists of the articles that name them.
        for article in self.removed:
            self.db.executemany(
                "DELETE FROM backlinks WHERE dst = ? AND src = ?",
                (
                    (self.num[target], self.num[article])
                    for target, *_ in self._links_of(article)
                    if target in self.num
                ),
            )
            self.rows[article] = []
        id_of = {num: article for article, num in self.num.items()}
        for (src,) in self._rows("SELECT src FROM backlinks WHERE dst IN ({})", nums):
            article = id_of.get(src)
            if article is not None and article not in self.removed:
                kept = self._links_of(article)
                kept[:] = [link for link in kept if link[0] not in self.removed]
        self._each("DELETE FROM backlinks WHERE dst IN ({})", nums)
        items = self._rows(
            "SELECT item, value, words, keys, grp FROM items WHERE num IN ({})", nums
        )
        for item, value, words, keys, _ in items:
            for token, (listed, _full) in self._token_lists(
                relate_store.tokens(value, words.split(), keys.split())
            ).items():
                if item in listed:
                    listed.remove(item)
                    self.dirty.add(token)
        gone = [row[0] for row in items]
        self._each("DELETE FROM items WHERE item IN ({})", gone)
        self._each("DELETE FROM disputes WHERE a IN ({})", gone)
        self._each("DELETE FROM disputes WHERE b IN ({})", gone)
        for group in sorted({row[4] for row in items if row[4] is not None}):
            self._regroup(group)
        self._each("DELETE FROM articles WHERE num IN ({})", nums)
        for article in self.removed:
            del self.num[article]

    def _regroup(self, group: int) -> None:
        """A group some events left: no group when it holds one article's events only."""
        (articles,) = self.db.execute(
            "SELECT COUNT(DISTINCT num) FROM items WHERE grp = ?", (group,)
        ).fetchone()
        if articles >= 2:
            return
        self._regrouped(group)
        self.db.execute("UPDATE items SET grp = NULL WHERE grp = ?", (group,))
        self.db.execute("DELETE FROM groups WHERE grp = ?", (group,))

    def _regrouped(self, group: int) -> None:
        """Note that every event of ``group`` changes group."""
        self.regrouped.update(
            item for (item,) in self.db.execute("SELECT item FROM items WHERE grp = ?", (group,))
        )

    # -- putting articles in ---------------------------------------------------------------

    def _put_in(self, counts: EntityCounts) -> dict[int, LinkSource]:
        """Store the written articles' link vectors and events; their link sources by number."""
        (top,) = self.db.execute("SELECT COALESCE(MAX(num), -1) FROM articles").fetchone()
        next_num = max(top, max(self.num.values(), default=-1)) + 1
        sources: dict[int, LinkSource] = {}
        for article, fields in self.added.items():
            keys = Counter(m.key for m in stored_mentions(fields))
            sources[next_num] = link_source(
                article, derive.article_text(fields), fields.get("url"), keys
            )
            self.num[article] = next_num
            next_num += 1
        df = self._count_stems([s.terms for s in sources.values()], 1)
        self.new_items: list[tuple[int, Item]] = []
        listed: set[int] = set()
        for num, source in sources.items():
            text = weigh(source.terms, idf_of(source.terms, df, self.total), TOP_TERMS)
            ents = weigh(
                source.entities or {},
                idf_of(source.entities or {}, counts.articles, self.total),
                None,
            )
            vectors = [{self._term(t): w for t, w in v.items()} for v in (text, ents)]
            self.db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                (
                    num,
                    source.id,
                    url_key(source.url) if source.url else None,
                    json.dumps(source.cited),
                    *(relate_store.pack(v) for v in vectors),
                ),
            )
            postings = [(t, num, w) for v in vectors for t, w in v.items() if t not in self.long]
            self.db.executemany("INSERT OR REPLACE INTO postings VALUES (?, ?, ?)", postings)
            listed.update(t for t, _, _ in postings)
            self.db.executemany(
                "INSERT OR IGNORE INTO cites VALUES (?, ?)", ((c, num) for c in source.cited)
            )
            for ordinal, event in enumerate(stored_events(self.added[source.id])):
                item = unfiltered_item((source.id, ordinal), event)
                cursor = self.db.execute(
                    "INSERT INTO items VALUES (NULL, ?, ?, ?, ?, ?, ?, NULL)",
                    (
                        num,
                        ordinal,
                        item.value,
                        item.granularity,
                        " ".join(sorted(item.words)),
                        " ".join(sorted(item.keys)),
                    ),
                )
                rowid = cast(int, cursor.lastrowid)
                for token, (found, full) in self._token_lists(
                    relate_store.tokens(item.value, item.words, item.keys)
                ).items():
                    if full:
                        continue  # kept as it was: the word is too common to list
                    if len(found) < relate_store.TOKEN_CAP:
                        found.append(rowid)
                    else:
                        self.tokens[token] = (found, True)
                    self.dirty.add(token)
                self.new_items.append((rowid, item))
        self.key_counts = counts.articles
        self.id_of = {num: article for article, num in self.num.items()}
        for tid in sorted(listed):  # a list grown too long proposes no candidates any more
            (count,) = self.db.execute(
                "SELECT COUNT(*) FROM postings WHERE tid = ?", (tid,)
            ).fetchone()
            if count > relate_store.STORED_LIST:
                self.db.execute("DELETE FROM postings WHERE tid = ?", (tid,))
                self.db.execute("INSERT OR IGNORE INTO long_terms VALUES (?)", (tid,))
                self.long.add(tid)
        return sources

    def _term(self, term: str) -> int:
        """The number of a stem or entity key, numbered now if new."""
        tid = self.tid.get(term)
        if tid is None:
            cursor = self.db.execute("INSERT INTO terms VALUES (NULL, ?, 0)", (term,))
            tid = self.tid[term] = cast(int, cursor.lastrowid)
        return tid

    def _count_stems(self, terms: Sequence[Iterable[str]], sign: int) -> dict[str, int]:
        """Add (or take away) articles' stems to the document frequencies; the frequencies
        of those stems now."""
        stems = sorted({t for ts in terms for t in ts})
        df = dict(
            cast(
                list[tuple[str, int]],
                self._rows("SELECT term, df FROM terms WHERE term IN ({})", stems),
            )
        )
        for ts in terms:
            for t in set(ts):
                df[t] = max(df.get(t, 0) + sign, 0)
        self.db.executemany(
            "UPDATE terms SET df = ? WHERE tid = ?", [(df[t], self._term(t)) for t in stems]
        )
        return df

    # -- event groups ----------------------------------------------------------------------

    def _group(self) -> None:
        """Join each new event to the events it is like; record disputed days."""
        most = key_share(self.total)
        self.grp: dict[int, int | None] = {}
        self.group_dates: dict[int, tuple[str, Granularity]] = {}
        (self.next_group,) = self.db.execute(
            "SELECT COALESCE(MAX(grp), 0) + 1 FROM groups"
        ).fetchone()
        for rowid, item in self.new_items:
            self.grp.setdefault(rowid, None)
            values = _meeting(item.value)
            keys = [k for k in item.keys if self.key_counts.get(k, 0) <= most]
            for other in self._keyed(values, keys):
                if other[1].article != item.article:
                    self._join((rowid, item), other)
            for other in self._likes(item, values, MIN_SHARED_WORDS):
                if other[1].article != item.article and alike(
                    item, other[1], MIN_SHARED_WORDS, MIN_OVERLAP
                ):
                    self._join((rowid, item), other)
            if item.granularity == "day":
                for other in self._likes(item, _nearby(item.value), DISPUTE_SHARED_WORDS):
                    if disputed(item, other[1]):
                        self.db.executemany(
                            "INSERT OR IGNORE INTO disputes VALUES (?, ?)",
                            [(rowid, other[0]), (other[0], rowid)],
                        )

    def _keyed(self, values: list[str], keys: list[str]) -> list[tuple[int, Item]]:
        """Events on ``values`` that name one of ``keys`` (as many as are listed)."""
        lists = self._token_lists(
            [relate_store.key_token(value, key) for key in keys for value in values]
        )
        return self._items(sorted({item for found, _ in lists.values() for item in found}))

    def _likes(self, item: Item, values: list[str], shared: int) -> list[tuple[int, Item]]:
        """Events on ``values`` that may share ``shared`` words with ``item``: through the
        lists of words at most ``LIST_CAP`` events say, the rest counted as shared."""
        lists = self._token_lists(
            [relate_store.word_token(value, word) for word in item.words for value in values]
        )
        listed: Counter[int] = Counter()
        unlisted = 0
        for word in item.words:
            found = [lists[relate_store.word_token(value, word)] for value in values]
            if any(full for _, full in found) or sum(len(f) for f, _ in found) > LIST_CAP:
                unlisted += 1
            else:
                for events, _ in found:
                    listed.update(events)
        return self._items(sorted(n for n, c in listed.items() if c + unlisted >= shared))

    def _token_lists(self, tokens: list[str]) -> dict[str, tuple[array[int], bool]]:
        """The events listed under each token, and whether its list is full (read once,
        then kept and changed here until ``_save_tokens`` writes them)."""
        missing = [t for t in dict.fromkeys(tokens) if t not in self.tokens]
        for token, blob, full in self._rows(
            "SELECT token, items, full FROM tokens WHERE token IN ({})", missing
        ):
            self.tokens[token] = (relate_store.unpack_items(blob), bool(full))
        for token in missing:
            self.tokens.setdefault(token, (array("i"), False))
        return {token: self.tokens[token] for token in tokens}

    def _save_tokens(self) -> None:
        for token in sorted(self.dirty):
            found, full = self.tokens[token]
            if found or full:
                self.db.execute(
                    "INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)",
                    (token, found.tobytes(), int(full)),
                )
            else:
                self.db.execute("DELETE FROM tokens WHERE token = ?", (token,))

    def _items(self, rowids: list[int]) -> list[tuple[int, Item]]:
        """The events (items) of these numbers, read once an update."""
        cache, id_of = self.item_cache, self.id_of
        for item, ordinal, value, granularity, words, keys, grp, num in self._rows(
            "SELECT item, ordinal, value, granularity, words, keys, grp, num"
            " FROM items WHERE item IN ({})",
            [n for n in rowids if n not in cache],
        ):
            article = id_of[num]
            self.grp.setdefault(item, grp)
            cache[item] = Item(
                (article, ordinal),
                article,
                value,
                cast(Granularity, granularity),
                frozenset(words.split()),
                frozenset(keys.split()),
            )
        return [(n, cache[n]) for n in rowids if n in cache]

    def _join(self, a: tuple[int, Item], b: tuple[int, Item]) -> None:
        """Put two events in one group, unless that group would hold two different days."""
        ga, gb = self.grp[a[0]], self.grp[b[0]]
        if ga is not None and ga == gb:
            return
        da, db = self._day(ga, a[1]), self._day(gb, b[1])
        if da is not None and db is not None and da != db:
            return
        day = da or db
        if ga is None and gb is None:
            group = self.next_group
            self.next_group += 1
            self.db.execute(
                "INSERT INTO groups VALUES (?, ?, ?)",
                (group, day or a[1].value, "day" if day else a[1].granularity),
            )
            members = [a[0], b[0]]
        elif ga is None or gb is None:
            group = cast(int, ga if gb is None else gb)
            members = [a[0] if ga is None else b[0]]
        else:
            group, other = min(ga, gb), max(ga, gb)
            self._regrouped(other)
            self.db.execute("UPDATE items SET grp = ? WHERE grp = ?", (group, other))
            self.db.execute("DELETE FROM groups WHERE grp = ?", (other,))
            for item, g in self.grp.items():
                if g == other:
                    self.grp[item] = group
            members = []
        for item in members:
            self.grp[item] = group
            self.db.execute("UPDATE items SET grp = ? WHERE item = ?", (group, item))
            self.regrouped.add(item)
        if day is not None:
            self.db.execute(
                "UPDATE groups SET value = ?, granularity = 'day' WHERE grp = ?", (day, group)
            )

    def _day(self, group: int | None, item: Item) -> str | None:
        if group is None:
            return item.value if item.granularity == "day" else None
        value, granularity = self.db.execute(
            "SELECT value, granularity FROM groups WHERE grp = ?", (group,)
        ).fetchone()
        return cast(str, value) if granularity == "day" else None

    # -- links -----------------------------------------------------------------------------

    def _link(self, sources: dict[int, LinkSource], now: Catalog) -> None:
        """Link each written article to the rest; put it in its targets' lists where it
        ranks."""
        names = {e.key: e.name for e in now.entities}
        shingles = Shingles(self._text)
        self.term_of = {tid: term for term, tid in self.tid.items()}
        for num, source in sources.items():
            found = self._scored(num, self._candidates(num), names, shingles)
            best = sorted((link for link, _ in found.values()), key=lambda k: (-k.score, k.target))
            self.rows[source.id] = [_row(link, now) for link in best[:LINKS]]
            self.db.executemany(
                "INSERT OR IGNORE INTO backlinks VALUES (?, ?)",
                ((self.num[link.target], num) for link in best[:LINKS]),
            )
            for target, (_, back) in found.items():
                if back is not None:
                    self._offer(target, back, now)

    def _offer(self, target: int, link: ScoredLink, now: Catalog) -> None:
        """Put ``link`` into the target's list if it ranks among its best ``LINKS``."""
        found = [row for row in self._links_of(self.id_of[target]) if row[0] != link.target]
        found.append(_row(link, now))
        found.sort(key=lambda row: (-row[2], row[0]))
        for dropped, *_ in found[LINKS:]:
            if dropped in self.num:
                self.db.execute(
                    "DELETE FROM backlinks WHERE dst = ? AND src = ?", (self.num[dropped], target)
                )
        del found[LINKS:]
        self.rows[self.id_of[target]] = found
        if any(row[0] == link.target for row in found):
            self.db.execute(
                "INSERT OR IGNORE INTO backlinks VALUES (?, ?)", (self.num[link.target], target)
            )

    def _links_of(self, article: str) -> list[list[Any]]:
        """An article's links file row (target, title, score, reasons, date), as this update
        has left it so far."""
        if article not in self.rows:
            row = self.out.execute(
                "SELECT found FROM links WHERE article = ?", (article,)
            ).fetchone()
            self.rows[article] = json.loads(row[0]) if row else []
        return self.rows[article]

    def _candidates(self, num: int) -> list[int]:
        """As ``links.Features.candidates``, through the stored lists."""
        text, ents = (
            relate_store.unpack(v)
            for v in self.db.execute(
                "SELECT text, ents FROM articles WHERE num = ?", (num,)
            ).fetchone()
        )
        partial: defaultdict[int, float] = defaultdict(float)
        for vector, weight in ((text, TEXT_WEIGHT), (ents, ENTITY_WEIGHT)):
            for tid, w in list(vector.items())[:PROBES]:  # heaviest first
                postings = self.db.execute(
                    "SELECT num, w FROM postings WHERE tid = ? LIMIT ?",
                    (tid, LINK_LIST_CAP + 1),
                ).fetchall()
                if len(postings) <= LINK_LIST_CAP:
                    for j, wj in postings:
                        partial[j] += weight * w * wj
        for (group,) in self.db.execute(
            "SELECT DISTINCT grp FROM items WHERE num = ? AND grp IS NOT NULL", (num,)
        ).fetchall():
            members = self.db.execute(
                "SELECT DISTINCT num FROM items WHERE grp = ? LIMIT ?",
                (group, LINK_LIST_CAP + 1),
            ).fetchall()
            if len(members) <= LINK_LIST_CAP:
                for (j,) in members:
                    partial[j] += EVENT_WEIGHT
        for j in self._citing(num):
            partial[j] += CITE_WEIGHT
        partial.pop(num, None)
        return [j for j, _ in sorted(partial.items(), key=lambda jp: -jp[1])[:CANDIDATES]]

    def _citing(self, num: int) -> set[int]:
        """The articles ``num`` cites and those citing it."""
        url, cited = self.db.execute(
            "SELECT url, cited FROM articles WHERE num = ?", (num,)
        ).fetchone()
        found = {j for c in json.loads(cited) for (j,) in self._rows_of("articles", "url", c)}
        if url:
            found.update(j for (j,) in self._rows_of("cites", "url", url))
        found.discard(num)
        return found

    def _rows_of(self, table: str, column: str, value: str) -> list[tuple[int]]:
        return self.db.execute(f"SELECT num FROM {table} WHERE {column} = ?", (value,)).fetchall()

    def _scored(
        self, num: int, candidates: list[int], names: dict[str, str], shingles: Shingles
    ) -> dict[int, tuple[ScoredLink, ScoredLink | None]]:
        """Each candidate as ``num``'s link, with ``num`` as the candidate's (both None when
        the evidence is too thin)."""
        local = [num, *candidates]
        rows = {
            n: (article, url, json.loads(cited), self._terms(text), self._terms(ents))
            for n, article, url, cited, text, ents in self._rows(
                "SELECT num, id, url, cited, text, ents FROM articles WHERE num IN ({})", local
            )
        }
        local = [n for n in local if n in rows]
        groups: dict[int, dict[int, str]] = {n: {} for n in local}
        for n, group, value in self._rows(
            "SELECT num, items.grp, groups.value FROM items JOIN groups ON groups.grp = items.grp"
            " WHERE num IN ({})",
            local,
        ):
            groups[n][group] = value
        cites = [
            {b for b, m in enumerate(local) if rows[m][1] and rows[m][1] in rows[n][2] and m != n}
            for n in local
        ]
        cited_by = [{a for a, c in enumerate(cites) if i in c} for i in range(len(local))]
        features = Features.local(
            [rows[n][3] for n in local],
            [rows[n][4] for n in local],
            [groups[n] for n in local],
            cites,
            cited_by,
        )
        sources = [LinkSource(rows[n][0], {}) for n in local]
        found = {}
        for j in range(1, len(local)):
            link = score_pair(features, 0, j, sources, names, shingles)
            if link is not None:
                found[local[j]] = (link, score_pair(features, j, 0, sources, names, shingles))
        return found

    def _terms(self, blob: bytes) -> dict[str, float]:
        return {self.term_of[t]: w for t, w in relate_store.unpack(blob).items()}

    def _text(self, article: str) -> str:
        fields = self.added.get(article)
        if fields is None:
            fields = self.reader.stored_fields(self.docnum[article])
        return derive.article_text(fields)

    # -- the files -------------------------------------------------------------------------

    def _save_timeline(self, old: timeline.Timeline) -> None:
        """The old timeline without the removed articles' events, its documents renumbered,
        the new articles' events merged in, and the changed groups and disputes."""
        old_ids = self.delta.old_ids
        remap = array("i", [-1]) * len(old_ids)
        for n, article in enumerate(old_ids):
            if article is not None and article not in self.removed and article in self.docnum:
                remap[n] = self.docnum[article]
        values = {value: n for n, value in enumerate(old.values)}
        starts = [period(value)[0] for value in old.values]
        new = []
        for article, fields in self.added.items():
            for ordinal, event in enumerate(stored_events(fields)):
                if event.date not in values:
                    values[event.date] = len(values)
                    starts.append(period(event.date)[0])
                new.append((starts[values[event.date]], article, ordinal, values[event.date]))
        new.sort()
        # The kept events' columns, gathered at C speed (a million events at 100,000 articles).
        keep = bytes(int(d >= 0) for d in remap)
        kept = list(compress(range(len(old)), map(keep.__getitem__, old.docnum)))
        kept_columns = (
            array("i", map(old.value_of.__getitem__, kept)),
            array("i", map(remap.__getitem__, map(old.docnum.__getitem__, kept))),
            array("i", map(old.ordinal.__getitem__, kept)),
            array("i", map(old.group.__getitem__, kept)),
        )

        def key(p: int) -> tuple[date, str, int]:
            return (starts[old.value_of[p]], cast(str, old_ids[old.docnum[p]]), old.ordinal[p])

        columns: tuple[array[int], ...] = (array("i"), array("i"), array("i"), array("i"))
        at = 0
        for start, article, ordinal, value in new:
            end = bisect_left(kept, (start, article, ordinal), at, key=key)
            for column, kept_column in zip(columns, kept_columns, strict=True):
                column.extend(kept_column[at:end])
            for column, cell in zip(
                columns, (value, self.docnum[article], ordinal, -1), strict=True
            ):
                column.append(cell)
            at = end
        for column, kept_column in zip(columns, kept_columns, strict=True):
            column.extend(kept_column[at:])
        value_of, docnums, ordinals, groups = columns
        patch, disputes = self._group_patch(), self._disputes()
        marked = bytearray(max(docnums, default=-1) + 1)
        for d, _ in [*patch, *disputes]:
            marked[d] = 1
        others: dict[int, tuple[str, ...]] = {}
        for k in compress(range(len(docnums)), map(marked.__getitem__, docnums)):
            ref = (docnums[k], ordinals[k])
            groups[k] = patch.get(ref, groups[k])
            if ref in disputes:
                others[k] = disputes[ref]
        group_dates = {
            g: (value, cast(Granularity, granularity))
            for g, value, granularity in self.db.execute(
                "SELECT grp, value, granularity FROM groups"
            )
        }
        timeline.save(
            self.folder,
            timeline.Timeline(
                self.generation,
                tuple(values),
                value_of,
                docnums,
                ordinals,
                groups,
                others,
                group_dates,
            ),
        )

    def _group_patch(self) -> dict[tuple[int, int], int]:
        """(document, position) -> group, for the events whose group this update changed."""
        patch = {}
        rows = self._rows(
            "SELECT id, ordinal, grp FROM items JOIN articles ON articles.num = items.num"
            " WHERE item IN ({})",
            sorted(self.regrouped),
        )
        for article, ordinal, grp in rows:
            patch[(self.docnum[article], ordinal)] = -1 if grp is None else grp
        return patch

    def _disputes(self) -> dict[tuple[int, int], tuple[str, ...]]:
        found: dict[tuple[int, int], set[str]] = {}
        for article, ordinal, value in self.db.execute(
            "SELECT articles.id, ia.ordinal, ib.value FROM disputes"
            " JOIN items ia ON ia.item = disputes.a JOIN items ib ON ib.item = disputes.b"
            " JOIN articles ON articles.num = ia.num"
        ):
            found.setdefault((self.docnum[article], ordinal), set()).add(value)
        return {ref: tuple(sorted(values)) for ref, values in found.items()}

    def _save_links(self) -> None:
        """The rows this update changed, into the copy of the old links file."""
        for article, found in self.rows.items():
            self.out.execute("DELETE FROM links WHERE article = ?", (article,))
            if found:
                self.out.execute("INSERT INTO links VALUES (?, ?)", (article, json.dumps(found)))
        self.out.commit()

    # -- helpers ---------------------------------------------------------------------------

    def _rows(self, sql: str, keys: Sequence[Any]) -> list[tuple[Any, ...]]:
        """``sql`` with ``IN ({})`` over ``keys``, in chunks SQLite accepts."""
        found: list[tuple[Any, ...]] = []
        for at in range(0, len(keys), 500):
            chunk = keys[at : at + 500]
            found += self.db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        return found

    def _each(self, sql: str, keys: Sequence[Any]) -> None:
        for at in range(0, len(keys), 500):
            chunk = keys[at : at + 500]
            self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)


def _row(link: ScoredLink, now: Catalog) -> list[Any]:
    """A links file row (as ``links_file.save_links`` writes them)."""
    return [
        link.target,
        now.labels.get(link.target, ("", ""))[0],
        link.score,
        list(link.reasons),
        now.published.get(link.target),
    ]


def _meeting(value: str) -> list[str]:
    """The date values an event of ``value`` is compared with: its own, a day's week and a
    week's days (as ``event_groups`` compares them)."""
    if len(value) == 10:
        return [value, week_of(date.fromisoformat(value))]
    if len(value) == 8 and value[4:6].upper() == "-W":
        first, _ = period(value)
        return [value] + [(first + timedelta(days=d)).isoformat() for d in range(7)]
    return [value]


def _nearby(day: str) -> list[str]:
    """The other days at most ``DISPUTE_DAYS`` from ``day``."""
    from ..relate.event_groups import DISPUTE_DAYS

    when = date.fromisoformat(day)
    return [
        (when + timedelta(days=d)).isoformat()
        for d in range(-DISPUTE_DAYS, DISPUTE_DAYS + 1)
        if d != 0
    ]
