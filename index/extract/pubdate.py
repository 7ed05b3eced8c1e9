"""Infer the publication date of an article that does not state one.

This module owns the inference rules; every rule is general (no knowledge of particular
articles) and says why in its docstring. From the text alone (:func:`from_text`):

1. a date in the URL path (``/20220307/``, ``/2022/03/07/``, ``/2022-03-07``);
2. a dateline: a full date at the start of one of the first lines (after an upper-case place
   or agency) or at the end of it (``... French Foreign... 07.03.2022``);
3. a full date on a weekday the text names: news says "on Monday" for the publication day, so
   a caption dated "February 28, 2022" (a Monday) in a text saying "on Monday" dates it; of
   several such dates the latest wins (an article is not older than what it reports).

From the rest of the corpus (:func:`from_corpus`), for texts that never write the current
year, with ``known_dates`` the other articles' dates and ``ref`` their median:

4. a weekday with a yearless date ("this Friday, January 28") fixes the year: the year nearest
   ``ref`` in which that day falls on that weekday; the article is dated by it (rule 5);
5. yearless dates ("on March 22", "on March 29") are read in the year near ``ref``: the
   article is not older than the latest date it tells in the past tense, and not newer than
   the day before the earliest date it announces for the future; the latest date consistent
   with both is taken (the news is at most as old as the announcement it reports);
6. a text naming only weekdays ("on Friday", "Later Friday") is dated by the other articles:
   the known date, on the weekday the text names most in the past tense, nearest ``ref`` and
   not before a year the text writes. Without such a known date the rule does not apply: run
   :func:`infer_dates`, which applies rules 4–5 to the whole corpus before rule 6.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from .dates import Expression, find_expressions

__all__ = ["from_corpus", "from_text", "infer_dates"]

_URL = re.compile(
    r"/(?P<y>(?:19|20)\d\d)(?P<sep>[/-]?)(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?=[/_.?#-]|$)"
)
_UPPER_LEAD = re.compile(r"^[^a-z]*$")
_TAIL = re.compile(r"^[\s)\]]*$")


def _day(e: Expression) -> date | None:
    if e.year is None or e.month is None or e.day is None:
        return None
    try:
        return date(e.year, e.month, e.day)
    except ValueError:
        return None


def _from_url(url: str | None) -> date | None:
    m = _URL.search(url or "")
    if m is None:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def _dateline(body: str, exprs: Sequence[Expression]) -> date | None:
    """A full date standing at the start or the end of one of the first three lines."""
    lines = [m.span() for m in re.finditer(r"[^\n]*\S[^\n]*", body)][:3]
    for e in exprs:
        d = _day(e)
        if d is None:
            continue
        for a, b in lines:
            if (
                a <= e.start
                and e.end <= b
                and (_UPPER_LEAD.match(body[a : e.start]) or _TAIL.match(body[e.end : b]))
            ):
                return d
    return None


def from_text(title: str, body: str, url: str | None) -> tuple[date, str] | None:
    """The publication date the article itself gives (rules 1–3), with ``"text"``."""
    found = _from_url(url)
    exprs = find_expressions(body)
    found = found or _dateline(body, exprs)
    if found is None:
        named = {e.weekday for e in exprs if e.kind == "weekday" and e.modifier not in _SHIFTED}
        exprs = [*find_expressions(title), *exprs]
        days = [d for d in map(_day, exprs) if d is not None and d.weekday() in named]
        found = max(days, default=None)
    return (found, "text") if found else None


_SHIFTED = frozenset({"last", "next"})


def _reference(known: Sequence[date]) -> date:
    return sorted(known)[len(known) // 2]


def _estimate(exprs: Sequence[Expression], year: int) -> date | None:
    """Rule 5 in ``year``: the latest date not before the past ones nor after the future ones."""
    past: list[date] = []
    future: list[date] = []
    for e in exprs:
        if e.year is not None or e.day is None or e.month is None:
            continue
        try:
            d = date(year, e.month, e.day)
        except ValueError:
            continue
        (future if e.future and e.weekday is None else past).append(d)
    if future:
        eve = min(future) - timedelta(days=1)
        if not past or eve >= max(past):
            return eve
    return max(past, default=None)


def _corpus_date(body: str, known: Sequence[date], weekdays_only: bool) -> date | None:
    exprs = find_expressions(body)
    ref = _reference(known)
    floor = max((e.year for e in exprs if e.year is not None), default=1)
    dated = [e for e in exprs if e.year is None and e.day is not None and e.month is not None]
    fixed = [e for e in dated if e.weekday is not None]
    if fixed:  # rule 4
        e = fixed[0]
        assert e.month is not None and e.day is not None
        years = [
            y
            for y in range(ref.year - 11, ref.year + 12)
            if _exists(y, e.month, e.day) and date(y, e.month, e.day).weekday() == e.weekday
        ]
        if years:
            return _estimate(dated, min(years, key=lambda y: abs(y - ref.year)))
    if dated:  # rule 5
        options = [d for y in range(ref.year - 1, ref.year + 2) if (d := _estimate(dated, y))]
        options = [d for d in options if d.year >= floor]
        return min(options, key=lambda d: abs((d - ref).days), default=None)
    if not weekdays_only:
        return None
    named = Counter(
        e.weekday
        for e in exprs
        if e.kind == "weekday" and e.modifier not in _SHIFTED and not e.future
    )
    if not named:
        return None
    weekday = named.most_common(1)[0][0]
    fits = [d for d in known if d.weekday() == weekday and d.year >= floor]
    return min(fits, key=lambda d: (abs((d - ref).days), d), default=None)


def _exists(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def from_corpus(body: str, known_dates: list[date]) -> tuple[date, str] | None:
    """The publication date the other articles' dates suggest (rules 4–6), with ``"corpus"``."""
    if not known_dates:
        return None
    found = _corpus_date(body, known_dates, weekdays_only=True)
    return (found, "corpus") if found else None


def infer_dates(
    articles: Mapping[str, tuple[str, str, str | None]], known: Mapping[str, date]
) -> dict[str, tuple[date, str]]:
    """Dates for the articles (id → title, body, url) that ``known`` (id → date) lacks.

    Rules in order of confidence over the whole corpus: the text (1–3), then the corpus with
    dated mentions (4–5), then weekdays only (6), each pass seeing the dates the previous ones
    settled, so that an article naming only "Friday" can lean on one dated "Friday, January 28".
    """
    out: dict[str, tuple[date, str]] = {}
    todo = [key for key in articles if key not in known]
    for key in todo:
        title, body, url = articles[key]
        if (found := from_text(title, body, url)) is not None:
            out[key] = found
    for weekdays_only in (False, True):
        dates = [*known.values(), *(d for d, _ in out.values())]
        if not dates:
            break
        for key in todo:
            if key not in out:
                day = _corpus_date(articles[key][1], dates, weekdays_only)
                if day is not None:
                    out[key] = (day, "corpus")
    return out
