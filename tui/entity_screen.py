"""The entity view: one entity (name, kind, spellings, counts) and every article mentioning it.

A full screen pushed over the main one. The app fetches the data in a worker and hands it
down as an ``EntityShown`` (to the constructor, or later through ``shown``); the screen never
calls the engine. Choosing an article posts ``EntityScreen.MentionChosen``: the app opens the
article scrolled to that mention. Esc or ``q`` goes back. Text is built from plain strings and
spans, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from corpus_reader.index import Entity, EntityMention

from .dates_display import day_label
from .excerpt import excerpt_around
from .fixed_row import FixedRow
from .highlights import kind_style
from .safe_text import line, marked, plain
from .view_list import ViewList

TITLE_STYLE = "bold"
META_STYLE = "$foreground-muted"
LOADING = "Loading the articles that mention it…"


@dataclass(frozen=True)
class EntityShown:
    """What the entity view shows: the entity and its rows (``Corpus.mentions_of``)."""

    entity: Entity
    mentions: Sequence[EntityMention]


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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


class EntityScreen(Screen[None]):
    """Who or what an entity is, and every article that mentions it, with the sentence."""

    CSS_PATH = "views.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="entity.close"),
    ]

    shown: reactive[EntityShown | None] = reactive(None, always_update=True, init=False)
    """The entity and its articles; None while they are being fetched."""

    class MentionChosen(Message):
        """The reader chose an article: open it scrolled to ``mention_index`` of its mentions."""

        def __init__(
            self, entity_screen: EntityScreen, entity: Entity, mention: EntityMention
        ) -> None:
            super().__init__()
            self.entity_screen = entity_screen
            self.entity = entity
            self.mention = mention

        @property
        def article_id(self) -> str:
            return self.mention.article

        @property
        def mention_index(self) -> int:
            return self.mention.mention

        @property
        def control(self) -> EntityScreen:
            return self.entity_screen

    def __init__(self, shown: EntityShown | None = None) -> None:
        super().__init__()
        self.set_reactive(EntityScreen.shown, shown)

    def compose(self) -> ComposeResult:
        yield Static(LOADING, id="entity-header", markup=False)
        yield MentionList(id="entity-mentions")
        yield Footer()

    def on_mount(self) -> None:
        self._show(self.shown)
        self.query_one(MentionList).focus()

    def watch_shown(self, shown: EntityShown | None) -> None:
        self._show(shown)

    def _show(self, shown: EntityShown | None) -> None:
        header = self.query_one("#entity-header", Static)
        rows = self.query_one(MentionList)
        if shown is None:
            header.update(LOADING)
            rows.show(lambda budget: [])
            return
        entity = shown.entity
        header.update(header_content(entity, len(shown.mentions)))
        rows.border_title = f"Articles {len(shown.mentions):,}"

        def build(budget: int) -> list[tuple[Option, Any]]:
            if not shown.mentions:
                return [(Option(Content("No article mentions it."), disabled=True), None)]
            return [(Option(mention_row(m, entity.kind, budget)), m) for m in shown.mentions]

        rows.show(build)

    @property
    def current(self) -> EntityMention | None:
        """The row under the cursor."""
        item = self.query_one(MentionList).current
        return item if isinstance(item, EntityMention) else None

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#entity-mentions")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = self.query_one(MentionList).item_at(event.option_index)
        if isinstance(chosen, EntityMention) and self.shown is not None:
            self.post_message(self.MentionChosen(self, self.shown.entity, chosen))
