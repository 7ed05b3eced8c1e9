"""Dates as the screen shows them: unambiguous, one helper for every pane.

A day is ISO (``2022-02-24``), a week ISO too (``2022-W04``), a month ``Feb 2022``, a year
``2015``: never ``02/03``, which half the readers would read the other way round. Month and
weekday names are fixed English abbreviations, not the locale's, so screens are reproducible.
"""

from __future__ import annotations

from datetime import date

from corpus_reader.index import period

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_label(day: date | None, missing: str = "no date") -> str:
    """A publication date: ``2022-02-24``, or ``missing``."""
    return day.isoformat() if day else missing


def short_day(day: date) -> str:
    """``24 Feb`` (for ranges inside a labelled year)."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def value_label(value: str) -> str:
    """An event's TimeML value on screen: ``2022-01-28``, ``2022-W04``, ``Jan 2022``, ``2022``."""
    if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
        return f"{MONTHS[int(value[5:]) - 1]} {value[:4]}"
    return value


def group_label(value: str) -> str:
    """A group header for the events of one value, with what helps to place it in time.

    ``2022-01-28 Fri``, ``2022-W04 · 24–30 Jan``, ``Jan 2022``, ``2022``.
    """
    try:
        first, last = period(value)
    except ValueError:
        return value
    if len(value) == 10:
        return f"{value} {WEEKDAYS[first.weekday()]}"
    if "W" in value.upper():
        start = str(first.day) if first.month == last.month else short_day(first)
        return f"{value.upper()} · {start}–{short_day(last)}"
    return value_label(value)
