"""Where the article pane cuts a long body, and the line saying so.

A body of megabytes would freeze the app: Textual styles and wraps the whole body again at
each change (a hit or mention stepped to), so the pane shows it up to ``DISPLAY_LIMIT``
characters. Search still covers the whole text, so hits and mentions past the cut are
counted, and the pane says when one lies beyond the shown text. Plain offsets in, Content out.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.content import Content

from corpus_reader.index import Span

DISPLAY_LIMIT = 50_000
"""Characters of a body shown at most (a long feature; some 20 screens of a 70-column pane).
Textual styles and wraps the whole body again at each change (a hit or mention stepped to),
so the shown part is kept to what steps through without a lag. The full text stays
searchable."""
CUT_LOOKBACK = 2_000
"""How far before the limit a cut looks for a line break or a space to end on."""
BEYOND = "beyond the shown text"


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


def beyond(span: Span, cut: int) -> bool:
    """Whether ``span`` starts past a body shown up to ``cut``."""
    return span[0] >= cut


def cut_notice(cut: int, length: int) -> Content:
    """``Cut for display: the first 49,999 of 5,000,014 characters shown; search still covers
    the whole text.`` (one sentence: what happened, how long the text is, what still works)."""
    text = (
        f"Cut for display: the first {cut:,} of {length:,} characters shown; "
        "search still covers the whole text."
    )
    return Content(text).stylize("bold $text-warning")
