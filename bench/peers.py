"""The other peers' steps: SQLite FTS5 and tantivy, built and searched on the same files.

Like bare Whoosh in ``steps.py``, they index what a file says with no cleaning or extraction
(``read_plain``), with each tool's default settings, and answer the same queries translated by
``queries.py``: 20 hits sorted by score or by date, each with its stored fields and one body
snippet of about 220 characters, plus the total. Run by ``steps.py`` in a process of its own.
tantivy is the ``bench`` extra (``pip install -e '.[bench]'``), never a runtime dependency.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from queries import fts5_query, tantivy_query
from steps import read_plain, time_queries

SNIPPET_CHARS = 220
FTS5_SNIPPET_TOKENS = 40
"""FTS5 counts snippets in tokens (at most 64); 40 English tokens are about 220 characters."""


def corpus_files(root: Path) -> list[Path]:
    """The corpus's article files, in the order every peer indexes them."""
    return sorted(root.rglob("*.txt"))


# -- SQLite FTS5 -------------------------------------------------------------------------------


def step_fts5_build(args: dict[str, Any]) -> dict[str, Any]:
    """One FTS5 table with the porter tokenizer, filled in one transaction."""
    root, db = Path(args["corpus"]), Path(args["index"])
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, body, date UNINDEXED, "
        "tokenize='porter')"
    )
    count = 0
    with con:
        for path in corpus_files(root):
            title, body, day = read_plain(path)
            con.execute(
                "INSERT INTO fts VALUES (?, ?, ?, ?)",
                (path.relative_to(root).as_posix(), title, body, day and day.date().isoformat()),
            )
            count += 1
    con.close()
    return {"seconds": time.perf_counter() - started, "articles": count}


def step_fts5_search(args: dict[str, Any]) -> dict[str, Any]:
    """Total, then 20 rows by rank or date with FTS5's ``snippet()`` of the body."""
    started = time.perf_counter()
    con = sqlite3.connect(f"file:{args['index']}?mode=ro", uri=True)

    def run_one(text: str, sort: str) -> tuple[int, int, int]:
        match, dates = fts5_query(text)
        where, params = "fts MATCH ?", [match]
        if dates:
            where += " AND date BETWEEN ? AND ?"
            params += list(dates)
        total = con.execute(f"SELECT count(*) FROM fts WHERE {where}", params).fetchone()[0]
        order = "rank" if sort == "score" else "date DESC"
        rows = con.execute(
            f"SELECT id, title, date, snippet(fts, 2, '[', ']', '…', {FTS5_SNIPPET_TOKENS}) "
            f"FROM fts WHERE {where} ORDER BY {order} LIMIT 20",
            params,
        ).fetchall()
        return total, len(rows), sum(1 for row in rows if "[" in row[3])

    first = run_one(args["queries"][0], "score")
    first_seconds = time.perf_counter() - started
    timings = time_queries(run_one, args["queries"], args["sorts"], args["repeats"])
    con.close()
    return {"first_seconds": first_seconds, "first_total": first[0], "timings": timings}


# -- tantivy -----------------------------------------------------------------------------------


def tantivy_schema() -> Any:
    """Stemmed title and body (``en_stem``), a raw id, a fast date for sorting and ranges."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_date_field("date", stored=True, indexed=True, fast=True)
    return builder.build()


def step_tantivy_build(args: dict[str, Any]) -> dict[str, Any]:
    """tantivy's default writer (its own threads and heap), one commit, merges waited for."""
    import tantivy

    root, folder = Path(args["corpus"]), Path(args["index"])
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    ix = tantivy.Index(tantivy_schema(), path=str(folder))
    writer = ix.writer()
    count = 0
    for path in corpus_files(root):
        title, body, day = read_plain(path)
        doc = tantivy.Document(id=path.relative_to(root).as_posix(), title=title, body=body)
        if day is not None:
            doc.add_date("date", day)
        writer.add_document(doc)
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"seconds": time.perf_counter() - started, "articles": count}


def step_tantivy_search(args: dict[str, Any]) -> dict[str, Any]:
    """Parse (words all required), search, and make a snippet of each of the 20 hits."""
    import tantivy

    started = time.perf_counter()
    ix = tantivy.Index.open(args["index"])
    searcher = ix.searcher()
    schema = ix.schema

    def run_one(text: str, sort: str) -> tuple[int, int, int]:
        q = ix.parse_query(tantivy_query(text), ["title", "body"], conjunction_by_default=True)
        order: dict[str, Any] = {"order_by_field": "date"} if sort == "date" else {}
        found = searcher.search(q, limit=20, count=True, **order)
        snippets = tantivy.SnippetGenerator.create(searcher, q, schema, "body")
        snippets.set_max_num_chars(SNIPPET_CHARS)
        marked = 0
        for _key, address in found.hits:
            doc = searcher.doc(address)  # the stored fields a result page shows
            marked += bool(snippets.snippet_from_doc(doc).highlighted())
        return found.count or 0, len(found.hits), marked

    first = run_one(args["queries"][0], "score")
    first_seconds = time.perf_counter() - started
    timings = time_queries(run_one, args["queries"], args["sorts"], args["repeats"])
    return {"first_seconds": first_seconds, "first_total": first[0], "timings": timings}


PEER_STEPS = {
    "fts5-build": step_fts5_build,
    "fts5-search": step_fts5_search,
    "tantivy-build": step_tantivy_build,
    "tantivy-search": step_tantivy_search,
}
