"""The app for the tests of the palette, keymap and settings: ``RecipeApp`` records the
``open_*`` calls the palette makes instead of opening views, so a test can check them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from tui_helpers import wait_until

from corpus_reader.tui import app as app_module
from corpus_reader.tui.app import CorpusReaderApp

GATHER = CommandPalette._GATHER_COMMANDS_GROUP


def _app_css() -> list[str | Path]:
    """The app's style sheets, found from here (a relative CSS_PATH is read beside the module
    of the class that declares it)."""
    declared = CorpusReaderApp.CSS_PATH or []
    paths = [declared] if isinstance(declared, str | Path) else list(declared)
    return [Path(app_module.__file__).parent / path for path in paths]


class RecipeApp(CorpusReaderApp):
    """``CorpusReaderApp`` recording what the palette opens instead of opening it."""

    CSS_PATH = _app_css()

    calls: list[tuple[str, str]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls = []

    def open_entity_view(self, key: str) -> None:
        self.calls.append(("entity", key))

    def open_date_view(self, value: str) -> None:
        self.calls.append(("date", value))

    def open_article_by_id(self, article_id: str) -> None:
        self.calls.append(("article", article_id))


async def palette_options(pilot: Pilot[Any], query: str, first: str = "") -> list[str]:
    """Open the palette, type ``query``, and return the hits it lists (plain text, best first)
    once they have settled (and, if given, once the first one starts with ``first``)."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: CommandPalette.is_open(app), "the command palette")
    await pilot.press(*query)

    def settled() -> bool:
        busy = [w for w in app.workers if w.group == GATHER and not w.is_finished]
        shown = listed(app)
        return not busy and bool(shown) and shown[0].startswith(first)

    await wait_until(pilot, settled, f"palette hits for {query!r}")
    return listed(app)


def listed(app: App[Any]) -> list[str]:
    """The hits the open palette lists, as plain text (without their help line)."""
    options = app.screen.query_one(CommandList).options
    return [str(option.prompt).split("\n")[0] for option in options]
