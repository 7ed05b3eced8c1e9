"""Dated events: find date expressions in a body and resolve them against the publication date.

This module owns :func:`extract_events`: the expressions :func:`find_expressions` finds (in
:mod:`.dates_find`: what the text says, the expression, its parts, the tense of its clause)
resolved to TimeML values with python-dateutil's ``relativedelta``. The rules themselves are
in :mod:`.dates_rules`.

Resolution, against ``anchor`` (the publication date):

- a full date, month-year or year is ``explicit`` and needs no anchor;
- a weekday is the most recent such day on or before the anchor, or the next on or after it
  when its clause speaks of the future ("will", "is expected to", "next"); ``last``/``next``
  exclude the anchor's own day;
- a day-month or a month without a year (``year inferred``) takes the most recent past
  occurrence, or the next one in a future clause; a named weekday ("Friday, January 28")
  picks the year in which the date falls on that weekday;
- today/yesterday/tomorrow, "this/last/next week|month|year", "N days ago" are ``relative``,
  and so is a day or month followed by "this/last/next year" ("June last year").

Granularity is kept: "in 2015" is ``2015``, never a day. Clock times, durations and quantities
match no rule. A sentence repeated word for word (a caption printed twice) yields its events
once. Without an anchor only explicit expressions are returned.
"""

from __future__ import annotations

import re
from datetime import date

from dateutil.relativedelta import relativedelta, weekday

from ..models import Event, Granularity, Resolution
from ..periods import period, week_of
from .dates_find import Expression, find_expressions, valid_date

__all__ = ["Expression", "extract_events", "find_expressions", "resolve"]


def _pick_year(e: Expression, anchor: date) -> date | None:
    """The date of a yearless day-month: the weekday's year, else the past/future occurrence."""
    assert e.month is not None and e.day is not None
    options = [
        date(y, e.month, e.day)
        for y in range(anchor.year - 1, anchor.year + 2)
        if valid_date(y, e.month, e.day)
    ]
    if e.weekday is not None:
        fits = [d for d in options if d.weekday() == e.weekday]
        if fits:
            return min(fits, key=lambda d: abs((d - anchor).days))
    after = min((d for d in options if d >= anchor), default=None)
    before = max((d for d in options if d <= anchor), default=None)
    if e.future or before is None:
        return after
    if e.past or after is None:
        return before
    return min(before, after, key=lambda d: abs((d - anchor).days))  # no cue: the nearest


def _month_past(e: Expression, anchor: date) -> int:
    assert e.month is not None
    return anchor.year if e.month <= anchor.month else anchor.year - 1


def _month_year(e: Expression, anchor: date) -> int:
    assert e.month is not None
    if e.modifier == "this":
        return anchor.year
    if not e.modifier and not e.future and not e.past:  # no cue: the nearest
        ahead = (e.month - anchor.month) % 12
        return anchor.year + (e.month < anchor.month) if ahead < 6 else _month_past(e, anchor)
    if e.modifier == "last" or (e.modifier != "next" and not e.future):
        past_ok = e.month < anchor.month or (e.month == anchor.month and e.modifier != "last")
        return anchor.year if past_ok else anchor.year - 1
    future_ok = e.month > anchor.month or (e.month == anchor.month and e.modifier != "next")
    return anchor.year if future_ok else anchor.year + 1


def _shifted(e: Expression, year: int) -> tuple[str, Granularity, Resolution] | None:
    """A day or month whose year is written relative to the anchor ("June last year")."""
    assert e.month is not None
    if e.day is None:
        return f"{year:04d}-{e.month:02d}", "month", "relative"
    return (
        (date(year, e.month, e.day).isoformat(), "day", "relative")
        if valid_date(year, e.month, e.day)
        else None
    )


