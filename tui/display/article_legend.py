"""The line docked above the article: the mention in view, the search hits, the legend.

Apart from the widget, which keeps the state (mention stepped to or under the pointer, hit
stepped to, what ``/`` found) and hands it here; what matters most comes first, as narrow
panes cut the end of the line. Content built from plain strings and spans, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content

from corpus_reader.index import Entity, Mention, Span

from .article_cut import BEYOND, beyond
from .highlights import MARK_STYLE, kind_style, legend
from .safe_text import line


def mention_label(mention: Mention, entity: Entity | None) -> Content:
    """``Vladimir Putin · person · person:vladimir-putin`` for ``mention`` (of ``entity``)."""
    name = entity.name if entity else mention.text
    return Content.assemble(
        line(name, kind_style(mention.kind)), f" · {mention.kind} · ", line(mention.key)
    )


def hits_label(
    hits: Sequence[Span], hit: int | None, *, found: bool, counting: bool, cut: int
) -> Content:
    """``hit 3/7`` once stepping, ``7 hits: n N`` before; nothing without a search hit.
    What ``/`` found (``found``) counts as ``found 2/5``; ``counting`` says the query's hits
    past the shown part are still being counted, ``cut`` where that part ends."""
    count = len(hits)
    if not count:
        return Content()
    if hit is None:
        label = f"{count} hit{'s' if count != 1 else ''}: n N"
        past = sum(1 for span in hits if beyond(span, cut))
        note = f" ({past} {BEYOND})" if past else ""
        if not found and counting:
            note = " (counting the rest of the text…)"
    else:
        label = f"{'found' if found else 'hit'} {hit + 1}/{count}"
        note = f" ({BEYOND})" if beyond(hits[hit], cut) else ""
    if not note:
        return Content(label).stylize(MARK_STYLE) + "  "
    return Content.assemble(
        Content(label).stylize(MARK_STYLE), Content(note).stylize("$text-warning"), "  "
    )


def legend_line(
    mentions: Sequence[Mention],
    entities: Mapping[str, Entity],
    index: int | None,
    hits: Content,
    cut: int,
) -> Content:
    """The mention at ``index`` (named from ``entities``), else the legend of the kinds and a
    hint how to step; after or before the ``hits`` label."""
    n = len(mentions)
    if index is not None and 0 <= index < n:
        mention = mentions[index]
        described = mention_label(mention, entities.get(mention.key))
        info = Content.assemble(f"{index + 1}/{n} ", described)
        if beyond((mention.start, mention.end), cut):
            info = Content.assemble(info, Content(f" ({BEYOND})").stylize("$text-warning"))
        return Content.assemble(info, "  ", hits, legend())
    hint = f"{n} mentions: ] and [ step" if n else "no mentions"
    return Content.assemble(hits, legend(), "  ", Content(hint).stylize("$text-muted"))
