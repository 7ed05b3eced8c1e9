"""The article pane: title, date, source and URL, then the body with entities and search terms.

It is handed a ``ShownArticle`` (attribute down) holding the article, precomputed mark spans
and, when an event was chosen, the sentence to scroll to; and ``entities`` (key -> Entity) for
the names of the mentions. Rendering never calls the engine. A line docked at the top holds the
legend of the entity kinds and the mention under the pointer or stepped to with ``]``/``[``.
Text reaches the screen only as Textual ``Content`` built from cleaned plain strings and
explicit spans, never as markup.

A body longer than ``DISPLAY_LIMIT`` characters is shown up to there (a body of megabytes
would freeze the app), with a line above the text saying so; search hits and mentions
past the cut are still counted, and stepping to one says it lies beyond the shown text.

The widget keeps the state (mention, hit, what ``/`` found) and the stepping; what it draws
from that lives apart: ``shown_article`` (what it is handed, the header), ``display.article_cut``
(where a long body is cut) and ``display.article_legend`` (the line above the text). Names
imported from here before the split (``ShownArticle``, ``display_cut``, ``pieces``,
``DISPLAY_LIMIT``) are still exported from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static

from corpus_reader.index import Entity, Mention, Span

from ..display.article_cut import DISPLAY_LIMIT as DISPLAY_LIMIT
from ..display.article_cut import beyond, cut_notice
from ..display.article_cut import display_cut as display_cut
from ..display.article_cut import pieces as pieces
from ..display.article_legend import hits_label, legend_line, mention_label
from ..display.highlights import HIT_META, MENTION_META, SENTENCE_META, body_content
from ..display.safe_text import line
from .links_list import LinksList
from .shown_article import ShownArticle as ShownArticle
from .shown_article import article_header

PLACEHOLDER = "Choose a result to read it here: Enter opens the one under the cursor."


class ArticleView(VerticalScroll):
    """A scrollable, focusable reading pane for one article."""

    ALLOW_MAXIMIZE = True  # z fills the screen with it (also from its links list)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "page_down", "Page down", id="article.page_down"),
        Binding("shift+space", "page_up", "Page up", id="article.page_up", show=False),
        Binding("j", "scroll_down", "Down", id="article.down", show=False),
        Binding("k", "scroll_up", "Up", id="article.up", show=False),
        Binding(
            "right_square_bracket",
            "step_mention(1)",
            "Next mention",
            id="article.next_mention",
            key_display="]",
        ),
        Binding(
            "left_square_bracket",
            "step_mention(-1)",
            "Previous mention",
            id="article.previous_mention",
            key_display="[",
            show=False,
        ),
        Binding("enter", "open_entity", "Entity view", id="article.entity"),
        Binding("slash", "find", "Find", id="article.find"),
        Binding("l", "links", "Links", id="article.links"),
        Binding("n", "step_hit(1)", "Next hit", id="article.next_hit"),
        Binding("N", "step_hit(-1)", "Previous hit", id="article.previous_hit", show=False),
        Binding("escape", "app.focus_search", "Search", id="article.search", show=False),
    ]

    shown: reactive[ShownArticle | None] = reactive(None, always_update=True)
    """The article on display, or None for the placeholder."""
    entities: reactive[Mapping[str, Entity]] = reactive(dict, always_update=True)
    """Every entity of the corpus by key, for the display names of mentions."""
    current: reactive[int | None] = reactive(None)
    """The index of the mention stepped to, if any."""
    hovered: reactive[int | None] = reactive(None)
    """The index of the mention under the mouse pointer, if any."""
    hit: reactive[int | None] = reactive(None)
    """The index of the search hit (marked word in the body) stepped to, if any."""
    found: reactive[tuple[Span, ...] | None] = reactive(None)
    """What ``/`` found in the body; while set, these are the hits instead of the query's."""

    class EntityRequested(Message):
        """The reader asked for the entity view of a mention's entity."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Article"
        self._cut = 0

    def compose(self) -> ComposeResult:
        yield Static(id="article-legend", markup=False)
        yield Static(PLACEHOLDER, id="article-header", markup=False)
        yield Static(id="article-cut", markup=False)
        yield Static(id="article-body", markup=False)
        yield LinksList(id="article-links")
        find = Input(
            placeholder="Find in the article (Enter: keep, Esc: cancel)", id="article-find"
        )
        find.display = False
        yield find

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self.shown.article.mentions if self.shown else ()

    @property
    def cut(self) -> int:
        """Where the shown part of the body ends (its length when it is shown whole)."""
        return self._cut

    def watch_shown(self, shown: ShownArticle | None) -> None:
        self._cut = display_cut(shown.article.body) if shown else 0
        self._show_cut(shown)
        header = self.query_one("#article-header", Static)
        body = self.query_one("#article-body", Static)
        header.set_class(shown is None, "-placeholder")
        self.set_reactive(ArticleView.current, None)
        self.set_reactive(ArticleView.hovered, None)
        self.set_reactive(ArticleView.hit, None)
        self.set_reactive(ArticleView.found, None)
        self._close_find()
        self.query_one("#article-legend", Static).display = shown is not None
        if shown is None:
            self.border_subtitle = ""
            header.update(PLACEHOLDER)
            body.update("")
            body.display = False
        else:
            self.border_subtitle = line(shown.article.id)
            header.update(article_header(shown))
            body.display = True
            self._paint_body()
        self._show_mention_line()
        self.query_one(LinksList).links = shown.links if shown else ()
        if shown is not None and shown.mention is not None:
            self.current = shown.mention
        self.scroll_home(animate=False)
        if shown is not None and shown.scroll_y is not None:
            self.call_after_refresh(self.scroll_to, y=shown.scroll_y, animate=False, immediate=True)
        elif shown is not None and shown.sentence is not None:
            self.call_after_refresh(self.scroll_to_meta, SENTENCE_META, 1)

    def _show_cut(self, shown: ShownArticle | None) -> None:
        """The line above a cut body: that it is cut, how long it is, that search sees all."""
        notice = self.query_one("#article-cut", Static)
        length = len(shown.article.body) if shown else 0
        notice.display = self._cut < length
        if notice.display:
            notice.update(cut_notice(self._cut, length))

    def hits_counted(self, article_id: str, query: str, body_marks: tuple[Span, ...]) -> None:
        """The query's hits in the whole body, counted after it was shown: the hits in the
        shown part keep their indexes, so only the count above the text changes."""
        shown = self.shown
        if shown is None or shown.article.id != article_id or shown.query != query:
            return
        self.set_reactive(ArticleView.shown, replace(shown, body_marks=body_marks, counted=True))
        self._show_mention_line()

    def beyond(self, span: Span) -> bool:
        """Whether ``span`` starts past the shown part of the body."""
        return beyond(span, self._cut)

    def watch_entities(self) -> None:
        self._show_mention_line()

    def watch_current(self, current: int | None) -> None:
        self._paint_body()
        self._show_mention_line()
        if current is not None:
            self.call_after_refresh(self.scroll_to_meta, MENTION_META, current)

    @property
    def hits(self) -> tuple[Span, ...]:
        """The spans n / N step through: what ``/`` found, else the query's words."""
        if self.found is not None:
            return self.found
        return self.shown.body_marks if self.shown else ()

    def watch_found(self) -> None:
        self.hit = 0 if self.found else None
        self._paint_body()
        self._show_mention_line()

    def action_links(self) -> None:
        """Go down to the linked articles under the text (if there are any)."""
        links = self.query_one(LinksList)
        if links.links:
            links.focus()
            self.scroll_to_widget(links, animate=False, top=True)

    @on(LinksList.Left)
    def _links_left(self, event: LinksList.Left) -> None:
        event.stop()
        self.focus()

    def action_find(self) -> None:
        """Open the find line at the bottom of the pane."""
        if self.shown is None:
            return
        find = self.query_one("#article-find", Input)
        find.display = True
        find.focus()

    @on(Input.Changed, "#article-find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.found = find_spans(self.shown.article.body, event.value) if self.shown else None

    @on(Input.Submitted, "#article-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_find()
        self.focus()

    def on_key(self, event: events.Key) -> None:
        find = self.query_one("#article-find", Input)
        if event.key == "escape" and find.has_focus:  # cancel: back to the query's hits
            event.stop()
            event.prevent_default()
            self.found = None
            self._close_find()
            self.focus()

    def _close_find(self) -> None:
        find = self.query_one("#article-find", Input)
        find.display = False
        with find.prevent(Input.Changed):  # what was found stays found
            find.clear()

    def watch_hit(self, hit: int | None) -> None:
        self._paint_body()
        self._show_mention_line()
        if hit is not None:
            self.call_after_refresh(self.scroll_to_meta, HIT_META, hit)

    def watch_hovered(self, hovered: int | None) -> None:
        body = self.query_one("#article-body", Static)
        body.tooltip = self.describe(hovered) if hovered is not None else None
        self._show_mention_line()

    def _paint_body(self) -> None:
        shown = self.shown
        if shown is None:
            return
        self.query_one("#article-body", Static).update(
            body_content(
                shown.article.body,
                shown.article.mentions,
                self.hits,
                current=self.current,
                current_hit=self.hit,
                sentence=shown.sentence,
                expression=shown.expression,
                end=self._cut,
            )
        )

    def describe(self, index: int) -> Content:
        """``Vladimir Putin · person · person:vladimir-putin`` for the mention at ``index``."""
        mention = self.mentions[index]
        return mention_label(mention, self.entities.get(mention.key))

    def _show_mention_line(self) -> None:
        """The line above the article: the mention in view (or the legend and a hint) and
        the search hits; what matters most comes first, as narrow panes cut the end."""
        index = self.hovered if self.hovered is not None else self.current
        counting = self.shown is not None and not self.shown.counted
        hits = hits_label(
            self.hits, self.hit, found=self.found is not None, counting=counting, cut=self._cut
        )
        self.query_one("#article-legend", Static).update(
            legend_line(self.mentions, self.entities, index, hits, self._cut)
        )

    def action_step_mention(self, step: int) -> None:
        """Move the current mention forward or back (wrapping); the first step goes to the
        first (or last) mention on screen, so stepping starts where the reader is."""
        self.current = self._step(self.current, len(self.mentions), step, MENTION_META)

    def action_step_hit(self, step: int) -> None:
        """Move to the next or previous search hit in the body, as for mentions."""
        self.hit = self._step(self.hit, len(self.hits), step, HIT_META)

    def _step(self, index: int | None, count: int, step: int, key: str) -> int | None:
        """The index after ``index`` going ``step`` (wrapping); from nowhere, the first (or
        last) one on screen, else the first (or last) of all."""
        if not count:
            return None
        if index is not None:
            return (index + step) % count
        on_screen = self._on_screen(key)
        if on_screen:
            return on_screen[0] if step > 0 else on_screen[-1]
        return 0 if step > 0 else count - 1

    def _body_lines(self, top: int = 0, bottom: int | None = None) -> list[list[dict[str, object]]]:
        """Per rendered body line from ``top`` to ``bottom`` (the end), the meta of its
        segments; only those lines are rendered (a long body has thousands)."""
        body = self.query_one("#article-body", Static)
        end = body.size.height if bottom is None else min(bottom, body.size.height)
        if end <= top:
            return []
        lines = body.render_lines(Region(0, top, body.size.width, end - top))
        return [
            [seg.style.meta for seg in strip if seg.style and seg.style.meta] for strip in lines
        ]

    def _on_screen(self, key: str) -> list[int]:
        """The indexes of the spans carrying ``key`` meta (mentions, hits) drawn in the
        visible part of the body, in order."""
        top = round(self.scroll_y) - self.query_one("#article-body").virtual_region.y
        bottom = top + self.scrollable_content_region.height
        found: list[int] = []
        for metas in self._body_lines(max(0, top), max(0, bottom)):
            for meta in metas:
                index = meta.get(key)
                if isinstance(index, int) and index not in found:
                    found.append(index)
        return found

    def scroll_to_meta(self, key: str, value: int) -> None:
        """Scroll so that the first body line carrying ``key == value`` meta is in view,
        centred when the view has to move."""
        for y, metas in enumerate(self._body_lines()):
            if any(meta.get(key) == value for meta in metas):
                line = self.query_one("#article-body").virtual_region.y + y
                top = round(self.scroll_y)
                if not top < line < top + self.scrollable_content_region.height - 1:
                    target = Region(0, line, 1, 1)
                    self.scroll_to_region(target, center=True, animate=False, immediate=True)
                return

    def action_open_entity(self) -> None:
        """The entity view of the mention stepped to (or under the pointer)."""
        index = self.current if self.current is not None else self.hovered
        if index is not None and 0 <= index < len(self.mentions):
            self.post_message(self.EntityRequested(self.mentions[index].key))
        else:
            self.notify("Step to a mention with ] or [ first.", severity="information")

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get(MENTION_META) if event.style else None
        if isinstance(index, int) and 0 <= index < len(self.mentions):
            self.current = index
            self.post_message(self.EntityRequested(self.mentions[index].key))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = event.style.meta.get(MENTION_META) if event.style else None
        self.hovered = index if isinstance(index, int) else None

    def on_leave(self, event: events.Leave) -> None:
        if event.node is self:
            self.hovered = None


def find_spans(body: str, text: str) -> tuple[Span, ...]:
    """Where ``text`` occurs in ``body``, ignoring case; spaces match any run of white space
    (the body wraps, the reader types one space)."""
    words = text.split()
    if not words:
        return ()
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return tuple(m.span() for m in pattern.finditer(body))
