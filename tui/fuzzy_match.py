"""Fuzzy matching for the command palette, linear in the candidate's length and markup-safe.

Textual's ``Matcher`` tries every way the query's letters can fall into a candidate: fine for
"Quit" and "Theme", exponential on a 120-character title and a query of common letters, and it
parses the candidate as markup (article titles are untrusted). Here one pass finds one placement
(the query as a substring, else each query word as a substring, else its letters in order), and
Textual's own ``FuzzySearch.score`` scores it, so these hits rank on the same scale as the
palette's system commands. ``highlight`` builds Content from the plain string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.style import Style

from .display.safe_text import layered

_SCORER = FuzzySearch()
DEFAULT_MATCH_STYLE = Style(reverse=True)


def lower(text: str) -> str:
    """``text`` lower-cased, character for character (offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _find_word_start(haystack: str, needle: str) -> int:
    """Where ``needle`` occurs in ``haystack``, at the start of a word if it ever does there."""
    first = haystack.find(needle)
    at = first
    while at > 0 and haystack[at - 1].isalnum():
        at = haystack.find(needle, at + 1)
        if at == -1:
            return first
    return first if at == -1 else at


def match(query: str, candidate: str) -> tuple[float, list[int]]:
    """The score of ``candidate`` for ``query`` and the offsets it matched; ``(0, [])`` if none."""
    query = lower(query.strip())
    if not query:
        return 0.0, []
    text = lower(candidate)
    bonus = 1.0
    at = _find_word_start(text, query) if query in text else -1
    if at >= 0:
        offsets = list(range(at, at + len(query)))
        bonus = 2.0 if text == query else 1.5
    else:
        offsets = _by_words(query, text) or _in_order(query, text)
        if not offsets:
            return 0.0, []
    return _SCORER.score(text, offsets) * bonus, offsets


def _by_words(query: str, text: str) -> list[int]:
    """Each word of the query as a substring, in any order ("putin macron" in "Macron, Putin")."""
    words = query.split()
    if len(words) < 2:
        return []
    found: set[int] = set()
    for word in words:
        at = _find_word_start(text, word) if word in text else -1
        if at < 0:
            return []
        found.update(range(at, at + len(word)))
    return sorted(found)


def _in_order(query: str, text: str) -> list[int]:
    """The query's letters (spaces left out) in order, each at its first place after the last."""
    offsets: list[int] = []
    position = 0
    for letter in query.replace(" ", ""):
        position = text.find(letter, position)
        if position < 0:
            return []
        offsets.append(position)
        position += 1
    return offsets


def prefilter(query: str) -> Callable[[str], bool]:
    """A test at C speed that every candidate ``match`` accepts passes (it reads the candidate
    already ``lower``-ed; lines of it are separate candidates, so one string can hold several
    spellings). It lets a provider skip most of a long list without scoring it."""
    query = lower(query.strip())
    letters = query.replace(" ", "")
    steps = "".join(f"[^{re.escape(c)}\n]*+{re.escape(c)}" for c in letters)
    in_order = re.compile(f"^{steps}", re.MULTILINE)  # possessive: no backtracking
    words = query.split()

    def could_match(text: str) -> bool:
        if in_order.search(text):
            return True
        return len(words) > 1 and all(word in text for word in words)

    return could_match


def highlight(text: str, offsets: Sequence[int], style: Style | None = None) -> Content:
    """``text`` (cleaned, never read as markup) with the matched offsets in ``style``."""
    mark = style or DEFAULT_MATCH_STYLE
    runs: list[tuple[int, int, str | Style]] = []
    for offset in sorted(set(offsets)):
        if runs and runs[-1][1] == offset:
            runs[-1] = (runs[-1][0], offset + 1, mark)
        else:
            runs.append((offset, offset + 1, mark))
    return layered(text, runs)
