"""One measured step of the benchmark, run by ``run.py`` in a process of its own.

Each step runs in a fresh interpreter so that its peak memory is its own (the parent reads it
with ``os.wait4``) and so that no step profits from another's caches in memory. Steps time only
the work itself, after imports. Results go to a JSON file named on the command line.

Steps: ``update`` (our engine's ``Corpus.update``: a cold build or an incremental update,
depending on the index folder), ``search`` (our engine's ``Corpus.search``), ``bare-build`` and
``bare-search`` (plain Whoosh on the same files and queries, the peer we compare with); the
other peers' steps are in ``peers.py``, the TUI's and the CLI's in ``app_steps.py``.
Usage: ``steps.py STEP ARGS.json RESULT.json``.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

_HEADER = re.compile(r"date\s+(\d{4}-\d{2}-\d{2})(?:\s+(\S+))?\s*$")


def peak_rss_kb() -> int:
    """This process's high-water resident set (VmHWM), in KiB; 0 where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def time_queries(
    run_one: Callable[[Any, str], tuple[int, int, int]],
    queries: list[Any],
    sorts: list[str],
    repeats: int,
) -> dict[str, Any]:
    """Run each query once to warm up, then ``repeats`` timed times, for each sort order.

    ``run_one(query, sort)`` returns (total hits, hits on the page, snippets with highlights),
    which the report uses to check that both sides did comparable work.
    """
    out: dict[str, Any] = {}
    for sort in sorts:
        rows = []
        for text in queries:
            total, page, marked = run_one(text, sort)
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                run_one(text, sort)
                times.append(time.perf_counter() - started)
            rows.append({"query": text, "total": total, "page": page, "marked": marked, "s": times})
        out[sort] = rows
    return out


# -- our engine --------------------------------------------------------------------------------


def engine() -> Any:
    """The engine's public API, imported only where used, so the bare steps never load it.

    Imported by name: mypy cannot follow setuptools' editable-install finder to ``index/``.
    """
    return importlib.import_module("corpus_reader.index")


def step_update(args: dict[str, Any]) -> dict[str, Any]:
    """Build or update our index: whichever the index folder calls for."""
    corpus = engine().Corpus(args["corpus"], args["index"])
    started = time.perf_counter()
    summary = corpus.update()
    seconds = time.perf_counter() - started
    count = corpus.article_count()
    corpus.close()
    return {
        "seconds": seconds,
        "articles": summary.articles,
        "indexed": count,
        "added": summary.added,
        "updated": summary.updated,
        "removed": summary.removed,
        "skipped": [f"{s.path}: {s.reason}" for s in summary.skipped][:20],
        "skipped_count": len(summary.skipped),
        "rebuilt": summary.rebuilt,
        "notice": summary.notice,
    }


def step_search(args: dict[str, Any]) -> dict[str, Any]:
    """Time our searches, 20 hits with their snippets each, as a result page shows them.

    Queries come as ``[text, partial]``: "as typed" ones read the last word as a prefix.
    """
    api = engine()  # imports are outside the timings, as for bare Whoosh
    started = time.perf_counter()
    corpus = api.Corpus(args["corpus"], args["index"])
    first = corpus.search(args["queries"][0][0], limit=20)
    first_seconds = time.perf_counter() - started

    def run_one(item: list[Any], sort: str) -> tuple[int, int, int]:
        text, partial = item
        result = corpus.search(text, limit=20, sort=sort, partial=partial)
        marked = sum(1 for hit in result.hits if hit.snippet.highlights)
        return result.total, len(result.hits), marked

    timings = time_queries(run_one, args["queries"], args["sorts"], args["repeats"])
    notices = {}
    for text, partial in args["queries"]:
        result = corpus.search(text, limit=20, partial=partial)
        if result.notice:
            notices[text] = result.notice
    corpus.close()
    return {
        "first_seconds": first_seconds,
        "first_total": first.total,
        "timings": timings,
        "notices": notices,
    }


# -- bare Whoosh, the peer ---------------------------------------------------------------------


def read_plain(path: Path) -> tuple[str, str, datetime | None]:
    """Title, body and date of a file in the seeds layout, with no cleaning or extraction."""
    text = path.read_text("utf-8")
    head, _, rest = text.partition("\n")
    day = None
    if match := _HEADER.match(head):
        day = datetime.fromisoformat(match.group(1))
    else:
        rest = text
    title, _, body = rest.strip().partition("\n")
    return title.strip(), body.strip(), day


def bare_schema() -> Any:
    """The plainest schema that can answer the same queries: stemmed text, an id, a date."""
    from whoosh import fields
    from whoosh.analysis import StemmingAnalyzer

    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        date=fields.DATETIME(stored=True, sortable=True),
    )


def step_bare_build(args: dict[str, Any]) -> dict[str, Any]:
    """Read every .txt file and index it with Whoosh's default writer."""
    from whoosh import index

    root = Path(args["corpus"])
    Path(args["index"]).mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    ix = index.create_in(args["index"], bare_schema())
    writer = ix.writer()
    count = 0
    for path in sorted(root.rglob("*.txt")):
        title, body, day = read_plain(path)
        doc: dict[str, Any] = {"id": path.relative_to(root).as_posix(), "title": title}
        doc["body"] = body
        if day is not None:
            doc["date"] = day
        writer.add_document(**doc)
        count += 1
    writer.commit()
    seconds = time.perf_counter() - started
    ix.close()
    return {"seconds": seconds, "articles": count}


def step_bare_search(args: dict[str, Any]) -> dict[str, Any]:
    """Parse, search, and highlight the 20 hits of a page, with plain Whoosh."""
    from whoosh import highlight, index
    from whoosh.qparser import MultifieldParser

    started = time.perf_counter()
    ix = index.open_dir(args["index"], readonly=True)
    searcher = ix.searcher()
    parser = MultifieldParser(["title", "body"], ix.schema)

    def run_one(text: str, sort: str) -> tuple[int, int, int]:
        q = parser.parse(text)
        by_date = sort == "date"
        results = searcher.search(
            q, limit=20, sortedby="date" if by_date else None, reverse=by_date, terms=True
        )
        results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=90)
        page = marked = 0
        for hit in results[:20]:
            hit.fields()  # a result page shows the stored title, date and id, as ours does
            marked += bool(hit.highlights("body", top=1))
            page += 1
        return len(results), page, marked

    first = run_one(args["queries"][0], "score")
    first_seconds = time.perf_counter() - started
    timings = time_queries(run_one, args["queries"], args["sorts"], args["repeats"])
    searcher.close()
    ix.close()
    return {"first_seconds": first_seconds, "first_total": first[0], "timings": timings}


STEPS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "update": step_update,
    "search": step_search,
    "bare-build": step_bare_build,
    "bare-search": step_bare_search,
}


def all_steps() -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    """Every step by name; the other modules import this one, so they are imported late."""
    from app_steps import APP_STEPS
    from peers import PEER_STEPS

    return {**STEPS, **PEER_STEPS, **APP_STEPS}


def main(argv: list[str]) -> int:
    step, args_path, result_path = argv
    result = all_steps()[step](json.loads(Path(args_path).read_text("utf-8")))
    result["peak_rss_kb"] = peak_rss_kb()
    Path(result_path).write_text(json.dumps(result), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
