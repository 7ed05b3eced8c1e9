"""The user's keymap (keymap.toml): binding ids rebound to new keys; mistakes warn, never crash."""

from __future__ import annotations

import os
from pathlib import Path

from palette_app import RecipeApp
from tui_helpers import focused, run_async, wait_for_index

from corpus_reader.index import Corpus
from corpus_reader.tui.keymap import keymap_path, known_binding_ids, read_keymap
from corpus_reader.tui.widgets.results_list import ResultsList
from corpus_reader.tui.widgets.search_box import SearchBox

KNOWN = {"article.next_hit", "focus_search", "back"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_keymap_lives_in_the_user_config_folder() -> None:
    assert keymap_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "corpus-reader" / "keymap.toml"


def test_known_ids_are_those_of_every_binding() -> None:
    ids = known_binding_ids()
    for binding_id in ("quit", "back", "help", "article.next_hit", "results.down", "help.close"):
        assert binding_id in ids


def test_a_missing_keymap_is_empty_and_quiet(tmp_path: Path) -> None:
    assert read_keymap(tmp_path / "keymap.toml", KNOWN) == ({}, [])


def test_keymap_entries_quoted_or_dotted(tmp_path: Path) -> None:
    path = write(tmp_path / "keymap.toml", '"article.next_hit" = "n, f3"\nback = "ctrl+o"\n')
    assert read_keymap(path, KNOWN) == ({"article.next_hit": "n,f3", "back": "ctrl+o"}, [])
    path = write(tmp_path / "keymap.toml", 'article.next_hit = "f3"\n')
    assert read_keymap(path, KNOWN) == ({"article.next_hit": "f3"}, [])
    path = write(tmp_path / "keymap.toml", '[article]\nnext_hit = "f4"\n')
    assert read_keymap(path, KNOWN) == ({"article.next_hit": "f4"}, [])


def test_a_malformed_keymap_gives_one_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "keymap.toml", '"back" = ctrl+o\n')
    keymap, warnings = read_keymap(path, KNOWN)
    assert keymap == {}
    assert len(warnings) == 1 and "was not read" in warnings[0] and "line 1" in warnings[0]


def test_unknown_ids_and_bad_values_warn_once_and_the_rest_applies(tmp_path: Path) -> None:
    text = '"article.nex_hit" = "f3"\n"zzz" = "x"\nback = 3\nfocus_search = " , "\nhelp = "f2"\n'
    path = write(tmp_path / "keymap.toml", text)
    keymap, warnings = read_keymap(path, KNOWN | {"help"})
    assert keymap == {"help": "f2"}
    assert warnings == [
        f"{path}: unknown binding ids: 'article.nex_hit' (did you mean 'article.next_hit'?), "
        "'zzz'; not a key list like \"n,f3\": 'back', 'focus_search'. Those entries are ignored."
    ]


@run_async
async def test_a_rebound_key_works_and_the_old_one_no_longer_does(corpus: Corpus) -> None:
    write(keymap_path(), 'focus_search = "ctrl+f"\n"results.down" = "ctrl+n"\n')
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        results = app.query_one(ResultsList)
        results.focus()
        await pilot.pause()
        start = results.highlighted
        await pilot.press("j")
        assert results.highlighted == start  # j was results.down
        await pilot.press("ctrl+n")
        assert results.highlighted == (start or 0) + 1
        await pilot.press("slash")
        assert focused(app) is results  # / was focus_search
        await pilot.press("ctrl+f")
        assert isinstance(focused(app), SearchBox)
        assert not app._notifications  # a valid keymap says nothing


@run_async
async def test_a_bad_keymap_is_a_warning_not_a_crash(corpus: Corpus) -> None:
    write(keymap_path(), "this is not toml\n")
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        [note] = list(app._notifications)
        assert note.severity == "warning" and note.title == "Keymap"
        assert "keymap.toml was not read" in note.message
        await pilot.press("ctrl+p")  # the app works, with its default keys
        await pilot.press("escape")
        await pilot.press("tab")
        await pilot.press("slash")
        assert isinstance(focused(app), SearchBox)
