"""Time the events pane with every event of a built corpus: the list rebuild, paging, jumps.

    bench/events_pane.py CORPUS INDEX_DIR

The index must exist (``corpus-reader index CORPUS --index INDEX_DIR``). Prints the figures;
add them to ``bench/RESULTS.md`` by hand with the machine and date.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from textual.app import App, ComposeResult

from corpus_reader.index import Corpus, Event
from corpus_reader.tui.widgets.events_list import EventsList, EventsShown

PAGES = 50


class PaneOnly(App[None]):
    """The events pane alone, so that the figures are the pane's."""

    def compose(self) -> ComposeResult:
        yield EventsList(id="events")


async def drive(events: list[Event]) -> None:
    app = PaneOnly()
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.query_one(EventsList)
        start = time.perf_counter()
        pane.shown = EventsShown(events, {}, "all", "")
        await pilot.pause()
        print(f"rebuild and first paint: {time.perf_counter() - start:.2f} s")
        pane.focus()
        start = time.perf_counter()
        for _ in range(PAGES):
            await pilot.press("pagedown")
        print(f"page down: {(time.perf_counter() - start) / PAGES * 1000:.0f} ms each")
        await pilot.press("end")
        start = time.perf_counter()
        await pilot.press("home")
        print(f"end to home: {(time.perf_counter() - start) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("index_dir")
    args = parser.parse_args()
    with Corpus(args.corpus, args.index_dir) as corpus:
        start = time.perf_counter()
        events = corpus.events()
        print(f"{len(events):,} events; Corpus.events(): {time.perf_counter() - start:.2f} s")
    asyncio.run(drive(events))


if __name__ == "__main__":
    main()
