"""``corpus-reader index``, and the index update every other command runs first.

Progress goes to stderr as a one-line bar, on interactive terminals only, so that the
output of a command stays the same in a pipe.
"""

from __future__ import annotations

import argparse
import sys

from corpus_reader.index import Corpus, Progress, UpdateSummary

from .escaping import shown
from .parser import PROG
from .records import print_json, summary_json


def update(corpus: Corpus, as_json: bool, rebuild: bool, quiet: bool = False) -> UpdateSummary:
    """Bring the index up to date, with a progress bar where someone watches; its notice
    (an index rebuilt, say) goes to stderr."""
    bar = ProgressBar() if sys.stderr.isatty() and not (as_json and quiet) else None
    try:
        summary = corpus.update(progress=bar, rebuild=rebuild)
    finally:
        if bar:
            bar.close()
    if summary.notice:
        print(f"{PROG}: {shown(summary.notice)}", file=sys.stderr)
    return summary


def cmd_index(corpus: Corpus, args: argparse.Namespace) -> int:
    """Update (or rebuild) the index and say what changed and what could not be read."""
    summary = update(corpus, args.json, rebuild=args.rebuild)
    if args.json:
        print_json(summary_json(summary))
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


class ProgressBar:
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
