"""An update's relating (``relate_delta``): the store's articles, their numbers, link vectors
(with the inverted lists that propose link candidates) and citations."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from ...relate import derive
from ...relate.links import TOP_TERMS, LinkSource, idf_of, link_source, url_key, weigh
from ...state import relate_store
from ...whoosh_ext.schema import stored_mentions
from .store_rows import Terms, each, rows


class Articles:
    """The store's articles by number, as this update takes some out and puts others in."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.num: dict[str, int] = dict(db.execute("SELECT id, num FROM articles").fetchall())
        self.id_of = {num: article for article, num in self.num.items()}

    def numbers(self, articles: Iterable[str]) -> list[int]:
        """The (stored) articles' numbers, in order."""
        return sorted(self.num[article] for article in articles)

    def unlist(self, nums: list[int]) -> None:
        """Take articles' link vectors out of the inverted lists, their citations too."""
        for num, cited, text, ents in rows(
            self.db, "SELECT num, cited, text, ents FROM articles WHERE num IN ({})", nums
        ):
            self.db.executemany(
                "DELETE FROM postings WHERE tid = ? AND num = ?",
                ((t, num) for t in [*relate_store.unpack(text), *relate_store.unpack(ents)]),
            )
            self.db.executemany(
                "DELETE FROM cites WHERE url = ? AND num = ?", ((c, num) for c in json.loads(cited))
            )

    def forget(self, removed: Iterable[str], nums: list[int]) -> None:
        """Take the articles themselves out, once nothing else refers to them."""
        each(self.db, "DELETE FROM articles WHERE num IN ({})", nums)
        for article in removed:
            del self.id_of[self.num.pop(article)]

    def number(self, added: Mapping[str, dict[str, Any]]) -> dict[int, LinkSource]:
        """Number the written articles after every number used; their link sources."""
        (top,) = self.db.execute("SELECT COALESCE(MAX(num), -1) FROM articles").fetchone()
        next_num = max(top, max(self.num.values(), default=-1)) + 1
        sources: dict[int, LinkSource] = {}
        for article, fields in added.items():
            keys = Counter(m.key for m in stored_mentions(fields))
            sources[next_num] = link_source(
                article, derive.article_text(fields), fields.get("url"), keys
            )
            self.num[article] = next_num
            self.id_of[next_num] = article
            next_num += 1
        return sources

    def put_in(
        self,
        num: int,
        source: LinkSource,
        terms: Terms,
        df: Mapping[str, int],
        key_counts: Mapping[str, int],
        total: int,
    ) -> list[int]:
        """Store a written article's link vectors (weighed by today's frequencies) and its
        citations; the terms whose lists it joined."""
        text = weigh(source.terms, idf_of(source.terms, df, total), TOP_TERMS)
        ents = weigh(source.entities or {}, idf_of(source.entities or {}, key_counts, total), None)
        vectors = [{terms.number(t): w for t, w in v.items()} for v in (text, ents)]
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
        postings = [(t, num, w) for v in vectors for t, w in v.items() if t not in terms.long]
        self.db.executemany("INSERT OR REPLACE INTO postings VALUES (?, ?, ?)", postings)
        self.db.executemany(
            "INSERT OR IGNORE INTO cites VALUES (?, ?)", ((c, num) for c in source.cited)
        )
        return [t for t, _, _ in postings]
