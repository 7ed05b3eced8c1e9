"""Time the events pane (the virtual list) on a built corpus or on a million fake events.

    bench/events_pane.py CORPUS INDEX_DIR      every event of a built corpus
    bench/events_pane.py --fake 1000000        a fake engine: only the pane and its paging

The index must exist (``corpus-reader index CORPUS --index INDEX_DIR``). The pane runs in an
app with the real ``EventWorkers`` (the counting, the first page, the pages on demand in thread
workers), so the figures include the engine calls. Prints the figures; add them to
``bench/RESULTS.md`` by hand with the machine and date.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date, timedelta
from typing import Any

from textual.app import ComposeResult
from textual.pilot import Pilot

from corpus_reader.index import Corpus, Event
from corpus_reader.tui.event_workers import EventWorkers
from corpus_reader.tui.widgets.events_list import PAGE, EventsList

PAGES = 50
SIZE = (160, 48)


class FakeEngine:
    """``count`` events, 40 a day from 1990, each day's a run of one value; counts calls."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pages = 0

    def event(self, i: int) -> Event:
        day = date(1990, 1, 1) + timedelta(days=i // 40)
        sentence = f"Event {i} happened on that day, the report says, with more words after it."
        return Event(
            date=day.isoformat(),
            granularity="day",
            expression="on that day",
            start=119,
            end=130,
            sentence=sentence,
            sentence_start=100,
            sentence_end=100 + len(sentence),
            resolution="relative",
            article=f"article-{i % 1000}.txt",
        )

    def event_value_counts(self, query_text: Any = None, partial: bool = False) -> list[Any]:
        days = (self.count + 39) // 40
        counts = [(str(date(1990, 1, 1) + timedelta(days=d)), 40) for d in range(days)]
        if self.count % 40:
            counts[-1] = (counts[-1][0], self.count % 40)
        return counts

    def event_page(self, *, limit: int, offset: int = 0, **_: Any) -> tuple[list[Event], int]:
        self.pages += 1
        return [self.event(i) for i in range(offset, min(self.count, offset + limit))], self.count

    def labels(self, article_ids: Any) -> dict[str, tuple[str, str]]:
        return {article: ("", "example.com") for article in article_ids}


class PaneApp(EventWorkers):
    """The events pane alone, fed by the app's own workers, as wide as in the wide layout."""

    CSS = "EventsList { width: 40; height: 100%; border: round $border; }"

    def __init__(self, corpus: Any) -> None:
        super().__init__()
        self.corpus = corpus
        self.query_text = ""

    @property
    def host(self) -> Any:
        """The app itself: the app's parts read the corpus and the query through ``host``."""
        return self

    def compose(self) -> ComposeResult:
        yield EventsList(id="events")

    def on_mount(self) -> None:
        self.refresh_events()


async def until(pilot: Pilot[Any], condition: Any) -> float:
    """Seconds until ``condition()`` holds, the app running meanwhile."""
    start = time.perf_counter()
    while not condition():
        await pilot.pause(0.001)
    return time.perf_counter() - start


async def drive(corpus: Any) -> None:
    app = PaneApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(EventsList)
        start = time.perf_counter()
        await until(pilot, lambda: pane.current_event is not None)
        await pilot.pause()
        opened = time.perf_counter() - start
        print(f"{pane.total:,} events, {pane._layout.lines:,} lines; {pane.border_title!r}")
        print(f"open (count, first page, first paint): {opened * 1000:.0f} ms")
        pane.focus()
        start = time.perf_counter()
        for _ in range(PAGES):
            await pilot.press("pagedown")
        await until(pilot, lambda: pane.current_event is not None)
        each = (time.perf_counter() - start) / PAGES * 1000
        print(f"page down x{PAGES} (cursor {pane.cursor:,}): {each:.1f} ms each, pages waited for")
        for key in ("end", "home"):
            start = time.perf_counter()
            await pilot.press(key)
            pressed = time.perf_counter() - start
            filled = pressed + await until(pilot, lambda: pane.current_event is not None)
            print(f"{key}: key {pressed * 1000:.0f} ms, row filled {filled * 1000:.0f} ms")
        start = time.perf_counter()
        pane.cursor = pane.total // 2
        await pilot.pause()
        filled = (
            time.perf_counter() - start + await until(pilot, lambda: pane.current_event is not None)
        )
        print(f"jump to the middle: row filled {filled * 1000:.0f} ms")
        start = time.perf_counter()
        for _ in range(PAGES):
            await pilot.press("j")
        print(f"j x{PAGES}: {(time.perf_counter() - start) / PAGES * 1000:.1f} ms each")
        start = time.perf_counter()
        for _ in range(PAGES):
            await pilot.press("f24")  # bound to nothing: what Pilot itself costs a key
        print(f"an unbound key x{PAGES} (Pilot's own cost): ", end="")
        print(f"{(time.perf_counter() - start) / PAGES * 1000:.1f} ms each")
        region = pane.size.region
        start = time.perf_counter()
        pane._strips.clear()
        pane.render_lines(region)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        pane.render_lines(region)
        warm = time.perf_counter() - start
        print(f"draw the pane's {region.height} lines: {cold * 1000:.1f} ms new rows, ", end="")
        print(f"{warm * 1000:.2f} ms drawn before")
        held = len(pane.loaded_events())
        print(f"events held: {held:,} ({held // PAGE} pages of {PAGE})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("index_dir", nargs="?")
    parser.add_argument("--fake", type=int, metavar="N", help="N fake events, no corpus")
    args = parser.parse_args()
    if args.fake:
        fake = FakeEngine(args.fake)
        asyncio.run(drive(fake))
        print(f"pages read: {fake.pages}")
        return
    if not (args.corpus and args.index_dir):
        parser.error("CORPUS and INDEX_DIR, or --fake N")
    with Corpus(args.corpus, args.index_dir) as corpus:
        start = time.perf_counter()
        counts = corpus.event_value_counts()
        print(f"event_value_counts(): {(time.perf_counter() - start) * 1000:.0f} ms (cold)")
        for offset in (0, sum(n for _v, n in counts) // 2):
            start = time.perf_counter()
            corpus.event_page(limit=PAGE, offset=offset)
            took = (time.perf_counter() - start) * 1000
            print(f"event_page(limit={PAGE}, offset={offset:,}): {took:.0f} ms")
        asyncio.run(drive(corpus))


if __name__ == "__main__":
    main()
