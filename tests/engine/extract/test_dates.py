"""extract_events: one test per rule with exact values, and the seeds' hand-made gold events."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from corpus_reader.index.extract.dates import extract_events
from corpus_reader.index.ingest.read import read_file

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
MON = date(2022, 3, 7)  # a Monday
FRI = date(2022, 1, 28)  # a Friday
LATE_MARCH = date(2022, 3, 28)


def found(text: str, anchor: date | None = MON) -> list[tuple[str, str, str, str]]:
    return [
        (e.expression, e.date, e.granularity, e.resolution) for e in extract_events(text, anchor)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on May 29, 2017.", ("May 29, 2017", "2017-05-29", "day", "explicit")),
        ("They met on 29 May 2017.", ("29 May 2017", "2017-05-29", "day", "explicit")),
        ("They met on Sept. 3, 1998.", ("Sept. 3, 1998", "1998-09-03", "day", "explicit")),
        ("Filed 2022-01-28 by us.", ("2022-01-28", "2022-01-28", "day", "explicit")),
        ("PARIS 07.03.2022", ("07.03.2022", "2022-03-07", "day", "explicit")),
        ("Signed 25/3/2022 in Kyiv.", ("25/3/2022", "2022-03-25", "day", "explicit")),
        ("Signed 3/25/2022 in Kyiv.", ("3/25/2022", "2022-03-25", "day", "explicit")),
        ("It began in March 2022.", ("March 2022", "2022-03", "month", "explicit")),
        ("The accords of 2015 hold.", ("2015", "2015", "year", "explicit")),
        ("Fighting since 2014 goes on.", ("since 2014", "2014", "year", "explicit")),
        ("Back to the 1997 borders.", ("1997", "1997", "year", "explicit")),
        ("During the summer in 2019.", ("the summer in 2019", "2019", "year", "explicit")),
        # a year used as a modifier after a determiner or a possessive
        ("A 1996 law named for him.", ("1996", "1996", "year", "explicit")),
        ("After its 1990 invasion of Kuwait.", ("1990", "1990", "year", "explicit")),
        ("The company's 1989 results fell.", ("1989", "1989", "year", "explicit")),
        ("Bonds due 1993 were sold.", ("1993", "1993", "year", "explicit")),
        # years said aloud in broadcast transcripts
        (
            "It began in nineteen seventy-nine.",
            ("nineteen seventy-nine", "1979", "year", "explicit"),
        ),
        (
            "January nineteen ninety-seven.",
            ("January nineteen ninety-seven", "1997-01", "month", "explicit"),
        ),
        ("By the year two thousand, it ends.", ("year two thousand", "2000", "year", "explicit")),
    ],
)
def test_explicit(text: str, expected: tuple[str, str, str, str]) -> None:
    assert found(text) == [expected]
    assert found(text, None) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He spoke on Sunday night.", ("on Sunday night", "2022-03-06", "day", "relative")),
        ("He spoke on Monday.", ("on Monday", "2022-03-07", "day", "relative")),
        ("Later Friday, he called.", ("Later Friday", "2022-03-04", "day", "relative")),
        ("He will travel on Friday.", ("on Friday", "2022-03-11", "day", "relative")),
        ("They are expected to meet on Monday.", ("on Monday", "2022-03-07", "day", "relative")),
        ("It happened last Monday.", ("last Monday", "2022-02-28", "day", "relative")),
        ("It happens next Monday.", ("next Monday", "2022-03-14", "day", "relative")),
        ("It rained yesterday.", ("yesterday", "2022-03-06", "day", "relative")),
        ("It opens tomorrow.", ("tomorrow", "2022-03-08", "day", "relative")),
        ("He said so today.", ("today", "2022-03-07", "day", "relative")),
        ("They cheered yesterday's news.", ("yesterday", "2022-03-06", "day", "relative")),
        ("Tomorrow's vote matters.", ("Tomorrow", "2022-03-08", "day", "relative")),
        ("It happened last week.", ("last week", "2022-W09", "week", "relative")),
        ("He said earlier this week that", ("earlier this week", "2022-W10", "week", "relative")),
        ("It happens next week.", ("next week", "2022-W11", "week", "relative")),
        ("Earlier this month, he went.", ("Earlier this month", "2022-03", "month", "relative")),
        ("It fell last month.", ("last month", "2022-02", "month", "relative")),
        ("It rose last year.", ("last year", "2021", "year", "relative")),
        ("It ends next year.", ("next year", "2023", "year", "relative")),
        ("Sales for the full year rose.", ("the full year", "2022", "year", "relative")),
        (
            "Sales rise in the current fiscal year.",
            ("the current fiscal year", "2022", "year", "relative"),
        ),
        ("It began three days ago.", ("three days ago", "2022-03-04", "day", "relative")),
        ("It began two weeks ago.", ("two weeks ago", "2022-W08", "week", "relative")),
        ("It began a year ago.", ("a year ago", "2021", "year", "relative")),
        # a day or month with its year written relative to the anchor is one expression
        ("It began in June last year.", ("June last year", "2021-06", "month", "relative")),
        ("In January this year, he left.", ("January this year", "2022-01", "month", "relative")),
        ("It joins in April next year.", ("April next year", "2023-04", "month", "relative")),
        (
            "He left on Oct. 23 last year.",
            ("on Oct. 23 last year", "2021-10-23", "day", "relative"),
        ),
    ],
)
def test_relative(text: str, expected: tuple[str, str, str, str]) -> None:
    assert found(text) == [expected]
    assert found(text, None) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It started on February 24.", ("on February 24", "2022-02-24", "day", "year inferred")),
        ("It started on 12 March.", ("on 12 March", "2022-03-12", "day", "year inferred")),
        ("Earlier on 12 March, he left.", ("12 March", "2022-03-12", "day", "year inferred")),
        ("They took office on March 22.", ("on March 22", "2022-03-22", "day", "year inferred")),
        ("He took office on March 29.", ("on March 29", "2021-03-29", "day", "year inferred")),
        (
            "He is expected to call on March 29.",
            ("on March 29", "2022-03-29", "day", "year inferred"),
        ),
        ("He was elected in May.", ("May", "2021-05", "month", "year inferred")),
        ("He resigned in February.", ("February", "2022-02", "month", "year inferred")),
        ("He resigned in April.", ("April", "2021-04", "month", "year inferred")),
        ("He was shot last Oct. 23.", ("Oct. 23", "2021-10-23", "day", "year inferred")),
        ("The vote will be held in April.", ("April", "2022-04", "month", "year inferred")),
        (
            "They spoke this Friday, January 28.",
            ("this Friday, January 28", "2022-01-28", "day", "year inferred"),
        ),
    ],
)
def test_year_inferred(text: str, expected: tuple[str, str, str, str]) -> None:
    assert found(text, LATE_MARCH if "Friday" not in text else FRI) == [expected]
    assert found(text, None) == []


def test_weekday_with_date_picks_the_year_of_the_weekday() -> None:
    # January 28 is a Friday in 2022, not in 2023: the weekday wins over "past occurrence".
    assert found("They spoke this Friday, January 28.", date(2023, 1, 2))[0][1] == "2022-01-28"


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # reported future: "would" speaks of the future of a past "said"
        ("He said he would travel on Friday.", MON, "2022-03-11"),
        ("She said talks would resume on April 2.", LATE_MARCH, "2022-04-02"),
        # an "-ed" word a future cue governs is a participle or an adjective, not a past verb
        ("It will redeem preferred shares on April 2.", LATE_MARCH, "2022-04-02"),
        ("It would be paid on an unspecified date in April.", LATE_MARCH, "2022-04"),
        # ... but past again after a clause boundary
        ("It will grow, the firm confirmed on Tuesday.", MON, "2022-03-01"),
        # irregular past verbs are past cues
        ("The company bought the plant in May.", LATE_MARCH, "2021-05"),
        # "since" speaks of the past even after a future cue
        ("Talks will go on, as they have since April.", LATE_MARCH, "2021-04"),
        # a fronted date reads its tense from the clause after its comma
        ("In April, the company posted a loss.", LATE_MARCH, "2021-04"),
        ("On Tuesday, the league plans to hold a rally.", MON, "2022-03-08"),
        # an intention's infinitive and "to be done" speak of the future
        ("The company said it expects to release results in April.", LATE_MARCH, "2022-04"),
        ("Protesters were planning to march on Friday.", MON, "2022-03-11"),
        ("Rules to be published in April will apply.", LATE_MARCH, "2022-04"),
        # adverbs after "would"/"will" keep the participle that follows governed
        ("He said it would still be held on April 2.", LATE_MARCH, "2022-04-02"),
        # "by" a day or month is a deadline, ahead unless the clause is in the past perfect
        ("The court ruled they must leave by April 2.", LATE_MARCH, "2022-04-02"),
        ("By April, they had sold the plant.", LATE_MARCH, "2021-04"),
        # "Wednesday's ruling" is a known, past event whatever the clause says
        ("They will appeal Wednesday's ruling.", MON, "2022-03-02"),
        # a date used as a modifier ("the March 30 deadline") takes the nearest occurrence
        ("The court extended the March 30 deadline.", LATE_MARCH, "2022-03-30"),
    ],
)
def test_tense_of_the_clause(text: str, anchor: date, expected: str) -> None:
    assert [e[1] for e in found(text, anchor)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "a ceasefire from 10:00 a.m. (07:00 GMT) today",
        "their 1.5-hour-long phone conversation",
        "abuse by the Kiev regime for eight years",
        "a 90-minute phone call; they talked for an hour",
        "after massing around 100,000 troops",
        "more than 2000 troops and 1999 people",
        "it is now, currently and recently so",
        "in the coming days and in recent years",
        "For just $6 a month, every day",
        "The march went on; he may go.",
        "Flight 1998 left at 1930 GMT.",
        "They sold 1,998 cars.",
        "He had two thousand troops and nineteen ten-year-olds.",
        "Trading would extend from 1700 to 2100 local time (2300 to 0300 GMT).",
        "Protesters gathered at 1600 Pennsylvania Avenue.",
        "The Dow fell a record 508 points to 1738, then rose 115 points to 1854.",
        "The index hit a new high of 1757 from the 1753 finish.",
    ],
)
def test_not_events(text: str) -> None:
    assert [e for e in found(text) if e[0] != "today"] == []


def test_a_clock_time_before_a_date_is_not_a_year() -> None:
    text = "The offer for notes due 1992 was extended to 1700 CDT April 24."
    assert [e[0] for e in found(text)] == ["1992", "April 24"]


def test_a_level_owned_by_a_weekday_is_not_a_year() -> None:
    text = "The index closed at 1757, up from Friday's 1753 finish."
    assert [e[0] for e in found(text)] == ["Friday"]


def test_generic_todays_is_not_an_event() -> None:
    # "today's youth" means nowadays; "yesterday's news" and "tomorrow's vote" name a day
    assert found("Today's youth want more, as in today's world.") == []


def test_header_line_is_not_an_event() -> None:
    text = "date 2022-03-07 https://example.com/20220307/x.html\nHe spoke on Sunday."
    assert found(text) == [("on Sunday", "2022-03-06", "day", "relative")]


def test_rhetorical_today_in_a_question_is_not_an_event() -> None:
    assert found("Will you join our community today?") == []


def test_repeated_caption_gives_one_event() -> None:
    caption = "Photo taken on September 14, 2020, in Paris."
    events = extract_events(f"{caption}\n{caption}\nHe spoke on Monday.", MON)
    assert [(e.expression, e.start) for e in events] == [
        ("September 14, 2020", 15),
        ("on Monday", 2 * len(caption) + 2 + 9),
    ]


def test_event_carries_sentence_and_anchor() -> None:
    text = "First line. Macron spoke on Sunday night. End."
    (event,) = extract_events(text, MON)
    assert text[event.start : event.end] == "on Sunday night"
    assert event.sentence == "Macron spoke on Sunday night."
    assert text[event.sentence_start : event.sentence_end] == event.sentence
    assert event.anchor == "2022-03-07"
    assert event.article == "" and event.entities == ()


def test_events_are_sorted_and_do_not_overlap() -> None:
    text = "On Friday, January 28, 2022 and on Friday and in 2015 and last week."
    events = extract_events(text, FRI)
    assert [e.expression for e in events] == [
        "Friday, January 28, 2022",
        "on Friday",
        "2015",
        "last week",
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(events))


# The hand-made gold of the seeds: (offset in the file, expression, value, granularity).
GOLD: dict[str, tuple[date, list[tuple[int, str, str, str]], list[tuple[int, str]]]] = {
    "000_97abde8a9f432db6.txt": (
        date(2022, 3, 7),
        [
            (514, "07.03.2022", "2022-03-07", "day"),
            (660, "on Sunday night", "2022-03-06", "day"),
            (1150, "On Sunday", "2022-03-06", "day"),
            (1598, "last week", "2022-W09", "week"),
            (1780, "February 24", "2022-02-24", "day"),
        ],
        [(824, "10:00 a.m."), (1254, "1.5-hour-long"), (2363, "eight years")],
    ),
    "001_413afbb7d4f14754.txt": (
        date(2022, 2, 28),
        [
            (307, "September 14, 2020", "2020-09-14", "day"),
            (747, "on Monday", "2022-02-28", "day"),
            (1900, "February 28, 2022", "2022-02-28", "day"),
            (1939, "Earlier this month", "2022-02", "month"),
            (2176, "Monday", "2022-02-28", "day"),
        ],
        [(911, "90-minute"), (2235, "in the coming days")],
    ),
    "002_dc3610e44bff4c5d.txt": (
        date(2022, 1, 28),
        [
            (241, "on Friday", "2022-01-28", "day"),
            (378, "on Friday morning", "2022-01-28", "day"),
            (781, "on Wednesday", "2022-01-26", "day"),
            (1079, "on Friday", "2022-01-28", "day"),
            (1205, "earlier this week", "2022-W04", "week"),
            (1416, "summer in 2019", "2019", "year"),
            (1596, "May 29, 2017", "2017-05-29", "day"),
            (1917, "on Friday", "2022-01-28", "day"),
            (2410, "Later Friday", "2022-01-28", "day"),
        ],
        [(709, "eight hours"), (884, "100,000"), (3354, "today"), (3852, "every day"),
         (4230, "$6 a month")],
    ),
    "003_7b698886cd674502.txt": (
        date(2022, 3, 28),
        [
            (123, "on March 29", "2022-03-29", "day"),
            (412, "on February 24", "2022-02-24", "day"),
            (1008, "on March 22", "2022-03-22", "day"),
            (1627, "12 March", "2022-03-12", "day"),
        ],
        [(348, "a second month")],
    ),
    "004_65e64c825baad34a.txt": (
        date(2022, 1, 28),
        [
            (221, "this Friday, January 28", "2022-01-28", "day"),
            (834, "this week", "2022-W04", "week"),
            (1016, "1997", "1997", "year"),
            (1832, "since 2014", "2014", "year"),
            (2061, "2015", "2015", "year"),
        ],
        [(327, "more than an hour"), (672, "in recent years")],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_gold_events(name: str) -> None:
    published, gold, not_events = GOLD[name]
    article = read_file(SEEDS, name).articles[0]
    file_text = (SEEDS / name).read_text(encoding="utf-8")
    offset = file_text.index(article.body)  # the body is one contiguous piece of the file
    events = extract_events(article.body, published)
    got = {(e.start + offset, e.expression, e.date, e.granularity) for e in events}
    assert set(gold) <= got
    assert len(events) == len(gold)  # nothing else: captions once, no boilerplate "today"
    for start, text in not_events:
        assert file_text[start : start + len(text)] == text
        end = start + len(text)
        assert not [e for e in events if e.start + offset < end and e.end + offset > start]
