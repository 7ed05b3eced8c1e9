"""Untrusted text made safe to show, with its highlight spans kept pointing at the same words.

The engine already cleans article text at ingest; this is defense in depth. ``clean_text`` may
drop characters, which would shift the spans the engine computed, so text that needs cleaning is
realigned with the cleaned text and the spans are moved with it.
Builds Textual ``Content`` from plain strings and explicit spans only: never from markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.content import Span as StyleSpan
from textual.style import Style

from corpus_reader.index import Span, clean_text

REPLACEMENT = "\ufffd"
"""What ``clean_text`` makes of NUL."""


def clean_with_spans(text: str, spans: Iterable[Span] = ()) -> tuple[str, list[Span]]:
    """``clean_text(text)`` and ``spans`` moved to the same characters in the cleaned text.

    Cleaning only drops characters (and turns a lone CR into LF, NUL into U+FFFD), so the
    cleaned text is aligned with the original in one pass; a span left empty is dropped.
    """
    n = len(text)
    valid = [(max(0, s), min(n, e)) for s, e in spans if max(0, s) < min(n, e)]
    cleaned = clean_text(text)
    if cleaned == text:
        return text, valid
    new_pos = [0] * (n + 1)
    j = 0
    for i, char in enumerate(text):
        new_pos[i] = j
        if j < len(cleaned) and _kept_as(char, cleaned[j], text, i):
            j += 1
    new_pos[n] = j
    moved = [(new_pos[s], new_pos[e]) for s, e in valid]
    return cleaned, [(s, e) for s, e in moved if s < e]


def layered(text: str, layers: Sequence[tuple[int, int, str | Style]]) -> Content:
    """Cleaned ``text`` with each ``(start, end, style)`` laid over it, later ones on top.

    The spans are moved with the cleaning as in ``clean_with_spans``; a span left empty is
    dropped. Styles may be ``Style`` objects carrying meta (a mention's index, say), which
    mouse events report back under the pointer.
    """
    cleaned, moved = clean_with_spans(text, [(start, end) for start, end, _style in layers])
    if len(moved) == len(layers):
        spans = [StyleSpan(s, e, layer[2]) for (s, e), layer in zip(moved, layers, strict=True)]
    else:  # some spans emptied out: move them one by one to keep each with its style
        spans = []
        for start, end, style in layers:
            _text, one = clean_with_spans(text, [(start, end)])
            spans.extend(StyleSpan(s, e, style) for s, e in one)
    return Content(cleaned, spans)


def _kept_as(char: str, out: str, text: str, i: int) -> bool:
    if char == "\r":
        return out == "\n" and not text.startswith("\r\n", i)
    if char == "\x00":
        return out == REPLACEMENT
    return char == out


def marked(text: str, spans: Iterable[Span] = (), style: str = "", mark: str = "") -> Content:
    """Cleaned ``text`` as Content in ``style``, with ``mark`` laid over each span."""
    text, moved = clean_with_spans(text, spans)
    styled = [StyleSpan(0, len(text), style)] if style and text else []
    if mark:
        styled.extend(StyleSpan(start, end, mark) for start, end in moved)
    return Content(text, styled)


def plain(text: str | None, style: str = "") -> Content:
    """Cleaned ``text`` (None is empty) as Content in one style; markup in it stays literal."""
    content = Content(clean_text(text or ""))
    return content.stylize(style) if style else content
