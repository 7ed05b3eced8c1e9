"""Settings that outlive a session (settings.json): the theme chosen in the palette."""

from __future__ import annotations

import os
from pathlib import Path

from palette_app import RecipeApp, palette_options
from textual.command import CommandPalette
from tui_helpers import run_async, wait_for_index, wait_until

from corpus_reader.index import Corpus
from corpus_reader.tui.settings import load_settings, save_settings, settings_path


def test_settings_live_in_the_user_config_folder() -> None:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "corpus-reader"
    assert settings_path() == folder / "settings.json"


def test_save_merges_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.json"
    path.parent.mkdir()
    path.write_text('{"later": 1}', encoding="utf-8")
    save_settings({"theme": "nord"}, path)
    assert load_settings(path) == {"later": 1, "theme": "nord"}
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


def test_unreadable_settings_read_as_none(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert load_settings(path) == {}
    for text in ("{not json", "[1, 2]", "\udcff"):
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        assert load_settings(path) == {}
    save_settings({"theme": "nord"}, path)  # a broken file is replaced, not a crash
    assert load_settings(path) == {"theme": "nord"}


@run_async
async def test_the_theme_chosen_in_the_palette_is_restored_next_time(corpus: Corpus) -> None:
    first = RecipeApp(corpus)
    async with first.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        default = first.theme
        assert not settings_path().exists()  # the default theme is not written down
        await palette_options(pilot, "theme", "Theme")
        await pilot.press("enter")  # the theme palette
        await wait_until(pilot, lambda: CommandPalette.is_open(first), "the theme palette")
        await palette_options(pilot, "nord", "nord")
        await pilot.press("enter")
        await wait_until(pilot, lambda: first.theme == "nord", "the theme to change")
        assert default != "nord"
        await wait_until(pilot, lambda: load_settings() == {"theme": "nord"}, "the theme saved")
    second = RecipeApp(corpus)
    async with second.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert second.theme == "nord"


@run_async
async def test_an_unknown_saved_theme_is_ignored(corpus: Corpus) -> None:
    save_settings({"theme": "no-such-theme"})
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert load_settings() == {"theme": "no-such-theme"}  # left for a later version
