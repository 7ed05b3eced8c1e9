"""Find date expressions in text: the rules of :mod:`.dates_rules` applied and checked.

This module owns :class:`Expression` (a date expression as written: its parts, its span, its
sentence and the tense of its clause) and :func:`find_expressions`. Overlapping matches are
settled longest first; the ``date YYYY-MM-DD URL`` header line is skipped. Resolution to the
calendar is :mod:`.dates`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from .dates_rules import (
    FUTURE_CUES,
    MONTHS,
    NUMBERS,
    PARTICIPLES,
    PAST_CUES,
    PREFILTER,
    QUANTITY_NOUNS,
    RULES,
    TENS,
    WEEKDAYS,
    YEAR_CUES,
)
from .sentences import sentence_spans

__all__ = ["Expression", "find_expressions", "valid_date"]

_HEADER = re.compile(r"^[ \t]*date[ \t]+\d{4}-\d\d-\d\d\b.*$", re.MULTILINE)
_WORD_BEFORE = re.compile(r"([\w’']+)\W*$")
_WORD_AFTER = re.compile(r"\W*?([\w’']+)")
_ON_BEFORE = re.compile(r"(?<![Ee]arlier )(?<![Ll]ater )\b[Oo]n\s+$")
_SINCE_BEFORE = re.compile(r"\b[Ss]ince\s+$")
_CLAUSE_END = re.compile(r"[,;:]|\bthat\b|\bwho\b|\bwhich\b")
_NOT_YEAR_BEFORE = frozenset(
    ["about", "some", "nearly", "almost", "over", "than", "only", "no", "number", "flight"]
)
_BAD_BEFORE = {"iso": "/.-_", "numeric": "/.,-_", "year": "$£€.,/:#-_", "dm": ".,/:$-_"}
_RANGE_AFTER = re.compile(r"\s*(?:to|and|until|through|-|–)\s*(\d{4})\b\W*([\w’']*)")
_RANGE_BEFORE = re.compile(r"\b(\d{4})\s*(?:to|and|until|through|-|–)\s*$")
_ADDRESS = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+){1,2}(?:Avenue|Ave|Street|St|Road|Rd|Boulevard|Blvd|Drive|Lane)\b"
)
"""A number before a street name is a house number: "1600 Pennsylvania Avenue"."""
_LEVEL_BEFORE = re.compile(
    r"(?:\b(?:rose|fell|gained|lost|climbed|dropped|slipped|jumped|up|down|recovered|added|"
    r"shed)\s+(?:a\s+record\s+|almost\s+|about\s+|nearly\s+|some\s+)?[\d.,]+\s+"
    r"(?:points?\s+|pct\s+|percent\s+)?(?:to|at)\s+$)"
    r"|(?:\b(?:high|low|level|figure|close|closing)\s+of\s+$)"
    r"|(?:\b(?:closed|opened|ended|finished|stood)\s+(?:\w+\s+)?at\s+$)"
)
"""What comes before an index level, not a year: "fell 508 points to 1738", "a high of 1757"."""
_LEVEL_NOUNS = frozenset({"finish", "level", "mark"})
"""After a number, what makes it a level: "the 1753 finish", "the 2000 mark"."""
_MONTH_TOKEN = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_MONTH_RULES = frozenset({"md", "dm", "my", "month"})
_DAY_BEFORE = re.compile(r"[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?$")
_PUNCT = re.compile(r"[,;:]")
_HAD = re.compile(r"\b(?:had|'d)\b")
_POSSESSIVE = re.compile(r"['’]s\b")
_ATTRIBUTIVE = re.compile(
    r" (?!(?:and|or|to|through|in|on|at|of|for|from|by|with|until|when)\b)[a-z]"
)
_FRONTED = re.compile(r"\W*(?:[Ii]n|[Oo]n|[Bb]y|[Ll]ater|[Ee]arlier|[Aa]lso|[Aa]nd|[Bb]ut)\s+")
_CUED_MONTHS = frozenset({5, 3})  # "May" (a verb) and "March" (a verb) need a cue


@dataclass(frozen=True)
class Expression:
    """A date expression as written, before resolution.

    ``kind`` is the rule that found it; ``modifier`` the lower-cased word(s) that shift it
    ("last", "next", "this", "earlier this"); ``shift`` the year relative to the anchor that
    a day or month writes ("June last year": -1); ``future``/``past`` whether its clause
    speaks of the future or of the past (neither: it has no tense cue).
    """

    kind: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    modifier: str = ""
    unit: str = ""
    count: int = 0
    shift: int | None = None
    future: bool = False
    past: bool = False
    sentence_start: int = 0
    sentence_end: int = 0

    @property
    def explicit(self) -> bool:
        """Whether the expression resolves without an anchor (it writes its year)."""
        return self.year is not None


def _weekday_owns(word: str) -> bool:
    """ "Friday's 1753 finish": what a day owns is a figure of that day, not a year."""
    base = word.removesuffix("'s").removesuffix("’s")
    return base != word and base.lower() in WEEKDAYS


def _clock_range(text: str, start: int, end: int) -> bool:
    """Whether the four digits at ``start:end`` are a 24-hour clock time in a range: "from
    1700 to 2100 local time", "2300 to 0300 GMT" (the other end is no year, or is a time)."""
    after = _RANGE_AFTER.match(text, end, min(len(text), end + 40))
    if after and (int(after[1]) >= 2100 or after[2].lower() in QUANTITY_NOUNS):
        return True
    before = _RANGE_BEFORE.search(text, max(0, start - 20), start)
    return bool(before) and int(text[start:end]) >= 2100


