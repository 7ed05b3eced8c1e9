"""A list row of a fixed number of lines, so that long lists need not measure every row.

``OptionList`` asks each option for its height when options are added: for Content that means
wrapping every row's text, which adds up in a list of thousands of events. A ``FixedRow``
knows its height without wrapping; it wraps only when drawn, which OptionList does for the rows
on screen. Its first line is cut with an ellipsis, the rest wrapped and cut to ``body_lines``.
The text itself is built on first draw too (``parts``), so a row never drawn costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

ELLIPSIS = "…"


class FixedRow(Visual):
    """A head line, then a body (if any) on exactly ``body_lines`` lines.

    ``parts`` returns ``(head, body)``; it is called once, when the row is first drawn.
    """

    def __init__(
        self, parts: Callable[[], tuple[Content, Content | None]], body_lines: int = 0
    ) -> None:
        self._parts = parts
        self.body_lines = body_lines

    @classmethod
    def of(cls, head: Content) -> FixedRow:
        """A one-line row."""
        return cls(lambda: (head, None))

    @cached_property
    def parts(self) -> tuple[Content, Content | None]:
        return self._parts()

    @property
    def height(self) -> int:
        return 1 + self.body_lines

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.height

    def lines(self, width: int) -> list[Content]:
        """The row's lines at ``width``: cut, never more than ``height`` of them."""
        head, body = self.parts
        lines = [head.truncate(width, ellipsis=True)]
        if body is not None and self.body_lines:
            wrapped = body.wrap(max(1, width))[: self.body_lines + 1]
            if len(wrapped) > self.body_lines:
                wrapped = wrapped[: self.body_lines]
                last = wrapped[-1].rstrip()
                if last.cell_length >= width:
                    last = last.right_crop(last.cell_length - width + 1)
                wrapped[-1] = last + ELLIPSIS
            lines.extend(wrapped)
        lines.extend(Content() for _ in range(self.height - len(lines)))
        return lines

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips = []
        for line in self.lines(width):
            rendered = line.render_strips(width, 1, style, options) if line else []
            strips.append(rendered[0] if rendered else Strip.blank(width, style.rich_style))
        return strips[:height] if height is not None else strips
