"""Publication dates inferred from the text and from the corpus, per rule and on the seeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from corpus_reader.index.extract.pubdate import from_corpus, from_text, infer_dates
from corpus_reader.index.ingest.read import read_file

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/20220307/story-1093649863.html",
        "https://example.com/world/2022/03/07/story",
        "https://example.com/2022-03-07-story.html",
    ],
)
def test_url_path(url: str) -> None:
    assert from_text("Title", "No date here.", url) == (date(2022, 3, 7), "text")


def test_url_without_a_valid_date() -> None:
    assert from_text("Title", "No date here.", "https://example.com/20221399/x") is None
    assert from_text("Title", "No date here.", "https://example.com/id/1093649863") is None


@pytest.mark.parametrize(
    "body",
    [
        "PARIS (Sputnik) - It is necessary to talk, French Foreign... 07.03.2022\n\nMore.",
        "KYIV, March 7, 2022 (AFP) — Shelling went on.\n\nMore text.",
    ],
)
def test_dateline(body: str) -> None:
    assert from_text("Title", body, None) == (date(2022, 3, 7), "text")


def test_a_date_inside_a_sentence_is_no_dateline() -> None:
    assert from_text("T", "The treaty of May 29, 2017 was signed in Paris.", None) is None


def test_caption_date_on_the_named_weekday() -> None:
    body = (
        "Photo taken on September 14, 2020, in Paris.\n\n"
        "Macron on Monday called Putin.\n\n"
        "A school destroyed on February 28, 2022. (AFP)\n\n"
        "A visit on March 2, 2022 is planned."
    )
    # 2020-09-14 and 2022-02-28 are Mondays, 2022-03-02 is not: the latest Monday wins.
    assert from_text("T", body, None) == (date(2022, 2, 28), "text")


def test_no_weekday_named_no_caption_rule() -> None:
    assert from_text("T", "A school destroyed on February 28, 2022.\n\nMore.", "") is None


KNOWN = [date(2022, 3, 7), date(2022, 2, 28)]


def test_weekday_with_yearless_date_fixes_the_year() -> None:
    body = "The presidents spoke this Friday, January 28 by telephone. NATO since 2014."
    assert from_corpus(body, KNOWN) == (date(2022, 1, 28), "corpus")


def test_yearless_dates_bracket_the_publication() -> None:
    body = (
        "Macron is expected to hold talks on March 29. Russia launched its offensive on "
        "February 24. The previous conversation took place on March 22."
    )
    assert from_corpus(body, KNOWN) == (date(2022, 3, 28), "corpus")


def test_yearless_past_dates_only_give_the_latest() -> None:
    body = "Russia launched its offensive on February 24. They met on March 2."
    assert from_corpus(body, KNOWN) == (date(2022, 3, 2), "corpus")


def test_weekdays_only_lean_on_a_known_date_of_that_weekday() -> None:
    body = "They spoke on Friday. Later Friday, he called Kyiv. Talks were on Wednesday."
    assert from_corpus(body, [*KNOWN, date(2022, 1, 28)]) == (date(2022, 1, 28), "corpus")
    assert from_corpus(body, KNOWN) is None  # no known Friday: no guess


def test_weekdays_only_respect_the_years_the_text_writes() -> None:
    body = "They spoke on Friday, as in 2023."
    assert from_corpus(body, [date(2022, 1, 28)]) is None


def test_nothing_to_go_on() -> None:
    assert from_corpus("No dates at all.", KNOWN) is None
    assert from_corpus("They spoke on Friday.", []) is None


# seeds-events.json: 000 has a header; the others must be inferred.
SEED_DATES = {
    "000_97abde8a9f432db6.txt": (date(2022, 3, 7), "header"),
    "001_413afbb7d4f14754.txt": (date(2022, 2, 28), "text"),
    "002_dc3610e44bff4c5d.txt": (date(2022, 1, 28), "corpus"),
    "003_7b698886cd674502.txt": (date(2022, 3, 28), "corpus"),
    "004_65e64c825baad34a.txt": (date(2022, 1, 28), "corpus"),
}


def test_seed_publication_dates() -> None:
    articles = {name: read_file(SEEDS, name).articles[0] for name in SEED_DATES}
    known = {k: a.published for k, a in articles.items() if a.published is not None}
    assert known == {"000_97abde8a9f432db6.txt": date(2022, 3, 7)}
    inferred = infer_dates({k: (a.title, a.body, a.url) for k, a in articles.items()}, known)
    got = {**{k: (d, "header") for k, d in known.items()}, **inferred}
    assert got == SEED_DATES


def test_seed_text_and_corpus_rules_one_by_one() -> None:
    def body(name: str) -> str:
        return read_file(SEEDS, name).articles[0].body

    a000 = read_file(SEEDS, "000_97abde8a9f432db6.txt").articles[0]
    assert from_text(a000.title, a000.body, a000.url) == (date(2022, 3, 7), "text")
    assert from_text("", body("001_413afbb7d4f14754.txt"), None) == (date(2022, 2, 28), "text")
    header_only = [date(2022, 3, 7)]
    assert from_corpus(body("004_65e64c825baad34a.txt"), header_only) == (
        date(2022, 1, 28),
        "corpus",
    )
    assert from_corpus(body("003_7b698886cd674502.txt"), header_only) == (
        date(2022, 3, 28),
        "corpus",
    )
    assert from_corpus(body("002_dc3610e44bff4c5d.txt"), header_only) is None
    with_004 = [*header_only, date(2022, 1, 28)]
    assert from_corpus(body("002_dc3610e44bff4c5d.txt"), with_004) == (date(2022, 1, 28), "corpus")