def _word_before(text: str, start: int) -> str:
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return m.group(1).lower() if m else ""


def _word_after(text: str, end: int) -> str:
    m = _WORD_AFTER.match(text, end, end + 40)
    return m.group(1) if m else ""


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def valid_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _shift(g: dict[str, str]) -> int | None:
    """The year offset a trailing "this/last/next year" writes, None when there is none."""
    rel = g.get("rel")
    return {"this": 0, "last": -1, "next": 1}[rel.lower()] if rel else None


def _build(kind: str, g: dict[str, str], start: int, end: int, text: str) -> Expression | None:
    """The expression a rule's groups stand for, or None when its checks reject it."""
    year = int(g["year"]) if g.get("year") else None
    if kind == "iso":
        y, mo, d = int(g["year"]), int(g["mon"]), int(g["day"])
        return Expression(kind, start, end, y, mo, d) if valid_date(y, mo, d) else None
    if kind == "numeric":
        d1, d2 = int(g["d1"]), int(g["d2"])
        if g["sep"] == "/" and not (d1 > 12) ^ (d2 > 12):
            return None  # slashes are read only when one order is impossible
        d, mo = (d2, d1) if g["sep"] == "/" and d2 > 12 else (d1, d2)
        return Expression(kind, start, end, year, mo, d) if valid_date(year or 0, mo, d) else None
    if kind in ("md", "dm"):
        return _day_month(kind, g, start, end, text, year)
    if kind == "my":
        return Expression(kind, start, end, year, _month(g["mon"]))
    if kind == "month":
        return _bare_month(g, start, end, text, year)
    if kind == "year":
        assert year is not None
        return _bare_year(g, start, end, text, year)
    if kind == "spoken":
        year = 1900 + TENS[g["tens"]] + NUMBERS.get(g.get("units", ""), 0) if "tens" in g else 2000
        if g.get("mon"):
            return Expression("my", start, end, year, _month(g["mon"]))
        return Expression("year", start, end, year)
    if kind == "weekday":
        mod = (g.get("pre") or g.get("wdpre") or "").lower()
        return Expression(kind, start, end, None, None, None, WEEKDAYS[g["wd"].lower()], mod)
    if kind == "deictic":
        return Expression(kind, start, end, modifier=g["word"].lower())
    if kind == "unit":
        mod = " ".join(w for w in g["mod"].lower().split() if w != "fiscal")
        if mod in ("the past", "the coming") or text[max(0, start - 4) : start].lower() == "the ":
            return None  # "over the past year", "the last week": durations
        return Expression(kind, start, end, modifier=mod, unit=g["unit"])
    if kind == "ago":
        num = g["num"].lower()
        count = int(num) if num.isdigit() else NUMBERS[num]
        return Expression(kind, start, end, modifier="ago", unit=g["unit"], count=count)
    return None


