"""Which panes show and how wide: the grid of the main screen, from the reader's choices.

The reader can hide the results or the events pane and give the article more or less of the
width; ``grid`` turns that into grid sizes for the wide layout (panes side by side) and the
narrow one (results over events on the left, the article on the right): plain arithmetic,
tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

STEP = 5
"""Percent of the width one widen/narrow key moves."""
SMALLEST, LARGEST = 25, 85


@dataclass(frozen=True)
class PaneLayout:
    """The reader's choices: which side panes show and the article's share of the width."""

    results: bool = True
    events: bool = True
    article: int = 45
    """Percent of the width for the article in the wide layout (narrow adds 15)."""

    def toggled(self, pane: str) -> PaneLayout:
        if pane == "results":
            return replace(self, results=not self.results)
        return replace(self, events=not self.events)

    def widened(self, step: int) -> PaneLayout:
        return replace(self, article=max(SMALLEST, min(LARGEST, self.article + step)))


@dataclass(frozen=True)
class Grid:
    """What the panes container's styles become."""

    columns: int
    rows: int
    column_widths: str
    row_heights: str
    article_row_span: int


def grid(layout: PaneLayout, wide: bool) -> Grid:
    """The grid for ``layout``: the visible panes in order, widths in percent."""
    if wide:
        sides = [w for show, w in ((layout.results, 30), (layout.events, 25)) if show]
        rest = 100 - layout.article
        widths = [rest * w // sum(sides) for w in sides]
        if layout.results and layout.events:
            columns = [widths[0], layout.article, rest - widths[0]]
        elif sides:
            columns = [rest, layout.article] if layout.results else [layout.article, rest]
        else:
            columns = [100]
        return Grid(len(columns), 1, " ".join(f"{c}%" for c in columns), "1fr", 1)
    left = int(layout.results) + int(layout.events)
    if not left:
        return Grid(1, 1, "100%", "1fr", 1)
    share = min(LARGEST, layout.article + 15)
    rows = "3fr 2fr" if left == 2 else "1fr"
    if layout.results:  # results first, then the article beside it
        return Grid(2, left, f"{100 - share}% {share}%", rows, left)
    return Grid(2, 1, f"{share}% {100 - share}%", "1fr", 1)  # article, then the events
