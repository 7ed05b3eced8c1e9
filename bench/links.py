"""Time the link step alone (event groups and linked articles) on an index already built.

    .venv/bin/python bench/links.py INDEX_DIR [INDEX_DIR ...]

Opens the live generation of each index folder read-only, computes its relations as the writer
does after a commit (``relate.derive.compute``), and prints the time, the peak memory of the
step (tracemalloc) and the size of the links it would write (as JSON rows, the links file's
row format). Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
import tracemalloc
from pathlib import Path

from corpus_reader.index.models import Link
from corpus_reader.index.relate.derive import compute
from corpus_reader.index.write.store import IndexStore


def measure(index_dir: Path) -> dict[str, object]:
    """One timed run of the link step on one index folder."""
    ix = IndexStore(index_dir).open()
    if ix is None:
        raise SystemExit(f"no index in {index_dir}")
    with ix.reader() as reader:
        articles = reader.doc_count()
        tracemalloc.start()
        started = time.perf_counter()
        relations = compute(reader)
        seconds = time.perf_counter() - started
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rows = {article: [_row(link) for link in found] for article, found in relations.links.items()}
    size = len(json.dumps(rows, ensure_ascii=False, separators=(",", ":")))
    links = sum(len(found) for found in relations.links.values())
    return {
        "index": str(index_dir),
        "articles": articles,
        "seconds": round(seconds, 2),
        "traced_peak_mb": round(peak / 2**20, 1),
        "links": links,
        "groups": len(relations.group_dates),
        "disputed_events": len(relations.other_dates),
        "links_mb": round(size / 2**20, 2),
    }


def _row(link: Link) -> list[object]:
    """A link as the links file keeps it (``state.links_file``)."""
    day = link.published.isoformat() if link.published else None
    return [link.id, link.title, link.score, list(link.reasons), day]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_dirs", nargs="+", type=Path)
    args = parser.parse_args()
    print(f"# {platform.python_version()} on {platform.machine()}")
    for index_dir in args.index_dirs:
        print(json.dumps(measure(index_dir)))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"# process peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
