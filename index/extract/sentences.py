"""Split news text into sentences: fast, deterministic, no model.

This module owns :func:`sentence_spans`. Lines always end sentences (paragraphs, captions and
datelines are lines). Inside a line a sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any
closing quotes or brackets after it) followed by white space, except after a known abbreviation
("Mr.", "Gen.", "Jan."), a single initial ("John F. Kennedy") or a dotted abbreviation
("U.S.", "a.m.") not followed by a usual sentence opener. Scraped news often glues sentences
(``channel".The Russian``, ``again.On Sunday``): a period directly followed by a capitalised
word ends a sentence when it follows a closing quote or a lower-case word.
"""

from __future__ import annotations

import re

__all__ = ["sentence_spans"]

_LINE = re.compile(r"[^\n]+")

# End punctuation, closing quotes/brackets, then either white space or (glued) a capital.
_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s|["“‘]?[A-Z]|$)""")

_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "cpt", "gov",
    "sen", "rep", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "etc", "no", "nos", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft",
    "approx", "rev", "adm", "cmdr", "maj", "pres", "supt", "dept", "univ", "fig", "op", "vol",
    "pp", "ed", "eds", "messrs", "mme", "mlle", "brig", "cdr", "sec", "amb", "atty", "dist",
    "e.g", "i.e", "al"
})  # fmt: skip

_OPENERS = frozenset({
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their",
    "our", "this", "that", "these", "those", "there", "but", "and", "in", "on", "at", "as",
    "after", "before", "when", "while", "if", "however", "meanwhile", "officials", "police"
})  # fmt: skip

_WORD_BEFORE = re.compile(r"([\w.'’-]*)$")
_NEXT_WORD = re.compile(r"""\s*["“‘']?(\w+)""")


def _is_boundary(line: str, start: int, end: int) -> bool:
    """Whether the punctuation run ``line[start:end]`` ends a sentence."""
    punct = line[start:end]
    after = line[end : end + 1]
    glued = after != "" and not after.isspace()
    before = line[start - 1 : start] if start > 0 else ""
    if glued:
        # Only a period right after a closing quote or a lower-case letter splits glued text.
        return punct[0] in ".!?" and (before in "\"'”’)" or before.islower())
    if punct[0] != "." or (len(punct) > 1 and punct[1] in ".…"):
        return punct[0] != "." or punct.startswith("...")
    word = _WORD_BEFORE.search(line, max(0, start - 30), start)
    token = word.group(1) if word else ""
    nxt = _NEXT_WORD.match(line, end)
    next_word = nxt.group(1) if nxt else ""
    if next_word[:1].islower() or next_word[:1].isdigit():
        return False
    bare = token.lower().lstrip("'’-")
    if bare in _ABBREVIATIONS:
        return False
    if len(bare) == 1 and bare.isalpha() and token[:1].isupper():
        return False  # an initial: "John F. Kennedy"
    if "." in bare:  # dotted abbreviation: "U.S.", "a.m."
        return next_word.lower() in _OPENERS
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as half-open ``(start, end)`` spans, trimmed of white space.

    Deterministic and linear in the text; every non-blank character belongs to one sentence.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        base = line.start()
        s = line.group()
        cut = 0
        for m in _END.finditer(s):
            if _is_boundary(s, m.start(), m.end()):
                _add(spans, text, base + cut, base + m.end())
                cut = m.end()
        _add(spans, text, base + cut, base + len(s))
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