def _day_month(
    kind: str, g: dict[str, str], start: int, end: int, text: str, year: int | None
) -> Expression | None:
    """ "March 3", "3 March 2022", "Friday, January 28": a day of a month, with its "on"
    when it has no year or weekday of its own (the span then starts at the "on")."""
    mo, d = _month(g["mon"]), int(g["day"])
    wd = WEEKDAYS[g["wd"].lower()] if g.get("wd") else None
    if not valid_date(year or 2000, mo, d):
        return None
    on = _ON_BEFORE.search(text, max(0, start - 20), start)
    if year is None and g.get("wd") is None and on:
        start = on.start()
    pre = (g.get("wdpre") or "").lower()
    if year is not None and pre == "on":  # an explicit date is written without its "on"
        start = text.index(g["wd"], start)
    return Expression(kind, start, end, year, mo, d, wd, pre, shift=_shift(g))


def _bare_month(
    g: dict[str, str], start: int, end: int, text: str, year: int | None
) -> Expression | None:
    """A month alone ("in March", "early May"): None when, with no modifier, year shift or
    cue before it, it may be a verb ("May", "March") or part of a name (a capital follows)."""
    mo = _month(g["mon"])
    mod = (g.get("mod") or "").lower().strip(" -")
    uncued = _word_before(text, start) not in YEAR_CUES or (mo == 5 and start == 0)
    if (
        not mod
        and not g.get("rel")
        and uncued
        and (mo in _CUED_MONTHS or _word_after(text, end)[:1].isupper())
    ):
        return None
    return Expression("month", start, end, year, mo, modifier=mod, shift=_shift(g))


def _bare_year(g: dict[str, str], start: int, end: int, text: str, year: int) -> Expression | None:
    """A four-digit number as a year: None when it reads as a quantity, a clock time, an
    address or a level, or lacks a cue before it or punctuation after it."""
    prev, nxt = _word_before(text, start), _word_after(text, end)
    if nxt.lower() in QUANTITY_NOUNS or prev in _NOT_YEAR_BEFORE:
        return None
    if _clock_range(text, start, end) or _ADDRESS.match(text, end):
        return None
    if _LEVEL_BEFORE.search(text, max(0, start - 50), start) or _weekday_owns(prev):
        return None
    if nxt.lower() in _LEVEL_NOUNS:
        return None
    following = text[end : end + 2].strip()
    cued = prev in YEAR_CUES or prev.endswith(("'s", "’s")) or g.get("season")
    if not (cued or following[:1] in (".", ",", ";", ")")):
        return None
    since = _SINCE_BEFORE.search(text, max(0, start - 20), start)
    start = since.start() if since else start
    return Expression("year", start, end, year)


def _clause(text: str, e: Expression) -> str:
    """The clause around ``e``: from the punctuation before it to the punctuation after it
    (a fronted "By May, they had ..." reads on past its comma)."""
    cut = max(text.rfind(p, e.sentence_start, e.start) for p in ",;:")
    after = text[e.end : e.sentence_end]
    after = after[1:] if after.startswith(",") else after
    stop = _PUNCT.search(after)
    return text[max(cut + 1, e.sentence_start) : e.start] + (
        after[: stop.start()] if stop else after
    )


def _fixed_tense(text: str, e: Expression) -> str | None:
    """The tense a phrase's own form gives, whatever its clause says; None if it gives none.

    "Wednesday's ruling" names a known, past event; "the Aug. 7 blasts" (a date used as a
    modifier) names a known event on either side of the anchor: the nearest occurrence.
    """
    if e.kind == "weekday" and not e.modifier and _POSSESSIVE.match(text, e.end):
        return "past"
    if e.kind in _MONTH_RULES and e.year is None and _word_before(text, e.start) == "by":
        return None if _HAD.search(_clause(text, e)) else "future"  # a deadline, unless "had"
    the = text[max(0, e.start - 4) : e.start].lower() == "the "
    if the and e.kind in _MONTH_RULES and e.year is None and _ATTRIBUTIVE.match(text, e.end):
        return ""
    return None


