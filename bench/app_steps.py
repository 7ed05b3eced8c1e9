"""The TUI's and the CLI's figures: what a person waits for, not what the engine spends.

``tui`` drives ``CorpusReaderApp`` with Pilot (160×48, headless) on an existing index, in a
process of its own run by ``steps.py``: launch → the results of the empty query painted;
each keystroke of a typed word → the results for that prefix painted; and the events pane
switched to every event, then scrolled to its end and back. A keystroke's "painted" is the
first frame the app hands to its (headless) driver once the ``ResultsList`` holds the
prefix's result (for 'end' and 'home' in the events pane: once the cursor's row is filled and
on screen): what the reader would see. "Settled" is later: Pilot's ``press`` has
returned (it waits until the app is idle, every follow-up frame drawn) and one more
``pilot.pause()`` has passed. Polling is every ``POLL`` seconds, so settled figures are at
most that much late; painted figures are taken in the frame itself.

``cli-search`` times whole processes (interpreter start and imports included, as a script
calling the command would see): ``corpus-reader search Q --json --no-update`` against
``bare_cli.py``, a tiny script doing the same query with bare Whoosh.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from steps import peak_rss_kb

POLL = 0.005
SIZE = (160, 48)
BENCH = Path(__file__).resolve().parent


async def wait_until(pilot: Any, condition: Callable[[], bool], what: str, timeout: float) -> None:
    """Let the app run until ``condition()`` holds (as ``tests/tui/tui_helpers.py`` does)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await pilot.pause(POLL)


async def drive_tui(args: dict[str, Any]) -> dict[str, Any]:
    """Launch, type, scroll the events; every figure in seconds from its own start."""
    from corpus_reader.index import Corpus
    from corpus_reader.tui.app import CorpusReaderApp
    from corpus_reader.tui.widgets.events_list import EventsList
    from corpus_reader.tui.widgets.results_list import ResultsList

    out: dict[str, Any] = {}
    started = time.perf_counter()
    app = CorpusReaderApp(Corpus(args["corpus"], args["index"]))
    async with app.run_test(size=SIZE) as pilot:
        results = app.query_one(ResultsList)
        events = app.query_one(EventsList)

        def shows(query: str) -> bool:
            result = results.result
            return result is not None and result.query == query and app.query_text == query

        await wait_until(pilot, lambda: shows(""), "the first results", 600)
        await pilot.pause()
        out["launch_seconds"] = time.perf_counter() - started
        out["launch_rss_kb"] = peak_rss_kb()
        await wait_until(pilot, lambda: events.shown is not None, "the events", 600)
        out["events_seconds"] = time.perf_counter() - started
        await wait_until(pilot, lambda: app.index_done, "the index update", 600)
        out["index_done_seconds"] = time.perf_counter() - started
        await wait_until(pilot, lambda: all(w.is_finished for w in app.workers), "workers", 600)
        out["idle_seconds"] = time.perf_counter() - started
        out["idle_rss_kb"] = peak_rss_kb()
        clock = FrameClock(app)
        out["keys"], out["keys_settled"] = await type_word(clock, pilot, args["word"], shows)
        out.update(await scroll_events(clock, pilot, events))
    return out


class FrameClock:
    """Seconds from a key press to the first frame the app hands its driver while a condition
    holds: what the reader sees, without the idle waits Pilot adds after each key (``press``
    sleeps at least three times 20 ms before it returns, and ``pause`` once more)."""

    def __init__(self, app: Any) -> None:
        self.display = app._display
        self.watched: Callable[[], bool] | None = None
        self.started = 0.0
        self.seen: float | None = None
        app._display = self._timed  # the instance's own, in front of App._display

    def _timed(self, *args: Any, **kwargs: Any) -> Any:
        if self.watched is not None and self.watched():
            self.seen = time.perf_counter() - self.started
            self.watched = None
        return self.display(*args, **kwargs)

    async def press(
        self, pilot: Any, key: str, shown: Callable[[], bool], what: str
    ) -> tuple[float, float]:
        """Press ``key``; seconds to the first frame showing ``shown()``, and to the app settled
        after it (``press`` returned, ``shown()`` holds, one more ``pause``)."""
        self.watched, self.seen = shown, None
        self.started = time.perf_counter()
        await pilot.press(key)
        await wait_until(pilot, shown, what, 60)
        await pilot.pause()
        settled = time.perf_counter() - self.started
        if self.seen is None:
            raise RuntimeError(f"no frame was drawn with {what}")
        return self.seen, settled


