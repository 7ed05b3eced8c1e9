"""The date-expression rules of :mod:`.dates`: vocabulary and compiled regular expressions.

This module owns what counts as a date expression in English news and nothing else: month and
weekday names, number words, the cue words that make a bare four-digit number a year, the
tense cues that make a clause speak of the future, and the patterns built from them. Matching
lives in :mod:`.dates_find`, resolution in :mod:`.dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "FUTURE_CUES",
    "MONTHS",
    "NUMBERS",
    "PARTICIPLES",
    "PAST_CUES",
    "PREFILTER",
    "QUANTITY_NOUNS",
    "RULES",
    "TENS",
    "WEEKDAYS",
    "YEAR_CUES",
    "Rule",
]

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip

TENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
"""The second half of a year said aloud in a transcript ("nineteen ninety-six")."""

YEAR_CUES = frozenset({
    "in", "since", "by", "until", "till", "from", "to", "of", "during", "before", "after",
    "through", "throughout", "around", "circa", "early", "late", "mid", "the", "fiscal", "year",
    "between", "and", "or", "summer", "winter", "spring", "autumn", "fall", "than", "beginning",
    "end", "start", "as", "on", "at", "for", "a", "an", "its", "his", "her", "their", "our",
    "that", "both", "due"
})  # fmt: skip
"""Words before a bare four-digit number that make it a year ("in 2015", "the 1997 borders")."""

QUANTITY_NOUNS = frozenset({
    "people", "persons", "troops", "soldiers", "men", "women", "children", "workers",
    "employees", "jobs", "members", "cases", "units", "dollars", "euros", "pounds", "yen",
    "shares", "votes", "miles", "kilometers", "km", "meters", "metres", "feet", "tons",
    "tonnes", "barrels", "acres", "homes", "houses", "cars", "vehicles", "points", "students",
    "deaths", "dead", "casualties", "refugees", "residents", "civilians", "families",
    "patients", "delegates", "seats", "copies", "pages", "words", "gmt", "utc", "est", "edt",
    "pst", "pdt", "cst", "cdt", "mst", "mdt", "bst", "cet", "cest", "jst", "hours", "hrs",
    "local", "bc"
})  # fmt: skip
"""Words after a number that make it a quantity or a clock time, not a year."""

FUTURE_CUES = re.compile(
    r"\b(?:(?:will|won't|shall|'ll|is|are|was|were|be)\s+(?:\w+\s+)?(?:expected|due|scheduled"
    r"|set|slated|planned|going|poised)\s+(?:to|for)\b"
    r"|(?:will|shall|won't|would|'ll)(?:\s+(?:not|be|have|been|also|then|still|now|soon"
    r"|never|only|\w+ly))*(?:\s+\w+)?"
    r"|(?:is|are)\s+to\b|scheduled\b"
    r"|upcoming\b|next\b|ahead\s+of\b|(?:planned|scheduled|set|due)\s+to\b"
    r"|as\s+soon\s+as\b|until\b|effective\b|payable\b|expires?\b"
    r"|(?:planning|plan|intend|aim|hope|expect|prepare|seek|want|promise|vow|pledge|threaten"
    r"|decide|agree)(?:s|ed|d|ing)?\s+to\b|(?:likely|ready|agreement)\s+to\b|to\s+be\b)",
    re.IGNORECASE,
)
"""Cues that the clause speaks of the future (a weekday or a yearless date after the anchor)."""

PAST_WORDS = (
    "said", "says", "told", "announced", "reported", "was", "were", "had", "did", "took", "held",
    "spoke", "met", "went", "came", "made", "agreed", "signed", "launched", "declared", "ago",
    "earlier", "last", "previous", "since", "began", "became", "brought", "bought", "sold", "won",
    "lost", "fell", "rose", "gave", "got", "left", "led", "paid", "sent", "built", "found",
    "fought", "kept", "knew", "saw", "stood", "struck", "thought", "wrote", "ran", "grew", "drew",
    "threw", "shot", "chose", "broke", "spent", "caught", "heard", "flew", "drove", "sought",
    "withdrew", "forgot", "hid", "swore", "tore", "woke", "overtook", "undertook",
)  # fmt: skip


def _words(words: tuple[str, ...]) -> str:
    """A word alternation grouped by first letter: Python's ``re`` tries the branches of an
    alternation one by one at every position, so a few groups scan faster than many words."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return r"\b(?:" + "|".join(f"{k}(?:{'|'.join(v)})" for k, v in groups.items()) + r")\b"


PAST_CUES = re.compile(_words(PAST_WORDS), re.IGNORECASE)
"""Cues that the clause speaks of the past; the cue nearest the expression wins."""

PARTICIPLES = re.compile(
    r"\b(?!(?:planned|scheduled|expected|proposed|needed)\b)\w{3,}ed\b", re.IGNORECASE
)
"""Weak past cues: an "-ed" word is a past verb, or a participle or adjective ("will be held",
"preferred shares") that a future cue before it in the same clause governs."""

