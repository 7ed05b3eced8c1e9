"""Progress reports thinned out for a slow receiver (a pipe, the app's event loop).

An update reports a step per file; the child process and the app pass on at most one report
per interval, and always the last of a step and the first of a new phase, so that what is
shown is never a phase behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..models import Progress

ProgressCallback = Callable[[Progress], None]
"""Told of an update's progress: its phase, and how far into it."""


def throttled(send: Callable[[Progress], object], every: float) -> Callable[[Progress], None]:
    """A progress callback that calls ``send`` at most once per ``every`` seconds, except for
    the last report of a step (done == total) and the first of a new phase."""
    last = 0.0
    phase = ""

    def report(progress: Progress) -> None:
        nonlocal last, phase
        now = time.monotonic()
        if now - last >= every or progress.done == progress.total or progress.phase != phase:
            last, phase = now, progress.phase
            send(progress)

    return report
