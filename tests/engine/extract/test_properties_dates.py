"""Property tests of date resolution: every expression the rules know, against any anchor.

Expressions are generated from templates of what ``dates_rules`` matches ("on Monday", "last
Tuesday", "March 3", "3 March 2021", "in 2019", "next week", "two days ago", ...) in a past,
future or untensed sentence, with a publication date from 1900 to 2100. Whatever is resolved
must be a valid TimeML value of the granularity it claims (the timeline, the date view and
``date:`` filters parse it back with ``periods.period``), and a weekday must land on that day.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_reader.index.extract.dates import extract_events
from corpus_reader.index.extract.dates_rules import NUMBERS, TENS
from corpus_reader.index.periods import period

EXAMPLES = 1500
"""Per test (a third for the two narrower ones): 4,000 cases in about 5 s on 2 cores."""

SHAPES = {
    "day": re.compile(r"\d{4}-\d\d-\d\d"),
    "week": re.compile(r"\d{4}-W\d\d"),
    "month": re.compile(r"\d{4}-\d\d"),
    "year": re.compile(r"\d{4}"),
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
ABBREVIATIONS = ["Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
SENTENCES = [
    "The talks took place {}.",
    "The minister said the vote was held {}.",
    "The summit will be held {}.",
    "Officials are expected to meet {}.",
    "{}, the talks resumed.",
    "The report, published {}, said little.",
    "Nothing changed {}",
]
"""Sentences around an expression: past, future and no tense cue, before or after it."""

anchors = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
weekday = st.integers(0, 6)
month = st.sampled_from(MONTHS + ABBREVIATIONS)
day = st.integers(1, 31).map(str) | st.sampled_from(["1st", "2nd", "3rd", "21st", "28th", "31st"])


def day_named(d: str) -> str | None:
    """ "30 February" is no day: its month may be read alone ("February"), or nothing."""
    return "day" if int(d.rstrip("stndrh")) <= 28 else None


year = st.integers(1600, 2099).map(str)
count = st.integers(0, 999).map(str) | st.sampled_from(sorted(NUMBERS))
unit = st.sampled_from(["day", "week", "month", "year"])


class Written(NamedTuple):
    """A date expression as written, the weekday it names and the granularity it names."""

    text: str
    weekday: int | None = None
    granularity: str | None = None  # None: a template whose reading depends on its words


@st.composite
def expressions(draw: st.DrawFn) -> Written:
    """One expression from a template of each rule of ``dates_rules``."""
    wd = draw(weekday)
    name = WEEKDAYS[wd]
    kind = draw(st.integers(0, 11))
    if kind == 0:
        pre = draw(st.sampled_from(["", "on ", "last ", "next ", "this ", "earlier on ", "late "]))
        part = draw(st.sampled_from(["", " morning", " night"]))
        return Written(f"{pre}{name}{part}", wd, "day")
    if kind == 1:
        form = draw(st.sampled_from(["{m} {d}", "{d} {m}", "{d} of {m}", "on {m} {d}"]))
        d = draw(day)
        return Written(form.format(m=draw(month), d=d), None, day_named(d))
    if kind == 2:
        form = draw(st.sampled_from(["{m} {d}, {y}", "{d} {m} {y}", "{w}, {m} {d}, {y}"]))
        d = draw(day)
        return Written(form.format(m=draw(month), d=d, y=draw(year), w=name), None, day_named(d))
    if kind == 3:
        form = draw(st.sampled_from(["{w}, {m} {d}", "on {w}, {m} {d}", "last {w}, {m} {d}"]))
        d = draw(day)
        return Written(form.format(m=draw(month), d=d, w=name), None, day_named(d))
    if kind == 4:
        form = draw(st.sampled_from(["in {y}", "since {y}", "the summer of {y}"]))
        return Written(form.format(y=draw(year)), None, "year")
    if kind == 5:
        mod = draw(st.sampled_from(["in ", "last ", "next ", "this ", "early ", "mid-", "by "]))
        rel = draw(st.sampled_from(["", " last year", " next year", " this year", " {y}"]))
        return Written(f"{mod}{draw(month)}{rel}".format(y=draw(year)), None, "month")
    if kind == 6:
        mod = draw(st.sampled_from(["last", "next", "this", "earlier this", "later this"]))
        which = draw(unit)
        return Written(f"{mod} {which}", None, which)
    if kind == 7:
        which = draw(unit)
        plural = draw(st.sampled_from(["", "s"]))
        direction = draw(st.sampled_from(["ago", "earlier"]))
        return Written(f"{draw(count)} {which}{plural} {direction}", None, which)
    if kind == 8:
        word = draw(st.sampled_from(["today", "yesterday", "tomorrow", "Today", "Yesterday"]))
        return Written(word, None, "day")
    if kind == 9:
        rel = draw(st.sampled_from(["last", "next", "this"]))
        d = draw(day)
        return Written(f"{draw(month)} {d} {rel} year", None, day_named(d))
    if kind == 10:
        y, m, d = draw(year), draw(st.integers(0, 13)), draw(st.integers(0, 32))
        form = draw(st.sampled_from([f"{y}-{m:02d}-{d:02d}", f"{d}/{m}/{y}", f"{d}.{m}.{y}"]))
        return Written(form, None, "day")
    tens = draw(st.sampled_from(sorted(TENS)))
    units = draw(st.sampled_from(["", "-one", " six", "-nine"]))
    form = draw(st.sampled_from(["in nineteen {}{}", "the 19{}{}s"]))
    return Written(form.format(tens, units), None, "year")


def check(text: str, anchor: date, written: Written | None = None) -> None:
    """Every event of ``text`` has a valid value of its granularity; with the one expression
    ``written`` in it, the granularity (and weekday) that expression names."""
    for event in extract_events(text, anchor):
        shape = SHAPES[event.granularity]
        assert shape.fullmatch(event.date), (event.expression, event.date, event.granularity)
        first, last = period(event.date)  # raises on a month 13 or a week 60
        assert first <= last
        assert text[event.start : event.end] == event.expression
        if written is None:
            continue
        if written.granularity is not None:
            assert event.granularity == written.granularity, (written, event)
        if written.weekday is not None:
            assert date.fromisoformat(event.date).weekday() == written.weekday, (written, event)


@settings(max_examples=EXAMPLES, deadline=1000)
@given(expressions(), st.sampled_from(SENTENCES), anchors)
def test_resolved_values_are_valid_for_their_granularity(
    written: Written, sentence: str, anchor: date
) -> None:
    check(sentence.format(written.text), anchor, written)


@settings(max_examples=EXAMPLES // 3, deadline=1000)
@given(
    st.integers(0, 999) | st.integers(900, 999),  # the rule's largest counts reach year 900
    unit,
    st.sampled_from(["ago", "earlier"]),
    st.sampled_from(SENTENCES),
    anchors,
)
def test_counted_shifts_give_four_digit_years(
    n: int, unit: str, direction: str, sentence: str, anchor: date
) -> None:
    """ "999 years ago" from 1900 is the year 0901, written with four digits (was "901")."""
    check(sentence.format(f"{n} {unit}s {direction}"), anchor, Written("", None, unit))


@settings(max_examples=EXAMPLES // 3, deadline=1000)
@given(expressions(), st.sampled_from(SENTENCES), st.dates())
def test_any_anchor_on_the_calendar(written: Written, sentence: str, anchor: date) -> None:
    """A file dated 0001-01-01 or 9999-12-31 (a header says so) gives no event past the
    calendar's ends, and no exception ("yesterday" raised OverflowError, stopping the update)."""
    check(sentence.format(written.text), anchor, written)


@settings(max_examples=EXAMPLES, deadline=1000)
@given(st.lists(expressions(), min_size=1, max_size=6), anchors)
def test_several_expressions_in_one_text(found: list[Written], anchor: date) -> None:
    """Several expressions side by side ("Monday, 3 March 2021 two days ago") resolve too."""
    check(" ".join(f"It happened {w.text}, officials said." for w in found), anchor)
