"""The ``corpus-reader`` command: the TUI by default, and headless subcommands for scripts.

Headless commands (``index``, ``search``, ``show``) use the engine's public API only and never
import Textual, so they start fast. Errors are one line on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any, NoReturn, TextIO

from corpus_reader.index import (
    INVISIBLE,
    Article,
    ArticleNotFound,
    Corpus,
    CorpusError,
    Event,
    EventGroup,
    Hit,
    Link,
    Progress,
    SearchResult,
    UpdateSummary,
)

PROG = "corpus-reader"

# What must never reach a terminal raw from a file name, an id or a message: C0 controls (a
# newline would forge a line, ESC starts a sequence), DEL, C1 controls (U+009B is an 8-bit
# CSI), bidi embedding/override/isolate controls, lone surrogates (bytes of a name that is
# not UTF-8, which stdout could not even encode), and the engine's INVISIBLE characters.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|" + INVISIBLE.pattern
)
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[nrt])")


def shown(text: str) -> str:
    """``text`` with every control character escaped as Python writes it (``\\n``,
    ``\\x1b``, ``\\u202e``; an undecodable byte of a file name as ``\\xff``): visible,
    one line, and unable to drive the terminal."""
    return _UNSAFE.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape of byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown_lines(text: str) -> str:
    """``text`` of several lines (an article's body) with each line :func:`shown`."""
    return "\n".join(shown(line) for line in text.split("\n"))


def unshown(text: str) -> str:
    """The text that :func:`shown` printed as ``text``: ``\\n``, ``\\x1b`` and ``\\uXXXX``
    read back, so that an id copied from the output finds its article."""
    return _ESCAPE.sub(_unescape_match, text)


def _unescape_match(match: re.Match[str]) -> str:
    escape = match.group()
    named = {"\\n": "\n", "\\r": "\r", "\\t": "\t"}
    return named[escape] if escape in named else chr(int(escape[2:], 16))


SUBCOMMANDS = ("index", "search", "show", "entities", "events", "export")
ENTITY_KINDS = ("person", "place", "org", "group")


class UsageError(Exception):
    """A bad flag or argument: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", metavar="PATH", help="corpus folder (default: bundled seeds)")
    parser.add_argument("--index", metavar="DIR", dest="index_dir", help="index folder to use")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _links(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--follow-symlinks",
        action=argparse.BooleanOptionalAction,
        dest="follow_links",
        help="read what symbolic links to files and folders outside the corpus lead to "
        "(kept with the index until --no-follow-symlinks; default: links are skipped)",
    )


def build_parser() -> dict[str, argparse.ArgumentParser]:
    """One parser for the TUI and one for each headless subcommand."""
    tui = _Parser(prog=PROG, description="Read a corpus of news articles in the terminal.")
    tui.add_argument("path", nargs="?", help="corpus folder (default: the bundled seeds)")
    tui.add_argument("--index", metavar="DIR", dest="index_dir", help="index folder to use")
    _links(tui)
    tui.epilog = "headless commands: " + ", ".join(f"{PROG} {c} --help" for c in SUBCOMMANDS)

    index = _Parser(prog=f"{PROG} index", description="Build or update the index of a corpus.")
    index.add_argument("path", nargs="?", help="corpus folder (same as --corpus)")
    index.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    _links(index)
    _common(index)

    search = _Parser(prog=f"{PROG} search", description="Search the corpus.")
    search.add_argument("query", help='query: words, "phrases", OR, NOT, -word, prefix*, field:')
    search.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD")
    search.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD")
    search.add_argument("--sort", choices=("score", "date"), default="score")
    search.add_argument("--limit", type=int, default=20, metavar="N")
    search.add_argument("--no-update", action="store_true", help="do not update the index first")
    _common(search)

    show = _Parser(prog=f"{PROG} show", description="Print one article.")
    show.add_argument("id", help="article id, or any unique prefix of one")
    show.add_argument("--no-update", action="store_true", help="do not update the index first")
    _common(show)
    entities = _Parser(prog=f"{PROG} entities", description="List the named entities.")
    entities.add_argument("--kind", choices=ENTITY_KINDS, help="only entities of this kind")
    entities.add_argument("--limit", type=int, default=0, metavar="N", help="at most N (text)")
    entities.add_argument("--no-update", action="store_true", help="do not update the index first")
    _common(entities)

    events = _Parser(prog=f"{PROG} events", description="List the dated events, by date.")
    events.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD")
    events.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD")
    events.add_argument("--query", metavar="QUERY", help="only events of articles matching it")
    events.add_argument(
        "--groups", action="store_true", help="events that several articles report, by group"
    )
    events.add_argument("--no-update", action="store_true", help="do not update the index first")
    _common(events)

    export = _Parser(prog=f"{PROG} export", description="Export articles or events.")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("--output", metavar="FILE", help="write here (default: standard output)")
    export.add_argument("--no-update", action="store_true", help="do not update the index first")
    _common(export)
    return {
        "": tui,
        "index": index,
        "search": search,
        "show": show,
        "entities": entities,
        "events": events,
        "export": export,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parsers = build_parser()
    command = args_list[0] if args_list and args_list[0] in SUBCOMMANDS else ""
    try:
        args = parsers[command].parse_args(args_list[1:] if command else args_list)
        if command == "":
            return _run_tui(args)
        corpus = Corpus(
            getattr(args, "corpus", None) or getattr(args, "path", None),
            args.index_dir,
            getattr(args, "follow_links", None),
        )
        with corpus:
            if command == "index":
                return _cmd_index(corpus, args)
            if not args.no_update or not corpus.has_index():
                _update(corpus, args.json, rebuild=False, quiet=True)
            handler = {
                "search": _cmd_search,
                "show": _cmd_show,
                "entities": _cmd_entities,
                "events": _cmd_events,
                "export": _cmd_export,
            }[command]
            return handler(corpus, args)
    except UsageError as exc:
        return _fail(str(exc))
    except CorpusError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _fail(message: str) -> int:
    print(f"{PROG}: error: {shown(message)}", file=sys.stderr)
    return 2


def _run_tui(args: argparse.Namespace) -> int:
    # raises CorpusNotFound before the screen opens
    corpus = Corpus(args.path, args.index_dir, args.follow_links)
    from .app import CorpusReaderApp  # Textual is imported only for the TUI

    app = CorpusReaderApp(corpus)
    app.run()
    return app.return_code or 0


# -- index -----------------------------------------------------------------------------------


def _update(corpus: Corpus, as_json: bool, rebuild: bool, quiet: bool = False) -> UpdateSummary:
    bar = _ProgressBar() if sys.stderr.isatty() and not (as_json and quiet) else None
    try:
        summary = corpus.update(progress=bar, rebuild=rebuild)
    finally:
        if bar:
            bar.close()
    if summary.notice:
        print(f"{PROG}: {shown(summary.notice)}", file=sys.stderr)
    return summary


def _cmd_index(corpus: Corpus, args: argparse.Namespace) -> int:
    summary = _update(corpus, args.json, rebuild=args.rebuild)
    if args.json:
        _print_json(summary_json(summary))
        return 0
    print(
        f"{summary.articles:,} article{'s' if summary.articles != 1 else ''} in the index "
        f"({summary.added} added, "
        f"{summary.updated} updated, {summary.removed} removed) in {summary.seconds:.2f} s"
    )
    print(f"index folder: {shown(str(corpus.index_dir))}")
    for heading, items in (("skipped", summary.not_read), ("read in part", summary.cut)):
        if items:
            print(f"{heading} {len(items)}:")
            for item in items:
                print(f"  {shown(item.path)}: {shown(item.reason)}")
    return 0


def summary_json(summary: UpdateSummary) -> dict[str, Any]:
    """The ``index --json`` object."""
    return {
        "articles": summary.articles,
        "added": summary.added,
        "updated": summary.updated,
        "removed": summary.removed,
        "skipped": [{"path": s.path, "reason": s.reason} for s in summary.not_read],
        "cut": [{"path": s.path, "reason": s.reason} for s in summary.cut],
        "seconds": summary.seconds,
    }


class _ProgressBar:
    """A one-line progress bar on stderr, for interactive terminals only."""

    def __call__(self, progress: Progress) -> None:
        if progress.phase in ("read", "links") and progress.total:
            width = 30
            filled = width * progress.done // progress.total
            bar = "█" * filled + "░" * (width - filled)
            if progress.phase == "read":
                line = f"indexing {bar} {progress.done}/{progress.total}"
            else:
                line = f"linking articles {bar} {100 * progress.done // progress.total}%"
        else:
            line = {
                "scan": "scanning the corpus…",
                "commit": "writing the index…",
                "links": "linking articles…",
            }.get(progress.phase, progress.phase)
        sys.stderr.write(f"\r\x1b[2K{line}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r\x1b[2K")
        sys.stderr.flush()


# -- search and show -------------------------------------------------------------------------


def _cmd_search(corpus: Corpus, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    result = corpus.search(
        args.query,
        limit=args.limit,
        sort=args.sort,
        date_from=args.date_from,
        date_to=args.date_to,
    )
    if args.json:
        _print_json(search_json(result))
        return 0
    if result.notice:
        print(shown(result.notice), file=sys.stderr)
    print(f"{result.total:,} article{'s' if result.total != 1 else ''} match {result.query!r}")
    if result.also_matched:
        print(f"also matched: {shown(', '.join(result.also_matched))}")
    for hit in result.hits:
        print(_hit_line(hit))
        print(f"    {shown(hit.snippet.text)}")
    return 0


def _hit_line(hit: Hit) -> str:
    when = hit.published.isoformat() if hit.published else "----------"
    source = shown(hit.source or "")[:22]
    return f"{shown(hit.id):<28} {when} {source:<22} {shown(hit.title)}"


def search_json(result: SearchResult) -> dict[str, Any]:
    """The ``search --json`` object."""
    out: dict[str, Any] = {
        "query": result.query,
        "total": result.total,
        "hits": [
            {
                "id": h.id,
                "title": h.title,
                "date": h.published.isoformat() if h.published else None,
                "source": h.source,
                "url": h.url,
                "score": h.score,
                "snippet": {
                    "text": h.snippet.text,
                    "highlights": [list(span) for span in h.snippet.highlights],
                },
            }
            for h in result.hits
        ],
    }
    if result.notice:
        out["notice"] = result.notice
    if result.also_matched:
        out["also_matched"] = list(result.also_matched)
    return out


def _cmd_show(corpus: Corpus, args: argparse.Namespace) -> int:
    article = _article(corpus, args.id)
    links = corpus.links(article.id)
    if args.json:
        _print_json({**article_json(article), "links": [link_json(k) for k in links]})
        return 0
    print(shown(article.title))
    meta = [
        article.published.isoformat() if article.published else "no date",
        article.source or "",
        article.url or "",
    ]
    print(shown(" · ".join(m for m in meta if m)))
    print(f"[{shown(article.id)}]")
    print()
    print(shown_lines(article.body))
    if links:
        print()
        print("Linked articles:")
        for link in links:
            print(f"  {link.score:.2f}  {shown(link.id):<28} {shown(link.title)}")
            print(f"        {shown('; '.join(link.reasons))}")
    return 0


def _article(corpus: Corpus, ident: str) -> Article:
    """The article ``ident`` names: as typed, or as :func:`shown` printed its id."""
    try:
        return corpus.article(ident)
    except ArticleNotFound:
        if unshown(ident) == ident:
            raise
        return corpus.article(unshown(ident))


def link_json(link: Link) -> dict[str, Any]:
    """One linked article of ``show --json``."""
    return {"id": link.id, "title": link.title, "score": link.score, "reasons": list(link.reasons)}


def article_json(article: Article) -> dict[str, Any]:
    """The ``show --json`` object (and one line of ``export``)."""
    return {
        "id": article.id,
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "date_source": article.date_source,
        "source": article.source,
        "url": article.url,
        "body": article.body,
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "key": m.key}
            for m in article.mentions
        ],
        "events": [event_json(e) for e in article.events],
    }


def event_json(event: Event) -> dict[str, Any]:
    """One event of ``events --json``."""
    return {
        "date": event.date,
        "granularity": event.granularity,
        "expression": event.expression,
        "start": event.start,
        "end": event.end,
        "sentence": event.sentence,
        "article": event.article,
        "entities": list(event.entities),
        "resolution": event.resolution,
        "anchor": event.anchor,
        "group": event.group,
        "other_dates": list(event.other_dates),
    }


def _cmd_entities(corpus: Corpus, args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise UsageError("--limit must not be negative")
    entities = corpus.entities(args.kind)
    if args.json:
        _print_json(
            {
                "entities": [
                    {
                        "key": e.key,
                        "name": e.name,
                        "kind": e.kind,
                        "aliases": list(e.aliases),
                        "articles": e.articles,
                        "mentions": e.mentions,
                    }
                    for e in entities
                ]
            }
        )
        return 0
    for e in entities[: args.limit or None]:
        others = [a for a in e.aliases if a != e.name]
        also = f"  (also: {', '.join(others)})" if others else ""
        print(f"{e.mentions:>5} {e.articles:>4}  {e.kind:<6} {e.name}{also}")
    return 0


def _cmd_events(corpus: Corpus, args: argparse.Namespace) -> int:
    if args.groups:
        if args.query:
            raise UsageError("--groups does not take --query")
        return _print_groups(
            corpus.event_groups(date_from=args.date_from, date_to=args.date_to), args.json
        )
    events = corpus.events(date_from=args.date_from, date_to=args.date_to, query_text=args.query)
    if args.json:
        _print_json({"events": [event_json(e) for e in events]})
        return 0
    for e in events:
        group = f"  [group {e.group}]" if e.group is not None else ""
        print(f"{e.date:<10} {e.expression!r:<24} {shown(e.article)}{group}")
        print(f"    {shown(' '.join(e.sentence.split()))}")
        if e.other_dates:
            print(f"    other sources say: {', '.join(e.other_dates)}")
    return 0


def _print_groups(groups: list[EventGroup], as_json: bool) -> int:
    if as_json:
        _print_json({"groups": [group_json(g) for g in groups]})
        return 0
    for g in groups:
        others = f"  (other sources say: {', '.join(g.other_dates)})" if g.other_dates else ""
        print(f"group {g.group}  {g.date}  {len(g.articles)} articles{others}")
        for e in g.events:
            sentence = shown(" ".join(e.sentence.split()))
            print(f"    {shown(e.article):<28} {e.expression!r}: {sentence}")
    return 0


def group_json(group: EventGroup) -> dict[str, Any]:
    """One group of ``events --groups --json``."""
    return {
        "group": group.group,
        "date": group.date,
        "granularity": group.granularity,
        "articles": list(group.articles),
        "events": [event_json(e) for e in group.events],
        "other_dates": list(group.other_dates),
    }


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


def _cmd_export(corpus: Corpus, args: argparse.Namespace) -> int:
    articles = corpus.articles()
    if not args.output:
        _write_export(sys.stdout, articles, args.format)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            _write_export(out, articles, args.format)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    return 0


def _write_export(out: TextIO, articles: list[Article], fmt: str) -> None:
    """JSON lines (one article a line, as ``show --json``) or CSV (one event a row).

    CSV has no escapes of its own: its text cells are :func:`shown` (a file name's ESC, a
    bidi override in a title), as the other commands print them, so that ``export --format
    csv`` on a terminal is as safe as ``search``; :func:`unshown` reads them back."""
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


def _print_json(obj: dict[str, Any]) -> None:
    sys.stdout.write(json_text(obj) + "\n")


def json_text(obj: object, indent: int | None = 2) -> str:
    """``obj`` as JSON (one line if ``indent`` is None), non-ASCII text as is, except what
    :func:`shown` escapes, written as ``\\u`` escapes (JSON escapes C0 controls itself, not C1
    or bidi controls): the output is safe on a terminal and parses to the same strings."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
