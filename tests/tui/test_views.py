"""The entity view and the date view, driven through Pilot in a small host app on the seeds.

The host pushes the screen with data fetched beforehand, as the app does from a worker, and
records the messages the screen posts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import on
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from tui_helpers import S002, S004, run_async, screen_text, wait_until

from corpus_reader.index import Corpus, Event
from corpus_reader.tui.screens.date_screen import DateEventList, DateScreen, DateShown
from corpus_reader.tui.screens.entity_screen import EntityScreen, EntityShown, MentionList

S000 = "000_97abde8a9f432db6.txt"
LE_DRIAN = "person:jean-yves-le-drian"
SIZE = (100, 40)


class Host(App[None]):
    """Pushes one view screen on mount and keeps what it posts."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.view = screen
        self.posted: list[Message] = []

    def on_mount(self) -> None:
        self.push_screen(self.view)

    @on(EntityScreen.MentionChosen)
    @on(DateScreen.EventChosen)
    def _chosen(self, message: Message) -> None:
        self.posted.append(message)


def entity_shown(corpus: Corpus, key: str = LE_DRIAN) -> EntityShown:
    corpus.update()
    return EntityShown(corpus.entity(key), corpus.mentions_of(key))


def date_shown(corpus: Corpus, value: str) -> DateShown:
    corpus.update()
    found = corpus.events_on(value)
    sources = {}
    for article_id in {event.article for event in found}:
        article = corpus.article(article_id)
        sources[article_id] = article.source or article.title
    return DateShown(value, found, sources)


def styled_texts(widget: Widget, attribute: str) -> list[str]:
    """The texts drawn in ``widget`` with a style attribute set (``reverse``, ``underline``)."""
    found = []
    for strip in widget.render_lines(widget.size.region):
        for segment in strip:
            if segment.style is not None and getattr(segment.style, attribute):
                found.append(segment.text)
    return found


@run_async
async def test_entity_view_shows_the_entity_and_its_articles(corpus: Corpus) -> None:
    shown = entity_shown(corpus)
    app = Host(EntityScreen(shown))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EntityScreen)
        header = screen_text(screen.query_one("#entity-header"))
        assert "Jean-Yves Le Drian  person" in header
        assert "also written: Le Drian" in header
        assert "mentioned 3 times in 2 articles" in header
        rows = screen.query_one(MentionList)
        assert rows.items == list(shown.mentions)
        assert [m.article for m in rows.items] == [S000, S002]
        assert app.focused is rows and rows.highlighted == 0
        text = screen_text(rows)
        assert "2022-03-07 · sputniknews.com · 1 mention" in text
        assert "2022-01-28 · 2 mentions" in text  # 002 names no source
        assert "Foreign Minister Jean-Yves Le Drian" in " ".join(text.split())
        # The mention is marked in its sentence (reversed: visible without colour too).
        assert {"Le Drian", "Jean-Yves Le Drian"} <= set(styled_texts(rows, "reverse"))


@run_async
async def test_entity_view_keys_move_and_open_at_the_mention(corpus: Corpus) -> None:
    shown = entity_shown(corpus)
    app = Host(EntityScreen(shown))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EntityScreen)
        await pilot.press("j")
        assert screen.current == shown.mentions[1]
        await pilot.press("k")
        assert screen.current == shown.mentions[0]
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: bool(app.posted), "MentionChosen")
        message = app.posted[-1]
        assert isinstance(message, EntityScreen.MentionChosen)
        assert (message.article_id, message.mention_index) == (S002, 36)
        assert message.entity.key == LE_DRIAN and message.control is screen
        assert app.screen is screen  # the app decides whether to leave it
        await pilot.press("q")
        assert not isinstance(app.screen, EntityScreen)


