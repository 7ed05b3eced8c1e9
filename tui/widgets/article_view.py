"""The article pane: title, date, source and URL, then the body with the search terms marked.

It is handed a ``ShownArticle`` (attribute down) holding the article and precomputed mark
spans, so rendering never calls the engine. Text reaches the screen only as Textual
``Content`` built from cleaned plain strings and explicit spans, never as markup.
Later panes' data (entity mentions, links) are meant to join ``ShownArticle``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from corpus_reader.index import Article, Span

from ..safe_text import marked, plain

MARK_STYLE = "bold $text-warning on $warning-muted"
PLACEHOLDER = "Choose a result to read it here: Enter opens the one under the cursor."


@dataclass(frozen=True)
class ShownArticle:
    """An article as the pane shows it: the text and where to mark the query's words."""

    article: Article
    query: str = ""
    title_marks: tuple[Span, ...] = ()
    body_marks: tuple[Span, ...] = ()


class ArticleView(VerticalScroll):
    """A scrollable, focusable reading pane for one article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "page_down", "Page down", id="article.page_down"),
        Binding("shift+space", "page_up", "Page up", id="article.page_up", show=False),
        Binding("j", "scroll_down", "Down", id="article.down", show=False),
        Binding("k", "scroll_up", "Up", id="article.up", show=False),
        Binding("escape", "app.focus_search", "Search", id="article.search", show=False),
    ]

    shown: reactive[ShownArticle | None] = reactive(None, always_update=True)
    """The article on display, or None for the placeholder."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Article"

    def compose(self) -> ComposeResult:
        yield Static(PLACEHOLDER, id="article-header", markup=False)
        yield Static(id="article-body", markup=False)

    def watch_shown(self, shown: ShownArticle | None) -> None:
        header = self.query_one("#article-header", Static)
        body = self.query_one("#article-body", Static)
        header.set_class(shown is None, "-placeholder")
        if shown is None:
            self.border_subtitle = ""
            header.update(PLACEHOLDER)
            body.update("")
            body.display = False
        else:
            self.border_subtitle = plain(shown.article.id)
            header.update(article_header(shown))
            body.update(marked(shown.article.body, shown.body_marks, mark=MARK_STYLE))
            body.display = True
        self.scroll_home(animate=False)


def article_header(shown: ShownArticle) -> Content:
    """Title (with marks), then date · source, then the URL."""
    article = shown.article
    title = marked(article.title or article.id, shown.title_marks, "bold $text-primary", MARK_STYLE)
    meta = " · ".join(
        part
        for part in (
            article.published.isoformat() if article.published else "no date",
            article.source,
        )
        if part
    )
    lines = [title, plain(meta, "$foreground-muted")]
    if article.url:
        lines.append(plain(article.url, "italic $foreground-muted"))
    return Content("\n").join(lines)
