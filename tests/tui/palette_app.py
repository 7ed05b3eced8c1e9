"""The app with the palette, keymap and settings recipe applied, for the tests of those parts.

``RecipeApp`` applies the integration recipe of ``tui/palette.py``, ``tui/keymap.py`` and
``tui/settings.py`` on top of ``CorpusReaderApp`` and records the ``open_*`` calls the palette
makes. Applying the recipe again on an app that already has it is harmless, so these tests keep
passing once ``app.py`` carries it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from tui_helpers import wait_until

from corpus_reader.tui import app as app_module
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.keymap import apply_user_keymap
from corpus_reader.tui.palette import PALETTE_PROVIDERS
from corpus_reader.tui.palette_data import PaletteWorkers
from corpus_reader.tui.settings import persist_theme

GATHER = CommandPalette._GATHER_COMMANDS_GROUP


def _app_css() -> list[str | Path]:
    """The app's style sheets, found from here (a relative CSS_PATH is read beside the module
    of the class that declares it)."""
    declared = CorpusReaderApp.CSS_PATH or []
    paths = [declared] if isinstance(declared, str | Path) else list(declared)
    return [Path(app_module.__file__).parent / path for path in paths]


class RecipeApp(CorpusReaderApp, PaletteWorkers):
    """``CorpusReaderApp`` as it will be once the recipe is in ``app.py``."""

    COMMANDS: ClassVar = App.COMMANDS | PALETTE_PROVIDERS
    CSS_PATH = _app_css()

    calls: list[tuple[str, str]]

    def on_mount(self) -> None:
        super().on_mount()
        self.calls = []
        for warning in apply_user_keymap(self):
            self.notify(warning, title="Keymap", severity="warning", markup=False)
        persist_theme(self)
        self.load_palette_data()

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
