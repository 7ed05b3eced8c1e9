"""How the article pane paints its body: entity kinds, search marks, current mention, sentence.

Each kind combines a theme colour with a text attribute, so that kinds stay apart without
colour (NO_COLOR, monochrome terminals): person bold, place underline, org italic, group
italic underlined. Search marks are reversed, which also survives monochrome, and lie on top.
Spans carry meta (``mention`` index, ``sentence``) so mouse events and the pane's scrolling
can find them in the rendered lines. Builds Content from spans only, never from markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.style import Style

from corpus_reader.index import Mention, Span

from .safe_text import layered

KINDS = ("person", "place", "org", "group")
KIND_STYLES: dict[str, str] = {
    "person": "bold $text-accent",
    "place": "underline $text-success",
    "org": "italic $text-primary",
    "group": "italic underline $text-secondary",
}
MARK_STYLE = "bold reverse $text-warning"
"""The query's words: reversed, so they show on top of any kind, with or without colour."""
CURRENT_HIT_STYLE = "bold reverse underline $text-error"
"""The search hit stepped to with n / N: underlined as well, to stand out among the others."""
CURRENT_STYLE = "on $accent-muted"
"""The mention the reader stepped to (its name is also spelled out under the legend)."""
SENTENCE_STYLE = "on $primary-muted"
"""The sentence of the event the reader chose."""
EXPRESSION_STYLE = "bold reverse"
"""The chosen event's date expression: reversed, so the sentence is found without colour too."""
MENTION_META = "mention"
HIT_META = "hit"
SENTENCE_META = "sentence"


def kind_style(kind: str) -> str:
    """The style of a kind's mentions (an unknown kind gets none)."""
    return KIND_STYLES.get(kind, "")


def legend() -> Content:
    """``person place org group``, each word in its kind's style."""
    return Content(" ").join(Content(kind).stylize(kind_style(kind)) for kind in KINDS)


def body_content(
    body: str,
    mentions: Sequence[Mention] = (),
    marks: Sequence[Span] = (),
    *,
    current: int | None = None,
    current_hit: int | None = None,
    sentence: Span | None = None,
    expression: Span | None = None,
    end: int | None = None,
) -> Content:
    """The body with, bottom to top: the chosen sentence, mentions, current mention, marks
    (the query's words), the current one of them. With ``end``, only ``body[:end]`` is shown
    and spans starting past it are skipped before any work (a long body can have 100,000
    hits); the others keep their indexes in the meta."""
    if end is not None:
        body = body[:end]
    limit = len(body)
    layers: list[tuple[int, int, str | Style]] = []
    if sentence is not None:
        layers.append((sentence[0], sentence[1], SENTENCE_STYLE))
        layers.append((sentence[0], sentence[1], Style.from_meta({SENTENCE_META: 1})))
        if expression is not None:
            layers.append((expression[0], expression[1], EXPRESSION_STYLE))
    for i, mention in enumerate(mentions):
        if mention.start >= limit:
            continue
        layers.append((mention.start, mention.end, kind_style(mention.kind)))
        layers.append((mention.start, mention.end, Style.from_meta({MENTION_META: i})))
    if current is not None and 0 <= current < len(mentions):
        mention = mentions[current]
        layers.append((mention.start, mention.end, CURRENT_STYLE))
    for i, (start, stop) in enumerate(marks):
        if start >= limit:
            continue
        layers.append((start, stop, CURRENT_HIT_STYLE if i == current_hit else MARK_STYLE))
        layers.append((start, stop, Style.from_meta({HIT_META: i})))
    return layered(body, layers)