_MON_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MON_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_MON = rf"(?P<mon>{_MON_FULL}|{_MON_ABBR}\.|{_MON_ABBR}(?=\s+\d))"
_WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:.,]\d|\d|%)"
_YEAR = r"(?:,?\s+(?P<year>1\d{3}|20\d\d)(?![\d%]|,\d|\.\d))"
_REL_YEAR = r"(?:,?\s+(?:of\s+)?(?P<rel>[Tt]his|[Ll]ast|[Nn]ext)\s+year(?![\w'’-]))"
_NUM = (
    r"(?P<num>\d{1,3}|[Aa]n?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty)"
)
_WD_PREFIX = re.compile(
    rf"(?:\b(?P<wdpre>[Oo]n|[Tt]his|[Ll]ast|[Nn]ext)\s+)?\b(?P<wd>{_WD}),?\s+(?:the\s+)?$"
)


@dataclass(frozen=True)
class Rule:
    """One expression rule: a ``core`` pattern that starts with a literal token (so the regex
    engine can skip ahead cheaply) and an optional ``prefix`` pattern, anchored at the end,
    tried on the text just before the core ("on", "last", a weekday before a date)."""

    kind: str
    core: re.Pattern[str]
    prefix: re.Pattern[str] | None = None
    prefix_required: bool = False


RULES: list[Rule] = [
    Rule("iso", re.compile(r"(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)(?![\w/-])")),
    Rule(
        "numeric",
        re.compile(
            r"(?P<d1>\d{1,2})(?P<sep>[./])(?P<d2>\d{1,2})(?P=sep)(?P<year>\d{4})(?![\w/]|\.\d)"
        ),
    ),
    Rule("md", re.compile(rf"{_MON}\s+{_DAY}(?:{_YEAR}|{_REL_YEAR})?"), _WD_PREFIX),
    Rule("dm", re.compile(rf"{_DAY}\s+(?:of\s+)?{_MON}(?:{_YEAR}|{_REL_YEAR})?"), _WD_PREFIX),
    Rule("my", re.compile(rf"{_MON},?\s+(?:of\s+)?(?P<year>1\d{{3}}|20\d\d)(?![\d%]|,\d)")),
    Rule(
        "month",
        # "early January 2022" is January 2022, not early January (last one) and 2022 apart
        re.compile(
            rf"(?P<mon>{_MON_FULL}|{_MON_ABBR}\.)(?![\w-]|\s+[0-3]?\d\b)(?:{_YEAR}|{_REL_YEAR})?"
        ),
        re.compile(
            r"\b(?P<mod>(?:[Ee]arly|[Ll]ate|[Mm]id)(?:\s+|-)|(?:[Ll]ast|[Nn]ext|[Tt]his)\s+)$"
        ),
    ),
    Rule(
        "year",
        re.compile(r"(?P<year>1[6-9]\d\d|20\d\d)(?![\w%]|,\d|\.\d|-\d|'s|’s|:\d)"),
        re.compile(
            r"(?:[Tt]he\s+)?(?P<season>[Ss]ummer|[Ww]inter|[Ss]pring|[Aa]utumn|[Ff]all)\s+"
            r"(?:of\s+|in\s+)?$"
        ),
    ),
    Rule(
        "spoken",
        re.compile(
            r"[Nn]ineteen[\s-]+(?P<tens>"
            + "|".join(TENS)
            + r")(?:[\s-]+(?P<units>one|two|three|four|five|six|seven|eight|nine))?(?![\w-])"
        ),
        re.compile(rf"(?P<mon>{_MON_FULL})\s+$"),
    ),
    Rule("spoken", re.compile(r"two\s+thousand(?![\w-])"), re.compile(r"[Yy]ear\s+$"), True),
    Rule(
        "weekday",
        re.compile(rf"(?P<wd>{_WD})(?!s\b|\w)(?:\s+(?P<part>morning|afternoon|evening|night))?"),
        re.compile(
            r"(?:\b(?P<pre>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+(?:on\s+)?"
            r"|\b(?P<wdpre>[Oo]n|[Tt]his|[Ll]ast|[Nn]ext)\s+)$"
        ),
    ),
    Rule("deictic", re.compile(r"(?P<word>[Tt]oday(?!['’]s\b)|[Yy]esterday|[Tt]omorrow)(?!\w)")),
    Rule(
        "unit",
        re.compile(r"(?P<unit>week|month|year)(?![\w-])"),
        re.compile(
            r"\b(?P<mod>(?:(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?(?:[Tt]his|[Ll]ast|[Nn]ext"
            r"|[Tt]he\s+past|[Tt]he\s+previous|[Tt]he\s+coming|[Tt]he\s+current|[Tt]he\s+full)"
            r"(?:\s+fiscal)?|[Ee]arlier\s+in\s+the|[Ll]ater\s+in\s+the)\s+$"
        ),
        prefix_required=True,
    ),
    Rule(
        "ago",
        re.compile(r"(?P<unit>day|week|month|year)s?\s+(?P<dir>ago|earlier)\b"),
        re.compile(rf"\b{_NUM}\s+$"),
        prefix_required=True,
    ),
]
"""The rules; overlapping matches are settled longest first."""

PREFILTER = re.compile(
    r"\d{4}|\d[./]\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|day|week|month"
    r"|year|[Tt]oday|[Tt]omorrow|ineteen"
)
"""A cheap test: text without any of these has no date expression."""
