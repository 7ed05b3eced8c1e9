"""Untrusted text made safe to show, with its highlight spans kept pointing at the same words.

The engine already cleans article text at ingest; this is defense in depth. Two passes:

1. ``clean_text`` (the engine's): newlines normalised, terminal escape sequences (CSI, OSC,
   DCS...), C0/C1 controls and bidi embedding/override/isolate controls removed.
2. ``INVISIBLE`` (display only): what ``clean_text`` keeps but a terminal must not get.
   Bidi marks (U+200E, U+200F, U+061C) would let a terminal that reorders text (VTE, Konsole,
   mlterm) move neutral characters around them; zero-width characters (U+200B, U+2060,
   U+FEFF, U+180E, the invisible operators U+2061..U+2064, the deprecated format controls
   U+206A..U+206F, the annotation controls U+FFF9..U+FFFB) hide inside names ("Pu\u200btin"
   reads as Putin but is not) and some terminals draw them a cell wide, so the screen and
   Textual's idea of it part. They are dropped. ZWJ (U+200D) and ZWNJ (U+200C) are kept:
   Persian, Arabic and Indic scripts and emoji sequences need them to spell words right.

Dropping characters would shift the spans the engine computed, so the spans are moved with
the text (``clean_with_spans``). Builds Textual ``Content`` from plain strings and explicit
spans only: never from markup.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.content import Span as StyleSpan
from textual.style import Style

from corpus_reader.index import ESCAPES, INVISIBLE, Span, clean_text

REPLACEMENT = "\ufffd"
"""What ``clean_text`` makes of NUL."""

_DROPPED = re.compile(
    ESCAPES.pattern
    + r"""
    | \r(?=\n)
    | [\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]
    | """
    + INVISIBLE.pattern,
    re.VERBOSE,
)
"""What ``display_text`` removes, found in one pass so that spans move exactly: the escape
sequences as ``clean_text`` reads them (the engine's own pattern), a CR before
LF, the other controls but CR and NUL (replaced one for one), the invisible characters. When
its result differs from ``display_text`` (the engine's rules changed), spans are aligned
character by character instead (``_realign``)."""

LINE_BREAKS = re.compile("[\t\n\u2028\u2029]")
"""What ``one_line`` turns into spaces: a title or a name keeps to its one line."""


def display_text(text: str | None) -> str:
    """``text`` as it may reach the screen: ``clean_text``, then invisible characters dropped."""
    cleaned = clean_text(text or "")
    return INVISIBLE.sub("", cleaned) if INVISIBLE.search(cleaned) else cleaned


def one_line(text: str | None) -> str:
    """``display_text`` with tabs and line breaks as spaces, for one-line fields."""
    return LINE_BREAKS.sub(" ", display_text(text))


def clean_with_spans(text: str, spans: Iterable[Span] = ()) -> tuple[str, list[Span]]:
    """``display_text(text)`` and ``spans`` moved to the same characters in it; a span left
    empty (it held only removed characters, or lay past the end) is dropped."""
    cleaned, moved = move_spans(text, spans)
    return cleaned, [span for span in moved if span is not None]


def move_spans(text: str, spans: Iterable[Span] = ()) -> tuple[str, list[Span | None]]:
    """``display_text(text)`` and each span moved into it, None where it emptied out: one
    entry per span, in order, so that callers can keep each span with its style."""
    n = len(text)
    clipped = [(max(0, s), min(n, e)) for s, e in spans]
    if _DROPPED.search(text) is None:  # the common case: the engine cleaned it at ingest
        return text, [(s, e) if s < e else None for s, e in clipped]
    runs = [(m.start(), m.end()) for m in _DROPPED.finditer(text)]
    cleaned = _DROPPED.sub("", text).replace("\r", "\n").replace("\x00", REPLACEMENT)
    expected = display_text(text)
    if cleaned == expected:
        moved = _shift(runs, clipped)
    else:  # the engine's cleaning changed: align its output, character by character
        cleaned, moved = expected, _realign(text, expected, clipped)
    return cleaned, [(s, e) if s < e else None for s, e in moved]


def _shift(runs: list[Span], spans: list[Span]) -> list[Span]:
    """Each span's ends moved back by the characters of ``runs`` (sorted, disjoint) removed
    before them."""
    starts = [start for start, _end in runs]
    before = [0]
    for start, end in runs:
        before.append(before[-1] + end - start)

    def new(position: int) -> int:
        k = bisect_left(starts, position)  # runs starting before ``position``
        if k and runs[k - 1][1] > position:  # inside a removed run: to its start
            return runs[k - 1][0] - before[k - 1]
        return position - before[k]

    return [(new(s), new(e)) for s, e in spans]


def _realign(text: str, cleaned: str, spans: list[Span]) -> list[Span]:
    """Spans of ``text`` moved to ``cleaned`` by matching characters greedily: a fallback,
    which can put a span a few characters off where an escape sequence's letters equal the
    text's (``\\x1bP...`` before ``Putin``)."""
    n = len(text)
    new_pos = [0] * (n + 1)
    j = 0
    for i, char in enumerate(text):
        new_pos[i] = j
        if j < len(cleaned) and _kept_as(char, cleaned[j], text, i):
            j += 1
    new_pos[n] = j
    return [(new_pos[s], new_pos[e]) if s < e else (0, 0) for s, e in spans]


def _kept_as(char: str, out: str, text: str, i: int) -> bool:
    if char == "\r":
        return out == "\n" and not text.startswith("\r\n", i)
    if char == "\x00":
        return out == REPLACEMENT
    return char == out


def layered(text: str, layers: Sequence[tuple[int, int, str | Style]]) -> Content:
    """Cleaned ``text`` with each ``(start, end, style)`` laid over it, later ones on top.

    The spans are moved with the cleaning as in ``clean_with_spans`` (one pass for all of
    them); a span left empty is dropped. Styles may be ``Style`` objects carrying meta (a
    mention's index, say), which mouse events report back under the pointer.
    """
    cleaned, moved = move_spans(text, [(start, end) for start, end, _style in layers])
    spans = [
        StyleSpan(span[0], span[1], layer[2])
        for span, layer in zip(moved, layers, strict=True)
        if span is not None
    ]
    return Content(cleaned, spans)


def marked(text: str, spans: Iterable[Span] = (), style: str = "", mark: str = "") -> Content:
    """Cleaned ``text`` as Content in ``style``, with ``mark`` laid over each span."""
    text, moved = clean_with_spans(text, spans)
    styled = [StyleSpan(0, len(text), style)] if style and text else []
    if mark:
        styled.extend(StyleSpan(start, end, mark) for start, end in moved)
    return Content(text, styled)


def plain(text: str | None, style: str = "") -> Content:
    """Cleaned ``text`` (None is empty) as Content in one style; markup in it stays literal."""
    content = Content(display_text(text))
    return content.stylize(style) if style else content


def line(text: str | None, style: str = "") -> Content:
    """``plain`` on one line: a title, source, URL or name with a line break or tab in it (a
    JSON record's, say) keeps its row to the lines the list measured."""
    content = Content(one_line(text))
    return content.stylize(style) if style else content
