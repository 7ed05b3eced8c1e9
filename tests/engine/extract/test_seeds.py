"""Extraction as the index stores it, on the seeds: dates, events, entities, alias search, export.

Exact expectations from the seeds' gold list (``shared/eval/seeds-events.json``), copied here.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from corpus_reader.index import Corpus
from corpus_reader.tui.cli import main

S000 = "000_97abde8a9f432db6.txt"
S001 = "001_413afbb7d4f14754.txt"
S002 = "002_dc3610e44bff4c5d.txt"
S003 = "003_7b698886cd674502.txt"
S004 = "004_65e64c825baad34a.txt"

GOLD_EVENTS = {
    S000: [
        ("07.03.2022", "2022-03-07"),
        ("on Sunday night", "2022-03-06"),
        ("On Sunday", "2022-03-06"),
        ("last week", "2022-W09"),
        ("February 24", "2022-02-24"),
    ],
    S001: [
        ("September 14, 2020", "2020-09-14"),
        ("on Monday", "2022-02-28"),
        ("February 28, 2022", "2022-02-28"),
        ("Earlier this month", "2022-02"),
        ("Monday", "2022-02-28"),
    ],
    S002: [
        ("on Friday", "2022-01-28"),
        ("on Friday morning", "2022-01-28"),
        ("on Wednesday", "2022-01-26"),
        ("on Friday", "2022-01-28"),
        ("earlier this week", "2022-W04"),
        ("summer in 2019", "2019"),
        ("May 29, 2017", "2017-05-29"),
        ("on Friday", "2022-01-28"),
        ("Later Friday", "2022-01-28"),
    ],
    S003: [
        ("on March 29", "2022-03-29"),
        ("on February 24", "2022-02-24"),
        ("on March 22", "2022-03-22"),
        ("12 March", "2022-03-12"),
    ],
    S004: [
        ("this Friday, January 28", "2022-01-28"),
        ("this week", "2022-W04"),
        ("1997", "1997"),
        ("since 2014", "2014"),
        ("2015", "2015"),
    ],
}
PUBLISHED = {
    S000: ("2022-03-07", "header"),
    S001: ("2022-02-28", "text"),
    S002: ("2022-01-28", "corpus"),
    S003: ("2022-03-28", "corpus"),
    S004: ("2022-01-28", "corpus"),
}


@pytest.fixture
def seeds(corpus: Corpus) -> Corpus:
    corpus.update()
    return corpus


@pytest.fixture
def where(seeds: Corpus) -> list[str]:
    return ["--corpus", str(seeds.root), "--index", str(seeds.index_dir), "--no-update"]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_publication_dates_are_inferred(seeds: Corpus) -> None:
    for ident, (day, source) in PUBLISHED.items():
        article = seeds.article(ident)
        assert (str(article.published), article.date_source) == (day, source), ident


def test_every_gold_event_and_no_other(seeds: Corpus) -> None:
    for ident, gold in GOLD_EVENTS.items():
        events = seeds.article(ident).events
        found = [(e.expression.removeprefix("the "), e.date) for e in events]
        assert found == gold, ident
        for event in events:
            body = seeds.article(ident).body
            assert body[event.start : event.end] == event.expression
            assert body[event.sentence_start : event.sentence_end] == event.sentence
            assert event.sentence_start <= event.start < event.end <= event.sentence_end


def test_not_events(seeds: Corpus) -> None:
    expressions = {e.expression for e in seeds.events()}
    for text in ("10:00 a.m.", "1.5-hour-long", "eight years", "100,000", "90-minute"):
        assert not any(text in expression for expression in expressions)


def test_events_json_sorted_by_period_start(
    capsys: pytest.CaptureFixture[str], where: list[str]
) -> None:
    events = run_json(capsys, "events", *where, "--json")["events"]
    assert len(events) == sum(len(v) for v in GOLD_EVENTS.values())
    assert set(events[0]) >= {
        *("date", "granularity", "expression", "start", "end", "sentence", "article"),
        *("entities", "resolution"),
    }
    assert [e["date"] for e in events[:3]] == ["1997", "2014", "2015"]
    call = next(e for e in events if e["expression"] == "this Friday, January 28")
    assert call["resolution"] == "year inferred" and call["granularity"] == "day"
    assert call["entities"] == ["place:ukraine", "person:emmanuel-macron", "person:vladimir-putin"]
    march = run_json(capsys, "events", *where, "--json", "--from", "2022-03-07")["events"]
    assert [e["date"] for e in march] == ["2022-03-07", "2022-03-12", "2022-03-22", "2022-03-29"]


def test_entities_are_unified(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    entities = run_json(capsys, "entities", *where, "--json")["entities"]
    by_key = {e["key"]: e for e in entities}
    assert set(entities[0]) == {"key", "name", "kind", "aliases", "articles", "mentions"}
    assert by_key["person:vladimir-putin"]["name"] == "Vladimir Putin"
    assert by_key["person:vladimir-putin"]["articles"] == 5
    assert {"Kiev", "Kyiv"} <= set(by_key["place:kyiv"]["aliases"])
    assert {"Kharkov", "Kharkiv"} <= set(by_key["place:kharkiv"]["aliases"])
    assert {"Elysée", "Elysee"} <= set(by_key["org:elysee"]["aliases"])
    assert "Atlantic Alliance" in by_key["org:nato"]["aliases"]
    assert by_key["person:jean-yves-le-drian"]["articles"] == 2  # "Le Drian" in 000 joins it
    assert by_key["group:russian"]["kind"] == "group"
    names = {e["name"] for e in entities}
    assert not names & {"Friday", "Sunday", "Monday", "March", "Later", "President"}
    places = run_json(capsys, "entities", *where, "--json", "--kind", "place")["entities"]
    assert {e["kind"] for e in places} == {"place"}
    mentions = [e["mentions"] for e in entities]
    assert mentions == sorted(mentions, reverse=True)


def test_no_spurious_entities(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    entities = run_json(capsys, "entities", *where, "--json")["entities"]
    names = {e["name"] for e in entities}
    assert not names & {"Reports", "Republics", "Popular", "Pool", "Science", "GMT"}
    assert not names & {"Russia-Ukraine", "Franco-Russian", "Lugansk People"}
    by_key = {e["key"]: e for e in entities}
    lpr = by_key["place:luhansk-people-republic"]["aliases"]
    assert set(lpr) == {"LPR", "Lugansk People’s Republics"}
    assert by_key["place:united-states"]["aliases"] == ["US", "United States"]
    assert "Elysium" in by_key["org:elysee"]["aliases"]


def test_titles_are_not_part_of_names(seeds: Corpus) -> None:
    texts = {m.text for m in seeds.article(S002).mentions if m.kind == "person"}
    assert "Emmanuel Macron" in texts
    assert not any("President" in text for text in texts)


def test_alias_aware_search(seeds: Corpus) -> None:
    def ids(text: str) -> set[str]:
        return {h.id for h in seeds.search(text).hits}

    assert ids("place:Kyiv") == ids("place:Kiev") == {S000, S001, S003, S004}
    assert "Kyiv" not in seeds.article(S000).body  # 000 writes "Kiev"
    result = seeds.search("Kyiv")
    assert {h.id for h in result.hits} == {S000, S001, S003, S004}
    assert result.also_matched == ("Kiev",)
    assert ids("org:NATO") == ids('"Atlantic Alliance"') == {S002, S004}
    assert ids('person:"Le Drian"') == {S000, S002}
    assert ids("Kiev NOT Kyiv") == ids("Kiev -Kyiv")


def test_event_field(seeds: Corpus) -> None:
    def ids(text: str) -> set[str]:
        return {h.id for h in seeds.search(text).hits}

    assert ids("event:2022-02-24") == {S000, S003}
    assert ids("event:2022-01") == {S002, S004}
    assert ids("event:2017") == {S002}
    assert ids("event:2022-W09") == {S000}


def test_show_json_mentions_and_events(
    capsys: pytest.CaptureFixture[str], where: list[str]
) -> None:
    out = run_json(capsys, "show", "004", *where, "--json")
    assert (out["date"], out["date_source"]) == ("2022-01-28", "corpus")
    for mention in out["mentions"]:
        assert set(mention) == {"start", "end", "text", "kind", "key"}
        assert out["body"][mention["start"] : mention["end"]] == mention["text"]
    assert {"org:nato", "org:elysee", "person:vladimir-putin"} <= {
        m["key"] for m in out["mentions"]
    }
    assert out["events"][0]["expression"] == "this Friday, January 28"


def test_export_jsonl_and_csv(
    capsys: pytest.CaptureFixture[str], where: list[str], tmp_path: Path
) -> None:
    assert main(["export", *where]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == sorted(GOLD_EVENTS)
    target = tmp_path / "events.csv"
    assert main(["export", *where, "--format", "csv", "--output", str(target)]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert len(rows) == sum(len(v) for v in GOLD_EVENTS.values())
    first = rows[0]
    assert (first["article"], first["expression"], first["date"]) == (
        S000,
        "07.03.2022",
        "2022-03-07",
    )
    assert first["source"] == "sputniknews.com" and first["published"] == "2022-03-07"
    assert main(["export", *where, "--output", str(tmp_path / "no" / "such" / "dir.jsonl")]) == 2
