"""Stepping through the search hits of an article with n / N, through Pilot on the seeds."""

from __future__ import annotations

from tui_helpers import (
    focused,
    run_async,
    wait_for_article,
    wait_for_index,
    wait_for_results,
    wait_until,
    widget_text,
)

from corpus_reader.index import Corpus
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.display.highlights import HIT_META
from corpus_reader.tui.widgets.article_view import ArticleView


def hit_lines(view: ArticleView, hit: int) -> list[int]:
    body = view.query_one("#article-body")
    return [
        body.virtual_region.y + y
        for y, strip in enumerate(body.render_lines(body.size.region))
        if any(seg.style and seg.style.meta.get(HIT_META) == hit for seg in strip)
    ]


@run_async
async def test_n_and_shift_n_step_through_the_hits_with_a_count(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_index(pilot)
        await pilot.press(*"putin", "enter")
        await wait_for_results(pilot, "putin")
        await pilot.press("enter")
        view = await wait_for_article(pilot)
        assert focused(app) is view and view.shown is not None
        count = len(view.shown.body_marks)
        assert count >= 5
        legend = view.query_one("#article-legend")
        assert f"{count} hits: n N" in widget_text(legend)

        await pilot.press("n")
        assert view.hit == 0 and f"hit 1/{count}" in widget_text(legend)
        await pilot.press("N")
        assert view.hit == count - 1 and f"hit {count}/{count}" in widget_text(legend)
        await pilot.press("n")  # wraps round to the first
        assert view.hit == 0
        await pilot.press("N")
        last = hit_lines(view, count - 1)[0]
        await wait_until(
            pilot,
            lambda: view.scroll_y <= last < view.scroll_y + view.scrollable_content_region.height,
            "the last hit in view",
        )
        assert view.scroll_y > 0


@run_async
async def test_slash_in_the_article_finds_text(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_index(pilot)
        await pilot.press(*"putin", "enter")
        await wait_for_results(pilot, "putin")
        await pilot.press("enter")
        view = await wait_for_article(pilot)
        assert view.shown is not None
        body = view.shown.article.body
        expected = body.lower().count("russia")
        assert expected >= 2
        await pilot.press("slash", *"RUSSIA")
        assert view.found is not None and len(view.found) == expected
        assert all(body[s:e].lower() == "russia" for s, e in view.found)
        assert view.hit == 0
        legend = view.query_one("#article-legend")
        assert f"found 1/{expected}" in widget_text(legend)
        await pilot.press("enter")  # keep what was found, back to reading
        assert focused(app) is view
        await pilot.press("n")
        assert view.hit == 1 and f"found 2/{expected}" in widget_text(legend)
        await pilot.press("slash", *"no such words", "escape")  # cancel: the query's hits again
        assert view.found is None and focused(app) is view
        assert view.hits == view.shown.body_marks
