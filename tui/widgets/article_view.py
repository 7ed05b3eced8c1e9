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
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
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

from corpus_reader.index import Article, Entity, Event, Link, Mention, Span

from ..display.dates import day_label, value_label
from ..display.highlights import (
    HIT_META,
    MARK_STYLE,
    MENTION_META,
    SENTENCE_META,
    body_content,
    kind_style,
    legend,
)
from ..display.safe_text import line, marked, plain
from .links_list import LinksList

DISPLAY_LIMIT = 50_000
"""Characters of a body shown at most (a long feature; some 20 screens of a 70-column pane).
Textual styles and wraps the whole body again at each change (a hit or mention stepped to),
so the shown part is kept to what steps through without a lag. The full text stays
searchable."""
CUT_LOOKBACK = 2_000
"""How far before the limit a cut looks for a line break or a space to end on."""
BEYOND = "beyond the shown text"
PLACEHOLDER = "Choose a result to read it here: Enter opens the one under the cursor."
EVENT_STYLE = "bold $text-accent"
INFERRED = {"text": "inferred from the text", "corpus": "inferred from the corpus"}


@dataclass(frozen=True)
class ShownArticle:
    """An article as the pane shows it: the text, where to mark the query's words, and the
    event it was opened for, if any (its sentence is marked and scrolled to)."""

    article: Article
    query: str = ""
    title_marks: tuple[Span, ...] = ()
    body_marks: tuple[Span, ...] = ()
    event: Event | None = None
    scroll_y: float | None = None
    """Where to scroll to (going back to a place); else the event's sentence, else the top."""
    links: tuple[Link, ...] = ()
    """The linked articles, listed under the text."""
    mention: int | None = None
    """The mention to step to at once (opened from an entity view)."""
    counted: bool = True
    """Whether ``body_marks`` covers the whole body; else only its shown part so far."""

    @property
    def sentence(self) -> Span | None:
        return (self.event.sentence_start, self.event.sentence_end) if self.event else None

    @property
    def expression(self) -> Span | None:
        return (self.event.start, self.event.end) if self.event else None


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
        return span[0] >= self._cut

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
        entity = self.entities.get(mention.key)
        name = entity.name if entity else mention.text
        return Content.assemble(
            line(name, kind_style(mention.kind)), f" · {mention.kind} · ", line(mention.key)
        )

    def _show_mention_line(self) -> None:
        """The line above the article: the mention in view (or the legend and a hint) and
        the search hits; what matters most comes first, as narrow panes cut the end."""
        line = self.query_one("#article-legend", Static)
        n = len(self.mentions)
        index = self.hovered if self.hovered is not None else self.current
        hits = self._hits_label()
        if index is not None and 0 <= index < n:
            info = Content.assemble(f"{index + 1}/{n} ", self.describe(index))
            mention = self.mentions[index]
            if self.beyond((mention.start, mention.end)):
                info = Content.assemble(info, Content(f" ({BEYOND})").stylize("$text-warning"))
            line.update(Content.assemble(info, "  ", hits, legend()))
            return
        hint = f"{n} mentions: ] and [ step" if n else "no mentions"
        line.update(Content.assemble(hits, legend(), "  ", Content(hint).stylize("$text-muted")))

    def _hits_label(self) -> Content:
        """``hit 3/7`` once stepping, ``7 hits: n N`` before; nothing without a search hit.
        What ``/`` found counts as ``found 2/5`` (``found 0`` when nothing matches)."""
        count = len(self.hits)
        word = "found" if self.found is not None else "hit"
        if not count:
            return Content(f"{word} 0").stylize("$text-muted") + "  " if self.found else Content()
        if self.hit is None:
            label = f"{count} hit{'s' if count != 1 else ''}: n N"
            past = sum(1 for span in self.hits if self.beyond(span))
            note = f" ({past} {BEYOND})" if past else ""
            if self.found is None and self.shown is not None and not self.shown.counted:
                note = " (counting the rest of the text…)"
        else:
            label = f"{word} {self.hit + 1}/{count}"
            note = f" ({BEYOND})" if self.beyond(self.hits[self.hit]) else ""
        if not note:
            return Content(label).stylize(MARK_STYLE) + "  "
        return Content.assemble(
            Content(label).stylize(MARK_STYLE), Content(note).stylize("$text-warning"), "  "
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


def display_cut(body: str, limit: int = DISPLAY_LIMIT) -> int:
    """Where the shown part of ``body`` ends: all of it up to ``limit`` characters, else at
    the last line break (or space) shortly before the limit, else at the limit."""
    if len(body) <= limit:
        return len(body)
    for separator in ("\n", " "):
        at = body.rfind(separator, max(0, limit - CUT_LOOKBACK), limit)
        if at > 0:
            return at
    return limit


def pieces(body: str, start: int = 0, size: int = DISPLAY_LIMIT) -> Iterator[Span]:
    """``body`` from ``start`` in pieces of at most ``size`` characters, each cut as
    ``display_cut`` cuts (at a line break or a space when there is one)."""
    while start < len(body):
        end = start + display_cut(body[start : start + size + 1], size)
        yield start, end
        start = end


def cut_notice(cut: int, length: int) -> Content:
    """``Cut for display: the first 49,999 of 5,000,014 characters shown; search still covers
    the whole text.`` (one sentence: what happened, how long the text is, what still works)."""
    text = (
        f"Cut for display: the first {cut:,} of {length:,} characters shown; "
        "search still covers the whole text."
    )
    return Content(text).stylize("bold $text-warning")


def find_spans(body: str, text: str) -> tuple[Span, ...]:
    """Where ``text`` occurs in ``body``, ignoring case; spaces match any run of white space
    (the body wraps, the reader types one space)."""
    words = text.split()
    if not words:
        return ()
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return tuple(m.span() for m in pattern.finditer(body))


def article_header(shown: ShownArticle) -> Content:
    """Title (with marks), then date · source, then the URL, then the chosen event if any."""
    article = shown.article
    title = marked(article.title or article.id, shown.title_marks, "bold $text-primary", MARK_STYLE)
    published = day_label(article.published)
    if article.published and article.date_source in INFERRED:
        published += f" ({INFERRED[article.date_source]})"
    meta = " · ".join(part for part in (published, article.source) if part)
    lines = [title, line(meta, "$foreground-muted")]
    if article.url:
        lines.append(line(article.url, "italic $foreground-muted"))
    if shown.event is not None:
        lines.append(event_line(shown.event))
    return Content("\n").join(lines)


def event_line(event: Event) -> Content:
    """``Event Feb 2022: "Earlier this month", relative to 2022-02-28``: which date the
    marked sentence is about and how it was worked out (readable without colour, too)."""
    how: str = event.resolution
    if event.anchor and event.resolution != "explicit":
        how += f" to {event.anchor}" if event.resolution == "relative" else f" from {event.anchor}"
    return Content.assemble(
        Content("Event ").stylize("$text-muted"),
        plain(value_label(event.date), EVENT_STYLE),
        ": “",
        plain(event.expression, EVENT_STYLE),
        "”, ",
        plain(how, "$text-muted"),
    )