def _weak_past(before: str, fut: int) -> int:
    """The end of the last "-ed" cue of ``before`` that no future cue ending at ``fut``
    governs (one in the same clause before it: "will be held", "will redeem preferred")."""
    for m in reversed(list(PARTICIPLES.finditer(before))):
        if m.start() < fut:
            return m.end()
        if fut < 0 or _CLAUSE_END.search(before, fut, m.start()):
            return m.end()
    return -1


def _tense(text: str, e: Expression) -> str:
    """``"future"``, ``"past"`` or ``""``: the phrase's own form ("Wednesday's ruling"), else
    the tense cue nearest before ``e`` in its sentence, else the first one after it in the
    same clause (past the comma of a fronted "In January, ...")."""
    fixed = _fixed_tense(text, e)
    if fixed is not None:
        return fixed
    before = text[e.sentence_start : e.start]
    fut = max((m.end() for m in FUTURE_CUES.finditer(before)), default=-1)
    past = max((m.end() for m in PAST_CUES.finditer(before)), default=-1)
    past = max(past, _weak_past(before, fut))
    if fut >= 0 or past >= 0:
        return "future" if fut >= past else "past"
    after = text[e.end : e.sentence_end]
    if not before.strip(" \t\n\"'`(") or _FRONTED.fullmatch(before):
        after = after.removeprefix(",")  # "In January, the company ..." reads on
    stop = _CLAUSE_END.search(after)
    after = after[: stop.start()] if stop else after
    f = FUTURE_CUES.search(after)
    p = min(
        (m for m in (PAST_CUES.search(after), PARTICIPLES.search(after)) if m is not None),
        key=lambda m: m.start(),
        default=None,
    )
    if f is not None and (p is None or f.start() < p.start()):
        return "future"
    return "past" if p is not None else ""


def _matches(
    kind: str, core: re.Pattern[str], text: str, months: list[int]
) -> Iterator[re.Match[str]]:
    """The rule's matches; rules built on a month name are only tried where one stands."""
    if kind not in _MONTH_RULES:
        yield from core.finditer(text)
        return
    for pos in months:
        if kind == "dm":
            day = _DAY_BEFORE.search(text, max(0, pos - 12), pos)
            if day is None:
                continue
            pos = day.start()
        m = core.match(text, pos)
        if m is not None:
            yield m


def find_expressions(text: str) -> list[Expression]:
    """Every date expression of ``text``, sorted by start, spans not overlapping.

    Overlaps are settled longest first ("this Friday, January 28" is one expression). The
    ``date YYYY-MM-DD URL`` header line is skipped.
    """
    if not PREFILTER.search(text):
        return []
    found: list[Expression] = []
    months = [m.start() for m in _MONTH_TOKEN.finditer(text)]
    for rule in RULES:
        bad = _BAD_BEFORE.get(rule.kind, "")
        for m in _matches(rule.kind, rule.core, text, months):
            core = m.start()
            if core and (text[core - 1].isalnum() or text[core - 1] in bad):
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            start = core
            if rule.prefix is not None:
                p = rule.prefix.search(text, max(0, core - 40), core)
                if p is not None:
                    groups.update({k: v for k, v in p.groupdict().items() if v is not None})
                    start = p.start()
                elif rule.prefix_required:
                    continue
            e = _build(rule.kind, groups, start, m.end(), text)
            if e is not None:
                found.append(e)
    if not found:
        return []
    header = [m.span() for m in _HEADER.finditer(text)]
    found.sort(key=lambda e: (e.start - e.end, e.start))
    kept: list[Expression] = []
    taken: list[tuple[int, int]] = list(header)
    for e in found:
        if all(e.end <= a or e.start >= b for a, b in taken):
            kept.append(e)
            taken.append((e.start, e.end))
    kept.sort(key=lambda e: e.start)
    spans = sentence_spans(text)
    starts = [s for s, _ in spans]
    out: list[Expression] = []
    for e in kept:
        i = bisect.bisect_right(starts, e.start) - 1
        s, t = spans[i] if i >= 0 else (e.start, e.end)
        e = replace(e, sentence_start=s, sentence_end=max(t, e.end))
        tense = _tense(text, e)
        out.append(replace(e, future=tense == "future", past=tense == "past"))
    return out
