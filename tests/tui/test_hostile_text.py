"""Hostile article text through every pane: nothing reaches the terminal as a control sequence,
markup shows as typed and does nothing when clicked, no bidi control or dropped zero-width
character is drawn; a huge body opens at once, cut for display, its hits past the cut counted.

What is checked is what is drawn: the strips the screen's compositor sends to the terminal
(the compositor is private API, acceptable in a test), and the SVG screenshot. The engine
already cleans text at ingest, so the TUI's own defence is tested with an engine that hands
out raw hostile strings (``RawCorpus``) as well as with a hostile folder read by the engine.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.strip import Strip
from tui_helpers import (
    run_async,
    screen_text,
    wait_for_article,
    wait_for_events,
    wait_for_index,
    wait_for_results,
    wait_until,
    widget_text,
)

from corpus_reader.index import (
    Article,
    Corpus,
    Entity,
    EntityMention,
    Link,
    Mention,
    SearchResult,
    Snippet,
)
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.display.safe_text import (
    clean_with_spans,
    display_text,
    layered,
    one_line,
)
from corpus_reader.tui.screens.entity_screen import EntityScreen
from corpus_reader.tui.widgets.article_view import (
    DISPLAY_LIMIT,
    ArticleView,
    display_cut,
    pieces,
)
from corpus_reader.tui.widgets.events_list import EventsList
from corpus_reader.tui.widgets.results_list import ResultsList
from corpus_reader.tui.widgets.search_box import SearchBox
from corpus_reader.tui.widgets.status_bar import StatusBar

SIZE = (160, 48)

ESCAPES = (
    "\x1b[2J"  # CSI: clear the screen
    "\x1b]0;pwned\x07"  # OSC: window title
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"  # OSC 8 hyperlink around "click"
    "\x1b]52;c;ZXZpbA==\x07"  # OSC 52: write the clipboard
    "\x1bP+q544e\x1b\\"  # DCS
    "\x9b31m"  # 8-bit CSI
    "\x07\x08\x0b\x0c\x7f"  # C0 and DEL
    "\x85\x9c"  # C1
)
MARKUP = "[bold]x[/bold] [link=http://evil]y[/link] [@click=app.quit]z[/] [red"
BIDI_AND_ZERO_WIDTH = "\u202e\u2066r\u2069\u200e\u200f\u061c Pu\u200bti\u2060n\ufeff"
JOINERS = "Na\u200cme Zw\u200dj"


def hostile(label: str) -> str:
    """``label`` with every kind of hostile text after it."""
    return f"{label}{ESCAPES} {MARKUP} {BIDI_AND_ZERO_WIDTH} {JOINERS}"


def shown(label: str) -> str:
    """What ``hostile(label)`` must look like on screen (the OSC 8 link's text stays)."""
    return f"{label}click {MARKUP} r Putin {JOINERS}"


FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
"""Nothing of this may be drawn: controls, bidi controls and marks, dropped zero-width."""
LITERAL = ("[bold]x[/bold]", "[link=http://evil]y[/link]", "[@click=app.quit]z[/]", "[red")


# -- pure checks ------------------------------------------------------------------------------


def test_display_text_drops_controls_bidi_and_zero_width_but_keeps_joiners() -> None:
    assert display_text(hostile("T")) == shown("T")
    assert "\u200c" in display_text(JOINERS) and "\u200d" in display_text(JOINERS)
    assert one_line("a\tb\nc\u2028d") == "a b c d"


def test_spans_stay_on_their_words_when_invisible_characters_go() -> None:
    text = f"{ESCAPES}Pu\u200btin met \u200eMa\ufeffcron"
    putin, macron = text.index("Pu"), text.index("Ma")
    cleaned, moved = clean_with_spans(text, [(putin, putin + 6), (macron, len(text))])
    assert cleaned == "clickPutin met Macron"
    assert [cleaned[s:e] for s, e in moved] == ["Putin", "Macron"]


def test_layered_moves_many_spans_in_one_pass() -> None:
    """100,000 spans, half past the end: one alignment, not one per span (that took minutes)."""
    text = "\u200bword " * 1000
    layers = [(6 * (i % 2000) + 1, 6 * (i % 2000) + 5, "bold") for i in range(100_000)]
    started = time.perf_counter()
    content = layered(text, layers)
    assert time.perf_counter() - started < 2.0
    assert content.plain == "word " * 1000
    assert len(content.spans) == sum(1 for start, _end, _style in layers if start < len(text))
    assert {content.plain[span.start : span.end] for span in content.spans} == {"word"}


def test_a_long_body_is_cut_at_a_line_break_or_space_before_the_limit() -> None:
    assert display_cut("short") == 5
    paragraphs = ("word " * 99 + "end\n\n") * 1000
    cut = display_cut(paragraphs)
    assert DISPLAY_LIMIT - 2000 < cut <= DISPLAY_LIMIT and paragraphs[cut] == "\n"
    assert display_cut("x" * (DISPLAY_LIMIT + 10)) == DISPLAY_LIMIT
    assert display_cut("ab cd" * 100, 10) == 7  # a short limit looks back no further than 0
    body = "one two\nthree " * 1000
    cuts = list(pieces(body, 100, 50))
    assert cuts[0][0] == 100 and cuts[-1][1] == len(body)
    assert all(a[1] == b[0] and a[1] - a[0] <= 50 for a, b in pairwise(cuts))


# -- what is drawn ------------------------------------------------------------------------------


def flat(text: str) -> str:
    """``text`` without white space and box lines: what wraps differently compares alike."""
    return re.sub(r"[\s│╭╮╰╯─]", "", text)


def assert_in(part: str, text: str) -> None:
    """``part`` is in ``text``, however either wraps."""
    assert flat(part) in flat(text), f"{part!r} not in {text!r}"


def drawn(app: App[Any]) -> list[Strip]:
    """The lines of the screen as the compositor sends them to the terminal."""
    return list(app.screen._compositor.render_strips())


def assert_safe(app: App[Any]) -> str:
    """Fail if a forbidden character, a hyperlink or a click action of article text is drawn;
    return the screen's text. The SVG screenshot is checked for the characters as well."""
    lines = []
    for strip in drawn(app):
        for segment in strip:
            assert not FORBIDDEN.search(segment.text), repr(segment.text)
            style = segment.style
            if style is not None:
                assert style.link is None, (segment.text, style)
                assert "app.quit" not in str((style.meta or {}).get("@click", "")), segment.text
        lines.append(strip.text)
    svg = app.export_screenshot()
    assert not FORBIDDEN.search(svg.replace("\n", ""))
    assert "evil.example\x07" not in svg and "pwned" not in svg
    return "\n".join(lines)


def position(app: App[Any], text: str) -> tuple[int, int]:
    """The screen cell where ``text`` is drawn first."""
    for y, strip in enumerate(drawn(app)):
        line = strip.text
        if text in line:
            return cell_len(line[: line.index(text)]), y
    raise AssertionError(f"{text!r} is not on screen")


def styles_over(app: App[Any], text: str) -> set[Any]:
    """The styles of the segments that draw ``text`` (where it is drawn first)."""
    for strip in drawn(app):
        line = strip.text
        if text not in line:
            continue
        start, end = line.index(text), line.index(text) + len(text)
        found, at = set(), 0
        for segment in strip:
            if at < end and at + len(segment.text) > start:
                found.add(segment.style)
            at += len(segment.text)
        return found
    raise AssertionError(f"{text!r} is not on screen")


async def assert_click_does_nothing(pilot: Pilot[Any], text: str) -> None:
    """Click on the literal click markup: the app keeps running, the screen stays."""
    app = pilot.app
    screen = app.screen
    x, y = position(app, text)
    await pilot.click(offset=(x + text.index("z"), y))
    await pilot.pause()
    assert app.is_running and app.screen is screen


# -- the engine's own reading of a hostile folder ---------------------------------------------


def write_hostile_folder(folder: Path) -> str:
    """One article in the seeds' format, hostile everywhere; returns its file name."""
    folder.mkdir()
    name = "[bold]f[red] \u202eevil\u200b\x1b[2J.txt"
    url = f"https://evil.example/a{ESCAPES}b[bold]u[/bold]\u202e"
    body = (
        f"On February 24, 2022 Emmanuel Macron spoke {hostile('Body')} with Vladimir Putin "
        "in Kyiv.\n\nSecond paragraph about NATO.\n"
    )
    text = f"date 2022-02-24 {url}\n\n{hostile('Title')}\n\n{body}"
    (folder / name).write_text(text, encoding="utf-8")
    return name


@run_async
async def test_a_hostile_file_read_by_the_engine_is_drawn_safely(tmp_path: Path) -> None:
    write_hostile_folder(tmp_path / "hostile")
    app = CorpusReaderApp(Corpus(tmp_path / "hostile", tmp_path / "index"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        await wait_for_events(pilot, "results", "")
        screen = assert_safe(app)
        assert_in(
            "Titleclick [bold]x[/bold] [link=http://ev", screen_text(app.query_one(ResultsList))
        )
        assert_in("February 24, 2022", screen_text(app.query_one(EventsList)))
        await pilot.press("enter", "enter")
        view = await wait_for_article(pilot)
        screen = assert_safe(app)
        article = screen_text(view)
        assert_in(shown("Title"), article)
        assert_in(shown("Body"), article)
        assert_in("evil.example", article)
        assert_in("https://evil.example/aclickb[bold]u[/bold]", article)
        assert_in("[bold]f[red] evil.txt", screen)  # the file name, in the pane's border
        assert len(styles_over(app, "[bold]x[/bold]")) == 1  # no style starts inside it
        await assert_click_does_nothing(pilot, "[@click=app.quit]z[/]")


# -- an engine handing out raw hostile strings: the TUI's own defence ---------------------------


class RawCorpus(Corpus):
    """The seeds, with every string the panes show replaced by raw hostile text."""

    def search(self, text: str, **kwargs: Any) -> SearchResult:
        result = super().search(text, **kwargs)
        hits = tuple(
            replace(
                hit,
                title=hostile(f"Title{i}") + "\nsecond line",
                source=hostile("Source"),
                url=hostile("https://evil.example/"),
                snippet=Snippet(hostile("Snippet"), ((0, 7),)),
            )
            for i, hit in enumerate(result.hits)
        )
        also = (hostile("Spelling"),)
        return replace(result, hits=hits, also_matched=also, notice=hostile("Notice"))

    def article(self, ident: str) -> Article:
        article = super().article(ident)
        body = f"Intro {hostile('Body')} and Macron.\n\nMore text."
        start = body.index("Macron")
        mention = Mention(start, start + 6, "Macron", "person", hostile("person:key"))
        return replace(
            article,
            id=hostile("file") + ".txt",
            title=hostile("Title"),
            body=body,
            source=hostile("Source"),
            url=hostile("https://evil.example/"),
            mentions=(mention,),
            events=(),
        )

    def links(self, article_id: str) -> list[Link]:
        return [Link("x.txt", hostile("Linked"), 0.5, (hostile("shared: Reason"),))]

    def labels(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        return {i: (hostile("Label"), hostile("EventSource")) for i in article_ids}

    def entities(self, kind: str | None = None) -> list[Entity]:
        return [self.entity("person:evil")]

    def entity(self, key: str) -> Entity:
        return Entity(key, hostile("Entity"), "person", (hostile("Alias"),), 1, 1)

    def mentions_of(self, key: str, *, limit: int | None = 500) -> list[EntityMention]:
        sentence = hostile("Sentence") + " Macron."
        at = sentence.index("Macron")
        return [
            EntityMention(
                "x.txt", hostile("Row"), date(2022, 1, 1), hostile("RowSource"), 0, at, at + 6,
                "Macron", sentence, 0, len(sentence),
            )
        ]  # fmt: skip


@run_async
async def test_raw_hostile_strings_are_drawn_safely_in_every_pane(
    seeds_copy: Path, tmp_path: Path
) -> None:
    app = CorpusReaderApp(RawCorpus(seeds_copy, tmp_path / "index"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_index(pilot)
        await wait_for_events(pilot, "results", "")
        screen = assert_safe(app)
        results = screen_text(app.query_one(ResultsList))
        for part in ("Title0click [bold]x[/bold]", "Snippetclick [bold]x[/bold]"):
            assert_in(part, results)
        status = screen_text(app.query_one(StatusBar))
        assert_in("also matched: Spellingclick [bold]x[/bold]", status)
        assert_in("EventSourceclick [bold]x", screen_text(app.query_one(EventsList)))

        await pilot.press("enter", "enter")
        view = await wait_for_article(pilot)
        screen = assert_safe(app)
        article = screen_text(view)
        for part in (shown("Title"), shown("Body"), shown("Source"), shown("Linked")):
            assert_in(part, article)
        assert_in("fileclick [bold]x[/bold]", screen)  # the id, in the border
        assert len(styles_over(app, "[bold]x[/bold]")) == 1
        await assert_click_does_nothing(pilot, "[@click=app.quit]z[/]")

        await pilot.press("right_square_bracket")  # the mention line names its key
        assert_in("person:keyclick [bold]x", widget_text(view.query_one("#article-legend")))
        assert_safe(app)

        app.open_entity_view("person:evil")
        await wait_until(pilot, lambda: isinstance(app.screen, EntityScreen), "the entity view")
        entity_screen = app.screen
        assert isinstance(entity_screen, EntityScreen)
        await wait_until(pilot, lambda: entity_screen.shown is not None, "the entity")
        await pilot.pause()
        screen = assert_safe(app)
        for part in (shown("Entity"), shown("Alias"), "Rowclick [bold]x", "RowSourceclick [bold]x"):
            assert_in(part, screen)
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: CommandPalette.is_open(app), "the palette")
        await pilot.press(*"entity")
        await wait_until(pilot, lambda: "Open the entity view of" in assert_safe(app), "hits")
        assert_in("Entityclick [bold]x[/bold]", assert_safe(app))


# -- huge bodies --------------------------------------------------------------------------------

HUGE = 5_000_000
WORDS = "Macron spoke with Putin about the crisis in Kyiv on Friday and the talks went on "


class HugeCorpus(Corpus):
    """The seeds, each article with a 5 MB body (one line, or paragraphs) ending in a word
    found nowhere else."""

    paragraphs = False

    def article(self, ident: str) -> Article:
        article = super().article(ident)
        unit = (WORDS * 12).strip() + "\n\n" if self.paragraphs else WORDS
        body = (unit * (HUGE // len(unit) + 1))[:HUGE] + " Tailword end."
        return replace(article, body=body, mentions=(), events=())


async def open_huge(pilot: Pilot[Any]) -> tuple[ArticleView, float]:
    """Open the first result; the seconds from Enter to its cut body painted."""
    app = pilot.app
    view = app.query_one(ArticleView)
    await pilot.press("enter")
    started = time.perf_counter()
    await pilot.press("enter")

    def painted() -> bool:
        text = screen_text(view)
        return view.shown is not None and "Cut for display" in text and "Macron spoke" in text

    await wait_until(pilot, painted, "the huge article")
    return view, time.perf_counter() - started


@pytest.mark.slow
@run_async
async def test_a_huge_single_line_body_opens_at_once_cut_with_a_notice(
    seeds_copy: Path, tmp_path: Path
) -> None:
    app = CorpusReaderApp(HugeCorpus(seeds_copy, tmp_path / "index"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        view, seconds = await open_huge(pilot)
        assert seconds < 3.0, f"{seconds:.2f} s from Enter to the article painted"
        notice = widget_text(view.query_one("#article-cut"))
        assert f"the first {view.cut:,} of {HUGE + 14:,} characters" in notice
        assert "search still covers the whole text" in notice
        assert view.cut <= DISPLAY_LIMIT

        legend = view.query_one("#article-legend")
        await pilot.press("slash", *"tailword")  # found past the cut, and said so
        await wait_until(pilot, lambda: view.found is not None and len(view.found) == 1, "find")
        await pilot.press("enter", "n")
        await pilot.pause()
        assert "found 1/1 (beyond the shown text)" in widget_text(legend)
        assert_safe(app)


@pytest.mark.slow
@run_async
async def test_a_huge_body_of_paragraphs_counts_the_hits_past_the_cut(
    seeds_copy: Path, tmp_path: Path
) -> None:
    corpus = HugeCorpus(seeds_copy, tmp_path / "index")
    corpus.paragraphs = True
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        app.query_one(SearchBox).value = "kyiv"
        await wait_for_results(pilot, "kyiv")
        view, seconds = await open_huge(pilot)
        assert seconds < 3.0, f"{seconds:.2f} s from Enter to the article painted"
        await wait_until(pilot, lambda: view.shown is not None and view.shown.counted, "count")
        assert view.shown is not None
        article, query = view.shown.article, view.shown.query
        assert view.shown.body_marks == corpus.marks(article.body, query, partial=True)
        hits = len(view.shown.body_marks)
        past = sum(1 for start, _end in view.shown.body_marks if start >= view.cut)
        assert past > 0 and hits > past
        legend = widget_text(view.query_one("#article-legend"))
        assert f"{hits} hits: n N ({past} beyond the shown text)" in legend
        await pilot.press("n", "N")  # the first hit on screen, then back to the last: past the cut
        await pilot.pause()
        assert f"hit {hits}/{hits} (beyond the shown text)" in widget_text(
            view.query_one("#article-legend")
        )
