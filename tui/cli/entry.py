"""The entry point: pick the subcommand, run it, turn every expected failure into one line.

Launching the TUI is the one path that imports Textual, and only inside :func:`run_tui`, so
that a headless command never pays for it (and the import contract can hold).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from corpus_reader.index import Corpus, CorpusError

from .escaping import shown
from .export import cmd_export
from .indexing import cmd_index, update
from .parser import PROG, SUBCOMMANDS, UsageError, build_parser
from .queries import cmd_entities, cmd_events, cmd_search, cmd_show

Command = Callable[[Corpus, argparse.Namespace], int]

HANDLERS: dict[str, Command] = {
    "search": cmd_search,
    "show": cmd_show,
    "entities": cmd_entities,
    "events": cmd_events,
    "export": cmd_export,
}
"""The commands that update the index first (unless ``--no-update``), by name."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parsers = build_parser()
    command = args_list[0] if args_list and args_list[0] in SUBCOMMANDS else ""
    try:
        args = parsers[command].parse_args(args_list[1:] if command else args_list)
        if command == "":
            return run_tui(args)
        return run_headless(command, args)
    except UsageError as exc:
        return fail(str(exc))
    except CorpusError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def run_headless(command: str, args: argparse.Namespace) -> int:
    """Open the corpus, update its index unless told not to, and run ``command``."""
    corpus = Corpus(
        getattr(args, "corpus", None) or getattr(args, "path", None),
        args.index_dir,
        getattr(args, "follow_symlinks", None),
    )
    with corpus:
        if command == "index":
            return cmd_index(corpus, args)
        if not args.no_update or not corpus.has_index():
            update(corpus, args.json, rebuild=False, quiet=True)
        return HANDLERS[command](corpus, args)


def fail(message: str) -> int:
    """Report an error in one line on stderr; exit status 2."""
    print(f"{PROG}: error: {shown(message)}", file=sys.stderr)
    return 2


def run_tui(args: argparse.Namespace) -> int:
    """Open the corpus (a missing folder fails here, before any screen), then the app."""
    corpus = Corpus(args.path, args.index_dir, args.follow_symlinks)
    # Imported here, not at the top: the headless commands must not load Textual, and the
    # contract "The command line imports no Textual" (pyproject.toml) forbids a module-level
    # import of the app; this one is the single, deliberate, run-time exception.
    from corpus_reader.tui.app import CorpusReaderApp

    app = CorpusReaderApp(corpus)
    app.run()
    return app.return_code or 0
