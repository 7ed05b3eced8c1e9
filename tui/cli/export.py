"""``corpus-reader export``: every article as JSON lines, or every event as a CSV row."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TextIO

from corpus_reader.index import Article, Corpus

from .escaping import json_text, shown
from .parser import UsageError
from .records import article_json

CSV_COLUMNS = (
    "article",
    "title",
    "source",
    "published",
    "date",
    "granularity",
    "expression",
    "start",
    "end",
    "sentence",
    "sentence_start",
    "sentence_end",
    "resolution",
    "anchor",
)


def cmd_export(corpus: Corpus, args: argparse.Namespace) -> int:
    """Write the export to ``--output`` or standard output."""
    articles = corpus.articles()
    if not args.output:
        write_export(sys.stdout, articles, args.format)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write_export(out, articles, args.format)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    return 0


def write_export(out: TextIO, articles: list[Article], fmt: str) -> None:
    """JSON lines (one article a line, as ``show --json``) or CSV (one event a row).

    CSV has no escapes of its own: its text cells are :func:`shown` (a file name's ESC, a
    bidi override in a title), as the other commands print them, so that ``export --format
    csv`` on a terminal is as safe as ``search``; ``unshown`` reads them back."""
    if fmt == "jsonl":
        for article in articles:
            out.write(json_text(article_json(article), indent=None) + "\n")
        return
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for article in articles:
        published = article.published.isoformat() if article.published else ""
        for e in article.events:
            sentence = " ".join(e.sentence.split())
            row = [
                *(article.id, article.title, article.source or "", published),
                *(e.date, e.granularity, e.expression, e.start, e.end, sentence),
                *(e.sentence_start, e.sentence_end, e.resolution, e.anchor or ""),
            ]
            writer.writerow([shown(cell) if isinstance(cell, str) else cell for cell in row])
