"""The entity view: one entity (name, kind, spellings, counts) and every article mentioning it.

The app fetches it as an ``EntityShown`` (``Corpus.entity`` and ``Corpus.mentions_of``).
Choosing an article posts ``EntityScreen.MentionChosen``: the app opens the article scrolled
to that mention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets.option_list import Option

from corpus_reader.index import Entity, EntityMention

from ..display.dates import day_label
from ..display.excerpt import excerpt_around
from ..display.fixed_row import FixedRow
from ..display.highlights import kind_style
from ..display.safe_text import line, marked, plain
from .view_list import RowBuilder, ViewList
from .view_screen import META_STYLE, ViewScreen, plural

TITLE_STYLE = "bold"
LOADING = "Loading the articles that mention it…"


@dataclass(frozen=True)
class EntityShown:
    """What the entity view shows: the entity and its rows (``Corpus.mentions_of``)."""

    entity: Entity
    mentions: Sequence[EntityMention]


def header_content(entity: Entity, shown: int) -> Content:
    """Name (in its kind's style) and kind; other spellings; how often, where."""
    name = line(entity.name, f"bold {kind_style(entity.kind)}")
    lines = [name + plain(f"  {entity.kind}", META_STYLE)]
    others = [alias for alias in entity.aliases if alias != entity.name]
    if others:
        lines.append(plain("also written: ", META_STYLE) + line(", ".join(others)))
    counts = f"mentioned {plural(entity.mentions, 'time')} in {plural(entity.articles, 'article')}"
    if shown < entity.articles:
        counts += f" · the newest {shown} listed"
    lines.append(plain(counts, META_STYLE))
    return Content("\n").join(lines)


def mention_row(row: EntityMention, kind: str, budget: int) -> FixedRow:
    """The title, then ``date · source · n mentions``, then the sentence, the mention marked."""

    def parts() -> tuple[Content, Content]:
        meta = [day_label(row.published)]
        if row.source:
            meta.append(row.source)
        meta.append(plural(row.count, "mention"))
        span = (row.start - row.sentence_start, row.end - row.sentence_start)
        text, moved = excerpt_around(row.sentence, span, budget)
        sentence = marked(text, [moved], mark=f"{kind_style(kind)} reverse")
        body = line(" · ".join(meta), META_STYLE) + "\n" + sentence
        return line(row.title or row.article, TITLE_STYLE), body

    return FixedRow(parts, 1 + ViewList.EXCERPT_LINES)


class MentionList(ViewList):
    """The articles mentioning the entity, newest first; Enter or a click opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="entity.down", show=False),
        Binding("k", "cursor_up", "Up", id="entity.up", show=False),
        Binding("enter", "select", "Open at the mention", id="entity.open"),
    ]


class EntityScreen(ViewScreen[EntityShown, EntityMention]):
    """Who or what an entity is, and every article that mentions it, with the sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="entity.close"),
    ]
    HEADER_ID = "entity-header"
    LOADING = LOADING
    EMPTY = "No article mentions it."
    item_type = EntityMention

    class MentionChosen(ViewScreen.ArticleChosen):
        """The reader chose an article: open it scrolled to ``mention_index`` of its mentions."""

        def __init__(self, view: EntityScreen, entity: Entity, mention: EntityMention) -> None:
            super().__init__(view, mention.article)
            self.entity = entity
            self.mention = mention

        @property
        def mention_index(self) -> int:
            return self.mention.mention

    def make_list(self) -> ViewList:
        return MentionList(id="entity-mentions")

    def header(self, shown: EntityShown) -> Content:
        return header_content(shown.entity, len(shown.mentions))

    def list_title(self, shown: EntityShown) -> str:
        return f"Articles {len(shown.mentions):,}"

    def row_builder(self, shown: EntityShown) -> RowBuilder:
        kind = shown.entity.kind

        def build(budget: int) -> list[tuple[Option, Any]]:
            return [(Option(mention_row(m, kind, budget)), m) for m in shown.mentions]

        return build

    def chosen(self, shown: EntityShown, item: EntityMention) -> EntityScreen.MentionChosen:
        return self.MentionChosen(self, shown.entity, item)
