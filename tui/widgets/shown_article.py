"""What the article pane is handed (``ShownArticle``) and the header it draws from it.

Apart from the widget so that the pane's input and its title block read on their own: the
title with the query's words marked, date · source, the URL and the event the article was
opened for. Text reaches the screen only as Content built from cleaned plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from corpus_reader.index import Article, Event, Link, Span

from ..display.dates import day_label, value_label
from ..display.highlights import MARK_STYLE
from ..display.safe_text import line, marked, plain

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
