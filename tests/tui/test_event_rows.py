"""Pure helpers of the events pane and the article highlights: dates, rows, kind styles."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.style import Style

from corpus_reader.index import Event, Mention
from corpus_reader.tui.display.dates import day_label, group_label, value_label
from corpus_reader.tui.display.fixed_row import FixedRow
from corpus_reader.tui.display.highlights import (
    CURRENT_HIT_STYLE,
    HIT_META,
    KINDS,
    MARK_STYLE,
    MENTION_META,
    body_content,
    kind_style,
    legend,
)
from corpus_reader.tui.widgets.event_rows import Group, Layout, excerpt, groups_of, short_id


def event(value: str, granularity: str, article: str = "a", start: int = 0) -> Event:
    return Event(
        date=value,
        granularity=granularity,  # type: ignore[arg-type]
        expression="x",
        start=start,
        end=start + 1,
        sentence="x",
        sentence_start=start,
        sentence_end=start + 1,
        resolution="explicit",
        article=article,
    )


def test_dates_on_screen_are_unambiguous() -> None:
    assert day_label(date(2022, 2, 3)) == "2022-02-03"
    assert day_label(None) == "no date"
    assert value_label("2022-01-28") == "2022-01-28"
    assert value_label("2022-02") == "Feb 2022"
    assert value_label("2015") == "2015"
    assert value_label("2022-W04") == "2022-W04"
    assert group_label("2022-01-28") == "2022-01-28 Fri"
    assert group_label("2022-W04") == "2022-W04 · 24–30 Jan"
    assert group_label("2022-W09") == "2022-W09 · 28 Feb–6 Mar"
    assert group_label("2022-03") == "Mar 2022"
    assert group_label("2015") == "2015"


def test_each_run_of_a_value_gets_a_header_and_interleaved_values_of_a_day_share_one() -> None:
    runs = [
        ("2022", 2),
        ("2022-W09", 3),  # a week and its Monday, one after the other: a header each
        ("2022-02-28", 1),
        ("2022-03", 1),  # Mar 2022 and 1 March interleaved by article: one header
        ("2022-03-01", 2),
        ("2022-03", 1),
    ]
    groups = groups_of(runs)
    assert [(g.values, g.count) for g in groups] == [
        (("2022",), 2),
        (("2022-W09",), 3),
        (("2022-02-28",), 1),
        (("2022-03", "2022-03-01"), 4),
    ]
    assert groups[1].label == "2022-W09 · 28 Feb–6 Mar"
    assert groups[3].label == "Mar 2022 / 2022-03-01 Tue"


def test_layout_places_headers_and_three_line_rows() -> None:
    layout = Layout([Group(("2022",), 2), Group(("2022-03",), 1)])
    assert (layout.total, layout.lines) == (3, 1 + 3 * 2 + 1 + 3)
    assert layout.at(0) == (0, None, 0)
    assert layout.at(1) == (0, 0, 0) and layout.at(6) == (0, 1, 2)
    assert layout.at(7) == (1, None, 0) and layout.at(10) == (1, 2, 2)
    assert layout.at(11) is None and layout.at(-1) is None
    assert [layout.line_of(i) for i in range(3)] == [1, 4, 8]
    assert [layout.group_of(i) for i in range(3)] == [0, 0, 1]
    assert layout.events_between(0, 2) == range(0, 1)
    assert layout.events_between(6, 8) == range(1, 2)  # the header of event 2 only: not it
    assert layout.events_between(5, 100) == range(1, 3)


def test_excerpt_keeps_the_expression_and_moves_its_span() -> None:
    sentence = " ".join(f"w{i:02d}" for i in range(40)) + " on February 24 " + "tail " * 20
    start = sentence.index("on February 24")
    found = Event(
        date="2022-02-24",
        granularity="day",
        expression="on February 24",
        start=1000 + start,
        end=1000 + start + 14,
        sentence=sentence,
        sentence_start=1000,
        sentence_end=1000 + len(sentence),
        resolution="year inferred",
        article="a",
    )
    text, (s, e) = excerpt(found, 60)
    assert len(text) <= 62 and text.startswith("…") and text.endswith("…")
    assert text[s:e] == "on February 24"


def test_short_ids() -> None:
    assert short_id("004_65e64c825baad34a.txt") == "004_65e64c82…"
    assert short_id("world/evil.txt") == "evil"


def _attributes(style: str) -> tuple[bool, ...]:
    """The text attributes of a style, its colours dropped: what a monochrome terminal shows."""
    parsed = Style.parse(" ".join(word for word in style.split() if not word.startswith("$")))
    return (
        bool(parsed.bold),
        bool(parsed.italic),
        bool(parsed.underline),
        bool(parsed.dim),
        bool(parsed.reverse),
    )


def test_kinds_differ_without_colour_and_marks_differ_from_all() -> None:
    monochrome = {kind: _attributes(kind_style(kind)) for kind in KINDS}
    assert len(set(monochrome.values())) == len(KINDS), monochrome
    assert all(any(attrs) for attrs in monochrome.values())
    assert _attributes(MARK_STYLE) not in monochrome.values()
    assert all("$" in kind_style(kind) for kind in KINDS)  # and a theme colour each
    assert legend().plain == "person place org group"


def test_body_content_lays_marks_over_mentions_and_tags_them() -> None:
    body = "Putin met Macron in Kyiv."
    mentions = (
        Mention(0, 5, "Putin", "person", "person:vladimir-putin"),
        Mention(20, 24, "Kyiv", "place", "place:kyiv"),
    )
    content = body_content(body, mentions, [(10, 16), (20, 24)], current=0, current_hit=1)
    assert content.plain == body
    styles = [(body[s.start : s.end], str(s.style)) for s in content.spans]
    # The search marks are on top, the current one in its own style.
    assert styles[-4] == ("Macron", MARK_STYLE)
    assert styles[-2] == ("Kyiv", CURRENT_HIT_STYLE)
    metas = [s.style.meta for s in content.spans if isinstance(s.style, Style) and s.style.meta]
    assert metas == [{MENTION_META: 0}, {MENTION_META: 1}, {HIT_META: 0}, {HIT_META: 1}]


def test_fixed_rows_keep_their_height_and_cut_long_text() -> None:
    row = FixedRow(lambda: (Content("h" * 50), Content("word " * 40)), 2)
    assert row.get_height({}, 20) == 3  # type: ignore[arg-type]
    lines = row.lines(20)
    assert len(lines) == 3
    assert all(line.cell_length <= 20 for line in lines)
    assert lines[0].plain.endswith("…") and lines[-1].plain.endswith("…")
    short = FixedRow(lambda: (Content("head"), Content("one line")), 2)
    assert [line.plain for line in short.lines(20)] == ["head", "one line", ""]
    assert FixedRow.of(Content("2015")).lines(20)[0].plain == "2015"
