"""Dates typed into the command palette, read as TimeML values, and dates spelled out to match.

The palette offers the event dates of the corpus, but a reader may also type a date the way
news writes it ("24 Feb 2022", "February 2022", "Feb 24, 2022") or as a value ("2022-02-24",
"2022-W09", "2022-02", "2022"). Only unambiguous forms are read: never ``02/03``. Values are
checked with the engine's ``period``.
"""

from __future__ import annotations

import re

from corpus_reader.index import period

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_FORMS = (
    re.compile(r"(?P<year>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<day>\d{1,2}))?)?"),
    re.compile(r"(?P<year>\d{4})-?w(?P<week>\d{1,2})"),
    re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})"),
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"),
    re.compile(rf"{_MONTH},?\s+(?P<year>\d{{4}})"),
)


def _month_number(name: str) -> int | None:
    """1-12 for a month name or its abbreviation of three letters or more ("Sept" too)."""
    for number, full in enumerate(MONTH_NAMES, 1):
        if len(name) >= 3 and full.lower().startswith(name):
            return number
    return None


def typed_value(text: str) -> str | None:
    """The TimeML value a typed date names, or None when it is not (yet) a whole date."""
    typed = " ".join(text.strip().lower().split())
    for form in _FORMS:
        found = form.fullmatch(typed)
        if found is None:
            continue
        parts = found.groupdict()
        year = parts["year"]
        if parts.get("week"):
            value = f"{year}-W{int(parts['week']):02d}"
        else:
            month = parts.get("m") and int(parts["m"])
            if parts.get("month"):
                month = _month_number(parts["month"])
                if month is None:
                    return None
            value = year
            if month:
                value += f"-{month:02d}"
                if parts.get("day"):
                    value += f"-{int(parts['day']):02d}"
        try:
            period(value)
        except ValueError:
            return None
        return value
    return None


def spelled_out(value: str) -> str:
    """A value in words, for matching what readers type: ``Thursday 24 February 2022``,
    ``February 2022``, ``week 9 of 2022``; the value itself when it is none of these."""
    try:
        first, _last = period(value)
    except ValueError:
        return value
    if len(value) == 10:
        weekday = WEEKDAY_NAMES[first.weekday()]
        return f"{weekday} {first.day} {MONTH_NAMES[first.month - 1]} {first.year}"
    if "W" in value.upper():
        return f"week {int(value[6:])} of {value[:4]}"
    if len(value) == 7:
        return f"{MONTH_NAMES[first.month - 1]} {first.year}"
    return value
