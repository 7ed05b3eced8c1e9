"""An update's relating (``relate_delta``): the links' delta.

Links to removed articles go; each new article is linked to the rest through the stored
inverted lists, as a full relate does, and put into its targets' lists where it ranks. Close,
not exact: the other articles keep the weights (and candidates) of the last full relate.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeAlias

from ...relate import derive
from ...relate.links import (
    CANDIDATES,
    CITE_WEIGHT,
    ENTITY_WEIGHT,
    EVENT_WEIGHT,
    LIST_CAP,
    PROBES,
    TEXT_WEIGHT,
    Features,
    LinkSource,
    ScoredLink,
    Shingles,
    score_pair,
)
from ...state import relate_store
from ...state.catalog import Catalog
from .articles import Articles
from .store_rows import Change, Terms, each, rows

LINKS = 10
"""Links kept per article (as ``links.link_articles``)."""

Row: TypeAlias = list[Any]
"""A links file row: target, title, score, reasons, date (as ``links_file.save_links``)."""


class Links:
    """The links file rows this update reads and changes (in a copy of the previous state's
    file), and the store's record of which articles link to which."""

    def __init__(self, db: sqlite3.Connection, out: sqlite3.Connection) -> None:
        self.db = db
        self.out = out
        self.rows: dict[str, list[Row]] = {}
        """Rows read (and changed) by this update, by article."""

    def of(self, article: str) -> list[Row]:
        """An article's links, as this update has left them so far."""
        if article not in self.rows:
            row = self.out.execute(
                "SELECT found FROM links WHERE article = ?", (article,)
            ).fetchone()
            self.rows[article] = json.loads(row[0]) if row else []
        return self.rows[article]

    def take_out(self, removed: Iterable[str], articles: Articles, nums: list[int]) -> None:
        """The removed articles' own links go (a replaced article is linked again), and so do
        the links to them in the lists of the articles that name them."""
        num = articles.num
        for article in removed:
            self.db.executemany(
                "DELETE FROM backlinks WHERE dst = ? AND src = ?",
                ((num[target], num[article]) for target, *_ in self.of(article) if target in num),
            )
            self.rows[article] = []
        gone = set(removed)
        for (src,) in rows(self.db, "SELECT src FROM backlinks WHERE dst IN ({})", nums):
            linking = articles.id_of.get(src)
            if linking is not None and linking not in gone:
                kept = self.of(linking)
                kept[:] = [link for link in kept if link[0] not in gone]
        each(self.db, "DELETE FROM backlinks WHERE dst IN ({})", nums)

    def save(self) -> None:
        """The rows this update changed, into the copy of the old links file."""
        for article, found in self.rows.items():
            self.out.execute("DELETE FROM links WHERE article = ?", (article,))
            if found:
                self.out.execute("INSERT INTO links VALUES (?, ?)", (article, json.dumps(found)))
        self.out.commit()


