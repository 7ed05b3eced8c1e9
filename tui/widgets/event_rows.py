"""Rows of the events pane, apart from the widget: what an event row says, and where each
header and row lies among the list's lines (pure arithmetic, tested on its own).

Groups come from the runs of equal date values of all the events (``Corpus.event_value_counts``):
one header per value, or one shared header for a day whose values interleave. Imports from
Textual only ``Content`` (text with spans, never markup).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content

from corpus_reader.index import Event, period

from ..display.dates import group_label, value_label
from ..display.fixed_row import FixedRow
from ..display.safe_text import line, marked

EXPRESSION_STYLE = "bold $text-accent"
HEADER_STYLE = "bold $text-primary"
EXCERPT_LINES = 2
ID_WIDTH = 13


def excerpt(event: Event, budget: int) -> tuple[str, tuple[int, int]]:
    """At most ``budget`` characters of the sentence around the expression, cut at spaces,
    and the expression's span in the excerpt."""
    text = event.sentence
    start = max(0, event.start - event.sentence_start)
    end = min(len(text), event.end - event.sentence_start)
    if len(text) <= budget:
        return text, (start, end)
    left = max(0, start - (budget - (end - start)) // 3)
    if left:
        cut = text.find(" ", left, start)
        left = cut + 1 if cut != -1 else left
    right = min(len(text), left + budget)
    if right < len(text):
        cut = text.rfind(" ", end, right)
        right = cut if cut != -1 else right
    head = "…" if left else ""
    tail = "…" if right < len(text) else ""
    shift = len(head) - left
    return head + text[left:right] + tail, (start + shift, end + shift)


def short_id(article_id: str, width: int = ID_WIDTH) -> str:
    """An article id short enough for a row: ``004_65e64c825baad34a.txt`` -> ``004_65e64c82…``."""
    stem = article_id.rsplit("/", 1)[-1].rsplit(".", 1)[0] or article_id
    return stem if len(stem) <= width else stem[: width - 1] + "…"


def event_prompt(event: Event, source: str, budget: int) -> FixedRow:
    """Dim ``date · source`` on one line, then the excerpt with the expression marked."""

    def parts() -> tuple[Content, Content]:
        text, span = excerpt(event, budget)
        meta = line(f"{value_label(event.date)} · {source}", "$foreground-muted")
        return meta, marked(text, [span], mark=EXPRESSION_STYLE)

    return FixedRow(parts, EXCERPT_LINES)


ROW_LINES = 1 + EXCERPT_LINES
"""Lines of an event row: its date and source, then the excerpt."""


@dataclass(frozen=True)
class Group:
    """Rows under one header: ``count`` events of ``values``."""

    values: tuple[str, ...]
    count: int

    @property
    def label(self) -> str:
        return " / ".join(group_label(value) for value in self.values)


def groups_of(runs: Sequence[tuple[str, int]]) -> list[Group]:
    """One group per run of equal values, as a header each; where the values that start the
    same day interleave (a week's events and its Monday's, article by article), one group
    for that day's events, naming each of its values, instead of a header every few rows."""
    found: list[Group] = []
    i = 0
    while i < len(runs):
        start = _start(runs[i][0])
        j = i + 1
        while j < len(runs) and _start(runs[j][0]) == start:
            j += 1
        block = runs[i:j]
        values = tuple(dict.fromkeys(value for value, _count in block))
        if len(values) == len(block):
            found.extend(Group((value,), count) for value, count in block)
        else:
            found.append(Group(values, sum(count for _value, count in block)))
        i = j
    return found


def _start(value: str) -> object:
    try:
        return period(value)[0]
    except ValueError:
        return value


class Layout:
    """Where each group's header and each event's row lie among the lines of the list."""

    def __init__(self, groups: Sequence[Group]) -> None:
        self.groups = list(groups)
        self.first_event: list[int] = []
        """Per group: the position of its first event."""
        self.header_line: list[int] = []
        events_before = lines = 0
        for group in self.groups:
            self.first_event.append(events_before)
            self.header_line.append(lines)
            events_before += group.count
            lines += 1 + ROW_LINES * group.count
        self.total = events_before
        self.lines = lines

    def group_of(self, index: int) -> int:
        """The group of the ``index``-th event."""
        return bisect_right(self.first_event, index) - 1

    def line_of(self, index: int) -> int:
        """The first line of the ``index``-th event's row."""
        group = self.group_of(index)
        return self.header_line[group] + 1 + ROW_LINES * (index - self.first_event[group])

    def at(self, line: int) -> tuple[int, int | None, int] | None:
        """What ``line`` draws: (group, event position or None for the header, line in row)."""
        if not 0 <= line < self.lines:
            return None
        group = bisect_right(self.header_line, line) - 1
        into = line - self.header_line[group]
        if into == 0:
            return group, None, 0
        row, offset = divmod(into - 1, ROW_LINES)
        return group, self.first_event[group] + row, offset

    def events_between(self, top: int, bottom: int) -> range:
        """The positions of the events with a line in ``[top, bottom)``."""
        first = self.at(max(0, top))
        last = self.at(min(bottom, self.lines) - 1)
        if first is None or last is None:
            return range(0)
        low = first[1] if first[1] is not None else self.first_event[first[0]]
        high = last[1] if last[1] is not None else self.first_event[last[0]] - 1
        return range(low, high + 1)
