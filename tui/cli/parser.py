"""The command line's grammar: one argparse parser for the TUI and one per headless command.

Parsing errors are raised as :class:`UsageError` (one line, exit status 2) rather than
argparse's usage dump and exit, so that every error of the command looks the same.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import NoReturn

PROG = "corpus-reader"
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


def _no_update(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-update", action="store_true", help="do not update the index first")


def _dates(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD")


def _links(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--follow-symlinks",
        action=argparse.BooleanOptionalAction,
        dest="follow_symlinks",
        help="read what symbolic links to files and folders outside the corpus lead to "
        "(kept with the index until --no-follow-symlinks; default: links are skipped)",
    )


def _tui_parser() -> argparse.ArgumentParser:
    tui = _Parser(prog=PROG, description="Read a corpus of news articles in the terminal.")
    tui.add_argument("path", nargs="?", help="corpus folder (default: the bundled seeds)")
    tui.add_argument("--index", metavar="DIR", dest="index_dir", help="index folder to use")
    _links(tui)
    tui.epilog = "headless commands: " + ", ".join(f"{PROG} {c} --help" for c in SUBCOMMANDS)
    return tui


def _index_parser() -> argparse.ArgumentParser:
    index = _Parser(prog=f"{PROG} index", description="Build or update the index of a corpus.")
    index.add_argument("path", nargs="?", help="corpus folder (same as --corpus)")
    index.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    _links(index)
    _common(index)
    return index


def _search_parser() -> argparse.ArgumentParser:
    search = _Parser(prog=f"{PROG} search", description="Search the corpus.")
    search.add_argument("query", help='query: words, "phrases", OR, NOT, -word, prefix*, field:')
    _dates(search)
    search.add_argument("--sort", choices=("score", "date"), default="score")
    search.add_argument("--limit", type=int, default=20, metavar="N")
    _no_update(search)
    _common(search)
    return search


def _show_parser() -> argparse.ArgumentParser:
    show = _Parser(prog=f"{PROG} show", description="Print one article.")
    show.add_argument("id", help="article id, or any unique prefix of one")
    _no_update(show)
    _common(show)
    return show


def _entities_parser() -> argparse.ArgumentParser:
    entities = _Parser(prog=f"{PROG} entities", description="List the named entities.")
    entities.add_argument("--kind", choices=ENTITY_KINDS, help="only entities of this kind")
    entities.add_argument("--limit", type=int, default=0, metavar="N", help="at most N (text)")
    _no_update(entities)
    _common(entities)
    return entities


def _events_parser() -> argparse.ArgumentParser:
    events = _Parser(prog=f"{PROG} events", description="List the dated events, by date.")
    _dates(events)
    events.add_argument("--query", metavar="QUERY", help="only events of articles matching it")
    events.add_argument(
        "--groups", action="store_true", help="events that several articles report, by group"
    )
    _no_update(events)
    _common(events)
    return events


def _export_parser() -> argparse.ArgumentParser:
    export = _Parser(prog=f"{PROG} export", description="Export articles or events.")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("--output", metavar="FILE", help="write here (default: standard output)")
    _no_update(export)
    _common(export)
    return export


def build_parser() -> dict[str, argparse.ArgumentParser]:
    """One parser for the TUI (key ``""``) and one for each headless subcommand."""
    return {
        "": _tui_parser(),
        "index": _index_parser(),
        "search": _search_parser(),
        "show": _show_parser(),
        "entities": _entities_parser(),
        "events": _events_parser(),
        "export": _export_parser(),
    }
