"""Back and forward over the places the reader went, as in a browser.

A ``Place`` is what the screen showed when the reader left it: the query, the article (and the
event it was opened for) with its scroll position, the result under the cursor, the focused
pane and the entity or date view open over them, so that going back restores all of it.
``History`` holds two stacks of places and knows nothing of widgets; the app takes the
snapshots and restores them.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus_reader.index import Event

LIMIT = 200
"""Places kept behind the reader; older ones are forgotten."""


@dataclass(frozen=True)
class Place:
    """One step of the history: enough to put the screen back as it was."""

    query: str = ""
    marks: str = ""
    """What the article marked: the query and the other spellings it matched."""
    article_id: str | None = None
    event: Event | None = None
    scroll_y: float = 0.0
    result_index: int | None = None
    focus: str | None = None
    """The id of the focused pane."""
    view: tuple[str, str] | None = None
    """The entity or date view open over the panes: ("entity", key) or ("date", value)."""


class History:
    """The places behind the reader (back) and those it came back from (forward)."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._back: list[Place] = []
        self._forward: list[Place] = []

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def visit(self, left: Place) -> None:
        """The reader leaves ``left`` for a new place: it goes behind, the forward ones go."""
        if not self._back or self._back[-1] != left:
            self._back.append(left)
            del self._back[: -self.limit]
        self._forward.clear()

    def back(self, here: Place) -> Place | None:
        """The place to go back to (``here`` can then be gone forward to), or None."""
        if not self._back:
            return None
        self._forward.append(here)
        return self._back.pop()

    def forward(self, here: Place) -> Place | None:
        """The place to go forward to (``here`` can then be gone back to), or None."""
        if not self._forward:
            return None
        self._back.append(here)
        return self._forward.pop()
