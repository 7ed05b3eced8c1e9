"""Event groups and linked articles: exact expectations on the seeds, the sidecar file kept
beside the index (recomputed when missing or stale), and the scoring on small made-up cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from corpus_reader.index import Corpus, Event, Progress
from corpus_reader.index.relate.event_groups import group_events
from corpus_reader.index.relate.links import link_articles, link_source
from corpus_reader.index.state import timeline
from corpus_reader.index.state.links_file import links_path
from corpus_reader.index.whoosh_ext.schema import _event_row, stored_events

S000 = "000_97abde8a9f432db6.txt"
S001 = "001_413afbb7d4f14754.txt"
S002 = "002_dc3610e44bff4c5d.txt"
S003 = "003_7b698886cd674502.txt"
S004 = "004_65e64c825baad34a.txt"


def reasons(corpus: Corpus, source: str, target: str) -> tuple[str, ...]:
    found = {link.id: link.reasons for link in corpus.links(source)}
    return found[target]


def test_seeds_same_call_and_invasion_are_linked(corpus: Corpus) -> None:
    corpus.update()
    for a, b, day in ((S002, S004, "2022-01-28"), (S000, S003, "2022-02-24")):
        assert f"same event {day}" in reasons(corpus, a, b)
        assert f"same event {day}" in reasons(corpus, b, a)
        assert any(r.startswith("shared: ") for r in reasons(corpus, a, b))
        assert corpus.links(a)[0].id == b  # the strongest link
    assert "shared: Jean-Yves Le Drian" in reasons(corpus, S002, S000)[0]
    links = corpus.links(S002)
    assert [k.score for k in links] == sorted((k.score for k in links), reverse=True)
    assert all(0 < k.score <= 1 and k.reasons and k.title for k in links)


def test_seeds_event_groups(corpus: Corpus) -> None:
    corpus.update()
    groups = corpus.event_groups()
    assert [(g.date, g.granularity, g.articles) for g in groups] == [
        ("2022-01-28", "day", (S002, S004)),
        ("2022-02-24", "day", (S000, S003)),
    ]
    call = groups[0]
    assert [e.expression for e in call.events] == ["on Friday", "this Friday, January 28"]
    assert {e.group for e in call.events} == {call.group}
    grouped = [e for e in corpus.events() if e.group is not None]
    assert len(grouped) == 4
    assert [e.group for e in corpus.article(S003).events if e.date == "2022-02-24"] == [
        groups[1].group
    ]
    assert corpus.event_groups(date_to=date(2022, 2, 1)) == [groups[0]]


def test_links_file_is_recomputed_when_missing_or_of_another_state(
    corpus: Corpus, tmp_path: Path
) -> None:
    corpus.update()
    before = corpus.links(S002)
    corpus.close()
    (by_article,) = (tmp_path / "index").glob("gen-*/links-*.sqlite")
    assert not list((tmp_path / "index").glob("gen-*/relations-*.json"))  # no longer kept
    by_article.unlink()
    with Corpus(corpus.root, tmp_path / "index") as again:
        assert again.links(S002) == before
    assert by_article.exists()  # the reader wrote it back
    generation = int(by_article.stem.split("-")[1])
    by_article.rename(links_path(by_article.parent, generation + 7))  # another state's
    with Corpus(corpus.root, tmp_path / "index") as again:
        assert again.links(S002) == before
    assert by_article.exists()


def test_linking_reports_its_progress(corpus: Corpus) -> None:
    steps: list[Progress] = []
    corpus.update(progress=steps.append)
    linking = [(p.done, p.total) for p in steps if p.phase == "links"]
    # Reading the 5 articles, linking them (two steps an article), done.
    assert linking == [(0, 10), (5, 10), (1, 1)]
    steps.clear()
    corpus.update(progress=steps.append)
    assert not [p for p in steps if p.phase == "links"]  # nothing changed: nothing to link


def test_an_update_that_adds_an_article_changes_the_links(corpus: Corpus, seeds_copy: Path) -> None:
    corpus.update()
    assert "near-duplicate" not in str(corpus.links(S004))
    copy = "Wire copy\n\n" + (seeds_copy / S004).read_text("utf-8")
    (seeds_copy / "005_wire.txt").write_text(copy, "utf-8")
    summary = corpus.update()
    assert summary.added == 1
    assert corpus.links(S004)[0].id == "005_wire.txt"
    assert corpus.links(S004)[0].reasons[0] == "near-duplicate"
    for kind in ("links-*.sqlite", "timeline-*.bin", "catalog-*.json"):
        # the writer removed the previous state's files
        assert len(list(Path(corpus.index_dir).glob(f"gen-*/{kind}"))) == 1, kind


# -- scoring on made-up articles -------------------------------------------------------------


def test_a_rare_entity_counts_more_than_a_common_one() -> None:
    sources = [
        link_source("a", "alpha", entities={"place:ukraine": 1, "person:le-drian": 1}),
        link_source("b", "beta", entities={"person:le-drian": 1, "org:nato": 1}),
        link_source("c", "gamma", entities={"place:ukraine": 1, "org:nato": 1}),
        link_source("d", "delta", entities={"place:ukraine": 1}),
        link_source("e", "epsilon", entities={"place:ukraine": 1, "place:kyiv": 1}),
        link_source("f", "zeta", entities={"place:kyiv": 1}),
    ]
    names = {"person:le-drian": "Jean-Yves Le Drian", "place:ukraine": "Ukraine"}
    links = link_articles(sources, names, lambda _a: "")
    scores = {k.target: k.score for k in links["a"]}
    assert links["a"][0].target == "b"
    assert scores["b"] > scores.get("c", 0.0)
    assert links["a"][0].reasons == ("shared: Jean-Yves Le Drian",)


def test_near_duplicate_is_marked_not_hidden() -> None:
    wire = (
        "The central bank raised its main interest rate by half a point on Tuesday, citing "
        "inflation that has run above its target for a year, and said more increases may follow."
    )
    texts = {
        "wire": wire,
        "copy": "Reuters - " + wire,
        "other": "Farmers protested fuel prices in the capital while the central bank met.",
        "else": "A football match ended in a draw after extra time in the rain.",
    }
    sources = [link_source(k, v) for k, v in texts.items()]
    links = link_articles(sources, {}, texts.__getitem__)
    assert links["wire"][0].target == "copy"
    assert links["wire"][0].reasons[0] == "near-duplicate"
    assert "similar text" not in links["wire"][0].reasons


def test_cites_and_cited_by() -> None:
    sources = [
        link_source("a", "As reported at https://www.example.com/news/1/ yesterday."),
        link_source("b", "Original story.", url="http://example.com/news/1"),
        link_source("c", "Unrelated."),
    ]
    links = link_articles(sources, {}, lambda _a: "")
    assert [(k.target, k.reasons) for k in links["a"]] == [("b", ("cites",))]
    assert [(k.target, k.reasons) for k in links["b"]] == [("a", ("cited by",))]
    assert links["c"] == []


def _event(article: str, day: str, sentence: str, entities: tuple[str, ...] = ()) -> Event:
    expression = "on " + day
    return Event(
        date=day,
        granularity="day",
        expression=expression,
        start=0,
        end=len(expression),
        sentence=f"{sentence} {expression}.",
        sentence_start=0,
        sentence_end=len(sentence),
        resolution="explicit",
        article=article,
        entities=entities,
    )


def test_groups_need_the_same_day_and_alike_sentences() -> None:
    said = "Russia launched a military offensive against Ukraine"
    grouping = group_events(
        {
            "a": [_event("a", "2022-02-24", said), _event("a", "2022-03-01", "Talks opened")],
            "b": [_event("b", "2022-02-24", "Russian troops launched an offensive into Ukraine")],
            "c": [_event("c", "2022-02-24", "The football league resumed its season")],
            "d": [_event("d", "2022-03-01", "Crowds gathered", ("person:le-drian",))],
            "e": [_event("e", "2022-03-01", "He spoke", ("person:le-drian",))],
        },
        {"person:le-drian": 2},
    )
    assert grouping.group_of == {("a", 0): 1, ("b", 0): 1, ("d", 0): 2, ("e", 0): 2}
    assert grouping.dates == {1: ("2022-02-24", "day"), 2: ("2022-03-01", "day")}
    assert grouping.other_dates == {}


def test_a_date_disagreement_is_flagged_on_both() -> None:
    said = "Russia launched a full military offensive against Ukraine from three sides"
    grouping = group_events(
        {"a": [_event("a", "2022-02-24", said)], "b": [_event("b", "2022-02-23", said)]}, {}
    )
    assert grouping.group_of == {}
    assert grouping.other_dates == {("a", 0): ("2022-02-23",), ("b", 0): ("2022-02-24",)}


def test_disputed_dates_of_ungrouped_events_are_kept_in_the_timeline(tmp_path: Path) -> None:
    """An event may carry a disputed date with no group of its own."""
    said = "Russia launched a full military offensive against Ukraine from three sides"
    gathering = timeline.Gathering(3, stored_events)
    for docnum, (article, day) in enumerate([("a.txt", "2022-02-24"), ("b.txt", "2022-02-25")]):
        event = _event(article, day, said)
        gathering.add(docnum, {"id": article, "events": [_event_row(event)]})
    disputed = {("a.txt", 0): ("2022-02-25",), ("b.txt", 0): ("2022-02-24",)}
    line = gathering.finish({}, disputed, {})
    timeline.save(tmp_path, line)
    again = timeline.load(tmp_path, 3)
    assert again == line
    assert again is not None and set(again.other_dates.values()) == set(disputed.values())
    assert list(again.group) == [-1, -1]
