"""The results pane: one row per hit (title, date and source, snippet with matched words marked).

It is handed a ``SearchResult`` (attribute down) and reports the article the reader moves to or
chooses (messages up); it never calls the engine. Rows are built from plain strings and the
engine's highlight offsets, never from markup, so article text cannot style itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corpus_reader.index import Hit, SearchResult, Snippet

from ..display.dates import day_label
from ..display.safe_text import line, marked, plain

MATCH_STYLE = "bold $text-warning"
SNIPPET_LINES = 3
"""Roughly how many lines of snippet a row shows: enough to judge a hit, few enough to scan."""


def snippet_window(snippet: Snippet, budget: int) -> Snippet:
    """At most ``budget`` characters of the snippet, cut at spaces, keeping the first match."""
    text, spans = snippet.text, snippet.highlights
    if len(text) <= budget:
        return snippet
    first = spans[0][0] if spans else 0
    start = 0
    if first > budget * 2 // 3:
        start = text.rfind(" ", 0, max(0, first - budget // 4)) + 1
    end = start + budget
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    head = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shift = len(head) - start
    moved = tuple(
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start
    )
    return Snippet(head + text[start:end] + tail, moved)


def hit_prompt(hit: Hit, budget: int) -> Content:
    """The three parts of a row: bold title, dim date · source, snippet with marked words."""
    meta = " · ".join(part for part in (day_label(hit.published, ""), hit.source) if part)
    snippet = snippet_window(hit.snippet, budget)
    return Content("\n").join(
        [
            line(hit.title or hit.id, "bold"),
            line(meta or "no date", "$foreground-muted"),
            marked(snippet.text, snippet.highlights, mark=MATCH_STYLE),
        ]
    )


class ResultsList(OptionList):
    """The hits of the current search; Enter or a click opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="results.down", show=False),
        Binding("k", "cursor_up", "Up", id="results.up", show=False),
        Binding("enter", "select", "Open", id="results.open"),
        Binding("escape", "app.focus_search", "Search", id="results.search", show=False),
    ]

    result: reactive[SearchResult | None] = reactive(None, always_update=True)
    """The search whose hits are shown; None until the first search completes."""

    class _HitMessage(Message):
        """About one hit of this list."""

        def __init__(self, results: ResultsList, hit: Hit) -> None:
            super().__init__()
            self.results = results
            self.hit = hit

        @property
        def control(self) -> ResultsList:
            return self.results

    class ArticleHighlighted(_HitMessage):
        """The cursor moved to a hit (the app may preview it)."""

    class ArticleChosen(_HitMessage):
        """The reader chose a hit to read (Enter or click)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Results"
        self._hits: tuple[Hit, ...] = ()
        self._budget = 0
        self._open_when_shown = False
        """Enter came before the hits (typed ahead): open the first one when they arrive."""
        self.searching = False
        """Whether a search is under way (set by the app): its hits are still to come."""

    def watch_result(self, result: SearchResult | None) -> None:
        self._hits = result.hits if result else ()
        self._rebuild(keep_cursor=False)
        if self._open_when_shown:
            self._open_when_shown = False
            if self._hits:
                self.post_message(self.ArticleChosen(self, self._hits[0]))

    def action_select(self) -> None:
        """Open the hit under the cursor; while the search is under way, the first hit to
        come (the hits shown are those of an earlier query)."""
        if self.searching:
            self._open_when_shown = True
        elif self._hits:
            super().action_select()

    def _rebuild(self, keep_cursor: bool) -> None:
        """Rebuild the rows; the cursor goes to the top unless only the width changed."""
        result = self.result
        self._budget = self._snippet_budget()
        highlighted = self.highlighted if keep_cursor else None
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            if result is None:
                self.border_title = "Results"
                return
            self.border_title = f"Results {result.total:,}"
            self.border_subtitle = (
                f"first {len(result.hits)}" if result.total > len(result.hits) else ""
            )
            if not self._hits:
                self.add_option(Option(self._empty_message(result), disabled=True))
                return
            options: list[Option | None] = []
            for i, hit in enumerate(self._hits):
                if i:
                    options.append(None)
                options.append(Option(hit_prompt(hit, self._budget), id=hit.id))
            self.add_options(options)
            self.highlighted = highlighted if highlighted is not None else 0

    @staticmethod
    def _empty_message(result: SearchResult) -> Content:
        """Why there is nothing to show: no match, or the engine's notice (no index yet...)."""
        notice = plain(result.notice, "$text-warning") if result.notice else None
        if not result.query.strip():
            return notice or Content("The corpus has no articles yet.")
        message = Content.assemble("No articles match “", plain(result.query, "bold"), "”.")
        return Content("\n").join([message, notice]) if notice else message

    def _snippet_budget(self) -> int:
        width = self.scrollable_content_region.width or 36
        return max(40, (width - 2) * SNIPPET_LINES)

    def on_resize(self, event: events.Resize) -> None:
        if self._hits and self._snippet_budget() != self._budget:
            self._rebuild(keep_cursor=True)

    @property
    def current_hit(self) -> Hit | None:
        """The hit under the cursor, if any."""
        return self._hit_at(self.highlighted)

    def _hit_at(self, index: int | None) -> Hit | None:
        # Separators are not options, so option indexes are hit indexes.
        if index is None or not 0 <= index < len(self._hits):
            return None
        return self._hits[index]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if (hit := self._hit_at(event.option_index)) is not None:
            self.post_message(self.ArticleHighlighted(self, hit))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (hit := self._hit_at(event.option_index)) is not None:
            self.post_message(self.ArticleChosen(self, hit))
