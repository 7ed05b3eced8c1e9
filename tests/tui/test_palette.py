"""The command palette (ctrl+p): actions by name, entities, dates and titles, on the seeds."""

from __future__ import annotations

import asyncio
from typing import Any

from palette_app import RecipeApp, palette_options
from textual.command import CommandPalette
from textual.pilot import Pilot
from tui_helpers import S004, TITLES, run_async, wait_for_index, wait_until

from corpus_reader.index import Corpus
from corpus_reader.tui.date_query import spelled_out, typed_value
from corpus_reader.tui.fuzzy_match import highlight, match, prefilter
from corpus_reader.tui.palette import best
from corpus_reader.tui.palette_data import gather
from corpus_reader.tui.screens.help_screen import HelpScreen


async def choose(app: RecipeApp, pilot: Pilot[Any], query: str, first: str) -> list[str]:
    """Type ``query`` in the palette, check the best hit, choose it with Enter."""
    options = await palette_options(pilot, query, first)
    assert options[0].startswith(first), options
    await pilot.press("enter")
    await wait_until(pilot, lambda: not CommandPalette.is_open(app), "the palette to close")
    await pilot.pause()
    return options


@run_async
async def test_palette_opens_an_entity_by_an_alias(corpus: Corpus) -> None:
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        options = await choose(app, pilot, "kiev", "Open the entity view of Kyiv")
        assert options[0] == "Open the entity view of Kyiv (place, 10 mentions) · as Kiev"
        assert app.calls == [("entity", "place:kyiv")]


@run_async
async def test_palette_opens_an_entity_by_its_name(corpus: Corpus) -> None:
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        options = await choose(app, pilot, "putin", "Open the entity view of Vladimir Putin")
        assert options[0] == "Open the entity view of Vladimir Putin (person, 39 mentions)"
        assert app.calls == [("entity", "person:vladimir-putin")]


@run_async
async def test_palette_opens_a_typed_date(corpus: Corpus) -> None:
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        options = await choose(app, pilot, "24 Feb 2022", "Events on 2022-02-24")
        assert options[0] == "Events on 2022-02-24 (2 events)"
        assert app.calls == [("date", "2022-02-24")]


@run_async
async def test_palette_offers_the_corpus_dates_in_words(corpus: Corpus) -> None:
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        options = await palette_options(pilot, "friday 28", "Events on")
        assert options[0] == "Events on 2022-01-28 Friday 28 January 2022 (6 events, 2 articles)"
        await pilot.press("escape")
        await choose(app, pilot, "2022-W09", "Events on 2022-W09 (1 event)")
        assert app.calls == [("date", "2022-W09")]


@run_async
async def test_palette_opens_an_article_by_its_title(corpus: Corpus) -> None:
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        await choose(app, pilot, "macron and putin agree", f"Open: {TITLES[S004]}")
        assert app.calls == [("article", S004)]


@run_async
async def test_palette_runs_a_key_binding_by_its_description(corpus: Corpus) -> None:
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        options = await choose(app, pilot, "help", "Help  f1")
        assert not any(option.startswith("Back") for option in options)  # nowhere to go back
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")


@run_async
async def test_palette_lists_the_keys_of_the_focused_pane_and_hides_editing_keys(
    corpus: Corpus,
) -> None:
    app = RecipeApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        options = await palette_options(pilot, "results", "Results")
        rows = [option for option in options if option.startswith("Results")]
        assert len(rows) == 1 and set(rows[0].split()[1:]) == {"⏎", "↓"}  # Enter or ↓
        assert not any("cursor" in option.lower() for option in options)  # Input's own keys


def test_gather_reads_entities_dates_and_titles(corpus: Corpus) -> None:
    corpus.update()
    data = gather(corpus)
    assert len(data.entities) == 62 and len(data.titles) == 5
    assert [d.value for d in data.dates][:3] == ["1997", "2014", "2015"]
    friday = data.dates_by_value["2022-01-28"]
    assert (friday.events, friday.articles) == (6, 2)
    assert friday.words == "2022-01-28 Friday 28 January 2022"
    assert {t.id: t.title for t in data.titles}[S004] == TITLES[S004]


def test_typed_dates_read_as_timeml_values() -> None:
    cases = {
        "2022-02-24": "2022-02-24",
        "2022-2": "2022-02",
        "2022": "2022",
        "2022-W09": "2022-W09",
        "2022w9": "2022-W09",
        "24 Feb 2022": "2022-02-24",
        "24th of February, 2022": "2022-02-24",
        "Feb 24, 2022": "2022-02-24",
        "sept 3 2021": "2021-09-03",
        "February 2022": "2022-02",
    }
    for typed, value in cases.items():
        assert typed_value(typed) == value, typed
    for not_a_date in ("02/03/2022", "2022-02-30", "31 Feb 2022", "Feb", "24 Fe 2022", "putin"):
        assert typed_value(not_a_date) is None, not_a_date
    assert spelled_out("2022-W09") == "week 9 of 2022"
    assert spelled_out("2022-02") == "February 2022"


def test_match_prefers_substrings_and_word_starts() -> None:
    title = "Macron and Putin agree"
    assert match("putin", title)[1] == list(range(11, 16))
    assert match("putin macron", title)[0] > 0  # words in any order
    assert match("mcpt", title)[0] > 0  # letters in order
    assert match("zz", title) == (0.0, [])
    assert match("and", "Macron and Putin")[1] == [7, 8, 9]  # the word, not "mACRON"
    assert match("agree", title)[0] > match("aee", title)[0]


def test_match_is_linear_on_long_candidates() -> None:
    candidate = "e" * 2000 + "x"
    assert match("eeeeeeeeeeeeeeeeeeey", candidate) == (0.0, [])  # Textual's matcher: forever
    assert prefilter("eeeeeeeeeeeeeeeeeeey")(candidate) is False


def test_prefilter_passes_whatever_match_accepts() -> None:
    spellings = "\n".join(["kiev", "kyiv"])
    for query in ("kiev", "kyv", "kiev kyiv"):
        assert prefilter(query)(spellings)
    assert not prefilter("kvk")(spellings)  # not within one spelling


def test_highlight_never_reads_markup() -> None:
    content = highlight("[bold red]Not markup[/] \x1b[31m", [1, 2])
    assert content.plain.startswith("[bold red]Not markup[/]")
    assert "\x1b" not in content.plain


def test_best_keeps_the_top_hits_in_order() -> None:
    found = asyncio.run(best(range(2000), lambda n: (float(n % 7), None), limit=3))
    assert [(score, item) for score, _order, item, _d in found] == [
        (6.0, 6),
        (6.0, 13),
        (6.0, 20),
    ]