def resolve(e: Expression, anchor: date | None) -> tuple[str, Granularity, Resolution] | None:
    """The TimeML value, granularity and resolution of ``e``; None if it needs an absent anchor,
    or if it falls outside the years 1 to 9999 ("yesterday" in a file dated 0001-01-01 raised
    OverflowError and stopped the whole index update; "999 years ago" from 1900 was "901")."""
    try:
        resolved = _resolve(e, anchor)
    except (OverflowError, ValueError):  # date arithmetic past the calendar's ends
        return None
    if resolved is None or not _VALUE.fullmatch(resolved[0]):
        return None
    try:
        period(resolved[0])
    except ValueError:  # month 13, week 54
        return None
    return resolved


_VALUE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d)?")
"""The TimeML values the timeline reads: a four-digit year, its month, day or ISO week."""


def _resolve(e: Expression, anchor: date | None) -> tuple[str, Granularity, Resolution] | None:
    if e.kind in ("iso", "numeric") or (e.year is not None and e.day is not None):
        assert e.year is not None and e.month is not None and e.day is not None
        return date(e.year, e.month, e.day).isoformat(), "day", "explicit"
    if e.year is not None:
        if e.month is not None:
            return f"{e.year:04d}-{e.month:02d}", "month", "explicit"
        return f"{e.year:04d}", "year", "explicit"
    if anchor is None:
        return None
    if e.shift is not None and e.month is not None:
        return _shifted(e, anchor.year + e.shift)
    if e.day is not None:
        d = _pick_year(e, anchor)
        return (d.isoformat(), "day", "year inferred") if d else None
    if e.kind == "month":
        return f"{_month_year(e, anchor):04d}-{e.month:02d}", "month", "year inferred"
    if e.kind == "weekday":
        assert e.weekday is not None
        wd = weekday(e.weekday)
        if e.modifier == "last":
            d = anchor + relativedelta(days=-1, weekday=wd(-1))
        elif e.modifier == "next":
            d = anchor + relativedelta(days=+1, weekday=wd(+1))
        else:
            d = anchor + relativedelta(weekday=wd(+1) if e.future else wd(-1))
        return d.isoformat(), "day", "relative"
    if e.kind == "deictic":
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[e.modifier]
        return (anchor + relativedelta(days=shift)).isoformat(), "day", "relative"
    step = {"last": -1, "previous": -1, "next": 1}.get(e.modifier.split()[-1], 0)
    if e.kind == "ago":
        step = -e.count
    if e.unit == "day":
        return (anchor + relativedelta(days=step)).isoformat(), "day", "relative"
    if e.unit == "week":
        return week_of(anchor + relativedelta(weeks=step)), "week", "relative"
    if e.unit == "month":
        d = anchor + relativedelta(months=step)
        return f"{d.year:04d}-{d.month:02d}", "month", "relative"
    return f"{anchor.year + step:04d}", "year", "relative"


def extract_events(text: str, anchor: date | None) -> list[Event]:
    """The dated events of ``text`` resolved against ``anchor``, sorted by start.

    ``article`` and ``entities`` are left empty for the caller to fill.
    """
    events: list[Event] = []
    seen: dict[str, int] = {}
    for e in find_expressions(text):
        sentence = text[e.sentence_start : e.sentence_end]
        if seen.setdefault(sentence, e.sentence_start) != e.sentence_start:
            continue  # a sentence repeated word for word (a caption printed twice)
        if e.kind == "deictic" and e.modifier == "today" and sentence.endswith("?"):
            continue  # a rhetorical "today" in a question is not a dated event
        resolved = resolve(e, anchor)
        if resolved is None:
            continue
        value, granularity, resolution = resolved
        events.append(
            Event(
                date=value,
                granularity=granularity,
                expression=text[e.start : e.end],
                start=e.start,
                end=e.end,
                sentence=sentence,
                sentence_start=e.sentence_start,
                sentence_end=e.sentence_end,
                resolution=resolution,
                anchor=None if resolution == "explicit" or anchor is None else anchor.isoformat(),
            )
        )
    return events
