"""The linked articles under the article: shown with their reasons, followed, and back."""

from __future__ import annotations

from tui_helpers import (
    S002,
    S004,
    focused,
    run_async,
    screen_text,
    wait_for_article,
    wait_for_index,
    wait_for_results,
    wait_until,
)

from corpus_reader.index import Corpus, Link
from corpus_reader.tui.app import CorpusReaderApp
from corpus_reader.tui.widgets.links_list import LinksList, link_prompt


@run_async
async def test_follow_the_same_event_link_and_come_back(corpus: Corpus) -> None:
    app = CorpusReaderApp(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(pilot)
        await pilot.press(*"title:putin", "enter")
        results = await wait_for_results(pilot, "title:putin")
        assert results.result is not None
        hits = [hit.id for hit in results.result.hits]
        await pilot.press(*["j"] * hits.index(S002), "enter")
        await wait_for_article(pilot, S002)
        links = app.query_one(LinksList)
        await wait_until(pilot, lambda: bool(links.links), "the links")
        assert links.links == tuple(corpus.links(S002))
        assert links.links[0].id == S004
        assert "same event 2022-01-28" in links.links[0].reasons
        await pilot.press("l")
        assert focused(app) is links
        text = screen_text(links)
        assert "same event 2022-01-28" in text and "Linked articles" in text

        await pilot.press("enter")  # follow the best link: 004, the same call
        view = await wait_for_article(pilot, S004)
        assert focused(app) is view
        await pilot.press("alt+left")
        await wait_for_article(pilot, S002)
        await wait_until(pilot, lambda: focused(app) is links, "focus back on the links")


def test_a_near_duplicate_says_so_first() -> None:
    link = Link("x", "A title", 0.9, ("similar text", "near-duplicate"))
    meta = link_prompt(link).plain.split("\n")[1]
    assert meta.startswith("0.90 · near-duplicate · similar text")