async def type_word(
    clock: FrameClock, pilot: Any, word: str, shows: Callable[[str], bool]
) -> tuple[list[float], list[float]]:
    """Seconds from each key press to the results of the prefix typed so far painted, and to
    the app settled after it."""
    painted: list[float] = []
    settled: list[float] = []
    for n in range(1, len(word) + 1):
        seen, done = await clock.press(
            pilot, word[n - 1], lambda n=n: shows(word[:n]), f"the results for {word[:n]!r}"
        )
        painted.append(seen)
        settled.append(done)
    return painted, settled


async def scroll_events(clock: FrameClock, pilot: Any, events: Any) -> dict[str, Any]:
    """Switch the events pane to every event ('a'), then 'end' and 'home': each timed to the
    first frame with the cursor's row filled and on screen, and to the app settled."""
    events.focus()
    await pilot.pause()
    started = time.perf_counter()
    await pilot.press("a")
    await wait_until(
        pilot, lambda: events.shown is not None and events.shown.scope == "all", "all events", 600
    )
    await pilot.pause()
    out: dict[str, Any] = {"all_events_seconds": time.perf_counter() - started}
    out["event_rows"] = events.total  # a virtual list: every event, drawn when on screen
    out["events_all"] = events.total

    def at(row: int) -> Callable[[], bool]:
        def shown() -> bool:
            top = round(events.scroll_offset.y)
            line = events._layout.line_of(row)
            visible = top <= line < top + events.scrollable_content_region.height
            return events.cursor == row and events.current_event is not None and visible

        return shown

    for key, row in (("end", events.total - 1), ("home", 0)):
        seen, settled = await clock.press(pilot, key, at(row), f"row {row:,} after {key!r}")
        out[f"{key}_seconds"], out[f"{key}_settled_seconds"] = seen, settled
    out["end_row"] = events.total - 1
    return out


def step_tui(args: dict[str, Any]) -> dict[str, Any]:
    """The TUI figures, in this process (its peak RSS is the app's)."""
    return asyncio.run(drive_tui(args))


def process_seconds(command: list[str]) -> float:
    """Wall time of a whole process; its output is checked to be there, then dropped."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"{command[:3]} failed: {done.stderr[-500:]}")
    return seconds


def step_cli_search(args: dict[str, Any]) -> dict[str, Any]:
    """Median whole-process wall time per query, ours and bare, alternating runs."""
    bin_dir = Path(sys.executable).parent
    ours, bare = [], []
    for text, peer in args["queries"]:
        mine = [str(bin_dir / "corpus-reader"), "search", text, "--json", "--no-update"]
        mine += ["--corpus", args["corpus"], "--index", args["index"]]
        theirs = [sys.executable, str(BENCH / "bare_cli.py"), args["bare_index"], peer]
        process_seconds(mine)  # warm-up: the page cache, not the process, is what is warmed
        process_seconds(theirs)
        runs_ours, runs_bare = [], []
        for _ in range(args["repeats"]):
            runs_ours.append(process_seconds(mine))
            runs_bare.append(process_seconds(theirs))
        ours.append(statistics.median(runs_ours))
        bare.append(statistics.median(runs_bare))
    return {"ours": ours, "bare": bare}


APP_STEPS = {"tui": step_tui, "cli-search": step_cli_search}