@contextlib.contextmanager
def copied(db: sqlite3.Connection, old: Path, path: Path) -> Iterator[Links]:
    """The links of a copy of the ``old`` file; the rows changed are saved into it and it
    replaces ``path`` when the block ends without an exception (else it goes)."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
    try:
        shutil.copyfile(old, tmp)
        with contextlib.closing(sqlite3.connect(tmp)) as out:
            links = Links(db, out)
            yield links
            links.save()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class Linker:
    """Linking the written articles to the rest, through the store."""

    def __init__(
        self,
        db: sqlite3.Connection,
        change: Change,
        articles: Articles,
        terms: Terms,
        links: Links,
        now: Catalog,
    ) -> None:
        self.db = db
        self.change = change
        self.articles = articles
        self.links = links
        self.now = now
        self.names = {e.key: e.name for e in now.entities}
        self.shingles = Shingles(self._text)
        self.term_of = terms.names()

    def link(self, sources: dict[int, LinkSource]) -> None:
        """Link each written article to the rest; put it in its targets' lists where it
        ranks."""
        num = self.articles.num
        for n, source in sources.items():
            found = self._scored(n, self._candidates(n))
            best = sorted((link for link, _ in found.values()), key=lambda k: (-k.score, k.target))
            self.links.rows[source.id] = [self._row(link) for link in best[:LINKS]]
            self.db.executemany(
                "INSERT OR IGNORE INTO backlinks VALUES (?, ?)",
                ((num[link.target], n) for link in best[:LINKS]),
            )
            for target, (_, back) in found.items():
                if back is not None:
                    self._offer(target, back)

    def _offer(self, target: int, link: ScoredLink) -> None:
        """Put ``link`` into the target's list if it ranks among its best ``LINKS``."""
        num, article = self.articles.num, self.articles.id_of[target]
        found = [row for row in self.links.of(article) if row[0] != link.target]
        found.append(self._row(link))
        found.sort(key=lambda row: (-row[2], row[0]))
        for dropped, *_ in found[LINKS:]:
            if dropped in num:
                self.db.execute(
                    "DELETE FROM backlinks WHERE dst = ? AND src = ?", (num[dropped], target)
                )
        del found[LINKS:]
        self.links.rows[article] = found
        if any(row[0] == link.target for row in found):
            self.db.execute(
                "INSERT OR IGNORE INTO backlinks VALUES (?, ?)", (num[link.target], target)
            )

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
                    "SELECT num, w FROM postings WHERE tid = ? LIMIT ?", (tid, LIST_CAP + 1)
                ).fetchall()
                if len(postings) <= LIST_CAP:
                    for j, wj in postings:
                        partial[j] += weight * w * wj
        for (group,) in self.db.execute(
            "SELECT DISTINCT grp FROM items WHERE num = ? AND grp IS NOT NULL", (num,)
        ).fetchall():
            members = self.db.execute(
                "SELECT DISTINCT num FROM items WHERE grp = ? LIMIT ?", (group, LIST_CAP + 1)
            ).fetchall()
            if len(members) <= LIST_CAP:
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
        found = {j for c in json.loads(cited) for (j,) in self._nums("articles", "url", c)}
        if url:
            found.update(j for (j,) in self._nums("cites", "url", url))
        found.discard(num)
        return found

    def _nums(self, table: str, column: str, value: str) -> list[tuple[int]]:
        return self.db.execute(f"SELECT num FROM {table} WHERE {column} = ?", (value,)).fetchall()

    def _scored(
        self, num: int, candidates: list[int]
    ) -> dict[int, tuple[ScoredLink, ScoredLink | None]]:
        """Each candidate as ``num``'s link, with ``num`` as the candidate's (both None when
        the evidence is too thin)."""
        local = [num, *candidates]
        stored = {
            n: (article, url, json.loads(cited), self._terms(text), self._terms(ents))
            for n, article, url, cited, text, ents in rows(
                self.db,
                "SELECT num, id, url, cited, text, ents FROM articles WHERE num IN ({})",
                local,
            )
        }
        local = [n for n in local if n in stored]
        features = Features.local(
            [stored[n][3] for n in local],
            [stored[n][4] for n in local],
            self._groups(local),
            *_citations([(stored[n][1], stored[n][2]) for n in local]),
        )
        sources = [LinkSource(stored[n][0], {}) for n in local]
        found = {}
        for j in range(1, len(local)):
            link = score_pair(features, 0, j, sources, self.names, self.shingles)
            if link is not None:
                back = score_pair(features, j, 0, sources, self.names, self.shingles)
                found[local[j]] = (link, back)
        return found

    def _groups(self, local: list[int]) -> list[Mapping[int, str]]:
        """The event groups of each article (with their date values)."""
        groups: dict[int, dict[int, str]] = {n: {} for n in local}
        for n, group, value in rows(
            self.db,
            "SELECT num, items.grp, groups.value FROM items JOIN groups ON groups.grp = items.grp"
            " WHERE num IN ({})",
            local,
        ):
            groups[n][group] = value
        return [groups[n] for n in local]

    def _terms(self, blob: bytes) -> dict[str, float]:
        return {self.term_of[t]: w for t, w in relate_store.unpack(blob).items()}

    def _text(self, article: str) -> str:
        fields = self.change.added.get(article)
        if fields is None:
            fields = self.change.reader.stored_fields(self.change.docnum[article])
        return derive.article_text(fields)

    def _row(self, link: ScoredLink) -> Row:
        """A links file row (as ``links_file.save_links`` writes them)."""
        return [
            link.target,
            self.now.labels.get(link.target, ("", ""))[0],
            link.score,
            list(link.reasons),
            self.now.published.get(link.target),
        ]


def _citations(
    articles: list[tuple[str | None, list[str]]],
) -> tuple[list[set[int]], list[set[int]]]:
    """Which of ``articles`` (url, cited urls) each cites, and which cite each, by position."""
    cites = [
        {b for b, (url, _) in enumerate(articles) if url and url in cited and b != a}
        for a, (_, cited) in enumerate(articles)
    ]
    cited_by = [{a for a, c in enumerate(cites) if i in c} for i in range(len(articles))]
    return cites, cited_by
