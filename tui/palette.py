"""Command-palette providers (ctrl+p): the keys' actions by name, entities, dates and titles.

Each provider reads what the app gathered beforehand (``PaletteWorkers.palette_data``) and
never calls the engine, so a key in the palette costs a scan of memory only. Scans of long
lists yield to the event loop every ``CHUNK`` candidates (a newer key cancels them) and keep
only their best few hits. Matching and highlighting come from ``fuzzy_match``: linear, and safe
for untrusted titles and names (never read as markup). A chosen hit calls one of the app's
``open_*`` methods (``PaletteHost``) or runs a binding's action.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, Protocol, TypeVar, cast

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from corpus_reader.index import Entity

from .date_query import typed_value
from .display.safe_text import one_line
from .fuzzy_match import highlight, lower, match, prefilter
from .palette_data import PaletteData, TitleEntry

CHUNK = 500
"""Candidates scored between two yields to the event loop."""
MAX_HITS = 8
"""Hits per provider: the palette shows about ten lines."""
TYPED_DATE_SCORE = 1000.0
"""A whole date typed is what the reader means: above any fuzzy hit."""

T = TypeVar("T")


class PaletteHost(Protocol):
    """What the providers need of the app."""

    palette_data: PaletteData

    def open_entity_view(self, key: str) -> None: ...
    def open_date_view(self, value: str) -> None: ...
    def open_article_by_id(self, article_id: str) -> None: ...


def host(app: App[Any]) -> PaletteHost:
    """The app as the providers see it (an app without the palette data has none to offer)."""
    return cast(PaletteHost, app)


def data_of(app: App[Any]) -> PaletteData:
    """The app's palette data, or nothing yet."""
    data = getattr(app, "palette_data", None)
    return data if isinstance(data, PaletteData) else PaletteData()


async def best(
    items: Iterable[T], score: Callable[[T], tuple[float, Any]], limit: int = MAX_HITS
) -> list[tuple[float, int, T, Any]]:
    """The ``limit`` best-scoring items as ``(score, order, item, detail)``; zero scores are
    dropped. Yields to the event loop every ``CHUNK`` items, so a long scan never blocks it."""
    heap: list[tuple[float, int, T, Any]] = []
    for order, item in enumerate(items):
        if order and order % CHUNK == 0:
            await asyncio.sleep(0)
        value, detail = score(item)
        if value <= 0:
            continue
        entry = (value, -order, item, detail)
        if len(heap) < limit:
            heapq.heappush(heap, entry)
        elif entry[:2] > heap[0][:2]:
            heapq.heapreplace(heap, entry)
    return sorted(heap, key=lambda entry: entry[:2], reverse=True)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class ActionsProvider(Provider):
    """Every key binding that works where the reader is (focused pane, its parents, the app),
    by its description; choosing one runs its action as the key would.

    Listed: the bindings with an id (all of ours, which a keymap can rebind) or shown in the
    footer. Left out: Textual's hidden editing keys (an Input's cursor moves), system bindings
    and the palette's own key.
    """

    def commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """(description, keys, run) per description, in binding order: keys that do the same
        thing share a row (as on the help screen), which runs the first one's action."""
        keys: dict[str, list[str]] = {}
        runs: dict[str, Callable[[], object]] = {}
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not enabled or binding.system or binding.action == "command_palette":
                continue
            if binding.id is None and not binding.show:
                continue
            description = binding.description or binding.action.replace("_", " ")
            runs.setdefault(description, partial(self.app.run_action, binding.action, node))
            display = self.app.get_key_display(binding)
            if display not in keys.setdefault(description, []):
                keys[description].append(display)
        for description, run in runs.items():
            yield description, " ".join(keys[description]), run

    def _prompt(self, description: str, keys: str, offsets: list[int]) -> Content:
        name = highlight(description, offsets, self.match_style)
        return name + Content("  ") + Content(keys).stylize("$text-muted")

    async def discover(self) -> Hits:
        for description, keys, run in sorted(self.commands(), key=lambda row: row[0].lower()):
            yield DiscoveryHit(self._prompt(description, keys, []), run, text=description)

    async def search(self, query: str) -> Hits:
        for description, keys, run in self.commands():
            score, offsets = match(query, description)
            if score > 0:
                yield Hit(score, self._prompt(description, keys, offsets), run, text=description)