@run_async
async def test_entity_view_click_opens_and_escape_goes_back(corpus: Corpus) -> None:
    app = Host(EntityScreen(entity_shown(corpus, "place:kyiv")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(MentionList)
        assert [(m.text, m.count) for m in rows.items][:2] == [("Kyiv", 3), ("Kiev", 5)]
        await pilot.click(MentionList, offset=(4, 5))  # the second row (4 lines each)
        await wait_until(pilot, lambda: bool(app.posted), "MentionChosen")
        message = app.posted[-1]
        assert isinstance(message, EntityScreen.MentionChosen)
        assert message.article_id == S000 and message.mention.text == "Kiev"
        await pilot.press("escape")
        assert not isinstance(app.screen, EntityScreen)


@run_async
async def test_entity_view_can_be_pushed_first_and_filled_later(corpus: Corpus) -> None:
    shown = entity_shown(corpus)
    screen = EntityScreen()
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Loading" in screen_text(screen.query_one("#entity-header"))
        assert screen.query_one(MentionList).items == []
        screen.shown = shown
        await pilot.pause()
        assert "mentioned 3 times" in screen_text(screen.query_one("#entity-header"))
        assert screen.query_one(MentionList).items == list(shown.mentions)


def rows_of(screen: DateScreen) -> DateEventList:
    return screen.query_one(DateEventList)


def headers_and_rows(rows: DateEventList) -> list[str | Event]:
    """The list as headers (their text) and events, in order."""
    out: list[str | Event] = []
    for index in range(rows.option_count):
        item = rows.item_at(index)
        if item is None:
            prompt = rows.get_option_at_index(index).prompt
            out.append(prompt.parts[0].plain)
        else:
            out.append(item)
    return out


@run_async
async def test_date_view_groups_a_days_events_by_happening(corpus: Corpus) -> None:
    shown = date_shown(corpus, "2022-01-28")
    app = Host(DateScreen(shown))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DateScreen)
        header = screen_text(screen.query_one("#date-header"))
        assert "2022-01-28 Fri" in header
        assert "8 events in 2 articles · 1 happening reported by several articles" in header
        rows = screen.query_one(DateEventList)
        listed = headers_and_rows(rows)
        headers = [row for row in listed if isinstance(row, str)]
        assert headers == [
            "2022-W04 · 24–30 Jan · 2 events in 2 articles",
            "2022-01-28 Fri · same event · 2 articles",
            "2022-01-28 Fri · 4 events in 1 article",
        ]
        same = listed.index(headers[1])
        grouped = listed[same + 1 : same + 3]
        assert [(e.article, e.expression) for e in grouped if isinstance(e, Event)] == [
            (S002, "on Friday"),
            (S004, "this Friday, January 28"),
        ]
        assert sorted(map(id, rows.items)) == sorted(map(id, shown.events))
        assert rows.highlighted == 1  # the first event, not its header
        text = screen_text(rows)
        assert "2022-W04 · Macron and Putin agree" in text
        assert "this Friday, January 28" in styled_texts(rows, "underline")


@run_async
async def test_date_view_keys_skip_headers_and_open_an_event(corpus: Corpus) -> None:
    shown = date_shown(corpus, "2022-01-28")
    app = Host(DateScreen(shown))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DateScreen)
        await pilot.press("j", "j")  # past the second W04 event and the group's header
        chosen = screen.current
        assert chosen is not None and (chosen.group, chosen.article) == (1, S002)
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.posted), "EventChosen")
        message = app.posted[-1]
        assert isinstance(message, DateScreen.EventChosen) and message.event is chosen
        await pilot.press("k", "k")
        assert rows_of(screen).highlighted == 1  # the first event; its header is skipped
        await pilot.press("escape")
        assert not isinstance(app.screen, DateScreen)


@run_async
async def test_date_view_of_a_month(corpus: Corpus) -> None:
    app = Host(DateScreen(date_shown(corpus, "2022-02")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(DateEventList)
        headers = [row for row in headers_and_rows(rows) if isinstance(row, str)]
        assert headers == [
            "Feb 2022 · 1 event in 1 article",
            "2022-02-24 Thu · same event · 2 articles",
            "2022-W09 · 28 Feb–6 Mar · 1 event in 1 article",
            "2022-02-28 Mon · 3 events in 1 article",
        ]
        assert "Feb 2022" in screen_text(app.screen.query_one("#date-header"))


@run_async
async def test_date_view_flags_other_dates_and_keeps_text_literal(corpus: Corpus) -> None:
    shown = date_shown(corpus, "2022-02-24")
    first, second = [event for event in shown.events if event.group is not None]
    odd = replace(
        second,
        other_dates=("2022-02-25",),
        sentence="[bold red]Not markup[/] " + second.sentence,
        sentence_start=second.sentence_start - len("[bold red]Not markup[/] "),
    )
    first = replace(first, other_dates=("2022-02-25",))
    app = Host(DateScreen(replace(shown, value="2022-02-24", events=[first, odd])))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(DateEventList)
        text = screen_text(rows)
        assert "2022-02-24 Thu · same event · 2 articles · other sources: 2022-02-25" in text
        assert "other sources: 2022-02-25 · 2022-02-24 · sputniknews.com" in text
        assert "[bold red]Not markup[/]" in text
        assert "on February 24" in styled_texts(rows, "underline")


@run_async
async def test_date_view_with_no_events(corpus: Corpus) -> None:
    app = Host(DateScreen(date_shown(corpus, "2018")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DateScreen)
        assert "No dated events in it." in screen_text(screen.query_one(DateEventList))
        assert screen.current is None
        await pilot.press("enter")
        await pilot.pause()
        assert app.posted == []
