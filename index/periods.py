"""The calendar span of a TimeML date value: ``2022-02-24``, ``2022-W09``, ``2022-02``, ``2022``.

Events sort by the start of their period and a date range selects the periods it overlaps.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def period(value: str) -> tuple[date, date]:
    """First and last day of the period a value names; ValueError when it names none."""
    if len(value) == 10:
        day = date.fromisoformat(value)
        return day, day
    if len(value) == 8 and value[4:6].upper() == "-W":
        monday = date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        return monday, monday + timedelta(days=6)
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if len(value) == 4:
        year = int(value)
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"not a date value: {value!r}")


def week_of(day: date) -> str:
    """The ISO week value of the week holding ``day`` (``2022-W09``)."""
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def overlaps(value: str, start: date | None, end: date | None) -> bool:
    """Whether the period of ``value`` meets ``[start, end]`` (either end may be open)."""
    first, last = period(value)
    return (start is None or last >= start) and (end is None or first <= end)