class EntitiesProvider(Provider):
    """Entities by name or any alias; choosing one opens its entity view."""

    def _score(self, query: str, entity: Entity) -> tuple[float, tuple[str, list[int]]]:
        top = 0.0
        detail: tuple[str, list[int]] = (entity.name, [])
        for spelling in (entity.name, *entity.aliases):
            score, offsets = match(query, spelling)
            if score > top:
                top, detail = score, (spelling, offsets)
        spelling = detail[0]
        if spelling != entity.name and lower(spelling) in lower(entity.name):
            detail = (entity.name, match(query, entity.name)[1])  # "Putin": say Vladimir Putin
        # the most mentioned first among equal matches
        return (top + min(entity.mentions, 1000) / 10_000 if top else 0.0), detail

    async def search(self, query: str) -> Hits:
        data = data_of(self.app)
        could_match = prefilter(query)

        def score(item: tuple[Entity, str]) -> tuple[float, tuple[str, list[int]]]:
            entity, text = item
            return self._score(query, entity) if could_match(text) else (0.0, ("", []))

        found = await best(zip(data.entities, data.entity_text, strict=True), score)
        for value, _order, (entity, _text), (spelling, offsets) in found:
            yield Hit(
                value,
                self._prompt(entity, spelling, offsets),
                partial(host(self.app).open_entity_view, entity.key),
                text=f"Open the entity view of {one_line(entity.name)}",
            )

    def _prompt(self, entity: Entity, spelling: str, offsets: list[int]) -> Content:
        """``Open the entity view of Kyiv (place, 10 mentions) · as Kiev``."""
        if spelling == entity.name:
            name, also = highlight(entity.name, offsets, self.match_style), Content("")
        else:
            name = highlight(entity.name, [], self.match_style)
            also = Content(" · as ") + highlight(spelling, offsets, self.match_style)
        count = plural(entity.mentions, "mention")
        return (
            Content("Open the entity view of ")
            + name
            + Content(f" ({entity.kind}, {count})")
            + also
        )


class DatesProvider(Provider):
    """Event dates of the corpus by value or in words, and any whole date typed; choosing one
    opens the date view."""

    async def search(self, query: str) -> Hits:
        data = data_of(self.app)
        typed = typed_value(query)
        if typed is not None:
            entry = data.dates_by_value.get(typed)
            counted = plural(entry.events, "event") if entry else "none in the corpus"
            yield self._hit(TYPED_DATE_SCORE, typed, Content(f"Events on {typed} ({counted})"))
        found = await best(data.dates, lambda entry: match(query, entry.words))
        for score, _order, entry, offsets in found:
            if entry.value == typed:
                continue
            words = highlight(entry.words, offsets, self.match_style)
            counts = f" ({plural(entry.events, 'event')}, {plural(entry.articles, 'article')})"
            yield self._hit(score, entry.value, Content("Events on ") + words + Content(counts))

    def _hit(self, score: float, value: str, prompt: Content) -> Hit:
        run = partial(host(self.app).open_date_view, value)
        return Hit(score, prompt, run, text=f"Events on {value}")


class TitlesProvider(Provider):
    """Article titles; choosing one opens the article."""

    async def search(self, query: str) -> Hits:
        data = data_of(self.app)
        could_match = prefilter(query)

        def score(item: tuple[TitleEntry, str]) -> tuple[float, list[int]]:
            entry, text = item
            return match(query, entry.title) if could_match(text) else (0.0, [])

        found = await best(zip(data.titles, data.title_text, strict=True), score)
        for value, _order, (entry, _text), offsets in found:
            prompt = Content("Open: ") + highlight(entry.title, offsets, self.match_style)
            yield Hit(
                value,
                prompt,
                partial(host(self.app).open_article_by_id, entry.id),
                text=one_line(prompt.plain),
                help=entry.published.isoformat() if entry.published else None,
            )


PALETTE_PROVIDERS: frozenset[type[Provider]] = frozenset(
    {ActionsProvider, EntitiesProvider, DatesProvider, TitlesProvider}
)
"""Add to the app's ``COMMANDS`` (``App.COMMANDS | PALETTE_PROVIDERS``)."""
