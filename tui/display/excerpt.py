"""A window of a long sentence around the words a row is about, cut at spaces.

The entity and date views show one sentence per row in a couple of lines: the marked words
(a mention, a date expression) must be in the part that shows. Plain strings and offsets in,
plain strings and offsets out.
"""

from __future__ import annotations

from corpus_reader.index import Span

ELLIPSIS = "…"


def excerpt_around(text: str, span: Span, budget: int) -> tuple[str, Span]:
    """At most ``budget`` characters of ``text`` around ``span`` (plus ellipses where cut),
    and ``span`` moved into the excerpt."""
    start = max(0, min(span[0], len(text)))
    end = max(start, min(span[1], len(text)))
    if len(text) <= budget:
        return text, (start, end)
    left = max(0, start - max(0, budget - (end - start)) // 3)
    if left:
        cut = text.find(" ", left, start)
        left = cut + 1 if cut != -1 else left
    right = min(len(text), max(left + budget, end))
    if right < len(text):
        cut = text.rfind(" ", end, right)
        right = cut if cut != -1 else right
    head = ELLIPSIS if left else ""
    tail = ELLIPSIS if right < len(text) else ""
    shift = len(head) - left
    return head + text[left:right] + tail, (start + shift, end + shift)
