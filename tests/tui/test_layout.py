"""The pane grid from the reader's layout choices (pure arithmetic, no app)."""

from __future__ import annotations

from corpus_reader.tui.layout import LARGEST, SMALLEST, Grid, PaneLayout, grid


def test_default_grids() -> None:
    assert grid(PaneLayout(), wide=True) == Grid(3, 1, "30% 45% 25%", "1fr", 1)
    assert grid(PaneLayout(), wide=False) == Grid(2, 2, "40% 60%", "3fr 2fr", 2)


def test_hidden_panes_give_their_room_to_the_others() -> None:
    no_events = PaneLayout().toggled("events")
    assert grid(no_events, wide=True) == Grid(2, 1, "55% 45%", "1fr", 1)
    assert grid(no_events, wide=False) == Grid(2, 1, "40% 60%", "1fr", 1)
    no_results = PaneLayout().toggled("results")
    assert grid(no_results, wide=True) == Grid(2, 1, "45% 55%", "1fr", 1)
    assert grid(no_results, wide=False) == Grid(2, 1, "60% 40%", "1fr", 1)
    alone = no_events.toggled("results")
    assert grid(alone, wide=True) == grid(alone, wide=False) == Grid(1, 1, "100%", "1fr", 1)
    assert alone.toggled("results").toggled("events") == PaneLayout()


def test_widening_is_bounded() -> None:
    layout = PaneLayout()
    assert (
        grid(layout.widened(10), wide=True).column_widths == "24% 55% 21%"
    )  # the side panes share the rest 30:25
    assert layout.widened(-100).article == SMALLEST
    assert layout.widened(100).article == LARGEST
    assert grid(layout.widened(100), wide=False).column_widths == "15% 85%"
